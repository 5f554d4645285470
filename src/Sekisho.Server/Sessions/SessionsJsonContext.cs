using System.Text.Json.Serialization;

namespace Sekisho.Server.Sessions;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SessionRecord))]
internal sealed partial class SessionsJsonContext : JsonSerializerContext;
