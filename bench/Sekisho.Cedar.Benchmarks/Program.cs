using BenchmarkDotNet.Running;
using Sekisho.Cedar.Benchmarks;

// latency (default): single-request percentiles, allocation and the cedar-wasm ratio, in one run.
// bdn [BenchmarkDotNet args]: the in-process BenchmarkDotNet benchmark.
if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(AuthorizeBenchmarks).Assembly).Run(args[1..]);
    return 0;
}
var root = args.Length > 1 ? args[1] : Directory.GetCurrentDirectory();
var requests = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
return LatencyRun.Run(root, requests);
