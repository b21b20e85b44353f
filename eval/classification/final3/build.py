#!/usr/bin/env python3
"""Builds the final3 evaluation set from the <style>.source.txt files beside this script.

Adapted from ../final2/build.py (the same checks as ../independent/build.py), for a set that is final
only: every message goes to final3/<style>.jsonl (no dev split). final3 is measured once per classifier
change and never tuned on. Written by the separate author "final3", 2026-12-07.

Source format (one file per style):
    # comment lines (ignored), blank lines ignored
    == <conversation-id>
    <label>|<special codes, comma-separated or empty>|<sender>|<text>
label: B business, P private, Q party-political. A text starting with '>k ' replies to message k
(1-based) of the same conversation. The sender and text may not contain '|' in the first three
fields; the text is everything after the third '|'.

Output: <style>.jsonl beside this script (one JSON object per message, in conversation order); the
<style>.contacts.json beside it is the registered-contacts file read with it. Prints a counts table
on stdout (--markdown prints it as Markdown for README.md). Stdlib only; deterministic.

The build refuses: fewer than five styles, an unknown label or code, a duplicate code, a reply to a
message that is not earlier in the conversation, a duplicate conversation or message id (also across
styles), an empty conversation, a message marked bsn without a 9-digit number passing the 11-check,
a valid BSN not marked bsn, a source without a '# officeholder: <name>' line (the officeholder must
write and may not be registered), a registered contact with a bad kind or who never writes a private
or party message, and a contacts file that registers every private/party sender of its style
(registration is partial in real use).

In addition to final2's checks (skipped with --partial): every conversation id starts with "f3-" (so
the set never collides with another set's ids), and the whole set holds at least 700 messages, at least
80 messages with a special category (every code other than bsn at least 3 times), at least 5 valid BSNs
and at least 8 messages with a 9-digit number failing the 11-check.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = {"B": "business", "P": "private", "Q": "party-political"}
CODES = {"health", "religion", "ethnicity", "sexual-orientation", "political-opinion",
         "trade-union", "criminal", "genetic-biometric", "bsn"}
STYLES_REQUIRED = 5
PREFIX = "f3-"
MIN_MESSAGES = 700
MIN_SPECIAL = 80
MIN_PER_CODE = 3
MIN_BSN = 5
MIN_INVALID9 = 8
NINE_DIGITS = re.compile(r"(?<![\d])(\d{9})(?![\d])")


def bsn_valid(s):
    if len(s) != 9 or not s.isdigit() or s == "000000000":
        return False
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return sum(int(c) * w for c, w in zip(s, weights)) % 11 == 0


class SourceError(Exception):
    pass


def parse(path):
    convs = []  # list of (conv_id, [records])
    seen = set()
    current = None
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            where = f"{os.path.basename(path)}:{n}"
            if line.startswith("== "):
                conv = line[3:].strip()
                if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", conv):
                    raise SourceError(f"{where}: bad conversation id {conv!r}")
                if not conv.startswith(PREFIX):
                    raise SourceError(f"{where}: conversation id {conv} does not start with {PREFIX!r}")
                if conv in seen:
                    raise SourceError(f"{where}: duplicate conversation id {conv}")
                seen.add(conv)
                current = (conv, [])
                convs.append(current)
                continue
            if current is None:
                raise SourceError(f"{where}: message before the first '== <id>' line")
            parts = line.split("|", 3)
            if len(parts) != 4:
                raise SourceError(f"{where}: expected label|codes|sender|text")
            label, codes, sender, text = (p.strip() for p in parts)
            if label not in LABELS:
                raise SourceError(f"{where}: unknown label {label!r}")
            code_list = [c.strip() for c in codes.split(",") if c.strip()]
            for c in code_list:
                if c not in CODES:
                    raise SourceError(f"{where}: unknown special code {c!r}")
            if len(set(code_list)) != len(code_list):
                raise SourceError(f"{where}: duplicate special code")
            if not sender or not text:
                raise SourceError(f"{where}: empty sender or text")
            conv, msgs = current
            index = len(msgs) + 1
            reply_to = None
            m = re.match(r">(\d+) ", text)
            if m:
                k = int(m.group(1))
                if not 1 <= k < index:
                    raise SourceError(f"{where}: reply to message {k}, which is not earlier in {conv}")
                reply_to = f"{conv}-m{k:02d}"
                text = text[m.end():].strip()
                if not text:
                    raise SourceError(f"{where}: reply without text")
            has_bsn = "bsn" in code_list
            numbers = NINE_DIGITS.findall(text)
            valid = [x for x in numbers if bsn_valid(x)]
            if has_bsn and not valid:
                raise SourceError(f"{where}: marked bsn but holds no 9-digit number passing the 11-check")
            if not has_bsn and valid:
                raise SourceError(f"{where}: holds a valid BSN {valid[0][:2]}... but is not marked bsn")
            msgs.append({
                "id": f"{conv}-m{index:02d}",
                "conversation": conv,
                "sender": sender,
                "text": text,
                "replyTo": reply_to,
                "expected": LABELS[label],
                "expectedCategories": sorted(c for c in code_list if c != "bsn"),
                "expectedBsn": has_bsn,
            })
    for conv, msgs in convs:
        if not msgs:
            raise SourceError(f"{os.path.basename(path)}: conversation {conv} is empty")
    return convs


def officeholder_of(path):
    """The '# officeholder: <name>' line of a source file (the phone's owner)."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"#\s*officeholder:\s*(.+?)\s*$", line)
            if m:
                return m.group(1)
    raise SourceError(f"{os.path.basename(path)}: no '# officeholder: <name>' line")


def main():
    markdown = "--markdown" in sys.argv
    sources = sorted(f for f in os.listdir(HERE) if f.endswith(".source.txt"))
    if len(sources) < STYLES_REQUIRED and "--partial" not in sys.argv:
        raise SourceError(f"{len(sources)} styles, {STYLES_REQUIRED} required (--partial to build anyway)")
    all_ids = set()
    all_convs = set()
    stats = {}
    for src in sources:
        style = src[: -len(".source.txt")]
        convs = parse(os.path.join(HERE, src))
        contacts_path = os.path.join(HERE, f"{style}.contacts.json")
        with open(contacts_path, encoding="utf-8") as f:
            contacts = json.load(f)
        senders = {m["sender"] for _, msgs in convs for m in msgs}
        for name, kind in contacts.items():
            if kind not in ("private", "party-political"):
                raise SourceError(f"{style}.contacts.json: {name}: bad kind {kind!r}")
            if name not in senders:
                raise SourceError(f"{style}.contacts.json: {name} never sends a message")
        if not contacts:
            raise SourceError(f"{style}.contacts.json: no registered contacts")
        holder = officeholder_of(os.path.join(HERE, src))
        if holder not in senders:
            raise SourceError(f"{src}: the officeholder {holder} never sends a message")
        if holder in contacts:
            raise SourceError(f"{style}.contacts.json: the officeholder is registered as a contact")
        pq_senders = {m["sender"] for _, msgs in convs for m in msgs
                      if m["expected"] != "business"} - {holder}
        for name in contacts:
            if name not in pq_senders:
                raise SourceError(f"{style}.contacts.json: {name} never sends a private or party message")
        if not pq_senders - set(contacts):
            raise SourceError(f"{style}.contacts.json: registers every private/party sender; "
                              "registration is partial in real use")
        for conv, msgs in convs:
            if conv in all_convs:
                raise SourceError(f"duplicate conversation id {conv} across styles")
            all_convs.add(conv)
            for m in msgs:
                if m["id"] in all_ids:
                    raise SourceError(f"duplicate message id {m['id']} across styles")
                all_ids.add(m["id"])
        with open(os.path.join(HERE, f"{style}.jsonl"), "w", encoding="utf-8", newline="\n") as f:
            for _, msgs in convs:
                for m in msgs:
                    f.write(json.dumps(m, ensure_ascii=False) + "\n")
        s = stats.setdefault(style, {"conversations": 0, "messages": 0, "business": 0,
                                     "private": 0, "party-political": 0, "replies": 0,
                                     "special": 0, "bsn": 0, "invalid9": 0, "codes": {},
                                     "special_by_label": {}})
        for _, msgs in convs:
            s["conversations"] += 1
            for m in msgs:
                s["messages"] += 1
                s[m["expected"]] += 1
                s["replies"] += m["replyTo"] is not None
                s["special"] += bool(m["expectedCategories"])
                if m["expectedCategories"]:
                    s["special_by_label"][m["expected"]] = s["special_by_label"].get(m["expected"], 0) + 1
                s["bsn"] += m["expectedBsn"]
                s["invalid9"] += any(not bsn_valid(x) for x in NINE_DIGITS.findall(m["text"]))
                for c in m["expectedCategories"]:
                    s["codes"][c] = s["codes"].get(c, 0) + 1
    if "--partial" not in sys.argv:
        check_totals(stats)
    report(stats, markdown)


def check_totals(stats):
    """The set's minimum sizes (final3 brief): refuses a set too small to score honestly."""
    tot = lambda key: sum(s[key] for s in stats.values())
    if tot("messages") < MIN_MESSAGES:
        raise SourceError(f"{tot('messages')} messages, at least {MIN_MESSAGES} required")
    if tot("special") < MIN_SPECIAL:
        raise SourceError(f"{tot('special')} messages with a special category, at least {MIN_SPECIAL} required")
    for c in sorted(CODES - {"bsn"}):
        n = sum(s["codes"].get(c, 0) for s in stats.values())
        if n < MIN_PER_CODE:
            raise SourceError(f"code {c}: {n} messages, at least {MIN_PER_CODE} required")
    if tot("bsn") < MIN_BSN:
        raise SourceError(f"{tot('bsn')} valid BSNs, at least {MIN_BSN} required")
    if tot("invalid9") < MIN_INVALID9:
        raise SourceError(f"{tot('invalid9')} invalid 9-digit numbers, at least {MIN_INVALID9} required")


def report(stats, markdown):
    cols = ["conversations", "messages", "business", "private", "party-political", "replies",
            "special", "bsn", "invalid9"]
    allcodes = sorted(CODES - {"bsn"})
    rows = sorted(stats.items())
    total = {c: sum(s[c] for _, s in rows) for c in cols}
    tcodes = {c: sum(s["codes"].get(c, 0) for _, s in rows) for c in allcodes}
    n = total["messages"] or 1
    if markdown:
        print("| style | " + " | ".join(cols) + " |")
        print("|---" * (len(cols) + 1) + "|")
        for style, s in rows + [("**total**", dict(total))]:
            print(f"| {style} | " + " | ".join(str(s[c]) for c in cols) + " |")
        print(f"\nShares: business {100 * total['business'] / n:.1f} %, private {100 * total['private'] / n:.1f} %, "
              f"party-political {100 * total['party-political'] / n:.1f} %, special {100 * total['special'] / n:.1f} %.")
        print("\nSpecial categories (messages per code): " +
              ", ".join(f"{c} {tcodes[c]}" for c in allcodes))
        print("\nSpecial categories per style (messages per code):\n")
        print("| style | " + " | ".join(allcodes) + " |")
        print("|---" * (len(allcodes) + 1) + "|")
        for style, s in rows:
            print(f"| {style} | " + " | ".join(str(s["codes"].get(c, 0)) for c in allcodes) + " |")
        by_label = {lab: sum(s["special_by_label"].get(lab, 0) for _, s in rows) for lab in LABELS.values()}
        print("\nMessages with a special category by label: " +
              ", ".join(f"{lab} {n}" for lab, n in by_label.items()) + ".")
    else:
        for style, s in rows:
            print(style, {c: s[c] for c in cols}, s["codes"])
        print("total", total, tcodes)
        print(f"shares: business {100 * total['business'] / n:.1f} %, private {100 * total['private'] / n:.1f} %, "
              f"party {100 * total['party-political'] / n:.1f} %, special {100 * total['special'] / n:.1f} %")


if __name__ == "__main__":
    try:
        main()
    except SourceError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
