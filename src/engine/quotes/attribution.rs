//! Who says what: the speaker of each quotation and of each reported
//! statement of a document, read the way news writes attribution.
//!
//! A cue is a reporting verb learned from annotated news (`cues.rs`: said,
//! told, wrote, tweeted...), `according to`, a possessive noun (`X's
//! assertion that`) or a name before a colon that opens a quotation. Each
//! cue's source is the phrase before it (`Sen. Mary T. Collins (D-Ohio)
//! said`, `a spokesman for the Defense Department, John Miller, said`, `X,
//! the foreign minister, said`), or after it (`"...," said X`, `according to
//! X`). A source is a name, a pronoun or a description; pronouns (`he`,
//! `she`) and definite descriptions (`the senator`) are resolved to the last
//! fitting person the document has named (see `discourse.rs`).
//!
//! A quotation goes to the cue right after it (`"...," X said`, also across
//! a sentence end: `"..." X said.`), else to the cue before it in its
//! sentence (`X said: "..."`), else to a later cue in its sentence; a
//! quotation with no cue continues the last quotation of its paragraph, or,
//! opening a paragraph, the speaker the paragraph before ended with.

use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use super::cues;
use super::discourse::{Discourse, Gender};
use super::find::Quotation;
use super::names::{NameMention, bare, is_role_noun};
use crate::engine::text::words::Word;

/// Words reported as someone's: a quotation, or a statement in indirect speech.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The quoted words, or the reported clause.
    pub range: Range<usize>,
    pub speaker: Option<Speaker>,
    /// Whom the reporter has the words from as well, when the attribution
    /// is nested: "According to X: ... “...,” the Post reported" gives the
    /// words to the Post, and X reports them; "“...,” Y said, according to
    /// CNN" gives them to Y, and CNN reports them. Either is a right
    /// attribution for a draft.
    pub also: Option<Speaker>,
    pub quoted: bool,
}

/// A speaker as the text names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// The fullest form of the name the document uses.
    pub name: String,
    /// Where the text names them (the pronoun or description, when it does so).
    pub range: Range<usize>,
    pub role: Option<String>,
}

/// A sentence as attribution reads it: its range, its block and its names.
pub struct Sentence<'a> {
    pub range: Range<usize>,
    pub block: usize,
    pub mentions: &'a [NameMention],
    /// The sentence's words (`words(text, range)`), split once for all readings.
    pub words: &'a [Word<'a>],
}

/// Nouns that carry someone's words after a possessive: `Trump's assertion that`.
const NOUNS: &[&str] = &[
    "assertion",
    "statement",
    "claim",
    "remarks",
    "remark",
    "words",
    "comments",
    "comment",
    "promise",
    "pledge",
    "warning",
    "view",
    "argument",
    "insistence",
    "description",
];

/// Each possessive noun and cue word, lowercase: whether it is a noun of
/// `NOUNS`, and its weight as a cue. One look-up per word of a sentence
/// answers both.
type NounOrCue = (bool, Option<cues::Weight>);

/// `NOUNS` and the cue words in an open-addressed table whose hash reads
/// four bytes of a word, not all (`caseless_hash`), and whose keys are compared ignoring ASCII
/// case: a word is looked up with no lowercased copy of it and no pass over
/// its bytes but the one comparison (every word of every sentence that
/// passes `shapes` is looked up).
struct NounCueTable {
    /// Lowercase keys; an empty key is an empty slot.
    slots: Box<[(&'static [u8], NounOrCue)]>,
    /// 64 minus the table's bits: the hash's top bits pick the slot.
    shift: u32,
    shapes: super::Shapes,
}

impl NounCueTable {
    fn build() -> NounCueTable {
        let mut entries: Vec<(&'static [u8], NounOrCue)> = Vec::new();
        let mut add = |w: &'static str, noun: bool, weight: Option<cues::Weight>| {
            // The keys are compared ignoring ASCII case, which equals
            // comparing to the lowercased word only when the key is lowercase.
            assert!(
                !w.is_empty() && !w.bytes().any(|b| b.is_ascii_uppercase()),
                "{w}"
            );
            match entries.iter_mut().find(|(k, _)| *k == w.as_bytes()) {
                Some((_, v)) => {
                    v.0 |= noun;
                    v.1 = v.1.or(weight);
                }
                None => entries.push((w.as_bytes(), (noun, weight))),
            }
        };
        for (w, weight) in cues::all() {
            add(w, false, Some(weight));
        }
        for &n in NOUNS {
            add(n, true, None);
        }
        // At most a quarter full: probes stay short.
        let bits = (entries.len() * 4).next_power_of_two().trailing_zeros();
        let mut slots = vec![(&b""[..], (false, None)); 1 << bits].into_boxed_slice();
        let shift = 64 - bits;
        for (k, v) in entries {
            let mut i = (super::caseless_hash(k) >> shift) as usize;
            while !slots[i].0.is_empty() {
                i = (i + 1) & (slots.len() - 1);
            }
            slots[i] = (k, v);
        }
        let shapes = super::Shapes::of(cues::all().map(|(w, _)| w).chain(NOUNS.iter().copied()));
        NounCueTable {
            slots,
            shift,
            shapes,
        }
    }

    /// `noun_or_cue` of an ASCII word: lowercasing is ASCII lowercasing,
    /// as `cue` does it.
    #[inline]
    fn of_ascii(&self, word: &[u8]) -> NounOrCue {
        if !self.shapes.may_hold_ascii(word) {
            return (false, None);
        }
        self.get(word)
    }

    /// The entry of the ASCII `word` lowercased, or `(false, None)`.
    fn get(&self, word: &[u8]) -> NounOrCue {
        if word.is_empty() {
            return (false, None);
        }
        let mut i = (super::caseless_hash(word) >> self.shift) as usize;
        loop {
            let (key, value) = self.slots[i];
            if key.is_empty() {
                return (false, None);
            }
            if key.eq_ignore_ascii_case(word) {
                return value;
            }
            i = (i + 1) & (self.slots.len() - 1);
        }
    }
}

static NOUNS_AND_CUES: LazyLock<NounCueTable> = LazyLock::new(NounCueTable::build);

/// Whether `word` lowercased is one of `NOUNS`, and `cues::cue(word)`.
fn noun_or_cue(word: &str) -> NounOrCue {
    if word.is_ascii() {
        NOUNS_AND_CUES.of_ascii(word.as_bytes())
    } else {
        (super::lower_in(word, NOUNS), cues::cue(word))
    }
}

/// Words that may stand between a subject and its verb: `Peskov also said`.
const BETWEEN: &[&str] = &[
    "also",
    "later",
    "then",
    "reportedly",
    "previously",
    "once",
    "repeatedly",
    "recently",
    "again",
    "publicly",
    "further",
    "earlier",
    "has",
    "had",
    "have",
    "himself",
    "herself",
    "separately",
    "privately",
    "was",
    "is",
    "quickly",
    "simply",
    "only",
    "would",
    "will",
    "has",
    "had",
    "says",
    "said",
    "herself",
    "itself",
    "first",
    "often",
    "frequently",
    "even",
    "still",
    "already",
    "just",
    "did",
    "does",
    "might",
    "may",
    "could",
    "never",
    "has",
    "been",
    "subsequently",
    "similarly",
    "flatly",
    "told",
    "however",
];

/// Words that open a phrase which is not a subject: prepositions,
/// subordinators, relative pronouns and sentence adverbs.
const ADJUNCT_STARTS: &[&str] = &[
    "in",
    "on",
    "at",
    "after",
    "before",
    "during",
    "while",
    "when",
    "as",
    "since",
    "with",
    "without",
    "for",
    "from",
    "to",
    "by",
    "of",
    "under",
    "over",
    "about",
    "amid",
    "despite",
    "following",
    "like",
    "unlike",
    "if",
    "because",
    "although",
    "though",
    "who",
    "whom",
    "whose",
    "which",
    "where",
    "however",
    "meanwhile",
    "instead",
    "moreover",
    "indeed",
    "still",
    "yet",
    "then",
    "now",
    "too",
    "also",
    "though",
    "not",
    "than",
    "into",
    "through",
    "inside",
    "outside",
    "near",
    "across",
    "against",
    "among",
    "between",
    "speaking",
    "asked",
    "according",
    "and",
    "or",
    "but",
    "that",
    "once",
    "until",
    "upon",
    "via",
    "per",
];

/// Prepositions after which a name is an employer or a place ("a
/// spokesman for the Defense Department", "Bill Sullivan of Dean Witter").
const PREPOSITIONS: &[&str] = &[
    "for", "of", "at", "from", "with", "by", "to", "in", "on", "within", "inside",
];

/// Determiners that open a description ("the senator", "a spokesman").
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "his", "her", "its", "their",
];

/// Words that make a phrase a clause rather than a noun phrase.
const AUXILIARIES: &[&str] = &[
    "is", "was", "are", "were", "will", "would", "has", "have", "had", "can", "could", "should",
    "may", "might", "must", "does", "did", "do", "be", "been", "being", "not",
];

/// Leading conjunctions that do not belong to a subject ("But Smith said").
const CONJUNCTIONS: &[&str] = &[
    "and",
    "but",
    "so",
    "yet",
    "or",
    "still",
    "meanwhile",
    "then",
];

/// Nouns that name an organisation, for descriptions ("the campaign said").
const ORG_NOUNS: &[&str] = &[
    "campaign",
    "company",
    "committee",
    "department",
    "agency",
    "administration",
    "group",
    "organization",
    "organisation",
    "party",
    "ministry",
    "government",
    "office",
    "firm",
    "bank",
    "network",
    "newspaper",
    "paper",
    "council",
    "commission",
    "board",
    "union",
    "association",
    "foundation",
    "institute",
    "university",
    "court",
    "embassy",
    "team",
    "poll",
    "survey",
    "report",
    "study",
    "website",
    "site",
];

/// A phrase that names a source, before resolution.
#[derive(Debug, Clone)]
enum Phrase {
    /// A name mention (index into the sentence's mentions).
    Name(usize),
    Pronoun(Range<usize>, Gender),
    /// A description: its range, its head noun, whether it is definite
    /// ("the senator") and an organisation it is for ("a spokesman for X").
    Description {
        range: Range<usize>,
        head: String,
        definite: bool,
        org: Option<usize>,
    },
}

/// A cue and its resolved speaker.
#[derive(Debug, Clone)]
struct Cue {
    /// The cue word(s).
    at: Range<usize>,
    /// The cue and the phrase that names its source.
    span: Range<usize>,
    speaker: Option<Speaker>,
    /// Where a reported statement would begin (after the verb), if any.
    clause_from: Option<usize>,
    /// Whether the cue opens what follows it (`X said:`).
    colon: bool,
    /// Whether it reports direct quotes often enough to be given one that
    /// it does not stand right next to.
    quotes: bool,
    /// `according to X`: where the reporter has it from, which yields to a
    /// speaker the sentence names ("X said ..., according to Yahoo News").
    according: bool,
    /// For a subject found in a clause of its own ("While Sullivan
    /// proclaims ... "...,""): the quotation it was found for, the only one
    /// it speaks for.
    clause: Option<usize>,
    /// Whether the subject is that of a clause the quotation stands in
    /// ("in a clip that Judge X called "distasteful," Y said"): it goes
    /// before a cue right after the quotation.
    inner: bool,
    /// A second speaker the cue names with the first ("Trump and Ryan
    /// issued a statement").
    also: Option<Speaker>,
}

impl Cue {
    /// A cue for `speaker` and nothing more said of it: no clause after it,
    /// no colon, no quotation of its own, no second speaker. Each cue the
    /// scan finds is this with what sets it apart.
    fn plain(at: Range<usize>, span: Range<usize>, speaker: Option<Speaker>) -> Cue {
        Cue {
            at,
            span,
            speaker,
            clause_from: None,
            colon: false,
            quotes: false,
            according: false,
            clause: None,
            inner: false,
            also: None,
        }
    }
}

/// The reported words of a document: its sentences (prose only, in order)
/// and its quotations; and the discourse that resolved their speakers.
pub fn in_document<'a>(
    text: &'a str,
    sentences: &[Sentence<'a>],
    quotes: &[Quotation],
) -> (Vec<Said>, Discourse<'a>) {
    let mut discourse = Discourse::new(text, sentences, quotes);
    let mut cues: Vec<Vec<Cue>> = Vec::with_capacity(sentences.len());
    // The quotations that overlap each sentence (both are in order).
    let mut overlapping: Vec<Range<usize>> = Vec::with_capacity(sentences.len());
    let mut q0 = 0;
    for (si, s) in sentences.iter().enumerate() {
        while q0 < quotes.len() && quotes[q0].outer.end <= s.range.start {
            q0 += 1;
        }
        let n = quotes[q0..]
            .iter()
            .take_while(|q| q.outer.start < s.range.end)
            .count();
        overlapping.push(q0..q0 + n);
        let qs: Vec<&Quotation> = quotes[q0..q0 + n].iter().collect();
        discourse.enter(si, s, &qs);
        // Whether the next sentence of the paragraph opens with a
        // quotation, or this one ends with a colon and the next paragraph
        // opens with one ("Clinton released the following statement:").
        let opens_next = text[..s.range.end].trim_end().ends_with(':');
        let lead_in = sentences.get(si + 1).is_some_and(|n| {
            (n.block == s.block || opens_next && n.block == s.block + 1)
                && quotes[q0..]
                    .iter()
                    .find(|q| q.outer.end > n.range.start)
                    .is_some_and(|q| {
                        q.outer.start >= n.range.start
                            && text[n.range.start..q.outer.start].trim().is_empty()
                    })
        });
        let mut found = sentence_cues(text, s, &qs, &mut discourse);
        // "Trump was quick to add that it does not include that. "Building
        // it? Not negotiable."": a sentence with no cue that leads into a
        // quotation gives it its subject.
        if lead_in && qs.is_empty() && !found.iter().any(|c| c.speaker.is_some()) {
            let ws = s.words;
            if let Some((p, at)) = subject_of_sentence(text, s, ws, s.range.end)
                && let Some(end) = match &p {
                    Phrase::Name(m) => Some(s.mentions[*m].range.end),
                    Phrase::Pronoun(r, _) => Some(r.end),
                    Phrase::Description { .. } => None,
                }
            {
                let speaker = resolve(text, s, &p, &discourse);
                if let Some(sp) = &speaker {
                    discourse.spoke(&sp.name, at);
                }
                found.push(Cue {
                    ..Cue::plain(end..end, at..end, speaker)
                });
            }
        }
        cues.push(found);
    }
    let mut said = assign_quotes(text, sentences, quotes, &cues);
    // Reported statements: the clause after the verb, when no quotation is in it.
    for ((s, found), qs) in sentences.iter().zip(&cues).zip(&overlapping) {
        for c in found {
            let (Some(from), Some(sp)) = (c.clause_from, &c.speaker) else {
                continue;
            };
            let clause = clause(text, from, s.range.end);
            if clause.is_empty()
                || quotes[qs.clone()]
                    .iter()
                    .any(|q| q.outer.start < clause.end && clause.start < q.outer.end)
            {
                continue;
            }
            said.push(Said {
                range: clause,
                speaker: Some(sp.clone()),
                also: None,
                quoted: false,
            });
        }
    }
    said.sort_by_key(|s| s.range.start);
    (said, discourse)
}

/// Each quotation's speaker, from the cues of its sentences and their neighbours.
fn assign_quotes(
    text: &str,
    sentences: &[Sentence],
    quotes: &[Quotation],
    cues: &[Vec<Cue>],
) -> Vec<Said> {
    let mut said = Vec::with_capacity(quotes.len());
    // The last speaker of the block before, and whether that block ends by
    // opening what follows (`X said:`).
    let mut block_speaker: Option<(usize, Option<Speaker>, bool)> = None;
    let mut quote_speaker: Option<(usize, Option<Speaker>)> = None;
    let mut si = 0;
    for q in quotes {
        while si < sentences.len() && sentences[si].range.end <= q.outer.start {
            let s = &sentences[si];
            let ends_open = text[..s.range.end].trim_end().ends_with(':');
            if let Some(c) = cues[si].iter().rev().find(|c| c.speaker.is_some()) {
                // `X said: "..."` gives its quotation in its own sentence,
                // and opens nothing in the paragraph after it.
                // Quotations are in text order: look the first one after
                // the cue up, never walk them all (a paragraph of quotes
                // would make this quadratic).
                let next = quotes.partition_point(|o| o.outer.start < c.at.end);
                let gave_its_own = quotes
                    .get(next)
                    .is_some_and(|o| o.outer.start < s.range.end);
                let open = ends_open || c.colon && !gave_its_own;
                block_speaker = Some((s.block, c.speaker.clone(), open));
            } else if let Some((b, sp, _)) = &block_speaker
                && *b == s.block
            {
                block_speaker = Some((*b, sp.clone(), ends_open));
            }
            si += 1;
        }
        let Some(s_first) = sentences.get(si) else {
            said.push(Said {
                range: q.range.clone(),
                speaker: None,
                also: None,
                quoted: true,
            });
            continue;
        };
        // The sentences the quotation runs over.
        let mut last = si;
        while last + 1 < sentences.len() && sentences[last + 1].range.start < q.outer.end {
            last += 1;
        }
        let block = s_first.block;
        let outside = |c: &&Cue| c.at.end <= q.outer.start || c.at.start >= q.outer.end;
        let mut here: Vec<&Cue> = (si..=last).flat_map(|i| &cues[i]).filter(outside).collect();
        // "X said ..., according to CNN": the outlet the reporter has it
        // from yields to the speaker, and reports the words as well.
        let mut reported_by: Option<Speaker> = None;
        if here.iter().any(|c| !c.according && c.speaker.is_some()) {
            reported_by = here
                .iter()
                .find(|c| c.according && c.speaker.is_some())
                .and_then(|c| c.speaker.clone());
            here.retain(|c| !c.according);
        }
        // 1. The cue right after it: `"...," X said`; across a sentence end
        // (`"..." X said.`) only when the quotation opens its sentence.
        let opens_sentence = text[s_first.range.start.min(q.outer.start)..q.outer.start]
            .trim()
            .is_empty();
        // A signature after a dash ("― Steve Quinlan") follows any
        // quotation; a paragraph of its own ("- Bernie Sanders.") signs the
        // quotation that ends the paragraph before it.
        let is_dash = |c: &Cue| matches!(&text[c.at.clone()], "―" | "—" | "–" | "-");
        let ends_block = last + 1 < sentences.len()
            && sentences[last + 1].block == block + 1
            && text[q.outer.end..sentences[last].range.end.max(q.outer.end)]
                .chars()
                .all(|ch| !ch.is_alphanumeric());
        let next_sentence = (last + 1 < sentences.len()
            && (sentences[last + 1].block == block || ends_block))
            .then(|| &cues[last + 1])
            .into_iter()
            .flatten()
            .filter(|c| {
                if sentences[last + 1].block != block {
                    return is_dash(c) && c.at.start == sentences[last + 1].range.start;
                }
                opens_sentence || is_dash(c)
            });
        let adjacent = here
            .iter()
            .copied()
            .chain(next_sentence)
            .filter(|c| c.span.start >= q.outer.end)
            .filter(|c| c.clause.is_none_or(|at| at == q.outer.start))
            // ""...," Trump said: "I don't like it."": a cue that opens a
            // quotation with a colon is that quotation's.
            .filter(|c| {
                !c.colon
                    || !quotes
                        .get(quotes.partition_point(|o| o.outer.start < c.at.end))
                        .is_some_and(|o| {
                            text[c.at.end..o.outer.start].trim_start().starts_with(':')
                                && text[c.at.end..o.outer.start].len() < 4
                        })
            })
            .min_by_key(|c| c.span.start)
            .filter(|c| {
                text[q.outer.end..c.span.start]
                    .chars()
                    .all(|ch| !ch.is_alphanumeric() && !matches!(ch, '“' | '"' | '‘' | '`'))
            });
        // 2. The cue before it in its sentence: `X said: "..."`.
        let before = || {
            here.iter()
                .filter(|c| c.quotes && c.at.end <= q.outer.start)
                .filter(|c| c.clause.is_none_or(|at| at == q.outer.start))
                .filter(|c| c.span.start >= s_first.range.start)
                .max_by_key(|c| c.at.end)
                .copied()
        };
        // 3. A later cue of its sentences.
        let after = || {
            here.iter()
                .filter(|c| c.quotes && c.at.start >= q.outer.end && c.clause.is_none())
                .min_by_key(|c| c.at.start)
                .copied()
        };
        let previous = || {
            // "Kerry said that 100,000 would come. "That adds up.""
            (opens_sentence && si > 0 && sentences[si - 1].block == block)
                .then(|| cues[si - 1].iter().rev().find(|c| c.speaker.is_some()))
                .flatten()
        };
        let inner = here
            .iter()
            .copied()
            .find(|c| c.inner && c.clause == Some(q.outer.start));
        let own = inner.or(adjacent).or_else(before).or_else(after);
        // "According to Jack Kelly, writing for RealClearPolitics:" and a
        // paragraph whose quotation a cue of its own gives to the Post:
        // Kelly reports the Post's words.
        if own.is_some_and(|c| c.speaker.is_some())
            && reported_by.is_none()
            && let Some((b, Some(sp), true)) = &block_speaker
            && *b + 1 == block
        {
            reported_by = Some(sp.clone());
        }
        // "Trump and Ryan issued a statement": Ryan's words too.
        if reported_by.is_none() {
            reported_by = own.and_then(|c| c.also.clone());
        }
        let speaker = if let Some(c) = own {
            c.speaker.clone()
        } else if let Some(c) = previous() {
            c.speaker.clone()
        } else if let Some((b, sp)) = &quote_speaker
            && *b == block
        {
            // 4. Its paragraph's last quotation goes on.
            sp.clone()
        } else if let Some((b, sp, open)) = &block_speaker
            && *b + 1 == block
            && (*open || opens_sentence && si == first_of_block(sentences, si))
        {
            // 5. A paragraph that opens with a quotation continues the
            // speaker the paragraph before ended with.
            sp.clone()
        } else {
            None
        };
        quote_speaker = Some((block, speaker.clone()));
        let also = reported_by.filter(|r| speaker.as_ref().is_some_and(|sp| sp.name != r.name));
        said.push(Said {
            range: q.range.clone(),
            speaker,
            also,
            quoted: true,
        });
    }
    said
}

/// The first sentence of the block sentence `si` is in.
fn first_of_block(sentences: &[Sentence], si: usize) -> usize {
    let block = sentences[si].block;
    let mut i = si;
    while i > 0 && sentences[i - 1].block == block {
        i -= 1;
    }
    i
}

fn lower(w: &Word) -> String {
    w.text.to_lowercase().replace('’', "'")
}

fn is_pronoun_word(w: &str) -> Option<Gender> {
    match w {
        "he" | "He" | "him" | "Him" => Some(Gender::Male),
        "she" | "She" | "her" | "Her" => Some(Gender::Female),
        _ => None,
    }
}

/// Verbs that may stand between a subject and a cue with `to`: "went on
/// to say", "kept asking", "began telling".
const LEADING_VERBS: &[&str] = &[
    "went",
    "goes",
    "go",
    "kept",
    "keeps",
    "began",
    "begins",
    "started",
    "starts",
    "continued",
    "continues",
    "wanted",
    "wants",
    "tried",
    "tries",
    "decided",
    "refused",
    "declined",
    "used",
    "took",
    "rushed",
    "moved",
    "appeared",
    "seemed",
    "chose",
];

/// The cues of a sentence, each with its speaker resolved.
fn sentence_cues(
    text: &str,
    s: &Sentence,
    quotes: &[&Quotation],
    discourse: &mut Discourse,
) -> Vec<Cue> {
    let ws = s.words;
    let inside = |pos: usize| {
        quotes
            .iter()
            .any(|q| q.outer.start <= pos && pos < q.outer.end)
    };
    // A sentence all ASCII has only ASCII words: each is looked up with no
    // test of its own bytes (one test of the sentence's, a word at a time).
    let ascii = text[s.range.clone()].is_ascii();
    let table = &*NOUNS_AND_CUES;
    let mut out: Vec<Cue> = Vec::new();
    let push = |mut c: Cue, out: &mut Vec<Cue>, discourse: &mut Discourse| {
        if let Some(sp) = &c.speaker {
            discourse.spoke(&sp.name, c.at.start);
            c.also = coordinated(text, s, &c, sp, discourse);
            // "Trump and Ryan issued a statement": the first named speaks,
            // the second is `also`, whichever the cue found; but a relative
            // clause is the nearest name's ("LaBelle and Wonder, who joked").
            if c.also
                .as_ref()
                .is_some_and(|a| a.range.start < sp.range.start)
                && !text[sp.range.end..c.at.start.max(sp.range.end)]
                    .split(|ch: char| !ch.is_alphanumeric())
                    .any(|w| matches!(w, "who" | "whom" | "whose" | "which"))
            {
                let first = c.also.take();
                c.also = std::mem::replace(&mut c.speaker, first);
            }
        }
        out.push(c);
    };
    for (i, w) in ws.iter().enumerate() {
        if inside(w.range.start) {
            continue;
        }
        let first = w.text.as_bytes()[0];
        // "according to X"
        if (first == b'a' || first == b'A')
            && w.text.eq_ignore_ascii_case("according")
            && ws.get(i + 1).is_some_and(|n| n.text == "to")
        {
            let to = &ws[i + 1];
            let phrase = phrase_after(text, s, ws, i + 2, to.range.end);
            let clause_from = phrase.as_ref().and_then(|(_, end)| {
                let opens = text[s.range.start..w.range.start].trim().is_empty();
                let after = &text[*end..s.range.end];
                after.find(',').filter(|_| opens).map(|c| end + c + 1)
            });
            let span_end = phrase.as_ref().map_or(to.range.end, |p| p.1);
            let speaker = phrase.and_then(|(p, _)| resolve(text, s, &p, discourse));
            let cue = Cue {
                clause_from,
                quotes: true,
                according: true,
                ..Cue::plain(
                    w.range.start..to.range.end,
                    w.range.start..span_end,
                    speaker,
                )
            };
            push(cue, &mut out, discourse);
            continue;
        }
        // "X's assertion that", "X's words: "...""
        // (NOUNS hold no apostrophe: lowercasing alone reads as `lower`.)
        let (noun, cue) = if ascii {
            table.of_ascii(w.text.as_bytes())
        } else {
            noun_or_cue(w.text)
        };
        if noun {
            let next = text[w.range.end..s.range.end].trim_start();
            let introduces = next.starts_with("that ")
                || next.starts_with([':', '“', '"', '`'])
                || next.starts_with("''");
            if introduces
                && let Some(prev) = i.checked_sub(1).map(|p| &ws[p])
                && bare(prev.text) != prev.text
                && let Some(m) = s
                    .mentions
                    .iter()
                    .position(|n| n.range.end == prev.range.start + bare(prev.text).len())
            {
                let speaker = resolve(text, s, &Phrase::Name(m), discourse);
                let cue = Cue {
                    clause_from: Some(w.range.end),
                    quotes: true,
                    ..Cue::plain(
                        w.range.clone(),
                        s.mentions[m].range.start..w.range.end,
                        speaker,
                    )
                };
                push(cue, &mut out, discourse);
            }
            continue;
        }
        let Some(weight) = cue else {
            continue;
        };
        if w.is_capitalized() && i > 0 {
            continue;
        }
        let quotes_too = weight.quotes >= cues::QUOTE_PRECISION;
        let inverts = weight.inverted >= cues::INVERTED_SHARE;
        let colon = text[w.range.end..s.range.end].trim_start().starts_with(':');
        // The subject before the verb, past adverbs and auxiliaries ("also
        // said", "has said", "went on to say", "kept asking").
        let mut j = i;
        while j > 0 {
            let p = &ws[j - 1];
            // Never into a quotation: `"... and I always will," said X`.
            if inside(p.range.start) {
                break;
            }
            if is_between(p) {
                j -= 1;
            } else if p.text == "to"
                && j >= 2
                && (LEADING_VERBS.contains(&ws[j - 2].text)
                    || ws[j - 2].text == "on" && j >= 3 && LEADING_VERBS.contains(&ws[j - 3].text))
            {
                j -= if ws[j - 2].text == "on" { 3 } else { 2 };
            } else if LEADING_VERBS.contains(&p.text) && cues::is_participle(w.text) {
                j -= 1;
            } else {
                break;
            }
        }
        let verb_start = ws[j].range.start;
        let floor = quotes
            .iter()
            .filter(|q| q.outer.end <= verb_start)
            .map(|q| q.outer.end)
            .max()
            .unwrap_or(s.range.start)
            .max(s.range.start);
        let just_before = text[floor..verb_start].trim_end();
        // "as described by X": the agent of a passive cue.
        if ws.get(i + 1).is_some_and(|b| b.text == "by")
            && let Some((phrase, end)) = phrase_after(text, s, ws, i + 2, ws[i + 1].range.end)
        {
            let speaker = resolve(text, s, &phrase, discourse);
            let cue = Cue {
                colon,
                quotes: quotes_too,
                ..Cue::plain(w.range.clone(), w.range.start..end, speaker)
            };
            push(cue, &mut out, discourse);
            continue;
        }
        // "CLAUSE, said X.": a verb after a comma with a name after it that
        // ends the clause is inverted.
        if inverts
            && just_before.ends_with(',')
            && let Some((phrase, end)) = phrase_after(text, s, ws, i + 1, w.range.end)
            && ends_clause(text, end, s.range.end)
            // "X, a spokesman, said the party was "open, inclusive"": a
            // comma inside a quotation ends no subject after the verb.
            && !quotes
                .iter()
                .any(|q| q.outer.start >= w.range.end && q.outer.start < end)
            // "X, a candidate, tweeted a warning": what follows the verb is
            // its object, not its subject.
            && !matches!(&phrase, Phrase::Description { head, definite: false, org: None, .. }
                if !is_role_noun(head) && !head.ends_with("man") && !head.ends_with("woman") && !head.ends_with("person"))
            // "X, a former executive, said Fiorina "was involved"": a name
            // that a quotation follows is what is said, not who says it.
            && !quotes
                .iter()
                .any(|q| q.outer.start >= end && text[end..q.outer.start].trim().is_empty())
        {
            let speaker = resolve(text, s, &phrase, discourse);
            let cue = Cue {
                colon,
                quotes: quotes_too,
                ..Cue::plain(w.range.clone(), w.range.start..end, speaker)
            };
            push(cue, &mut out, discourse);
            continue;
        }
        let participle = cues::is_participle(w.text);
        let clause_speaker = out.iter().rev().find_map(|c| c.speaker.clone());
        let left = if participle && (just_before.ends_with(',') || clause_speaker.is_some()) {
            // "..., saying", "X wrote to Wired explaining": the participle's
            // subject is the clause's.
            None
        } else {
            subject_before(text, s, ws, floor, verb_start)
        };
        // "McConnell embraced the mogul and said": a verb joined to the
        // sentence's first by "and" shares its subject.
        let left = left.or_else(|| {
            (!participle && j > 0 && ws[j - 1].text == "and")
                .then(|| subject_of_sentence(text, s, ws, ws[j - 1].range.start))
                .flatten()
        });
        if let Some((phrase, start)) = left {
            let speaker = resolve(text, s, &phrase, discourse);
            let cue = Cue {
                clause_from: Some(w.range.end),
                colon,
                quotes: quotes_too,
                ..Cue::plain(w.range.clone(), start..w.range.end, speaker)
            };
            push(cue, &mut out, discourse);
            continue;
        }
        if participle {
            // "Trump tweeted Friday, saying ...": the last cue's speaker, or
            // the subject that opens the sentence.
            // The cue is the participle alone: the subject it borrows
            // stands before a quotation it does not enclose ("X stressed
            // that "...," suggesting").
            let start = w.range.start;
            let speaker = out
                .iter()
                .rev()
                .find_map(|c| c.speaker.clone())
                .or_else(|| {
                    let (p, _) = subject_of_sentence(text, s, ws, verb_start)?;
                    resolve(text, s, &p, discourse)
                });
            if speaker.is_some() {
                let cue = Cue {
                    clause_from: Some(w.range.end),
                    colon,
                    quotes: quotes_too,
                    ..Cue::plain(w.range.clone(), start..w.range.end, speaker)
                };
                push(cue, &mut out, discourse);
            }
            continue;
        }
        // The subject after the verb: `"...," said X`.
        if inverts
            && just_before.chars().all(|c| !c.is_alphanumeric())
            && let Some((phrase, end)) = phrase_after(text, s, ws, i + 1, w.range.end)
        {
            let speaker = resolve(text, s, &phrase, discourse);
            let cue = Cue {
                colon,
                quotes: quotes_too,
                ..Cue::plain(w.range.clone(), w.range.start..end, speaker)
            };
            push(cue, &mut out, discourse);
        }
    }
    // `"...," X shot back`: a name or a pronoun right after a quotation
    // that ends with a comma, a question or an exclamation mark, followed
    // by a verb, is its speaker even when the verb is no known cue.
    for q in quotes {
        if q.outer.end >= s.range.end || out.iter().any(|c| c.span.start == q.outer.end) {
            continue;
        }
        let closing = &text[q.range.end..q.outer.end];
        if !closing.contains([',', '?', '!']) {
            continue;
        }
        let Some(k) = ws.iter().position(|w| w.range.start >= q.outer.end) else {
            continue;
        };
        let gap = &text[q.outer.end..ws[k].range.start];
        if gap.chars().any(|c| !c.is_whitespace())
            || out
                .iter()
                .any(|c| c.span.start <= ws[k].range.start && c.span.end > q.outer.end)
        {
            continue;
        }
        // A known cue later in the clause is the quotation's ("..." Senate
        // minority leader Harry Reid told reporters).
        let clause_end = text[q.outer.end..s.range.end]
            .find([',', ';', '.', '“', '"', '—'])
            .map_or(s.range.end, |p| q.outer.end + p);
        if ws[k..]
            .iter()
            .take_while(|w| w.range.end <= clause_end)
            .any(|w| cues::cue(w.text).is_some())
        {
            continue;
        }
        // "While Sullivan proclaims the article a "terrific piece," Clinton
        // fixates": a quotation inside a clause with a subject of its own
        // is that subject's.
        if clause_subject(text, s, ws, quotes, q.outer.start).is_some() {
            continue;
        }
        let (phrase, end) = if let Some(g) = is_pronoun_word(ws[k].text) {
            (Phrase::Pronoun(ws[k].range.clone(), g), ws[k].range.end)
        } else if let Some(m) = s
            .mentions
            .iter()
            .position(|m| m.range.start == ws[k].range.start)
        {
            (Phrase::Name(m), s.mentions[m].range.end)
        } else {
            continue;
        };
        let verb = ws
            .iter()
            .find(|w| w.range.start >= end)
            .filter(|w| text[end..w.range.start].trim().is_empty());
        let Some(verb) = verb.filter(|v| {
            v.text.chars().all(|c| c.is_lowercase()) && !is_role_noun(v.text) && v.text.len() > 2
        }) else {
            continue;
        };
        if cues::cue(verb.text).is_some() {
            continue;
        }
        let speaker = resolve(text, s, &phrase, discourse);
        let cue = Cue {
            ..Cue::plain(
                verb.range.clone(),
                ws[k].range.start..verb.range.end,
                speaker,
            )
        };
        push(cue, &mut out, discourse);
    }
    // `"...," opined Cleveland's Plain Dealer.`, `"This is fantastic!"
    // beamed Donald Hartley of Madison`: a lowercase word right after a
    // quotation that ends with a comma, a question or an exclamation mark,
    // then a name that ends the clause, is an inverted verb and its subject
    // whatever the verb (the cue lexicon is a long tail).
    for q in quotes {
        if q.outer.end >= s.range.end
            || out
                .iter()
                .any(|c| c.span.end > q.outer.end && c.span.start < q.outer.end + 4)
        {
            continue;
        }
        let closing = &text[q.range.end..q.outer.end];
        if !closing.contains([',', '?', '!']) && !text[q.range.clone()].ends_with(['?', '!']) {
            continue;
        }
        let Some(k) = ws.iter().position(|w| w.range.start >= q.outer.end) else {
            continue;
        };
        let verb = &ws[k];
        let lw = verb.text;
        if !text[q.outer.end..verb.range.start].trim().is_empty()
            || lw.len() < 3
            || !lw.chars().all(char::is_lowercase)
            || cues::cue(lw).is_some()
            // "''a disgrace,'' blaming Michael Bloomberg": a participle's
            // name is its object.
            || lw.ends_with("ing")
            || is_role_noun(lw)
            || is_pronoun_word(lw).is_some()
            || [PREPOSITIONS, DETERMINERS, AUXILIARIES, CONJUNCTIONS]
                .iter()
                .any(|l| l.contains(&lw))
        {
            continue;
        }
        let Some((Phrase::Name(m), end)) = phrase_after(text, s, ws, k + 1, verb.range.end) else {
            continue;
        };
        if !ws.get(k + 1).is_some_and(|w| {
            w.is_capitalized() && text[verb.range.end..w.range.start].trim().is_empty()
        }) || !ends_clause(text, end, s.range.end)
            || quotes
                .iter()
                .any(|q2| q2.outer.start >= end && text[end..q2.outer.start].trim().is_empty())
        {
            continue;
        }
        let speaker = resolve(text, s, &Phrase::Name(m), discourse);
        let cue = Cue {
            ..Cue::plain(verb.range.clone(), verb.range.start..end, speaker)
        };
        push(cue, &mut out, discourse);
    }
    // ""..." ― Martha Aguilar": a name after a quotation and a dash, ending
    // its line or sentence, signs it (the dash may open the next sentence).
    let closes_quote = text[..s.range.start].trim_end().ends_with(['”', '"', '\'']);
    let starts = quotes
        .iter()
        .map(|q| q.outer.end)
        .filter(|&end| end < s.range.end)
        .chain(closes_quote.then_some(s.range.start));
    for from in starts {
        let rest = &text[from..s.range.end];
        let gap = rest.len() - rest.trim_start().len();
        let Some(dash) = rest[gap..].chars().next().filter(|&c| {
            matches!(c, '―' | '—' | '–')
                    // A hyphen signs only as a line's first character.
                    || c == '-' && text[..from + gap].ends_with('\n')
        }) else {
            continue;
        };
        let dash_at = from + gap;
        let after = dash_at + dash.len_utf8();
        let Some(m) = s
            .mentions
            .iter()
            .position(|m| m.range.start >= after && text[after..m.range.start].trim().is_empty())
        else {
            continue;
        };
        let n = &s.mentions[m];
        let tail = &text[n.range.end..s.range.end];
        let line_end = tail.find('\n').unwrap_or(tail.len());
        let tail = tail[..line_end].trim();
        // Nothing but an affiliation or a date may follow the name.
        if !(tail.is_empty() || tail.starts_with(['(', ',', '.'])) {
            continue;
        }
        let speaker = resolve(text, s, &Phrase::Name(m), discourse);
        let cue = Cue {
            ..Cue::plain(dash_at..after, dash_at..n.range.end, speaker)
        };
        push(cue, &mut out, discourse);
    }
    // "The board was conclusive in its findings: "..."", "X reacted to
    // the deal, "..."": a quotation a clause introduces with a colon or a
    // comma, and no cue before it, is the subject's.
    for q in quotes {
        let lead = text[s.range.start.min(q.outer.start)..q.outer.start].trim_end();
        if !lead.ends_with([':', ',']) || lead.len() < 2 {
            continue;
        }
        if out.iter().any(|c| {
            c.quotes
                && c.clause.is_none()
                && (c.at.end <= q.outer.start || c.span.start == q.outer.end)
        }) {
            continue;
        }
        let in_clause = clause_subject(text, s, ws, quotes, q.outer.start);
        let is_inner = in_clause.is_some();
        let clause = in_clause.is_some().then_some(q.outer.start);
        let Some((p, at)) = in_clause.or_else(|| subject_of_sentence(text, s, ws, q.outer.start))
        else {
            continue;
        };
        let speaker = resolve(text, s, &p, discourse);
        let colon_at = s.range.start.min(q.outer.start) + lead.len() - 1;
        let cue = Cue {
            quotes: true,
            clause,
            inner: is_inner,
            ..Cue::plain(colon_at..colon_at + 1, at..colon_at + 1, speaker)
        };
        push(cue, &mut out, discourse);
    }
    // "As X put it: "..."", "..., as X observed last week, "..."": an
    // as-clause whose subject is a name gives the quotation after it to
    // that name, whatever its verb, when no cue of the sentence names a
    // speaker for it and no other name stands between.
    for q in quotes {
        let from = s.range.start.min(q.outer.start);
        if out.iter().any(|c| {
            c.speaker.is_some() && c.quotes && c.at.end <= q.outer.start && c.at.start >= from
        }) || out
            .iter()
            .any(|c| c.span.start < q.outer.end && c.span.end > q.outer.start)
        {
            continue;
        }
        let Some(a) = ws.iter().rposition(|w| {
            w.range.end <= q.outer.start
                && w.range.start >= from
                && w.text.eq_ignore_ascii_case("as")
                && !inside(w.range.start)
        }) else {
            continue;
        };
        if a > 0 && matches!(lower(&ws[a - 1]).as_str(), "such" | "well" | "same" | "so") {
            continue;
        }
        let as_end = ws[a].range.end;
        let Some(mut m) = s
            .mentions
            .iter()
            .position(|n| n.range.start >= as_end && n.range.end <= q.outer.start)
        else {
            continue;
        };
        // "As The Post’s Dana Milbank puts it": the possessed name speaks.
        while modifies_name(text, s, m, q.outer.start) {
            m += 1;
        }
        let n = &s.mentions[m];
        // "As Tom Ridge, a former secretary of homeland security, put it":
        // an appositive that a determiner opens may stand before the verb.
        let mut verb_from = n.range.end;
        let rest = &text[n.range.end..q.outer.start];
        if let Some(inner) = rest.strip_prefix(',')
            && let Some(close) = inner.find(',')
            && inner[..close]
                .split_whitespace()
                .next()
                .is_some_and(|w| matches!(w, "a" | "an" | "the"))
            && !inner[..close].contains(['“', '”', '"', '\'', '`', ';', ':'])
        {
            verb_from = n.range.end + 1 + close + 1;
        }
        if !only_role_words(&text[as_end..n.range.start])
            || s.mentions[m + 1..].iter().any(|o| {
                o.range.start < q.outer.start && !(n.range.end..verb_from).contains(&o.range.start)
            })
        {
            continue;
        }
        let Some(verb) = ws.iter().find(|w| w.range.start >= verb_from) else {
            continue;
        };
        let verb_l = verb.text.to_lowercase();
        if verb.is_capitalized()
            || verb.range.start >= q.outer.start
            || !text[verb_from..verb.range.start].trim().is_empty()
            || verb_l.ends_with("ing")
            || matches!(
                verb_l.as_str(),
                "is" | "was"
                    | "were"
                    | "are"
                    | "be"
                    | "been"
                    | "has"
                    | "had"
                    | "have"
                    | "did"
                    | "does"
                    | "do"
                    | "and"
                    | "or"
                    | "of"
                    | "to"
                    | "in"
            )
        {
            continue;
        }
        let speaker = resolve(text, s, &Phrase::Name(m), discourse);
        let cue = Cue {
            quotes: true,
            ..Cue::plain(
                n.range.end..n.range.end,
                n.range.start..n.range.end,
                speaker,
            )
        };
        push(cue, &mut out, discourse);
    }
    // "Sanders also pledged to "bring our political revolution" to the
    // convention", "Trump groused to a crowd in Georgia that CNN "doesn't
    // treat me properly"": a quotation inside the predicate of a sentence
    // with no cue that names its speaker is its subject's, whatever the
    // verb and whoever else is named (PolNeAR's annotators give it to the
    // subject), when the subject is a name or a pronoun, nothing is passive
    // ("by") and no possessive owns the words ("for her "..." remark").
    for q in quotes {
        let from = s.range.start.min(q.outer.start);
        let lead = text[from..q.outer.start].trim_end();
        if lead.split_whitespace().nth(1).is_none() || lead.ends_with([':', ',']) {
            continue;
        }
        // A cue later in the sentence is the main clause's, not that of a
        // clause the quotation stands in ("in a clip that Judge X called
        // "distasteful," Santilli expressed").
        let in_clause = clause_subject(text, s, ws, quotes, q.outer.start);
        let is_inner = in_clause.is_some();
        if out.iter().any(|c| {
            c.quotes
                && c.speaker.is_some()
                && c.clause.is_none()
                && (c.span.end <= q.outer.start
                    || in_clause.is_none() && c.span.start >= q.outer.end)
        }) || out
            .iter()
            .any(|c| c.span.start < q.outer.end && c.span.end > q.outer.start)
        {
            continue;
        }
        // The subject speaks for this quotation only: a later one of the
        // sentence looks for its own.
        let clause = Some(q.outer.start);
        let Some((p, at)) = in_clause.or_else(|| subject_of_sentence(text, s, ws, q.outer.start))
        else {
            continue;
        };
        let subject_end = match &p {
            Phrase::Name(m) => s.mentions[*m].range.end,
            Phrase::Pronoun(r, _) => r.end,
            Phrase::Description { .. } => continue,
        };
        let between = &text[subject_end.min(q.outer.start)..q.outer.start];
        let owner = between.split_whitespace().next_back().is_some_and(|w| {
            matches!(w, "his" | "her" | "their" | "its") || w.ends_with("'s") || w.ends_with("’s")
        });
        // "by warning that" is a means, not a passive's agent.
        let passive = between
            .split_whitespace()
            .zip(between.split_whitespace().skip(1).chain([""]))
            .any(|(w, next)| w == "by" && !next.ends_with("ing"));
        if owner || passive {
            continue;
        }
        let speaker = resolve(text, s, &p, discourse);
        let cue = Cue {
            quotes: true,
            clause,
            inner: is_inner,
            ..Cue::plain(subject_end..subject_end, at..subject_end, speaker)
        };
        push(cue, &mut out, discourse);
    }
    // "X: "..."": a name right before a colon that opens a quotation.
    for (m, n) in s.mentions.iter().enumerate() {
        let mut after = &text[n.range.end..s.range.end];
        // "Rep. Trey Gowdy (R-S.C.): "...""
        if after.trim_start().starts_with('(')
            && let Some(close) = after.find(')')
        {
            after = after[close + 1..].trim_start();
        }
        // The colon first: most names have none after them.
        if !after.starts_with(':')
            || !after[1..]
                .trim_start()
                .starts_with(['“', '"', '‘', '`', '\''])
        {
            continue;
        }
        // "HEADLINE - Philip Bump: "..."", "- Frank Newport and Jim Harter:
        // "..."": a byline after a dash, as digests sign what they quote;
        // of two names joined by "and", the first speaks.
        let who = if m > 0 && &text[s.mentions[m - 1].range.end..n.range.start] == " and " {
            m - 1
        } else {
            m
        };
        let head = s.mentions[who].range.start;
        let lead = text[s.range.start..head].trim_end();
        let byline = lead.ends_with(['—', '–']) || lead.ends_with(" -") || lead == "-";
        let cue_before = out.iter().any(|c| c.at.end <= head);
        if !cue_before
            && !inside(n.range.start)
            && (byline || who == m && only_role_words(&text[s.range.start..n.range.start]))
        {
            let speaker = resolve(text, s, &Phrase::Name(who), discourse);
            let cue = Cue {
                colon: true,
                quotes: true,
                ..Cue::plain(n.range.end..n.range.end + 1, head..n.range.end + 1, speaker)
            };
            push(cue, &mut out, discourse);
        }
    }
    out.sort_by_key(|c| c.at.start);
    out
}

/// Subordinators that open a clause with a subject of its own ("While
/// Sullivan proclaims the article a "terrific piece," Clinton ...").
const SUBORDINATORS: &[&str] = &[
    "when", "while", "after", "before", "since", "because", "although", "though", "if", "until",
    "once", "whenever", "whereas",
];

/// Relative words whose clause names what its subject calls something
/// ("under what Mr. Hedge called "the prior economy model"", "a clip that
/// Judge Mosman called "distasteful"").
const RELATIVES: &[&str] = &["what", "which", "that", "whom"];

/// Verbs that name what their object is called ("that X called "...").
const NAMING_VERBS: &[&str] = &[
    "called",
    "calls",
    "call",
    "dubbed",
    "dubs",
    "termed",
    "terms",
    "labeled",
    "labelled",
    "described",
    "describes",
    "deemed",
    "branded",
    "brands",
];

/// The subject of the clause a quotation stands in, when a subordinator or
/// a relative word opens that clause inside the sentence: the name right
/// after it (past role words), then, past an aside set off by commas, a
/// verb. Under a subordinator the quotation is anywhere in the clause
/// before a new subject opens the main one ("When Trump used the words,
/// "..." he was echoing Ryan"); under a relative word it follows the verb
/// at once ("which Mr. Trump called "a disgrace,"").
fn clause_subject(
    text: &str,
    s: &Sentence,
    ws: &[Word],
    quotes: &[&Quotation],
    q_start: usize,
) -> Option<(Phrase, usize)> {
    // Quotations are in order and apart: the one that may hold a position
    // is the last that opens before it.
    let inside = |pos: usize| {
        let k = quotes.partition_point(|q| q.outer.start <= pos);
        k > 0 && pos < quotes[k - 1].outer.end
    };
    // A clause opens a few words before its quotation: the search looks no
    // further back, so a long sentence of quotations costs linear time.
    const REACH: usize = 40;
    let before_q = ws.partition_point(|w| w.range.end <= q_start);
    let o = (before_q.saturating_sub(REACH)..before_q)
        .rev()
        .find(|&k| {
            let w = &ws[k];
            !inside(w.range.start)
                && (k == 0 || !w.is_capitalized())
                && (super::lower_in(w.text, SUBORDINATORS) || super::lower_in(w.text, RELATIVES))
        })?;
    let opener = &ws[o];
    let relative = super::lower_in(opener.text, RELATIVES);
    let m = s
        .mentions
        .partition_point(|n| n.range.start < opener.range.end);
    if s.mentions.get(m)?.range.end > q_start {
        return None;
    }
    let n = &s.mentions[m];
    // Only a title or a role may stand before the name ("what U.S.
    // District Judge Michael W. Mosman called"), never a clause of its own.
    let lead = &text[opener.range.end..n.range.start];
    if lead.split_whitespace().nth(4).is_some()
        || !lead.split_whitespace().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(w, "the" | "a" | "an" | "former")
                || is_agent_noun(w)
        })
    {
        return None;
    }
    // A possessive is no subject ("when Trump's campaign").
    let mut at = n.range.end;
    let rest = &text[at..q_start];
    if rest.starts_with(['\'', '’']) {
        return None;
    }
    // "(R-Iowa)", "and Los Angeles Times", ", who had failed to win,":
    // what may stand between the subject and its verb.
    if let Some(r) = rest.strip_prefix(" (")
        && let Some(close) = r.find(')')
    {
        at += 2 + close + 1;
    }
    if let Some(other) = s.mentions[m + 1..].first()
        && text[at..other.range.start.max(at)] == *" and "
        && other.range.end <= q_start
    {
        at = other.range.end;
    }
    if let Some(r) = text[at..q_start].strip_prefix(',')
        && let Some(close) = r.find(',')
        && !r[..close].contains(['“', '”', '"', '`', ';', ':'])
    {
        at += 1 + close + 1;
    }
    let mut k = ws.partition_point(|w| w.range.start < at);
    while k < before_q && is_between(&ws[k]) && !AUXILIARIES.contains(&ws[k].text) {
        k += 1;
    }
    while k < before_q && (AUXILIARIES.contains(&ws[k].text) || ws[k].text == "each") {
        k += 1;
    }
    let verb = ws.get(k).filter(|v| v.range.end <= q_start)?;
    let vl = verb.text;
    if !text[at..verb.range.start].trim().is_empty()
        || vl.len() < 3
        || !vl.chars().all(|c| c.is_ascii_lowercase())
        || [PREPOSITIONS, DETERMINERS, CONJUNCTIONS]
            .iter()
            .any(|l| l.contains(&vl))
        || matches!(vl, "who" | "whose" | "which" | "that")
        || is_role_noun(vl)
    {
        return None;
    }
    // A "that" after a verb opens what is said or thought ("proclaimed
    // that Christians "cannot come""), not a relative clause: only a verb
    // that names something ("a clip that Judge X called "distasteful"")
    // makes its subject the speaker.
    if opener.text.eq_ignore_ascii_case("that") && !NAMING_VERBS.contains(&vl) {
        return None;
    }
    let between = &text[verb.range.end..q_start];
    if relative {
        // The quotation follows the verb: "called "..."", "called a "..."".
        if between.split_whitespace().nth(1).is_some() || between.contains([',', ';', ':']) {
            return None;
        }
    } else {
        // The main clause has not begun: no comma followed by a subject.
        let opens_main = between.match_indices(',').any(|(c, _)| {
            let after = between[c + 1..].trim_start_matches(|ch: char| {
                ch.is_whitespace() || matches!(ch, '”' | '"' | '’' | '\'')
            });
            let word = after
                .split(|ch: char| !ch.is_alphanumeric())
                .next()
                .unwrap_or("");
            word.chars().next().is_some_and(char::is_uppercase)
                || matches!(word, "he" | "she" | "they" | "it" | "we" | "i")
        });
        if opens_main || between.contains([';', '—', '–']) {
            return None;
        }
    }
    Some((Phrase::Name(m), n.range.start))
}

/// Whether a phrase ending at `end` ends its clause: the sentence ends, or
/// a comma, a colon or a dash follows, or an employer (`of X`).
fn ends_clause(text: &str, end: usize, sentence_end: usize) -> bool {
    let rest = text[end..sentence_end].trim_start();
    rest.is_empty()
        || rest.starts_with([',', '.', ';', ':', '—', '–', '(', '!', '?', '”', '"'])
        || rest.starts_with("of ")
        || rest.starts_with("''")
}

/// `BETWEEN`, hashed.
static BETWEEN_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| BETWEEN.iter().copied().collect());

fn is_between(w: &Word) -> bool {
    let l = w.text;
    BETWEEN_SET.contains(l)
        || l.len() > 4 && l.ends_with("ly") && l.chars().all(|c| c.is_ascii_lowercase())
}

/// Words that end a time phrase before a verb ("Trump on Saturday tweeted").
fn is_time_word(w: &str) -> bool {
    const TIME: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "tonight",
        "night",
        "morning",
        "afternoon",
        "evening",
        "week",
        "weekend",
        "month",
        "year",
        "ago",
        "earlier",
        "recently",
        "later",
    ];
    TIME.contains(&w.to_ascii_lowercase().as_str())
}

/// The end of a piece without a time phrase at its end ("Donald Trump on
/// Saturday", "Clinton last week").
fn without_time(ws: &[Word], seg: &Range<usize>) -> usize {
    let sw = words_within(ws, seg);
    let mut k = sw.len();
    if k >= 2 && is_time_word(sw[k - 1].text) {
        k -= 1;
        while k >= 2
            && matches!(
                sw[k - 1].text,
                "on" | "last"
                    | "this"
                    | "early"
                    | "late"
                    | "Tuesday"
                    | "Monday"
                    | "Wednesday"
                    | "Thursday"
                    | "Friday"
                    | "Saturday"
                    | "Sunday"
                    | "a"
                    | "weeks"
                    | "days"
                    | "months"
                    | "years"
                    | "two"
                    | "few"
                    | "several"
            )
        {
            k -= 1;
        }
        return sw[k - 1].range.end;
    }
    seg.end
}

/// The source phrase that ends right before a verb at `end`, and where it
/// starts. Comma-separated pieces are read from the verb back: an
/// appositive or an aside set off by commas (`, the foreign minister,`,
/// `, speaking at a rally in Ohio,`, `, who sponsored the bill,`) is
/// skipped, and so is a place after a place (`of Flint, Mich.,`); a name
/// set off by commas after a description is the speaker (`a spokesman for
/// the Defense Department, John Miller, said`).
fn subject_before(
    text: &str,
    s: &Sentence,
    ws: &[Word],
    floor: usize,
    end: usize,
) -> Option<(Phrase, usize)> {
    let mut segs = segments(text, floor, end);
    let closed = text[floor..end].trim_end().ends_with([',', '—', '–']);
    let first_word = |seg: &Range<usize>| words_within(ws, seg).first();
    // A relative clause between the subject and the verb ("X, whose firm,
    // Y, does Z, said") is skipped whole.
    if closed
        && let Some(r) = segs.iter().rposition(|seg| {
            first_word(seg).is_some_and(|w| matches!(w.text, "who" | "whose" | "which" | "whom"))
        })
        && r > 0
    {
        segs.truncate(r);
    }
    let n = segs.len();
    // "Giovanni Maria Vian, the editor in chief of the Vatican's newspaper,
    // L'Osservatore Romano, said", "Morton Blackwell, the Republican
    // National Committeeman from Virginia, told": a name that opens an
    // appositive a determiner opens is what the appositive describes, and
    // speaks; a name inside or after that appositive is its own.
    let name_piece = |seg: &Range<usize>| match phrase_ending(text, s, ws, seg) {
        Some(Phrase::Name(m)) if only_role_words(&text[seg.start..s.mentions[m].range.start]) => {
            Some(m)
        }
        _ => None,
    };
    let describes =
        |k: usize| first_word(&segs[k]).is_some_and(|w| matches!(w.text, "the" | "a" | "an"));
    if n >= 2 {
        let mut k = n - 1;
        if k >= 2 && !describes(k) && name_piece(&segs[k]).is_some() {
            k -= 1;
        }
        if k >= 1
            && describes(k)
            && let Some(m) = name_piece(&segs[k - 1])
            && !(k >= 2 && continues_place(text, s, &segs[k - 2]))
            && (k == 1 || opens_adjunct_piece(text, ws, &segs[k - 2]))
        {
            return Some((Phrase::Name(m), segs[k - 1].start));
        }
    }
    let mut k = n;
    while k > 0 {
        k -= 1;
        let adjacent = k + 1 == n && !closed;
        let seg = segs[k].start..if adjacent {
            without_time(ws, &segs[k])
        } else {
            segs[k].end
        };
        let Some(first) = first_word(&seg) else {
            continue;
        };
        let phrase = phrase_ending(text, s, ws, &seg);
        let name_only = matches!(
            phrase,
            Some(Phrase::Name(m)) if s.mentions[m].range.start <= first.range.start
                || only_role_words(&text[seg.start..s.mentions[m].range.start])
        );
        if adjacent {
            // "Sanders, who says", "Alfonso Aguilar, the executive director
            // of X, who added": a relative pronoun right before the verb
            // stands for the name it follows, past one appositive.
            if k > 0 && first.text == "who" && seg_len(ws, &seg) == 1 {
                let mut j = k - 1;
                if j > 0
                    && first_word(&segs[j]).is_some_and(|w| matches!(w.text, "a" | "an" | "the"))
                {
                    j -= 1;
                }
                if let Some(Phrase::Name(m)) = phrase_ending(text, s, ws, &segs[j]) {
                    return Some((Phrase::Name(m), segs[j].start));
                }
            }
            // Right before the verb: a name or a pronoun is its subject
            // ("with Zelensky describing", "which Trump had called").
            if matches!(phrase, Some(Phrase::Name(_) | Phrase::Pronoun(..))) {
                return phrase.map(|p| (p, seg.start));
            }
            // "Sam Lau, the communications director for the party said": an
            // appositive whose closing comma is missing describes the name
            // before it.
            if k > 0
                && matches!(first.text, "a" | "an" | "the")
                && matches!(phrase, Some(Phrase::Description { .. }))
                && let Some(Phrase::Name(m)) = phrase_ending(text, s, ws, &segs[k - 1])
                && only_role_words(&text[segs[k - 1].start..s.mentions[m].range.start])
                && !(k > 1 && continues_place(text, s, &segs[k - 2]))
            {
                return Some((Phrase::Name(m), segs[k - 1].start));
            }
            if opens_adjunct(first, seg_len(ws, &seg)) && k > 0 {
                continue;
            }
            // "Sen. Ted Cruz (R-Tex.), a candidate who has made it his
            // cause, tweeted": an appositive that reads as no phrase is an
            // aside before the verb.
            if phrase.is_none()
                && k > 0
                && matches!(first.text, "a" | "an" | "the" | "A" | "An" | "The")
            {
                continue;
            }
            return phrase.map(|p| (p, seg.start));
        }
        // Set off by commas: a name is the speaker unless it finishes a
        // place; anything else is an aside.
        if name_only && !(k > 0 && continues_place(text, s, &segs[k - 1])) {
            return phrase.map(|p| (p, seg.start));
        }
        if k == 0 && !opens_adjunct(first, seg_len(ws, &seg)) {
            return phrase.map(|p| (p, seg.start));
        }
    }
    None
}

/// Whether a piece is an adverbial, not a subject ("In an interview,").
fn opens_adjunct_piece(text: &str, ws: &[Word], seg: &Range<usize>) -> bool {
    words_within(ws, seg)
        .first()
        .is_some_and(|w| opens_adjunct(w, seg_len(ws, seg)) || opens_participle(text, ws, w))
}

/// Whether a capitalized participle opens a phrase ("Horrified at the
/// prospect", "Alarmed by the unrest", "Facing mounting criticism"): a
/// long word with a participle's ending before a lowercase word that is no
/// verb of its own ("Sterling said", "Reed has").
fn opens_participle(text: &str, ws: &[Word], first: &Word) -> bool {
    let l = first.text;
    let Some(k) = ws.iter().position(|w| w.range.start == first.range.start) else {
        return false;
    };
    first.is_capitalized()
        && l.len() > 5
        && (l.ends_with("ing") || l.ends_with("ed"))
        && ws.get(k + 1).is_some_and(|n| {
            text[first.range.end..n.range.start].trim().is_empty()
                && n.text.chars().all(|c| c.is_ascii_lowercase())
                && cues::cue(n.text).is_none()
                && !AUXILIARIES.contains(&n.text)
                && !BETWEEN_SET.contains(n.text)
        })
}

fn seg_len(ws: &[Word], seg: &Range<usize>) -> usize {
    words_within(ws, seg).len()
}

/// The words of `ws` that start at or after `range.start` and end by
/// `range.end`: `ws.iter().filter(..)`, found by two binary searches, since
/// a sentence's words are in order and apart (their starts and their ends
/// both rise), so those words are one run of `ws`.
fn words_within<'w, 'a>(ws: &'w [Word<'a>], range: &Range<usize>) -> &'w [Word<'a>] {
    let from = ws.partition_point(|w| w.range.start < range.start);
    let to = from + ws[from..].partition_point(|w| w.range.end <= range.end);
    &ws[from..to]
}

/// Whether a piece opens like an adverbial or a clause, not a subject.
fn opens_adjunct(first: &Word, len: usize) -> bool {
    super::with_lowercase(first.text, |l| {
        ADJUNCT_STARTS.contains(&l)
            || first.is_numeric()
            || !first.is_capitalized() && len > 1 && (l.ends_with("ing") || l.ends_with("ed"))
            || l.len() > 4 && l.ends_with("ly") && len <= 2
    })
}

/// The subject that opens a sentence, for a participle cue ("Trump
/// tweeted, saying"): the first name or pronoun of its first piece that is
/// not an adverbial or a dateline ("WASHINGTON (AFP) –").
fn subject_of_sentence(
    text: &str,
    s: &Sentence,
    ws: &[Word],
    end: usize,
) -> Option<(Phrase, usize)> {
    let segs = segments(text, s.range.start, end);
    for (k, seg) in segs.iter().cloned().enumerate() {
        let mut seg = seg;
        // A piece that a comma inside a quotation opens starts with the
        // closing mark (""... to produce," Clinton fixates").
        let piece = &text[seg.clone()];
        let rest = piece.trim_start_matches(['”', '"', '’', '\'', ' ']);
        seg.start += piece.len() - rest.len();
        let mut first = words_within(ws, &seg).first()?;
        // "And Mr. Christie gloated", "But he said": a conjunction that
        // opens the sentence is no adverbial; the subject follows it.
        // "And then Trump went on the attack": one or two of them.
        if k == 0 && super::lower_in(first.text, CONJUNCTIONS) {
            let mut rest = ws
                .iter()
                .filter(|w| w.range.start > first.range.start && w.range.end <= seg.end);
            let mut next = rest.next();
            if next.is_some_and(|n| CONJUNCTIONS.contains(&n.text)) {
                next = rest.next();
            }
            if let Some(next) = next
                && (next.is_capitalized() || is_pronoun_word(next.text).is_some())
            {
                seg = next.range.start..seg.end;
                first = next;
            }
        }
        let dateline = text[seg.end..end].trim_start().starts_with(['—', '–', '-'])
            && words_within(ws, &seg).iter().all(|w| w.is_capitalized());
        if dateline || opens_adjunct(first, seg_len(ws, &seg)) || opens_participle(text, ws, first)
        {
            continue;
        }
        // "At a campaign event in Ames, Iowa, on Sunday, Mrs. Clinton": a
        // name that finishes a place is no subject.
        // A person's name is kept: one with an initial ("in Washington,
        // Marc H. Morial, the chief executive"), or of two words that an
        // appositive describes.
        let described = segs
            .get(k + 1)
            .and_then(|n| ws.iter().find(|w| w.range.start >= n.start))
            .is_some_and(|w| matches!(w.text, "the" | "a" | "an"));
        if k > 0
            && continues_place(text, s, &segs[k - 1])
            && s.mentions.iter().any(|m| {
                let words = text[m.range.clone()].split_whitespace().count();
                m.range.start == first.range.start
                    && m.range.end + 1 >= seg.end
                    && (words == 1 || words == 2 && !described)
                    && !text[m.range.clone()]
                        .split_whitespace()
                        .any(|w| w.len() == 2 && w.ends_with('.'))
            })
        {
            continue;
        }
        if let Some(m) = s.mentions.iter().enumerate().position(|(k, m)| {
            m.range.start >= seg.start
                && m.range.end <= seg.end
                && !modifies_role(text, m.range.end, seg.end)
                && !modifies_name(text, s, k, seg.end)
        }) && only_role_words(&text[seg.start..s.mentions[m].range.start])
        {
            return Some((
                Phrase::Name(coordinated_person(text, s, m, seg.end)),
                seg.start,
            ));
        }
        if let Some(g) = is_pronoun_word(first.text) {
            return Some((Phrase::Pronoun(first.range.clone(), g), seg.start));
        }
        // "First, Trump said", "One early supporter, Representative Lee
        // Zeldin, gave": a lone word or a description before a name set off
        // by commas is not the subject; the name is.
        let next_is_name = segs.get(k + 1).is_some_and(|n| {
            s.mentions.iter().any(|m| {
                m.range.start >= n.start
                    && m.range.end <= n.end
                    && only_role_words(&text[n.start..m.range.start])
            })
        });
        if next_is_name
            && (seg_len(ws, &seg) == 1
                || super::lower_in(first.text, DETERMINERS)
                || first.text == "One")
        {
            continue;
        }
        return None;
    }
    None
}

/// Whether the name ending at `end` qualifies a role noun after it ("The
/// French minister of energy, Ségolène Royal,", "the Indiana governor"): a
/// modifier of the subject's head, not the subject.
fn modifies_role(text: &str, end: usize, seg_end: usize) -> bool {
    let rest = &text[end..seg_end];
    let next = rest
        .strip_prefix(' ')
        .and_then(|r| r.split(|c: char| !c.is_alphanumeric()).next())
        .unwrap_or("");
    next.chars().next().is_some_and(char::is_lowercase)
        && (is_role_noun(next) || next.ends_with("man") || next.ends_with("woman"))
}

/// Whether a word names what someone is ("delegate", "speechwriter",
/// "co-host", "columnist"): a role noun, or a lowercase word with an
/// agent's ending, never a verb or a function word.
fn is_agent_noun(word: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "er", "or", "ist", "ant", "ent", "ate", "ian", "man", "woman", "person", "host", "ee",
        "ive",
    ];
    const NOT: &[&str] = &[
        "other",
        "rather",
        "either",
        "neither",
        "whether",
        "ever",
        "never",
        "over",
        "under",
        "after",
        "later",
        "sooner",
        "earlier",
        "further",
        "together",
        "whatever",
        "however",
        "present",
        "different",
        "recent",
        "current",
        "intent",
        "consent",
        "separate",
        "private",
        "senate",
        "debate",
        "relative",
    ];
    super::with_lowercase(word, |w| {
        is_role_noun(w)
            || w.len() > 4
                && word.chars().all(|c| c.is_lowercase() || c == '-')
                && ENDINGS.iter().any(|e| w.ends_with(e))
                && !NOT.contains(&w)
                && !ADJUNCT_STARTS.contains(&w)
                && !AUXILIARIES.contains(&w)
                && cues::cue(w).is_none()
    })
}

/// Whether the name `m` only qualifies the name after it in its phrase:
/// "Germany’s Chancellor Angela Merkel", "The New Republic’s Jeet Heer"
/// (a possessive before titles), "Texas delegate Bill Eastland", "Clinton
/// campaign manager Robby Mook", "Cruz constituent Dan Golvach" (a name
/// before a role that another name holds). The later name heads it.
fn modifies_name(text: &str, s: &Sentence, m: usize, seg_end: usize) -> bool {
    let Some(next) = s.mentions.get(m + 1).filter(|n| n.range.end <= seg_end) else {
        return false;
    };
    let gap = &text[s.mentions[m].range.end..next.range.start];
    let (possessive, gap) = match gap.strip_prefix("’s").or_else(|| gap.strip_prefix("'s")) {
        Some(rest) => (true, rest),
        None => (false, gap),
    };
    if !(gap.starts_with(' ') || possessive && gap.is_empty()) {
        return false;
    }
    // Counted first, stopping after five words: a long gap costs no more.
    if gap.split_whitespace().nth(4).is_some() {
        return false;
    }
    let words: Vec<&str> = gap.split_whitespace().collect();
    if possessive {
        // The possessed name is the head unless a role follows it in turn
        // ("Trump’s Virginia state director").
        return words
            .iter()
            .all(|w| super::names::is_title(w) || is_agent_noun(w))
            && !modifies_role(text, next.range.end, seg_end)
            && !text[next.range.end..seg_end]
                .split_whitespace()
                .next()
                .is_some_and(is_agent_noun);
    }
    words.last().is_some_and(|w| is_agent_noun(w))
        && words.iter().all(|w| {
            w.chars().all(|c| c.is_lowercase() || c == '-')
                && !AUXILIARIES.contains(w)
                && !PREPOSITIONS.contains(w)
                && !DETERMINERS.contains(w)
                && !CONJUNCTIONS.contains(w)
                && !ADJUNCT_STARTS.contains(w)
                && cues::cue(w).is_none()
        })
}

/// The person a cue's speaker is joined to by "and" ("Trump and Ryan
/// issued", "said Tom Ridge and Sen. Rand Paul"): the words are theirs too.
fn coordinated(
    text: &str,
    s: &Sentence,
    c: &Cue,
    sp: &Speaker,
    discourse: &Discourse,
) -> Option<Speaker> {
    let m = s.mentions.iter().position(|m| m.range == sp.range)?;
    // "X and Y": the name after the speaker's, or the one before it.
    let joined = |a: usize, b: usize| {
        let (first, second) = (&s.mentions[a], &s.mentions[b]);
        let Some(gap) = text[first.range.end..second.range.start].strip_prefix(" and ") else {
            return false;
        };
        gap.split_whitespace().all(super::names::is_title)
            && (second.range.end <= c.at.start || c.at.end <= first.range.start)
            && !super::is_org(&first.name)
            && !super::is_org(&second.name)
    };
    let other = if m + 1 < s.mentions.len() && joined(m, m + 1) {
        m + 1
    } else if m > 0 && joined(m - 1, m) {
        m - 1
    } else {
        return None;
    };
    resolve(text, s, &Phrase::Name(other), discourse)
}

/// In a subject that joins an organisation and a person ("Yahoo News and
/// former network anchor Katie Couric has promoted"), the person speaks.
fn coordinated_person(text: &str, s: &Sentence, m: usize, end: usize) -> usize {
    let first = &s.mentions[m];
    if !super::is_org(&first.name) {
        return m;
    }
    let Some(next) = s.mentions.get(m + 1).filter(|n| n.range.end <= end) else {
        return m;
    };
    let gap = text[first.range.end..next.range.start].trim();
    let Some(role) = gap.strip_prefix("and") else {
        return m;
    };
    let joined = (role.is_empty() || role.starts_with(' '))
        && !super::is_org(&next.name)
        && role.split_whitespace().nth(5).is_none()
        && role.split_whitespace().all(|w| {
            !AUXILIARIES.contains(&w)
                && cues::cue(w).is_none()
                && w.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if joined { m + 1 } else { m }
}

/// The comma-, semicolon- and dash-separated pieces of `text[from..to]`,
/// trimmed; parentheses are not cut.
fn segments(text: &str, from: usize, to: usize) -> Vec<Range<usize>> {
    // By bytes: the marks are ASCII, or '—' and '–' (E2 80 94, E2 80 93),
    // and no byte of another character is one of these or 0xE2.
    let b = &text.as_bytes()[from..to];
    let mut out = Vec::new();
    // Each piece trimmed as it is cut, and kept when anything is left.
    let mut piece = |r: Range<usize>| {
        let t = &text[r.clone()];
        let lead = t.len() - t.trim_start().len();
        let r = r.start + lead..r.start + t.trim_end().len();
        if !r.is_empty() {
            out.push(r);
        }
    };
    // With no '(' the depth stays 0 (a ')' leaves it there): only the
    // marks are read, each found by memchr, not byte by byte.
    if memchr::memchr(b'(', b).is_none() {
        let mut start = 0;
        for i in memchr::memchr3_iter(b',', b';', 0xE2, b) {
            let width = match b[i] {
                0xE2 if b.get(i + 1) == Some(&0x80)
                    && matches!(b.get(i + 2), Some(0x93 | 0x94)) =>
                {
                    3
                }
                0xE2 => continue,
                _ => 1,
            };
            piece(from + start..from + i);
            start = i + width;
        }
        piece(from + start..to);
        return out;
    }
    let mut depth = 0usize;
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let width = match b[i] {
            b'(' => {
                depth += 1;
                0
            }
            b')' => {
                depth = depth.saturating_sub(1);
                0
            }
            b',' | b';' if depth == 0 => 1,
            0xE2 if depth == 0
                && b.get(i + 1) == Some(&0x80)
                && matches!(b.get(i + 2), Some(0x93 | 0x94)) =>
            {
                3
            }
            _ => 0,
        };
        if width > 0 {
            piece(from + start..from + i);
            start = i + width;
            i += width;
        } else {
            i += 1;
        }
    }
    piece(from + start..to);
    out
}

/// Whether a piece ends with a place ("from Sumter", "of Flint"), so that
/// a name after it is the place's state or country.
fn continues_place(text: &str, s: &Sentence, seg: &Range<usize>) -> bool {
    s.mentions
        .iter()
        .find(|m| m.range.end == seg.end || m.range.end + 1 == seg.end)
        .is_some_and(|m| {
            let before = text[seg.start..m.range.start].trim_end();
            let prev = before.rsplit(' ').next().unwrap_or("").to_lowercase();
            matches!(prev.as_str(), "in" | "from" | "of" | "near")
                || prev == "to"
                || before.is_empty() && text[..seg.start].trim_end().ends_with(',')
        })
}

/// The source phrase that a piece of text ends with: a name (with its
/// parenthesised affiliation after it), a pronoun or a description.
fn phrase_ending(text: &str, s: &Sentence, ws: &[Word], seg: &Range<usize>) -> Option<Phrase> {
    let mut end = seg.end;
    // "Sen. Mary T. Collins (D-Ohio)": the affiliation is not the name.
    if text[..end].ends_with(')')
        && let Some(open) = text[seg.start..end].rfind('(')
    {
        end = seg.start + text[seg.start..seg.start + open].trim_end().len();
    }
    let sw = words_within(ws, &(seg.start..end));
    let last = sw.last()?;
    if let Some(m) = s
        .mentions
        .iter()
        .position(|m| {
            m.range.start >= seg.start && m.range.end <= end && m.range.end + 3 >= last.range.end
        })
        .filter(|&m| {
            text[s.mentions[m].range.end..end]
                .chars()
                .all(|c| !c.is_alphanumeric())
        })
    {
        // "nuclear experts David Albright and Serena Kelleher-Vergantini of
        // Washington's Institute for Science and International Security",
        // "Jeffrey Lewis of the James Martin Center for Nonproliferation
        // Studies": a name that opens the phrase heads it when a
        // preposition stands between it and the last.
        if let Some(h) = s.mentions.iter().position(|x| {
            x.range.start >= seg.start
                && x.range.end <= end
                && only_role_words(&text[seg.start..x.range.start])
        }) && h < m
        {
            let between = words_within(sw, &(s.mentions[h].range.end..s.mentions[m].range.start));
            // The opening name is a head, not a modifier ("a Sanders
            // delegate from California").
            let heads = between
                .first()
                .is_some_and(|w| matches!(w.text, "of" | "for" | "at" | "from" | "with" | "and"))
                && between
                    .iter()
                    .any(|w| matches!(w.text, "of" | "for" | "at" | "from" | "with"))
                && !between.iter().any(|w| {
                    AUXILIARIES.contains(&w.text) || cues::cue(w.text).is_some() || w.is_numeric()
                });
            if heads {
                return Some(Phrase::Name(h));
            }
        }
        let start = s.mentions[m].range.start;
        // "a spokesman for the Defense Department": the name is the employer.
        let before = &sw[..sw.partition_point(|w| w.range.end <= start)];
        let mut b = before.len();
        while b > 0 && matches!(before[b - 1].text, "the" | "The") {
            b -= 1;
        }
        if b > 0 && super::lower_in(before[b - 1].text, PREPOSITIONS) {
            // "George Zornick of The Nation": the name before the employer.
            let prep = &before[b - 1];
            if let Some(k) = s.mentions.iter().position(|x| {
                x.range.start >= seg.start
                    && x.range.end <= prep.range.start
                    && text[x.range.end..prep.range.start].trim().is_empty()
            }) {
                return Some(Phrase::Name(k));
            }
            let Some(head) = before[..b - 1]
                .iter()
                .rev()
                .find(|w| !w.is_capitalized() && !w.is_numeric())
            else {
                // "with Zelensky describing": no noun for the name to serve.
                return Some(Phrase::Name(m));
            };
            if AUXILIARIES.contains(&head.text) || before.len() > 10 {
                return None;
            }
            let definite = before
                .first()
                .is_some_and(|f| matches!(f.text, "the" | "The"));
            return Some(Phrase::Description {
                range: before[0].range.start..s.mentions[m].range.end,
                head: head.text.to_lowercase(),
                definite,
                org: Some(m),
            });
        }
        return Some(Phrase::Name(m));
    }
    if let Some(g) = is_pronoun_word(last.text) {
        return Some(Phrase::Pronoun(last.range.clone(), g));
    }
    // A description: a determiner, a few modifiers, a lowercase head.
    if last.is_capitalized() || last.is_numeric() || sw.len() > 8 {
        return None;
    }
    let mut k = 0;
    while k < sw.len() && super::lower_in(sw[k].text, CONJUNCTIONS) {
        k += 1;
    }
    let first = sw.get(k)?;
    let det = first.text.to_lowercase();
    if sw[k..].iter().any(|w| AUXILIARIES.contains(&w.text)) {
        return None;
    }
    if !DETERMINERS.contains(&det.as_str()) {
        return None;
    }
    // "“...” that was reported": a determiner alone is a relative or a
    // demonstrative pronoun, no description of anyone.
    if sw.len() == k + 1 {
        return None;
    }
    Some(Phrase::Description {
        range: first.range.start..last.range.end,
        head: last.text.to_lowercase(),
        definite: matches!(det.as_str(), "the" | "this" | "that"),
        org: None,
    })
}

/// The source phrase after a cue (`said X`, `according to the senator`) and
/// where it ends: a name with only role words before it (`said Kremlin
/// spokesperson Dmitri Peskov`; the role's organisation is not the speaker,
/// nor an employer after it: `said Bill Sullivan of Dean Witter`), a
/// pronoun, or a description, itself named by a name after a comma (`said
/// his best friend at Lehigh, Bruce Turry`).
fn phrase_after(
    text: &str,
    s: &Sentence,
    ws: &[Word],
    i: usize,
    from: usize,
) -> Option<(Phrase, usize)> {
    let w = ws.get(i)?;
    if let Some(g) = match w.text {
        "him" | "he" => Some(Gender::Male),
        "her" | "she" => Some(Gender::Female),
        _ => None,
    } {
        return Some((Phrase::Pronoun(w.range.clone(), g), w.range.end));
    }
    if let Some(m) = speaker_after(text, from, s.mentions) {
        return Some((Phrase::Name(m), s.mentions[m].range.end));
    }
    // A description up to the next punctuation: "said the senator", "according
    // to a spokesman for the campaign".
    let stop = text[from..s.range.end]
        .find([',', '.', ';', ':', '“', '”', '"', '('])
        .map_or(s.range.end, |p| from + p);
    let seg = from..stop;
    let sw = words_within(ws, &seg);
    let first = sw.first()?;
    let det = first.text.to_lowercase();
    if !matches!(
        det.as_str(),
        "the" | "a" | "an" | "his" | "her" | "its" | "their"
    ) || sw.len() < 2
        || sw.len() > 8
    {
        return None;
    }
    // ", Bruce Turry," after the description names it.
    if text[stop..s.range.end].starts_with(',') {
        let next = stop + 1 + (text[stop + 1..].len() - text[stop + 1..].trim_start().len());
        if let Some(m) = s.mentions.iter().position(|m| m.range.start == next)
            && ends_clause(text, s.mentions[m].range.end, s.range.end)
        {
            return Some((Phrase::Name(m), s.mentions[m].range.end));
        }
    }
    // The head: the last lowercase word before a preposition or the end.
    let mut head_at = sw.len() - 1;
    if let Some(p) = sw
        .iter()
        .position(|w| PREPOSITIONS.contains(&w.text) && w.range.start > first.range.start)
    {
        head_at = p.saturating_sub(1);
    }
    let head = &sw[head_at];
    if head.is_capitalized() || AUXILIARIES.contains(&head.text) {
        return None;
    }
    let org = s
        .mentions
        .iter()
        .position(|m| m.range.start > head.range.end && m.range.end <= seg.end);
    Some((
        Phrase::Description {
            range: first.range.start..sw[sw.len() - 1].range.end,
            head: head.text.to_lowercase(),
            definite: matches!(first.text, "the" | "The"),
            org: org.filter(|_| head_at + 1 < sw.len()),
        },
        sw[sw.len() - 1].range.end,
    ))
}

/// The name a verb introduces, as an index into the mentions.
fn speaker_after(text: &str, from: usize, names: &[NameMention]) -> Option<usize> {
    let mut after = names
        .iter()
        .enumerate()
        .filter(|(_, n)| n.range.start >= from);
    let (mut pick, first) = after
        .next()
        .filter(|(_, n)| only_role_words(&text[from..n.range.start]))?;
    let first_end = first.range.end;
    // "said another leading Supreme Court advocate, Andrew J. Pincus": a
    // name that qualifies a role noun is not the speaker; the name set off
    // after the role is.
    let rest = &text[first_end..];
    // "said Rubio’s deputy campaign manager, Rich Beeson": the possessor's role.
    let (poss, rest) = match rest
        .strip_prefix("’s ")
        .or_else(|| rest.strip_prefix("'s "))
    {
        Some(r) => (rest.len() - r.len(), r),
        _ => (0, rest),
    };
    let first_end = first_end + poss;
    if let Some(comma) = rest.find(',') {
        let role: Vec<&str> = rest[..comma].split_whitespace().collect();
        let next_start = first_end
            + comma
            + 1
            + (rest[comma + 1..].len() - rest[comma + 1..].trim_start().len());
        if (1..=if poss > 0 { 4 } else { 3 }).contains(&role.len())
            && role.last().is_some_and(|w| {
                is_role_noun(w)
                    || w.len() > 3
                        && !w.ends_with("ly")
                        && !is_time_word(w)
                        && cues::cue(w).is_none()
                        && !AUXILIARIES.contains(w)
            })
            && role.iter().all(|w| w.chars().all(char::is_lowercase))
            && let Some(k) = names.iter().position(|n| n.range.start == next_start)
        {
            return Some(k);
        }
    }
    for (k, next) in after {
        // "said Sen. Jim Whelan who represents Atlantic City": a relative
        // clause ends the speaker's phrase.
        let between = &text[first_end..next.range.start];
        if between.contains([',', '.', ';', ':', '“', '”', '"'])
            || between
                .split_whitespace()
                .any(|w| matches!(w, "who" | "whose" | "whom" | "which" | "that"))
        {
            break;
        }
        // "Salomon Brothers (Asia) Ltd analyst Carole Ryavec", "former
        // Massachusetts congressman Barney Frank": a lowercase role right
        // before a later name makes that name the speaker; an employer after
        // a preposition does not ("Bill Sullivan of Dean Witter").
        const NOT_ROLES: &[&str] = &[
            "of", "for", "at", "from", "with", "and", "or", "in", "on", "to", "by", "the", "a",
            "an", "said", "says", "told", "than", "as",
        ];
        let role_before = text[names[pick].range.end.min(next.range.start)..next.range.start]
            .split_whitespace()
            .next_back()
            .is_some_and(|w| {
                is_role_noun(w)
                    || w.chars().all(|c| c.is_lowercase() || c == '-') && !NOT_ROLES.contains(&w)
            });
        // "Cleveland's Plain Dealer", "Breitbart's Joel Pollak": the name
        // after a possessive name is the head.
        let possessed = matches!(
            &text[names[pick].range.end.min(next.range.start)..next.range.start],
            "'s " | "’s "
        );
        if role_before || possessed {
            pick = k;
        }
    }
    Some(pick)
}

/// Between a cue and a name only role words and titles may stand ("the
/// Kremlin spokesperson", "Sen.").
fn only_role_words(s: &str) -> bool {
    const NOT_ROLE: &[&str] = &[
        "and", "or", "that", "on", "in", "at", "to", "by", "with", "when", "if", "it", "is", "was",
        "of", "for", "from", "about", "after", "before", "than",
    ];
    // The word count first, stopping after five words, so a long stretch
    // of text costs no more than a short one.
    if s.split_whitespace().nth(4).is_some() {
        return false;
    }
    !s.contains([';', '“', '”', '"', ',', ':'])
        && s.split_whitespace().all(|w| {
            !super::lower_in(w, NOT_ROLE) && (!w.contains('.') || super::names::is_title(w))
        })
}

/// The speaker a phrase names, resolved through the document.
fn resolve(text: &str, s: &Sentence, phrase: &Phrase, discourse: &Discourse) -> Option<Speaker> {
    match phrase {
        Phrase::Name(m) => {
            let n = &s.mentions[*m];
            let name = discourse.name_at(&n.name, n.range.start, n.role.as_deref())?;
            Some(Speaker {
                name,
                range: n.range.clone(),
                role: n.role.clone(),
            })
        }
        Phrase::Pronoun(range, gender) => {
            let name = discourse.pronoun(*gender, range.start)?;
            Some(Speaker {
                name,
                range: range.clone(),
                role: None,
            })
        }
        Phrase::Description {
            range,
            head,
            definite,
            org,
        } => {
            if let Some(m) = org {
                // "a spokesman for the Defense Department": the organisation.
                let n = &s.mentions[*m];
                let name = discourse.name_at(&n.name, n.range.start, n.role.as_deref())?;
                return Some(Speaker {
                    name,
                    range: range.clone(),
                    role: Some(text[range.start..n.range.start].trim().to_string()),
                });
            }
            if !definite {
                return None;
            }
            let name = if ORG_NOUNS.contains(&head.as_str()) {
                discourse.organisation(head, range.start)?
            } else {
                discourse.described(head, range.start)?
            };
            Some(Speaker {
                name,
                range: range.clone(),
                role: None,
            })
        }
    }
}

/// The reported clause from `from` to the sentence's end: "that" and a
/// time phrase dropped, closing punctuation trimmed.
fn clause(text: &str, from: usize, end: usize) -> Range<usize> {
    let s = &text[from..end];
    let mut start = from + (s.len() - s.trim_start().len());
    for lead in [
        "on Monday",
        "on Tuesday",
        "on Wednesday",
        "on Thursday",
        "on Friday",
        "on Saturday",
        "on Sunday",
        "that",
        ",",
    ] {
        let rest = &text[start..end];
        if let Some(r) = rest.strip_prefix(lead)
            && (lead == "," || r.starts_with([' ', ',']))
        {
            start = end - r.trim_start_matches([',', ' ']).len();
        }
    }
    let t = text[start..end]
        .trim_end()
        .trim_end_matches(['.', '!', '?', ';', ':', ',']);
    // Fewer than three words: the count stops at the third, not at the
    // sentence's end.
    if t.split_whitespace().nth(2).is_none() {
        return start..start;
    }
    start..start + t.len()
}

/// The word lists this file reads through `lower_in`, for its test.
#[cfg(test)]
pub(super) fn tests_lists() -> Vec<&'static [&'static str]> {
    vec![
        NOUNS,
        PREPOSITIONS,
        DETERMINERS,
        CONJUNCTIONS,
        ADJUNCT_STARTS,
        SUBORDINATORS,
        RELATIVES,
    ]
}

#[cfg(test)]
mod tests {
    use crate::engine::document::Document;
    use crate::engine::text::Format;
    use crate::engine::text::words::{Word, words};

    /// `segments` cuts and trims as cutting every piece, then trimming them
    /// and dropping the empty ones, does: from every tenth word of the seeds
    /// and Reuters to 10, 100 and 400 bytes on.
    #[test]
    fn segments_read_as_cut_then_trimmed() {
        fn plain(text: &str, from: usize, to: usize) -> Vec<std::ops::Range<usize>> {
            let b = &text.as_bytes()[from..to];
            let mut out = Vec::new();
            let (mut depth, mut start, mut i) = (0usize, 0, 0);
            while i < b.len() {
                let width = match b[i] {
                    b'(' => {
                        depth += 1;
                        0
                    }
                    b')' => {
                        depth = depth.saturating_sub(1);
                        0
                    }
                    b',' | b';' if depth == 0 => 1,
                    0xE2 if depth == 0
                        && b[i..].starts_with(&[0xE2, 0x80])
                        && matches!(b.get(i + 2), Some(0x93 | 0x94)) =>
                    {
                        3
                    }
                    _ => 0,
                };
                if width > 0 {
                    out.push(from + start..from + i);
                    start = i + width;
                    i += width;
                } else {
                    i += 1;
                }
            }
            out.push(from + start..to);
            out.into_iter()
                .map(|r| {
                    let t = &text[r.clone()];
                    let lead = t.len() - t.trim_start().len();
                    r.start + lead..r.start + t.trim_end().len()
                })
                .filter(|r| !r.is_empty())
                .collect()
        }
        let texts = crate::engine::text::sample_texts(
            &["X, the minister (of A, B), said; — Y –  ,, ( , ) , Z"],
            300,
        );
        for text in &texts {
            for w in words(text, 0..text.len()).iter().step_by(10) {
                for len in [10, 100, 400] {
                    let mut to = (w.range.start + len).min(text.len());
                    while !text.is_char_boundary(to) {
                        to -= 1;
                    }
                    let from = w.range.start;
                    assert_eq!(
                        super::segments(text, from, to),
                        plain(text, from, to),
                        "{from}..{to}"
                    );
                }
            }
        }
    }

    /// `words_within` is the plain filter of the words inside a range, on
    /// hand-made texts, the seeds and Reuters, split into runs of 30 words
    /// (as long as a sentence): for every range from a place where a word
    /// starts or ends, or a byte off it, to such a place up to 40 places
    /// further (inverted and empty ranges too).
    #[test]
    fn words_within_reads_as_the_filter() {
        let texts = crate::engine::text::sample_texts(
            &[
                "",
                "a",
                "U.S.Army said. The U.S., Army. e.g.Smith and i.e. Jones",
                "Trump’s aide O’Rourke's rock'n'roll (D-Ohio) said: “yes” — no",
            ],
            100,
        );
        type Ranges = Vec<std::ops::Range<usize>>;
        let plain = |ws: &[Word], r: &std::ops::Range<usize>| -> Ranges {
            ws.iter()
                .filter(|w| w.range.start >= r.start && w.range.end <= r.end)
                .map(|w| w.range.clone())
                .collect()
        };
        for text in &texts {
            let all = words(text, 0..text.len());
            // In order and apart: what `words_within` relies on.
            assert!(all.windows(2).all(|p| p[0].range.end <= p[1].range.start));
            for ws in all.chunks(30) {
                let mut places: Vec<usize> = ws
                    .iter()
                    .flat_map(|w| [w.range.start, w.range.end])
                    .flat_map(|p| [p.saturating_sub(1), p, p + 1])
                    .collect();
                places.sort_unstable();
                places.dedup();
                for (i, &a) in places.iter().enumerate() {
                    for &b in &places[i.saturating_sub(3)..(i + 40).min(places.len())] {
                        let r = a..b;
                        let got: Ranges = super::words_within(ws, &r)
                            .iter()
                            .map(|w| w.range.clone())
                            .collect();
                        assert_eq!(got, plain(ws, &r), "{r:?}");
                    }
                }
            }
        }
    }

    /// (reported words, speaker) of every quotation and statement of `text`.
    fn said(text: &str) -> Vec<(String, Option<String>)> {
        let doc = Document::analyze(text.to_string(), Format::Markdown);
        let a = crate::engine::quotes::analyze(&doc);
        a.said
            .into_iter()
            .map(|s| {
                (
                    doc.prose.text[s.range].to_string(),
                    s.speaker.map(|s| s.name),
                )
            })
            .collect()
    }

    /// One look-up answers as the two it replaces, for the cues and nouns
    /// in every case, words that are neither, and non-ASCII words.
    #[test]
    fn one_look_up_reads_nouns_and_cues_as_two() {
        use super::{NOUNS, cues, noun_or_cue};
        let mut asks: Vec<String> = cues::all().map(|(w, _)| w.to_string()).collect();
        asks.extend(NOUNS.iter().map(|w| w.to_string()));
        asks.extend(
            [
                "the",
                "Said",
                "SAID",
                "Saiḍ",
                "sáid",
                "\u{212A}laims",
                "Statement’s",
                "x",
                "",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ]
            .map(String::from),
        );
        for w in asks.clone() {
            asks.push(w.to_uppercase());
            let mut cs = w.chars();
            if let Some(f) = cs.next() {
                asks.push(f.to_uppercase().chain(cs).collect());
            }
        }
        for w in &asks {
            assert_eq!(
                noun_or_cue(w),
                (crate::engine::quotes::lower_in(w, NOUNS), cues::cue(w)),
                "{w}"
            );
        }
    }

    /// `noun_or_cue` is the plain look-up of the word lowercased, in a
    /// `HashMap` of the cues and a scan of `NOUNS`, for every word of the
    /// seeds and of 500 Reuters stories, each also in capitals.
    #[test]
    fn noun_or_cue_is_the_plain_lowercased_look_up_on_real_text() {
        use super::{NOUNS, NOUNS_AND_CUES, cues, noun_or_cue};
        let plain_cues: std::collections::HashMap<String, cues::Weight> = cues::all()
            .map(|(w, weight)| (w.to_string(), weight))
            .collect();
        let plain = |w: &str| {
            if w.is_ascii() {
                let lower = w.to_ascii_lowercase();
                (
                    NOUNS.contains(&lower.as_str()),
                    plain_cues.get(&lower).copied(),
                )
            } else {
                (crate::engine::quotes::lower_in(w, NOUNS), cues::cue(w))
            }
        };
        let mut texts = crate::engine::text::seed_texts();
        for path in crate::engine::text::reuters_paths(500).unwrap_or_default() {
            texts.push(String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned());
        }
        let (mut asked, mut found) = (0, 0);
        for text in &texts {
            for w in words(text, 0..text.len()) {
                for w in [w.text.to_string(), w.text.to_uppercase()] {
                    let got = noun_or_cue(&w);
                    assert_eq!(got, plain(&w), "{w}");
                    // What sentence_cues asks of a word of an ASCII sentence.
                    if w.is_ascii() {
                        assert_eq!(NOUNS_AND_CUES.of_ascii(w.as_bytes()), got, "{w}");
                    }
                    asked += 1;
                    found += usize::from(got != (false, None));
                }
            }
        }
        // The words held real nouns and cues, not only misses.
        assert!(asked > 100_000 && found > 1_000, "{asked} {found}");
    }

    #[test]
    fn a_nested_attribution_gives_the_words_to_both_sources() {
        let speakers = |text: &str| -> Vec<(Option<String>, Option<String>)> {
            let doc = Document::analyze(text.to_string(), Format::Markdown);
            crate::engine::quotes::analyze(&doc)
                .said
                .into_iter()
                .filter(|s| s.quoted)
                .map(|s| (s.speaker.map(|s| s.name), s.also.map(|s| s.name)))
                .collect()
        };
        let both = |a: &str, b: &str| vec![(Some(a.to_string()), Some(b.to_string()))];
        // A lead-in that opens the next paragraph, whose quotation a cue of
        // its own gives to someone else.
        assert_eq!(
            speakers(
                "According to Jack Kelly, writing for RealClearPolitics:\n\nThe foundation “received as much as $26 million in payments” from donors, the Washington Post reported."
            ),
            both("Washington Post", "Jack Kelly")
        );
        // "according to" after the speaker's own cue.
        assert_eq!(
            speakers("“I ask you not to protest,” Sanders said, according to CNN."),
            both("Sanders", "CNN")
        );
        // Two people joined by "and" as the subject: the first named
        // speaks, the second too.
        assert_eq!(
            speakers(
                "Donald Trump and Paul Ryan issued a statement calling the meeting “a very positive step.”"
            ),
            both("Donald Trump", "Paul Ryan")
        );
        // A relative clause is the nearest name's.
        assert_eq!(
            speakers("Guests included Ann Bell and Tom Wood, who joked, “I have not seen it yet.”"),
            both("Tom Wood", "Ann Bell")
        );
        // A hyphen at a line's start signs like a dash, in a paragraph of
        // its own.
        let doc = Document::analyze(
            "Title\n\n\"We are worried about the future of our kids.\"\n\n- Jane Porter.\n\nThe debate went on.\n".to_string(),
            Format::Plain,
        );
        let said = crate::engine::quotes::analyze(&doc).said;
        assert_eq!(
            said.iter()
                .filter(|s| s.quoted)
                .map(|s| s.speaker.as_ref().map(|s| s.name.as_str()))
                .collect::<Vec<_>>(),
            vec![Some("Jane Porter")]
        );
        // One attribution: nobody else.
        assert_eq!(
            speakers("“I ask you not to protest,” Sanders said."),
            vec![(Some("Sanders".to_string()), None)]
        );
        // A paragraph whose `X said:` gave its own quotation opens nothing:
        // the next paragraph's speaker reports nobody's words but his own.
        let one = |a: &str| (Some(a.to_string()), None);
        assert_eq!(
            speakers(
                "Laura Van Dyke said: \"We will not back down.\"\n\nOmar Al Amin said: \"The budget is a moral document.\""
            ),
            vec![one("Laura Van Dyke"), one("Omar Al Amin")]
        );
    }

    #[test]
    fn attribution_patterns() {
        let s = |x: &str| x.to_string();
        let q = |w: &str, who: &str| (s(w), Some(s(who)));
        type Case<'a> = (&'a str, Vec<(String, Option<String>)>);
        let cases: Vec<Case> = vec![
            // A verb no cue list knows, inverted after the quotation, with a
            // name that ends the clause: the name speaks.
            (
                "Papers warned of guns. \"Gun owners should leave their weapons at home,\" opined Cleveland's Plain Dealer.",
                vec![q(
                    "Gun owners should leave their weapons at home",
                    "Plain Dealer",
                )],
            ),
            (
                "Balloons fell. “This is fantastic!” beamed Donald Hartley of Madison, Alabama.",
                vec![q("This is fantastic!", "Donald Hartley")],
            ),
            // A name that qualifies the subject's role noun is no subject;
            // the name set off after the description is.
            (
                "The French minister of energy, Ségolène Royal, alluded to the election, saying the deal might be ''signed by the time anybody is elected.''",
                vec![q("signed by the time anybody is elected", "Ségolène Royal")],
            ),
            // A name that opens the subject heads it when an employer
            // follows after a preposition; a name that qualifies a role
            // noun does not.
            (
                "The talks went on. “It remains a problem,” Jeffrey Lewis of the James Martin Center for Nonproliferation Studies wrote in December.",
                vec![q("It remains a problem", "Jeffrey Lewis")],
            ),
            (
                "The talks went on. “It is a hazard,” Paul Huntley, a Sanders delegate from California, said.",
                vec![q("It is a hazard", "Paul Huntley")],
            ),
            // A name that only qualifies the name after it is no subject:
            // a possessive before a title, a name before a role another
            // name holds.
            (
                "The deal was signed. Austria’s Chancellor Maria Huber praised the deal as a “turning point” for the region.",
                vec![q("turning point", "Maria Huber")],
            ),
            (
                "John Smith spoke. On Monday, Smith campaign manager Ann Lee released a memo that called the race “all but over.”",
                vec![q("all but over", "Ann Lee")],
            ),
            (
                "John Smith spoke. Former Smith speechwriter Jon Ferro published a column that called the race “all but over.”",
                vec![q("all but over", "Jon Ferro")],
            ),
            // A possessive's role set off by commas before the name after
            // an inverted cue: the name speaks.
            (
                "“We are treating March as one long Election Day,” said Smith’s deputy campaign manager, Ray Owens, who ran the field.",
                vec![q(
                    "We are treating March as one long Election Day",
                    "Ray Owens",
                )],
            ),
            (
                "Critics piled on. As The Herald’s Lisa Crane puts it, “the market has spoken.”",
                vec![q("the market has spoken", "Lisa Crane")],
            ),
            // A determiner alone after a quotation is no description that
            // claims it ("that was reported").
            (
                "Smith belittled the loans, calling it a “paperwork error” that was reported.",
                vec![q("paperwork error", "Smith")],
            ),
            // A participle cue borrows the sentence's subject without
            // enclosing the quotation before it.
            (
                "Smith stressed that “the way to proceed is together,” suggesting a deal.",
                vec![q("the way to proceed is together", "Smith")],
            ),
            // "by" before an -ing verb is a means, not a passive's agent.
            (
                "Smith rallied supporters by warning that “the rule of the right is in danger.”",
                vec![q("the rule of the right is in danger", "Smith")],
            ),
            // A signature in a paragraph of its own signs the quotation
            // that ends the paragraph before it.
            (
                "The race tightened.\n\n“We are worried about the future of our kids.”\n\n— Jane Porter\n\nThe debate went on.",
                vec![q(
                    "We are worried about the future of our kids",
                    "Jane Porter",
                )],
            ),
            // Of two names joined by "and", the first speaks.
            (
                "“We will work together,” Smith and Jones said in a statement.",
                vec![q("We will work together", "Smith")],
            ),
            // A sentence that ends with a colon and names no cue gives the
            // next paragraph's quotation to its subject.
            (
                "When Wallace died, President Smith released the following statement:\n\n“We offer our condolences to his family.”",
                vec![q("We offer our condolences to his family", "Smith")],
            ),
            // An appositive whose closing comma is missing.
            (
                "Ann Lee, the communications director for the Iowa Democratic Party said “there are no paper ballots.”",
                vec![q("there are no paper ballots", "Ann Lee")],
            ),
            // A contraction that opens the sentence is no name: not "It".
            (
                "It’s become so common that Smith during a rally thanked them “for their support.”",
                vec![(s("for their support"), None)],
            ),
            // An appositive between the as-clause's name and its verb.
            (
                "Jane Doe met donors. Or, as Tom Ridge, a former secretary of homeland security, put it: ''The barbarians are inside.''",
                vec![q("The barbarians are inside", "Tom Ridge")],
            ),
            // A relative pronoun before the cue stands for the name it
            // follows, past an appositive.
            (
                "Donald Trump spoke first. Then came Bernie Sanders, who says the pact is “disastrous.”",
                vec![q("disastrous", "Bernie Sanders")],
            ),
            (
                "“Hispanics will not vote for someone just because he is Hispanic,” said Alfonso Aguilar, the executive director of the Latino Partnership, who added that “they must do more.”",
                vec![q("they must do more", "Alfonso Aguilar")],
            ),
            (
                "Trump spoke of terrorism. And then Trump went fully on the attack, saying, “Is he going to resign?”",
                vec![q("Is he going to resign?", "Trump")],
            ),
            // A byline after a dash signs the quotation its colon opens
            // (digests); of two names joined by "and", the first speaks.
            (
                "The race is close. STATES SHIFT TOWARD CRUZ - Philip Bump: “Two weeks ago, his strongest territory was the South.”",
                vec![q(
                    "Two weeks ago, his strongest territory was the South",
                    "Philip Bump",
                )],
            ),
            (
                "VOTERS CARE ABOUT CANDIDATES - Frank Newport and Jim Harter: “We found that, across candidates, the level held.”",
                vec![q(
                    "We found that, across candidates, the level held",
                    "Frank Newport",
                )],
            ),
            // A relative clause ends the phrase after an inverted cue.
            (
                "“He pooh-poohed this bankruptcy,” said Sen. Jim Whelan who represents Atlantic City.",
                vec![q("He pooh-poohed this bankruptcy", "Jim Whelan")],
            ),
            // A conjunction opening the sentence is no adverbial: the
            // subject after it speaks.
            (
                "Chris Christie laughed. And Mr. Christie gloated: ''I told you he wouldn't be ready.''",
                vec![q("I told you he wouldn't be ready", "Chris Christie")],
            ),
            // A surname with an adverb's ending is a name when a verb
            // follows it ("Kelly responded"), not when a comma does.
            (
                "Megyn Kelly asked. Kelly responded pointedly: “Can happen when you're 45.”",
                vec![q("Can happen when you're 45", "Megyn Kelly")],
            ),
            (
                "Megyn Kelly asked. Curiously, the host responded: “Can happen when you're 45.”",
                vec![(s("Can happen when you're 45"), None)],
            ),
            // "as X put it": an as-clause with a name and any verb before a
            // colon or the quotation gives it to that name.
            (
                "Jane Doe met donors. As Mary Collins put it: “the deal is dead.”",
                vec![q("the deal is dead", "Mary Collins")],
            ),
            (
                "Jane Doe met donors. The plan failed, as Senator Mary Collins observed last week, “nobody wanted it.”",
                vec![q("nobody wanted it", "Mary Collins")],
            ),
            // The words before a verb are read back to the quotation, not
            // into it ("will" may stand between a subject and its verb).
            (
                "\"I still love New Hampshire, and I always will,\" said Clinton.",
                vec![q(
                    "I still love New Hampshire, and I always will",
                    "Clinton",
                )],
            ),
            // An organisation and a person as one subject: the person speaks.
            (
                "Yahoo News and former network anchor Katie Couric has promoted humility, telling graduates to \"become members of the two-H club.\"",
                vec![q("become members of the two-H club", "Katie Couric")],
            ),
            // A surname that two people share: the one the document is
            // about, unless the other was just named in full as a subject.
            (
                "Hillary Clinton spoke in Iowa. Mrs. Clinton said she was ready. Mrs. Clinton met donors. Ambassador John Tefft wrote to Mrs. Clinton about a visit by Chelsea Clinton and her husband. Mrs. Clinton replied, “As you know, hearing nice things is good.”",
                vec![q(
                    "As you know, hearing nice things is good",
                    "Hillary Clinton",
                )],
            ),
            (
                "Hillary Clinton spoke in Iowa. Clinton said she was ready. Bill Clinton spoke in Ohio on Monday. “I am proud of her,” Clinton said.",
                vec![q("I am proud of her", "Bill Clinton")],
            ),
            // A pronoun with no clue in the document: the first name's gender.
            (
                "Donald Trump met Hillary Clinton in Ohio. She said “we are stronger together.”",
                vec![q("we are stronger together", "Hillary Clinton")],
            ),
            // A description before the name set off by commas.
            (
                "One early supporter, Representative Lee Zeldin, Republican of New York, gave the technique a whirl on CNN: “You can easily argue it.”",
                vec![q("You can easily argue it", "Lee Zeldin")],
            ),
            // A quotation in the predicate, with no cue: the subject's.
            (
                "Sanders also pledged to “bring our political revolution” to the convention.",
                vec![q("bring our political revolution", "Sanders")],
            ),
            (
                "Trump faulted Clinton for her “basket of deplorables” remark.",
                vec![(s("basket of deplorables"), None)],
            ),
            // Whatever the verb, whoever else is named in between.
            (
                "Trump groused to a crowd in Georgia that CNN “doesn’t treat me properly” before floating an idea.",
                vec![q("doesn’t treat me properly", "Trump")],
            ),
            (
                "Ms. Ward's aide said Jones would refuse. Dr. Kelli Ward slammed the ruling, calling the Justice Department's case “extreme overreach.”",
                vec![q("extreme overreach", "Kelli Ward")],
            ),
            // A verb joined to the sentence's first by "and" shares its subject.
            (
                "McConnell was quick to embrace the mogul after he clinched the nomination and said that Trump looks “very competitive” in November.",
                vec![q("very competitive", "McConnell")],
            ),
            // A sentence with no cue that leads into a quotation.
            (
                "Donald Trump was quick to add that the negotiation does not include the wall. “Building it? Not negotiable.”",
                vec![q("Building it? Not negotiable", "Donald Trump")],
            ),
            // Signed with a dash, one per line.
            (
                "Readers wrote to us.\n“Maybe we can build a wall around him.” ― Steve Quinlan\n“I just hope this campaign gets people to vote.” ― Jorge Falcon\n“I am afraid.”",
                vec![
                    q("Maybe we can build a wall around him", "Steve Quinlan"),
                    q(
                        "I just hope this campaign gets people to vote",
                        "Jorge Falcon",
                    ),
                ],
            ),
            (
                "Sen. Ted Cruz (R-Tex.), a Republican candidate who has made liberty his cause, tweeted a warning. “Remember in November the Democrats who filibustered.”",
                vec![q(
                    "Remember in November the Democrats who filibustered",
                    "Ted Cruz",
                )],
            ),
            // Roles before and after the name, employers after it.
            (
                "“Imagine him on the same stage,” mused Blaze co-host Stu Burguiere.",
                vec![q("Imagine him on the same stage", "Stu Burguiere")],
            ),
            (
                "George Zornick of The Nation wrote, “You have to demonstrate that you care.”",
                vec![q("You have to demonstrate that you care", "George Zornick")],
            ),
            (
                "“The commissions are an abject failure,” said ACLU executive Director Anthony Romero in a statement.",
                vec![q("The commissions are an abject failure", "Anthony Romero")],
            ),
            (
                "“The odds are more likely than not,” said another leading Supreme Court advocate, Andrew J. Pincus of the law firm Mayer Brown.",
                vec![q("The odds are more likely than not", "Andrew J. Pincus")],
            ),
            // A name a quotation follows is what is said, not who says it.
            (
                "In an interview, Steve Huhn, a former HP vice president, said Fiorina “was personally involved in all that discussion.”",
                vec![q(
                    "was personally involved in all that discussion",
                    "Steve Huhn",
                )],
            ),
            (
                "Putin said “we are ready”.",
                vec![q("we are ready", "Putin")],
            ),
            (
                "“We are ready,” said Putin.",
                vec![q("We are ready", "Putin")],
            ),
            (
                "“We are ready,” Putin said.",
                vec![q("We are ready", "Putin")],
            ),
            (
                "Trump told a press briefing at Mar-a-Lago: \"We have to get that war over with.\"",
                vec![q("We have to get that war over with", "Trump")],
            ),
            (
                "Lavrov stated that “talks are possible”.",
                vec![q("talks are possible", "Lavrov")],
            ),
            (
                "Trump remarked, “I know he wants to meet”.",
                vec![q("I know he wants to meet", "Trump")],
            ),
            (
                "Peskov added that “formal talks must wait”.",
                vec![q("formal talks must wait", "Peskov")],
            ),
            (
                "Zelensky described his conversation with Trump as “excellent.”",
                vec![q("excellent", "Zelensky")],
            ),
            (
                "with Zelensky describing their conversation as “excellent.”",
                vec![q("excellent", "Zelensky")],
            ),
            (
                "According to Bloomberg, “the Kremlin will insist on neutrality”.",
                vec![q("the Kremlin will insist on neutrality", "Bloomberg")],
            ),
            (
                "Trump’s assertion that “Putin is not too thrilled about how things have gone” reflects his view.",
                vec![q(
                    "Putin is not too thrilled about how things have gone",
                    "Trump",
                )],
            ),
            (
                "Trump said of Putin: “I know he wants to meet.”",
                vec![q("I know he wants to meet", "Trump")],
            ),
            ("Peskov: “No comment.”", vec![q("No comment", "Peskov")]),
            (
                "Kremlin spokesperson Dmitri Peskov said on Friday that formal talks would have to wait.",
                vec![q("formal talks would have to wait", "Dmitri Peskov")],
            ),
            (
                "Trump remarked, “we will see”. He said “it will be quick”.",
                vec![q("we will see", "Trump"), q("it will be quick", "Trump")],
            ),
            (
                "Sergei Lavrov, the foreign minister, said “no”.",
                vec![q("no", "Sergei Lavrov")],
            ),
            (
                "The “800-mile DMZ” plan aims to halt escalation.",
                vec![(s("800-mile DMZ"), None)],
            ),
            (
                "The head of Russian diplomacy, Sergei Lavrov, said on Tuesday that Russia is open to guarantees “for the country”, but first, according to him, it needs its own.",
                vec![q("for the country", "Sergei Lavrov")],
            ),
            (
                "\"Prices will fall,\" said Bill Sullivan of Dean Witter Reynolds Inc.",
                vec![q("Prices will fall", "Bill Sullivan")],
            ),
            (
                "\"Demand is strong,\" said Salomon Brothers (Asia) Ltd analyst Carole Ryavec.",
                vec![q("Demand is strong", "Carole Ryavec")],
            ),
            (
                "\"We won't go into specifics. It is early days,\" said Ian Harwood. Then he left.",
                vec![q(
                    "We won't go into specifics. It is early days",
                    "Ian Harwood",
                )],
            ),
            (
                "“We are ready”, said Kremlin spokesperson Dmitri Peskov.",
                vec![q("We are ready", "Dmitri Peskov")],
            ),
            // Newspaper style: titles, affiliations, appositives, employers.
            (
                "Sen. Mary T. Collins (D-Ohio) said “the bill is dead.”",
                vec![q("the bill is dead", "Mary T. Collins")],
            ),
            (
                "“It will pass,” a spokesman for the Defense Department, John Miller, said.",
                vec![q("It will pass", "John Miller")],
            ),
            (
                "“It will pass,” said a spokesman for the Defense Department.",
                vec![q("It will pass", "Defense Department")],
            ),
            (
                "Cory James, 22, of Flint, Mich., said “the party left me.”",
                vec![q("the party left me", "Cory James")],
            ),
            (
                "At a rally in Ames, Iowa, on Sunday, Laura Van Dyke said “we will win.”",
                vec![q("we will win", "Laura Van Dyke")],
            ),
            (
                "“We will fight,” the White House said.",
                vec![q("We will fight", "White House")],
            ),
            // The speaker in the sentence after, and across paragraphs.
            (
                "“We will win. We always win.” Omar Al Amin said.",
                vec![q("We will win. We always win", "Omar Al Amin")],
            ),
            (
                "Bernie Sanders spoke in Iowa.\n\n“The system is rigged,” he said. “It has to change.”\n\n“We will change it.”",
                vec![
                    q("The system is rigged", "Bernie Sanders"),
                    q("It has to change", "Bernie Sanders"),
                    q("We will change it", "Bernie Sanders"),
                ],
            ),
            // Pronouns and descriptions go to the last fitting person.
            (
                "Hillary Clinton met Mr. Sanders. She said “it went well.”",
                vec![q("it went well", "Hillary Clinton")],
            ),
            (
                "Sen. Ted Cruz spoke after Jeb Bush.\n\n“We need a fighter,” the senator said.",
                vec![q("We need a fighter", "Ted Cruz")],
            ),
            (
                "The NYT style: ''We finally may be seeing it,'' Mr. Furman said.",
                vec![q("We finally may be seeing it", "Furman")],
            ),
            // A quotation inside a clause with a subject of its own is that
            // subject's: under a subordinator, until the main clause opens;
            // under a relative word, right after its verb.
            (
                "While Jake Sullivan proclaims the article a “terrific piece,” Hillary Clinton fixates on the “pivot” line.",
                vec![
                    q("terrific piece", "Jake Sullivan"),
                    q("pivot", "Hillary Clinton"),
                ],
            ),
            (
                "Forbes pegged him at $2.9 billion, which Donald Trump called ''a disgrace,'' blaming Michael Bloomberg.",
                vec![q("a disgrace", "Donald Trump")],
            ),
            (
                "Santilli was cited in a clip that Judge Michael Mosman called “distasteful.”",
                vec![q("distasteful", "Michael Mosman")],
            ),
            // A complement "that" opens what is said, not a relative clause.
            (
                "Donald Trump proclaimed in July that Christians fleeing Syria “cannot come into this country.”",
                vec![q("cannot come into this country", "Donald Trump")],
            ),
            // A cue that opens the next quotation with a colon is not the
            // one before it.
            (
                "After Antonin Scalia said that students might do better at “less advanced schools,” Donald Trump said: “I don't like what he said.”",
                vec![
                    q("less advanced schools", "Antonin Scalia"),
                    q("I don't like what he said", "Donald Trump"),
                ],
            ),
            // A name that opens an appositive speaks, not a name the
            // appositive holds.
            (
                "Giovanni Maria Vian, the editor in chief of the Vatican's newspaper, L'Osservatore Romano, said every pope was ''both religious and political.''",
                vec![q("both religious and political", "Giovanni Maria Vian")],
            ),
            (
                "“It is a tough fight,” Morton Blackwell, the Republican National Committeeman from Virginia, told AFP.",
                vec![q("It is a tough fight", "Morton Blackwell")],
            ),
            // A comma inside a quotation after the verb ends no subject.
            (
                "Luis Miranda, a spokesman for the party, said the party was ''committed to an open, inclusive process'' to draft it.",
                vec![q("committed to an open, inclusive process", "Luis Miranda")],
            ),
            // Openers that are no subject: a sentence adverb, a participle,
            // a place's state after its town.
            (
                "First, Donald Trump attacked Mitt Romney for being a “failed candidate.”",
                vec![q("failed candidate", "Donald Trump")],
            ),
            (
                "Horrified at the prospect of Trump becoming president, Jorge Ramos believes in journalism that “takes sides.”",
                vec![q("takes sides", "Jorge Ramos")],
            ),
            (
                "At a campaign event in Ames, Iowa, on Sunday, Hillary Clinton tried to expand on her statement, saying the country should ''be rallying our partners.''",
                vec![q("be rallying our partners", "Hillary Clinton")],
            ),
            (
                "In a panel discussion in Washington, Marc H. Morial, the chief executive of the National Urban League, told a woman that voting “is a viable strategy.”",
                vec![q("is a viable strategy", "Marc H. Morial")],
            ),
        ];
        for (text, want) in cases {
            // The reported words the case is about (statements aside).
            let quoted: Vec<_> = said(text)
                .into_iter()
                .filter(|(w, _)| want.iter().any(|x| &x.0 == w))
                .collect();
            assert_eq!(quoted, want, "{text:?}");
        }
    }
}
