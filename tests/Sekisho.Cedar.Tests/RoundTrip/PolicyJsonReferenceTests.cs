using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sekisho.Cedar.Json;
using Sekisho.Cedar.Syntax;
using Sekisho.Cedar.Tests.Fuzz;
using Xunit.Abstractions;

namespace Sekisho.Cedar.Tests.RoundTrip;

/// <summary>Sekisho's JSON policy format must be the reference's, key for key, for every corpus policy.</summary>
public sealed partial class PolicyJsonReferenceTests(ITestOutputHelper output)
{
    private static readonly JsonSerializerOptions Canonical = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void EveryCorpusPolicyIsWrittenAsTheReferenceWritesIt()
    {
        if (!ReferenceGate.Available(output.WriteLine)) return;
        using var wasm = CedarWasmSession.Start();
        var compared = 0;
        var readBack = 0;
        var mismatches = new List<string>();
        // Many files per call to the runner: the reference's cost is per policy, the pipe's per call.
        var batch = new List<(string Path, Policy Policy)>();
        var texts = new JsonArray();
        void Flush()
        {
            if (batch.Count == 0) return;
            var answer = wasm.Call(new JsonObject { ["op"] = "toJson", ["policies"] = texts })["json"]!.AsArray();
            for (var i = 0; i < batch.Count; i++)
            {
                var (path, policy) = batch[i];
                var expected = Normalize(answer[i]!.ToJsonString());
                var actual = Normalize(AsJavaScriptOrders(JsonNode.Parse(PolicyJsonWriter.ToJson(policy))!).ToJsonString());
                compared++;
                if (expected != actual && mismatches.Count < 5)
                    mismatches.Add($"{path} {policy.Id}:\n  reference {expected}\n  sekisho   {actual}");
                // The reference's JSON must also read back as the policy the text gave (unless JavaScript rounded
                // one of its numbers).
                if (!expected.Contains("BIG", StringComparison.Ordinal))
                {
                    readBack++;
                    var fromReference = PolicyJsonReader.Parse(answer[i]!.ToJsonString(), policy.Id);
                    if (AstEquality.Difference(policy, fromReference) is { } d && mismatches.Count < 5)
                        mismatches.Add($"{path} {policy.Id}: the reference's JSON reads back differently: {d}");
                }
            }
            batch.Clear();
            texts = new JsonArray();
        }
        foreach (var (path, text) in CedarCorpusPolicies.All)
        {
            foreach (var p in Parser.ParsePolicies(text))
            {
                batch.Add((path, p));
                texts.Add(text[p.Span.Start..p.Span.End]);
            }
            if (batch.Count >= 200) Flush();
        }
        Flush();
        output.WriteLine($"{compared} policies compared, {readBack} read back from the reference's JSON");
        Assert.True(compared >= CedarCorpusPolicies.All.Count, $"only {compared} policies compared");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    // The reference's JSON went through JavaScript, whose objects list integer-like keys first, in numeric
    // order; Sekisho's JSON is reordered the same way before comparing (everything else keeps its order).
    private static JsonNode AsJavaScriptOrders(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                {
                    var entries = o.ToList();
                    o.Clear();
                    var integerKeys = entries.Where(e => IsArrayIndex(e.Key)).OrderBy(e => uint.Parse(e.Key, System.Globalization.CultureInfo.InvariantCulture));
                    foreach (var (k, v) in integerKeys.Concat(entries.Where(e => !IsArrayIndex(e.Key))))
                        o[k] = v is null ? null : AsJavaScriptOrders(v);
                    return o;
                }
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var item = a[i];
                    if (item is null) continue;
                    a[i] = null;
                    a[i] = AsJavaScriptOrders(item);
                }
                return a;
            default:
                return node;
        }
    }

    private static bool IsArrayIndex(string key) =>
        key.Length > 0 && (key == "0" || key[0] != '0') && key.All(char.IsAsciiDigit) &&
        uint.TryParse(key, System.Globalization.CultureInfo.InvariantCulture, out var n) && n != uint.MaxValue;

    // The reference's numbers pass through JavaScript doubles, so integers beyond 2^53 are compared by magnitude
    // class only; everything else (key order included) must be identical.
    private static string Normalize(string json) =>
        BigInteger().Replace(JsonNode.Parse(json)!.ToJsonString(Canonical), "BIG");

    [GeneratedRegex(@"-?\d{16,}")]
    private static partial Regex BigInteger();
}
