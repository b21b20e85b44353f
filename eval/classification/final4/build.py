#!/usr/bin/env python3
"""Builds the final4 evaluation set from the <style>.source.txt files beside this script.

Adapted from ../final3/build.py: final4 uses the build of ../final2/build.py itself (the same source
format, the same checks, the same JSONL output and counts tables) pointed at this folder: every
message goes to final4/<style>.jsonl (no dev split). final4 is measured once per classifier change and
never tuned on. Written by the separate author "final4", 2026-12-07.

Added to final2's checks here (the same kind of checks as final3, with final4's own prefix and sizes):
- every conversation id starts with "f4-", so the set never collides with another set's ids;
- the set's minimum size (skipped with --partial): at least 800 messages, at least 100 messages with a
  special category, every code other than bsn on at least 5 messages, at least 5 valid BSNs and at
  least 8 messages holding a 9-digit number that fails the 11-check;
- at least 6 styles (final2's build already refuses fewer than five).

Usage: python3 build.py [--markdown] [--partial]. Stdlib only; deterministic. Needs ../final2/build.py.
"""
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PREFIX = "f4-"
MIN_STYLES = 6
MIN_MESSAGES = 800
MIN_SPECIAL = 100
MIN_PER_CODE = 5
MIN_BSN = 5
MIN_INVALID9 = 8


def load_final2_build():
    """../final2/build.py as a module whose sources and outputs are this folder."""
    path = os.path.join(HERE, "..", "final2", "build.py")
    spec = importlib.util.spec_from_file_location("final2_build", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.HERE = HERE
    return module


base = load_final2_build()
SourceError = base.SourceError
_parse = base.parse
_report = base.report


def parse(path):
    """final2's parse, plus the f4- prefix on every conversation id."""
    convs = _parse(path)
    for conv, _ in convs:
        if not conv.startswith(PREFIX):
            raise SourceError(f"{os.path.basename(path)}: conversation id {conv} does not start with {PREFIX!r}")
    return convs


def check_totals(stats):
    """The set's minimum sizes: refuses a set too small to score honestly."""
    def tot(key):
        return sum(s[key] for s in stats.values())
    if len(stats) < MIN_STYLES:
        raise SourceError(f"{len(stats)} styles, at least {MIN_STYLES} required")
    if tot("messages") < MIN_MESSAGES:
        raise SourceError(f"{tot('messages')} messages, at least {MIN_MESSAGES} required")
    if tot("special") < MIN_SPECIAL:
        raise SourceError(f"{tot('special')} messages with a special category, at least {MIN_SPECIAL} required")
    for c in sorted(base.CODES - {"bsn"}):
        n = sum(s["codes"].get(c, 0) for s in stats.values())
        if n < MIN_PER_CODE:
            raise SourceError(f"code {c}: {n} messages, at least {MIN_PER_CODE} required")
    if tot("bsn") < MIN_BSN:
        raise SourceError(f"{tot('bsn')} valid BSNs, at least {MIN_BSN} required")
    if tot("invalid9") < MIN_INVALID9:
        raise SourceError(f"{tot('invalid9')} invalid 9-digit numbers, at least {MIN_INVALID9} required")


def report(stats, markdown):
    """final2's counts report, after the minimum sizes (final2's main calls it once all styles are built)."""
    if "--partial" not in sys.argv:
        check_totals(stats)
    _report(stats, markdown)


base.parse = parse
base.report = report


if __name__ == "__main__":
    try:
        base.main()
    except SourceError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
