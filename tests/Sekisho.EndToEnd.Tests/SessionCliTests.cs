using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sekisho.TestSupport;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// <c>sekisho session start</c> against the real server and the real agent (registered with an activation and running
/// as its own process): a shell driven through tmux as a person would (whoami, a resize the remote PTY sees, exit 3)
/// and a non-interactive command's output and exit code.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class SessionCliTests(ServerProcess server) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private readonly AwsCli _aws = new(server);
    private readonly string _work = Directory.CreateTempSubdirectory("sekisho-session-cli-").FullName;
    private Process? _agent;
    private readonly StringWriter _agentLog = new();
    private string _instanceId = "";
    private bool _ssmUserExisted;

    private string Dll => Path.Combine(AppContext.BaseDirectory, "sekisho.dll");

    public async Task InitializeAsync()
    {
        _ssmUserExisted = (await CliRunner.RunAsync("id", ["ssm-user"])).ExitCode == 0;
        var role = "SessionCliNodeRole" + Guid.NewGuid().ToString("N")[..8];
        await Admin("iam", "create-role", "--role-name", role, "--assume-role-policy-document",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com"},"Action":"sts:AssumeRole"}]}""");
        var activation = await Admin("ssm", "create-activation", "--iam-role", role, "--registration-limit", "1", "--default-instance-name", "session-cli-e2e");
        var stateDir = Path.Combine(_work, "agent-state");
        var register = await CliRunner.RunSekishoAsync(["agent", "register", "--server", server.Endpoint.ToString().TrimEnd('/'),
            "--code", activation.GetProperty("ActivationCode").GetString()!, "--id", activation.GetProperty("ActivationId").GetString()!,
            "--state-dir", stateDir], timeout: TimeSpan.FromMinutes(1));
        Assert.True(register.ExitCode == 0, $"agent register: {register.Stderr}");
        _instanceId = InstanceIdPattern().Match(register.Stdout).Value;
        Assert.StartsWith("mi-", _instanceId, StringComparison.Ordinal);

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Dll, "agent", "run", "--state-dir", stateDir }) psi.ArgumentList.Add(a);
        _agent = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the agent");
        _agent.OutputDataReceived += (_, e) => { lock (_agentLog) _agentLog.WriteLine(e.Data); };
        _agent.ErrorDataReceived += (_, e) => { lock (_agentLog) _agentLog.WriteLine(e.Data); };
        _agent.BeginOutputReadLine();
        _agent.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var info = await Admin("ssm", "describe-instance-information", "--filters", $"Key=InstanceIds,Values={_instanceId}");
            var list = info.GetProperty("InstanceInformationList");
            if (list.GetArrayLength() == 1 && list[0].GetProperty("PingStatus").GetString() == "Online") break;
            Assert.True(DateTime.UtcNow < deadline && !_agent.HasExited, $"the agent did not come online; its log:\n{AgentLog}");
            await Task.Delay(250);
        }
    }

    public async Task DisposeAsync()
    {
        if (_agent is { HasExited: false })
        {
            _agent.Kill(entireProcessTree: true);
            await _agent.WaitForExitAsync();
        }
        _agent?.Dispose();
        if (_instanceId.Length > 0)
        {
            await _aws.RunAsync(server.AdminKeyId, server.AdminSecret, null, "ssm", "deregister-managed-instance", "--instance-id", _instanceId);
        }
        if (!_ssmUserExisted && (await CliRunner.RunAsync("id", ["ssm-user"])).ExitCode == 0)
        {
            // The agent created the default Run As user for these sessions; leave the machine as it was.
            await CliRunner.RunAsync("userdel", ["-r", "ssm-user"]);
        }
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task A_shell_in_a_real_terminal_runs_whoami_sees_a_resize_and_exits_with_3()
    {
        var home = AdminHome();
        await using var tmux = await TmuxSession.StartAsync(100, 30, home);
        await tmux.SendKeysAsync("stty -g > before.stty; clear");
        await tmux.SendKeysAsync($"env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_PROFILE HOME={home} " +
                                 $"dotnet {Dll} session start --target {_instanceId} --endpoint-url {server.Endpoint.ToString().TrimEnd('/')}; " +
                                 "echo \"EXIT\"\"=$?\"");
        await tmux.WaitForAsync("Starting session with SessionId", Wait);
        await WaitForRemotePromptAsync(tmux);
        await tmux.SendKeysAsync("whoami");
        var screen = await WaitOrExplain(tmux, "\nssm-user\n");
        // Raw mode: only the remote shell echoes, so the typed command shows once.
        Assert.Single(Regex.Matches(screen, "whoami"));

        await tmux.ResizeAsync(120, 40);
        await tmux.SendKeysAsync("stty size");
        await WaitOrExplain(tmux, "\n40 120\n");

        await tmux.SendKeysAsync("exit 3");
        screen = await WaitOrExplain(tmux, "EXIT=");
        Assert.Contains("EXIT=3", screen);
        await tmux.SendKeysAsync("[ \"$(stty -g)\" = \"$(cat before.stty)\" ] && echo TERMINAL-\"\"RESTORED || echo TERMINAL-\"\"CHANGED");
        screen = await WaitOrExplain(tmux, "TERMINAL-R");
        Assert.DoesNotContain("TERMINAL-CHANGED", screen);
    }

    [Fact]
    public async Task A_non_interactive_command_prints_its_output_and_exits_with_its_code()
    {
        var home = AdminHome();
        var result = await CliRunner.RunAsync("dotnet", [Dll, "session", "start", "--target", _instanceId,
                "--document-name", "AWS-StartNonInteractiveCommand", "--parameters", """{"command":["echo out-$((6*7)); echo to-stderr >&2; exit 4"]}""",
                "--endpoint-url", server.Endpoint.ToString().TrimEnd('/')],
            environment: new Dictionary<string, string>
            {
                ["HOME"] = home, ["AWS_ACCESS_KEY_ID"] = "", ["AWS_SECRET_ACCESS_KEY"] = "", ["AWS_SESSION_TOKEN"] = "", ["AWS_PROFILE"] = "",
            },
            timeout: Wait);
        Assert.True(result.ExitCode == 4, $"exit {result.ExitCode}\nstdout: {result.Stdout}\nstderr: {result.Stderr}\nagent: {AgentLog}");
        Assert.Equal("out-42\n", result.Stdout);
        Assert.Contains("to-stderr", result.Stderr);
    }

    [Fact]
    public async Task Output_redirected_to_a_file_the_shell_shares_lands_between_what_the_shell_wrote()
    {
        // stdout is a regular file shared with the shell: the session's output must move the file's offset, or the
        // shell's next echo overwrites it (as it did when stdout was a FileStream writing at a position of its own).
        var file = Path.Combine(_work, "shared-output");
        var script = $"{{ echo before; dotnet {Dll} session start --target {_instanceId} --document-name AWS-StartNonInteractiveCommand " +
                     $"--parameters 'command=echo the-session' --endpoint-url {server.Endpoint.ToString().TrimEnd('/')} < /dev/null; echo after; }} > {file}";
        var result = await CliRunner.RunAsync("sh", ["-c", script],
            environment: new Dictionary<string, string>
            {
                ["HOME"] = AdminHome(), ["AWS_ACCESS_KEY_ID"] = "", ["AWS_SECRET_ACCESS_KEY"] = "", ["AWS_SESSION_TOKEN"] = "", ["AWS_PROFILE"] = "",
            },
            timeout: Wait);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\nstderr: {result.Stderr}\nagent: {AgentLog}");
        Assert.Equal("before\nthe-session\nafter\n", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task A_refused_start_is_reported_as_the_aws_cli_reports_it()
    {
        var home = AdminHome();
        var result = await CliRunner.RunAsync("dotnet", [Dll, "session", "start", "--target", "mi-00000000000000000",
                "--endpoint-url", server.Endpoint.ToString().TrimEnd('/')],
            environment: new Dictionary<string, string> { ["HOME"] = home, ["AWS_ACCESS_KEY_ID"] = "", ["AWS_SECRET_ACCESS_KEY"] = "", ["AWS_PROFILE"] = "" },
            timeout: Wait);
        Assert.Equal(254, result.ExitCode);
        Assert.Matches(@"An error occurred \(\w+\) when calling the StartSession operation: ", result.Stderr);
    }

    /// <summary>Waits for the remote shell's prompt (a line ending in '$'), so typed keys are not typed ahead of it.</summary>
    private async Task WaitForRemotePromptAsync(TmuxSession tmux)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var screen = await tmux.CaptureAsync();
            var after = screen[(screen.IndexOf("Starting session with SessionId", StringComparison.Ordinal) + 1)..];
            if (after.Split('\n').Any(line => line.TrimEnd().EndsWith('$'))) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no remote prompt; the screen:\n{screen}\nagent log:\n{AgentLog}");
            await Task.Delay(100);
        }
    }

    private string AgentLog
    {
        get
        {
            lock (_agentLog) return _agentLog.ToString();
        }
    }

    private async Task<string> WaitOrExplain(TmuxSession tmux, string text)
    {
        try
        {
            return await tmux.WaitForAsync(text, Wait);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\nagent log:\n" + AgentLog, e);
        }
    }

    /// <summary>A HOME whose ~/.aws holds the administrator's keys and a region, as a person's would.</summary>
    private string AdminHome()
    {
        var home = Path.Combine(_work, "home-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(home, ".aws"));
        File.WriteAllText(Path.Combine(home, ".aws", "credentials"),
            $"[default]\naws_access_key_id = {server.AdminKeyId}\naws_secret_access_key = {server.AdminSecret}\n");
        File.WriteAllText(Path.Combine(home, ".aws", "config"), "[default]\nregion = us-east-1\n");
        return home;
    }

    private async Task<JsonElement> Admin(params string[] args)
    {
        var result = await _aws.RunAsync(server.AdminKeyId, server.AdminSecret, null, args);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', args)}: {result.Stderr}");
        if (result.Stdout.Trim().Length == 0) return default;
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.Clone();
    }

    [GeneratedRegex("mi-[0-9a-f]{17}")]
    private static partial Regex InstanceIdPattern();
}
