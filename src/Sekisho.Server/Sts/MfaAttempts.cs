namespace Sekisho.Server.Sts;

/// <summary>The recent failed MFA codes of one device (Unix seconds), stored so every replica counts the same failures.</summary>
public sealed record MfaAttempts(IReadOnlyList<long> Failures);
