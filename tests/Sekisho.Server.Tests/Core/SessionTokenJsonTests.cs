using System.Text.Json;
using Sekisho.Server.Credentials;

namespace Sekisho.Server.Tests.Core;

/// <summary>
/// Session token payloads are written by the source generator now; tokens sealed earlier by the reflection
/// serializer (web defaults) must still open, so both must agree on the JSON, both ways.
/// </summary>
public sealed class SessionTokenJsonTests
{
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web);

    private static readonly SessionTokenPayload[] Payloads =
    [
        new SessionTokenPayload("ASIAEXAMPLE", "secret/+=", new SessionGrant("arn:aws:sts::111122223333:assumed-role/Ops/s1", "111122223333",
            "AROAEXAMPLE:s1", "arn:aws:iam::111122223333:role/path/Ops", null, new DateTimeOffset(2026, 11, 21, 15, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 21, 16, 0, 0, TimeSpan.Zero), true, new DateTimeOffset(2026, 11, 21, 14, 59, 0, TimeSpan.Zero),
            new Dictionary<string, string> { ["Project"] = "ünï <x>", ["team"] = "a\"b" }, ["Project"],
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", "alice", true,
            "arn:aws:iam::111122223333:user/alice", "mi-0123456789abcdef0")),
        new SessionTokenPayload("ASIA2", "s", new SessionGrant("arn:aws:iam::111122223333:user/bob", "111122223333", "AIDAEXAMPLE", null, "bob",
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(12), false, null, new Dictionary<string, string>(), [], null, null, false)),
    ];

    public static TheoryData<int> Cases => new() { 0, 1 };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_generated_JSON_is_the_reflection_serializers_JSON(int index)
    {
        var payload = Payloads[index];
        var generated = JsonSerializer.SerializeToUtf8Bytes(payload, SessionTokenJsonContext.Default.SessionTokenPayload);
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(payload, Reflection), generated);
        var read = JsonSerializer.Deserialize(generated, SessionTokenJsonContext.Default.SessionTokenPayload)!;
        Assert.Equal(payload.AccessKeyId, read.AccessKeyId);
        Assert.Equal(payload.SecretAccessKey, read.SecretAccessKey);
        Assert.Equal(payload.Grant with { SessionTags = read.Grant.SessionTags, TransitiveTagKeys = read.Grant.TransitiveTagKeys }, read.Grant);
        Assert.Equal(payload.Grant.SessionTags, read.Grant.SessionTags);
        Assert.Equal(payload.Grant.TransitiveTagKeys, read.Grant.TransitiveTagKeys);
    }
}
