namespace Sekisho.Policy;

/// <summary>
/// One statement. Exactly one of Action / NotAction is set in a valid statement (<see cref="IsNotAction"/> says which),
/// likewise Resource / NotResource (absent in trust policies) and Principal / NotPrincipal (absent in identity policies).
/// </summary>
public sealed record PolicyStatement(
    int Index,
    string? Sid,
    Effect Effect,
    SourcePosition Position,
    PolicyPrincipal? Principal,
    bool IsNotPrincipal,
    IReadOnlyList<PositionedString> Actions,
    bool IsNotAction,
    IReadOnlyList<PositionedString>? Resources,
    bool IsNotResource,
    IReadOnlyList<PolicyCondition> Conditions);
