namespace Sekisho.Cedar.Syntax;

/// <summary>A region of policy text: character offsets [Start, End) and the 1-based line and column of Start.</summary>
public readonly record struct SourceSpan(int Start, int End, int Line, int Column)
{
    public static SourceSpan None => default;

    /// <summary>From the start of this span to the end of <paramref name="other"/>.</summary>
    public SourceSpan To(SourceSpan other) => new(Start, Math.Max(End, other.End), Line, Column);

    public override string ToString() => $"line {Line}, column {Column}";
}
