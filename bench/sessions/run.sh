#!/usr/bin/env bash
# Session start latency: N (default 200) sessions each, p50/p99 of the time from launching the client until the first
# byte of the remote command's output reaches its stdout, for
#   1. 'sekisho session start' (AWS-StartNonInteractiveCommand, 'echo x') against 'sekisho dev' (server + this machine
#      as a node, plain HTTP): StartSession, the data channel handshake, the agent's worker, the first Output message,
#   2. 'ssh localhost echo x' against an sshd started here on a free port with its own config and key.
# Sekisho's figure includes the .NET client's process start (a few hundred ms of it); the script also reports the
# client's bare start ('sekisho --help') so the difference can be read off. Reports, does not assert. Run as root.
#
# Usage: bench/sessions/run.sh [N]     SEKISHO_DLL=path/to/sekisho.dll to use a build other than ./sekisho's.
set -euo pipefail
N="${1:-200}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d /tmp/sekisho-session-bench.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
[ "$(id -u)" = 0 ] || { echo "run as root (sshd and the sekisho dev agent need it)" >&2; exit 2; }

# shellcheck source=../lib/sshd.sh
. "$root/bench/lib/sshd.sh"

# first_byte NAME N CMD...: runs CMD N times, prints p50/p99 (ms) of launch -> first stdout byte.
first_byte() {
  python3 - "$@" <<'PY'
import subprocess, sys, time
name, n, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
times, failures = [], 0
for _ in range(n):
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    first = p.stdout.read(1)
    t1 = time.monotonic()
    p.stdout.read()
    if p.wait() != 0 or not first:
        failures += 1
        continue
    times.append((t1 - t0) * 1000)
times.sort()
pick = lambda q: times[min(len(times) - 1, int(q * len(times)))] if times else float("nan")
print(f"{name:<44} n={len(times):<4} p50 {pick(0.50):8.1f} ms   p99 {pick(0.99):8.1f} ms   failures {failures}")
PY
}

echo "N=$N; load average: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"

sshd_start "$work"; pids+=("$SSHD_PID")
first_byte "ssh localhost echo x" "$N" ssh "${SSH_OPTS[@]}" root@127.0.0.1 echo x

if [ -z "${SEKISHO_DLL:-}" ]; then "$root/sekisho" --help >/dev/null 2>&1 || true; SEKISHO_DLL="$root/.artifacts/cli/sekisho.dll"; fi
sekisho=(dotnet "$SEKISHO_DLL")
"${sekisho[@]}" dev --data "$work/dev" > "$work/dev.out" 2>&1 & pids+=($!)
for _ in $(seq 1 600); do grep -q 'Ctrl-C stops the server' "$work/dev.out" && break; sleep 0.1; done
eval "$(grep '^export ' "$work/dev.out")"
node=$(grep -o 'mi-[0-9a-f]\{17\}' "$work/dev.out" | head -1)
[ -n "$node" ] || { echo "sekisho dev did not register a node:" >&2; cat "$work/dev.out" >&2; exit 1; }
first_byte "sekisho --help (client process start only)" 20 "${sekisho[@]}" --help
first_byte "sekisho session start (echo x)" "$N" "${sekisho[@]}" session start --target "$node" \
  --document-name AWS-StartNonInteractiveCommand --parameters 'command=echo x'
