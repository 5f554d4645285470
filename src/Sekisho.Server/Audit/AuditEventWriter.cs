using System.Text.Json;

namespace Sekisho.Server.Audit;

/// <summary>
/// Writes one <see cref="AuditEvent"/> as the JSON object <see cref="AuditLog.Json"/> gives it (same names, order,
/// nulls and escaping), by hand on a writer the batch reuses: the serializer's converter machinery per event
/// was a measurable share of the server's CPU under load.
/// </summary>
internal static class AuditEventWriter
{
    private static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText RequestId = JsonEncodedText.Encode("requestId");
    private static readonly JsonEncodedText Service = JsonEncodedText.Encode("service");
    private static readonly JsonEncodedText Operation = JsonEncodedText.Encode("operation");
    private static readonly JsonEncodedText Action = JsonEncodedText.Encode("action");
    private static readonly JsonEncodedText CallerArn = JsonEncodedText.Encode("callerArn");
    private static readonly JsonEncodedText Account = JsonEncodedText.Encode("account");
    private static readonly JsonEncodedText AccessKeyId = JsonEncodedText.Encode("accessKeyId");
    private static readonly JsonEncodedText Resources = JsonEncodedText.Encode("resources");
    private static readonly JsonEncodedText Decision = JsonEncodedText.Encode("decision");
    private static readonly JsonEncodedText DenialReason = JsonEncodedText.Encode("denialReason");
    private static readonly JsonEncodedText ErrorCode = JsonEncodedText.Encode("errorCode");
    private static readonly JsonEncodedText HttpStatus = JsonEncodedText.Encode("httpStatus");
    private static readonly JsonEncodedText SourceIp = JsonEncodedText.Encode("sourceIp");
    private static readonly JsonEncodedText UserAgent = JsonEncodedText.Encode("userAgent");

    /// <summary>The writer options matching <see cref="AuditLog.Json"/> (its encoder).</summary>
    public static JsonWriterOptions Options => new() { Encoder = AuditLog.Json.Encoder };

    public static void Write(Utf8JsonWriter writer, AuditEvent e)
    {
        writer.WriteStartObject();
        writer.WriteString(Time, e.Time);
        writer.WriteString(RequestId, e.RequestId);
        writer.WriteString(Service, e.Service);
        writer.WriteString(Operation, e.Operation);
        writer.WriteString(Action, e.Action);
        writer.WriteString(CallerArn, e.CallerArn);
        writer.WriteString(Account, e.Account);
        writer.WriteString(AccessKeyId, e.AccessKeyId);
        if (e.Resources is null)
        {
            writer.WriteNull(Resources);
        }
        else
        {
            writer.WriteStartArray(Resources);
            for (var i = 0; i < e.Resources.Count; i++) writer.WriteStringValue(e.Resources[i]);
            writer.WriteEndArray();
        }
        writer.WriteString(Decision, e.Decision);
        writer.WriteString(DenialReason, e.DenialReason);
        writer.WriteString(ErrorCode, e.ErrorCode);
        writer.WriteNumber(HttpStatus, e.HttpStatus);
        writer.WriteString(SourceIp, e.SourceIp);
        writer.WriteString(UserAgent, e.UserAgent);
        writer.WriteEndObject();
    }
}
