using System.Text.Json.Serialization;

namespace Sekisho.Server.Identity;

/// <summary>
/// An IAM user with everything that hangs on it. Relations are kept on the user itself so that one
/// compare-and-swap on this record guards every rule that needs them (a user with keys cannot be deleted, at most
/// two keys, ...).
/// </summary>
public sealed record UserRecord(
    string AccountId,
    string UserName,
    string Path,
    string UserId,
    DateTimeOffset CreateDate,
    IReadOnlyList<Tag> Tags,
    string? PermissionsBoundaryArn,
    IReadOnlyDictionary<string, string> InlinePolicies,
    IReadOnlyList<string> AttachedPolicyArns,
    IReadOnlyList<string> GroupNames,
    IReadOnlyList<string> AccessKeyIds,
    IReadOnlyList<string> MfaSerials,
    LoginProfileRecord? LoginProfile,
    DateTimeOffset? PasswordLastUsed)
{
    [JsonIgnore]
    public string Arn => $"arn:aws:iam::{AccountId}:user{Path}{UserName}";
}
