namespace Sekisho.Server.Identity;

/// <summary>
/// A long-term access key, stored under its id for the authentication path. The secret is kept only encrypted
/// (<see cref="ISecretProtector"/>).
/// </summary>
public sealed record AccessKeyRecord(
    string AccessKeyId,
    string AccountId,
    string UserName,
    string ProtectedSecret,
    string Status,
    DateTimeOffset CreateDate,
    DateTimeOffset? LastUsedDate,
    string? LastUsedService,
    string? LastUsedRegion);
