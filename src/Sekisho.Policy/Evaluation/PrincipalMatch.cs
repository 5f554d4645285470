namespace Sekisho.Policy.Evaluation;

/// <summary>
/// How a resource-based policy named the caller, which decides what its allow is worth (iam-evaluation.md step 4):
/// naming the caller itself grants on its own; naming the caller's role is still limited by the boundary and session
/// policy; naming the account delegates to the account's identity policies. Ordered weakest first.
/// </summary>
internal enum PrincipalMatch
{
    None,
    Account,
    Role,
    /// <summary>"*" for a role session: limited like a grant to the role in a resource-based policy.</summary>
    Everyone,
    Direct,
}
