using System.Threading.Channels;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Agent.Tests.Support;

/// <summary>A frame sink that queues copies and delivers them on its own task (sinks run under the channel lock).</summary>
internal sealed class QueueSink : IFrameSink, IAsyncDisposable
{
    private readonly Channel<byte[]> _queue = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _pump;

    public QueueSink(Func<byte[], ValueTask> deliver)
    {
        _pump = Task.Run(async () =>
        {
            await foreach (var frame in _queue.Reader.ReadAllAsync())
            {
                await deliver(frame);
            }
        });
    }

    public void SendFrame(ReadOnlySpan<byte> frame) => _queue.Writer.TryWrite(frame.ToArray());

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _pump;
    }
}
