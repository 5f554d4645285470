using static Sekisho.Policy.Tests.TestPolicies;

namespace Sekisho.Policy.Tests;

/// <summary>The fast path allocates nothing per decision (brief: zero allocations per decision).</summary>
public class AllocationTests
{
    [Fact]
    public void DecideAllocatesNothing()
    {
        var identity = TestPolicies.Policy("""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["ssm:StartSession","ssm:GetConnectionStatus"],"Resource":"*",
               "Condition":{"StringEquals":{"aws:ResourceTag/Project":"${aws:PrincipalTag/Project}"},"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"},
                            "IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"},
                            "NumericLessThan":{"aws:MultiFactorAuthAge":"3600"},"ForAllValues:StringLike":{"aws:TagKeys":["a*","b*"]},
                            "ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Ops*"}}},
              {"Effect":"Allow","Action":"ssm:ResumeSession","Resource":"arn:aws:ssm:*:*:session/${aws:username}-*"},
              {"Effect":"Deny","NotAction":"ssm:*","Resource":"*","Condition":{"StringNotEqualsIgnoreCase":{"aws:RequestedRegion":"us-east-1"}}}]}
            """, "identity");
        var set = new PolicySet([identity], permissionsBoundary: AllowAll("boundary"), sessionPolicy: AllowAll("session"),
            serviceControlPolicies: [[AllowAll()], [Statements("ou", Allow("ssm:*"), Deny("ssm:DeleteDocument"))]]);
        const string Node = "arn:aws:ssm:us-east-1:111122223333:managed-instance/mi-0123456789abcdef0";
        // Built anew for the first-decision check: the server decides each request's context once.
        (RequestContext Request, RequestContext Denied, RequestContext V6, RequestContext V6Outside) NewRequests()
        {
            var request = RequestMulti(OpsSession, "ssm:StartSession", Node,
                ("aws:ResourceTag/Project", ["Blue"]), ("aws:PrincipalTag/Project", ["Blue"]), ("aws:MultiFactorAuthPresent", ["true"]),
                ("aws:SourceIp", ["10.1.2.3"]), ("aws:CurrentTime", ["2026-11-21T10:00:00Z"]), ("aws:MultiFactorAuthAge", ["30"]),
                ("aws:TagKeys", ["alpha", "beta"]), ("aws:RequestedRegion", ["us-east-1"]));
            var denied = RequestMulti(OpsSession, "ssm:StartSession", Node,
                ("aws:ResourceTag/Project", ["Red"]), ("aws:PrincipalTag/Project", ["Blue"]));
            var v6 = RequestMulti(OpsSession, "ssm:StartSession", Node,
                ("aws:ResourceTag/Project", ["Blue"]), ("aws:PrincipalTag/Project", ["Blue"]), ("aws:SourceIp", ["2001:db8:0:12::a"]),
                ("aws:CurrentTime", ["2026-11-21T10:00:00Z"]), ("aws:MultiFactorAuthAge", ["30"]), ("aws:RequestedRegion", ["us-east-1"]));
            var v6Outside = RequestMulti(OpsSession, "ssm:StartSession", Node,
                ("aws:ResourceTag/Project", ["Blue"]), ("aws:PrincipalTag/Project", ["Blue"]), ("aws:SourceIp", ["2001:db9::a"]),
                ("aws:CurrentTime", ["2026-11-21T10:00:00Z"]), ("aws:MultiFactorAuthAge", ["30"]), ("aws:RequestedRegion", ["us-east-1"]));
            return (request, denied, v6, v6Outside);
        }
        var (request, denied, v6, v6Outside) = NewRequests();
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, request));
        Assert.Equal(Decision.ImplicitlyDenied, PolicyEvaluator.Decide(set, denied));
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, v6));
        Assert.Equal(Decision.ImplicitlyDenied, PolicyEvaluator.Decide(set, v6Outside));
        // The first decision on a context (its typed values parsed then) allocates nothing either.
        var fresh = NewRequests();
        var beforeFirst = GC.GetAllocatedBytesForCurrentThread();
        var firstDecisions = (PolicyEvaluator.Decide(set, fresh.Request), PolicyEvaluator.Decide(set, fresh.Denied),
            PolicyEvaluator.Decide(set, fresh.V6), PolicyEvaluator.Decide(set, fresh.V6Outside));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - beforeFirst);
        Assert.Equal((Decision.Allowed, Decision.ImplicitlyDenied, Decision.Allowed, Decision.ImplicitlyDenied), firstDecisions);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            PolicyEvaluator.Decide(set, request);
            PolicyEvaluator.Decide(set, denied);
            PolicyEvaluator.Decide(set, v6);
            PolicyEvaluator.Decide(set, v6Outside);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
