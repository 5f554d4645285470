using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Sekisho.Protocol.Signing;
using Sekisho.TestSupport;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// Issue 6: the account's idle timeout applies to tunnels and traffic on any forwarded connection counts. Its own
/// server (the preferences are account-wide, so the shared one's other tests keep theirs), so it runs beside the other
/// classes: idleSessionTimeout 1 minute (AWS's smallest), a port session with two forwarded connections, a few bytes
/// every 5 s on one of them for longer than the timeout while the other stays silent; then nothing, and the server
/// ends it within its sweeper's period past the minute.
/// </summary>
public sealed class TunnelIdleTimeoutTests : IAsyncLifetime
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan TrafficFor = TimeSpan.FromSeconds(70);
    private static readonly TimeSpan TrafficEvery = TimeSpan.FromSeconds(5);

    // The sweeper runs once a second; the rest is the client's exit and this machine's load.
    private static readonly TimeSpan EndSlack = TimeSpan.FromSeconds(15);

    private readonly ServerProcess _server = new();
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        var aws = new AwsCli(_server);
        var updated = await aws.RunAsync(_server.AdminKeyId, _server.AdminSecret, null, "ssm", "update-document", "--name", "SSM-SessionManagerRunShell",
            "--document-version", "$LATEST", "--content",
            """{"schemaVersion":"1.0","description":"idle test","sessionType":"Standard_Stream","inputs":{"idleSessionTimeout":"1"}}""");
        Assert.True(updated.ExitCode == 0, updated.Stderr);
        using var json = JsonDocument.Parse(updated.Stdout);
        var version = json.RootElement.GetProperty("DocumentDescription").GetProperty("DocumentVersion").GetString()!;
        var made = await aws.RunAsync(_server.AdminKeyId, _server.AdminSecret, null, "ssm", "update-document-default-version",
            "--name", "SSM-SessionManagerRunShell", "--document-version", version);
        Assert.True(made.ExitCode == 0, made.Stderr);
        _node = await TestNode.StartAsync(_server, "idle-" + Guid.NewGuid().ToString("N")[..6]);
    }

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Traffic_on_one_forwarded_connection_keeps_the_session_open_and_silence_ends_it_after_the_idle_timeout()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        using var echo = new TcpListener(IPAddress.Loopback, 0);
        echo.Start();
        var serving = EchoAsync(echo, cts.Token);
        var localPort = FreePort();
        await using var session = PortSessionProcess.Start(_server, new SigV4Credentials(_server.AdminKeyId, _server.AdminSecret), _node.InstanceId,
            "AWS-StartPortForwardingSession", $"portNumber={((IPEndPoint)echo.LocalEndpoint).Port},localPortNumber={localPort}");
        await session.WaitForTunnelAsync(TimeSpan.FromSeconds(60), "agent:\n" + _node.Agent.Log);
        var sessionId = session.SessionId;
        Assert.StartsWith("admin-", sessionId, StringComparison.Ordinal);

        using var silent = await ConnectAsync(localPort, cts.Token);
        using var busy = await ConnectAsync(localPort, cts.Token);
        long sent = 0;
        var chatting = Stopwatch.StartNew();
        while (chatting.Elapsed < TrafficFor)
        {
            sent += await ExchangeAsync(busy, 16, cts.Token);
            Assert.False(session.HasExited, $"the session ended after {chatting.Elapsed} of traffic:\n{session}");
            await Task.Delay(TrafficEvery, cts.Token);
        }
        // Longer than the idle timeout with traffic on one stream only: the other still works, the session is open.
        sent += await ExchangeAsync(silent, 16, cts.Token);
        var lastTraffic = Stopwatch.StartNew();
        Assert.False(session.HasExited, $"the session ended while the tunnel was in use:\n{session}");

        var code = await session.WaitForExitAsync(IdleTimeout + EndSlack + TimeSpan.FromSeconds(30));
        var idleFor = lastTraffic.Elapsed;
        Assert.True(code == 0, $"exit {code}:\n{session}");
        Assert.True(idleFor >= IdleTimeout - TimeSpan.FromSeconds(1) && idleFor <= IdleTimeout + EndSlack,
            $"the session ended {idleFor} after the last traffic, not within the sweeper's period past {IdleTimeout}:\n{session}");
        Assert.Contains($"Session {sessionId} was idle for 1 minute and was terminated.", session.Stderr, StringComparison.Ordinal);

        var aws = new AwsCli(_server);
        var history = await aws.RunAsync(_server.AdminKeyId, _server.AdminSecret, null, "ssm", "describe-sessions", "--state", "History",
            "--filters", $"key=SessionId,value={sessionId}");
        Assert.True(history.ExitCode == 0, history.Stderr);
        using (var json = JsonDocument.Parse(history.Stdout))
        {
            var listed = Assert.Single(json.RootElement.GetProperty("Sessions").EnumerateArray());
            Assert.Equal("Terminated", listed.GetProperty("Status").GetString());
        }

        var logs = await CliRunner.RunSekishoAsync(["session", "logs", sessionId, "--data", _server.DataPath], timeout: TimeSpan.FromMinutes(1));
        Assert.True(logs.ExitCode == 0, logs.Stderr);
        var summary = logs.Stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Contains("\"bytesFromClient\"", StringComparison.Ordinal));
        Assert.True(summary is not null, "no tunnel summary in the recording:\n" + logs.Stdout);
        using var recorded = JsonDocument.Parse(summary);
        // The recorded bytes are the data channel's stream payloads: the forwarded bytes plus smux's framing.
        Assert.True(recorded.RootElement.GetProperty("bytesFromClient").GetInt64() >= sent, summary);
        Assert.True(recorded.RootElement.GetProperty("bytesToClient").GetInt64() >= sent, summary);
        await cts.CancelAsync();
        echo.Stop();
        await serving;
    }

    private static async Task<long> ExchangeAsync(Socket socket, int count, CancellationToken cancellationToken)
    {
        var data = new byte[count];
        Random.Shared.NextBytes(data);
        await socket.SendAsync(data, SocketFlags.None, cancellationToken);
        var back = new byte[count];
        var got = 0;
        while (got < count)
        {
            var n = await socket.ReceiveAsync(back.AsMemory(got), SocketFlags.None, cancellationToken);
            Assert.True(n > 0, "the forwarded connection closed");
            got += n;
        }
        Assert.Equal(data, back);
        return count;
    }

    private static async Task<Socket> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
        return socket;
    }

    private static async Task EchoAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync(cancellationToken);
                connections.Add(Task.Run(async () =>
                {
                    using (socket)
                    {
                        var buffer = new byte[4096];
                        int n;
                        try
                        {
                            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
                                await socket.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, cancellationToken);
                        }
                        catch (Exception e) when (e is OperationCanceledException or SocketException)
                        {
                            // the test is over or the tunnel closed the connection
                        }
                    }
                }, CancellationToken.None));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // the test stopped the listener
        }
        await Task.WhenAll(connections);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
