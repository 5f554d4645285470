#!/usr/bin/env node
// Reference Cedar runner: evaluates batches of authorization requests with @cedar-policy/cedar-wasm so
// Sekisho.Cedar can be compared against the reference engine from one Node process per run.
//
// Usage:
//   node cedar-wasm-runner.mjs [FILE]       one batch (FILE or stdin); prints one JSON document
//   node cedar-wasm-runner.mjs --jsonl      one case per stdin line; prints one JSON line per case, as soon
//                                           as it is evaluated (a fuzzer keeps the process open while shrinking)
//   node cedar-wasm-runner.mjs --version    prints the cedar-wasm version
//
// A batch is an array of cases, or {"cases": [...]}. A case is
//   {
//     "policies": "<Cedar text: static policies, ids policy0, policy1, ... by position>",
//     "templates": {"<id>": "<Cedar text of one template>", ...},                 (optional)
//     "links": [{"templateId": "<id>", "newId": "<id>",
//                "values": {"?principal": {"type": "T", "id": "i"}, "?resource": {...}}}],   (optional)
//     "entities": [<entities JSON>],
//     "schema": "<.cedarschema text>",                                             (optional)
//     "validateRequest": true|false,            (optional; default true when a schema is given)
//     "requests": [{"principal": {"type","id"}, "action": {...}, "resource": {...}, "context": {...}}]
//   }
// For each request the output is
//   {"decision": "allow"|"deny", "reason": [ids], "errors": [ids], "errorMessages": ["id: message", ...]}
// A case may instead be an operation ({"op": "toJson" | "format", ...}, see evaluateOp).
// (reason and errors sorted), or {"failure": ["message", ...]} when cedar-wasm rejects the call (bad policy,
// entities, schema or request). Per case the output is {"results": [...]}, or {"failure": [...]} when the
// case itself is malformed. Numbers: JSON numbers pass through JavaScript doubles, so integers beyond
// +-2^53 are not exact here.

import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';

function messages(errors) {
  return (errors ?? []).map((e) => (typeof e === 'string' ? e : e.message));
}

function policySetOf(kase) {
  const set = { staticPolicies: kase.policies ?? '' };
  if (kase.templates && Object.keys(kase.templates).length > 0) set.templates = kase.templates;
  if (kase.links && kase.links.length > 0) set.templateLinks = kase.links;
  return set;
}

// Policies and schema are parsed once per case (preparse*), then each request only pays for its entities.
function evaluateRequest(kase, request) {
  const call = {
    principal: request.principal,
    action: request.action,
    resource: request.resource,
    context: request.context ?? {},
    preparsedPolicySetId: 'case',
    entities: kase.entities ?? [],
  };
  if (kase.schema !== undefined && kase.schema !== null) {
    call.preparsedSchemaName = 'case';
    call.validateRequest = kase.validateRequest ?? true;
  } else {
    call.validateRequest = false;
  }
  const answer = cedar.statefulIsAuthorized(call);
  if (answer.type !== 'success') return { failure: messages(answer.errors) };
  const diagnostics = answer.response.diagnostics;
  const errors = diagnostics.errors.map((e) => e.policyId);
  return {
    decision: answer.response.decision,
    reason: [...diagnostics.reason].sort(),
    errors: [...new Set(errors)].sort(),
    errorMessages: diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`).sort(),
  };
}

// Non-authorization operations, used by the round-trip and formatter tests:
//   {"op": "toJson", "policies": ["<one policy or template>", ...]} -> {"json": [<EST> | {"failure": [...]}, ...]}
//   {"op": "format", "policyText": "...", "lineWidth"?: n, "indentWidth"?: n} -> {"formatted": "..."} | {"failure": [...]}
function evaluateOp(kase) {
  switch (kase.op) {
    case 'toJson':
      return {
        json: kase.policies.map((text) => {
          let answer = cedar.policyToJson(text);
          if (answer.type !== 'success') {
            const template = cedar.templateToJson(text);
            if (template.type === 'success') answer = template;
          }
          return answer.type === 'success' ? answer.json : { failure: messages(answer.errors) };
        }),
      };
    case 'format': {
      const call = { policyText: kase.policyText };
      if (kase.lineWidth !== undefined) call.lineWidth = kase.lineWidth;
      if (kase.indentWidth !== undefined) call.indentWidth = kase.indentWidth;
      const answer = cedar.formatPolicies(call);
      return answer.type === 'success' ? { formatted: answer.formatted_policy } : { failure: messages(answer.errors) };
    }
    default:
      return { failure: [`unknown op ${kase.op}`] };
  }
}

function evaluateCase(kase) {
  if (kase !== null && typeof kase === 'object' && kase.op !== undefined) return evaluateOp(kase);
  if (kase === null || typeof kase !== 'object' || !Array.isArray(kase.requests)) {
    return { failure: ['a case must be an object with a "requests" array'] };
  }
  const parsed = cedar.preparsePolicySet('case', policySetOf(kase));
  if (parsed.type !== 'success') {
    const failure = { failure: messages(parsed.errors) };
    return { results: kase.requests.map(() => failure) };
  }
  if (kase.schema !== undefined && kase.schema !== null) {
    const schema = cedar.preparseSchema('case', kase.schema);
    if (schema.type !== 'success') {
      const failure = { failure: messages(schema.errors) };
      return { results: kase.requests.map(() => failure) };
    }
  }
  return { results: kase.requests.map((r) => evaluateRequest(kase, r)) };
}

function casesOf(batch) {
  if (Array.isArray(batch)) return batch;
  if (batch && Array.isArray(batch.cases)) return batch.cases;
  throw new Error('a batch must be an array of cases or {"cases": [...]}');
}

async function runJsonLines() {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let out;
    try {
      out = evaluateCase(JSON.parse(line));
    } catch (e) {
      // A malformed line must not end the session: the caller is waiting for exactly one answer per line.
      out = { failure: [`runner: ${e.message}`] };
    }
    process.stdout.write(JSON.stringify(out) + '\n');
  }
}

async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(argv) {
  if (argv.includes('--version')) {
    process.stdout.write(cedar.getCedarVersion() + '\n');
    return 0;
  }
  if (argv.includes('--jsonl')) {
    await runJsonLines();
    return 0;
  }
  const file = argv.find((a) => !a.startsWith('--'));
  const text = file ? readFileSync(file, 'utf8') : await readAll(process.stdin);
  const cases = casesOf(JSON.parse(text));
  process.stdout.write(JSON.stringify(cases.map(evaluateCase)) + '\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { process.stderr.write(`cedar-wasm-runner: ${e.message}\n`); process.exitCode = 2; },
);
