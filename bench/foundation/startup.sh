#!/usr/bin/env bash
# Foundation benchmark: how long the server takes from process start to /health/ready,
#   cold (empty ./data: migrations + demo registry of seed 001) and warm (existing database),
# and how many registry writes per second it acknowledges (POST /api/officeholders with two
# appointments, 4 parallel clients, SQLite). Re-run: bash bench/foundation/startup.sh [runs]
# Needs: a Release build of the server (bash scripts/run.sh or dotnet build -c Release), curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
RUNS=${1:-3}
DLL="$ROOT/src/ChatArchive.Server/bin/Release/net10.0/ChatArchive.Server.dll"
[ -f "$DLL" ] || dotnet build "$ROOT/src/ChatArchive.Server/ChatArchive.Server.csproj" -c Release -nologo -v q >/dev/null
OUT="$ROOT/bench/out"; mkdir -p "$OUT"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }

start_and_wait() { # $1 data folder, $2 port → sets READY_MS (ms until /health/ready) and SERVER_PID
  local t0; t0=$(now_ms)
  ChatArchive__DataFolder="$1" dotnet "$DLL" --urls "http://127.0.0.1:$2" >"$OUT/server.log" 2>&1 &
  SERVER_PID=$!
  until curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$2/health/ready"; do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server stopped; see $OUT/server.log" >&2; exit 1; }
    sleep 0.05
  done
  READY_MS=$(( $(now_ms) - t0 ))
}
trap '[ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null || true' EXIT

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$RUNS"); do
  DATA=$(mktemp -d); P=$(port)
  start_and_wait "$DATA" "$P"; cold=$READY_MS; kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  start_and_wait "$DATA" "$P"; warm=$READY_MS
  TOKEN=$(curl -fs -X POST -H 'Content-Type: application/json' -d '{"userName":"informatieprofessional.bzk"}' \
    "http://127.0.0.1:$P/api/auth/dev-token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
  BODY='{"departmentCode":"BZK","displayName":"Benchmark staatssecretaris","kind":"StateSecretary","appointments":[{"functionTitle":"Staatssecretaris","startsOn":"2024-07-02","endsOn":"2025-06-03"},{"functionTitle":"Minister","startsOn":"2025-06-04"}]}'
  t0=$(now_ms)
  CLIENTS=()
  for c in 1 2 3 4; do
    ( for n in $(seq 1 50); do curl -fs -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$BODY" "http://127.0.0.1:$P/api/officeholders"; done ) &
    CLIENTS+=($!)
  done
  wait "${CLIENTS[@]}"
  ms=$(( $(now_ms) - t0 ))
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  echo "run $i: cold start to ready ${cold} ms; warm start ${warm} ms; 200 writes in ${ms} ms = $(( 200000 / (ms > 0 ? ms : 1) )) writes/s"
  rm -rf "$DATA"
done
