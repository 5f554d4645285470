using System.Text.Json.Serialization;

namespace Sekisho.Protocol.DataChannel;

/// <summary>The JSON payload of a <see cref="PayloadType.HandshakeRequest"/> message (agent to client).</summary>
public sealed record HandshakeRequestPayload(
    [property: JsonPropertyName("AgentVersion")] string AgentVersion,
    [property: JsonPropertyName("RequestedClientActions")] IReadOnlyList<RequestedClientAction> RequestedClientActions);
