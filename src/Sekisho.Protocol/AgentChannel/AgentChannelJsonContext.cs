using System.Text.Json.Serialization;

namespace Sekisho.Protocol.AgentChannel;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentControlMessage))]
[JsonSerializable(typeof(AgentRegistrationRequest))]
[JsonSerializable(typeof(AgentRegistrationResponse))]
[JsonSerializable(typeof(AgentCredentialsRequest))]
[JsonSerializable(typeof(AgentCredentialsResponse))]
[JsonSerializable(typeof(AgentErrorResponse))]
public sealed partial class AgentChannelJsonContext : JsonSerializerContext;
