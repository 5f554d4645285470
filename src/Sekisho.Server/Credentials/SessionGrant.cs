namespace Sekisho.Server.Credentials;

/// <summary>
/// Everything a temporary credential carries, sealed inside its session token so that any replica can build
/// the request context from the token alone.
/// </summary>
/// <param name="PrincipalArn">the session's ARN: <c>arn:aws:sts::ACCT:assumed-role/ROLE/SESSION</c>, or the user's ARN for GetSessionToken</param>
/// <param name="UserId">AWS's aws:userid: <c>AROA...:SESSION</c> for role sessions, the user's <c>AIDA...</c> id otherwise</param>
/// <param name="RoleArn">the assumed role's full ARN (with path), null for user sessions</param>
/// <param name="UserName">the IAM user's name for GetSessionToken sessions, null for role sessions</param>
/// <param name="SessionPolicy">the session policy (inline Policy and PolicyArns combined into one document by the caller), or null</param>
/// <param name="Chained">true when a role session assumed this role (role chaining, capped at one hour)</param>
/// <param name="NodeInstanceId">set for a managed node's credentials (<c>mi-...</c>): valid only while that node is registered</param>
public sealed record SessionGrant(
    string PrincipalArn,
    string Account,
    string UserId,
    string? RoleArn,
    string? UserName,
    DateTimeOffset IssuedAt,
    DateTimeOffset Expiration,
    bool MfaAuthenticated,
    DateTimeOffset? MfaAuthenticatedAt,
    IReadOnlyDictionary<string, string> SessionTags,
    IReadOnlyList<string> TransitiveTagKeys,
    string? SessionPolicy,
    string? SourceIdentity,
    bool Chained,
    string? SourceArn = null,
    string? NodeInstanceId = null)
{
    public bool IsRoleSession => RoleArn is not null;
}
