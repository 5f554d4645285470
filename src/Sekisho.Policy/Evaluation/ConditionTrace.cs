namespace Sekisho.Policy;

/// <summary>
/// How one condition was evaluated: the operator and key as written, the request's values (null when the key was
/// absent), the policy's values after variable substitution, the result and, when useful, why.
/// </summary>
public sealed record ConditionTrace(
    string Operator,
    string Key,
    IReadOnlyList<string>? ContextValues,
    IReadOnlyList<string> PolicyValues,
    bool Result,
    string? Note,
    SourcePosition Position);
