using System.Text.Json;
using Sekisho.Protocol.Aws;

namespace Sekisho.Server.Credentials;

/// <summary>
/// Issues temporary credentials (STS AssumeRole / GetSessionToken call <see cref="Issue"/>) and opens their
/// session tokens. A token is the key ring's sealed blob of the grant plus the credential's access key id and
/// secret, base64-encoded: verifying a request needs no database read, and a token cannot be forged, altered or
/// moved to another access key id.
/// </summary>
public sealed class SessionTokens(KeyRing keyRing, TimeProvider time)
{
    private const string Purpose = "sekisho/session-token";

    public TemporaryCredential Issue(SessionGrant grant)
    {
        var accessKeyId = CredentialIds.TemporaryAccessKeyId();
        var secret = CredentialIds.SecretAccessKey();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new SessionTokenPayload(accessKeyId, secret, grant),
            SessionTokenJsonContext.Default.SessionTokenPayload);
        var token = Convert.ToBase64String(keyRing.Seal(Purpose, bytes));
        return new TemporaryCredential(accessKeyId, secret, token, grant.Expiration);
    }

    /// <summary>
    /// Opens <paramref name="token"/> presented with <paramref name="accessKeyId"/>. Errors as AWS words them:
    /// a token that is not ours, altered or for another key id is <c>InvalidClientTokenId</c>; an expired one
    /// <c>ExpiredToken</c>, HTTP 403 like every other authentication failure (AWS's "Common Errors" list it so).
    /// </summary>
    public (OpenedSession? Session, AwsError? Error) Open(string token, string accessKeyId)
    {
        var invalid = new AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
        var blob = new byte[token.Length];
        if (!Convert.TryFromBase64String(token, blob, out var length)) return (null, invalid);
        if (!keyRing.TryOpen(Purpose, blob.AsSpan(0, length), out var plaintext)) return (null, invalid);
        SessionTokenPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize(plaintext, SessionTokenJsonContext.Default.SessionTokenPayload);
        }
        catch (JsonException)
        {
            return (null, invalid);
        }
        if (payload is null || !string.Equals(payload.AccessKeyId, accessKeyId, StringComparison.Ordinal)) return (null, invalid);
        if (payload.Grant.Expiration <= time.GetUtcNow())
            return (null, new AwsError("ExpiredToken", "The security token included in the request is expired", 403));
        return (new OpenedSession(payload.Grant, payload.AccessKeyId, payload.SecretAccessKey), null);
    }
}
