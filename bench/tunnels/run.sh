#!/usr/bin/env bash
# Tunnel throughput and latency on loopback (issue 6). One run moves the same BYTES (default 2 GiB) through
#   1. a direct TCP connection,
#   2. ssh -L through an OpenSSH server started here (bench/lib/sshd.sh): default cipher, then aes128-gcm@openssh.com,
#   3. a Sekisho port-forwarding session, client -> server -> agent -> destination, three separate processes
#      ('sekisho session start', 'sekisho server run', 'sekisho agent run'): the server on HTTPS with its
#      self-signed certificate (the client trusts it through AWS_CA_BUNDLE, the PEM fetched with openssl and checked
#      against the fingerprint the server printed, as a user would) and, beside it, on plain HTTP (loopback).
#      When the client knows fast mode (SEKISHO_FAST_MODE in its sources), each Sekisho row is run twice: fast mode
#      (default) and SEKISHO_FAST_MODE=off.
# Reports per path: MB/s, ratio to ssh -L (default cipher), CPU seconds per GB of each process (from
# /proc/PID/stat, children included), the time to open a forwarded connection once the tunnel is up (connect + one
# echoed byte, p50/p99 over --opens connections one after the other), and the session open time (launch of
# 'sekisho session start' until 'Waiting for connections', minus nothing: the .NET start is in it, so the bare
# 'sekisho --help' start is reported beside it) next to 'ssh localhost true'. Reports, does not assert.
#
# Usage: sudo bench/tunnels/run.sh [--bytes N | N] [--warm N] [--opens N] [--session-opens N] [--open-times-only]
#   --bytes N           bytes per throughput run (default 2147483648 = 2 GiB; e.g. --bytes 268435456 while developing)
#   --warm N            bytes moved through the Sekisho server and agent by a first, unmeasured session before each
#                       measured one (default 536870912 = 512 MiB; 0 = none): deployed, both are long-running and
#                       their JIT has tiered up; the measured client is always a fresh process, as a user's is
#   --opens N           forwarded connections timed per path (default 200)
#   --session-opens N   session opens / 'ssh true' runs timed (default 10)
#   --open-times-only   only the open-time table (no transfers, no forwarded-connection opens)
#   SEKISHO_DLL=path    a built sekisho.dll instead of ./sekisho's build in .artifacts/cli
#   SEKISHO_COMPARE_DLL=path  another sekisho.dll whose session start is timed too, launch by launch alternating
#                       with SEKISHO_DLL's (same server and agent), on its own "[compare]" row: a before/after that
#                       the machine's load moves less
#   SEKISHO_TRACE_TIMING=1  also prints the client's phase marks (p50, ms since its process started) per row
# Needs: root, python3, openssh-server + openssh-client, openssl, the AWS CLI (/usr/bin/aws, Debian awscli, or aws
# on PATH) for the node's role and activation, the .NET 10 SDK (./sekisho builds the CLI).
set -euo pipefail
BYTES=$((2 * 1024 * 1024 * 1024))
WARM=$((512 * 1024 * 1024))
OPENS=200
SESSION_OPENS=10
OPEN_TIMES_ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bytes) BYTES="$2"; shift 2 ;;
    --warm) WARM="$2"; shift 2 ;;
    --opens) OPENS="$2"; shift 2 ;;
    --session-opens) SESSION_OPENS="$2"; shift 2 ;;
    --open-times-only) OPEN_TIMES_ONLY=1; shift ;;
    -h|--help) sed -n '2,31p' "$0"; exit 0 ;;
    [0-9]*) BYTES="$1"; shift ;;  # the script's first form: run.sh BYTES
    *) echo "run.sh: unknown argument '$1' (--bytes N, --warm N, --opens N, --session-opens N, --open-times-only)" >&2; exit 2 ;;
  esac
done
for n in "$BYTES" "$OPENS" "$SESSION_OPENS"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: '$n' is not a positive whole number" >&2; exit 2; }
done
[[ "$WARM" =~ ^[0-9]+$ ]] || { echo "run.sh: --warm '$WARM' is not a whole number" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/bench/tunnels"
work="$(mktemp -d /tmp/sekisho-tunnel-bench.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] || { echo "run as root (sshd and the sekisho agent need it)" >&2; exit 2; }
for tool in python3 openssl; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }; done
if [ -x /usr/bin/aws ]; then aws_cli=/usr/bin/aws; elif command -v aws >/dev/null; then aws_cli=aws; else
  echo "needs the AWS CLI (apt-get install awscli) to create the node's activation" >&2; exit 2; fi
# shellcheck source=../lib/sshd.sh
. "$root/bench/lib/sshd.sh"

free_port() { sshd_free_port; }
wait_port() { sshd_wait_port "$1"; }
hz=$(getconf CLK_TCK)
results="$work/results.tsv"
: > "$results"

# stop PID: SIGTERM (SIGINT is ignored by background jobs of a script), SIGKILL after 15 s.
stop() {
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 1 150); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# tree PID: PID and all its descendants.
tree() {
  local queue=("$1") p
  while [ "${#queue[@]}" -gt 0 ]; do
    p="${queue[0]}"; queue=("${queue[@]:1}")
    echo "$p"
    for k in $(pgrep -P "$p" || true); do queue+=("$k"); done
  done
}
# cpu_ticks PID...: user + system ticks of the processes and their reaped children (fields 14-17).
cpu_ticks() {
  local t=0 p
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] && t=$((t + $(sed 's/^.*) //' "/proc/$p/stat" | awk '{print $12+$13+$14+$15}')))
  done
  echo "$t"
}

# measure NAME PORT ROLE=PIDS...: moves BYTES through 127.0.0.1:PORT, then times OPENS forwarded connections;
# ROLE=PIDS (pids separated by commas) names the processes whose CPU is reported. Appends a line to $results.
measure() {
  [ -z "$OPEN_TIMES_ONLY" ] || return 0
  local name="$1" port="$2"; shift 2
  local roles=() before=() after=() spec pids_of i secs opens
  for spec in "$@"; do roles+=("$spec"); done
  for i in "${!roles[@]}"; do pids_of="${roles[$i]#*=}"; before[i]=$(cpu_ticks ${pids_of//,/ }); done
  secs=$(python3 "$here/sink.py" send "$port" "$BYTES")
  for i in "${!roles[@]}"; do pids_of="${roles[$i]#*=}"; after[i]=$(cpu_ticks ${pids_of//,/ }); done
  opens=$(python3 "$here/sink.py" open "$port" "$OPENS")
  local cpu=""
  for i in "${!roles[@]}"; do cpu+="${roles[$i]%%=*}=$(( after[i] - before[i] )) "; done
  printf '%s\t%s\t%s\t%s\n' "$name" "$secs" "$cpu" "$opens" >> "$results"
  echo "  $name: $(python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]) / 1e6:.1f}')" "$BYTES" "$secs") MB/s, open p50/p99 ${opens// //} ms" >&2
}

# launch_times NAME N WAIT_TEXT CMD...: N times: launch CMD, time until a stdout line contains WAIT_TEXT (or, for an
# empty WAIT_TEXT, until CMD exits 0), stop it. For sekisho also the part after StartSession answered (its stderr line
# 'Starting session with SessionId'). Appends "session NAME p50 p99 [p50 p99]" to $results.
launch_times() {
  python3 - "$results" "$@" <<'PY'
import signal, subprocess, sys, threading, time
import os
results, name, n, wait_text, cmd = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5:]
variants = [(name, cmd)]
compare = os.environ.get("SEKISHO_COMPARE_DLL")
if compare and wait_text and len(cmd) > 1 and cmd[0] == "dotnet" and cmd[1].endswith("sekisho.dll"):
    variants.append((name + " [compare]", [cmd[0], compare] + cmd[2:]))
measured = {label: ([], [], {}) for label, _ in variants}
for _, (label, cmd) in ((i, v) for i in range(n) for v in variants):
    times, after_start, phases = measured[label]
    name = label
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    if wait_text:
        started, err, seen = [], [], set()
        def watch():
            for line in p.stderr:
                err.append(line)
                if line.startswith("sekisho timing: "):
                    phase, _, ms = line[16:].strip().rpartition(" ")
                    if phase not in seen:  # a mark met again (e.g. 'request signed' for TerminateSession) counts once
                        seen.add(phase)
                        phases.setdefault(phase, []).append(float(ms))
                if "Starting session with SessionId" in line and not started:
                    started.append(time.monotonic())
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        for line in p.stdout:
            if wait_text in line:
                break
        else:
            p.wait()
            watcher.join(5)
            raise SystemExit(f"{name}: ended without '{wait_text}': {''.join(err)}")
        ready = time.monotonic()
        times.append((ready - t0) * 1000)
        if started:
            after_start.append((ready - started[0]) * 1000)
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        watcher.join(5)
    elif os.environ.get("SSH_BACKGROUND_FORWARD"):
        # 'ssh -f' keeps the pipes open in its background half: the foreground's exit is the end, read apart.
        code = p.wait()
        times.append((time.monotonic() - t0) * 1000)
        if code != 0:
            raise SystemExit(f"{name}: exit {code}: {p.stderr.read()}")
        background = "^ssh .* -L " + os.environ["SSH_BACKGROUND_FORWARD"]  # the ssh alone, not this script's own arguments
        subprocess.run(["pkill", "-f", "--", background], check=False)
        for _ in range(200):
            if subprocess.run(["pgrep", "-f", "--", background], stdout=subprocess.DEVNULL).returncode != 0:
                break
            time.sleep(0.01)
        p.stdout.close()
        p.stderr.close()
    else:
        out, err = p.communicate()
        if p.returncode != 0:
            raise SystemExit(f"{name}: exit {p.returncode}: {err}")
        times.append((time.monotonic() - t0) * 1000)
def pct(values):
    values = sorted(values)
    pick = lambda q: values[min(len(values) - 1, int(q * len(values)))]
    return f"{pick(0.5):.0f}\t{pick(0.99):.0f}"
for name, (times, after_start, phases) in measured.items():
    if phases:
        # SEKISHO_TRACE_TIMING=1: the client's phase marks (ms since its process started), in the order first seen.
        print(f"  {name} phases (p50 ms since process start): " + ", ".join(
            f"{phase} {sorted(v)[len(v) // 2]:.0f}" for phase, v in phases.items()), file=sys.stderr)
    with open(results, "a") as f:
        f.write(f"session\t{name}\t{pct(times)}" + (f"\t{pct(after_start)}" if after_start else "") + "\n")
PY
}

echo "tunnel benchmark: $BYTES bytes per path, $OPENS connection opens, $SESSION_OPENS session opens; cores $(nproc);" \
  "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

sink_port=$(free_port)
python3 "$here/sink.py" serve "$sink_port" & pids+=($!)
wait_port "$sink_port"
measure "direct TCP" "$sink_port"

# OpenSSH: ssh -L with each cipher; CPU of the ssh client and of everything below the listening sshd.
mkdir -p "$work/ssh"
sshd_start "$work/ssh"; pids+=("$SSHD_PID")
for cipher in default aes128-gcm@openssh.com; do
  lport=$(free_port)
  extra=(); [ "$cipher" = default ] || extra=(-c "$cipher")
  ssh "${SSH_OPTS[@]}" "${extra[@]}" -N -L "$lport:127.0.0.1:$sink_port" root@127.0.0.1 & spid=$!; pids+=($spid)
  wait_port "$lport"
  sleep 0.2
  sshd_pids=$(sshd_descendants); sshd_pids=${sshd_pids// /,}
  measure "ssh -L ($cipher)" "$lport" "ssh=$spid" "sshd=$sshd_pids"
  stop "$spid"
done
launch_times "ssh localhost true" "$SESSION_OPENS" "" ssh "${SSH_OPTS[@]}" root@127.0.0.1 true
# The same session open without root's login shell (an internal subsystem that ends at once on stdin's EOF): what the
# shell's rc files add is not OpenSSH's.
launch_times "ssh localhost, no login shell (subsystem)" "$SESSION_OPENS" "" ssh "${SSH_OPTS[@]}" -s root@127.0.0.1 bench-session
# The same open as Sekisho's port session: 'ssh -f -N -L' returns once its forward listens (it binds the local port
# after authentication, then goes to the background); the background ssh is stopped after each launch, untimed.
fwd_port=$(free_port)
SSH_BACKGROUND_FORWARD="$fwd_port:127.0.0.1:$sink_port" launch_times "ssh -f -N -L, until the forward listens" "$SESSION_OPENS" "" \
  ssh "${SSH_OPTS[@]}" -f -N -o ExitOnForwardFailure=yes -L "$fwd_port:127.0.0.1:$sink_port" root@127.0.0.1

# Sekisho: one data folder, the server on plain HTTP then on HTTPS, one agent registered per address.
if [ -z "${SEKISHO_DLL:-}" ]; then "$root/sekisho" --help >/dev/null; SEKISHO_DLL="$root/.artifacts/cli/sekisho.dll"; fi
sekisho=(dotnet "$SEKISHO_DLL")
fast_variants=(default)
if grep -rqs --include=*.cs SEKISHO_FAST_MODE "$root/src"; then fast_variants=(default off); fi
launch_times "sekisho --help (bare .NET start of the client)" "$SESSION_OPENS" "" "${sekisho[@]}" --help

data="$work/server"
"${sekisho[@]}" server init --data "$data" > "$work/init.out"
key_id=$(sed -n 's/^aws_access_key_id *= *//p' "$data/admin.credentials")
secret=$(sed -n 's/^aws_secret_access_key *= *//p' "$data/admin.credentials")
region=$(sed -n 's/.*region \([a-z0-9-]*\).*/\1/p' "$work/init.out" | head -1)
export AWS_ACCESS_KEY_ID="$key_id" AWS_SECRET_ACCESS_KEY="$secret" AWS_REGION="$region" AWS_DEFAULT_REGION="$region" \
  AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_MAX_ATTEMPTS=1 AWS_PAGER=""
unset AWS_SESSION_TOKEN AWS_PROFILE AWS_CA_BUNDLE AWS_ENDPOINT_URL

server_pid=""
# server_start URL: runs 'sekisho server run' on URL, waits for its start-up line.
server_start() {
  "${sekisho[@]}" server run --data "$data" --listen "$1" > "$work/server.out" 2>"$work/server.err" & server_pid=$!; pids+=($server_pid)
  local ready='sekisho server listening'
  [[ "$1" == https://* ]] && ready='TLS certificate SHA-256 fingerprint: [0-9A-F]'
  for _ in $(seq 1 600); do grep -q "$ready" "$work/server.out" && return 0; sleep 0.1; done
  echo "the server did not start on $1:" >&2; cat "$work/server.out" "$work/server.err" >&2; return 1
}
server_stop() { stop "$server_pid"; }

agent_pid=""; node=""
# agent_start NAME URL [--fingerprint FP]: registers a node with the activation, runs its agent until connected.
agent_start() {
  local name="$1" url="$2"; shift 2
  "${sekisho[@]}" agent register --server "$url" --code "$activation_code" --id "$activation_id" \
    --state-dir "$work/agent-$name" --name "bench-$name" "$@" > "$work/register-$name.out"
  node=$(grep -o 'mi-[0-9a-f]\{17\}' "$work/register-$name.out" | head -1)
  "${sekisho[@]}" agent run --state-dir "$work/agent-$name" 2> "$work/agent-$name.log" & agent_pid=$!; pids+=($agent_pid)
  for _ in $(seq 1 600); do grep -q 'control channel connected' "$work/agent-$name.log" && return 0; sleep 0.1; done
  echo "the agent did not connect:" >&2; cat "$work/agent-$name.log" >&2; return 1
}
agent_stop() { stop "$agent_pid"; }

# sekisho_rows LABEL: port-forwarding sessions to the sink through the running server and agent, each fast variant.
sekisho_rows() {
  local label="$1" variant lport cpid name
  for variant in "${fast_variants[@]}"; do
    name="sekisho $label"; [ "$variant" = off ] && name+=" SEKISHO_FAST_MODE=off"
    if [ "$variant" = off ]; then export SEKISHO_FAST_MODE=off; else unset SEKISHO_FAST_MODE; fi
    if [ "$WARM" -gt 0 ] && [ -z "$OPEN_TIMES_ONLY" ]; then
      # The warm-up: its own session and client process, stopped before the measured one starts.
      lport=$(free_port)
      "${sekisho[@]}" session start --target "$node" --document-name AWS-StartPortForwardingSession \
        --parameters "portNumber=$sink_port,localPortNumber=$lport" > "$work/warm.out" 2> "$work/warm.err" & cpid=$!; pids+=($cpid)
      for _ in $(seq 1 600); do grep -q 'Waiting for connections' "$work/warm.out" && break; sleep 0.05; done
      python3 "$here/sink.py" send "$lport" "$WARM" > /dev/null
      stop "$cpid"
    fi
    lport=$(free_port)
    "${sekisho[@]}" session start --target "$node" --document-name AWS-StartPortForwardingSession \
      --parameters "portNumber=$sink_port,localPortNumber=$lport" > "$work/pf.out" 2> "$work/pf.err" & cpid=$!; pids+=($cpid)
    for _ in $(seq 1 600); do grep -q 'Waiting for connections' "$work/pf.out" && break; sleep 0.05; done
    grep -q 'Waiting for connections' "$work/pf.out" || { echo "$name: the tunnel did not open:" >&2; cat "$work/pf.out" "$work/pf.err" >&2; exit 1; }
    measure "$name" "$lport" "client=$cpid" "server=$(tree "$server_pid" | paste -sd,)" "agent=$(tree "$agent_pid" | paste -sd,)"
    stop "$cpid"
    launch_times "$name" "$SESSION_OPENS" "Waiting for connections" "${sekisho[@]}" session start --target "$node" \
      --document-name AWS-StartPortForwardingSession --parameters "portNumber=$sink_port,localPortNumber=0"
  done
  unset SEKISHO_FAST_MODE
}

# Plain HTTP on loopback: the role and the activation (two registrations: one per address) are made here.
http_port=$(free_port)
server_start "http://127.0.0.1:$http_port"
export AWS_ENDPOINT_URL="http://127.0.0.1:$http_port"
"$aws_cli" --endpoint-url "$AWS_ENDPOINT_URL" iam create-role --role-name SekishoBenchNode --assume-role-policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com"},"Action":"sts:AssumeRole"}]}' > /dev/null
"$aws_cli" --endpoint-url "$AWS_ENDPOINT_URL" ssm create-activation --iam-role SekishoBenchNode --registration-limit 2 \
  --output text --query '[ActivationId,ActivationCode]' > "$work/activation"
read -r activation_id activation_code < "$work/activation"
agent_start http "$AWS_ENDPOINT_URL"
sekisho_rows "(plain HTTP)"
agent_stop; server_stop

# HTTPS with the server's self-signed certificate: fetch it, check it against the printed fingerprint, trust it.
https_port=$(free_port)
server_start "https://localhost:$https_port"
fingerprint=$(sed -n 's/^TLS certificate SHA-256 fingerprint: //p' "$work/server.out")
openssl s_client -connect "127.0.0.1:$https_port" -servername localhost < /dev/null 2>/dev/null | openssl x509 > "$work/server.pem"
seen=$(openssl x509 -in "$work/server.pem" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g')
[ "$seen" = "$fingerprint" ] || { echo "the certificate served ($seen) is not the one the server printed ($fingerprint)" >&2; exit 1; }
export AWS_ENDPOINT_URL="https://localhost:$https_port" AWS_CA_BUNDLE="$work/server.pem"
agent_start https "$AWS_ENDPOINT_URL" --fingerprint "$fingerprint"
sekisho_rows "(HTTPS)"
agent_stop; server_stop

python3 - "$results" "$BYTES" "$hz" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import sys
path, total, hz, load = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rows, sessions = [], []
for line in open(path):
    f = line.rstrip("\n").split("\t")
    if f[0] == "session":
        sessions.append(f[1:])
    else:
        rows.append(f)
gb = total / 1e9
ref = next((total / float(r[1]) for r in rows if r[0] == "ssh -L (default)"), None)
print(f"\n{'path':<44} {'MB/s':>8} {'x ssh -L':>8}  {'open p50':>8} {'p99 ms':>7}  CPU s/GB per process")
for name, secs, cpu, opens in rows:
    rate = total / float(secs)
    p50, p99 = opens.split()
    parts = []
    for item in cpu.split():
        role, ticks = item.split("=")
        parts.append(f"{role} {int(ticks) / hz / gb:.2f}")
    ratio = f"{rate / ref:.2f}" if ref else "-"
    print(f"{name:<44} {rate / 1e6:8.1f} {ratio:>8}  {p50:>8} {p99:>7}  {', '.join(parts) or '-'}")
print(f"\n{'open time (launch until ready)':<60} {'p50 ms':>7} {'p99 ms':>7}   after StartSession answered: p50 / p99 ms")
for name, p50, p99, *after in sessions:
    print(f"{name:<60} {p50:>7} {p99:>7}   {' / '.join(after) if after else '-'}")
print(f"\nload average at the end: {load}")
PY
