using System.IO.Pipelines;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Cli.Sessions;

/// <summary>
/// NonInteractiveCommands documents: the command's stdout (Output) and stderr (StdErr) are copied to ours, stdin is
/// not read, and the process exits with the remote exit code.
/// </summary>
public sealed class NonInteractiveSessionMode(ISessionTerminal terminal) : ISessionMode
{
    public bool Handles(SessionTypeInfo session, SessionStartOptions options) =>
        session?.RequestedSessionType == SessionTypes.NonInteractiveCommands;

    public async Task<int> RunAsync(DataChannelClient client, SessionStartOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(console);
        var stdout = SessionCopy.ToStreamAsync(client.Stream.Input, terminal.Output, cancellationToken);
        var stderr = SessionCopy.ToWriterAsync(client.StandardError, console.Error, cancellationToken);
        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        var end = await client.Completion.ConfigureAwait(false);
        return await SessionCopy.FinishAsync(end, client, console).ConfigureAwait(false);
    }
}
