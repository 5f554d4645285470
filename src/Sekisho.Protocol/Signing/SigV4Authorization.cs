namespace Sekisho.Protocol.Signing;

/// <summary>
/// What a signed request claims: who signed (access key id), for which scope, over which headers, when, and the
/// signature. Produced by <see cref="SigV4Parser"/> from the Authorization header or from presigned query
/// parameters; checked by <see cref="SigV4Verifier"/> once the caller has looked up the secret key.
/// </summary>
public sealed record SigV4Authorization(
    string AccessKeyId,
    string ScopeDate,
    string Region,
    string Service,
    IReadOnlyList<string> SignedHeaders,
    string Signature,
    string AmzDate,
    DateTimeOffset SignedAt,
    bool Presigned,
    TimeSpan? Expires,
    string? SecurityToken)
{
    public string Scope => $"{ScopeDate}/{Region}/{Service}/aws4_request";
}
