#!/usr/bin/env bash
# Cedar authorization benchmark (issue 3): Sekisho.Cedar against cedar-wasm on the same requests, same run.
#   bench/cedar/run.sh            single-request latency (p50, p99), allocation per request, throughput ratio
#   bench/cedar/run.sh bdn ...    BenchmarkDotNet (mean/median per request and allocated bytes), e.g. --job short
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ -d "$root/tools/reference/node_modules/@cedar-policy/cedar-wasm" ] || (cd "$root/tools/reference" && npm ci --no-audit --no-fund --loglevel=error)
dotnet build "$root/bench/Sekisho.Cedar.Benchmarks" -c Release --nologo -v quiet >/dev/null
dll="$root/bench/Sekisho.Cedar.Benchmarks/bin/Release/net10.0/Sekisho.Cedar.Benchmarks.dll"
if [ "${1:-}" = "bdn" ]; then
  shift
  cd "$root/bench/Sekisho.Cedar.Benchmarks/bin/Release/net10.0" && exec dotnet "$dll" bdn "$@"
fi
exec dotnet "$dll" latency "$root" "${1:-100000}"
