using Sekisho.Protocol.Tunnels;
using System.Net;
using System.Net.Sockets;
using Sekisho.Agent.Sessions;
using Sekisho.Agent.Tunnels;
using Sekisho.Cli.Sessions.Tunnels;

namespace Sekisho.Cli.Tests.Tunnels;

/// <summary>Port forwarding in process: the client's listener, smux over two reliable channels, the agent's worker, a real TCP destination.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PortForwardingTests
{
    private static Dictionary<string, string> LocalForward(int port) => new()
    {
        ["portNumber"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["type"] = "LocalPortForwarding",
    };

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    [Fact]
    public async Task Hundred_concurrent_connections_move_random_data_both_ways_byte_exact()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var server = new TransformServer();
        await using var loop = await TunnelLoop.StartAsync(new PortForwardingWorker(), LocalForward(server.Port), cts.Token);
        await using var listener = new PortForwardListener(0);
        var forwarding = listener.RunAsync(loop.ClientPipe, null, cts.Token);

        var sizes = Enumerable.Range(0, 100).Select(i => 8 * 1024 + (i * 7919 % (56 * 1024))).ToArray();
        var sent = await Task.WhenAll(sizes.Select(size => Task.Run(() => TunnelClient.ExchangeAsync(listener.Port, size, cts.Token))));

        await WaitUntilAsync(() => server.ReceivedHashes.Count == sizes.Length, cts.Token);
        Assert.Equal(sent.Order(StringComparer.Ordinal), server.ReceivedHashes.Order(StringComparer.Ordinal));
        Assert.True(loop.WorkerReportedStarted);
        Assert.Equal(sizes.Sum(), listener.Traffic.Upstream);
        Assert.Equal(sizes.Sum(), listener.Traffic.Downstream);
        Assert.Equal(100, listener.Traffic.Connections);
        Assert.Equal(0, loop.ConnectToPortErrors);

        loop.EndSession();
        await forwarding.WaitAsync(cts.Token);
        Assert.Null(await loop.Worker.WaitAsync(cts.Token));
        Assert.Contains("100 connections (0 failed)", loop.AgentLogText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_dial_is_reported_for_that_connection_only()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var server = new TransformServer();
        await using var loop = await TunnelLoop.StartAsync(new PortForwardingWorker(), LocalForward(server.Port), cts.Token);
        await using var listener = new PortForwardListener(0);
        var forwarding = listener.RunAsync(loop.ClientPipe, null, cts.Token);

        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reachedHalf = 0;
        var open = Enumerable.Range(0, 5).Select(_ => Task.Run(() => TunnelClient.ExchangeAsync(listener.Port, 256 * 1024, cts.Token, async () =>
        {
            if (Interlocked.Increment(ref reachedHalf) == 5)
            {
                halfway.TrySetResult();
            }
            await halfway.Task;
        }))).ToArray();
        await WaitUntilAsync(() => Volatile.Read(ref reachedHalf) == 5, cts.Token);

        // The destination stops accepting while five connections are mid-transfer: the next dial fails.
        server.StopListening();
        using (var failing = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await failing.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port), cts.Token);
            await TunnelClient.SendAsync(failing, new byte[100], cts.Token);
            var n = await failing.ReceiveAsync(new byte[16], SocketFlags.None, cts.Token);
            Assert.Equal(0, n);
        }
        await WaitUntilAsync(() => loop.ConnectToPortErrors == 1, cts.Token);

        var sent = await Task.WhenAll(open);
        await WaitUntilAsync(() => server.ReceivedHashes.Count == 5, cts.Token);
        Assert.Equal(sent.Order(StringComparer.Ordinal), server.ReceivedHashes.Order(StringComparer.Ordinal));
        Assert.Equal(1, loop.ConnectToPortErrors);
        Assert.Contains($"cannot connect to localhost:{server.Port}", loop.AgentLogText.ToString(), StringComparison.Ordinal);
        loop.EndSession();
        await forwarding.WaitAsync(cts.Token);
        await loop.Worker.WaitAsync(cts.Token);
    }

    [Fact]
    public async Task Bytes_the_client_sends_before_the_agent_worker_opens_its_pipe_are_not_lost()
    {
        // The client may send as soon as the handshake is complete (ssh's banner, a connection's SYN); the agent's
        // worker opens its pipe a moment later. A CI run once lost the SYN in that gap and the connection hung.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = new TransformServer();
        var clientSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var loop = await TunnelLoop.StartAsync(new DelegateWorker(async (context, ct) =>
        {
            var forwarder = new PortForwarder(new TunnelDestination("localhost", server.Port, DestinationAllowList.Unrestricted),
                context.SendFlagAsync, _ => { });
            await clientSent.Task.WaitAsync(ct);
            await Task.Delay(100, ct); // the SYN and the first bytes have reached the agent by now
            var pipe = context.OpenPipe();
            context.ReportStarted();
            await forwarder.RunAsync(pipe, ct);
            return null;
        }), LocalForward(server.Port), cts.Token);
        await using var listener = new PortForwardListener(0);
        var forwarding = listener.RunAsync(loop.ClientPipe, null, cts.Token);

        var before = loop.Delivered;
        var exchange = TunnelClient.ExchangeAsync(listener.Port, 40_000, cts.Token);
        await WaitUntilAsync(() => loop.Delivered >= before + 3, cts.Token);
        clientSent.SetResult();
        var sent = await exchange;

        await WaitUntilAsync(() => server.ReceivedHashes.Count == 1, cts.Token);
        Assert.Equal(sent, Assert.Single(server.ReceivedHashes));
        loop.EndSession();
        await forwarding.WaitAsync(cts.Token);
        await loop.Worker.WaitAsync(cts.Token);
    }

    [Fact]
    public async Task A_destination_resolving_to_metadata_is_refused_per_connection_and_the_session_goes_on()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var server = new TransformServer();
        var lookups = 0;
        var logLines = new List<string>();
        var destination = new TunnelDestination("app.internal", server.Port, DestinationAllowList.Unrestricted, (_, _) =>
            // The name's answer changes to the metadata address for the second connection only (DNS rebinding).
            Task.FromResult(new[] { IPAddress.Parse(Interlocked.Increment(ref lookups) == 2 ? "169.254.169.254" : "127.0.0.1") }));
        await using var loop = await TunnelLoop.StartAsync(new DelegateWorker(async (context, ct) =>
        {
            var forwarder = new PortForwarder(destination, context.SendFlagAsync, line => { lock (logLines) { logLines.Add(line); } });
            context.ReportStarted();
            await forwarder.RunAsync(context.OpenPipe(), ct);
            return null;
        }), LocalForward(server.Port), cts.Token);
        await using var listener = new PortForwardListener(0);
        var forwarding = listener.RunAsync(loop.ClientPipe, null, cts.Token);

        var first = await TunnelClient.ExchangeAsync(listener.Port, 40_000, cts.Token);
        using (var refused = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await refused.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port), cts.Token);
            await TunnelClient.SendAsync(refused, new byte[10], cts.Token);
            Assert.Equal(0, await refused.ReceiveAsync(new byte[16], SocketFlags.None, cts.Token));
        }
        var third = await TunnelClient.ExchangeAsync(listener.Port, 40_000, cts.Token);

        await WaitUntilAsync(() => server.ReceivedHashes.Count == 2, cts.Token);
        Assert.Equal(new[] { first, third }.Order(StringComparer.Ordinal), server.ReceivedHashes.Order(StringComparer.Ordinal));
        Assert.Equal(1, loop.ConnectToPortErrors);
        lock (logLines)
        {
            var line = Assert.Single(logLines);
            Assert.Contains("'app.internal' resolves to 169.254.169.254", line, StringComparison.Ordinal);
            Assert.Contains("169.254.0.0/16", line, StringComparison.Ordinal);
        }
        loop.EndSession();
        await forwarding.WaitAsync(cts.Token);
        await loop.Worker.WaitAsync(cts.Token);
    }

    [Theory]
    [InlineData("169.254.169.254", "169.254.0.0/16")]
    [InlineData("fd00:ec2::254", "fd00:ec2::/32")]
    [InlineData("fe80::1", "fe80::/10")]
    public async Task A_remote_host_in_a_refused_range_fails_the_session_naming_the_rule(string host, string range)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var properties = LocalForward(80);
        properties["host"] = host;
        await using var loop = await TunnelLoop.StartAsync(new PortForwardingWorker(), properties, cts.Token);
        var e = await Assert.ThrowsAsync<SessionFailedException>(() => loop.Worker.WaitAsync(cts.Token));
        Assert.Contains(range, e.Message, StringComparison.Ordinal);
        Assert.False(loop.WorkerReportedStarted);
        // Acknowledged before the failure, so a client already forwarding exits non-zero.
        Assert.Equal(SessionWorkerContext.FailedExitCode, loop.ClientExitCode);
    }

    [Fact]
    public async Task The_allow_list_refuses_connections_outside_it()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = new TransformServer();
        var properties = LocalForward(server.Port);
        properties["allowedDestinations"] = "localhost:1";
        await using var loop = await TunnelLoop.StartAsync(new PortForwardingWorker(), properties, cts.Token);
        await using var listener = new PortForwardListener(0);
        var forwarding = listener.RunAsync(loop.ClientPipe, null, cts.Token);
        using (var refused = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await refused.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listener.Port), cts.Token);
            Assert.Equal(0, await refused.ReceiveAsync(new byte[16], SocketFlags.None, cts.Token));
        }
        await WaitUntilAsync(() => loop.ConnectToPortErrors == 1, cts.Token);
        Assert.Empty(server.ReceivedHashes);
        Assert.Contains($"localhost:{server.Port} refused: not in the document's allowedDestinations (localhost:1)",
            loop.AgentLogText.ToString(), StringComparison.Ordinal);
        loop.EndSession();
        await forwarding.WaitAsync(cts.Token);
        await loop.Worker.WaitAsync(cts.Token);
    }

    [Fact]
    public async Task Transfers_survive_the_connection_being_cut_twice()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var server = new TransformServer();
        await using var loop = await TunnelLoop.StartAsync(new PortForwardingWorker(), LocalForward(server.Port), cts.Token);
        await using var listener = new PortForwardListener(0);
        var forwarding = listener.RunAsync(loop.ClientPipe, null, cts.Token);
        var cuts = Task.Run(async () =>
        {
            foreach (var after in new[] { 1_500, 4_000 })
            {
                await WaitUntilAsync(() => loop.Delivered > after, cts.Token);
                loop.Cut();
            }
        });
        var sent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => TunnelClient.ExchangeAsync(listener.Port, 1024 * 1024, cts.Token))));
        await cuts;
        await WaitUntilAsync(() => server.ReceivedHashes.Count == 4, cts.Token);
        Assert.Equal(sent.Order(StringComparer.Ordinal), server.ReceivedHashes.Order(StringComparer.Ordinal));
        loop.EndSession();
        await forwarding.WaitAsync(cts.Token);
        await loop.Worker.WaitAsync(cts.Token);
    }
}
