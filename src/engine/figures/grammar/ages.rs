//! Ages, in years: "the 58-year-old senator", "a six-month-old", "58 years
//! old", "87 yo", "aged 87", "at the age of 87", "Maria Lopez, 41,", "the
//! victim, 22,", "Jane Doe (34)", "who is 72,", "died at 91", and by decade,
//! "in her 40s", "in his early eighties".

use super::super::lexer::Kind;
use super::super::vocab;
use super::{Draft, DraftValue, Grammar};
use crate::engine::figures::Unit;

/// People a bare age may follow in apposition ("the victim, 22, was ...").
const PERSON_NOUNS: &[&str] = &[
    "man",
    "woman",
    "boy",
    "girl",
    "victim",
    "suspect",
    "driver",
    "wife",
    "husband",
    "son",
    "daughter",
    "mother",
    "father",
    "brother",
    "sister",
    "grandmother",
    "grandfather",
    "widow",
    "partner",
    "girlfriend",
    "boyfriend",
    "friend",
    "teenager",
    "student",
    "officer",
    "resident",
    "pensioner",
    "patient",
    "player",
    "worker",
    "defendant",
    "passenger",
    "pilot",
    "soldier",
    "nurse",
    "doctor",
    "teacher",
    "farmer",
    "mayor",
    "owner",
    "founder",
    "chairman",
    "chief",
    "singer",
    "actor",
    "actress",
    "rapper",
    "star",
    "striker",
    "child",
    "baby",
    "toddler",
    "infant",
    "veteran",
];

impl Grammar<'_, '_> {
    /// "58-year-old", "58 years old", "six-month-old", "58 years of age",
    /// "87 yo", "87-year-olds": an age written after the number.
    pub(super) fn age_after(&self, _at: usize, j: usize, d: &mut Draft) -> Option<usize> {
        let k = if self.joining_dash(j) { j + 1 } else { j };
        let (per_year, end) = match self.w(k) {
            "yo" | "y.o." | "yrs.old" => (1.0, k + 1),
            "y" if self.text(k + 1) == "/" && self.w(k + 2) == "o" => (1.0, k + 3),
            unit => {
                let per_year = match unit {
                    "year" | "years" | "yr" | "yrs" => 1.0,
                    "month" | "months" => 1.0 / 12.0,
                    "week" | "weeks" => 7.0 / 365.25,
                    "day" | "days" => 1.0 / 365.25,
                    _ => return None,
                };
                let m = if self.joining_dash(k + 1) {
                    k + 2
                } else {
                    k + 1
                };
                match self.w(m) {
                    // "the 45-year-old's lawyer", "18-year-olds' votes".
                    "old" | "olds" | "old's" | "old’s" => (per_year, m + 1),
                    "of" if self.w(m + 1) == "age" => (per_year, m + 2),
                    _ => return None,
                }
            }
        };
        if d.number_value()
            .is_some_and(|v| !(0.0..=130.0).contains(&v))
        {
            return None;
        }
        d.scale_value(per_year);
        d.unit_factor = per_year;
        d.unit = Some(Unit::Age);
        Some(end)
    }

    /// An age named before the number or by its place: "aged 87", "age 41",
    /// "at the age of 87", "Maria Lopez, 41,", "the victim, 22,".
    pub(super) fn age_before(&self, at: usize, j: usize, d: &mut Draft) -> Option<usize> {
        let value = d.number_value()?;
        if d.scaled || !(0.0..=130.0).contains(&value) {
            return None;
        }
        // "aged 87", "aged between 18 and 35" (the tails came first, so not
        // "aged 20 percent").
        let between = usize::from(at >= 2 && self.w(at - 1) == "between");
        if at > between && matches!(self.w(at - 1 - between), "aged" | "age" | "ages") {
            d.start = d.start.min(at - 1 - between);
            d.unit = Some(Unit::Age);
            return Some(j);
        }
        if at >= 2 && self.w(at - 1) == "of" && self.w(at - 2) == "age" {
            d.start = d.start.min(at - 2);
            d.unit = Some(Unit::Age);
            return Some(j);
        }
        // In apposition: "Lopez, 41, said", "the victim, 22." A name after
        // "in", "from" or "of" is a place ("sales in Ohio, 12, ..."): no.
        let apposition = at >= 2
            && d.start == at
            && self.is(at - 1, &Kind::Comma)
            && self.person_at(at - 2)
            && self.count_noun(j).is_none()
            && (j >= self.lx.len()
                || self.is(j, &Kind::Comma)
                || self.is(j, &Kind::Close)
                || (self.is(j, &Kind::Stop) && j + 1 >= self.lx.len()));
        let whole = value.fract() == 0.0 && (1.0..=120.0).contains(&value);
        if apposition && whole {
            d.unit = Some(Unit::Age);
            return Some(j);
        }
        if whole && d.start == at && self.count_noun(j).is_none() && self.age_by_place(at, j) {
            d.unit = Some(Unit::Age);
            return Some(j);
        }
        None
    }

    /// A bare number that its place makes an age: "Jane Doe (34)", "who is
    /// 72,", "who turned 80 in May", "died at 91.", "At 72, she ...".
    fn age_by_place(&self, at: usize, j: usize) -> bool {
        let ends = |k: usize| {
            k >= self.lx.len()
                || self.is(k, &Kind::Comma)
                || self.is(k, &Kind::Close)
                || self.is(k, &Kind::Stop)
        };
        // "Jane Doe (34)": in brackets after a person.
        if at >= 2
            && self.is(at - 1, &Kind::Open)
            && self.is(j, &Kind::Close)
            && self.person_at(at - 2)
        {
            return true;
        }
        // "who is 72,", "who was then 72.", "who turns 80 next week".
        let mut k = at;
        if k >= 1 && matches!(self.w(k - 1), "now" | "then") {
            k -= 1;
        }
        if k >= 2 && self.w(k - 2) == "who" {
            match self.w(k - 1) {
                "is" | "was" => return ends(j),
                "turns" | "turned" => return true,
                _ => {}
            }
        }
        // "died at 91.", "retired at 65,".
        if at >= 2
            && self.w(at - 1) == "at"
            && matches!(self.w(at - 2), "died" | "dies" | "retired" | "retires")
        {
            return ends(j);
        }
        // "At 72, she is the oldest."
        at == 1
            && self.w(0) == "at"
            && self.is(j, &Kind::Comma)
            && matches!(self.w(j + 1), "he" | "she" | "they" | "i" | "we")
    }

    /// A person's name or a noun for a person at `k`, for an age in apposition.
    fn person_at(&self, k: usize) -> bool {
        let Some(l) = self.lx.get(k) else {
            return false;
        };
        let w = self.w(k);
        if PERSON_NOUNS.contains(&w) {
            return true;
        }
        let place_before = k >= 1 && matches!(self.w(k - 1), "in" | "from" | "of" | "at" | "to");
        let place_before = place_before
            || k >= 2
                && self.lx[k - 1].is_capitalized()
                && matches!(self.w(k - 2), "in" | "from" | "of" | "at" | "to");
        l.is_capitalized()
            && !place_before
            && !l.text.contains('.')
            && w.len() > 1
            && !vocab::is_function_word(w)
            && !crate::engine::figures::is_calendar_word(w)
            && vocab::currency_word(w).is_none()
    }

    /// "in her 40s", "in his early eighties", "in their teens": an age by
    /// decade, as the interval of years it allows.
    pub(super) fn age_by_decade(&self, i: usize) -> Option<Draft> {
        if !matches!(self.w(i), "his" | "her" | "their" | "my" | "your" | "our") {
            return None;
        }
        let mut k = i + 1;
        let part = match self.w(k) {
            "early" => Some((0.0, 4.0)),
            "mid" => Some((3.0, 7.0)),
            "late" => Some((6.0, 10.0)),
            _ => None,
        };
        if part.is_some() {
            k += 1;
            if self.is(k, &Kind::Dash) {
                k += 1;
            }
        }
        let decade = if let Some(n) = self.num(k) {
            if !n.decade || n.int_digits != 2 {
                return None;
            }
            n.value
        } else {
            match self.w(k) {
                "teens" => 10.0,
                "twenties" => 20.0,
                "thirties" => 30.0,
                "forties" => 40.0,
                "fifties" => 50.0,
                "sixties" => 60.0,
                "seventies" => 70.0,
                "eighties" => 80.0,
                "nineties" => 90.0,
                _ => return None,
            }
        };
        let (lo, hi) = match part {
            Some((a, b)) => (decade + a, decade + b),
            None if decade == 10.0 => (13.0, 20.0),
            None => (decade, decade + 10.0),
        };
        let start = if part.is_some() { i + 1 } else { k };
        Some(Draft::new(
            start,
            k + 1,
            Unit::Age,
            DraftValue::Vague { lo, hi },
        ))
    }
}
