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
    IReadOnlyList<PolicyCondition> Conditions)
{
    /// <summary>Where the Sid value is (or the statement, when it has none).</summary>
    public SourcePosition SidPosition { get; init; }

    /// <summary>Where the Effect value is.</summary>
    public SourcePosition EffectPosition { get; init; }

    /// <summary>Where the Principal / NotPrincipal element's name is.</summary>
    public SourcePosition PrincipalElementPosition { get; init; }

    /// <summary>Where the Action / NotAction element's name is.</summary>
    public SourcePosition ActionElementPosition { get; init; }

    /// <summary>Where the Resource / NotResource element's name is.</summary>
    public SourcePosition ResourceElementPosition { get; init; }

    /// <summary>Where the Condition element's name is.</summary>
    public SourcePosition ConditionElementPosition { get; init; }
}
