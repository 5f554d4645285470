using System.Text;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Identity;

/// <summary>
/// The identity domain (DESIGN.md principle 1): the one place that changes users, groups, roles, managed and
/// inline policies, access keys, passwords and MFA devices, per account, through <see cref="IStore"/>. Every
/// change reads the records it depends on and commits all its writes in one transaction guarded by their
/// revisions; a concurrent change makes it re-read and try again.
/// </summary>
public sealed partial class IdentityService(IStore store, ISecretProtector secrets, IPasswordHasher passwords, TimeProvider time)
{
    private const int MaxAttempts = 8;
    private const int MaxTagsPerEntity = 50;

    private readonly IdentityReadCache _reads = new();

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The in-memory read cache of the request path; the gatherer keeps its policy sets there too.</summary>
    internal IdentityReadCache Reads => _reads;

    /// <summary>Drops every cached read (a change to identity data was committed somewhere).</summary>
    public void InvalidateReadCache() => _reads.Invalidate();

    /// <summary>A record for the read path: from memory when nothing changed since it was read, else from the store.</summary>
    internal async Task<T?> ReadCachedAsync<T>(string key, CancellationToken ct) where T : class
    {
        var generation = _reads.Generation;
        if (_reads.TryGet<T>(key, out var hit)) return hit;
        var item = await store.GetAsync(key, ct).ConfigureAwait(false);
        if (item is null) return null;
        var value = IdentityJson.Read<T>(item.Value);
        _reads.Set(key, generation, value);
        return value;
    }

    internal async Task<Loaded<T>?> GetAsync<T>(string key, CancellationToken ct)
    {
        var item = await store.GetAsync(key, ct).ConfigureAwait(false);
        return item is null ? null : new Loaded<T>(key, IdentityJson.Read<T>(item.Value), item.Revision);
    }

    /// <summary>Runs a change until it commits against the state it read (or gives up after a few conflicts).</summary>
    private async Task<T> MutateAsync<T>(Func<ChangeBatch, Task<T>> build, CancellationToken ct)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var batch = new ChangeBatch();
            var result = await build(batch).ConfigureAwait(false);
            if (batch.IsEmpty) return result;
            var outcome = await store.CommitAsync(batch.ToTransaction(), ct).ConfigureAwait(false);
            if (outcome.Committed)
            {
                _reads.Invalidate();
                return result;
            }
        }
        throw IamErrors.ConcurrentModification("The request was rejected because multiple requests to change this object were submitted simultaneously. Wait a few minutes and submit your request again.");
    }

    private Task MutateAsync(Func<ChangeBatch, Task> build, CancellationToken ct) =>
        MutateAsync<bool>(async b => { await build(b).ConfigureAwait(false); return true; }, ct);

    /// <summary>
    /// Lists records under a prefix in key order, from an opaque marker (the last key returned, base64url), keeping
    /// those <paramref name="keep"/> accepts.
    /// </summary>
    internal async Task<Page<T>> ListAsync<T>(string prefix, string? marker, int? maxItems, Func<T, bool>? keep, CancellationToken ct)
    {
        var max = maxItems ?? 100;
        string? after = null;
        if (marker is not null)
        {
            after = DecodeMarker(marker);
            if (after is null || !after.StartsWith(prefix, StringComparison.Ordinal))
                throw IamErrors.InvalidInput("Invalid Marker.");
        }
        var items = new List<T>();
        string? lastKey = null;
        while (true)
        {
            var page = await store.ScanAsync(new ScanRequest(prefix, after, Math.Min(1000, max + 1)), ct).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                var value = IdentityJson.Read<T>(item.Value);
                if (keep is not null && !keep(value)) continue;
                if (items.Count == max) return new Page<T>(items, true, EncodeMarker(lastKey!));
                items.Add(value);
                lastKey = item.Key;
            }
            if (!page.More) return new Page<T>(items, false, null);
            after = page.NextStartAfter;
        }
    }

    /// <summary>Pages an in-memory list the same way (position markers).</summary>
    internal static Page<T> PageOf<T>(IReadOnlyList<T> all, string? marker, int? maxItems)
    {
        var max = maxItems ?? 100;
        var start = 0;
        if (marker is not null)
        {
            var decoded = DecodeMarker(marker);
            if (decoded is null || !decoded.StartsWith('#') || !int.TryParse(decoded.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture, out start) || start < 0 || start > all.Count)
                throw IamErrors.InvalidInput("Invalid Marker.");
        }
        var end = Math.Min(all.Count, start + max);
        var items = new List<T>(end - start);
        for (var i = start; i < end; i++) items.Add(all[i]);
        return end < all.Count
            ? new Page<T>(items, true, EncodeMarker("#" + end.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            : new Page<T>(items, false, null);
    }

    private static string EncodeMarker(string key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(key)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? DecodeMarker(string marker)
    {
        var s = marker.Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
        var buffer = new byte[s.Length];
        return Convert.TryFromBase64String(s, buffer, out var n) ? Encoding.UTF8.GetString(buffer, 0, n) : null;
    }

    private static IReadOnlyList<Tag> MergeTags(IReadOnlyList<Tag> existing, IReadOnlyList<Tag> added, string entity)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in added)
            if (!seen.Add(t.Key)) throw IamErrors.InvalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
        var result = new List<Tag>();
        foreach (var t in existing)
            if (!seen.Contains(t.Key)) result.Add(t);
        result.AddRange(added);
        if (result.Count > MaxTagsPerEntity) throw IamErrors.LimitExceeded($"Cannot exceed quota for TagsPer{entity}: {MaxTagsPerEntity}.");
        return result;
    }

    private static IReadOnlyList<Tag> RemoveTags(IReadOnlyList<Tag> existing, IReadOnlyList<string> keys)
    {
        var remove = new HashSet<string>(keys, StringComparer.OrdinalIgnoreCase);
        var result = new List<Tag>();
        foreach (var t in existing)
            if (!remove.Contains(t.Key)) result.Add(t);
        return result;
    }

    private static List<string> With(IReadOnlyList<string> list, string item) => [.. list, item];

    private static List<string> Without(IReadOnlyList<string> list, string item)
    {
        var result = new List<string>(list);
        result.RemoveAll(x => string.Equals(x, item, StringComparison.Ordinal));
        return result;
    }

    private static bool ContainsOrdinal(IReadOnlyList<string> list, string item)
    {
        foreach (var x in list)
            if (string.Equals(x, item, StringComparison.Ordinal)) return true;
        return false;
    }

    private static bool ContainsIgnoreCase(IReadOnlyList<string> list, string item)
    {
        foreach (var x in list)
            if (string.Equals(x, item, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
