using Sekisho.Protocol.Tunnels;
using System.Buffers;
using System.IO.Pipelines;

namespace Sekisho.Cli.Sessions.Tunnels;

/// <summary>
/// The client's end of an SSH session: standard input to the data channel, the data channel to standard output,
/// raw, as OpenSSH's ProxyCommand needs. Ends when the session's byte stream ends or standard input is closed.
/// </summary>
public static class StdioRelay
{
    /// <summary>Relays until one side ends.</summary>
    /// <returns>True when the session's byte stream ended (the node's side), false when standard input or output did.</returns>
    public static async Task<bool> RunAsync(IDuplexPipe transport, Stream input, Stream output, TrafficCounters traffic,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(traffic);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var up = InputToChannelAsync(input, transport.Output, traffic, stop);
        var down = ChannelToOutputAsync(transport.Input, output, traffic, stop);
        await Task.WhenAny(up, down).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        var sessionEnded = await down.ConfigureAwait(false);
        if (up.IsCompleted)
        {
            await up.ConfigureAwait(false);
        }
        // Otherwise a read of the process's standard input is blocked in the OS and ignores cancellation; the
        // session is over, so it is left behind and ends with the process.
        return sessionEnded;
    }

    private static async Task InputToChannelAsync(Stream input, PipeWriter channel, TrafficCounters traffic, CancellationTokenSource stop)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(SocketRelay.DefaultBufferSize);
        try
        {
            while (true)
            {
                var n = await input.ReadAsync(buffer, stop.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }
                var flush = await channel.WriteAsync(buffer.AsMemory(0, n), stop.Token).ConfigureAwait(false);
                traffic.AddUpstream(n);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    break;
                }
            }
            await channel.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (SocketRelay.IsEndOfConnection(e))
        {
            // Standard input or the session went away.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <returns>True when the channel's byte stream ended.</returns>
    private static async Task<bool> ChannelToOutputAsync(PipeReader channel, Stream output, TrafficCounters traffic, CancellationTokenSource stop)
    {
        try
        {
            while (true)
            {
                var result = await channel.ReadAsync(stop.Token).ConfigureAwait(false);
                foreach (var segment in result.Buffer)
                {
                    await output.WriteAsync(segment, stop.Token).ConfigureAwait(false);
                    traffic.AddDownstream(segment.Length);
                }
                await output.FlushAsync(stop.Token).ConfigureAwait(false);
                channel.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return true;
                }
                if (result.IsCanceled)
                {
                    return false;
                }
            }
        }
        catch (Exception e) when (SocketRelay.IsEndOfConnection(e))
        {
            // Standard output closed (ssh exited) or the session went away.
            return false;
        }
    }
}
