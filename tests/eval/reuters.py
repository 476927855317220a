#!/usr/bin/env python3
"""Measure the figure checker on real newswire: Reuters-21578.

A seeded sample of stories becomes the corpus; other stories are held out.
Drafts are built from three kinds of sentence, each with at least one figure:

  kept     a corpus sentence copied unchanged: no figure in it may be flagged
  changed  a corpus sentence with one figure changed: that figure must be
           flagged figure-mismatch, and the sentence's other figures not at all
  unseen   a sentence from a held-out story, with a figure no corpus story
           states: it must be flagged (unsupported-figure, or figure-mismatch)

The drafts and their annotations are written in the eval format (NAME.md and
NAME.json) so `score.py --dir` can read them too. Then vouch checks each draft
and this script prints the rates per kind.

Usage: reuters.py [--docs DIR] [--out DIR] [--corpus-size N] [--drafts N]
                  [--seed N] [--vouch PATH] [--json FILE] [--verbose]
                  [--min-kept R] [--min-changed R] [--min-other R] [--min-unseen R]
Exits 0 after printing, 1 when a rate is below its minimum, 2 when the
dataset is absent (nothing to measure).
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
from workdir import work_dir


def link_or_copy(src, dst):
    """Puts a dataset file into the eval's corpus: a hard link where the
    filesystem allows, else a copy. Not a symlink: vouch skips links that lead
    out of the corpus folder (a source must not be a file from elsewhere)."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_DOCS = os.path.join(ROOT, "..", "shared", "datasets", "reuters21578", "docs")

NUMBER = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w%]|[.,]\d|/\d|-\d)")
UNIT = re.compile(
    r"^\s*(?:mln|billion|bln|pct|percent|dlrs|dlr|cts|tonnes|tons|barrels|shares|yen|stg|marks|francs|pct\b)",
    re.I,
)
FIGURE_CODES = {"figure-mismatch", "unsupported-figure", "source-conflict"}
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"(])")


def sentences(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    paras = [p.strip() for p in text.split("\n\n")]
    out = []
    for p in paras[1:]:  # the first paragraph is the headline
        p = " ".join(p.split())
        for s in SENTENCE.split(p):
            if 40 <= len(s) <= 300 and s.endswith("."):
                out.append(s)
    return out


def numbers(s):
    return [(m.start(), m.end(), m.group(0)) for m in NUMBER.finditer(s)]


def with_unit(s, end):
    return bool(UNIT.match(s[end:]))


def change(token, rng):
    """A different number written the same way (decimals, grouping)."""
    plain = token.replace(",", "")
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    value = float(plain)
    for _ in range(20):
        factor = rng.choice([0.5, 0.7, 0.8, 1.25, 1.3, 1.5, 2.0, 3.0])
        new = round(value * factor, decimals)
        if new == value or new <= 0:
            continue
        text = f"{new:,.{decimals}f}" if "," in token else f"{new:.{decimals}f}"
        if text != token:
            return text
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", default=DEFAULT_DOCS)
    ap.add_argument("--out", help="work folder, kept (default: a private temporary one, removed)")
    ap.add_argument("--corpus-size", type=int, default=2000)
    ap.add_argument("--drafts", type=int, default=20)
    ap.add_argument("--per-draft", type=int, default=12, help="sentences of each kind per draft")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--vouch", default=os.path.join(ROOT, "target", "release", "vouch"))
    ap.add_argument("--json", help="write the rates here as JSON")
    ap.add_argument("--verbose", action="store_true")
    for kind in ("kept", "changed", "other", "unseen"):
        ap.add_argument(f"--min-{kind}", type=float, default=0.0,
                        help=f"exit 1 when the {kind} rate is lower")
    a = ap.parse_args()
    a.out = work_dir(a.out, "vouch-reuters-")
    a.vouch = os.path.abspath(shutil.which(a.vouch) or a.vouch)

    if not os.path.isdir(a.docs):
        print(f"reuters: dataset not found at {a.docs}; skipped")
        sys.exit(2)
    rng = random.Random(a.seed)
    names = sorted(n for n in os.listdir(a.docs) if n.endswith(".txt"))
    rng.shuffle(names)
    corpus_names = sorted(names[: a.corpus_size])
    held_out = names[a.corpus_size :]

    corpus_dir = os.path.join(a.out, "corpus")
    drafts_dir = os.path.join(a.out, "drafts")
    shutil.rmtree(a.out, ignore_errors=True)
    os.makedirs(corpus_dir)
    os.makedirs(drafts_dir)
    corpus_numbers = set()
    corpus_sentences = []
    for n in corpus_names:
        src = os.path.join(a.docs, n)
        link_or_copy(os.path.abspath(src), os.path.join(corpus_dir, n))
        with open(src, encoding="utf-8") as f:
            for m in NUMBER.finditer(f.read()):
                corpus_numbers.add(m.group(0))
        corpus_sentences.extend((n, s) for s in sentences(src) if numbers(s))

    unseen_pool = []
    for n in held_out[: a.corpus_size]:
        for s in sentences(os.path.join(a.docs, n)):
            fresh = [x for x in numbers(s) if with_unit(s, x[1]) and x[2] not in corpus_numbers]
            if fresh:
                unseen_pool.append((n, s, fresh))
    rng.shuffle(corpus_sentences)
    rng.shuffle(unseen_pool)

    tally = {k: [0, 0] for k in ("kept", "changed", "changed-other", "unseen")}
    codes_seen = {"changed": {}, "unseen": {}}
    misses = []
    ci = ui = 0
    for d in range(a.drafts):
        paras = []  # (kind, text, items as (token, expect, kind))
        for _ in range(a.per_draft):
            # kept
            n, s = corpus_sentences[ci]
            ci += 1
            paras.append(("kept", s, [(t, []) for _, _, t in numbers(s)]))
            # changed
            while True:
                n, s = corpus_sentences[ci]
                ci += 1
                cands = [x for x in numbers(s) if with_unit(s, x[1])]
                if not cands:
                    continue
                st, en, tok = rng.choice(cands)
                new = change(tok, rng)
                if new is None or new in s:
                    continue
                s2 = s[:st] + new + s[en:]
                items = [(new, ["figure-mismatch"])]
                items += [(t, []) for a0, _, t in numbers(s2) if a0 != st]
                paras.append(("changed", s2, items))
                break
            # unseen
            n, s, fresh = unseen_pool[ui]
            ui += 1
            st, en, tok = fresh[0]
            paras.append(("unseen", s, [(tok, ["unsupported-figure", "figure-mismatch"])]))
        rng.shuffle(paras)
        text = "# Draft %d\n\n" % (d + 1)
        spec_items = []
        kinds = []
        for kind, s, items in paras:
            offset = len(text)
            text += s + "\n\n"
            for tok, expect in items:
                nth = text[:offset].count(tok) + 1
                if text.count(tok) < nth:
                    continue
                item_kind = kind if (kind != "changed" or expect) else "changed-other"
                spec_items.append({"text": tok, "nth": nth, "expect": expect, "why": item_kind})
                kinds.append(item_kind)
        name = "reuters-%02d" % (d + 1)
        with open(os.path.join(drafts_dir, name + ".md"), "w", encoding="utf-8") as f:
            f.write(text)
        with open(os.path.join(drafts_dir, name + ".json"), "w", encoding="utf-8") as f:
            json.dump({"draft": name + ".md", "corpus": "reuters", "items": spec_items}, f, indent=1)

        out = subprocess.run(
            [a.vouch, "check", "--corpus", corpus_dir, "--format", "json",
             os.path.join(drafts_dir, name + ".md")],
            capture_output=True, text=True, cwd=a.out,
        )
        try:
            report = json.loads(out.stdout)
        except json.JSONDecodeError:
            sys.stderr.write(out.stderr)
            sys.exit("reuters: vouch gave no JSON")
        diags = [dg for f in report["files"] for dg in f["diagnostics"]]
        starts = [0]
        for line in text.split("\n"):
            starts.append(starts[-1] + len(line.encode("utf-16-le")) // 2 + 1)

        def absolute(p):
            return starts[p["line"]] + p["character"]

        spans = [(absolute(dg["range"]["start"]), absolute(dg["range"]["end"]), dg) for dg in diags]
        for item in spec_items:
            at = -1
            for _ in range(item["nth"]):
                at = text.find(item["text"], at + 1)
            s0 = len(text[:at].encode("utf-16-le")) // 2
            e0 = s0 + len(item["text"].encode("utf-16-le")) // 2
            # Figures are judged by figure codes: a changed figure inside a
            # quotation is rightly a misquote too, but that is not this measure.
            codes = [dg["code"] for ds, de, dg in spans
                     if ds < e0 and s0 < max(de, ds + 1) and dg["code"] in FIGURE_CODES]
            kind = item["why"]
            if item["expect"]:
                ok = any(c in item["expect"] for c in codes)
                if kind in codes_seen:
                    for c in codes or ["nothing"]:
                        codes_seen[kind][c] = codes_seen[kind].get(c, 0) + 1
            else:
                ok = not codes
            tally[kind][0] += ok
            tally[kind][1] += 1
            if not ok:
                line = text[: text.find(item["text"], max(0, at))].count("\n")
                misses.append(f"{name}:{line + 1} {kind} {item['text']!r} got {codes or 'nothing'}")

    if a.verbose:
        print("\n".join(misses))
    rates = {k: (v[0] / v[1] if v[1] else 1.0, v[1]) for k, v in tally.items()}
    print(f"reuters: corpus {len(corpus_names)} stories, {a.drafts} drafts")
    print(f"  kept sentences, figures left alone: {rates['kept'][0]:.3f} of {rates['kept'][1]}")
    print(f"  changed figures flagged figure-mismatch: {rates['changed'][0]:.3f} of {rates['changed'][1]}"
          f"   codes: {codes_seen['changed']}")
    print(f"  other figures of changed sentences left alone: {rates['changed-other'][0]:.3f} of {rates['changed-other'][1]}")
    print(f"  unseen figures flagged: {rates['unseen'][0]:.3f} of {rates['unseen'][1]}"
          f"   codes: {codes_seen['unseen']}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({k: {"rate": r, "items": n} for k, (r, n) in rates.items()}, f, indent=1)
    minimums = {"kept": a.min_kept, "changed": a.min_changed, "changed-other": a.min_other, "unseen": a.min_unseen}
    low = [f"{k} {rates[k][0]:.3f} < {m}" for k, m in minimums.items() if rates[k][0] < m]
    if low:
        sys.exit("reuters: below the minimum: " + "; ".join(low))


if __name__ == "__main__":
    main()
