#!/usr/bin/env python3
"""Measure the figure checker on reworded claims: the MSRP paraphrase pairs.

The Microsoft Research Paraphrase Corpus pairs sentences of two outlets that
report the same fact in other words. For each pair labelled a paraphrase whose
two sentences state a figure in common, the first sentence goes into the
corpus, hidden among thousands of unrelated news sentences (MSRP's other
sentences), and the second sentence becomes a draft sentence twice:

  kept     as the other outlet wrote it: the figures it shares with the
           source sentence (those the source really states: see
           shared_figures) must be left clean
  changed  with one of those figures changed: it must be flagged
           figure-mismatch, and the sentence's other shared figures must be
           left clean (a number that vouch reads as part of the changed
           figure, such as the year of "Sept. 11, 2001" with its day changed,
           is no other figure: the one finding covers both)

The split. The pairs are divided by a hash of their sentence ids into a fit
part (two thirds) and an eval part (one third). Whatever learns from MSRP
(tools/lexicon, tools/scorer) learns from the fit part only; the gate in
.ci/run measures the eval part (`--part eval`, the default). A held-out split
of MSRP that nobody here has judges the result too.

Spelled-out counts under ten ("two", "Six") the draft shares with its source
are kept items too; changing them is measured apart (reported, not gated).

Usage: paraphrase.py [--msrp FILE] [--part eval|fit|all] [--out DIR]
                     [--vouch PATH] [--seed N] [--json FILE] [--verbose]
                     [--min-kept R] [--min-changed R] [--min-other R]
Exits 0 after printing, 1 when a rate is below its minimum, 0 with a
"skipped" line when the dataset is absent.
"""
import argparse
import hashlib
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
DEFAULT_MSRP = os.path.join(ROOT, "..", "shared", "datasets", "msrp", "msr_paraphrase_train.txt")
FIGURE_CODES = {"figure-mismatch", "unsupported-figure", "source-conflict"}

NUMBER = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w]|[.,]\d|/\d|-\d)")
# A scale word after a space or a hyphen ("$54.9-million").
SCALE = re.compile(r"^(?:\s*|-)(thousand|million|billion|trillion|mln|bln|bn|m|b)\b", re.I)
SCALES = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bln": 1e9,
          "bn": 1e9, "b": 1e9, "trillion": 1e12}
WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
NUMBER_WORD = re.compile(r"\b(" + "|".join(WORDS) + r")\b", re.I)
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                 "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
# A month name (an abbreviation with or without its period) just before a
# position, and just after one.
MONTH_BEFORE = re.compile(r"\b([A-Za-z]+)(\.?)\s+$")
MONTH_AFTER = re.compile(r"^(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]+)\b")
TIME = re.compile(r"\b\d{1,2}:\d\d\b")
YEAR_AFTER = re.compile(r"^(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b")


def part_of(id1, id2):
    """'eval' for a third of the pairs, 'fit' for the rest, by a hash of the ids."""
    h = int(hashlib.sha1(f"{id1}-{id2}".encode()).hexdigest(), 16)
    return "eval" if h % 3 == 0 else "fit"


def read_pairs(path):
    """(label, id1, id2, s1, s2, part) of every MSRP pair."""
    pairs = []
    with open(path, encoding="utf-8-sig") as f:
        next(f)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 5:
                continue
            label, id1, id2, s1, s2 = cols
            pairs.append((label, id1, id2, " ".join(s1.split()), " ".join(s2.split()),
                          part_of(id1, id2)))
    return pairs


def month_of(word, period=""):
    """1 to 12 for a month's name or abbreviation, else None. A full name
    with a period ends a sentence; "may" in lower case is the verb."""
    w = word.lower()
    if w in MONTH_NAMES and not period:
        return None if word == "may" else MONTH_NAMES.index(w) + 1
    return ABBREVIATIONS.get(w)


def month_before(s, pos):
    m = MONTH_BEFORE.search(s[:pos])
    return month_of(m.group(1), m.group(2)) if m else None


def month_after(s, pos):
    m = MONTH_AFTER.match(s[pos:])
    return month_of(m.group(1)) if m else None


def figures(s):
    """(start, end, token, value, kind) of each figure: digits with their scale
    word, and spelled-out counts under ten. `value` compares across
    sentences; for a date (kind "date") it is the whole date the sentence
    states there, (year, month, day) with None for what it leaves out:
    "Aug. 22" is (None, 8, 22), "June 1999" is (1999, 6, None); for the
    hour and minutes of a time of day (kind "time") the time, "9:33"."""
    out = []
    for m in NUMBER.finditer(s):
        tok = m.group(0)
        value = float(tok.replace(",", ""))
        sc = SCALE.match(s[m.end():])
        if sc:
            value *= SCALES[sc.group(1).lower()]
        kind = "digits"
        clock = TIME.search(s, max(0, m.start() - 3), m.end() + 3)
        if clock and clock.start() <= m.start() and m.end() <= clock.end():
            # A time of day ("9:33 a.m."): its hour is no count of points.
            out.append((m.start(), m.end(), tok, clock.group(0), "time"))
            continue
        if len(tok) == 4 and tok.isdigit() and tok.startswith(("19", "20")) and not sc:
            # A year, with the month and day before it: "June 1999",
            # "Jan. 12, 1996", "12 January 1996".
            head = s[: m.start()]
            day = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?,?\s+$", head)
            if day and month_before(s, day.start()):
                value = (int(tok), month_before(s, day.start()), int(day.group(1)))
            elif month_before(s, m.start()):
                month = month_before(s, m.start())
                day = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+$", head)
                value = (int(tok), month, int(day.group(1)) if day and month_of(day.group(2)) == month else None)
            else:
                value = (int(tok), None, None)
            kind = "date"
        elif "." not in tok and value <= 31 and not sc:
            # A day: after its month ("Aug. 22", "September 5") or before it
            # ("21 April"), with the year when one follows.
            month = month_before(s, m.start()) or month_after(s, m.end())
            if month:
                after = m.end()
                if month_after(s, m.end()):
                    after = m.end() + MONTH_AFTER.match(s[m.end():]).end()
                year = YEAR_AFTER.match(s[after:])
                value = (int(year.group(1)) if year else None, month, int(tok))
                kind = "date"
        out.append((m.start(), m.end(), tok, value, kind))
    for m in NUMBER_WORD.finditer(s):
        # "one" is too often a pronoun ("one of them") to be a count; a word
        # after a hyphen is part of another ("twenty-two", "top-five").
        if m.group(1).lower() == "one" or s[: m.start()].endswith("-"):
            continue
        out.append((m.start(), m.end(), m.group(0), float(WORDS.index(m.group(1).lower()) + 1), "word"))
    return sorted(out)


def states(source, draft):
    """Whether source figure `source` states what draft figure `draft` does.
    Numbers by their value (digits and spelled-out counts alike); dates only
    with dates, and only when the source's date says at least as much as
    the draft's and the same: "1999" states neither "June 1999" nor "June
    30, 1999" (vouch leaves a date finer than its source unsupported, naming
    the source's, as the source says nothing of the month), while "June 30,
    1999" states "June 1999"."""
    if (source[4] in ("date", "time") or draft[4] in ("date", "time")) and source[4] != draft[4]:
        return False
    if draft[4] != "date":
        return source[3] == draft[3]
    return all(d is None or d == g for d, g in zip(draft[3], source[3]))


def shared_figures(s1, s2):
    """The figures of draft sentence `s2` that source sentence `s1` states,
    each with the source figure that states it. A value the draft states
    more often than the source ("four people ... four others" against "Four
    people ... three others") is left out: which of the draft's states the
    source's cannot be told."""
    src = figures(s1)
    draft = figures(s2)
    out = []
    for f in draft:
        stating = [g for g in src if states(g, f)]
        alike = [h for h in draft if any(states(g, h) for g in stating)]
        if stating and len(alike) <= len(stating):
            # In order: the draft's k-th such figure with the source's k-th.
            out.append((f, stating[alike.index(f)]))
    return out


def change_digits(tok, rng):
    """A different number written the same way (decimals, grouping)."""
    plain = tok.replace(",", "")
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    value = float(plain)
    for _ in range(20):
        factor = rng.choice([0.5, 0.7, 0.8, 1.25, 1.3, 1.5, 2.0, 3.0])
        new = round(value * factor, decimals)
        if new == value or new <= 0:
            continue
        text = f"{new:,.{decimals}f}" if "," in tok else f"{new:.{decimals}f}"
        if text != tok:
            return text
    return None


def change_word(tok, rng):
    value = WORDS.index(tok.lower()) + 1
    choices = [w for i, w in enumerate(WORDS) if i + 1 != value and w != "one"]
    new = rng.choice(choices)
    return new.capitalize() if tok[0].isupper() else new


def build(pairs, part, rng):
    """The corpus sentences and the draft items of one part."""
    chosen = []  # (s1, s2, shared figures of s2)
    for label, id1, id2, s1, s2, p in pairs:
        if label != "1" or (part != "all" and p != part):
            continue
        shared = [f for f, _ in shared_figures(s1, s2)]
        if shared:
            chosen.append((s1, s2, shared))
    used = {s for s1, s2, _ in chosen for s in (s1, s2)}
    # The haystack: every other MSRP sentence, except those that could state
    # a chosen claim themselves (the same figure and much of the wording).
    claims = [(set(t for _, _, t, _, _ in figures(s1)), content_words(s1)) for s1, _, _ in chosen]
    haystack = []
    seen = set()
    for _, _, _, s1, s2, _ in pairs:
        for s in (s1, s2):
            if s in used or s in seen:
                continue
            seen.add(s)
            toks = set(t for _, _, t, _, _ in figures(s))
            words = content_words(s)
            if toks and any(toks & ft and overlap(words, cw) >= 0.4 for ft, cw in claims):
                continue
            haystack.append(s)
    return chosen, haystack


def content_words(s):
    return {w for w in re.findall(r"[a-z]{4,}", s.lower())}


def overlap(a, b):
    return len(a & b) / max(1, min(len(a), len(b)))


def write_corpus(corpus_dir, sources, haystack, rng, per_file=12):
    sentences = [(s, True) for s in sources] + [(s, False) for s in haystack]
    rng.shuffle(sentences)
    os.makedirs(corpus_dir)
    for i in range(0, len(sentences), per_file):
        chunk = sentences[i : i + per_file]
        with open(os.path.join(corpus_dir, "news-%04d.txt" % (i // per_file)), "w", encoding="utf-8") as f:
            f.write("News %d\n\n" % (i // per_file))
            f.write("\n\n".join(s for s, _ in chunk) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--msrp", default=DEFAULT_MSRP)
    ap.add_argument("--part", choices=["eval", "fit", "all"], default="eval")
    ap.add_argument("--out", help="work folder, kept (default: a private temporary one, removed)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--per-draft", type=int, default=10)
    ap.add_argument("--vouch", default=os.path.join(ROOT, "target", "release", "vouch"))
    ap.add_argument("--json", help="write the rates here as JSON")
    ap.add_argument("--verbose", action="store_true")
    for kind in ("kept", "changed", "other"):
        ap.add_argument(f"--min-{kind}", type=float, default=0.0,
                        help=f"exit 1 when the {kind} rate is lower")
    a = ap.parse_args()
    a.out = work_dir(a.out, "vouch-paraphrase-eval-")

    if not os.path.isfile(a.msrp):
        print(f"paraphrase: dataset not found at {a.msrp}; skipped")
        return
    rng = random.Random(a.seed)
    pairs = read_pairs(a.msrp)
    chosen, haystack = build(pairs, a.part, rng)

    shutil.rmtree(a.out, ignore_errors=True)
    corpus_dir = os.path.join(a.out, "corpus")
    drafts_dir = os.path.join(a.out, "drafts")
    write_corpus(corpus_dir, [s1 for s1, _, _ in chosen], haystack, rng)
    os.makedirs(drafts_dir)

    # Draft paragraphs: (kind, text, items as (start, end, token, kind)).
    paras = []
    for s1, s2, shared in chosen:
        paras.append(("kept", s2, s1, [(st, en, tok, "kept" if k != "word" else "kept-word")
                                       for st, en, tok, _, k in shared]))
        candidates = [f for f in shared if f[4] in ("digits", "word")]
        if not candidates:
            continue
        st, en, tok, _, kind = rng.choice(candidates)
        new = change_digits(tok, rng) if kind == "digits" else change_word(tok, rng)
        if new is None or re.search(r"(?<![\w.,])" + re.escape(new) + r"(?![\w]|[.,]\d)", s1 + " " + s2):
            continue
        s3 = s2[:st] + new + s2[en:]
        shift = len(new) - len(tok)
        items = [(st, st + len(new), new, "changed" if kind == "digits" else "changed-word")]
        for st2, en2, tok2, _, k2 in shared:
            if st2 == st:
                continue
            d = shift if st2 > st else 0
            items.append((st2 + d, en2 + d, tok2, "other"))
        paras.append(("changed", s3, s1, items))

    drafts = []
    for i in range(0, len(paras), a.per_draft):
        chunk = paras[i : i + a.per_draft]
        name = "msrp-%03d.md" % (i // a.per_draft)
        text = "# Draft\n\n"
        spans = []
        for kind, s, src, items in chunk:
            off = len(text)
            text += s + "\n\n"
            for st, en, tok, ik in items:
                spans.append((off + st, off + en, tok, ik, s, src, off))
        with open(os.path.join(drafts_dir, name), "w", encoding="utf-8") as f:
            f.write(text)
        drafts.append((name, text, spans))

    out = subprocess.run(
        [a.vouch, "check", "--corpus", corpus_dir, "--index-dir", os.path.join(a.out, "index"),
         "--format", "json", *[os.path.join(drafts_dir, n) for n, _, _ in drafts]],
        capture_output=True, text=True,
    )
    try:
        report = json.loads(out.stdout)
    except json.JSONDecodeError:
        sys.stderr.write(out.stderr)
        sys.exit("paraphrase: vouch gave no JSON")
    by_file = {os.path.basename(f["path"]): f["diagnostics"] for f in report["files"]}

    kinds = ("kept", "changed", "other", "kept-word", "changed-word")
    tally = {k: [0, 0] for k in kinds}
    codes_seen = {k: {} for k in kinds}
    misses = []
    same_figure = 0
    for name, text, spans in drafts:
        starts = [0]
        for line in text.split("\n"):
            starts.append(starts[-1] + len(line.encode("utf-16-le")) // 2 + 1)
        diags = []
        for dg in by_file.get(name, []):
            r = dg["range"]
            s0 = starts[r["start"]["line"]] + r["start"]["character"]
            e0 = starts[r["end"]["line"]] + r["end"]["character"]
            diags.append((s0, e0, dg))
        def hits_at(st, tok):
            u0 = len(text[:st].encode("utf-16-le")) // 2
            u1 = u0 + len(tok.encode("utf-16-le")) // 2
            return [(s0, e0, dg) for s0, e0, dg in diags
                    if s0 < u1 and u0 < max(e0, s0 + 1) and dg["code"] in FIGURE_CODES]

        changed_hits = {para: hits_at(st, tok) for st, en, tok, kind, _, _, para in spans
                        if kind.startswith("changed")}
        for st, en, tok, kind, sentence, src, para in spans:
            hits = hits_at(st, tok)
            if kind == "other" and any(h in changed_hits.get(para, []) for h in hits):
                # The finding on the changed figure covers this number too:
                # vouch reads both as one figure ("Sept. 6, 2001" with its
                # day changed), which is no other figure of the sentence.
                same_figure += 1
                continue
            hits = [dg for _, _, dg in hits]
            codes = [dg["code"] for dg in hits]
            if kind.startswith("changed"):
                ok = "figure-mismatch" in codes
            else:
                ok = not codes
            for c in codes or ["nothing"]:
                codes_seen[kind][c] = codes_seen[kind].get(c, 0) + 1
            tally[kind][0] += ok
            tally[kind][1] += 1
            if not ok:
                msg = "; ".join(dg["message"] for dg in hits)
                misses.append(f"[{kind}] {tok!r} got {codes or 'nothing'} {msg}\n"
                              f"    draft:  {sentence}\n    source: {src}")

    if a.verbose:
        print("\n".join(misses))
    rates = {k: (v[0] / v[1] if v[1] else 1.0, v[1]) for k, v in tally.items()}
    print(f"paraphrase: MSRP {a.part} part, {len(chosen)} source sentences among "
          f"{len(haystack)} others, {len(drafts)} drafts")
    labels = {
        "kept": "kept figures left clean",
        "changed": "changed figures flagged figure-mismatch",
        "other": "other figures of changed sentences left clean",
        "kept-word": "spelled-out counts kept, left clean",
        "changed-word": "spelled-out counts changed, flagged figure-mismatch",
    }
    for k in kinds:
        print(f"  {labels[k]}: {rates[k][0]:.3f} of {rates[k][1]}   codes: {codes_seen[k]}")
    if same_figure:
        print(f"  ({same_figure} other numbers not counted: part of the changed figure, "
              "as one finding covers both)")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({k: {"rate": r, "items": n} for k, (r, n) in rates.items()}, f, indent=1)
    minimums = {"kept": a.min_kept, "changed": a.min_changed, "other": a.min_other}
    low = [f"{k} {rates[k][0]:.3f} < {m}" for k, m in minimums.items() if rates[k][0] < m]
    if low:
        sys.exit("paraphrase: below the minimum: " + "; ".join(low))


if __name__ == "__main__":
    main()
