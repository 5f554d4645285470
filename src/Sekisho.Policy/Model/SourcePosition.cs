namespace Sekisho.Policy;

/// <summary>A place in a policy document's text: 1-based line and column (column counted in characters).</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    /// <summary>For elements built in code rather than parsed from text.</summary>
    public static SourcePosition None => default;

    public override string ToString() => $"{Line}:{Column}";
}
