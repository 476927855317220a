#!/usr/bin/env python3
"""Measure figures swapped between places on real newswire: Reuters-21578.

A swap keeps every value of a sentence and moves it to another place: "12
cases in Ohio and four in Texas" against a source's "12 cases in Texas and
four in Ohio". Each value is in the source sentence, so a checker that pairs
by value alone passes the swap silently.

The items: Reuters sentences where vouch reads two figures of one unit, each
set in a named place right after it ("32,553 in New York and 24,025 in New
Orleans", "38 pct against 32 pct for Labour"), with different values. Their
stories and a seeded sample of other stories are the corpus. Each sentence
becomes a draft twice:

  kept     as written: neither figure may be flagged
  swapped  with the two figures' texts exchanged: each must be flagged
           figure-mismatch

Kept figures flagged source-conflict are counted apart: Reuters often tells
one fact in several stories of different dates with other numbers (polls,
weekly rainfall), so a source-conflict there is what vouch should say.

Usage: reuters_swaps.py [--docs DIR] [--vouch PATH] [--others N] [--seed N]
                        [--out DIR] [--verbose] [--min-swapped R] [--min-kept R]
Exits 0 after printing, 1 when a rate is below its minimum, 0 with a
"skipped" line when the dataset is absent.
"""
import argparse
import collections
import json
import os
import random
import re
import shutil
import subprocess
import sys
from workdir import work_dir

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_DOCS = os.path.join(ROOT, "..", "shared", "datasets", "reuters21578", "docs")

PREPOSITIONS = {"in", "at", "from", "for", "across"}
CALENDAR = set(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
# A number, then within three words a place preposition and a capital: the
# stories worth reading figures from.
PREFILTER = re.compile(r"(?:\d[\d,.]*|\b(?:two|three|four|five|six|seven|eight|nine|ten))(?: [a-z-]+){0,3} (?:in|at|from|for|across) (?:the )?[A-Z]")
FIGURE_LINE = re.compile(r"^    \[(.*?)\] (\w+)(.*?) (Amount|Date|Ordinal|Vague|Identifier)")
SENTENCE_LINE = re.compile(r"^(\d+): (.*)$")


def place_after(rest):
    """The name right after a figure (as vouch reads it: at most three
    lowercase words, a place preposition, perhaps "the", capitalized words)."""
    words = rest.split()
    i = noun = 0
    while True:
        if i >= len(words):
            return None
        w = words[i]
        i += 1
        if w in PREPOSITIONS:
            break
        noun += 1
        if noun > 3 or not re.fullmatch(r"[a-z-]+", w):
            return None
    if i < len(words) and words[i] == "the":
        i += 1
    name = []
    while i < len(words):
        w = words[i]
        core = w.rstrip(",.;:)!?\"'\u2019\u201d")
        ends = len(core) != len(w)
        if core.endswith("'s"):
            core = core[:-2]
        if not core[:1].isupper() or core.lower().rstrip(".") in CALENDAR:
            break
        name.append(core.lower())
        i += 1
        if ends or len(name) == 4:
            break
    return " ".join(name) or None


def sentences(vouch, path):
    """(text, [(start, end, unit)]) of each sentence vouch reads in a file."""
    out = subprocess.run([vouch, "inspect", path], capture_output=True, text=True, errors="replace").stdout
    result = []
    for line in out.splitlines():
        m = SENTENCE_LINE.match(line)
        if m:
            result.append((m.group(2), []))
            continue
        m = FIGURE_LINE.match(line)
        if m and result:
            text, figs = result[-1]
            start = figs[-1][1] if figs else 0
            at = text.find(m.group(1), start)
            if at >= 0:
                figs.append((at, at + len(m.group(1)), m.group(2) + m.group(3)))
    return result


def swap_pair(text, figs):
    """The first two figures of one unit (not dates or times), different
    values, each in a named place, the places different."""
    places = []
    for k, (a, b, _) in enumerate(figs):
        nxt = figs[k + 1][0] if k + 1 < len(figs) else len(text)
        places.append(place_after(text[b:nxt]))
    for j in range(len(figs)):
        for k in range(j + 1, len(figs)):
            (a0, a1, u), (b0, b1, v) = figs[j], figs[k]
            if (u == v and not u.startswith(("Date", "Ordinal", "Time", "Identifier"))
                    and places[j] and places[k] and places[j] != places[k]
                    and text[a0:a1] != text[b0:b1]):
                return (a0, a1), (b0, b1)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", default=DEFAULT_DOCS)
    ap.add_argument("--vouch", default=os.path.join(ROOT, "target", "release", "vouch"))
    ap.add_argument("--others", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--min-swapped", type=float)
    ap.add_argument("--min-kept", type=float)
    args = ap.parse_args()
    if not os.path.isdir(args.docs):
        print(f"reuters swaps: skipped: {args.docs} is absent")
        return 0
    names = sorted(os.listdir(args.docs))
    items = []
    for name in names:
        path = os.path.join(args.docs, name)
        with open(path, encoding="utf-8", errors="replace") as f:
            raw = f.read()
        if len(PREFILTER.findall(raw)) < 2:
            continue
        for text, figs in sentences(args.vouch, path):
            pair = swap_pair(text, figs)
            if pair:
                items.append((name, text, pair))
    out = work_dir(args.out, "vouch-swaps-")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, "corpus"))
    os.makedirs(os.path.join(out, "drafts"))
    chosen = {name for name, _, _ in items}
    rnd = random.Random(args.seed)
    chosen |= set(rnd.sample(names, min(args.others, len(names))))
    for name in chosen:
        src, dst = os.path.join(args.docs, name), os.path.join(out, "corpus", name)
        try:
            os.link(src, dst)
        except OSError:
            shutil.copyfile(src, dst)
    drafts = []
    for i, (name, text, ((a0, a1), (b0, b1))) in enumerate(items):
        la, lb = a1 - a0, b1 - b0
        swapped = text[:a0] + text[b0:b1] + text[a1:b0] + text[a0:a1] + text[b1:]
        for kind, body, spans in [
            ("kept", text, [(a0, a1), (b0, b1)]),
            ("swapped", swapped, [(a0, a0 + lb), (b0 + lb - la, b1)]),
        ]:
            draft = os.path.join(out, "drafts", f"{kind}-{i:03d}.md")
            with open(draft, "w", encoding="utf-8") as f:
                f.write(body + "\n")
            drafts.append((draft, kind, body, spans))
    run = subprocess.run(
        [args.vouch, "check", "--format", "json", "--corpus", os.path.join(out, "corpus"),
         "--index-dir", os.path.join(out, "index")] + [d for d, _, _, _ in drafts],
        capture_output=True, text=True)
    report = json.loads(run.stdout)
    by_path = {os.path.basename(f["path"]): f["diagnostics"] for f in report["files"]}
    total, good, codes = collections.Counter(), collections.Counter(), collections.defaultdict(collections.Counter)
    for draft, kind, body, spans in drafts:
        diags = by_path.get(os.path.basename(draft), [])
        for s, e in spans:
            # Offsets are UTF-16 code units in the JSON report; Reuters is ASCII.
            got = [d["code"] for d in diags
                   if d["range"]["start"]["line"] == 0
                   and d["range"]["start"]["character"] < e and s < d["range"]["end"]["character"]]
            ok = (not got or got == ["source-conflict"]) if kind == "kept" else got == ["figure-mismatch"]
            total[kind] += 1
            good[kind] += ok
            codes[kind][",".join(got) or "nothing"] += 1
            if args.verbose and not ok:
                print(f"[{kind}] {body[s:e]!r} got {got}\n    {body}")
    print(f"reuters swaps: {len(items)} sentences with two figures in two named places, "
          f"{len(chosen)} stories")
    labels = {"kept": "kept figures left clean (source-conflict aside)",
              "swapped": "swapped figures flagged figure-mismatch"}
    failed = False
    for kind, minimum in (("kept", args.min_kept), ("swapped", args.min_swapped)):
        rate = good[kind] / total[kind] if total[kind] else 0.0
        print(f"  {labels[kind]}: {rate:.3f} of {total[kind]}   codes: {dict(codes[kind])}")
        if minimum is not None and rate < minimum:
            print(f"  below the minimum {minimum}", file=sys.stderr)
            failed = True
    if not args.out:
        shutil.rmtree(out, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
