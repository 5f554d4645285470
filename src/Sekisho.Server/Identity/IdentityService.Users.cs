namespace Sekisho.Server.Identity;

public sealed partial class IdentityService
{
    internal async Task<Loaded<UserRecord>> RequireUserAsync(string accountId, string userName, CancellationToken ct) =>
        await GetAsync<UserRecord>(IdentityKeys.User(accountId, userName), ct).ConfigureAwait(false)
        ?? throw IamErrors.NoSuchEntity($"The user with name {userName} cannot be found.");

    public async Task<UserRecord> GetUserAsync(string accountId, string userName, CancellationToken ct = default) =>
        await ReadCachedAsync<UserRecord>(IdentityKeys.User(accountId, userName), ct).ConfigureAwait(false)
        ?? throw IamErrors.NoSuchEntity($"The user with name {userName} cannot be found.");

    /// <summary>The user, or null when there is none (to name it in an authorization, where a miss is not an error yet).</summary>
    public async Task<UserRecord?> FindUserAsync(string accountId, string userName, CancellationToken ct = default) =>
        (await GetAsync<UserRecord>(IdentityKeys.User(accountId, userName), ct).ConfigureAwait(false))?.Value;

    public Task<UserRecord> CreateUserAsync(string accountId, string userName, string? path, IReadOnlyList<Tag>? tags, string? boundaryArn, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var key = IdentityKeys.User(accountId, userName);
            if (await GetAsync<UserRecord>(key, ct).ConfigureAwait(false) is not null)
                throw IamErrors.AlreadyExists($"User with name {userName} already exists.");
            if (boundaryArn is not null) await BoundaryUsageAsync(accountId, boundaryArn, +1, batch, ct).ConfigureAwait(false);
            var user = new UserRecord(accountId, userName, path ?? "/", IdentityIds.UniqueId("AIDA"), Now,
                MergeTags([], tags ?? [], "User"), boundaryArn, new Dictionary<string, string>(), [], [], [], [], null, null);
            batch.Put(key, user, null);
            return user;
        }, ct);

    public Task<Page<UserRecord>> ListUsersAsync(string accountId, string? pathPrefix, string? marker, int? maxItems, CancellationToken ct = default) =>
        ListAsync<UserRecord>(IdentityKeys.Users(accountId), marker, maxItems,
            pathPrefix is null ? null : u => u.Path.StartsWith(pathPrefix, StringComparison.Ordinal), ct);

    public Task UpdateUserAsync(string accountId, string userName, string? newUserName, string? newPath, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
            var renamed = newUserName is not null && !string.Equals(newUserName, user.Value.UserName, StringComparison.Ordinal);
            var updated = user.Value with { UserName = newUserName ?? user.Value.UserName, Path = newPath ?? user.Value.Path };
            if (!renamed)
            {
                batch.Put(user, updated);
                return;
            }
            var newKey = IdentityKeys.User(accountId, newUserName!);
            if (newKey != user.Key)
            {
                if (await GetAsync<UserRecord>(newKey, ct).ConfigureAwait(false) is not null)
                    throw IamErrors.AlreadyExists($"User with name {newUserName} already exists.");
                batch.Delete(user.Key, user.Revision);
                batch.Put(newKey, updated, null);
            }
            else
            {
                batch.Put(user, updated);
            }
            // Everything that names the user by name follows the rename in the same transaction.
            foreach (var groupName in user.Value.GroupNames)
            {
                var group = await RequireGroupAsync(accountId, groupName, ct).ConfigureAwait(false);
                batch.Put(group, group.Value with { MemberNames = With(Without(group.Value.MemberNames, user.Value.UserName), newUserName!) });
            }
            foreach (var keyId in user.Value.AccessKeyIds)
                if (await GetAsync<Credentials.AccessKeyRecord>(IdentityKeys.AccessKey(keyId), ct).ConfigureAwait(false) is { } key)
                    batch.Put(key, key.Value with { UserName = newUserName! });
            foreach (var serial in user.Value.MfaSerials)
                if (await GetAsync<MfaDeviceRecord>(MfaKey(accountId, serial), ct).ConfigureAwait(false) is { } device)
                    batch.Put(device, device.Value with { UserName = newUserName });
        }, ct);

    /// <summary>Refused with DeleteConflict while anything still hangs on the user, as AWS does.</summary>
    public Task DeleteUserAsync(string accountId, string userName, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
            var u = user.Value;
            if (u.AccessKeyIds.Count > 0) throw IamErrors.DeleteConflict("Cannot delete entity, must delete access keys first.");
            if (u.LoginProfile is not null) throw IamErrors.DeleteConflict("Cannot delete entity, must delete login profile first.");
            if (u.MfaSerials.Count > 0) throw IamErrors.DeleteConflict("Cannot delete entity, must delete MFA device first.");
            if (u.InlinePolicies.Count > 0) throw IamErrors.DeleteConflict("Cannot delete entity, must delete policies first.");
            if (u.AttachedPolicyArns.Count > 0) throw IamErrors.DeleteConflict("Cannot delete entity, must detach all policies first.");
            if (u.GroupNames.Count > 0) throw IamErrors.DeleteConflict("Cannot delete entity, must remove users from group first.");
            if (u.PermissionsBoundaryArn is { } boundary) await BoundaryUsageAsync(accountId, boundary, -1, batch, ct).ConfigureAwait(false);
            batch.Delete(user.Key, user.Revision);
        }, ct);

    public Task TagUserAsync(string accountId, string userName, IReadOnlyList<Tag> tags, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
            batch.Put(user, user.Value with { Tags = MergeTags(user.Value.Tags, tags, "User") });
        }, ct);

    public Task UntagUserAsync(string accountId, string userName, IReadOnlyList<string> keys, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
            batch.Put(user, user.Value with { Tags = RemoveTags(user.Value.Tags, keys) });
        }, ct);

    public Task PutUserPermissionsBoundaryAsync(string accountId, string userName, string boundaryArn, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
            var old = user.Value.PermissionsBoundaryArn;
            if (old == boundaryArn) return;
            if (old is not null) await BoundaryUsageAsync(accountId, old, -1, batch, ct).ConfigureAwait(false);
            await BoundaryUsageAsync(accountId, boundaryArn, +1, batch, ct).ConfigureAwait(false);
            batch.Put(user, user.Value with { PermissionsBoundaryArn = boundaryArn });
        }, ct);

    public Task DeleteUserPermissionsBoundaryAsync(string accountId, string userName, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
            if (user.Value.PermissionsBoundaryArn is not { } old)
                throw IamErrors.NoSuchEntity($"The user with name {userName} has no permissions boundary.");
            await BoundaryUsageAsync(accountId, old, -1, batch, ct).ConfigureAwait(false);
            batch.Put(user, user.Value with { PermissionsBoundaryArn = null });
        }, ct);
}
