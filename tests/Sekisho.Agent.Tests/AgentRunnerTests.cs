using Sekisho.Agent.Connection;
using Sekisho.Agent.Host;
using Sekisho.Agent.RunAs;
using Sekisho.Agent.Sessions;
using Sekisho.Agent.Tests.Support;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Agent.Tests;

/// <summary>The whole agent (register, credentials, control, sessions) against a fake server on loopback.</summary>
public sealed class AgentRunnerTests
{
    private static async Task<(FakeServer Server, DirectoryInfo State)> RegisteredAsync()
    {
        var server = await FakeServer.StartAsync();
        var state = Directory.CreateTempSubdirectory("sekisho-agent-test-");
        await AgentRegistrar.RegisterAsync(new AgentRegistrationOptions(server.Url.ToString(), FakeServer.ActivationCode, FakeServer.ActivationId)
        {
            StateDir = Path.Combine(state.FullName, "state"),
        }, AgentLog.Null, TimeProvider.System, CancellationToken.None);
        return (server, state);
    }

    private static AgentRunner Runner(DirectoryInfo state, StringWriter? log = null) => new(new AgentRunOptions
    {
        StateDir = Path.Combine(state.FullName, "state"),
        Workers = SessionWorkerRegistration.CreateDefault(new SessionWorkerServices { Users = new RunAsUsers() }),
        Backoff = () => new ReconnectBackoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200)),
    }, log is null ? AgentLog.Null : new AgentLog(TextWriter.Synchronized(log)));

    [Fact]
    public async Task Agent_says_hello_runs_a_shell_session_reconnects_and_stops_when_deregistered()
    {
        var (server, state) = await RegisteredAsync();
        await using var _ = server;
        using var user = TestOsUser.Create();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var log = new StringWriter();
        var runner = Runner(state, log);
        var run = runner.RunAsync(stop.Token);

        var hello = await server.NextAsync(AgentMessageTypes.Hello);
        Assert.Equal(PlatformInfo.AgentVersion, hello.AgentVersion);
        Assert.Equal(Environment.MachineName, hello.ComputerName);
        Assert.Equal("Linux", hello.PlatformType);
        Assert.False(string.IsNullOrEmpty(hello.PlatformName));

        var session = server.ExpectSession("s-1", "data-token-1");
        await server.SendAsync(new AgentControlMessage
        {
            Type = AgentMessageTypes.StartSession, SessionId = "s-1", SessionType = SessionTypes.StandardStream,
            DocumentName = "SSM-SessionManagerRunShell", RunAsUser = user.Name, DataUrl = "/agent/v1/data/s-1", DataToken = "data-token-1",
        });
        Assert.Equal("s-1", (await server.NextAsync(AgentMessageTypes.SessionStarted)).SessionId);
        session.Client.Type("echo first-$((20+1))\n");
        await session.Client.WaitForOutputAsync("first-21");

        // The data socket breaks: the agent reconnects DataUrl with the same token and nothing is lost.
        session.Drop();
        session.Client.Type("echo second-$((20+2)); exit 6\n");
        var ended = await server.NextAsync(AgentMessageTypes.SessionEnded);
        Assert.Equal(6, ended.ExitCode);
        await session.Client.WaitForAsync(c => c.ExitCode == 6, "the ExitCode payload");
        Assert.Contains("second-22", session.Client.Output, StringComparison.Ordinal);
        Assert.True(session.Connections >= 2, $"the data socket was opened {session.Connections} time(s)");

        // The control socket drops: the agent reconnects and says hello again.
        server.DropControl();
        await server.NextAsync(AgentMessageTypes.Hello);
        Assert.Equal(2, server.ControlConnections);

        await server.SendAsync(new AgentControlMessage { Type = AgentMessageTypes.Deregistered, Message = "deregistered by a test" });
        Assert.Equal(AgentExitCodes.Deregistered, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        var text = log.ToString();
        Assert.Contains("deregistered", text, StringComparison.Ordinal);
        Assert.DoesNotContain("data-token-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("token-1", text.Replace("data-token-1", "", StringComparison.Ordinal), StringComparison.Ordinal);
        state.Delete(recursive: true);
    }

    [Fact]
    public async Task A_session_for_a_missing_user_is_reported_failed_with_the_reason()
    {
        var (server, state) = await RegisteredAsync();
        await using var _ = server;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var run = Runner(state).RunAsync(stop.Token);
        await server.NextAsync(AgentMessageTypes.Hello);
        var missing = TestOsUser.NewName();
        server.ExpectSession("s-2", "data-token-2");
        await server.SendAsync(new AgentControlMessage
        {
            Type = AgentMessageTypes.StartSession, SessionId = "s-2", SessionType = SessionTypes.StandardStream,
            RunAsUser = missing, DataUrl = "/agent/v1/data/s-2", DataToken = "data-token-2",
        });
        var failed = await server.NextAsync(AgentMessageTypes.SessionFailed);
        Assert.Equal($"OS user '{missing}' does not exist on node {FakeServer.InstanceId}: create it or change the SSMSessionRunAs tag / runAsDefaultUser", failed.Message);
        await stop.CancelAsync();
        Assert.Equal(AgentExitCodes.Stopped, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        state.Delete(recursive: true);
    }

    [Fact]
    public async Task Terminate_session_ends_the_shell()
    {
        var (server, state) = await RegisteredAsync();
        await using var _ = server;
        using var user = TestOsUser.Create();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var run = Runner(state).RunAsync(stop.Token);
        await server.NextAsync(AgentMessageTypes.Hello);
        var session = server.ExpectSession("s-3", "data-token-3");
        await server.SendAsync(new AgentControlMessage
        {
            Type = AgentMessageTypes.StartSession, SessionId = "s-3", RunAsUser = user.Name, SessionType = SessionTypes.StandardStream,
            DataUrl = "/agent/v1/data/s-3", DataToken = "data-token-3",
        });
        await server.NextAsync(AgentMessageTypes.SessionStarted);
        session.Client.Type("echo ready-$((1+2))\n");
        await session.Client.WaitForOutputAsync("ready-3");
        await server.SendAsync(new AgentControlMessage { Type = AgentMessageTypes.TerminateSession, SessionId = "s-3", Message = "TerminateSession" });
        var ended = await server.NextAsync(AgentMessageTypes.SessionEnded, TimeSpan.FromSeconds(15));
        Assert.Equal("s-3", ended.SessionId);
        await stop.CancelAsync();
        Assert.Equal(AgentExitCodes.Stopped, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        state.Delete(recursive: true);
    }

    [Fact]
    public async Task Credentials_refused_as_deregistered_stop_the_agent()
    {
        var (server, state) = await RegisteredAsync();
        await using var _ = server;
        server.Deregistered = true;
        var log = new StringWriter();
        Assert.Equal(AgentExitCodes.Deregistered, await Runner(state, log).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("NodeDeregistered", log.ToString(), StringComparison.Ordinal);
        state.Delete(recursive: true);
    }
}
