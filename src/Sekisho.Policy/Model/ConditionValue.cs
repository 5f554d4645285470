namespace Sekisho.Policy;

/// <summary>
/// One value on the right of a condition key. JSON numbers and booleans are kept as their text
/// (<see cref="Text"/>) with <see cref="IsString"/> false, because AWS compares them as text.
/// </summary>
public sealed record ConditionValue(string Text, bool IsString, SourcePosition Position);
