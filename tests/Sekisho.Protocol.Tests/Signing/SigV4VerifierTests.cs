using System.Text;
using Sekisho.Protocol.Signing;
using Sekisho.TestSupport;

namespace Sekisho.Protocol.Tests.Signing;

/// <summary>The clock window and the malformed-request errors, on a request shaped like the AWS CLI's IAM calls.</summary>
public sealed class SigV4VerifierTests
{
    private static readonly DateTimeOffset SignedAt = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    private static readonly SigV4Credentials Creds = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

    private static SigV4HttpRequest SignedListUsers(out SigV4Authorization auth)
    {
        var unsigned = new SigV4HttpRequest("POST", "/", "", [
            new("Host", "127.0.0.1:8443"),
            new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
        ], Encoding.UTF8.GetBytes("Action=ListUsers&Version=2010-05-08"));
        var signed = SigV4Signer.SignHeaders(unsigned, Creds, "us-east-1", "iam", SignedAt);
        var request = unsigned with { Headers = unsigned.Headers.Concat(signed.AddedHeaders).ToList() };
        auth = SigV4Parser.Parse(request).Authorization!;
        return request;
    }

    [Theory]
    [InlineData(-14.9, null)]
    [InlineData(14.9, null)]
    [InlineData(15.1, "Signature expired")]
    [InlineData(-15.1, "Signature not yet current")]
    public void Requests_are_accepted_within_15_minutes_of_the_server_clock(double minutesLater, string? error)
    {
        var request = SignedListUsers(out var auth);
        var verifier = new SigV4Verifier(new ManualClock(SignedAt.AddMinutes(minutesLater)));
        var result = verifier.Verify(request, auth, Creds.SecretAccessKey);
        if (error is null) Assert.Null(result);
        else
        {
            Assert.Equal("SignatureDoesNotMatch", result?.Code);
            Assert.StartsWith(error, result!.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_changed_body_is_refused()
    {
        var request = SignedListUsers(out var auth);
        var tampered = request with { Body = Encoding.UTF8.GetBytes("Action=DeleteUser&UserName=alice&Version=2010-05-08") };
        Assert.Equal("SignatureDoesNotMatch", new SigV4Verifier(new ManualClock(SignedAt)).Verify(tampered, auth, Creds.SecretAccessKey)?.Code);
    }

    [Fact]
    public void A_request_without_credentials_is_missing_its_token()
    {
        var result = SigV4Parser.Parse(new SigV4HttpRequest("POST", "/", "", [new("Host", "h")], ReadOnlyMemory<byte>.Empty));
        Assert.Equal("MissingAuthenticationToken", result.Error?.Code);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=" + Sig, "requires 'Credential' parameter")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/iam/aws4_request, Signature=" + Sig, "requires 'SignedHeaders' parameter")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/iam/aws4_request, SignedHeaders=x-amz-date, Signature=" + Sig, "'Host' or ':authority' must be a 'SignedHeader'")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/iam/aws5_request, SignedHeaders=host;x-amz-date, Signature=" + Sig, "valid terminator")]
    [InlineData("AWS4-HMAC-SHA1 Credential=AKID/20261121/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=" + Sig, "Unsupported AWS 'algorithm'")]
    public void Malformed_authorization_headers_are_incomplete_signatures_that_say_what_is_wrong(string header, string expected)
    {
        var request = new SigV4HttpRequest("POST", "/", "", [new("Host", "h"), new("X-Amz-Date", "20261121T100000Z"), new("Authorization", header)],
            ReadOnlyMemory<byte>.Empty);
        var result = SigV4Parser.Parse(request);
        Assert.Equal("IncompleteSignature", result.Error?.Code);
        Assert.Contains(expected, result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scope_date_other_than_the_request_date_is_refused()
    {
        var header = "AWS4-HMAC-SHA256 Credential=AKID/20261120/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + Sig;
        var request = new SigV4HttpRequest("POST", "/", "", [new("Host", "h"), new("X-Amz-Date", "20261121T100000Z"), new("Authorization", header)],
            ReadOnlyMemory<byte>.Empty);
        Assert.Equal("SignatureDoesNotMatch", SigV4Parser.Parse(request).Error?.Code);
    }

    private const string Sig = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
}
