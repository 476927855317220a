#!/usr/bin/env python3
"""Fits the matcher's scorer (src/engine/check/scorer.json) on drafts built
from data, and pins what it measures (tools/scorer/metrics.json).

Training data, never the eval drafts:
  msrp     MSRP's fit part (tests/eval/paraphrase.py splits it): each
           paraphrase's first sentence in a corpus of MSRP's other sentences,
           its second sentence as a draft, kept and with one figure changed;
           a quarter of the pairs keep their source out of the corpus
           (their figures must be flagged: unseen).
  reuters  Reuters-21578 with perturbations, as tests/eval/reuters.py makes
           them but from another sample of stories: kept, changed, unseen.
  seeds    the shipped corpus's own sentences, kept and changed.
  stories  MSRP's fit part again, in the regime of one story's small corpus:
           groups of a dozen pairs, each in a corpus of five files holding
           the group's first sentences and, per claim, the MSRP sentences
           that share most of its words (see story_groups).

vouch checks the drafts with VOUCH_FEATURES set and writes every pairing it
considered with its features. A pairing is positive when its source figure is
the one the draft figure was taken from. A logistic regression fits the
weights; the verdict thresholds are then chosen with real vouch runs on the
same drafts (a coordinate search over a grid) to maximise the weighted rate of
right verdicts (a figure flagged with the other code earns half). One pair in four (by a hash) is kept apart as
validation: metrics.json reports the verdict rates vouch itself gives there.

Usage:
  fit.py --vouch PATH            fit, write scorer.json and metrics.json
                                 (needs numpy: tools/scorer/requirements.txt);
                                 rebuild vouch afterwards to compile them in
  fit.py --vouch PATH --thresholds
                                 keep the weights, choose the thresholds again
                                 with real runs (pure Python)
  fit.py --vouch PATH --check    measure the built vouch on the validation
                                 drafts; exit 1 when a rate is more than
                                 0.02 below metrics.json (pure Python)
  fit.py --vouch PATH --pin      measure the same and write the rates into
                                 metrics.json (after a change that is not a refit)
Skips cleanly (exit 0) when the datasets are absent.
"""
import argparse
import hashlib
import importlib.util
import json
import os
import random
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
SHARED = os.path.join(ROOT, "..", "shared", "datasets")
SCORER = os.path.join(ROOT, "src", "engine", "check", "scorer.json")
METRICS = os.path.join(HERE, "metrics.json")
FIGURE_CODES = {"figure-mismatch", "unsupported-figure", "source-conflict"}
TOLERANCE = 0.02


# The evals import their siblings (workdir, reuters) by name.
sys.path.insert(0, os.path.join(ROOT, "tests", "eval"))


def load(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, "tests", "eval", name + ".py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


workdir = load("workdir")
para = load("paraphrase")
reuters = load("reuters")


def validation(key):
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % 4 == 0


# An item: a figure of a draft paragraph and what vouch must say of it.
#   (paragraph, start, end, kind, source sentence or None, source span or None)
# kind: kept | other (clean), changed (figure-mismatch), unseen (flagged).


def msrp_items(path, rng):
    pairs = para.read_pairs(path)
    chosen, haystack = para.build(pairs, "fit", rng)
    corpus, items = [], []
    for s1, s2, shared in chosen:
        unseen = int(hashlib.sha1(("u" + s1).encode()).hexdigest(), 16) % 4 == 0
        if not unseen:
            corpus.append(s1)
        # The source figure that states each shared figure, by its start.
        stated = {f[0]: (g[0], g[1]) for f, g in para.shared_figures(s1, s2)}

        for st, en, tok, v, k in shared:
            items.append((s2, st, en, "unseen" if unseen else "kept", None if unseen else s1,
                          None if unseen else stated[st]))
        if unseen:
            continue
        candidates = [f for f in shared if f[4] in ("digits", "word")]
        if not candidates:
            continue
        st, en, tok, v, kind = rng.choice(candidates)
        new = para.change_digits(tok, rng) if kind == "digits" else para.change_word(tok, rng)
        if new is None or re.search(r"(?<![\w.,])" + re.escape(new) + r"(?![\w]|[.,]\d)", s1 + " " + s2):
            continue
        s3 = s2[:st] + new + s2[en:]
        shift = len(new) - len(tok)
        items.append((s3, st, st + len(new), "changed", s1, stated[st]))
        for st2, en2, tok2, v2, k2 in shared:
            if st2 != st:
                d = shift if st2 > st else 0
                items.append((s3, st2 + d, en2 + d, "other", s1, stated[st2]))
    return corpus, haystack, items


def story_groups(path, rng, per_group=12, per_claim=4, files=5):
    """Reworded claims in small corpora, the regime of one story's sources:
    MSRP's fit part in groups of a dozen pairs, each group's first sentences
    in a corpus of a few files with, per claim, the MSRP sentences that share
    most of its words (a story's other sentences about the same things) and
    a few at random. Few sentences make every word rarer and every
    neighbour a competitor, as in the seeds. The drafts are msrp_items':
    kept, changed, other and unseen. Returns [(sentences, items)]."""
    pairs = para.read_pairs(path)
    _, haystack = para.build(pairs, "fit", random.Random(0))
    corpus, _, items = msrp_items(path, rng)
    words = [para.content_words(h) for h in haystack]
    by_source = {}
    for it in items:
        by_source.setdefault(it[4] or ("unseen", it[0]), []).append(it)
    keys = sorted(by_source, key=lambda k: k if isinstance(k, str) else k[1])
    rng.shuffle(keys)
    groups = []
    for i in range(0, len(keys), per_group):
        chunk = keys[i : i + per_group]
        sentences, its = [], []
        for k in chunk:
            its.extend(by_source[k])
            claim = k if isinstance(k, str) else k[1]
            if isinstance(k, str):
                sentences.append(k)
            cw = para.content_words(claim)
            near = sorted(range(len(haystack)), key=lambda j: (-para.overlap(cw, words[j]), j))[:per_claim]
            sentences.extend(haystack[j] for j in near)
            sentences.extend(rng.sample(haystack, 2))
        groups.append((sorted(set(sentences)), its))
    return groups


def write_story_corpus(corpus_dir, sentences, rng, files=5):
    sentences = list(sentences)
    rng.shuffle(sentences)
    os.makedirs(corpus_dir)
    per = max(1, -(-len(sentences) // files))
    for i in range(0, len(sentences), per):
        with open(os.path.join(corpus_dir, "story-%d.txt" % (i // per)), "w", encoding="utf-8") as f:
            f.write("Story %d\n\n" % (i // per))
            f.write("\n\n".join(sentences[i : i + per]) + "\n")


def reuters_items(docs, rng, corpus_size=2000, per_kind=400):
    names = sorted(n for n in os.listdir(docs) if n.endswith(".txt"))
    rng.shuffle(names)
    corpus_names = sorted(names[:corpus_size])
    held = names[corpus_size : 2 * corpus_size]
    return [os.path.join(docs, n) for n in corpus_names], perturbed(docs, corpus_names, held, rng, per_kind)


def perturbed(docs, corpus_names, held, rng, per_kind):
    """Kept, changed and unseen items from a corpus's own sentences."""
    corpus_numbers = set()
    sentences = []
    for n in corpus_names:
        with open(os.path.join(docs, n), encoding="utf-8") as f:
            corpus_numbers.update(m.group(0) for m in reuters.NUMBER.finditer(f.read()))
        sentences.extend(s for s in reuters.sentences(os.path.join(docs, n)) if reuters.numbers(s))
    rng.shuffle(sentences)
    items = []
    it = iter(sentences)
    for _ in range(min(per_kind, len(sentences) // 2)):
        s = next(it, None)
        if s is None:
            break
        for st, en, _ in reuters.numbers(s):
            items.append((s, st, en, "kept", s, (st, en)))
        while True:
            s = next(it, None)
            if s is None:
                break
            cands = [x for x in reuters.numbers(s) if reuters.with_unit(s, x[1])]
            if not cands:
                continue
            st, en, tok = rng.choice(cands)
            new = reuters.change(tok, rng)
            if new is None or new in s:
                continue
            s2 = s[:st] + new + s[en:]
            shift = len(new) - len(tok)
            items.append((s2, st, st + len(new), "changed", s, (st, en)))
            for a0, a1, _ in reuters.numbers(s):
                if a0 != st:
                    d = shift if a0 > st else 0
                    items.append((s2, a0 + d, a1 + d, "other", s, (a0, a1)))
            break
    unseen = 0
    for n in held:
        for s in reuters.sentences(os.path.join(docs, n)):
            fresh = [x for x in reuters.numbers(s) if reuters.with_unit(s, x[1]) and x[2] not in corpus_numbers]
            if fresh and unseen < per_kind:
                st, en, _ = fresh[0]
                items.append((s, st, en, "unseen", None, None))
                unseen += 1
    return items


def seed_items(folder, rng):
    """Kept and changed items from the seed corpus's own sentences (every
    sentence with a figure: the corpus is small)."""
    items = []
    for n in sorted(os.listdir(folder)):
        with open(os.path.join(folder, n), encoding="utf-8") as f:
            paras = [" ".join(p.split()) for p in f.read().split("\n")[1:]]
        for p in paras:
            for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", p):
                figs = [f for f in para.figures(s) if f[4] != "word"]
                if not (30 <= len(s) <= 400) or not figs:
                    continue
                for st, en, *_ in figs:
                    items.append((s, st, en, "kept", s, (st, en)))
                cands = [f for f in figs if f[4] == "digits"]
                if not cands:
                    continue
                st, en, tok, _, _ = rng.choice(cands)
                new = para.change_digits(tok, rng)
                if new is None or new in s:
                    continue
                s2 = s[:st] + new + s[en:]
                shift = len(new) - len(tok)
                items.append((s2, st, st + len(new), "changed", s, (st, en)))
                for a0, a1, *_ in figs:
                    if a0 != st:
                        d = shift if a0 > st else 0
                        items.append((s2, a0 + d, a1 + d, "other", s, (a0, a1)))
    return items


def run(vouch, corpus_dir, index_dir, items, work, features, scorer=None):
    """Writes the items' paragraphs as drafts, runs vouch, returns the
    diagnostics per paragraph and (with features) the dumped pairings."""
    paragraphs = sorted({p for p, *_ in items})
    drafts_dir = os.path.join(work, "drafts")
    shutil.rmtree(drafts_dir, ignore_errors=True)
    os.makedirs(drafts_dir)
    where = {}
    files = []
    for i in range(0, len(paragraphs), 40):
        name = os.path.join(drafts_dir, "d%04d.md" % (i // 40))
        text = "# Draft\n\n"
        for p in paragraphs[i : i + 40]:
            where[p] = (os.path.basename(name), len(text))
            text += p + "\n\n"
        with open(name, "w", encoding="utf-8") as f:
            f.write(text)
        files.append((name, text))
    env = dict(os.environ)
    dump = os.path.join(work, "features.jsonl")
    if os.path.exists(dump):
        os.remove(dump)
    if features:
        env["VOUCH_FEATURES"] = dump
    if scorer:
        env["VOUCH_SCORER"] = scorer
    out = subprocess.run([vouch, "check", "--corpus", corpus_dir, "--index-dir", index_dir,
                          "--format", "json", *[n for n, _ in files]],
                         capture_output=True, text=True, env=env)
    try:
        report = json.loads(out.stdout)
    except json.JSONDecodeError:
        sys.stderr.write(out.stderr[-3000:])
        sys.exit("fit: vouch gave no JSON")
    # Diagnostics as character ranges per paragraph.
    texts = {os.path.basename(n): t for n, t in files}
    diags = {}
    for f in report["files"]:
        name = os.path.basename(f["path"])
        text = texts[name]
        starts = [0]
        for line in text.split("\n"):
            starts.append(starts[-1] + len(line.encode("utf-16-le")) // 2 + 1)
        for dg in f["diagnostics"]:
            if dg["code"] not in FIGURE_CODES:
                continue
            r = dg["range"]
            diags.setdefault(name, []).append(
                (starts[r["start"]["line"]] + r["start"]["character"],
                 starts[r["end"]["line"]] + r["end"]["character"], dg["code"]))
    verdicts = []
    for p, st, en, kind, *_ in items:
        name, off = where[p]
        text = texts[name]
        u0 = len(text[: off + st].encode("utf-16-le")) // 2
        u1 = len(text[: off + en].encode("utf-16-le")) // 2
        codes = [c for s0, e0, c in diags.get(name, []) if s0 < u1 and u0 < max(e0, s0 + 1)]
        verdicts.append(codes)
    pairings = []
    if features and os.path.exists(dump):
        # Each pairing's item: by its draft (the first 200 characters) and the
        # figure's byte offset in it.
        by_head = {texts[name][:200].replace("#", " "): name for name in texts}
        at = {}
        for idx, (p, st, en, *_rest) in enumerate(items):
            name, off = where[p]
            b0 = len(texts[name][: off + st].encode("utf-8"))
            b1 = len(texts[name][: off + en].encode("utf-8"))
            at.setdefault(name, []).append((b0, b1, idx))
        with open(dump, encoding="utf-8") as f:
            for line in f:
                pr = json.loads(line)
                name = by_head.get(pr["head"])
                fabs = pr["fabs"]
                for b0, b1, idx in at.get(name, []):
                    if b0 <= fabs < b1 or (fabs <= b0 < fabs + pr["fend"] - pr["fstart"]):
                        pr["item"] = idx
                        pairings.append(pr)
                        break
    return verdicts, pairings


def run_set(vouch, work, name, groups, features, scorer=None):
    """run() over each corpus of a set; the items, verdicts and pairings of
    all its corpora together (pairings point into the joined items)."""
    items, verdicts, pairings = [], [], []
    for g, (cdir, its) in enumerate(groups):
        where = os.path.join(work, name) if len(groups) == 1 else os.path.join(work, name, "g%03d" % g)
        v, prs = run(vouch, cdir, os.path.join(where, "index"), its, where, features, scorer)
        for pr in prs:
            pr["item"] += len(items)
        items.extend(its)
        verdicts.extend(v)
        pairings.extend(prs)
    return items, verdicts, pairings


def right(kind, codes):
    if kind in ("kept", "other"):
        return not codes
    if kind == "changed":
        return "figure-mismatch" in codes
    return bool(codes)


def credit(kind, codes):
    """What a verdict is worth to the thresholds' choice. A figure flagged
    with the other code earns half, whichever way: a changed figure called
    unsupported is caught but its message and fix lack the source's figure;
    an unseen figure called a mismatch is caught but its message and fix name
    a figure of another claim."""
    if kind == "changed" and "unsupported-figure" in codes and "figure-mismatch" not in codes:
        return 0.5
    if kind == "unseen" and codes and "unsupported-figure" not in codes:
        return 0.5
    return float(right(kind, codes))


def rates(items, verdicts, keep):
    out = {}
    for kind in ("kept", "changed", "other", "unseen"):
        if not any(k == kind for _, _, _, k, *_ in items):
            continue
        got = [right(k, v) for (p, _, _, k, *_), v in zip(items, verdicts) if k == kind and keep(p)]
        out[kind] = round(sum(got) / len(got), 4) if got else 1.0
    return out


def label(items, pairings):
    """Features, label, item, relation and weakness of each pairing."""
    norm = lambda t: " ".join(t.split())
    rows = []
    for pr in pairings:
        idx = pr["item"]
        p, st, en, kind, src, span = items[idx]
        positive = False
        if src is not None and span is not None:
            s, g = norm(src), norm(pr["source"])
            # vouch may split the source into sentences: find this one in it.
            shift = 0 if s == g else s.find(g)
            if shift >= 0:
                positive = pr["gstart"] + shift < span[1] and span[0] < pr["gend"] + shift
        rows.append((pr["x"], 1 if positive else 0, idx, pr["relation"], pr.get("weak", False)))
    return rows


# The direction each feature may push the score, where the meaning of the
# feature says it (more shared wording never makes two figures less alike; a
# competing modifier, another time or other names never make them more).
SIGNS = {"coverage": 1, "local": 1, "reverse": 1, "soft_coverage": 1, "soft_reverse_coverage": 1,
         "soft_local": 1, "soft_reverse": 1, "meaning": 1, "anchor": 1, "modifiers": -1,
         "times": -1, "names": -1, "noun": 1, "agree_others": 1, "disagree_others": -1,
         "agree": 1, "agree_rare": 1, "unnamed": -1}


def fit_logistic(X, y, features, l2=1e-3, iters=3000):
    import numpy as np
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    # Balance the classes: positives are rare among the pairings.
    pw = 0.5 / max(1e-9, y.mean())
    nw = 0.5 / max(1e-9, 1 - y.mean())
    sw = np.where(y > 0, pw, nw) / n
    lr = 0.5
    for _ in range(iters):
        z = X @ w + b
        p = 1 / (1 + np.exp(-z))
        g = (p - y) * sw
        w -= lr * (X.T @ g + l2 * w)
        b -= lr * g.sum()
        for i, f in enumerate(features):
            if SIGNS.get(f, 0) * w[i] < 0:
                w[i] = 0.0
    return w, b


WEIGHT = {"kept": 2.0, "other": 1.5, "changed": 1.5, "unseen": 1.0}


def objective(items, verdicts, keep):
    """The weighted rate of right verdicts, by kind."""
    total = 0.0
    for kind, weight in WEIGHT.items():
        got = [credit(k, v) for (p, _, _, k, *_), v in zip(items, verdicts) if k == kind and keep(p)]
        if got:
            total += weight * sum(got) / len(got)
    return total


GRID = {
    "support": [0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5],
    "mismatch": [0.005, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3],
    "overrule": [0.05, 0.1, 0.2, 0.3, 0.5],
    # A disagreeing source worded this much more closely than the agreeing
    # one overrules it (1: never). On the training drafts with the weights of
    # 2026-11-30 (objective summed over the sets): 1.0 20.692, 0.5 20.702,
    # 0.3 20.713, 0.2 20.704, 0.1 20.690.
    "wording": [0.1, 0.2, 0.3, 0.5, 1.0],
}


# One mismatch threshold cannot yet serve every regime. Measured with the
# same weights (2026-11-30, tools/scorer at 0.03 / 0.1 / 0.3): Reuters
# prefers 0.3 (objective 5.69 / 5.80 / 5.89: at 0.03 an unseen figure is
# called a mismatch with another company's same-formula sentence, 187 of
# 400), MSRP does not care (5.106 / 5.116 / 5.100), the seeds' own
# sentences prefer 0.1 or more (4.485 / 4.667 / 4.667: two kept figures
# become source conflicts at 0.03), the small story corpora prefer the low
# one (5.123 / 5.112 / 5.085), and so do the dev drafts:
# the unconstrained search picks 0.3 and the dev set's recall falls to 0.55
# (its changed figures are terse claims, table rows against long source
# sentences, whose pairings score 0.03 to 0.1). Fact-box drafts made from
# MSRP (a figure and its three nearest words) did not move the choice and
# cost kept figures (stories kept 0.93 -> 0.83). Until a feature tells the
# regimes apart, the mismatch threshold is held at or below this.
# A feature that tells them apart was tried (2026-11-30, main 3e6ea61): the
# corpus's size, small_corpus = 1 - log10(sentences) / 5, refitted (one
# round). It takes a large weight (3.10) and, uncapped, every training set
# prefers mismatch 0.3 (objective msrp 5.316 -> 5.341, reuters 5.691 ->
# 5.885, seeds 4.652 -> 4.833, stories 5.426 -> 5.443; total 21.084 ->
# 21.501 against today's weights and thresholds), yet the dev set's recall
# falls to 0.55, the examples' to 0.65, and MSRP's eval part's changed
# figures called mismatches 0.975 -> 0.865: the drafts here do not hold the
# terse claims of the dev set, whose reworded mismatches score 0.03 to 0.1
# in any corpus. Capped, the refit scores 21.051 < 21.084 (reuters
# validation kept 0.979 -> 0.968). Not kept.
MAX_MISMATCH = 0.03


def pick_thresholds(vouch, work, sets, scorer, trial, keep, max_mismatch=MAX_MISMATCH):
    """The verdict thresholds, chosen with real vouch runs on the training
    drafts (vouch's own verdicts, conflicts and all, not a model of them):
    one threshold at a time over its grid, the others held, twice round.
    Ties go to the value nearest the current one."""
    cache = {}

    def score(th):
        key = tuple(sorted(th.items()))
        if key not in cache:
            full = dict(th, related=min(th["support"], th["mismatch"]) / 2)
            with open(trial, "w") as f:
                json.dump(dict(scorer, thresholds=full), f)
            total = 0.0
            for name, groups in sets.items():
                its, verdicts, _ = run_set(vouch, work, name, groups, False, trial)
                total += objective(its, verdicts, keep if name != "seeds" else (lambda p: True))
            cache[key] = total
        return cache[key]

    grid = dict(GRID, mismatch=[v for v in GRID["mismatch"] if v <= max_mismatch])
    th = {k: min(scorer["thresholds"][k], max(grid[k])) for k in grid}
    for _ in range(2):
        for k, values in grid.items():
            th[k] = max(values, key=lambda v: (score(dict(th, **{k: v})), -abs(v - th[k])))
            print(f"    {k} = {th[k]}: objective {score(th):.4f}", flush=True)
    th["related"] = min(th["support"], th["mismatch"]) / 2
    return th


def build_sets(work, seed):
    """The training drafts: {set name: [(corpus folder, items)]}."""
    msrp_path = os.path.join(SHARED, "msrp", "msr_paraphrase_train.txt")
    docs = os.path.join(SHARED, "reuters21578", "docs")
    rng = random.Random(seed)
    sets = {}
    corpus, haystack, items = msrp_items(msrp_path, rng)
    mdir = os.path.join(work, "msrp")
    shutil.rmtree(mdir, ignore_errors=True)
    para.write_corpus(os.path.join(mdir, "corpus"), corpus, haystack, rng)
    sets["msrp"] = [(os.path.join(mdir, "corpus"), items)]
    rfiles, ritems = reuters_items(docs, rng)
    rdir = os.path.join(work, "reuters")
    shutil.rmtree(rdir, ignore_errors=True)
    os.makedirs(os.path.join(rdir, "corpus"))
    for f in rfiles:
        reuters.link_or_copy(os.path.abspath(f), os.path.join(rdir, "corpus", os.path.basename(f)))
    sets["reuters"] = [(os.path.join(rdir, "corpus"), ritems)]
    # The shipped seed corpus: a small one, where every word is rarer.
    seeds = os.path.join(ROOT, "corpus")
    sets["seeds"] = [(seeds, seed_items(seeds, rng))]
    # Reworded claims in small story corpora (see story_groups).
    sdir = os.path.join(work, "stories")
    shutil.rmtree(sdir, ignore_errors=True)
    sets["stories"] = []
    for g, (sentences, its) in enumerate(story_groups(msrp_path, rng)):
        cdir = os.path.join(sdir, "g%03d" % g, "corpus")
        write_story_corpus(cdir, sentences, rng)
        sets["stories"].append((cdir, its))
    return sets


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vouch", default=os.path.join(ROOT, "target", "release", "vouch"))
    ap.add_argument("--work", help="work folder, kept (default: a private temporary one, removed)")
    ap.add_argument("--seed", type=int, default=23)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--pin", action="store_true", help="measure as --check does and pin the rates")
    ap.add_argument("--max-mismatch", type=float, default=MAX_MISMATCH,
                    help="the highest mismatch threshold the search may choose (see MAX_MISMATCH)")
    ap.add_argument("--thresholds", action="store_true",
                    help="keep scorer.json's weights, choose its thresholds again with real runs")
    a = ap.parse_args()
    a.work = workdir.work_dir(a.work, "vouch-scorer-fit-")

    msrp_path = os.path.join(SHARED, "msrp", "msr_paraphrase_train.txt")
    docs = os.path.join(SHARED, "reuters21578", "docs")
    if not os.path.isfile(msrp_path) or not os.path.isdir(docs):
        print("fit: MSRP or Reuters-21578 not found under ../shared/datasets; skipped")
        return
    sets = build_sets(a.work, a.seed)
    is_val = validation
    is_train = lambda p: not validation(p)

    if a.check or a.pin:
        with open(METRICS) as f:
            metrics = json.load(f)
        pinned = metrics["validation"]
        low = []
        measured = {}
        for name, groups in sets.items():
            its, verdicts, _ = run_set(a.vouch, a.work, name, groups, False)
            got = rates(its, verdicts, is_val)
            measured[name] = got
            bar = pinned.get(name, {})
            print(f"fit --check {name}: {got} (pinned {bar or 'nothing'})")
            low += [f"{name} {k} {got[k]:.3f} < {bar[k]:.3f} - {TOLERANCE}"
                    for k in got if k in bar and got[k] < bar[k] - TOLERANCE]
        if a.pin:
            # The matcher changed without a refit (a rule, not the weights):
            # what it now measures becomes the bar.
            metrics["validation"] = measured
            with open(METRICS, "w") as f:
                json.dump(metrics, f, indent=1)
                f.write("\n")
            print(f"pinned {METRICS}")
            return
        if low:
            sys.exit("fit --check: the matcher does worse than when it was fitted: " + "; ".join(low))
        return

    with open(SCORER) as f:
        scorer = json.load(f)
    trial = os.path.join(a.work, "scorer.json")
    for rnd in range(0 if a.thresholds else a.rounds):
        with open(trial, "w") as f:
            json.dump(scorer, f)
        rows_all = {}
        joined = {}
        for name, groups in sets.items():
            its, _, pairings = run_set(a.vouch, a.work, name, groups, True, trial)
            joined[name] = its
            rows_all[name] = label(its, pairings)
            pos = sum(r[1] for r in rows_all[name])
            print(f"round {rnd + 1} {name}: {len(pairings)} pairings, {len(rows_all[name])} labelled, {pos} positive")
        X, y = [], []
        for name, rows in rows_all.items():
            its = joined[name]
            for x, lab, idx, _, _ in rows:
                if is_train(its[idx][0]):
                    X.append(x)
                    y.append(lab)
        w, b = fit_logistic(X, y, scorer["features"])  # needs numpy
        scorer = {"features": scorer["features"], "weights": [round(float(v), 4) for v in w],
                  "bias": round(float(b), 4), "thresholds": dict(scorer["thresholds"])}
        scorer["thresholds"] = pick_thresholds(a.vouch, a.work, sets, scorer, trial, is_train, a.max_mismatch)
        print(f"  thresholds {scorer['thresholds']}")
        print("  weights " + ", ".join(f"{f}={v:.2f}" for f, v in zip(scorer["features"], scorer["weights"])))
    if a.thresholds:
        scorer["thresholds"] = pick_thresholds(a.vouch, a.work, sets, scorer, trial, is_train, a.max_mismatch)
        print(f"  thresholds {scorer['thresholds']}")
    with open(trial, "w") as f:
        json.dump(scorer, f)
    metrics = {"validation": {}, "train": {}}
    for name, groups in sets.items():
        its, verdicts, _ = run_set(a.vouch, a.work, name, groups, False, trial)
        metrics["validation"][name] = rates(its, verdicts, is_val)
        metrics["train"][name] = rates(its, verdicts, is_train)
        print(f"{name}: validation {metrics['validation'][name]} train {metrics['train'][name]}")
    with open(SCORER, "w") as f:
        json.dump(scorer, f, indent=1)
        f.write("\n")
    with open(METRICS, "w") as f:
        json.dump(metrics, f, indent=1)
        f.write("\n")
    print(f"wrote {SCORER} and {METRICS}: rebuild vouch to compile the scorer in")


if __name__ == "__main__":
    main()
