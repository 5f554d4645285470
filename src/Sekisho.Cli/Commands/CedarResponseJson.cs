using System.Text;
using System.Text.Json;
using Sekisho.Cedar.Authorization;

namespace Sekisho.Cli.Commands;

/// <summary>Writes decisions as the one-line JSON objects the <c>sekisho cedar</c> commands print.</summary>
public static class CedarResponseJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>{"decision", "reason", "errors"}</c>, preceded by <c>file</c> and <c>description</c> when given.</summary>
    public static string Format(AuthorizationResponse response, string? file = null, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            if (file is not null) w.WriteString("file", file);
            if (description is not null) w.WriteString("description", description);
            w.WriteString("decision", response.Decision == Decision.Allow ? "allow" : "deny");
            w.WriteStartArray("reason");
            foreach (var id in response.Reason) w.WriteStringValue(id);
            w.WriteEndArray();
            w.WriteStartArray("errors");
            foreach (var e in response.Errors) w.WriteStringValue(e.PolicyId);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
