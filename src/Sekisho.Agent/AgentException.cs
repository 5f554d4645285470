namespace Sekisho.Agent;

/// <summary>
/// The agent cannot go on for a reason the operator must fix (server unreachable, activation refused, state dir
/// missing, node deregistered). <see cref="Code"/> is the server's error code when it gave one.
/// </summary>
public sealed class AgentException : Exception
{
    public AgentException(string message, string? code = null) : base(message) => Code = code;

    public AgentException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public AgentException()
    {
    }

    public string? Code { get; }

    /// <summary>The server said the node is deregistered: the agent must stop for good.</summary>
    public bool IsDeregistered => Code == "NodeDeregistered";
}
