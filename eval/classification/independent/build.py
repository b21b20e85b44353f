#!/usr/bin/env python3
"""Builds the independent evaluation sets from the <style>.source.txt files beside this script.

Source format (one file per style):
    # comment lines (ignored), blank lines ignored
    == <conversation-id>
    <label>|<special codes, comma-separated or empty>|<sender>|<text>
label: B business, P private, Q party-political. A text starting with '>k ' replies to message k
(1-based) of the same conversation. The sender and text may not contain '|' in the first three
fields; the text is everything after the third '|'.

Output: dev/<style>.jsonl and final/<style>.jsonl (split by conversation: sha256 of the id as a
number, modulo 3, 0 goes to final/; a conversation's split depends on its id alone), the contacts
file copied beside them, and a counts table on stdout
(--markdown prints it as Markdown for README.md). Stdlib only; deterministic.
"""
import hashlib
import json
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = {"B": "business", "P": "private", "Q": "party-political"}
CODES = {"health", "religion", "ethnicity", "sexual-orientation", "political-opinion",
         "trade-union", "criminal", "genetic-biometric", "bsn"}
STYLES_REQUIRED = 5
NINE_DIGITS = re.compile(r"(?<![\d])(\d{9})(?![\d])")


def bsn_valid(s):
    if len(s) != 9 or not s.isdigit() or s == "000000000":
        return False
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return sum(int(c) * w for c, w in zip(s, weights)) % 11 == 0


def split_of(conv):
    """dev or final for one conversation: the sha256 of its id, read as a number, modulo 3; 0 goes
    to final/. The split of a conversation depends on its id alone, so adding or editing other
    conversations never moves a conversation between dev/ and final/."""
    return "final" if int(hashlib.sha256(conv.encode("utf-8")).hexdigest(), 16) % 3 == 0 else "dev"


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


def main():
    markdown = "--markdown" in sys.argv
    sources = sorted(f for f in os.listdir(HERE) if f.endswith(".source.txt"))
    if len(sources) < STYLES_REQUIRED:
        print(f"warning: {len(sources)} styles, {STYLES_REQUIRED} required", file=sys.stderr)
    all_ids = set()
    stats = {}
    for split in ("dev", "final"):
        os.makedirs(os.path.join(HERE, split), exist_ok=True)
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
        out = {"dev": [], "final": []}
        for conv, msgs in convs:
            for m in msgs:
                if m["id"] in all_ids:
                    raise SourceError(f"duplicate message id {m['id']} across styles")
                all_ids.add(m["id"])
            out[split_of(conv)].append((conv, msgs))
        for split, items in out.items():
            if not items:
                raise SourceError(f"{style}: no conversation lands in {split}/; rename an id")
            with open(os.path.join(HERE, split, f"{style}.jsonl"), "w", encoding="utf-8", newline="\n") as f:
                for _, msgs in items:
                    for m in msgs:
                        f.write(json.dumps(m, ensure_ascii=False) + "\n")
            shutil.copyfile(contacts_path, os.path.join(HERE, split, f"{style}.contacts.json"))
            s = stats.setdefault((split, style), {"conversations": 0, "messages": 0, "business": 0,
                                                  "private": 0, "party-political": 0, "replies": 0,
                                                  "special": 0, "bsn": 0, "invalid9": 0, "codes": {}})
            for _, msgs in items:
                s["conversations"] += 1
                for m in msgs:
                    s["messages"] += 1
                    s[m["expected"]] += 1
                    s["replies"] += m["replyTo"] is not None
                    s["special"] += bool(m["expectedCategories"])
                    s["bsn"] += m["expectedBsn"]
                    s["invalid9"] += any(not bsn_valid(x) for x in NINE_DIGITS.findall(m["text"]))
                    for c in m["expectedCategories"]:
                        s["codes"][c] = s["codes"].get(c, 0) + 1
    report(stats, markdown)


def report(stats, markdown):
    cols = ["conversations", "messages", "business", "private", "party-political", "replies",
            "special", "bsn", "invalid9"]
    allcodes = sorted(CODES - {"bsn"})
    for split in ("dev", "final"):
        rows = [(style, s) for (sp, style), s in sorted(stats.items()) if sp == split]
        total = {c: sum(s[c] for _, s in rows) for c in cols}
        tcodes = {c: sum(s["codes"].get(c, 0) for _, s in rows) for c in allcodes}
        if markdown:
            print(f"\n### {split}/\n")
            print("| style | " + " | ".join(cols) + " |")
            print("|---" * (len(cols) + 1) + "|")
            for style, s in rows + [("**total**", dict(total))]:
                print(f"| {style} | " + " | ".join(str(s[c]) for c in cols) + " |")
            print("\nSpecial categories (messages per code): " +
                  ", ".join(f"{c} {tcodes[c]}" for c in allcodes))
        else:
            print(split, total, tcodes)


if __name__ == "__main__":
    try:
        main()
    except SourceError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
