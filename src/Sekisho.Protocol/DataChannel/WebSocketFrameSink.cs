using System.Net.WebSockets;
using System.Threading.Channels;

namespace Sekisho.Protocol.DataChannel;

/// <summary>
/// Puts a <see cref="ReliableChannel"/>'s frames on one WebSocket, one binary message each, for the client and the
/// agent alike. <see cref="SendFrame"/> is called under the channel's lock, so it copies into a pooled buffer and
/// queues; a writer task sends in order. One sink per socket: a replaced socket never gets the old one's queue (the
/// channel resends what is unacknowledged on attach). When a send fails the socket is aborted, so whoever reads it
/// wakes and sees the break.
/// </summary>
public sealed class WebSocketFrameSink : IFrameSink, IAsyncDisposable
{
    private readonly WebSocket _socket;
    private readonly Channel<(byte[] Buffer, int Length)> _queue =
        Channel.CreateUnbounded<(byte[] Buffer, int Length)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop;

    /// <param name="cancellationToken">Stops the writer (and aborts the socket) when cancelled.</param>
    public WebSocketFrameSink(WebSocket socket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Completion = Task.Run(WriteAsync);
    }

    /// <summary>Ends once <see cref="Complete"/> was called and the queue is sent, or the socket failed; never faults.</summary>
    public Task Completion { get; }

    public void SendFrame(ReadOnlySpan<byte> frame)
    {
        var buffer = FrameBufferPool.Shared.Rent(frame.Length);
        frame.CopyTo(buffer);
        if (!_queue.Writer.TryWrite((buffer, frame.Length)))
        {
            // Completed: the socket is gone or going, and the channel keeps unacknowledged data to resend.
            FrameBufferPool.Shared.Return(buffer);
        }
    }

    /// <summary>Stops accepting frames; <see cref="Completion"/> ends after what is queued.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Sends what is queued (a session's last frames), waiting at most <paramref name="timeout"/>.</summary>
    public async Task FlushAsync(TimeSpan timeout)
    {
        Complete();
        try
        {
            await Completion.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A slow socket; the session is ending anyway.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Complete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await Completion.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task WriteAsync()
    {
        try
        {
            await foreach (var (buffer, length) in _queue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    await _socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Binary, true, _stop.Token).ConfigureAwait(false);
                }
                finally
                {
                    FrameBufferPool.Shared.Return(buffer);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            _socket.Abort();
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left)) FrameBufferPool.Shared.Return(left.Buffer);
        }
    }
}
