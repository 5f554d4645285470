using System.Text.Json.Serialization;

namespace Sekisho.Server.Identity;

/// <summary>
/// A managed policy. <see cref="AccountId"/> is "aws" for AWS managed policies, whose per-account copy only
/// carries this account's attachment counts.
/// </summary>
public sealed record ManagedPolicyRecord(
    string AccountId,
    string PolicyName,
    string Path,
    string PolicyId,
    DateTimeOffset CreateDate,
    DateTimeOffset UpdateDate,
    string? Description,
    string DefaultVersionId,
    IReadOnlyList<PolicyVersionRecord> Versions,
    int NextVersionNumber,
    int AttachmentCount,
    int PermissionsBoundaryUsageCount,
    IReadOnlyList<Tag> Tags)
{
    [JsonIgnore]
    public string Arn => $"arn:aws:iam::{AccountId}:policy{Path}{PolicyName}";

    [JsonIgnore]
    public PolicyVersionRecord DefaultVersion
    {
        get
        {
            foreach (var v in Versions)
                if (v.VersionId == DefaultVersionId) return v;
            throw new InvalidOperationException($"policy {Arn} has no version {DefaultVersionId}");
        }
    }
}
