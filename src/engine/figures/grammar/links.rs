//! What joins figures: qualifiers ("more than", "or more"), and units lent
//! across ranges, dimensions and comparisons: "340 to 350 cruzados", "5-10%",
//! "a 12-by-9-foot room", "aged 18 to 35", "between $30 and $75 per month",
//! "$30 to $75 million", "5.93 mln against 5.81".

use super::super::lexer::Kind;
use super::super::vocab;
use super::{Draft, DraftValue, Grammar};
use crate::engine::figures::{Qualifier, Unit};

/// How two neighbouring figures are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    /// "5 to 10", "5-10", "5 and 10", "5 or 10", "5 through 10".
    Range,
    /// "12 by 9", "12 x 9", "12×9": sides of a measure.
    Sides,
    None,
}

impl Grammar<'_, '_> {
    /// A qualifier before the figure ("more than", "almost") or after it
    /// ("or more"), never reaching into the figure before (`floor`) nor
    /// taking a word hyphenated to a number ("a 5-under 67").
    pub(super) fn qualify(&self, d: &mut Draft, floor: usize) {
        if !matches!(d.value, DraftValue::Number { .. }) {
            return;
        }
        // A qualifier ends on the word just before the figure: only those
        // whose last word it is are read further (no qualifier word is
        // empty, so none is read when no word comes before).
        let last = if d.start > 0 { self.w(d.start - 1) } else { "" };
        for (words, q) in vocab::QUALIFIERS {
            let n = words.len();
            if words[n - 1] != last || d.start < n || d.start - n < floor {
                continue;
            }
            let at = d.start - n;
            let hyphenated = at > 0 && self.is(at - 1, &Kind::Dash) && self.attached(at);
            if !hyphenated && words.iter().enumerate().all(|(k, w)| self.w(at + k) == *w) {
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

    /// How the lexemes between two figures join them.
    fn link(&self, a: &Draft, b: &Draft) -> Link {
        if b.start <= a.end || b.start - a.end > 3 {
            return Link::None;
        }
        let mut words = Vec::new();
        for k in a.end..b.start {
            if self.is(k, &Kind::Dash) {
                continue;
            }
            words.push(if self.text(k) == "×" { "x" } else { self.w(k) });
        }
        match words.as_slice() {
            [] if b.start == a.end + 1 => Link::Range,
            ["to" | "and" | "or" | "through"] => Link::Range,
            ["by" | "x"] => Link::Sides,
            _ => Link::None,
        }
    }

    /// Lends units within a sentence: back across ranges and lists ("340 to
    /// 350 cruzados", "1,850 and 1,880 dlrs", "12-by-9-foot"), forward across
    /// ranges whose unit comes first ("aged 18 to 35", "$30-75 million") and
    /// comparisons ("5.93 mln against 5.81"), and a currency to later scaled
    /// amounts ("17.18 billion N.Z. dlrs ... 16.74 billion").
    pub(super) fn lend_units(&self, drafts: &mut [Draft]) {
        for k in (0..drafts.len().saturating_sub(1)).rev() {
            let link = self.link(&drafts[k], &drafts[k + 1]);
            if link == Link::None {
                continue;
            }
            let (left, right) = drafts.split_at_mut(k + 1);
            let (a, b) = (&mut left[k], &right[0]);
            let sides_ok = link == Link::Range || matches!(b.unit, Some(Unit::Measure { .. }));
            if a.bare && !a.scaled && sides_ok && b.unit.as_ref().is_some_and(lendable) {
                a.unit = b.unit.clone();
                a.bare = false;
                if b.scaled && a.number <= b.number {
                    a.scale_value(b.scale);
                    a.scale = b.scale;
                }
                lend_factor(a, b);
                continue;
            }
            if link != Link::Range {
                continue;
            }
            // "between $30 and $75 per month": the rate's noun; not from a
            // rate to a total ("8.2 mln dlrs or 1.09 dlrs a share").
            if let (
                Some(Unit::Money {
                    currency: ca,
                    per: None,
                }),
                Some(Unit::Money {
                    currency: cb,
                    per: Some(p),
                }),
            ) = (&a.unit, &b.unit)
                && ca == cb
                && (!a.scaled || b.scaled)
            {
                a.unit = Some(Unit::Money {
                    currency: ca.clone(),
                    per: Some(p.clone()),
                });
            }
            // "$30 to $75 million", "$30-75 million": the scale of the range.
            let same_kind = a.unit == b.unit || matches!(b.unit, Some(Unit::Count { noun: None }));
            let money = matches!(a.unit, Some(Unit::Money { .. }));
            if money && same_kind && !a.scaled && b.scaled && a.number < b.number {
                a.scale_value(b.scale);
                a.scale = b.scale;
                a.scaled = true;
                if matches!(b.unit, Some(Unit::Count { noun: None })) {
                    right[0].unit = a.unit.clone();
                }
            }
        }
        for k in 1..drafts.len() {
            let (left, right) = drafts.split_at_mut(k);
            let (a, b) = (&left[k - 1], &mut right[0]);
            // A qualifier read into the next figure ("89 cents or more than
            // 27 percent") can make two drafts touch: nothing lies between
            // (the range is then empty).
            let between: Vec<&str> = (a.end..b.start).map(|k| self.w(k)).collect();
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
            let before_a = self.before(a.start);
            let range = self.link(a, b) == Link::Range
                && (self.is(a.end, &Kind::Dash) && self.attached(a.end)
                    || matches!(before_a, "between" | "from" | "aged" | "ages")
                    || a.unit == Some(Unit::Age));
            let a_unit = a.unit.clone();
            if b.bare && !b.scaled && self.parallel_count(a, b, &between) {
                b.unit = a_unit;
                b.bare = false;
                b.needs_noun = false;
                continue;
            }
            if b.bare && (compares || range) && (a_unit.as_ref().is_some_and(lendable) || a.scaled)
            {
                b.unit = a_unit;
                b.bare = false;
                if !b.scaled && a.scaled {
                    b.scale_value(a.scale);
                }
                lend_factor(b, a);
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
                b.unit = a_unit;
            }
        }
    }

    /// Whether `b` repeats the count `a` with its noun left out, in a
    /// clause of the same shape: "12 cases in Texas and four in Ohio",
    /// "300 jobs at the plant and 40 at the office". The same preposition
    /// follows both numbers' places, and "and" or "or" joins them.
    /// A comma may join them too, in a list ("22 cases in Wisconsin, 10 in
    /// Indiana and six in Illinois": each takes the noun in turn).
    /// `between` is the words from the end of `a` to the start of `b`.
    fn parallel_count(&self, a: &Draft, b: &Draft, between: &[&str]) -> bool {
        if !matches!(a.unit, Some(Unit::Count { noun: Some(_) })) {
            return false;
        }
        let after_b = self.w(b.end);
        if !vocab::is_place_preposition(after_b) {
            return false;
        }
        let comma = b.start > 0 && self.is(b.start - 1, &Kind::Comma);
        let joined = comma || matches!(between.last(), Some(&("and" | "or")));
        // The noun (up to three words), then the same preposition.
        let same_shape = between.iter().take(4).any(|w| *w == after_b);
        joined && same_shape && between.len() <= 8
    }
}

/// Gives `to` the conversion `from`'s unit applied: miles to metres,
/// cents to dollars, months to years of age.
fn lend_factor(to: &mut Draft, from: &Draft) {
    match from.written {
        Some(u) => to.convert(u),
        None => {
            to.scale_value(from.unit_factor);
            to.unit_factor = from.unit_factor;
        }
    }
}

/// Units a bare number may take from its neighbour.
fn lendable(unit: &Unit) -> bool {
    !matches!(
        unit,
        Unit::Date | Unit::Ordinal { .. } | Unit::Count { noun: None } | Unit::Identifier { .. }
    )
}
