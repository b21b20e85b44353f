#!/usr/bin/env bash
# Audit trail benchmark (issue "audit trail" acceptance): 1,000 events/s on PostgreSQL, at most 1 ms p95 added to the
# request. Starts a throwaway PostgreSQL on a free loopback port and stops it on exit.
# Usage: bench/Audit/run.sh [events (5000)] [writers (8)] [journal|table (journal)] [rate/s (1000; 0 = flat out)] [journal folder (temp)]
#   journal: AuditJournal.AppendAsync, what a server request awaits (fsynced local journal, chained in the background);
#   table:   AuditTrail.RecordAsync (chained in the table before it returns; the CLI's way).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
source "$ROOT/scripts/lib/postgres.sh"
trap pg_throwaway_stop EXIT
pg_throwaway_start
dotnet build "$ROOT/bench/Audit/ChatArchive.Audit.Bench/ChatArchive.Audit.Bench.csproj" -c Release -nologo -v q > /dev/null
args=("Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Database=postgres;Pooling=true" "${1:-5000}" "${2:-8}" "${3:-journal}" "${4:-1000}")
if [ -n "${5:-}" ]; then args+=("$5"); fi
echo "uptime before: $(uptime)"
dotnet "$ROOT/bench/Audit/ChatArchive.Audit.Bench/bin/Release/net10.0/ChatArchive.Audit.Bench.dll" "${args[@]}"
echo "uptime after: $(uptime)"
