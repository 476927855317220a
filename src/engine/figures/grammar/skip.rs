//! Numbers that are not amounts: identifiers, which are figures of their own
//! kind ("Nord Stream 2", "COVID-19", "F-16", "No. 1", "Flight 77"), times of
//! day ("3 p.m.", "9:37 a.m."), and no figures at all: codes ("10:30" alone,
//! "737MAX"), scores ("2-1"), numbers ("004", "ISBN 978-...", long digit strings).
//! URLs, emails and IP addresses never reach the grammar: the lexer makes
//! each one lexeme.

use super::super::lexer::{Kind, Lexeme};
use super::super::{Unit, units, vocab};
use super::{Draft, DraftValue, Grammar, SentenceKind, is_year};

/// What [`Grammar::not_a_figure`] found at a number.
pub(super) enum NotAFigure {
    /// No figure: continue from this lexeme.
    Skip(usize),
    /// A number that names something ("Flight 77"): a figure of its own kind.
    /// A number that names something ("Flight 77") or tells the time of
    /// day ("9:37 a.m."): a figure of its own kind, with no qualifier.
    Figure(Draft),
}

impl Grammar<'_, '_> {
    /// Numbers that are parts of names, codes, times or scores: the position
    /// to continue from when lexeme `i` starts one.
    pub(super) fn not_a_figure(&self, i: usize) -> Option<NotAFigure> {
        // "ISBN 978-0-306-40615-7": the identifier after the word.
        if self.w(i) == "isbn" {
            let mut j = i + 1;
            while self.lx.get(j).is_some_and(|l| {
                l.num().is_some()
                    || matches!(l.kind, Kind::Dash | Kind::Colon | Kind::Other)
                    || l.text == "X"
            }) {
                j += 1;
            }
            return Some(NotAFigure::Skip(j));
        }
        let l = &self.lx[i];
        let n = l.num()?;
        // "COVID-19", "F-16": a capitalized word, a hyphen and digits, all joined.
        if i >= 2
            && self.is(i - 1, &Kind::Dash)
            && self.attached(i - 1)
            && self.attached(i)
            && self.lx[i - 2].is_capitalized()
        {
            // "April-5-6" is a date's range, not a name.
            let label = self.w(i - 2).to_string();
            if vocab::month(&label).is_some() || vocab::is_weekday(&label) {
                return Some(NotAFigure::Skip(i + 1));
            }
            return Some(self.identifier(i - 2, i, label));
        }
        // "#1", "No. 2": a rank.
        if i >= 1 && self.lx[i - 1].text == "#" {
            return Some(self.identifier(i - 1, i, "no".into()));
        }
        if i >= 2 && self.w(i - 2) == "no" && self.is(i - 1, &Kind::Stop) && self.attached(i - 1) {
            return Some(self.identifier(i - 2, i, "no".into()));
        }
        // "ranked No 3", "No 10 Downing Street": a rank or an address (a
        // year after it is a title's "no": "Confirms No 1988 Toll Rise").
        if i >= 2 && self.text(i - 1) == "No" && !is_year(n) {
            return Some(self.identifier(i - 1, i, "no".into()));
        }
        // "10:30", "12/20/2024", "3 p.m.".
        if self.is(i + 1, &Kind::Colon)
            && self.attached(i + 1)
            && let Some(m) = self.lx.get(i + 2).and_then(Lexeme::num)
        {
            // "9:37 a.m.": a time of day; "10:30" alone may be a ratio.
            let minutes = (m.int_digits == 2 && m.decimals == 0).then_some(m.value);
            return Some(
                minutes
                    .and_then(|mm| self.time_of_day(i, n.value, Some(mm), i + 3))
                    .unwrap_or(NotAFigure::Skip(i + 3)),
            );
        }
        if self.is(i + 1, &Kind::Slash)
            && self.attached(i + 1)
            && let Some(m) = self.lx.get(i + 2).and_then(Lexeme::num)
            && self.number(i).is_none_or(|x| !x.fraction)
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
                return Some(NotAFigure::Skip(j + 1));
            }
        }
        if matches!(
            self.w(i + 1),
            "a.m." | "p.m." | "am" | "pm" | "gmt" | "est" | "edt" | "bst"
        ) {
            // "3 p.m.": a time of day; "1400 GMT" is left alone.
            let whole = n.decimals == 0 && !n.grouped && !n.fraction;
            return Some(
                whole
                    .then(|| self.time_of_day(i, n.value, None, i + 1))
                    .flatten()
                    .unwrap_or(NotAFigure::Skip(i + 2)),
            );
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
                || units::attached(self.text(i + 1)).is_some()
                || matches!(
                    w,
                    "pct" | "percent" | "bp" | "bps" | "pc" | "pp" | "ppt" | "p" | "yo" | "y.o."
                )
                // "12x9" (a size), "2.5x" (a multiple; "227X" is a model).
                || (w == "x" && self.num(i + 2).is_some())
                || self.text(i + 1) == "x";
            if !known && !n.ordinal && !n.decade {
                return Some(NotAFigure::Skip(i + 2));
            }
        }
        // "2-1": two numbers joined by a hyphen with no unit after: a score or
        // a code; "1-1/4" is a whole number and a fraction.
        let mixed = self.is(i + 3, &Kind::Slash) && self.attached(i + 3);
        let ages = matches!(self.before(i), "aged" | "ages" | "age");
        if !mixed
            && !ages
            && self.is(i + 1, &Kind::Dash)
            && self.attached(i + 1)
            && self.attached(i + 2)
            && let Some(m) = self.lx.get(i + 2).and_then(Lexeme::num)
            && !(is_year(n) && is_year(m))
            && self.split_year(i).is_none()
            && !self.has_unit_after(i + 3)
        {
            return Some(NotAFigure::Skip(i + 3));
        }
        // "004", "007": a leading zero makes an identifier, not an amount;
        // "020 7946 0958": with the digit groups that follow it.
        if n.int_digits > 1 && n.decimals == 0 && l.text.starts_with('0') {
            let mut j = i + 1;
            while self
                .num(j)
                .is_some_and(|g| g.is_plain_integer() && g.int_digits >= 3)
                && self.lx[j].space_before
            {
                j += 1;
            }
            return Some(NotAFigure::Skip(j));
        }
        // Long digit strings without grouping: identifiers, not amounts.
        if n.int_digits > 7 && !n.grouped && !self.is_currency_before(i) {
            return Some(NotAFigure::Skip(i + 1));
        }
        // "Nord Stream 2", "Windows 95", "Article 5", "S&P 500": a name word
        // right before: an identifier. A season is a date after any word
        // ("the Commission's 1987-88 prices").
        // "flight 1737", "chapter 11", "section 41": a noun that numbers
        // what it names.
        let numbered = self.lx[i].space_before
            && !n.grouped
            && vocab::is_numbered_noun(self.before(i))
            // Not "the amendment 20 senators backed": a count of its own.
            && !super::is_plural(self.w(i + 1));
        let dotted = self.dotted_initials_before(i);
        let named =
            numbered || self.is_name_before(i) || self.is_initials_before(i) || dotted.is_some();
        if named && !self.has_unit_after(i + 1) && self.split_year(i).is_none() {
            let (start, label) = dotted.unwrap_or_else(|| self.label_before(i));
            // An identifier is a plain number ("Flight 77", "Palm OS 5.2")
            // after a name that is not a headline's capitalized word
            // ("Sees Record 6", "Year 1986") nor a lone possessive
            // ("Brazil's 20"; "Standard & Poor's 500" is a name).
            // A table's row ("Production 451 451 460"), a price's move in a
            // market report ("Kia Motor 70 to 1,730", "Glaxo 4p at 1,484",
            // "Canfor Corp 1-1/4") is no name either.
            let next = self.lx.get(i + 1);
            // Two decimals are a price ("Peoria 1.59"); a version has one.
            // A year of the last century or this one after a name is more
            // often a year ("Sees 1987") than a name ("Windows 2000"); the
            // S&P 1500 is no year.
            let recent = is_year(n) && (1900.0..=2030.0).contains(&n.value);
            let plain = !(n.ordinal || n.decade || n.fraction || n.grouped || recent)
                && n.decimals <= 1
                && self.num(i + 1).is_none()
                && next.is_none_or(|l| {
                    l.space_before
                        || matches!(l.kind, Kind::Comma | Kind::Stop | Kind::Close | Kind::Quote)
                        // "the S&P 500-stock index"
                        || (l.kind == Kind::Dash && self.lx.get(i + 2).is_some_and(Lexeme::is_word))
                })
                && !(matches!(self.w(i + 1), "to" | "at") && self.num(i + 2).is_some());
            let possessive = label.ends_with("'s") || label.ends_with("’s");
            let identifier = plain
                && (numbered
                    || (self.kind == SentenceKind::Prose && (!possessive || label.contains(' '))));
            if identifier {
                return Some(self.identifier(start, i, label));
            }
            return Some(NotAFigure::Skip(i + 1));
        }
        None
    }

    /// A time of day: hour `h` at lexeme `i`, minutes `m` when written,
    /// "a.m." or "p.m." at `ap`, then perhaps a zone ("EDT", "Arizona time",
    /// "local time"). Its value is minutes after midnight, to the minute
    /// when minutes are written and to the half hour when not ("3 p.m." is
    /// 3:22 p.m. rounded; 2:22 p.m. is not); None for no valid 12-hour time.
    fn time_of_day(&self, i: usize, h: f64, m: Option<f64>, ap: usize) -> Option<NotAFigure> {
        let (m, step) = match m {
            Some(m) => (m, 0.5),
            None => (0.0, 30.0),
        };
        let pm = match self.w(ap) {
            "a.m." | "am" => false,
            "p.m." | "pm" => true,
            _ => return None,
        };
        if !(1.0..=12.0).contains(&h) || h.fract() != 0.0 || !(0.0..60.0).contains(&m) {
            return None;
        }
        let hour = h % 12.0 + if pm { 12.0 } else { 0.0 };
        let mut end = ap + 1;
        let zone = match self.w(end) {
            w @ ("edt" | "est" | "cdt" | "cst" | "mdt" | "mst" | "pdt" | "pst" | "gmt" | "bst"
            | "utc" | "et" | "ct" | "pt" | "cet" | "ist" | "jst" | "aest") => {
                end += 1;
                Some(w.to_string())
            }
            w if self.w(end + 1) == "time" && self.lx[end].is_word() && !w.is_empty() => {
                end += 2;
                Some(w.to_string())
            }
            _ => None,
        };
        let mut d = Draft::new(
            i,
            end,
            Unit::Time { zone },
            DraftValue::Number {
                value: hour * 60.0 + m,
                step,
            },
        );
        d.number = h;
        Some(NotAFigure::Figure(d))
    }

    /// The identifier over lexemes [start, i]: number `i` labelled by the
    /// words before it.
    /// An ordinal, a decade or a fraction there is no identifier: it is
    /// skipped.
    fn identifier(&self, start: usize, i: usize, label: String) -> NotAFigure {
        let Some(n) = self
            .num(i)
            .filter(|n| !(n.ordinal || n.decade || n.fraction))
            .map(|n| n.value)
        else {
            return NotAFigure::Skip(i + 1);
        };
        let mut d = Draft::new(
            start,
            i + 1,
            Unit::Identifier { label },
            DraftValue::Number {
                value: n,
                step: 0.0,
            },
        );
        d.number_start = i;
        d.number = n;
        NotAFigure::Figure(d)
    }

    /// The name before number `i`: its first lexeme and its words,
    /// lowercased ("american airlines flight", "standard & poor's", "s & p").
    /// It runs back over capitalized words and "&" from the word right
    /// before the number, at most four, and stops at a possessive ("Britain's
    /// FTSE 100") or a function word ("The S&P 500").
    fn label_before(&self, i: usize) -> (usize, String) {
        let mut start = i - 1;
        while start > 0 && i - start < 4 {
            let j = start - 1;
            let l = &self.lx[j];
            let w = self.w(j);
            // "Standard & Poor's", "Standard and Poor's": one name.
            let part = if l.text == "&" || w == "and" {
                j > 0 && self.lx[j - 1].is_capitalized()
            } else {
                l.is_capitalized()
                    && !w.ends_with("'s")
                    && !w.ends_with("’s")
                    && !vocab::is_function_word(w)
                    && vocab::month(w).is_none()
                    && !vocab::is_weekday(w)
            };
            if !part {
                break;
            }
            start = j;
        }
        let words: Vec<&str> = (start..i)
            .filter(|&j| self.lx[j].is_word() || self.lx[j].text == "&")
            .map(|j| match self.w(j) {
                "" | "and" => "&",
                w => w,
            })
            .collect();
        (start, words.join(" "))
    }

    /// "S&P 500", "AT&T 2": a capital written onto an ampersand right
    /// before (that "P" is no pence).
    fn is_initials_before(&self, i: usize) -> bool {
        i >= 3
            && self.lx[i].space_before
            && self.lx[i - 1].is_capitalized()
            && self.attached(i - 1)
            && self.text(i - 2) == "&"
            && self.lx[i - 3].is_capitalized()
    }

    /// "S.& P. 500", "A. & P. 4": initials written with dots and joined by an
    /// ampersand right before number `i`; their first lexeme and the label
    /// ("s & p", which [`super::super::same_label`] finds in "Standard & Poor's").
    fn dotted_initials_before(&self, i: usize) -> Option<(usize, String)> {
        if !self.lx[i].space_before {
            return None;
        }
        let mut k = i;
        let mut parts = Vec::new();
        loop {
            let initial = |at: usize| {
                let t = self.text(at);
                t.len() == 1 && t.bytes().all(|b| b.is_ascii_uppercase())
            };
            if k >= 2 && self.text(k - 1) == "." && self.attached(k - 1) && initial(k - 2) {
                parts.push(self.w(k - 2));
                k -= 2;
            } else if k >= 1 && self.text(k - 1) == "&" && !parts.is_empty() {
                parts.push("&");
                k -= 1;
            } else {
                break;
            }
        }
        let letters = parts.iter().filter(|p| **p != "&").count();
        if letters < 2 || !parts.contains(&"&") || parts.last() == Some(&"&") {
            return None;
        }
        parts.reverse();
        Some((k, parts.join(" ")))
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
            || vocab::is_weekday(w)
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
                    // "Category 4", "Magnitude 7.1": a reading on a scale.
                    | "category"
                    | "magnitude"
                    // "Q4 2023", "H1 2024": the period's year.
                    | "q1"
                    | "q2"
                    | "q3"
                    | "q4"
                    | "h1"
                    | "h2"
                    | "avg"
                    | "total"
                    | "about"
                    | "nearly"
                    | "some"
                    | "only"
                    | "just"
                    | "all"
                    | "top"
                    // Words that open a sentence before a count ("Another
                    // 20 cases were listed").
                    | "another"
                    | "exactly"
                    | "fully"
                    | "barely"
                    | "merely"
                    | "perhaps"
                    | "still"
                    | "even"
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
            || (self.attached(j) && units::attached(self.text(j)).is_some())
            || self.text(j) == "°"
            || matches!(
                w,
                "percent" | "pct" | "per" | "percentage" | "square" | "sq" | "degrees"
            )
            || (self.is(j, &Kind::Dash)
                && self.attached(j)
                && (vocab::measure(self.w(j + 1)).is_some() || self.w(j + 1) == "fold"))
            // "2.5x": a multiple.
            || (self.attached(j) && self.text(j) == "x" && self.num(j + 1).is_none())
    }

    // ----- numbers ----------------------------------------------------------
}
