using Sekisho.Protocol.Tunnels;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Sekisho.Agent.Sessions;
using Sekisho.Agent.Tunnels;
using Sekisho.Cli.Sessions.Tunnels;

namespace Sekisho.Cli.Tests.Tunnels;

/// <summary>SSH sessions in process: standard input and output through the data channel to one TCP connection on the node.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SshTunnelTests
{
    private static Dictionary<string, string> Ssh(int port) => new() { ["portNumber"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    [Fact]
    public async Task Stdin_and_stdout_reach_the_node_port_byte_exact()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var server = new TransformServer();
        await using var loop = await TunnelLoop.StartAsync(new SshWorker(), Ssh(server.Port), cts.Token);
        Assert.False(new PortForwardingWorker().Handles(new Protocol.AgentChannel.AgentControlMessage
        {
            Type = "start_session", SessionType = "Port", Properties = Ssh(22),
        }));
        var stdin = new Pipe();
        var stdout = new Pipe();
        var traffic = new TrafficCounters();
        var relay = StdioRelay.RunAsync(loop.ClientPipe, stdin.Reader.AsStream(), stdout.Writer.AsStream(), traffic, cts.Token);

        var data = RandomNumberGenerator.GetBytes(2 * 1024 * 1024 + 17);
        var writing = Task.Run(async () =>
        {
            for (var offset = 0; offset < data.Length; offset += 50_000)
            {
                await stdin.Writer.WriteAsync(data.AsMemory(offset, Math.Min(50_000, data.Length - offset)), cts.Token);
            }
        });
        var received = new byte[data.Length];
        await using (var output = stdout.Reader.AsStream())
        {
            await output.ReadExactlyAsync(received, cts.Token);
        }
        await writing;
        Assert.Equal(TransformServer.Transform(data), received);
        Assert.True(loop.WorkerReportedStarted);

        // ssh closes the ProxyCommand's input when it is done: the relay ends, the client terminates the session
        // (the server then ends the agent's input), and the node's connection is closed.
        await stdin.Writer.CompleteAsync();
        await relay.WaitAsync(cts.Token);
        loop.EndSession();
        Assert.Equal(data.Length, traffic.Upstream);
        Assert.Equal(data.Length, traffic.Downstream);
        Assert.Null(await loop.Worker.WaitAsync(cts.Token));
        while (server.ReceivedHashes.IsEmpty)
        {
            await Task.Delay(10, cts.Token);
        }
        Assert.Equal(Convert.ToHexString(SHA256.HashData(data)), Assert.Single(server.ReceivedHashes));
    }

    [Fact]
    public async Task The_session_ends_when_the_node_closes_the_connection()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var banner = "SSH-2.0-Test\r\n"u8.ToArray();
        var node = Task.Run(async () =>
        {
            using var socket = await listener.AcceptAsync(cts.Token);
            await socket.SendAsync(banner, SocketFlags.None, cts.Token);
            socket.Shutdown(SocketShutdown.Both);
        });
        await using var loop = await TunnelLoop.StartAsync(new SshWorker(), Ssh(port), cts.Token);
        var stdin = new Pipe();
        var stdout = new MemoryStream();
        var relay = StdioRelay.RunAsync(loop.ClientPipe, stdin.Reader.AsStream(), stdout, new TrafficCounters(), cts.Token);
        await node;
        Assert.Null(await loop.Worker.WaitAsync(cts.Token));
        // The agent host ends the session after the worker returns; the client's byte stream then ends.
        loop.EndSession();
        await relay.WaitAsync(cts.Token);
        Assert.Equal(banner, stdout.ToArray());
    }

    [Fact]
    public async Task A_closed_ssh_port_fails_the_session_with_a_message()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        await using var loop = await TunnelLoop.StartAsync(new SshWorker(), Ssh(port), cts.Token);
        var e = await Assert.ThrowsAsync<SessionFailedException>(() => loop.Worker.WaitAsync(cts.Token));
        Assert.Contains($"cannot connect to port {port} on mi-0123456789abcdef0", e.Message, StringComparison.Ordinal);
        Assert.False(loop.WorkerReportedStarted);
        // Acknowledged before the failure: the client, already relaying, exits non-zero instead of as after a normal end.
        Assert.Equal(SessionWorkerContext.FailedExitCode, loop.ClientExitCode);
    }
}
