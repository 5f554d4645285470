using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Sekisho.Agent;

/// <summary>The inventory facts the agent reports (hello, registration): from /etc/os-release and the interfaces.</summary>
public static class PlatformInfo
{
    /// <summary>Sekisho's agent version (above the stock thresholds, see DataChannelVersions).</summary>
    public const string AgentVersion = Sekisho.Protocol.DataChannel.DataChannelVersions.Agent;

    public static string Name => OsRelease("NAME") ?? "Linux";

    public static string Version => OsRelease("VERSION_ID") ?? Environment.OSVersion.Version.ToString();

    /// <summary>The first non-loopback IPv4 address of an interface that is up, or null.</summary>
    public static string? IpAddress()
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            {
                continue;
            }
            foreach (var address in nic.GetIPProperties().UnicastAddresses)
            {
                if (address.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address.Address))
                {
                    return address.Address.ToString();
                }
            }
        }
        return null;
    }

    private static string? OsRelease(string key)
    {
        const string path = "/etc/os-release";
        if (!File.Exists(path))
        {
            return null;
        }
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(key + "=", StringComparison.Ordinal))
            {
                return line[(key.Length + 1)..].Trim('"');
            }
        }
        return null;
    }
}
