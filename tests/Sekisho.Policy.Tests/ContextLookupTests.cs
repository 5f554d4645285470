using static Sekisho.Policy.Tests.TestPolicies;

namespace Sekisho.Policy.Tests;

/// <summary>
/// The decision path finds context keys by a slot given when a policy is compiled. A request context may be built
/// before the policy that names its keys is compiled (the server builds the context, then loads policies): the
/// decision must be the same either way, for condition keys and for policy variables, in any case.
/// </summary>
public class ContextLookupTests
{
    // A key name no other test uses, so it is certainly not known to the engine before this test compiles it.
    private static string FreshKey() => $"sekisho:Test{Guid.NewGuid():N}";

    [Fact]
    public void ContextBuiltBeforeThePolicyNamingItsKeyIsCompiled()
    {
        var key = FreshKey();
        var before = Request(Alice, "s3:GetObject", "arn:aws:s3:::bucket/a", (key.ToUpperInvariant(), "Blue"));
        var otherValue = Request(Alice, "s3:GetObject", "arn:aws:s3:::bucket/a", (key, "Red"));
        var policy = Statements("p", Allow("s3:GetObject", "*", $$$"""{"StringEquals":{"{{{key}}}":"Blue"}}"""));
        var after = Request(Alice, "s3:GetObject", "arn:aws:s3:::bucket/a", (key.ToLowerInvariant(), "Blue"));
        var set = new PolicySet([policy]);
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, before));
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, after));
        Assert.Equal(Decision.ImplicitlyDenied, PolicyEvaluator.Decide(set, otherValue));
    }

    [Fact]
    public void VariableKeyNamedOnlyAfterTheContextWasBuilt()
    {
        var key = FreshKey();
        var before = Request(Alice, "s3:GetObject", "arn:aws:s3:::bucket/alice/notes", (key, "alice"));
        var policy = Statements("p", Allow("s3:GetObject", $"arn:aws:s3:::bucket/${{{key.ToUpperInvariant()}}}/*"));
        var set = new PolicySet([policy]);
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, before));
        var bob = Request(Alice, "s3:GetObject", "arn:aws:s3:::bucket/alice/notes", (key, "bob"));
        Assert.Equal(Decision.ImplicitlyDenied, PolicyEvaluator.Decide(set, bob));
        var absent = Request(Alice, "s3:GetObject", "arn:aws:s3:::bucket/alice/notes");
        Assert.Equal(Decision.ImplicitlyDenied, PolicyEvaluator.Decide(set, absent));
    }

    [Fact]
    public void AbsentKeyNamedByAPolicyIsAbsent()
    {
        var key = FreshKey();
        var policy = Statements("p", Allow("s3:GetObject", "*", $$$"""{"StringEqualsIfExists":{"{{{key}}}":"Blue"}}"""),
            Deny("s3:GetObject", "*", $$$"""{"Null":{"{{{key}}}":"false"}}"""));
        var set = new PolicySet([policy]);
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, Request(Alice, "s3:GetObject", "*", ("other:Key", "x"))));
        Assert.Equal(Decision.ExplicitlyDenied, PolicyEvaluator.Decide(set, Request(Alice, "s3:GetObject", "*", (key, "Blue"))));
    }
}
