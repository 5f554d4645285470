using System.Text.Json.Serialization;

namespace Sekisho.Protocol.DataChannel;

/// <summary>The JSON payload of an <c>acknowledge</c> message.</summary>
public sealed record AcknowledgeContent(
    [property: JsonPropertyName("AcknowledgedMessageType")] string MessageType,
    [property: JsonPropertyName("AcknowledgedMessageId")] string MessageId,
    [property: JsonPropertyName("AcknowledgedMessageSequenceNumber")] long SequenceNumber,
    [property: JsonPropertyName("IsSequentialMessage")] bool IsSequentialMessage);
