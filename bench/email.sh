#!/usr/bin/env bash
# E-mail benchmark (issue 16): read 100,000 mbox messages (target <= 30 s) with `chatarchive inspect --json`
# (parse, hash attachments, write the canonical model). Data is generated deterministically (plain, HTML and
# messages with a small attachment). Usage: bash bench/email.sh   (MAILS=n for another size)
# Results: printed, and written to bench/out/email/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/bench/out/email"
MAILS=${MAILS:-100000}
mkdir -p "$OUT"
dotnet build src/ChatArchive.Cli -c Release -nologo -v q >/dev/null
CLI_DLL="$ROOT/src/ChatArchive.Cli/bin/Release/net10.0/chatarchive.dll"
MBOX="$OUT/Inbox.mbox"
if [ ! -f "$MBOX.$MAILS" ]; then
  rm -f "$OUT"/Inbox.mbox*
  /usr/bin/python3 - "$MBOX" "$MAILS" <<'PY'
import base64, random, sys
path, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(16)
words = "woo besluit nota minister kamerbrief overleg planning begroting stikstof dijk agenda concept reactie".split()
att = base64.encodebytes(bytes(rnd.getrandbits(8) for _ in range(3000))).decode()
with open(path, "w", encoding="utf-8", newline="\n") as f:
    for i in range(n):
        day, sec = 1 + i % 28, i % 86400
        date = f"{day:02d} Mar 2023 {sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d} +0100"
        body = " ".join(rnd.choice(words) for _ in range(40 + i % 80))
        f.write(f"From MAILER-DAEMON Mon Mar  6 09:00:00 2023\nFrom: Medewerker {i % 50} <m{i % 50}@minbzk.nl>\nTo: minister@minbzk.nl\n"
                f"Date: Wed, {date}\nMessage-ID: <{i}@minbzk.nl>\nSubject: Onderwerp {i}\nMIME-Version: 1.0\n")
        if i % 10 == 0:
            f.write(f"Content-Type: multipart/mixed; boundary=\"g{i}\"\n\n--g{i}\nContent-Type: text/plain; charset=utf-8\n\n{body}\n"
                    f"--g{i}\nContent-Type: application/pdf; name=\"nota.pdf\"\nContent-Transfer-Encoding: base64\n\n{att}--g{i}--\n\n")
        elif i % 10 == 1:
            f.write(f"Content-Type: text/html; charset=utf-8\n\n<html><body><p>{body}</p></body></html>\n\n")
        else:
            f.write(f"Content-Type: text/plain; charset=utf-8\n\n{body}\n\n")
PY
  touch "$MBOX.$MAILS"
fi
SIZE=$(stat -c %s "$MBOX")
START=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$OUT/rss" dotnet "$CLI_DLL" inspect --json "$MBOX" > "$OUT/inspect.json"
END=$(date +%s.%N)
SECS=$(echo "$END - $START" | bc)
RSS=$(cat "$OUT/rss")
COUNT=$(grep -o '"sender":' "$OUT/inspect.json" | wc -l)
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "# E-mail benchmark ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "| messages | mbox size | inspect --json | peak RSS | load average |"
  echo "|---|---|---|---|---|"
  echo "| $COUNT | $((SIZE / 1048576)) MB | ${SECS} s | $((RSS / 1024)) MB | $LOAD |"
} | tee "$OUT/results.md"
[ "$COUNT" -eq "$MAILS" ] || { echo "expected $MAILS messages, read $COUNT" >&2; exit 1; }
