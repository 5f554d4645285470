using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sekisho.TestSupport;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// Scenario 6 with real processes: a role and an activation made by the real AWS CLI, <c>sekisho agent register</c>
/// and <c>sekisho agent run</c> as separate processes, sessions opened by <c>sekisho session start</c> (a
/// non-interactive command, and a shell on a PTY driven through <c>script</c>) as a Run As user created for the
/// test, then <c>aws ssm deregister-managed-instance</c> stopping the agent.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class AgentNodeTests(ServerProcess server)
{
    private const string TrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    [Fact]
    public async Task A_node_registered_with_an_activation_runs_sessions_as_the_run_as_user_until_deregistered()
    {
        AwsCli.Require();
        var aws = new AwsCli(server);
        var key = server.AdminKeyId;
        var secret = server.AdminSecret;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var osUser = "sekisho-t-" + suffix;
        var role = "SekishoE2ENode-" + suffix;
        var state = Directory.CreateTempSubdirectory("sekisho-e2e-agent-");
        Run("/usr/sbin/useradd", "-m", "-s", "/bin/bash", osUser);
        string? previousPreferences = null;
        AgentProcess? agent = null;
        try
        {
            Ok(await aws.RunAsync(key, secret, null, "iam", "create-role", "--role-name", role, "--assume-role-policy-document", TrustPolicy));
            var activation = Ok(await aws.RunAsync(key, secret, null, "ssm", "create-activation", "--iam-role", role,
                "--registration-limit", "1", "--default-instance-name", "e2e-" + suffix));
            using var activationJson = JsonDocument.Parse(activation.Stdout);
            var activationId = activationJson.RootElement.GetProperty("ActivationId").GetString()!;
            var activationCode = activationJson.RootElement.GetProperty("ActivationCode").GetString()!;

            var register = await CliRunner.RunSekishoAsync(["agent", "register", "--server", server.Endpoint.ToString(), "--code", activationCode,
                "--id", activationId, "--state-dir", state.FullName], timeout: TimeSpan.FromMinutes(1));
            Assert.True(register.ExitCode == 0, register.Stderr);
            var instanceId = InstanceIdPattern().Match(register.Stdout).Value;
            Assert.StartsWith("mi-", instanceId, StringComparison.Ordinal);

            // The activation allowed one registration.
            var second = await CliRunner.RunSekishoAsync(["agent", "register", "--server", server.Endpoint.ToString(), "--code", activationCode,
                "--id", activationId, "--state-dir", Path.Combine(state.FullName, "second")], timeout: TimeSpan.FromMinutes(1));
            Assert.Equal(1, second.ExitCode);
            Assert.Contains("RegistrationLimitExceeded", second.Stderr, StringComparison.Ordinal);

            agent = AgentProcess.Start(state.FullName);
            await agent.WaitForLogAsync("control channel connected", TimeSpan.FromSeconds(60));
            await WaitOnlineAsync(aws, instanceId, "e2e-" + suffix);

            // Run As: this account's preferences name the test user (restored afterwards).
            var current = Ok(await aws.RunAsync(key, secret, null, "ssm", "get-document", "--name", "SSM-SessionManagerRunShell"));
            using (var doc = JsonDocument.Parse(current.Stdout)) previousPreferences = doc.RootElement.GetProperty("Content").GetString();
            await SetPreferencesAsync(aws, """{"schemaVersion":"1.0","description":"e2e","sessionType":"Standard_Stream","inputs":{"runAsEnabled":true,"runAsDefaultUser":""" +
                "\"" + osUser + "\"" + ""","idleSessionTimeout":"20","shellProfile":{"linux":"export SEKISHO_E2E_PROFILE=ran"}}}""");

            var env = Environment(key, secret);
            var command = await CliRunner.RunAsync("dotnet", [Sekisho, "session", "start", "--target", instanceId,
                "--document-name", "AWS-StartNonInteractiveCommand", "--parameters", """{"command":["whoami; echo to-stderr >&2; exit 3"]}"""],
                environment: env, timeout: TimeSpan.FromMinutes(1));
            Assert.True(command.ExitCode == 3, $"exit {command.ExitCode}\n{command.Stdout}\n{command.Stderr}\nagent:\n{agent.Log}");
            Assert.Contains(osUser + "\n", command.Stdout, StringComparison.Ordinal);
            Assert.Contains("to-stderr", command.Stderr, StringComparison.Ordinal);

            // A shell on a real terminal: `script` gives the client a PTY; keystrokes are typed ahead.
            var shell = await CliRunner.RunAsync("/usr/bin/script", ["-qec",
                    $"dotnet {Sekisho} session start --target {instanceId}", "/dev/null"],
                stdin: "echo \"U=$(whoami) H=$HOME P=$SEKISHO_E2E_PROFILE\"; tty; exit 4\n", environment: env, timeout: TimeSpan.FromMinutes(1));
            Assert.True(shell.ExitCode == 4, $"exit {shell.ExitCode}\n{shell.Stdout}\n{shell.Stderr}\nagent:\n{agent.Log}");
            Assert.Contains($"U={osUser} H=/home/{osUser} P=ran", shell.Stdout, StringComparison.Ordinal);
            Assert.Matches(@"/dev/pts/\d+", shell.Stdout);

            Ok(await aws.RunAsync(key, secret, null, "ssm", "deregister-managed-instance", "--instance-id", instanceId));
            Assert.Equal(3, await agent.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("deregistered", agent.Log, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, agent.Log, StringComparison.Ordinal);
        }
        finally
        {
            if (agent is not null) await agent.DisposeAsync();
            if (previousPreferences is not null) await SetPreferencesAsync(aws, previousPreferences);
            Run("/usr/sbin/userdel", "-f", "-r", osUser);
            state.Delete(recursive: true);
        }
    }

    private static string Sekisho => Path.Combine(AppContext.BaseDirectory, "sekisho.dll");

    private Dictionary<string, string> Environment(string key, string secret)
    {
        var home = Path.Combine(Path.GetTempPath(), "sekisho-e2e-home");
        Directory.CreateDirectory(home);
        return new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["AWS_CONFIG_FILE"] = Path.Combine(home, "none-config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(home, "none-credentials"),
            ["AWS_ACCESS_KEY_ID"] = key,
            ["AWS_SECRET_ACCESS_KEY"] = secret,
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL"] = server.Endpoint.ToString().TrimEnd('/'),
            ["TERM"] = "xterm",
        };
    }

    private async Task SetPreferencesAsync(AwsCli aws, string content)
    {
        var updated = Ok(await aws.RunAsync(server.AdminKeyId, server.AdminSecret, null, "ssm", "update-document", "--name", "SSM-SessionManagerRunShell",
            "--content", content, "--document-version", "$LATEST"));
        using var json = JsonDocument.Parse(updated.Stdout);
        var version = json.RootElement.GetProperty("DocumentDescription").GetProperty("DocumentVersion").GetString()!;
        Ok(await aws.RunAsync(server.AdminKeyId, server.AdminSecret, null, "ssm", "update-document-default-version", "--name", "SSM-SessionManagerRunShell",
            "--document-version", version));
    }

    private async Task WaitOnlineAsync(AwsCli aws, string instanceId, string expectedName)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var described = Ok(await aws.RunAsync(server.AdminKeyId, server.AdminSecret, null, "ssm", "describe-instance-information",
                "--filters", $"Key=InstanceIds,Values={instanceId}"));
            using var json = JsonDocument.Parse(described.Stdout);
            var list = json.RootElement.GetProperty("InstanceInformationList");
            if (list.GetArrayLength() == 1 && list[0].GetProperty("PingStatus").GetString() == "Online")
            {
                Assert.Equal(expectedName, list[0].GetProperty("Name").GetString());
                return;
            }
            if (DateTime.UtcNow > deadline) Assert.Fail($"{instanceId} is not Online: {described.Stdout}");
            await Task.Delay(500);
        }
    }

    private static CliRunner.Result Ok(CliRunner.Result result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        return result;
    }

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var error = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0 && file.EndsWith("useradd", StringComparison.Ordinal))
            throw new InvalidOperationException($"{file} failed ({p.ExitCode}): {error}");
    }

    [GeneratedRegex("mi-[0-9a-f]{17}")]
    private static partial Regex InstanceIdPattern();
}
