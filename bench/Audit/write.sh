#!/usr/bin/env bash
# The time a write's audit event adds to its request, the way before (write-journal: after its commit the request awaits
# the event's fsynced journal append) against the way now (write-tx: the event is a row of audit_staged in the request's
# own transaction, made durable by the commit the request makes anyway, chained after it). One throwaway PostgreSQL with
# fsync ON (so the commit costs what it costs in production), the two modes in turn, so both see the same drift in load.
# Each run prints its table row (p50/p95/p99 = ms the audit added) and the request's commit and whole time.
# A third mode, write-lock (the chain's lock held in the request's transaction to its commit), is the alternative design.
# Since 2026-12-08: write-none (the request's own row alone, no event: the baseline) against write-batch (the event's
# staged row in the same batch as the request's own row, as the server sends it now); their figure is that batch's round
# trip, so the added time is write-batch's figure (and request time) less write-none's. write-batch-held: write-batch with
# the chainer held off until the end (what the chainer working beside the writes adds). For the batch comparison:
#   bash bench/Audit/write.sh 3 5000 8 1000 "write-none write-batch write-tx"
# Usage: bench/Audit/write.sh [pairs (5)] [events (5000)] [writers (8)] [rate/s (1000)] [modes ("write-journal write-tx")]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
source "$ROOT/scripts/lib/postgres.sh"
trap pg_throwaway_stop EXIT
PG_OPTIONS="-c fsync=on" pg_throwaway_start
echo "fsync: $(psql "host=127.0.0.1 port=${PG_PORT} user=postgres dbname=postgres" -qAtc 'SHOW fsync'), synchronous_commit: $(psql "host=127.0.0.1 port=${PG_PORT} user=postgres dbname=postgres" -qAtc 'SHOW synchronous_commit')"
dotnet build "$ROOT/bench/Audit/ChatArchive.Audit.Bench/ChatArchive.Audit.Bench.csproj" -c Release -nologo -v q > /dev/null
conn="Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Database=postgres;Pooling=true"
for i in $(seq 1 "${1:-5}"); do
  for mode in ${5:-write-journal write-tx}; do
    echo "== pair $i, $mode, $(uptime)"
    dotnet "$ROOT/bench/Audit/ChatArchive.Audit.Bench/bin/Release/net10.0/ChatArchive.Audit.Bench.dll" "$conn" "${2:-5000}" "${3:-8}" "$mode" "${4:-1000}" - \
      | grep -E '^\| write-'
  done
done
echo "uptime after: $(uptime)"
