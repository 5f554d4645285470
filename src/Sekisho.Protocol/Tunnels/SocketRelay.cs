using System.Buffers;
using System.Net.Sockets;

namespace Sekisho.Protocol.Tunnels;

/// <summary>
/// Moves bytes both ways between a TCP socket and a tunnel stream (an smux stream, or the data channel for SSH)
/// until either side ends; then both are closed, because smux v1 has no half-close. Used by the agent (socket =
/// the destination) and by the client (socket = the local application).
/// </summary>
public static class SocketRelay
{
    public const int DefaultBufferSize = 64 * 1024;

    /// <param name="socketIsDestination">True on the agent: bytes into the socket are upstream.</param>
    public static async Task RunAsync(Socket socket, Stream stream, TrafficCounters counters, bool socketIsDestination,
        int bufferSize = DefaultBufferSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(counters);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var intoSocket = StreamToSocketAsync(stream, socket, counters, socketIsDestination, bufferSize, stop);
        var fromSocket = SocketToStreamAsync(socket, stream, counters, socketIsDestination, bufferSize, stop);
        await Task.WhenAll(intoSocket, fromSocket).ConfigureAwait(false);
        socket.Dispose();
        await CloseQuietlyAsync(stream).ConfigureAwait(false);
    }

    /// <summary>Closes a tunnel stream whose transport may already be gone (then there is nobody to tell).</summary>
    public static async ValueTask CloseQuietlyAsync(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (IsEndOfConnection(e))
        {
            // The session's transport ended first; its own completion reports why.
        }
    }

    private static async Task StreamToSocketAsync(Stream stream, Socket socket, TrafficCounters counters, bool upstream,
        int bufferSize, CancellationTokenSource stop)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(0, bufferSize), stop.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }
                await SendAllAsync(socket, buffer.AsMemory(0, n), stop.Token).ConfigureAwait(false);
                Count(counters, upstream, n);
            }
            // The tunnel's end of data: let the socket's peer read what is left, then see the end.
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (IsEndOfConnection(e))
        {
            // One side went away; the other direction is stopped below.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    private static async Task SocketToStreamAsync(Socket socket, Stream stream, TrafficCounters counters, bool socketIsDestination,
        int bufferSize, CancellationTokenSource stop)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(0, bufferSize), SocketFlags.None, stop.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }
                await stream.WriteAsync(buffer.AsMemory(0, n), stop.Token).ConfigureAwait(false);
                Count(counters, !socketIsDestination, n);
            }
            // Closing sends FIN after everything written above: the peer reads it all, then the end.
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (IsEndOfConnection(e))
        {
            // One side went away; the other direction is stopped below.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    private static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    private static void Count(TrafficCounters counters, bool upstream, int bytes)
    {
        if (upstream)
        {
            counters.AddUpstream(bytes);
        }
        else
        {
            counters.AddDownstream(bytes);
        }
    }

    /// <summary>Whether an exception only means that one side of a tunnel went away.</summary>
    public static bool IsEndOfConnection(Exception e) =>
        e is IOException or SocketException or OperationCanceledException or ObjectDisposedException;
}
