namespace Sekisho.Policy;

/// <summary>
/// One operator/key pair of a Condition block, e.g. <c>"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": [...]}</c>.
/// <see cref="OperatorText"/> is the operator as written; the other members are its parts.
/// </summary>
public sealed record PolicyCondition(
    string OperatorText,
    ConditionOperator Operator,
    SetQualifier Qualifier,
    bool IfExists,
    SourcePosition OperatorPosition,
    string Key,
    SourcePosition KeyPosition,
    IReadOnlyList<ConditionValue> Values);
