#!/usr/bin/env bash
# Audit trail benchmark (issue "audit trail" acceptance): events/s on PostgreSQL with several writers keeping one chain.
# Target: >= 1,000 events/s. Starts a throwaway PostgreSQL on a free loopback port and stops it on exit.
# Usage: bench/Audit/run.sh [events (default 5000)] [writers (default 8)]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
source "$ROOT/scripts/lib/postgres.sh"
trap pg_throwaway_stop EXIT
pg_throwaway_start
dotnet build "$ROOT/bench/Audit/ChatArchive.Audit.Bench/ChatArchive.Audit.Bench.csproj" -c Release -nologo -v q > /dev/null
dotnet "$ROOT/bench/Audit/ChatArchive.Audit.Bench/bin/Release/net10.0/ChatArchive.Audit.Bench.dll" \
  "Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Database=postgres;Pooling=true" "${1:-5000}" "${2:-8}"
