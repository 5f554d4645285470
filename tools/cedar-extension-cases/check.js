// Usage: node check.js OURS.jsonl VERIFIED.jsonl
// Reads our results (JSON lines) and asks cedar-wasm to confirm each: same accept/reject, same value, same error.
const cedar = require(require('path').join(__dirname, '../reference/node_modules/@cedar-policy/cedar-wasm/nodejs'));
const fs = require('fs');
const lit = s => '"' + [...s].map(c => c === '\\' ? '\\\\' : c === '"' ? '\\"' : c.codePointAt(0) < 0x20 ? '\\u{' + c.codePointAt(0).toString(16) + '}' : c).join('') + '"';
function run(expr) {
  const r = cedar.isAuthorized({
    principal: {type: 'U', id: 'a'}, action: {type: 'A', id: 'a'}, resource: {type: 'R', id: 'a'},
    context: {}, entities: [],
    policies: { staticPolicies: `permit(principal, action, resource) when { ${expr} };` },
  });
  if (r.type !== 'success') return {parse: r.errors.map(x => x.message).join('; ')};
  const errs = r.response.diagnostics.errors;
  if (errs.length) return {error: errs[0].error.message, help: errs[0].error.help};
  return {value: r.response.decision === 'allow'};
}
// ::ffff:a.b.c.d/p (Rust's display of IPv4-mapped addresses) is refused by ip(); compare with the hex spelling.
const unmap = v => v.replace(/^::ffff:(\d+)\.(\d+)\.(\d+)\.(\d+)\//, (_, a, b, c, d) =>
  `::ffff:${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}/`);
const out = [];
let bad = 0;
for (const line of fs.readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (!line) continue;
  const m = JSON.parse(line);
  const call = `${m.fn}(${lit(m.input)})`;
  let check;
  if (m.ok) {
    const expect = m.fn === 'ip' ? `ip(${lit(unmap(m.value))})` : m.fn === 'decimal' ? `decimal(${lit(m.value)})`
      : m.fn === 'duration' ? `duration("${m.value}ms")` : `datetime("1970-01-01").offset(duration("${m.value}ms"))`;
    check = run(`${call} == ${expect}`);
  } else {
    check = run(`${call} == ${call}`);
  }
  const ref = check.value === true ? {ok: true} : check.error ? {ok: false, message: check.error, help: check.help} : {ok: null, other: check};
  const agree = m.ok ? ref.ok === true : (ref.ok === false && ref.message === m.message && ref.help === m.help);
  if (!agree) { bad++; console.error('MISMATCH', JSON.stringify(m), JSON.stringify(ref)); }
  out.push(JSON.stringify(m.ok ? {fn: m.fn, input: m.input, ok: true, value: m.value}
                                : {fn: m.fn, input: m.input, ok: false, message: ref.message ?? null, help: ref.help ?? null}));
}
fs.writeFileSync(process.argv[3], out.join('\n') + '\n');
console.error(`${out.length} cases, ${bad} mismatches`);
