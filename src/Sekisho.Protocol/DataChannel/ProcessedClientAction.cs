using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sekisho.Protocol.DataChannel;

/// <summary>The client's answer to one requested action.</summary>
public sealed record ProcessedClientAction(
    [property: JsonPropertyName("ActionType")] string ActionType,
    [property: JsonPropertyName("ActionStatus")] ActionStatus ActionStatus,
    [property: JsonPropertyName("ActionResult")] JsonElement? ActionResult,
    [property: JsonPropertyName("Error")] string Error);
