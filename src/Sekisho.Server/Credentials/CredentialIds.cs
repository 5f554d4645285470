using System.Security.Cryptography;

namespace Sekisho.Server.Credentials;

/// <summary>Random identifiers and secrets in AWS's shapes (aws-wire.md "Identifiers").</summary>
public static class CredentialIds
{
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static string LongTermAccessKeyId() => "AKIA" + RandomString(Base32, 16);

    public static string TemporaryAccessKeyId() => "ASIA" + RandomString(Base32, 16);

    public static string SecretAccessKey() => RandomString(SecretAlphabet, 40);

    /// <summary>A unique id such as <c>AIDA</c> (users), <c>AROA</c> (roles), <c>AGPA</c> (groups), <c>ANPA</c> (policies) + 17.</summary>
    public static string UniqueId(string prefix) => prefix + RandomString(Base32, 17);

    public static bool IsLongTermAccessKeyId(ReadOnlySpan<char> id) => id.Length == 20 && id.StartsWith("AKIA") && IsBase32(id[4..]);

    public static bool IsTemporaryAccessKeyId(ReadOnlySpan<char> id) => id.Length == 20 && id.StartsWith("ASIA") && IsBase32(id[4..]);

    private static bool IsBase32(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
            if (!(c is >= 'A' and <= 'Z' or >= '2' and <= '7')) return false;
        return true;
    }

    private static string RandomString(string alphabet, int length) => RandomNumberGenerator.GetString(alphabet, length);
}
