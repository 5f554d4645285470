using System.Net;

namespace Sekisho.Protocol.Tunnels;

/// <summary>
/// One entry of a document's <c>allowedDestinations</c>: a host name (exact, or <c>*.suffix</c> for any name under
/// it), an IP address or a CIDR network, and a port (null = any port).
/// </summary>
public sealed record AllowedDestination(string? HostPattern, IPNetwork? Network, int? Port)
{
    /// <summary>Whether a connection to <paramref name="host"/> (as requested), resolved to <paramref name="address"/>, on <paramref name="port"/> matches.</summary>
    public bool Matches(string host, IPAddress address, int port)
    {
        if (Port is { } wanted && wanted != port)
        {
            return false;
        }
        if (Network is { } network)
        {
            var candidate = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            return network.BaseAddress.AddressFamily == candidate.AddressFamily && network.Contains(candidate);
        }
        var pattern = HostPattern!;
        var name = host.TrimEnd('.');
        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return name.Length > pattern.Length - 1 && name.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase);
        }
        return string.Equals(name, pattern, StringComparison.OrdinalIgnoreCase);
    }

    public override string ToString()
    {
        var what = Network?.ToString() ?? HostPattern!;
        if (what.Contains(':', StringComparison.Ordinal))
        {
            what = $"[{what}]";
        }
        return Port is { } port ? $"{what}:{port}" : $"{what}:*";
    }
}
