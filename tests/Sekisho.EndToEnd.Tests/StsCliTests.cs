using System.Text.Json;

namespace Sekisho.EndToEnd.Tests;

/// <summary>STS through the real AWS CLI v2.</summary>
[Collection(ServerCollection.Name)]
public sealed class StsCliTests(ServerProcess server)
{
    private readonly AwsCli _aws = new(server);

    [Fact]
    public async Task GetCallerIdentity_NamesTheAdministratorOfTheInitialisedAccount()
    {
        var result = await _aws.RunAsync(server.AdminKeyId, server.AdminSecret, null, "sts", "get-caller-identity");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(ServerProcess.AccountId, json.RootElement.GetProperty("Account").GetString());
        Assert.StartsWith($"arn:aws:iam::{ServerProcess.AccountId}:user/", json.RootElement.GetProperty("Arn").GetString());
        Assert.StartsWith("AIDA", json.RootElement.GetProperty("UserId").GetString());
    }

    [Fact]
    public async Task GetSessionToken_CredentialsAreAcceptedAndSpeakForTheSameUser()
    {
        var token = await _aws.RunAsync(server.AdminKeyId, server.AdminSecret, null, "sts", "get-session-token", "--duration-seconds", "900");
        Assert.True(token.ExitCode == 0, token.Stderr);
        using var json = JsonDocument.Parse(token.Stdout);
        var c = json.RootElement.GetProperty("Credentials");
        var keyId = c.GetProperty("AccessKeyId").GetString()!;
        Assert.StartsWith("ASIA", keyId);
        var expiration = c.GetProperty("Expiration").GetDateTimeOffset();
        Assert.InRange(expiration - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(13), TimeSpan.FromMinutes(16));

        var who = await _aws.RunAsync(keyId, c.GetProperty("SecretAccessKey").GetString()!, c.GetProperty("SessionToken").GetString(),
            "sts", "get-caller-identity");
        Assert.True(who.ExitCode == 0, who.Stderr);
        var admin = await _aws.RunAsync(server.AdminKeyId, server.AdminSecret, null, "sts", "get-caller-identity");
        using var a = JsonDocument.Parse(admin.Stdout);
        using var w = JsonDocument.Parse(who.Stdout);
        Assert.Equal(a.RootElement.GetProperty("Arn").GetString(), w.RootElement.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task GetSessionToken_WrongMfaCode_IsDeniedWithAwsWording()
    {
        var result = await _aws.RunAsync(server.AdminKeyId, server.AdminSecret, null, "sts", "get-session-token",
            "--serial-number", $"arn:aws:iam::{ServerProcess.AccountId}:mfa/cli-nobody", "--token-code", "123456");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("AccessDenied", result.Stderr);
        Assert.Contains("MultiFactorAuthentication failed with invalid MFA one time pass code.", result.Stderr);
    }

    [Fact]
    public async Task DecodeAuthorizationMessage_GarbageMessage_IsRefused()
    {
        var result = await _aws.RunAsync(server.AdminKeyId, server.AdminSecret, null, "sts", "decode-authorization-message",
            "--encoded-message", "bm90LWEtbWVzc2FnZQ");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("InvalidAuthorizationMessageException", result.Stderr);
    }
}
