//! Amounts: a sign, a currency, a number, and what follows it: a currency
//! word or sign ("200 USD", "10 €", "a 12-cent rise"), a percent, an age
//! ("58-year-old"), a golf score against par, a unit ("75ml", "6 feet 2
//! inches", "100 km/h"), or the noun it counts. A bare four-digit number is
//! a year.

use super::super::lexer::Kind;
use super::super::units::{self, MeasureUnit};
use super::super::vocab;
use super::{Draft, DraftValue, Grammar, is_plural, is_year};
use crate::engine::figures::{Dimension, Unit};
use crate::engine::text::words::term;

/// What may follow a number: given (number start, number end, figure), the
/// lexeme after the tail when it is there.
type Tail<G> = fn(&G, usize, usize, &mut Draft) -> Option<usize>;

impl Grammar<'_, '_> {
    /// An amount: an optional sign and currency, a number, and what follows.
    pub(super) fn amount(&self, i: usize) -> Option<Draft> {
        let (mut negative, at) = self.sign(i);
        let (currency, mut at) = match self.lx.get(at)?.kind {
            Kind::Currency(code) => (Some(code), at + 1),
            _ => (None, at),
        };
        // A sign after the currency: "USD -5 million", "EUR minus 3m".
        if currency.is_some() && !negative && self.num(at + 1).is_some() {
            let dash = self.is(at, &Kind::Dash) && self.attached(at + 1);
            if dash || matches!(self.w(at), "minus" | "negative") {
                negative = true;
                at += 1;
            }
        }
        if at >= self.lx.len() {
            return None;
        }
        let num = self.number(at)?;
        // "two thirds of": a share, read by `fraction`.
        if num.spelled && vocab::fraction_word(self.w(num.end)).is_some() {
            return None;
        }
        let j = num.end;
        let signed = if negative { -num.value } else { num.value };
        let mut d = Draft::new(
            i,
            j,
            Unit::Count { noun: None },
            DraftValue::Number {
                value: signed,
                step: num.step,
            },
        );
        d.unit = None;
        d.number_start = at;
        d.scaled = num.scaled;
        d.scale = num.scale;
        d.number = num.value / num.scale;
        if let Some(code) = currency {
            d.end = self.money_tail(j, code, &mut d);
            return Some(d);
        }
        // "1/4 of the vote", "¾ of voters": a share, in percent.
        if num.fraction && self.w(j) == "of" {
            d.scale_value(100.0);
            d.unit = Some(Unit::Percent);
            return Some(d);
        }
        let tails: [Tail<Self>; 7] = [
            Self::multiple_after,
            Self::percent,
            Self::age_after,
            Self::par,
            Self::milestone,
            Self::currency_after,
            Self::measure_after,
        ];
        for tail in tails {
            if let Some(end) = tail(self, at, j, &mut d) {
                d.end = end;
                if num.spelled && num.value == 1.0 && !num.scaled && d.written.is_some() {
                    // "one year": as weak as "a year".
                    d.weak = true;
                }
                return Some(d);
            }
        }
        let n = self.num(at).copied();
        // A year, unless a plural noun makes it a count ("1500 troops").
        if let Some(num_lx) = n
            && !num.scaled
            && !negative
            && is_year(&num_lx)
            && j == at + 1
        {
            // Not past a compound: "its 1986 pre-tax profits" is a year.
            let noun = self.count_noun_of(j, false);
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
                return Some(self.year(i, j, num_lx.value as i32));
            }
        }
        if let Some(end) = self.age_before(at, j, &mut d) {
            d.end = end;
            return Some(d);
        }
        if num.spelled {
            // "Seven of the nine candidates", "two of its plants": a part
            // counts what its whole counts.
            if num.value >= 2.0 && num.value < 13.0 && !num.scaled && self.w(j) == "of" {
                let noun = self.partitive_noun(j + 1)?;
                d.unit = Some(Unit::Count { noun: Some(noun) });
                return Some(d);
            }
            // A spelled-out count needs its noun ("the remaining seven",
            // "the two met" point back to things named before). With its
            // noun it counts them, after a determiner too: "all six
            // astronauts", "its seven members", "the other nine chains".
            let Some(noun) = self.count_noun(j) else {
                // "12 cases in Texas and four in Ohio" (or ", four in
                // Ohio" in a list): a parallel count
                // that leaves its noun out, kept only if `lend_units` finds
                // the count it parallels.
                let parallel = at > 0
                    && (matches!(self.w(at - 1), "and" | "or") || self.is(at - 1, &Kind::Comma))
                    && vocab::is_place_preposition(self.w(j));
                if !parallel || num.value < 2.0 || num.scaled {
                    return None;
                }
                d.unit = Some(Unit::Count { noun: None });
                d.bare = true;
                d.needs_noun = true;
                return Some(d);
            };
            let small = num.value < 13.0 && !num.scaled;
            if small && num.value < 2.0 {
                return None;
            }
            // "one share for each two held": a ratio's term, not a count.
            if small && at > 0 && matches!(self.w(at - 1), "each" | "every") {
                return None;
            }
            if small && matches!(self.w(j), "of") {
                return None;
            }
            d.unit = Some(Unit::Count { noun: Some(noun) });
            return Some(d);
        }
        // "magnitude 7.1", "a 7.1-magnitude quake", "6.4 on the Richter
        // scale", "a Category 4 hurricane": a count of the scale it is read on.
        if !num.scaled
            && let Some(scale) = self.magnitude(at, j).or_else(|| self.category(at))
        {
            d.unit = Some(Unit::Count {
                noun: term(scale).map(|t| t.to_string()),
            });
            return Some(d);
        }
        let noun = self.count_noun(j);
        d.bare = noun.is_none() && !num.scaled;
        d.unit = Some(Unit::Count { noun });
        Some(d)
    }

    /// An earthquake's magnitude around the number at `at` ending at `j`.
    fn magnitude(&self, at: usize, j: usize) -> Option<&'static str> {
        let before = (at >= 1 && self.w(at - 1) == "magnitude")
            || (at >= 2 && self.joining_dash(at - 1) && self.w(at - 2) == "magnitude");
        let after = self.w(j) == "magnitude"
            || (self.joining_dash(j) && self.w(j + 1) == "magnitude")
            || (self.w(j) == "on" && self.w(j + 1) == "the" && self.w(j + 2) == "richter");
        (before || after).then_some("magnitude")
    }

    /// A storm's category, written before its number ("Category 4").
    fn category(&self, at: usize) -> Option<&'static str> {
        let whole = self
            .num(at)
            .is_some_and(|n| n.is_plain_integer() && n.value <= 5.0);
        (whole && at >= 1 && self.w(at - 1) == "category").then_some("category")
    }

    /// A minus sign or word before a number: whether there is one, and where
    /// the rest starts. A hyphen between two numbers is a range, not a sign.
    fn sign(&self, i: usize) -> (bool, usize) {
        let number_next = |k: usize| {
            self.num(k).is_some()
                || matches!(self.lx.get(k).map(|l| &l.kind), Some(Kind::Currency(_)))
                || vocab::small_number(self.w(k)).is_some()
        };
        if matches!(self.w(i), "minus" | "negative") && number_next(i + 1) {
            return (true, i + 1);
        }
        // "-5%", "-$5 million".
        let amount_next = self.num(i + 1).is_some()
            || matches!(self.lx.get(i + 1).map(|l| &l.kind), Some(Kind::Currency(_)))
                && self.num(i + 2).is_some();
        if self.is(i, &Kind::Dash)
            && self.attached(i + 1)
            && amount_next
            && (i == 0
                || self.lx[i].space_before
                    && self.num(i - 1).is_none()
                    && !matches!(self.w(i - 1), "from" | "between"))
        {
            return (true, i + 1);
        }
        (false, i)
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
        } else if let Some(c) = vocab::currency_code(self.text(j)) {
            code = c;
            j += 1;
        }
        let per = self.per(j);
        if let Some((_, end)) = &per {
            j = *end;
        }
        d.unit = Some(Unit::Money {
            currency: code.to_string(),
            per: per.map(|(noun, _)| noun),
        });
        j
    }

    /// "percent", "%", "pct", "per cent", "pc", "percentage points", "pp",
    /// "basis points"; hyphenated as an adjective too ("a 3.8-percent
    /// increase", "a 50-basis-point cut", "a 2-percentage-point drop").
    fn percent(&self, _at: usize, j: usize, d: &mut Draft) -> Option<usize> {
        // The word after a joining hyphen, or the lexeme at `k` itself.
        let after = |k: usize| if self.joining_dash(k) { k + 1 } else { k };
        let j = if self.is(j, &Kind::Percent) {
            j
        } else {
            after(j)
        };
        let mut k = if self.is(j, &Kind::Percent) {
            j + 1
        } else {
            match self.w(j) {
                "percent" | "pct" | "percentage" => j + 1,
                "pc" if self.attached(j) => j + 1,
                "per" if self.w(after(j + 1)) == "cent" => after(j + 1) + 1,
                "basis" if matches!(self.w(after(j + 1)), "point" | "points") => {
                    d.scale_value(0.01);
                    d.unit = Some(Unit::Points);
                    return Some(after(j + 1) + 1);
                }
                "bp" | "bps" => {
                    d.scale_value(0.01);
                    d.unit = Some(Unit::Points);
                    return Some(j + 1);
                }
                "pp" | "ppt" | "ppts" => {
                    d.unit = Some(Unit::Points);
                    return Some(j + 1);
                }
                _ => return None,
            }
        };
        let percentage_word = self.w(j) == "percentage";
        if percentage_word && matches!(self.w(after(k)), "point" | "points") {
            d.unit = Some(Unit::Points);
            k = after(k) + 1;
        } else if matches!(self.w(k), "point" | "points") {
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

    /// "5-under", "two over par", "a 3-under-par 69": strokes against par,
    /// under par negative. Without "par", the hyphenated form needs a score
    /// or a round after it, so "a 5-under 67" is not "under 67".
    fn par(&self, _at: usize, j: usize, d: &mut Draft) -> Option<usize> {
        let (k, joined) = if self.joining_dash(j) {
            (j + 1, true)
        } else {
            (j, false)
        };
        let sign = match self.w(k) {
            "under" => -1.0,
            "over" => 1.0,
            _ => return None,
        };
        let mut end = k + 1;
        let par = if self.joining_dash(end) && self.w(end + 1) == "par" {
            end += 2;
            true
        } else if self.w(end) == "par" {
            end += 1;
            true
        } else {
            false
        };
        let score_after =
            self.num(end).is_some() || matches!(self.w(end), "round" | "score" | "total" | "card");
        if !(par || joined && score_after) {
            return None;
        }
        d.scale_value(sign);
        d.unit = Some(Unit::Count {
            noun: Some("par".into()),
        });
        Some(end)
    }

    /// "the 9,000 mark": a level reached, counted in marks, not Deutsche
    /// marks. Only after "the" and before no noun: "the 2.96 mark ceiling"
    /// and "each 1,000 mark bond" are money.
    fn milestone(&self, at: usize, j: usize, d: &mut Draft) -> Option<usize> {
        let noun_after = self
            .lx
            .get(j + 1)
            .is_some_and(|l| l.is_word() && !vocab::is_function_word(self.w(j + 1)));
        if self.w(j) != "mark" || self.before(at) != "the" || noun_after || d.scaled {
            return None;
        }
        d.unit = Some(Unit::Count {
            noun: Some("mark".into()),
        });
        Some(j + 1)
    }

    /// A currency after the number: a word ("dollars", "U.S. dlrs", "Swiss
    /// francs", "yen", "crore rupees"), an ISO code ("200 USD"), a sign
    /// ("10 €"), pence written on ("50p"), or a hyphenated adjective ("a
    /// 12-cent rise"). Cents after whole units are added ("3 dollars 50 cents").
    fn currency_after(&self, at: usize, j: usize, d: &mut Draft) -> Option<usize> {
        // "a 20-pound turkey" weighs; "a 1.5 billion-pound writedown" is money.
        let hyphen = self.joining_dash(j)
            && vocab::currency_word(self.w(j + 1)).is_some()
            && (!matches!(self.w(j + 1), "pound" | "pounds") || d.scaled);
        let k = if hyphen { j + 1 } else { j };
        let (code, factor, mut end) = if let Some(Kind::Currency(code)) =
            self.lx.get(j).map(|l| &l.kind)
            && self.num(j + 1).is_none()
        {
            // "10 €", "10€": a sign after the amount.
            (*code, 1.0, j + 1)
        } else if self.w(j) == "p" && self.attached(j) {
            ("GBP", 0.01, j + 1)
        } else if let Some((code, factor)) = vocab::currency_word(self.w(k)) {
            if matches!(self.w(k), "pound" | "pounds") && self.weighs(at, k) {
                return None;
            }
            (code, factor, k + 1)
        } else if let Some((code, factor)) = vocab::currency_word(self.w(j + 1))
            && let Some(c) = vocab::currency_country(self.w(j), code)
        {
            (c, factor, j + 2)
        } else if let Some((code, factor)) = vocab::currency_word(self.w(j + 2))
            && let Some(c) = vocab::currency_country(self.w(j + 1), code)
            && matches!(
                self.w(j),
                "new" | "hong" | "sri" | "east" | "south" | "north"
            )
        {
            (c, factor, j + 3)
        } else if let Some(code) = vocab::currency_code(self.text(j)) {
            (code, 1.0, j + 1)
        } else {
            return None;
        };
        d.scale_value(factor);
        d.unit_factor = factor;
        // "3 dollars 50 cents", "5 pounds and 20 pence".
        if factor == 1.0 {
            let m = if self.w(end) == "and" { end + 1 } else { end };
            if let Some(n) = self.num(m)
                && n.is_plain_integer()
                && n.value < 100.0
                && let Some((c, f)) = vocab::currency_word(self.w(m + 1))
                && f == 0.01
                && (c == code || vocab::currency_word(self.w(k)).is_some_and(|(b, _)| b == c))
                && let DraftValue::Number { value, step } = &mut d.value
            {
                *value += n.value * f;
                *step = 0.005;
                end = m + 2;
            }
        }
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

    /// "pounds" as a weight: "a 20-pound turkey", "200 pounds of beef", "he
    /// weighs 200 pounds". A scaled number before the hyphen is money: "a
    /// 1.5 billion-pound writedown", "a 20 million-pound deal".
    fn weighs(&self, at: usize, k: usize) -> bool {
        let hyphen = k > 0
            && self.is(k - 1, &Kind::Dash)
            && self.attached(k)
            && !(k >= 2 && vocab::scale(self.w(k - 2), true).is_some_and(|f| f >= 1e6));
        hyphen
            || self.w(k + 1) == "of"
            || (at.saturating_sub(3)..at).any(|b| {
                matches!(
                    self.w(b),
                    "weigh"
                        | "weighs"
                        | "weighed"
                        | "weighing"
                        | "weight"
                        | "lost"
                        | "lose"
                        | "gained"
                        | "gain"
                        | "lifted"
                        | "lift"
                        | "heavy"
                        | "heavier"
                        | "lighter"
                )
            })
    }

    /// "per tonne", "a share", "an ounce": the noun a rate is per.
    pub(super) fn per(&self, j: usize) -> Option<(String, usize)> {
        // "$15/month", "€1.45/litre": written onto the amount.
        let slash = self.is(j, &Kind::Slash) && self.attached(j) && self.attached(j + 1);
        if !slash && !matches!(self.w(j), "per" | "a" | "an") {
            return None;
        }
        // The per is the counted noun, not its modifiers: "per diluted
        // share" and "a fully diluted share" are per share.
        let mut at = j + 1;
        while at < j + 3 && self.modifier(at) {
            at += 1;
        }
        let j = at - 1;
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
        // "a barrel", "/bbl", "per barrels": a unit is named the one way.
        let name: &str = match units::word(noun) {
            Some(u) => u.name(),
            None => noun,
        };
        Some((
            term(name).map_or_else(|| name.to_string(), |t| t.to_string()),
            j + 2,
        ))
    }

    /// A participle or adverb ("diluted", "fully") written before another
    /// lowercase word that may be the noun it modifies.
    fn modifier(&self, i: usize) -> bool {
        let w = self.w(i);
        let next = self.w(i + 1);
        w.len() > 4
            && (w.ends_with("ed") || w.ends_with("ly"))
            && self.lx[i].is_word()
            && !self.lx[i].is_capitalized()
            && self
                .lx
                .get(i + 1)
                .is_some_and(|l| l.is_word() && l.space_before && !l.is_capitalized())
            && !vocab::is_function_word(next)
            && !vocab::is_relative_time(next)
    }

    /// A physical unit after the number: "six months", "800-mile", "75ml",
    /// "190 km2", "30°C", "100 km/h", "6 feet 2 inches", "6-foot-2".
    fn measure_after(&self, at: usize, j: usize, d: &mut Draft) -> Option<usize> {
        let k = if self.joining_dash(j) { j + 1 } else { j };
        let glued = k == j && self.attached(j);
        let (unit, mut end) = self.unit_at(at, k, glued)?;
        d.convert(unit);
        // A second, smaller unit of the same measure: "6 feet 2 inches".
        if let Some((extra, e)) = self.compound(unit, end)
            && let DraftValue::Number { value, step } = &mut d.value
        {
            *value += extra;
            *step = step.min(e.1);
            end = e.0;
        }
        let dimension = unit.dimension();
        let per = if matches!(self.w(end - 1), "bpd" | "b/d") {
            // "5 mln bpd": barrels per day.
            Some("day".to_string())
        } else if !matches!(dimension, Dimension::Duration | Dimension::Speed) {
            self.per(end).inspect(|(_, e)| end = *e).map(|(n, _)| n)
        } else {
            None
        };
        d.unit = Some(Unit::Measure { dimension, per });
        Some(end)
    }

    /// The unit written at `k` for the number at `at`, and the lexeme after it.
    pub(super) fn unit_at(&self, at: usize, k: usize, glued: bool) -> Option<(MeasureUnit, usize)> {
        let w = self.w(k);
        let temperature = |s: &str| match s {
            "c" | "celsius" | "centigrade" => Some(MeasureUnit::Celsius),
            "f" | "fahrenheit" => Some(MeasureUnit::Fahrenheit),
            _ => None,
        };
        // "30°C", "30 °F", "30 degrees Celsius", "30 degrees C".
        if self.text(k) == "°" {
            return temperature(self.w(k + 1)).map(|u| (u, k + 2));
        }
        if matches!(w, "degree" | "degrees") {
            let m = if self.text(k + 1) == "°" {
                k + 2
            } else {
                k + 1
            };
            return temperature(self.w(m)).map(|u| (u, m + 1));
        }
        let (unit, end) = if let Some(u) = units::two_words(w, self.w(k + 1)) {
            (u, k + 2)
        } else if let Some(u) = units::word(w) {
            (u, k + 1)
        } else if let Some(u) = glued.then(|| units::attached(self.text(k))).flatten() {
            (u, k + 1)
        } else if w == "m" && (glued && self.metre_context(at, k) || self.text(k + 1) == "/") {
            (MeasureUnit::Metre, k + 1)
        } else if matches!(w, "pound" | "pounds") && self.weighs(at, k) {
            (MeasureUnit::Pound, k + 1)
        } else {
            return None;
        };
        // "km/h", "miles per hour", "metres a second".
        if unit.dimension() == Dimension::Distance {
            let time = if self.text(end) == "/" && self.attached(end) {
                match self.w(end + 1) {
                    "h" | "hr" | "hour" => Some((MeasureUnit::Hour, end + 2)),
                    "s" | "sec" => Some((MeasureUnit::Second, end + 2)),
                    _ => None,
                }
            } else if matches!(self.w(end), "per" | "an" | "a") {
                match self.w(end + 1) {
                    "hour" => Some((MeasureUnit::Hour, end + 2)),
                    "second" => Some((MeasureUnit::Second, end + 2)),
                    _ => None,
                }
            } else {
                None
            };
            if let Some((t, e)) = time
                && let Some(speed) = units::speed(unit, t)
            {
                return Some((speed, e));
            }
        }
        Some((unit, end))
    }

    /// "2 inches" after "6 feet", "30 minutes" after "2 hours", "2" after
    /// "6-foot": the base value to add, and (end, step).
    fn compound(&self, unit: MeasureUnit, end: usize) -> Option<(f64, (usize, f64))> {
        if unit.dimension() == Dimension::Temperature {
            return None;
        }
        let inches = |n: f64| MeasureUnit::Inch.to_base(n);
        // "6-foot-2": inches without their word.
        if unit == MeasureUnit::Foot
            && self.joining_dash(end)
            && let Some(n) = self.num(end + 1)
            && n.is_plain_integer()
            && n.value < 12.0
        {
            let mut e = end + 2;
            if matches!(self.w(e), "in" | "inch" | "inches") {
                e += 1;
            }
            return Some((inches(n.value), (e, inches(0.5))));
        }
        let m = if self.w(end) == "and" { end + 1 } else { end };
        let n = self.num(m)?;
        if !(n.decimals == 0 || n.fraction) || n.grouped || n.ordinal || n.decade {
            return None;
        }
        if let Some((second, e)) = self.unit_at(m, m + 1, self.attached(m + 1))
            && second.dimension() == unit.dimension()
            && second.factor() < unit.factor()
        {
            return Some((second.to_base(n.value), (e, second.factor() * 0.5)));
        }
        // "5 ft 10 in", "5ft 10": inches after feet.
        let spaced_in = self.w(m + 1) == "in"
            && !self
                .lx
                .get(m + 2)
                .is_some_and(|l| l.is_word() && self.w(m + 2) != "tall");
        if unit == MeasureUnit::Foot && n.value < 12.0 && (spaced_in || self.w(m + 1) == "tall") {
            let e = if spaced_in { m + 2 } else { m + 1 };
            return Some((inches(n.value), (e, inches(0.5))));
        }
        None
    }

    /// The noun a count counts: the first plural among the next few words.
    /// The noun of the whole after a part's "of" (at `k`): a determiner,
    /// perhaps the whole's own number, then the noun ("the nine Democratic
    /// candidates", "its plants"). None for "of them", "of Smith's sons".
    fn partitive_noun(&self, k: usize) -> Option<String> {
        if !matches!(
            self.w(k),
            "the" | "these" | "those" | "its" | "their" | "his" | "her" | "our" | "my" | "your"
        ) {
            return None;
        }
        // "Nine of the 35 billion schillings" is money, not nine of them.
        let k = match self.number(k + 1) {
            Some(n) if n.scaled => return None,
            Some(n) => n.end,
            None => k + 1,
        };
        self.count_noun(k)
    }

    pub(super) fn count_noun(&self, j: usize) -> Option<String> {
        self.count_noun_of(j, true)
    }

    /// The plural noun a number at `j` counts, over at most three words;
    /// with `compounds`, past compound modifiers ("full-time jobs").
    fn count_noun_of(&self, j: usize, with_compounds: bool) -> Option<String> {
        let mut words = Vec::new();
        let mut k = j;
        // "tens of thousands of casualties": the noun after "of".
        if self.w(k) == "of" && self.lx.get(k + 1).is_some_and(|l| l.is_word()) {
            k += 1;
        }
        // "12 more suspects", "seven such attacks": the noun follows.
        if matches!(self.w(k), "more" | "such") && self.lx.get(k).is_some_and(|l| l.space_before) {
            k += 1;
        }
        // A compound modifier counts as one word of the three.
        let mut compounds = 0;
        while k < self.lx.len() && words.len() < 3 + compounds {
            let l = &self.lx[k];
            // A compound modifier before the noun ("full-time jobs",
            // "Atlanta-based companies"): its second word, after the hyphen.
            let compound = with_compounds
                && !words.is_empty()
                && self.joining_dash(k)
                && self.lx.get(k + 1).is_some_and(|n| n.is_word());
            if compound {
                k += 1;
                words.push(self.w(k));
                k += 1;
                compounds += 1;
                continue;
            }
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
            words.push(w);
            k += 1;
        }
        let plural = words.iter().find(|w| is_plural(w))?;
        Some(term(plural).map_or_else(|| plural.to_string(), |t| t.to_string()))
    }
}
