#!/usr/bin/env bash
# Classification benchmarks (issue 4 §7), easy to re-run:
#  1. throughput of the rule stage on one core (target >= 200,000 messages/s), Release build;
#  2. the full evaluation on eval/classification/set.jsonl (the test suite only runs a sample).
# Usage: bench/Classification/run.sh [--messages N] [--rounds N]
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet build bench/Classification -c Release -nologo -v q >/dev/null
dotnet bench/Classification/bin/Release/net10.0/ChatArchive.Classification.Bench.dll "$@"
echo
dotnet build src/ChatArchive.Cli -c Release -nologo -v q >/dev/null
dotnet src/ChatArchive.Cli/bin/Release/net10.0/chatarchive.dll eval-classifier --set eval/classification/set.jsonl
echo
# holdout.jsonl was written after the first tuning and then used as a development set (lexicons 1.2.0);
# holdout2.jsonl was written after lexicons 1.2.0 and is never used to change rules or lexicons.
dotnet src/ChatArchive.Cli/bin/Release/net10.0/chatarchive.dll eval-classifier --set eval/classification/holdout.jsonl --contacts eval/classification/holdout.contacts.json
echo
dotnet src/ChatArchive.Cli/bin/Release/net10.0/chatarchive.dll eval-classifier --set eval/classification/holdout2.jsonl --contacts eval/classification/holdout2.contacts.json
