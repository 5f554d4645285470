using System.Text;
using Sekisho.Protocol.Mfa;
using Sekisho.TestSupport;

namespace Sekisho.Protocol.Tests.Mfa;

public sealed class TotpTests
{
    // RFC 6238 Appendix B: 8-digit codes for the three seeds, one per HMAC.
    [Theory]
    [InlineData(59L, "94287082", "46119246", "90693936")]
    [InlineData(1111111109L, "07081804", "68084774", "25091201")]
    [InlineData(1111111111L, "14050471", "67062674", "99943326")]
    [InlineData(1234567890L, "89005924", "91819424", "93441116")]
    [InlineData(2000000000L, "69279037", "90698825", "38618901")]
    [InlineData(20000000000L, "65353130", "77737706", "47863826")]
    public void Rfc6238_test_vectors(long unixSeconds, string sha1, string sha256, string sha512)
    {
        Assert.Equal(sha1, Totp.Compute(Seed(20), unixSeconds, 8, TotpAlgorithm.Sha1));
        Assert.Equal(sha256, Totp.Compute(Seed(32), unixSeconds, 8, TotpAlgorithm.Sha256));
        Assert.Equal(sha512, Totp.Compute(Seed(64), unixSeconds, 8, TotpAlgorithm.Sha512));
    }

    private static byte[] Seed(int length) =>
        Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("1234567890", 7))[..length]);

    [Fact]
    public void A_code_is_accepted_within_one_step_of_now_and_never_twice()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var clock = new ManualClock(now);
        var verifier = new TotpVerifier(clock);
        var seed = Seed(20);
        var code = Totp.Compute(seed, now.ToUnixTimeSeconds());

        var step = verifier.Match(seed, code, lastAcceptedStep: null);
        Assert.Equal(Totp.Step(now.ToUnixTimeSeconds()), step);
        Assert.Null(verifier.Match(seed, code, lastAcceptedStep: step)); // replay refused

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.NotNull(verifier.Match(seed, code, lastAcceptedStep: null)); // one step of drift is fine
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Null(verifier.Match(seed, code, lastAcceptedStep: null)); // three steps later it is not
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("")]
    public void Malformed_codes_never_match(string code) =>
        Assert.Null(new TotpVerifier(new ManualClock(DateTimeOffset.UnixEpoch)).Match(Seed(20), code, null));

    [Fact]
    public void Enabling_needs_two_consecutive_codes_in_order()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var verifier = new TotpVerifier(new ManualClock(now));
        var seed = Seed(20);
        var t = now.ToUnixTimeSeconds();
        var c1 = Totp.Compute(seed, t - 30);
        var c2 = Totp.Compute(seed, t);
        Assert.Equal(Totp.Step(t), verifier.MatchConsecutive(seed, c1, c2));
        Assert.Null(verifier.MatchConsecutive(seed, c2, c1));
        Assert.Null(verifier.MatchConsecutive(seed, c1, Totp.Compute(seed, t + 30)));
    }

    [Fact]
    public void Base32_round_trips_and_matches_rfc4648_vectors()
    {
        Assert.Equal("MZXW6YTBOI", Base32.Encode("foobar"u8));
        Assert.Equal("MY", Base32.Encode("f"u8));
        Assert.Equal("foobar"u8.ToArray(), Base32.Decode("mzxw6ytboi======"));
        Assert.Null(Base32.Decode("MZXW1"));
        var seed = Seed(20);
        Assert.Equal(seed, Base32.Decode(Base32.Encode(seed)));
    }

    [Fact]
    public void The_otpauth_uri_carries_issuer_account_and_seed()
    {
        var uri = OtpAuthUri.Build("Sekisho", "alice@111122223333", "foobar"u8);
        Assert.Equal("otpauth://totp/Sekisho:alice%40111122223333?secret=MZXW6YTBOI&issuer=Sekisho&algorithm=SHA1&digits=6&period=30", uri);
    }
}
