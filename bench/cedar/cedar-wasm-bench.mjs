// Times @cedar-policy/cedar-wasm on the workload the C# benchmark wrote (bench/cedar/run.sh passes its path):
// the policy set pre-parsed once per app (preparsePolicySet), then statefulIsAuthorized per request, each call
// timed on its own. Prints one JSON object per app: latency percentiles, throughput and the decisions' digest so
// the C# side can check both engines decided the same.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", "..", "tools", "reference", "package.json"));
const cedar = require("@cedar-policy/cedar-wasm/nodejs");

const workload = JSON.parse(readFileSync(process.argv[2], "utf8"));
const warmup = Number(process.argv[3] ?? 2000);
// cedar-wasm copies the entity store into wasm on every call (milliseconds each): a prefix of the requests is
// enough for its latency and throughput, and the C# side digests the same prefix.
const sample = Number(process.argv[4] ?? 3000);

for (const app of workload.apps) {
  const id = `${app.name}-${app.perType}`;
  const parsed = cedar.preparsePolicySet(id, { staticPolicies: app.policies });
  if (parsed.type !== "success") throw new Error(`${id}: ${JSON.stringify(parsed.errors)}`);
  const call = (r) => {
    const answer = cedar.statefulIsAuthorized({ ...r, preparsedPolicySetId: id, entities: app.entities });
    if (answer.type !== "success") throw new Error(`${id}: ${JSON.stringify(answer.errors)}`);
    return answer.response.decision;
  };
  for (let i = 0; i < warmup; i++) call(app.requests[(i * 7919) % app.requests.length]);
  const requests = app.requests.slice(0, sample);
  const times = new Float64Array(requests.length);
  const digest = createHash("sha256");
  const started = process.hrtime.bigint();
  for (let i = 0; i < requests.length; i++) {
    const t0 = process.hrtime.bigint();
    const decision = call(requests[i]);
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
    digest.update(decision === "allow" ? "1" : "0");
  }
  const total = Number(process.hrtime.bigint() - started) / 1e9;
  times.sort();
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  console.log(JSON.stringify({
    name: app.name, perType: app.perType, requests: requests.length,
    p50_us: at(0.5), p99_us: at(0.99), per_second: requests.length / total,
    decisions_sha256: digest.digest("hex"),
  }));
}
