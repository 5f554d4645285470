using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Sekisho.Protocol.Mfa;

/// <summary>Time-based one-time passwords as RFC 6238 defines them (HOTP of RFC 4226 over the time step).</summary>
public static class Totp
{
    public const int DefaultDigits = 6;
    public const int DefaultStepSeconds = 30;

    /// <summary>The time step that <paramref name="unixSeconds"/> falls in.</summary>
    public static long Step(long unixSeconds, int stepSeconds = DefaultStepSeconds) => Math.DivRem(unixSeconds, stepSeconds).Quotient;

    /// <summary>The code for <paramref name="unixSeconds"/>, zero-padded to <paramref name="digits"/>.</summary>
    public static string Compute(ReadOnlySpan<byte> secret, long unixSeconds, int digits = DefaultDigits,
        TotpAlgorithm algorithm = TotpAlgorithm.Sha1, int stepSeconds = DefaultStepSeconds) =>
        ComputeForStep(secret, Step(unixSeconds, stepSeconds), digits, algorithm);

    /// <summary>The code for time step <paramref name="step"/> (RFC 4226's dynamic truncation).</summary>
    public static string ComputeForStep(ReadOnlySpan<byte> secret, long step, int digits = DefaultDigits,
        TotpAlgorithm algorithm = TotpAlgorithm.Sha1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 6);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 9);
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> mac = stackalloc byte[64];
        var length = algorithm switch
        {
            TotpAlgorithm.Sha1 => HMACSHA1.HashData(secret, counter, mac),
            TotpAlgorithm.Sha256 => HMACSHA256.HashData(secret, counter, mac),
            TotpAlgorithm.Sha512 => HMACSHA512.HashData(secret, counter, mac),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
        var offset = mac[length - 1] & 0x0F;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(mac[offset..]) & 0x7FFFFFFF) % Pow10(digits);
        return binary.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    private static int Pow10(int n)
    {
        var r = 1;
        for (var i = 0; i < n; i++) r *= 10;
        return r;
    }
}
