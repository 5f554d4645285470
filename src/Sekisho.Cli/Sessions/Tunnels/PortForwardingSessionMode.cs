using Sekisho.Protocol.Tunnels;
using System.Globalization;
using System.Net.Sockets;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Cli.Sessions.Tunnels;

/// <summary>
/// Port sessions with <c>type: LocalPortForwarding</c>: listens on <c>localPortNumber</c> (absent or 0 = any free
/// port), prints the port as the stock plugin does, and forwards every accepted connection over its own smux
/// stream until the session ends or the user interrupts.
/// </summary>
public sealed class PortForwardingSessionMode : ISessionMode
{
    public bool Handles(SessionTypeInfo session, SessionStartOptions options) =>
        session is not null && session.RequestedSessionType == SessionTypes.Port &&
        session.Property(TunnelProperties.TypeProperty) == TunnelProperties.LocalPortForwarding;

    public async Task<int> RunAsync(DataChannelClient client, SessionStartOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        var session = await client.SessionType.ConfigureAwait(false);
        if (!session.UsesMultiplexing)
        {
            throw new CliException($"the agent ({session.AgentVersion ?? "unknown version"}) is too old for multiplexed port forwarding");
        }
        var localPort = LocalPort(session, options);
        PortForwardListener listener;
        try
        {
            listener = new PortForwardListener(localPort);
        }
        catch (SocketException e)
        {
            throw new CliException($"cannot listen on local port {localPort}: {e.Message}");
        }
        await using (listener.ConfigureAwait(false))
        {
            await console.Out.WriteLineAsync($"\nPort {listener.Port} opened for sessionId {client.SessionId}.").ConfigureAwait(false);
            await console.Out.WriteLineAsync("Waiting for connections...\n").ConfigureAwait(false);
            await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            StartupTrace.Mark("waiting for connections");
            var flags = ReportFlagsAsync(client, console);
            try
            {
                await listener.RunAsync(client.Stream, null, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                await console.Error.WriteLineAsync($"sekisho: port forwarding stopped: {e.Message}").ConfigureAwait(false);
            }
            if (cancellationToken.IsCancellationRequested)
            {
                // Interrupted by the user: the runner terminates the session.
                return 0;
            }
            // The smux transport can end a moment before the channel's completion (channel_closed, the agent's exit
            // code for a refused destination): wait for it rather than reading an unfinished session as a success.
            if (await SessionCopy.WaitForEndAsync(client, console, "port forwarding stopped", CancellationToken.None).ConfigureAwait(false) is not { } end)
            {
                return SessionRunner.FailedBeforeStart;
            }
            await flags.ConfigureAwait(false);
            return await SessionCopy.FinishAsync(end, client, console).ConfigureAwait(false);
        }
    }

    /// <exception cref="CliException">localPortNumber is not a port number.</exception>
    internal static int LocalPort(SessionTypeInfo session, SessionStartOptions options)
    {
        var text = session.Property(TunnelProperties.LocalPortNumberProperty);
        if (string.IsNullOrWhiteSpace(text) && options.Parameters.TryGetValue(TunnelProperties.LocalPortNumberProperty, out var values) && values.Count > 0)
        {
            text = values[0];
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return 0;
        }
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new CliException($"localPortNumber '{text}' is not a port number from 0 to 65535");
        }
        return port;
    }

    private static async Task ReportFlagsAsync(DataChannelClient client, CliConsole console)
    {
        await foreach (var flag in client.Flags.ReadAllAsync().ConfigureAwait(false))
        {
            if (flag == SessionFlag.ConnectToPortError)
            {
                // The stock plugin's words, so scripts that watch for them keep working.
                await console.Error.WriteLineAsync("Connection to destination port failed, check SSM Agent logs.").ConfigureAwait(false);
            }
        }
    }
}
