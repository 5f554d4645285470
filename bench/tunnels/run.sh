#!/usr/bin/env bash
# Tunnel throughput on loopback: the same BYTES (default 2 GiB) through
#   1. a direct TCP connection,
#   2. ssh -L through a local OpenSSH server (default cipher, then aes128-gcm@openssh.com),
#   3. a Sekisho port-forwarding session (client -> sekisho dev server -> in-process agent -> destination).
# Prints MB/s, CPU seconds per GB of the tunnel processes (from /proc/PID/stat), connection open time p50/p90 once
# the tunnel is up, and session open time next to 'ssh localhost true'. Must run as root (sshd, sekisho dev's agent).
#
# Usage: bench/tunnels/run.sh [BYTES]     e.g. bench/tunnels/run.sh $((256*1024*1024))
# Not measured yet: Sekisho with TLS (needs 'sekisho server run --listen https://...' plus an agent registered
# through an activation); 'sekisho dev' listens on plain HTTP only, so the Sekisho figure below is plain HTTP.
set -euo pipefail
BYTES="${1:-$((2 * 1024 * 1024 * 1024))}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/tunnels"
work="$(mktemp -d /tmp/sekisho-tunnel-bench.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
[ "$(id -u)" = 0 ] || { echo "run as root (sshd and the sekisho dev agent need it)" >&2; exit 2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { local t=0; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo "$t"; }
wait_port() { for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 never opened" >&2; return 1; }
hz=$(getconf CLK_TCK)

# measure NAME PORT PIDS...: moves BYTES through 127.0.0.1:PORT, CPU of PIDS
measure() {
  local name="$1" port="$2"; shift 2
  local before after secs
  before=$(cpu_ticks "$@")
  secs=$(python3 "$here/sink.py" send "$port" "$BYTES")
  after=$(cpu_ticks "$@")
  local opens; opens=$(python3 "$here/sink.py" open "$port" 50)
  python3 - "$name" "$BYTES" "$secs" "$before" "$after" "$hz" "$opens" <<'PY'
import sys
name, total, secs, before, after, hz, opens = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7].split()
mbs = total / secs / 1e6
cpu = (after - before) / hz / (total / 1e9) if after > before else 0.0
print(f"{name:<34} {mbs:9.1f} MB/s   {cpu:6.2f} CPU s/GB (tunnel processes)   open p50 {opens[0]} ms p90 {opens[1]} ms")
PY
}

sink_port=$(free_port)
python3 "$here/sink.py" serve "$sink_port" & pids+=($!)
wait_port "$sink_port"
echo "moving $BYTES bytes per run; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "direct TCP" "$sink_port"

# OpenSSH on loopback with its own config, host key and an authorized key for root.
ssh_port=$(free_port)
ssh-keygen -q -t ed25519 -N '' -f "$work/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/client_key"
cp "$work/client_key.pub" "$work/authorized_keys"
cat > "$work/sshd_config" <<CFG
Port $ssh_port
ListenAddress 127.0.0.1
HostKey $work/host_key
AuthorizedKeysFile $work/authorized_keys
PasswordAuthentication no
PermitRootLogin prohibit-password
UsePAM no
PidFile $work/sshd.pid
StrictModes no
CFG
mkdir -p /run/sshd
/usr/sbin/sshd -f "$work/sshd_config" -D -e 2>"$work/sshd.log" & pids+=($!)
wait_port "$ssh_port"
ssh_opts=(-i "$work/client_key" -p "$ssh_port" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR)
for cipher in default aes128-gcm@openssh.com; do
  lport=$(free_port)
  extra=(); [ "$cipher" = default ] || extra=(-c "$cipher")
  ssh "${ssh_opts[@]}" "${extra[@]}" -N -L "$lport:127.0.0.1:$sink_port" root@127.0.0.1 & spid=$!; pids+=($spid)
  wait_port "$lport"
  sshd_children=$(pgrep -d' ' -P "$(cat "$work/sshd.pid")" || true)
  measure "ssh -L ($cipher)" "$lport" "$spid" $sshd_children
  kill "$spid"
done
ssh_open=$( { /usr/bin/time -f %e ssh "${ssh_opts[@]}" root@127.0.0.1 true; } 2>&1 | tail -1)

# Sekisho: sekisho dev (server + this machine as a node, plain HTTP), a port-forwarding session to the sink.
# SEKISHO_DLL: a built sekisho.dll to use instead of ./sekisho's build in .artifacts/cli.
if [ -z "${SEKISHO_DLL:-}" ]; then "$root/sekisho" --help >/dev/null 2>&1 || true; SEKISHO_DLL="$root/.artifacts/cli/sekisho.dll"; fi
sekisho=(dotnet "$SEKISHO_DLL")
"${sekisho[@]}" dev --data "$work/dev" > "$work/dev.out" 2>&1 & devpid=$!; pids+=($devpid)
for _ in $(seq 1 600); do grep -q 'Ctrl-C stops the server' "$work/dev.out" && break; sleep 0.1; done
eval "$(grep '^export ' "$work/dev.out")"
node=$(grep -o 'mi-[0-9a-f]\{17\}' "$work/dev.out" | head -1)
[ -n "$node" ] || { echo "sekisho dev did not register a node:" >&2; cat "$work/dev.out" >&2; exit 1; }
lport=$(free_port)
start=$(date +%s.%N)
"${sekisho[@]}" session start --target "$node" --document-name AWS-StartPortForwardingSession \
  --parameters "portNumber=$sink_port,localPortNumber=$lport" > "$work/pf.out" 2>&1 & cpid=$!; pids+=($cpid)
for _ in $(seq 1 600); do grep -q 'Waiting for connections' "$work/pf.out" && break; sleep 0.02; done
session_open=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$start" "$(date +%s.%N)")
measure "sekisho port forward (plain HTTP)" "$lport" "$cpid" "$devpid"
echo "session open: sekisho port forward ${session_open} s (until 'Waiting for connections', incl. .NET start); ssh localhost true ${ssh_open} s"
