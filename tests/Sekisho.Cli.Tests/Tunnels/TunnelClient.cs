using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Sekisho.Cli.Tests.Tunnels;

/// <summary>A local application using a forwarded port: sends random bytes, reads the transformed echo, checks it.</summary>
internal static class TunnelClient
{
    /// <summary>Returns the SHA-256 of what was sent, after checking every byte that came back.</summary>
    public static async Task<string> ExchangeAsync(int port, int size, CancellationToken cancellationToken, Func<Task>? halfway = null)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
        var data = RandomNumberGenerator.GetBytes(size);
        var expected = TransformServer.Transform(data);
        var half = size / 2;
        var sending = SendAsync(socket, data.AsMemory(0, half), cancellationToken);
        var received = new byte[size];
        await ReceiveExactlyAsync(socket, received.AsMemory(0, half), cancellationToken);
        await sending;
        if (halfway is not null)
        {
            await halfway();
        }
        sending = SendAsync(socket, data.AsMemory(half), cancellationToken);
        await ReceiveExactlyAsync(socket, received.AsMemory(half), cancellationToken);
        await sending;
        Assert.True(expected.AsSpan().SequenceEqual(received), "the bytes that came back differ from what was sent (plus one)");
        return Convert.ToHexString(SHA256.HashData(data));
    }

    public static async Task SendAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var n = await socket.SendAsync(data[..Math.Min(data.Length, 16 * 1024)], SocketFlags.None, cancellationToken);
            data = data[n..];
        }
    }

    public static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            Assert.True(n > 0, $"the connection ended with {buffer.Length} bytes still expected");
            buffer = buffer[n..];
        }
    }
}
