namespace Sekisho.Policy;

/// <summary>
/// The request principal, taken apart once per request: its kind, account, and for role sessions the role's ARN
/// (without path, which a session ARN does not carry) so that a policy naming the role matches its sessions.
/// </summary>
public sealed record PrincipalIdentity(string Arn, PrincipalType Type, string Account, string? Name, string? RoleName, string? SessionName)
{
    public static PrincipalIdentity FromArn(string arn)
    {
        if (arn.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase) && !arn.StartsWith("arn:", StringComparison.Ordinal))
            return new PrincipalIdentity(arn, PrincipalType.Service, "", arn, null, null);
        if (!ArnParts.TryParse(arn, out var parts)) return new PrincipalIdentity(arn, PrincipalType.Other, "", null, null, null);
        var service = parts.Service(arn);
        var account = parts.Account(arn).ToString();
        var resource = parts.Resource(arn);
        if (service.SequenceEqual("iam"))
        {
            if (resource.SequenceEqual("root")) return new PrincipalIdentity(arn, PrincipalType.AccountRoot, account, null, null, null);
            if (resource.StartsWith("user/"))
                return new PrincipalIdentity(arn, PrincipalType.User, account, LastSegment(resource), null, null);
            if (resource.StartsWith("role/"))
            {
                var name = LastSegment(resource);
                return new PrincipalIdentity(arn, PrincipalType.Role, account, name, name, null);
            }
        }
        else if (service.SequenceEqual("sts"))
        {
            if (resource.StartsWith("assumed-role/"))
            {
                var rest = resource["assumed-role/".Length..];
                var slash = rest.IndexOf('/');
                if (slash > 0)
                {
                    var role = rest[..slash].ToString();
                    return new PrincipalIdentity(arn, PrincipalType.AssumedRole, account, role, role, rest[(slash + 1)..].ToString());
                }
            }
            if (resource.StartsWith("federated-user/"))
                return new PrincipalIdentity(arn, PrincipalType.FederatedUser, account, resource["federated-user/".Length..].ToString(), null, null);
        }
        return new PrincipalIdentity(arn, PrincipalType.Other, account, null, null, null);
    }

    private static string LastSegment(ReadOnlySpan<char> resource) => resource[(resource.LastIndexOf('/') + 1)..].ToString();

    /// <summary>aws:PrincipalArn: for a role session, the role's ARN (path unknown here, so none).</summary>
    public string PrincipalArnKey => Type == PrincipalType.AssumedRole ? $"arn:aws:iam::{Account}:role/{RoleName}" : Arn;

    /// <summary>aws:PrincipalType as AWS fills it in, or null when it cannot be told.</summary>
    public string? PrincipalTypeKey => Type switch
    {
        PrincipalType.User => "User",
        PrincipalType.AssumedRole => "AssumedRole",
        PrincipalType.FederatedUser => "FederatedUser",
        PrincipalType.AccountRoot => "Account",
        _ => null,
    };

    /// <summary>True for service-linked roles (path /aws-service-role/) and their sessions, which SCPs do not restrict.
    /// A session ARN carries no role path, so a session is recognised by the reserved name prefix of such roles.</summary>
    public bool IsServiceLinkedRole { get; } =
        (Type == PrincipalType.Role && Arn.Contains(":role/aws-service-role/", StringComparison.Ordinal))
        || (Type == PrincipalType.AssumedRole && RoleName is not null && RoleName.StartsWith("AWSServiceRoleFor", StringComparison.Ordinal));
}
