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
# shellcheck source=../lib/server.sh
. "$root/bench/lib/server.sh"
data="$(mktemp -d)"
trap 'kill "${BENCH_SERVER_PID:-}" 2>/dev/null || true; wait "${BENCH_SERVER_PID:-}" 2>/dev/null || true; rm -rf "$data"' EXIT
bench_server_start "$sekisho" "$data"
port="$BENCH_SERVER_PORT" pid="$BENCH_SERVER_PID"
bench_create_role "$data" LoadNodeRole '{"Service":"ssm.amazonaws.com"}'
dotnet "$load" --endpoint "http://127.0.0.1:$port/" --credentials "$data/d/admin.credentials" --role LoadNodeRole \
  --server-pid "$pid" --agents "$agents" --idle "$idle"
