namespace Sekisho.Cedar.Ast;

/// <summary>One element of a <c>like</c> pattern: a literal character, or the wildcard when <see cref="IsWildcard"/>.</summary>
public readonly record struct PatternElement(bool IsWildcard, char Char)
{
    public static PatternElement Wildcard => new(true, '*');

    public static PatternElement Literal(char c) => new(false, c);
}
