using Sekisho.Policy;

namespace Sekisho.Server.Identity;

/// <summary>
/// The identity half of a decision for one principal: its identity policies (inline and attached managed, and its
/// groups' for a user), its permissions boundary, its tags and unique id (for aws:userid and aws:PrincipalTag/*).
/// </summary>
public sealed record PrincipalPolicies(
    string PrincipalArn,
    string UniqueId,
    IReadOnlyList<CompiledPolicy> IdentityPolicies,
    CompiledPolicy? PermissionsBoundary,
    IReadOnlyList<Tag> Tags);
