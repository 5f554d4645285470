namespace Sekisho.Server.Credentials;

/// <summary>A credential as STS returns it (Credentials: AccessKeyId, SecretAccessKey, SessionToken, Expiration).</summary>
public sealed record TemporaryCredential(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration)
{
    public override string ToString() => $"TemporaryCredential {{ AccessKeyId = {AccessKeyId}, Expiration = {Expiration:O} }}";
}
