"""Random mutations of valid extension arguments, for a differential check against cedar-wasm.
Usage: python3 mutations.py SEED COUNT_PER_CONSTRUCTOR > inputs.tsv (the committed file used seed 7, 1000)."""
import json, random, sys
random.seed(int(sys.argv[1]))
alpha = {
 'ip': list('0123456789abcdefABCDEF:./') + ['::', '255', '256', '0', '00', 'ffff', '12345', '/32', '/128', '/0', '%', ' ', 'x', 'é'],
 'decimal': list('0123456789.-') + ['922337203685477', '5807', '5808', '00000', '+', 'e', ' ', '١'],
 'datetime': list('0123456789-:T.Z+') + ['2024-', '02-29', '12-31', 'T23:59:59', '.999', '+2359', '-2400', 'Z', ' ', '0000', '9999'],
 'duration': list('0123456789dhms-') + ['ms', '9223372036854775807', '18446744073709551615', '106751991167', ' ', 'x'],
}
seeds = {
 'ip': ['1.2.3.4', '10.0.0.1/24', '::1', 'ff02::1/16', '1:2:3:4:5:6:7:8', '2001:db8::/32', '127.0.0.1/8'],
 'decimal': ['1.0', '-922337203685477.5808', '922337203685477.5807', '0.0001', '123.45'],
 'datetime': ['2024-10-15', '2024-10-15T11:35:00Z', '2024-02-29T23:59:59.999+2359', '0000-01-01T00:00:00-0001', '9999-12-31T23:59:59.999Z'],
 'duration': ['1d2h3m4s5ms', '-9223372036854775808ms', '106751991167d7h12m55s807ms', '1h', '-1s1ms'],
}
out = set()
for fn in alpha:
    for _ in range(int(sys.argv[2])):
        s = random.choice(seeds[fn])
        for _ in range(random.randint(1, 3)):
            op = random.random(); i = random.randint(0, len(s))
            tok = random.choice(alpha[fn])
            if op < 0.4: s = s[:i] + tok + s[i:]
            elif op < 0.7 and s: s = s[:i] + s[i+1:]
            elif s: s = s[:i] + tok + s[i+len(tok):]
        out.add((fn, s))
for fn, s in sorted(out):
    print(fn + '\t' + json.dumps(s, ensure_ascii=False))
