#!/usr/bin/env bash
# What each request type makes PostgreSQL do: runs `sekisho server` on a throwaway cluster with pg_stat_statements,
# drives each operation for a while (after a warm-up) and prints, per 1,000 requests, the calls of every statement
# PostgreSQL executed meanwhile (from any connection of the server: requests, audit writer, change feed, trackers),
# plus transactions committed (xact_commit) and WAL flushes (pg_stat_wal.wal_sync).
#
#   bench/server/pg-statements.sh [--concurrency N] [--duration SECONDS] [--warmup SECONDS]
#
# Uses the builds bench/server/run.sh leaves in bench/server/.out (run it, or build them the same way, first).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
concurrency=16 duration=5 warmup=10
while [ $# -gt 0 ]; do
  case "$1" in
    --concurrency) concurrency="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    *) echo "usage: $0 [--concurrency N] [--duration SECONDS] [--warmup SECONDS]" >&2; exit 2 ;;
  esac
done
sekisho="$root/bench/server/.out/cli/sekisho.dll"
load="$root/bench/server/.out/load/Sekisho.Server.Load.dll"
[ -f "$sekisho" ] && [ -f "$load" ] || { echo "build first: bench/server/run.sh builds into bench/server/.out" >&2; exit 1; }
# shellcheck source=../lib/server.sh
. "$root/bench/lib/server.sh"

eval "$("$root/tools/ci/start-postgres.sh")"
data="$(mktemp -d)"
trap '"$root/tools/ci/start-postgres.sh" --stop "$SEKISHO_TEST_POSTGRES_DIR"; rm -rf "$data"' EXIT
bindir="$(ls -d /usr/lib/postgresql/*/bin | sort -V -r | head -1)"
pgdata="$SEKISHO_TEST_POSTGRES_DIR/data"
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
echo "shared_preload_libraries = 'pg_stat_statements'" | as_owner tee -a "$pgdata/postgresql.conf" >/dev/null
echo "pg_stat_statements.track = all" | as_owner tee -a "$pgdata/postgresql.conf" >/dev/null
(cd "$SEKISHO_TEST_POSTGRES_DIR" && as_owner "$bindir/pg_ctl" -D "$pgdata" -w restart -l "$SEKISHO_TEST_POSTGRES_DIR/server.log" >&2)
port="$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$SEKISHO_TEST_POSTGRES")"
psql_() { psql -h 127.0.0.1 -p "$port" -U postgres -d sekisho_test -X -q "$@"; }
psql_ -c "CREATE EXTENSION pg_stat_statements" >/dev/null

trap 'kill ${BENCH_SERVER_PID:-} 2>/dev/null; wait ${BENCH_SERVER_PID:-} 2>/dev/null; "$root/tools/ci/start-postgres.sh" --stop "$SEKISHO_TEST_POSTGRES_DIR"; rm -rf "$data"' EXIT
bench_server_start "$sekisho" "$data" --store "$SEKISHO_TEST_POSTGRES"
port_s="$BENCH_SERVER_PORT"
bench_create_role "$data" LoadTarget '{"AWS":"arn:aws:iam::111122223333:root"}'

for op in GetCallerIdentity AssumeRole; do
  drive() {
    dotnet "$load" --endpoint "http://127.0.0.1:$port_s/" --credentials "$data/d/admin.credentials" --operation "$op" \
      --role-arn "arn:aws:iam::111122223333:role/LoadTarget" --concurrency "$concurrency" "$@"
  }
  drive --duration 1 --warmup "$warmup" >/dev/null
  psql_ -c "SELECT pg_stat_statements_reset(); SELECT pg_stat_reset(); SELECT pg_stat_reset_shared('wal')" >/dev/null
  line="$(drive --duration "$duration" --warmup 0)"
  # The audit writer may still be draining the last requests' events: let it finish before reading the counters.
  sleep 2
  requests="$(sed -n 's/.* requests=\([0-9]*\) .*/\1/p' <<<"$line")"
  echo "== $op: $requests requests in ${duration}s at concurrency $concurrency; per 1,000 requests:"
  psql_ -A -F $'\t' -t -c "
    SELECT round(sum(xact_commit) * 1000.0 / $requests, 1) || E'\ttransactions committed' FROM pg_stat_database WHERE datname = 'sekisho_test'
    UNION ALL SELECT round(wal_sync * 1000.0 / $requests, 1) || E'\tWAL fsyncs' FROM pg_stat_wal
    UNION ALL SELECT x FROM (
      SELECT round(calls * 1000.0 / $requests, 1) || E'\t' || round(total_exec_time::numeric * 1000 / $requests, 1) || ' us/req executing' || E'\t'
             || regexp_replace(left(query, 110), '\s+', ' ', 'g') AS x
      FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat%' ORDER BY calls DESC LIMIT 15) s"
done
