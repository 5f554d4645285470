using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Sekisho.Protocol.Tunnels;

namespace Sekisho.Agent.Tunnels;

/// <summary>
/// Where a port or SSH session's connections go, and the rules they must pass before a socket is opened: the
/// node itself (<c>portNumber</c> on loopback), or a remote <c>host</c> whose every resolved address must be
/// outside <see cref="BlockedAddresses"/>, and (when the document sets one) on its <see cref="DestinationAllowList"/>.
/// Only the checked addresses are dialed, so a name cannot change its answer between check and dial.
/// </summary>
public sealed class TunnelDestination
{
    /// <summary>The properties of the session documents this reads.</summary>
    public const string PortNumberProperty = "portNumber";
    public const string HostProperty = "host";
    public const string AllowedDestinationsProperty = "allowedDestinations";

    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    public TunnelDestination(string? remoteHost, int port, DestinationAllowList allowList,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentNullException.ThrowIfNull(allowList);
        RemoteHost = string.IsNullOrWhiteSpace(remoteHost) ? null : remoteHost.Trim();
        Port = port;
        AllowList = allowList;
        _resolve = resolve ?? ((host, ct) => Dns.GetHostAddressesAsync(host, ct));
    }

    /// <summary>The remote host as the document gave it; null for the node itself.</summary>
    public string? RemoteHost { get; }

    public int Port { get; }

    public DestinationAllowList AllowList { get; }

    public string Host => RemoteHost ?? "localhost";

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>Reads <c>portNumber</c>, <c>host</c> and <c>allowedDestinations</c> from a session's properties.</summary>
    /// <exception cref="FormatException">A property is malformed or missing; the message names it.</exception>
    public static TunnelDestination FromProperties(IReadOnlyDictionary<string, string>? properties, int? defaultPort = null,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        string? Get(string name) => properties is not null && properties.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var portText = Get(PortNumberProperty);
        int port;
        if (portText is null)
        {
            port = defaultPort ?? throw new FormatException($"the session has no {PortNumberProperty}");
        }
        else if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            throw new FormatException($"{PortNumberProperty} '{portText}' is not a port number from 1 to 65535");
        }
        return new TunnelDestination(Get(HostProperty), port, DestinationAllowList.Parse(Get(AllowedDestinationsProperty)), resolve);
    }

    /// <summary>The addresses to dial, in order.</summary>
    /// <exception cref="DestinationRefusedException">A rule refuses the destination (the message names the rule).</exception>
    /// <exception cref="SocketException">The host name does not resolve.</exception>
    public async ValueTask<IPEndPoint[]> ResolveAsync(CancellationToken cancellationToken)
    {
        if (RemoteHost is null)
        {
            // The stock agent dials ":port", which means this machine: IPv4 loopback first, then IPv6.
            var local = new List<IPEndPoint>(2);
            foreach (var loopback in (ReadOnlySpan<IPAddress>)[IPAddress.Loopback, IPAddress.IPv6Loopback])
            {
                if (AllowList.Allows("localhost", loopback, Port))
                {
                    local.Add(new IPEndPoint(loopback, Port));
                }
            }
            return local.Count > 0 ? [.. local] : throw NotAllowed();
        }
        var host = RemoteHost.StartsWith('[') && RemoteHost.EndsWith(']') ? RemoteHost[1..^1] : RemoteHost;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await _resolve(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }
        var allowed = new List<IPEndPoint>(addresses.Length);
        foreach (var address in addresses)
        {
            if (BlockedAddresses.RefusingRule(address) is { } rule)
            {
                var via = literal is null ? $"'{host}' resolves to {address}, which is" : $"{address} is";
                throw new DestinationRefusedException($"destination {this} refused: {via} in the {rule}");
            }
            if (AllowList.Allows(host, address, Port))
            {
                allowed.Add(new IPEndPoint(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, Port));
            }
        }
        return allowed.Count > 0 ? [.. allowed] : throw NotAllowed();
    }

    private DestinationRefusedException NotAllowed() =>
        new($"destination {this} refused: not in the document's {AllowedDestinationsProperty} ({string.Join(", ", AllowList.Entries)})");

    /// <summary>Connects to the first of <paramref name="endPoints"/> that answers.</summary>
    public static async Task<Socket> DialAsync(IPEndPoint[] endPoints, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoints);
        SocketException? last = null;
        foreach (var endPoint in endPoints)
        {
            var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await socket.ConnectAsync(endPoint, deadline.Token).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                last = new SocketException((int)SocketError.TimedOut);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.AddressNotAvailable);
    }
}
