#!/usr/bin/env python3
"""Builds the final6 evaluation set from the <style>.source.txt files beside this script.

Adapted from ../final5/build.py, and built on it rather than copied: final6 loads ../final5/build.py
(which loads ../final4/build.py, ../final3/build.py and ../final2/build.py: the same source format,
the same checks, the same JSONL output and counts tables) and points that build at this folder: every
message goes to final6/<style>.jsonl (no dev split). final6 is measured once per classifier change
and never tuned on. Written by the separate author "final6", 2026-12-08.

final5's checks with final6's own prefix (skipped with --partial, except the prefix):
- every conversation id starts with "f6-", so the set never collides with another set's ids;
- at least 6 styles, at least 800 messages, at least 5 valid BSNs and at least 8 messages holding a
  9-digit number that fails the 11-check.
final6's own, stricter size checks on the generated JSONL (also skipped with --partial):
- at least 120 messages with a special category (a code other than bsn);
- every code other than bsn on at least 10 messages.

Usage: python3 build.py [--markdown] [--partial]. Stdlib only; deterministic. Needs ../final5/build.py
and the builds it loads beside this folder.
"""
import glob
import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PREFIX = "f6-"
MIN_SPECIAL = 120
MIN_PER_CODE = 10
CODES = ["health", "religion", "ethnicity", "sexual-orientation", "political-opinion",
         "trade-union", "criminal", "genetic-biometric"]


def load_final5_build():
    """../final5/build.py as a module, whose build (final4's, via final3's) reads and writes this folder."""
    path = os.path.join(HERE, "..", "final5", "build.py")
    spec = importlib.util.spec_from_file_location("final5_build", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.final4.final3.base.HERE = HERE
    module.final4.final3.PREFIX = PREFIX
    return module


final5 = load_final5_build()
SourceError = final5.SourceError


def check_special_sizes():
    """final6's stricter minimums, counted on the JSONL the build just wrote."""
    special = 0
    per_code = {code: 0 for code in CODES}
    for path in sorted(glob.glob(os.path.join(HERE, "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                message = json.loads(line)
                if not message["id"].startswith(PREFIX):
                    raise SourceError(f"{os.path.basename(path)}: id {message['id']} lacks prefix {PREFIX}")
                codes = [c for c in message["expectedCategories"] if c != "bsn"]
                if codes:
                    special += 1
                for code in codes:
                    per_code[code] = per_code.get(code, 0) + 1
    if special < MIN_SPECIAL:
        raise SourceError(f"only {special} messages with a special category (need {MIN_SPECIAL})")
    few = [f"{code} {n}" for code, n in sorted(per_code.items()) if n < MIN_PER_CODE]
    if few:
        raise SourceError(f"codes on fewer than {MIN_PER_CODE} messages: {', '.join(few)}")


if __name__ == "__main__":
    try:
        final5.final4.final3.base.main()
        if "--partial" not in sys.argv:
            check_special_sizes()
    except SourceError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
