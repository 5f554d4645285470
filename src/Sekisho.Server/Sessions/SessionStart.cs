namespace Sekisho.Server.Sessions;

/// <summary>What StartSession and ResumeSession answer.</summary>
public sealed record SessionStart(string SessionId, string TokenValue, string StreamUrl);
