namespace Sekisho.Policy;

/// <summary>
/// How one statement was evaluated. <see cref="PrincipalMatched"/> is null when the policy kind has no principal
/// (identity-based, boundary, session, SCP). <see cref="Applies"/> is the conjunction of all parts.
/// </summary>
public sealed record StatementTrace(
    int Index,
    string? Sid,
    Effect Effect,
    bool ActionMatched,
    bool ResourceMatched,
    bool? PrincipalMatched,
    IReadOnlyList<ConditionTrace> Conditions,
    bool Applies,
    string? Note,
    SourcePosition Position);
