//! Words and the normalised terms used to compare the wording of two sentences.
//!
//! A term is a word lowercased, its possessive dropped, mapped through a small
//! table of equivalent names (U.S. = United States = US; Russian = Russia) and
//! stemmed. Stop words and numbers have no term: numbers are figures, handled
//! by the figure grammar.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

use rust_stemmers::{Algorithm, Stemmer};

/// A word of the text and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    pub range: Range<usize>,
    pub text: &'a str,
}

impl Word<'_> {
    pub fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    pub fn is_numeric(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_ascii_digit())
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// The words of `text[range]`: runs of letters and digits, with inner
/// apostrophes ("don't") and dotted acronyms ("U.S.") kept whole. Hyphens split.
pub fn words(text: &str, range: Range<usize>) -> Vec<Word<'_>> {
    // About one word in six bytes of prose: one allocation, not a regrowth
    // every few words.
    let mut out = Vec::with_capacity(range.len() / 6 + 1);
    words_into(text, range, &mut out);
    out
}

/// The words of `text[range]`, as [`words`] splits them, appended to `out`
/// (a document's sentences split into one vector: see
/// `document::SentenceWords`).
pub fn words_into<'a>(text: &'a str, range: Range<usize>, out: &mut Vec<Word<'a>>) {
    let s = &text[range.clone()];
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII, most of any newswire, is tested by byte; other characters
        // are decoded.
        let b = bytes[i];
        if b.is_ascii() {
            if !ALNUM[usize::from(b)] {
                i += 1;
                continue;
            }
        } else {
            let (c, len) = char_at(s, i);
            if !c.is_alphanumeric() {
                i += len;
                continue;
            }
        }
        // Dotted acronym: letter, dot, letter, dot ...
        let acronym_len = if bytes.get(i + 1) == Some(&b'.') {
            dotted_acronym_len(&bytes[i..])
        } else {
            0
        };
        let end = if acronym_len > 0 {
            i + acronym_len
        } else {
            word_end(s, i)
        };
        out.push(Word {
            range: range.start + i..range.start + end,
            text: &s[i..end],
        });
        i = end;
    }
}

/// The character at byte `i` of `s` (a character boundary) and its length,
/// without decoding when it is ASCII.
#[inline]
pub(crate) fn char_at(s: &str, i: usize) -> (char, usize) {
    let b = s.as_bytes()[i];
    if b.is_ascii() {
        (char::from(b), 1)
    } else {
        let c = s[i..].chars().next().expect("a character boundary");
        (c, c.len_utf8())
    }
}

/// Whether `b` is an ASCII letter or digit, by a table: one load where
/// `u8::is_ascii_alphanumeric` tests three ranges, on every byte of every
/// word (the word split here and the figure lexer's words).
#[inline(always)]
pub(crate) fn is_ascii_alnum(b: u8) -> bool {
    ALNUM[usize::from(b)]
}

static ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// End of the plain word starting at `i`: alphanumerics with inner apostrophes.
fn word_end(s: &str, i: usize) -> usize {
    let bytes = s.as_bytes();
    let mut j = i;
    loop {
        // ASCII letters and digits go on, other ASCII but an apostrophe
        // ends the word, without decoding.
        while j < bytes.len() && ALNUM[usize::from(bytes[j])] {
            j += 1;
        }
        let Some(&b) = bytes.get(j) else {
            return j;
        };
        if b.is_ascii() && b != b'\'' {
            return j;
        }
        // Every character taken is a letter or digit, or an apostrophe
        // with a letter after it (taken next): the word ends where the
        // first character not taken starts.
        let (d, len) = char_at(s, j);
        let apostrophe_in_word =
            is_apostrophe(d) && j + len < s.len() && char_at(s, j + len).0.is_alphabetic();
        if !(d.is_alphanumeric() || apostrophe_in_word) {
            return j;
        }
        j += len;
    }
}

/// Length of a dotted acronym ("U.S.", "N.Z.", "e.g.") at the start of `b`, or 0.
pub(crate) fn dotted_acronym_len(b: &[u8]) -> usize {
    let mut n = 0;
    let mut pairs = 0;
    while n + 1 < b.len() && b[n].is_ascii_alphabetic() && b[n + 1] == b'.' {
        n += 2;
        pairs += 1;
    }
    if pairs >= 2 && !(n < b.len() && b[n].is_ascii_alphanumeric()) {
        n
    } else {
        0
    }
}

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "might",
    "more",
    "most",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "said",
    "says",
    "say",
    "told",
    "according",
    "may",
    "also",
    "per",
    "via",
    "whether",
    "yet",
    "since",
    "within",
    "among",
    "amid",
];

/// Names written more than one way in the news, and demonyms, mapped to one term.
const EQUIVALENT_NAMES: &[(&str, &str)] = &[
    ("u.s.", "usa"),
    ("u.s", "usa"),
    ("usa", "usa"),
    ("america", "usa"),
    ("american", "usa"),
    ("americans", "usa"),
    ("u.k.", "uk"),
    ("britain", "uk"),
    ("british", "uk"),
    ("e.u.", "eu"),
    ("u.n.", "un"),
    ("russian", "russia"),
    ("russians", "russia"),
    ("ukrainian", "ukraine"),
    ("ukrainians", "ukraine"),
    ("chinese", "china"),
    ("japanese", "japan"),
    ("german", "germany"),
    ("germans", "germany"),
    ("french", "france"),
    ("european", "europe"),
    ("europeans", "europe"),
    ("israeli", "israel"),
    ("israelis", "israel"),
    ("iranian", "iran"),
    ("iranians", "iran"),
    ("indian", "india"),
    ("canadian", "canada"),
    ("australian", "australia"),
    ("brazilian", "brazil"),
    ("mexican", "mexico"),
    ("italian", "italy"),
    ("spanish", "spain"),
    ("turkish", "turkey"),
    ("polish", "poland"),
    ("saudi", "saudi"),
    ("kiev", "kyiv"),
    ("soviet", "ussr"),
];

/// Two-word names that stand for one term.
const EQUIVALENT_PAIRS: &[(&str, &str, &str)] = &[
    ("united", "states", "usa"),
    ("united", "kingdom", "uk"),
    ("european", "union", "eu"),
    ("united", "nations", "un"),
    ("great", "britain", "uk"),
];

// Hashed with FxHash, not SipHash: the keys are the tables' own words.
static STOPS: LazyLock<rustc_hash::FxHashSet<&'static str>> =
    LazyLock::new(|| STOP_WORDS.iter().copied().collect());
static NAMES: LazyLock<rustc_hash::FxHashMap<&'static str, &'static str>> =
    LazyLock::new(|| EQUIVALENT_NAMES.iter().copied().collect());

/// Lowercases a word and folds typographic apostrophes; drops a possessive 's.
/// One string is made, and cut in place: an ASCII word (most of them) is
/// lowercased byte by byte and holds no typographic apostrophe.
pub fn fold(word: &str) -> String {
    let mut lower = if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        let lower = word.to_lowercase();
        if lower.contains('’') {
            lower.replace('’', "'")
        } else {
            lower
        }
    };
    let kept = match lower.strip_suffix("'s") {
        Some(stem) if !stem.is_empty() => stem.len(),
        _ => lower.trim_end_matches('\'').len(),
    };
    lower.truncate(kept);
    lower
}

/// The term of one word, or None for stop words and numbers. Memoized per
/// thread (see `TermCache`): a corpus repeats its words, and stemming is
/// the costly part.
pub fn term(word: &str) -> Option<Arc<str>> {
    with_cache(|cache| match cache {
        Some(cache) => cache.term(word).map(Arc::from),
        None => compute_term(word).map(Arc::from),
    })
}

thread_local! {
    static CACHE: RefCell<TermCache> = const { RefCell::new(TermCache::new()) };
}

/// Runs `f` with this thread's term cache, or with None when the thread is
/// already inside it (a closure given to `each_term` that asks `term`).
fn with_cache<R>(f: impl FnOnce(Option<&mut TermCache>) -> R) -> R {
    CACHE.with(|c| match c.try_borrow_mut() {
        Ok(mut cache) => f(Some(&mut cache)),
        Err(_) => f(None),
    })
}

/// Words (and terms) of at most this many bytes are kept inline in the
/// cache; nine newswire words in ten thousand are longer.
const INLINE: usize = 15;
/// Sets in a thread's cache: 2^10 at first (64 KB), four times more each
/// time it has stored as many words as it has sets, up to 2^16 sets of two
/// entries (4 MB). A check looks up a few thousand distinct words; a cold
/// build of 152,000 stories about 60,000 per thread.
const MIN_BITS: u32 = 10;
const MAX_BITS: u32 = 16;
/// Long words kept at most, then forgotten all at once.
const LONG_LIMIT: usize = 50_000;
/// The term length that stands for "no term".
const NO_TERM: u8 = u8::MAX;

/// A short word and its term side by side: the word's [`key_of`], then
/// the term's length and bytes, zero-padded. An empty entry's key (zero)
/// is no word's.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
#[repr(C, align(32))]
struct Entry {
    key: u128,
    term: [u8; INLINE + 1],
}

impl Entry {
    fn term(&self) -> Option<&str> {
        let len = self.term[0];
        if len == NO_TERM {
            return None;
        }
        let bytes = &self.term[1..=usize::from(len)];
        // SAFETY: an entry's term is only ever written by `inline` (or is
        // NO_TERM, returned above), which copies the whole bytes of a
        // `str`: they are UTF-8. Checking them again was 1% of a cold
        // build (every cache hit).
        Some(unsafe { std::str::from_utf8_unchecked(bytes) })
    }
}

/// Two entries in one cache line, the one used last first.
#[derive(Clone, Copy, Default)]
#[repr(C, align(64))]
struct Set([Entry; 2]);

/// The per-thread memo of `term`: a set-associative cache keyed by the
/// word's bytes, each set one cache line holding two words and their
/// terms inline. A look-up reads one line: no key behind a pointer, no
/// shared string's count to touch (the map it replaces, String keys and
/// Arc values, was 8% of a cold build at 152,000 stories, most of it
/// waiting for memory). Words too long to sit inline are kept in a map.
struct TermCache {
    /// 2^`bits` sets, or none before the first look-up.
    sets: Vec<Set>,
    bits: u32,
    /// Words stored since the sets were made (not those moved in).
    stored: usize,
    long: rustc_hash::FxHashMap<Box<str>, Option<Box<str>>>,
    /// Terms computed (look-ups the cache could not answer).
    computed: u64,
    /// The keys of the words last prefetched, in order.
    keys: Vec<Option<u128>>,
}

/// `s` as an inline key or term: its length, then its bytes, zero-padded.
fn inline(s: &str) -> Option<[u8; INLINE + 1]> {
    let mut out = [0u8; INLINE + 1];
    if s.len() > INLINE {
        return None;
    }
    out[0] = s.len() as u8;
    out[1..=s.len()].copy_from_slice(s.as_bytes());
    Some(out)
}

/// Starts loading `x`'s cache line; a hint, where the target has one.
#[inline]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: a prefetch only hints at an address (here a live
        // reference); it reads nothing into the program and cannot fault.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(x).cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// A word's key in the cache: `inline(word)` read as a little-endian
/// number (its length in the low byte, then its bytes, zero-padded), or
/// None when the word is too long to sit inline. Built from at most two
/// overlapping loads of the word, not copied byte by byte: the bytes two
/// loads both read are the same bytes at the same place.
fn key_of(word: &[u8]) -> Option<u128> {
    let n = word.len();
    let bytes = match n {
        0 => 0,
        1..=3 => {
            u128::from(word[0])
                | u128::from(word[n / 2]) << (8 * (n / 2))
                | u128::from(word[n - 1]) << (8 * (n - 1))
        }
        4..=7 => {
            let head = u32::from_le_bytes(word[..4].try_into().expect("4 bytes"));
            let tail = u32::from_le_bytes(word[n - 4..].try_into().expect("4 bytes"));
            u128::from(head) | u128::from(tail) << (8 * (n - 4))
        }
        8..=INLINE => {
            let head = u64::from_le_bytes(word[..8].try_into().expect("8 bytes"));
            let tail = u64::from_le_bytes(word[n - 8..].try_into().expect("8 bytes"));
            u128::from(head) | u128::from(tail) << (8 * (n - 8))
        }
        _ => return None,
    };
    Some(bytes << 8 | n as u128)
}

/// The set of 2^`bits` a key falls in: its two halves mixed, the high
/// bits taken.
fn set_of(key: u128, bits: u32) -> usize {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let h = ((key as u64).wrapping_mul(K) ^ (key >> 64) as u64).wrapping_mul(K);
    (h >> (64 - bits)) as usize
}

impl TermCache {
    const fn new() -> Self {
        TermCache {
            sets: Vec::new(),
            bits: 0,
            stored: 0,
            long: rustc_hash::FxHashMap::with_hasher(rustc_hash::FxBuildHasher),
            computed: 0,
            keys: Vec::new(),
        }
    }

    /// `compute_term(word)`, remembered.
    fn term(&mut self, word: &str) -> Option<&str> {
        self.term_keyed(word, key_of(word.as_bytes()))
    }

    /// `term(word)`, given the word's `key_of` (as `prefetch` left it).
    fn term_keyed(&mut self, word: &str, key: Option<u128>) -> Option<&str> {
        // Numbers have no term, and need no memo: they are a good part of
        // a newswire's distinct words (every figure differs).
        if word.is_empty() || word.as_bytes()[0].is_ascii_digit() {
            return None;
        }
        let Some(key) = key else {
            return self.long_term(word);
        };
        self.make_sets(MIN_BITS);
        let mut at = set_of(key, self.bits);
        let set = &mut self.sets[at].0;
        if set[0].key != key {
            if set[1].key == key {
                set.swap(0, 1);
            } else {
                let computed = match self.long.get(word) {
                    Some(t) => t.as_deref().map(str::to_string),
                    None => {
                        self.computed += 1;
                        compute_term(word)
                    }
                };
                let term = match computed.as_deref() {
                    None => Some([NO_TERM; INLINE + 1]),
                    Some(t) => inline(t),
                };
                let Some(term) = term else {
                    // A short word with a long term: kept with the long ones.
                    return self.long_term(word);
                };
                if self.stored >= self.sets.len() && self.bits < MAX_BITS {
                    // Larger, with the words already stored moved in.
                    self.make_sets(self.bits + 2);
                    at = set_of(key, self.bits);
                }
                self.stored += 1;
                let set = &mut self.sets[at].0;
                set[1] = set[0];
                set[0] = Entry { key, term };
            }
        }
        self.sets[at].0[0].term()
    }

    /// Asks memory for the sets of all of `ws`'s words before they are
    /// looked up one by one: a sentence's look-ups then wait for memory
    /// together, not each in turn (at 152,000 stories most of a look-up
    /// was that wait: the sets of two threads, 8 MB, do not stay in cache).
    /// Each word's key is left in `keys`, for `term_keyed`.
    fn prefetch(&mut self, ws: &[Word<'_>]) {
        self.make_sets(MIN_BITS);
        self.keys.clear();
        for w in ws {
            let key = key_of(w.text.as_bytes());
            if let Some(key) = key
                && !w.is_numeric()
            {
                prefetch(&self.sets[set_of(key, self.bits)]);
            }
            self.keys.push(key);
        }
    }

    /// Makes 2^`bits` sets, unless there are as many, and moves the words
    /// already stored into them (emptied, the cache computed them all
    /// again: a few thousand stems at each growth). A set's words all go
    /// to one of the sets its bits are a prefix of, in the same order.
    /// (Asked at every look-up: the test inline, the growth apart.)
    #[inline]
    fn make_sets(&mut self, bits: u32) {
        if self.bits < bits {
            self.grow(bits);
        }
    }

    #[cold]
    fn grow(&mut self, bits: u32) {
        let old = std::mem::replace(&mut self.sets, vec![Set::default(); 1 << bits]);
        self.bits = bits;
        self.stored = 0;
        for entry in old.iter().flat_map(|set| set.0.iter().rev()) {
            if entry.key != 0 {
                let set = &mut self.sets[set_of(entry.key, bits)].0;
                set[1] = set[0];
                set[0] = *entry;
            }
        }
    }

    fn long_term(&mut self, word: &str) -> Option<&str> {
        if !self.long.contains_key(word) {
            if self.long.len() >= LONG_LIMIT {
                self.long.clear();
            }
            self.computed += 1;
            let t = compute_term(word).map(String::into_boxed_str);
            self.long.insert(word.into(), t);
        }
        self.long.get(word).and_then(|t| t.as_deref())
    }
}

fn compute_term(word: &str) -> Option<String> {
    if word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    // "US" and "U.S." are the country; lowercase "us" is a pronoun.
    if word == "US" {
        return Some("usa".into());
    }
    let folded = fold(word);
    if let Some(name) = NAMES.get(folded.as_str()) {
        return Some(STEMMER.stem(name).into_owned());
    }
    if STOPS.contains(folded.as_str()) || folded.len() < 2 {
        return None;
    }
    Some(STEMMER.stem(&folded).into_owned())
}

/// A term and the word range it came from. Terms are shared strings: a text
/// repeats its words, and cloning a term should not copy it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub range: Range<usize>,
    pub term: Arc<str>,
    /// The word it came from was capitalized.
    pub capitalized: bool,
}

/// The terms of `text[range]`, with two-word names joined.
pub fn terms(text: &str, range: Range<usize>) -> Vec<Term> {
    terms_of(&words(text, range))
}

/// The terms of words already split ([`words`]), with two-word names joined.
pub fn terms_of(ws: &[Word]) -> Vec<Term> {
    let mut out = Vec::with_capacity(ws.len());
    each_term(ws, |term, range, capitalized| {
        out.push(Term {
            range,
            term: Arc::from(term),
            capitalized,
        })
    });
    out
}

/// The terms of a run of `words`, in order, with two-word names joined,
/// each handed to `f` with the range of its word(s) and whether its
/// (first) word is capitalized. The term is lent from the cache: the
/// indexer writes it out and keeps nothing, so no string is made per word.
pub fn each_term(ws: &[Word<'_>], mut f: impl FnMut(&str, Range<usize>, bool)) {
    with_cache(|mut cache| {
        if let Some(cache) = cache.as_deref_mut() {
            cache.prefetch(ws);
        }
        let mut i = 0;
        while i < ws.len() {
            if i + 1 < ws.len()
                && EQUIVALENT_PAIRS
                    .iter()
                    .any(|(x, _, _)| ws[i].text.eq_ignore_ascii_case(x))
            {
                let (a, b) = (fold(ws[i].text), fold(ws[i + 1].text));
                if let Some(&(_, _, name)) =
                    EQUIVALENT_PAIRS.iter().find(|(x, y, _)| *x == a && *y == b)
                {
                    f(
                        &STEMMER.stem(name),
                        ws[i].range.start..ws[i + 1].range.end,
                        true,
                    );
                    i += 2;
                    continue;
                }
            }
            let w = &ws[i];
            match cache.as_deref_mut() {
                Some(cache) => {
                    let key = cache.keys[i];
                    if let Some(t) = cache.term_keyed(w.text, key) {
                        f(t, w.range.clone(), w.is_capitalized());
                    }
                }
                None => {
                    if let Some(t) = compute_term(w.text) {
                        f(&t, w.range.clone(), w.is_capitalized());
                    }
                }
            }
            i += 1;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `words` as it was written first, on `char_indices`: the reference
    /// the faster one must agree with.
    fn words_by_chars(text: &str, range: Range<usize>) -> Vec<Word<'_>> {
        fn end_of(s: &str, i: usize) -> usize {
            let mut end = i;
            let mut chars = s[i..].char_indices().peekable();
            while let Some((j, d)) = chars.next() {
                if d.is_alphanumeric() {
                    end = i + j + d.len_utf8();
                } else if is_apostrophe(d) && chars.peek().is_some_and(|&(_, n)| n.is_alphabetic())
                {
                    continue;
                } else {
                    break;
                }
            }
            end
        }
        let mut out = Vec::new();
        let s = &text[range.clone()];
        let bytes = s.as_bytes();
        let mut iter = s.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if !c.is_alphanumeric() {
                continue;
            }
            let acronym_len = dotted_acronym_len(&bytes[i..]);
            let end = if acronym_len > 0 {
                i + acronym_len
            } else {
                end_of(s, i)
            };
            while iter.peek().is_some_and(|&(j, _)| j < end) {
                iter.next();
            }
            out.push(Word {
                range: range.start + i..range.start + end,
                text: &text[range.start + i..range.start + end],
            });
        }
        out
    }

    #[test]
    fn words_agree_with_the_reading_by_characters() {
        let texts = crate::engine::text::sample_texts(
            &[
                "The U.S.-Russia talks, e.g. don't; won’t ’tis rock'n'roll 'quoted' it's’",
                "naïve café Zürich Москва 東京 3.5bn $63.5 U.S. U.K.'s N.Z.x A.B ½ x² ٣٤ l'été",
                "end with apostrophe' and ’ and a’b and a'1 and 1'a and ' alone",
                "",
                "é",
                "a",
            ],
            0,
        );
        for text in &texts {
            // Every sub-range that starts and ends on a character boundary
            // of a short text, and the whole of a long one.
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            if text.len() < 200 {
                for &a in &bounds {
                    for &b in bounds.iter().filter(|&&b| b >= a) {
                        assert_eq!(
                            words(text, a..b),
                            words_by_chars(text, a..b),
                            "{:?}",
                            &text[a..b]
                        );
                    }
                }
            } else {
                assert_eq!(
                    words(text, 0..text.len()),
                    words_by_chars(text, 0..text.len())
                );
            }
        }
    }

    /// The same agreement over real newswire, when the Reuters stories are
    /// beside the repository (they are skipped cleanly when absent): every
    /// story whole, and every line of it on its own.
    #[test]
    fn words_agree_with_the_reading_by_characters_on_reuters() {
        let Some(paths) = crate::engine::text::reuters_paths(2000) else {
            return;
        };
        let mut compared = 0;
        for path in &paths {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            assert_eq!(
                words(&text, 0..text.len()),
                words_by_chars(&text, 0..text.len()),
                "{}",
                path.display()
            );
            let mut start = 0;
            for line in text.split_inclusive('\n') {
                let range = start..start + line.len();
                assert_eq!(words(&text, range.clone()), words_by_chars(&text, range));
                start += line.len();
            }
            compared += 1;
        }
        assert!(compared > 0, "no Reuters story read");
    }

    #[test]
    fn word_boundaries() {
        let cases: &[(&str, &[&str])] = &[
            ("The U.S.-Russia talks", &["The", "U.S.", "Russia", "talks"]),
            (
                "Ukraine’s war, don't stop",
                &["Ukraine’s", "war", "don't", "stop"],
            ),
            ("$63.5bn in aid", &["63", "5bn", "in", "aid"]),
            ("full-scale 800-mile", &["full", "scale", "800", "mile"]),
            ("e.g. this", &["e.g.", "this"]),
            ("Zelenskyy 'quote'", &["Zelenskyy", "quote"]),
            (
                "Kremlin’s “very quickly”",
                &["Kremlin’s", "very", "quickly"],
            ),
            ("naïve café", &["naïve", "café"]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = words(text, 0..text.len()).iter().map(|w| w.text).collect();
            assert_eq!(got, *want, "{text:?}");
        }
    }

    #[test]
    fn terms_of_words() {
        let cases = [
            ("casualties", Some("casualti")),
            ("Ukraine’s", Some("ukrain")),
            ("Ukrainian", Some("ukrain")),
            ("U.S.", Some("usa")),
            ("US", Some("usa")),
            ("us", None),
            ("the", None),
            ("said", None),
            ("2022", None),
            ("Russian", Some("russia")),
            ("Russia's", Some("russia")),
            ("military", Some("militari")),
        ];
        for (word, want) in cases {
            assert_eq!(term(word).as_deref(), want, "{word}");
        }
    }

    /// `terms` as it was before the cache: every word's term computed.
    fn terms_computed(text: &str, range: Range<usize>) -> Vec<(Range<usize>, String, bool)> {
        let ws = words(text, range);
        let mut out = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            if i + 1 < ws.len() {
                let (a, b) = (fold(ws[i].text), fold(ws[i + 1].text));
                if let Some(&(_, _, name)) =
                    EQUIVALENT_PAIRS.iter().find(|(x, y, _)| *x == a && *y == b)
                {
                    let range = ws[i].range.start..ws[i + 1].range.end;
                    out.push((range, STEMMER.stem(name).into_owned(), true));
                    i += 2;
                    continue;
                }
            }
            if let Some(t) = compute_term(ws[i].text) {
                out.push((ws[i].range.clone(), t, ws[i].is_capitalized()));
            }
            i += 1;
        }
        out
    }

    fn as_tuples(terms: Vec<Term>) -> Vec<(Range<usize>, String, bool)> {
        terms
            .into_iter()
            .map(|t| (t.range, t.term.to_string(), t.capitalized))
            .collect()
    }

    /// Words at the cache's edges: empty, one byte, 15 and 16 bytes, long,
    /// non-ASCII, a lowercase longer than its word, numbers, stop words.
    fn edge_words() -> Vec<String> {
        let mut v: Vec<String> = [
            "",
            "a",
            "I",
            "US",
            "us",
            "U.S.",
            "The",
            "the",
            "2022",
            "3rd",
            "Ukraine’s",
            "’s",
            "'s",
            "Zürich",
            "Москва",
            "東京",
            "naïve",
            "internationally",
            "Internationally",
            "telecommunication",
            "telecommunications",
            "counterrevolutionaries",
            "ÍÍÍÍÍÍÍ",
            "İİİİİİİ",
            "İstanbul",
            "ǅemal",
            "ΣΟΦΟΣ",
            "ﬁnance",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for n in 1..=40 {
            v.push("x".repeat(n));
            v.push("Ab".repeat(n));
        }
        v
    }

    /// `key_of` as plainly read: the word copied into an inline array.
    fn key_by_copy(word: &str) -> Option<u128> {
        inline(word).map(u128::from_le_bytes)
    }

    #[test]
    fn keys_are_the_words_copied_inline() {
        let mut ws = edge_words();
        // Every length up to past the inline limit, each byte different.
        let alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for n in 0..=alphabet.len() {
            ws.push(alphabet[..n].to_string());
            ws.push(alphabet[alphabet.len() - n..].to_string());
        }
        for w in &ws {
            assert_eq!(key_of(w.as_bytes()), key_by_copy(w), "{w:?}");
        }
    }

    /// The same for every word of the first 2,000 Reuters stories.
    #[test]
    fn keys_are_the_words_copied_inline_on_reuters() {
        let Some(paths) = crate::engine::text::reuters_paths(2000) else {
            return;
        };
        let mut compared = 0;
        for path in &paths {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            for w in words(&text, 0..text.len()) {
                assert_eq!(
                    key_of(w.text.as_bytes()),
                    key_by_copy(w.text),
                    "{:?}",
                    w.text
                );
                compared += 1;
            }
        }
        assert!(compared > 0, "no Reuters word read");
    }

    /// `fold` as first written: three strings made.
    fn fold_plainly(word: &str) -> String {
        let lower = word.to_lowercase().replace('’', "'");
        match lower.strip_suffix("'s") {
            Some(stem) if !stem.is_empty() => stem.to_string(),
            _ => lower.trim_end_matches('\'').to_string(),
        }
    }

    #[test]
    fn fold_is_the_plain_fold() {
        let mut ws = edge_words();
        for w in [
            "Ukraine's",
            "UKRAINE’S",
            "'s",
            "’s",
            "s'",
            "s’",
            "'",
            "''",
            "’’",
            "a'",
            "a''s",
            "Bush'",
            "ΣΟΦΟΣ's",
            "İ's",
            "O'Neill",
            "don’t",
            "DON'T",
            "’Tis",
        ] {
            ws.push(w.to_string());
        }
        for w in &ws {
            assert_eq!(fold(w), fold_plainly(w), "{w:?}");
        }
        if let Some(paths) = crate::engine::text::reuters_paths(2000) {
            for path in &paths {
                let Ok(text) = std::fs::read_to_string(path) else {
                    continue;
                };
                for w in words(&text, 0..text.len()) {
                    assert_eq!(fold(w.text), fold_plainly(w.text), "{:?}", w.text);
                }
            }
        }
    }

    /// Whether the cache holds `word` inline, without looking it up.
    fn holds(cache: &TermCache, word: &str) -> bool {
        let key = key_of(word.as_bytes()).expect("a short word");
        cache.sets[set_of(key, cache.bits)]
            .0
            .iter()
            .any(|e| e.key == key)
    }

    /// A cache that grows keeps the words it held: each is answered, from
    /// memory, with its term.
    #[test]
    fn growing_keeps_the_words_stored() {
        let mut cache = TermCache::new();
        let ws: Vec<String> = (0..1000).map(|i| format!("w{i}ing")).collect();
        for w in &ws {
            cache.term(w);
        }
        let held: Vec<&String> = ws.iter().filter(|w| holds(&cache, w)).collect();
        assert!(held.len() > 500, "{} held", held.len());
        cache.make_sets(cache.bits + 2);
        let computed = cache.computed;
        for w in held {
            assert!(holds(&cache, w), "{w} moved in");
            assert_eq!(cache.term(w).map(str::to_string), compute_term(w), "{w}");
        }
        assert_eq!(cache.computed, computed, "none computed again");
    }

    #[test]
    fn the_cache_gives_the_computed_term() {
        let mut cache = TermCache::new();
        for round in 0..3 {
            for w in edge_words() {
                assert_eq!(
                    cache.term(&w).map(str::to_string),
                    compute_term(&w),
                    "{w:?} in round {round}"
                );
                assert_eq!(term(&w).as_deref(), compute_term(&w).as_deref(), "{w:?}");
            }
        }
    }

    /// Four times more distinct words than the cache holds, looked up
    /// twice in different orders: every answer is the word's own term,
    /// however often its set was overwritten by other words, and while the
    /// cache grows.
    #[test]
    fn the_cache_is_right_when_words_evict_each_other() {
        let mut cache = TermCache::new();
        let n = 4 * 2 * (1usize << MAX_BITS);
        let word = |i: usize| {
            let mut w = String::new();
            let mut x = i + 1;
            while x > 0 {
                w.push(char::from(b'a' + (x % 26) as u8));
                x /= 26;
            }
            w.push_str("ing");
            w
        };
        for i in (0..n).chain((0..n).rev()).step_by(7) {
            let w = word(i);
            assert_eq!(cache.term(&w).map(str::to_string), compute_term(&w), "{w}");
        }
        assert_eq!(cache.sets.len(), 1 << MAX_BITS, "grown to its largest");
        // The long words' map forgets all at once when full.
        for i in 0..LONG_LIMIT + 10 {
            let w = format!("{}{}", "long".repeat(4), word(i));
            assert_eq!(cache.term(&w).map(str::to_string), compute_term(&w), "{w}");
        }
        assert!(cache.long.len() <= LONG_LIMIT);
    }

    /// A closure given to `each_term` may ask `term` (the cache is then
    /// busy, and the term is computed).
    #[test]
    fn term_inside_each_term() {
        let text = "Kyiv said the Russian forces withdrew";
        let ws = words(text, 0..text.len());
        let mut got = Vec::new();
        each_term(&ws, |t, range, _| {
            got.push((t.to_string(), term(&text[range]).map(|x| x.to_string())));
        });
        assert_eq!(got.len(), 4);
        for (t, again) in got {
            assert_eq!(Some(t), again);
        }
    }

    #[test]
    fn terms_agree_with_the_computed_terms() {
        let mut texts: Vec<String> = vec![
            "the United States and the united kingdom; Great Britain's European Union".into(),
            "United Nations United States United".into(),
            edge_words().join(" "),
        ];
        texts.extend(crate::engine::text::seed_texts());
        for text in &texts {
            for _ in 0..2 {
                assert_eq!(
                    as_tuples(terms(text, 0..text.len())),
                    terms_computed(text, 0..text.len())
                );
            }
        }
    }

    /// The same over the first 4,000 Reuters stories when they are beside
    /// the repository, with the cache's hit rate printed
    /// (`cargo test --lib terms_agree -- --nocapture`).
    #[test]
    fn terms_agree_with_the_computed_terms_on_reuters() {
        let Some(paths) = crate::engine::text::reuters_paths(4000) else {
            return;
        };
        let mut cache = TermCache::new();
        let mut looked_up = 0u64;
        for path in &paths {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            assert_eq!(
                as_tuples(terms(&text, 0..text.len())),
                terms_computed(&text, 0..text.len()),
                "{}",
                path.display()
            );
            for w in words(&text, 0..text.len()) {
                if !w.is_numeric() {
                    looked_up += 1;
                }
                cache.term(w.text);
            }
        }
        assert!(looked_up > 0, "no Reuters story read");
        eprintln!(
            "{looked_up} look-ups, {} computed: {:.2}% answered by the cache",
            cache.computed,
            100.0 * (1.0 - cache.computed as f64 / looked_up as f64)
        );
    }

    #[test]
    fn two_word_names() {
        let text = "the United States sent aid";
        let got: Vec<String> = terms(text, 0..text.len())
            .into_iter()
            .map(|t| t.term.to_string())
            .collect();
        assert_eq!(got, vec!["usa", "sent", "aid"]);
    }
}
