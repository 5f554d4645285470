using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sekisho.Protocol.DataChannel;

/// <summary>The ActionParameters of a SessionType action: the session type and the document's properties.</summary>
public sealed record SessionTypeRequest(
    [property: JsonPropertyName("SessionType")] string SessionType,
    [property: JsonPropertyName("Properties")] JsonElement? Properties);
