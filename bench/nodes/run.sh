#!/usr/bin/env bash
# Server memory with N connected agents (default 2000): builds sekisho and the generator, initialises a
# throwaway data folder, starts `sekisho server run`, creates a role for the nodes, runs bench/Sekisho.Nodes.Load
# (which prints the server's RSS), stops the server.
#
#   bench/nodes/run.sh [--agents N] [--idle SECONDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
agents=2000 idle=30
while [ $# -gt 0 ]; do
  case "$1" in
    --agents) agents="$2"; shift 2 ;;
    --idle) idle="$2"; shift 2 ;;
    *) echo "usage: $0 [--agents N] [--idle SECONDS]" >&2; exit 2 ;;
  esac
done
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
dotnet build "$root/src/Sekisho.Cli" -c Release -o "$root/bench/nodes/.out/cli" >&2
dotnet build "$root/bench/Sekisho.Nodes.Load" -c Release -o "$root/bench/nodes/.out/load" >&2
sekisho="$root/bench/nodes/.out/cli/sekisho.dll"
load="$root/bench/nodes/.out/load/Sekisho.Nodes.Load.dll"
data="$(mktemp -d)"
dotnet "$sekisho" server init --data "$data/d" --account-id 111122223333 >&2
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
dotnet "$sekisho" server run --data "$data/d" --listen "http://127.0.0.1:$port" >"$data/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
echo '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com"},"Action":"sts:AssumeRole"}]}' > "$data/trust.json"
AWS_SHARED_CREDENTIALS_FILE="$data/d/admin.credentials" AWS_CONFIG_FILE=/dev/null AWS_MAX_ATTEMPTS=1 AWS_DEFAULT_REGION=us-east-1 \
  aws --endpoint-url "http://127.0.0.1:$port" iam create-role --role-name LoadNodeRole \
  --assume-role-policy-document "file://$data/trust.json" >/dev/null
dotnet "$load" --endpoint "http://127.0.0.1:$port/" --credentials "$data/d/admin.credentials" --role LoadNodeRole \
  --server-pid "$pid" --agents "$agents" --idle "$idle"
