#!/usr/bin/env bash
# Inbox benchmark: GET /taken with p99 < 100 ms under 50 concurrent users (wrk, 50 connections, each request one of
# 50 signed-in users' cookies), real server on a free loopback port, throwaway PostgreSQL, generated tasks.
# Usage: bash bench/Web/inbox.sh [open tasks per department, default 100] [seconds, default 30]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
source "$ROOT/scripts/lib/ensure-deps.sh"
ensure_apt_packages postgresql wrk
source "$ROOT/scripts/lib/postgres.sh"
trap pg_throwaway_stop EXIT
pg_throwaway_start
export CHATARCHIVE_TEST_POSTGRES="Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Database=postgres;Pooling=true"
export ASPNETCORE_TEST_CONTENTROOT_CHATARCHIVE_SERVER="$ROOT/src/ChatArchive.Server"
# The server's pages need the web packages (Rijkshuisstijl CSS) like the tests do.
source "$ROOT/scripts/lib/ensure-web-assets.sh"
ensure_web_assets
echo "[bench] load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
dotnet run -c Release --project "$ROOT/bench/Web/ChatArchive.Bench.Web.csproj" -- inbox "${1:-100}" "${2:-30}"
echo "[bench] load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
