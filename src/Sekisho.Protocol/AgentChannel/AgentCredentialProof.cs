namespace Sekisho.Protocol.AgentChannel;

/// <summary>What the node signs to obtain credentials; the server accepts a timestamp within <see cref="MaxSkew"/>.</summary>
public static class AgentCredentialProof
{
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    /// <summary><paramref name="timestamp"/> is ISO 8601 UTC (<c>2026-11-21T12:00:00Z</c>).</summary>
    public static string StringToSign(string instanceId, string timestamp) =>
        $"sekisho-agent-credentials\n{instanceId}\n{timestamp}";
}
