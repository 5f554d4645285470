"""Random extension method calls and comparisons: python3 operations.py SEED COUNT > calls.jsonl."""
import json, random, sys
random.seed(int(sys.argv[1])); n = int(sys.argv[2])
I64MIN, I64MAX = -2**63, 2**63 - 1
v4 = lambda: '.'.join(str(random.choice([0, 1, 10, 127, 128, 192, 223, 224, 239, 240, 255, random.randint(0, 255)])) for _ in range(4))
def v6():
    g = [random.choice([0, 0, 0, 1, 0xff, 0xff00, 0xff02, 0xffff, 0xfe80, random.randint(0, 0xffff)]) for _ in range(8)]
    return ':'.join('%x' % x for x in g)
def ip():
    if random.random() < 0.5:
        a = v4(); p = random.choice([None, 0, 1, 4, 7, 8, 16, 24, 31, 32, random.randint(0, 32)])
    else:
        a = v6(); p = random.choice([None, 0, 1, 7, 8, 64, 127, 128, random.randint(0, 128)])
    return {'type': 'ip', 'text': a if p is None else f'{a}/{p}'}
def dec():
    v = random.choice([0, 1, -1, I64MIN, I64MAX, random.randint(-10**6, 10**6), random.randint(I64MIN, I64MAX)])
    s = '-' if v < 0 else ''; a = abs(v)
    return {'type': 'decimal', 'text': f'{s}{a // 10000}.{a % 10000:04d}'}, v
def dur_ms():
    return random.choice([0, 1, -1, 999, -999, 1000, 86400000, -86400000, I64MIN, I64MAX, I64MAX - 1, I64MIN + 1,
                          random.randint(-10**12, 10**12), random.randint(I64MIN, I64MAX)])
def dt_ms():
    return random.choice([0, -1, 1, I64MIN, I64MAX, I64MIN + 86400000, -62167219200000, 253402300799999,
                          random.randint(-62167219200000, 253402300799999), random.randint(I64MIN, I64MAX)])
out = []
for _ in range(n):
    k = random.random()
    if k < 0.35:
        op = random.choice(['isIpv4', 'isIpv6', 'isLoopback', 'isMulticast', 'isInRange', 'isInRange', 'isInRange'])
        out.append({'op': op, 'args': [ip()] + ([ip()] if op == 'isInRange' else [])})
    elif k < 0.5:
        a, va = dec()
        b, vb = dec() if random.random() < 0.7 else (dict(a), va)
        out.append({'op': random.choice(['lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual']), 'args': [a, b]})
    elif k < 0.8:
        op = random.choice(['offset', 'durationSince', 'toDate', 'toTime', '<', '<=', '>', '>=', '=='])
        d1 = {'type': 'datetime', 'ms': dt_ms()}
        if op == 'offset': args = [d1, {'type': 'duration', 'ms': dur_ms()}]
        elif op in ('toDate', 'toTime'): args = [d1]
        else: args = [d1, {'type': 'datetime', 'ms': dt_ms()}]
        out.append({'op': op, 'args': args})
    else:
        op = random.choice(['toMilliseconds', 'toSeconds', 'toMinutes', 'toHours', 'toDays', '<', '<=', '>', '>=', '=='])
        args = [{'type': 'duration', 'ms': dur_ms()}]
        if op in ('<', '<=', '>', '>=', '=='): args.append({'type': 'duration', 'ms': dur_ms()})
        out.append({'op': op, 'args': args})
for c in out: print(json.dumps(c))
