using System.Text;
using Sekisho.Server.Credentials;

namespace Sekisho.Server.Identity;

public sealed partial class IdentityService
{
    private const int MaxAccessKeysPerUser = 2;
    /// <summary>The purpose <see cref="AccessKeyStore"/> opens secrets with, so the authenticator reads keys made here.</summary>
    internal const string SecretPurpose = "sekisho/access-key-secret";

    public Task<NewAccessKey> CreateAccessKeyAsync(string accountId, string userName, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
            if (user.Value.AccessKeyIds.Count >= MaxAccessKeysPerUser)
                throw IamErrors.LimitExceeded($"Cannot exceed quota for AccessKeysPerUser: {MaxAccessKeysPerUser}");
            var id = IdentityIds.AccessKeyId();
            var secret = IdentityIds.Secret();
            var key = new AccessKeyRecord(id, accountId, user.Value.UserName, user.Value.UserId, AccessKeyRecord.Active, Now,
                secrets.Protect(Encoding.UTF8.GetBytes(secret), SecretPurpose));
            batch.Put(IdentityKeys.AccessKey(id), key, null);
            batch.Put(user, user.Value with { AccessKeyIds = With(user.Value.AccessKeyIds, id) });
            return new NewAccessKey(key, secret);
        }, ct);

    public async Task<IReadOnlyList<AccessKeyRecord>> ListAccessKeysAsync(string accountId, string userName, CancellationToken ct = default)
    {
        var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
        var keys = new List<AccessKeyRecord>();
        foreach (var id in user.Value.AccessKeyIds)
            if (await GetAsync<AccessKeyRecord>(IdentityKeys.AccessKey(id), ct).ConfigureAwait(false) is { } k) keys.Add(k.Value);
        return keys;
    }

    private async Task<Loaded<AccessKeyRecord>> RequireOwnKeyAsync(string accountId, string userName, string accessKeyId, CancellationToken ct)
    {
        var key = await GetAsync<AccessKeyRecord>(IdentityKeys.AccessKey(accessKeyId), ct).ConfigureAwait(false);
        if (key is not { } k || k.Value.Account != accountId || !string.Equals(k.Value.UserName, userName, StringComparison.OrdinalIgnoreCase))
            throw IamErrors.NoSuchEntity($"The Access Key with id {accessKeyId} cannot be found.");
        return k;
    }

    public Task UpdateAccessKeyAsync(string accountId, string userName, string accessKeyId, string status, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
            var key = await RequireOwnKeyAsync(accountId, userName, accessKeyId, ct).ConfigureAwait(false);
            batch.Put(key, key.Value with { Status = status });
        }, ct);

    public Task DeleteAccessKeyAsync(string accountId, string userName, string accessKeyId, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
            var key = await RequireOwnKeyAsync(accountId, userName, accessKeyId, ct).ConfigureAwait(false);
            batch.Delete(key.Key, key.Revision);
            batch.Put(user, user.Value with { AccessKeyIds = Without(user.Value.AccessKeyIds, accessKeyId) });
        }, ct);

    /// <summary>A key by id with no account check: for GetAccessKeyLastUsed and the authentication path.</summary>
    public async Task<AccessKeyRecord?> FindAccessKeyAsync(string accessKeyId, CancellationToken ct = default) =>
        (await GetAsync<AccessKeyRecord>(IdentityKeys.AccessKey(accessKeyId), ct).ConfigureAwait(false))?.Value;

    /// <summary>The secret of an access key, decrypted (for SigV4 verification).</summary>
    public byte[] RevealSecret(AccessKeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return secrets.Unprotect(key.SealedSecret, SecretPurpose);
    }
}
