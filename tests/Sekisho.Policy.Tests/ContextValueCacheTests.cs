using static Sekisho.Policy.Tests.TestPolicies;

namespace Sekisho.Policy.Tests;

/// <summary>
/// A request context parses a value for a typed operator (Bool, Numeric, Date, IpAddress) on first use and keeps
/// it. The cached form must give the same answers as parsing every time: one value read as several types, malformed
/// values, multivalued keys, repeated decisions, and one context decided by several threads at once.
/// </summary>
public class ContextValueCacheTests
{
    private static Decision Decide(string condition, RequestContext request) =>
        PolicyEvaluator.Decide(new PolicySet([Statements("p", Allow("s3:GetObject", "*", condition))]), request);

    [Fact]
    public void OneValueReadAsNumberDateAndText()
    {
        // 1700000000 is a number, epoch seconds (2023-11-14T22:13:20Z) and a string.
        var request = Request(Alice, "s3:GetObject", "*", ("sekisho:Stamp", "1700000000"));
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(Decision.Allowed, Decide("""{"NumericGreaterThan":{"sekisho:Stamp":"1699999999"}}""", request));
            Assert.Equal(Decision.ImplicitlyDenied, Decide("""{"NumericLessThan":{"sekisho:Stamp":"1700000000"}}""", request));
            Assert.Equal(Decision.Allowed, Decide("""{"DateEquals":{"sekisho:Stamp":"2023-11-14T22:13:20Z"}}""", request));
            Assert.Equal(Decision.ImplicitlyDenied, Decide("""{"DateGreaterThan":{"sekisho:Stamp":"2023-11-15T00:00:00Z"}}""", request));
            Assert.Equal(Decision.Allowed, Decide("""{"StringLike":{"sekisho:Stamp":"17*"}}""", request));
            Assert.Equal(Decision.ImplicitlyDenied, Decide("""{"Bool":{"sekisho:Stamp":"true"}}""", request));
            Assert.Equal(Decision.ImplicitlyDenied, Decide("""{"IpAddress":{"sekisho:Stamp":"0.0.0.0/0"}}""", request));
        }
    }

    [Fact]
    public void MalformedValuesStayMalformed()
    {
        var request = Request(Alice, "s3:GetObject", "*", ("aws:MultiFactorAuthPresent", "yes"), ("aws:SourceIp", "10.1.2"),
            ("aws:CurrentTime", "yesterday"), ("aws:MultiFactorAuthAge", "ten"));
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(Decision.ImplicitlyDenied, Decide("""{"Bool":{"aws:MultiFactorAuthPresent":"false"}}""", request));
            // A negated operator on a value that does not parse: it matches no policy value, so NotIpAddress holds.
            Assert.Equal(Decision.Allowed, Decide("""{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}""", request));
            Assert.Equal(Decision.ImplicitlyDenied, Decide("""{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}""", request));
            Assert.Equal(Decision.ImplicitlyDenied, Decide("""{"DateLessThan":{"aws:CurrentTime":"2100-01-01T00:00:00Z"}}""", request));
            Assert.Equal(Decision.ImplicitlyDenied, Decide("""{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}""", request));
        }
    }

    [Fact]
    public void EveryValueOfAMultivaluedKeyIsParsedOnItsOwn()
    {
        var request = RequestMulti(Alice, "s3:GetObject", "*", ("sekisho:Addresses", ["10.1.2.3", "2001:db8::1", "bad"]));
        Assert.Equal(Decision.Allowed, Decide("""{"ForAnyValue:IpAddress":{"sekisho:Addresses":"2001:db8::/32"}}""", request));
        Assert.Equal(Decision.Allowed, Decide("""{"ForAnyValue:IpAddress":{"sekisho:Addresses":"10.0.0.0/8"}}""", request));
        Assert.Equal(Decision.ImplicitlyDenied, Decide("""{"ForAllValues:IpAddress":{"sekisho:Addresses":["10.0.0.0/8","2001:db8::/32"]}}""", request));
        var good = RequestMulti(Alice, "s3:GetObject", "*", ("sekisho:Addresses", ["10.1.2.3", "2001:db8::1"]));
        Assert.Equal(Decision.Allowed, Decide("""{"ForAllValues:IpAddress":{"sekisho:Addresses":["10.0.0.0/8","2001:db8::/32"]}}""", good));
    }

    [Fact]
    public void SharedContextDecidedByManyThreads()
    {
        var set = new PolicySet([Statements("p",
            Allow("s3:GetObject", "*", """{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"},"Bool":{"aws:SecureTransport":"true"},"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"},"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}"""),
            Deny("s3:GetObject", "*", """{"IpAddress":{"aws:SourceIp":"203.0.113.66/32"}}"""))]);
        RequestContext Fresh(string ip) => Request(Alice, "s3:GetObject", "*", ("aws:SourceIp", ip), ("aws:SecureTransport", "TRUE"),
            ("aws:CurrentTime", "2026-11-21T10:00:00Z"), ("aws:MultiFactorAuthAge", "30"));
        for (var round = 0; round < 50; round++)
        {
            var allowed = Fresh("203.0.113.10");
            var denied = Fresh("203.0.113.66");
            var outside = Fresh("198.51.100.1");
            var wrong = 0;
            Parallel.For(0, 64, i =>
            {
                var (request, expected) = (i % 3) switch
                {
                    0 => (allowed, Decision.Allowed),
                    1 => (denied, Decision.ExplicitlyDenied),
                    _ => (outside, Decision.ImplicitlyDenied),
                };
                if (PolicyEvaluator.Decide(set, request) != expected) Interlocked.Increment(ref wrong);
            });
            Assert.Equal(0, wrong);
        }
    }
}
