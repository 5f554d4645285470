using System.Net;
using static Sekisho.Policy.Tests.TestPolicies;

namespace Sekisho.Policy.Tests;

/// <summary>
/// IpAddress / NotIpAddress on IPv6 request values (parsed without allocating), checked against .NET's own
/// IPAddress / IPNetwork as the oracle.
/// </summary>
public class IPv6ConditionTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        string[] networks = ["2001:db8::/32", "2001:db8:0:1::/64", "::/0", "2001:db8::5", "fe80::/10", "2001:db8:abcd:12::/127"];
        string[] addresses =
        [
            "2001:db8::5", "2001:DB8:0:1::9", "2001:0db8:0000:0001:0000:0000:0000:0009", "2001:db9::1", "::", "::1", "fe80::1",
            "febf:ffff::1", "fec0::1", "::ffff:192.0.2.1", "2001:db8:abcd:12::1", "2001:db8:abcd:12::2", "1:2:3:4:5:6:7:8", "1::8",
            "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
        ];
        foreach (var n in networks)
            foreach (var a in addresses) data.Add(n, a);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void IpAddressOnIPv6AgreesWithDotNet(string network, string address)
    {
        var expected = IPNetwork.Parse(network.Contains('/', StringComparison.Ordinal) ? network : network + "/128").Contains(IPAddress.Parse(address));
        var policy = TestPolicies.Policy($$$$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"{{{{network}}}}"}}}]}
            """);
        var negated = TestPolicies.Policy($$$$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"{{{{network}}}}"}}}]}
            """);
        var request = Request(Alice, "s3:GetObject", "arn:aws:s3:::b/k", ("aws:SourceIp", address));
        Assert.Equal(expected ? Decision.Allowed : Decision.ImplicitlyDenied, PolicyEvaluator.Decide(new PolicySet([policy]), request));
        Assert.Equal(expected ? Decision.ImplicitlyDenied : Decision.Allowed, PolicyEvaluator.Decide(new PolicySet([negated]), request));
    }

    [Theory]
    [InlineData("2001:db8:::5")]
    [InlineData("2001:db8::5::1")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1:2:3:4:5:6:7")]
    [InlineData("2001:db8::12345")]
    [InlineData("2001:db8::g")]
    [InlineData("2001:db8:")]
    [InlineData(":2001:db8::1")]
    [InlineData("::ffff:192.0.2.256")]
    [InlineData("fe80::1%eth0")]
    public void MalformedIPv6MatchesNothing(string address)
    {
        Assert.False(IPAddress.TryParse(address, out var parsed) && !address.Contains('%', StringComparison.Ordinal),
            $".NET reads '{address}' as {parsed}");
        var policy = TestPolicies.Policy("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"::/0"}}}]}
            """);
        Assert.Equal(Decision.ImplicitlyDenied,
            PolicyEvaluator.Decide(new PolicySet([policy]), Request(Alice, "s3:GetObject", "arn:aws:s3:::b/k", ("aws:SourceIp", address))));
    }
}
