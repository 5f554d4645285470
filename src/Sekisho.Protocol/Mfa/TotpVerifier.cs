using System.Security.Cryptography;
using System.Text;

namespace Sekisho.Protocol.Mfa;

/// <summary>
/// Checks codes typed by a person against a device's seed: within a small window of time steps around now, each
/// step usable once (the caller stores the last accepted step and passes it back), compared in constant time.
/// Attempt limits belong to the caller, which knows the device and the person.
/// </summary>
public sealed class TotpVerifier(TimeProvider time, int windowSteps = 1)
{
    /// <summary>Steps either side of now that are accepted (1 = 30 s of clock drift either way).</summary>
    public int WindowSteps { get; } = windowSteps;

    /// <summary>The step the code matched, or null. Steps at or before <paramref name="lastAcceptedStep"/> never match (no replay).</summary>
    public long? Match(ReadOnlySpan<byte> seed, string code, long? lastAcceptedStep)
    {
        if (!IsWellFormed(code)) return null;
        var now = Totp.Step(time.GetUtcNow().ToUnixTimeSeconds());
        long? matched = null;
        // Every step in the window is checked, so the time taken does not tell which step (if any) matched.
        for (var step = now - WindowSteps; step <= now + WindowSteps; step++)
        {
            if (lastAcceptedStep is { } last && step <= last) continue;
            if (SameCode(Totp.ComputeForStep(seed, step), code) && matched is null) matched = step;
        }
        return matched;
    }

    /// <summary>
    /// For enabling and resynchronising a device: two consecutive codes, searched within
    /// <paramref name="searchSteps"/> either side of now (a device may have drifted). Returns the step of the
    /// second code, or null.
    /// </summary>
    public long? MatchConsecutive(ReadOnlySpan<byte> seed, string code1, string code2, int searchSteps = 10)
    {
        if (!IsWellFormed(code1) || !IsWellFormed(code2)) return null;
        var now = Totp.Step(time.GetUtcNow().ToUnixTimeSeconds());
        long? matched = null;
        for (var step = now - searchSteps; step < now + searchSteps; step++)
        {
            var first = SameCode(Totp.ComputeForStep(seed, step), code1);
            var second = SameCode(Totp.ComputeForStep(seed, step + 1), code2);
            if (first && second && matched is null) matched = step + 1;
        }
        return matched;
    }

    private static bool IsWellFormed(string code) => code.Length == Totp.DefaultDigits && code.All(char.IsAsciiDigit);

    private static bool SameCode(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));
}
