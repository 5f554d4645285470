using Sekisho.Cedar.Extensions;

namespace Sekisho.Cedar.Tests.Extensions;

// Expected answers were checked against cedar-wasm 4.12.
public sealed class CedarDurationTests
{
    private static CedarDuration Du(string s) => CedarDuration.Parse(s);

    [Theory]
    [InlineData("1d2h3m4s5ms", 93784005, 93784, 1563, 26, 1)]
    [InlineData("-1d2h3m4s5ms", -93784005, -93784, -1563, -26, -1)]
    [InlineData("-999ms", -999, 0, 0, 0, 0)]
    [InlineData("-59s", -59000, -59, 0, 0, 0)]
    [InlineData("9223372036854775807ms", long.MaxValue, 9223372036854775, 153722867280912, 2562047788015, 106751991167)]
    [InlineData("-9223372036854775808ms", long.MinValue, -9223372036854775, -153722867280912, -2562047788015, -106751991167)]
    public void Accessors(string input, long ms, long s, long m, long h, long d)
    {
        var duration = Du(input);
        Assert.Equal(ms, duration.ToMilliseconds());
        Assert.Equal(ms, duration.Milliseconds);
        Assert.Equal(s, duration.ToSeconds());
        Assert.Equal(m, duration.ToMinutes());
        Assert.Equal(h, duration.ToHours());
        Assert.Equal(d, duration.ToDays());
    }

    [Theory]
    [InlineData("-3d", "-72h")]
    [InlineData("2h", "120m")]
    [InlineData("1m", "60000ms")]
    [InlineData("0ms", "-0d")]
    public void EqualDurationsAreEqual(string a, string b)
    {
        Assert.Equal(Du(a), Du(b));
        Assert.Equal(Du(a).GetHashCode(), Du(b).GetHashCode());
        Assert.True(Du(a) <= Du(b) && Du(a) >= Du(b));
    }

    [Fact]
    public void Ordering()
    {
        Assert.True(Du("-2h") < Du("1h"));
        Assert.True(Du("1ms") > Du("0ms"));
        Assert.False(Du("1ms") < Du("1ms"));
        Assert.True(Du("-9223372036854775808ms").CompareTo(Du("9223372036854775807ms")) < 0);
    }

    [Theory]
    [InlineData("106751991167d7h12m55s807ms", long.MaxValue)]
    [InlineData("-106751991167d7h12m55s808ms", long.MinValue)]
    [InlineData("-9223372036854775s808ms", long.MinValue)]
    [InlineData("00000000000000000000000001ms", 1)]
    public void Boundaries(string input, long expected) => Assert.Equal(expected, Du(input).Milliseconds);

    [Theory]
    [InlineData("106751991167d7h12m55s808ms", "Duration overflows internal representation")]
    [InlineData("-106751991167d7h12m55s809ms", "Duration overflows internal representation")]
    [InlineData("18446744073709551616ms", "Duration overflows internal representation")]
    [InlineData("106751991168d", "Duration overflows internal representation")]
    [InlineData("1h1d", "invalid duration pattern")]
    [InlineData("1ms1s", "invalid duration pattern")]
    [InlineData("1d1d", "invalid duration pattern")]
    [InlineData("-", "invalid duration pattern")]
    [InlineData("", "invalid duration pattern")]
    [InlineData("1", "invalid duration pattern")]
    [InlineData("+1ms", "invalid duration pattern")]
    [InlineData("1D", "invalid duration pattern")]
    [InlineData("99999999999999999999999d1x", "invalid duration pattern")]
    public void Refusals(string input, string message)
    {
        Assert.False(CedarDuration.TryParse(input, out _, out var error));
        Assert.Equal("duration", error.ExtensionName);
        Assert.Equal(message, error.Message);
        Assert.Equal(CedarDuration.ParseHelp, error.Help);
    }

    [Theory]
    [InlineData("1d2h3m4s5ms", "93784005ms")]
    [InlineData("-1ms", "-1ms")]
    [InlineData("-9223372036854775808ms", "-9223372036854775808ms")]
    public void CanonicalText(string input, string expected)
    {
        Assert.Equal(expected, Du(input).ToString());
        Assert.Equal($"duration(\"{expected}\")", Du(input).ToCedarExpression());
        Assert.Equal(Du(input), Du(expected));
    }
}
