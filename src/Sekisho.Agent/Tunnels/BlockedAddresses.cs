using System.Net;
using System.Net.Sockets;

namespace Sekisho.Agent.Tunnels;

/// <summary>
/// Addresses a remote-host tunnel never dials, whatever the allow-list says: link-local ranges (where cloud
/// metadata services and their credentials live) and the EC2 IPv6 metadata prefix.
/// </summary>
public static class BlockedAddresses
{
    private static readonly (IPNetwork Network, string Rule)[] Rules =
    [
        (IPNetwork.Parse("169.254.0.0/16"), "IPv4 link-local and cloud metadata range 169.254.0.0/16"),
        (IPNetwork.Parse("fe80::/10"), "IPv6 link-local range fe80::/10"),
        (IPNetwork.Parse("fd00:ec2::/32"), "EC2 IPv6 metadata range fd00:ec2::/32"),
    ];

    /// <summary>The rule that refuses <paramref name="address"/>, or null when it may be dialed.</summary>
    public static string? RefusingRule(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        // ::ffff:169.254.169.254 reaches the IPv4 metadata service, so mapped addresses are judged as IPv4.
        var candidate = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (candidate.AddressFamily == AddressFamily.InterNetworkV6 && candidate.ScopeId != 0)
        {
            candidate = new IPAddress(candidate.GetAddressBytes());
        }
        foreach (var (network, rule) in Rules)
        {
            if (network.BaseAddress.AddressFamily == candidate.AddressFamily && network.Contains(candidate))
            {
                return rule;
            }
        }
        return null;
    }
}
