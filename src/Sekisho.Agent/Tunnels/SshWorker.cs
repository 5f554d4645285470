using Sekisho.Protocol.Tunnels;
using System.Net.Sockets;
using Sekisho.Agent.Sessions;
using Sekisho.Protocol.AgentChannel;

namespace Sekisho.Agent.Tunnels;

/// <summary>
/// <c>AWS-StartSSHSession</c> (a Port session without <c>type</c>): one TCP connection to the node's
/// <c>portNumber</c> (22 by default), raw bytes both ways; the session ends when the connection does. A connection
/// that cannot be made fails the session with exit code 255 for the client (<see cref="SessionWorkerContext.FailAfterHandshakeAsync"/>).
/// </summary>
public sealed class SshWorker : ISessionWorker
{
    public bool Handles(AgentControlMessage start) =>
        TunnelProperties.IsPortSession(start) && !TunnelProperties.IsMultiplexed(start.Properties);

    public async Task<int?> RunAsync(SessionWorkerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Open the pipe first: the client may send ssh's first bytes as soon as the handshake is done.
        var pipe = context.OpenPipe();
        SshForwarder forwarder;
        Socket socket;
        try
        {
            var destination = TunnelDestination.FromProperties(context.Start.Properties, SshForwarder.DefaultPort);
            forwarder = new SshForwarder(destination, message => context.Log.Info($"session {context.SessionId}: {message}"));
            socket = await forwarder.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException e)
        {
            throw await context.FailAfterHandshakeAsync($"ssh: {e.Message}", e, cancellationToken).ConfigureAwait(false);
        }
        catch (DestinationRefusedException e)
        {
            throw await context.FailAfterHandshakeAsync(e.Message, e, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw await context.FailAfterHandshakeAsync($"cannot connect to port {PortOf(context)} on {context.InstanceId}: {e.Message}", e,
                cancellationToken).ConfigureAwait(false);
        }
        context.ReportStarted();
        await forwarder.RelayAsync(socket, pipe, cancellationToken).ConfigureAwait(false);
        await TunnelDrain.WaitAsync(pipe, context.Channel, TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        return null;
    }

    private static string PortOf(SessionWorkerContext context) =>
        context.Start.Properties?.GetValueOrDefault(TunnelDestination.PortNumberProperty) ?? SshForwarder.DefaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
