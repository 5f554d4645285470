using System.Text.Json.Serialization;

namespace Sekisho.Protocol.DataChannel;

/// <summary>The JSON payload of a <see cref="PayloadType.Size"/> message.</summary>
public sealed record TerminalSize(
    [property: JsonPropertyName("cols")] uint Cols,
    [property: JsonPropertyName("rows")] uint Rows);
