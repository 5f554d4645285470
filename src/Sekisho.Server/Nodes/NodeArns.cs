namespace Sekisho.Server.Nodes;

/// <summary>The ARNs of the SSM resources Sekisho serves.</summary>
public static class NodeArns
{
    public static string ManagedInstance(string region, string account, string instanceId) =>
        $"arn:aws:ssm:{region}:{account}:managed-instance/{instanceId}";

    /// <summary>An account's document, or an AWS-owned one (no account in the ARN) when <paramref name="account"/> is null.</summary>
    public static string Document(string region, string? account, string name) =>
        $"arn:aws:ssm:{region}:{account}:document/{name}";
}
