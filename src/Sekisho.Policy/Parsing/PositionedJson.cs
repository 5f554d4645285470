namespace Sekisho.Policy.Parsing;

/// <summary>
/// A JSON value with the position of its first character. System.Text.Json's DOM keeps no positions, so the
/// parser builds this small tree from <see cref="System.Text.Json.Utf8JsonReader"/> instead.
/// </summary>
internal sealed class PositionedJson
{
    public required JsonKind Kind { get; init; }
    public required SourcePosition Position { get; init; }

    /// <summary>String contents, or a number's / boolean's text.</summary>
    public string? Text { get; init; }

    public List<PositionedProperty>? Properties { get; init; }
    public List<PositionedJson>? Items { get; init; }

    public string KindName => Kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.True or JsonKind.False => "a boolean",
        _ => "null",
    };
}
