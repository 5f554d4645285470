using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sekisho.Protocol.Mfa;
using Sekisho.Server.Hosting;
using Sekisho.TestSupport;

namespace Sekisho.Server.Tests.Identity;

/// <summary>
/// The IAM API driven by Debian's AWS CLI v2 against the real server (in-process host, SigV4, the one
/// authorization path): administration, then the MFA half of scenario 1 as a new user with long-term keys.
/// </summary>
public sealed class IamAwsCliTests : IAsyncLifetime
{
    private const string Aws = AwsCliEnvironment.Path;
    private const string Account = "210987654321";
    private readonly string _data = Directory.CreateTempSubdirectory("sekisho-iam-cli-").FullName;
    private WebApplication? _app;
    private string _endpoint = "";

    private const string SelfService = """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"OwnKeys","Effect":"Allow","Action":["iam:CreateAccessKey","iam:DeleteAccessKey","iam:ListAccessKeys","iam:UpdateAccessKey","iam:GetAccessKeyLastUsed"],"Resource":"arn:aws:iam::*:user/${aws:username}"},
          {"Sid":"OwnVirtualMfa","Effect":"Allow","Action":"iam:CreateVirtualMFADevice","Resource":"arn:aws:iam::*:mfa/${aws:username}*"},
          {"Sid":"OwnUserMfaAndPassword","Effect":"Allow","Action":["iam:EnableMFADevice","iam:ListMFADevices","iam:ResyncMFADevice","iam:DeactivateMFADevice","iam:ChangePassword","iam:GetUser"],"Resource":"arn:aws:iam::*:user/${aws:username}*"},
          {"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ResyncMFADevice","sts:GetSessionToken","iam:ChangePassword"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}
        """;

    public async Task InitializeAsync()
    {
        await ServerInitializer.InitAsync(_data, Account, "eu-central-1", null, TimeProvider.System);
        _app = await SekishoServer.BuildAsync(new ServerOptions(_data, new Uri("http://127.0.0.1:0")));
        await _app.StartAsync();
        _endpoint = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private async Task<CliRunner.Result> AwsAsync(string credentials, params string[] args)
    {
        var env = AwsCliEnvironment.WithCredentialsFile(credentials);
        return await CliRunner.RunAsync(Aws, ["--endpoint-url", _endpoint, "--region", "eu-central-1", "--output", "json", .. args], environment: env);
    }

    private async Task<JsonNode> OkAsync(string credentials, params string[] args)
    {
        var result = await AwsAsync(credentials, args);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', args)}: {result.Stderr}");
        return result.Stdout.Trim().Length == 0 ? new JsonObject() : JsonNode.Parse(result.Stdout)!;
    }

    [Fact]
    public async Task The_AWS_CLI_manages_identities_and_a_new_user_must_register_MFA_first()
    {
        Assert.True(File.Exists(Aws), "/usr/bin/aws is missing: install Debian's awscli (AWS CLI v2)");
        var admin = Path.Combine(_data, "admin.credentials");

        var user = await OkAsync(admin, "iam", "create-user", "--user-name", "alice", "--tags", "Key=Project,Value=Blue");
        Assert.Equal($"arn:aws:iam::{Account}:user/alice", user["User"]!["Arn"]!.GetValue<string>());
        var users = await OkAsync(admin, "iam", "list-users");
        Assert.Equal(["admin", "alice"], users["Users"]!.AsArray().Select(u => u!["UserName"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var duplicate = await AwsAsync(admin, "iam", "create-user", "--user-name", "ALICE");
        Assert.Contains("(EntityAlreadyExists)", duplicate.Stderr, StringComparison.Ordinal);

        await OkAsync(admin, "iam", "create-group", "--group-name", "humans");
        await OkAsync(admin, "iam", "put-group-policy", "--group-name", "humans", "--policy-name", "self-service", "--policy-document", SelfService);
        await OkAsync(admin, "iam", "attach-group-policy", "--group-name", "humans", "--policy-arn", "arn:aws:iam::aws:policy/IAMSelfManageServiceSpecificCredentials");
        await OkAsync(admin, "iam", "add-user-to-group", "--group-name", "humans", "--user-name", "alice");
        var policy = await OkAsync(admin, "iam", "get-group-policy", "--group-name", "humans", "--policy-name", "self-service");
        Assert.Equal("DenyAllExceptListedIfNoMFA", policy["PolicyDocument"]!["Statement"]![3]!["Sid"]!.GetValue<string>());
        var bad = await AwsAsync(admin, "iam", "put-user-policy", "--user-name", "alice", "--policy-name", "x", "--policy-document", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\"");
        Assert.Contains("(MalformedPolicyDocument)", bad.Stderr, StringComparison.Ordinal);

        var created = await OkAsync(admin, "iam", "create-policy", "--policy-name", "ops", "--policy-document",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:StartSession","Resource":"*"}]}""");
        var arn = created["Policy"]!["Arn"]!.GetValue<string>();
        await OkAsync(admin, "iam", "create-policy-version", "--policy-arn", arn, "--set-as-default", "--policy-document",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:DescribeSessions","Resource":"*"}]}""");
        var versions = await OkAsync(admin, "iam", "list-policy-versions", "--policy-arn", arn);
        Assert.Equal(["v2", "v1"], versions["Versions"]!.AsArray().Select(v => v!["VersionId"]!.GetValue<string>()));
        var awsPolicies = await OkAsync(admin, "iam", "list-policies", "--scope", "AWS");
        Assert.Contains("AdministratorAccess", awsPolicies["Policies"]!.AsArray().Select(p => p!["PolicyName"]!.GetValue<string>()));

        // Alice gets long-term keys and a password, as an administrator hands them out.
        var key = await OkAsync(admin, "iam", "create-access-key", "--user-name", "alice");
        await OkAsync(admin, "iam", "create-login-profile", "--user-name", "alice", "--password", "first-Passw0rd");
        var alice = Path.Combine(_data, "alice.credentials");
        await File.WriteAllTextAsync(alice,
            $"[default]\naws_access_key_id = {key["AccessKey"]!["AccessKeyId"]}\naws_secret_access_key = {key["AccessKey"]!["SecretAccessKey"]}\n");

        // Without MFA: her password, and a device named after herself, but no keys.
        await OkAsync(alice, "iam", "change-password", "--old-password", "first-Passw0rd", "--new-password", "second-Passw0rd");
        var otherDevice = await AwsAsync(alice, "iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "bob",
            "--outfile", Path.Combine(_data, "bob.seed"), "--bootstrap-method", "Base32StringSeed");
        Assert.Contains("(AccessDenied)", otherDevice.Stderr, StringComparison.Ordinal);
        var keys = await AwsAsync(alice, "iam", "create-access-key");
        Assert.Contains("(AccessDenied)", keys.Stderr, StringComparison.Ordinal);
        Assert.Contains("with an explicit deny in an identity-based policy", keys.Stderr, StringComparison.Ordinal);

        var seedFile = Path.Combine(_data, "alice.seed");
        var device = await OkAsync(alice, "iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "alice",
            "--outfile", seedFile, "--bootstrap-method", "Base32StringSeed");
        var serial = device["VirtualMFADevice"]!["SerialNumber"]!.GetValue<string>();
        Assert.Equal($"arn:aws:iam::{Account}:mfa/alice", serial);
        var seed = Base32.Decode((await File.ReadAllTextAsync(seedFile)).Trim())!;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await OkAsync(alice, "iam", "enable-mfa-device", "--user-name", "alice", "--serial-number", serial,
            "--authentication-code1", Totp.Compute(seed, now - 30), "--authentication-code2", Totp.Compute(seed, now));
        var mfa = await OkAsync(alice, "iam", "list-mfa-devices");
        Assert.Equal(serial, mfa["MFADevices"]![0]!["SerialNumber"]!.GetValue<string>());

        var simulated = await OkAsync(admin, "iam", "simulate-principal-policy", "--policy-source-arn", $"arn:aws:iam::{Account}:user/alice",
            "--action-names", "iam:CreateAccessKey", "--resource-arns", $"arn:aws:iam::{Account}:user/alice",
            "--context-entries", "ContextKeyName=aws:MultiFactorAuthPresent,ContextKeyValues=true,ContextKeyType=boolean");
        Assert.Equal("allowed", simulated["EvaluationResults"]![0]!["EvalDecision"]!.GetValue<string>());

        var conflict = await AwsAsync(admin, "iam", "delete-user", "--user-name", "alice");
        Assert.Contains("(DeleteConflict)", conflict.Stderr, StringComparison.Ordinal);
    }
}
