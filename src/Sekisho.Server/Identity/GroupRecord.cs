using System.Text.Json.Serialization;

namespace Sekisho.Server.Identity;

/// <summary>An IAM group: its inline and attached policies and its members (user names).</summary>
public sealed record GroupRecord(
    string AccountId,
    string GroupName,
    string Path,
    string GroupId,
    DateTimeOffset CreateDate,
    IReadOnlyDictionary<string, string> InlinePolicies,
    IReadOnlyList<string> AttachedPolicyArns,
    IReadOnlyList<string> MemberNames)
{
    [JsonIgnore]
    public string Arn => $"arn:aws:iam::{AccountId}:group{Path}{GroupName}";
}
