#!/usr/bin/env bash
# Parse throughput and peak memory of the non-WhatsApp readers (Signal, SMS, Telegram, iMessage, Teams).
# Usage: bench/formats.sh [messages-per-format] [format ...]   (default 200000, all five formats)
# Generated exports are deterministic (fixed seed) and kept in bench/out/formats/ (git-ignored) for re-runs.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-200000}"; shift || true
FORMATS=("$@"); [ ${#FORMATS[@]} -gt 0 ] || FORMATS=(telegram sms signal imessage teams)
OUT=bench/out/formats
dotnet build bench/ChatArchive.Formats.Bench -c Release -nologo -v q >/dev/null
BIN=bench/ChatArchive.Formats.Bench/bin/Release/net10.0/ChatArchive.Formats.Bench
echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $N messages per format."
echo
echo "| format | messages | export size | parse time | throughput | peak working set | attachments |"
echo "|---|---|---|---|---|---|---|"
for f in "${FORMATS[@]}"; do
  dir="$OUT/$f-$N"
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"; "$BIN" generate "$f" "$dir" "$N"; touch "$dir/.complete"
  fi
  "$BIN" parse "$f" "$dir"
done
