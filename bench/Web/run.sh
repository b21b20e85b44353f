#!/usr/bin/env bash
# Review page benchmark: the first page of a read-out with 20,000 messages in < 500 ms, real server on a throwaway PostgreSQL.
# Usage: bash bench/Web/run.sh [messages]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
source "$ROOT/scripts/lib/ensure-deps.sh"
ensure_apt_packages postgresql
source "$ROOT/scripts/lib/postgres.sh"
trap pg_throwaway_stop EXIT
pg_throwaway_start
export CHATARCHIVE_TEST_POSTGRES="Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Database=postgres;Pooling=true"
# The server is hosted as in the tests (WebApplicationFactory); its content root is the server project.
export ASPNETCORE_TEST_CONTENTROOT_CHATARCHIVE_SERVER="$ROOT/src/ChatArchive.Server"
echo "[bench] load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
dotnet run -c Release --project "$ROOT/bench/Web/ChatArchive.Bench.Web.csproj" -- "${1:-20000}"
echo "[bench] load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
