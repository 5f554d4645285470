using System.Text.Json.Serialization;
using Sekisho.Agent.State;

namespace Sekisho.Agent;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(AgentIdentity))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
