using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sekisho.Protocol.DataChannel;

/// <summary>One action the agent asks of the client in a HandshakeRequest.</summary>
public sealed record RequestedClientAction(
    [property: JsonPropertyName("ActionType")] string ActionType,
    [property: JsonPropertyName("ActionParameters")] JsonElement ActionParameters);
