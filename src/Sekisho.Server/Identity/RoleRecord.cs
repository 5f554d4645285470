using System.Text.Json.Serialization;

namespace Sekisho.Server.Identity;

/// <summary>An IAM role: trust policy (plain JSON), maximum session duration, tags, boundary and policies.</summary>
public sealed record RoleRecord(
    string AccountId,
    string RoleName,
    string Path,
    string RoleId,
    DateTimeOffset CreateDate,
    string AssumeRolePolicyDocument,
    string? Description,
    int MaxSessionDuration,
    IReadOnlyList<Tag> Tags,
    string? PermissionsBoundaryArn,
    IReadOnlyDictionary<string, string> InlinePolicies,
    IReadOnlyList<string> AttachedPolicyArns)
{
    [JsonIgnore]
    public string Arn => $"arn:aws:iam::{AccountId}:role{Path}{RoleName}";
}
