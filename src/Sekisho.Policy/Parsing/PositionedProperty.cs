namespace Sekisho.Policy.Parsing;

internal sealed record PositionedProperty(string Name, SourcePosition NamePosition, PositionedJson Value);
