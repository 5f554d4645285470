using System.Net.WebSockets;
using System.Threading.Channels;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Agent.Connection;

/// <summary>
/// Puts a <see cref="ReliableChannel"/>'s frames on one WebSocket: <see cref="SendFrame"/> (called under the
/// channel's lock) copies into a pooled buffer and queues; a writer task sends them in order. One per socket, so a
/// replaced socket never gets the old one's queue (the channel resends what is unacknowledged on attach).
/// </summary>
internal sealed class WebSocketFrameSink : IFrameSink, IAsyncDisposable
{
    private readonly WebSocket _socket;
    private readonly Channel<(byte[] Buffer, int Length)> _queue =
        Channel.CreateUnbounded<(byte[], int)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();

    public WebSocketFrameSink(WebSocket socket)
    {
        _socket = socket;
        Writer = Task.Run(WriteAsync);
    }

    /// <summary>Faults when the socket breaks.</summary>
    public Task Writer { get; }

    public void SendFrame(ReadOnlySpan<byte> frame)
    {
        var buffer = FrameBufferPool.Shared.Rent(frame.Length);
        frame.CopyTo(buffer);
        if (!_queue.Writer.TryWrite((buffer, frame.Length)))
        {
            FrameBufferPool.Shared.Return(buffer); // closed: the socket is gone and the channel will resend
        }
    }

    private async Task WriteAsync()
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

    /// <summary>Sends what is queued (for the last frames of a session), then stops.</summary>
    public async Task FlushAsync(TimeSpan timeout)
    {
        _queue.Writer.TryComplete();
        try
        {
            await Writer.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The socket is broken or slow; the session is ending anyway.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Writer.ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A broken socket is why we are disposing.
        }
        while (_queue.Reader.TryRead(out var item))
        {
            FrameBufferPool.Shared.Return(item.Buffer);
        }
        _stop.Dispose();
    }
}
