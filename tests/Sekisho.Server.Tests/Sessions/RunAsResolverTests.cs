using Sekisho.Policy;
using Sekisho.Server.Api;
using Sekisho.Server.Authentication;
using Sekisho.Server.Authorization;
using Sekisho.Server.Credentials;
using Sekisho.Server.Documents;
using Sekisho.Server.Sessions;

namespace Sekisho.Server.Tests.Sessions;

public sealed class RunAsResolverTests
{
    private static readonly SessionPreferences On = SessionPreferences.Default with { RunAsEnabled = true };

    private static Caller User(params (string Key, string Value)[] tags) =>
        new("arn:aws:iam::111122223333:user/dana", "111122223333", PrincipalType.User, "AIDAEXAMPLE", "dana", "AKIAEXAMPLE", null,
            new PrincipalPolicies("arn:aws:iam::111122223333:user/dana", "AIDAEXAMPLE", [], null, tags.ToDictionary(t => t.Key, t => t.Value)));

    private static Caller RoleSession(Dictionary<string, string> sessionTags, params (string Key, string Value)[] roleTags)
    {
        var now = DateTimeOffset.UtcNow;
        var grant = new SessionGrant("arn:aws:sts::111122223333:assumed-role/ops/erin", "111122223333", "AROAEXAMPLE:erin",
            "arn:aws:iam::111122223333:role/ops", null, now, now.AddHours(1), false, null, sessionTags, [], null, null, false);
        return new Caller(grant.PrincipalArn, "111122223333", PrincipalType.AssumedRole, grant.UserId, null, "ASIAEXAMPLE", grant,
            new PrincipalPolicies("arn:aws:iam::111122223333:role/ops", "AROAEXAMPLE", [], null, roleTags.ToDictionary(t => t.Key, t => t.Value)));
    }

    [Fact]
    public void Run_As_off_is_ssm_user_whatever_the_tags() =>
        Assert.Equal("ssm-user", RunAsResolver.Resolve(User(("SSMSessionRunAs", "dana")), SessionPreferences.Default));

    [Fact]
    public void A_session_tag_wins_over_the_roles_tag_which_wins_over_the_default()
    {
        var withDefault = On with { RunAsDefaultUser = "fallback" };
        Assert.Equal("from-session", RunAsResolver.Resolve(RoleSession(new() { ["SSMSessionRunAs"] = "from-session" }, ("SSMSessionRunAs", "from-role")), withDefault));
        Assert.Equal("from-role", RunAsResolver.Resolve(RoleSession([], ("SSMSessionRunAs", "from-role")), withDefault));
        Assert.Equal("fallback", RunAsResolver.Resolve(RoleSession([]), withDefault));
    }

    [Fact]
    public void Neither_tag_nor_default_is_refused_saying_why_and_how_to_fix_it()
    {
        var e = Assert.Throws<AwsErrorException>(() => RunAsResolver.Resolve(User(), On));
        Assert.Equal("ValidationException", e.Error.Code);
        Assert.Equal("Run As is enabled in the session preferences (SSM-SessionManagerRunShell), but arn:aws:iam::111122223333:user/dana has no " +
                     "SSMSessionRunAs tag and no runAsDefaultUser is set, so there is no OS user to start the session as. Either tag the IAM user with " +
                     "SSMSessionRunAs=<OS user name>, or set runAsDefaultUser in the SSM-SessionManagerRunShell document.", e.Error.Message);
    }

    [Theory]
    [InlineData("root", "never starts a session as root")]
    [InlineData("Bad User", "is not a valid OS user name")]
    [InlineData("-rf", "is not a valid OS user name")]
    public void Root_and_malformed_names_are_refused(string name, string expected)
    {
        var e = Assert.Throws<AwsErrorException>(() => RunAsResolver.Resolve(User(("SSMSessionRunAs", name)), On));
        Assert.Contains(expected, e.Error.Message, StringComparison.Ordinal);
    }
}
