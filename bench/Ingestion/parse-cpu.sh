#!/usr/bin/env bash
# Parse-only CPU seconds, ours vs. npm whatsapp-chat-parser, interleaved runs (docs/benchmarks.ingestion.md,
# "Parse CPU before/after"). Optional BEFORE=<path to an older IngestionBench binary> adds a before column and
# checks that both builds yield the same item stream (digest).
# Usage: MESSAGES=1000000 RUNS=5 [BEFORE=/path/IngestionBench] bash bench/Ingestion/parse-cpu.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
MESSAGES=${MESSAGES:-1000000}
RUNS=${RUNS:-5}
OUT=bench/out/parse-cpu
FILE="$OUT/$MESSAGES/WhatsApp-chat met Crisisoverleg VWS.txt"
# Published as bench/ingestion.sh does (native AOT; NATIVE_AOT=false for ReadyToRun).
read -r NEW NEW_KIND < <(bash bench/Ingestion/publish-parse-tool.sh "$OUT/bin")
echo "parse tool: $NEW_KIND"
mkdir -p "$OUT/$MESSAGES"
[ -f "$FILE" ] || "$NEW" generate "$FILE" "$MESSAGES" 20240201 >/dev/null
[ -d bench/node_modules/whatsapp-chat-parser ] || npm install --prefix bench --no-save --no-audit --no-fund whatsapp-chat-parser@4.0.2 >/dev/null 2>&1
echo "after:  $("$NEW" digest "$FILE")"
if [ -n "${BEFORE:-}" ]; then echo "before: $("$BEFORE" digest "$FILE")"; fi
cpu() { /usr/bin/time -f "%U %S" "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%.2f", $1 + $2 }'; }
for i in $(seq "$RUNS"); do
  line="run $i: ours $(cpu "$NEW" parse "$FILE") s, npm $(cpu node bench/Ingestion/parse-npm.mjs "$FILE") s"
  if [ -n "${BEFORE:-}" ]; then line="$line, before $(cpu "$BEFORE" parse "$FILE") s"; fi
  echo "$line"
done
echo "$(date -u +%FT%RZ), load average $(cut -d' ' -f1-3 /proc/loadavg) (CPU = user + system seconds)"
