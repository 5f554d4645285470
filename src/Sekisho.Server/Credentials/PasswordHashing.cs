using Microsoft.AspNetCore.Identity;

namespace Sekisho.Server.Credentials;

/// <summary>
/// Password hashes in ASP.NET Core Identity's v3 format (PBKDF2 with HMAC-SHA512, random salt, iteration count
/// in the hash), by ASP.NET's own hasher, whose verification is constant-time. Login profiles store only the hash.
/// </summary>
public static class PasswordHashing
{
    private sealed class Subject;

    private static readonly PasswordHasher<Subject> Hasher = new();
    private static readonly Subject Anyone = new();

    public static string Hash(string password) => Hasher.HashPassword(Anyone, password);

    /// <summary>True when <paramref name="password"/> matches; <paramref name="needsRehash"/> when the hash uses older parameters.</summary>
    public static bool Verify(string hash, string password, out bool needsRehash)
    {
        var result = Hasher.VerifyHashedPassword(Anyone, hash, password);
        needsRehash = result == PasswordVerificationResult.SuccessRehashNeeded;
        return result != PasswordVerificationResult.Failed;
    }
}
