namespace Sekisho.Server.Credentials;

/// <summary>A session token opened: its grant, and the access key id and secret it was issued with.</summary>
public sealed record OpenedSession(SessionGrant Grant, string AccessKeyId, string SecretAccessKey)
{
    public override string ToString() => $"OpenedSession {{ AccessKeyId = {AccessKeyId}, Principal = {Grant.PrincipalArn} }}";
}
