#!/usr/bin/env bash
# Outbox benchmark: 1,000 queued mails to a local SMTP server (aiosmtpd) in < 30 s, on a throwaway PostgreSQL.
# Usage: bash bench/Notifications/run.sh [count]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
source "$ROOT/scripts/lib/ensure-deps.sh"
ensure_apt_packages postgresql python3-aiosmtpd
source "$ROOT/scripts/lib/postgres.sh"
trap pg_throwaway_stop EXIT
pg_throwaway_start
export CHATARCHIVE_TEST_POSTGRES="Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Database=postgres;Pooling=true"
echo "[bench] load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
dotnet run -c Release --project "$ROOT/bench/Notifications/ChatArchive.Bench.Notifications.csproj" -- "${1:-1000}"
echo "[bench] load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
