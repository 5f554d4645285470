using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Credentials;

/// <summary>
/// Last use of each long-term access key. The authenticator calls <see cref="Record"/> on every request signed
/// with one, so it only touches a per-key slot in memory (no allocation once the key has a slot, and at most one
/// write per key per second); a background loop writes the changed slots to the store every
/// <see cref="FlushInterval"/>, in one transaction, and on a clean stop. AWS documents the information as
/// approximate: a replica killed outright loses its last interval, and replicas race (the later write wins).
/// </summary>
public sealed class AccessKeyUsageTracker(IStore store, TimeProvider time) : BackgroundService
{
    public const string Prefix = "/access-key-usage/";
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(15);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    private sealed class Slot
    {
        // Written without a lock: a reader may pair one request's service with another's region, which the
        // approximate answer AWS gives allows; the time is one atomic long.
        public long Ticks;
        public string Service = "";
        public string Region = "";
        public int Dirty;
    }

    /// <summary>Notes a use of <paramref name="accessKeyId"/> (already authenticated) now.</summary>
    public void Record(string accessKeyId, string service, string region)
    {
        if (!_slots.TryGetValue(accessKeyId, out var slot)) slot = _slots.GetOrAdd(accessKeyId, static _ => new Slot());
        var now = time.GetUtcNow().UtcTicks;
        if (now - Volatile.Read(ref slot.Ticks) < TimeSpan.TicksPerSecond
            && string.Equals(slot.Service, service, StringComparison.Ordinal) && string.Equals(slot.Region, region, StringComparison.Ordinal))
            return;
        if (!string.Equals(slot.Service, service, StringComparison.Ordinal)) slot.Service = service;
        if (!string.Equals(slot.Region, region, StringComparison.Ordinal)) slot.Region = region;
        Volatile.Write(ref slot.Ticks, now);
        if (Volatile.Read(ref slot.Dirty) == 0) Volatile.Write(ref slot.Dirty, 1);
    }

    /// <summary>The last use known here or written by any replica (the later of the two), or null if never used.</summary>
    public async Task<AccessKeyUsage?> GetAsync(string accessKeyId, CancellationToken cancellationToken = default)
    {
        AccessKeyUsage? local = _slots.TryGetValue(accessKeyId, out var slot) && Volatile.Read(ref slot.Ticks) is var ticks and > 0
            ? new AccessKeyUsage(new DateTimeOffset(ticks, TimeSpan.Zero), slot.Service, slot.Region)
            : null;
        var item = await store.GetAsync(Prefix + accessKeyId, cancellationToken).ConfigureAwait(false);
        var stored = item is null ? null : JsonSerializer.Deserialize<AccessKeyUsage>(item.Value.Span, Json);
        return stored is null || local is not null && local.LastUsedDate >= stored.LastUsedDate ? local : stored;
    }

    /// <summary>Writes every slot changed since the last flush, in one transaction; returns how many.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken = default)
    {
        var writes = new List<Write>();
        foreach (var (id, slot) in _slots)
        {
            if (Interlocked.Exchange(ref slot.Dirty, 0) == 0) continue;
            var usage = new AccessKeyUsage(new DateTimeOffset(Volatile.Read(ref slot.Ticks), TimeSpan.Zero), slot.Service, slot.Region);
            writes.Add(Write.Put(Prefix + id, JsonSerializer.SerializeToUtf8Bytes(usage, Json)));
        }
        if (writes.Count > 0) await store.CommitAsync(new Transaction([], writes), cancellationToken).ConfigureAwait(false);
        return writes.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                await FlushAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the last changes are written below.
        }
        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
