//! Names in prose: runs of capitalized words that name someone or
//! something, with the role the text gives them ("Kremlin spokesperson
//! Dmitri Peskov", "the head of Russian diplomacy, Sergei Lavrov").

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use super::{Lexicon, WordSet};
use crate::engine::text::words::{Word, words};

/// Words written in lowercase in running text, learned from news by
/// `fit.py` (`lowercase.tsv`): capitalized only because they open a
/// sentence, they do not start a name ("Rival Hillary Clinton said"). The
/// strong ones are no name even alone ("Here", "Later").
static LOWERCASE: LazyLock<FxHashMap<&'static str, bool>> = LazyLock::new(|| {
    include_str!("lowercase.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (w, strong) = l.split_once('\t')?;
            Some((w, strong == "1"))
        })
        .collect()
});

/// Whether a sentence's first word, capitalized, is a common word: `Some(true)`
/// when it is no name even alone.
pub(super) fn common_word(word: &str) -> Option<bool> {
    if is_adverb_form(word) {
        return Some(true);
    }
    super::with_lowercase(word, |l| LOWERCASE.get(l).copied())
}

/// Whether a word has an adverb's ending ("Previously", "Curiously").
fn is_adverb_form(word: &str) -> bool {
    word.len() > 4 && word.ends_with("ly")
}

/// Whether an unknown word with an adverb's ending that opens a sentence
/// is a name after all: a verb follows it at once ("Kelly responded",
/// "Donnelly said"), where an adverb is followed by a comma, a subject or
/// a participle ("Curiously, ...", "Separately the company said",
/// "Hastily politicizing the tragedy, Trump ...").
fn names_subject(text: &str, ws: &[Word], i: usize) -> bool {
    const SUBJECT_STARTS: &[&str] = &[
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these",
        "those", "there", "his", "her", "its", "their", "our", "my", "no", "not", "enough", "so",
        "too", "as", "all", "some", "many", "most", "few", "one", "both", "each", "every", "in",
        "on", "at", "for", "after", "before", "since", "when", "if",
    ];
    let (Some(w), Some(next)) = (ws.get(i), ws.get(i + 1)) else {
        return false;
    };
    is_adverb_form(w.text)
        && !super::with_lowercase(w.text, |l| LOWERCASE.contains_key(l))
        && text[w.range.end..next.range.start].trim().is_empty()
        && next.text.chars().all(char::is_lowercase)
        && !next.text.ends_with("ing")
        && !SUBJECT_STARTS.contains(&next.text)
}

/// A word lowercased without a contraction or a possessive after it
/// ("It’s", "There's", "I’m" are "it", "there", "i"), so that a sentence
/// opening with one is read as the word it is, not as a name.
fn without_contraction(word: &str) -> String {
    let l = word.to_lowercase().replace('’', "'");
    for suffix in ["'s", "'m", "'re", "'ll", "'ve", "'d"] {
        if let Some(b) = l.strip_suffix(suffix) {
            return b.to_string();
        }
    }
    l
}

/// `f` of `without_contraction(word)`, on the stack for a short ASCII word.
fn with_contraction_dropped<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    if word.is_ascii() {
        super::with_lowercase(word, |l| {
            let base = ["'s", "'m", "'re", "'ll", "'ve", "'d"]
                .iter()
                .find_map(|suffix| l.strip_suffix(suffix))
                .unwrap_or(l);
            f(base)
        })
    } else {
        f(&without_contraction(word))
    }
}

/// Whether `word`, its contraction dropped, is one of `NOT_NAMES`. An ASCII
/// word is read as written: its contraction cut ignoring case, the rest
/// looked up ignoring case.
fn names_nobody(word: &str) -> bool {
    if word.is_ascii() {
        NOT_NAME.holds_ascii(contraction_cut(word.as_bytes()))
    } else {
        with_contraction_dropped(word, |l| NOT_NAME.contains(l))
    }
}

/// An ASCII word without the contraction or possessive it ends with,
/// ignoring case ("IT'S" → "IT"): `with_contraction_dropped` of it, but
/// not lowercased.
fn contraction_cut(word: &[u8]) -> &[u8] {
    let Some(at) = word.iter().rposition(|&b| b == b'\'') else {
        return word;
    };
    let tail = &word[at + 1..];
    let cut = ["s", "m", "re", "ll", "ve", "d"]
        .iter()
        .any(|s| tail.eq_ignore_ascii_case(s.as_bytes()));
    if cut { &word[..at] } else { word }
}

/// Where a run of capitalized words that is a headline's, not a name,
/// stops being a name: "John Leguizamo On How U.S. History Makes Latinos
/// Feel", "Gina Rodriguez Questioned What It Means To Be", "Trump Just
/// Fired A". A run is a headline when a function word or a reporting verb
/// stands in it after its first word (never a month: "Theresa May"); the
/// name ends before the first word that news writes in lowercase.
fn headline_cut(run: &[Word]) -> Option<usize> {
    let function = |w: &Word| {
        names_nobody(w.text)
            && with_contraction_dropped(w.text, |l| !crate::engine::figures::is_calendar_word(l))
            || super::cues::cue(w.text).is_some()
    };
    // The last word may be a surname that is a word too ("Al From", "Ian
    // Read"), and an initial is no article ("James A. Lewis"). (First: a
    // run of one or two words, most runs, has no word to test.)
    if !run[..run.len().saturating_sub(1)]
        .iter()
        .skip(1)
        .any(|w| w.text.chars().count() > 1 && function(w))
    {
        return None;
    }
    // A run in capitals is a headline's whole, read as it was.
    let shouted = run.iter().all(|w| !w.text.chars().any(char::is_lowercase));
    if shouted {
        return None;
    }
    run.iter()
        .enumerate()
        .skip(1)
        .find(|(_, w)| {
            w.text.chars().count() > 1 && (function(w) || common_word(bare(w.text)).is_some())
        })
        .map(|(k, _)| k)
}

/// A name as the text writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMention {
    /// The name's words, titles left out ("Dmitri Peskov").
    pub range: Range<usize>,
    pub name: String,
    /// The role the text gives it, when it gives one ("Kremlin spokesperson").
    pub role: Option<String>,
    /// A title or a role says this is a person.
    pub person: bool,
}

/// Capitalized words that start sentences or clauses without naming anyone.
const NOT_NAMES: &[&str] = &[
    "a",
    "about",
    "according",
    "after",
    "again",
    "all",
    "also",
    "an",
    "and",
    "another",
    "any",
    "as",
    "at",
    "because",
    "before",
    "both",
    "but",
    "by",
    "despite",
    "during",
    "each",
    "even",
    "following",
    "for",
    "from",
    "given",
    "he",
    "her",
    "here",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "instead",
    "into",
    "it",
    "its",
    "last",
    "many",
    "meanwhile",
    "more",
    "most",
    "much",
    "my",
    "next",
    "no",
    "not",
    "now",
    "of",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "over",
    "potential",
    "read",
    "several",
    "she",
    "since",
    "so",
    "some",
    "still",
    "such",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "to",
    "under",
    "until",
    "we",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "why",
    "with",
    "within",
    "without",
    "yet",
    "you",
    "your",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `NOT_NAMES`, hashed.
static NOT_NAME: WordSet = LazyLock::new(|| Lexicon::of(NOT_NAMES));

/// Titles written before a name; they are not part of it.
const TITLES: &[&str] = &[
    "president",
    "vice",
    "prime",
    "minister",
    "secretary",
    "chancellor",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "dame",
    "gen",
    "sen",
    "senator",
    "rep",
    "representative",
    "congressman",
    "congresswoman",
    "gov",
    "governor",
    "mayor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "judge",
    "ambassador",
    "envoy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chairman",
    "chairwoman",
    "director",
    "premier",
    "commissioner",
    "professor",
    "prof",
    "lt",
    "col",
    "colonel",
    "captain",
    "capt",
    "admiral",
    "deputy",
    "ceo",
    "chair",
    "whip",
    "leader",
    "majority",
    "minority",
    "speaker",
    "attorney",
    "general",
    "justice",
    "lady",
    "republican",
    "democrat",
    "democratic",
    "libertarian",
    "rabbi",
    "rev",
    "reverend",
    "cardinal",
    "sheriff",
    "sgt",
    "officer",
];

/// Nouns that make a phrase a role ("the head of Russian diplomacy").
const ROLE_NOUNS: &[&str] = &[
    "president",
    "minister",
    "secretary",
    "chancellor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ambassador",
    "envoy",
    "chairman",
    "chairwoman",
    "chief",
    "director",
    "governor",
    "senator",
    "mayor",
    "king",
    "queen",
    "pope",
    "premier",
    "commissioner",
    "professor",
    "general",
    "leader",
    "head",
    "ceo",
    "executive",
    "economist",
    "analyst",
    "official",
    "adviser",
    "advisor",
    "commentator",
    "founder",
    "judge",
    "lawyer",
    "attorney",
    "officer",
    "strategist",
    "negotiator",
    "diplomat",
    "aide",
    "representative",
    "deputy",
    "elect",
    "manager",
    "partner",
    "researcher",
    "correspondent",
    "editor",
];

/// Words before a name that end its role phrase.
const ROLE_STOPS: &[&str] = &[
    "the", "a", "an", "and", "or", "by", "with", "from", "to", "on", "at", "for", "said", "says",
    "told", "that", "as", "when", "while", "but", "in", "after", "before", "between",
];

/// `ROLE_STOPS`, hashed.
static ROLE_STOP: WordSet = LazyLock::new(|| Lexicon::of(ROLE_STOPS));

pub fn is_title(word: &str) -> bool {
    static TITLE: WordSet = LazyLock::new(|| Lexicon::of(TITLES));
    super::in_set(word.trim_end_matches('.'), &TITLE)
}

pub fn is_role_noun(word: &str) -> bool {
    static ROLE_NOUN: WordSet = LazyLock::new(|| Lexicon::of(ROLE_NOUNS));
    super::in_set(word, &ROLE_NOUN)
}

#[inline(always)]
fn capitalized(w: &Word) -> bool {
    // An ASCII first byte answers alone: a capital, never a digit.
    match w.text.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => w.is_capitalized() && !w.is_numeric(),
    }
}

/// Strips a possessive: "Trump’s" → "Trump".
pub fn bare(word: &str) -> &str {
    word.strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .or_else(|| word.strip_suffix('’'))
        .unwrap_or(word)
}

/// Lowercase words inside a name: "Charles de Gaulle", "Ursula von der
/// Leyen", "Mohammed bin Salman".
const PARTICLES: &[&str] = &[
    "de", "da", "del", "della", "der", "den", "di", "du", "dos", "das", "van", "von", "bin", "ibn",
    "al", "el", "la", "le",
];

/// The length of the longest of `PARTICLES`.
const LONGEST_PARTICLE: usize = {
    let (mut i, mut longest) = (0, 0);
    while i < PARTICLES.len() {
        if PARTICLES[i].len() > longest {
            longest = PARTICLES[i].len();
        }
        i += 1;
    }
    longest
};

/// Words after a name that are not part of it: "Martin Luther King Jr.".
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// A single capital letter: an initial ("Mary T. Collins").
fn is_initial(w: &Word) -> bool {
    let mut c = w.text.chars();
    c.next().is_some_and(char::is_uppercase) && c.next().is_none()
}

/// Whether `ws[j]` continues the name run that `ws[j - 1]` ends.
fn continues_run(text: &str, ws: &[Word], j: usize) -> bool {
    let (prev, w) = (&ws[j - 1], &ws[j]);
    if prev.text.ends_with("’s") || prev.text.ends_with("'s") {
        return false;
    }
    let gap = &text[prev.range.end..w.range.start];
    if capitalized(w) {
        // "Mary T. Collins", "Sen. Mary Collins", "Anne-Marie", "Al-Tabchi".
        return word_space(gap)
            || gap == "-"
            || gap
                .strip_prefix('.')
                .is_some_and(|g| word_space(g) && (is_initial(prev) || is_title(prev.text)));
    }
    // A lowercase particle between two capitalized words.
    // (A word longer than every particle is none.)
    word_space(gap)
        && w.text.len() <= LONGEST_PARTICLE
        && PARTICLES.contains(&w.text)
        && ws
            .get(j + 1)
            .is_some_and(|n| capitalized(n) && word_space(&text[w.range.end..n.range.start]))
}

/// Whether a gap between two words is the space between two words of one
/// name: a space, or a line break inside a paragraph ("Donald\nTrump" in a
/// hard-wrapped text or a PDF's lines), not a blank line.
fn word_space(gap: &str) -> bool {
    matches!(gap, " " | "\n" | "\r\n" | "\r" | " \n" | " \r\n")
}

/// Whether the words stand inside parentheses that hold a party and state
/// ("(D-Ohio)", "(R-Iowa)"): an affiliation, not a name.
fn is_affiliation(text: &str, run: &[Word]) -> bool {
    let (Some(first), Some(last)) = (run.first(), run.last()) else {
        return false;
    };
    // (The initial and its hyphen first: most runs have none.)
    if !(run.len() >= 2 && is_initial(first) && text[first.range.end..].starts_with('-')) {
        return false;
    }
    let before = text[..first.range.start].trim_end();
    let after = text[last.range.end..].trim_start_matches('.');
    // "(D-Ohio)", ", R-Ky.,"
    before.ends_with('(') && after.starts_with(')')
        || before.ends_with(',') && after.trim_start().starts_with([',', '.', ')', ';'])
}

/// The names in `text[range]`, in order.
pub fn mentions(text: &str, range: Range<usize>) -> Vec<NameMention> {
    let ws = words(text, range.clone());
    mentions_in(text, range, &ws)
}

/// The names in `text[range]`, whose words `ws` are (`words(text, range)`).
pub fn mentions_in(text: &str, range: Range<usize>, ws: &[Word]) -> Vec<NameMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if !capitalized(&ws[i]) {
            i += 1;
            continue;
        }
        // The run of capitalized words, initials and particles.
        let mut j = i + 1;
        while j < ws.len() && continues_run(text, ws, j) {
            j += 1;
        }
        let sentence_start = i == 0;
        let mut run = &ws[i..j];
        i = j;
        // Leading words that name nobody ("As The Daily Caller") are no
        // headline's.
        let opening = run.iter().take_while(|w| names_nobody(w.text)).count();
        if let Some(cut) = headline_cut(&run[opening..]) {
            run = &run[..opening + cut];
        }
        if is_affiliation(text, run) {
            continue;
        }
        // "Jr." is written after the name but is no part of it.
        let mut suffix_end = None;
        while run.len() > 1 && super::lower_in(run[run.len() - 1].text, SUFFIXES) {
            suffix_end = Some(run[run.len() - 1].range.end);
            run = &run[..run.len() - 1];
        }
        // Leading words that name nobody, then titles, are not the name:
        // the run was only cut at its end since `opening` counted them.
        let mut k = opening.min(run.len());
        // A common word that opens the sentence ("Rival Hillary Clinton").
        if sentence_start && k == 0 && !(run.len() == 1 && names_subject(text, ws, j - 1)) {
            match common_word(bare(run[0].text)) {
                Some(true) => k = 1,
                Some(false) if run.len() > 1 => k = 1,
                _ => {}
            }
        }
        // "First, Trump attacked", "Ever since she endorsed", "Filling in
        // for Sanders": a common word, or a participle, that opens the
        // sentence alone before a comma or a function word names nobody.
        if sentence_start && k == 0 && run.len() == 1 {
            let w = &run[0];
            let function_after = ws.get(j).is_some_and(|n| {
                text[w.range.end..n.range.start].trim().is_empty() && NOT_NAME.contains(n.text)
            });
            let weak = common_word(bare(w.text)) == Some(false);
            let participle = w.text.len() > 5 && w.text.ends_with("ing") && function_after;
            // "Small, who attended the rally": a relative clause or an age
            // after the comma says it is a name.
            let comma = text[w.range.end..].starts_with(',')
                && !ws.get(j).is_some_and(|n| {
                    matches!(n.text, "who" | "whose")
                        || n.text.starts_with(|c: char| c.is_ascii_digit())
                });
            if weak && (comma || function_after) || participle {
                k = 1;
            }
        }
        let lead = k;
        // The name is what follows the last title ("Russian President
        // Vladimir Putin"), unless the whole is an organisation's name
        // ("General Motors", "Justice Department").
        let inner = &run[..run.len().saturating_sub(1)];
        let whole = run
            .get(lead)
            .map(|f| &text[f.range.start..run[run.len() - 1].range.end]);
        // (The title first: most runs have none, and is_org reads every word.)
        if let Some(t) = inner.iter().skip(lead).rposition(|w| is_title(w.text))
            && !whole.is_some_and(super::is_org)
        {
            k = lead + t + 1;
            // "CNN President On Trump": words that name nobody after it too.
            while k + 1 < run.len() && super::in_set(run[k].text, &NOT_NAME) {
                k += 1;
            }
        }
        let titled = k > lead;
        // A run of titles alone ("US President" before "-elect") names nobody.
        if k < run.len() && !is_title(run[run.len() - 1].text) {
            let name_words = &run[k..];
            let start = name_words[0].range.start;
            let last = name_words.last().expect("non-empty");
            let end = last.range.start + bare(last.text).len();
            let mut name = text[start..end].to_string();
            if name.bytes().any(|b| b == b'\n' || b == b'\r') {
                // Broken over two lines: the name is the words, one space apart.
                name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            }
            let end = suffix_end.unwrap_or(end);
            let role = role_before(text, ws, (range.start, range.end), start).or_else(|| {
                titled.then(|| text[run[lead].range.start..start].trim_end().to_string())
            });
            let person = titled || role.is_some();
            out.push(NameMention {
                range: start..end,
                name,
                role,
                person,
            });
        }
    }
    out
}

/// The role phrase that stands right before a name: its title words and
/// the words before them back to a determiner, a preposition or
/// punctuation; or an appositive ending in a comma ("the head of Russian
/// diplomacy, Sergei Lavrov"). Only a phrase with a role noun counts.
fn role_before(
    text: &str,
    ws: &[Word],
    (floor, end): (usize, usize),
    name_start: usize,
) -> Option<String> {
    let mut cut = name_start;
    let trimmed = text[floor..name_start].trim_end();
    if let Some(p) = trimmed.strip_suffix(',') {
        cut = floor + p.len();
    }
    let ws = words_before(text, ws, floor, cut, end);
    let mut first = ws.len();
    let mut boundary = floor + text[floor..cut].trim_end().len();
    while first > 0 && ws.len() - first < 6 {
        let w = &ws[first - 1];
        let gap = text[w.range.end..boundary].trim();
        if !(gap.is_empty() || gap == "-") || super::in_set(w.text, &ROLE_STOP) {
            break;
        }
        boundary = w.range.start;
        first -= 1;
    }
    let picked = &ws[first..];
    if picked.last().is_some_and(|w| w.text == "of") {
        return None;
    }
    if !picked.iter().any(|w| is_role_noun(w.text)) {
        return None;
    }
    let start = picked.first()?.range.start;
    let end = picked.last()?.range.end;
    Some(
        text[start..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// The words of `text[from..cut]`, given `ws`, the words of `text[from..end]`
/// (`cut` at or before `end`), when no word of `ws` runs across `cut` (it
/// is a word's start, the end, or punctuation between words): the words of
/// `ws` that end by `cut`, as splitting `text[from..cut]` again gives them.
/// After a dot the split may differ ("U.S.Army" is "U", "S", "Army", but
/// "U.S." alone is one word), so there the prefix is split again.
pub(super) fn words_before<'a, 'w>(
    text: &'a str,
    ws: &'w [Word<'a>],
    from: usize,
    cut: usize,
    end: usize,
) -> Cow<'w, [Word<'a>]> {
    if cut < end && text[from..cut].ends_with('.') {
        Cow::Owned(words(text, from..cut))
    } else {
        Cow::Borrowed(&ws[..ws.partition_point(|w| w.range.end <= cut)])
    }
}

/// The word lists this file reads through `lower_in`, for its test.
#[cfg(test)]
pub(super) fn tests_lists() -> Vec<&'static [&'static str]> {
    vec![NOT_NAMES, TITLES, ROLE_NOUNS, ROLE_STOPS, SUFFIXES]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `names_nobody` reads as lowercasing into a new string, dropping the
    /// contraction and looking the rest up in `NOT_NAMES`: every word of
    /// hand-made texts, the seeds and Reuters, as written, in capitals and
    /// in lowercase.
    #[test]
    fn names_nobody_reads_as_the_whole_reading() {
        let texts = crate::engine::text::sample_texts(
            &[
                "It’s There's Don’t I’m The—Later Here’s ’s ' — THE’S IT'S THERE'LL We'Re \
                 O'Neill'S 'S ' It's' Mayn't It'sx X'D Whose's",
            ],
            300,
        );
        for text in &texts {
            for w in words(text, 0..text.len()) {
                for w in [w.text, &w.text.to_uppercase(), &w.text.to_lowercase()] {
                    assert_eq!(
                        names_nobody(w),
                        NOT_NAMES.contains(&without_contraction(w).as_str()),
                        "{w}"
                    );
                }
            }
        }
    }

    fn names(text: &str) -> Vec<(String, Option<String>)> {
        mentions(text, 0..text.len())
            .into_iter()
            .map(|m| (m.name, m.role))
            .collect()
    }

    #[test]
    fn a_line_break_inside_a_paragraph_keeps_a_name_whole() {
        let s = |x: &str| x.to_string();
        // Hard-wrapped text and a PDF's lines break anywhere, names too.
        for text in [
            "a meeting with Russian President Vladimir\nPutin soon",
            "a meeting with Russian President Vladimir\r\nPutin soon",
            "a meeting with Russian President Vladimir \nPutin soon",
        ] {
            assert_eq!(
                names(text),
                vec![(s("Vladimir Putin"), Some(s("Russian President")))],
                "{text:?}"
            );
        }
        assert_eq!(names("Then Mary T.\nCollins said")[0].0, "Mary T. Collins");
        // A blank line ends the paragraph, and the run.
        let split = names("Then Donald\n\nTrump said");
        assert!(
            split
                .iter()
                .all(|n| !n.0.contains("Trump") || n.0 == "Trump"),
            "{split:?}"
        );
    }

    /// Every particle, and no longer lowercase word, continues a name
    /// between two capitalized words (`continues_run` skips the look-up
    /// for a word longer than `LONGEST_PARTICLE`).
    #[test]
    fn every_particle_continues_a_name() {
        for p in PARTICLES {
            let text = format!("Then Maria {p} Rossi said");
            assert_eq!(
                names(&text),
                vec![(format!("Maria {p} Rossi"), None)],
                "{text}"
            );
        }
        let names = names("Then Maria dellas Rossi said");
        assert!(names.iter().all(|n| !n.0.contains("dellas")), "{names:?}");
    }

    #[test]
    fn names_and_roles() {
        let s = |x: &str| x.to_string();
        type Case<'a> = (&'a str, Vec<(String, Option<String>)>);
        let cases: Vec<Case> = vec![
            (
                "On Friday, the Kremlin spokesperson Dmitri Peskov stated it.",
                vec![
                    (s("Kremlin"), None),
                    (s("Dmitri Peskov"), Some(s("Kremlin spokesperson"))),
                ],
            ),
            (
                "a meeting with Russian President Vladimir Putin soon",
                vec![(s("Vladimir Putin"), Some(s("Russian President")))],
            ),
            (
                "As US President-elect Donald Trump prepares",
                vec![(s("Donald Trump"), Some(s("US President-elect")))],
            ),
            (
                "The head of Russian diplomacy, Sergei Lavrov, said",
                vec![
                    (s("Russian"), None),
                    (s("Sergei Lavrov"), Some(s("head of Russian diplomacy"))),
                ],
            ),
            ("Trump’s assertion that", vec![(s("Trump"), None)]),
            ("However, Peskov also mentioned", vec![(s("Peskov"), None)]),
            (
                "Foreign Minister Sergei Lavrov",
                vec![(s("Sergei Lavrov"), Some(s("Foreign Minister")))],
            ),
            (
                "Sen. Mary T. Collins (D-Ohio) said",
                vec![(s("Mary T. Collins"), Some(s("Sen.")))],
            ),
            (
                "Laura Van Dyke met Charles de Gaulle and Omar Al-Amin",
                vec![
                    (s("Laura Van Dyke"), None),
                    (s("Charles de Gaulle"), None),
                    (s("Omar Al-Amin"), None),
                ],
            ),
            (
                "J. Gerald Hebert and Robert Downey Jr. spoke",
                vec![(s("J. Gerald Hebert"), None), (s("Robert Downey"), None)],
            ),
            ("Beto O’Rourke said", vec![(s("Beto O’Rourke"), None)]),
            // A headline's run ends where the name does; an initial, a month
            // and a surname that is a word too stay in the name.
            (
                "Jane Porter On How The Law Makes Voters Feel",
                vec![(s("Jane Porter"), None)],
            ),
            (
                "Jane Porter Questioned What It Means",
                vec![(s("Jane Porter"), None)],
            ),
            (
                "James A. Lewis met Theresa May",
                vec![(s("James A. Lewis"), None), (s("Theresa May"), None)],
            ),
            ("Then Al From spoke", vec![(s("Al From"), None)]),
            (
                "As The Daily Caller reported",
                vec![(s("Daily Caller"), None)],
            ),
            // A contraction opening the sentence is the word it is.
            ("It’s clear. There’s time. I’m sure.", vec![]),
        ];
        for (text, want) in cases {
            assert_eq!(names(text), want, "{text:?}");
        }
    }

    /// `words_before` gives what splitting the prefix again gives, for a
    /// cut at any place no word runs across: hand-made texts with acronyms
    /// run into words, apostrophes, hyphens and non-ASCII letters, and the
    /// seed articles.
    #[test]
    fn the_words_before_a_cut_are_the_prefix_split_again() {
        let texts = crate::engine::text::sample_texts(
            &[
                "U.S.Army said. The U.S., Army. e.g.Smith and i.e. Jones",
                "Trump’s aide O’Rourke's rock'n'roll 1980'2 pro-Trump (D-Ohio) said",
                "In Zürich, the ÉTAT's İstanbul office; Ms. Ångström said: “yes”",
                "A.B.C.D. x.y.z A. B. Collins, U.S.-Russian N.Z.1 end.",
            ],
            0,
        );
        for text in &texts {
            let ws = words(text, 0..text.len());
            for cut in (0..=text.len()).filter(|&c| text.is_char_boundary(c)) {
                if ws.iter().any(|w| w.range.start < cut && cut < w.range.end) {
                    continue;
                }
                assert_eq!(
                    words_before(text, &ws, 0, cut, text.len()).as_ref(),
                    words(text, 0..cut).as_slice(),
                    "{:?}",
                    &text[..cut]
                );
            }
        }
    }
}
