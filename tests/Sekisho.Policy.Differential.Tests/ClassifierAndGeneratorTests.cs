using System.Text.Json.Nodes;
using Sekisho.Policy.Scenarios;

namespace Sekisho.Policy.Differential.Tests;

/// <summary>The divergence classifier and the generator, checked on their own.</summary>
public sealed class ClassifierAndGeneratorTests
{
    private const string Session = "arn:aws:sts::111122223333:assumed-role/Ops/alice";

    private static JsonObject SessionGrant(string grantee, bool withSessionPolicy) => new()
    {
        ["request"] = new JsonObject
        {
            ["principal"] = Session,
            ["action"] = "s3:GetObject",
            ["resource"] = "arn:aws:s3:::sekisho-team-data/alice/notes.txt",
            ["context"] = new JsonObject { ["aws:ResourceAccount"] = "111122223333" },
        },
        ["identityPolicies"] = new JsonArray(),
        ["resourcePolicy"] = JsonNode.Parse($$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{grantee}}"},
             "Action":"s3:GetObject","Resource":"arn:aws:s3:::sekisho-team-data/*"}]}
            """),
        ["sessionPolicy"] = withSessionPolicy
            ? JsonNode.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}""")
            : null,
    };

    [Fact]
    public void A_grant_to_the_session_arn_beside_a_session_policy_is_the_documented_divergence()
    {
        Assert.Equal(DivergenceClass.SessionArnGrantNotLimitedBySessionPolicy,
            DivergenceClassifier.Candidate(SessionGrant(Session, withSessionPolicy: true), "Allowed", "ImplicitlyDenied")?.Class);
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:role/Ops", true, "Allowed", "ImplicitlyDenied")] // a role grant is limited on AWS too
    [InlineData(Session, false, "Allowed", "ImplicitlyDenied")] // nothing for the grant to override
    [InlineData(Session, true, "ImplicitlyDenied", "Allowed")] // the other direction is never this class
    [InlineData(Session, true, "Allowed", "Allowed")] // no difference at all
    public void Other_differences_are_not_classified(string grantee, bool withSessionPolicy, string ours, string reference)
    {
        Assert.Null(DivergenceClassifier.Candidate(SessionGrant(grantee, withSessionPolicy), ours, reference));
    }

    [Fact]
    public void Neutralising_the_session_policy_keeps_its_denies_and_allows_the_rest()
    {
        var scenario = SessionGrant(Session, withSessionPolicy: true);
        ((JsonArray)scenario["sessionPolicy"]!["Statement"]!).Add(JsonNode.Parse("""{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}"""));
        var neutral = DivergenceClassifier.Candidate(scenario, "Allowed", "ImplicitlyDenied")!.Neutralized;
        Assert.Equal(
            """[{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"},{"Effect":"Allow","Action":"*","Resource":"*"}]""",
            neutral["sessionPolicy"]!["Statement"]!.ToJsonString());
        Assert.Equal(scenario["resourcePolicy"]!.ToJsonString(), neutral["resourcePolicy"]!.ToJsonString());
    }

    private static JsonObject WithCondition(string op, string key, string policyValue, string contextValue) => new()
    {
        ["request"] = new JsonObject
        {
            ["principal"] = "arn:aws:iam::111122223333:user/bob",
            ["action"] = "iam:ChangePassword",
            ["resource"] = "arn:aws:iam::111122223333:user/bob",
            ["context"] = new JsonObject { [key] = contextValue },
        },
        ["identityPolicies"] = new JsonArray(new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonObject
            {
                ["Effect"] = "Allow",
                ["Action"] = "iam:ChangePassword",
                ["Resource"] = "*",
                ["Condition"] = new JsonObject { [op] = new JsonObject { [key] = policyValue } },
            },
        }),
    };

    [Theory]
    [InlineData("DateLessThan", "aws:EpochTime", "2026-09-01T00:00:00Z", "1795255200", DivergenceClass.EpochSecondsInRequestContext)]
    [InlineData("DateLessThan", "aws:CurrentTime", "2026-09-01T00:00:00Z", "2026-11-21T10:00:00Z", null)]
    [InlineData("NotIpAddress", "aws:SourceIp", "198.51.100.77", "2001:db8::5", DivergenceClass.NotIpAddressBareAddressOtherFamily)]
    [InlineData("NotIpAddress", "aws:SourceIp", "198.51.100.0/24", "2001:db8::5", null)]
    [InlineData("NotIpAddress", "aws:SourceIp", "198.51.100.77", "203.0.113.10", null)]
    public void Condition_divergences_are_recognised_by_operator_and_request_value(string op, string key, string policyValue, string contextValue, DivergenceClass? expected)
    {
        Assert.Equal(expected, DivergenceClassifier.Candidate(WithCondition(op, key, policyValue, contextValue), "Allowed", "ImplicitlyDenied")?.Class);
    }

    [Fact]
    public void Neutralising_rewrites_epoch_seconds_as_the_same_instant_and_gives_bare_addresses_their_prefix()
    {
        var scenario = WithCondition("DateLessThan", "aws:EpochTime", "2026-09-01T00:00:00Z", "1795255200");
        scenario["request"]!["context"]!["aws:MultiFactorAuthAge"] = "300";
        var epoch = DivergenceClassifier.Candidate(scenario, "Allowed", "ImplicitlyDenied")!;
        Assert.Equal("2026-11-21T10:00:00Z", epoch.Neutralized["request"]!["context"]!["aws:EpochTime"]!.GetValue<string>());
        // Only keys compared as dates change: other numbers are left alone.
        Assert.Equal("300", epoch.Neutralized["request"]!["context"]!["aws:MultiFactorAuthAge"]!.GetValue<string>());
        var v4 = DivergenceClassifier.Candidate(WithCondition("NotIpAddress", "aws:SourceIp", "198.51.100.77", "2001:db8::5"), "Allowed", "ImplicitlyDenied")!;
        Assert.Equal("198.51.100.77/32", v4.Neutralized["identityPolicies"]![0]!["Statement"]!["Condition"]!["NotIpAddress"]!["aws:SourceIp"]!.GetValue<string>());
        var v6 = DivergenceClassifier.Candidate(WithCondition("NotIpAddress", "aws:SourceIp", "2001:db8::1", "203.0.113.10"), "Allowed", "ImplicitlyDenied")!;
        Assert.Equal("2001:db8::1/128", v6.Neutralized["identityPolicies"]![0]!["Statement"]!["Condition"]!["NotIpAddress"]!["aws:SourceIp"]!.GetValue<string>());
    }

    [Fact]
    public void Null_on_a_key_given_as_an_empty_list_is_recognised_and_neutralised_by_leaving_the_key_out()
    {
        var scenario = WithCondition("Null", "aws:TagKeys", "false", "x");
        scenario["request"]!["context"]!["aws:TagKeys"] = new JsonArray();
        scenario["request"]!["context"]!["aws:RequestTag/Team"] = "blue";
        var candidate = DivergenceClassifier.Candidate(scenario, "ImplicitlyDenied", "Allowed")!;
        Assert.Equal(DivergenceClass.NullOnEmptyValuedKey, candidate.Class);
        var context = (JsonObject)candidate.Neutralized["request"]!["context"]!;
        Assert.False(context.ContainsKey("aws:TagKeys"));
        Assert.Equal("blue", context["aws:RequestTag/Team"]!.GetValue<string>());
        // A key with values, or a Null condition on another key, is not this class.
        Assert.Null(DivergenceClassifier.Candidate(WithCondition("Null", "aws:TagKeys", "false", "x"), "ImplicitlyDenied", "Allowed"));
        var other = WithCondition("Null", "aws:RequestTag/Team", "false", "x");
        other["request"]!["context"]!["aws:TagKeys"] = new JsonArray();
        Assert.Null(DivergenceClassifier.Candidate(other, "ImplicitlyDenied", "Allowed"));
    }

    [Fact]
    public void An_unresolved_NotResource_is_recognised_and_neutralised_by_leaving_its_statement_out()
    {
        var scenario = WithCondition("StringEquals", "aws:PrincipalTag/Team", "dev", "dev");
        var statements = new JsonArray(
            new JsonObject { ["Effect"] = "Allow", ["Action"] = "ssm:StartSession", ["NotResource"] = "arn:aws:ssm:*:111122223333:managed-instance/${aws:PrincipalTag/Node}" },
            new JsonObject { ["Effect"] = "Allow", ["Action"] = "iam:ChangePassword", ["Resource"] = "*" });
        scenario["identityPolicies"]![0]!["Statement"] = statements;
        var candidate = DivergenceClassifier.Candidate(scenario, "ImplicitlyDenied", "Allowed")!;
        Assert.Equal(DivergenceClass.UnresolvedVariableInNotResource, candidate.Class);
        var left = (JsonArray)candidate.Neutralized["identityPolicies"]![0]!["Statement"]!;
        Assert.Single(left);
        Assert.Equal("iam:ChangePassword", left[0]!["Action"]!.GetValue<string>());
        // Resolved (the key is given) or with a default: not this class.
        scenario["request"]!["context"]!["aws:PrincipalTag/Node"] = "mi-1";
        Assert.Null(DivergenceClassifier.Candidate(scenario, "ImplicitlyDenied", "Allowed"));
    }

    [Fact]
    public void The_generator_is_deterministic_per_seed_and_index()
    {
        var all = ScenarioGenerator.Generate(7, 50);
        Assert.Equal(all[42].ToJsonString(), ScenarioGenerator.GenerateOne(7, 42).ToJsonString());
        Assert.NotEqual(all[42].ToJsonString(), ScenarioGenerator.GenerateOne(8, 42).ToJsonString());
    }

    [Fact]
    public void The_generator_covers_every_policy_kind_and_principal_kind()
    {
        var scenarios = ScenarioGenerator.Generate(DifferentialTests.DefaultSeed, 2000);
        int boundaries = 0, sessions = 0, resource = 0, scps = 0, rcps = 0, crossAccount = 0, variables = 0, forAll = 0;
        foreach (var s in scenarios)
        {
            var text = s.ToJsonString();
            if (s["permissionsBoundary"] is not null) boundaries++;
            if (s["sessionPolicy"] is not null) sessions++;
            if (s["resourcePolicy"] is not null) resource++;
            if (s["serviceControlPolicies"] is JsonArray { Count: > 0 }) scps++;
            if (s["resourceControlPolicies"] is JsonArray { Count: > 0 }) rcps++;
            var request = (JsonObject)s["request"]!;
            if (DivergenceClassifier.ResourceAccount(request) != request["principal"]!.GetValue<string>().Split(':')[4]) crossAccount++;
            if (text.Contains("${aws:", StringComparison.Ordinal)) variables++;
            if (text.Contains("ForAllValues:", StringComparison.Ordinal)) forAll++;
        }
        foreach (var (name, n) in new[] { ("boundary", boundaries), ("session", sessions), ("resource", resource), ("scp", scps), ("rcp", rcps), ("cross", crossAccount), ("variables", variables), ("forall", forAll) })
            Assert.True(n >= 100, $"only {n} of 2000 scenarios with {name}");
    }
}
