using Sekisho.Policy;
using Sekisho.Server.Authentication;
using Sekisho.Server.Authorization;
using Sekisho.Server.Credentials;

namespace Sekisho.Server.Tests.Core;

public sealed class RequestContextBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    private static readonly RequestFacts Facts = new(Now, "203.0.113.7", true, "eu-west-1", "aws-cli/2.9.19");

    private static string Single(RequestContext context, string key)
    {
        Assert.True(context.TryGetValues(key, out var values), $"{key} is missing");
        return Assert.Single(values);
    }

    [Fact]
    public void A_user_with_a_long_term_key_gets_user_keys_and_no_MFA_or_token_keys()
    {
        var principal = new PrincipalPolicies("arn:aws:iam::111122223333:user/team/alice", "AIDAALICE", [], null,
            new Dictionary<string, string> { ["Project"] = "Blue" });
        var caller = new Caller("arn:aws:iam::111122223333:user/team/alice", "111122223333", PrincipalType.User, "AIDAALICE", "alice",
            "AKIAEXAMPLE", null, principal);
        var context = RequestContextBuilder.Build(caller, "iam:TagUser", "arn:aws:iam::111122223333:user/bob", Facts, "o-example",
            new Dictionary<string, string> { ["Team"] = "ops" },
            [new("aws:RequestTag/Env", ["prod"]), new("aws:TagKeys", ["Env", "Owner"])]);

        Assert.Equal("arn:aws:iam::111122223333:user/team/alice", Single(context, "aws:PrincipalArn"));
        Assert.Equal("111122223333", Single(context, "aws:PrincipalAccount"));
        Assert.Equal("User", Single(context, "aws:PrincipalType"));
        Assert.Equal("AIDAALICE", Single(context, "aws:userid"));
        Assert.Equal("alice", Single(context, "aws:username"));
        Assert.Equal("o-example", Single(context, "aws:PrincipalOrgID"));
        Assert.Equal("Blue", Single(context, "aws:PrincipalTag/Project"));
        Assert.Equal("2026-11-21T10:00:00Z", Single(context, "aws:CurrentTime"));
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), Single(context, "aws:EpochTime"));
        Assert.Equal("true", Single(context, "aws:SecureTransport"));
        Assert.Equal("203.0.113.7", Single(context, "aws:SourceIp"));
        Assert.Equal("eu-west-1", Single(context, "aws:RequestedRegion"));
        Assert.Equal("aws-cli/2.9.19", Single(context, "aws:UserAgent"));
        Assert.Equal("ops", Single(context, "aws:ResourceTag/Team"));
        Assert.Equal("prod", Single(context, "aws:RequestTag/Env"));
        Assert.True(context.TryGetValues("aws:TagKeys", out var tagKeys));
        Assert.Equal(["Env", "Owner"], tagKeys);
        Assert.False(context.TryGetValues("aws:MultiFactorAuthPresent", out _));
        Assert.False(context.TryGetValues("aws:MultiFactorAuthAge", out _));
        Assert.False(context.TryGetValues("aws:TokenIssueTime", out _));
    }

    [Fact]
    public void A_role_session_gets_role_keys_session_tags_over_role_tags_and_MFA_facts()
    {
        var role = new PrincipalPolicies("arn:aws:iam::111122223333:role/ops/Deploy", "AROADEPLOY", [], null,
            new Dictionary<string, string> { ["Project"] = "Role", ["CostCenter"] = "42" });
        var grant = new SessionGrant("arn:aws:sts::111122223333:assumed-role/Deploy/alice", "111122223333", "AROADEPLOY:alice",
            "arn:aws:iam::111122223333:role/ops/Deploy", null, Now.AddMinutes(-30), Now.AddMinutes(30), true, Now.AddMinutes(-31),
            new Dictionary<string, string> { ["Project"] = "Session" }, ["Project"], null, "alice@example.com", false);
        var caller = new Caller(grant.PrincipalArn, "111122223333", PrincipalType.AssumedRole, grant.UserId, null, "ASIAEXAMPLE", grant, role);
        var context = RequestContextBuilder.Build(caller, "ssm:StartSession", "arn:aws:ssm:eu-west-1:111122223333:managed-instance/mi-0123456789abcdef0",
            Facts with { SecureTransport = false });

        Assert.Equal("arn:aws:sts::111122223333:assumed-role/Deploy/alice", context.Principal);
        Assert.Equal("arn:aws:iam::111122223333:role/ops/Deploy", Single(context, "aws:PrincipalArn"));
        Assert.Equal("AssumedRole", Single(context, "aws:PrincipalType"));
        Assert.Equal("AROADEPLOY:alice", Single(context, "aws:userid"));
        Assert.False(context.TryGetValues("aws:username", out _));
        Assert.Equal("Session", Single(context, "aws:PrincipalTag/Project"));
        Assert.Equal("42", Single(context, "aws:PrincipalTag/CostCenter"));
        Assert.Equal("true", Single(context, "aws:MultiFactorAuthPresent"));
        Assert.Equal("1860", Single(context, "aws:MultiFactorAuthAge"));
        Assert.Equal("2026-11-21T09:30:00Z", Single(context, "aws:TokenIssueTime"));
        Assert.Equal("alice@example.com", Single(context, "aws:SourceIdentity"));
        Assert.Equal("false", Single(context, "aws:SecureTransport"));
        Assert.False(context.TryGetValues("aws:PrincipalOrgID", out _));
    }

    [Fact]
    public void A_session_without_MFA_says_false_and_has_no_MFA_age()
    {
        var grant = new SessionGrant("arn:aws:iam::111122223333:user/alice", "111122223333", "AIDAALICE", null, "alice", Now, Now.AddHours(1),
            false, null, new Dictionary<string, string>(), [], null, null, false);
        var caller = new Caller(grant.PrincipalArn, "111122223333", PrincipalType.User, "AIDAALICE", "alice", "ASIAEXAMPLE", grant, null);
        var context = RequestContextBuilder.Build(caller, "s3:ListBucket", "*", Facts);
        Assert.Equal("false", Single(context, "aws:MultiFactorAuthPresent"));
        Assert.False(context.TryGetValues("aws:MultiFactorAuthAge", out _));
        Assert.Equal("alice", Single(context, "aws:username"));
    }
}
