#!/usr/bin/env bash
# Runs every test: installs the npm reference engines the differential tests call, then the whole solution.
# Prints a closing 'N passed, N failed' line summed over all test projects.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

ref="$root/tools/reference"
if [ ! -d "$ref/node_modules" ] || [ "$ref/package-lock.json" -nt "$ref/node_modules/.package-lock.json" ]; then
  echo "test.sh: installing the npm reference engines in tools/reference" >&2
  (cd "$ref" && npm ci --no-audit --no-fund --loglevel=error)
fi

log="$(mktemp)"
started="$(mktemp)"  # its time tells this run's result files from an earlier run's
pg_dir=""
cleanup() {
  rm -f "$log" "$started"
  if [ -n "$pg_dir" ]; then "$root/tools/ci/start-postgres.sh" --stop "$pg_dir" || true; fi
}
trap cleanup EXIT

# The storage contract suite runs on PostgreSQL too: start a throwaway cluster unless one is given.
if [ -z "${SEKISHO_TEST_POSTGRES:-}" ]; then
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    eval "$("$root/tools/ci/start-postgres.sh")"
    pg_dir="$SEKISHO_TEST_POSTGRES_DIR"
  else
    echo "test.sh: no PostgreSQL server installed (apt-get install postgresql): the PostgreSQL tests will fail" >&2
  fi
fi
set +e
dotnet test "$root/Sekisho.slnx" -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# The IAM differential test's agreement with iam-simulate, written by this run (not a stale file from an earlier one).
agreement="$root/TestResults/policy-differential/agreement.txt"
if [ -f "$agreement" ] && [ "$agreement" -nt "$started" ]; then
  echo "--- $(realpath --relative-to="$root" "$agreement")"
  cat "$agreement"
fi
# VSTest prints one summary per test project: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ..."
awk '/(Passed|Failed)! +- +Failed:/ { gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s; if (p == 0) exit 1 }' "$log" || status=1
exit "$status"
