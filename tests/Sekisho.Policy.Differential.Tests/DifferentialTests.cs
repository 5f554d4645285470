using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Sekisho.Policy.Scenarios;
using Sekisho.TestSupport;
using Xunit.Abstractions;

namespace Sekisho.Policy.Differential.Tests;

/// <summary>
/// Generates scenarios with a fixed seed, decides them with <c>sekisho policy simulate</c> and with
/// @cloud-copilot/iam-simulate, and requires equal decisions apart from the documented divergence classes.
/// SEKISHO_DIFF_SCENARIOS (default 10000) and SEKISHO_DIFF_SEED change the run; figures go to the test output
/// and to TestResults/policy-differential/.
/// </summary>
public sealed class DifferentialTests(ITestOutputHelper output)
{
    public const int DefaultSeed = 20261121;
    public const int DefaultScenarios = 10_000;

    private static int FromEnvironment(string name, int fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text
            ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : fallback;

    private static async Task<(T Result, TimeSpan Time)> Timed<T>(Func<Task<T>> run)
    {
        var clock = Stopwatch.StartNew();
        var result = await run();
        return (result, clock.Elapsed);
    }

    [Fact]
    public async Task Sekisho_decides_as_iam_simulate_does_apart_from_documented_divergences()
    {
        await Engines.RequireReferenceAsync();
        var count = FromEnvironment("SEKISHO_DIFF_SCENARIOS", DefaultScenarios);
        var seed = FromEnvironment("SEKISHO_DIFF_SEED", DefaultSeed);
        var clock = Stopwatch.StartNew();

        var scenarios = ScenarioGenerator.Generate(seed, count);
        var directory = RepoPaths.InRepo(Path.Combine("TestResults", "policy-differential"));
        Directory.CreateDirectory(directory);
        var scenarioFile = Path.Combine(directory, "scenarios.json");
        await ScenarioFiles.WriteArrayAsync(scenarioFile, scenarios);

        var generated = clock.Elapsed;
        // Decisions only (explanations cost time and memory for 10,000 scenarios); the differing ones are run again
        // with their explanations below.
        var oursTask = Timed(() => Engines.RunSekishoAsync(scenarioFile, count, explain: false));
        var referenceTask = Timed(() => Engines.RunReferenceAsync(scenarios, directory));
        // Both run side by side; WhenAll lets a failing side finish the other before reporting.
        await Task.WhenAll(oursTask, referenceTask);
        var (ours, oursTime) = await oursTask;
        var (reference, referenceTime) = await referenceTask;

        var differing = new List<int>();
        for (var i = 0; i < count; i++)
            if (reference[i].Decision is { } d && d != ours[i].Decision) differing.Add(i);
        var explained = new Dictionary<int, SekishoResult>();
        var confirmed = new Dictionary<int, DivergenceClass>();
        if (differing.Count > 0)
        {
            var differingFile = Path.Combine(directory, "differing-scenarios.json");
            await ScenarioFiles.WriteArrayAsync(differingFile, differing.Select(i => scenarios[i]));
            var again = await Engines.RunSekishoAsync(differingFile, differing.Count, explain: true);
            for (var k = 0; k < differing.Count; k++) explained[differing[k]] = again[k];

            // A proposed divergence class counts only when its neutralised scenario leaves Sekisho's decision as it
            // was and brings the reference to it (see DivergenceClassifier).
            var candidates = new List<(int Index, DivergenceCandidate Candidate)>();
            foreach (var i in differing)
                if (DivergenceClassifier.Candidate(scenarios[i], ours[i].Decision, reference[i].Decision!) is { } c) candidates.Add((i, c));
            if (candidates.Count > 0)
            {
                var neutralFile = Path.Combine(directory, "neutralized-scenarios.json");
                var neutral = candidates.Select(c => c.Candidate.Neutralized).ToList();
                await ScenarioFiles.WriteArrayAsync(neutralFile, neutral);
                var oursNeutral = await Engines.RunSekishoAsync(neutralFile, neutral.Count, explain: false);
                var referenceNeutral = await Engines.RunReferenceAsync(neutral, directory);
                for (var k = 0; k < candidates.Count; k++)
                {
                    var i = candidates[k].Index;
                    if (oursNeutral[k].Decision == ours[i].Decision && referenceNeutral[k].Decision == ours[i].Decision)
                        confirmed[i] = candidates[k].Candidate.Class;
                }
            }
        }

        var report = new AgreementReport(seed);
        for (var i = 0; i < count; i++)
            report.Add(i, scenarios[i], explained.GetValueOrDefault(i) ?? ours[i], reference[i], confirmed.TryGetValue(i, out var c2) ? c2 : null);
        report.Elapsed = clock.Elapsed;

        var summary = report.Summary() + string.Create(CultureInfo.InvariantCulture,
            $"time: generating {generated.TotalSeconds:0.0} s, sekisho policy simulate {oursTime.TotalSeconds:0.0} s, iam-simulate {referenceTime.TotalSeconds:0.0} s (side by side)\n");
        output.WriteLine(summary);
        await File.WriteAllTextAsync(Path.Combine(directory, "agreement.txt"), summary);
        await File.WriteAllTextAsync(Path.Combine(directory, "differences.json"), report.Differences().ToJsonString());

        Assert.True(report.ReferenceErrors.Count == 0,
            "the generator made scenarios iam-simulate cannot take as given (fix the generator):\n" + string.Join('\n', report.ReferenceErrors.Take(10)));
        // The comparison only means something when every outcome is well represented.
        foreach (var decision in new[] { "Allowed", "ExplicitlyDenied", "ImplicitlyDenied" })
            Assert.True(report.ReferenceMix.GetValueOrDefault(decision) >= count / 8, $"too few {decision} scenarios: {summary}");
        Assert.True(report.Unexplained.Count == 0,
            $"{report.Unexplained.Count} differences outside the documented divergences (all in {directory}/differences.json):\n{summary}\n{report.UnexplainedDigest(5)}");
    }
}
