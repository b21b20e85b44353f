#!/usr/bin/env bash
# Before/after comparison of two builds of the audit bench on a loaded machine: one throwaway PostgreSQL, the two
# builds run in turn (A B A B ...), so both see the same drift in load. Each run prints its own table row.
# Usage: bench/Audit/compare.sh DIR_A DIR_B [pairs (5)] [events (5000)] [writers (8)] [rate/s (1000)]
#   DIR_A, DIR_B: output folders of `dotnet build bench/Audit/ChatArchive.Audit.Bench -c Release` (copied aside).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
A=$(readlink -f "$1"); B=$(readlink -f "$2")
source "$ROOT/scripts/lib/postgres.sh"
trap pg_throwaway_stop EXIT
pg_throwaway_start
conn="Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Database=postgres;Pooling=true"
for i in $(seq 1 "${3:-5}"); do
  for side in A B; do
    dir=$A; [ "$side" = B ] && dir=$B
    echo "== pair $i, $side ($dir), $(uptime)"
    dotnet "$dir/ChatArchive.Audit.Bench.dll" "$conn" "${4:-5000}" "${5:-8}" journal "${6:-1000}" | grep -E '^\| journal|^\| (queued|write\+fsync|resume) '
  done
done
echo "uptime after: $(uptime)"
