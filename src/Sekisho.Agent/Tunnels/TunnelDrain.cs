using Sekisho.Protocol.Tunnels;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Agent.Tunnels;

/// <summary>Waits, after a tunnel's last bytes were written, until the peer acknowledged them, so ending the session loses nothing.</summary>
public static class TunnelDrain
{
    public static async Task WaitAsync(ReliableChannelPipe pipe, ReliableChannel channel, TimeSpan limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        ArgumentNullException.ThrowIfNull(channel);
        await pipe.Output.CompleteAsync().ConfigureAwait(false);
        try
        {
            await pipe.SendLoop.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
            var deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
            while (channel.UnacknowledgedCount > 0 && Environment.TickCount64 < deadline)
            {
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or IOException)
        {
            // The peer is gone or too slow: the session ends anyway, and the reliable channel reports what it lost.
        }
    }
}
