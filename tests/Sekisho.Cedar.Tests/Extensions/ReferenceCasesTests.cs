using System.Text;
using System.Text.Json;
using Sekisho.Cedar.Extensions;
using Sekisho.TestSupport;

namespace Sekisho.Cedar.Tests.Extensions;

/// <summary>
/// Constructor arguments with the outcome cedar-wasm 4.12 gave for each: accepted (with the value the reference
/// confirmed equal) or refused (with the reference's exact message and help). extension-cases.jsonl holds every
/// literal argument of the official Cedar corpus plus hand-picked edge cases; mutation-cases.jsonl random
/// mutations of valid arguments. Regenerate with tools/cedar-extension-cases.
/// </summary>
public sealed class ReferenceCasesTests
{
    private sealed record Case(string Fn, string Input, bool Ok, string? Value, string? Message, string? Help);

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private static List<Case> LoadCases(string file)
    {
        var path = RepoPaths.InRepo("tests/Sekisho.Cedar.Tests/Extensions/ReferenceCases/" + file);
        var cases = new List<Case>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length > 0)
            {
                cases.Add(JsonSerializer.Deserialize<Case>(line, Json)!);
            }
        }

        return cases;
    }

    [Theory]
    [InlineData("extension-cases.jsonl", 1800)]
    [InlineData("mutation-cases.jsonl", 3500)]
    public void OurParsersAgreeWithTheReference(string file, int minimumCases)
    {
        var cases = LoadCases(file);
        Assert.True(cases.Count >= minimumCases, $"only {cases.Count} cases loaded");
        var failures = new StringBuilder();
        var perFunction = new Dictionary<string, (int Ok, int Error)>();
        foreach (var c in cases)
        {
            var (ok, value, error) = Run(c.Fn, c.Input);
            var counts = perFunction.GetValueOrDefault(c.Fn);
            perFunction[c.Fn] = c.Ok ? (counts.Ok + 1, counts.Error) : (counts.Ok, counts.Error + 1);
            if (ok != c.Ok)
            {
                failures.AppendLine($"{c.Fn}(\"{c.Input}\"): reference {(c.Ok ? "accepts" : "refuses: " + c.Message)}, we {(ok ? "accept" : "refuse: " + error)}");
            }
            else if (ok && value != c.Value)
            {
                failures.AppendLine($"{c.Fn}(\"{c.Input}\"): value {value}, reference {c.Value}");
            }
            else if (!ok && (error!.ToString() != c.Message || error.Help != c.Help))
            {
                failures.AppendLine($"{c.Fn}(\"{c.Input}\"): message `{error}` / help `{error.Help}`, reference `{c.Message}` / `{c.Help}`");
            }
        }

        Assert.True(failures.Length == 0, failures.ToString());

        // Each constructor has both accepted and refused cases, so neither path is vacuous.
        foreach (var fn in new[] { "ip", "decimal", "datetime", "duration" })
        {
            Assert.True(perFunction[fn].Ok > 20 && perFunction[fn].Error > 20, $"{fn}: {perFunction[fn]}");
        }
    }

    private static (bool Ok, string? Value, ExtensionError? Error) Run(string fn, string input)
    {
        switch (fn)
        {
            case "ip":
                return CedarIpAddr.TryParse(input, out var ip, out var ipError) ? (true, ip.ToString(), null) : (false, null, ipError);
            case "decimal":
                return CedarDecimal.TryParse(input, out var dec, out var decError) ? (true, dec.ToString(), null) : (false, null, decError);
            case "datetime":
                return CedarDatetime.TryParse(input, out var dt, out var dtError)
                    ? (true, dt.EpochMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), null)
                    : (false, null, dtError);
            case "duration":
                return CedarDuration.TryParse(input, out var du, out var duError)
                    ? (true, du.Milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), null)
                    : (false, null, duError);
            default:
                throw new InvalidOperationException($"unknown constructor {fn}");
        }
    }
}
