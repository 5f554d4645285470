// Usage: node check-ops.js OURS.jsonl VERIFIED.jsonl
// Asks cedar-wasm to confirm each of our results for a method call or comparison (operations.py + dump.cs ops).
const cedar = require(require('path').join(__dirname, '../reference/node_modules/@cedar-policy/cedar-wasm/nodejs'));
const fs = require('fs');
function run(expr) {
  const r = cedar.isAuthorized({
    principal: {type: 'U', id: 'a'}, action: {type: 'A', id: 'a'}, resource: {type: 'R', id: 'a'},
    context: {}, entities: [],
    policies: { staticPolicies: `permit(principal, action, resource) when { ${expr} };` },
  });
  if (r.type !== 'success') return {parse: r.errors.map(x => x.message).join('; ')};
  const errs = r.response.diagnostics.errors;
  if (errs.length) return {error: errs[0].error.message};
  return {value: r.response.decision === 'allow'};
}
const value = a => a.type === 'datetime' ? `datetime("1970-01-01").offset(duration("${a.ms}ms"))`
  : a.type === 'duration' ? `duration("${a.ms}ms")` : `${a.type}("${a.text}")`;
const ms = (kind, n) => value({type: kind, ms: n});
const out = [];
let bad = 0;
for (const line of fs.readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (!line) continue;
  // 64-bit integers lose precision as JS numbers: read them as strings.
  const c = JSON.parse(line.replace(/"(ms|value)":(-?\d+)/g, '"$1":"$2"'));
  const [x, y] = c.args.map(value);
  const expr = /^[<>=]/.test(c.op) ? `(${x} ${c.op} ${y})` : `${x}.${c.op}(${y ?? ''})`;
  const r = c.result;
  const check = r.kind === 'error' ? run(`${expr} == ${expr}`)
    : run(`${expr} == ${r.kind === 'bool' || r.kind === 'long' ? r.value : ms(r.kind, r.ms)}`);
  const agree = r.kind === 'error' ? check.error === r.message : check.value === true;
  if (!agree) { bad++; console.error('MISMATCH', expr, JSON.stringify(r), JSON.stringify(check)); }
  out.push(line);
}
fs.writeFileSync(process.argv[3], out.join('\n') + '\n');
console.error(`${out.length} calls, ${bad} mismatches`);
