using System.Text.Json;
using Sekisho.TestSupport;

namespace Sekisho.Policy.Tests;

/// <summary>`sekisho policy simulate` run as a process, as the differential test and other tools call it.</summary>
public class SimulateCliTests
{
    private const string Scenario = """
        {"request": {"principal": "arn:aws:sts::111122223333:assumed-role/Ops/alice",
                     "action": "ssm:StartSession",
                     "resource": "arn:aws:ssm:us-east-1:111122223333:managed-instance/mi-0123456789abcdef0",
                     "context": {"aws:PrincipalTag/Project": "Blue", "aws:MultiFactorAuthPresent": "true",
                                 "aws:TagKeys": ["a", "b"], "aws:ResourceTag/Project": "Blue", "ssm:n": 3}},
         "identityPolicies": [{"name": "ops", "document": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "ssm:StartSession", "Resource": "*",
             "Condition": {"StringEquals": {"aws:ResourceTag/Project": "${aws:PrincipalTag/Project}"}}}]}}],
         "resourcePolicy": null, "permissionsBoundary": null, "sessionPolicy": null,
         "serviceControlPolicies": [[{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}]],
         "resourceControlPolicies": []}
        """;

    private const string Denied = """
        {"request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"},
         "identityPolicies": [{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}}]}
        """;

    [Fact]
    public async Task SingleScenarioFromStdin()
    {
        var r = await CliRunner.RunSekishoAsync(["policy", "simulate", "-"], Scenario);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal("Allowed", doc.RootElement.GetProperty("decision").GetString());
        Assert.Equal("", doc.RootElement.GetProperty("message").GetString());
        var explanation = doc.RootElement.GetProperty("explanation");
        Assert.Equal("ops", explanation.GetProperty("decidedBy").GetProperty("policy").GetString());
        Assert.Equal(2, explanation.GetProperty("policies").GetArrayLength());
        Assert.Equal("3", explanation.GetProperty("context").GetProperty("ssm:n")[0].GetString());
    }

    [Fact]
    public async Task ArrayFromFileKeepsOrder()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sekisho-sim-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, $"[{Scenario},{Denied}]");
        try
        {
            var r = await CliRunner.RunSekishoAsync(["policy", "simulate", path]);
            Assert.True(r.ExitCode == 0, r.Stderr);
            using var doc = JsonDocument.Parse(r.Stdout);
            Assert.Equal(2, doc.RootElement.GetArrayLength());
            Assert.Equal("Allowed", doc.RootElement[0].GetProperty("decision").GetString());
            Assert.Equal("ExplicitlyDenied", doc.RootElement[1].GetProperty("decision").GetString());
            Assert.Equal("User: arn:aws:iam::111122223333:user/alice is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k "
                + "with an explicit deny in an identity-based policy", doc.RootElement[1].GetProperty("message").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("{\"request\": ", "malformed JSON at line 1")]
    [InlineData("[{\"identityPolicies\": []}]", "scenario [0]: missing \"request\"")]
    [InlineData("[{\"request\":{\"principal\":\"arn:aws:iam::1:user/a\",\"action\":\"s3:GetObject\"}}, {\"request\":{\"principal\":\"arn:aws:iam::1:user/a\",\"action\":\"s3:GetObject\"},\"identityPolicies\":[{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Permit\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}]}]",
        "scenario [1].identityPolicies[0]")]
    public async Task BadInputExitsTwoWithOneLine(string input, string expected)
    {
        var r = await CliRunner.RunSekishoAsync(["policy", "simulate"], input);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        var lines = r.Stderr.TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public async Task MissingFileExitsTwo()
    {
        var r = await CliRunner.RunSekishoAsync(["policy", "simulate", "/nonexistent/scenarios.json"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("/nonexistent/scenarios.json", r.Stderr);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
    }
}
