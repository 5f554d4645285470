using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Sekisho.Policy;
using Sekisho.Policy.Scenarios;

namespace Sekisho.Policy.Benchmarks;

/// <summary>
/// Where a decision's time goes: each statement of the workload evaluated alone (as a one-statement identity policy)
/// against every request, in CPU nanoseconds and bytes allocated per evaluation, plus the bare cost of an empty set.
/// </summary>
public static class StatementCostBreakdown
{
    public static void Print(TextWriter output)
    {
        var scenarios = RealisticScenarios.Create();
        var requests = scenarios.Select(s => CompiledScenario.From(s).Request).ToArray();
        var first = scenarios[0];
        var statements = new List<(string Where, JsonObject Statement)>();
        void Collect(string where, JsonNode? entry)
        {
            var document = entry is JsonObject o && o.ContainsKey("document") ? o["document"] : entry;
            var list = document?["Statement"] switch { JsonArray a => a.ToList(), JsonObject one => [one], _ => [] };
            for (var i = 0; i < list.Count; i++)
                statements.Add(($"{where} #{i} {list[i]!["Sid"]?.GetValue<string>()}", (JsonObject)list[i]!));
        }
        foreach (var p in (JsonArray)first["identityPolicies"]!) Collect($"identity {p!["name"]}", p);
        Collect("boundary", first["permissionsBoundary"]);
        var levels = (JsonArray)first["serviceControlPolicies"]!;
        for (var l = 0; l < levels.Count; l++)
            foreach (var p in (JsonArray)levels[l]!) Collect($"scp level {l}", p);

        // Warm the whole evaluator first (tiered compilation), or the first statements measured carry its cost.
        var whole = scenarios.Select(CompiledScenario.From).ToArray();
        var warm = Stopwatch.StartNew();
        while (warm.ElapsedMilliseconds < 1500)
            foreach (var c in whole) PolicyEvaluator.Decide(c.Policies, c.Request);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"empty policy set: {Measure(new PolicySet(), requests).Ns:0} ns"));
        var rows = new List<(string Where, double Ns, double Bytes)>();
        foreach (var (where, statement) in statements)
        {
            var (ns, bytes) = Measure(statement, requests, where);
            rows.Add((where, ns, bytes));
            if (statement["Condition"] is not JsonObject condition) continue;
            // The same statement without its conditions, and with each operator alone: what each condition costs.
            var bare = (JsonObject)statement.DeepClone();
            bare.Remove("Condition");
            var (bareNs, bareBytes) = Measure(bare, requests, where);
            rows.Add(($"{where} [no Condition]", bareNs, bareBytes));
            if (condition.Count < 2) continue;
            foreach (var (op, keys) in condition)
            {
                var one = (JsonObject)statement.DeepClone();
                one["Condition"] = new JsonObject { [op] = keys!.DeepClone() };
                var (oneNs, oneBytes) = Measure(one, requests, where);
                rows.Add(($"{where} [only {op}]", oneNs, oneBytes));
            }
        }
        foreach (var (where, ns, bytes) in rows.OrderByDescending(r => r.Ns))
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ns,7:0} ns {bytes,5:0.#} B  {where}"));
    }

    private static (double Ns, double Bytes) Measure(JsonObject statement, RequestContext[] requests, string name)
    {
        var document = new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = new JsonArray(statement.DeepClone()) };
        return Measure(new PolicySet([CompiledPolicy.Parse(document.ToJsonString(), name)]), requests);
    }

    private static (double Ns, double Bytes) Measure(PolicySet set, RequestContext[] requests)
    {
        // Long enough for tiered compilation to finish and for the CPU-time clock's granularity not to matter.
        var warm = Stopwatch.StartNew();
        while (warm.ElapsedMilliseconds < 300)
            foreach (var r in requests) PolicyEvaluator.Decide(set, r);
        var b0 = GC.GetAllocatedBytesForCurrentThread();
        var c0 = Process.GetCurrentProcess().TotalProcessorTime;
        long n = 0;
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 400)
        {
            for (var k = 0; k < 200; k++)
                foreach (var r in requests) PolicyEvaluator.Decide(set, r);
            n += 200L * requests.Length;
        }
        return ((Process.GetCurrentProcess().TotalProcessorTime - c0).TotalNanoseconds / n, (GC.GetAllocatedBytesForCurrentThread() - b0) / (double)n);
    }
}
