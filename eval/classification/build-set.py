#!/usr/bin/env python3
"""Converts set.source.txt (hand-written, compact) into set.jsonl, the evaluation set read by
`chatarchive eval-classifier`. Re-run after editing the source: python3 build-set.py"""
import json, os
here = os.path.dirname(os.path.abspath(__file__))
labels = {"B": "business", "P": "private", "Q": "party-political"}
out, conv, ids = [], None, []
for raw in open(os.path.join(here, "set.source.txt"), encoding="utf-8"):
    line = raw.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    if line.startswith("== "):
        conv, ids = line[3:].strip(), []
        continue
    label, special, sender, text = line.split("|", 3)
    reply = None
    if text.startswith(">") and " " in text:
        k, text = text[1:].split(" ", 1)
        reply = ids[int(k) - 1]
    mid = f"{conv}-m{len(ids) + 1:02d}"
    ids.append(mid)
    cats = [c for c in special.split(",") if c]
    out.append({"id": mid, "conversation": conv, "sender": sender, "text": text, "replyTo": reply,
                "expected": labels[label], "expectedCategories": [c for c in cats if c != "bsn"],
                "expectedBsn": "bsn" in cats})
with open(os.path.join(here, "set.jsonl"), "w", encoding="utf-8") as f:
    for o in out:
        f.write(json.dumps(o, ensure_ascii=False) + "\n")
print(len(out), "messages")
