namespace Sekisho.Cli.Aws;

/// <summary>The STS AssumeRole call an assume-role profile makes (role_arn, role_session_name, external_id, duration_seconds, mfa_serial).</summary>
public sealed record AssumeRoleRequest(string RoleArn, string RoleSessionName, string? ExternalId = null,
    int? DurationSeconds = null, string? SerialNumber = null, string? TokenCode = null);
