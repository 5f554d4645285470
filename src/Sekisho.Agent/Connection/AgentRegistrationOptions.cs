using Sekisho.Agent.State;

namespace Sekisho.Agent.Connection;

/// <summary>The inputs of <c>sekisho agent register</c>.</summary>
public sealed record AgentRegistrationOptions(string ServerUrl, string ActivationCode, string ActivationId)
{
    public string StateDir { get; init; } = AgentStateDir.DefaultPath;

    /// <summary>The name the node reports as its computer name (default: the host name).</summary>
    public string? ComputerName { get; init; }

    /// <summary>The SHA-256 of a self-signed server certificate; without it the first one seen is trusted.</summary>
    public string? Fingerprint { get; init; }

    public bool Force { get; init; }
}
