using Sekisho.TestSupport;
using Sekisho.Protocol.Signing;

namespace Sekisho.Protocol.Tests.Signing;

/// <summary>Every case of the aws-c-auth SigV4 suite, for signing (each intermediate string) and for verifying.</summary>
public sealed class SigV4SuiteTests
{
    public static IEnumerable<object[]> Cases => SigV4SuiteCase.Names();

    [Fact]
    public void The_suite_has_all_38_cases() => Assert.Equal(38, Cases.Count());

    [Theory]
    [MemberData(nameof(Cases))]
    public void Header_signing_produces_the_suites_canonical_request_string_to_sign_and_signature(string name)
    {
        var c = SigV4SuiteCase.Load(name);
        var signed = SigV4Signer.SignHeaders(c.ParseRequest("request.txt"), c.Credentials, c.Region, c.Service, c.Timestamp,
            signSessionToken: !c.OmitSessionToken, normalizePath: c.Normalize, addContentSha256: c.SignBody);
        Assert.Equal(c.Read("header-canonical-request.txt"), signed.CanonicalRequest);
        Assert.Equal(c.Read("header-string-to-sign.txt"), signed.StringToSign);
        Assert.Equal(c.Read("header-signature.txt").Trim(), signed.Signature);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Query_signing_produces_the_suites_canonical_request_string_to_sign_and_signature(string name)
    {
        var c = SigV4SuiteCase.Load(name);
        var signed = SigV4Signer.Presign(c.ParseRequest("request.txt"), c.Credentials, c.Region, c.Service, c.Timestamp, c.Expires,
            signSessionToken: !c.OmitSessionToken, normalizePath: c.Normalize);
        Assert.Equal(c.Read("query-canonical-request.txt"), signed.CanonicalRequest);
        Assert.Equal(c.Read("query-string-to-sign.txt"), signed.StringToSign);
        Assert.Equal(c.Read("query-signature.txt").Trim(), signed.Signature);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_suites_signed_requests_verify_and_tampered_ones_do_not(string name)
    {
        var c = SigV4SuiteCase.Load(name);
        foreach (var file in new[] { "header-signed-request.txt", "query-signed-request.txt" })
        {
            var request = c.ParseRequest(file);
            var parsed = SigV4Parser.Parse(request);
            Assert.True(parsed.Ok, $"{file}: {parsed.Error}");
            var auth = parsed.Authorization!;
            Assert.Equal(c.Credentials.AccessKeyId, auth.AccessKeyId);
            Assert.Equal(c.Region, auth.Region);
            Assert.Equal(c.Service, auth.Service);
            Assert.Equal(file.StartsWith("query", StringComparison.Ordinal), auth.Presigned);
            if (c.Credentials.SessionToken is not null) Assert.Equal(c.Credentials.SessionToken, auth.SecurityToken);

            var atSigning = new SigV4Verifier(new ManualClock(c.Timestamp), normalizePath: c.Normalize);
            Assert.Null(atSigning.Verify(request, auth, c.Credentials.SecretAccessKey));

            // A wrong secret, a changed method and a changed signed value are each refused.
            Assert.Equal("SignatureDoesNotMatch", atSigning.Verify(request, auth, c.Credentials.SecretAccessKey + "x")?.Code);
            Assert.Equal("SignatureDoesNotMatch", atSigning.Verify(request with { Method = request.Method == "GET" ? "PUT" : "GET" }, auth,
                c.Credentials.SecretAccessKey)?.Code);
            var tampered = request with
            {
                Headers = request.Headers.Select(h => string.Equals(h.Key, "Host", StringComparison.OrdinalIgnoreCase)
                    ? new KeyValuePair<string, string>(h.Key, "evil.example.com") : h).ToList(),
            };
            Assert.Equal("SignatureDoesNotMatch", atSigning.Verify(tampered, auth, c.Credentials.SecretAccessKey)?.Code);
        }
    }
}
