#!/usr/bin/env bash
# Coverage report benchmark (issue "compliance monitoring" acceptance): the report for 12 departments x 50 officeholders
# x 6 channels x 3 years of monthly read-outs renders in < 1 s. Runs on a throwaway PostgreSQL (free loopback port,
# stopped on exit) and on SQLite. Usage: bench/Coverage/run.sh [runs (default 5)]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
source "$ROOT/scripts/lib/postgres.sh"
trap pg_throwaway_stop EXIT
pg_throwaway_start
dotnet build "$ROOT/bench/Coverage/ChatArchive.Coverage.Bench/ChatArchive.Coverage.Bench.csproj" -c Release -nologo -v q > /dev/null
DLL="$ROOT/bench/Coverage/ChatArchive.Coverage.Bench/bin/Release/net10.0/ChatArchive.Coverage.Bench.dll"
echo "load: $(uptime)"
dotnet "$DLL" PostgreSql "Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Database=postgres;Pooling=true" "${1:-5}"
dotnet "$DLL" Sqlite "" "${1:-5}"
