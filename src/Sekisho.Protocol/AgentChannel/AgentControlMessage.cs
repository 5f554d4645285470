namespace Sekisho.Protocol.AgentChannel;

/// <summary>
/// One JSON text frame on the agent's control WebSocket. A flat record: <see cref="Type"/> says which members
/// are set (see <see cref="AgentMessageTypes"/> and README.md). Unknown members are ignored so either side can
/// grow without breaking the other.
/// </summary>
public sealed record AgentControlMessage
{
    public required string Type { get; init; }

    // hello
    public string? AgentVersion { get; init; }
    public string? PlatformName { get; init; }
    public string? PlatformType { get; init; }
    public string? PlatformVersion { get; init; }
    public string? ComputerName { get; init; }
    public string? IpAddress { get; init; }

    // start_session, terminate_session, session_*
    public string? SessionId { get; init; }

    /// <summary>Standard_Stream, InteractiveCommands, NonInteractiveCommands or Port (<c>Sekisho.Protocol.DataChannel.SessionTypes</c>).</summary>
    public string? SessionType { get; init; }
    public string? DocumentName { get; init; }

    /// <summary>The document's resolved inputs and parameters: commands, portNumber, host, localPortNumber, type, ...</summary>
    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    /// <summary>The OS user the worker runs as (decided by the server: SSMSessionRunAs, runAsDefaultUser or ssm-user).</summary>
    public string? RunAsUser { get; init; }

    /// <summary>The shell profile commands of the preferences document (linux), run before the prompt.</summary>
    public string? ShellProfile { get; init; }

    /// <summary>True only when the document explicitly asks for root and policy allowed it.</summary>
    public bool AllowRoot { get; init; }

    /// <summary>Whether a created ssm-user may use sudo (server setting, off by default).</summary>
    public bool SsmUserSudo { get; init; }

    /// <summary>The agent's data WebSocket for this session and its one-session token.</summary>
    public string? DataUrl { get; init; }
    public string? DataToken { get; init; }

    // session_failed, terminate_session
    public string? Message { get; init; }

    // session_ended
    public int? ExitCode { get; init; }
}
