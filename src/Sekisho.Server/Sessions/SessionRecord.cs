namespace Sekisho.Server.Sessions;

/// <summary>
/// One session as stored (<c>/accounts/{account}/sessions/{id}</c>) and reported by DescribeSessions. Written
/// at start and at each change of status; the live relay state (sockets, timers) is not stored.
/// </summary>
/// <param name="Owner">the caller's ARN (the assumed-role ARN for role sessions)</param>
/// <param name="OwnerKind">"user" or "role": which session-name rule made the id, and who may resume</param>
/// <param name="Properties">the document's resolved properties sent to the agent</param>
/// <param name="Recording">the blob name prefix of the recording, or null for sessions not recorded</param>
public sealed record SessionRecord(
    string SessionId,
    string Account,
    string Region,
    string Target,
    string DocumentName,
    string DocumentArn,
    string SessionType,
    string Owner,
    string RunAsUser,
    string? Reason,
    IReadOnlyDictionary<string, string> Properties,
    string? ShellProfile,
    bool SsmUserSudo,
    DateTimeOffset StartDate,
    DateTimeOffset? EndDate,
    string Status,
    string? Details,
    TimeSpan IdleTimeout,
    TimeSpan? MaxDuration,
    DateTimeOffset? RecordingExpires,
    string? Recording);
