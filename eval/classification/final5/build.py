#!/usr/bin/env python3
"""Builds the final5 evaluation set from the <style>.source.txt files beside this script.

Adapted from ../final4/build.py, and built on it rather than copied: final5 loads ../final4/build.py
(which loads ../final3/build.py, which loads ../final2/build.py: the same source format, the same
checks, the same JSONL output and counts tables) and points that build at this folder: every message
goes to final5/<style>.jsonl (no dev split). final5 is measured once per classifier change and never
tuned on. Written by the separate author "final5", 2026-12-07.

final4's checks with final5's own prefix (skipped with --partial, except the prefix):
- every conversation id starts with "f5-", so the set never collides with another set's ids;
- at least 6 styles, at least 800 messages, at least 100 messages with a special category, every
  code other than bsn on at least 5 messages, at least 5 valid BSNs and at least 8 messages holding a
  9-digit number that fails the 11-check.

Usage: python3 build.py [--markdown] [--partial]. Stdlib only; deterministic. Needs ../final4/build.py,
../final3/build.py and ../final2/build.py beside this folder.
"""
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load_final4_build():
    """../final4/build.py as a module, whose build (final3's, with final4's sizes) reads and writes this folder."""
    path = os.path.join(HERE, "..", "final4", "build.py")
    spec = importlib.util.spec_from_file_location("final4_build", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.final3.base.HERE = HERE
    module.final3.PREFIX = "f5-"
    return module


final4 = load_final4_build()
SourceError = final4.SourceError


if __name__ == "__main__":
    try:
        final4.final3.base.main()
    except SourceError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
