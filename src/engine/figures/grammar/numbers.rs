//! Numbers: numerals ("1,750", "12,34,567", "2½", "1/4"), number words up to
//! the trillions ("two hundred and fifty thousand"), fractions of a scale or
//! unit ("a quarter of a million", "three quarters of a billion", "half a
//! mile"), and scale words, also hyphenated ("$45-million").

use super::super::vocab;
use super::{Grammar, Kind};

/// A number read at a position.
#[derive(Debug, Clone, Copy)]
pub(super) struct Number {
    /// The value, scale words applied.
    pub value: f64,
    /// Half the unit of its last written digit, scaled.
    pub step: f64,
    /// The lexeme after it.
    pub end: usize,
    /// Written in words ("twenty-five").
    pub spelled: bool,
    /// A scale word was applied ("million").
    pub scaled: bool,
    /// That scale word's factor, 1 without one.
    pub scale: f64,
    /// A fraction below one written with digits ("1/4", "½").
    pub fraction: bool,
}

impl Grammar<'_, '_> {
    /// A number at `i`: numerals or number words, with any scale words after.
    pub(super) fn number(&self, i: usize) -> Option<Number> {
        let (mut value, mut step, mut j, spelled, fraction) = if let Some(n) = self.num(i) {
            if n.ordinal || n.decade {
                return None;
            }
            match self.numeric_fraction(i) {
                Some((v, end, step)) => (v, step, end, false, true),
                None => {
                    let mut value = n.value;
                    let mut step = n.step();
                    let mut j = i + 1;
                    // "2 1/2", "2 ½", "1-1/4": a whole number and a fraction.
                    if n.is_plain_integer() {
                        let k = if self.joining_dash(j) { j + 1 } else { j };
                        if let Some((v, end, s)) = self.numeric_fraction(k) {
                            value += v;
                            step = s;
                            j = end;
                        } else if let Some(f) = self.num(j)
                            && f.fraction
                            && f.value < 1.0
                        {
                            value += f.value;
                            step = f.step();
                            j += 1;
                        }
                    }
                    (value, step, j, false, n.fraction && n.value < 1.0)
                }
            }
        } else if let Some((share, end, of_scale)) = self.fraction_of(i) {
            // "a quarter of a million": the scale applies below.
            if !of_scale {
                return Some(Number {
                    value: share,
                    step: share * 0.01,
                    end,
                    spelled: true,
                    scaled: false,
                    scale: 1.0,
                    fraction: false,
                });
            }
            (share, share * 0.01, end, true, false)
        } else {
            let (v, step, j) = self.number_words(i)?;
            (v, step, j, true, false)
        };
        // "two and a half", "one and a half million".
        if self.w(j) == "and" && self.w(j + 1) == "a" && self.w(j + 2) == "half" {
            value += 0.5;
            step = step.min(0.25);
            j += 3;
        }
        let mut scaled = false;
        let mut scale = 1.0;
        loop {
            let (f, width) = match vocab::scale(self.w(j), self.attached(j)) {
                Some(f) => (f, 1),
                None if self.joining_dash(j)
                    && self.w(j + 1).len() > 1
                    && let Some(f) = vocab::scale(self.w(j + 1), false) =>
                {
                    // "$45-million", "a $2-billion deal".
                    (f, 2)
                }
                None => break,
            };
            if f == 1e2 && !spelled && !scaled && self.num(i).is_some_and(|n| n.decimals > 0) {
                break;
            }
            // "1.8m tall": metres, not million.
            if self.w(j) == "m" && self.metre_context(i, j) {
                break;
            }
            value *= f;
            step *= f;
            scale *= f;
            j += width;
            scaled = true;
        }
        // "a million and a half".
        if scaled && self.w(j) == "and" && self.w(j + 1) == "a" && self.w(j + 2) == "half" {
            value += 0.5 * scale;
            j += 3;
        }
        if self.w(j) == "dozen" {
            value *= 12.0;
            step *= 12.0;
            j += 1;
        }
        Some(Number {
            value,
            step,
            end: j,
            spelled,
            scaled,
            scale,
            fraction,
        })
    }

    /// "1/4", "3/4": a fraction below one written with a slash, read only
    /// where a unit, "of" or a whole number makes it one (not "24/7", "9/11");
    /// its value, end and step.
    fn numeric_fraction(&self, i: usize) -> Option<(f64, usize, f64)> {
        let n = self.num(i)?;
        if !(self.is(i + 1, &Kind::Slash) && self.attached(i + 1) && self.attached(i + 2)) {
            return None;
        }
        let d = self.num(i + 2)?;
        let plain = n.is_plain_integer() && d.is_plain_integer();
        if !plain || n.value < 1.0 || n.value >= d.value || !(2.0..=64.0).contains(&d.value) {
            return None;
        }
        if self.is(i + 3, &Kind::Slash) {
            return None;
        }
        let after = i + 3;
        let whole = if i >= 2 && self.joining_dash(i - 1) {
            i - 2
        } else {
            i.wrapping_sub(1)
        };
        let mixed = i > 0 && self.num(whole).is_some_and(|w| w.is_plain_integer());
        let unit_next = self.w(after) == "of"
            || self.w(after) == "inch"
            || vocab::measure(self.w(after)).is_some()
            || (self.joining_dash(after) && vocab::measure(self.w(after + 1)).is_some())
            || vocab::scale(self.w(after), false).is_some()
            || vocab::currency_word(self.w(after)).is_some()
            || matches!(self.w(after), "cup" | "cups" | "percent" | "pct")
            || self.is(after, &Kind::Percent);
        let step = super::super::lexer::fraction_step(d.value);
        (mixed || unit_next).then_some((n.value / d.value, after, step))
    }

    /// Spelled-out numbers: "twenty-five", "three hundred", "a million",
    /// "two million three hundred thousand". The value before any trailing
    /// scale word, with its step and end.
    fn number_words(&self, i: usize) -> Option<(f64, f64, usize)> {
        let w = self.w(i);
        if matches!(w, "a" | "an") {
            // "a hundred", "a million", "a dozen".
            let next = self.w(i + 1);
            return match vocab::scale(next, false) {
                Some(1e2) => {
                    let (rest, end) = self.hundreds_rest(i + 2);
                    Some((100.0 + rest, 0.5, end))
                }
                Some(_) => Some((1.0, 0.5, i + 1)),
                None if next == "dozen" => Some((1.0, 0.5, i + 1)),
                None => None,
            };
        }
        let (mut group, mut j) = self.word_group(i)?;
        // "two million three hundred thousand": groups before falling
        // scales. The last scale word is left to `number`, which applies it
        // and may attach a unit after it.
        let mut total = 0.0;
        let mut last = f64::INFINITY;
        loop {
            let Some(f) = vocab::scale(self.w(j), false).filter(|&f| f >= 1e3 && f < last) else {
                return Some((total + group, 0.5, j));
            };
            let next = self.word_group(j + 1).filter(|&(next, end)| {
                let smaller = vocab::scale(self.w(end), false).is_some_and(|g| g >= 1e3 && g < f);
                smaller || next >= 100.0
            });
            match next {
                Some((next, end)) => {
                    total += group * f;
                    group = next;
                    last = f;
                    j = end;
                }
                None => return Some((total / f + group, 0.5, j)),
            }
        }
    }

    /// A group below a thousand in words: "twelve", "forty-two", "three
    /// hundred and six".
    fn word_group(&self, i: usize) -> Option<(f64, usize)> {
        let mut value = vocab::small_number(self.w(i))?;
        let mut j = i + 1;
        if vocab::is_tens(value) {
            let (unit_at, joined) = if self.joining_dash(j) {
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
        let mut value = f64::from(value);
        if self.w(j) == "hundred" {
            let (rest, end) = self.hundreds_rest(j + 1);
            value = value * 100.0 + rest;
            j = end;
        }
        Some((value, j))
    }

    /// What follows "hundred": "and six", "twenty-five", or nothing.
    fn hundreds_rest(&self, j: usize) -> (f64, usize) {
        let k = if self.w(j) == "and" { j + 1 } else { j };
        match vocab::small_number(self.w(k)) {
            Some(rest) if rest > 0 => {
                let mut v = rest;
                let mut end = k + 1;
                if vocab::is_tens(rest) {
                    let unit_at = if self.joining_dash(end) { end + 1 } else { end };
                    if let Some(u) = vocab::small_number(self.w(unit_at))
                        && (1..10).contains(&u)
                    {
                        v += u;
                        end = unit_at + 1;
                    }
                }
                (f64::from(v), end)
            }
            _ => (0.0, j),
        }
    }

    /// "half a", "a quarter of a", "three quarters of a", "two-thirds of a"
    /// followed by a scale ("million") or a unit ("mile"): the share and
    /// where the scale or unit starts, and whether it is a scale.
    pub(super) fn fraction_of(&self, i: usize) -> Option<(f64, usize, bool)> {
        let (share, k) = self.fraction_words(i)?;
        let k = if self.w(k) == "of" { k + 1 } else { k };
        if !matches!(self.w(k), "a" | "an") {
            return None;
        }
        let next = self.w(k + 1);
        if vocab::scale(next, false).is_some_and(|f| f >= 1e3) {
            return Some((share, k + 1, true));
        }
        if next == "dozen" {
            return Some((share * 12.0, k + 2, false));
        }
        let unit = vocab::measure(next).is_some()
            || matches!(next, "square" | "cubic" | "nautical")
            || vocab::currency_word(next).is_some();
        unit.then_some((share, k + 1, false))
    }

    /// "half", "a quarter", "one third", "three quarters", "two-thirds":
    /// the share and the lexeme after it.
    pub(super) fn fraction_words(&self, i: usize) -> Option<(f64, usize)> {
        let w = self.w(i);
        if w == "half" {
            return Some((0.5, i + 1));
        }
        let numerator = match w {
            "a" | "an" | "one" => 1.0,
            _ => f64::from(vocab::small_number(w).filter(|&n| (2..10).contains(&n))?),
        };
        let at = if self.joining_dash(i + 1) {
            i + 2
        } else {
            i + 1
        };
        let word = self.w(at);
        let share = vocab::fraction_word(word)?;
        // "one quarter", "three quarters": singular for one, plural for more.
        let plural = word.ends_with('s') || word == "halves";
        if (numerator > 1.0) != plural || word == "half" && numerator > 1.0 {
            return None;
        }
        Some((numerator * share, at + 1))
    }

    /// An ordinal at `k`: "21st", "eleventh", "twenty-first", "ninetieth";
    /// its value and the lexeme after it.
    pub(super) fn ordinal_at(&self, k: usize) -> Option<(u32, usize)> {
        if let Some(n) = self.num(k) {
            return (n.ordinal).then_some((n.value as u32, k + 1));
        }
        let w = self.w(k);
        if let Some(n) = vocab::ordinal_word(w) {
            return Some((n, k + 1));
        }
        let tens = vocab::small_number(w).filter(|&t| vocab::is_tens(t))?;
        let at = if self.joining_dash(k + 1) {
            k + 2
        } else {
            k + 1
        };
        let unit = vocab::ordinal_word(self.w(at)).filter(|&u| u < 10)?;
        Some((tens + unit, at + 1))
    }

    /// Whether an "m" written onto a number means metres: a height, a length,
    /// a race or a dimension ("1.8m tall", "the 100m final", "3m x 4m").
    pub(super) fn metre_context(&self, i: usize, m: usize) -> bool {
        if !self.attached(m) {
            return false;
        }
        let after = self.w(m + 1);
        let dimension_after = matches!(
            after,
            "tall"
                | "high"
                | "long"
                | "wide"
                | "deep"
                | "thick"
                | "away"
                | "apart"
                | "across"
                | "below"
                | "above"
                | "underground"
                | "deeper"
                | "higher"
                | "taller"
                | "longer"
                | "sprint"
                | "hurdles"
                | "race"
                | "dash"
                | "freestyle"
                | "butterfly"
                | "backstroke"
                | "breaststroke"
                | "medley"
                | "relay"
                | "final"
                | "heat"
                | "semi"
                | "jump"
                | "x"
                | "by"
        ) || (after == "in"
            && matches!(
                self.w(m + 2),
                "height" | "length" | "width" | "diameter" | "depth" | "circumference" | "size"
            ))
            || (self.text(m + 1) == "/" && matches!(self.w(m + 2), "s" | "sec"))
            || self.text(m + 1) == "×";
        let k = if i > 0 && self.w(i - 1) == "of" {
            i.saturating_sub(2)
        } else {
            i.saturating_sub(1)
        };
        let measuring_before = i > 0
            && matches!(
                self.w(k),
                "measuring"
                    | "ran"
                    | "runs"
                    | "run"
                    | "swam"
                    | "swims"
                    | "swim"
                    | "rowed"
                    | "measures"
                    | "measured"
                    | "stands"
                    | "stood"
                    | "jumped"
                    | "leapt"
                    | "cleared"
                    | "threw"
                    | "height"
                    | "depth"
                    | "length"
                    | "width"
                    | "altitude"
                    | "elevation"
                    | "diameter"
                    | "radius"
                    | "distance"
                    | "tall"
                    | "x"
                    | "by"
            );
        dimension_after || measuring_before || (i > 0 && self.text(i - 1) == "×")
    }
}
