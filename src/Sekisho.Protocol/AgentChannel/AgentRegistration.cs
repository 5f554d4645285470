namespace Sekisho.Protocol.AgentChannel;

/// <summary>Body of <c>POST /agent/v1/register</c>: a one-time activation plus the node's public key (SPKI, base64).</summary>
public sealed record AgentRegistrationRequest(
    string ActivationId,
    string ActivationCode,
    string PublicKey,
    string? ComputerName,
    string? PlatformName,
    string? PlatformVersion);

/// <summary>Answer of <c>POST /agent/v1/register</c>.</summary>
public sealed record AgentRegistrationResponse(string InstanceId, string AccountId, string Region);

/// <summary>
/// Body of <c>POST /agent/v1/credentials</c>: proof of possession of the node's private key
/// (ECDSA P-256, SHA-256, IEEE P1363 signature, base64) over <see cref="AgentCredentialProof.StringToSign"/>.
/// </summary>
public sealed record AgentCredentialsRequest(string InstanceId, string Timestamp, string Signature);

/// <summary>Answer of <c>POST /agent/v1/credentials</c>: temporary credentials of the activation's IAM role for this node.</summary>
public sealed record AgentCredentialsResponse(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration);

/// <summary>Error body of every <c>/agent/v1/*</c> call that fails (HTTP 4xx).</summary>
public sealed record AgentErrorResponse(string Code, string Message);
