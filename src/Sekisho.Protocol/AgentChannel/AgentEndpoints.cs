namespace Sekisho.Protocol.AgentChannel;

/// <summary>The server paths the agent and the data-channel clients use.</summary>
public static class AgentEndpoints
{
    public const string Register = "/agent/v1/register";
    public const string Credentials = "/agent/v1/credentials";

    /// <summary>WebSocket; the upgrade GET is SigV4-signed (service ssm) with the node's own temporary credentials.</summary>
    public const string Control = "/agent/v1/control";

    /// <summary>WebSocket per session for the agent; first frame TEXT with the session's agent token (as the client does).</summary>
    public static string AgentData(string sessionId) => $"/agent/v1/data/{sessionId}";

    /// <summary>WebSocket per session for the client: the StreamUrl of StartSession (the path AWS uses).</summary>
    public static string ClientData(string sessionId) => $"/v1/data-channel/{sessionId}?role=publish_subscribe";
}
