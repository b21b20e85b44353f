#!/usr/bin/env bash
# Read-out benchmark (issue 10 acceptance): one read-out of 100,000 generated messages in 200 conversations through the
# real ReadOutService (service level, no HTTP): upload → suggestions ready (goal ≤ 30 s), a page of 100 messages and a bulk
# decision on a 10,000-message conversation (goal ≤ 300 ms p95 each), apply cleaning + seal (goal ≤ 20 s).
# Usage: bench/ReadOut/run.sh [postgres|sqlite|both]   (default both; MESSAGES, CONVERSATIONS, BIG, SEED, PAGE_RUNS, BULK_RUNS override)
# PostgreSQL is a throwaway server on a free loopback port (never 5432), stopped at the end. Results: stdout and
# bench/out/readout/results-<provider>.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
WHICH=${1:-both}
OUT="$ROOT/bench/out/readout"
mkdir -p "$OUT"
. "$ROOT/scripts/lib/postgres.sh"
trap pg_throwaway_stop EXIT

# BENCH_DLL: an already built copy (to compare a build before and after a change); otherwise built here.
if [ -n "${BENCH_DLL:-}" ]; then
  BENCH=$BENCH_DLL
else
  dotnet build "$ROOT/bench/ReadOut/ChatArchive.ReadOut.Bench/ChatArchive.ReadOut.Bench.csproj" -c Release -nologo -v q >/dev/null
  BENCH="$ROOT/bench/ReadOut/ChatArchive.ReadOut.Bench/bin/Release/net10.0/ChatArchive.ReadOut.Bench.dll"
fi

if [ "$WHICH" = postgres ] || [ "$WHICH" = both ]; then
  pg_throwaway_start
  export PG_PID; PG_PID=$(head -1 "$PG_DATA/postmaster.pid")
  dotnet "$BENCH" postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Pooling=true" | tee "$OUT/results-postgres.md"
  pg_throwaway_stop
  unset PG_PID
fi
if [ "$WHICH" = sqlite ] || [ "$WHICH" = both ]; then
  dotnet "$BENCH" sqlite | tee "$OUT/results-sqlite.md"
fi
