using Sekisho.Cli.Commands;
using Xunit.Abstractions;

namespace Sekisho.Cedar.Tests;

/// <summary>
/// Every request of the official corpus: decision, reason set and error set must match the reference's.
/// </summary>
public sealed class CorpusTests(CorpusFixture corpus, ITestOutputHelper output) : IClassFixture<CorpusFixture>
{
    [Fact]
    public void EveryRequestMatchesTheReference()
    {
        Assert.True(corpus.TestFiles.Count >= 7831, $"expected the 7,831 corpus test files, found {corpus.TestFiles.Count}");
        var runner = new CedarTestRunner(corpus.Root);
        int passed = 0, failed = 0, validationMismatches = 0;
        var failures = new List<string>();
        var unexpected = new List<string>();
        foreach (var file in corpus.TestFiles)
        {
            var result = runner.Run(Path.Combine(corpus.Root, file));
            if (result.ValidationMatches == false)
            {
                validationMismatches++;
                unexpected.Add($"{file}: validation outcome differs from shouldValidate");
            }
            foreach (var r in result.Requests)
            {
                if (r.Passed)
                {
                    passed++;
                    continue;
                }
                failed++;
                var line = $"{file}: {r.Description}: {r.Failure}";
                if (failures.Count < 20) failures.Add(line);
                unexpected.Add(line);
            }
        }
        output.WriteLine($"corpus: {passed} passed, {failed} failed, {validationMismatches} validation mismatches");
        foreach (var f in failures) output.WriteLine("  " + f);
        Assert.True(passed >= 62_000, $"only {passed} requests ran and passed");
        Assert.True(unexpected.Count == 0, $"{unexpected.Count} failures, first: {string.Join("\n", unexpected.Take(20))}");
    }
}
