namespace Sekisho.Server.Sessions;

/// <summary>The <c>Status</c> values of DescribeSessions (the botocore SessionStatus enum).</summary>
public static class SessionStatus
{
    public const string Connecting = "Connecting";
    public const string Connected = "Connected";
    public const string Disconnected = "Disconnected";
    public const string Terminating = "Terminating";
    public const string Terminated = "Terminated";
    public const string Failed = "Failed";

    /// <summary>Active sessions (DescribeSessions State=Active); the others are History.</summary>
    public static bool IsActive(string status) => status is Connecting or Connected or Disconnected;
}
