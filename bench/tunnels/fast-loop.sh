#!/usr/bin/env bash
# The fast-mode development loop (issue 6), beside run.sh: a real 'sekisho server run' (http or https, self-signed),
# an agent registered through an activation ('agent run' process), 'session start' forwarding a port to sink.py;
# moves BYTES through one connection and prints MB/s and CPU seconds per GB of client, server and agent
# (/proc/PID/stat) with the load average. Runs as root (agent). Uses .artifacts/cli/sekisho.dll (build it first:
# ./sekisho --help). Environment: SEKISHO_DLL=path/sekisho.dll (another build, for an A/B), SEKISHO_FAST_MODE=off
# (client and agent stay stock), WARM=N (bytes sent first, unmeasured, so JIT tiering is done), PERF=SECONDS (perf
# record of the three processes into $WORK/perf.data).
# Usage: bench/tunnels/fast-loop.sh https $((1024*1024*1024))
set -euo pipefail
SCHEME="${1:-https}"; BYTES="${2:-$((1024*1024*1024))}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"; here=$root/bench/tunnels
work=$(mktemp -d /tmp/sekisho-fast-loop.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; [ -n "${PERF:-}" ] || rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
[ -n "${PERF:-}" ] && export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
S=(dotnet "${SEKISHO_DLL:-$root/.artifacts/cli/sekisho.dll}")
"${S[@]}" server init --data $work/data --account-id 111122223333 >/dev/null 2>&1
port=$(free_port)
"${S[@]}" server run --data $work/data --listen $SCHEME://127.0.0.1:$port > $work/server.out 2>&1 & spid=$!; pids+=($spid)
for _ in $(seq 1 300); do curl -sk $SCHEME://127.0.0.1:$port/healthz >/dev/null 2>&1 && break; sleep 0.1; done
export AWS_ACCESS_KEY_ID=$(awk -F' *= *' '$1=="aws_access_key_id"{print $2}' $work/data/admin.credentials)
export AWS_SECRET_ACCESS_KEY=$(awk -F' *= *' '$1=="aws_secret_access_key"{print $2}' $work/data/admin.credentials)
export AWS_REGION=us-east-1 AWS_ENDPOINT_URL=$SCHEME://127.0.0.1:$port AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
nv=(); [ $SCHEME = https ] && nv=(--no-verify-ssl)
/usr/bin/aws "${nv[@]}" --endpoint-url $AWS_ENDPOINT_URL iam create-role --role-name BenchNode --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com"},"Action":"sts:AssumeRole"}]}' >/dev/null
act=$(/usr/bin/aws "${nv[@]}" --endpoint-url $AWS_ENDPOINT_URL ssm create-activation --iam-role BenchNode --registration-limit 1)
code=$(echo "$act" | python3 -c 'import json,sys; print(json.load(sys.stdin)["ActivationCode"])')
aid=$(echo "$act" | python3 -c 'import json,sys; print(json.load(sys.stdin)["ActivationId"])')
node=$("${S[@]}" agent register --server $SCHEME://127.0.0.1:$port --code $code --id $aid --state-dir $work/agent 2>&1 | grep -o 'mi-[0-9a-f]\{17\}' | head -1)
"${S[@]}" agent run --state-dir $work/agent > $work/agent.out 2>&1 & apid=$!; pids+=($apid)
for _ in $(seq 1 300); do grep -q 'control channel connected' $work/agent.out && break; sleep 0.1; done
sink_port=$(free_port)
python3 $here/sink.py serve $sink_port & pids+=($!)
lport=$(free_port)
"${S[@]}" session start "${nv[@]}" --target $node --document-name AWS-StartPortForwardingSession --parameters "portNumber=$sink_port,localPortNumber=$lport" > $work/pf.out 2>&1 & cpid=$!; pids+=($cpid)
for _ in $(seq 1 600); do grep -q 'Waiting for connections' $work/pf.out && break; sleep 0.05; done
[ -n "${WARM:-}" ] && python3 $here/sink.py send $lport $WARM >/dev/null
c0=$(cpu $cpid); s0=$(cpu $spid); a0=$(cpu $apid)
if [ -n "${PERF:-}" ]; then (sleep 2; perf record -F 999 -g -p $cpid,$spid,$apid -o $work/perf.data -- sleep ${PERF}) >/dev/null 2>&1 & fi
secs=$(timeout 600 python3 $here/sink.py send $lport $BYTES)
c1=$(cpu $cpid); s1=$(cpu $spid); a1=$(cpu $apid)
python3 -c "b=$BYTES; s=$secs; g=b/1e9; print(f'$SCHEME fast=${SEKISHO_FAST_MODE:-on} {b>>20} MiB: {b/s/1e6:.1f} MB/s {s:.2f}s; CPU s/GB client {($c1-$c0)/100/g:.2f} server {($s1-$s0)/100/g:.2f} agent {($a1-$a0)/100/g:.2f}; load $(cut -d' ' -f1-3 /proc/loadavg)')"
grep -c "fast mode on" $work/agent.out || true
