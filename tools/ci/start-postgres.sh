#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the storage tests and prints the shell exports that point them at it:
#
#   eval "$(tools/ci/start-postgres.sh)"        # sets SEKISHO_TEST_POSTGRES and SEKISHO_TEST_POSTGRES_DIR
#   tools/ci/start-postgres.sh --stop "$SEKISHO_TEST_POSTGRES_DIR"
#
# Installs nothing: it needs Debian's `postgresql` package (initdb and pg_ctl under /usr/lib/postgresql/*/bin).
# The cluster lives in a new temporary folder, listens on 127.0.0.1 only, on a free port, with trust
# authentication (loopback, throwaway). Run as root (as CI does) it runs the server as the `postgres` user.
# Everything but the exports goes to stderr.
set -euo pipefail

say() { echo "start-postgres: $*" >&2; }

bindir=""
for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then bindir="$dir"; break; fi
done
[ -n "$bindir" ] || { say "no PostgreSQL server found under /usr/lib/postgresql/*/bin: apt-get install postgresql"; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [ "${1:-}" = "--stop" ]; then
  base="${2:?usage: start-postgres.sh --stop DIR}"
  [ -f "$base/data/PG_VERSION" ] || { say "$base holds no cluster started by this script"; exit 1; }
  as_owner "$bindir/pg_ctl" -D "$base/data" -m fast -w stop >&2
  rm -rf "$base"
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  say "running as root but there is no 'postgres' user to run the server as (is the postgresql package installed?)"
  exit 1
fi

base="$(mktemp -d "${TMPDIR:-/tmp}/sekisho-pg.XXXXXX")"
chmod 700 "$base"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$base"; fi
# The server user may not be allowed into the caller's working directory.
cd "$base"

as_owner "$bindir/initdb" -D "$base/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 \
  || { say "initdb failed:"; cat "$base/initdb.log" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

started=""
for attempt in 1 2 3 4 5 6 7 8; do
  port=$(( 20000 + (RANDOM % 20000) ))
  port_in_use "$port" && continue
  if as_owner "$bindir/pg_ctl" -D "$base/data" -l "$base/server.log" -w -t 60 \
       -o "-c listen_addresses=127.0.0.1 -p $port -k $base -c max_connections=300 -c shared_buffers=64MB" start >&2; then
    started=1
    break
  fi
  say "attempt $attempt on port $port failed; retrying"
done
[ -n "$started" ] || { say "could not start PostgreSQL; log:"; cat "$base/server.log" >&2; exit 1; }

as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres sekisho_test >&2

say "PostgreSQL $("$bindir/pg_ctl" --version | awk '{print $3}') listening on 127.0.0.1:$port, data in $base"
echo "export SEKISHO_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=sekisho_test'"
echo "export SEKISHO_TEST_POSTGRES_DIR='$base'"
