using Sekisho.Policy;
using Sekisho.Server.Authorization;
using Sekisho.Server.Credentials;

namespace Sekisho.Server.Authentication;

/// <summary>
/// The authenticated principal of one request: a user signing with a long-term key, or a session (role session
/// or GetSessionToken user session) signing with a temporary key whose token carried <see cref="Session"/>.
/// </summary>
/// <param name="Arn">the caller's ARN as STS GetCallerIdentity reports it (the assumed-role ARN for role sessions)</param>
/// <param name="UserId">aws:userid (<c>AIDA...</c>, or <c>AROA...:session</c>)</param>
/// <param name="Principal">the user's or role's policies and tags; null when the role behind a session no longer exists</param>
public sealed record Caller(
    string Arn,
    string Account,
    PrincipalType Type,
    string UserId,
    string? UserName,
    string AccessKeyId,
    SessionGrant? Session,
    PrincipalPolicies? Principal)
{
    public bool IsTemporary => Session is not null;
}
