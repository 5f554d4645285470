namespace Sekisho.Policy.Matching;

internal enum PatternTokenKind
{
    Literal,
    Star,
    Question,
    Variable,
}

/// <summary>One piece of a compiled pattern: literal text, a wildcard, or a policy variable (key and optional default).</summary>
internal readonly record struct PatternToken(PatternTokenKind Kind, string Text, string? Default);
