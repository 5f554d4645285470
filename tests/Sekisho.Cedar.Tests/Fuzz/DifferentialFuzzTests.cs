using System.Diagnostics;
using System.Globalization;
using Sekisho.Cedar.Tests.RoundTrip;
using Xunit.Abstractions;

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>
/// Differential fuzzing of Sekisho.Cedar against cedar-wasm 4.12: seeded cases (schemas, entity stores,
/// policy sets with templates and links, requests) go to both engines, and every request's decision, reason
/// set and error set must agree (a request either engine rejects must be rejected by both). A mismatch is
/// shrunk to a minimal reproduction and printed. Defaults: 10,000 requests, seed 20261121; set
/// SEKISHO_CEDAR_FUZZ_REQUESTS and SEKISHO_CEDAR_FUZZ_SEED for longer or other runs. Entity cycles and
/// duplicate entities are always generated (see FuzzGenerator).
/// </summary>
public sealed class DifferentialFuzzTests(ITestOutputHelper output)
{
    private const int DefaultRequests = 10_000;
    private const int DefaultSeed = 20261121;
    private const int RequestsPerCase = 10;
    private const int MaxReported = 3;

    [Fact]
    public void SekishoAgreesWithCedarWasm()
    {
        if (!ReferenceGate.Available(output.WriteLine)) return;
        var requests = EnvInt("SEKISHO_CEDAR_FUZZ_REQUESTS", DefaultRequests);
        var seed = EnvInt("SEKISHO_CEDAR_FUZZ_SEED", DefaultSeed);
        var clock = Stopwatch.StartNew();
        using var wasm = CedarWasmSession.Start();
        var generator = new FuzzGenerator(seed);
        var signatures = new Dictionary<string, int>(StringComparer.Ordinal);
        var stats = new Dictionary<string, int>(StringComparer.Ordinal);
        var reports = new List<string>();
        var mismatches = 0;
        var compared = 0;
        for (var caseIndex = 0; compared < requests; caseIndex++)
        {
            var c = generator.NextCase(withSchema: caseIndex % 3 == 2, Math.Min(RequestsPerCase, requests - compared));
            var expected = wasm.Evaluate(c);
            var actual = SekishoCedarEngine.Evaluate(c);
            for (var i = 0; i < c.Requests.Length; i++)
            {
                compared++;
                Count(stats, expected[i]);
                if (expected[i].SameAs(actual[i])) continue;
                mismatches++;
                // One shrunk reproduction per kind of disagreement.
                var signature = Signature(expected[i], actual[i]);
                signatures[signature] = signatures.GetValueOrDefault(signature) + 1;
                if (signatures[signature] > 1 || reports.Count >= MaxReported) continue;
                var small = FuzzShrinker.Shrink(c, i, candidate => !wasm.Evaluate(candidate)[0].SameAs(SekishoCedarEngine.Evaluate(candidate)[0]));
                reports.Add(Report(seed, caseIndex, small, wasm.Evaluate(small)[0], SekishoCedarEngine.Evaluate(small)[0]));
            }
        }
        output.WriteLine($"seed {seed}: {compared} requests compared in {clock.Elapsed.TotalSeconds:F1} s, {mismatches} mismatches");
        output.WriteLine("reference outcomes: " + string.Join(", ", stats.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}")));
        foreach (var (signature, n) in signatures) output.WriteLine($"{n} x {signature}");
        foreach (var r in reports) output.WriteLine(r);
        Assert.True(mismatches == 0, $"{mismatches} of {compared} requests differ from cedar-wasm (seed {seed}); minimal reproductions:\n" + string.Join("\n", reports));
        // A generator that stopped producing allows, errors or rejections would make this test meaningless.
        Assert.True(stats.GetValueOrDefault("allow") > compared / 50, "too few allows generated");
        Assert.True(stats.GetValueOrDefault("with-errors") > compared / 50, "too few evaluation errors generated");
    }

    private static string Signature(FuzzOutcome reference, FuzzOutcome sekisho)
    {
        static string Kind(FuzzOutcome o) => o.IsFailure ? "rejects" : o.Decision!;
        var parts = new List<string> { $"cedar-wasm {Kind(reference)}, sekisho {Kind(sekisho)}" };
        if (!reference.IsFailure && !sekisho.IsFailure)
        {
            if (!reference.Reason.SequenceEqual(sekisho.Reason)) parts.Add("reasons differ");
            if (!reference.Errors.SequenceEqual(sekisho.Errors)) parts.Add("errors differ");
        }
        return string.Join(", ", parts);
    }

    private static void Count(Dictionary<string, int> stats, FuzzOutcome o)
    {
        var key = o.IsFailure ? "rejected" : o.Decision!;
        stats[key] = stats.GetValueOrDefault(key) + 1;
        if (o.Errors.Length > 0) stats["with-errors"] = stats.GetValueOrDefault("with-errors") + 1;
    }

    private static string Report(int seed, int caseIndex, FuzzCase c, FuzzOutcome reference, FuzzOutcome sekisho) =>
        $"===== mismatch (seed {seed}, case {caseIndex}), shrunk =====\n" +
        $"cedar-wasm: {reference}\nsekisho:    {sekisho}\n" + c.ToReproduction();

    private static int EnvInt(string name, int fallback)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(text)) return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new InvalidOperationException($"{name} must be a positive whole number, found '{text}'");
    }
}
