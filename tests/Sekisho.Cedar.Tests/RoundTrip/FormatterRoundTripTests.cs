using Sekisho.Cedar.Formatting;
using Sekisho.Cedar.Syntax;
using Xunit.Abstractions;

namespace Sekisho.Cedar.Tests.RoundTrip;

/// <summary>Every corpus file survives text -> AST -> formatted text -> AST, and formatting is idempotent.</summary>
public sealed class FormatterRoundTripTests(ITestOutputHelper output)
{
    [Fact]
    public void TextToAstToTextToAstGivesAnEqualPolicySet()
    {
        var policies = 0;
        var failures = new List<string>();
        foreach (var (path, text) in CedarCorpusPolicies.All)
        {
            var parsed = Parser.ParsePolicies(text);
            var formatted = PolicyFormatter.Format(text);
            IReadOnlyList<Policy> again;
            try
            {
                again = Parser.ParsePolicies(formatted);
            }
            catch (CedarParseException e)
            {
                failures.Add($"{path}: the formatted text does not parse: {e.Message}\n{formatted}");
                continue;
            }
            if (again.Count != parsed.Count)
            {
                failures.Add($"{path}: {parsed.Count} policies became {again.Count}");
                continue;
            }
            for (var i = 0; i < parsed.Count; i++)
            {
                policies++;
                if (AstEquality.Difference(parsed[i], again[i]) is { } d && failures.Count < 10)
                    failures.Add($"{path} {parsed[i].Id}: {d}\n{formatted}");
            }
            var twice = PolicyFormatter.Format(formatted);
            if (twice != formatted && failures.Count < 10) failures.Add($"{path}: formatting is not idempotent\n{formatted}\n---\n{twice}");
        }
        output.WriteLine($"{CedarCorpusPolicies.All.Count} files, {policies} policies");
        Assert.True(CedarCorpusPolicies.All.Count >= 7831, $"only {CedarCorpusPolicies.All.Count} corpus files");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }
}
