//! Quotations, the names of people and organisations, and who says what.

pub mod attribution;
pub mod compare;
pub mod cues;
pub mod discourse;
pub mod find;
pub mod names;

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

/// The version of how sources' speakers are read: an index built by
/// another stores other speakers, and is rebuilt (see the manifest's
/// engine id). Bump it with any change to what `analyze` gives a source.
pub const ATTRIBUTION: u32 = 15;

use serde::{Deserialize, Serialize};

use self::attribution::Said;
use self::find::Quotation;
use self::names::NameMention;
use crate::engine::document::{Document, SentenceWords};
use crate::engine::findings::EntityKind;
use crate::engine::text::words::Word;

/// A person, organisation or place a document names, with its fullest name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedEntity {
    pub name: String,
    pub kind: EntityKind,
    pub role: Option<String>,
    /// Every form the document uses ("Dmitri Peskov", "Peskov").
    pub forms: Vec<String>,
    pub mentions: u32,
}

/// What a document says of who says what.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub quotes: Vec<Quotation>,
    /// Reported words; speakers carry the document's fullest form of their name.
    pub said: Vec<Said>,
    /// Every name mention, with the fullest form of its name in `name`.
    pub names: Vec<NameMention>,
    pub entities: Vec<NamedEntity>,
}

/// Words in a name that make it an organisation.
const ORG_WORDS: &[&str] = &[
    "kremlin",
    "house",
    "ministry",
    "department",
    "agency",
    "bank",
    "corp",
    "corporation",
    "inc",
    "holdings",
    "industries",
    "partners",
    "systems",
    "international",
    "resources",
    "capital",
    "securities",
    "trust",
    "airlines",
    "motors",
    "petroleum",
    "energy",
    "electric",
    "financial",
    "communications",
    "technologies",
    "brothers",
    "associates",
    "foundation",
    "enterprises",
    "laboratories",
    "bancorp",
    "ag",
    "sa",
    "nv",
    "gmbh",
    "co",
    "ltd",
    "plc",
    "llc",
    "group",
    "party",
    "council",
    "union",
    "committee",
    "commission",
    "parliament",
    "congress",
    "senate",
    "court",
    "fund",
    "reserve",
    "post",
    "times",
    "news",
    "journal",
    "bloomberg",
    "reuters",
    "nato",
    "institute",
    "university",
    "association",
    "company",
    "organization",
    "organisation",
    "office",
    "administration",
    "pentagon",
    "army",
    "navy",
    "government",
    "cabinet",
    "duma",
    "board",
    "exchange",
    "network",
    "press",
    "service",
    "forces",
    "authority",
    "federation",
    "coalition",
    "assembly",
    "campaign",
    "institution",
];

/// Words before a name that make it a place ("in Helsinki").
const PLACE_CUES: &[&str] = &[
    "in", "to", "from", "across", "into", "near", "towards", "toward",
];

pub fn analyze(doc: &Document) -> Analysis {
    analyze_words(doc, &doc.words())
}

/// [`analyze`], reading the words `doc.words()` gave (the index splits each
/// sentence once, for this and for its terms).
pub fn analyze_words(doc: &Document, all_words: &SentenceWords) -> Analysis {
    let text = &doc.prose.text;
    let quotes = find::quotations(text, &doc.prose.blocks);
    // Each sentence split into words once: names, cues and the discourse
    // all read the same words.
    let (prose, per_sentence_words): (Vec<&crate::engine::document::Sentence>, Vec<&[Word]>) = doc
        .sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.headline)
        .map(|(i, s)| (s, all_words.of(i)))
        .unzip();
    let per_sentence: Vec<Vec<NameMention>> = prose
        .iter()
        .zip(&per_sentence_words)
        .map(|(s, ws)| names::mentions_in(text, s.range.clone(), ws))
        .collect();
    let sentences: Vec<attribution::Sentence> = prose
        .iter()
        .zip(&per_sentence)
        .zip(&per_sentence_words)
        .map(|((s, m), ws)| attribution::Sentence {
            range: s.range.clone(),
            block: s.block,
            mentions: m,
            words: ws,
        })
        .collect();
    let (mut said, discourse) = attribution::in_document(text, &sentences, &quotes);
    // The fullest form of each shorter form the document uses, when only
    // one full name has it ("Peskov" → "Dmitri Peskov", "Van Dyke" →
    // "Laura Van Dyke"): the discourse's.
    for s in &mut said {
        for sp in s.speaker.iter_mut().chain(s.also.iter_mut()) {
            if let Some(full) = discourse.fullest(&sp.name) {
                sp.name = full.to_string();
            }
        }
    }
    // Kinds: titles and roles make people, and so does speaking; org words
    // make organisations; a name after "in" or "from" is a place.
    let speakers: FxHashSet<&str> = said
        .iter()
        .filter_map(|s| s.speaker.as_ref())
        .map(|s| s.name.as_str())
        .collect();
    // Each name's entity, its place votes (after "in", of all) and what its
    // name alone says of its kind, found by index; entities are sorted below
    // by mentions, then name, so the order they were met in does not show.
    let mut index: FxHashMap<&str, usize> = FxHashMap::default();
    let mut found: Vec<(NamedEntity, (u32, u32), Option<EntityKind>)> = Vec::new();
    // Each mention's fullest name, when it is not the mention's own.
    let mut renamed: Vec<Option<String>> = Vec::new();
    for n in per_sentence.iter().flatten() {
        let full = discourse.fullest(&n.name);
        renamed.push(full.map(str::to_string));
        let name = full.unwrap_or(&n.name);
        let form = n.name.as_str();
        let before = text[..n.range.start].trim_end();
        let cue = last_piece(before, |c| !c.is_alphanumeric());
        let at = match index.get(name) {
            Some(&at) => at,
            None => {
                index.insert(name, found.len());
                let by_name = if discourse.is_org(name) {
                    Some(EntityKind::Organization)
                } else if speakers.contains(name) || looks_like_full_name(name) {
                    Some(EntityKind::Person)
                } else {
                    None
                };
                // A place until a kind is known (below).
                let entity = NamedEntity {
                    name: name.to_string(),
                    kind: EntityKind::Place,
                    role: None,
                    forms: Vec::new(),
                    mentions: 0,
                };
                found.push((entity, (0, 0), by_name));
                found.len() - 1
            }
        };
        let (e, votes, by_name) = &mut found[at];
        // An organisation by its name stays one; else a title or a role
        // makes this mention a person's.
        let kind = match *by_name {
            Some(EntityKind::Organization) => Some(EntityKind::Organization),
            _ if n.person => Some(EntityKind::Person),
            k => k,
        };
        votes.1 += 1;
        if lower_in(cue, PLACE_CUES) {
            votes.0 += 1;
        }
        if let Some(k) = kind
            && (e.kind == EntityKind::Place || k == EntityKind::Person)
        {
            e.kind = k;
        }
        if e.role.is_none() {
            e.role = n.role.clone();
        }
        if !e.forms.iter().any(|f| f == form) {
            e.forms.push(form.to_string());
        }
        e.mentions += 1;
    }
    drop(discourse);
    let names: Vec<NameMention> = per_sentence
        .into_iter()
        .flatten()
        .zip(renamed)
        .map(|(mut n, full)| {
            if let Some(full) = full {
                n.name = full;
            }
            n
        })
        .collect();
    // A name that is neither person nor organisation is kept as a place
    // only when the text puts it after "in", "from" and the like.
    let mut entities: Vec<NamedEntity> = found
        .into_iter()
        .filter(|(e, v, _)| {
            e.kind != EntityKind::Place
                || (!e.name.contains(' ') || e.mentions > 1) && v.0 * 2 >= v.1 && v.0 > 0
        })
        .map(|(e, _, _)| e)
        .filter(|e| {
            e.kind != EntityKind::Person
                || speakers.contains(e.name.as_str())
                || e.role.is_some()
                || e.name.contains(' ')
        })
        .collect();
    entities.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then_with(|| a.name.cmp(&b.name))
    });
    Analysis {
        quotes,
        said,
        names,
        entities,
    }
}

/// Whether `word` lowercased is one of `list` (lowercase words), without
/// lowercasing into a new string when the word is ASCII.
pub(crate) fn lower_in(word: &str, list: &[&str]) -> bool {
    if word.is_ascii() {
        list.iter().any(|x| {
            x.len() == word.len()
                && x.bytes()
                    .zip(word.bytes())
                    .all(|(a, b)| a == b.to_ascii_lowercase())
        })
    } else {
        list.contains(&word.to_lowercase().as_str())
    }
}

/// The lengths, first and last letters of a list's words: a quick "no"
/// for a word that no word of the list is, lowercased, before hashing it.
pub(crate) struct Shapes {
    /// By length, then first letter: the last letters.
    last: [[u32; 26]; 33],
}

impl Shapes {
    pub(crate) fn of<'a>(words: impl IntoIterator<Item = &'a str>) -> Shapes {
        let mut last = [[0u32; 26]; 33];
        for w in words {
            let b = w.as_bytes();
            // A word of another shape is matched only by words the test
            // below lets through (non-ASCII, long, or not ending in letters).
            if let (Some(f), Some(l)) = (b.first(), b.last())
                && w.is_ascii()
                && b.len() < last.len()
                && f.is_ascii_alphabetic()
                && l.is_ascii_alphabetic()
            {
                last[b.len()][usize::from(f.to_ascii_lowercase() - b'a')] |=
                    1 << (l.to_ascii_lowercase() - b'a');
            }
        }
        Shapes { last }
    }

    /// False only when no word of the list is `word` lowercased.
    pub(crate) fn may_hold(&self, word: &str) -> bool {
        !word.is_ascii() || self.may_hold_ascii(word.as_bytes())
    }

    /// `may_hold` of an ASCII word.
    #[inline]
    pub(crate) fn may_hold_ascii(&self, b: &[u8]) -> bool {
        match (b.first(), b.last()) {
            (Some(f), Some(l))
                if b.len() < self.last.len()
                    && f.is_ascii_alphabetic()
                    && l.is_ascii_alphabetic() =>
            {
                self.last[b.len()][usize::from(f.to_ascii_lowercase() - b'a')]
                    & (1 << (l.to_ascii_lowercase() - b'a'))
                    != 0
            }
            _ => true,
        }
    }
}

/// A hash of `word` lowercased (ASCII) from its length and its first two
/// and last two bytes, not from every byte: the slot it picks is then
/// confirmed by comparing the whole word. `| 0x20` lowercases a letter
/// and maps every other byte as it maps the same byte of the key. `word`
/// is not empty.
#[inline]
pub(crate) fn caseless_hash(word: &[u8]) -> u64 {
    let n = word.len();
    let at = |i: usize| u64::from(word[i] | 0x20);
    let ends =
        at(0) | (at(1.min(n - 1)) << 8) | (at(n.saturating_sub(2)) << 16) | (at(n - 1) << 24);
    (ends | ((n as u64) << 32)).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// Lowercase words in an open-addressed table (`caseless_hash`) whose keys
/// are compared ignoring ASCII case: a word is looked up as written, with
/// no lowercased copy of it.
struct CaselessSet {
    /// Lowercase keys; an empty key is an empty slot.
    slots: Box<[&'static [u8]]>,
    /// 64 minus the table's bits: the hash's top bits pick the slot.
    shift: u32,
}

impl CaselessSet {
    fn of(list: &'static [&'static str]) -> CaselessSet {
        // At most a quarter full: probes stay short.
        let bits = (list.len() * 4).next_power_of_two().trailing_zeros();
        let mut slots = vec![&b""[..]; 1 << bits].into_boxed_slice();
        let shift = 64 - bits;
        for k in list {
            // Compared ignoring ASCII case, a key must be lowercase to equal
            // only the words whose lowercasing it is.
            assert!(
                !k.is_empty() && !k.bytes().any(|b| b.is_ascii_uppercase()),
                "{k}"
            );
            let mut i = (caseless_hash(k.as_bytes()) >> shift) as usize;
            while !slots[i].is_empty() && slots[i] != k.as_bytes() {
                i = (i + 1) & (slots.len() - 1);
            }
            slots[i] = k.as_bytes();
        }
        CaselessSet { slots, shift }
    }

    /// The key that `word` is, ignoring ASCII case.
    #[inline]
    fn find(&self, word: &[u8]) -> Option<&'static [u8]> {
        if word.is_empty() {
            return None;
        }
        let mut i = (caseless_hash(word) >> self.shift) as usize;
        loop {
            let key = self.slots[i];
            if key.is_empty() {
                return None;
            }
            if key.eq_ignore_ascii_case(word) {
                return Some(key);
            }
            i = (i + 1) & (self.slots.len() - 1);
        }
    }
}

/// A fixed list of lowercase words, in a table read ignoring ASCII case,
/// with their shapes: for lists read for many words (`ORG_WORDS`,
/// `names::NOT_NAMES`).
pub(crate) struct Lexicon {
    table: CaselessSet,
    shapes: Shapes,
}

impl Lexicon {
    pub(crate) fn of(list: &'static [&'static str]) -> Lexicon {
        Lexicon {
            table: CaselessSet::of(list),
            shapes: Shapes::of(list.iter().copied()),
        }
    }

    /// Whether `word`, as it is, is in the list.
    pub(crate) fn contains(&self, word: &str) -> bool {
        self.table
            .find(word.as_bytes())
            .is_some_and(|k| k == word.as_bytes())
    }

    /// Whether `word` lowercased (`str::to_lowercase`) is in the list: an
    /// ASCII word is looked up as written, ignoring case.
    pub(crate) fn holds(&self, word: &str) -> bool {
        if word.is_ascii() {
            self.holds_ascii(word.as_bytes())
        } else {
            with_lowercase(word, |l| self.contains(l))
        }
    }

    /// Whether the ASCII `word` lowercased is in the list.
    #[inline]
    pub(crate) fn holds_ascii(&self, word: &[u8]) -> bool {
        self.shapes.may_hold_ascii(word) && self.table.find(word).is_some()
    }
}

pub(crate) type WordSet = LazyLock<Lexicon>;

/// Whether `word` lowercased is in `set` (as `lower_in`).
pub(crate) fn in_set(word: &str, set: &WordSet) -> bool {
    set.holds(word)
}

/// `f` of `word` lowercased (`str::to_lowercase`), lowercased on the stack
/// when the word is short ASCII, as most words are.
pub(crate) fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    if !word
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        return f(word);
    }
    if word.is_ascii() {
        with_ascii_lowercase(word, f)
    } else {
        f(&word.to_lowercase())
    }
}

/// `f` of `word` with its ASCII letters lowercased
/// (`str::to_ascii_lowercase`), on the stack when the word is short.
pub(crate) fn with_ascii_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    match buf.get_mut(..word.len()) {
        Some(b) => {
            b.copy_from_slice(word.as_bytes());
            b.make_ascii_lowercase();
            f(std::str::from_utf8(b).expect("ASCII lowercasing keeps UTF-8"))
        }
        None => f(&word.to_ascii_lowercase()),
    }
}

/// `s.rsplit(pred).next()`: the piece of `s` after the last character
/// `pred` holds for (all of `s` when none does), read by bytes while they
/// are ASCII.
pub(crate) fn last_piece(s: &str, pred: impl Fn(char) -> bool) -> &str {
    let b = s.as_bytes();
    let mut i = b.len();
    while i > 0 {
        let c = b[i - 1];
        if !c.is_ascii() {
            // A character of several bytes ends here: by characters from it.
            return match s[..i].char_indices().rev().find(|&(_, ch)| pred(ch)) {
                Some((p, ch)) => &s[p + ch.len_utf8()..],
                None => s,
            };
        }
        if pred(char::from(c)) {
            return &s[i..];
        }
        i -= 1;
    }
    s
}

/// The last word of a name.
pub fn surname(name: &str) -> &str {
    name.rsplit(' ').next().unwrap_or(name)
}

/// Two or three capitalized words, none an organisation's: "Volodymyr
/// Zelenskyy" with no title is most likely a person.
fn looks_like_full_name(name: &str) -> bool {
    // The words counted up to four, not collected.
    (2..=3).contains(&name.split(' ').take(4).count())
        && name.split(' ').all(|w| {
            let mut c = w.chars();
            c.next().is_some_and(char::is_uppercase)
                && c.clone().count() >= 1
                && c.all(|x| x.is_lowercase() || x == '-' || x == '\'')
        })
}

pub fn is_org(name: &str) -> bool {
    let all_caps = name.len() >= 2
        && name.chars().all(|c| c.is_ascii_uppercase() || c == '.')
        && name.chars().filter(char::is_ascii_uppercase).count() >= 2;
    static ORG: WordSet = LazyLock::new(|| Lexicon::of(ORG_WORDS));
    all_caps || name.split(' ').any(|w| in_set(w, &ORG))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::text::Format;

    #[test]
    fn a_document_resolves_surnames_and_pronouns_to_full_names() {
        let text = "Title\n\nKremlin spokesperson Dmitri Peskov spoke on Friday. Peskov said “talks must wait”. He added that “there is no rush”.\n\nThe talks may happen in Helsinki. Leaders met in Helsinki before.\n\nAccording to Bloomberg, “the Kremlin will insist”.\n";
        let doc = Document::analyze(text.into(), Format::Plain);
        let a = analyze(&doc);
        let said: Vec<(&str, Option<&str>)> = a
            .said
            .iter()
            .filter(|s| s.quoted)
            .map(|s| {
                (
                    &text[s.range.clone()],
                    s.speaker.as_ref().map(|s| s.name.as_str()),
                )
            })
            .collect();
        assert_eq!(
            said,
            vec![
                ("talks must wait", Some("Dmitri Peskov")),
                ("there is no rush", Some("Dmitri Peskov")),
                ("the Kremlin will insist", Some("Bloomberg")),
            ]
        );
        let kinds: Vec<(&str, EntityKind, Option<&str>)> = a
            .entities
            .iter()
            .map(|e| (e.name.as_str(), e.kind, e.role.as_deref()))
            .collect();
        assert!(
            kinds.contains(&(
                "Dmitri Peskov",
                EntityKind::Person,
                Some("Kremlin spokesperson")
            )),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&("Helsinki", EntityKind::Place, None)),
            "{kinds:?}"
        );
        assert!(
            kinds
                .iter()
                .any(|k| k.0 == "Kremlin" && k.1 == EntityKind::Organization),
            "{kinds:?}"
        );
        let peskov = a
            .entities
            .iter()
            .find(|e| e.name == "Dmitri Peskov")
            .unwrap();
        assert_eq!(peskov.forms, vec!["Dmitri Peskov", "Peskov"]);
    }

    /// `last_piece` is `rsplit(pred).next()` for the predicates it is given,
    /// on every prefix of hand-made texts and the seeds.
    #[test]
    fn last_piece_reads_as_rsplit() {
        let texts = crate::engine::text::sample_texts(
            &[
                "in Helsinki, Mr. Peskov",
                "é\u{a0}Zürich—from  Paris",
                "",
                " ",
                "ab",
                "said\u{2009}",
                "U.S. officials’",
            ],
            0,
        );
        let preds: [fn(char) -> bool; 3] = [
            |c| !c.is_alphanumeric(),
            |c| !c.is_alphanumeric() && c != '.',
            char::is_whitespace,
        ];
        for text in &texts {
            for (end, _) in text.char_indices().chain([(text.len(), ' ')]).take(3_000) {
                let s = &text[..end];
                for pred in preds {
                    assert_eq!(
                        last_piece(s, pred),
                        s.rsplit(pred).next().unwrap_or(""),
                        "{s:?}"
                    );
                }
            }
        }
    }

    /// A `Lexicon` answers as the plain list does, lowercasing into a new
    /// string (`holds`) or not (`contains`): every word of hand-made texts,
    /// the seeds and Reuters, as written, in capitals and in lowercase.
    #[test]
    fn lexicons_read_as_their_lists_on_real_text() {
        use super::attribution::tests_lists;
        let mut lists: Vec<&'static [&'static str]> = vec![ORG_WORDS, PLACE_CUES];
        lists.extend(names::tests_lists());
        lists.extend(tests_lists());
        let texts = crate::engine::text::sample_texts(
            &[
                "ÉTAT İstanbul \u{212A}remlin KREMLIN Co CO O’Brien x Σ ΣΑΣ \
               Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            ],
            300,
        );
        let mut words: Vec<String> = Vec::new();
        for text in &texts {
            for w in crate::engine::text::words::words(text, 0..text.len()) {
                words.extend([
                    w.text.to_string(),
                    w.text.to_uppercase(),
                    w.text.to_lowercase(),
                ]);
            }
        }
        words.sort_unstable();
        words.dedup();
        for list in lists {
            let lexicon = Lexicon::of(list);
            for w in words.iter().map(String::as_str).chain(list.iter().copied()) {
                assert_eq!(
                    lexicon.holds(w),
                    list.contains(&w.to_lowercase().as_str()),
                    "{w}"
                );
                assert_eq!(lexicon.contains(w), list.contains(&w), "{w}");
            }
        }
    }

    /// The word lists read through `lower_in` or `in_set` are lowercase
    /// ASCII, and both answer as lowercasing into a new string does, for any
    /// word.
    #[test]
    fn lowercase_lookups_read_as_lowercasing() {
        use super::attribution::tests_lists;
        let mut lists: Vec<&[&str]> = vec![ORG_WORDS, PLACE_CUES];
        lists.extend(names::tests_lists());
        lists.extend(tests_lists());
        let words = [
            "Said",
            "SAID",
            "said",
            "ÉTAT",
            "İstanbul",
            "\u{212A}remlin",
            "Kremlin",
            "KREMLIN",
            "The",
            "the",
            "Co",
            "CO",
            "O’Brien",
            "x",
            "",
            "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "Σ",
            "ΣΑΣ",
        ];
        for list in lists {
            for x in list {
                assert!(
                    x.bytes()
                        .all(|b| b.is_ascii_lowercase() || !b.is_ascii_alphabetic())
                        && x.is_ascii(),
                    "{x}"
                );
            }
            for w in words.iter().copied().chain(list.iter().map(|x| &x[..])) {
                let upper = w.to_uppercase();
                for w in [w, upper.as_str()] {
                    assert_eq!(
                        lower_in(w, list),
                        list.contains(&w.to_lowercase().as_str()),
                        "{w}"
                    );
                    assert_eq!(with_lowercase(w, |l| l.to_string()), w.to_lowercase());
                    assert!(
                        Shapes::of(list.iter().copied()).may_hold(w) || !lower_in(w, list),
                        "{w}"
                    );
                    let hashed: FxHashSet<&str> = list.iter().copied().collect();
                    assert_eq!(
                        with_lowercase(w, |l| hashed.contains(l)),
                        lower_in(w, list),
                        "{w}"
                    );
                }
            }
        }
    }
}
