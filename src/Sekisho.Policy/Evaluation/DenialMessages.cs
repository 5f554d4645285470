namespace Sekisho.Policy;

/// <summary>
/// AccessDenied messages worded as AWS words them (IAM User Guide, "Troubleshoot access denied error messages"):
/// <c>User: ARN is not authorized to perform: ACTION on resource: ARN</c> followed by the reason naming the policy kind.
/// A missing allow in a service or resource control policy is worded as an explicit deny, as AWS does.
/// </summary>
public static class DenialMessages
{
    public static string For(Decision decision, PolicyKind? kind, string principal, string action, string resource)
    {
        if (decision == Decision.Allowed || kind is null) return "";
        var prefix = $"User: {principal} is not authorized to perform: {action} on resource: {resource} ";
        var k = kind.Value;
        if (decision == Decision.ExplicitlyDenied || k is PolicyKind.ServiceControlPolicy or PolicyKind.ResourceControlPolicy)
            return prefix + "with an explicit deny in " + Article(k);
        return prefix + $"because no {Noun(k)} allows the {action} action";
    }

    /// <summary>The kind with its article, as in "with an explicit deny in a permissions boundary".</summary>
    public static string Article(PolicyKind kind) => kind switch
    {
        PolicyKind.IdentityBased => "an identity-based policy",
        PolicyKind.RoleTrust => "the role trust policy",
        _ => "a " + Noun(kind),
    };

    public static string Noun(PolicyKind kind) => kind switch
    {
        PolicyKind.ServiceControlPolicy => "service control policy",
        PolicyKind.ResourceControlPolicy => "resource control policy",
        PolicyKind.ResourceBased => "resource-based policy",
        PolicyKind.RoleTrust => "role trust policy",
        PolicyKind.IdentityBased => "identity-based policy",
        PolicyKind.PermissionsBoundary => "permissions boundary",
        _ => "session policy",
    };
}
