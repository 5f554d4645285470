namespace Sekisho.Server.Identity;

public sealed partial class IdentityService
{
    internal async Task<Loaded<GroupRecord>> RequireGroupAsync(string accountId, string groupName, CancellationToken ct) =>
        await GetAsync<GroupRecord>(IdentityKeys.Group(accountId, groupName), ct).ConfigureAwait(false)
        ?? throw IamErrors.NoSuchEntity($"The group with name {groupName} cannot be found.");

    /// <summary>The group, or null when there is none.</summary>
    public async Task<GroupRecord?> FindGroupAsync(string accountId, string groupName, CancellationToken ct = default) =>
        (await GetAsync<GroupRecord>(IdentityKeys.Group(accountId, groupName), ct).ConfigureAwait(false))?.Value;

    public async Task<GroupRecord> GetGroupAsync(string accountId, string groupName, CancellationToken ct = default) =>
        (await RequireGroupAsync(accountId, groupName, ct).ConfigureAwait(false)).Value;

    public Task<GroupRecord> CreateGroupAsync(string accountId, string groupName, string? path, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var key = IdentityKeys.Group(accountId, groupName);
            if (await GetAsync<GroupRecord>(key, ct).ConfigureAwait(false) is not null)
                throw IamErrors.AlreadyExists($"Group with name {groupName} already exists.");
            var group = new GroupRecord(accountId, groupName, path ?? "/", IdentityIds.UniqueId("AGPA"), Now, new Dictionary<string, string>(), [], []);
            batch.Put(key, group, null);
            return group;
        }, ct);

    public Task<Page<GroupRecord>> ListGroupsAsync(string accountId, string? pathPrefix, string? marker, int? maxItems, CancellationToken ct = default) =>
        ListAsync<GroupRecord>(IdentityKeys.Groups(accountId), marker, maxItems,
            pathPrefix is null ? null : g => g.Path.StartsWith(pathPrefix, StringComparison.Ordinal), ct);

    public Task DeleteGroupAsync(string accountId, string groupName, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var group = await RequireGroupAsync(accountId, groupName, ct).ConfigureAwait(false);
            if (group.Value.MemberNames.Count > 0) throw IamErrors.DeleteConflict("Cannot delete entity, must remove users from group first.");
            if (group.Value.InlinePolicies.Count > 0) throw IamErrors.DeleteConflict("Cannot delete entity, must delete policies first.");
            if (group.Value.AttachedPolicyArns.Count > 0) throw IamErrors.DeleteConflict("Cannot delete entity, must detach all policies first.");
            batch.Delete(group.Key, group.Revision);
        }, ct);

    public Task AddUserToGroupAsync(string accountId, string groupName, string userName, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var group = await RequireGroupAsync(accountId, groupName, ct).ConfigureAwait(false);
            var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
            if (ContainsIgnoreCase(user.Value.GroupNames, group.Value.GroupName)) return;
            if (user.Value.GroupNames.Count >= 10) throw IamErrors.LimitExceeded("Cannot exceed quota for GroupsPerUser: 10");
            batch.Put(group, group.Value with { MemberNames = With(group.Value.MemberNames, user.Value.UserName) });
            batch.Put(user, user.Value with { GroupNames = With(user.Value.GroupNames, group.Value.GroupName) });
        }, ct);

    public Task RemoveUserFromGroupAsync(string accountId, string groupName, string userName, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var group = await RequireGroupAsync(accountId, groupName, ct).ConfigureAwait(false);
            var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
            if (!ContainsIgnoreCase(user.Value.GroupNames, group.Value.GroupName))
                throw IamErrors.NoSuchEntity($"User {user.Value.UserName} is not in group {group.Value.GroupName}.");
            batch.Put(group, group.Value with { MemberNames = Without(group.Value.MemberNames, user.Value.UserName) });
            batch.Put(user, user.Value with { GroupNames = Without(user.Value.GroupNames, group.Value.GroupName) });
        }, ct);

    /// <summary>The groups of a user, in name order.</summary>
    public async Task<IReadOnlyList<GroupRecord>> GroupsForUserAsync(string accountId, string userName, CancellationToken ct = default)
    {
        var user = await RequireUserAsync(accountId, userName, ct).ConfigureAwait(false);
        var groups = new List<GroupRecord>();
        foreach (var name in user.Value.GroupNames)
            if (await GetAsync<GroupRecord>(IdentityKeys.Group(accountId, name), ct).ConfigureAwait(false) is { } g) groups.Add(g.Value);
        groups.Sort((a, b) => string.CompareOrdinal(a.GroupName.ToLowerInvariant(), b.GroupName.ToLowerInvariant()));
        return groups;
    }

    /// <summary>The members of a group, in name order.</summary>
    public async Task<IReadOnlyList<UserRecord>> UsersInGroupAsync(string accountId, string groupName, CancellationToken ct = default)
    {
        var group = await RequireGroupAsync(accountId, groupName, ct).ConfigureAwait(false);
        var users = new List<UserRecord>();
        foreach (var name in group.Value.MemberNames)
            if (await GetAsync<UserRecord>(IdentityKeys.User(accountId, name), ct).ConfigureAwait(false) is { } u) users.Add(u.Value);
        users.Sort((a, b) => string.CompareOrdinal(a.UserName.ToLowerInvariant(), b.UserName.ToLowerInvariant()));
        return users;
    }
}
