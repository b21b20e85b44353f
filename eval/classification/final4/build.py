#!/usr/bin/env python3
"""Builds the final4 evaluation set from the <style>.source.txt files beside this script.

Adapted from ../final3/build.py, and built on it rather than copied: final4 loads ../final3/build.py,
which itself loads ../final2/build.py (the same source format, the same checks, the same JSONL output
and counts tables), and points that build at this folder: every message goes to final4/<style>.jsonl
(no dev split). final4 is measured once per classifier change and never tuned on. Written by the
separate author "final4", 2026-12-07.

final3's checks with final4's own prefix and sizes (skipped with --partial, except the prefix):
- every conversation id starts with "f4-", so the set never collides with another set's ids;
- at least 800 messages, at least 100 messages with a special category, every code other than bsn
  on at least 5 messages, at least 5 valid BSNs and at least 8 messages holding a 9-digit number
  that fails the 11-check;
- and, added here, at least 6 styles (final2's build already refuses fewer than five).

Usage: python3 build.py [--markdown] [--partial]. Stdlib only; deterministic. Needs ../final3/build.py
and ../final2/build.py beside this folder.
"""
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MIN_STYLES = 6


def load_final3_build():
    """../final3/build.py as a module, with final4's prefix and sizes, whose sources and outputs are this folder."""
    path = os.path.join(HERE, "..", "final3", "build.py")
    spec = importlib.util.spec_from_file_location("final3_build", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.base.HERE = HERE
    module.PREFIX = "f4-"
    module.MIN_MESSAGES = 800
    module.MIN_SPECIAL = 100
    module.MIN_PER_CODE = 5
    module.MIN_BSN = 5
    module.MIN_INVALID9 = 8
    return module


final3 = load_final3_build()
SourceError = final3.SourceError
_check_totals = final3.check_totals


def check_totals(stats):
    """final3's minimum sizes (with final4's numbers), plus the number of styles."""
    if len(stats) < MIN_STYLES:
        raise SourceError(f"{len(stats)} styles, at least {MIN_STYLES} required")
    _check_totals(stats)


final3.check_totals = check_totals


if __name__ == "__main__":
    try:
        final3.base.main()
    except SourceError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
