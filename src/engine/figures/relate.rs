//! Whether a draft's figure agrees with a source's figure for the same claim.
//!
//! Interval logic decides. A vaguer draft agrees with a precise source it
//! contains ("more than $60 billion" and $61.4 billion); equal stated values
//! agree whatever their hedges ("almost 20 percent" and "approximately 20%");
//! rounding agrees ("$61 billion" and $61.4 billion). A draft more precise
//! than a vague source ("2 million" against "millions") is compatible: not
//! contradicted, not supported. Anything else disagrees, including a precise
//! draft inside a source's open interval ("25 years" against "at least 20
//! years"): the draft states a figure the source does not.

use super::{Amount, DateValue, Dimension, Figure, Qualifier, Unit, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Agree,
    /// Not contradicted, not supported: the source is vaguer than the draft.
    Compatible,
    Disagree,
    /// Different kinds of figure: no judgement.
    Incomparable,
}

/// How the draft's figure relates to the source's.
pub fn relate(draft: &Figure, source: &Figure) -> Relation {
    if !draft.unit.comparable(&source.unit) {
        return Relation::Incomparable;
    }
    match (&draft.value, &source.value) {
        (Value::Amount(d), Value::Amount(s)) => {
            if draft.unit != source.unit
                && matches!(draft.unit, Unit::Percent | Unit::Points)
                && matches!(source.unit, Unit::Percent | Unit::Points)
            {
                // Percent for percentage points is a mix-up, whatever the values.
                return Relation::Disagree;
            }
            let rounding = if converted(draft, source) {
                // "5,000 feet (1,500 metres)": a conversion is rounded.
                CONVERSION_ROUNDING
            } else {
                0.0
            };
            amounts(d, draft.qualifier, s, source.qualifier, rounding)
        }
        (Value::Date(d), Value::Date(s)) => dates(d, s),
        (Value::Ordinal(d), Value::Ordinal(s)) => {
            if d == s {
                Relation::Agree
            } else {
                Relation::Disagree
            }
        }
        _ => Relation::Incomparable,
    }
}

/// How far apart, relative to the larger, two measures written in different
/// units may be and agree: reporters round what they convert.
const CONVERSION_ROUNDING: f64 = 0.025;

/// Whether two measures were written in different units ("6 miles" and "9.7 km").
fn converted(a: &Figure, b: &Figure) -> bool {
    matches!(a.unit, Unit::Measure { dimension, .. } if dimension != Dimension::Duration)
        && a.written.is_some()
        && b.written.is_some()
        && a.written != b.written
}

/// When two measures were written in different units, how the source's
/// reads in the draft's: "12 km is 7.46 mi". For a message.
pub fn conversion(draft: &Figure, source: &Figure) -> Option<String> {
    if !converted(draft, source) {
        return None;
    }
    let (du, su) = (draft.written?, source.written?);
    let Value::Amount(Amount {
        value: Some(sv), ..
    }) = source.value
    else {
        return None;
    };
    Some(format!(
        "{} {} is {} {}",
        readable(su.from_base(sv)),
        su.symbol(),
        readable(du.from_base(sv)),
        du.symbol()
    ))
}

/// A number for a reader: three significant digits, grouped thousands.
fn readable(x: f64) -> String {
    if x.abs() >= 100.0 {
        let n = x.round() as i64;
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if n < 0 { format!("-{out}") } else { out }
    } else {
        let magnitude = if x == 0.0 {
            0
        } else {
            x.abs().log10().floor() as i32
        };
        let decimals = (2 - magnitude).clamp(0, 6) as usize;
        let s = format!("{x:.decimals$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
}

/// "at least", "more than", "up to", "fewer than": a bound, not a hedge.
fn is_bound(q: Qualifier) -> bool {
    matches!(
        q,
        Qualifier::Over | Qualifier::AtLeast | Qualifier::Under | Qualifier::AtMost
    )
}

fn equal_values(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

fn amounts(d: &Amount, dq: Qualifier, s: &Amount, sq: Qualifier, rounding: f64) -> Relation {
    match (d.value, s.value) {
        (Some(dv), Some(sv)) => {
            let tolerance = d.step.max(s.step).max(rounding * dv.abs().max(sv.abs()))
                + 1e-9 * dv.abs().max(sv.abs());
            let opposed = dq.direction() * sq.direction() < 0;
            // Two bounds in the same direction ("up to 25%", "up to 20%")
            // are two claims about the bound, not one vague and one exact.
            let both_bounds = dq.direction() != 0 && dq.direction() == sq.direction();
            let equal = (dv - sv).abs() <= tolerance && !opposed;
            // A bound against the opposite bound of another value ("at least
            // 20" and "as many as 29") states another number, not a vaguer one.
            let bounds_apart =
                opposed && is_bound(dq) && is_bound(sq) && !equal_values(dv, sv, tolerance);
            let draft_covers =
                dq != Qualifier::Exact && !both_bounds && !bounds_apart && d.contains(sv);
            if equal || draft_covers {
                Relation::Agree
            } else {
                Relation::Disagree
            }
        }
        // A vague draft ("millions") agrees with any value it covers.
        (None, Some(sv)) => {
            if d.contains(sv) {
                Relation::Agree
            } else {
                Relation::Disagree
            }
        }
        (Some(dv), None) => {
            if s.contains(dv) {
                Relation::Compatible
            } else {
                Relation::Disagree
            }
        }
        (None, None) => {
            let same = (d.lo - s.lo).abs() <= 1e-9 * s.lo.abs().max(1.0)
                && (d.hi - s.hi).abs() <= 1e-9 * s.hi.abs().max(1.0);
            if same || (d.lo <= s.lo && d.hi >= s.hi) {
                Relation::Agree
            } else if d.lo < s.hi && s.lo < d.hi {
                Relation::Compatible
            } else {
                Relation::Disagree
            }
        }
    }
}

fn dates(d: &DateValue, s: &DateValue) -> Relation {
    let mut shared = 0;
    let mut draft_finer = false;
    match (d.years, s.years) {
        (Some((dlo, dhi)), Some((slo, shi))) => {
            shared += 1;
            if dhi < slo || shi < dlo {
                return Relation::Disagree;
            }
            // Two periods as long as each other are the same or another:
            // "the 2020-21 season" is not "the 2021-22 season".
            if dhi - dlo == shi - slo && dlo != slo {
                return Relation::Disagree;
            }
            // "the 1980s" covers 1985; 1985 is finer than "the 1980s".
            if !(dlo <= slo && dhi >= shi) {
                draft_finer = true;
            }
        }
        (Some(_), None) => draft_finer = true,
        _ => {}
    }
    for (a, b) in [(d.month, s.month), (d.day, s.day)] {
        match (a, b) {
            (Some(a), Some(b)) => {
                shared += 1;
                if a != b {
                    return Relation::Disagree;
                }
            }
            (Some(_), None) => draft_finer = true,
            _ => {}
        }
    }
    if shared == 0 {
        Relation::Incomparable
    } else if draft_finer {
        Relation::Compatible
    } else {
        Relation::Agree
    }
}

/// A recognisable slip behind a disagreement, for the message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Slip {
    /// The draft is off by a factor of 1,000 (million for billion) or more.
    Magnitude { factor: f64 },
    /// The draft is off by a factor of 10: a dropped or added zero.
    Zero { factor: f64 },
    /// Percent where the source has percentage points, or the reverse.
    PercentForPoints,
}

/// The slip behind a disagreement, when it is a familiar one.
pub fn slip(draft: &Figure, source: &Figure) -> Option<Slip> {
    if matches!(
        (&draft.unit, &source.unit),
        (Unit::Percent, Unit::Points) | (Unit::Points, Unit::Percent)
    ) {
        return Some(Slip::PercentForPoints);
    }
    let (Value::Amount(d), Value::Amount(s)) = (&draft.value, &source.value) else {
        return None;
    };
    let (dv, sv) = (d.value?, s.value?);
    if dv == 0.0 || sv == 0.0 {
        return None;
    }
    let factor = dv / sv;
    let log = factor.abs().log10();
    let near = |target: f64| (log - target).abs() < 0.02;
    if near(3.0) || near(-3.0) || near(6.0) || near(-6.0) {
        Some(Slip::Magnitude { factor })
    } else if near(1.0) || near(-1.0) {
        Some(Slip::Zero { factor })
    } else {
        None
    }
}
