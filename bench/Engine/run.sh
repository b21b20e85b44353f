#!/usr/bin/env bash
# Engine benchmarks (docs/benchmarks.engine.md). Starts a throwaway PostgreSQL on a free loopback port,
# builds bench/Engine in Release and runs it; arguments go to the benchmark, e.g.
#   bash bench/Engine/run.sh timers --instances 10000
#   bash bench/Engine/run.sh resume --small 1000 --large 100000
#   bash bench/Engine/run.sh steps --instances 1000
#   bash bench/Engine/run.sh javascript
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/postgres.sh
trap pg_throwaway_stop EXIT
pg_throwaway_start || { echo "PostgreSQL could not be started" >&2; exit 1; }
export CHATARCHIVE_BENCH_POSTGRES="Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Database=postgres;Pooling=true"
dotnet build bench/Engine/ChatArchive.Bench.Engine.csproj -c Release -nologo -v q >/dev/null || { echo "build failed" >&2; exit 1; }
echo "[bench] $(date -u +%FT%TZ) $(nproc) cores; PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:${PG_PORT} (fsync=off)"
dotnet bench/Engine/bin/Release/net10.0/ChatArchive.Bench.Engine.dll "$@"
