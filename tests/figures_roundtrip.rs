//! The value round trip: for every figure of the grammar's table
//! (`src/engine/figures/cases.txt`), a source that restates its value in
//! another form ("$45-million" as "USD 45 million", "6 miles" as "9.656
//! kilometres", "the 58-year-old" as "aged 58", "02/22/2016" as "February
//! 22, 2016") leaves the draft's figure clean, and a source that states ten
//! times the value (a year ten years later, a month later for a date) flags it.
//!
//! Vague figures ("tens of thousands"), weak ones ("in March", "third year")
//! and dates without a month have no single value to restate: they are left
//! out, and the test counts what it checked.

mod common;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use vouch::engine::check::{Options, check_text};
use vouch::engine::figures::table::{Case, parse};
use vouch::engine::figures::{
    Amount, DateValue, Figure, SentenceKind, Unit, Value, counterpart, extract,
};
use vouch::engine::findings::Code;
use vouch::engine::text::Format;

const CASES: &str = include_str!("../src/engine/figures/cases.txt");

/// A case figure that has a value to restate.
struct Checked<'c> {
    case: &'c Case,
    figures: Vec<Figure>,
    /// Which of the case's figures are restated and checked.
    checked: Vec<usize>,
}

#[test]
fn restated_values_stay_clean_and_values_times_ten_are_flagged() {
    let cases = parse(CASES).expect("cases.txt parses");
    let mut checked: Vec<Checked> = Vec::new();
    for case in &cases {
        let figures = extract(&case.text, 0..case.text.len(), SentenceKind::Prose);
        let idx: Vec<usize> = (0..figures.len())
            .filter(|&k| restate(&figures[k], &case.text, 1.0).is_some())
            .collect();
        if !idx.is_empty() {
            checked.push(Checked {
                case,
                figures,
                checked: idx,
            });
        }
    }
    let total: usize = checked.iter().map(|c| c.checked.len()).sum();
    assert!(total >= 300, "only {total} figures have a value to restate");

    // Sentences worded alike but for their figures go to different corpora,
    // so that each draft figure meets only its own source.
    let mut groups: Vec<Vec<&Checked>> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for c in &checked {
        let n = seen.entry(signature(c.case)).or_insert(0);
        if groups.len() <= *n {
            groups.push(Vec::new());
        }
        groups[*n].push(c);
        *n += 1;
    }

    let mut failures = Vec::new();
    for group in &groups {
        // Clean: every checked figure restated.
        let sources: Vec<String> = group.iter().map(|c| source(c, None)).collect();
        for (c, flagged) in group.iter().zip(run(group, &sources)) {
            for &k in &c.checked {
                if let Some(code) = &flagged[k] {
                    failures.push(format!(
                        "line {}: {:?} flagged {code} against {:?}",
                        c.case.line,
                        &c.case.text[c.figures[k].range.clone()],
                        sources_of(c, None)
                    ));
                }
            }
        }
        // Times ten: one figure at a time, the others restated.
        let most = group.iter().map(|c| c.checked.len()).max().unwrap_or(0);
        for pick in 0..most {
            let members: Vec<&Checked> = group
                .iter()
                .copied()
                .filter(|c| c.checked.len() > pick)
                .collect();
            let sources: Vec<String> = members
                .iter()
                .map(|c| source(c, Some(c.checked[pick])))
                .collect();
            for (c, flagged) in members.iter().zip(run(&members, &sources)) {
                let k = c.checked[pick];
                if flagged[k].is_none() {
                    failures.push(format!(
                        "line {}: {:?} not flagged against {:?}",
                        c.case.line,
                        &c.case.text[c.figures[k].range.clone()],
                        sources_of(c, Some(k))
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} figures fail the round trip:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The case's words without its figures: alike sentences share it.
fn signature(case: &Case) -> String {
    let mut s = String::new();
    let mut at = 0;
    for span in &case.spans {
        s.push_str(&case.text[at..span.start]);
        s.push('#');
        at = span.end;
    }
    s.push_str(&case.text[at..]);
    s.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The source sentence for a case: its checked figures restated, the one
/// at `times_ten` with ten times its value.
fn source(c: &Checked, times_ten: Option<usize>) -> String {
    sources_of(c, times_ten)
}

fn sources_of(c: &Checked, times_ten: Option<usize>) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (k, f) in c.figures.iter().enumerate() {
        if !c.checked.contains(&k) {
            continue;
        }
        let factor = if times_ten == Some(k) { 10.0 } else { 1.0 };
        let Some(text) = restate(f, &c.case.text, factor) else {
            continue;
        };
        out.push_str(&c.case.text[at..f.range.start]);
        out.push_str(&text);
        at = f.range.end;
    }
    out.push_str(&c.case.text[at..]);
    out
}

/// Checks the cases' sentences, one paragraph each, against a corpus of
/// `sources` (one file each); per case, per figure, the figure code that
/// flags it, if any.
fn run(group: &[&Checked], sources: &[String]) -> Vec<Vec<Option<Code>>> {
    let named: Vec<(String, String)> = sources
        .iter()
        .enumerate()
        .map(|(k, s)| (format!("source-{k:03}.txt"), format!("Report {k}\n\n{s}\n")))
        .collect();
    let files: Vec<(&str, &str)> = named
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let (_dir, corpus) = common::corpus_of(&files);
    let mut draft = String::from("# Draft\n\n");
    let mut offsets = Vec::new();
    for c in group {
        offsets.push(draft.len());
        writeln!(draft, "{}\n", c.case.text).unwrap();
    }
    let (_, report) = check_text(&corpus, &draft, Format::Markdown, &Options::default());
    group
        .iter()
        .zip(offsets)
        .map(|(c, base)| {
            c.figures
                .iter()
                .map(|f| {
                    let range: Range<usize> = base + f.range.start..base + f.range.end;
                    report
                        .findings
                        .iter()
                        .find(|x| {
                            matches!(
                                x.code,
                                Code::FigureMismatch
                                    | Code::UnsupportedFigure
                                    | Code::SourceConflict
                            ) && x.range.start < range.end
                                && range.start < x.range.end
                        })
                        .map(|x| x.code)
                })
                .collect()
        })
        .collect()
}

/// The figure's value times `factor`, written in another form than `text`
/// writes it; None when it has no single value to restate.
fn restate(f: &Figure, text: &str, factor: f64) -> Option<String> {
    if f.weak {
        return None;
    }
    let written = &text[f.range.clone()];
    let qualifier = qualifier_words(f);
    let body = match (&f.unit, &f.value) {
        (Unit::Date, Value::Date(d)) => date(d, factor)?,
        (_, Value::Amount(Amount { value: Some(v), .. })) => {
            let v = v * factor;
            match &f.unit {
                Unit::Money { currency, per } => {
                    let amount = number(v);
                    let per = per_phrase(per.as_deref(), written);
                    if written.contains(currency.as_str()) {
                        format!("{amount} {}{per}", currency_word(currency)?)
                    } else {
                        format!("{currency} {amount}{per}")
                    }
                }
                Unit::Percent => {
                    if written.contains('%') {
                        format!("{} percent", number(v))
                    } else {
                        format!("{}%", number(v))
                    }
                }
                Unit::Points => format!("{} percentage points", number(v)),
                Unit::Count { noun } if noun.as_deref() == Some("par") => {
                    let side = if v < 0.0 { "under" } else { "over" };
                    format!("{} {side} par", number(v.abs()))
                }
                Unit::Count { .. } => {
                    let digits = grouped(v);
                    if written.contains(&digits) {
                        number(v)
                    } else {
                        digits
                    }
                }
                Unit::Age => age(v, written),
                Unit::Measure { .. } => {
                    let unit = f.written?;
                    let other = counterpart(unit, v);
                    let per = match &f.unit {
                        Unit::Measure { per: Some(p), .. } => per_phrase(Some(p), written),
                        _ => String::new(),
                    };
                    format!("{} {}{per}", significant(other.from_base(v)), other.name())
                }
                // "doubled" as "2-fold", "12-fold" as "12x".
                Unit::Multiple if written.contains("fold") => format!("{}x", plain(v)),
                Unit::Multiple => format!("{}-fold", plain(v)),
                // "Flight 77" as "Flight 77", ten times as "Flight 770".
                Unit::Identifier { .. } => {
                    let label = written
                        .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
                    format!("{label}{}", plain(v))
                }
                // A time of day has no other common form to restate it in.
                Unit::Date | Unit::Ordinal { .. } | Unit::Time { .. } => return None,
            }
        }
        _ => return None,
    };
    Some(format!("{qualifier}{body}"))
}

fn qualifier_words(f: &Figure) -> &'static str {
    use vouch::engine::figures::Qualifier::*;
    match f.qualifier {
        Exact => "",
        Over => "more than ",
        AtLeast => "at least ",
        Under => "less than ",
        AtMost => "up to ",
        Almost => "almost ",
        About => "about ",
    }
}

/// "a month", "per share": the rate's words as the figure wrote them.
fn per_phrase(per: Option<&str>, written: &str) -> String {
    if per.is_none() {
        return String::new();
    }
    let lower = written.to_lowercase();
    [" per ", " an ", " a "]
        .iter()
        .filter_map(|p| lower.rfind(p).map(|at| written[at..].to_string()))
        .max_by_key(|s| std::cmp::Reverse(s.len()))
        // Written into the unit ("9.8 million bpd"): say it.
        .unwrap_or_else(|| format!(" a {}", per.unwrap_or_default()))
}

fn currency_word(code: &str) -> Option<&'static str> {
    Some(match code {
        "USD" => "US dollars",
        "CAD" => "Canadian dollars",
        "AUD" => "Australian dollars",
        "NZD" => "New Zealand dollars",
        "HKD" => "Hong Kong dollars",
        "EUR" => "euros",
        "GBP" => "pounds sterling",
        "JPY" => "yen",
        "CNY" => "yuan",
        "INR" => "rupees",
        "CHF" => "Swiss francs",
        _ => return None,
    })
}

/// An age in another form: "aged 58" for "58-year-old" and the reverse;
/// months or weeks below a year.
fn age(v: f64, written: &str) -> String {
    if written.contains("aged") || written.contains("age ") {
        if v >= 1.0 || v == 0.0 {
            format!("{}-year-old", number(v))
        } else if (v * 12.0).fract().abs() < 1e-6 {
            format!("{}-month-old", number(v * 12.0))
        } else {
            format!("{}-week-old", number((v * 365.25 / 7.0).round()))
        }
    } else if v >= 1.0 {
        format!("aged {}", number(v))
    } else if (v * 12.0 - (v * 12.0).round()).abs() < 1e-6 {
        format!("{} months old", number(v * 12.0))
    } else {
        format!("{} weeks old", number((v * 365.25 / 7.0).round()))
    }
}

/// A date written out ("February 22, 2016"), ten years later or, without a
/// year, a month later when `factor` is not 1.
fn date(d: &DateValue, factor: f64) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let shift = factor != 1.0;
    let year = match d.years {
        Some((a, b)) if a == b => Some(if shift { a + 10 } else { a }),
        Some(_) => return None,
        None => None,
    };
    let month = d.month? as usize;
    let month = if shift && year.is_none() {
        month % 12 + 1
    } else {
        month
    };
    let name = MONTHS[month - 1];
    Some(match (d.day, year) {
        (Some(day), Some(y)) => format!("{name} {day}, {y}"),
        (Some(day), None) => format!("{name} {day}"),
        (None, Some(y)) => format!("{name} {y}"),
        (None, None) => return None,
    })
}

/// A value with a scale word when it has one ("63.5 billion"), else plain.
fn number(v: f64) -> String {
    for (scale, word) in [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")] {
        if v.abs() >= scale {
            return format!("{} {word}", plain(v / scale));
        }
    }
    plain(v)
}

/// A value to four significant digits, for a converted measure ("794.9
/// million" rather than a long run of digits).
fn significant(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    for (scale, word) in [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")] {
        if v.abs() >= scale {
            return format!("{} {word}", significant(v / scale));
        }
    }
    let digits = 4 - 1 - v.abs().log10().floor() as i32;
    let rounded = if digits > 0 {
        let p = 10f64.powi(digits);
        (v * p).round() / p
    } else {
        let p = 10f64.powi(-digits);
        (v / p).round() * p
    };
    plain(rounded)
}

fn plain(v: f64) -> String {
    let s = format!("{:.6}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// An integer with grouping commas ("1,200,000"); other values plain.
fn grouped(v: f64) -> String {
    if v.fract() != 0.0 || v.abs() < 1000.0 {
        return plain(v);
    }
    let digits = (v.abs() as u64).to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 { format!("-{out}") } else { out }
}

#[test]
fn restatements_read_back_to_the_value() {
    // The restated forms must themselves be read to the figure's value:
    // otherwise the round trip above would test nothing.
    let cases = parse(CASES).expect("cases.txt parses");
    let mut failures = Vec::new();
    for case in &cases {
        for f in extract(&case.text, 0..case.text.len(), SentenceKind::Prose) {
            let Some(text) = restate(&f, &case.text, 1.0) else {
                continue;
            };
            let sentence = format!(
                "{}{}{}",
                &case.text[..f.range.start],
                text,
                &case.text[f.range.end..]
            );
            let read = extract(&sentence, 0..sentence.len(), SentenceKind::Prose);
            let agrees = read.iter().any(|g| {
                vouch::engine::figures::relate(&f, g) == vouch::engine::figures::Relation::Agree
                    && vouch::engine::figures::relate(g, &f)
                        == vouch::engine::figures::Relation::Agree
            });
            if !agrees {
                failures.push(format!("line {}: {sentence:?} reads {read:?}", case.line));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Identifiers ("Flight 77", "the S&P 500", "Route 66", "Palm OS 5.2"): one
/// that no source names is never unsupported, one that a source of the same
/// claim numbers otherwise in the same series is a mismatch, and one of
/// another series ("Highway 66" against "Route 66") is left alone.
#[test]
fn identifiers_differ_only_within_their_series_and_are_never_unsupported() {
    let source = "American Airlines Flight 77 crashed into the Pentagon on Tuesday morning.\n\n\
                  The Standard & Poor's 500 index fell 12 points to 924 on Monday.\n\n\
                  Drivers took Route 66 west across the desert.\n";
    let cases: [(&str, &str, Option<Code>); 8] = [
        (
            "American Airlines Flight 78 crashed into the Pentagon on Tuesday morning.",
            "Flight 78",
            Some(Code::FigureMismatch),
        ),
        (
            "American Airlines Flight 77 crashed into the Pentagon on Tuesday morning.",
            "Flight 77",
            None,
        ),
        (
            "The S&P 400 index fell 12 points to 924 on Monday.",
            "S&P 400",
            Some(Code::FigureMismatch),
        ),
        (
            "The S&P 500 index fell 12 points to 924 on Monday.",
            "S&P 500",
            None,
        ),
        (
            "The S.& P. 400 index fell 12 points to 924 on Monday.",
            "S.& P. 400",
            Some(Code::FigureMismatch),
        ),
        (
            "The S.& P. 500 index fell 12 points to 924 on Monday.",
            "S.& P. 500",
            None,
        ),
        (
            "Drivers took Highway 66 west across the desert.",
            "Highway 66",
            None,
        ),
        (
            "The new handhelds run Palm OS 5.2 and ship this spring.",
            "Palm OS 5.2",
            None,
        ),
    ];
    let failures = codes_against(source, &cases);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Amounts written as adjectives ("a 50-basis-point cut", "a 3.8-percent
/// increase", "a 1.5 billion-pound writedown") and rates per a noun with its
/// modifier ("per diluted share") read as the source's plain forms: the same
/// value is clean, another value is a mismatch naming the source's.
#[test]
fn adjective_amounts_and_modified_rates_compare_with_plain_ones() {
    let source = "The central bank made a cut of 50 basis points on Tuesday, its first since March.\n\n\
                  Retail sales rose 3.8 percent in the month, the commerce department said.\n\n\
                  The bank took an asset writedown of 1.5 billion pounds in the quarter.\n\n\
                  The grocer earned 10 cents a share in the quarter, beating forecasts.\n";
    let cases: [(&str, &str, Option<Code>); 8] = [
        (
            "The central bank made a 50-basis-point cut on Tuesday, its first since March.",
            "50-basis-point",
            None,
        ),
        (
            "The central bank made a 75-basis-point cut on Tuesday, its first since March.",
            "75-basis-point",
            Some(Code::FigureMismatch),
        ),
        (
            "Retail sales showed a 3.8-percent rise in the month, the commerce department said.",
            "3.8-percent",
            None,
        ),
        (
            "Retail sales showed a 4.8-percent rise in the month, the commerce department said.",
            "4.8-percent",
            Some(Code::FigureMismatch),
        ),
        (
            "The bank took a 1.5 billion-pound asset writedown in the quarter.",
            "1.5 billion-pound",
            None,
        ),
        (
            "The bank took a 2.5 billion-pound asset writedown in the quarter.",
            "2.5 billion-pound",
            Some(Code::FigureMismatch),
        ),
        (
            "The grocer earned 10 cents per diluted share in the quarter, beating forecasts.",
            "10 cents per diluted share",
            None,
        ),
        (
            "The grocer earned 14 cents per diluted share in the quarter, beating forecasts.",
            "14 cents per diluted share",
            Some(Code::FigureMismatch),
        ),
    ];
    let failures = codes_against(source, &cases);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Times of day: a whole hour is the time to the half hour ("about 3 p.m."
/// covers 3:22 p.m., not 2:22 p.m.), minutes are exact, times in two zones
/// are not compared, and a time no source gives is never unsupported. "The
/// 9,000 mark" is a level, compared with the source's level. "About" is
/// the half hour either side whatever the hour ("about 9 p.m." is not "about
/// 7 p.m.", as ten percent of 21:00 would have it).
#[test]
fn times_of_day_and_levels_compare_with_the_sources() {
    let source = "At about 3 p.m. on Friday, a relative of the singer called police to report his death.\n\n\
                  The robot is due to be launched at 2:05 p.m. on Sunday from the island base.\n\n\
                  The polls in the eastern state stay open until 6 p.m. EDT on Sunday, officials said.\n\n\
                  The Dow Jones industrials briefly surpassed the 9,000 mark for the first time since December.\n\n\
                  A passer-by found the boy hiding along a dirt road in the canyon about 7 p.m. on Thursday.\n";
    let cases: [(&str, &str, Option<Code>); 10] = [
        (
            "A passer-by found the boy hiding along a dirt road in the canyon about 7:20 p.m. on Thursday.",
            "7:20 p.m.",
            None,
        ),
        (
            "A passer-by found the boy hiding along a dirt road in the canyon about 9 p.m. on Thursday.",
            "9 p.m.",
            Some(Code::FigureMismatch),
        ),
        (
            "At 3:22 p.m. on Friday, a relative of the singer called police to report his death.",
            "3:22 p.m.",
            None,
        ),
        (
            "At 2:22 p.m. on Friday, a relative of the singer called police to report his death.",
            "2:22 p.m.",
            Some(Code::FigureMismatch),
        ),
        (
            "The robot is due to be launched at 2:15 p.m. on Sunday from the island base.",
            "2:15 p.m.",
            Some(Code::FigureMismatch),
        ),
        (
            "The polls in the eastern state stay open until 3 p.m. Arizona time on Sunday, officials said.",
            "3 p.m. Arizona time",
            None,
        ),
        (
            "The polls in the eastern state stay open until 9 p.m. EDT on Sunday, officials said.",
            "9 p.m. EDT",
            Some(Code::FigureMismatch),
        ),
        (
            "The ferry to the mainland leaves at 7:40 a.m. every weekday in the summer.",
            "7:40 a.m.",
            None,
        ),
        (
            "The Dow Jones industrials briefly topped the 9,000 mark for the first time since December.",
            "9,000 mark",
            None,
        ),
        (
            "The Dow Jones industrials briefly topped the 8,000 mark for the first time since December.",
            "8,000 mark",
            Some(Code::FigureMismatch),
        ),
    ];
    let failures = codes_against(source, &cases);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Checks each (sentence, figure, code it must get) as a draft against one
/// source file: the failures, described.
fn codes_against(source: &str, cases: &[(&str, &str, Option<Code>)]) -> Vec<String> {
    let text = format!("Report\n\n{source}");
    let (_dir, corpus) = common::corpus_of(&[("source.txt", &text)]);
    let mut failures = Vec::new();
    for &(sentence, figure, want) in cases {
        let draft = format!("# Draft\n\n{sentence}\n");
        let (_, report) = check_text(&corpus, &draft, Format::Markdown, &Options::default());
        let at = draft.find(figure).expect("figure in sentence");
        let got = report
            .findings
            .iter()
            .find(|x| {
                matches!(
                    x.code,
                    Code::FigureMismatch | Code::UnsupportedFigure | Code::SourceConflict
                ) && x.range.start < at + figure.len()
                    && at < x.range.end
            })
            .map(|x| x.code);
        if got != want {
            failures.push(format!(
                "{figure:?} in {sentence:?}: want {want:?}, got {got:?}"
            ));
        }
    }
    failures
}
