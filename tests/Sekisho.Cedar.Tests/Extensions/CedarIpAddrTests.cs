using Sekisho.Cedar.Extensions;

namespace Sekisho.Cedar.Tests.Extensions;

// Expected answers were checked against cedar-wasm 4.12 (tools/cedar-extension-cases, /tmp oracle run).
public sealed class CedarIpAddrTests
{
    private static CedarIpAddr Ip(string s) => CedarIpAddr.Parse(s);

    [Theory]
    [InlineData("192.168.0.1", "192.168.0.1/24", true)]
    [InlineData("192.168.0.1", "192.168.0.1/28", true)]
    [InlineData("192.168.0.75", "192.168.0.1/28", false)]
    [InlineData("1:2:3:4::/48", "1:2:3:4::", false)]
    [InlineData("192.168.0.1", "1:2:3:4::", false)]
    [InlineData("10.0.0.0/24", "10.0.0.0/16", true)]
    [InlineData("10.0.0.0/16", "10.0.0.0/24", false)]
    [InlineData("10.0.0.0/24", "10.0.0.0/24", true)]
    [InlineData("10.1.2.3", "0.0.0.0/0", true)]
    [InlineData("255.255.255.255", "0.0.0.0/0", true)]
    [InlineData("::", "::/0", true)]
    [InlineData("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::/0", true)]
    [InlineData("ffff::/16", "ff00::/8", true)]
    [InlineData("::ffff:7f00:1", "127.0.0.0/8", false)]
    [InlineData("127.0.0.1", "::ffff:7f00:0/104", false)]
    public void IsInRange(string address, string range, bool expected) =>
        Assert.Equal(expected, Ip(address).IsInRange(Ip(range)));

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.255.255.255", true)]
    [InlineData("127.0.0.0/8", true)]
    [InlineData("127.0.0.0/7", false)]
    [InlineData("128.0.0.1", false)]
    [InlineData("::1", true)]
    [InlineData("::1/127", false)]
    [InlineData("::ffff:7f00:1", false)]
    [InlineData("::2", false)]
    public void IsLoopback(string address, bool expected) => Assert.Equal(expected, Ip(address).IsLoopback);

    [Theory]
    [InlineData("224.0.0.1", true)]
    [InlineData("239.255.255.255", true)]
    [InlineData("240.0.0.1", false)]
    [InlineData("223.255.255.255", false)]
    [InlineData("224.0.0.0/4", true)]
    [InlineData("224.0.0.0/3", false)]
    [InlineData("ff00::", true)]
    [InlineData("ff02::1", true)]
    [InlineData("ff00::/8", true)]
    [InlineData("ff00::/7", false)]
    [InlineData("fe00::", false)]
    public void IsMulticast(string address, bool expected) => Assert.Equal(expected, Ip(address).IsMulticast);

    [Theory]
    [InlineData("1.2.3.4", true)]
    [InlineData("0.0.0.0/0", true)]
    [InlineData("::", false)]
    [InlineData("::ffff:102:304", false)]
    public void Version(string address, bool isIpv4)
    {
        Assert.Equal(isIpv4, Ip(address).IsIpv4);
        Assert.Equal(!isIpv4, Ip(address).IsIpv6);
    }

    [Theory]
    [InlineData("10.0.0.1/24", "10.0.0.1/24", true)]
    [InlineData("10.0.0.1/24", "10.0.0.0/24", false)]
    [InlineData("10.0.0.1", "10.0.0.1/32", true)]
    [InlineData("::1", "0:0:0:0:0:0:0:1/128", true)]
    [InlineData("::ffff:7f00:1", "127.0.0.1", false)]
    [InlineData("FF00::", "ff00::", true)]
    [InlineData("10.0.0.1/24", "10.0.0.1/25", false)]
    public void EqualityKeepsThePrefixAndTheVersion(string a, string b, bool equal)
    {
        Assert.Equal(equal, Ip(a) == Ip(b));
        Assert.Equal(equal, Ip(a).Equals(Ip(b)));
        if (equal)
        {
            Assert.Equal(Ip(a).GetHashCode(), Ip(b).GetHashCode());
        }
    }

    // Rust's Ipv6Addr display (RFC 5952): lowercase, no leading zeros, the first longest run of 2+ zero groups
    // compressed, a single zero group left alone, IPv4-mapped addresses dotted.
    [Theory]
    [InlineData("10.0.0.1/24", "10.0.0.1/24")]
    [InlineData("0.0.0.0", "0.0.0.0/32")]
    [InlineData("::", "::/128")]
    [InlineData("::1", "::1/128")]
    [InlineData("1::", "1::/128")]
    [InlineData("0000:0000:0000:0000:0000:0000:0000:0001", "::1/128")]
    [InlineData("2001:0DB8:0000:0000:0001:0000:0000:0001", "2001:db8::1:0:0:1/128")]
    [InlineData("1:0:0:1:0:0:0:1", "1:0:0:1::1/128")]
    [InlineData("1:2:3:4:5:6:0:8", "1:2:3:4:5:6:0:8/128")]
    [InlineData("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0/128")]
    [InlineData("0:1:0:0:1:0:0:0", "0:1:0:0:1::/128")]
    [InlineData("ff00::/8", "ff00::/8")]
    [InlineData("::ffff:102:304/120", "::ffff:1.2.3.4/120")]
    [InlineData("::102:304", "::102:304/128")]
    public void CanonicalText(string input, string expected)
    {
        Assert.Equal(expected, Ip(input).ToString());
        Assert.Equal($"ip(\"{expected}\")", Ip(input).ToCedarExpression());
    }

    [Theory]
    [InlineData("10.0.0.1/24")]
    [InlineData("2001:db8::1:0:0:1/64")]
    [InlineData("::/0")]
    [InlineData("255.255.255.255/0")]
    public void CanonicalTextParsesBackToAnEqualValue(string input) =>
        Assert.Equal(Ip(input), Ip(Ip(input).ToString()));

    [Fact]
    public void ErrorsCarryTheExtensionNameAndHelp()
    {
        Assert.False(CedarIpAddr.TryParse("1.2.3.4/33", out _, out var error));
        Assert.Equal("ipaddr", error.ExtensionName);
        Assert.Equal("error parsing prefix: 33 is larger than the limit 32", error.Message);
        Assert.Equal(CedarIpAddr.ParseHelp, error.Help);
        Assert.Equal(
            "error while evaluating `ipaddr` extension function: error parsing prefix: 33 is larger than the limit 32",
            error.ToString());
        Assert.Throws<FormatException>(() => CedarIpAddr.Parse("1.2.3"));
    }

    [Fact]
    public void LengthLimitCountsUtf8Bytes()
    {
        // 22 two-byte characters are 44 bytes: too long for the reference even though only 22 chars.
        var text = new string('é', 22);
        Assert.False(CedarIpAddr.TryParse(text, out _, out var error));
        Assert.Equal($"error parsing IP address from string `{text}`: string length is too large", error.Message);
        Assert.False(CedarIpAddr.TryParse(new string('é', 21), out _, out error));
        Assert.StartsWith("invalid IP address:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateChecksItsArguments()
    {
        Assert.Equal(Ip("1.2.3.4/8"), CedarIpAddr.Create(0x01020304, isIpv4: true, prefix: 8));
        Assert.Equal(Ip("::1"), CedarIpAddr.Create(UInt128.One, isIpv4: false, prefix: 128));
        Assert.Throws<ArgumentOutOfRangeException>(() => CedarIpAddr.Create(0x1_0000_0000, isIpv4: true, prefix: 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => CedarIpAddr.Create(0, isIpv4: true, prefix: 33));
        Assert.Throws<ArgumentOutOfRangeException>(() => CedarIpAddr.Create(0, isIpv4: false, prefix: -1));
    }
}
