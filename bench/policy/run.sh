#!/usr/bin/env bash
# The policy benchmark: Sekisho's engine and @cloud-copilot/iam-simulate's runSimulation on the same scenarios (the
# realistic workload of Sekisho.Policy.Scenarios.RealisticScenarios, exported from C#), one thread each, then the
# ratio. Prints decisions/s for each and Sekisho/iam-simulate.
#
#   bench/policy/run.sh            BenchmarkDotNet short in-process job for Sekisho (MemoryDiagnoser: bytes/decision)
#   bench/policy/run.sh --quick    a Stopwatch loop instead (also reports CPU-time rates and a per-request breakdown)
#   IAM_SIMULATE_SECONDS=20 bench/policy/run.sh    a longer iam-simulate timing (default 10 s)
#
# Needs node and tools/reference/node_modules (npm ci in tools/reference).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mode="run"
[ "${1:-}" = "--quick" ] && mode="quick"
seconds="${IAM_SIMULATE_SECONDS:-10}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

[ -d tools/reference/node_modules/@cloud-copilot/iam-simulate ] || { echo "run.sh: run 'npm ci' in tools/reference first" >&2; exit 1; }
dotnet build bench/Sekisho.Policy.Benchmarks -c Release --nologo -v quiet >&2
dll="bench/Sekisho.Policy.Benchmarks/bin/Release/net10.0/Sekisho.Policy.Benchmarks.dll"
dotnet "$dll" export "$work/scenarios.json"

echo "run.sh: iam-simulate runSimulation, ${seconds} s ..." >&2
node bench/policy/iam-simulate-bench.mjs "$work/scenarios.json" "$seconds" > "$work/iam-simulate.json"
echo "run.sh: Sekisho ($mode) ..." >&2
if [ "$mode" = "quick" ]; then
  dotnet "$dll" quick 10 | tee "$work/sekisho.log" >&2
else
  dotnet "$dll" run | tee "$work/sekisho.log" >&2
fi
grep '^{"engine":"sekisho"' "$work/sekisho.log" | tail -1 > "$work/sekisho.json"

node -e '
const fs = require("fs");
const s = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const n = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const f = (x) => Math.round(x).toLocaleString("en-US");
console.log(`sekisho:      ${f(s.decisionsPerSecond)} decisions/s (one thread, ${s.method}), ${s.allocatedBytesPerDecision} bytes allocated per decision`);
console.log(`iam-simulate: ${f(n.decisionsPerSecond)} decisions/s (runSimulation, one thread, ${n.decisions} decisions)`);
console.log(`ratio:        ${f(s.decisionsPerSecond / n.decisionsPerSecond)}x (wall clock)`);
if (s.decisionsPerCpuSecond) console.log(`ratio (CPU):  ${f(s.decisionsPerCpuSecond / n.decisionsPerCpuSecond)}x (decisions per CPU second: ${f(s.decisionsPerCpuSecond)} vs ${f(n.decisionsPerCpuSecond)})`);
console.log(`targets:      >= 1,000,000 decisions/s, 0 bytes/decision, >= 500x iam-simulate`);
' "$work/sekisho.json" "$work/iam-simulate.json"
