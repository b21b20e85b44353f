#!/usr/bin/env python3
"""Builds <style>.jsonl from each <style>.source.txt beside this script, with the parser and checks of
../independent/build.py (same source format, same BSN check); no dev/final split: these are own, tuned-on examples."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "independent"))
import build as independent  # noqa: E402

for name in sorted(os.listdir(HERE)):
    if not name.endswith(".source.txt"):
        continue
    style = name[: -len(".source.txt")]
    convs = independent.parse(os.path.join(HERE, name))
    with open(os.path.join(HERE, style + ".jsonl"), "w", encoding="utf-8") as out:
        for _, records in convs:
            for r in records:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{style}: {sum(len(r) for _, r in convs)} messages")
