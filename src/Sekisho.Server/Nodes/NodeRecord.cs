using Sekisho.Server.Identity;

namespace Sekisho.Server.Nodes;

/// <summary>
/// A registered managed node (<c>mi-</c> + 17 hex) as stored at <c>/accounts/{account}/ssm/nodes/{id}</c>: what the
/// activation gave it (name, tags, IAM role), its public key, and the inventory its agent last reported.
/// </summary>
/// <param name="IamRole">the activation's role name (the node's credentials are sessions of this role)</param>
/// <param name="PublicKey">the node's ECDSA P-256 public key, SPKI base64</param>
/// <param name="LastPingDateTime">when the agent last connected or said hello (null: never)</param>
/// <param name="Connected">whether some replica holds the agent's control socket (as last recorded)</param>
public sealed record NodeRecord(
    string InstanceId,
    string Account,
    string Region,
    string? Name,
    IReadOnlyList<Tag> Tags,
    string IamRole,
    string ActivationId,
    string? ComputerName,
    string? IpAddress,
    string? PlatformName,
    string? PlatformType,
    string? PlatformVersion,
    string? AgentVersion,
    DateTimeOffset RegistrationDate,
    DateTimeOffset? LastPingDateTime,
    string PublicKey,
    bool Connected = false)
{
    /// <summary><c>arn:aws:ssm:REGION:ACCOUNT:managed-instance/mi-...</c></summary>
    public string Arn => NodeArns.ManagedInstance(Region, Account, InstanceId);

    /// <summary>The role session ARN the node's credentials carry.</summary>
    public string SessionArn => $"arn:aws:sts::{Account}:assumed-role/{IamRole}/{InstanceId}";
}
