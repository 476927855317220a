#!/usr/bin/env python3
"""Measure the quote checker on real newswire: Reuters-21578.

A seeded sample of stories becomes the corpus; other stories are held out.
From the corpus's quotations with a named speaker ("...," said Bill Sullivan;
Paul Collins said: "...") drafts are built of five kinds of paragraph:

  kept      the quotation, given to its speaker: nothing may be flagged
  cut       the quotation cut with an ellipsis, given to its speaker: nothing
  changed   one word of the quotation replaced: must be flagged misquote
  swapped   the quotation given to another speaker of the corpus: must be
            flagged misattribution
  unseen    a quotation from a held-out story: must be flagged quote-not-found

Usage: reuters_quotes.py [--docs DIR] [--out DIR] [--corpus-size N] [--drafts N]
                         [--seed N] [--vouch PATH] [--verbose] [--min-KIND R]...
Exits 0 after printing, 1 when a rate is below its minimum, 2 when the
dataset is absent.
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys


from reuters import link_or_copy
from workdir import work_dir


HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_DOCS = os.path.join(ROOT, "..", "shared", "datasets", "reuters21578", "docs")

NAME = r"([A-Z][a-z]+(?: [A-Z]\.)? [A-Z][a-z]{2,})"
# The name must end the clause or be followed by "of": "said Merrill Lynch
# analyst Edmund Greenslet" names a firm first, and is left out.
AFTER = re.compile(r'"([^"\n]{30,240}?),?" said ' + NAME + r"(?=[,.]| of )")
BEFORE = re.compile(NAME + r' said: "([^"\n]{30,240}?)[.,]?"')
KINDS = ("kept", "cut", "changed", "swapped", "unseen")


def quotes(path):
    """(quote, speaker) pairs of a story, whitespace normalised."""
    with open(path, encoding="utf-8") as f:
        text = " ".join(f.read().split())
    out = [(m.group(1), m.group(2)) for m in AFTER.finditer(text)]
    out += [(m.group(2), m.group(1)) for m in BEFORE.finditer(text)]
    return [(q.rstrip(",. "), s) for q, s in out if len(q.split()) >= 6]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", default=DEFAULT_DOCS)
    ap.add_argument("--out", help="work folder, kept (default: a private temporary one, removed)")
    ap.add_argument("--corpus-size", type=int, default=5000)
    ap.add_argument("--drafts", type=int, default=10)
    ap.add_argument("--per-draft", type=int, default=5, help="paragraphs of each kind per draft")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--vouch", default=os.path.join(ROOT, "target", "release", "vouch"))
    ap.add_argument("--verbose", action="store_true")
    for kind in KINDS:
        ap.add_argument(f"--min-{kind}", type=float, default=0.0)
    a = ap.parse_args()
    a.out = work_dir(a.out, "vouch-reuters-quotes-")
    a.vouch = os.path.abspath(shutil.which(a.vouch) or a.vouch)
    if not os.path.isdir(a.docs):
        print(f"reuters-quotes: dataset not found at {a.docs}; skipped")
        sys.exit(2)

    rng = random.Random(a.seed)
    names = sorted(n for n in os.listdir(a.docs) if n.endswith(".txt"))
    rng.shuffle(names)
    corpus_names, held_out = sorted(names[: a.corpus_size]), names[a.corpus_size :]
    corpus_dir = os.path.join(a.out, "corpus")
    drafts_dir = os.path.join(a.out, "drafts")
    shutil.rmtree(a.out, ignore_errors=True)
    os.makedirs(corpus_dir)
    os.makedirs(drafts_dir)
    pool, corpus_text = [], []
    for n in corpus_names:
        src = os.path.join(a.docs, n)
        link_or_copy(os.path.abspath(src), os.path.join(corpus_dir, n))
        with open(src, encoding="utf-8") as f:
            corpus_text.append(" ".join(f.read().split()).lower())
        pool.extend(quotes(src))
    corpus_blob = "\n".join(corpus_text)
    # A quotation stated twice by different people would make "swapped" ambiguous.
    said_by = {}
    for q, s in pool:
        said_by.setdefault(q, set()).add(s.split()[-1])
    pool = [(q, s) for q, s in pool if len(said_by[q]) == 1]
    unseen = []
    for n in held_out[:6000]:
        for q, s in quotes(os.path.join(a.docs, n)):
            if " ".join(q.lower().split()[:4]) not in corpus_blob:
                unseen.append((q, s))
    rng.shuffle(pool)
    rng.shuffle(unseen)
    vocabulary = sorted({w for q, _ in pool for w in q.split() if w.isalpha() and w.islower() and len(w) > 4})
    surnames = sorted({s for _, s in pool})

    tally = {k: [0, 0] for k in KINDS}
    misses = []
    pi = ui = 0
    # Each paragraph of a draft takes up to four corpus quotations and one unseen one.
    drafts = min(a.drafts, len(pool) // (4 * a.per_draft), len(unseen) // a.per_draft)
    if drafts < a.drafts:
        print(f"reuters-quotes: quotations for {drafts} drafts only (pool {len(pool)}, unseen {len(unseen)})")
    for d in range(drafts):
        paras = []  # (kind, paragraph, item text, expected codes)
        for _ in range(a.per_draft):
            q, s = pool[pi]; pi += 1
            paras.append(("kept", f'{s} said: "{q}."', q, []))
            q, s = pool[pi]; pi += 1
            w = q.split()
            if len(w) >= 10:
                cut = " ".join(w[:4]) + " ... " + " ".join(w[-4:])
                paras.append(("cut", f'"{cut}," said {s}.', cut, []))
            q, s = pool[pi]; pi += 1
            w = q.split()
            spots = [i for i in range(1, len(w) - 1) if w[i].isalpha() and len(w[i]) > 3]
            if spots:
                i = rng.choice(spots)
                new = rng.choice([v for v in vocabulary if v != w[i].lower()])
                changed = " ".join(w[:i] + [new] + w[i + 1 :])
                paras.append(("changed", f'"{changed}," said {s}.', changed, ["misquote"]))
            q, s = pool[pi]; pi += 1
            others = [o for o in surnames if o.split()[-1] != s.split()[-1]]
            other = rng.choice(others)
            sentence = f'{other} said: "{q}."'
            paras.append(("swapped", sentence, sentence, ["misattribution"]))
            q, s = unseen[ui]; ui += 1
            paras.append(("unseen", f'"{q}," said {s}.', q, ["quote-not-found"]))
        rng.shuffle(paras)
        text = "# Draft %d\n\n" % (d + 1)
        items = []
        for kind, para, item, expect in paras:
            text += para + "\n\n"
            items.append({"text": item, "nth": text.count(item), "expect": expect, "why": kind})
        name = "quotes-%02d" % (d + 1)
        draft = os.path.join(drafts_dir, name + ".md")
        with open(draft, "w", encoding="utf-8") as f:
            f.write(text)
        with open(os.path.join(drafts_dir, name + ".json"), "w", encoding="utf-8") as f:
            json.dump({"draft": name + ".md", "corpus": "reuters", "items": items}, f, indent=1)
        out = subprocess.run([a.vouch, "check", "--corpus", corpus_dir, "--format", "json", draft],
                             capture_output=True, text=True, cwd=a.out)
        try:
            diags = [dg for f in json.loads(out.stdout)["files"] for dg in f["diagnostics"]]
        except (json.JSONDecodeError, KeyError):
            sys.stderr.write(out.stderr)
            sys.exit("reuters-quotes: vouch gave no JSON")
        starts = [0]
        for line in text.split("\n"):
            starts.append(starts[-1] + len(line.encode("utf-16-le")) // 2 + 1)
        spans = [(starts[dg["range"]["start"]["line"]] + dg["range"]["start"]["character"],
                  starts[dg["range"]["end"]["line"]] + dg["range"]["end"]["character"], dg) for dg in diags]
        quote_codes = {"misquote", "misattribution", "quote-not-found", "name-variant"}
        for it in items:
            at = -1
            for _ in range(it["nth"]):
                at = text.find(it["text"], at + 1)
            s0 = len(text[:at].encode("utf-16-le")) // 2
            e0 = s0 + len(it["text"].encode("utf-16-le")) // 2
            codes = [dg["code"] for ds, de, dg in spans
                     if ds < e0 and s0 < max(de, ds + 1) and dg["code"] in quote_codes]
            ok = any(c in it["expect"] for c in codes) if it["expect"] else not codes
            tally[it["why"]][0] += ok
            tally[it["why"]][1] += 1
            if not ok:
                misses.append(f"{name} {it['why']}: {it['text'][:70]!r} got {codes or 'nothing'}")
    if a.verbose:
        print("\n".join(misses))
    print(f"reuters-quotes: corpus {len(corpus_names)} stories, {drafts} drafts")
    low = []
    for k in KINDS:
        ok, n = tally[k]
        rate = ok / n if n else 1.0
        print(f"  {k:8} {rate:.3f} of {n}")
        if rate < getattr(a, f"min_{k}"):
            low.append(f"{k} {rate:.3f}")
    if low:
        sys.exit("reuters-quotes: below the minimum: " + "; ".join(low))


if __name__ == "__main__":
    main()
