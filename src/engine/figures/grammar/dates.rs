//! Dates: "January 20, 2025", "20 January", "Jan. 5", "May the eleventh",
//! "the 21st of May", "Thursday the 21st", "02/22/2016", "22/04/2016",
//! "2016-02-22", "22.04.2016", years ("in 2018", "pre-2014"), seasons and
//! fiscal years across two ("the 2020-21 season", "1986/87"),
//! decades ("the 1980s") and months alone ("in March").

use super::super::lexer::{Kind, Numeral};
use super::super::vocab;
use super::{DateOrder, Draft, DraftValue, Grammar, date_order, is_year};
use crate::engine::figures::{DateValue, Qualifier, Unit};

fn date_draft(
    start: usize,
    end: usize,
    years: Option<i32>,
    month: Option<u8>,
    day: Option<u8>,
) -> Draft {
    Draft::new(
        start,
        end,
        Unit::Date,
        DraftValue::Date(DateValue {
            years: years.map(|y| (y, y)),
            month,
            day,
        }),
    )
}

fn as_day(n: &Numeral) -> Option<u8> {
    let plain = n.decimals == 0 && !n.grouped && !n.decade && !n.fraction;
    (plain && (1.0..=31.0).contains(&n.value)).then_some(n.value as u8)
}

impl Grammar<'_, '_> {
    pub(super) fn year(&self, start: usize, end: usize, year: i32) -> Draft {
        let mut d = date_draft(start, end, Some(year), None, None);
        if let Some(second) = self.split_year(start) {
            // "the 2020-21 season", "fiscal 1986/87": both years.
            d.end = end + 2;
            d.value = DraftValue::Date(DateValue {
                years: Some((year, second)),
                month: None,
                day: None,
            });
        } else if self.is(end, &Kind::Slash) && self.num(end + 1).is_some() {
            // "1986/88": read as its first year.
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

    /// "2020-21", "1986/87", "2019/2020": a season or fiscal year across two
    /// calendar years, when the year at `i` starts one: the second year.
    pub(super) fn split_year(&self, i: usize) -> Option<i32> {
        let a = self.num(i).filter(|n| is_year(n))?;
        let joined = (self.is(i + 1, &Kind::Dash) || self.is(i + 1, &Kind::Slash))
            && self.attached(i + 1)
            && self.attached(i + 2);
        let b = self.num(i + 2).filter(|n| joined && n.is_plain_integer())?;
        let first = a.value as i32;
        let second = match b.int_digits {
            2 => {
                let century = first - first % 100;
                let b = b.value as i32;
                if b > first % 100 {
                    century + b
                } else {
                    century + 100 + b
                }
            }
            4 => b.value as i32,
            _ => return None,
        };
        (second == first + 1).then_some(second)
    }

    /// "02/22/2016", "22/04/2016", "04/05/16", "2016-02-22", "22.04.2016",
    /// "05/2016". Parts only one order can read are read that way; others
    /// by the configured [`DateOrder`] (dotted dates are day first).
    pub(super) fn numeric_date(&self, i: usize) -> Option<Draft> {
        let a = self.num(i)?;
        if a.grouped
            || a.ordinal
            || a.decade
            || a.fraction
            || !self.lx[i].space_before
                && i > 0
                && !matches!(self.lx[i - 1].kind, Kind::Open | Kind::Quote)
        {
            return None;
        }
        // "22.04.2016": the lexer reads "22.04" as one numeral.
        if a.decimals == 2
            && self.is(i + 1, &Kind::Stop)
            && self.text(i + 1) == "."
            && self.attached(i + 1)
            && self.attached(i + 2)
            && let Some(y) = self.num(i + 2)
            && is_year(y)
            && let Some((d, m)) = self.text(i).split_once('.')
            && d.len() <= 2
        {
            let (day, month) = (d.parse::<u8>().ok()?, m.parse::<u8>().ok()?);
            return valid(day, month)
                .then(|| date_draft(i, i + 3, Some(y.value as i32), Some(month), Some(day)));
        }
        if a.decimals != 0 {
            return None;
        }
        let sep = match self.lx.get(i + 1).map(|l| &l.kind) {
            Some(Kind::Slash) => Kind::Slash,
            Some(Kind::Dash) => Kind::Dash,
            _ => return None,
        };
        if !(self.attached(i + 1) && self.attached(i + 2)) {
            return None;
        }
        let b = self.num(i + 2).filter(|b| b.is_plain_integer())?;
        // "05/2016": a month and a year.
        if sep == Kind::Slash
            && a.int_digits <= 2
            && (1.0..=12.0).contains(&a.value)
            && is_year(b)
            && !self.is(i + 3, &Kind::Slash)
        {
            return Some(date_draft(
                i,
                i + 3,
                Some(b.value as i32),
                Some(a.value as u8),
                None,
            ));
        }
        if !(self.is(i + 3, &sep) && self.attached(i + 3) && self.attached(i + 4)) {
            return None;
        }
        let c = self.num(i + 4).filter(|c| c.is_plain_integer())?;
        if self.is(i + 5, &sep) && self.attached(i + 5) {
            return None;
        }
        let (ad, bd, cd) = (a.int_digits, b.int_digits, c.int_digits);
        let (year, month, day) = if ad == 4 && bd <= 2 && cd <= 2 {
            (a.value as i32, b.value as u8, c.value as u8)
        } else if ad <= 2 && bd <= 2 && (cd == 4 || cd == 2 && sep == Kind::Slash) {
            let year = if cd == 4 {
                c.value as i32
            } else if c.value < 50.0 {
                2000 + c.value as i32
            } else {
                1900 + c.value as i32
            };
            let (x, y) = (a.value as u8, b.value as u8);
            let day_first = if x > 12 {
                true
            } else if y > 12 {
                false
            } else {
                date_order() == DateOrder::DayFirst
            };
            if day_first {
                (year, y, x)
            } else {
                (year, x, y)
            }
        } else {
            return None;
        };
        if !is_year(&Numeral {
            value: f64::from(year),
            decimals: 0,
            int_digits: 4,
            grouped: false,
            ordinal: false,
            decade: false,
            fraction: false,
            den: 0,
        }) || !valid(day, month)
        {
            return None;
        }
        Some(date_draft(i, i + 5, Some(year), Some(month), Some(day)))
    }

    /// "January 20", "January 20, 2025", "20 January", "January 20th",
    /// "February 2022", "May the eleventh", "the 21st of May", "Thursday the
    /// 21st", "the 1980s".
    pub(super) fn date(&self, i: usize) -> Option<Draft> {
        if let Some(n) = self.num(i) {
            if n.decade {
                // "the low 40s", "the high 90s": a level (a poll, a
                // temperature), not the 1940s.
                if n.int_digits == 2 && matches!(self.before(i), "low" | "high" | "upper") {
                    return None;
                }
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
            // "20 January 2025", "21st of May".
            let day = as_day(n)?;
            let of = n.ordinal && self.w(i + 1) == "of";
            let m = self.month_at(i + 1 + usize::from(of))?;
            let end = self.after_month(i + 1 + usize::from(of));
            let (year, end) = self.year_after(end, false);
            return Some(date_draft(i, end, year, Some(m), Some(day)));
        }
        // "the eleventh of May", "eleventh of May".
        if let Some((day, k)) = self.day_ordinal(i)
            && self.num(i).is_none()
            && self.w(k) == "of"
            && let Some(m) = self.month_at(k + 1)
        {
            let (year, end) = self.year_after(self.after_month(k + 1), false);
            return Some(date_draft(i, end, year, Some(m), Some(day)));
        }
        // "Thursday the 21st", "Thursday, the 21st".
        if crate::engine::figures::is_calendar_word(self.w(i))
            && vocab::month(self.w(i)).is_none()
            && self.lx[i].is_capitalized()
        {
            let k = i + 1 + usize::from(self.is(i + 1, &Kind::Comma));
            if self.w(k) == "the"
                && let Some((day, end)) = self.day_ordinal(k + 1)
            {
                if self.w(end) == "of"
                    && let Some(m) = self.month_at(end + 1)
                {
                    let (year, e) = self.year_after(self.after_month(end + 1), false);
                    return Some(date_draft(i, e, year, Some(m), Some(day)));
                }
                return Some(date_draft(i, end, None, None, Some(day)));
            }
            return None;
        }
        let m = self.month_at(i)?;
        let mut j = self.after_month(i);
        // "May the eleventh", "May eleventh".
        let the = usize::from(self.w(j) == "the");
        if self.num(j + the).is_none()
            && let Some((day, end)) = self.day_ordinal(j + the)
        {
            let (year, end) = self.year_after(end, true);
            return Some(date_draft(i, end, year, Some(m), Some(day)));
        }
        if the == 1
            && let Some(n) = self.num(j + 1)
            && n.ordinal
            && let Some(day) = as_day(n)
        {
            let (year, end) = self.year_after(j + 2, true);
            return Some(date_draft(i, end, year, Some(m), Some(day)));
        }
        let Some(first) = self.num(j) else {
            return self.bare_month(i, j, m);
        };
        if is_year(first) && !first.ordinal {
            return Some(date_draft(
                i,
                j + 1,
                Some(first.value as i32),
                Some(m),
                None,
            ));
        }
        let day = as_day(first)?;
        j += 1;
        let (year, end) = self.year_after(j, true);
        Some(date_draft(i, end, year, Some(m), Some(day)))
    }

    /// A year after a date's day or month ("…, 2025", "… 2025"), and the end.
    fn year_after(&self, j: usize, comma: bool) -> (Option<i32>, usize) {
        let c = usize::from(comma && self.is(j, &Kind::Comma));
        match self.num(j + c).filter(|y| is_year(y) && !y.ordinal) {
            Some(y) => (Some(y.value as i32), j + c + 1),
            None => (None, j),
        }
    }

    /// A day of the month as an ordinal: "21st", "eleventh", "twenty-first".
    fn day_ordinal(&self, k: usize) -> Option<(u8, usize)> {
        let (d, end) = self.ordinal_at(k)?;
        (1..=31).contains(&d).then_some((d as u8, end))
    }

    /// "in March", "since February": a month alone, weak, telling when a
    /// sentence's other figures held ("rose 0.7 pct in March").
    fn bare_month(&self, i: usize, end: usize, month: u8) -> Option<Draft> {
        let temporal = matches!(
            self.before(i),
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
        let mut d = date_draft(i, end, None, Some(month), None);
        d.weak = true;
        Some(d)
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
        let abbreviated = matches!(
            self.w(i),
            "jan"
                | "feb"
                | "mar"
                | "apr"
                | "jun"
                | "jul"
                | "aug"
                | "sep"
                | "sept"
                | "oct"
                | "nov"
                | "dec"
        );
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
}

fn valid(day: u8, month: u8) -> bool {
    (1..=12).contains(&month) && (1..=31).contains(&day)
}
