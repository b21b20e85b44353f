#!/usr/bin/env bash
# README command 1: runs ChatArchive on this machine in embedded mode.
# Restores and builds the server, creates ./data/ (SQLite database + demo registry of seed 001 on
# first start), starts the server on a free loopback port and prints the URL. Stop with Ctrl-C.
# Override with environment variables: CHATARCHIVE_PORT (default 5080, else the next free one),
# or any configuration key as in README.md (e.g. ChatArchive__DataFolder, ConnectionStrings__ChatArchive).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
log() { printf '[run] %s\n' "$*" >&2; }

command -v dotnet >/dev/null 2>&1 || { log "De .NET 10 SDK ontbreekt. Installeer die eerst (https://dot.net)."; exit 1; }

# Studio (Elsa Studio WebAssembly assets) is optional for the API; its installer lives beside this script when present.
if [ -f "$ROOT/scripts/lib/ensure-studio.sh" ]; then
  # shellcheck source=/dev/null
  source "$ROOT/scripts/lib/ensure-studio.sh"
  ensure_studio || log "Studio kon niet worden geïnstalleerd; de API en /aanmelden werken wel."
fi
if [ -f "$ROOT/scripts/lib/ensure-web-assets.sh" ]; then
  source "$ROOT/scripts/lib/ensure-web-assets.sh"
  ensure_web_assets || log "De webpakketten konden niet worden geïnstalleerd; de pagina's werken zonder opmaak."
fi

if [ -f "$ROOT/scripts/lib/ensure-deps.sh" ]; then
  # shellcheck source=/dev/null
  source "$ROOT/scripts/lib/ensure-deps.sh"
  # The coverage PDF (/dekking/afdrukken.pdf) is set in DejaVu Sans.
  ensure_apt_packages fonts-dejavu-core || log "Het lettertype DejaVu Sans (fonts-dejavu-core) kon niet worden geïnstalleerd; de PDF van de dekking werkt dan niet, de andere pagina's wel."
fi

log "restore + build (Release)"
dotnet build "$ROOT/src/ChatArchive.Server/ChatArchive.Server.csproj" -c Release -nologo -v q >/dev/null \
  || { dotnet build "$ROOT/src/ChatArchive.Server/ChatArchive.Server.csproj" -c Release -nologo -v q | grep -E "error" | sort -u >&2; exit 1; }

export ChatArchive__DataFolder="${ChatArchive__DataFolder:-$ROOT/data}"
# The embedded demo: demo users sign in without a password. The server honours that only in the
# Development environment and refuses to start with it in any other.
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export ChatArchive__Auth__DevelopmentSignIn="${ChatArchive__Auth__DevelopmentSignIn:-true}"
mkdir -p -m 0700 "$ChatArchive__DataFolder"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT="${CHATARCHIVE_PORT:-5080}"
for _ in $(seq 1 50); do port_free "$PORT" && break; PORT=$((PORT + 1)); done
URL="http://127.0.0.1:${PORT}"

log "server starten (gegevens in $ChatArchive__DataFolder)"
dotnet "$ROOT/src/ChatArchive.Server/bin/Release/net10.0/ChatArchive.Server.dll" --urls "$URL" --contentRoot "$ROOT/src/ChatArchive.Server" &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true' INT TERM EXIT

ready() {
  if command -v curl >/dev/null 2>&1; then
    curl -fs -o /dev/null --max-time 2 "${URL}/health/ready"
  else
    # No curl on a minimal machine: a bare HTTP/1.0 request over bash's /dev/tcp.
    timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/${PORT}; printf 'GET /health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3; head -1 <&3" 2>/dev/null | grep -q " 200"
  fi
}
for _ in $(seq 1 180); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then log "De server is gestopt; zie de meldingen hierboven."; exit 1; fi
  ready && break
  sleep 0.5
done

echo "ChatArchive draait op ${URL}"
echo "  aanmelden (demo):  ${URL}/aanmelden"
echo "  werkstromen (Elsa Studio): ${URL}/studio"
echo "  API-beschrijving:  ${URL}/openapi/v1.json"
echo "  gezondheid:        ${URL}/health"
wait "$SERVER_PID"
