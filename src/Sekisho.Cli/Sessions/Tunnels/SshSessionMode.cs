using Sekisho.Protocol.Tunnels;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Cli.Sessions.Tunnels;

/// <summary>
/// Port sessions without <c>type</c> (<c>AWS-StartSSHSession</c>): standard input and output piped raw to the one
/// connection on the node, for OpenSSH's ProxyCommand. Nothing but the peer's bytes is written to standard output.
/// </summary>
public sealed class SshSessionMode(ISessionTerminal terminal) : ISessionMode
{
    public bool Handles(SessionTypeInfo session, SessionStartOptions options) =>
        session is not null && session.RequestedSessionType == SessionTypes.Port &&
        session.Property(TunnelProperties.TypeProperty) != TunnelProperties.LocalPortForwarding;

    public async Task<int> RunAsync(DataChannelClient client, SessionStartOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(console);
        var traffic = new TrafficCounters();
        var sessionEnded = await StdioRelay.RunAsync(client.Stream, terminal.Input, terminal.Output, traffic, cancellationToken).ConfigureAwait(false);
        if (!sessionEnded && !client.Completion.IsCompleted)
        {
            // Standard input ended (ssh is done): let the last bytes be acknowledged before the runner terminates.
            await client.FlushAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
            return 0;
        }
        // The node's side ended the stream, normally (sshd closed the connection) or not (the agent could not connect
        // and sent exit code 255): channel_closed, a moment behind, tells which.
        if (await SessionCopy.WaitForEndAsync(client, console, "the node ended the stream", cancellationToken).ConfigureAwait(false) is not { } end)
        {
            return SessionRunner.FailedBeforeStart;
        }
        return await SessionCopy.FinishAsync(end, client, console).ConfigureAwait(false);
    }
}
