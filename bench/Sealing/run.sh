#!/usr/bin/env bash
# Sealing benchmark (issue 5 acceptance): seal and verify 2 GB of attachments and, in the same run, time
# `openssl dgst -sha256` over the same files. Target: sealing and verifying each reach >= 70 % of openssl's throughput.
# Usage: bench/Sealing/run.sh [total-MB (default 2048)] [file-MB (default 128)]
# Output: a table on stdout; append it to docs/benchmarks.sealing.md with the date.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
export TOTAL_MB=${1:-2048}
export NPROC=$(nproc)
FILE_MB=${2:-128}
OUT="$ROOT/bench/out/sealing"
FILES="$OUT/attachments-${TOTAL_MB}x${FILE_MB}"
WORK="$OUT/work"
mkdir -p "$FILES"

# 1. Attachments: incompressible bytes, generated once and reused by later runs.
count=$((TOTAL_MB / FILE_MB))
for i in $(seq -w 1 "$count"); do
  f="$FILES/bijlage-$i.bin"
  if [ ! -f "$f" ] || [ "$(stat -c %s "$f")" -ne $((FILE_MB * 1048576)) ]; then
    head -c $((FILE_MB * 1048576)) /dev/urandom > "$f"
  fi
done
BYTES=$(cat "$FILES"/*.bin | wc -c)

dotnet build "$ROOT/bench/Sealing/ChatArchive.Sealing.Bench/ChatArchive.Sealing.Bench.csproj" -c Release -nologo -v q > /dev/null
BENCH="$ROOT/bench/Sealing/ChatArchive.Sealing.Bench/bin/Release/net10.0/ChatArchive.Sealing.Bench.dll"

time_openssl() {
  local s e
  s=$(date +%s.%N)
  openssl dgst -sha256 "$FILES"/*.bin > /dev/null
  e=$(date +%s.%N)
  echo "$s $e" | awk -v b="$BYTES" '{ t = $2 - $1; printf "openssl %d %.3f %.1f\n", b, t, b / t / 1e6 }'
}

# Reference for the write side: plain `dd` of the same amount into the page cache on the same filesystem. Sealing must
# write every byte once, so it cannot be faster than this; when dd is slow, the disk (not the hashing) is the limit.
time_dd() {
  local s e
  s=$(date +%s.%N)
  dd if=/dev/zero of="$OUT/dd-write.bin" bs=1M count="$TOTAL_MB" status=none
  e=$(date +%s.%N)
  rm -f "$OUT/dd-write.bin"
  echo "$s $e" | awk -v b="$BYTES" '{ t = $2 - $1; printf "dd-write(reference) %d %.3f %.1f\n", b, t, b / t / 1e6 }'
}

# 2. openssl first (also warms the page cache so every phase reads from memory alike), then ours, then openssl again.
#    seal-no-fsync: files reach the page cache (what openssl's read side sees); seal-fsync: every file is on disk before
#    the package is renamed into place (the store's default), so that phase is bound by the disk's write speed.
results=$( {
  time_openssl
  dotnet "$BENCH" "$FILES" "$WORK" --no-fsync;              rm -rf "$WORK"
  dotnet "$BENCH" "$FILES" "$WORK" --no-fsync --parallel 2; rm -rf "$WORK"
  dotnet "$BENCH" "$FILES" "$WORK" --parallel 2;            rm -rf "$WORK"
  time_dd
  time_openssl
} )
rm -rf "$WORK"

# 3. The bar is the better of the two openssl runs.
echo "$results" | awk -v load="$(cut -d" " -f1-3 /proc/loadavg)" -v date="$(date -u +%Y-%m-%dT%H:%MZ)" -v cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" '
  { phase[NR] = $1; mbs[NR] = $4; secs[NR] = $3; if ($1 == "openssl" && $4 > best) best = $4 }
  END {
    printf "Measured %s on %s, %d cores, load average %s (%d MB of attachments)\n\n", date, cpu, ENVIRON["NPROC"], load, ENVIRON["TOTAL_MB"]
    printf "| phase | seconds | MB/s | vs openssl |\n|---|---|---|---|\n"
    for (i = 1; i <= NR; i++) printf "| %s | %s | %s | %.0f %% |\n", phase[i], secs[i], mbs[i], 100 * mbs[i] / best
  }'
