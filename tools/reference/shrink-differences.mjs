#!/usr/bin/env node
// Shrinks scenarios on which Sekisho and iam-simulate disagree to small ones that still disagree the same way,
// for bug reports. Each round tries every one-step removal (a policy, statement, condition, list item, context key,
// organization level, optional policy) of every scenario, decides all candidates with both engines at once, and
// keeps the first candidate per scenario that still shows the same pair of decisions.
//
// Usage: node tools/reference/shrink-differences.mjs DIFFERENCES.json [SEKISHO_DLL] > SHRUNK.json
//   DIFFERENCES.json: TestResults/policy-differential/differences.json (its "unexplained" entries), or an array of
//   {"scenario": {...}} / scenario objects.
// SEKISHO_DLL defaults to src/Sekisho.Cli/bin/Release/net10.0/sekisho.dll.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decide } from './iam-simulate-runner.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const dll = process.argv[3] ?? join(root, 'src', 'Sekisho.Cli', 'bin', 'Release', 'net10.0', 'sekisho.dll');
const work = mkdtempSync(join(tmpdir(), 'sekisho-shrink-'));
const entries = Array.isArray(input) ? input : input.unexplained;
let current = entries.map((e) => (e.scenario ? e.scenario : e));

function sekisho(scenarios) {
  const file = join(work, 'candidates.json');
  writeFileSync(file, JSON.stringify(scenarios));
  const out = execFileSync('dotnet', [dll, 'policy', 'simulate', file, '--no-explanation'], { maxBuffer: 1 << 30 });
  return JSON.parse(out.toString()).map((r) => r.decision);
}

async function reference(scenarios) {
  const decisions = [];
  for (const s of scenarios) decisions.push((await decide(s)).decision);
  return decisions;
}

const clone = (x) => JSON.parse(JSON.stringify(x));

// Every scenario one removal smaller.
function candidates(s) {
  const out = [];
  const push = (mutate) => {
    const c = clone(s);
    if (mutate(c) !== false) out.push(c);
  };
  const doc = (e) => (e && e.document ? e.document : e);
  const statementEdits = (getDoc) => {
    const d = getDoc(s);
    if (!d) return;
    const stmts = Array.isArray(d.Statement) ? d.Statement : [d.Statement];
    stmts.forEach((st, i) => {
      if (stmts.length > 1) push((c) => { const cd = getDoc(c); cd.Statement = (Array.isArray(cd.Statement) ? cd.Statement : [cd.Statement]).filter((_, j) => j !== i); });
      for (const field of ['Action', 'NotAction', 'Resource', 'NotResource']) {
        if (Array.isArray(st[field]) && st[field].length > 1) {
          st[field].forEach((_, k) => push((c) => { const cs = [getDoc(c).Statement].flat()[i]; cs[field] = cs[field].filter((__, j) => j !== k); }));
        }
      }
      if (st.Principal && typeof st.Principal === 'object' && Array.isArray(st.Principal.AWS) && st.Principal.AWS.length > 1) {
        st.Principal.AWS.forEach((_, k) => push((c) => { const cs = [getDoc(c).Statement].flat()[i]; cs.Principal.AWS = cs.Principal.AWS.filter((__, j) => j !== k); }));
      }
      if (st.Sid !== undefined) push((c) => { delete [getDoc(c).Statement].flat()[i].Sid; });
      if (st.Condition) {
        push((c) => { delete [getDoc(c).Statement].flat()[i].Condition; });
        for (const op of Object.keys(st.Condition)) {
          const keys = Object.keys(st.Condition[op]);
          if (Object.keys(st.Condition).length > 1) push((c) => { delete [getDoc(c).Statement].flat()[i].Condition[op]; });
          if (keys.length > 1) keys.forEach((k) => push((c) => { delete [getDoc(c).Statement].flat()[i].Condition[op][k]; }));
          for (const k of keys) {
            const v = st.Condition[op][k];
            if (Array.isArray(v) && v.length > 1) v.forEach((_, n) => push((c) => { const cv = [getDoc(c).Statement].flat()[i].Condition[op]; cv[k] = cv[k].filter((__, j) => j !== n); }));
          }
        }
      }
    });
  };
  (s.identityPolicies ?? []).forEach((_, i) => {
    push((c) => { c.identityPolicies = c.identityPolicies.filter((__, j) => j !== i); });
    statementEdits((c) => doc(c.identityPolicies[i]));
  });
  for (const single of ['resourcePolicy', 'permissionsBoundary', 'sessionPolicy']) {
    if (s[single]) {
      push((c) => { c[single] = null; });
      statementEdits((c) => doc(c[single]));
    }
  }
  for (const org of ['serviceControlPolicies', 'resourceControlPolicies']) {
    (s[org] ?? []).forEach((level, l) => {
      push((c) => { c[org] = c[org].filter((__, j) => j !== l); });
      level.forEach((_, p) => {
        if (level.length > 1) push((c) => { c[org][l] = c[org][l].filter((__, j) => j !== p); });
        statementEdits((c) => doc(c[org][l][p]));
      });
    });
  }
  for (const key of Object.keys(s.request.context ?? {})) push((c) => { delete c.request.context[key]; });
  return out;
}

const pair = new Map();
{
  const ours = sekisho(current);
  const theirs = await reference(current);
  current.forEach((_, i) => pair.set(i, `${ours[i]}/${theirs[i]}`));
}
for (let round = 0; round < 60; round++) {
  const all = [];
  const owner = [];
  current.forEach((s, i) => {
    for (const c of candidates(s)) {
      all.push(c);
      owner.push(i);
    }
  });
  if (all.length === 0) break;
  const ours = sekisho(all);
  const theirs = await reference(all);
  const taken = new Set();
  let changed = false;
  all.forEach((c, k) => {
    const i = owner[k];
    if (taken.has(i)) return;
    if (`${ours[k]}/${theirs[k]}` === pair.get(i) && ours[k] !== theirs[k]) {
      current[i] = c;
      taken.add(i);
      changed = true;
    }
  });
  process.stderr.write(`round ${round + 1}: ${taken.size} of ${current.length} scenarios shrank\n`);
  if (!changed) break;
}
process.stdout.write(JSON.stringify(current.map((s, i) => ({ decisions: pair.get(i), scenario: s }))) + '\n');
