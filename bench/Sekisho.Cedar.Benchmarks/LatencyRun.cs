using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sekisho.Cedar.Authorization;

namespace Sekisho.Cedar.Benchmarks;

/// <summary>
/// Times every request on its own (p50 and p99 need single-request latencies, which BenchmarkDotNet does not
/// report), measures allocation per request, then runs cedar-wasm on the same workload in the same run and
/// prints the throughput ratio. Both engines' decisions are hashed: a difference fails the run.
/// </summary>
public static class LatencyRun
{
    /// <summary>How many of each app's requests cedar-wasm decides (it costs milliseconds per call).</summary>
    private const int WasmSample = 3000;

    public static int Run(string repoRoot, int requests)
    {
        var workload = new JsonArray();
        var ours = new List<(string Name, int PerType, double P50, double P99, double PerSecond, double BytesPerRequest, string Digest)>();
        foreach (var perType in new[] { 5, 50 })
        {
            foreach (var app in PreparedApp.Build(perType, requests))
            {
                var json = app.ToJson();
                json["perType"] = perType;
                workload.Add(json);
                var prepared = PreparedApp.Prepare(app, perType);
                ours.Add(Measure(prepared));
            }
        }
        var workloadPath = Path.Combine(Path.GetTempPath(), $"sekisho-cedar-bench-{Environment.ProcessId}.json");
        File.WriteAllText(workloadPath, new JsonObject { ["apps"] = workload }.ToJsonString());
        var wasm = RunNode(repoRoot, workloadPath);
        File.Delete(workloadPath);

        Console.WriteLine();
        Console.WriteLine($"{requests:N0} requests per app for Sekisho, the first {WasmSample:N0} for cedar-wasm (statefulIsAuthorized, policies pre-parsed); decisions compared on those.");
        Console.WriteLine("app        entities/type  Sekisho p50   p99      req/s       alloc/req | cedar-wasm p50   p99      req/s     | throughput x");
        var failed = false;
        foreach (var o in ours)
        {
            var w = wasm.Single(x => x["name"]!.GetValue<string>() == o.Name && x["perType"]!.GetValue<int>() == o.PerType);
            var wasmPerSecond = w["per_second"]!.GetValue<double>();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{o.Name,-10} {o.PerType,13}  {o.P50,8:F2}us {o.P99,7:F2}us {o.PerSecond,11:N0} {o.BytesPerRequest,8:F0} B  | {w["p50_us"]!.GetValue<double>(),8:F2}us {w["p99_us"]!.GetValue<double>(),7:F2}us {wasmPerSecond,9:N0} | {o.PerSecond / wasmPerSecond,8:F0}"));
            if (w["decisions_sha256"]!.GetValue<string>() != o.Digest)
            {
                Console.WriteLine($"  !! {o.Name}/{o.PerType}: the two engines' decisions differ on this workload");
                failed = true;
            }
        }
        return failed ? 1 : 0;
    }

    private static (string, int, double, double, double, double, string) Measure(PreparedApp app)
    {
        var requests = app.Requests;
        for (var i = 0; i < 20_000; i++) Authorizer.IsAuthorized(requests[i % requests.Length], app.Policies, app.Entities);

        var ticks = new long[requests.Length];
        var decisions = new StringBuilder(requests.Length);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < requests.Length; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var response = Authorizer.IsAuthorized(requests[i], app.Policies, app.Entities);
            ticks[i] = Stopwatch.GetTimestamp() - t0;
            decisions.Append(response.IsAllowed ? '1' : '0');
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore - decisions.Capacity * 2L;
        Array.Sort(ticks);
        double Us(long t) => t * 1_000_000.0 / Stopwatch.Frequency;
        var sampled = decisions.ToString(0, Math.Min(WasmSample, decisions.Length));
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(sampled)));
        return (app.App.Name, app.PerType, Us(ticks[ticks.Length / 2]), Us(ticks[(int)(ticks.Length * 0.99)]),
            requests.Length / elapsed.TotalSeconds, Math.Max(0, allocated) / (double)requests.Length, digest);
    }

    private static List<JsonNode> RunNode(string repoRoot, string workloadPath)
    {
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(repoRoot, "bench", "cedar", "cedar-wasm-bench.mjs"));
        psi.ArgumentList.Add(workloadPath);
        psi.ArgumentList.Add("2000");
        psi.ArgumentList.Add(WasmSample.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"cedar-wasm benchmark failed: {stderr}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
    }
}
