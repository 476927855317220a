//! The figure grammar: reads a sentence's lexemes and finds its figures.
//!
//! It works left to right. At each position it tries, in order, a date, a
//! decade, an amount (a numeral or number words, a scale, a currency or unit),
//! a vague scale ("tens of thousands"), a fraction ("a fifth of"), an ordinal
//! ("third year") and a spelled-out span ("within a day"). A second pass lends
//! units across ranges and comparisons ("340 to 350 cruzados", "5.93 mln
//! against 5.81"). Numbers inside names (Nord Stream 2, COVID-19, G7), headline
//! counts and anaphoric counts ("the two leaders") are not figures.

use std::ops::Range;

use super::lexer::{Kind, Lexeme, lex};
use super::vocab;
use super::{Amount, DateValue, Dimension, Figure, Qualifier, Unit, Value};
use crate::engine::text::words::term;

/// Where a sentence stands: headline wording follows its own rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentenceKind {
    Prose,
    Headline,
}

/// The figures of `text[range]`, in order, with absolute byte ranges.
pub fn extract(text: &str, range: Range<usize>, kind: SentenceKind) -> Vec<Figure> {
    let lexemes = lex(text, range);
    Grammar::new(&lexemes, kind).run()
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
}

#[derive(Debug, Clone)]
enum DraftValue {
    Number { value: f64, step: f64 },
    Vague { lo: f64, hi: f64 },
    Date(DateValue),
    Ordinal(u32),
}

struct Grammar<'l, 'a> {
    lx: &'l [Lexeme<'a>],
    lower: Vec<std::borrow::Cow<'a, str>>,
    kind: SentenceKind,
}

impl<'l, 'a> Grammar<'l, 'a> {
    fn new(lx: &'l [Lexeme<'a>], kind: SentenceKind) -> Self {
        let lower = lx.iter().map(Lexeme::lower).collect();
        Grammar { lx, lower, kind }
    }

    /// The lowercased word at `i`, or "" (not a word, or past the end).
    fn w(&self, i: usize) -> &str {
        self.lower.get(i).map_or("", |w| w.as_ref())
    }

    fn is(&self, i: usize, kind: &Kind) -> bool {
        self.lx.get(i).is_some_and(|l| &l.kind == kind)
    }

    /// Lexeme `i` is written onto the one before it, with no space.
    fn attached(&self, i: usize) -> bool {
        self.lx.get(i).is_some_and(|l| !l.space_before)
    }

    fn run(&self) -> Vec<Figure> {
        let mut drafts: Vec<Draft> = Vec::new();
        let mut i = 0;
        while i < self.lx.len() {
            if let Some(skip) = self.not_a_figure(i) {
                i = skip;
                continue;
            }
            let found = self
                .date(i)
                .or_else(|| self.amount(i))
                .or_else(|| self.vague(i))
                .or_else(|| self.fraction(i))
                .or_else(|| self.ordinal(i))
                .or_else(|| self.spelled_span(i));
            match found {
                Some(mut d) => {
                    self.qualify(&mut d);
                    i = d.end.max(i + 1);
                    drafts.push(d);
                }
                None => i += 1,
            }
        }
        self.lend_units(&mut drafts);
        drafts.into_iter().filter_map(|d| self.finish(d)).collect()
    }

    // ----- what is not a figure --------------------------------------------

    /// Numbers that are parts of names, codes, times or scores: the position
    /// to continue from when lexeme `i` starts one.
    fn not_a_figure(&self, i: usize) -> Option<usize> {
        let l = &self.lx[i];
        let n = l.num()?;
        // "COVID-19", "F-16": a capitalized word, a hyphen and digits, all joined.
        if i >= 2
            && self.is(i - 1, &Kind::Dash)
            && self.attached(i - 1)
            && self.attached(i)
            && self.lx[i - 2].is_capitalized()
        {
            return Some(i + 1);
        }
        // "#1", "No. 2".
        if i >= 1 && self.lx[i - 1].text == "#" {
            return Some(i + 1);
        }
        if i >= 2 && self.w(i - 2) == "no" && self.is(i - 1, &Kind::Stop) && self.attached(i - 1) {
            return Some(i + 1);
        }
        // "10:30", "12/20/2024", "3 p.m.".
        if self.is(i + 1, &Kind::Colon)
            && self.attached(i + 1)
            && self.lx.get(i + 2).and_then(Lexeme::num).is_some()
        {
            return Some(i + 3);
        }
        if self.is(i + 1, &Kind::Slash)
            && self.attached(i + 1)
            && let Some(m) = self.lx.get(i + 2).and_then(Lexeme::num)
        {
            // "1986/87": a split year, read as its first year.
            let split_year = is_year(n) && (m.int_digits == 2 || is_year(m));
            if !split_year {
                let mut j = i + 2;
                while self.is(j + 1, &Kind::Slash)
                    && self.lx.get(j + 2).and_then(Lexeme::num).is_some()
                {
                    j += 2;
                }
                return Some(j + 1);
            }
        }
        if matches!(
            self.w(i + 1),
            "a.m." | "p.m." | "am" | "pm" | "gmt" | "est" | "edt" | "bst"
        ) {
            return Some(i + 2);
        }
        // "737MAX", "5G", "3D": letters written onto the number that are no unit.
        if self
            .lx
            .get(i + 1)
            .is_some_and(|x| x.is_word() && !x.space_before)
        {
            let w = self.w(i + 1);
            let known = vocab::scale(w, true).is_some()
                || vocab::currency_word(w).is_some()
                || vocab::measure(w).is_some()
                || matches!(w, "pct" | "percent" | "bp" | "bps");
            if !known && !n.ordinal && !n.decade {
                return Some(i + 2);
            }
        }
        // "2-1": two numbers joined by a hyphen with no unit after: a score or a code.
        if self.is(i + 1, &Kind::Dash)
            && self.attached(i + 1)
            && self.attached(i + 2)
            && let Some(m) = self.lx.get(i + 2).and_then(Lexeme::num)
            && !(is_year(n) && is_year(m))
            && !self.has_unit_after(i + 3)
        {
            return Some(i + 3);
        }
        // "004", "007": a leading zero makes an identifier, not an amount.
        if n.int_digits > 1 && n.decimals == 0 && l.text.starts_with('0') {
            return Some(i + 1);
        }
        // Long digit strings without grouping: identifiers, not amounts.
        if n.int_digits > 7 && !n.grouped && !self.is_currency_before(i) {
            return Some(i + 1);
        }
        // "Nord Stream 2", "Windows 95", "Article 5": a name word right before.
        if self.is_name_before(i) && !self.has_unit_after(i + 1) {
            return Some(i + 1);
        }
        None
    }

    /// A capitalized word right before `i` that makes the number part of a name.
    fn is_name_before(&self, i: usize) -> bool {
        if i == 0
            || !self.lx[i - 1].is_capitalized()
            || !self.lx[i].space_before
            || self.lx[i - 1].text.contains('.')
        {
            return false;
        }
        let w = self.w(i - 1);
        !(vocab::is_function_word(w)
            || vocab::month(w).is_some()
            || vocab::currency_word(w).is_some()
            || vocab::currency_code(self.lx[i - 1].text).is_some()
            || vocab::QUALIFIERS.iter().any(|(q, _)| q.last() == Some(&w))
            || matches!(
                w,
                "early"
                    | "late"
                    | "mid"
                    | "fiscal"
                    | "spring"
                    | "summer"
                    | "autumn"
                    | "fall"
                    | "winter"
                    | "since"
                    | "by"
                    | "end"
                    | "calendar"
                    | "from"
                    | "through"
                    | "net"
                    | "shr"
                    | "revs"
                    | "sales"
                    | "profit"
                    | "loss"
                    | "qtr"
                    | "avg"
                    | "total"
                    | "about"
                    | "nearly"
                    | "some"
                    | "only"
                    | "just"
                    | "all"
                    | "top"
            ))
    }

    fn is_currency_before(&self, i: usize) -> bool {
        i > 0 && matches!(self.lx[i - 1].kind, Kind::Currency(_))
    }

    /// A scale, currency, percent or physical unit starts at `j`.
    fn has_unit_after(&self, j: usize) -> bool {
        let w = self.w(j);
        self.is(j, &Kind::Percent)
            || vocab::scale(w, self.attached(j)).is_some()
            || vocab::currency_word(w).is_some()
            || vocab::measure(w).is_some()
            || matches!(w, "percent" | "pct" | "per" | "percentage")
            || (self.is(j, &Kind::Dash)
                && self.attached(j)
                && vocab::measure(self.w(j + 1)).is_some())
    }

    // ----- numbers ----------------------------------------------------------

    /// A number at `i`: numerals or number words, with any scale words after.
    /// Returns (value, step, end, spelled, scaled).
    fn number(&self, i: usize) -> Option<(f64, f64, usize, bool, bool)> {
        let (mut value, mut step, mut j, spelled) = if let Some(n) = self.lx[i].num() {
            if n.ordinal || n.decade {
                return None;
            }
            (n.value, n.step(), i + 1, false)
        } else {
            let (v, j) = self.number_words(i)?;
            (v, 0.5, j, true)
        };
        // "two and a half".
        if self.w(j) == "and" && self.w(j + 1) == "a" && self.w(j + 2) == "half" {
            value += 0.5;
            step = step.min(0.25);
            j += 3;
        }
        let mut scaled = false;
        while let Some(f) = vocab::scale(self.w(j), self.attached(j)) {
            if f == 1e2 && !spelled && !scaled && self.lx[i].num().is_some_and(|n| n.decimals > 0) {
                break;
            }
            value *= f;
            step *= f;
            j += 1;
            scaled = true;
        }
        if self.w(j) == "dozen" {
            value *= 12.0;
            step *= 12.0;
            j += 1;
        }
        Some((value, step, j, spelled, scaled))
    }

    /// Spelled-out numbers: "twenty-five", "three hundred", "a million".
    fn number_words(&self, i: usize) -> Option<(f64, usize)> {
        let w = self.w(i);
        if matches!(w, "a" | "an") {
            // "a hundred", "a million", "a dozen".
            let next = self.w(i + 1);
            return match vocab::scale(next, false) {
                Some(_) => Some((1.0, i + 1)),
                None if next == "dozen" => Some((1.0, i + 1)),
                None => None,
            };
        }
        let mut value = vocab::small_number(w)?;
        let mut j = i + 1;
        if vocab::is_tens(value) {
            let (unit_at, joined) = if self.is(j, &Kind::Dash) && self.attached(j) {
                (j + 1, true)
            } else {
                (j, false)
            };
            if let Some(u) = vocab::small_number(self.w(unit_at))
                && (1..10).contains(&u)
                && (joined || self.lx.get(unit_at).is_some())
            {
                value += u;
                j = unit_at + 1;
            }
        }
        if self.w(j) == "hundred" {
            value *= 100;
            j += 1;
            let k = if self.w(j) == "and" { j + 1 } else { j };
            if let Some(rest) = vocab::small_number(self.w(k))
                && rest > 0
            {
                value += rest;
                j = k + 1;
            }
        }
        Some((value as f64, j))
    }

    // ----- amounts ----------------------------------------------------------

    /// An amount: an optional currency sign, a number, and a unit after it.
    fn amount(&self, i: usize) -> Option<Draft> {
        let (currency, at) = match self.lx[i].kind {
            Kind::Currency(code) => (Some(code), i + 1),
            _ => (None, i),
        };
        if at >= self.lx.len() {
            return None;
        }
        let (value, step, j, spelled, scaled) = self.number(at)?;
        let n = self.lx[at].num().copied();
        let mut d = Draft {
            start: i,
            end: j,
            number_start: at,
            unit: None,
            value: DraftValue::Number { value, step },
            qualifier: Qualifier::Exact,
            weak: false,
            scaled,
            bare: false,
        };
        if let Some(code) = currency {
            d.end = self.money_tail(j, code, &mut d);
            return Some(d);
        }
        if let Some(end) = self.percent(j, &mut d) {
            d.end = end;
            return Some(d);
        }
        if let Some(end) = self.currency_after(j, &mut d) {
            d.end = end;
            return Some(d);
        }
        if let Some(end) = self.measure_after(j, &mut d) {
            d.end = end;
            if spelled && value == 1.0 && !scaled {
                // "one year": as weak as "a year".
                d.weak = true;
            }
            return Some(d);
        }
        // A year, unless a plural noun makes it a count ("1500 troops").
        if let Some(num) = n
            && !scaled
            && is_year(&num)
        {
            let noun = self.count_noun(j);
            let prefixed = at >= 2
                && self.is(at - 1, &Kind::Dash)
                && matches!(self.w(at - 2), "pre" | "post" | "mid");
            let temporal = prefixed
                || at > 0
                    && matches!(
                        self.w(at - 1),
                        "in" | "since"
                            | "by"
                            | "until"
                            | "from"
                            | "during"
                            | "of"
                            | "before"
                            | "after"
                            | "early"
                            | "late"
                            | "mid"
                            | "the"
                            | "to"
                            | "through"
                            | "and"
                            | "or"
                            | "between"
                            | "fiscal"
                            | "pre"
                            | "post"
                    );
            if noun.is_none() || temporal {
                return Some(self.year(i, j, num.value as i32));
            }
        }
        if spelled {
            // A spelled-out count needs its noun, and small ones after
            // "the" or "both" point back to things already named.
            let noun = self.count_noun(j)?;
            let small = value < 13.0 && !scaled;
            if small && value < 2.0 {
                return None;
            }
            if small && at > 0 && vocab::is_anaphoric_determiner(self.w(at - 1)) {
                return None;
            }
            if small && matches!(self.w(j), "of") {
                return None;
            }
            d.unit = Some(Unit::Count { noun: Some(noun) });
            return Some(d);
        }
        let noun = self.count_noun(j);
        d.bare = noun.is_none() && !scaled;
        d.unit = Some(Unit::Count { noun });
        Some(d)
    }

    /// After a currency sign and number: scale words, a currency word, "a share".
    fn money_tail(&self, mut j: usize, code: &'static str, d: &mut Draft) -> usize {
        let mut code = code;
        // "$5 million dollars", "US$63.5 bn"; a cents word scales the value.
        if let Some((c, factor)) = vocab::currency_word(self.w(j))
            && c == code
        {
            d.scale_value(factor);
            j += 1;
        } else if let Some(c) = vocab::currency_code(self.lx.get(j).map_or("", |l| l.text)) {
            code = c;
            j += 1;
        }
        let per = self.per(j);
        if let Some((noun, end)) = &per {
            j = *end;
            d.unit = Some(Unit::Money {
                currency: code.to_string(),
                per: Some(noun.clone()),
            });
        } else {
            d.unit = Some(Unit::Money {
                currency: code.to_string(),
                per: None,
            });
        }
        j
    }

    /// "percent", "%", "pct", "per cent", "percentage points", "basis points".
    fn percent(&self, j: usize, d: &mut Draft) -> Option<usize> {
        let mut k = if self.is(j, &Kind::Percent) {
            j + 1
        } else {
            match self.w(j) {
                "percent" | "pct" | "percentage" => j + 1,
                "per" if self.w(j + 1) == "cent" => j + 2,
                "basis" if matches!(self.w(j + 1), "point" | "points") => {
                    d.scale_value(0.01);
                    d.unit = Some(Unit::Points);
                    return Some(j + 2);
                }
                "bp" | "bps" => {
                    d.scale_value(0.01);
                    d.unit = Some(Unit::Points);
                    return Some(j + 1);
                }
                _ => return None,
            }
        };
        let percentage_word = self.w(j) == "percentage";
        if matches!(self.w(k), "point" | "points") {
            d.unit = Some(Unit::Points);
            k += 1;
        } else if percentage_word {
            // "percentage" alone is not a unit.
            return None;
        } else {
            d.unit = Some(Unit::Percent);
        }
        Some(k)
    }

    /// A currency word after the number: "dollars", "U.S. dlrs", "Swiss francs", "yen".
    fn currency_after(&self, j: usize, d: &mut Draft) -> Option<usize> {
        let (code, factor, mut end) = if let Some((code, factor)) = vocab::currency_word(self.w(j))
        {
            // "pounds of beef" is a weight.
            if matches!(self.w(j), "pound" | "pounds") && self.w(j + 1) == "of" {
                return None;
            }
            (code, factor, j + 1)
        } else if let Some((code, factor)) = vocab::currency_word(self.w(j + 1))
            && let Some(c) = vocab::currency_country(self.w(j), code)
        {
            (c, factor, j + 2)
        } else if let Some((code, factor)) = vocab::currency_word(self.w(j + 2))
            && let Some(c) = vocab::currency_country(self.w(j + 1), code)
            && matches!(self.w(j), "new" | "hong")
        {
            (c, factor, j + 3)
        } else if let Some(code) = vocab::currency_code(self.lx.get(j).map_or("", |l| l.text)) {
            (code, 1.0, j + 1)
        } else {
            return None;
        };
        d.scale_value(factor);
        let per = self.per(end);
        if let Some((_, e)) = &per {
            end = *e;
        }
        d.unit = Some(Unit::Money {
            currency: code.to_string(),
            per: per.map(|(noun, _)| noun),
        });
        Some(end)
    }

    /// "per tonne", "a share", "an ounce": the noun a rate is per.
    fn per(&self, j: usize) -> Option<(String, usize)> {
        if !matches!(self.w(j), "per" | "a" | "an") {
            return None;
        }
        let noun = self.w(j + 1);
        if noun.is_empty()
            || vocab::is_function_word(noun)
            || vocab::is_relative_time(self.w(j + 2))
        {
            return None;
        }
        let l = self.lx.get(j + 1)?;
        if !l.is_word() || l.is_capitalized() {
            return None;
        }
        Some((
            term(noun).map_or_else(|| noun.to_string(), |t| t.to_string()),
            j + 2,
        ))
    }

    /// A physical unit after the number: "six months", "800-mile", "60 kilos".
    fn measure_after(&self, j: usize, d: &mut Draft) -> Option<usize> {
        // "800-mile", "six-month": the unit joined by a hyphen.
        let word_at = if self.is(j, &Kind::Dash) && self.attached(j) && self.attached(j + 1) {
            j + 1
        } else {
            j
        };
        let w = self.w(word_at);
        let (dimension, factor, end) = if w == "square" {
            let f = vocab::square(self.w(word_at + 1))?;
            (Dimension::Area, f, word_at + 2)
        } else if w == "nautical" && matches!(self.w(word_at + 1), "mile" | "miles") {
            (Dimension::Distance, 1852.0, word_at + 2)
        } else {
            let (dim, f) = vocab::measure(w)?;
            (dim, f, word_at + 1)
        };
        d.scale_value(factor);
        let mut end = end;
        let per = if dimension != Dimension::Duration {
            self.per(end).inspect(|(_, e)| end = *e).map(|(n, _)| n)
        } else {
            None
        };
        d.unit = Some(Unit::Measure { dimension, per });
        Some(end)
    }

    /// The noun a count counts: the first plural among the next few words.
    fn count_noun(&self, j: usize) -> Option<String> {
        let mut words = Vec::new();
        let mut k = j;
        // "tens of thousands of casualties": the noun after "of".
        if self.w(k) == "of" && self.lx.get(k + 1).is_some_and(Lexeme::is_word) {
            k += 1;
        }
        while k < self.lx.len() && words.len() < 3 {
            let l = &self.lx[k];
            if !l.is_word() || !l.space_before {
                break;
            }
            let w = self.w(k);
            if vocab::is_function_word(w)
                || vocab::month(w).is_some()
                || vocab::small_number(w).is_some()
                || vocab::vague_scale(w).is_some()
            {
                break;
            }
            words.push(w.to_string());
            k += 1;
        }
        let plural = words.iter().find(|w| is_plural(w))?;
        Some(term(plural).map_or_else(|| plural.clone(), |t| t.to_string()))
    }

    // ----- dates ------------------------------------------------------------

    fn year(&self, start: usize, end: usize, year: i32) -> Draft {
        let mut d = Draft {
            start,
            end,
            number_start: start,
            unit: Some(Unit::Date),
            value: DraftValue::Date(DateValue {
                years: Some((year, year)),
                month: None,
                day: None,
            }),
            qualifier: Qualifier::Exact,
            weak: false,
            scaled: false,
            bare: false,
        };
        // "1986/87": the split year's second half belongs to it.
        if self.is(end, &Kind::Slash) && self.lx.get(end + 1).and_then(Lexeme::num).is_some() {
            d.end = end + 2;
        }
        // "pre-2014", "post-2022".
        if start >= 2
            && self.is(start - 1, &Kind::Dash)
            && matches!(self.w(start - 2), "pre" | "post")
        {
            d.start = start - 2;
            d.weak = true;
            d.qualifier = if self.w(start - 2) == "pre" {
                Qualifier::Under
            } else {
                Qualifier::Over
            };
        }
        d
    }

    /// "January 20", "January 20, 2025", "20 January", "January 20th", "February 2022", "the 1980s".
    fn date(&self, i: usize) -> Option<Draft> {
        let l = &self.lx[i];
        let date =
            |start: usize, end: usize, years: Option<i32>, month: u8, day: Option<u8>| Draft {
                start,
                end,
                number_start: start,
                unit: Some(Unit::Date),
                value: DraftValue::Date(DateValue {
                    years: years.map(|y| (y, y)),
                    month: Some(month),
                    day,
                }),
                qualifier: Qualifier::Exact,
                weak: false,
                scaled: false,
                bare: false,
            };
        if let Some(n) = l.num() {
            if n.decade {
                let v = n.value as i32;
                let first = if n.int_digits == 2 { 1900 + v } else { v };
                let mut d = self.year(i, i + 1, first);
                d.value = DraftValue::Date(DateValue {
                    years: Some((first, first + 9)),
                    month: None,
                    day: None,
                });
                return Some(d);
            }
            // "20 January 2025".
            let day = as_day(n)?;
            let m = self.month_at(i + 1)?;
            let mut end = self.after_month(i + 1);
            let year = self
                .lx
                .get(end)
                .and_then(Lexeme::num)
                .filter(|y| is_year(y));
            if year.is_some() {
                end += 1;
            }
            return Some(date(i, end, year.map(|y| y.value as i32), m, Some(day)));
        }
        let m = self.month_at(i)?;
        let mut j = self.after_month(i);
        let Some(first) = self.lx.get(j).and_then(Lexeme::num) else {
            return self.bare_month(i, j, m);
        };
        if is_year(first) && !first.ordinal {
            return Some(date(i, j + 1, Some(first.value as i32), m, None));
        }
        let day = as_day(first)?;
        j += 1;
        let comma = usize::from(self.is(j, &Kind::Comma));
        let year = self
            .lx
            .get(j + comma)
            .and_then(Lexeme::num)
            .filter(|y| is_year(y));
        if year.is_some() {
            j += comma + 1;
        }
        Some(date(i, j, year.map(|y| y.value as i32), m, Some(day)))
    }

    /// "in March", "since February": a month alone, weak, telling when a
    /// sentence's other figures held ("rose 0.7 pct in March").
    fn bare_month(&self, i: usize, end: usize, month: u8) -> Option<Draft> {
        let before = if i > 0 { self.w(i - 1) } else { "" };
        let temporal = matches!(
            before,
            "in" | "since"
                | "by"
                | "until"
                | "from"
                | "during"
                | "early"
                | "late"
                | "mid"
                | "last"
                | "next"
                | "this"
                | "through"
                | "before"
                | "after"
                | "for"
        );
        if !temporal {
            return None;
        }
        Some(Draft {
            start: i,
            end,
            number_start: i,
            unit: Some(Unit::Date),
            value: DraftValue::Date(DateValue {
                years: None,
                month: Some(month),
                day: None,
            }),
            qualifier: Qualifier::Exact,
            weak: true,
            scaled: false,
            bare: false,
        })
    }

    /// A month name at `i`: capitalized ("May", not "may"), abbreviations allowed.
    fn month_at(&self, i: usize) -> Option<u8> {
        let l = self.lx.get(i)?;
        if !l.is_capitalized() {
            return None;
        }
        vocab::month(self.w(i))
    }

    /// The position after a month name and its abbreviation dot.
    fn after_month(&self, i: usize) -> usize {
        let abbreviated = self.w(i).len() <= 4 && self.w(i) != "may" && self.w(i) != "june";
        if abbreviated
            && self.is(i + 1, &Kind::Stop)
            && self.attached(i + 1)
            && self.lx[i + 1].text == "."
        {
            i + 2
        } else {
            i + 1
        }
    }

    // ----- vague scales, fractions, ordinals, spans -------------------------

    /// "tens of thousands", "hundreds of thousands", "millions", "a few hundred
    /// thousand", and bare spans of time ("it will take months").
    fn vague(&self, i: usize) -> Option<Draft> {
        let w = self.w(i);
        let (lo, hi, mut j) = if matches!(w, "tens" | "hundreds")
            && self.w(i + 1) == "of"
            && let Some((lo, _)) = vocab::vague_scale(self.w(i + 2))
        {
            let f = if w == "tens" { 10.0 } else { 100.0 };
            (lo * f, lo * f * 10.0, i + 3)
        } else if let Some((lo, hi)) = vocab::vague_scale(w) {
            (lo, hi, i + 1)
        } else if matches!(w, "several" | "few" | "many")
            && let Some(f) = vocab::scale(self.w(i + 1), false)
        {
            let (f, j) = match vocab::scale(self.w(i + 2), false) {
                Some(g) => (f * g, i + 3),
                None => (f, i + 2),
            };
            let start = if w == "few" && i > 0 && self.w(i - 1) == "a" {
                i - 1
            } else {
                i
            };
            return Some(self.vague_count(start, j, 2.0 * f, 10.0 * f));
        } else {
            return self.vague_span(i);
        };
        // A currency word or "of dollars" makes it money.
        let k = if self.w(j) == "of" { j + 1 } else { j };
        if let Some((code, _)) = vocab::currency_word(self.w(k)) {
            j = k + 1;
            let mut d = self.vague_count(i, j, lo, hi);
            d.unit = Some(Unit::Money {
                currency: code.to_string(),
                per: None,
            });
            return Some(d);
        }
        Some(self.vague_count(i, j, lo, hi))
    }

    fn vague_count(&self, start: usize, end: usize, lo: f64, hi: f64) -> Draft {
        Draft {
            start,
            end,
            number_start: start,
            unit: Some(Unit::Count {
                noun: self.count_noun(end),
            }),
            value: DraftValue::Vague { lo, hi },
            qualifier: Qualifier::Exact,
            weak: false,
            scaled: true,
            bare: false,
        }
    }

    /// "take months", "for years", "in recent weeks": a vague, weak span of time.
    fn vague_span(&self, i: usize) -> Option<Draft> {
        let (lo, hi) = match self.w(i) {
            "days" => (2.0, 14.0),
            "weeks" => (14.0, 60.0),
            "months" => (60.0, 365.0),
            "years" => (730.0, 3652.5),
            "decades" => (7305.0, 36525.0),
            _ => return None,
        };
        let before = if i > 0 { self.w(i - 1) } else { "" };
        let spans = matches!(
            before,
            "for"
                | "take"
                | "takes"
                | "took"
                | "taken"
                | "taking"
                | "within"
                | "in"
                | "over"
                | "last"
                | "past"
                | "recent"
                | "several"
                | "few"
                | "many"
                | "coming"
                | "next"
        );
        if !spans || vocab::is_relative_time(self.w(i + 1)) {
            return None;
        }
        Some(Draft {
            start: i,
            end: i + 1,
            number_start: i,
            unit: Some(Unit::Measure {
                dimension: Dimension::Duration,
                per: None,
            }),
            value: DraftValue::Vague { lo, hi },
            qualifier: Qualifier::Exact,
            weak: true,
            scaled: false,
            bare: false,
        })
    }

    /// "a fifth of", "half the", "three-quarters of", "two-thirds": a share, in percent.
    fn fraction(&self, i: usize) -> Option<Draft> {
        let w = self.w(i);
        let (numerator, at) = if vocab::fraction_word(w).is_some() {
            // A bare "third" or "quarter" is an ordinal or a period; only "half" stands alone.
            if w != "half" {
                return None;
            }
            (1.0, i)
        } else {
            let n = match w {
                "a" | "an" | "one" => 1.0,
                _ => f64::from(vocab::small_number(w).filter(|&n| (2..10).contains(&n))?),
            };
            let at = if self.is(i + 1, &Kind::Dash) && self.attached(i + 1) {
                i + 2
            } else {
                i + 1
            };
            (n, at)
        };
        let word = self.w(at);
        let share = vocab::fraction_word(word)?;
        // "a quarter" is a fraction only when a share of something follows.
        if numerator > 1.0 && !word.ends_with('s') {
            return None;
        }
        if numerator == 1.0 && word.ends_with('s') {
            return None;
        }
        let before = if i > 0 { self.w(i - 1) } else { "" };
        if word == "half"
            && matches!(
                before,
                "first" | "second" | "the" | "a" | "this" | "last" | "next"
            )
            && at == i
        {
            return None;
        }
        let end = at + 1;
        // "half a year": a span of time.
        if word == "half"
            && matches!(self.w(end), "a" | "an")
            && let Some((Dimension::Duration, f)) = vocab::measure(self.w(end + 1))
        {
            return Some(Draft {
                start: i,
                end: end + 2,
                number_start: i,
                unit: Some(Unit::Measure {
                    dimension: Dimension::Duration,
                    per: None,
                }),
                value: DraftValue::Number {
                    value: 0.5 * f,
                    step: 0.01 * f,
                },
                qualifier: Qualifier::Exact,
                weak: false,
                scaled: false,
                bare: false,
            });
        }
        let next = self.w(end);
        let share_of = matches!(
            next,
            "of" | "the" | "its" | "their" | "his" | "her" | "our" | "all" | "that" | "this"
        ) || matches!(before, "by" | "than");
        if !share_of {
            return None;
        }
        let value = numerator * share * 100.0;
        Some(Draft {
            start: i,
            end,
            number_start: i,
            unit: Some(Unit::Percent),
            value: DraftValue::Number { value, step: 0.5 },
            qualifier: Qualifier::Exact,
            weak: false,
            scaled: false,
            bare: false,
        })
    }

    /// "third year", "second term", "20th anniversary": weak ordinals of a noun.
    fn ordinal(&self, i: usize) -> Option<Draft> {
        let l = &self.lx[i];
        let n = match l.num() {
            Some(n) if n.ordinal => n.value as u32,
            Some(_) => return None,
            None => vocab::ordinal_word(self.w(i))?,
        };
        let at = if self.is(i + 1, &Kind::Dash) && self.attached(i + 1) {
            i + 2
        } else {
            i + 1
        };
        let noun_lx = self.lx.get(at)?;
        let noun = self.w(at);
        if !noun_lx.is_word()
            || noun == "half"
            || vocab::is_function_word(noun)
            || noun.ends_with("est")
            || vocab::month(noun).is_some() && noun_lx.is_capitalized()
        {
            return None;
        }
        // Ordinals of sequences a story can get wrong ("third year", "second
        // term"); "first" only for periods, where it is not idiom ("first time").
        let sequence = matches!(
            noun,
            "day"
                | "week"
                | "month"
                | "year"
                | "quarter"
                | "term"
                | "round"
                | "anniversary"
                | "season"
                | "decade"
                | "century"
                | "wave"
                | "phase"
                | "stage"
                | "visit"
                | "meeting"
                | "summit"
                | "election"
                | "trip"
                | "attempt"
                | "straight"
                | "consecutive"
                | "generation"
                | "edition"
        );
        if !sequence
            || (n == 1
                && !matches!(
                    noun,
                    "day" | "week" | "month" | "year" | "quarter" | "term" | "round"
                ))
        {
            return None;
        }
        Some(Draft {
            start: i,
            end: at + 1,
            number_start: i,
            unit: Some(Unit::Ordinal {
                noun: term(noun).map_or_else(|| noun.to_string(), |t| t.to_string()),
            }),
            value: DraftValue::Ordinal(n),
            qualifier: Qualifier::Exact,
            weak: true,
            scaled: false,
            bare: false,
        })
    }

    /// "within a day", "for a decade": one unit of time, weak.
    fn spelled_span(&self, i: usize) -> Option<Draft> {
        if !matches!(self.w(i), "a" | "an") {
            return None;
        }
        let (dimension, factor) = vocab::measure(self.w(i + 1))?;
        let before = if i > 0 { self.w(i - 1) } else { "" };
        if dimension != Dimension::Duration
            || self.w(i + 1).ends_with('s')
            || self.w(i + 1) == "second"
            || vocab::is_relative_time(self.w(i + 2))
            || matches!(
                before,
                "once" | "twice" | "times" | "per" | "each" | "every" | "half"
            )
            || (i > 0 && matches!(self.lx[i - 1].kind, Kind::Num(_) | Kind::Percent))
        {
            return None;
        }
        Some(Draft {
            start: i,
            end: i + 2,
            number_start: i,
            unit: Some(Unit::Measure {
                dimension,
                per: None,
            }),
            value: DraftValue::Number {
                value: factor,
                step: factor * 0.01,
            },
            qualifier: Qualifier::Exact,
            weak: true,
            scaled: false,
            bare: false,
        })
    }

    // ----- second pass ------------------------------------------------------

    /// A qualifier before the figure ("more than", "almost") or after it ("or more").
    fn qualify(&self, d: &mut Draft) {
        if !matches!(d.value, DraftValue::Number { .. }) {
            return;
        }
        for (words, q) in vocab::QUALIFIERS {
            let n = words.len();
            if d.start < n {
                continue;
            }
            let at = d.start - n;
            if words.iter().enumerate().all(|(k, w)| self.w(at + k) == *w) {
                d.start = at;
                d.qualifier = *q;
                break;
            }
        }
        if d.qualifier == Qualifier::Exact {
            match (self.w(d.end), self.w(d.end + 1)) {
                ("or", "more") => {
                    d.qualifier = Qualifier::AtLeast;
                    d.end += 2;
                }
                ("or", "so") => {
                    d.qualifier = Qualifier::About;
                    d.end += 2;
                }
                ("plus", _) => {
                    d.qualifier = Qualifier::AtLeast;
                    d.end += 1;
                }
                _ => {}
            }
        }
    }

    /// Lends units within a sentence: back across ranges and lists ("340 to 350
    /// cruzados", "1,850 and 1,880 dlrs"), forward across comparisons ("5.93
    /// mln against 5.81"), and a currency to later scaled amounts ("17.18
    /// billion N.Z. dlrs ... 16.74 billion").
    fn lend_units(&self, drafts: &mut [Draft]) {
        for k in (0..drafts.len().saturating_sub(1)).rev() {
            let (a, b) = (&drafts[k], &drafts[k + 1]);
            let one_link = b.start == a.end + 1
                && (self.is(a.end, &Kind::Dash)
                    || matches!(self.w(a.end), "to" | "and" | "or" | "through"));
            if a.bare && !a.scaled && one_link && b.unit.as_ref().is_some_and(lendable) {
                let unit = b.unit.clone();
                let factor = b.scale_factor(self);
                let a = &mut drafts[k];
                a.unit = unit;
                a.bare = false;
                if let Some(f) = factor {
                    a.scale_value(f);
                }
            }
        }
        for k in 1..drafts.len() {
            let (a, b) = (&drafts[k - 1], &drafts[k]);
            // A qualifier read into the next figure ("89 cents or more than
            // 27 percent") can make two drafts touch: nothing lies between.
            let between: Vec<&str> = self.lower[a.end.min(b.start)..b.start]
                .iter()
                .map(|w| w.as_ref())
                .collect();
            let compares = matches!(
                between.as_slice(),
                ["vs"]
                    | ["vs", ""]
                    | ["versus"]
                    | ["against"]
                    | ["from"]
                    | ["compared", "with"]
                    | ["compared", "to"]
                    | ["up", "from"]
                    | ["down", "from"]
                    | ["and"]
            );
            let a_unit = a.unit.clone();
            let a_scale = a.scale_factor(self);
            if b.bare && compares && (a_unit.as_ref().is_some_and(lendable) || a.scaled) {
                let b = &mut drafts[k];
                b.unit = a_unit;
                b.bare = false;
                if !b.scaled
                    && let Some(f) = a_scale
                {
                    b.scale_value(f);
                }
                continue;
            }
            // A scaled amount with no unit after money with a scale: the same currency.
            let b_unitless = matches!(&b.unit, Some(Unit::Count { noun: None }));
            if b.scaled
                && b_unitless
                && matches!(&a_unit, Some(Unit::Money { .. }))
                && a.scaled
                && matches!(b.value, DraftValue::Number { .. })
            {
                drafts[k].unit = a_unit;
            }
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
        let start = self.lx[d.start].range.start;
        let end = self.lx[d.end.min(self.lx.len()) - 1].range.end;
        let value = match d.value {
            DraftValue::Number { value, step } => {
                let (lo, hi) = d.qualifier.interval(value, step);
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
        Some(Figure {
            range: start..end,
            unit,
            value,
            qualifier: d.qualifier,
            weak: d.weak,
        })
    }
}

impl Draft {
    fn scale_value(&mut self, f: f64) {
        if let DraftValue::Number { value, step } = &mut self.value {
            *value *= f;
            *step *= f;
        }
    }

    /// The scale word's factor when this figure was written with one ("5 mln").
    fn scale_factor(&self, g: &Grammar) -> Option<f64> {
        if !self.scaled {
            return None;
        }
        (self.number_start..self.end).find_map(|k| vocab::scale(g.w(k), g.attached(k)))
    }
}

/// Units a bare number may take from its neighbour.
fn lendable(unit: &Unit) -> bool {
    !matches!(
        unit,
        Unit::Date | Unit::Ordinal { .. } | Unit::Count { noun: None }
    )
}

fn is_year(n: &super::lexer::Numeral) -> bool {
    n.is_plain_integer() && n.int_digits == 4 && (1000.0..=2100.0).contains(&n.value)
}

fn as_day(n: &super::lexer::Numeral) -> Option<u8> {
    let plain = n.decimals == 0 && !n.grouped && !n.decade;
    (plain && (1.0..=31.0).contains(&n.value)).then_some(n.value as u8)
}

fn is_plural(w: &str) -> bool {
    vocab::is_irregular_plural(w)
        || (w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !w.ends_with("us")
            && !w.ends_with("is")
            && !w.ends_with("'s"))
}
