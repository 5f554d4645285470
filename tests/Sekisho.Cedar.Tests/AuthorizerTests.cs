using Sekisho.Cedar.Authorization;
using Sekisho.Cedar.Evaluation;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Tests;

public class AuthorizerTests
{
    private static AuthorizationResponse Decide(string policies, string context = "{}") =>
        Authorizer.IsAuthorized(Eval.Request(context), PolicySet.Parse(policies), Eval.Store0);

    [Fact]
    public void DefaultIsDeny()
    {
        var r = Decide("");
        Assert.Equal(Decision.Deny, r.Decision);
        Assert.Empty(r.Reason);
        Assert.Empty(r.Errors);
    }

    [Fact]
    public void PermitAllowsAndNamesAllSatisfiedPermits()
    {
        var r = Decide("""
            permit(principal, action, resource);
            permit(principal == User::"alice", action, resource);
            permit(principal == User::"bob", action, resource);
            """);
        Assert.Equal(Decision.Allow, r.Decision);
        Assert.Equal(["policy0", "policy1"], r.Reason);
    }

    [Fact]
    public void ForbidOverridesPermit()
    {
        var r = Decide("""
            permit(principal, action, resource);
            forbid(principal in Group::"staff", action in Action::"read", resource is Photo);
            """);
        Assert.Equal(Decision.Deny, r.Decision);
        Assert.Equal(["policy1"], r.Reason);
    }

    [Fact]
    public void ErroringPoliciesAreSkippedAndReported()
    {
        var r = Decide("""
            permit(principal, action, resource) when { principal.nothing };
            forbid(principal, action, resource) when { 1 + "a" == 2 };
            permit(principal, action, resource) when { context.ok };
            """, "{\"ok\": true}");
        Assert.Equal(Decision.Allow, r.Decision);
        Assert.Equal(["policy2"], r.Reason);
        Assert.Equal(["policy0", "policy1"], r.Errors.Select(e => e.PolicyId));
        Assert.Equal(EvaluationErrorKind.AttributeDoesNotExist, r.Errors[0].Kind);
    }

    [Fact]
    public void NonBooleanConditionIsAnError()
    {
        var r = Decide("permit(principal, action, resource) when { 1 };");
        Assert.Equal(Decision.Deny, r.Decision);
        Assert.Equal(EvaluationErrorKind.TypeError, Assert.Single(r.Errors).Kind);
    }

    [Fact]
    public void ScopeMismatchMeansTheConditionIsNotEvaluated()
    {
        var r = Decide("permit(principal == User::\"bob\", action, resource) when { principal.nothing };");
        Assert.Empty(r.Errors);
        Assert.Equal(Decision.Deny, r.Decision);
    }

    [Fact]
    public void WhenAndUnlessCombine()
    {
        Assert.Equal(Decision.Allow, Decide("permit(principal, action, resource) when { true } unless { false };").Decision);
        Assert.Equal(Decision.Deny, Decide("permit(principal, action, resource) when { true } unless { true };").Decision);
    }

    [Theory]
    [InlineData("permit(principal in Group::\"everyone\", action, resource);", true)]
    [InlineData("permit(principal is User, action, resource);", true)]
    [InlineData("permit(principal is Group, action, resource);", false)]
    [InlineData("permit(principal is User in Group::\"admins\", action, resource);", false)]
    [InlineData("permit(principal, action == Action::\"view\", resource);", true)]
    [InlineData("permit(principal, action == Action::\"read\", resource);", false)]
    [InlineData("permit(principal, action in [Action::\"edit\", Action::\"read\"], resource);", true)]
    [InlineData("permit(principal, action, resource == Photo::\"p1\");", true)]
    [InlineData("permit(principal, action, resource in Photo::\"p2\");", false)]
    public void ScopeConstraints(string policy, bool allowed) =>
        Assert.Equal(allowed ? Decision.Allow : Decision.Deny, Decide(policy).Decision);

    [Fact]
    public void LinkedTemplatesAreEvaluatedAndTemplatesAreNot()
    {
        var set = PolicySet.Parse("permit(principal in ?principal, action, resource);");
        Assert.Equal(Decision.Deny, Authorizer.IsAuthorized(Eval.Request(), set, Eval.Store0).Decision);
        set.Link("policy0", "staff-link", new EntityUid("Group", "staff"), null);
        set.Link("policy0", "admins-link", new EntityUid("Group", "admins"), null);
        var r = Authorizer.IsAuthorized(Eval.Request(), set, Eval.Store0);
        Assert.Equal(Decision.Allow, r.Decision);
        Assert.Equal(["staff-link"], r.Reason);
    }
}
