#!/usr/bin/env python3
"""Fit what vouch reads attribution by, from PolNeAR's train split.

1. Speech cues (cues.tsv).

PolNeAR (../shared/datasets/polnear) annotates every attribution in 840 news
articles with its Cue (said, told, according to, wrote...). A word is a cue
when people annotated it as the head of the cue of a direct quote at least
MIN_QUOTES times, and when most of its occurrences in the articles are cues
(precision >= MIN_PRECISION): "said" is a cue 92% of the times it is written,
"made" 14%, so "made" is left out. Proper nouns and adverbs are left out too.

Writes cues.tsv beside this script: word, direct-quote cues, cues, occurrences,
precision, and how often its source follows it (`"...," said X`, never `told X`). The engine embeds it (src/engine/quotes/cues.rs); a test there pins
the fit's shape.

2. Common words (lowercase.tsv): words written in lowercase in running text
and seldom capitalized inside a sentence ("later", "here", "rival"). A
sentence's first word is capitalized whatever it is; when it is one of these,
it is not the start of a name ("Rival Hillary Clinton said" names Hillary
Clinton). A word is kept when it is written in lowercase at least MIN_LOWER
times and capitalized mid-sentence at most WEAK of those times; STRONG marks
the words capitalized at most STRONG_SHARE as often, which are not names even
alone ("Here"). Used by src/engine/quotes/names.rs.

3. First names' gender (firstnames.tsv), for "he" and "she" when an article
gives no clue of its own: from the honorific news gives the same surname
("Mr. Sanders", "Mrs. Clinton") in articles that give that surname one
first name only, and from the pronoun that opens the sentence after one
that names one person only. Kept with at least MIN_VOTES votes of which
SHARE agree, and not a word written in lowercase as often as it opens a name
(so no "President", "Democratic").
Used by src/engine/quotes/discourse.rs.

Only the train split is read: the dev split stays held out.

Usage: python3 src/engine/quotes/fit.py [--data ../shared/datasets/polnear]
"""
import argparse
import collections
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
MIN_QUOTES = 2
MIN_PRECISION = 0.4
MIN_LOWER = 5
WEAK = 0.15
STRONG_SHARE = 0.02
MIN_VOTES = 3
SHARE = 0.9
FIRST_NAME = r"\b([A-Z][a-z]+) (?:[A-Z]\. )?((?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b"
# Words a cue span may start with that are not its head ("has said", "also told").
LEAD = set(
    "has had have also later then would will is was be been not once previously recently again "
    "just repeatedly publicly reportedly already still even both and who that he she it they i we "
    "the a an to in on at of for by with as his her their its this so did does do could should can "
    "may might must are were being having first never often long all only last s t".split()
)
QUOTED = re.compile(r"“[^”]+”|\"[^\"]+\"|(?:''|``).+?''", re.S)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "datasets", "polnear"))
    ap.add_argument("--out", default=os.path.join(HERE, "cues.tsv"))
    ap.add_argument("--out-lowercase", default=os.path.join(HERE, "lowercase.tsv"))
    ap.add_argument("--out-first-names", default=os.path.join(HERE, "firstnames.tsv"))
    a = ap.parse_args()
    fit_cues(a)
    common = fit_lowercase(a)
    fit_first_names(a, common)


def fit_cues(a):
    split = os.path.join(a.data, "train")
    quotes, cues, total, lower, inverted = (collections.Counter() for _ in range(5))
    seen = set()
    for f in sorted(os.listdir(os.path.join(split, "attributions"))):
        base = re.sub(r"_[0-9a-f]{4}\.ann$", "", f)
        if base in seen:  # one annotator per article
            continue
        seen.add(base)
        with open(os.path.join(split, "text", base + ".txt"), encoding="utf-8") as fh:
            text = fh.read()
        for w in re.findall(r"[A-Za-z]+", text):
            total[w.lower()] += 1
            lower[w.lower()] += w.islower()
        spans, events = {}, []
        with open(os.path.join(split, "attributions", f), encoding="utf-8") as fh:
            for line in fh:
                p = line.rstrip("\n").split("\t")
                if p[0].startswith("T") and len(p) >= 3:
                    kind, *offs = p[1].split(" ")
                    try:
                        spans[p[0]] = (kind, int(offs[0]), int(offs[-1].split(";")[-1]))
                    except ValueError:
                        pass
                elif p[0].startswith("E") and len(p) >= 2:
                    events.append(dict(x.split(":", 1) for x in p[1].split() if ":" in x))
        for ev in events:
            cue, content = spans.get(ev.get("Cue")), spans.get(ev.get("Content"))
            source = spans.get(ev.get("Source"))
            if not cue:
                continue
            words = [w for w in re.findall(r"[a-z]+", text[cue[1]:cue[2]].lower()) if w not in LEAD]
            if not words:
                continue
            cues[words[0]] += 1
            if source and source[1] >= cue[2]:
                inverted[words[0]] += 1
            if content and QUOTED.search(text[content[1]:content[2]]):
                quotes[words[0]] += 1
    rows = []
    for w, q in quotes.items():
        precision = cues[w] / max(total[w], 1)
        if q < MIN_QUOTES or precision < MIN_PRECISION:
            continue
        if w.endswith("ly") or lower[w] * 2 < total[w]:
            continue
        rows.append((w, q, cues[w], total[w], precision, inverted[w]))
    rows.sort(key=lambda r: (-r[1], r[0]))
    with open(a.out, "w", encoding="utf-8") as fh:
        fh.write(f"# Fitted by fit.py from PolNeAR train ({len(seen)} articles): "
                 f"head of a direct quote's cue >= {MIN_QUOTES} times, precision >= {MIN_PRECISION}.\n")
        fh.write("# word\tquote_cues\tcues\toccurrences\tprecision\tinverted (source after the cue)\n")
        for w, q, c, t, p, inv in rows:
            fh.write(f"{w}\t{q}\t{c}\t{t}\t{p:.2f}\t{inv}\n")
    print(f"fit: {len(rows)} cues from {len(seen)} articles -> {a.out}")


def fit_lowercase(a):
    text_dir = os.path.join(a.data, "train", "text")
    lower, mid = collections.Counter(), collections.Counter()
    names = sorted(f for f in os.listdir(text_dir) if f.endswith(".txt"))
    for f in names:
        with open(os.path.join(text_dir, f), encoding="utf-8") as fh:
            text = fh.read()
        for m in re.finditer(r"[A-Za-z][a-z]+", text):
            w = m.group(0)
            if w[0].islower():
                lower[w] += 1
            elif m.start() > 0 and not re.search(r"[.!?:\"“”‘’\n—-]\s*$", text[max(0, m.start() - 4):m.start()]):
                mid[w.lower()] += 1
    rows = sorted((w, int(mid[w] <= STRONG_SHARE * n)) for w, n in lower.items()
                  if n >= MIN_LOWER and mid[w] <= WEAK * n)
    with open(a.out_lowercase, "w", encoding="utf-8") as fh:
        fh.write(f"# Fitted by fit.py from PolNeAR train ({len(names)} articles): written in lowercase "
                 f">= {MIN_LOWER} times, capitalized mid-sentence <= {WEAK} as often (strong: <= {STRONG_SHARE}).\n")
        fh.write("# word\tstrong\n")
        for w, strong in rows:
            fh.write(f"{w}\t{strong}\n")
    print(f"fit: {len(rows)} common lowercase words -> {a.out_lowercase}")
    return {w for w, _ in rows}


def fit_first_names(a, common):
    text_dir = os.path.join(a.data, "train", "text")
    male, female = collections.Counter(), collections.Counter()
    as_first, as_lower = collections.Counter(), collections.Counter()
    names = sorted(f for f in os.listdir(text_dir) if f.endswith(".txt"))
    for f in names:
        with open(os.path.join(text_dir, f), encoding="utf-8") as fh:
            text = fh.read()
        for w in re.findall(r"\b[a-z]+\b", text):
            as_lower[w] += 1
        firsts = collections.defaultdict(set)
        for m in re.finditer(FIRST_NAME, text):
            firsts[m.group(2)].add(m.group(1))
            as_first[m.group(1)] += 1
        for m in re.finditer(r"\b(Mr|Mrs|Ms)\. ([A-Z][\w'-]+)", text):
            fs = firsts.get(m.group(2), set())
            if len(fs) == 1:
                (male if m.group(1) == "Mr" else female)[next(iter(fs))] += 1
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", text)
        for s, nxt in zip(sentences, sentences[1:]):
            people = {(m.group(1), m.group(2)) for m in re.finditer(FIRST_NAME, s)}
            if len(people) != 1 or not re.match(r"(He|She|His|Her)\b", nxt):
                continue
            first = next(iter(people))[0]
            (male if nxt.startswith(("He ", "His ")) else female)[first] += 1
    rows = []
    for w in sorted(set(male) | set(female)):
        m, fe = male[w], female[w]
        # Not a word that is as often a common one ("President", "Democratic").
        if as_lower[w.lower()] >= as_first[w] or w.lower() in common:
            continue
        if m + fe >= MIN_VOTES and max(m, fe) >= SHARE * (m + fe):
            rows.append((w, m, fe))
    with open(a.out_first_names, "w", encoding="utf-8") as fh:
        fh.write(f"# Fitted by fit.py from PolNeAR train ({len(names)} articles): honorifics of the same surname and "
                 f"the pronoun after a sentence naming one person; >= {MIN_VOTES} votes, >= {SHARE} agreeing.\n")
        fh.write("# first name\tmale\tfemale\n")
        for w, m, fe in rows:
            fh.write(f"{w}\t{m}\t{fe}\n")
    print(f"fit: {len(rows)} first names with a gender -> {a.out_first_names}")


if __name__ == "__main__":
    main()
