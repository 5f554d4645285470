using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Protocol.Tunnels;

/// <summary>How a <c>start_session</c> says which kind of tunnel it is.</summary>
public static class TunnelProperties
{
    /// <summary>The <c>type</c> property of the port-forwarding documents; without it a Port session is a raw stream (SSH).</summary>
    public const string TypeProperty = "type";
    public const string LocalPortForwarding = "LocalPortForwarding";
    public const string LocalPortNumberProperty = "localPortNumber";

    public static bool IsPortSession(AgentControlMessage start)
    {
        ArgumentNullException.ThrowIfNull(start);
        return string.Equals(start.SessionType, SessionTypes.Port, StringComparison.Ordinal);
    }

    /// <summary>Whether the session multiplexes connections with smux (the client and the stock plugin decide the same way).</summary>
    public static bool IsMultiplexed(IReadOnlyDictionary<string, string>? properties) =>
        properties is not null && properties.TryGetValue(TypeProperty, out var type) &&
        string.Equals(type?.Trim(), LocalPortForwarding, StringComparison.Ordinal);
}
