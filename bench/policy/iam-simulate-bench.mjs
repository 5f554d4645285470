#!/usr/bin/env node
// Times @cloud-copilot/iam-simulate's runSimulation on the benchmark's scenarios (exported from C# by
// `Sekisho.Policy.Benchmarks export FILE`), one thread, so the ratio to Sekisho's engine can be computed.
// Usage: node bench/policy/iam-simulate-bench.mjs SCENARIOS.json [SECONDS]
// Prints one JSON line: {"engine":"iam-simulate","decisionsPerSecond":...,"decisions":...,"seconds":...,"mix":{...}}
import { readFileSync } from 'node:fs';
import { toSimulation, runSimulation } from '../../tools/reference/iam-simulate-runner.mjs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: iam-simulate-bench.mjs SCENARIOS.json [SECONDS]\n');
  process.exit(2);
}
const seconds = Number(process.argv[3] ?? '5');
const scenarios = JSON.parse(readFileSync(file, 'utf8'));
// Inputs are mapped once, as the C# side parses and compiles its policies once.
const simulations = scenarios.map((s) => toSimulation(s).simulation);

const mix = {};
for (const sim of simulations) {
  const r = await runSimulation(sim, {});
  if (r.resultType === 'error') {
    process.stderr.write(`iam-simulate refused a scenario: ${JSON.stringify(r.errors)}\n`);
    process.exit(1);
  }
  mix[r.overallResult] = (mix[r.overallResult] ?? 0) + 1;
}

async function run(limitSeconds) {
  let decisions = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const limit = BigInt(Math.round(limitSeconds * 1e9));
  for (;;) {
    for (const sim of simulations) {
      await runSimulation(sim, {});
      decisions++;
    }
    const elapsed = process.hrtime.bigint() - start;
    if (elapsed >= limit) {
      // CPU time as well as wall time: on a shared machine the wall clock also counts other processes' turns.
      const cpu = process.cpuUsage(cpuStart);
      return { decisions, seconds: Number(elapsed) / 1e9, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
    }
  }
}

await run(Math.min(2, seconds / 2)); // warm-up: JIT and iam-data caches
const { decisions, seconds: took, cpuSeconds } = await run(seconds);
process.stdout.write(JSON.stringify({
  engine: 'iam-simulate', decisionsPerSecond: decisions / took, decisionsPerCpuSecond: decisions / cpuSeconds,
  decisions, seconds: took, cpuSeconds, mix
}) + '\n');
