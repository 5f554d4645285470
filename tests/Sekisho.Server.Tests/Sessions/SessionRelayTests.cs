using System.Diagnostics;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.DataChannel;
using Sekisho.Server.Nodes;
using Sekisho.Server.Sessions;

namespace Sekisho.Server.Tests.Sessions;

public sealed class SessionRelayTests(SessionsFixture server) : IClassFixture<SessionsFixture>
{
    private sealed record Open(string Id, DataChannelPeer Client, DataChannelPeer Agent, AgentControlMessage Start) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Agent.DisposeAsync();
        }
    }

    private async Task<(string Id, string Token, string StreamUrl)> StartAsync(string node = SessionsFixture.Node1)
    {
        var (status, body) = await server.SsmAsync("StartSession", new { Target = node }, server.Admin);
        Assert.True(status == 200, body.ToJsonString());
        return (body["SessionId"]!.GetValue<string>(), body["TokenValue"]!.GetValue<string>(), body["StreamUrl"]!.GetValue<string>());
    }

    private static object PortForwarding(string node) => new
    {
        Target = node,
        DocumentName = "AWS-StartPortForwardingSession",
        Parameters = new Dictionary<string, string[]> { ["portNumber"] = ["5432"] },
    };

    /// <summary>A port-forwarding session: one with a handshake, so the node hears of it at StartSession.</summary>
    private async Task<(string Id, string Token, string StreamUrl)> StartPortAsync()
    {
        var (status, body) = await server.SsmAsync("StartSession", PortForwarding(SessionsFixture.Node1), server.Admin);
        Assert.True(status == 200, body.ToJsonString());
        return (body["SessionId"]!.GetValue<string>(), body["TokenValue"]!.GetValue<string>(), body["StreamUrl"]!.GetValue<string>());
    }

    private async Task<AgentControlMessage> StartMessageAsync(string id, string node = SessionsFixture.Node1)
    {
        while (true)
        {
            var start = await server.Nodes.NextAsync(node, AgentMessageTypes.StartSession);
            if (start.SessionId == id) return start;
        }
    }

    private async Task<Open> OpenAsync()
    {
        var (id, token, url) = await StartAsync();
        var client = await DataChannelPeer.ConnectAsync(new Uri(url), token, agent: false);
        var start = await StartMessageAsync(id);
        var agent = await DataChannelPeer.ConnectAsync(server.AgentDataUri(start.DataUrl!), start.DataToken!, agent: true);
        return new Open(id, client, agent, start);
    }

    private SessionAgentMessages Handler => server.Get<IEnumerable<IAgentMessageHandler>>().OfType<SessionAgentMessages>().Single();

    private async Task<string> RecordingAsync(string id)
    {
        using var buffer = new MemoryStream();
        Assert.True(await server.Get<RecordingStore>().ReadAsync(RecordingStore.Name(SessionsFixture.Account, id), buffer, default));
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private async Task<JsonNode> DescribeAsync(string id, string state)
    {
        var (_, body) = await server.SsmAsync("DescribeSessions", new { State = state, Filters = new[] { new { key = "SessionId", value = id } } }, server.Admin);
        return body["Sessions"]![0]!;
    }

    [Fact]
    public async Task A_shell_session_is_relayed_both_ways_recorded_and_ended_by_the_agent()
    {
        await using var s = await OpenAsync();
        Assert.Equal("ssm-user", s.Start.RunAsUser);
        Assert.Equal("Standard_Stream", s.Start.SessionType);
        Assert.Equal(AgentEndpoints.AgentData(s.Id), s.Start.DataUrl);
        Assert.False(s.Start.AllowRoot);

        await s.Client.SendAsync(PayloadType.Size, DataChannelPayloads.Serialize(new TerminalSize(100, 30)));
        await s.Client.SendTextAsync("whoami\r");
        await s.Agent.WaitForTextAsync("whoami\r");
        Assert.Contains(s.Agent.Messages, m => m.Type == PayloadType.Size);
        await s.Agent.SendTextAsync("ssm-user\r\n$ ");
        await s.Client.WaitForTextAsync("ssm-user\r\n$ ");
        await Handler.OnAgentMessageAsync(SessionsFixture.Node1, new AgentControlMessage { Type = AgentMessageTypes.SessionStarted, SessionId = s.Id }, default);
        Assert.Equal("Connected", (await DescribeAsync(s.Id, "Active"))["Status"]!.GetValue<string>());

        await Handler.OnAgentMessageAsync(SessionsFixture.Node1, new AgentControlMessage { Type = AgentMessageTypes.SessionEnded, SessionId = s.Id, ExitCode = 0 }, default);
        await s.Client.ClosedSignal.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(s.Id, s.Client.Closed!.SessionId);
        Assert.Equal("Terminated", (await DescribeAsync(s.Id, "History"))["Status"]!.GetValue<string>());

        var lines = (await RecordingAsync(s.Id)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = JsonNode.Parse(lines[0])!;
        Assert.Equal(2, header["version"]!.GetValue<int>());
        Assert.Equal(100, header["width"]!.GetValue<int>());
        Assert.Equal(30, header["height"]!.GetValue<int>());
        Assert.Equal($"arn:aws:iam::{SessionsFixture.Account}:user/admin", header["sekisho_owner"]!.GetValue<string>());
        Assert.Equal(SessionsFixture.Node1, header["sekisho_target"]!.GetValue<string>());
        Assert.Equal("ssm-user", header["sekisho_run_as"]!.GetValue<string>());
        Assert.Equal("SSM-SessionManagerRunShell", header["sekisho_document"]!.GetValue<string>());
        Assert.Equal(s.Id, header["sekisho_session_id"]!.GetValue<string>());
        var events = lines.Skip(1).Select(l => JsonNode.Parse(l)!.AsArray()).Select(e => (e[1]!.GetValue<string>(), e[2]!.GetValue<string>())).ToList();
        Assert.Equal([("r", "100x30"), ("i", "whoami\r"), ("o", "ssm-user\r\n$ ")], events);
    }

    [Fact]
    public async Task A_client_that_resumes_after_its_socket_breaks_mid_output_receives_every_byte_once()
    {
        await using var s = await OpenAsync();
        var output = new byte[1536 * 1024];
        new Random(5).NextBytes(output);
        for (var i = 0; i < output.Length; i++) output[i] = (byte)(32 + (output[i] % 95)); // printable, so the recording is text too
        var sending = Task.Run(async () =>
        {
            for (var at = 0; at < output.Length; at += 1024) await s.Agent.SendAsync(PayloadType.Output, output[at..Math.Min(output.Length, at + 1024)]);
        });
        await s.Client.WaitForLengthAsync(output.Length / 3);
        s.Client.Break();
        var (status, resumed) = await server.SsmAsync("ResumeSession", new { SessionId = s.Id }, server.Admin);
        Assert.Equal(200, status);
        Assert.Equal(s.Id, resumed["SessionId"]!.GetValue<string>());
        await s.Client.ReconnectAsync(resumed["TokenValue"]!.GetValue<string>(), new Uri(resumed["StreamUrl"]!.GetValue<string>()));
        await sending;
        // A real client resumes after every broken or closed socket, and so does this one (at most twice), but the
        // server must not break a freshly resumed socket: it once did, when the old agent socket's pump, stopped
        // by the re-attach, cancelled its send on the new client socket (which aborts a WebSocket).
        var closes = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (s.Client.Received.Length < output.Length)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"received {s.Client.Received.Length} of {output.Length} bytes; agent {s.Agent.State}; client {s.Client.State}; server closes: {string.Join(" | ", closes)}");
            if (s.Client.SocketClosed.Task.IsCompleted && closes.Count < 2)
            {
                var (closeStatus, reason) = await s.Client.SocketClosed.Task;
                closes.Add($"{closeStatus}: {reason}");
                var (again, resumedAgain) = await server.SsmAsync("ResumeSession", new { SessionId = s.Id }, server.Admin);
                Assert.Equal(200, again);
                await s.Client.ReconnectAsync(resumedAgain["TokenValue"]!.GetValue<string>(), new Uri(resumedAgain["StreamUrl"]!.GetValue<string>()));
                continue;
            }
            await Task.Delay(20);
        }
        Assert.True(closes.Count == 0, "the server closed the resumed client socket: " + string.Join(" | ", closes));
        Assert.Equal(output.Length, s.Client.Received.Length);
        Assert.Equal(SHA256.HashData(output), SHA256.HashData(s.Client.Received));

        var (_, terminated) = await server.SsmAsync("TerminateSession", new { SessionId = s.Id }, server.Admin);
        Assert.Equal(s.Id, terminated["SessionId"]!.GetValue<string>());
        var terminate = await server.Nodes.NextAsync(SessionsFixture.Node1, AgentMessageTypes.TerminateSession);
        Assert.Equal(s.Id, terminate.SessionId);
        await s.Client.ClosedSignal.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("terminated", s.Client.Closed!.Output, StringComparison.Ordinal);

        // The recording holds the output exactly once too: resent frames are recorded once, none is lost.
        var recorded = new StringBuilder();
        foreach (var line in (await RecordingAsync(s.Id)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var e = JsonNode.Parse(line)!.AsArray();
            if (e[1]!.GetValue<string>() == "o") recorded.Append(e[2]!.GetValue<string>());
        }
        var expected = Encoding.ASCII.GetString(output);
        Assert.True(recorded.Length == expected.Length && recorded.ToString() == expected,
            $"recording has {recorded.Length} output characters, expected {expected.Length}; first difference at {FirstDifference(recorded.ToString(), expected)}; server closes: {string.Join(" | ", closes)}");
    }

    private static int FirstDifference(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
            if (a[i] != b[i]) return i;
        return a.Length == b.Length ? -1 : n;
    }

    [Fact]
    public async Task Forged_expired_misplaced_and_other_sessions_tokens_are_refused_with_a_reason()
    {
        var (id, token, url) = await StartAsync();
        var (otherId, otherToken, _) = await StartAsync();
        var forged = Convert.ToBase64String(RandomNumberGenerator.GetBytes(120)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        await AssertRefusedAsync(new Uri(url), forged, "the token is not valid");
        await AssertRefusedAsync(new Uri(url), otherToken, $"the token was issued for another session, not {id}");
        await AssertRefusedAsync(server.AgentDataUri(AgentEndpoints.AgentData(id)), token, "the token is for the client end of the session, not the agent end");
        await AssertRefusedAsync(new Uri(url), "", "the first frame carries no TokenValue");

        server.Clock.Advance(StreamTokens.ClientLifetime + TimeSpan.FromSeconds(1));
        await AssertRefusedAsync(new Uri(url), token, "the token has expired; call ResumeSession for a new one");

        // Nothing was started on the node for either session, and both still wait for a client.
        Assert.False(server.Nodes.Sent(SessionsFixture.Node1).TryPeek(out var sent) && (sent.SessionId == id || sent.SessionId == otherId));
        Assert.Equal("Connecting", (await DescribeAsync(id, "Active"))["Status"]!.GetValue<string>());
        var (_, resumed) = await server.SsmAsync("ResumeSession", new { SessionId = id }, server.Admin);
        await using var client = await DataChannelPeer.ConnectAsync(new Uri(url), resumed["TokenValue"]!.GetValue<string>(), agent: false);
        Assert.Equal(id, (await StartMessageAsync(id)).SessionId);
    }

    [Fact]
    public async Task An_idle_session_is_ended_on_both_ends()
    {
        await using var s = await OpenAsync();
        await s.Client.SendTextAsync("x");
        await s.Agent.WaitForTextAsync("x");
        server.Clock.Advance(TimeSpan.FromMinutes(19));
        await Task.Delay(1500);
        Assert.Null(s.Client.Closed);
        await s.Agent.SendTextAsync("still here");
        await s.Client.WaitForTextAsync("still here");
        server.Clock.Advance(TimeSpan.FromMinutes(20));
        await s.Client.ClosedSignal.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal($"Session {s.Id} was idle for 20 minutes and was terminated.", s.Client.Closed!.Output);
        var terminate = await server.Nodes.NextAsync(SessionsFixture.Node1, AgentMessageTypes.TerminateSession);
        Assert.Equal(s.Id, terminate.SessionId);
        var ended = await DescribeAsync(s.Id, "History");
        Assert.Equal("Terminated", ended["Status"]!.GetValue<string>());
        Assert.Equal("idle session timeout", ended["Details"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_port_session_in_steady_use_still_ends_at_the_maximum_duration()
    {
        // The account's preferences get maxSessionDuration 60 (minutes) for this session only: a session keeps the
        // limits it started with, so the default version is restored before the clock moves.
        var (status, body) = await server.SsmAsync("UpdateDocument", new
        {
            Name = "SSM-SessionManagerRunShell",
            DocumentVersion = "$LATEST",
            Content = """{"schemaVersion":"1.0","description":"max duration","sessionType":"Standard_Stream","inputs":{"maxSessionDuration":"60"}}""",
        }, server.Admin);
        Assert.True(status == 200, body.ToJsonString());
        var limited = body["DocumentDescription"]!["DocumentVersion"]!.GetValue<string>();
        var previous = (int.Parse(limited, System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        (status, body) = await server.SsmAsync("UpdateDocumentDefaultVersion", new { Name = "SSM-SessionManagerRunShell", DocumentVersion = limited }, server.Admin);
        Assert.True(status == 200, body.ToJsonString());
        string id, token, url;
        try
        {
            (status, body) = await server.SsmAsync("StartSession", PortForwarding(SessionsFixture.Node1), server.Admin);
            Assert.True(status == 200, body.ToJsonString());
            (id, token, url) = (body["SessionId"]!.GetValue<string>(), body["TokenValue"]!.GetValue<string>(), body["StreamUrl"]!.GetValue<string>());
        }
        finally
        {
            (status, body) = await server.SsmAsync("UpdateDocumentDefaultVersion", new { Name = "SSM-SessionManagerRunShell", DocumentVersion = previous }, server.Admin);
            Assert.True(status == 200, body.ToJsonString());
        }
        await using var client = await DataChannelPeer.ConnectAsync(new Uri(url), token, agent: false);
        var start = await StartMessageAsync(id);
        Assert.Equal("Port", start.SessionType);
        await using var agent = await DataChannelPeer.ConnectAsync(server.AgentDataUri(start.DataUrl!), start.DataToken!, agent: true);

        // Traffic both ways every 15 minutes (the idle timeout is 20), then 14 quiet ones: at 59 minutes, still open.
        for (var minute = 15; minute <= 45; minute += 15)
        {
            server.Clock.Advance(TimeSpan.FromMinutes(15));
            await client.SendTextAsync($"up {minute}");
            await agent.WaitForTextAsync($"up {minute}");
            await agent.SendTextAsync($"down {minute}");
            await client.WaitForTextAsync($"down {minute}");
        }
        server.Clock.Advance(TimeSpan.FromMinutes(14));
        await Task.Delay(1500);
        Assert.Null(client.Closed);

        server.Clock.Advance(TimeSpan.FromMinutes(2));
        await client.ClosedSignal.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal($"Session {id} reached its maximum duration of 60 minutes and was terminated.", client.Closed!.Output);
        Assert.Equal(id, (await server.Nodes.NextAsync(SessionsFixture.Node1, AgentMessageTypes.TerminateSession)).SessionId);
        var ended = await DescribeAsync(id, "History");
        Assert.Equal("Terminated", ended["Status"]!.GetValue<string>());
        Assert.Equal("maximum session duration reached", ended["Details"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failed_start_is_told_to_the_client_and_an_offline_node_ends_the_session()
    {
        await using (var s = await OpenAsync())
        {
            await Handler.OnAgentMessageAsync(SessionsFixture.Node1, new AgentControlMessage { Type = AgentMessageTypes.SessionFailed, SessionId = s.Id, Message = "Unable to start: OS user os-user9 does not exist on the node." }, default);
            await s.Client.ClosedSignal.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("Unable to start: OS user os-user9 does not exist on the node.", s.Client.Closed!.Output);
            Assert.Equal("Failed", (await DescribeAsync(s.Id, "History"))["Status"]!.GetValue<string>());
        }

        var (id, token, url) = await StartAsync();
        server.Nodes.SetOnline(SessionsFixture.Node1, false);
        try
        {
            await using var client = await DataChannelPeer.ConnectAsync(new Uri(url), token, agent: false);
            await client.ClosedSignal.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal($"{SessionsFixture.Node1} is not connected.", client.Closed!.Output);
            Assert.Equal("Failed", (await DescribeAsync(id, "History"))["Status"]!.GetValue<string>());
        }
        finally
        {
            server.Nodes.SetOnline(SessionsFixture.Node1, true);
        }

        await using var third = await OpenAsync();
        await Handler.OnAgentDisconnectedAsync(SessionsFixture.Node1, default);
        await third.Client.ClosedSignal.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal($"{SessionsFixture.Node1} disconnected.", third.Client.Closed!.Output);
    }

    [Fact]
    public async Task The_agent_is_told_at_StartSession_and_its_handshake_waits_for_the_client()
    {
        var (id, token, url) = await StartPortAsync();
        // start_session is out before any client socket: the agent opens its data socket meanwhile.
        var start = await StartMessageAsync(id);
        await using var agent = await DataChannelPeer.ConnectAsync(server.AgentDataUri(start.DataUrl!), start.DataToken!, agent: true);
        await agent.SendTextAsync("sent before the client came\r\n");
        await using var client = await DataChannelPeer.ConnectAsync(new Uri(url), token, agent: false);
        await client.WaitForTextAsync("sent before the client came");
        // The client's first socket is not a resume: the agent's socket stays (a re-attach would close it).
        await client.SendTextAsync("echo\r");
        await agent.WaitForTextAsync("echo\r");
        Assert.False(agent.SocketClosed.Task.IsCompleted);
    }

    [Fact]
    public async Task A_start_that_fails_before_the_client_comes_is_told_to_the_client()
    {
        var (id, token, url) = await StartPortAsync();
        await StartMessageAsync(id);
        await Handler.OnAgentMessageAsync(SessionsFixture.Node1, new AgentControlMessage { Type = AgentMessageTypes.SessionFailed, SessionId = id, Message = "node mi-x has no worker for session type Nope" }, default);
        Assert.Equal("Failed", (await DescribeAsync(id, "History"))["Status"]!.GetValue<string>());

        await using var client = await DataChannelPeer.ConnectAsync(new Uri(url), token, agent: false);
        await client.ClosedSignal.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("node mi-x has no worker for session type Nope", client.Closed!.Output);
    }

    [Fact]
    public async Task A_node_that_cannot_take_the_start_fails_StartSession_with_TargetNotConnected()
    {
        server.Nodes.SetUnreachable(SessionsFixture.Node1, true);
        try
        {
            var (status, body) = await server.SsmAsync("StartSession", PortForwarding(SessionsFixture.Node1), server.Admin);
            Assert.Equal(400, status);
            Assert.Equal("TargetNotConnected", body["__type"]!.GetValue<string>());
            Assert.Equal($"{SessionsFixture.Node1} is not connected.", (body["message"] ?? body["Message"])!.GetValue<string>());
        }
        finally
        {
            server.Nodes.SetUnreachable(SessionsFixture.Node1, false);
        }
        var (_, history) = await server.SsmAsync("DescribeSessions", new { State = "History" }, server.Admin);
        Assert.Contains(history["Sessions"]!.AsArray(), x => x!["Status"]!.GetValue<string>() == "Failed" && x["Details"]?.GetValue<string>() == $"{SessionsFixture.Node1} is not connected.");
    }

    [Fact]
    public async Task The_recording_plays_in_the_real_asciinema()
    {
        await using var s = await OpenAsync();
        await s.Client.SendAsync(PayloadType.Size, DataChannelPayloads.Serialize(new TerminalSize(80, 24)));
        await s.Client.SendTextAsync("echo hello\r");
        await s.Agent.WaitForTextAsync("echo hello\r");
        await s.Agent.SendTextAsync("echo hello\r\nhello from the node ✓\r\n$ ");
        await s.Client.WaitForTextAsync("hello from the node ✓");
        await Handler.OnAgentMessageAsync(SessionsFixture.Node1, new AgentControlMessage { Type = AgentMessageTypes.SessionEnded, SessionId = s.Id, ExitCode = 0 }, default);
        await s.Client.ClosedSignal.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var file = Path.Combine(server.DataDirectory, s.Id + ".cast");
        await File.WriteAllTextAsync(file, await RecordingAsync(s.Id));
        var start = new ProcessStartInfo("asciinema", ["play", "-s", "100", file]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["LANG"] = "C.UTF-8";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, stderr);
        Assert.Equal("echo hello\r\nhello from the node ✓\r\n$ ", stdout);
    }

    private static async Task AssertRefusedAsync(Uri url, string token, string reason)
    {
        await using var peer = await DataChannelPeer.ConnectAsync(url, token, agent: url.AbsolutePath.StartsWith("/agent", StringComparison.Ordinal));
        var (status, description) = await peer.SocketClosed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Equal(reason, description);
    }
}
