namespace Sekisho.Policy;

/// <summary>The kinds of policy that take part in a decision.</summary>
public enum PolicyKind
{
    ServiceControlPolicy,
    ResourceControlPolicy,
    ResourceBased,
    RoleTrust,
    IdentityBased,
    PermissionsBoundary,
    SessionPolicy,
}
