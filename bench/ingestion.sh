#!/usr/bin/env bash
# Ingestion benchmark (issue 3). In one run, side by side:
#   1. parse only, ours vs. npm whatsapp-chat-parser 4.0.2 on the same generated file (wall time, peak RSS);
#   2. full ingest of 1,000,000 messages into a throwaway PostgreSQL (target <= 60 s);
#   3. re-ingest of a later export of the same chat with 1 % new messages (target <= 10 % of step 2).
# Usage: bash bench/ingestion.sh            (MESSAGES=200000 bash bench/ingestion.sh for a quick run; RUNS=n parse runs, default 5)
# Results: printed, and written to bench/out/ingestion/results.md. Data is generated deterministically.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/out/ingestion"
MESSAGES=${MESSAGES:-1000000}
RUNS=${RUNS:-5}
SEED=${SEED:-20240201}
mkdir -p "$OUT/first" "$OUT/second" "$OUT/bin"
log() { printf '[bench] %s\n' "$*" >&2; }

log "building (Release)"
# The parse tool is published as a native program (ahead-of-time compiled): a parse is a short process, and with the JIT
# a fifth of its CPU went to starting the runtime and compiling (docs/benchmarks.ingestion.md, "Parse start-up, native
# AOT"). NATIVE_AOT=false measures the ReadyToRun build instead, READY_TO_RUN=false with it the plain build.
read -r BENCH BENCH_KIND < <(bash "$ROOT/bench/Ingestion/publish-parse-tool.sh" "$OUT/bin")
dotnet build src/ChatArchive.Cli -c Release -nologo -v q >/dev/null
CLI_DLL="$ROOT/src/ChatArchive.Cli/bin/Release/net10.0/chatarchive.dll"

FIRST="$OUT/first/WhatsApp-chat met Crisisoverleg VWS.txt"
SECOND="$OUT/second/WhatsApp-chat met Crisisoverleg VWS.txt"
NEXT=$(( MESSAGES + MESSAGES / 100 ))
if [ ! -f "$FIRST.$MESSAGES.$SEED" ]; then
  log "generating $MESSAGES messages (seed $SEED) and a later export with $NEXT"
  rm -f "$OUT"/first/* "$OUT"/second/*
  "$BENCH" generate "$FIRST" "$MESSAGES" "$SEED" >/dev/null
  "$BENCH" generate "$SECOND" "$NEXT" "$SEED" >/dev/null
  touch "$FIRST.$MESSAGES.$SEED"
fi
SIZE=$(stat -c %s "$FIRST")

if [ ! -d "$ROOT/bench/node_modules/whatsapp-chat-parser" ]; then
  log "installing npm whatsapp-chat-parser@4.0.2 into bench/node_modules"
  npm install --prefix "$ROOT/bench" --no-save --no-audit --no-fund whatsapp-chat-parser@4.0.2 >/dev/null 2>&1
fi

# measure NAME CMD...: wall seconds and peak RSS (MB) from GNU time.
declare -A WALL RSS CPU DBCPU
# CPU seconds the PostgreSQL server spent: the postmaster's own plus its reaped backends' (utime, stime, cutime, cstime).
pg_cpu() {
  [ -n "${PG_DATA:-}" ] && [ -f "$PG_DATA/postmaster.pid" ] || { echo 0; return; }
  awk -v t="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15 + $16 + $17) / t }' "/proc/$(head -1 "$PG_DATA/postmaster.pid")/stat"
}
measure() {
  local name=$1; shift
  local db_before; db_before=$(pg_cpu)
  /usr/bin/time -v "$@" > "$OUT/$name.out" 2> "$OUT/$name.time" || { cat "$OUT/$name.out" "$OUT/$name.time" >&2; exit 1; }
  sleep 1 # let the postmaster reap the CLI's backend, so its CPU time is counted
  local e; e=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$OUT/$name.time")
  WALL[$name]=$(awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }' <<< "$e")
  RSS[$name]=$(awk '/Maximum resident set size/ { printf "%.0f", $6/1024 }' "$OUT/$name.time")
  # CPU seconds of the measured process (user + system): less disturbed than wall time on a shared machine.
  CPU[$name]=$(awk '/User time|System time/ { s += $NF } END { printf "%.2f", s }' "$OUT/$name.time")
  DBCPU[$name]=$(awk -v a="$db_before" -v b="$(pg_cpu)" 'BEGIN { printf "%.2f", b - a }')
  log "$name: ${WALL[$name]} s wall, ${CPU[$name]} s CPU, ${RSS[$name]} MB — $(tail -1 "$OUT/$name.out")"
}

log "parse only: $RUNS alternating runs of each, medians reported"
# Build servers left by the builds above would compete for the 2 cores; one warm-up run of each loads the binaries.
dotnet build-server shutdown >/dev/null 2>&1 || true
"$BENCH" parse "$FIRST" >/dev/null
node "$ROOT/bench/Ingestion/parse-npm.mjs" "$FIRST" >/dev/null
declare -a OURS_W OURS_C NPM_W NPM_C
for i in $(seq "$RUNS"); do
  measure parse_ours "$BENCH" parse "$FIRST"; OURS_W+=("${WALL[parse_ours]}"); OURS_C+=("${CPU[parse_ours]}")
  measure parse_npm node "$ROOT/bench/Ingestion/parse-npm.mjs" "$FIRST"; NPM_W+=("${WALL[parse_npm]}"); NPM_C+=("${CPU[parse_npm]}")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
WALL[parse_ours]=$(median "${OURS_W[@]}"); CPU[parse_ours]=$(median "${OURS_C[@]}")
WALL[parse_npm]=$(median "${NPM_W[@]}"); CPU[parse_npm]=$(median "${NPM_C[@]}")

log "starting a throwaway PostgreSQL"
source "$ROOT/scripts/lib/postgres.sh"
trap pg_throwaway_stop EXIT
pg_throwaway_start
export ChatArchive__Database__Provider=PostgreSql
export ConnectionStrings__ChatArchive="Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Database=postgres"
export ChatArchive__DataFolder="$OUT/data"
dotnet "$CLI_DLL" db migrate >/dev/null
# Since migration 0101 a read-out must name a registry officeholder (FK): register officeholder 1 once.
REGISTER="INSERT INTO departments (code, name) VALUES ('bench', 'Benchmarkministerie') ON CONFLICT DO NOTHING;
INSERT INTO officeholders (id, department_id, display_name, kind, created_at) SELECT 1, id, 'Minister (benchmark)', 'Minister', now() FROM departments WHERE code = 'bench' ON CONFLICT DO NOTHING;"
runuser -u postgres -- "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -c "$REGISTER" >/dev/null 2>&1 \
  || "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -c "$REGISTER" >/dev/null

measure ingest_first dotnet "$CLI_DLL" ingest "$FIRST" --officeholder 1 --channel whatsapp --read-out-at 2024-02-01T10:00:00+01:00
measure ingest_second dotnet "$CLI_DLL" ingest "$SECOND" --officeholder 1 --channel whatsapp --read-out-at 2024-03-01T10:00:00+01:00
STORED=$(runuser -u postgres -- "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -At -c "SELECT count(*) FROM ingest_messages" 2>/dev/null \
         || "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -At -c "SELECT count(*) FROM ingest_messages")

speed=$(awk -v a="${WALL[parse_npm]}" -v b="${WALL[parse_ours]}" 'BEGIN { printf "%.1f", a/b }')
mem=$(awk -v a="${RSS[parse_ours]}" -v b="${RSS[parse_npm]}" 'BEGIN { printf "%.2f", a/b }')
reratio=$(awk -v a="${WALL[ingest_second]}" -v b="${WALL[ingest_first]}" 'BEGIN { printf "%.0f", 100*a/b }')
{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); file: $MESSAGES messages, $SIZE bytes (seed $SEED); parse tool: $BENCH_KIND."
  echo "CPU = user + system seconds of the measured process; DB CPU = seconds the PostgreSQL server spent meanwhile. On a loaded machine CPU seconds say more than wall time."
  echo
  echo "| step | wall (s) | CPU (s) | DB CPU (s) | peak RSS (MB) | target | result |"
  echo "|---|---|---|---|---|---|---|"
  echo "| parse only, ours (median of $RUNS) | ${WALL[parse_ours]} | ${CPU[parse_ours]} | | ${RSS[parse_ours]} | | |"
  echo "| parse only, whatsapp-chat-parser 4.0.2 (median of $RUNS) | ${WALL[parse_npm]} | ${CPU[parse_npm]} | | ${RSS[parse_npm]} | | |"
  echo "| ratio | ${speed}× faster | | | ${mem} of its memory | ≥ 8×, ≤ 0.125 (issue 16) | $(awk -v s="$speed" -v m="$mem" 'BEGIN { print (s>=8 && m<=0.125) ? "met" : "NOT met" }') |"
  echo "| ingest $MESSAGES into PostgreSQL | ${WALL[ingest_first]} | ${CPU[ingest_first]} | ${DBCPU[ingest_first]} | ${RSS[ingest_first]} | ≤ 60 s | $(awk -v a="${WALL[ingest_first]}" 'BEGIN { print (a<=60) ? "met" : "NOT met" }') |"
  echo "| re-ingest later export (+1 %) | ${WALL[ingest_second]} | ${CPU[ingest_second]} | ${DBCPU[ingest_second]} | ${RSS[ingest_second]} | ≤ 10 % of first | ${reratio} % — $(awk -v r="$reratio" 'BEGIN { print (r<=10) ? "met" : "NOT met" }') |"
  echo
  echo "Messages stored after both read-outs: $STORED (expected $NEXT)."
  echo
  echo "Parse runs, wall seconds in order: ours ${OURS_W[*]}; whatsapp-chat-parser ${NPM_W[*]}. CPU seconds: ours ${OURS_C[*]}; whatsapp-chat-parser ${NPM_C[*]}."
} | tee "$OUT/results.md"
