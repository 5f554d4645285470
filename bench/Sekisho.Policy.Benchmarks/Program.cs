using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using Sekisho.Policy;
using Sekisho.Policy.Benchmarks;
using Sekisho.Policy.Scenarios;

// Commands (see README.md):
//   export FILE            the benchmark's scenarios as a simulate array (for bench/policy/iam-simulate-bench.mjs)
//   export-random FILE [N] the differential test's generated scenarios (seed 20261121)
//   quick [SECONDS]        a plain Stopwatch loop over the workload: decisions/s and allocated bytes/decision
//   context [SECONDS]      building the workload's request contexts (per-request cost outside Decide): CPU ns and bytes
//   cold [SECONDS]         each decision on a context nobody decided before (its lookup and parse caches empty)
//   breakdown              each statement of the workload alone: CPU ns and bytes per evaluation (where time goes)
//   run [--long]           BenchmarkDotNet (short in-process job unless --long), then one JSON line of figures
switch (args.Length > 0 ? args[0] : "run")
{
    case "export" when args.Length >= 2:
        {
            var array = new JsonArray();
            foreach (var s in RealisticScenarios.Create()) array.Add(s);
            File.WriteAllText(args[1], array.ToJsonString());
            return 0;
        }
    case "export-random" when args.Length >= 2:
        {
            var count = args.Length >= 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000;
            var array = new JsonArray();
            foreach (var s in ScenarioGenerator.Generate(20261121, count)) array.Add(s);
            File.WriteAllText(args[1], array.ToJsonString());
            return 0;
        }
    case "quick":
        {
            var seconds = args.Length >= 2 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
            var bench = new PolicyDecisionBenchmarks();
            bench.Setup();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < Math.Min(2, seconds / 2)) bench.Decide();
            var before = GC.GetAllocatedBytesForCurrentThread();
            long decisions = 0;
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                for (var i = 0; i < 1000; i++) bench.Decide();
                decisions += 1000L * PolicyDecisionBenchmarks.Cases;
            }
            var elapsed = clock.Elapsed.TotalSeconds;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            // CPU time as well as wall time: on a shared machine the wall clock also counts other processes' turns.
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"engine\":\"sekisho\",\"method\":\"stopwatch\",\"decisionsPerSecond\":{decisions / elapsed:0},\"decisionsPerCpuSecond\":{decisions / cpu:0},\"allocatedBytesPerDecision\":{(double)allocated / decisions:0.###},\"decisions\":{decisions},\"seconds\":{elapsed:0.###},\"cpuSeconds\":{cpu:0.###}}}"));
            // Per request: where the time and the allocations go (CPU time of this process, so other load does not count).
            for (var i = 0; i < PolicyDecisionBenchmarks.Cases; i++)
            {
                var b0 = GC.GetAllocatedBytesForCurrentThread();
                var c0 = Process.GetCurrentProcess().TotalProcessorTime;
                for (var k = 0; k < 20_000; k++) bench.DecideOne(i);
                var ns = (Process.GetCurrentProcess().TotalProcessorTime - c0).TotalNanoseconds / 20_000;
                var perCase = (GC.GetAllocatedBytesForCurrentThread() - b0) / 20_000.0;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"case {i,2} {bench.Describe(i)}: {ns:0} ns CPU, {perCase:0.#} bytes per decision"));
            }
            return 0;
        }
    case "context":
        {
            // Policies compiled first (they name the keys a context indexes), then contexts built in a loop.
            var seconds = args.Length >= 2 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 3;
            var scenarios = RealisticScenarios.Create();
            foreach (var s in scenarios) CompiledScenario.From(s);
            var inputs = scenarios.Select(CompiledScenario.RequestInputs).ToArray();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < Math.Min(1, seconds / 2))
                foreach (var (p, a, r, k) in inputs) GC.KeepAlive(new RequestContext(p, a, r, k));
            long built = 0;
            var b0 = GC.GetAllocatedBytesForCurrentThread();
            var c0 = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                for (var i = 0; i < 100; i++)
                    foreach (var (p, a, r, k) in inputs) GC.KeepAlive(new RequestContext(p, a, r, k));
                built += 100L * inputs.Length;
            }
            var ns = (Process.GetCurrentProcess().TotalProcessorTime - c0).TotalNanoseconds / built;
            var bytes = (GC.GetAllocatedBytesForCurrentThread() - b0) / (double)built;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"engine\":\"sekisho\",\"method\":\"context\",\"cpuNanosecondsPerContext\":{ns:0.#},\"allocatedBytesPerContext\":{bytes:0.#},\"contexts\":{built}}}"));
            return 0;
        }
    case "cold":
        {
            // The benchmark decides each request context many times, so from the second round its caches (key slots,
            // parsed values) are warm. The server decides a context once: this times exactly that, the contexts built
            // in batches outside the timed part, every one decided once.
            var seconds = args.Length >= 2 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
            var scenarios = RealisticScenarios.Create();
            var compiled = scenarios.Select(CompiledScenario.From).ToArray();
            var inputs = scenarios.Select(CompiledScenario.RequestInputs).ToArray();
            // 64 contexts a batch (about 170 KB): they stay in the core's cache, as a context the server has just built.
            var rounds = args.Length >= 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4;
            var batch = new RequestContext[rounds * inputs.Length];
            void Build()
            {
                for (var r = 0; r < rounds; r++)
                    for (var i = 0; i < inputs.Length; i++)
                    {
                        var (p, a, res, k) = inputs[i];
                        batch[r * inputs.Length + i] = new RequestContext(p, a, res, k);
                    }
            }
            long DecideBatch()
            {
                long allowed = 0;
                for (var r = 0; r < rounds; r++)
                    for (var i = 0; i < inputs.Length; i++)
                        if (PolicyEvaluator.Decide(compiled[i].Policies, batch[r * inputs.Length + i]) == Decision.Allowed) allowed++;
                return allowed;
            }
            for (var w = 0; w < 20; w++) { Build(); DecideBatch(); }
            long decisions = 0, bytes = 0, allowed = 0;
            double cpuNs = 0, wallNs = 0;
            var total = Stopwatch.StartNew();
            while (total.Elapsed.TotalSeconds < seconds)
            {
                Build();
                // Environment.CpuUsage reads the CPU time without allocating (Process would count its own objects).
                var c0 = Environment.CpuUsage.TotalTime;
                var b0 = GC.GetAllocatedBytesForCurrentThread();
                var w0 = Stopwatch.GetTimestamp();
                allowed += DecideBatch();
                wallNs += Stopwatch.GetElapsedTime(w0).TotalNanoseconds;
                bytes += GC.GetAllocatedBytesForCurrentThread() - b0;
                cpuNs += (Environment.CpuUsage.TotalTime - c0).TotalNanoseconds;
                decisions += batch.Length;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"engine\":\"sekisho\",\"method\":\"cold\",\"decisionsPerSecond\":{decisions / (wallNs / 1e9):0},\"decisionsPerCpuSecond\":{decisions / (cpuNs / 1e9):0},\"allocatedBytesPerDecision\":{(double)bytes / decisions:0.###},\"decisions\":{decisions},\"allowed\":{allowed}}}"));
            return 0;
        }
    case "breakdown":
        StatementCostBreakdown.Print(Console.Out);
        return 0;
    case "run":
        {
            // 250 ms iterations: shorter ones are below BenchmarkDotNet's own minimum for a stable figure.
            var job = (args.Contains("--long") ? Job.Default : Job.ShortRun).WithIterationTime(TimeInterval.FromMilliseconds(250));
            // In-process: no generated project to build, which on a busy two-core machine takes longer than the run.
            var config = ManualConfig.Create(DefaultConfig.Instance)
                .AddJob(job.WithToolchain(InProcessEmitToolchain.Instance))
                .WithOptions(ConfigOptions.DisableOptimizationsValidator);
            var summary = BenchmarkRunner.Run<PolicyDecisionBenchmarks>(config);
            var report = summary.Reports.FirstOrDefault(r => r.ResultStatistics is not null);
            if (report is null)
            {
                Console.Error.WriteLine("benchmark produced no result");
                return 1;
            }
            var meanNs = report.ResultStatistics!.Mean;
            var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"engine\":\"sekisho\",\"method\":\"BenchmarkDotNet\",\"nanosecondsPerDecision\":{meanNs:0.###},\"decisionsPerSecond\":{1e9 / meanNs:0},\"allocatedBytesPerDecision\":{bytes?.ToString(CultureInfo.InvariantCulture) ?? "null"}}}"));
            return 0;
        }
    default:
        Console.Error.WriteLine("usage: Sekisho.Policy.Benchmarks [run [--long] | quick [SECONDS] | context [SECONDS] | cold [SECONDS] | breakdown | export FILE | export-random FILE [N]]");
        return 2;
}
