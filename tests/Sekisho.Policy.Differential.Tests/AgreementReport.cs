using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Sekisho.Policy.Differential.Tests;

/// <summary>Tallies one differential run and renders the agreement figures and the differences.</summary>
public sealed class AgreementReport(int seed)
{
    private readonly SortedDictionary<string, int> _ours = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _reference = new(StringComparer.Ordinal);
    private readonly SortedDictionary<DivergenceClass, int> _classified = new();
    private readonly List<JsonObject> _unexplained = [];
    private readonly List<JsonObject> _classifiedCases = [];
    private readonly List<string> _referenceErrors = [];

    public int Scenarios { get; private set; }
    public int Equal { get; private set; }
    public IReadOnlyList<JsonObject> Unexplained => _unexplained;
    public IReadOnlyList<string> ReferenceErrors => _referenceErrors;
    public IReadOnlyDictionary<string, int> ReferenceMix => _reference;
    public IReadOnlyDictionary<DivergenceClass, int> Classified => _classified;
    public TimeSpan Elapsed { get; set; }

    public void Add(int index, JsonObject scenario, SekishoResult ours, ReferenceResult reference, DivergenceClass? confirmed)
    {
        Scenarios++;
        Bump(_ours, ours.Decision);
        if (reference.Error is not null || reference.Decision is null)
        {
            _referenceErrors.Add($"scenario {index}: iam-simulate refused it: {reference.Error}");
            return;
        }
        if (reference.IgnoredContextKeys.Count > 0)
            _referenceErrors.Add($"scenario {index}: iam-simulate dropped context keys {string.Join(", ", reference.IgnoredContextKeys)} (not listed for {scenario["request"]?["action"]})");
        Bump(_reference, reference.Decision);
        if (ours.Decision == reference.Decision)
        {
            Equal++;
            return;
        }
        var entry = new JsonObject
        {
            ["index"] = index,
            ["sekisho"] = ours.Decision,
            ["iamSimulate"] = reference.Decision,
            ["message"] = ours.Message,
            ["scenario"] = scenario.DeepClone(),
            ["explanation"] = ours.Explanation?.DeepClone(),
        };
        if (confirmed is { } divergence)
        {
            _classified[divergence] = _classified.GetValueOrDefault(divergence) + 1;
            entry["class"] = divergence.ToString();
            _classifiedCases.Add(entry);
        }
        else
        {
            _unexplained.Add(entry);
        }
    }

    private static void Bump(SortedDictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static string Percent(int part, int whole) =>
        whole == 0 ? "-" : (100.0 * part / whole).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string Mix(SortedDictionary<string, int> counts, int whole)
    {
        var parts = new List<string>();
        foreach (var (k, v) in counts) parts.Add($"{k} {v} ({Percent(v, whole)})");
        return string.Join(", ", parts);
    }

    public string Summary()
    {
        var b = new StringBuilder();
        b.AppendLine(CultureInfo.InvariantCulture, $"Sekisho IAM engine vs @cloud-copilot/iam-simulate: seed {seed}, {Scenarios} scenarios, {Elapsed.TotalSeconds:0.0} s");
        b.AppendLine(CultureInfo.InvariantCulture, $"equal decisions: {Equal} ({Percent(Equal, Scenarios)})");
        foreach (var c in Enum.GetValues<DivergenceClass>())
            b.AppendLine(CultureInfo.InvariantCulture, $"documented divergence {c}: {_classified.GetValueOrDefault(c)}");
        b.AppendLine(CultureInfo.InvariantCulture, $"unexplained differences: {_unexplained.Count}");
        b.AppendLine(CultureInfo.InvariantCulture, $"scenarios iam-simulate refused or truncated: {_referenceErrors.Count}");
        b.AppendLine(CultureInfo.InvariantCulture, $"decision mix, Sekisho: {Mix(_ours, Scenarios)}");
        b.AppendLine(CultureInfo.InvariantCulture, $"decision mix, iam-simulate: {Mix(_reference, Scenarios)}");
        return b.ToString();
    }

    /// <summary>The first few unexplained differences, compact, for the failure message.</summary>
    public string UnexplainedDigest(int max)
    {
        var b = new StringBuilder();
        for (var i = 0; i < Math.Min(max, _unexplained.Count); i++)
        {
            var e = _unexplained[i];
            b.AppendLine(CultureInfo.InvariantCulture, $"--- scenario {e["index"]}: Sekisho {e["sekisho"]}, iam-simulate {e["iamSimulate"]}");
            b.AppendLine(e["scenario"]!.ToJsonString());
            b.AppendLine(CultureInfo.InvariantCulture, $"Sekisho message: {e["message"]}");
            var explanation = e["explanation"]?.ToJsonString() ?? "(none)";
            b.AppendLine("Sekisho explanation: " + (explanation.Length > 3000 ? explanation[..3000] + " ..." : explanation));
        }
        return b.ToString();
    }

    public JsonObject Differences() => new()
    {
        ["unexplained"] = new JsonArray([.. _unexplained.Select(e => (JsonNode)e.DeepClone())]),
        ["classified"] = new JsonArray([.. _classifiedCases.Select(e => (JsonNode)e.DeepClone())]),
        ["referenceErrors"] = new JsonArray([.. _referenceErrors.Select(e => (JsonNode)JsonValue.Create(e))]),
    };
}
