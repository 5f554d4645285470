using System.Net.WebSockets;
using System.Threading.Channels;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Cli.Sessions;

/// <summary>
/// Queues the reliable channel's frames (it calls under its lock and must not block) and writes them to one
/// WebSocket, one binary message each. A sink lives as long as its socket; a resume makes a new one.
/// </summary>
internal sealed class WebSocketFrameSink(WebSocket socket) : IFrameSink
{
    private readonly Channel<(byte[] Buffer, int Length)> _queue =
        Channel.CreateUnbounded<(byte[] Buffer, int Length)>(new UnboundedChannelOptions { SingleReader = true });

    public void SendFrame(ReadOnlySpan<byte> frame)
    {
        var buffer = FrameBufferPool.Shared.Rent(frame.Length);
        frame.CopyTo(buffer);
        if (!_queue.Writer.TryWrite((buffer, frame.Length)))
        {
            // The socket is gone; stream data stays in the channel's buffer and is resent on the next attach.
            FrameBufferPool.Shared.Return(buffer);
        }
    }

    /// <summary>Stops accepting frames; <see cref="RunAsync"/> ends after what is queued.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Writes queued frames until <see cref="Complete"/> or the socket fails (then the socket is aborted so its reader wakes).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (buffer, length) in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    FrameBufferPool.Shared.Return(buffer);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            socket.Abort();
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left))
            {
                FrameBufferPool.Shared.Return(left.Buffer);
            }
        }
    }
}
