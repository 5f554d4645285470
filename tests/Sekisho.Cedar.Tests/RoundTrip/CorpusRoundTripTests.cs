using Sekisho.Cedar.Json;
using Sekisho.Cedar.Syntax;
using Xunit.Abstractions;

namespace Sekisho.Cedar.Tests.RoundTrip;

/// <summary>Every policy of the corpus survives text -> AST -> JSON -> AST unchanged.</summary>
public sealed class CorpusRoundTripTests(ITestOutputHelper output)
{
    [Fact]
    public void TextToJsonToAstGivesAnEqualPolicySet()
    {
        var policies = 0;
        var failures = new List<string>();
        foreach (var (path, text) in CedarCorpusPolicies.All)
        {
            var parsed = Parser.ParsePolicies(text);
            var set = new PolicySet(parsed);
            var again = new PolicySet();
            foreach (var p in parsed)
            {
                policies++;
                var json = PolicyJsonWriter.ToJson(p);
                var read = PolicyJsonReader.Parse(json, p.Id);
                again.Add(read);
                if (AstEquality.Difference(p, read) is { } d && failures.Count < 10) failures.Add($"{path} {p.Id}: {d}\n  {json}");
            }
            Assert.Equal(set.Policies.Count, again.Policies.Count);
            Assert.Equal(set.Templates.Count, again.Templates.Count);
        }
        output.WriteLine($"{CedarCorpusPolicies.All.Count} files, {policies} policies");
        Assert.True(CedarCorpusPolicies.All.Count >= 7831, $"only {CedarCorpusPolicies.All.Count} corpus files");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
