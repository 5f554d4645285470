namespace Sekisho.Protocol.DataChannel;

/// <summary>
/// The versions Sekisho reports in the handshake and the thresholds the stock peers compare them with. Reporting
/// versions above the thresholds makes the stock plugin use multiplexed port forwarding without smux keepalives.
/// </summary>
public static class DataChannelVersions
{
    /// <summary>What Sekisho's agent end reports as AgentVersion.</summary>
    public const string Agent = "3.3.1802.0";

    /// <summary>What Sekisho's client end reports as ClientVersion.</summary>
    public const string Client = "1.2.707.0";

    /// <summary>Agents above this version multiplex port forwarding with smux.</summary>
    public const string MultiplexingAfterAgent = "3.0.196.0";

    /// <summary>Agents above this version run smux without keepalives.</summary>
    public const string SmuxKeepAliveDisabledAfterAgent = "3.1.1511.0";

    /// <summary>Clients above this version support multiplexed port forwarding.</summary>
    public const string MultiplexingAfterClient = "1.1.70";

    /// <summary>Clients above this version run smux without keepalives.</summary>
    public const string SmuxKeepAliveDisabledAfterClient = "1.2.331.0";

    /// <summary>
    /// Whether dotted version <paramref name="version"/> is strictly greater than <paramref name="than"/>. As in the
    /// stock plugin, versions with a different number of parts or a non-numeric part never compare greater.
    /// </summary>
    public static bool IsGreaterThan(string? version, string than)
    {
        ArgumentNullException.ThrowIfNull(than);
        if (string.IsNullOrEmpty(version))
        {
            return false;
        }
        var left = version.Split('.');
        var right = than.Split('.');
        if (left.Length != right.Length)
        {
            return false;
        }
        for (var i = 0; i < left.Length; i++)
        {
            if (!int.TryParse(left[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var a) ||
                !int.TryParse(right[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var b))
            {
                return false;
            }
            if (a != b)
            {
                return a > b;
            }
        }
        return false;
    }
}
