namespace Sekisho.Policy;

/// <summary>A string value from a policy document and where it was written.</summary>
public sealed record PositionedString(string Value, SourcePosition Position)
{
    public override string ToString() => Value;
}
