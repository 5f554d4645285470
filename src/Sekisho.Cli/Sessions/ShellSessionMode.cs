using Sekisho.Protocol.DataChannel;

namespace Sekisho.Cli.Sessions;

/// <summary>
/// Shells and InteractiveCommands: the terminal in raw mode (restored on every way out), its size sent on start and
/// on every SIGWINCH, stdin bytes sent as input, remote output written to stdout byte for byte, and the remote exit
/// code returned. Without a terminal on stdin there is no raw mode and no size, and the end of stdin sends one
/// Ctrl-D so the remote shell sees end of input as it would from a pipe.
/// </summary>
public sealed class ShellSessionMode(ISessionTerminal terminal) : ISessionMode
{
    private const byte EndOfTransmission = 0x04;

    public bool Handles(SessionTypeInfo session, SessionStartOptions options) =>
        session?.SessionType == SessionTypes.StandardStream;

    public async Task<int> RunAsync(DataChannelClient client, SessionStartOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(console);
        using var raw = terminal.EnterRawMode();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var resize = terminal.WatchResize(() => _ = SendSizeAsync(client, stop.Token));
        await SendSizeAsync(client, stop.Token).ConfigureAwait(false);
        var output = SessionCopy.ToStreamAsync(client.Stream.Input, terminal.Output, stop.Token);
        var errors = SessionCopy.ToWriterAsync(client.StandardError, console.Error, stop.Token);
        var input = PumpInputAsync(client, stop.Token);
        try
        {
            await Task.WhenAll(output, errors).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }
        // Not awaited: a read of a terminal or pipe cannot be cancelled, and waiting would need one more key press.
        // Its failure after the session ended is of no interest; it is observed so it is not reported as unobserved.
        _ = input.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        raw.Dispose();
        var end = await client.Completion.ConfigureAwait(false);
        return await SessionCopy.FinishAsync(end, client, console).ConfigureAwait(false);
    }

    private async Task SendSizeAsync(DataChannelClient client, CancellationToken cancellationToken)
    {
        if (terminal.GetSize() is { } size)
        {
            try
            {
                await client.SendSizeAsync(size, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The session ended while the size waited for room.
            }
        }
    }

    private async Task PumpInputAsync(DataChannelClient client, CancellationToken cancellationToken)
    {
        var writer = client.Stream.Output;
        var buffer = new byte[1024];
        while (!cancellationToken.IsCancellationRequested)
        {
            var read = await terminal.Input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (!terminal.IsInputTerminal)
                {
                    await writer.WriteAsync(new[] { EndOfTransmission }, cancellationToken).ConfigureAwait(false);
                }
                return;
            }
            await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }
}
