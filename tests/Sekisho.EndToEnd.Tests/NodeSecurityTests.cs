using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.Signing;
using Sekisho.TestSupport;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// Scenario 6 (a node's registration, state and credentials) and scenario 3's Run As rules, with a real server, a
/// real agent process and the real AWS CLI: what AgentNodeTests does not already cover.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class NodeSecurityTests(ServerProcess server)
{
    private readonly AwsCli _aws = new(server);
    private readonly IamQuery _iam = new(new SignedClient(server));
    private readonly string _suffix = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();

    private SigV4Credentials Admin => new(server.AdminKeyId, server.AdminSecret);

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task A_node_keeps_its_state_private_its_credentials_out_of_sessions_and_loses_them_on_deregistration()
    {
        AwsCli.Require();
        // An activation's expiry and limit are what the administrator asked for; one already expired is refused.
        var expires = DateTimeOffset.UtcNow.AddHours(2);
        await AdminCli("iam", "create-role", "--role-name", "Unused-" + _suffix, "--assume-role-policy-document",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com"},"Action":"sts:AssumeRole"}]}""");
        var activation = await AdminCli("ssm", "create-activation", "--iam-role", "Unused-" + _suffix, "--registration-limit", "3",
            "--expiration-date", expires.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        var activationId = activation.GetProperty("ActivationId").GetString()!;
        var described = await AdminCli("ssm", "describe-activations", "--filters", $"FilterKey=ActivationIds,FilterValues={activationId}");
        var listed = Assert.Single(described.GetProperty("ActivationList").EnumerateArray());
        Assert.Equal(3, listed.GetProperty("RegistrationLimit").GetInt32());
        Assert.False(listed.GetProperty("Expired").GetBoolean());
        Assert.InRange(DateTimeOffset.Parse(listed.GetProperty("ExpirationDate").GetString()!, CultureInfo.InvariantCulture), expires.AddSeconds(-2), expires.AddSeconds(2));
        var past = await _aws.RunAsync(server.AdminKeyId, server.AdminSecret, null, "ssm", "create-activation", "--iam-role", "Unused-" + _suffix,
            "--expiration-date", DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        Assert.NotEqual(0, past.ExitCode);
        Assert.Contains("CreateActivation", past.Stderr, StringComparison.Ordinal);

        await using var node = await TestNode.StartAsync(server, "s6-" + _suffix);

        // The state dir and its files are the owner's only.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(node.StateDir));
        var files = Directory.GetFiles(node.StateDir);
        Assert.NotEmpty(files);
        foreach (var file in files)
            Assert.True(File.GetUnixFileMode(file) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), $"{file} is {File.GetUnixFileMode(file)}");

        // The node's credentials, obtained as the agent obtains them: they are the activation role's.
        var credentials = await NodeCredentialsAsync(node);
        Assert.True(credentials.Status == 200, credentials.Body);
        var nodeKey = JsonSerializer.Deserialize<AgentCredentialsResponse>(credentials.Body, AgentChannelJsonContext.Default.AgentCredentialsResponse)!;
        var identity = await _aws.RunAsync(nodeKey.AccessKeyId, nodeKey.SecretAccessKey, nodeKey.SessionToken, "sts", "get-caller-identity");
        Assert.True(identity.ExitCode == 0, identity.Stderr);
        Assert.Contains($"assumed-role/{node.RoleName}/{node.InstanceId}", identity.Stdout, StringComparison.Ordinal);

        // A session's environment holds none of the node's AWS settings or credentials.
        var env = await SekishoSession.RunAsync(server, Admin, node.InstanceId, "--document-name", "AWS-StartNonInteractiveCommand", "--parameters", "command=env");
        Assert.True(env.ExitCode == 0, $"{env.Stderr}\nagent:\n{node.Agent.Log}");
        Assert.Contains("PATH=", env.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(env.Stdout.Split('\n'), line => line.StartsWith("AWS_", StringComparison.Ordinal));
        Assert.DoesNotContain(nodeKey.AccessKeyId[4..], env.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(nodeKey.SessionToken[..16], env.Stdout, StringComparison.Ordinal);

        // Deregistration: the agent is told at once and stops; its credentials stop working, and no new ones are issued.
        var clock = Stopwatch.StartNew();
        await AdminCli("ssm", "deregister-managed-instance", "--instance-id", node.InstanceId);
        var exit = await node.Agent.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var elapsed = clock.Elapsed;
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"the agent took {elapsed} to stop");
        Assert.Equal(3, exit);
        Assert.Contains("deregistered", node.Agent.Log, StringComparison.Ordinal);
        var voided = await _aws.RunAsync(nodeKey.AccessKeyId, nodeKey.SecretAccessKey, nodeKey.SessionToken, "sts", "get-caller-identity");
        Assert.NotEqual(0, voided.ExitCode);
        Assert.Contains("GetCallerIdentity", voided.Stderr, StringComparison.Ordinal);
        var refused = await NodeCredentialsAsync(node);
        Assert.True(refused.Status is >= 400 and < 500, $"{refused.Status}: {refused.Body}");
        Assert.Contains("NodeDeregistered", refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_As_on_without_a_default_user_refuses_an_untagged_principal_and_Run_As_off_runs_as_ssm_user_without_sudo()
    {
        AwsCli.Require();
        var ssmUserExisted = (await CliRunner.RunAsync("id", ["ssm-user"])).ExitCode == 0;
        var userName = "s3-untagged-" + _suffix;
        await _iam.IamAsync(Admin, "CreateUser", ("UserName", userName));
        await _iam.IamAsync(Admin, "PutUserPolicy", ("UserName", userName), ("PolicyName", "Sessions"),
            ("PolicyDocument", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:StartSession","Resource":"*"}]}"""));
        var key = await _iam.IamAsync(Admin, "CreateAccessKey", ("UserName", userName));
        var user = new SigV4Credentials(key.Value("AccessKeyId"), key.Value("SecretAccessKey"));
        var previous = (await AdminCli("ssm", "get-document", "--name", "SSM-SessionManagerRunShell")).GetProperty("Content").GetString()!;
        await using var node = await TestNode.StartAsync(server, "s3-" + _suffix);
        try
        {
            await SetPreferencesAsync(runAs: true);
            var refused = await SekishoSession.RunAsync(server, user, node.InstanceId, "--document-name", "AWS-StartNonInteractiveCommand", "--parameters", "command=whoami");
            Assert.True(refused.ExitCode == 254, $"exit {refused.ExitCode}\n{refused.Stdout}\n{refused.Stderr}");
            Assert.Empty(refused.Stdout);
            // Why: Run As is on, this principal has no tag and there is no default; how to fix: the tag, or a default user.
            Assert.Contains("Run As is enabled", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains($"arn:aws:iam::{ServerProcess.AccountId}:user/{userName} has no SSMSessionRunAs tag", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains("SSMSessionRunAs=<OS user name>", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains("runAsDefaultUser", refused.Stderr, StringComparison.Ordinal);

            await SetPreferencesAsync(runAs: false);
            var plain = await SekishoSession.RunAsync(server, user, node.InstanceId, "--document-name", "AWS-StartNonInteractiveCommand", "--parameters",
                """{"command":["id -un; id -nG; test -e /etc/sudoers.d/ssm-agent-users && echo SUDOERS-FILE || echo NO-SUDOERS-FILE; grep -rs ssm-user /etc/sudoers /etc/sudoers.d || echo NOT-IN-SUDOERS"]}""");
            Assert.True(plain.ExitCode == 0, $"exit {plain.ExitCode}\n{plain.Stdout}\n{plain.Stderr}\nagent:\n{node.Agent.Log}");
            var lines = plain.Stdout.Split('\n');
            Assert.Equal("ssm-user", lines[0]);
            Assert.DoesNotContain("sudo", lines[1].Split(' '));
            Assert.DoesNotContain("wheel", lines[1].Split(' '));
            Assert.Contains("NO-SUDOERS-FILE", plain.Stdout, StringComparison.Ordinal);
            Assert.Contains("NOT-IN-SUDOERS", plain.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            await SetPreferencesAsync(previous);
            if (!ssmUserExisted && (await CliRunner.RunAsync("id", ["ssm-user"])).ExitCode == 0)
                await CliRunner.RunAsync("/usr/sbin/userdel", ["-f", "-r", "ssm-user"]);
        }
    }

    private async Task<(int Status, string Body)> NodeCredentialsAsync(TestNode node)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(node.StateDir, "node-key.pem")));
        var timestamp = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var signature = key.SignData(Encoding.UTF8.GetBytes(AgentCredentialProof.StringToSign(node.InstanceId, timestamp)),
            HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        using var response = await server.Http.PostAsJsonAsync(new Uri(server.Endpoint, AgentEndpoints.Credentials),
            new AgentCredentialsRequest(node.InstanceId, timestamp, Convert.ToBase64String(signature)), AgentChannelJsonContext.Default.AgentCredentialsRequest);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private Task SetPreferencesAsync(bool runAs) => SetPreferencesAsync(
        """{"schemaVersion":"1.0","description":"scenario 3","sessionType":"Standard_Stream","inputs":{"runAsEnabled":""" + (runAs ? "true" : "false") +
        ""","runAsDefaultUser":"","idleSessionTimeout":"20"}}""");

    private Task SetPreferencesAsync(string content) => ShellPreferences.SetAsync(AdminCli, content);

    private async Task<JsonElement> AdminCli(params string[] args)
    {
        var result = await _aws.RunAsync(server.AdminKeyId, server.AdminSecret, null, args);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', args)}: {result.Stderr}");
        if (result.Stdout.Trim().Length == 0) return default;
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.Clone();
    }
}
