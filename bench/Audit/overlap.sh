#!/usr/bin/env bash
# The time a content read's audit event adds to its request, the way before (sequential: the request awaits the journal's
# flush, then does its own work) against the way now (overlap: the flush runs beside the request's own work and the answer
# waits only for what is left of it). One throwaway PostgreSQL, the two modes in turn (sequential, overlap, ...), so both
# see the same drift in load. Each run prints its table row; p50/p95/p99 are the ms the audit added to one request.
# Usage: bench/Audit/overlap.sh [pairs (5)] [events (5000)] [writers (8)] [rate/s (1000)] [request's own work in ms (2)]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
source "$ROOT/scripts/lib/postgres.sh"
trap pg_throwaway_stop EXIT
pg_throwaway_start
dotnet build "$ROOT/bench/Audit/ChatArchive.Audit.Bench/ChatArchive.Audit.Bench.csproj" -c Release -nologo -v q > /dev/null
conn="Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Database=postgres;Pooling=true"
for i in $(seq 1 "${1:-5}"); do
  for mode in sequential overlap; do
    echo "== pair $i, $mode, $(uptime)"
    dotnet "$ROOT/bench/Audit/ChatArchive.Audit.Bench/bin/Release/net10.0/ChatArchive.Audit.Bench.dll" "$conn" "${2:-5000}" "${3:-8}" "$mode" "${4:-1000}" - "${5:-2}" \
      | grep -E '^\| (sequential|overlap)|^\| (queued|write\+fsync|resume) '
  done
done
echo "uptime after: $(uptime)"
