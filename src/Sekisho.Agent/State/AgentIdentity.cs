namespace Sekisho.Agent.State;

/// <summary>
/// What <c>sekisho agent register</c> learned and <c>sekisho agent run</c> needs (the <c>identity.json</c> of the
/// state dir). <see cref="ServerCertificateSha256"/> pins a self-signed HTTPS server (hex SHA-256 of its certificate).
/// </summary>
public sealed record AgentIdentity(
    string InstanceId,
    string AccountId,
    string Region,
    string ServerUrl,
    string? ServerCertificateSha256,
    DateTimeOffset RegisteredAt);
