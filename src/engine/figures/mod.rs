//! Figures: numbers in prose, normalised so that equal claims compare equal.
//!
//! `$63.5bn`, `US$63.5 bn` and `63.5 billion dollars` are all USD 6.35e10;
//! `a fifth` is 20 percent; `two decades` is 7305 days; `6 miles` is 9,656
//! metres, as is `9.66 km`; `the 58-year-old` is an age of 58; `the 1980s`
//! is the years 1980 to 1989. Each figure carries an interval from its
//! qualifier ("more than", "almost") and its rounding, and [`relate`] decides
//! whether two figures agree. `docs/figures.md` lists every form, generated
//! from the rows of `cases.txt` that the tests read.

mod grammar;
mod lexer;
mod relate;
pub mod table;
mod units;
mod vocab;

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

pub use grammar::{DateOrder, SentenceKind, date_order, extract, set_date_order};
pub use relate::{Relation, Slip, conversion, relate, slip};
pub use units::{MeasureUnit, System, counterpart};

/// Bump when what the grammar reads from a sentence changes: a persisted
/// index holds its sources' figures, and is rebuilt when this differs.
pub const GRAMMAR: u32 = 12;

/// Month and weekday names (and their abbreviations): capitalized, never names.
pub fn is_calendar_word(word: &str) -> bool {
    if word.is_ascii() {
        return is_ascii_calendar_word(word.as_bytes());
    }
    let lower = word.to_lowercase();
    vocab::month(&lower).is_some() || vocab::is_weekday(&lower)
}

/// [`is_calendar_word`] of an ASCII word, lowercased on the stack and read
/// as bytes (no string made, none checked for UTF-8): the longest calendar
/// words ("september", "wednesday") have nine letters, and dots after a
/// word change nothing (the vocabulary trims them), so a longer word is
/// none. The index asks it of every capitalized word.
fn is_ascii_calendar_word(word: &[u8]) -> bool {
    const LONGEST: usize = "september".len();
    let word = vocab::trim_dots(word);
    if word.len() > LONGEST {
        return false;
    }
    let mut lower = [0u8; LONGEST];
    for (l, b) in lower.iter_mut().zip(word) {
        *l = b.to_ascii_lowercase();
    }
    let lower = &lower[..word.len()];
    vocab::month_of(lower).is_some() || vocab::is_weekday_of(lower)
}

/// A figure found in a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// Byte range in the text, qualifier included ("more than $63.5 billion").
    pub range: Range<usize>,
    pub unit: Unit,
    pub value: Value,
    pub qualifier: Qualifier,
    /// Vague or easily incidental ("months", "a day", "third year"): checked
    /// against a source that states the same claim, never reported as unsupported.
    pub weak: bool,
    /// The unit a measure was written in ("6 miles": miles), while its value
    /// is in the dimension's base unit: says when a comparison converted.
    pub written: Option<MeasureUnit>,
}

/// What a figure measures. Two figures compare only when their units do.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Unit {
    /// An amount of money, optionally per something ("a share", "per tonne").
    Money {
        currency: String,
        per: Option<String>,
    },
    Percent,
    /// Percentage points.
    Points,
    /// A count of something: the stemmed head noun when there is one.
    Count {
        noun: Option<String>,
    },
    /// A physical quantity in its base unit (days, metres, kilograms, litres,
    /// m², °C, km/h, watts, watt-hours).
    Measure {
        dimension: Dimension,
        per: Option<String>,
    },
    /// A person's age, in years ("the 58-year-old", "aged 87", "Lopez, 41,").
    Age,
    Date,
    /// A factor: "doubled", "twelvefold", "2.5x", "three times higher".
    Multiple,
    /// "third year", "second term": an ordinal of the stemmed noun.
    Ordinal {
        noun: String,
    },
    /// A number that names something ("Flight 77", "the S&P 500", "No. 4",
    /// "chapter 11", "Palm OS 5.2"): the words that name it, lowercased.
    /// Not a quantity: it is never unsupported, and it compares only with
    /// an identifier of the same label ("Flight 78" differs, "Route 66" is
    /// another thing), see [`same_label`].
    Identifier {
        label: String,
    },
    /// A time of day in minutes after midnight ("9:37 a.m." is 577), with
    /// its zone when one is written ("edt", "arizona" for "Arizona time").
    /// Never unsupported; times in two different zones are not compared.
    Time {
        zone: Option<String>,
    },
}

/// Whether two identifiers' labels name the same series: the same last word
/// ("Flight" and "American Airlines Flight", "Poor's" and "Poors"), or the
/// same initials ("Standard & Poor's" and "S&P").
pub fn same_label(a: &str, b: &str) -> bool {
    fn head(label: &str) -> &str {
        let w = label.rsplit(' ').next().unwrap_or(label);
        let w = w
            .strip_suffix("'s")
            .or_else(|| w.strip_suffix("’s"))
            .unwrap_or(w);
        w.strip_suffix('s').filter(|x| x.len() >= 3).unwrap_or(w)
    }
    fn initials(label: &str) -> String {
        label.split(' ').filter_map(|w| w.chars().next()).collect()
    }
    let spelled = |x: &str| x.contains(' ');
    a == b
        || head(a) == head(b)
        || ((spelled(a) || spelled(b)) && initials(a).len() >= 2 && initials(a) == initials(b))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Dimension {
    Duration,
    Distance,
    Mass,
    Volume,
    Area,
    Temperature,
    Speed,
    Power,
    Energy,
}

impl Unit {
    /// Whether figures of these units can be compared at all.
    pub fn comparable(&self, other: &Unit) -> bool {
        match (self, other) {
            (Unit::Count { noun: a }, Unit::Count { noun: b }) => {
                a.is_none() || b.is_none() || a == b
            }
            (
                Unit::Money {
                    currency: a,
                    per: pa,
                },
                Unit::Money {
                    currency: b,
                    per: pb,
                },
            ) => a == b && pa == pb,
            (Unit::Percent | Unit::Points, Unit::Percent | Unit::Points) => true,
            (Unit::Identifier { label: a }, Unit::Identifier { label: b }) => same_label(a, b),
            (Unit::Time { zone: a }, Unit::Time { zone: b }) => {
                a.is_none() || b.is_none() || a == b
            }
            _ => self == other,
        }
    }

    /// A short stable key for indexing: figures that may compare share it.
    pub fn family(&self) -> String {
        let mut out = String::new();
        self.write_family(&mut out);
        out
    }

    /// Writes [`Unit::family`] onto `out` (the index writes every figure's
    /// terms into one string a sentence, with no string of their own).
    pub fn write_family(&self, out: &mut String) {
        let (kind, detail) = match self {
            Unit::Money { currency, .. } => ("money:", currency.as_str()),
            Unit::Percent | Unit::Points => ("percent", ""),
            Unit::Count { .. } => ("count", ""),
            // The dimension's name, as its Display writes it.
            Unit::Measure { dimension, .. } => (dimension.name(), ""),
            Unit::Age => ("age", ""),
            Unit::Date => ("date", ""),
            Unit::Multiple => ("multiple", ""),
            Unit::Ordinal { noun } => ("ordinal:", noun.as_str()),
            Unit::Identifier { .. } => ("identifier", ""),
            Unit::Time { .. } => ("time", ""),
        };
        out.push_str(kind);
        out.push_str(detail);
    }

    /// What kind of figure this is, in a word: money, percent, points,
    /// count, age, date, multiple, ordinal, identifier, or a measure's
    /// dimension (distance, mass ...).
    pub fn kind(&self) -> String {
        match self {
            Unit::Money { .. } => "money".into(),
            Unit::Percent => "percent".into(),
            Unit::Points => "points".into(),
            Unit::Count { .. } => "count".into(),
            Unit::Measure { dimension, .. } => dimension.to_string(),
            Unit::Age => "age".into(),
            Unit::Date => "date".into(),
            Unit::Multiple => "multiple".into(),
            Unit::Ordinal { .. } => "ordinal".into(),
            Unit::Identifier { .. } => "identifier".into(),
            Unit::Time { .. } => "time".into(),
        }
    }
}

/// The value of a figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Value {
    Amount(Amount),
    Date(DateValue),
    Ordinal(u32),
}

/// A quantity in the unit's base: a stated value, or only an interval for a
/// vague scale ("tens of thousands").
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    /// The value as written, in base units; None for vague scales.
    pub value: Option<f64>,
    /// Half the unit of the last written digit: "63.5 billion" is ±0.05 billion.
    pub step: f64,
    /// The interval the words allow, qualifier included.
    pub lo: f64,
    pub hi: f64,
}

impl Amount {
    pub fn exact(value: f64, step: f64) -> Self {
        Amount {
            value: Some(value),
            step,
            lo: value - step,
            hi: value + step,
        }
    }

    pub fn vague(lo: f64, hi: f64) -> Self {
        Amount {
            value: None,
            step: 0.0,
            lo,
            hi,
        }
    }

    pub fn contains(&self, x: f64) -> bool {
        let eps = 1e-9 * x.abs().max(1.0);
        x >= self.lo - eps && x <= self.hi + eps
    }
}

/// A calendar date or year as precise as the text gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateValue {
    /// Years covered, inclusive: one year, or a decade for "the 1980s".
    pub years: Option<(i32, i32)>,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// Words that shape a figure's interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Qualifier {
    Exact,
    /// more than, over, above, in excess of
    Over,
    /// at least, no less than
    AtLeast,
    /// less than, under, below, fewer than
    Under,
    /// up to, at most, as many as
    AtMost,
    /// almost, nearly, close to, just under
    Almost,
    /// about, approximately, roughly, around, some, an estimated
    About,
}

impl Qualifier {
    /// The interval a qualifier gives a stated value.
    pub fn interval(self, value: f64, step: f64) -> (f64, f64) {
        self.interval_by(value, step, value.abs() * 0.1)
    }

    /// The interval with a vague qualifier's spread given: "about" is
    /// `spread` (at least the step) either side, "almost" that much below.
    pub fn interval_by(self, value: f64, step: f64, spread: f64) -> (f64, f64) {
        let spread = spread.max(step);
        match self {
            Qualifier::Exact => (value - step, value + step),
            Qualifier::Over => (value + step * 1e-6, f64::INFINITY),
            Qualifier::AtLeast => (value, f64::INFINITY),
            Qualifier::Under => (f64::NEG_INFINITY, value - step * 1e-6),
            Qualifier::AtMost => (f64::NEG_INFINITY, value),
            Qualifier::Almost => (value - spread, value),
            Qualifier::About => (value - spread, value + spread),
        }
    }

    /// Points one way: above the value, or below it.
    pub fn direction(self) -> i8 {
        match self {
            Qualifier::Over | Qualifier::AtLeast => 1,
            Qualifier::Under | Qualifier::AtMost | Qualifier::Almost => -1,
            Qualifier::Exact | Qualifier::About => 0,
        }
    }
}

impl Figure {
    /// Whether a draft figure no source states is reported: not a weak one,
    /// not an identifier (a model or flight number states no quantity; it is
    /// only checked against a source that names the same series), and not a
    /// time of day (incidental detail, checked against a source that gives one).
    pub fn may_be_unsupported(&self) -> bool {
        !self.weak && !matches!(self.unit, Unit::Identifier { .. } | Unit::Time { .. })
    }

    /// A stable token for the figure's value, for indexing: equal figures share it.
    pub fn value_key(&self) -> Option<String> {
        let mut out = String::new();
        self.write_value_key(&mut out).then_some(out)
    }

    /// Whether the figure has a [`Figure::value_key`] (a vague amount has none).
    pub fn has_value_key(&self) -> bool {
        !matches!(self.value, Value::Amount(Amount { value: None, .. }))
    }

    /// Writes [`Figure::value_key`] onto `out`, formatted in place (the
    /// index writes it for every figure of every sentence); false, with
    /// nothing written, when the figure has none.
    pub fn write_value_key(&self, out: &mut String) -> bool {
        use fmt::Write;
        match &self.value {
            Value::Amount(Amount { value: Some(v), .. }) => {
                self.unit.write_family(out);
                out.push('=');
                write_canonical_number(*v, out);
            }
            Value::Amount(_) => return false,
            Value::Date(d) => {
                out.push_str("date=");
                match d.years {
                    Some((a, b)) if a == b => {
                        let _ = write!(out, "{a}");
                    }
                    Some((a, b)) => {
                        let _ = write!(out, "{a}-{b}");
                    }
                    None => {}
                }
                if let Some(m) = d.month {
                    let _ = write!(out, "/{m}");
                }
                if let Some(x) = d.day {
                    let _ = write!(out, "/{x}");
                }
            }
            Value::Ordinal(n) => {
                self.unit.write_family(out);
                let _ = write!(out, "={n}");
            }
        }
        true
    }
}

/// A number to 6 significant digits, as text: "6.35e10", "182.625", "0.12".
pub(crate) fn canonical_number(v: f64) -> String {
    let mut out = String::new();
    write_canonical_number(v, &mut out);
    out
}

/// Writes [`canonical_number`] onto `out`.
fn write_canonical_number(v: f64, out: &mut String) {
    use fmt::Write;
    if v == 0.0 || !v.is_finite() {
        let _ = write!(out, "{v}");
        return;
    }
    // A whole number under a million prints as the integer it is (as `{v}`
    // prints it), without the float formatting: most figures are these.
    if v.fract() == 0.0 && v.abs() < 1e6 {
        let _ = write!(out, "{}", v as i64);
        return;
    }
    // Most figures have few digits: when the shortest decimal that reads
    // back as `v` has at most six significant digits, rounding to six
    // changes nothing and `v` prints as itself. One format instead of three
    // and a parse (this ran for every figure of every indexed sentence).
    if (1e-4..1e6).contains(&v.abs()) {
        let at = out.len();
        let _ = write!(out, "{v}");
        let significant = out[at..]
            .bytes()
            .filter(u8::is_ascii_digit)
            .skip_while(|&b| b == b'0')
            .count();
        if significant <= 6 {
            return;
        }
        out.truncate(at);
    }
    out.push_str(&canonical_by_rounding(v));
}

/// `canonical_number` the long way: round to six significant digits, then
/// print plainly between 1e-4 and 1e6, else as mantissa and exponent.
fn canonical_by_rounding(v: f64) -> String {
    let sci = format!("{v:.5e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
    if (-4..6).contains(&exp) {
        let plain: f64 = format!("{mantissa}e{exp}").parse().unwrap_or(v);
        format!("{plain}")
    } else {
        format!("{mantissa}e{exp}")
    }
}

impl Dimension {
    /// The symbol of the base unit values of this dimension are in.
    pub fn base_symbol(self) -> &'static str {
        match self {
            Dimension::Duration => "d",
            Dimension::Distance => "m",
            Dimension::Mass => "kg",
            Dimension::Volume => "l",
            Dimension::Area => "m2",
            Dimension::Temperature => "C",
            Dimension::Speed => "km/h",
            Dimension::Power => "W",
            Dimension::Energy => "Wh",
        }
    }

    /// "duration", "distance" ...: how the dimension is written.
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Duration => "duration",
            Dimension::Distance => "distance",
            Dimension::Mass => "mass",
            Dimension::Volume => "volume",
            Dimension::Area => "area",
            Dimension::Temperature => "temperature",
            Dimension::Speed => "speed",
            Dimension::Power => "power",
            Dimension::Energy => "energy",
        }
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod calendar_word_tests {
    use super::*;

    /// `is_calendar_word` as first written: every word lowercased into a
    /// new string.
    fn is_calendar_word_plainly(word: &str) -> bool {
        let lower = word.to_lowercase();
        vocab::month(&lower).is_some() || vocab::is_weekday(&lower)
    }

    #[test]
    fn calendar_words_are_read_as_plainly() {
        let mut ws: Vec<String> = [
            "",
            ".",
            "..",
            "Jan",
            "JAN.",
            "jan..",
            "jan",
            "Sept.",
            "SEPTEMBER",
            "September.",
            "Septembers",
            "WEDNESDAY",
            "wednesday..",
            "Wednesdays",
            "Mayday",
            "MAY",
            "may.",
            "Thurs.",
            "THURSDAY",
            "Thursdays",
            "Sun",
            "SUN...",
            "Dec.x",
            ".Dec",
            "Ｍay",
            "Máy",
            "\u{212A}",
            "İ",
            "Mon.day",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        if let Some(paths) = crate::engine::text::reuters_paths(2000) {
            for path in &paths {
                let Ok(text) = std::fs::read_to_string(path) else {
                    continue;
                };
                ws.extend(text.split_whitespace().map(str::to_string));
                ws.extend(
                    crate::engine::text::words::words(&text, 0..text.len())
                        .iter()
                        .map(|w| w.text.to_string()),
                );
            }
        }
        for w in &ws {
            assert_eq!(is_calendar_word(w), is_calendar_word_plainly(w), "{w:?}");
        }
    }
}
