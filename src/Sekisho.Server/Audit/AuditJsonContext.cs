using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sekisho.Server.Audit;

/// <summary>Compile-time JSON metadata for audit events: the background writer serializes every call, so no reflection.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AuditEvent))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
