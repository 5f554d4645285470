using Sekisho.Policy;
using Sekisho.Protocol.Aws;
using Sekisho.Protocol.Signing;
using Sekisho.Server.Authorization;
using Sekisho.Server.Credentials;

namespace Sekisho.Server.Authentication;

/// <summary>
/// SigV4 authentication: parse the claims (header or presigned query), find the secret (a long-term key from the
/// store's cached index, or a temporary key from its session token, which needs no read), verify the signature
/// within the 15-minute window, and resolve the principal behind the key.
/// </summary>
public sealed class Authenticator(AccessKeyStore accessKeys, SessionTokens sessionTokens, IIdentityPolicySource identities, RegisteredNodes nodes, TimeProvider time)
{
    private readonly SigV4Verifier _verifier = new(time);

    internal static AwsError InvalidKey() =>
        new("InvalidClientTokenId", "The security token included in the request is invalid.", 403);

    public async ValueTask<AuthenticationResult> AuthenticateAsync(SigV4HttpRequest request, CancellationToken cancellationToken)
    {
        var parsed = SigV4Parser.Parse(request);
        if (parsed.Authorization is not { } auth) return new(null, null, parsed.Error ?? SigV4Errors.Missing());

        if (CredentialIds.IsTemporaryAccessKeyId(auth.AccessKeyId))
        {
            if (auth.SecurityToken is not { Length: > 0 } token) return new(null, auth, InvalidKey());
            var (session, error) = sessionTokens.Open(token, auth.AccessKeyId);
            if (session is null) return new(null, auth, error);
            if (_verifier.Verify(request, auth, session.SecretAccessKey) is { } mismatch) return new(null, auth, mismatch);
            // A node's credentials die with its registration, on every replica (RegisteredNodes follows the store).
            if (session.Grant.NodeInstanceId is { } node && !await nodes.IsRegisteredAsync(node, cancellationToken))
                return new(null, auth, InvalidKey());
            return new(await SessionCallerAsync(session, cancellationToken), auth, null);
        }

        if (!CredentialIds.IsLongTermAccessKeyId(auth.AccessKeyId) || auth.SecurityToken is { Length: > 0 })
            return new(null, auth, InvalidKey());
        var (record, secret) = await accessKeys.ResolveAsync(auth.AccessKeyId, cancellationToken);
        if (record is null || secret is null || !record.IsActive) return new(null, auth, InvalidKey());
        if (_verifier.Verify(request, auth, secret) is { } failure) return new(null, auth, failure);
        accessKeys.Usage.Record(record.AccessKeyId, auth.Service, auth.Region);
        var user = await identities.GetUserAsync(record.Account, record.UserName, cancellationToken);
        if (user is null) return new(null, auth, InvalidKey());
        return new(new Caller(user.Arn, record.Account, PrincipalType.User, user.UniqueId, record.UserName, record.AccessKeyId, null, user), auth, null);
    }

    private async ValueTask<Caller> SessionCallerAsync(OpenedSession session, CancellationToken cancellationToken)
    {
        var grant = session.Grant;
        if (grant.RoleArn is { } roleArn)
        {
            var roleName = roleArn[(roleArn.LastIndexOf('/') + 1)..];
            var role = await identities.GetRoleAsync(grant.Account, roleName, cancellationToken);
            return new Caller(grant.PrincipalArn, grant.Account, PrincipalType.AssumedRole, grant.UserId, null, session.AccessKeyId, grant, role);
        }
        var user = grant.UserName is null ? null : await identities.GetUserAsync(grant.Account, grant.UserName, cancellationToken);
        return new Caller(grant.PrincipalArn, grant.Account, PrincipalType.User, grant.UserId, grant.UserName, session.AccessKeyId, grant, user);
    }
}
