using System.Text.Json.Serialization;

namespace Sekisho.Protocol.DataChannel;

/// <summary>
/// The JSON payload of a <see cref="PayloadType.HandshakeComplete"/> message. The time is in nanoseconds (Go's
/// <c>time.Duration</c>); a non-empty <see cref="CustomerMessage"/> is printed by the client.
/// </summary>
public sealed record HandshakeCompletePayload(
    [property: JsonPropertyName("HandshakeTimeToComplete")] long HandshakeTimeToComplete,
    [property: JsonPropertyName("CustomerMessage")] string CustomerMessage);
