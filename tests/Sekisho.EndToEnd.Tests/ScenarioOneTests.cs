using System.Text.Json;
using Sekisho.Protocol.Mfa;
using Sekisho.TestSupport;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// Scenario 1 of docs/scenarios.md, "Nobody does anything before registering MFA", with the AWS CLI v2.
/// Sekisho has no console sign-in yet, so "a user with only a password" is played by a user with a login profile
/// whose long-term access key the administrator issues: like a console session without MFA, it is a
/// credential without aws:MultiFactorAuthPresent, so the group's Deny applies to it exactly as it would.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ScenarioOneTests(ServerProcess server)
{
    private const string GroupPolicy = """
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Sid": "AllowAssumeAnyRole", "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"},
        {"Sid": "AllowManageOwnAccessKeys", "Effect": "Allow",
         "Action": ["iam:CreateAccessKey", "iam:ListAccessKeys", "iam:DeleteAccessKey", "iam:UpdateAccessKey", "iam:GetAccessKeyLastUsed"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "AllowTagSelf", "Effect": "Allow", "Action": ["iam:TagUser", "iam:UntagUser", "iam:ListUserTags"],
         "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Sid": "AllowManageOwnVirtualMFADeviceAndPassword", "Effect": "Allow",
         "Action": ["iam:CreateVirtualMFADevice", "iam:DeleteVirtualMFADevice", "iam:EnableMFADevice", "iam:ResyncMFADevice",
                    "iam:DeactivateMFADevice", "iam:ListMFADevices", "iam:ChangePassword", "iam:GetUser", "iam:GetLoginProfile"],
         "Resource": ["arn:aws:iam::*:mfa/${aws:username}*", "arn:aws:iam::*:user/${aws:username}*"]},
        {"Sid": "DenyAllExceptListedIfNoMFA", "Effect": "Deny",
         "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices",
                       "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "iam:ChangePassword", "iam:GetLoginProfile", "sts:GetSessionToken"],
         "Resource": "*",
         "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
      ]
    }
    """;

    private readonly AwsCli _aws = new(server);

    [Fact]
    public async Task NobodyDoesAnythingBeforeRegisteringMfa()
    {
        var account = ServerProcess.AccountId;
        var user = "carol" + Guid.NewGuid().ToString("N")[..6];
        var group = "Humans" + user;
        var role = "Target" + user;
        var dir = Path.Combine(server.DataDirectory, user);
        Directory.CreateDirectory(dir);
        var policyFile = Path.Combine(dir, "group.json");
        await File.WriteAllTextAsync(policyFile, GroupPolicy);
        var trustFile = Path.Combine(dir, "trust.json");
        await File.WriteAllTextAsync(trustFile,
            $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{account}}:root"},"Action":"sts:AssumeRole"}]}""");

        // The administrator sets up the group, the user with a password, and a role.
        await Admin("iam", "create-group", "--group-name", group);
        await Admin("iam", "put-group-policy", "--group-name", group, "--policy-name", "RequireMfa", "--policy-document", "file://" + policyFile);
        await Admin("iam", "attach-group-policy", "--group-name", group, "--policy-arn", "arn:aws:iam::aws:policy/IAMSelfManageServiceSpecificCredentials");
        await Admin("iam", "create-user", "--user-name", user);
        await Admin("iam", "create-login-profile", "--user-name", user, "--password", "First-Passw0rd!x");
        await Admin("iam", "add-user-to-group", "--group-name", group, "--user-name", user);
        await Admin("iam", "create-role", "--role-name", role, "--assume-role-policy-document", "file://" + trustFile);
        var roleArn = $"arn:aws:iam::{account}:role/{role}";
        using var key = await Admin("iam", "create-access-key", "--user-name", user);
        var keyId = key.RootElement.GetProperty("AccessKey").GetProperty("AccessKeyId").GetString()!;
        var secret = key.RootElement.GetProperty("AccessKey").GetProperty("SecretAccessKey").GetString()!;

        // Without MFA: the password can be changed, a device named after the user created, another name refused.
        await Ok(keyId, secret, null, "iam", "change-password", "--old-password", "First-Passw0rd!x", "--new-password", "Second-Passw0rd!y");
        var other = await _aws.RunAsync(keyId, secret, null, "iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "someone-else",
            "--outfile", Path.Combine(dir, "other.txt"), "--bootstrap-method", "Base32StringSeed");
        Assert.NotEqual(0, other.ExitCode);
        Assert.Contains("AccessDenied", other.Stderr);
        var seedFile = Path.Combine(dir, "seed.txt");
        using var device = await Ok(keyId, secret, null, "iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", user,
            "--outfile", seedFile, "--bootstrap-method", "Base32StringSeed");
        var serial = device.RootElement.GetProperty("VirtualMFADevice").GetProperty("SerialNumber").GetString()!;
        var seed = Base32.Decode((await File.ReadAllTextAsync(seedFile)).Trim()) ?? throw new InvalidDataException("the seed file is not Base32");

        // Enable with two consecutive codes computed here: the previous and the current step.
        var step = Totp.Step(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        await Ok(keyId, secret, null, "iam", "enable-mfa-device", "--user-name", user, "--serial-number", serial,
            "--authentication-code1", Totp.ComputeForStep(seed, step - 1), "--authentication-code2", Totp.ComputeForStep(seed, step));

        // Still without MFA: no access keys, no role; the denial names the explicit deny and its statement.
        var keyDenied = await _aws.RunAsync(keyId, secret, null, "iam", "create-access-key");
        Assert.NotEqual(0, keyDenied.ExitCode);
        Assert.Contains("AccessDenied", keyDenied.Stderr);
        Assert.Contains("explicit deny", keyDenied.Stderr, StringComparison.OrdinalIgnoreCase);
        var assumeDenied = await _aws.RunAsync(keyId, secret, null, "sts", "assume-role", "--role-arn", roleArn, "--role-session-name", "no-mfa");
        Assert.NotEqual(0, assumeDenied.ExitCode);
        Assert.Contains("AccessDenied", assumeDenied.Stderr);
        const string marker = "Encoded authorization failure message: ";
        var at = assumeDenied.Stderr.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, assumeDenied.Stderr);
        var encoded = assumeDenied.Stderr[(at + marker.Length)..].Trim();
        using var decoded = await Admin("sts", "decode-authorization-message", "--encoded-message", encoded);
        var explanation = decoded.RootElement.GetProperty("DecodedMessage").GetString()!;
        using var explained = JsonDocument.Parse(explanation);
        Assert.True(explained.RootElement.GetProperty("explicitDeny").GetBoolean());
        Assert.Contains("DenyAllExceptListedIfNoMFA", explanation);

        // A code already accepted is refused (replay).
        var replay = await _aws.RunAsync(keyId, secret, null, "sts", "get-session-token", "--serial-number", serial, "--token-code", Totp.ComputeForStep(seed, step));
        Assert.NotEqual(0, replay.ExitCode);
        Assert.Contains("MultiFactorAuthentication failed with invalid MFA one time pass code.", replay.Stderr);

        // Signed in with MFA (GetSessionToken with the next code): access keys and the role both work.
        using var session = await Ok(keyId, secret, null, "sts", "get-session-token", "--serial-number", serial, "--token-code", Totp.ComputeForStep(seed, step + 1));
        var c = session.RootElement.GetProperty("Credentials");
        var (sid, ssecret, stoken) = (c.GetProperty("AccessKeyId").GetString()!, c.GetProperty("SecretAccessKey").GetString()!, c.GetProperty("SessionToken").GetString()!);
        using var newKey = await Ok(sid, ssecret, stoken, "iam", "create-access-key");
        Assert.StartsWith("AKIA", newKey.RootElement.GetProperty("AccessKey").GetProperty("AccessKeyId").GetString());
        using var assumed = await Ok(sid, ssecret, stoken, "sts", "assume-role", "--role-arn", roleArn, "--role-session-name", "with-mfa");
        Assert.Equal($"arn:aws:sts::{account}:assumed-role/{role}/with-mfa", assumed.RootElement.GetProperty("AssumedRoleUser").GetProperty("Arn").GetString());
    }

    private Task<JsonDocument> Admin(params string[] args) => Ok(server.AdminKeyId, server.AdminSecret, null, args);

    private async Task<JsonDocument> Ok(string keyId, string secret, string? token, params string[] args)
    {
        CliRunner.Result result = await _aws.RunAsync(keyId, secret, token, args);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', args)} failed ({result.ExitCode}): {result.Stderr}");
        return JsonDocument.Parse(result.Stdout.Length == 0 ? "{}" : result.Stdout);
    }
}
