namespace Sekisho.Server.Audit;

/// <summary>One API call as the audit log keeps it (one JSON line in <c>sekisho audit</c>).</summary>
public sealed record AuditEvent(
    DateTimeOffset Time,
    string RequestId,
    string Service,
    string? Operation,
    string? Action,
    string? CallerArn,
    string? Account,
    string? AccessKeyId,
    IReadOnlyList<string> Resources,
    string Decision,
    string? DenialReason,
    string? ErrorCode,
    int HttpStatus,
    string? SourceIp,
    string? UserAgent);
