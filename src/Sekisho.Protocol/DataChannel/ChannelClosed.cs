using System.Text.Json.Serialization;

namespace Sekisho.Protocol.DataChannel;

/// <summary>The JSON payload of a <c>channel_closed</c> message; the client prints <see cref="Output"/> and exits.</summary>
public sealed record ChannelClosed(
    [property: JsonPropertyName("MessageId")] string MessageId,
    [property: JsonPropertyName("CreatedDate")] string CreatedDate,
    [property: JsonPropertyName("DestinationId")] string DestinationId,
    [property: JsonPropertyName("SessionId")] string SessionId,
    [property: JsonPropertyName("MessageType")] string MessageType,
    [property: JsonPropertyName("SchemaVersion")] int SchemaVersion,
    [property: JsonPropertyName("Output")] string Output);
