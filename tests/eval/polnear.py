#!/usr/bin/env python3
"""Measure who-said-what on real political reporting: PolNeAR.

PolNeAR (../shared/datasets/polnear) is news from seven US publishers on the
2016 election, with every attribution annotated by people in brat standoff:
a Source (who), a Cue (said, told, according to) and a Content (what). Two
measures:

speakers   For every annotated direct quote (a Content with quote marks), the
           speaker vouch assigns to its words when it indexes the article
           (`vouch inspect --said`, what the index stores) must be the
           annotated Source, compared by the person's name: the surname, and
           the first name when both give one. PolNeAR links no pronoun or
           description to a name, so a Source that is one ("he", "the
           senator") gets a key (see direct_quotes); those quotes are counted
           apart as well as in the whole.

           The key, checked by hand (session 7, on vouch's dumps of train):
             he/she, old key (the last annotated Source that names anything):
               a random sample of 30 (random.Random(7)) 24 right (0.80); the
               wrong: an organisation ("Transatlantic Trade"), "Another",
               "the Donald", a name a broken encoding cut (SarukhÃÂ¡n), and
               two where the article had moved on to someone it never
               annotated as a named Source.
             he/she, new key (a person, of that gender when the article
               tells): it differs from the old on 55 of 1,434 train quotes;
               of 20 of those drawn at random (random.Random(5)) the new key
               is right on 7, the old on none, both wrong on 11, the new
               gives none on 2 (an unnamed woman; a name no annotation
               gives). A fresh random sample of 25 new keys (Random(29)):
               19 right (0.76); the wrong: a man's first name the article
               does not gender (Walter, Jake) for "she", someone the text
               never names, and the article moving on to an unannotated
               person.
             role (definite descriptions of a person): all 29 train and 8
               dev keys read by hand: 25 and 7 right (0.86); the wrong:
               "the actor"/"the actress" for someone the text calls a star,
               a senator the text never ties to the role, "the Republican
               nominee" -> Tim Kaine. The old key (the last named Source)
               on the same quotes: 23 and 8 right.

reported   Direct quotes with a named Source are re-reported in drafts four
           ways, in the styles reporters use (`"...," X said`, `according to
           X, "..."`, `X told reporters: "..."`, `"...," said X`, `X said:
           "..."`), and checked with `vouch check` against all the articles
           of both splits:
             kept     verbatim, with the right speaker: nothing may be flagged
             cut      trimmed with an ellipsis, right speaker: nothing either
             changed  one word changed: must be flagged misquote
             swapped  given to another person the articles name as a source:
                      must be flagged misattribution

Usage: polnear.py [--data DIR] [--vouch PATH] [--split train|dev|both]
                  [--quotes N (0: all)] [--min-speakers R] [--min-pronouns R]
                  [--min-roles R] [--min-KIND R]... [--verbose]
Exits 0 after printing, 1 when a rate is below its minimum, and 0 with a
message when the dataset is absent (so CI skips cleanly).
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
import unicodedata


from reuters import link_or_copy
from workdir import work_dir


HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_DATA = os.path.join(ROOT, "..", "shared", "datasets", "polnear")
KINDS = ("kept", "cut", "changed", "swapped")
QUOTE_CODES = {"misquote", "misattribution", "quote-not-found", "name-variant"}

PRONOUNS = {"he", "she", "him", "her", "his", "hers", "i", "we", "they", "it", "you", "me", "us", "them"}
# Words before or inside a name that are not the name.
TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "representative", "gov", "governor",
    "president", "vice", "secretary", "speaker", "gen", "general", "lt", "col", "sgt", "capt", "adm",
    "rev", "reverend", "judge", "justice", "mayor", "former", "chairman", "chairwoman", "leader",
    "majority", "minority", "house", "senate", "sens", "reps", "attorney", "state", "u.s", "us",
    "democratic", "republican", "presidential", "candidate", "nominee", "hopeful", "sir", "prof",
    "professor", "gop", "the", "a", "an", "chief", "executive", "campaign", "spokesman",
    "spokeswoman", "spokesperson", "manager", "adviser", "advisor", "aide", "pastor", "minister",
    "ambassador", "director", "commissioner", "chancellor", "premier", "prime", "deputy", "rabbi",
    "father", "sister", "lord", "lady", "dame", "king", "queen", "prince", "princess", "pope",
    "admiral", "democrat", "independent", "libertarian", "sgt", "officer", "detective", "coach",
}
CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "jan",
            "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january",
            "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december"}
PARTICLES = {"de", "da", "del", "della", "di", "van", "von", "der", "den", "la", "le", "bin", "al",
             "el", "ibn", "st", "dos", "du", "mac"}
# A name run stops at these: what follows is an employer or a place.
AFTER_NAME = {"of", "for", "at", "from", "with", "in", "on", "to", "who", "whose", "which", "and"}

# Words that make a source an organisation, not a person to give a quote to.
ORG_WORDS = {"news", "times", "post", "journal", "department", "committee", "house", "party",
             "campaign", "university", "institute", "association", "council", "court", "network",
             "press", "agency", "foundation", "center", "centre", "group", "office", "board",
             "commission", "tribune", "magazine", "radio", "television", "tv", "cnn", "fox", "nbc",
             "abc", "cbs", "msnbc", "politico", "poll", "survey", "review", "daily", "inc", "corp"}

# Quotations inside a Content: straight, curly, and the NYT's two apostrophes
# (or two backquotes) opening and two apostrophes closing.
QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"|(?:''|``)(.+?)''", re.S)


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def tokens(s):
    return re.findall(r"[A-Za-zÀ-ÿ][\w'’.-]*", s)


def clean_token(t):
    t = re.sub(r"[’']s$", "", t)
    return t.strip(".’'-")


def gold_name(span):
    """The name at the head of a Source span, or None when its head is a
    pronoun or a description: "Sen. Mary T. Collins (D-Ohio)" -> "Mary T.
    Collins"; "a spokesman for the Defense Department, John Miller" -> "John
    Miller"; "Clinton campaign chairman John Podesta" -> "John Podesta";
    "Richard Curtin, the chief economist for the Michigan Survey" -> "Richard
    Curtin"; "The Indiana governor" -> None."""
    span = re.sub(r"\([^)]*\)", " ", span)
    # A relative clause is no part of the name ("Senator Chris Murphy of
    # Connecticut, who campaigned alongside Mrs. Clinton").
    span = re.sub(r"(?:,\s*|\s)(?:who|whose|whom|which)\s[^,]*(?:,|$)", ", ", span)
    words = re.findall(r"[\w'’.&-]+|,", span)
    # Runs of capitalized words (particles and initials inside a run allowed):
    # (the word before, the run, the word after, possessive).
    runs, cur, before = [], [], None
    for i, w in enumerate(words):
        base = clean_token(w)
        nxt = words[i + 1] if i + 1 < len(words) else ""
        cap = bool(base) and (base[:1].isupper() or (cur and base.lower() in PARTICLES and nxt[:1].isupper()))
        if w != "," and cap:
            if not cur:
                k = i - 1
                while k >= 0 and words[k].lower() in ("the", "a", "an"):
                    k -= 1
                # Its case is kept: a capitalized word before the run
                # ("Washington's Institute") is no lowercase role word.
                before = words[k] if k >= 0 else None
            cur.append(base)
            if re.search(r"[’']s$", w):
                runs.append((before, cur, nxt, True))
                cur = []
        elif cur:
            runs.append((before, cur, w, False))
            cur = []
    if cur:
        runs.append((before, cur, "", False))
    # A later name right after a lowercase role word is the head
    # ("Fight for $15 organizing director Kendall Fells").
    role_led = [r for r in runs if r[0] and r[0][:1].islower() and r[0] not in AFTER_NAME
                and r[0].lower() not in ("the", "a", "an", ",")]
    if role_led and runs[0] is not role_led[-1] and runs[0][2] in AFTER_NAME:
        runs = [role_led[-1]]
    for before, run, after, possessive in runs:
        # The name follows its last title ("Malaysian Defence Minister Hishammuddin Hussein").
        titles = [i for i, w in enumerate(run) if w.lower().strip(".") in TITLES]
        if titles:
            run = run[titles[-1] + 1:]
        run = [w for w in run if w.lower().strip(".") not in CALENDAR]
        if not run or possessive or (before or "").lower() in AFTER_NAME:
            continue
        # "We’ve", "It's": a pronoun with a contraction is a pronoun.
        if len(run) == 1 and re.sub(r"[’'](s|m|re|ll|ve|d)$", "", run[0].lower()) in PRONOUNS:
            continue
        # A name followed by a lowercase word modifies it ("The Indiana
        # governor", "Clinton campaign chairman John Podesta").
        if after and after != "," and after[:1].islower() and after.lower() not in AFTER_NAME:
            continue
        # Initials as newspapers write them: "Charles B. Rangel".
        return " ".join(w + "." if len(w) == 1 and w.isupper() else w for w in run)
    return None


def name_tokens(name):
    t = [fold(clean_token(x)).strip(".") for x in tokens(name)]
    t = [x for x in t if x and x not in TITLES]
    while len(t) > 1 and t[-1] in ("jr", "sr", "ii", "iii", "iv"):
        t.pop()
    return t


def same_name(gold, got):
    """Whether two names are one person: the same surname, and the same
    first name (or initial) when both give one: "Franken" is "Al Franken",
    "Van Dyke" is "Laura Van Dyke", "Mary T. Collins" is "Mary Collins";
    "Amin" is not "Omar Al Amin", nor "Melania Trump" "Donald Trump"."""
    if not gold or not got:
        return False
    g, v = name_tokens(gold), name_tokens(got)
    if not g or not v or g[-1] != v[-1]:
        return False
    if g == v:
        return True
    short, long_ = sorted((g, v), key=len)
    if len(short) < len(long_) and long_[len(long_) - len(short):] == short:
        # Unless the shorter leaves out a particle of the surname ("Amin" is
        # not "Omar Al Amin"; "Al Franken" has a first name, not a particle).
        return long_[-len(short) - 1] not in PARTICLES or len(long_) == 2
    if len(short) == 1:
        return False

    def particles(t):
        k = len(t) - 1
        while k > 1 and t[k - 1] in PARTICLES:
            k -= 1
        return t[k:-1]

    return g[0][:1] == v[0][:1] and particles(g) == particles(v)


# A name as a run of capitalized words, initials and particles.
NAME_RUN = r"(?:[A-Z][\w'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][\w'’-]+|[A-Z]\.|de|van|von|bin|al|le|la))*"


def relative_referent(text, start):
    """The person "who" refers to when the annotators made the relative
    pronoun the source: the name that ends the phrase before ", who"
    (past one appositive: "Alfonso Aguilar, the executive director of the
    Latino Partnership, who"). None when no name stands there."""
    before = text[max(0, start - 300):start].rstrip()
    if not before.endswith(","):
        return None
    pieces = re.split(r"[,;:.“”\"]|''|``", before[:-1])
    for k, piece in enumerate(reversed(pieces[-2:])):
        piece = piece.strip()
        if k == 0 and re.match(r"(?:a|an|the)\s", piece, re.I):
            continue
        m = re.search(NAME_RUN + r"$", piece)
        if not m:
            return None
        # "Sen. Marco Rubio of Florida, who": the name before the employer
        # or the place.
        words = piece[:m.start()].split()
        if words and words[-1] in ("of", "for", "at", "from", "with", "in", "on"):
            m = re.search(NAME_RUN + r"$", " ".join(words[:-1])) or m
        return gold_name(m.group(0))
    return None


def load_split(data, split):
    """Articles of a split: {name: (text, [(source span, source text, content span)])},
    one annotator's file per article (the first by name)."""
    text_dir = os.path.join(data, split, "text")
    ann_dir = os.path.join(data, split, "attributions")
    anns = {}
    for f in sorted(os.listdir(ann_dir)):
        base = re.sub(r"_[0-9a-f]{4}\.ann$", "", f)
        anns.setdefault(base, f)
    out = {}
    for base in sorted(os.listdir(text_dir)):
        if not base.endswith(".txt"):
            continue
        name = base[:-4]
        with open(os.path.join(text_dir, base), encoding="utf-8") as fh:
            text = fh.read()
        attributions = []
        if name in anns:
            spans, events = {}, []
            with open(os.path.join(ann_dir, anns[name]), encoding="utf-8") as fh:
                for line in fh:
                    p = line.rstrip("\n").split("\t")
                    if p[0].startswith("T") and len(p) >= 3:
                        kind, *offs = p[1].split(" ")
                        try:
                            s, e = int(offs[0]), int(offs[-1].split(";")[-1])
                        except ValueError:
                            continue
                        spans[p[0]] = (kind, s, e)
                    elif p[0].startswith("E") and len(p) >= 2:
                        events.append(dict(x.split(":", 1) for x in p[1].split() if ":" in x))
            for ev in events:
                c, s = spans.get(ev.get("Content")), spans.get(ev.get("Source"))
                if c:
                    attributions.append(((s[1], s[2]) if s else None, (c[1], c[2])))
        attributions.sort(key=lambda a: a[1][0])
        out[name] = (text, attributions)
    return out


def whole_marks(text, s, e):
    """A Content span with each end carried out of a two-character quote
    mark it falls inside: annotators sometimes start or stop between the two
    apostrophes of the NYT's '' (or backquotes of ``), and half a mark would
    pair the quotation marks wrongly ("'Most people ...,'' Mr. Begala said.
    ''And ..." read as the quotation "'' Mr. Begala said. ''"). The marks of
    a run of apostrophes pair from its first one, so an end an odd number of
    characters into the run is inside a mark."""
    def inside(b):
        if not 0 < b < len(text) or text[b] not in "'`" or text[b - 1] != text[b]:
            return False
        run = 0
        while b - run > 0 and text[b - run - 1] == text[b]:
            run += 1
        return run % 2 == 1
    return (s - 1 if inside(s) else s), (e + 1 if inside(e) else e)


def whole_span(text, span):
    """A Source span's text, carried to the end of a name the annotator cut
    after its middle initial ("Ian H" of "Ian H. Solomon")."""
    s, e = span
    m = re.match(r"\.(?: [A-Z]\.)* [A-Z][\w'’-]+", text[e:]) if re.search(r"(?:^|\s)[A-Z]$", text[s:e]) else None
    return text[s:e + (m.end() if m else 0)]


# Words that open a Source span but name nobody ("Another said", "One wrote").
NOBODY = {"another", "other", "one", "others", "some", "many", "several", "both", "each", "all", "most", "few",
          "this", "that", "these", "those"}

# Nouns for what a person is or does, the heads of descriptions that name a
# person ("the Florida senator", "the former secretary of state").
PERSON_ROLES = {
    "senator", "president", "candidate", "nominee", "governor", "secretary", "congressman",
    "congresswoman", "lawmaker", "mayor", "judge", "justice", "spokesman", "spokeswoman",
    "spokesperson", "chairman", "chairwoman", "director", "manager", "adviser", "advisor",
    "businessman", "businesswoman", "billionaire", "neurosurgeon", "surgeon", "front-runner",
    "frontrunner", "speaker", "leader", "strategist", "pollster", "attorney", "lawyer", "aide",
    "representative", "host", "anchor", "author", "columnist", "economist", "professor", "executive",
    "founder", "commissioner", "ambassador", "minister", "sheriff", "pastor", "actor", "actress",
    "hopeful", "contender", "mogul", "developer", "chief", "prosecutor", "general", "congressman",
    "premier", "chancellor", "treasurer", "comptroller", "superintendent", "activist", "organizer",
    "historian", "analyst", "scholar", "consultant", "publisher", "editor", "reporter", "officer",
}
# Titles written before a name and the role nouns they stand for ("Sen.
# Marco Rubio" is a senator).
TITLE_ROLE = {
    "sen": {"senator", "lawmaker"}, "senator": {"lawmaker"}, "rep": {"representative", "congressman",
    "congresswoman", "lawmaker"}, "representative": {"congressman", "congresswoman", "lawmaker"},
    "gov": {"governor"}, "gen": {"general"}, "pres": {"president"}, "sec": {"secretary"},
    "lt": {"governor"}, "atty": {"attorney"},
}
# Modifiers of a role that need not be said where the role is given ("the
# presumptive nominee" is the one called "nominee").
LOOSE_MODIFIERS = {"presumptive", "likely", "apparent", "new", "current", "sitting", "longtime",
                   "retired", "outgoing", "incoming", "embattled", "top", "senior", "junior",
                   "presidential", "young", "old", "real", "estate", "well-known", "famous",
                   "first-term", "two-term", "veteran", "populist", "party's", "white", "house"}


def name_run_at(text, i):
    """The capitalized name run starting at i (after spaces), or None."""
    m = re.match(r"\s*(" + NAME_RUN + r")", text[i:i + 120])
    return m.group(1) if m else None


def role_phrase(src_text):
    """A definite description of a person: (head, required modifiers, its
    "of" complement), or None: "the former Florida governor" -> ("governor",
    ["former", "florida"], ""); "the former secretary of state" ->
    ("secretary", ["former"], "state"); "the campaign" -> None."""
    m = re.match(r"(?:the|this)\s+(.+)$", " ".join(src_text.split()), re.I)
    if not m or re.search(r"[,;:“”\"]|\bwho\b|\bwhich\b|\bthat\b", m.group(1)):
        return None
    rest = m.group(1)
    of = ""
    if " of " in rest:
        rest, of = rest.split(" of ", 1)
        if len(of.split()) > 3:
            return None
    words = rest.split()
    if not words or len(words) > 6:
        return None
    head = words[-1].lower().strip(".’'")
    if head not in PERSON_ROLES:
        return None
    required = [w.lower().strip(".") for w in words[:-1]
                if w.lower().strip(".") not in LOOSE_MODIFIERS and w.lower() != head
                and not re.search(r"[’']s$", w)]
    return head, required, of.lower().strip(" .")


# The AP's abbreviations of US states, as "(R-Fla.)" and "Vt." write them,
# so that "the Florida senator" finds "Sen. Marco Rubio (R-Fla.)".
STATES = {
    "alabama": "ala", "arizona": "ariz", "arkansas": "ark", "california": "calif", "colorado": "colo",
    "connecticut": "conn", "delaware": "del", "florida": "fla", "georgia": "ga", "illinois": "ill",
    "indiana": "ind", "kansas": "kan", "kentucky": "ky", "louisiana": "la", "maryland": "md",
    "massachusetts": "mass", "michigan": "mich", "minnesota": "minn", "mississippi": "miss",
    "missouri": "mo", "montana": "mont", "nebraska": "neb", "nevada": "nev", "oklahoma": "okla",
    "oregon": "ore", "pennsylvania": "pa", "tennessee": "tenn", "vermont": "vt", "virginia": "va",
    "washington": "wash", "wisconsin": "wis", "wyoming": "wyo",
}


def role_ties(text, phrase):
    """Everyone the text gives the role of a description: {name: [(start,
    end) of each tie]}, a tie being a title or role word right before a
    name ("Sen. Marco Rubio", "Florida Sen. Marco Rubio", "campaign manager
    Jeff Weaver", "Secretary of State Hillary Clinton") or an appositive
    after one ("Mike Huckabee, the former Arkansas governor,")."""
    head, _, of = phrase
    heads = {head} | {t for t, roles in TITLE_ROLE.items() if head in roles}
    ties = collections.defaultdict(list)
    for m in re.finditer(r"\b([A-Za-z-]+)\.?", text):
        if m.group(1).lower() not in heads:
            continue
        name, tie_start, tie_end = None, m.start(), m.end()
        after = m.end()
        if of:
            o = re.match(r"\s+of\s+" + re.escape(of) + r"\b", text[after:], re.I)
            if not o:
                continue
            after += o.end()
        run = name_run_at(text, after)
        if run and text[after:after + 1] == " ":
            name, tie_end = run, after + len(run) + 1
        else:
            window = text[max(0, m.start() - 160):m.start()]
            a = re.search("(" + NAME_RUN + r")(?:\s*\([^)]*\))?,\s+(?:the|a|an|who is|who was|now)\s+"
                          r"((?:[\w’'.-]+\s+){0,8})$", window)
            # Not a title's words ("Face the Nation, the GOP front-runner")
            # nor a place ("a press conference in Chelsea, the mayor").
            if a and not re.search(r"\b(?:the|in|at|from|of|to|near)\s*$", window[:a.start()], re.I):
                name, tie_start = a.group(1), m.start() - len(window) + a.start()
        g = gold_name(name) if name else None
        if g and person_like(g):
            ties[g].append((tie_start, tie_end))
    return ties


def role_key(text, upto, phrase):
    """The person a definite description at `upto` names: of the people the
    text before it gives that role (role_ties) where the words around a tie
    or a mention say each required modifier ("Florida" or "Fla.",
    "former"), the one it mentioned last. None when the text before it gives
    the role to nobody fitting."""
    _, required, _ = phrase
    best, best_at = None, -1
    text = text[:upto]
    for g, spans in role_ties(text, phrase).items():
        surname = re.escape(g.split()[-1])
        mentions = [m.start() for m in re.finditer(r"\b" + surname + r"\b", text[:upto])]
        if not mentions:
            continue
        around = " ".join(fold(text[max(0, x - 50):y + 50]) for x, y in spans)
        around += " " + " ".join(fold(text[max(0, x - 50):x + 60]) for x in mentions)

        def said(r):
            forms = {fold(r), STATES.get(fold(r), fold(r))}
            return any(re.search(r"\b" + re.escape(f) + r"\b", around) for f in forms)

        if all(said(r) for r in required) and mentions[-1] > best_at:
            best, best_at = g, mentions[-1]
    return best


FIRST_NAMES = {}


def first_names():
    """vouch's first names and their gender (src/engine/quotes/firstnames.tsv)."""
    if not FIRST_NAMES:
        path = os.path.join(ROOT, "src", "engine", "quotes", "firstnames.tsv")
        if os.path.exists(path):
            for line in open(path, encoding="utf-8"):
                f = line.rstrip("\n").split("\t")
                if len(f) >= 3 and not line.startswith("#") and f[1].isdigit() and f[2].isdigit():
                    FIRST_NAMES[f[0]] = "m" if int(f[1]) > int(f[2]) else "f"
    return FIRST_NAMES


def article_gender(text, name):
    """The gender the article gives a person: the first name's (as vouch's
    fit reads news), else honorifics before the surname when they agree
    ("Mr. Trump"; none when the article has a Mr. and a Mrs. Khan); None
    when unsaid."""
    if " " in name and name.split()[0] in first_names():
        return first_names()[name.split()[0]]
    surname = name.split()[-1]
    male = len(re.findall(r"\bMr\.? " + re.escape(surname) + r"\b", text))
    female = len(re.findall(r"\b(?:Mrs|Ms|Miss)\.? " + re.escape(surname) + r"\b", text))
    if bool(male) != bool(female):
        return "m" if male else "f"
    return None


def person_like(name):
    """A name the key may give a "he" or "she": no organisation's words, not
    in capitals, not a word that names nobody ("Another")."""
    t = name_tokens(name)
    return bool(t) and not (ORG_WORDS & set(t)) and not name.isupper() \
        and fold(name.split()[0]) not in NOBODY and len(re.sub(r"[^A-Za-z]", "", name)) > 1


def direct_quotes(articles):
    """Every annotated direct quote: (article, content span, quoted spans,
    gold name, how the source names them: named | pronoun | relative |
    role | description, source text, the old key's name).

    The key for a source that names nobody (PolNeAR has no coreference):
      pronoun  "he"/"she": the last annotated Source before it that names a
               person (no organisation, no "Another") of that gender when
               the article tells (honorifics, first names); the old key took
               the last Source that names anything.
      relative "who" right after a name: that name.
      role     a definite description of a person ("the Florida senator",
               "the former secretary of state"): the last person the article
               gave that role before it (role_key); the old key took the last
               named Source.
      description  any other source that names nobody ("it", "they", "the
               crowd", "the campaign"): the last named Source (old key; no
               trusted key, reported, not gated)."""
    out = []
    for name, (text, attrs) in articles.items():
        last_named, persons = None, []
        # Sources in reading order, for pronouns to point back to.
        for src, content_span in sorted(attrs, key=lambda a: (a[0] or a[1])[0]):
            cs, ce = whole_marks(text, *content_span)
            src_text = whole_span(text, src) if src else ""
            g = gold_name(src_text) if src else None
            old = None
            if g:
                how = "named"
                last_named = old = g
                if person_like(g):
                    persons.append(g)
            elif src and src_text.strip():
                # A name a broken encoding cut ("Arturo SarukhÃÂ¡n") is still
                # someone a later "he" may be.
                repaired = gold_name(unmangle(src_text))
                if repaired and person_like(repaired):
                    persons.append(repaired)
                # "he" and "she" name the person the text named last; "it",
                # "they" and descriptions are left to the description count,
                # but for "who" right after a name ("said Mr. Sanders, who
                # said ..."): that name.
                lowered = src_text.strip().lower()
                personal = lowered in ("he", "she", "him", "her")
                how = "pronoun" if personal else "description"
                g = old = last_named
                if personal:
                    want = "m" if lowered in ("he", "him") else "f"
                    g = next((p for p in reversed(persons)
                              if article_gender(text, p) in (None, want)), None)
                else:
                    phrase = role_phrase(src_text)
                    if phrase:
                        how, g = "role", role_key(text, src[0], phrase)
                referent = relative_referent(text, src[0]) if lowered == "who" else None
                if referent:
                    how, g = "relative", referent
            else:
                continue
            content = text[cs:ce]
            quoted = [(cs + m.start(), cs + m.end()) for m in QUOTED.finditer(content)
                      if len(re.findall(r"\w+", m.group(0))) >= 1]
            if not quoted or not (g or old):
                continue
            out.append((name, (cs, ce), quoted, g, how, src_text, old))
    return out


def run_inspect(vouch, paths):
    """vouch's reading of each article: {path: said list}, offsets in characters."""
    out = {}
    for i in range(0, len(paths), 200):
        chunk = paths[i:i + 200]
        p = subprocess.run([vouch, "inspect", "--said", *chunk], capture_output=True, text=True)
        if p.returncode != 0:
            sys.stderr.write(p.stderr)
            sys.exit("polnear: vouch inspect --said failed")
        for line in p.stdout.splitlines():
            d = json.loads(line)
            out[d["file"]] = d
    return out


def byte_to_char(text):
    """A function from utf-8 byte offsets in text to character offsets."""
    table = {}
    b = 0
    for i, ch in enumerate(text):
        table[b] = i
        b += len(ch.encode("utf-8"))
    table[b] = len(text)
    return lambda x: table.get(x, len(text))


def measure_speakers(a, split, articles, verbose):
    paths = [os.path.join(a.data, split, "text", n + ".txt") for n in articles]
    read = run_inspect(a.vouch, paths)
    tally = collections.defaultdict(lambda: [0, 0])
    misses = []
    for name, (cs, ce), quoted, gold, how, src_text, old in direct_quotes(articles):
        text = articles[name][0]
        d = read[os.path.join(a.data, split, "text", name + ".txt")]
        conv = byte_to_char(text)
        best, overlap = None, 0
        for s in d["said"]:
            if not s["quoted"]:
                continue
            st, en = conv(s["start"]), conv(s["end"])
            ov = sum(max(0, min(en, qe) - max(st, qs)) for qs, qe in quoted)
            if ov > overlap:
                best, overlap = s, ov
        got = best["speaker"] if best else None
        # The old key (the last named Source for all that name nobody),
        # printed beside the new one for a session.
        if old:
            old_how = "description" if how == "role" else how
            tally[("old", old_how)][0] += same_name(old, got)
            tally[("old", old_how)][1] += 1
        if not gold:
            tally[(how, "no key")][1] += 1
            continue
        ok = same_name(gold, got)
        for k in (how, "all"):
            tally[k][0] += ok
            tally[k][1] += 1
        if not ok:
            why = "no quotation read" if best is None else f"got {got!r}"
            misses.append(f"{split} {how}: {name}: source {src_text!r} (gold {gold!r}), {why}: "
                          + " ".join(text[max(0, cs - 120):ce + 60].split())[:400])
    return tally, misses


# ---------------------------------------------------------------- reported


SPACED_SIGNS = {"\u0308": "\u00a8", "\u0301": "\u00b4", "\u0327": "\u00b8", "\u0304": "\u00af"}


def unmangle(s):
    """Words whose UTF-8 was read as Latin-1 ("naÃ¯vetÃ©", also after NFKD
    split "Ã¯" into "Ã ̄"), as a reporter reads and re-types them ("naïveté");
    vouch repairs its sources the same way."""
    s = re.sub(r"([\u00c2-\u00f4]) ([\u0308\u0301\u0327\u0304])",
               lambda m: m.group(1) + SPACED_SIGNS[m.group(2)], s)

    def fix(w):
        if not re.search(r"[\u00c2-\u00f4]", w):
            return w
        try:
            f = w.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            try:
                f = w.encode("latin-1").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                return w
        return w if any(unicodedata.category(c) == "Cc" for c in f) else f

    return re.sub(r"[^ \t\n\r]+", lambda m: fix(m.group(0)), s)


def quote_words(text, span):
    """A quoted segment as a reporter would re-quote it: one line, inner
    double quotes as single ones, trailing punctuation trimmed, words a
    broken encoding mangled read as they were written."""
    s = unmangle(text[span[0]:span[1]])
    s = re.sub(r"^(?:“|\"|''|``)|(?:”|\"|'')$", "", s)
    s = s.replace("``", "‘").replace("''", "’").replace("“", "‘").replace("”", "’").replace('"', "'")
    s = " ".join(s.split())
    return s.rstrip(",.;: ")


def full_forms(articles):
    """For each article, the fullest form of each annotated source's name:
    "Trump" -> "Donald Trump" when the article's sources name him so."""
    out = {}
    for name, (text, attrs) in articles.items():
        forms = collections.Counter()
        for src, _ in attrs:
            g = gold_name(whole_span(text, src)) if src else None
            if g and " " in g:
                forms[g] += 1
        out[name] = forms
    return out


def full_form(gold, forms, text):
    """The article's full name for a surname, or None when the article
    gives the surname to two people ("Clinton": Bill and Hillary; "Sanders":
    Bernie and Jane), so that who the annotators meant is unknown."""
    if " " in gold:
        return gold
    surname = name_tokens(gold)[-1:]
    fitting = [f for f, _ in forms.most_common() if name_tokens(f)[-1:] == surname]
    firsts = {name_tokens(f)[0] for f in fitting}
    if surname:
        last = re.escape(gold.split()[-1])
        for m in re.finditer(r"\b([A-Z][a-z]+)(?: [A-Z]\.)? " + last + r"\b", text):
            first = fold(m.group(1))
            if first not in TITLES and first not in CALENDAR and first not in PARTICLES:
                firsts.add(first)
    if len(firsts) > 1:
        return None
    return fitting[0] if fitting else gold


STYLES = (
    lambda q, x: f'"{q}," {x} said.',
    lambda q, x: f'According to {x}, "{q}."',
    lambda q, x: f'{x} told reporters: "{q}."',
    lambda q, x: f'"{q}," said {x}.',
    lambda q, x: f'{x} said: "{q}."',
)


def measure_reported(a, splits, verbose):
    rng = random.Random(a.seed)
    pool = []
    corpus_dir = os.path.join(a.out, "corpus")
    drafts_dir = os.path.join(a.out, "drafts")
    shutil.rmtree(a.out, ignore_errors=True)
    os.makedirs(corpus_dir)
    os.makedirs(drafts_dir)
    by_words = collections.defaultdict(set)
    persons = set()
    for split, articles in splits.items():
        for name, (text, _) in articles.items():
            link_or_copy(os.path.abspath(os.path.join(a.data, split, "text", name + ".txt")),
                       os.path.join(corpus_dir, f"{split}-{name}.txt"))
        fullest = full_forms(articles)
        for name, _, quoted, _, how, _, gold in direct_quotes(articles):
            if not gold:
                continue
            text = articles[name][0]
            for span in quoted:
                q = quote_words(text, span)
                key = " ".join(re.findall(r"\w+", q.lower()))
                by_words[key].add(fold(gold.split()[-1]))
                who = full_form(gold, fullest[name], text)
                if how == "named" and who and 8 <= len(q.split()) <= 50 and split in a.quote_splits:
                    pool.append((q, key, who, split))
                if how == "named" and " " in gold and not ORG_WORDS & set(name_tokens(gold)):
                    persons.add(who)
    # A quote given to two people would make a swap ambiguous.
    seen, unique = set(), []
    for q, key, who, split in sorted(pool):
        if len(by_words[key]) == 1 and key not in seen:
            seen.add(key)
            unique.append((q, key, who, split))
    rng.shuffle(unique)
    if a.quotes:
        unique = unique[: a.quotes]
    persons = sorted(persons)
    vocabulary = sorted({w for q, _, _, _ in unique for w in q.split()
                         if w.isalpha() and w.islower() and len(w) > 4})
    items, paras = [], []
    for n, (q, key, who, split) in enumerate(unique):
        style = STYLES[n % len(STYLES)]
        w = q.split()
        paras.append(("kept", style(q, who), q, [], split))
        cut = " ".join(w[:4]) + " ... " + " ".join(w[-4:]) if len(w) >= 10 else " ".join(w[:-2]) + " ..."
        paras.append(("cut", STYLES[(n + 1) % len(STYLES)](cut, who), cut, [], split))
        spots = [i for i in range(1, len(w) - 1) if w[i].isalpha() and w[i].islower() and len(w[i]) > 3]
        if spots:
            i = rng.choice(spots)
            new = rng.choice([v for v in vocabulary if v != w[i].lower()])
            changed = " ".join(w[:i] + [new] + w[i + 1:])
            paras.append(("changed", STYLES[(n + 2) % len(STYLES)](changed, who), changed, ["misquote"], split))
        speaker_words = by_words[key]
        others = [p for p in persons if fold(p.split()[-1]) not in speaker_words
                  and fold(p.split()[-1]) != fold(who.split()[-1])]
        other = rng.choice(others)
        para = STYLES[(n + 3) % len(STYLES)](q, other)
        paras.append(("swapped", para, para, ["misattribution"], split))
    # One draft per paragraph: the paragraphs are about unrelated people, and
    # a draft resolves a surname to the person it last named in full.
    drafts = []
    for d, (kind, para, item, expect, split) in enumerate(paras):
        name = "reported-%04d" % (d + 1)
        text = para + "\n"
        its = [(kind, para, item, expect, split, 0, len(para))]
        path = os.path.join(drafts_dir, name + ".md")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        drafts.append((path, text, its))
    cache = os.path.join(a.out, "index")
    p = subprocess.run([a.vouch, "check", "--corpus", corpus_dir, "--index-dir", cache, "--format", "json",
                        *[d[0] for d in drafts]], capture_output=True, text=True, cwd=a.out)
    try:
        report = json.loads(p.stdout)
    except json.JSONDecodeError:
        sys.stderr.write(p.stderr)
        sys.exit("polnear: vouch check gave no JSON")
    by_file = {os.path.basename(f["path"] if "path" in f else f.get("file", "")): f["diagnostics"]
               for f in report["files"]}
    tally = collections.defaultdict(lambda: [0, 0])
    misses = []
    for path, text, its in drafts:
        diags = by_file.get(os.path.basename(path), [])
        starts = [0]
        for line in text.split("\n"):
            starts.append(starts[-1] + len(line.encode("utf-16-le")) // 2 + 1)
        u16 = lambda i: len(text[:i].encode("utf-16-le")) // 2
        spans = [(starts[dg["range"]["start"]["line"]] + dg["range"]["start"]["character"],
                  starts[dg["range"]["end"]["line"]] + dg["range"]["end"]["character"], dg) for dg in diags]
        for kind, para, item, expect, split, s, e in its:
            s0, e0 = u16(s), u16(e)
            got = [dg for ds, de, dg in spans if ds < e0 and s0 < max(de, ds + 1) and dg["code"] in QUOTE_CODES]
            codes = [dg["code"] for dg in got]
            ok = any(c in expect for c in codes) if expect else not codes
            for k in (kind, (kind, split)):
                tally[k][0] += ok
                tally[k][1] += 1
            if not ok:
                msg = "; ".join(dg["message"][:160] for dg in got) or "nothing"
                misses.append(f"{kind}: {para[:200]!r} got {msg}")
    return tally, misses, len(unique)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--vouch", default=os.path.join(ROOT, "target", "release", "vouch"))
    ap.add_argument("--split", choices=("train", "dev", "both"), default="both",
                    help="splits whose direct quotes are measured (speakers)")
    ap.add_argument("--quote-splits", default="dev,train",
                    help="splits the re-reported quotes are drawn from (the corpus is always both)")
    ap.add_argument("--quotes", type=int, default=0,
                    help="quotes to re-report, a seeded random draw (0, the default: every distinct quote; "
                         "a draw of a few hundred moves the rates by about 0.01 from seed to seed)")
    ap.add_argument("--out", help="work folder, kept (default: a private temporary one, removed)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--skip-reported", action="store_true")
    ap.add_argument("--skip-speakers", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--min-speakers", type=float, default=0.0,
                    help="minimum speaker accuracy on named sources, on every measured split")
    ap.add_argument("--min-pronouns", type=float, default=0.0,
                    help="minimum speaker accuracy on he/she sources, on every measured split")
    ap.add_argument("--min-roles", type=float, default=0.0,
                    help="minimum speaker accuracy on role descriptions ('the senator') with a key")
    for kind in KINDS:
        ap.add_argument(f"--min-{kind}", type=float, default=0.0)
    a = ap.parse_args()
    a.out = work_dir(a.out, "vouch-polnear-")
    a.vouch = os.path.abspath(shutil.which(a.vouch) or a.vouch)
    a.quote_splits = a.quote_splits.split(",")
    if not os.path.isdir(os.path.join(a.data, "train")):
        print(f"polnear: dataset not found at {a.data}; skipped")
        return
    splits = {s: load_split(a.data, s) for s in ("train", "dev") if os.path.isdir(os.path.join(a.data, s))}
    low = []
    for split in [] if a.skip_speakers else [a.split] if a.split != "both" else list(splits):
        tally, misses = measure_speakers(a, split, splits[split], a.verbose)
        if a.verbose:
            print("\n".join(misses))
        print(f"polnear speakers, {split} split ({len(splits[split])} articles):")
        for k in ("named", "pronoun", "relative", "role", "description", "all"):
            ok, n = tally[k]
            extra = []
            if tally[(k, "no key")][1]:
                extra.append(f"{tally[(k, 'no key')][1]} with no key")
            old_k = "description" if k == "role" else k
            if k in ("pronoun", "role") and tally[("old", old_k)][1]:
                o, on = tally[("old", old_k)]
                extra.append(f"old key {'(role + description) ' if k == 'role' else ''}{o / on:.3f} of {on}")
            if n:
                print(f"  {k:12} {ok / n:.3f} of {n}" + (f"  ({'; '.join(extra)})" if extra else ""))
        for k, minimum in (("named", a.min_speakers), ("pronoun", a.min_pronouns), ("role", a.min_roles)):
            ok, n = tally[k]
            if n and ok / n < minimum:
                low.append(f"{k} speakers on {split} {ok / n:.3f}")
    if not a.skip_reported:
        tally, misses, n_quotes = measure_reported(a, splits, a.verbose)
        if a.verbose:
            print("\n".join(misses))
        print(f"polnear re-reported: {n_quotes} quotes from {'+'.join(a.quote_splits)}, "
              f"checked against {sum(len(s) for s in splits.values())} articles")
        for k in KINDS:
            ok, n = tally[k]
            rate = ok / n if n else 1.0
            parts = [f"{split} {tally[(k, split)][0] / tally[(k, split)][1]:.3f} of {tally[(k, split)][1]}"
                     for split in a.quote_splits if tally[(k, split)][1]]
            print(f"  {k:8} {rate:.3f} of {n}  ({', '.join(parts)})")
            if rate < getattr(a, f"min_{k}"):
                low.append(f"{k} {rate:.3f}")
    if low:
        sys.exit("polnear: below the minimum: " + "; ".join(low))


if __name__ == "__main__":
    main()
