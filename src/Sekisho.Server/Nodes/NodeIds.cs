using System.Security.Cryptography;

namespace Sekisho.Server.Nodes;

/// <summary>Identifiers of the nodes domain: managed instance ids, activation ids and codes.</summary>
public static class NodeIds
{
    private const string CodeAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    public const int ActivationCodeLength = 20;

    /// <summary><c>mi-</c> followed by 17 lowercase hex digits, as SSM names hybrid nodes.</summary>
    public static string NewInstanceId()
    {
        Span<byte> bytes = stackalloc byte[9];
        RandomNumberGenerator.Fill(bytes);
        return "mi-" + Convert.ToHexStringLower(bytes)[..17];
    }

    public static bool IsInstanceId(string? value)
    {
        if (value is not { Length: 20 } || !value.StartsWith("mi-", StringComparison.Ordinal)) return false;
        for (var i = 3; i < value.Length; i++)
            if (!char.IsAsciiHexDigitLower(value[i]) && !char.IsAsciiDigit(value[i])) return false;
        return true;
    }

    /// <summary>An activation id: a random UUID, as SSM issues them.</summary>
    public static string NewActivationId() => Guid.NewGuid().ToString("D");

    public static bool IsActivationId(string? value) => value is { Length: 36 } && Guid.TryParseExact(value, "D", out _);

    /// <summary>20 random letters and digits (about 119 bits), shown once and stored only as a hash.</summary>
    public static string NewActivationCode() => RandomNumberGenerator.GetString(CodeAlphabet, ActivationCodeLength);

    /// <summary>SHA-256 of the code: the code is random and long enough that no slow hash is needed.</summary>
    public static byte[] HashActivationCode(string code) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(code));

    /// <summary>Compares a presented code with the stored hash in constant time (independent of where they differ).</summary>
    public static bool ActivationCodeMatches(string presented, ReadOnlySpan<byte> storedHash)
    {
        Span<byte> hash = stackalloc byte[32];
        var length = System.Text.Encoding.UTF8.GetByteCount(presented);
        var buffer = length <= 256 ? stackalloc byte[length] : new byte[length];
        System.Text.Encoding.UTF8.GetBytes(presented, buffer);
        SHA256.HashData(buffer, hash);
        return CryptographicOperations.FixedTimeEquals(hash, storedHash);
    }
}
