using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Credentials;

/// <summary>
/// Long-term access keys (<c>AKIA</c> + 16) at <c>/access-keys/{id}</c>, secrets sealed under the master key.
/// The identity domain (CreateAccessKey, UpdateAccessKey, DeleteAccessKey, ListAccessKeys) calls this; the
/// authenticator reads through a short-lived in-memory cache so a signed request rarely touches the store.
/// Local writes invalidate the cache at once; other replicas see a change within <see cref="CacheLifetime"/>.
/// </summary>
public sealed class AccessKeyStore(IStore store, MasterKey master, TimeProvider time, AccessKeyUsageTracker? usage = null)
{
    public const string Prefix = "/access-keys/";
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SecretBox _box = master.Box("sekisho/access-key-secret");
    private readonly ConcurrentDictionary<string, (AccessKeyRecord? Record, string? Secret, long LoadedAt)> _cache = new(StringComparer.Ordinal);

    /// <summary>Where the authenticator notes each use of a key (GetAccessKeyLastUsed reads it back).</summary>
    public AccessKeyUsageTracker Usage { get; } = usage ?? new AccessKeyUsageTracker(store, time);

    /// <summary>Creates a key for a user; returns the record and the secret (shown once, never stored in clear).</summary>
    public async Task<(AccessKeyRecord Record, string Secret)> CreateAsync(string account, string userName, string userId, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var id = CredentialIds.LongTermAccessKeyId();
            var secret = CredentialIds.SecretAccessKey();
            var record = new AccessKeyRecord(id, account, userName, userId, AccessKeyRecord.Active, time.GetUtcNow(),
                Convert.ToBase64String(_box.Seal(Encoding.UTF8.GetBytes(secret))));
            var result = await store.CommitAsync(new Transaction([Condition.Missing(Prefix + id)],
                [Write.Put(Prefix + id, JsonSerializer.SerializeToUtf8Bytes(record, Json))]), cancellationToken);
            if (!result.Committed) continue;
            _cache.TryRemove(id, out _);
            return (record, secret);
        }
    }

    public async Task<AccessKeyRecord?> GetAsync(string accessKeyId, CancellationToken cancellationToken = default)
    {
        var item = await store.GetAsync(Prefix + accessKeyId, cancellationToken);
        return item is null ? null : JsonSerializer.Deserialize<AccessKeyRecord>(item.Value.Span, Json);
    }

    /// <summary>Every key of one user (ListAccessKeys).</summary>
    public async Task<IReadOnlyList<AccessKeyRecord>> ListAsync(string account, string userName, CancellationToken cancellationToken = default)
    {
        var found = new List<AccessKeyRecord>();
        string? after = null;
        while (true)
        {
            var page = await store.ScanAsync(new ScanRequest(Prefix, after, 1000), cancellationToken);
            foreach (var item in page.Items)
            {
                var record = JsonSerializer.Deserialize<AccessKeyRecord>(item.Value.Span, Json)!;
                if (record.Account == account && record.UserName == userName) found.Add(record);
            }
            if (page.NextStartAfter is null) return found;
            after = page.NextStartAfter;
        }
    }

    public async Task<bool> SetStatusAsync(string accessKeyId, string status, CancellationToken cancellationToken = default)
    {
        var item = await store.GetAsync(Prefix + accessKeyId, cancellationToken);
        if (item is null) return false;
        var record = JsonSerializer.Deserialize<AccessKeyRecord>(item.Value.Span, Json)! with { Status = status };
        await store.UpdateAsync(Prefix + accessKeyId, JsonSerializer.SerializeToUtf8Bytes(record, Json), item.Revision, cancellationToken);
        _cache.TryRemove(accessKeyId, out _);
        return true;
    }

    public async Task<bool> DeleteAsync(string accessKeyId, CancellationToken cancellationToken = default)
    {
        var deleted = await store.DeleteAsync(Prefix + accessKeyId, cancellationToken);
        _cache.TryRemove(accessKeyId, out _);
        return deleted;
    }

    /// <summary>The record and clear secret of an access key for signature verification, or nulls when unknown.</summary>
    public async ValueTask<(AccessKeyRecord? Record, string? Secret)> ResolveAsync(string accessKeyId, CancellationToken cancellationToken = default)
    {
        var now = time.GetTimestamp();
        if (_cache.TryGetValue(accessKeyId, out var cached) && time.GetElapsedTime(cached.LoadedAt, now) < CacheLifetime)
            return (cached.Record, cached.Secret);
        var record = await GetAsync(accessKeyId, cancellationToken);
        string? secret = null;
        if (record is not null)
        {
            if (!_box.TryOpen(Convert.FromBase64String(record.SealedSecret), out var clear))
                throw new InvalidOperationException($"the secret of access key {accessKeyId} does not open with this master key");
            secret = Encoding.UTF8.GetString(clear);
        }
        // Unknown ids are cached too, so a flood of bad keys costs no more than one read each per lifetime.
        if (_cache.Count > 100_000) _cache.Clear();
        _cache[accessKeyId] = (record, secret, now);
        return (record, secret);
    }
}
