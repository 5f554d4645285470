namespace Sekisho.Policy.Matching;

internal enum PatternTokenKind
{
    Literal,
    Star,
    Question,
    Variable,
}

/// <summary>
/// One piece of a compiled pattern: literal text, a wildcard, or a policy variable (key, optional default, and the
/// key's slot in <see cref="Evaluation.ContextKeyIndex"/> so resolving it needs no hashing).
/// </summary>
internal readonly record struct PatternToken(PatternTokenKind Kind, string Text, string? Default, int Slot = -1);
