using System.ComponentModel;
using System.Text.Json.Nodes;
using Sekisho.TestSupport;

namespace Sekisho.Policy.Differential.Tests;

/// <summary>
/// Runs both engines as processes on the same scenario file: <c>sekisho policy simulate</c> once on the whole
/// array, and the iam-simulate runner split over a few Node processes (it is the slow side).
/// </summary>
public static class Engines
{
    public static string ReferenceRunner => RepoPaths.InRepo(Path.Combine("tools", "reference", "iam-simulate-runner.mjs"));

    /// <summary>Fails (never skips) when Node or the npm reference packages are missing: a missing reference is a broken setup.</summary>
    public static async Task RequireReferenceAsync()
    {
        var package = RepoPaths.InRepo(Path.Combine("tools", "reference", "node_modules", "@cloud-copilot", "iam-simulate", "package.json"));
        if (!File.Exists(package))
            throw new InvalidOperationException($"{package} is missing: run `npm ci` in tools/reference (./test.sh does)");
        CliRunner.Result version;
        try
        {
            version = await CliRunner.RunAsync("node", ["--version"], timeout: TimeSpan.FromSeconds(30));
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"node is not installed or not on PATH (Debian: apt-get install nodejs): {e.Message}", e);
        }
        if (version.ExitCode != 0) throw new InvalidOperationException($"node --version failed: {version.Stderr}");
    }

    public static async Task<IReadOnlyList<SekishoResult>> RunSekishoAsync(string scenarioFile, int count, bool explain)
    {
        string[] args = explain ? ["policy", "simulate", scenarioFile] : ["policy", "simulate", scenarioFile, "--no-explanation"];
        var run = await CliRunner.RunSekishoAsync(args, timeout: TimeSpan.FromMinutes(3));
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"sekisho policy simulate exited {run.ExitCode}: {FirstLines(run.Stderr)}");
        var array = JsonNode.Parse(run.Stdout) as JsonArray
            ?? throw new InvalidOperationException($"sekisho policy simulate did not print an array: {FirstLines(run.Stdout)}");
        if (array.Count != count) throw new InvalidOperationException($"sekisho policy simulate printed {array.Count} results for {count} scenarios");
        var results = new List<SekishoResult>(count);
        foreach (var item in array)
        {
            var o = item as JsonObject ?? throw new InvalidOperationException($"not a result object: {item?.ToJsonString()}");
            results.Add(new SekishoResult(
                o["decision"]?.GetValue<string>() ?? throw new InvalidOperationException($"result without a decision: {o.ToJsonString()}"),
                o["message"]?.GetValue<string>(),
                o["explanation"]?.DeepClone()));
        }
        return results;
    }

    public static async Task<IReadOnlyList<ReferenceResult>> RunReferenceAsync(IReadOnlyList<JsonObject> scenarios, string workDirectory)
    {
        var parts = Math.Clamp(Environment.ProcessorCount, 1, 4);
        var size = (scenarios.Count + parts - 1) / parts;
        var tasks = new List<Task<IReadOnlyList<ReferenceResult>>>();
        for (var p = 0; p * size < scenarios.Count; p++)
        {
            var from = p * size;
            var to = Math.Min(scenarios.Count, (p + 1) * size);
            var file = Path.Combine(workDirectory, $"reference-input-{p}.json");
            await ScenarioFiles.WriteArrayAsync(file, Enumerable.Range(from, to - from).Select(i => scenarios[i]));
            tasks.Add(RunReferenceFileAsync(file, to - from));
        }
        var all = new List<ReferenceResult>(scenarios.Count);
        foreach (var part in await Task.WhenAll(tasks)) all.AddRange(part);
        return all;
    }

    private static async Task<IReadOnlyList<ReferenceResult>> RunReferenceFileAsync(string file, int count)
    {
        var run = await CliRunner.RunAsync("node", [ReferenceRunner, file], timeout: TimeSpan.FromMinutes(5));
        if (run.ExitCode != 0) throw new InvalidOperationException($"iam-simulate runner exited {run.ExitCode}: {FirstLines(run.Stderr)}");
        var array = JsonNode.Parse(run.Stdout) as JsonArray
            ?? throw new InvalidOperationException($"iam-simulate runner did not print an array: {FirstLines(run.Stdout)}");
        if (array.Count != count) throw new InvalidOperationException($"iam-simulate runner printed {array.Count} results for {count} scenarios");
        var results = new List<ReferenceResult>(count);
        foreach (var item in array)
        {
            var o = (JsonObject)item!;
            results.Add(new ReferenceResult(
                o["decision"]?.GetValue<string>(),
                o["error"]?.GetValue<string>(),
                Strings(o["ignoredContextKeys"]),
                Strings(o["derivedContextKeys"])));
        }
        return results;
    }

    private static List<string> Strings(JsonNode? node)
    {
        var list = new List<string>();
        if (node is JsonArray a)
            foreach (var x in a) list.Add(x!.GetValue<string>());
        return list;
    }

    private static string FirstLines(string text) => text.Length <= 2000 ? text : text[..2000] + " ...";
}
