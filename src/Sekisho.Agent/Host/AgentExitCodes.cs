namespace Sekisho.Agent.Host;

/// <summary>How <c>sekisho agent run</c> ends.</summary>
public static class AgentExitCodes
{
    /// <summary>Stopped on request (Ctrl-C, SIGTERM).</summary>
    public const int Stopped = 0;

    /// <summary>Cannot run: not registered, damaged state, refused credentials.</summary>
    public const int Failed = 1;

    /// <summary>The node was deregistered: a service manager must not restart the agent.</summary>
    public const int Deregistered = 3;
}
