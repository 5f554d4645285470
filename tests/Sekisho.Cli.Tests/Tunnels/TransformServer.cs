using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Sekisho.Cli.Tests.Tunnels;

/// <summary>
/// A destination for tunnel tests: on each connection it hashes what it receives and sends every byte back plus
/// one, so a client checks data that went both ways; the SHA-256 of each connection's input is kept.
/// </summary>
internal sealed class TransformServer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _accepting;

    public TransformServer()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public ConcurrentBag<string> ReceivedHashes { get; } = [];

    public static byte[] Transform(ReadOnlySpan<byte> data)
    {
        var result = data.ToArray();
        for (var i = 0; i < result.Length; i++)
        {
            result[i]++;
        }
        return result;
    }

    /// <summary>Stops accepting: new connections are refused, open ones go on.</summary>
    public void StopListening() => _listener.Dispose();

    public async ValueTask DisposeAsync()
    {
        StopListening();
        await _stop.CancelAsync();
        await _accepting;
        await Task.WhenAll(_connections);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }
            _connections.Add(Task.Run(() => ServeAsync(socket)));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                var reply = Transform(buffer.AsSpan(0, n));
                var sent = 0;
                while (sent < reply.Length)
                {
                    sent += await socket.SendAsync(reply.AsMemory(sent), SocketFlags.None, _stop.Token);
                }
            }
            ReceivedHashes.Add(Convert.ToHexString(hash.GetHashAndReset()));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // The test ended or the tunnel closed the connection; the client's own checks fail if that was early.
        }
    }
}
