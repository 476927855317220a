//! The figure grammar: reads a sentence's lexemes and finds its figures.
//!
//! It works left to right. At each position it tries, in order, a numeric
//! date, an age by decade ("in her 40s"), a proportion ("one in five"), a
//! date, a multiple ("doubled", "twelvefold"), an amount (a numeral or
//! number words, a scale, a currency, a unit, an age), a vague scale ("tens
//! of thousands"), a fraction ("a fifth of"), an ordinal ("third year") and
//! a spelled-out span ("within a day"). A second pass lends units across
//! ranges, dimensions and comparisons ("340 to 350 cruzados", "a 12-by-9-foot
//! room", "between $30 and $75 per month", "5.93 mln against 5.81").
//! Numbers inside names (Nord Stream 2, COVID-19, G7), identifiers (phone
//! numbers, ISBNs), headline counts and spelled-out counts with no noun
//! ("the two met", "the remaining seven") are not figures.
//!
//! - [`numbers`]: numerals, number words, fractions and scale words.
//! - [`amounts`]: what follows a number: currency, percent, unit, age, noun.
//! - [`dates`]: calendar dates, years and decades.
//! - [`shares`]: vague scales, shares ("two thirds of"), ordinals, spans.
//! - [`links`]: qualifiers, and units lent across ranges and comparisons.
//! - [`multiples`]: "twelvefold", "2.5x", "three times higher", "doubled".
//! - [`skip`]: numbers that are not figures.

mod ages;
mod amounts;
mod dates;
mod links;
mod multiples;
mod numbers;
mod shares;
mod skip;

use std::ops::Range;
use std::sync::atomic::{AtomicU8, Ordering};

use super::lexer::{Kind, Lexeme, lex};
use super::{Amount, DateValue, Figure, MeasureUnit, Qualifier, Unit, Value};

/// Where a sentence stands: headline wording follows its own rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentenceKind {
    Prose,
    Headline,
}

/// How an all-numeric date whose first two parts could each be the month is
/// read: "04/05/2016" is April 5 month-first, 4 May day-first. Dates that
/// only one order can read ("02/22/2016", "22/04/2016") and ISO dates
/// ("2016-04-05") are read the one way they can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Month first, as in the United States: the default.
    #[default]
    MonthFirst,
    DayFirst,
}

impl DateOrder {
    /// "mdy" or "dmy" (as `vouch.toml`'s `[figures] date-order` writes it).
    pub fn parse(s: &str) -> Option<DateOrder> {
        match s.to_ascii_lowercase().as_str() {
            "mdy" | "month-first" | "us" => Some(DateOrder::MonthFirst),
            "dmy" | "day-first" | "international" => Some(DateOrder::DayFirst),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DateOrder::MonthFirst => "mdy",
            DateOrder::DayFirst => "dmy",
        }
    }
}

static DATE_ORDER: AtomicU8 = AtomicU8::new(0);

/// Sets how ambiguous numeric dates are read, for drafts and sources alike.
/// The index records it, so a corpus indexed in the other order is re-read.
pub fn set_date_order(order: DateOrder) {
    DATE_ORDER.store(order as u8, Ordering::Relaxed);
}

pub fn date_order() -> DateOrder {
    match DATE_ORDER.load(Ordering::Relaxed) {
        1 => DateOrder::DayFirst,
        _ => DateOrder::MonthFirst,
    }
}

/// The figures of `text[range]`, in order, with absolute byte ranges.
pub fn extract(text: &str, range: Range<usize>, kind: SentenceKind) -> Vec<Figure> {
    if !may_hold_figure(&text[range.clone()]) {
        return Vec::new();
    }
    let lexemes = lex(text, range);
    Grammar::new(text, &lexemes, kind).run()
}

/// Whether a figure may start anywhere in `s`, read from its bytes before
/// any lexing: false only when no rule can find a figure in it, and then
/// the grammar finds nothing. About half of newswire's sentences hold no
/// digit, and most of those no word that can start a figure; they are
/// neither lexed nor lowercased.
///
/// Why this is enough: every figure starts at a numeral (a digit, or a
/// fraction sign: not ASCII), a currency (a `$`, a sign that is not ASCII,
/// or letters before digits), a dash before one of those, or a word
/// [`Grammar::may_start`] admits. In ASCII text without digits the lexer's
/// words are the runs of letters, with at most apostrophes and an
/// acronym's dots inside (no word [`cue`] reads has either, and a word
/// ending in "fold" ends in a run that does); anything else is read the
/// long way. Of the admitted words, an article starts a figure only before
/// a scale, "dozen", a fraction, "factor" or a unit of time ("a million",
/// "a third", "a factor of", "a day"), and a possessive only before a
/// decade ("her forties"): without such a word anywhere in the sentence,
/// neither can.
fn may_hold_figure(s: &str) -> bool {
    let b = s.as_bytes();
    if has_digit_dollar_or_non_ascii(b) {
        return true;
    }
    let cues = &*CUES;
    let mut seen = 0u8;
    for run in b.split(|c| !c.is_ascii_alphabetic()) {
        if run.is_empty() {
            continue;
        }
        let cue = cues.of(run);
        if cue == Cue::Starts {
            return true;
        }
        seen |= cue as u8;
    }
    let both = |a: Cue, b: Cue| seen & (a as u8 | b as u8) == a as u8 | b as u8;
    both(Cue::Article, Cue::AfterArticle) || both(Cue::Possessive, Cue::Decade)
}

/// Whether `b` holds an ASCII digit, a `$` or a byte that is not ASCII,
/// read eight bytes at a time: every byte of every sentence passes here,
/// and the byte-by-byte test (not vectorized) cost about 8 instructions a
/// byte. [`has_marked_byte_plainly`] is the plain reading a test holds it to.
fn has_digit_dollar_or_non_ascii(b: &[u8]) -> bool {
    let chunks = b.chunks_exact(8);
    let tail = chunks.remainder();
    let mut last = [0u8; 8];
    last[..tail.len()].copy_from_slice(tail);
    chunks
        .map(|c| u64::from_le_bytes(c.try_into().expect("eight bytes")))
        .chain(std::iter::once(u64::from_le_bytes(last)))
        .any(marked_byte_in)
}

/// Whether any of the eight bytes of `x` is an ASCII digit, a `$` or not
/// ASCII: each byte's top bit says it. The sums carry into no other byte
/// while every byte is ASCII (below 0x80), and when one is not, its top
/// bit already answers.
#[inline]
fn marked_byte_in(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOP: u64 = 0x8080_8080_8080_8080;
    // A byte's top bit: set from 0x30 ('0') up, and from 0x3A (past '9') up.
    let from_zero = x.wrapping_add(ONES * (0x80 - 0x30));
    let past_nine = x.wrapping_add(ONES * (0x80 - 0x3A));
    let digit = from_zero & !past_nine;
    // '$' is the byte that is zero once '$' is xored out: top bit of
    // "not zero" is (low seven bits + 0x7F) or the top bit itself.
    let y = x ^ (ONES * u64::from(b'$'));
    let not_zero = (y & !TOP).wrapping_add(!TOP) | y;
    (x | digit | !not_zero) & TOP != 0
}

/// [`has_digit_dollar_or_non_ascii`] read byte by byte.
#[cfg(test)]
fn has_marked_byte_plainly(b: &[u8]) -> bool {
    b.iter()
        .any(|&c| c.is_ascii_digit() || c == b'$' || !c.is_ascii())
}

/// What a word tells [`may_hold_figure`] (flags, so a sentence's cues are
/// one byte).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Cue {
    None = 0,
    /// A word that may start a figure by itself ("two", "March", "doubled").
    Starts = 1,
    /// "a", "an".
    Article = 2,
    /// A word an article's figure needs after it ("million", "third", "day").
    AfterArticle = 4,
    /// "his", "her", "their" ...
    Possessive = 8,
    /// "teens", "twenties" ...
    Decade = 16,
}

/// The cue of a lowercased word, read from the grammar's own vocabulary.
fn cue(w: &str) -> Cue {
    use super::vocab;
    match w {
        "a" | "an" => Cue::Article,
        "his" | "her" | "their" | "my" | "your" | "our" => Cue::Possessive,
        "teens" | "twenties" | "thirties" | "forties" | "fifties" | "sixties" | "seventies"
        | "eighties" | "nineties" => Cue::Decade,
        _ if vocab::may_start_figure(w) || w.ends_with("fold") => Cue::Starts,
        _ if vocab::scale(w, false).is_some()
            || matches!(w, "dozen" | "factor")
            || vocab::fraction_word(w).is_some()
            || vocab::measure(w).is_some_and(|(d, _)| d == super::Dimension::Duration) =>
        {
            Cue::AfterArticle
        }
        _ => Cue::None,
    }
}

/// Every word whose [`cue`] is not `None`, but for "-fold" multiples (a
/// test reads the vocabulary's sources and fails when one is missing).
const CUE_WORDS: &[&str] = &[
    "a",
    "an",
    "his",
    "her",
    "their",
    "my",
    "your",
    "our",
    "teens",
    "twenties",
    "thirties",
    "forties",
    "fifties",
    "sixties",
    "seventies",
    "eighties",
    "nineties",
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
    "hundredth",
    "thousandth",
    "millionth",
    "january",
    "jan",
    "february",
    "feb",
    "march",
    "mar",
    "april",
    "apr",
    "may",
    "june",
    "jun",
    "july",
    "jul",
    "august",
    "aug",
    "september",
    "sep",
    "sept",
    "october",
    "oct",
    "november",
    "nov",
    "december",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "half",
    "minus",
    "negative",
    "tens",
    "hundreds",
    "thousands",
    "millions",
    "billions",
    "trillions",
    "dozens",
    "several",
    "few",
    "many",
    "days",
    "weeks",
    "months",
    "years",
    "decades",
    "isbn",
    "doubled",
    "doubling",
    "tripled",
    "tripling",
    "trebled",
    "trebling",
    "quadrupled",
    "quadrupling",
    "quintupled",
    "quintupling",
    "halved",
    "halving",
    "hundred",
    "thousand",
    "million",
    "mln",
    "mn",
    "mil",
    "billion",
    "bln",
    "bn",
    "trillion",
    "tln",
    "trn",
    "tn",
    "lakh",
    "crore",
    "dozen",
    "factor",
    "halves",
    "thirds",
    "quarter",
    "quarters",
    "fifths",
    "sixths",
    "eighths",
    "tenths",
    "seconds",
    "sec",
    "secs",
    "minute",
    "minutes",
    "min",
    "mins",
    "hour",
    "hours",
    "hr",
    "hrs",
    "day",
    "week",
    "fortnight",
    "fortnights",
    "month",
    "year",
    "yr",
    "yrs",
    "decade",
    "century",
    "centuries",
    // Not in a sentence without digits, but read by `Grammar::may_start`.
    "q1",
    "q2",
    "q3",
    "q4",
    "h1",
    "h2",
];

/// [`cue`] of each of [`CUE_WORDS`], found by a hash of the word's letters
/// packed into an integer: one multiplication and a compare or two a run
/// of letters, where the matches of [`cue`] compare it with word after word.
/// Most words hold no cue: a slot's one-byte tag (0 when empty) turns
/// them away before any 128-bit key is read, from 1 KB of tags rather than
/// 32 KB of `(u128, Cue)` pairs.
struct CueTable {
    tags: Box<[u8]>,
    keys: Box<[u128]>,
    cues: Box<[Cue]>,
}

/// Letters a word may have to be found in the table.
const CUE_LONGEST: usize = 16;
/// 1024 slots for about 230 words: a word not in the table meets an empty
/// slot at once four times in five.
const CUE_BITS: u32 = 10;

static CUES: std::sync::LazyLock<CueTable> = std::sync::LazyLock::new(CueTable::new);

impl CueTable {
    fn new() -> CueTable {
        let mut tags = vec![0u8; 1 << CUE_BITS];
        let mut keys = vec![0u128; 1 << CUE_BITS];
        let mut cues = vec![Cue::None; 1 << CUE_BITS];
        for w in CUE_WORDS {
            let key = Self::key(w.as_bytes()).expect("a cue word is short");
            let (mut at, tag) = Self::slot(key);
            while tags[at] != 0 {
                at = (at + 1) & ((1 << CUE_BITS) - 1);
            }
            tags[at] = tag;
            keys[at] = key;
            cues[at] = cue(w);
        }
        CueTable {
            tags: tags.into(),
            keys: keys.into(),
            cues: cues.into(),
        }
    }

    /// Up to [`CUE_LONGEST`] ASCII letters, lowercased, one a byte: the
    /// plain reading, which builds the table (and holds [`Self::fast_key`]
    /// to it in a test).
    fn key(run: &[u8]) -> Option<u128> {
        if run.len() > CUE_LONGEST {
            return None;
        }
        let mut key = 0u128;
        for (k, &c) in run.iter().enumerate() {
            key |= u128::from(c.to_ascii_lowercase()) << (8 * k);
        }
        Some(key)
    }

    /// [`Self::key`] of a run of ASCII letters, read a few bytes at a time:
    /// two loads that overlap in the middle (the overlap is the same bytes
    /// either way), lowercased by setting each byte's 0x20 bit (which is
    /// what lowercasing does to a letter, and only to a letter: the run must
    /// hold nothing else). The byte-by-byte [`Self::key`] cost about 100
    /// instructions a word, on every word of every sentence with no digit.
    #[inline]
    fn fast_key(run: &[u8]) -> Option<u128> {
        const LOWER: u64 = 0x2020_2020_2020_2020;
        let n = run.len();
        let load4 = |at: usize| {
            let four: [u8; 4] = run[at..at + 4].try_into().expect("four bytes");
            u64::from(u32::from_le_bytes(four)) | (LOWER >> 32)
        };
        let load8 = |at: usize| {
            let eight: [u8; 8] = run[at..at + 8].try_into().expect("eight bytes");
            u128::from(u64::from_le_bytes(eight) | LOWER)
        };
        let key = match n {
            0 => 0,
            1..=3 => {
                let byte = |at: usize| u128::from(run[at] | 0x20) << (8 * at);
                byte(0) | byte(n / 2) | byte(n - 1)
            }
            4..=8 => u128::from(load4(0) | load4(n - 4) << (8 * (n - 4))),
            9..=CUE_LONGEST => load8(0) | load8(n - 8) << (8 * (n - 8)),
            _ => return None,
        };
        Some(key)
    }

    /// The key's first slot, and its tag (never 0): two parts of one hash.
    #[inline(always)]
    fn slot(key: u128) -> (usize, u8) {
        let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
        let hash = folded.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        ((hash >> (64 - CUE_BITS)) as usize, (hash >> 32) as u8 | 1)
    }

    /// The cue of a run of ASCII letters, as [`cue`] reads it lowercased.
    /// Inlined: it runs at every word of a sentence, and a call cost a
    /// fifth of its instructions.
    #[inline(always)]
    fn of(&self, run: &[u8]) -> Cue {
        let Some(key) = Self::fast_key(run) else {
            // Longer than any cue word (and rare): read the long way.
            return Cue::Starts;
        };
        // The run's last four letters, lowercased (read from the run, not
        // shifted out of the 128-bit key).
        if let Some(last) = run.last_chunk::<4>()
            && u32::from_le_bytes(*last) | 0x2020_2020 == u32::from_le_bytes(*b"fold")
        {
            return Cue::Starts;
        }
        let (mut at, tag) = Self::slot(key);
        loop {
            match self.tags[at] {
                0 => return Cue::None,
                t if t == tag && self.keys[at] == key => return self.cues[at],
                _ => at = (at + 1) & ((1 << CUE_BITS) - 1),
            }
        }
    }
}

/// A figure while the grammar works on it: lexeme positions and what it has.
#[derive(Debug, Clone)]
struct Draft {
    /// Lexeme positions: [start, end), qualifier included.
    start: usize,
    end: usize,
    /// Where the number itself starts (after any qualifier or currency sign).
    number_start: usize,
    unit: Option<Unit>,
    value: DraftValue,
    qualifier: Qualifier,
    weak: bool,
    /// A scale word was written ("million"), so the unit may be lent to it.
    scaled: bool,
    /// The figure ends where its number ends (no unit or noun after it).
    bare: bool,
    /// The number as written, before scale words and units ("75" of "$75 million").
    number: f64,
    /// The scale word's factor (1e6 for "million"), 1 without one.
    scale: f64,
    /// The unit a measure was written in.
    written: Option<MeasureUnit>,
    /// What the unit word multiplies a lent number by (0.01 for cents).
    unit_factor: f64,
    /// A spelled-out number that names no noun ("and four in Ohio"): a
    /// figure only when a parallel count before it lends its noun.
    needs_noun: bool,
}

#[derive(Debug, Clone)]
enum DraftValue {
    Number { value: f64, step: f64 },
    Vague { lo: f64, hi: f64 },
    Date(DateValue),
    Ordinal(u32),
}

impl Draft {
    /// A figure over lexemes [start, end) with this unit and value.
    fn new(start: usize, end: usize, unit: Unit, value: DraftValue) -> Draft {
        Draft {
            start,
            end,
            number_start: start,
            unit: Some(unit),
            value,
            qualifier: Qualifier::Exact,
            weak: false,
            scaled: false,
            bare: false,
            number: 0.0,
            scale: 1.0,
            written: None,
            unit_factor: 1.0,
            needs_noun: false,
        }
    }

    fn scale_value(&mut self, f: f64) {
        if let DraftValue::Number { value, step } = &mut self.value {
            *value *= f;
            // The step is a width: a negative factor ("5 under par") must
            // not turn the bounds round.
            *step *= f.abs();
        }
    }

    /// Converts the number to base units of `unit` ("6" miles to metres).
    fn convert(&mut self, unit: MeasureUnit) {
        if let DraftValue::Number { value, step } = &mut self.value {
            *value = unit.to_base(*value);
            *step *= unit.factor();
        }
        self.written = Some(unit);
    }

    fn number_value(&self) -> Option<f64> {
        match self.value {
            DraftValue::Number { value, .. } => Some(value),
            _ => None,
        }
    }
}

struct Grammar<'l, 'a> {
    /// The text the lexemes were read from (their ranges are in it).
    source: &'a str,
    lx: &'l [Lexeme<'a>],
    /// Every word lowercased, end to end, and where each lexeme's is: one
    /// allocation a sentence rather than one a capitalized word.
    lower: String,
    spans: Vec<(u32, u32)>,
    kind: SentenceKind,
    /// The cue table, read at every word by [`Grammar::may_start`].
    cues: &'static CueTable,
}

impl<'l, 'a> Grammar<'l, 'a> {
    fn new(text: &'a str, lx: &'l [Lexeme<'a>], kind: SentenceKind) -> Self {
        let mut lower = String::with_capacity(lx.iter().map(|l| l.text.len()).sum());
        let mut spans = Vec::with_capacity(lx.len());
        for l in lx {
            let start = lower.len() as u32;
            if l.is_word() {
                if l.text.is_ascii() {
                    // ASCII lowercases byte for byte, in place.
                    lower.push_str(l.text);
                    lower[start as usize..].make_ascii_lowercase();
                } else {
                    lower.extend(l.text.chars().flat_map(char::to_lowercase));
                }
            }
            spans.push((start, lower.len() as u32));
        }
        Grammar {
            source: text,
            lx,
            lower,
            spans,
            kind,
            cues: &CUES,
        }
    }

    /// The lowercased word at `i`, or "" (not a word, or past the end).
    fn w(&self, i: usize) -> &str {
        self.spans
            .get(i)
            .map_or("", |&(a, b)| &self.lower[a as usize..b as usize])
    }

    /// The text of lexeme `i` as written, or "".
    fn text(&self, i: usize) -> &str {
        self.lx.get(i).map_or("", |l| l.text)
    }

    /// Lexeme `i` is of this kind, one without a value (a dash, a comma ...):
    /// compared by variant, not through the derived `==` (which compares
    /// numerals' values too, and ran for most lexemes of every sentence).
    fn is(&self, i: usize, kind: &Kind) -> bool {
        debug_assert!(!matches!(kind, Kind::Num(_) | Kind::Currency(_)));
        self.lx
            .get(i)
            .is_some_and(|l| std::mem::discriminant(&l.kind) == std::mem::discriminant(kind))
    }

    fn num(&self, i: usize) -> Option<&super::lexer::Numeral> {
        self.lx.get(i).and_then(Lexeme::num)
    }

    /// Lexeme `i` is written onto the one before it, with no space.
    fn attached(&self, i: usize) -> bool {
        self.lx.get(i).is_some_and(|l| !l.space_before)
    }

    /// A hyphen at `i` joining the lexemes on both sides ("58-year").
    fn joining_dash(&self, i: usize) -> bool {
        self.is(i, &Kind::Dash) && self.attached(i) && self.attached(i + 1)
    }

    /// The word before `i`, or "".
    fn before(&self, i: usize) -> &str {
        if i == 0 { "" } else { self.w(i - 1) }
    }

    fn run(&self) -> Vec<Figure> {
        self.run_from(Self::may_start)
    }

    /// The figures found trying the rules at each lexeme `starts` admits
    /// (the tests hold [`Grammar::may_start`] to admitting every lexeme).
    fn run_from(&self, starts: impl Fn(&Self, usize) -> bool) -> Vec<Figure> {
        let mut drafts: Vec<Draft> = Vec::new();
        let mut i = 0;
        let mut floor = 0;
        while i < self.lx.len() {
            if let Some(d) = self.numeric_date(i) {
                i = d.end;
                floor = d.end;
                drafts.push(d);
                continue;
            }
            if !starts(self, i) {
                i += 1;
                continue;
            }
            match self.not_a_figure(i) {
                Some(skip::NotAFigure::Skip(skip)) => {
                    i = skip;
                    floor = skip;
                    continue;
                }
                Some(skip::NotAFigure::Figure(mut d)) => {
                    // A name's words never reach into the figure before it.
                    d.start = d.start.max(floor);
                    if matches!(d.unit, Some(Unit::Time { .. })) {
                        // "about 3 p.m."
                        self.qualify(&mut d, floor);
                    }
                    i = d.end;
                    floor = d.end;
                    drafts.push(d);
                    continue;
                }
                None => {}
            }
            let found = self
                .age_by_decade(i)
                .or_else(|| self.proportion(i))
                .or_else(|| self.date(i))
                .or_else(|| self.multiple(i))
                .or_else(|| self.amount(i))
                .or_else(|| self.vague(i))
                .or_else(|| self.fraction(i))
                .or_else(|| self.ordinal(i))
                .or_else(|| self.spelled_span(i));
            match found {
                Some(mut d) => {
                    self.qualify(&mut d, floor);
                    i = d.end.max(i + 1);
                    floor = d.end;
                    drafts.push(d);
                }
                None => i += 1,
            }
        }
        // Units are lent between amounts across an identifier ("M-2 was 18.2
        // billion dlrs below and M-3 was 20.8 billion"), never to or from one.
        let (identifiers, mut drafts): (Vec<Draft>, Vec<Draft>) = drafts
            .into_iter()
            .partition(|d| matches!(d.unit, Some(Unit::Identifier { .. })));
        self.lend_units(&mut drafts);
        if !identifiers.is_empty() {
            drafts.extend(identifiers);
            drafts.sort_by_key(|d| d.start);
        }
        drafts
            .into_iter()
            .filter(|d| !d.needs_noun)
            .filter_map(|d| self.finish(d))
            .collect()
    }

    /// Whether a figure may start at `i`: a number, a currency, a sign, or
    /// one of the words [`vocab::may_start_figure`] lists. Most lexemes are
    /// other words and punctuation, skipped at this one test.
    fn may_start(&self, i: usize) -> bool {
        match self.lx[i].kind {
            Kind::Num(_) | Kind::Currency(_) => true,
            Kind::Dash => {
                self.num(i + 1).is_some()
                    || matches!(self.lx.get(i + 1).map(|l| &l.kind), Some(Kind::Currency(_)))
            }
            // `vocab::may_start_figure(w) || w.ends_with("fold")`, looked up in
            // the cue table instead of compared with word after word.
            Kind::Word => matches!(
                self.cues.of(self.w(i).as_bytes()),
                Cue::Starts | Cue::Article | Cue::Possessive
            ),
            _ => false,
        }
    }

    /// Builds the figure, dropping what the rules say is not one.
    fn finish(&self, d: Draft) -> Option<Figure> {
        let unit = d.unit.clone()?;
        // Headline counts: "5 things to know".
        if self.kind == SentenceKind::Headline
            && d.number_start <= 1
            && matches!(unit, Unit::Count { noun: Some(_) })
        {
            return None;
        }
        let start = self.lx[d.start].range_in(self.source).start;
        let end = self.lx[d.end.min(self.lx.len()) - 1]
            .range_in(self.source)
            .end;
        let value = match d.value {
            DraftValue::Number { value, step } => {
                let (lo, hi) = if matches!(unit, Unit::Time { .. }) {
                    // "about 9 p.m." is within the half hour, whatever the hour.
                    d.qualifier.interval_by(value, step, 30.0)
                } else {
                    d.qualifier.interval(value, step)
                };
                Value::Amount(Amount {
                    value: Some(value),
                    step,
                    lo,
                    hi,
                })
            }
            DraftValue::Vague { lo, hi } => Value::Amount(Amount::vague(lo, hi)),
            DraftValue::Date(v) => Value::Date(v),
            DraftValue::Ordinal(n) => Value::Ordinal(n),
        };
        let written = match unit {
            Unit::Measure { .. } => d.written,
            _ => None,
        };
        Some(Figure {
            range: start..end,
            unit,
            value,
            qualifier: d.qualifier,
            weak: d.weak,
            written,
        })
    }
}

fn is_year(n: &super::lexer::Numeral) -> bool {
    n.is_plain_integer() && n.int_digits == 4 && (1000.0..=2100.0).contains(&n.value)
}

fn is_plural(w: &str) -> bool {
    super::vocab::is_irregular_plural(w)
        || (w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !w.ends_with("us")
            && !w.ends_with("is")
            && !w.ends_with("'s"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::document::Document;
    use crate::engine::text::Format;

    /// The figures of `text[range]` as the grammar reads them with no
    /// shortcut: every sentence lexed, every rule tried at every lexeme.
    fn every_rule(text: &str, range: Range<usize>, kind: SentenceKind) -> Vec<Figure> {
        let lexemes = lex(text, range);
        Grammar::new(text, &lexemes, kind).run_from(|_, _| true)
    }

    /// Texts to hold the grammar's shortcuts to its plain reading: the
    /// seeds, cases.txt, the examples, PolNeAR's political news, the first
    /// Reuters stories, and those stories with every digit changed (as the
    /// eval drafts and the 152k archive change them).
    fn differential_texts() -> Vec<(String, Format)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<(String, Format)> = crate::engine::text::seed_texts()
            .into_iter()
            .map(|t| (t, Format::Plain))
            .collect();
        texts.extend(
            include_str!("../cases.txt")
                .lines()
                .map(|l| (l.to_string(), Format::Plain)),
        );
        let read_dir = |dir: std::path::PathBuf, ext: &str, limit: usize| -> Vec<String> {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                eprintln!("skipped: no {}", dir.display());
                return Vec::new();
            };
            let mut paths: Vec<_> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == ext))
                .collect();
            paths.sort();
            paths.truncate(limit);
            paths
                .iter()
                .filter_map(|p| std::fs::read_to_string(p).ok())
                .collect()
        };
        for t in read_dir(root.join("examples"), "md", 100) {
            texts.push((t, Format::Markdown));
        }
        for t in read_dir(root.join("../shared/datasets/polnear/dev/text"), "txt", 100) {
            texts.push((t, Format::Plain));
        }
        let reuters = crate::engine::text::reuters_paths(3000).unwrap_or_default();
        for path in reuters {
            let text = std::fs::read_to_string(path).expect("a Reuters story");
            let changed = crate::engine::text::digits_changed(&text);
            texts.push((text, Format::Plain));
            texts.push((changed, Format::Plain));
        }
        texts
    }

    /// The cue table reads every word as [`cue`] does: every quoted word of
    /// the vocabulary's sources (which [`cue`] matches words against) and
    /// every run of letters of the differential texts, in their case and
    /// upper case. A word of the vocabulary with a cue that the table
    /// misses fails here.
    #[test]
    fn cue_table_reads_as_the_vocabulary() {
        let sources = [
            include_str!("../vocab.rs"),
            include_str!("../units.rs"),
            include_str!("mod.rs"),
        ];
        let mut words: Vec<String> = Vec::new();
        for src in sources {
            for (k, quoted) in src.split('"').enumerate() {
                if k % 2 == 1
                    && !quoted.is_empty()
                    && quoted
                        .bytes()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                {
                    words.push(quoted.to_string());
                }
            }
        }
        let listed = words.len();
        for (text, _) in differential_texts() {
            for run in text.split(|c: char| !c.is_ascii_alphabetic()) {
                if !run.is_empty() {
                    words.push(run.to_string());
                }
            }
        }
        let mut cued = 0;
        for w in &words {
            let lower = w.to_ascii_lowercase();
            let want = if lower.len() > CUE_LONGEST {
                Cue::Starts
            } else {
                cue(&lower)
            };
            assert_eq!(CUES.of(w.as_bytes()), want, "{w:?}");
            assert_eq!(CUES.of(w.to_ascii_uppercase().as_bytes()), want, "{w:?}");
            // Grammar::may_start reads the table for this.
            let starts = matches!(want, Cue::Starts | Cue::Article | Cue::Possessive);
            if lower.len() <= CUE_LONGEST {
                let listed =
                    super::super::vocab::may_start_figure(&lower) || lower.ends_with("fold");
                assert_eq!(starts, listed, "{w:?}");
            }
            cued += usize::from(want != Cue::None);
        }
        assert!(listed > 300 && cued > 1000, "{listed} {cued}");
    }

    /// The marked-byte scan, eight bytes at a time, answers as the byte by
    /// byte reading: every byte value at every place of texts of 1 to 17
    /// bytes (around letters, digits and '$', which sit next to the sums'
    /// limits), and every text of the differential texts cut at each of
    /// its first and last 24 bytes.
    #[test]
    fn marked_byte_scan_reads_as_the_plain_one() {
        let mut checked = 0;
        for len in 1..=17 {
            for at in 0..len {
                for filler in [b'a', b'/', b':', b'#', b'%', b'0', 0x7f] {
                    for byte in 0..=255u8 {
                        let mut t = vec![filler; len];
                        t[at] = byte;
                        assert_eq!(
                            has_digit_dollar_or_non_ascii(&t),
                            has_marked_byte_plainly(&t),
                            "{t:?}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        for (text, _) in differential_texts() {
            let b = text.as_bytes();
            for cut in (0..b.len().min(24)).chain(b.len().saturating_sub(24)..b.len()) {
                for part in [&b[cut..], &b[..cut]] {
                    assert_eq!(
                        has_digit_dollar_or_non_ascii(part),
                        has_marked_byte_plainly(part)
                    );
                    checked += 1;
                }
            }
            for sentence in crate::engine::text::sentences::split(&text, 0..text.len()) {
                let part = &b[sentence];
                assert_eq!(
                    has_digit_dollar_or_non_ascii(part),
                    has_marked_byte_plainly(part)
                );
                checked += 1;
            }
        }
        assert!(checked > 500_000, "{checked}");
    }

    /// The cue table's fast key is its plain key for every word of the
    /// table and every run of letters of the differential texts, in their
    /// case, lower and upper case, and for the runs cut short at each length.
    #[test]
    fn fast_cue_key_is_the_plain_key() {
        let mut runs: Vec<String> = CUE_WORDS.iter().map(|w| w.to_string()).collect();
        for (text, _) in differential_texts() {
            for run in text.split(|c: char| !c.is_ascii_alphabetic()) {
                runs.push(run.to_string());
            }
        }
        runs.push("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".into());
        let mut checked = 0;
        for run in &runs {
            for w in [
                run.clone(),
                run.to_ascii_lowercase(),
                run.to_ascii_uppercase(),
            ] {
                for end in 0..=w.len().min(CUE_LONGEST + 2) {
                    let cut = &w.as_bytes()[..end];
                    assert_eq!(CueTable::fast_key(cut), CueTable::key(cut), "{cut:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 100_000, "{checked}");
    }

    /// `extract`, with its shortcuts (sentences skipped unlexed, lexemes
    /// skipped untried), finds every figure, range and key that trying
    /// every rule at every lexeme of every sentence finds.
    #[test]
    fn shortcuts_find_what_every_rule_finds() {
        let (mut sentences, mut figures, mut skipped) = (0, 0, 0);
        for (text, format) in differential_texts() {
            let doc = Document::analyze(text, format);
            for s in &doc.sentences {
                let kind = if s.headline {
                    SentenceKind::Headline
                } else {
                    SentenceKind::Prose
                };
                let want = every_rule(&doc.prose.text, s.range.clone(), kind);
                let what = &doc.prose.text[s.range.clone()];
                assert_eq!(format!("{:?}", s.figures), format!("{want:?}"), "{what:?}");
                let keys = |f: &[Figure]| f.iter().map(Figure::value_key).collect::<Vec<_>>();
                assert_eq!(keys(&s.figures), keys(&want), "{what:?}");
                sentences += 1;
                figures += want.len();
                skipped += usize::from(!may_hold_figure(what));
            }
        }
        eprintln!("{sentences} sentences, {figures} figures, {skipped} skipped unlexed");
        assert!(sentences > 1000 && figures > 1000 && skipped > 100);
    }

    /// Every word's lowercase, as the grammar reads it, is its characters
    /// lowercased one by one (ASCII in place, other text by `to_lowercase`),
    /// and every other lexeme reads as "".
    #[test]
    fn words_read_lowercased() {
        let mut texts = crate::engine::text::sample_texts(
            &["ÉTATS-Unis Straße İstanbul ΣΑΣ MiXeD lower U.S. Rs200 $US5 20th Ça l'Été"],
            0,
        );
        texts.extend(include_str!("../cases.txt").lines().map(str::to_string));
        let mut words = 0;
        for text in &texts {
            let lx = lex(text, 0..text.len());
            let g = Grammar::new(text, &lx, SentenceKind::Prose);
            for (i, l) in lx.iter().enumerate() {
                let want: String = if l.is_word() {
                    words += 1;
                    l.text.chars().flat_map(char::to_lowercase).collect()
                } else {
                    String::new()
                };
                assert_eq!(g.w(i), want, "{:?}", l.text);
            }
        }
        assert!(words > 1000);
    }
}
