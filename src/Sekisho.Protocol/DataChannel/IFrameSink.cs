namespace Sekisho.Protocol.DataChannel;

/// <summary>
/// Where a <see cref="ReliableChannel"/> puts its frames: one binary WebSocket message per call. Called with the
/// channel's lock held, so an implementation copies or queues the bytes and returns without blocking.
/// </summary>
public interface IFrameSink
{
    void SendFrame(ReadOnlySpan<byte> frame);
}
