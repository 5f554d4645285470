using Sekisho.Policy;

namespace Sekisho.Server.Authorization;

/// <summary>
/// What the identity domain knows of a user or role for a decision: its ARN (with path), unique id, identity
/// policies (a user's own and its groups', or the role's), permissions boundary and tags. Compiled once.
/// </summary>
public sealed record PrincipalPolicies(
    string Arn,
    string UniqueId,
    IReadOnlyList<CompiledPolicy> IdentityPolicies,
    CompiledPolicy? PermissionsBoundary,
    IReadOnlyDictionary<string, string> Tags);
