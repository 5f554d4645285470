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

    /// <summary>How long a session's end (channel_closed, the agent's exit code) may lag behind the end of its byte stream.</summary>
    private static readonly TimeSpan SessionEndWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Waits at most <see cref="SessionEndWait"/> for the session's end once its byte stream or transport ended, so
    /// that an unfinished session is not read as a success; null (with a line on stderr saying that
    /// <paramref name="whatEnded"/> but the session did not end) when it does not come.
    /// </summary>
    public static async Task<SessionEnd?> WaitForEndAsync(DataChannelClient client, CliConsole console, string whatEnded,
        CancellationToken cancellationToken)
    {
        try
        {
            return await client.Completion.WaitAsync(SessionEndWait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await console.Error.WriteLineAsync(
                $"sekisho: {whatEnded} but session {client.SessionId} did not end within {SessionEndWait.TotalSeconds:0} s").ConfigureAwait(false);
            return null;
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
