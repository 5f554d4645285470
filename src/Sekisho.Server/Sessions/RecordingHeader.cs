namespace Sekisho.Server.Sessions;

/// <summary>What the asciicast header says besides the size: who, where, as whom, what, when; for tunnels the destination (host:port).</summary>
public sealed record RecordingHeader(
    string SessionId,
    string Owner,
    string Target,
    string RunAsUser,
    string DocumentName,
    string SessionType,
    string? Destination,
    DateTimeOffset Start);
