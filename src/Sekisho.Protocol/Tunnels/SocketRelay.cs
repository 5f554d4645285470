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
    /// <summary>Bytes per write into the socket (and the stdio relay's reads).</summary>
    public const int DefaultBufferSize = 64 * 1024;

    /// <summary>
    /// Bytes per read from the socket while data streams in: one read then becomes one flush into the tunnel and one
    /// data-channel message of up to 256 KiB in fast mode, so the pump, the frame sink and the WebSocket each wake
    /// once per 256 KiB instead of once per 64 KiB. Taken only while the connection is busy (see
    /// <see cref="SocketToStreamAsync"/>), so idle connections hold none.
    /// </summary>
    public const int ReceiveBufferSize = 256 * 1024;

    /// <param name="socketIsDestination">True on the agent: bytes into the socket are upstream.</param>
    /// <param name="bufferSize">Bytes per write into the socket; reads from it take <see cref="ReceiveBufferSize"/>.</param>
    public static async Task RunAsync(Socket socket, Stream stream, TrafficCounters counters, bool socketIsDestination,
        int bufferSize = DefaultBufferSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(counters);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var intoSocket = StreamToSocketAsync(stream, socket, counters, socketIsDestination, bufferSize, stop);
        var fromSocket = SocketToStreamAsync(socket, stream, counters, socketIsDestination, stop);
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
        CancellationTokenSource stop)
    {
        byte[]? buffer = null;
        try
        {
            while (true)
            {
                if (buffer is null)
                {
                    // A zero-byte receive completes when data is there without holding a buffer meanwhile.
                    await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, stop.Token).ConfigureAwait(false);
                    buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
                }
                var n = await socket.ReceiveAsync(buffer.AsMemory(0, ReceiveBufferSize), SocketFlags.None, stop.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }
                await stream.WriteAsync(buffer.AsMemory(0, n), stop.Token).ConfigureAwait(false);
                Count(counters, !socketIsDestination, n);
                if (n < ReceiveBufferSize / 4)
                {
                    // The connection went quiet or interactive: give the buffer back until data streams again.
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }
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
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
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
