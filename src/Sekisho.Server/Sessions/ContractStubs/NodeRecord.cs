using Sekisho.Server.Identity;

namespace Sekisho.Server.Nodes;

// TEMPORARY stand-in for ssm-nodes' "Nodes contract" (removed when that branch is merged).
public sealed record NodeRecord(string InstanceId, string Account, string? Name, IReadOnlyList<Tag> Tags, string? IamRole,
    string? ComputerName, string? IpAddress, string? PlatformName, string? PlatformVersion, string? AgentVersion, DateTimeOffset RegistrationDate);
