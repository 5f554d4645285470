namespace Sekisho.Protocol.Signing;

/// <summary>An access key pair, with the session token of temporary credentials.</summary>
public sealed record SigV4Credentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    public override string ToString() => $"SigV4Credentials {{ AccessKeyId = {AccessKeyId} }}";
}
