namespace Sekisho.Server.Credentials;

/// <summary>What a session token seals: the credential's key id and secret, and its grant.</summary>
internal sealed record SessionTokenPayload(string AccessKeyId, string SecretAccessKey, SessionGrant Grant);
