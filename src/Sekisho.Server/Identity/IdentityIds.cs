using System.Security.Cryptography;

namespace Sekisho.Server.Identity;

/// <summary>
/// Identifiers as AWS forms them: unique ids are a four-letter type prefix (AIDA users, AGPA groups, AROA roles,
/// ANPA policies) and 17 characters of the base32 alphabet (21 in all, like AWS's); access key ids AKIA + 16;
/// secrets 40 characters of base64.
/// </summary>
internal static class IdentityIds
{
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static string UniqueId(string prefix) => prefix + Random(Base32, 17);

    public static string AccessKeyId() => "AKIA" + Random(Base32, 16);

    public static string Secret() => Random(SecretAlphabet, 40);

    private static string Random(string alphabet, int length) => RandomNumberGenerator.GetString(alphabet, length);
}
