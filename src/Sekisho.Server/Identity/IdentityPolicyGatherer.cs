using System.Collections.Concurrent;
using Sekisho.Policy;

namespace Sekisho.Server.Identity;

/// <summary>
/// Gathers what the policy engine needs about a user or a role (sessions use their role's). Compiled documents
/// are cached by their text, so a principal whose policies did not change compiles nothing.
/// </summary>
public sealed class IdentityPolicyGatherer(IdentityService identity)
{
    private const int MaxCached = 10_000;
    private readonly ConcurrentDictionary<(string Name, string Document), CompiledPolicy> _compiled = new();

    public async Task<PrincipalPolicies> ForUserAsync(string accountId, string userName, CancellationToken ct = default)
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
        return new PrincipalPolicies(user.Arn, user.UserId, policies, boundary, user.Tags);
    }

    public async Task<PrincipalPolicies> ForRoleAsync(string accountId, string roleName, CancellationToken ct = default)
    {
        var role = await identity.GetRoleAsync(accountId, roleName, ct).ConfigureAwait(false);
        var policies = new List<CompiledPolicy>();
        AddInline(policies, role.InlinePolicies, $"role/{role.RoleName}");
        await AddAttachedAsync(policies, accountId, role.AttachedPolicyArns, ct).ConfigureAwait(false);
        var boundary = await BoundaryAsync(accountId, role.PermissionsBoundaryArn, ct).ConfigureAwait(false);
        return new PrincipalPolicies(role.Arn, role.RoleId, policies, boundary, role.Tags);
    }

    /// <summary>A role's trust policy, compiled (for sts:AssumeRole).</summary>
    public async Task<CompiledPolicy> TrustPolicyAsync(string accountId, string roleName, CancellationToken ct = default)
    {
        var role = await identity.GetRoleAsync(accountId, roleName, ct).ConfigureAwait(false);
        return Compile($"role/{role.RoleName}/trust", role.AssumeRolePolicyDocument);
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

    internal CompiledPolicy Compile(string name, string document)
    {
        if (_compiled.TryGetValue((name, document), out var cached)) return cached;
        // Documents were validated when written, so a parse failure here is a defect worth surfacing.
        var compiled = CompiledPolicy.Parse(document, name);
        if (_compiled.Count >= MaxCached) _compiled.Clear();
        _compiled[(name, document)] = compiled;
        return compiled;
    }
}
