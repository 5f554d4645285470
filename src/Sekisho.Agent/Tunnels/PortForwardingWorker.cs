using Sekisho.Protocol.Tunnels;
using Sekisho.Agent.Sessions;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.DataChannel;
using Sekisho.Protocol.Smux;

namespace Sekisho.Agent.Tunnels;

/// <summary>
/// <c>AWS-StartPortForwardingSession</c> and <c>...ToRemoteHost</c> (<c>type: LocalPortForwarding</c>): an
/// <see cref="PortForwarder"/> over the session's Output byte stream. A remote host that the rules refuse fails the
/// session at once with the rule; later refusals and dial failures are per connection.
/// </summary>
public sealed class PortForwardingWorker : ISessionWorker
{
    public bool Handles(AgentControlMessage start) =>
        TunnelProperties.IsPortSession(start) && TunnelProperties.IsMultiplexed(start.Properties);

    public async Task<int?> RunAsync(SessionWorkerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Open the pipe first: the client may open streams as soon as the handshake is done.
        var pipe = context.OpenPipe();
        TunnelDestination destination;
        try
        {
            destination = TunnelDestination.FromProperties(context.Start.Properties);
        }
        catch (FormatException e)
        {
            throw await context.FailAfterHandshakeAsync($"port forwarding: {e.Message}", e, cancellationToken).ConfigureAwait(false);
        }
        if (destination.RemoteHost is not null)
        {
            await CheckRemoteAsync(context, destination, cancellationToken).ConfigureAwait(false);
        }
        var forwarder = new PortForwarder(destination, context.SendFlagAsync, context.Log.Info);
        context.ReportStarted();
        context.Log.Info($"session {context.SessionId}: forwarding connections to {destination}");
        try
        {
            await forwarder.RunAsync(pipe, cancellationToken).ConfigureAwait(false);
        }
        catch (SmuxProtocolException e)
        {
            context.Log.Warn($"session {context.SessionId}: the client broke smux framing: {e.Message}");
        }
        catch (IOException e)
        {
            context.Log.Info($"session {context.SessionId}: the data channel ended: {e.Message}");
        }
        var traffic = forwarder.Traffic;
        context.Log.Info($"session {context.SessionId}: port forwarding to {destination} ended: {traffic.Connections} connections " +
                         $"({traffic.FailedConnections} failed), {traffic.Upstream} bytes to the destination, {traffic.Downstream} back");
        await TunnelDrain.WaitAsync(pipe, context.Channel, TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        return null;
    }

    private static async Task CheckRemoteAsync(SessionWorkerContext context, TunnelDestination destination, CancellationToken cancellationToken)
    {
        try
        {
            await destination.ResolveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DestinationRefusedException e)
        {
            throw await context.FailAfterHandshakeAsync(e.Message, e, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException)
        {
            // A name that does not resolve yet is reported per connection, as the stock agent does.
        }
    }
}
