#!/usr/bin/env bash
# Publishes the parse tool (bench/Ingestion/IngestionBench) into the folder $1 and prints two words: the path of its
# binary and how it was built (native-aot, ready-to-run or jit). Used by bench/ingestion.sh and parse-cpu.sh.
#   NATIVE_AOT=true (default): compiled ahead of time to one native program (docs/benchmarks.ingestion.md, "Parse
#     start-up, native AOT"). Needs a C toolchain for the link step (clang, or gcc where clang is missing); when that
#     publish fails the tool falls back to ReadyToRun and says so on stderr.
#   NATIVE_AOT=false: ReadyToRun (precompiled, the JIT compiles the hot loops); READY_TO_RUN=false: the plain build.
set -euo pipefail
OUTDIR=$1
cd "$(dirname "$0")/../.."
PROJECT=bench/Ingestion/IngestionBench
mkdir -p "$OUTDIR"
if [ "${NATIVE_AOT:-true}" = true ]; then
  EXTRA=()
  command -v clang >/dev/null 2>&1 || EXTRA+=(-p:CppCompilerAndLinker=gcc)
  # A processor with AVX2 (x86-64-v3) gets code for it, as the JIT would make: wider vectors in the line split, the
  # UTF-8 decoding and the searches. The program then refuses to start on an older processor, so only where it runs.
  grep -qw avx2 /proc/cpuinfo 2>/dev/null && EXTRA+=(-p:IlcInstructionSet=x86-64-v3)
  if dotnet publish "$PROJECT" -c Release --use-current-runtime -p:NativeAot=true "${EXTRA[@]}" \
       -o "$OUTDIR/native-aot" -nologo -v q >"$OUTDIR/native-aot.log" 2>&1; then
    echo "$OUTDIR/native-aot/IngestionBench native-aot"
    exit 0
  fi
  echo "[bench] native AOT publish failed (see $OUTDIR/native-aot.log); the parse tool is published ReadyToRun instead" >&2
fi
if [ "${READY_TO_RUN:-true}" = true ]; then
  dotnet publish "$PROJECT" -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
    -o "$OUTDIR/ready-to-run" -nologo -v q >/dev/null
  echo "$OUTDIR/ready-to-run/IngestionBench ready-to-run"
else
  dotnet build "$PROJECT" -c Release -nologo -v q >/dev/null
  echo "$(pwd)/$PROJECT/bin/Release/net10.0/IngestionBench jit"
fi
