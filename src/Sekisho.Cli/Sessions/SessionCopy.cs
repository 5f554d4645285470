using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Sekisho.Cli.Sessions;

/// <summary>Copies a session's byte streams to the local ones, and prints how it ended.</summary>
internal static class SessionCopy
{
    /// <summary>Copies until the session's stream ends, flushing after each read so output appears at once.</summary>
    public static async Task ToStreamAsync(PipeReader reader, Stream destination, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            foreach (var segment in result.Buffer)
            {
                await destination.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
            }
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>Copies UTF-8 bytes to a text writer, keeping characters split across payloads whole.</summary>
    public static async Task ToWriterAsync(PipeReader reader, TextWriter destination, CancellationToken cancellationToken)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            foreach (var segment in result.Buffer)
            {
                var chars = new char[decoder.GetCharCount(segment.Span, flush: false)];
                decoder.GetChars(segment.Span, chars, flush: false);
                await destination.WriteAsync(chars, cancellationToken).ConfigureAwait(false);
            }
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Prints channel_closed's text (as the stock plugin does) or the error, and returns the exit code: the remote
    /// one when the agent sent it, 0 for a session closed without one, 255 for a broken one (the AWS CLI's code).
    /// </summary>
    public static async Task<int> FinishAsync(SessionEnd end, DataChannelClient client, CliConsole console)
    {
        if (end.Error is { } error)
        {
            await console.Error.WriteLineAsync($"\nsekisho: {error}").ConfigureAwait(false);
            return end.ExitCode ?? client.ExitCode ?? 255;
        }
        if (!string.IsNullOrEmpty(end.ChannelClosedOutput))
        {
            await console.Error.WriteLineAsync(end.ChannelClosedOutput.Trim('\n')).ConfigureAwait(false);
        }
        return end.ExitCode ?? client.ExitCode ?? 0;
    }
}
