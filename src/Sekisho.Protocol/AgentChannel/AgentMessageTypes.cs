namespace Sekisho.Protocol.AgentChannel;

/// <summary>The <c>type</c> of an <see cref="AgentControlMessage"/> on the control WebSocket.</summary>
public static class AgentMessageTypes
{
    /// <summary>Agent to server, first message after connecting: the inventory facts (versions, platform, computer name, IP).</summary>
    public const string Hello = "hello";

    /// <summary>Server to agent: open a session (the agent then connects <c>DataUrl</c> with <c>DataToken</c>).</summary>
    public const string StartSession = "start_session";

    /// <summary>Server to agent: end a session now (terminated, idle, past its maximum duration, access revoked).</summary>
    public const string TerminateSession = "terminate_session";

    /// <summary>Server to agent: the node was deregistered; the agent stops and does not reconnect.</summary>
    public const string Deregistered = "deregistered";

    /// <summary>Agent to server: the session's worker runs (shell started, port dialled, command running).</summary>
    public const string SessionStarted = "session_started";

    /// <summary>Agent to server: the session could not start; <c>Message</c> says why (unknown OS user, ...).</summary>
    public const string SessionFailed = "session_failed";

    /// <summary>Agent to server: the session's worker ended; <c>ExitCode</c> for shells and commands.</summary>
    public const string SessionEnded = "session_ended";
}
