using System.Text.Json;

namespace Sekisho.Server.Identity;

/// <summary>How identity records are stored: compact JSON.</summary>
internal static class IdentityJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    /// <summary>Access keys are shared with <see cref="Credentials.AccessKeyStore"/>, which stores them in web (camelCase) JSON.</summary>
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static T Read<T>(ReadOnlyMemory<byte> bytes) =>
        JsonSerializer.Deserialize<T>(bytes.Span, typeof(T) == typeof(Credentials.AccessKeyRecord) ? Web : Options) ?? throw new InvalidDataException($"stored {typeof(T).Name} is null");
}
