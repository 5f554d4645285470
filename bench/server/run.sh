#!/usr/bin/env bash
# Load benchmark of the control plane on loopback: SigV4-signed sts:GetCallerIdentity and sts:AssumeRole against a
# server on SQLite and (with --postgres) on PostgreSQL. Prints one line per run: req/s, p50/p99 latency, CPU.
#
#   bench/server/run.sh [--postgres] [--concurrency N] [--duration SECONDS] [--warmup SECONDS] [--pg-settings 'Key=Value;...']
#
# --pg-settings is appended to the PostgreSQL connection string, to compare Npgsql settings (e.g. 'Max Auto Prepare=0').
#
# Builds sekisho (Release) and the generator, initialises a throwaway data folder, starts `sekisho server run`,
# runs the generator, stops the server. --postgres starts a throwaway cluster with tools/ci/start-postgres.sh.
#
# --concurrency (default 12) is the generator's connections, each with one request in flight. On this 2-core machine
# throughput stops growing at about 8-12 (the cores are busy); beyond that only latency grows, by Little's law
# (latency = connections / throughput), so p99 there measures the generator's own queue. 12 is the fewest that reach
# the most throughput: the point where "req/s and p99 together" means something.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
concurrency=12 duration=10 warmup=30 postgres=0 pg_settings=""
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) postgres=1; shift ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --pg-settings) pg_settings=";$2"; shift 2 ;;
    *) echo "usage: $0 [--postgres] [--concurrency N] [--duration SECONDS] [--warmup SECONDS] [--pg-settings 'Key=Value;...']" >&2; exit 2 ;;
  esac
done

dotnet build "$root/src/Sekisho.Cli" -c Release -o "$root/bench/server/.out/cli" >&2
dotnet build "$root/bench/Sekisho.Server.Load" -c Release -o "$root/bench/server/.out/load" >&2
sekisho="$root/bench/server/.out/cli/sekisho.dll"
load="$root/bench/server/.out/load/Sekisho.Server.Load.dll"
# shellcheck source=../lib/server.sh
. "$root/bench/lib/server.sh"

run_store() {
  local label="$1"; shift
  local data; data="$(mktemp -d)"
  bench_server_start "$sekisho" "$data" "$@"
  local port="$BENCH_SERVER_PORT" pid="$BENCH_SERVER_PID"
  # The role every AssumeRole call targets: its trust policy names the account, so the admin's policies decide.
  bench_create_role "$data" LoadTarget '{"AWS":"arn:aws:iam::111122223333:root"}'
  # A steady-state figure: first drive both operations unmeasured for the warm-up, so the JIT has tiered up
  # every hot method (on a busy 2-core machine that takes tens of seconds), then measure each.
  for op in GetCallerIdentity AssumeRole; do
    dotnet "$load" --endpoint "http://127.0.0.1:$port/" --credentials "$data/d/admin.credentials" --operation "$op" \
      --role-arn "arn:aws:iam::111122223333:role/LoadTarget" --concurrency "$concurrency" --duration 1 --warmup "$warmup" >/dev/null
  done
  for op in GetCallerIdentity AssumeRole; do
    echo -n "$label "
    dotnet "$load" --endpoint "http://127.0.0.1:$port/" --credentials "$data/d/admin.credentials" --operation "$op" \
      --role-arn "arn:aws:iam::111122223333:role/LoadTarget" --concurrency "$concurrency" --duration "$duration" --warmup 5 --server-pid "$pid" \
      ${store_pid:+--store-pid "$store_pid"}
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}

run_store sqlite
if [ "$postgres" = 1 ]; then
  eval "$("$root/tools/ci/start-postgres.sh")"
  # The postmaster: the generator adds its and its backends' CPU to each line (postgresCpu, postgresUs/req).
  store_pid="$(head -1 "$SEKISHO_TEST_POSTGRES_DIR/data/postmaster.pid")"
  trap '"$root/tools/ci/start-postgres.sh" --stop "$SEKISHO_TEST_POSTGRES_DIR"' EXIT
  run_store postgres --store "$SEKISHO_TEST_POSTGRES$pg_settings"
fi
