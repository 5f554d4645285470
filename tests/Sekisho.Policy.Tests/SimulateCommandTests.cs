using System.Text.Json;
using Sekisho.Cli;

namespace Sekisho.Policy.Tests;

/// <summary>The simulate command in-process: optional fields and flags of the contract.</summary>
public class SimulateCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Simulate(string stdin, params string[] extra)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandLine.RunAsync(["policy", "simulate", .. extra], new CliConsole(new StringReader(stdin), stdout, stderr));
        return (code, stdout.ToString(), stderr.ToString());
    }

    private const string AssumeRole = """
        {"request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "sts:AssumeRole",
                     "resource": "arn:aws:iam::111122223333:role/Project1", "context": {"aws:MultiFactorAuthPresent": true}},
         "trustPolicy": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sts:AssumeRole",
                         "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
                         "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}}}
        """;

    [Fact]
    public async Task TrustPolicyFieldIsTheResourcePolicyForAssumeRole()
    {
        var (code, output, err) = await Simulate(AssumeRole);
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("Allowed", doc.RootElement.GetProperty("decision").GetString());
        Assert.True(doc.RootElement.GetProperty("explanation").GetProperty("trustPolicyEvaluation").GetBoolean());
        Assert.Equal("RoleTrustPolicy", doc.RootElement.GetProperty("explanation").GetProperty("decidedBy").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task NoExplanationFlagLeavesOnlyDecisionAndMessage()
    {
        var (code, output, _) = await Simulate(AssumeRole.Replace("\"aws:MultiFactorAuthPresent\": true", "\"aws:MultiFactorAuthPresent\": false"), "--no-explanation");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("ImplicitlyDenied", doc.RootElement.GetProperty("decision").GetString());
        Assert.EndsWith("because no role trust policy allows the sts:AssumeRole action", doc.RootElement.GetProperty("message").GetString());
        Assert.False(doc.RootElement.TryGetProperty("explanation", out _));
    }

    [Theory]
    [InlineData("""{"request": {"principal": "p", "action": "s3:GetObject"}, "identityPolicy": []}""", "unknown field 'identityPolicy'")]
    [InlineData("""{"request": {"action": "s3:GetObject"}}""", "scenario.request: missing \"principal\"")]
    [InlineData("""{"request": {"principal": "p", "action": "s3:GetObject", "context": {"k": {"a": 1}}}}""", "scenario.request.context.k")]
    [InlineData("""{"request": {"principal": "p", "action": "s3:GetObject"}, "serviceControlPolicies": [{"Statement": []}]}""", "serviceControlPolicies[0]: each organization level must be an array")]
    [InlineData("""{"request": {"principal": "p", "action": "s3:GetObject"}, "sessionPolicy": {"name": "s", "document": "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\"}}"}}""", "scenario.sessionPolicy ('s'): policy error at line 1")]
    [InlineData("""[1]""", "scenario [0]: must be a JSON object")]
    public async Task BadScenariosNameWhatAndWhere(string input, string expected)
    {
        var (code, output, err) = await Simulate(input);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(expected, err);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task ScenarioFieldsStartingWithUnderscoreAreIgnored()
    {
        var (code, output, err) = await Simulate("""{"_id": 7, "request": {"principal": "arn:aws:iam::111122223333:user/a", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}}""");
        Assert.True(code == 0, err);
        Assert.Contains("\"decision\":\"ImplicitlyDenied\"", output);
    }
}
