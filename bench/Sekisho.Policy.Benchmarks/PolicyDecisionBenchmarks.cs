using BenchmarkDotNet.Attributes;
using Sekisho.Policy;
using Sekisho.Policy.Scenarios;

namespace Sekisho.Policy.Benchmarks;

/// <summary>
/// Decisions per second on one thread for the realistic workload (<see cref="RealisticScenarios"/>: 29 statements
/// over identity policies, a permissions boundary and three SCP levels, with conditions and variables). Policies are
/// parsed and compiled and requests built once, in the setup; one operation is one decision.
/// </summary>
[MemoryDiagnoser]
public class PolicyDecisionBenchmarks
{
    public const int Cases = 16;

    private CompiledScenario[] _cases = [];

    [GlobalSetup]
    public void Setup()
    {
        var scenarios = RealisticScenarios.Create();
        if (scenarios.Count != Cases) throw new InvalidOperationException($"expected {Cases} scenarios, got {scenarios.Count}");
        _cases = new CompiledScenario[scenarios.Count];
        for (var i = 0; i < scenarios.Count; i++) _cases[i] = CompiledScenario.From(scenarios[i]);
    }

    /// <summary>One case, for finding which request allocates.</summary>
    public Decision DecideOne(int index) => PolicyEvaluator.Decide(_cases[index].Policies, _cases[index].Request);

    public string Describe(int index) =>
        $"{_cases[index].Request.Action} by {_cases[index].Request.Principal} -> {PolicyEvaluator.Decide(_cases[index].Policies, _cases[index].Request)}";

    /// <summary>All sixteen requests once each: the allowed, the explicitly and the implicitly denied ones.</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    public int Decide()
    {
        var allowed = 0;
        var cases = _cases;
        for (var i = 0; i < cases.Length; i++)
            if (PolicyEvaluator.Decide(cases[i].Policies, cases[i].Request) == Decision.Allowed) allowed++;
        return allowed;
    }
}
