using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sekisho.Server.Credentials;

/// <summary>
/// Compile-time JSON for session token payloads: AssumeRole seals one per call and every temporary-credential
/// request opens one. The web defaults give the same JSON the reflection serializer wrote, so tokens issued
/// before stay readable.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SessionTokenPayload))]
internal sealed partial class SessionTokenJsonContext : JsonSerializerContext;
