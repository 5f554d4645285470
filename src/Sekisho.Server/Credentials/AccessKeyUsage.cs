namespace Sekisho.Server.Credentials;

/// <summary>When a long-term access key was last used, for which service and in which region (iam:GetAccessKeyLastUsed).</summary>
public sealed record AccessKeyUsage(DateTimeOffset LastUsedDate, string ServiceName, string Region);
