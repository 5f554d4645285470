using Sekisho.Agent.RunAs;
using Sekisho.Agent.Sessions;
using Sekisho.Agent.Tests.Support;
using Sekisho.Agent.Workers;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Agent.Tests;

public sealed class CommandWorkerTests
{
    private static AgentControlMessage Start(string type, string user, string commands, bool allowRoot = false) => new()
    {
        Type = AgentMessageTypes.StartSession,
        SessionId = "bob-0123456789abcdef0",
        SessionType = type,
        DocumentName = "Test-Commands",
        RunAsUser = user,
        AllowRoot = allowRoot,
        Properties = new Dictionary<string, string> { ["commands"] = commands },
    };

    [Fact]
    public async Task Non_interactive_command_sends_stdout_stderr_and_exit_code_separately()
    {
        using var user = TestOsUser.Create();
        await using var harness = new SessionHarness(Start(SessionTypes.NonInteractiveCommands, user.Name,
            "echo out-$(whoami); echo err-$HOME >&2; read line; echo got-$line; exit 5"));
        var run = harness.RunAsync(new NonInteractiveCommandsWorker(new RunAsUsers()));
        await harness.Client.WaitForOutputAsync($"out-{user.Name}");
        harness.Client.Type("hello\n");
        Assert.Equal(5, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal($"out-{user.Name}\ngot-hello\n", harness.Client.Output);
        Assert.Equal($"err-{user.Home}\n", harness.Client.StdErr);
        Assert.Equal(HandshakeState.Complete, harness.Client.Handshake.State);
        Assert.Equal(SessionTypes.NonInteractiveCommands, harness.Client.Handshake.RequestedSessionType);
    }

    [Fact]
    public async Task Interactive_command_runs_on_a_terminal()
    {
        using var user = TestOsUser.Create();
        await using var harness = new SessionHarness(Start(SessionTypes.InteractiveCommands, user.Name, "tty; whoami; exit 3"));
        var run = harness.RunAsync(new InteractiveCommandsWorker(new RunAsUsers()));
        Assert.Equal(3, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Matches(@"/dev/pts/\d+\r\n" + user.Name, harness.Client.Output);
    }

    [Theory]
    [InlineData(SessionTypes.NonInteractiveCommands)]
    [InlineData(SessionTypes.InteractiveCommands)]
    public async Task Session_processes_ignore_no_signal_whatever_the_agent_ignores(string sessionType)
    {
        // The test host, like any .NET process, ignores SIGPIPE; without the reset the command would inherit it.
        using var user = TestOsUser.Create();
        await using var harness = new SessionHarness(Start(sessionType, user.Name, "grep SigIgn /proc/self/status"));
        var run = sessionType == SessionTypes.NonInteractiveCommands
            ? harness.RunAsync(new NonInteractiveCommandsWorker(new RunAsUsers()))
            : harness.RunAsync(new InteractiveCommandsWorker(new RunAsUsers()));
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        // The worker's end does not wait for the client to have received everything.
        await harness.Client.WaitForAsync(c => System.Text.RegularExpressions.Regex.IsMatch(c.Output, @"SigIgn:[^\n]*\n"), "the SigIgn line");
        Assert.Matches(@"SigIgn:\s+0000000000000000\r?\n", harness.Client.Output);
    }

    [Fact]
    public async Task Missing_user_fails_with_an_actionable_message()
    {
        var name = TestOsUser.NewName();
        await using var harness = new SessionHarness(Start(SessionTypes.NonInteractiveCommands, name, "true"));
        var error = await Assert.ThrowsAsync<SessionFailedException>(() => harness.RunAsync(new NonInteractiveCommandsWorker(new RunAsUsers())));
        Assert.Equal($"OS user '{name}' does not exist on node mi-0123456789abcdef0: create it or change the SSMSessionRunAs tag / runAsDefaultUser", error.Message);
        Assert.False(harness.Started);
    }

    [Fact]
    public async Task Root_is_refused_unless_the_document_allows_it()
    {
        await using (var refused = new SessionHarness(Start(SessionTypes.NonInteractiveCommands, "root", "id -u")))
        {
            var error = await Assert.ThrowsAsync<SessionFailedException>(() => refused.RunAsync(new NonInteractiveCommandsWorker(new RunAsUsers())));
            Assert.Contains("root", error.Message, StringComparison.Ordinal);
            Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        }
        await using var allowed = new SessionHarness(Start(SessionTypes.NonInteractiveCommands, "root", "id -u", allowRoot: true));
        Assert.Equal(0, await allowed.RunAsync(new NonInteractiveCommandsWorker(new RunAsUsers())).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("0\n", allowed.Client.Output);
    }

    [Fact]
    public async Task Default_user_is_created_on_first_use_without_sudo_and_a_leftover_drop_in_is_removed()
    {
        var name = TestOsUser.NewName();
        var dir = Directory.CreateTempSubdirectory("sekisho-sudoers-");
        var sudoers = Path.Combine(dir.FullName, "ssm-agent-users");
        await File.WriteAllTextAsync(sudoers, $"{name} ALL=(ALL) NOPASSWD:ALL\n");
        var users = new RunAsUsers(new RunAsOptions { DefaultUser = name, SudoersFile = sudoers });
        try
        {
            var start = Start(SessionTypes.NonInteractiveCommands, "", "whoami; echo $HOME; echo $SHELL");
            await using var harness = new SessionHarness(start);
            Assert.Equal(0, await harness.RunAsync(new NonInteractiveCommandsWorker(users)).WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Equal($"{name}\n/home/{name}\n/bin/bash\n", harness.Client.Output);
            Assert.True(Directory.Exists($"/home/{name}"));
            Assert.False(File.Exists(sudoers));

            // With SsmUserSudo the drop-in is written, root-readable only (0440), and a second session reuses the user.
            await using var second = new SessionHarness(start with { SsmUserSudo = true });
            Assert.Equal(0, await second.RunAsync(new NonInteractiveCommandsWorker(users)).WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Equal($"{name} ALL=(ALL) NOPASSWD:ALL", File.ReadAllLines(sudoers)[^1]);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead, File.GetUnixFileMode(sudoers));
        }
        finally
        {
            TestOsUser.Delete(name);
            dir.Delete(recursive: true);
        }
    }
}
