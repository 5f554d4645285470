namespace Sekisho.Server.Identity;

public sealed partial class IdentityService
{
    internal async Task<Loaded<RoleRecord>> RequireRoleAsync(string accountId, string roleName, CancellationToken ct) =>
        await GetAsync<RoleRecord>(IdentityKeys.Role(accountId, roleName), ct).ConfigureAwait(false)
        ?? throw IamErrors.NoSuchEntity($"The role with name {roleName} cannot be found.");

    /// <summary>A role with its trust policy (for STS AssumeRole), or NoSuchEntity.</summary>
    public async Task<RoleRecord> GetRoleAsync(string accountId, string roleName, CancellationToken ct = default) =>
        await ReadCachedAsync<RoleRecord>(IdentityKeys.Role(accountId, roleName), ct).ConfigureAwait(false)
        ?? throw IamErrors.NoSuchEntity($"The role with name {roleName} cannot be found.");

    /// <summary>The role, or null when there is none.</summary>
    public async Task<RoleRecord?> FindRoleAsync(string accountId, string roleName, CancellationToken ct = default) =>
        (await GetAsync<RoleRecord>(IdentityKeys.Role(accountId, roleName), ct).ConfigureAwait(false))?.Value;

    public Task<RoleRecord> CreateRoleAsync(string accountId, string roleName, string? path, string trustPolicy, string? description,
        int? maxSessionDuration, IReadOnlyList<Tag>? tags, string? boundaryArn, CancellationToken ct = default)
    {
        PolicyDocuments.Check(trustPolicy, PolicyDocuments.Kind.Trust);
        CheckSessionDuration(maxSessionDuration);
        return MutateAsync(async batch =>
        {
            var key = IdentityKeys.Role(accountId, roleName);
            if (await GetAsync<RoleRecord>(key, ct).ConfigureAwait(false) is not null)
                throw IamErrors.AlreadyExists($"Role with name {roleName} already exists.");
            if (boundaryArn is not null) await BoundaryUsageAsync(accountId, boundaryArn, +1, batch, ct).ConfigureAwait(false);
            var role = new RoleRecord(accountId, roleName, path ?? "/", IdentityIds.UniqueId("AROA"), Now, trustPolicy, description,
                maxSessionDuration ?? 3600, MergeTags([], tags ?? [], "Role"), boundaryArn, new Dictionary<string, string>(), []);
            batch.Put(key, role, null);
            return role;
        }, ct);
    }

    public Task<Page<RoleRecord>> ListRolesAsync(string accountId, string? pathPrefix, string? marker, int? maxItems, CancellationToken ct = default) =>
        ListAsync<RoleRecord>(IdentityKeys.Roles(accountId), marker, maxItems,
            pathPrefix is null ? null : r => r.Path.StartsWith(pathPrefix, StringComparison.Ordinal), ct);

    public Task UpdateRoleAsync(string accountId, string roleName, string? description, int? maxSessionDuration, CancellationToken ct = default)
    {
        CheckSessionDuration(maxSessionDuration);
        return MutateAsync(async batch =>
        {
            var role = await RequireRoleAsync(accountId, roleName, ct).ConfigureAwait(false);
            batch.Put(role, role.Value with
            {
                Description = description ?? role.Value.Description,
                MaxSessionDuration = maxSessionDuration ?? role.Value.MaxSessionDuration,
            });
        }, ct);
    }

    public Task UpdateAssumeRolePolicyAsync(string accountId, string roleName, string trustPolicy, CancellationToken ct = default)
    {
        PolicyDocuments.Check(trustPolicy, PolicyDocuments.Kind.Trust);
        return MutateAsync(async batch =>
        {
            var role = await RequireRoleAsync(accountId, roleName, ct).ConfigureAwait(false);
            batch.Put(role, role.Value with { AssumeRolePolicyDocument = trustPolicy });
        }, ct);
    }

    public Task DeleteRoleAsync(string accountId, string roleName, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var role = await RequireRoleAsync(accountId, roleName, ct).ConfigureAwait(false);
            if (role.Value.InlinePolicies.Count > 0) throw IamErrors.DeleteConflict("Cannot delete entity, must delete policies first.");
            if (role.Value.AttachedPolicyArns.Count > 0) throw IamErrors.DeleteConflict("Cannot delete entity, must detach all policies first.");
            if (role.Value.PermissionsBoundaryArn is { } boundary) await BoundaryUsageAsync(accountId, boundary, -1, batch, ct).ConfigureAwait(false);
            batch.Delete(role.Key, role.Revision);
        }, ct);

    public Task TagRoleAsync(string accountId, string roleName, IReadOnlyList<Tag> tags, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var role = await RequireRoleAsync(accountId, roleName, ct).ConfigureAwait(false);
            batch.Put(role, role.Value with { Tags = MergeTags(role.Value.Tags, tags, "Role") });
        }, ct);

    public Task UntagRoleAsync(string accountId, string roleName, IReadOnlyList<string> keys, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var role = await RequireRoleAsync(accountId, roleName, ct).ConfigureAwait(false);
            batch.Put(role, role.Value with { Tags = RemoveTags(role.Value.Tags, keys) });
        }, ct);

    public Task PutRolePermissionsBoundaryAsync(string accountId, string roleName, string boundaryArn, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var role = await RequireRoleAsync(accountId, roleName, ct).ConfigureAwait(false);
            var old = role.Value.PermissionsBoundaryArn;
            if (old == boundaryArn) return;
            if (old is not null) await BoundaryUsageAsync(accountId, old, -1, batch, ct).ConfigureAwait(false);
            await BoundaryUsageAsync(accountId, boundaryArn, +1, batch, ct).ConfigureAwait(false);
            batch.Put(role, role.Value with { PermissionsBoundaryArn = boundaryArn });
        }, ct);

    public Task DeleteRolePermissionsBoundaryAsync(string accountId, string roleName, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var role = await RequireRoleAsync(accountId, roleName, ct).ConfigureAwait(false);
            if (role.Value.PermissionsBoundaryArn is not { } old)
                throw IamErrors.NoSuchEntity($"The role with name {roleName} has no permissions boundary.");
            await BoundaryUsageAsync(accountId, old, -1, batch, ct).ConfigureAwait(false);
            batch.Put(role, role.Value with { PermissionsBoundaryArn = null });
        }, ct);

    private static void CheckSessionDuration(int? seconds)
    {
        if (seconds is { } s and (< 3600 or > 43200))
            throw IamErrors.InvalidInput($"The requested MaxSessionDuration {s} is outside the allowed range of 3600 to 43200 seconds.");
    }
}
