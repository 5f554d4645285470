#!/usr/bin/env bash
# The floor of the server's relay in .NET (issue 6's relay redesign): bench/Sekisho.Relay.Floor copies one sender's
# bytes to one receiver with SslStream straight on the sockets (and with no TLS), nothing else; prints MB/s and the
# relay process's CPU per GB, to set beside the server's column of run.sh. The ends are Python (OpenSSL), not .NET.
# Usage: bench/tunnels/relay-floor.sh [BYTES] [ROUNDS]   (default 2 GiB, 2 rounds of plain then TLS)
set -euo pipefail
BYTES="${1:-2147483648}"; ROUNDS="${2:-2}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"; here="$root/bench/tunnels"
work=$(mktemp -d /tmp/sekisho-relay-floor.XXXXXX); trap 'rm -rf "$work"' EXIT
dotnet build "$root/bench/Sekisho.Relay.Floor" -c Release -o "$work/out" > "$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
echo "relay floor: $BYTES bytes per run; cores $(nproc); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq 1 "$ROUNDS"); do
  for mode in plain tls; do
    read -r in_port out_port < <(python3 -c 'import socket
a = socket.socket(); a.bind(("127.0.0.1", 0)); b = socket.socket(); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])')
    dotnet "$work/out/Sekisho.Relay.Floor.dll" "$in_port" "$out_port" "$mode" > "$work/relay.out" & relay=$!
    for _ in $(seq 1 200); do grep -q ready "$work/relay.out" && break; sleep 0.05; done
    python3 "$here/relay_ends.py" recv "$out_port" "$mode" > "$work/recv.out" & receiver=$!
    sleep 0.2
    python3 "$here/relay_ends.py" send "$in_port" "$BYTES" "$mode"
    wait "$receiver"; wait "$relay"
    tail -1 "$work/relay.out"
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
