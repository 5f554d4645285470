#!/usr/bin/env node
// Decides Sekisho simulate scenarios with @cloud-copilot/iam-simulate, the open reference engine.
// The reference is AGPL: this script only calls its public entry point in a separate Node process; nothing of
// it is copied into Sekisho.
//
// Usage: node tools/reference/iam-simulate-runner.mjs [FILE|-]
// Input: one scenario object or a JSON array of them, in the `sekisho policy simulate` format.
// Output: a JSON array, one entry per scenario, in order:
//   {"decision": "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied" | null,
//    "error": null | "<why the reference refused the scenario>",
//    "ignoredContextKeys": [...keys the reference dropped because the action does not list them...],
//    "derivedContextKeys": [...principal keys this script added because the reference does not derive them...]}
//
// The reference does not derive the principal's global keys from the principal ARN (Sekisho does, as AWS's
// request context does); this script adds them when the scenario leaves them out, so that the comparison is
// about evaluation and not about the request context. See docs/iam-simulate-divergences.md.
import { readFileSync } from 'node:fs';
import { runSimulation } from '@cloud-copilot/iam-simulate';

// For bench/policy/iam-simulate-bench.mjs, which lives outside tools/reference and cannot resolve the package itself.
export { runSimulation };

export function readScenarios(source) {
  const text = source === undefined || source === '-' ? readFileSync(0, 'utf8') : readFileSync(source, 'utf8');
  const parsed = JSON.parse(text);
  return { scenarios: Array.isArray(parsed) ? parsed : [parsed], single: !Array.isArray(parsed) };
}

function accountOfArn(arn) {
  if (typeof arn !== 'string') return undefined;
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return /^\d{12}$/.test(parts[4]) ? parts[4] : undefined;
}

function hasKey(context, key) {
  const lower = key.toLowerCase();
  return Object.keys(context).some((k) => k.toLowerCase() === lower);
}

function getKey(context, key) {
  const lower = key.toLowerCase();
  const found = Object.keys(context).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : context[found];
}

// The keys AWS's request context carries for the principal and that can be read off its ARN.
// aws:userid is left out: for users and roles it holds a unique id (AIDA.../AROA...) that the ARN does not carry.
export function derivedPrincipalKeys(principal) {
  const keys = {};
  const account = accountOfArn(principal);
  if (account === undefined) return keys;
  keys['aws:PrincipalAccount'] = account;
  const resource = principal.split(':').slice(5).join(':');
  let m;
  if (principal.startsWith('arn:aws:sts::') && (m = /^assumed-role\/([^/]+)\/(.+)$/.exec(resource))) {
    keys['aws:PrincipalArn'] = `arn:aws:iam::${account}:role/${m[1]}`;
    keys['aws:PrincipalType'] = 'AssumedRole';
  } else if (principal.startsWith('arn:aws:sts::') && (m = /^federated-user\/(.+)$/.exec(resource))) {
    keys['aws:PrincipalArn'] = principal;
    keys['aws:PrincipalType'] = 'FederatedUser';
  } else if (principal.startsWith('arn:aws:iam::') && resource.startsWith('user/')) {
    keys['aws:PrincipalArn'] = principal;
    keys['aws:PrincipalType'] = 'User';
    keys['aws:username'] = resource.slice(resource.lastIndexOf('/') + 1);
  } else if (principal.startsWith('arn:aws:iam::') && resource === 'root') {
    keys['aws:PrincipalArn'] = principal;
    keys['aws:PrincipalType'] = 'Account';
  } else if (principal.startsWith('arn:aws:iam::') && resource.startsWith('role/')) {
    keys['aws:PrincipalArn'] = principal;
    keys['aws:PrincipalType'] = 'AssumedRole';
  }
  return keys;
}

function policyEntries(list, prefix) {
  return (list ?? []).map((entry, i) => {
    if (entry && typeof entry === 'object' && 'document' in entry) {
      return { name: entry.name ?? `${prefix}-${i + 1}`, policy: entry.document };
    }
    return { name: `${prefix}-${i + 1}`, policy: entry };
  });
}

// RCPFullAWSAccess as AWS attaches it to every level; it cannot be detached.
function isRcpFullAccess(document) {
  const statements = document && document.Statement;
  const list = Array.isArray(statements) ? statements : [statements];
  return list.length === 1 && list[0] && list[0].Effect === 'Allow' && list[0].Principal === '*' &&
    list[0].Action === '*' && list[0].Resource === '*' && list[0].Condition === undefined;
}

function orgLevels(levels, prefix, dropRcpFullAccess) {
  return (levels ?? []).map((level, i) => ({
    orgIdentifier: `${prefix}-level-${i + 1}`,
    // The reference adds RCPFullAWSAccess to every level itself and its validator refuses an Allow in an RCP,
    // so the scenario's own copy is left out.
    policies: policyEntries(Array.isArray(level) ? level : [level], `${prefix}-${i + 1}`)
      .filter((p) => !(dropRcpFullAccess && isRcpFullAccess(p.policy)))
  }));
}

function documentOf(entry) {
  if (entry === null || entry === undefined) return undefined;
  if (typeof entry === 'object' && 'document' in entry) return entry.document;
  return entry;
}

export function toSimulation(scenario) {
  const request = scenario.request ?? {};
  const context = { ...(request.context ?? {}) };
  const derived = [];
  for (const [key, value] of Object.entries(derivedPrincipalKeys(request.principal))) {
    if (!hasKey(context, key)) {
      context[key] = value;
      derived.push(key);
    }
  }
  const resource = request.resource ?? '*';
  // AWS's request context carries aws:ResourceAccount; the reference does not fill it in. Sekisho derives it from
  // the resource ARN's account field, so the runner does the same (and only that).
  if (accountOfArn(resource) !== undefined && !hasKey(context, 'aws:ResourceAccount')) {
    context['aws:ResourceAccount'] = accountOfArn(resource);
    derived.push('aws:ResourceAccount');
  }
  // The resource's account: the ARN's, else aws:ResourceAccount from the context, else the principal's (S3 bucket
  // and object ARNs carry no account).
  const resourceAccount = accountOfArn(resource) ?? getKey(context, 'aws:ResourceAccount') ?? accountOfArn(request.principal);
  const boundary = documentOf(scenario.permissionsBoundary);
  const session = documentOf(scenario.sessionPolicy);
  const resourcePolicy = documentOf(scenario.resourcePolicy);
  const simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource, accountId: resourceAccount },
      contextVariables: context
    },
    identityPolicies: policyEntries(scenario.identityPolicies, 'identity'),
    serviceControlPolicies: orgLevels(scenario.serviceControlPolicies, 'scp', false),
    resourceControlPolicies: orgLevels(scenario.resourceControlPolicies, 'rcp', true),
    ...(resourcePolicy !== undefined && { resourcePolicy }),
    ...(boundary !== undefined && { permissionBoundaryPolicies: [{ name: 'boundary', policy: boundary }] }),
    ...(session !== undefined && { sessionPolicy: session })
  };
  return { simulation, derived };
}

export async function decide(scenario) {
  const { simulation, derived } = toSimulation(scenario);
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') {
    return { decision: null, error: JSON.stringify(response.errors), ignoredContextKeys: [], derivedContextKeys: derived };
  }
  const ignored = response.resultType === 'single'
    ? response.result.ignoredContextKeys ?? []
    : [...new Set(response.results.flatMap((r) => r.ignoredContextKeys ?? []))];
  return { decision: response.overallResult, error: null, ignoredContextKeys: ignored, derivedContextKeys: derived };
}

async function main() {
  const { scenarios } = readScenarios(process.argv[2]);
  const results = [];
  for (const scenario of scenarios) {
    try {
      results.push(await decide(scenario));
    } catch (e) {
      // A throw inside the reference is reported per scenario so one bad case does not hide the others.
      results.push({ decision: null, error: `reference threw: ${e && e.message ? e.message : String(e)}`, ignoredContextKeys: [], derivedContextKeys: [] });
    }
  }
  process.stdout.write(JSON.stringify(results));
  process.stdout.write('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    process.stderr.write(`iam-simulate-runner: ${e && e.message ? e.message : String(e)}\n`);
    process.exit(2);
  });
}
