namespace Sekisho.Server.Identity;

/// <summary>A user's console password: only its PBKDF2 hash is kept.</summary>
public sealed record LoginProfileRecord(string PasswordHash, DateTimeOffset CreateDate, bool PasswordResetRequired);
