using System.Text.Json.Serialization;

namespace Sekisho.Protocol.DataChannel;

/// <summary>The JSON payload of a <see cref="PayloadType.HandshakeResponse"/> message (client to agent).</summary>
public sealed record HandshakeResponsePayload(
    [property: JsonPropertyName("ClientVersion")] string ClientVersion,
    [property: JsonPropertyName("ProcessedClientActions")] IReadOnlyList<ProcessedClientAction> ProcessedClientActions,
    [property: JsonPropertyName("Errors")] IReadOnlyList<string>? Errors);
