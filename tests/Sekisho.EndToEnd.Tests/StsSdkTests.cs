using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Sekisho.EndToEnd.Tests;

/// <summary>STS through AWSSDK.SecurityToken.</summary>
[Collection(ServerCollection.Name)]
public sealed class StsSdkTests(ServerProcess server)
{
    private const string Marker = "Encoded authorization failure message: ";

    private AmazonSecurityTokenServiceClient Client(AWSCredentials credentials) => new(credentials, new AmazonSecurityTokenServiceConfig
    {
        ServiceURL = server.Endpoint.ToString(),
        AuthenticationRegion = "us-east-1",
        MaxErrorRetry = 0,
    });

    private AmazonSecurityTokenServiceClient Admin() => Client(new BasicAWSCredentials(server.AdminKeyId, server.AdminSecret));

    [Fact]
    public async Task AssumeRole_OfAMissingRole_IsDenied_AndTheDenialDecodesToItsExplanation()
    {
        using var admin = Admin();
        var roleArn = $"arn:aws:iam::{ServerProcess.AccountId}:role/NoSuchRole";
        var denied = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            admin.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "e2e" }));
        Assert.Equal("AccessDenied", denied.ErrorCode);
        Assert.Contains("sts:AssumeRole", denied.Message);
        var at = denied.Message.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(at >= 0, denied.Message);
        var encoded = denied.Message[(at + Marker.Length)..].Trim();

        var decoded = await admin.DecodeAuthorizationMessageAsync(new DecodeAuthorizationMessageRequest { EncodedMessage = encoded });
        using var json = JsonDocument.Parse(decoded.DecodedMessage);
        Assert.False(json.RootElement.GetProperty("allowed").GetBoolean());
        var context = json.RootElement.GetProperty("context");
        Assert.Equal("sts:AssumeRole", context.GetProperty("action").GetString());
        Assert.Equal(roleArn, context.GetProperty("resource").GetString());
    }

    [Fact]
    public async Task GetSessionToken_WithSessionCredentials_IsRefused()
    {
        using var admin = Admin();
        var session = await admin.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 900 });
        var c = session.Credentials;
        using var temporary = Client(new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken));
        var who = await temporary.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal(ServerProcess.AccountId, who.Account);
        var refused = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            temporary.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 900 }));
        Assert.Equal("AccessDenied", refused.ErrorCode);
    }

    [Fact]
    public async Task WrongMfaCodes_AreLimitedPerDevice_ThenTooManyAttempts()
    {
        using var admin = Admin();
        var serial = $"arn:aws:iam::{ServerProcess.AccountId}:mfa/limit-{Guid.NewGuid():N}";
        for (var i = 0; i < 5; i++)
        {
            var wrong = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
                admin.GetSessionTokenAsync(new GetSessionTokenRequest { SerialNumber = serial, TokenCode = "000000" }));
            Assert.Equal("AccessDenied", wrong.ErrorCode);
            Assert.Equal("MultiFactorAuthentication failed with invalid MFA one time pass code.", wrong.Message);
        }
        var limited = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            admin.GetSessionTokenAsync(new GetSessionTokenRequest { SerialNumber = serial, TokenCode = "000000" }));
        Assert.Equal("AccessDenied", limited.ErrorCode);
        Assert.Contains("too many attempts", limited.Message);
    }

    [Fact]
    public async Task WrongSecret_IsSignatureDoesNotMatch_AndUnknownKey_IsInvalidClientTokenId()
    {
        using var wrongSecret = Client(new BasicAWSCredentials(server.AdminKeyId, server.AdminSecret + "x"));
        var bad = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => wrongSecret.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("SignatureDoesNotMatch", bad.ErrorCode);

        using var unknown = Client(new BasicAWSCredentials("AKIAEXAMPLEEXAMPLE00", server.AdminSecret));
        var missing = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => unknown.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("InvalidClientTokenId", missing.ErrorCode);
    }
}
