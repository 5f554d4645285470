using System.Text.Json;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Cli.Sessions;

/// <summary>
/// What kind of session the agent runs, learned from its handshake or, for a plain shell, from its first Output.
/// </summary>
/// <param name="SessionType">What the client runs: <see cref="SessionTypes.StandardStream"/> or <see cref="SessionTypes.Port"/>.</param>
/// <param name="RequestedSessionType">The agent's own word: Standard_Stream, InteractiveCommands, NonInteractiveCommands or Port.</param>
/// <param name="Properties">The document properties the agent sent with the handshake (null for a plain shell).</param>
/// <param name="AgentVersion">The agent's version from the handshake (null for a plain shell).</param>
public sealed record SessionTypeInfo(string SessionType, string RequestedSessionType, JsonElement? Properties, string? AgentVersion)
{
    /// <summary>Whether port forwarding runs smux over the byte stream (agents above 3.0.196.0).</summary>
    public bool UsesMultiplexing => DataChannelVersions.IsGreaterThan(AgentVersion, DataChannelVersions.MultiplexingAfterAgent);

    /// <summary>Whether smux runs without keepalives (agents above 3.1.1511.0).</summary>
    public bool SmuxKeepAliveDisabled => DataChannelVersions.IsGreaterThan(AgentVersion, DataChannelVersions.SmuxKeepAliveDisabledAfterAgent);

    /// <summary>A string property of the document (e.g. <c>type</c>, <c>portNumber</c>), or null.</summary>
    public string? Property(string name) =>
        Properties is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
}
