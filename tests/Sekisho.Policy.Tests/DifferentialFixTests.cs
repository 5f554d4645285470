using static Sekisho.Policy.Tests.TestPolicies;

namespace Sekisho.Policy.Tests;

/// <summary>
/// The differences the differential test found (docs/iam-simulate-divergences.md), each checked against the AWS
/// page that decides it.
/// </summary>
public class DifferentialFixTests
{
    private const string Instance = "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc1234def567890";
    private const string Report = "arn:aws:s3:::sekisho-team-data/shared/report.csv";

    private static void AssertDecision(Decision expected, PolicySet set, RequestContext request)
    {
        var r = PolicyEvaluator.Evaluate(set, request);
        Assert.True(expected == r.Decision, $"expected {expected}, got {r.Decision}: {r.Message} / {r.Explanation?.Summary}");
        Assert.Equal(expected, PolicyEvaluator.Decide(set, request));
    }

    [Fact]
    public void GetCallerIdentityNeedsNoPermissionAndCannotBeDenied()
    {
        // AWS STS API Reference, GetCallerIdentity: "No permissions are required ... explicitly denies ... you can still perform this operation."
        AssertDecision(Decision.Allowed, new PolicySet(), Request(Alice, "sts:GetCallerIdentity", "*"));
        var denyAll = new PolicySet([Statements("deny", Deny("*"))], serviceControlPolicies: [[Statements("scp", Deny("sts:*"))]]);
        AssertDecision(Decision.Allowed, denyAll, Request(OpsSession, "sts:GetCallerIdentity", "*"));
        var r = PolicyEvaluator.Evaluate(denyAll, Request(OpsSession, "STS:getcalleridentity", "*"));
        Assert.Equal(Decision.Allowed, r.Decision);
        Assert.Equal("", r.Message);
        Assert.Contains("needs no permission", r.Explanation!.Summary, StringComparison.Ordinal);
        // Other STS actions are still evaluated.
        AssertDecision(Decision.ExplicitlyDenied, denyAll, Request(Alice, "sts:GetSessionToken", "*"));
    }

    [Fact]
    public void NotResourceWithUnresolvedVariableDoesNotApply()
    {
        var allow = TestPolicies.Policy("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:StartInstances",
             "NotResource":"arn:aws:ec2:*:111122223333:instance/${aws:PrincipalTag/Instance}"}]}
            """);
        var set = new PolicySet([allow]);
        // The key is absent: the statement is not read as "every resource".
        AssertDecision(Decision.ImplicitlyDenied, set, Request(Alice, "ec2:StartInstances", Instance));
        var r = PolicyEvaluator.Evaluate(set, Request(Alice, "ec2:StartInstances", Instance));
        Assert.Contains("NotResource holds a policy variable", r.Explanation!.Policies[0].Statements[0].Note, StringComparison.Ordinal);
        // Resolved: NotResource works as usual (other instances allowed, the named one not).
        AssertDecision(Decision.Allowed, set, Request(Alice, "ec2:StartInstances", Instance, ("aws:PrincipalTag/Instance", "i-other")));
        AssertDecision(Decision.ImplicitlyDenied, set,
            Request(Alice, "ec2:StartInstances", Instance, ("aws:PrincipalTag/Instance", "i-0abc1234def567890")));
        // A default makes the variable resolve.
        var withDefault = TestPolicies.Policy("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:StartInstances",
             "NotResource":"arn:aws:ec2:*:111122223333:instance/${aws:PrincipalTag/Instance, 'none'}"}]}
            """);
        AssertDecision(Decision.Allowed, new PolicySet([withDefault]), Request(Alice, "ec2:StartInstances", Instance));
        // ${aws:username} does not exist for a role session.
        var user = TestPolicies.Policy("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::home/${aws:username}/*"}]}
            """);
        AssertDecision(Decision.ImplicitlyDenied, new PolicySet([user]), Request(OpsSession, "s3:GetObject", Report));
        AssertDecision(Decision.Allowed, new PolicySet([user]), Request(Alice, "s3:GetObject", Report));
    }

    [Theory]
    [InlineData("StringNotEquals")]
    [InlineData("StringNotLike")]
    [InlineData("StringNotEqualsIgnoreCase")]
    [InlineData("ForAllValues:StringNotEquals")]
    public void ConditionWithUnresolvedVariableDoesNotApply(string op)
    {
        var allow = TestPolicies.Policy($$$$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
             "Condition":{"{{{{op}}}}":{"aws:ResourceTag/Owner":"${aws:PrincipalTag/Team}"}}}]}
            """);
        var set = new PolicySet([allow]);
        // The compared key is present but the variable's key is not: a negated operator would read the unreadable
        // value as "not equal" and grant; the statement must not apply.
        AssertDecision(Decision.ImplicitlyDenied, set, Request(Alice, "s3:GetObject", Report, ("aws:ResourceTag/Owner", "blue")));
        // Resolved and different: the negated operator holds.
        AssertDecision(Decision.Allowed, set,
            Request(Alice, "s3:GetObject", Report, ("aws:ResourceTag/Owner", "blue"), ("aws:PrincipalTag/Team", "red")));
        // An absent compared key keeps the documented rule: a negated operator is true for an absent key.
        AssertDecision(Decision.Allowed, set, Request(Alice, "s3:GetObject", Report));
    }

    [Fact]
    public void ArnNotLikeWithUnresolvedVariableDoesNotApply()
    {
        var allow = TestPolicies.Policy("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
             "Condition":{"ArnNotLike":{"aws:SourceArn":"arn:aws:s3:::${aws:PrincipalTag/Bucket}"}}}]}
            """);
        var set = new PolicySet([allow]);
        AssertDecision(Decision.ImplicitlyDenied, set, Request(Alice, "s3:GetObject", Report, ("aws:SourceArn", "arn:aws:s3:::x")));
        AssertDecision(Decision.Allowed, set,
            Request(Alice, "s3:GetObject", Report, ("aws:SourceArn", "arn:aws:s3:::x"), ("aws:PrincipalTag/Bucket", "y")));
    }

    [Fact]
    public void WildcardPrincipalGrantToRoleSessionIsLimitedBySessionPolicy()
    {
        foreach (var principal in new[] { "\"*\"", """{"AWS":"*"}""" })
        {
            var bucket = Statements("bucket", Allow("s3:GetObject", Report, principal: principal));
            var session = Statements("session", Allow("s3:GetObjectAcl"));
            AssertDecision(Decision.ImplicitlyDenied, new PolicySet(resourcePolicy: bucket, sessionPolicy: session),
                Request(OpsSession, "s3:GetObject", Report));
            // The boundary does not limit it (AWS is silent; iam-simulate's rule).
            AssertDecision(Decision.Allowed, new PolicySet(resourcePolicy: bucket, permissionsBoundary: session),
                Request(OpsSession, "s3:GetObject", Report));
            AssertDecision(Decision.Allowed, new PolicySet(resourcePolicy: bucket, sessionPolicy: Statements("s", Allow("s3:*"))),
                Request(OpsSession, "s3:GetObject", Report));
            // Without a session policy or boundary the grant stands alone, for sessions and users.
            AssertDecision(Decision.Allowed, new PolicySet(resourcePolicy: bucket), Request(OpsSession, "s3:GetObject", Report));
            AssertDecision(Decision.Allowed, new PolicySet(resourcePolicy: bucket), Request(Alice, "s3:GetObject", Report));
        }
    }

    [Fact]
    public void WildcardPrincipalInATrustPolicyIsLimitedBySessionPolicyOnly()
    {
        // In a trust policy too, "*" for a role session is limited by the session policy, not by the boundary.
        var trust = Statements("trust", "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\"}");
        var set = new PolicySet([Statements("id", Allow("sts:AssumeRole"))], resourcePolicy: trust,
            permissionsBoundary: Statements("b", Allow("s3:GetObject")));
        AssertDecision(Decision.Allowed, set, Request(OpsSession, "sts:AssumeRole", "arn:aws:iam::111122223333:role/Dev"));
        var withSession = new PolicySet([Statements("id", Allow("sts:AssumeRole"))], resourcePolicy: trust,
            sessionPolicy: Statements("s", Allow("s3:GetObject")));
        AssertDecision(Decision.ImplicitlyDenied, withSession, Request(OpsSession, "sts:AssumeRole", "arn:aws:iam::111122223333:role/Dev"));
    }
}
