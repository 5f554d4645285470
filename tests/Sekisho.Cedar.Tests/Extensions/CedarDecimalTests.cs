using Sekisho.Cedar.Extensions;

namespace Sekisho.Cedar.Tests.Extensions;

// Expected answers were checked against cedar-wasm 4.12.
public sealed class CedarDecimalTests
{
    private static CedarDecimal D(string s) => CedarDecimal.Parse(s);

    [Theory]
    [InlineData("1.23", "1.2301", true, true, false, false)]
    [InlineData("1.23", "1.2300", false, true, false, true)]
    [InlineData("-0.0001", "0.0", true, true, false, false)]
    [InlineData("-922337203685477.5808", "922337203685477.5807", true, true, false, false)]
    [InlineData("922337203685477.5807", "-922337203685477.5808", false, false, true, true)]
    [InlineData("-1.5", "-1.4999", true, true, false, false)]
    public void ComparisonMethods(string a, string b, bool lt, bool le, bool gt, bool ge)
    {
        Assert.Equal(lt, D(a).LessThan(D(b)));
        Assert.Equal(le, D(a).LessThanOrEqual(D(b)));
        Assert.Equal(gt, D(a).GreaterThan(D(b)));
        Assert.Equal(ge, D(a).GreaterThanOrEqual(D(b)));
        Assert.Equal(lt, D(a) < D(b));
        Assert.Equal(ge, D(a) >= D(b));
        Assert.Equal(Math.Sign(D(a).ScaledValue.CompareTo(D(b).ScaledValue)), Math.Sign(D(a).CompareTo(D(b))));
    }

    [Theory]
    [InlineData("1.5", "1.5000")]
    [InlineData("-0.0", "0.0")]
    [InlineData("007.10", "7.1")]
    public void EqualValuesAreEqualHoweverWritten(string a, string b)
    {
        Assert.Equal(D(a), D(b));
        Assert.Equal(D(a).GetHashCode(), D(b).GetHashCode());
    }

    [Theory]
    [InlineData("1.5", "1.5000", 15000)]
    [InlineData("-0.0", "0.0000", 0)]
    [InlineData("-1.0001", "-1.0001", -10001)]
    [InlineData("0.0001", "0.0001", 1)]
    [InlineData("-0.5", "-0.5000", -5000)]
    [InlineData("922337203685477.5807", "922337203685477.5807", long.MaxValue)]
    [InlineData("-922337203685477.5808", "-922337203685477.5808", long.MinValue)]
    public void ValueAndCanonicalText(string input, string canonical, long scaled)
    {
        Assert.Equal(scaled, D(input).ScaledValue);
        Assert.Equal(canonical, D(input).ToString());
        Assert.Equal($"decimal(\"{canonical}\")", D(input).ToCedarExpression());
        Assert.Equal(D(input), D(canonical));
    }

    [Fact]
    public void LimitsAreTheI64Range()
    {
        Assert.Equal(long.MaxValue, CedarDecimal.MaxValue.ScaledValue);
        Assert.Equal(long.MinValue, CedarDecimal.MinValue.ScaledValue);
        Assert.Equal(CedarDecimal.MaxValue, D(CedarDecimal.MaxValue.ToString()));
        Assert.Equal(CedarDecimal.MinValue, D(CedarDecimal.MinValue.ToString()));
    }

    [Theory]
    [InlineData("922337203685477.5808", "overflow when converting to decimal")]
    [InlineData("-922337203685477.5809", "overflow when converting to decimal")]
    [InlineData("922337203685478.0", "overflow when converting to decimal")]
    [InlineData("1.12345", "too many digits after the decimal in `1.12345`")]
    [InlineData("1.", "`1.` is not a well-formed decimal value")]
    [InlineData(".1", "`.1` is not a well-formed decimal value")]
    [InlineData("1", "`1` is not a well-formed decimal value")]
    [InlineData("+1.0", "`+1.0` is not a well-formed decimal value")]
    [InlineData("١.0", "overflow when converting to decimal")]
    public void Refusals(string input, string message)
    {
        Assert.False(CedarDecimal.TryParse(input, out _, out var error));
        Assert.Equal("decimal", error.ExtensionName);
        Assert.Equal(message, error.Message);
        Assert.NotNull(error.Help);
        Assert.Throws<FormatException>(() => CedarDecimal.Parse(input));
    }
}
