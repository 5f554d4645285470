namespace Sekisho.Server.Sessions;

/// <summary>What a sealed stream token says: one session of one account, one end, until when.</summary>
public readonly record struct StreamTokenClaims(string Account, string SessionId, StreamTokenRole Role, DateTimeOffset Expiration);
