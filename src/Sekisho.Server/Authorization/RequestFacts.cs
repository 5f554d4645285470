namespace Sekisho.Server.Authorization;

/// <summary>Facts about the request itself that feed global condition keys.</summary>
public sealed record RequestFacts(DateTimeOffset Time, string? SourceIp, bool SecureTransport, string Region, string? UserAgent);
