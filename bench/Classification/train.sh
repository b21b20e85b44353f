#!/usr/bin/env bash
# Trains the statistical stage of the classifier (issue 12, item 2) and writes the model file that the
# Classification project ships as data; first reports what it gains with a cross-validation that holds
# out whole styles and whole conversations. Only the sets named here are read: the project's own sets,
# the hold-outs and the independent dev set and old final set (the old final is spent: three looks were
# taken, it is development data now). A fresh final set is never read by this script.
# Usage: bench/Classification/train.sh [--cross-validate-only]
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet build src/ChatArchive.Cli -c Release -nologo -v q >/dev/null
sets=(--set eval/classification/set.jsonl --set eval/classification/holdout.jsonl --set eval/classification/holdout2.jsonl
      --set eval/classification/independent/dev --set eval/classification/independent/final
      --set eval/classification/own --set eval/classification/own2 --set eval/classification/final2 --set eval/classification/final3)
if [ "${1:-}" = "--cross-validate-only" ]; then
  dotnet src/ChatArchive.Cli/bin/Release/net10.0/chatarchive.dll train-classifier "${sets[@]}" --cross-validate --thresholds 0.8,0.9,0.95
else
  dotnet src/ChatArchive.Cli/bin/Release/net10.0/chatarchive.dll train-classifier "${sets[@]}" --cross-validate --thresholds 0.8,0.9,0.95 \
    --out src/ChatArchive.Classification/Statistics/Data/text-model.bin
fi
