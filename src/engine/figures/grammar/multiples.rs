//! Multiples: how many times something grew or shrank. "twelvefold", "a
//! 12-fold rise", "2.5x", "three times higher", "three times as many", "by a
//! factor of three", and the verbs "doubled", "tripled", "quadrupled",
//! "halved". Their value is the factor.

use super::super::vocab;
use super::{Draft, DraftValue, Grammar};
use crate::engine::figures::Unit;

impl Grammar<'_, '_> {
    /// A multiple that starts with a word: "twelvefold", "doubled", "by a
    /// factor of three".
    pub(super) fn multiple(&self, i: usize) -> Option<Draft> {
        let w = self.w(i);
        if let Some(factor) = multiplying_verb(w) {
            return Some(multiple_draft(i, i + 1, factor, whole_step(factor)));
        }
        if let Some(stem) = w.strip_suffix("fold")
            && let Some(factor) = number_word(stem)
        {
            return Some(multiple_draft(i, i + 1, factor, whole_step(factor)));
        }
        // "a factor of three", "a factor of 2.5".
        if matches!(w, "a" | "an") && self.w(i + 1) == "factor" && self.w(i + 2) == "of" {
            let num = self.number(i + 3)?;
            if num.scaled || num.value <= 0.0 {
                return None;
            }
            return Some(multiple_draft(i, num.end, num.value, num.step));
        }
        None
    }

    /// After a number at `at` ending at `j`: "-fold", "x" written onto it,
    /// or "times" before a comparison ("three times higher", "three times
    /// as many"). "met three times" counts occasions, not a multiple.
    pub(super) fn multiple_after(&self, at: usize, j: usize, d: &mut Draft) -> Option<usize> {
        if d.scaled || d.number_value().is_none_or(|v| v <= 0.0) {
            return None;
        }
        let end = if self.joining_dash(j) && self.w(j + 1) == "fold" {
            j + 2
        } else if self.attached(j)
            && self.text(j) == "x"
            && self.num(at).is_some()
            && !(self.num(j + 1).is_some() && self.attached(j + 1))
        {
            // "2.5x"; "12x9" is a size, "the 227X" a model.
            j + 1
        } else if self.w(j) == "times" && is_comparison(self.w(j + 1)) {
            j + 1
        } else {
            return None;
        };
        d.unit = Some(Unit::Multiple);
        Some(end)
    }
}

fn multiple_draft(start: usize, end: usize, factor: f64, step: f64) -> Draft {
    Draft::new(
        start,
        end,
        Unit::Multiple,
        DraftValue::Number {
            value: factor,
            step,
        },
    )
}

/// Half the unit of a factor's last digit: 0.5 for "doubled", 0.25 for
/// "halved".
fn whole_step(factor: f64) -> f64 {
    if factor.fract() == 0.0 { 0.5 } else { 0.25 }
}

/// "doubled", "trebling", "halved": the factor a verb multiplies by.
fn multiplying_verb(w: &str) -> Option<f64> {
    Some(match w {
        "doubled" | "doubling" => 2.0,
        "tripled" | "tripling" | "trebled" | "trebling" => 3.0,
        "quadrupled" | "quadrupling" => 4.0,
        "quintupled" | "quintupling" => 5.0,
        "halved" | "halving" => 0.5,
        _ => return None,
    })
}

/// The number a "-fold" word starts with: "two", "twelve", "hundred".
fn number_word(stem: &str) -> Option<f64> {
    let stem = stem.strip_suffix('-').unwrap_or(stem);
    if let Some(n) = vocab::small_number(stem) {
        return (n >= 2).then_some(f64::from(n));
    }
    match stem {
        "twenty" => Some(20.0),
        "thirty" => Some(30.0),
        "forty" => Some(40.0),
        "fifty" => Some(50.0),
        _ => vocab::scale(stem, false).filter(|&f| f <= 1e3),
    }
}

/// Words after "N times" that make it a multiple: "higher", "more", "as".
fn is_comparison(w: &str) -> bool {
    matches!(
        w,
        "as" | "more"
            | "higher"
            | "larger"
            | "bigger"
            | "greater"
            | "faster"
            | "longer"
            | "heavier"
            | "stronger"
            | "richer"
            | "lower"
            | "smaller"
            | "less"
            | "fewer"
            | "over"
    )
}
