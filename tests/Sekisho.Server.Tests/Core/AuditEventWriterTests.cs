using System.Buffers;
using System.Text.Json;
using Sekisho.Server.Audit;

namespace Sekisho.Server.Tests.Core;

/// <summary>The hand-written audit event JSON equals what the serializer with <see cref="AuditLog.Json"/> writes.</summary>
public sealed class AuditEventWriterTests
{
    public static TheoryData<AuditEvent> Events => new()
    {
        new AuditEvent(new DateTimeOffset(2026, 11, 21, 15, 0, 0, 123, TimeSpan.Zero), "0b1c", "sts", "GetCallerIdentity", "sts:GetCallerIdentity",
            "arn:aws:iam::111122223333:user/alice", "111122223333", "AKIAEXAMPLE", [], "NotAuthorized", null, null, 200, "127.0.0.1", "aws-cli/2.15 Python/3.11"),
        new AuditEvent(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(9)).AddTicks(1234567), "id", "iam", null, null, null, null, null,
            ["arn:aws:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/<b> & \"c\""], "ExplicitlyDenied", "ExplicitlyDenied by identity policy",
            "AccessDenied", 403, null, null),
        new AuditEvent(DateTimeOffset.UnixEpoch, "ünï 東京 😀", "unknown", "Op\u0001\n\t", "x:y", "arn'quote", "\\backslash", "+/=", ["<>&'"], "None",
            "reason\r\n", "Code", 500, "::1", "agent\u007f\u2028"),
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Writes_what_the_serializer_writes(AuditEvent e)
    {
        var expected = JsonSerializer.Serialize(e, AuditLog.Json);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, AuditEventWriter.Options)) AuditEventWriter.Write(writer, e);
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.Equal(e, JsonSerializer.Deserialize<AuditEvent>(buffer.WrittenSpan, AuditLog.Json)! with { Resources = e.Resources });
    }
}
