using Sekisho.Protocol.Tunnels;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace Sekisho.Agent.Tunnels;

/// <summary>
/// The agent's end of an SSH session (<c>AWS-StartSSHSession</c>, and any port session without
/// <c>type: LocalPortForwarding</c>): one TCP connection to the destination (the node's <c>portNumber</c>, 22 by
/// default) and the data channel's Output bytes relayed raw both ways until either side ends.
/// </summary>
public sealed class SshForwarder(TunnelDestination destination, Action<string> log)
{
    public const int DefaultPort = 22;

    public TrafficCounters Traffic { get; } = new();

    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the destination rules and connects.</summary>
    /// <exception cref="DestinationRefusedException">The destination rules refuse it.</exception>
    /// <exception cref="SocketException">The destination cannot be reached.</exception>
    public async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var endPoints = await destination.ResolveAsync(cancellationToken).ConfigureAwait(false);
        var socket = await TunnelDestination.DialAsync(endPoints, DialTimeout, cancellationToken).ConfigureAwait(false);
        Traffic.AddConnection();
        log($"connected to {destination}");
        return socket;
    }

    /// <summary>Relays between <paramref name="socket"/> and the byte stream until either ends; closes both.</summary>
    public async Task RelayAsync(Socket socket, IDuplexPipe transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(transport);
        var stream = new DuplexPipeStream(transport);
        await SocketRelay.RunAsync(socket, stream, Traffic, socketIsDestination: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        log($"connection to {destination} closed ({Traffic.Upstream} bytes up, {Traffic.Downstream} down)");
    }
}
