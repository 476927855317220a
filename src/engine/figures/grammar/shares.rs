//! Vague scales ("tens of thousands", "millions of dollars"), spans of time
//! ("for months", "within a day"), shares ("a fifth of", "two thirds of the
//! vote") and ordinals of a sequence ("third year", "second term").

use super::super::lexer::Kind;
use super::super::vocab;
use super::{Draft, DraftValue, Grammar};
use crate::engine::figures::{Dimension, Unit};
use crate::engine::text::words::term;

impl Grammar<'_, '_> {
    /// "tens of thousands", "hundreds of thousands", "millions", "a few hundred
    /// thousand", and bare spans of time ("it will take months").
    pub(super) fn vague(&self, i: usize) -> Option<Draft> {
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
        let mut d = Draft::new(
            start,
            end,
            Unit::Count {
                noun: self.count_noun(end),
            },
            DraftValue::Vague { lo, hi },
        );
        d.scaled = true;
        d
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
        let mut d = Draft::new(
            i,
            i + 1,
            Unit::Measure {
                dimension: Dimension::Duration,
                per: None,
            },
            DraftValue::Vague { lo, hi },
        );
        d.weak = true;
        Some(d)
    }

    /// "one in five", "1 in 4 adults", "nine out of 10", "one in every
    /// three": a proportion, in percent.
    pub(super) fn proportion(&self, i: usize) -> Option<Draft> {
        let part = |k: usize| -> Option<f64> {
            match self.num(k) {
                Some(n) if n.is_plain_integer() => Some(n.value),
                Some(_) => None,
                None => vocab::small_number(self.w(k))
                    .filter(|_| self.lx[k].is_word())
                    .map(f64::from),
            }
        };
        let n = part(i)?;
        let mut k = i + 1;
        match (self.w(k), self.w(k + 1)) {
            ("in", "every") => k += 2,
            ("in", _) => k += 1,
            ("out", "of") => k += 2,
            _ => return None,
        }
        let d = part(k)?;
        if !(n >= 1.0 && d > n && d <= 1000.0) {
            return None;
        }
        Some(Draft::new(
            i,
            k + 1,
            Unit::Percent,
            DraftValue::Number {
                value: 100.0 * n / d,
                step: 0.5,
            },
        ))
    }

    /// "a fifth of", "half the", "three-quarters of", "two thirds of": a
    /// share, in percent.
    pub(super) fn fraction(&self, i: usize) -> Option<Draft> {
        let (share, end) = self.fraction_words(i)?;
        // "a quarter point", "a half-point cut", "half a percentage point":
        // percentage points, as central banks move rates.
        let mut k = if self.joining_dash(end) { end + 1 } else { end };
        if self.w(i) == "half" && self.w(k) == "a" {
            k += 1;
        }
        let percentage = usize::from(self.w(k) == "percentage");
        if matches!(self.w(k + percentage), "point" | "points") {
            return Some(Draft::new(
                i,
                k + percentage + 1,
                Unit::Points,
                DraftValue::Number {
                    value: share,
                    step: 0.005,
                },
            ));
        }
        let before = self.before(i);
        // "the second half", "a half": not a share of anything named.
        if self.w(i) == "half"
            && matches!(
                before,
                "first" | "second" | "the" | "a" | "this" | "last" | "next"
            )
        {
            return None;
        }
        let share_of = matches!(
            self.w(end),
            "of" | "the" | "its" | "their" | "his" | "her" | "our" | "all" | "that" | "this"
        ) || matches!(before, "by" | "than");
        if !share_of {
            return None;
        }
        Some(Draft::new(
            i,
            end,
            Unit::Percent,
            DraftValue::Number {
                value: share * 100.0,
                step: 0.5,
            },
        ))
    }

    /// "third year", "second term", "20th anniversary": weak ordinals of a noun.
    pub(super) fn ordinal(&self, i: usize) -> Option<Draft> {
        if let Some(d) = self.period_code(i) {
            return Some(d);
        }
        let (n, after) = self.ordinal_at(i)?;
        let joined = self.joining_dash(after);
        let at = if joined { after + 1 } else { after };
        let noun_lx = self.lx.get(at)?;
        let noun = self.w(at);
        // "the third-largest bank", "its second-biggest market": a rank.
        if joined && n >= 2 && noun.ends_with("est") && noun.len() > 4 {
            let mut d = Draft::new(
                i,
                at + 1,
                Unit::Ordinal {
                    noun: noun.to_string(),
                },
                DraftValue::Ordinal(n),
            );
            d.weak = true;
            return Some(d);
        }
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
        let mut d = Draft::new(
            i,
            at + 1,
            Unit::Ordinal {
                noun: term(noun).map_or_else(|| noun.to_string(), |t| t.to_string()),
            },
            DraftValue::Ordinal(n),
        );
        d.weak = true;
        Some(d)
    }

    /// "Q3", "H1": a quarter or a half of the year, as results name them; an
    /// ordinal like "third quarter". "the Audi Q3" is a name.
    fn period_code(&self, i: usize) -> Option<Draft> {
        let text = self.text(i);
        let (noun, n) = match text.as_bytes() {
            [b'Q', d @ b'1'..=b'4'] => ("quarter", d - b'0'),
            [b'H', d @ b'1'..=b'2'] => ("half", d - b'0'),
            _ => return None,
        };
        if i >= 2 && self.lx[i - 1].is_capitalized() {
            return None;
        }
        let mut d = Draft::new(
            i,
            i + 1,
            Unit::Ordinal {
                noun: term(noun).map_or_else(|| noun.to_string(), |t| t.to_string()),
            },
            DraftValue::Ordinal(u32::from(n)),
        );
        d.weak = true;
        Some(d)
    }

    /// "within a day", "for a decade": one unit of time, weak.
    pub(super) fn spelled_span(&self, i: usize) -> Option<Draft> {
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
        let mut d = Draft::new(
            i,
            i + 2,
            Unit::Measure {
                dimension,
                per: None,
            },
            DraftValue::Number {
                value: factor,
                step: factor * 0.01,
            },
        );
        d.weak = true;
        Some(d)
    }
}
