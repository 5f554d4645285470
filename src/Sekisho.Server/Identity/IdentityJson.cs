using System.Text.Json;

namespace Sekisho.Server.Identity;

/// <summary>How identity records are stored: compact JSON.</summary>
internal static class IdentityJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public static T Read<T>(ReadOnlyMemory<byte> bytes) =>
        JsonSerializer.Deserialize<T>(bytes.Span, Options) ?? throw new InvalidDataException($"stored {typeof(T).Name} is null");
}
