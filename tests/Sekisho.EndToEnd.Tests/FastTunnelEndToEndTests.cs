using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Sekisho.Protocol.Signing;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// Issue 6's integrity under a broken network, with real processes: <c>sekisho session start</c> reaches the server
/// through a proxy the test cuts twice while one forwarded connection moves 1 GiB upstream (and 32 MiB back), in
/// Sekisho's fast mode (the agent logs it); every byte is SHA-256-checked at the other end.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class FastTunnelEndToEndTests(ServerProcess server)
{
    private const long UpstreamBytes = 1L << 30;
    private const int DownstreamBytes = 32 << 20;
    private const int Chunk = 256 * 1024;

    [Fact]
    public async Task A_fast_mode_port_session_moves_1_GiB_exactly_while_the_clients_connection_is_cut_twice()
    {
        AwsCli.Require();
        using var destination = new HashingDestination(DownstreamBytes);
        await using var proxy = new CuttableTcpProxy(server.Endpoint.Port);
        await using var node = await TestNode.StartAsync(server, "fast-" + Guid.NewGuid().ToString("N")[..6]);
        var localPort = FreePort();
        await using var client = PortSessionProcess.Start(server, new SigV4Credentials(server.AdminKeyId, server.AdminSecret), node.InstanceId,
            "AWS-StartPortForwardingSession", $"portNumber={destination.Port},localPortNumber={localPort}",
            new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = $"http://127.0.0.1:{proxy.Port}", ["SEKISHO_FAST_MODE"] = null });
        string Diagnostics() => $"client:\n{client}\nagent:\n{node.Agent.Log}";
        try
        {
            await client.WaitForTunnelAsync(TimeSpan.FromSeconds(60), $"agent:\n{node.Agent.Log}");
            await node.Agent.WaitForLogAsync("fast mode on", TimeSpan.FromSeconds(30));

            using var connection = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await connection.ConnectAsync(IPAddress.Loopback, localPort);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            var download = ReadDownstreamAsync(connection, timeout.Token);
            var sentHash = await SendUpstreamAsync(connection, proxy, timeout.Token);
            var (downHash, destinationHash) = await download;

            Assert.True(proxy.Connections >= 3, $"the client should have reconnected after each cut ({proxy.Connections} connections)\n" + Diagnostics());
            Assert.Equal(Convert.ToHexString(sentHash), Convert.ToHexString(destinationHash));
            Assert.Equal(UpstreamBytes, destination.ReceivedBytes);
            Assert.Equal(Convert.ToHexString(destination.SentHash), Convert.ToHexString(downHash));
            Assert.Contains("resuming", client.Stdout + client.Stderr, StringComparison.Ordinal);
        }
        catch (OperationCanceledException e)
        {
            throw new TimeoutException("the transfer did not finish in 4 minutes:\n" + Diagnostics(), e);
        }
    }

    /// <summary>The length, then 1 GiB of seeded random bytes; the proxy is cut at one third and two thirds.</summary>
    private static async Task<byte[]> SendUpstreamAsync(Socket connection, CuttableTcpProxy proxy, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var random = new Random(61);
        var buffer = new byte[Chunk];
        BinaryPrimitives.WriteInt64BigEndian(buffer, UpstreamBytes);
        await connection.SendAsync(buffer.AsMemory(0, 8), SocketFlags.None, cancellationToken);
        var cuts = 0;
        for (long sent = 0; sent < UpstreamBytes; sent += Chunk)
        {
            random.NextBytes(buffer);
            hash.AppendData(buffer);
            await connection.SendAsync(buffer, SocketFlags.None, cancellationToken);
            if (cuts < 2 && sent >= (cuts + 1) * (UpstreamBytes / 3))
            {
                Assert.True(proxy.CutAll() > 0, "the cut found no connection to the server");
                cuts++;
            }
        }
        return hash.GetHashAndReset();
    }

    /// <summary>32 MiB from the destination, then the destination's SHA-256 of what it received.</summary>
    private static async Task<(byte[] Downstream, byte[] DestinationHash)> ReadDownstreamAsync(Socket connection, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[Chunk];
        var left = DownstreamBytes;
        while (left > 0)
        {
            var n = await connection.ReceiveAsync(buffer.AsMemory(0, Math.Min(left, buffer.Length)), SocketFlags.None, cancellationToken);
            Assert.True(n > 0, $"the connection closed with {left} downstream bytes missing");
            hash.AppendData(buffer, 0, n);
            left -= n;
        }
        var destinationHash = new byte[32];
        var got = 0;
        while (got < destinationHash.Length)
        {
            var n = await connection.ReceiveAsync(destinationHash.AsMemory(got), SocketFlags.None, cancellationToken);
            Assert.True(n > 0, "the connection closed before the destination's hash");
            got += n;
        }
        return (hash.GetHashAndReset(), destinationHash);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The node's destination: for its first connection, sends 32 MiB of seeded random bytes while it reads an 8-byte
    /// length and that many bytes, then answers with their SHA-256.
    /// </summary>
    private sealed class HashingDestination : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly int _downstream;
        private readonly Task _serve;

        public HashingDestination(int downstream)
        {
            _downstream = downstream;
            _listener.Start();
            _serve = ServeAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
        public long ReceivedBytes { get; private set; }
        public byte[] SentHash { get; private set; } = [];

        public void Dispose()
        {
            _listener.Stop();
            _ = _serve.Exception;
        }

        private async Task ServeAsync()
        {
            using var socket = await _listener.AcceptSocketAsync();
            socket.NoDelay = true;
            var send = SendAsync(socket);
            var buffer = new byte[Chunk];
            await ReadExactlyAsync(socket, buffer.AsMemory(0, 8));
            var left = BinaryPrimitives.ReadInt64BigEndian(buffer);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            while (left > 0)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(0, (int)Math.Min(left, buffer.Length)), SocketFlags.None);
                if (n == 0) return;
                hash.AppendData(buffer, 0, n);
                ReceivedBytes += n;
                left -= n;
            }
            await send;
            await socket.SendAsync(hash.GetHashAndReset(), SocketFlags.None);
            // Hold the connection until the client closes it (smux v1 has no half-close).
            while (await socket.ReceiveAsync(buffer, SocketFlags.None) > 0)
            {
            }
        }

        private async Task SendAsync(Socket socket)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var random = new Random(62);
            var buffer = new byte[Chunk];
            for (var sent = 0; sent < _downstream; sent += buffer.Length)
            {
                random.NextBytes(buffer);
                hash.AppendData(buffer);
                await socket.SendAsync(buffer, SocketFlags.None);
            }
            SentHash = hash.GetHashAndReset();
        }

        private static async Task ReadExactlyAsync(Socket socket, Memory<byte> into)
        {
            while (!into.IsEmpty)
            {
                var n = await socket.ReceiveAsync(into, SocketFlags.None);
                if (n == 0) throw new IOException("closed early");
                into = into[n..];
            }
        }
    }
}
