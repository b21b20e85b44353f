#!/usr/bin/env bash
# README command 2: runs every test project and prints "N passed, N failed[, N skipped]" last.
# Installs what is missing (apt: postgresql, chromium, python3-aiosmtpd; npm: Studio package),
# starts a throwaway PostgreSQL on a free loopback port (never 5432) and stops it on exit,
# even when tests fail. Usage: scripts/test.sh [--filter EXPR] [project-name-substring ...]
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
FILTER=""
ONLY=()
while [ $# -gt 0 ]; do
  case "$1" in
    --filter) FILTER="$2"; shift 2 ;;
    *) ONLY+=("$1"); shift ;;
  esac
done

log() { printf '[test] %s\n' "$*" >&2; }

# --- 1. what the tests need from Debian ------------------------------------------------------
source "$ROOT/scripts/lib/ensure-deps.sh"
ensure_apt_packages postgresql chromium python3-aiosmtpd fonts-dejavu-core

# --- 2. throwaway PostgreSQL ----------------------------------------------------------------
source "$ROOT/scripts/lib/postgres.sh"
RESULTS="$ROOT/artifacts/test-results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
cleanup() { pg_throwaway_stop; }
trap cleanup EXIT
pg_throwaway_start || { log "PostgreSQL could not be started"; echo "0 passed, 1 failed"; exit 1; }
export CHATARCHIVE_TEST_POSTGRES="Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Database=postgres;Pooling=true"
export CHATARCHIVE_TEST_ARTIFACTS="$ROOT/artifacts"
log "PostgreSQL on 127.0.0.1:${PG_PORT}"

# --- 3. front-end packages the browser tests use ---------------------------------------------
if [ -f "$ROOT/scripts/lib/ensure-studio.sh" ]; then
  source "$ROOT/scripts/lib/ensure-studio.sh"
  ensure_studio || log "Studio package could not be installed; browser tests will fail"
fi

if [ -f "$ROOT/scripts/lib/ensure-web-assets.sh" ]; then
  source "$ROOT/scripts/lib/ensure-web-assets.sh"
  ensure_web_assets || log "web packages could not be installed; web browser tests will fail"
fi

# --- 4. build once, then every test project ----------------------------------------------------
log "building"
build_targets=("$ROOT/ChatArchive.Workflows.sln")
if [ ${#ONLY[@]} -gt 0 ]; then
  # Only the selected test projects (and what they reference): quicker while working on one module.
  build_targets=()
  for proj in "$ROOT"/tests/*/*.Tests.csproj; do n=$(basename "$proj" .csproj)
    for o in "${ONLY[@]}"; do [[ "$n" == *"$o"* ]] && { build_targets+=("$proj"); break; }; done
  done
fi
for target in "${build_targets[@]}"; do
  if ! dotnet build "$target" -c Release -nologo -v q >> "$RESULTS/build.log" 2>&1; then
    grep -E "error" "$RESULTS/build.log" | sort -u | head -40 >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
done

status=0
for proj in "$ROOT"/tests/*/*.Tests.csproj; do
  name=$(basename "$proj" .csproj)
  if [ ${#ONLY[@]} -gt 0 ]; then
    keep=0; for o in "${ONLY[@]}"; do [[ "$name" == *"$o"* ]] && keep=1; done
    [ $keep -eq 1 ] || continue
  fi
  log "running $name"
  args=(test "$proj" -c Release --no-build --nologo --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS" --blame-hang-timeout 10m)
  [ -n "$FILTER" ] && args+=(--filter "$FILTER")
  dotnet "${args[@]}" > "$RESULTS/$name.log" 2>&1 || status=1
  tail -n 3 "$RESULTS/$name.log" >&2
  [ -f "$RESULTS/$name.trx" ] || { log "$name produced no results"; echo "$name" >> "$RESULTS/missing.txt"; status=1; }
done

# --- 5. one closing line summed over all TRX files ----------------------------------------------
passed=0; failed=0; skipped=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  t=$(get total); e=$(get executed); p=$(get passed); f=$(get failed); er=$(get error); to=$(get timeout); ab=$(get aborted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${er:-0} + ${to:-0} + ${ab:-0}))
  skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ -f "$RESULTS/missing.txt" ]; then failed=$((failed + $(wc -l < "$RESULTS/missing.txt"))); fi
[ $failed -gt 0 ] && status=1
# The failed tests by name, with the first line of their message, so a CI log that shows only its end still says which.
if [ $failed -gt 0 ]; then
  for l in "$RESULTS"/*.log; do
    [ -f "$l" ] || continue
    # Each failed test: its name, the first line of its message, and the test-code line it failed on.
    awk '
      /^  Failed /{ if (name != "") report(); name=$0; sub(/^  Failed /,"",name); msg=""; where=""; state=1; next }
      state==1 && /^  Error Message:/{ getline m; sub(/^ +/,"",m); msg=m; state=2; next }
      state==2 && /^  Stack Trace:/{ state=3; next }
      state==3 && / in .*\/tests\/.*\.cs:line [0-9]+/{ w=$0; sub(/.*\/tests\//,"tests/",w); where=w; state=4; next }
      state>=2 && /^  (Passed|Failed|Skipped) /{ report(); next }
      function report() { if (name != "") printf "[test] failed: %s | %s%s\n", substr(name,1,200), substr(msg,1,160), (where != "" ? " | at " where : ""); name=""; state=0 }
      END { report() }' "$l" >&2
  done
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit $status
