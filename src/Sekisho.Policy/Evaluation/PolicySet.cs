namespace Sekisho.Policy;

/// <summary>
/// Every policy that can take part in one request's decision. SCP and RCP lists hold one list per organization
/// level, root first; an empty list of levels means none apply. When the action is an sts:AssumeRole* action,
/// <see cref="ResourcePolicy"/> is the role's trust policy.
/// </summary>
public sealed class PolicySet
{
    internal CompiledPolicy[] Identity { get; }
    internal CompiledPolicy[][] Scps { get; }
    internal CompiledPolicy[][] Rcps { get; }

    public IReadOnlyList<CompiledPolicy> IdentityPolicies => Identity;
    public CompiledPolicy? ResourcePolicy { get; }
    public CompiledPolicy? PermissionsBoundary { get; }
    public CompiledPolicy? SessionPolicy { get; }
    public IReadOnlyList<IReadOnlyList<CompiledPolicy>> ServiceControlPolicies => Scps;
    public IReadOnlyList<IReadOnlyList<CompiledPolicy>> ResourceControlPolicies => Rcps;

    public PolicySet(
        IEnumerable<CompiledPolicy>? identityPolicies = null,
        CompiledPolicy? resourcePolicy = null,
        CompiledPolicy? permissionsBoundary = null,
        CompiledPolicy? sessionPolicy = null,
        IEnumerable<IEnumerable<CompiledPolicy>>? serviceControlPolicies = null,
        IEnumerable<IEnumerable<CompiledPolicy>>? resourceControlPolicies = null)
    {
        Identity = identityPolicies is null ? [] : [.. identityPolicies];
        ResourcePolicy = resourcePolicy;
        PermissionsBoundary = permissionsBoundary;
        SessionPolicy = sessionPolicy;
        Scps = Levels(serviceControlPolicies);
        Rcps = Levels(resourceControlPolicies);
    }

    private static CompiledPolicy[][] Levels(IEnumerable<IEnumerable<CompiledPolicy>>? levels)
    {
        if (levels is null) return [];
        var result = new List<CompiledPolicy[]>();
        foreach (var level in levels) result.Add([.. level]);
        return [.. result];
    }
}
