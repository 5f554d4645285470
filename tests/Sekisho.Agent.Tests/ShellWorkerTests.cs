using Sekisho.Agent.RunAs;
using Sekisho.Agent.Tests.Support;
using Sekisho.Agent.Workers;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Agent.Tests;

public sealed class ShellWorkerTests
{
    private static AgentControlMessage Start(string user, string? profile = null) => new()
    {
        Type = AgentMessageTypes.StartSession,
        SessionId = "alice-0123456789abcdef0",
        SessionType = SessionTypes.StandardStream,
        RunAsUser = user,
        ShellProfile = profile,
    };

    [Fact]
    public async Task Shell_runs_as_the_user_on_a_controlling_terminal_with_a_login_environment()
    {
        using var user = TestOsUser.Create();
        await using var harness = new SessionHarness(Start(user.Name, profile: "export SEKISHO_PROFILE_RAN=yes"));
        harness.Client.Resize(100, 30);
        var run = harness.RunAsync(new ShellWorker(new RunAsUsers()));
        harness.Client.Type("echo \"U=$(whoami) H=$HOME S=$SHELL US=$USER T=$TERM P=$SEKISHO_PROFILE_RAN\"; tty; stty size; set -o | grep -E '^monitor'; echo DONE-$((6*7))\n");
        await harness.Client.WaitForOutputAsync("DONE-42");
        var output = harness.Client.Output;
        Assert.Contains($"U={user.Name} H={user.Home} S=/bin/bash US={user.Name} T=xterm-256color P=yes", output);
        Assert.Matches(@"/dev/pts/\d+", output);
        Assert.Contains("30 100", output);
        Assert.Matches(@"monitor\s+on", output);

        harness.Client.Resize(132, 43);
        harness.Client.Type("stty size\n");
        await harness.Client.WaitForOutputAsync("43 132");

        harness.Client.Type("exit 7\n");
        Assert.Equal(7, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.True(harness.Started);
    }

    [Fact]
    public async Task Ctrl_c_interrupts_the_foreground_command_through_the_pty()
    {
        using var user = TestOsUser.Create();
        await using var harness = new SessionHarness(Start(user.Name));
        var run = harness.RunAsync(new ShellWorker(new RunAsUsers()));
        harness.Client.Type("sleep 60; echo slept-$((40+2))\n");
        await Task.Delay(500);
        harness.Client.Type("\u0003");
        harness.Client.Type("echo after-$((1+1))\n");
        await harness.Client.WaitForOutputAsync("after-2", TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("slept-42", harness.Client.Output);
        harness.Client.Type("exit\n");
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Terminating_hangs_up_the_shell_and_its_background_jobs()
    {
        using var user = TestOsUser.Create();
        await using var harness = new SessionHarness(Start(user.Name));
        using var cts = new CancellationTokenSource();
        var run = harness.RunAsync(new ShellWorker(new RunAsUsers()), cts.Token);
        harness.Client.Type("sleep 300 & echo started-$!\n");
        await harness.Client.WaitForAsync(c => System.Text.RegularExpressions.Regex.IsMatch(c.Output, @"started-\d+"), "the background job");
        var pid = int.Parse(System.Text.RegularExpressions.Regex.Match(harness.Client.Output, @"started-(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await cts.CancelAsync();
        var code = await run.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.NotNull(code);
        Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal),
            $"background job {pid} survived the session");
    }
}
