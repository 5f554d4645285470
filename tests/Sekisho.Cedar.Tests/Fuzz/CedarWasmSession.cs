using System.Diagnostics;
using System.Text.Json.Nodes;
using Sekisho.TestSupport;

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>
/// One long-lived Node process running <c>tools/reference/cedar-wasm-runner.mjs --jsonl</c>: a case goes in as
/// one line, its results come back as one line, so a whole fuzz run (shrinking included) costs one process.
/// </summary>
public sealed class CedarWasmSession : IDisposable
{
    private readonly Process process;

    private CedarWasmSession(Process process) => this.process = process;

    /// <summary>Why the reference cannot run here (no node, no node_modules), or null when it can.</summary>
    public static string? Unavailable()
    {
        var runner = RepoPaths.InRepo("tools/reference/cedar-wasm-runner.mjs");
        if (!File.Exists(runner)) return $"{runner} missing";
        var module = RepoPaths.InRepo("tools/reference/node_modules/@cedar-policy/cedar-wasm/package.json");
        if (!File.Exists(module)) return $"{module} missing: run npm ci in tools/reference";
        if (FindOnPath("node") is null) return "node is not on PATH";
        return null;
    }

    public static CedarWasmSession Start()
    {
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.InRepo("tools/reference"),
        };
        psi.ArgumentList.Add("cedar-wasm-runner.mjs");
        psi.ArgumentList.Add("--jsonl");
        var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start node");
        p.StandardInput.AutoFlush = true;
        return new CedarWasmSession(p);
    }

    /// <summary>Sends one runner operation (<c>{"op": ...}</c>) and returns its answer.</summary>
    public JsonObject Call(JsonObject operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        process.StandardInput.WriteLine(operation.ToJsonString());
        var line = process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"cedar-wasm runner exited (code {(process.HasExited ? process.ExitCode : -1)})");
        return JsonNode.Parse(line)!.AsObject();
    }

    /// <summary>The reference's outcome for every request of the case, in order.</summary>
    public IReadOnlyList<FuzzOutcome> Evaluate(FuzzCase c)
    {
        process.StandardInput.WriteLine(c.ToRunnerLine());
        var line = process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"cedar-wasm runner exited (code {(process.HasExited ? process.ExitCode : -1)})");
        var answer = JsonNode.Parse(line)!.AsObject();
        if (answer["failure"] is JsonArray caseFailure)
            throw new InvalidOperationException("cedar-wasm runner rejected the case: " + caseFailure.ToJsonString());
        var results = answer["results"]!.AsArray();
        var outcomes = new List<FuzzOutcome>(results.Count);
        foreach (var r in results) outcomes.Add(FuzzOutcome.FromRunner(r!.AsObject()));
        return outcomes;
    }

    public void Dispose()
    {
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(5000)) process.Kill(entireProcessTree: true);
        }
        finally
        {
            process.Dispose();
        }
    }

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        }
        return null;
    }
}
