using Sekisho.Policy;
using Sekisho.Server.Authorization;

namespace Sekisho.Server.Identity;

/// <summary>
/// The identity half of the policy gatherer (<see cref="IIdentityPolicySource"/>): a user's inline and attached
/// managed policies and its groups', or a role's, with the permissions boundary, tags and unique id. Documents are
/// compiled through the shared <see cref="PolicyCache"/>, and a gathered set stays in the identity read cache
/// until identity data changes, so a request by an unchanged principal reads nothing and compiles nothing.
/// </summary>
public sealed class IdentityPolicyGatherer(IdentityService identity, PolicyCache cache) : IIdentityPolicySource
{
    public async ValueTask<PrincipalPolicies?> GetUserAsync(string account, string userName, CancellationToken cancellationToken)
    {
        try
        {
            return await ForUserAsync(account, userName, cancellationToken).ConfigureAwait(false);
        }
        catch (IamException e) when (e.Error.Code == "NoSuchEntity")
        {
            return null;
        }
    }

    public async ValueTask<PrincipalPolicies?> GetRoleAsync(string account, string roleName, CancellationToken cancellationToken)
    {
        try
        {
            return await ForRoleAsync(account, roleName, cancellationToken).ConfigureAwait(false);
        }
        catch (IamException e) when (e.Error.Code == "NoSuchEntity")
        {
            return null;
        }
    }

    public async Task<PrincipalPolicies> ForUserAsync(string accountId, string userName, CancellationToken ct = default)
    {
        var cacheKey = "gathered-user:" + accountId + "/" + userName.ToLowerInvariant();
        var generation = identity.Reads.Generation;
        if (identity.Reads.TryGet<PrincipalPolicies>(cacheKey, out var cached)) return cached;
        var gathered = await GatherUserAsync(accountId, userName, ct).ConfigureAwait(false);
        identity.Reads.Set(cacheKey, generation, gathered);
        return gathered;
    }

    public async Task<PrincipalPolicies> ForRoleAsync(string accountId, string roleName, CancellationToken ct = default)
    {
        var cacheKey = "gathered-role:" + accountId + "/" + roleName.ToLowerInvariant();
        var generation = identity.Reads.Generation;
        if (identity.Reads.TryGet<PrincipalPolicies>(cacheKey, out var cached)) return cached;
        var gathered = await GatherRoleAsync(accountId, roleName, ct).ConfigureAwait(false);
        identity.Reads.Set(cacheKey, generation, gathered);
        return gathered;
    }

    private async Task<PrincipalPolicies> GatherUserAsync(string accountId, string userName, CancellationToken ct)
    {
        var user = await identity.GetUserAsync(accountId, userName, ct).ConfigureAwait(false);
        var policies = new List<CompiledPolicy>();
        AddInline(policies, user.InlinePolicies, $"user/{user.UserName}");
        await AddAttachedAsync(policies, accountId, user.AttachedPolicyArns, ct).ConfigureAwait(false);
        foreach (var group in await identity.GroupsForUserAsync(accountId, user.UserName, ct).ConfigureAwait(false))
        {
            AddInline(policies, group.InlinePolicies, $"group/{group.GroupName}");
            await AddAttachedAsync(policies, accountId, group.AttachedPolicyArns, ct).ConfigureAwait(false);
        }
        var boundary = await BoundaryAsync(accountId, user.PermissionsBoundaryArn, ct).ConfigureAwait(false);
        return new PrincipalPolicies(user.Arn, user.UserId, policies, boundary, TagMap(user.Tags));
    }

    private async Task<PrincipalPolicies> GatherRoleAsync(string accountId, string roleName, CancellationToken ct)
    {
        var role = await identity.GetRoleAsync(accountId, roleName, ct).ConfigureAwait(false);
        var policies = new List<CompiledPolicy>();
        AddInline(policies, role.InlinePolicies, $"role/{role.RoleName}");
        await AddAttachedAsync(policies, accountId, role.AttachedPolicyArns, ct).ConfigureAwait(false);
        var boundary = await BoundaryAsync(accountId, role.PermissionsBoundaryArn, ct).ConfigureAwait(false);
        return new PrincipalPolicies(role.Arn, role.RoleId, policies, boundary, TagMap(role.Tags));
    }

    /// <summary>A role's trust policy, compiled (for sts:AssumeRole).</summary>
    public async Task<CompiledPolicy> TrustPolicyAsync(string accountId, string roleName, CancellationToken ct = default)
    {
        var role = await identity.GetRoleAsync(accountId, roleName, ct).ConfigureAwait(false);
        return Compile($"role/{role.RoleName}/trust", role.AssumeRolePolicyDocument);
    }

    private static Dictionary<string, string> TagMap(IReadOnlyList<Tag> tags)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in tags) map[t.Key] = t.Value;
        return map;
    }

    private void AddInline(List<CompiledPolicy> into, IReadOnlyDictionary<string, string> inline, string owner)
    {
        var names = new List<string>(inline.Keys);
        names.Sort(StringComparer.Ordinal);
        foreach (var name in names) into.Add(Compile($"{owner}/{name}", inline[name]));
    }

    private async Task AddAttachedAsync(List<CompiledPolicy> into, string accountId, IReadOnlyList<string> arns, CancellationToken ct)
    {
        foreach (var arn in arns)
        {
            var policy = await identity.GetPolicyAsync(accountId, arn, ct).ConfigureAwait(false);
            into.Add(Compile(policy.Arn, policy.DefaultVersion.Document));
        }
    }

    private async Task<CompiledPolicy?> BoundaryAsync(string accountId, string? arn, CancellationToken ct)
    {
        if (arn is null) return null;
        var policy = await identity.GetPolicyAsync(accountId, arn, ct).ConfigureAwait(false);
        return Compile(policy.Arn, policy.DefaultVersion.Document);
    }

    /// <summary>
    /// Compiles through the shared cache. The cache is keyed by text alone, so the name of the first holder of a
    /// document is the one explanations show; documents were validated when written, so a failure here is a defect.
    /// </summary>
    internal CompiledPolicy Compile(string name, string document) => cache.Get(document, name);
}
