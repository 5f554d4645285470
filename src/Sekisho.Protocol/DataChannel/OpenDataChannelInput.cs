using System.Text.Json.Serialization;

namespace Sekisho.Protocol.DataChannel;

/// <summary>The first (TEXT) WebSocket frame a client sends: the stream token is its only credential.</summary>
public sealed record OpenDataChannelInput(
    [property: JsonPropertyName("MessageSchemaVersion")] string MessageSchemaVersion,
    [property: JsonPropertyName("RequestId")] string RequestId,
    [property: JsonPropertyName("TokenValue")] string TokenValue,
    [property: JsonPropertyName("ClientId")] string ClientId,
    [property: JsonPropertyName("ClientVersion")] string ClientVersion);
