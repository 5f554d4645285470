namespace Sekisho.Policy;

/// <summary>
/// Why a request got its decision: a one-line summary, what decided, the effective request context (with the keys
/// Sekisho derived), and the trace of every policy considered.
/// </summary>
public sealed record Explanation(
    string Summary,
    DecidingStatement? DecidedBy,
    bool CrossAccount,
    bool TrustPolicyEvaluation,
    string PrincipalAccount,
    string ResourceAccount,
    IReadOnlyDictionary<string, string[]> Context,
    IReadOnlyList<string> DerivedKeys,
    IReadOnlyList<PolicyTrace> Policies);
