//! The table of what the grammar reads: rows of `cases.txt`, each a sentence
//! with its figures in brackets and what each must read as. The unit tests
//! check every row, `docs/figures.md` is generated from the same rows, and
//! `tests/figures_roundtrip.rs` checks each figure against a source that
//! restates it. A row:
//!
//! ```text
//! The fee is [USD 200] a month.  =>  money USD/month 200
//! ```
//!
//! `# Heading` starts a kind, `## Heading` a form within it, `> text` is a
//! note for the docs, `//` a comment. A row with nothing after `=>` must
//! yield no figure. A literal bracket is written `\[` or `\]`.

use std::ops::Range;

use super::{Amount, Figure, Qualifier, SentenceKind, Unit, Value, canonical_number, extract};

/// One row: a sentence and the figures it must yield.
#[derive(Debug, Clone)]
pub struct Case {
    /// The kind heading it sits under ("Money").
    pub section: String,
    /// The form heading ("Currency codes before the amount").
    pub form: String,
    /// The sentence, brackets removed.
    pub text: String,
    /// The bracketed spans, in order.
    pub spans: Vec<Range<usize>>,
    /// What each span must read as ([`describe`]).
    pub want: Vec<String>,
    /// 1-based line in the file.
    pub line: usize,
}

/// A heading, a note or a row, in file order (for the docs).
#[derive(Debug, Clone)]
enum Item {
    Section(String),
    Form(String),
    Note(String),
    Row(usize),
}

/// The rows of a case file, or the first malformed line.
pub fn parse(file: &str) -> Result<Vec<Case>, String> {
    parse_items(file).map(|(cases, _)| cases)
}

fn parse_items(file: &str) -> Result<(Vec<Case>, Vec<Item>), String> {
    let mut cases = Vec::new();
    let mut items = Vec::new();
    let (mut section, mut form) = (String::new(), String::new());
    for (n, line) in file.lines().enumerate() {
        let line_no = n + 1;
        let t = line.trim();
        if t.is_empty() || t.starts_with("//") {
            continue;
        }
        if let Some(h) = t.strip_prefix("## ") {
            form = h.trim().to_string();
            items.push(Item::Form(form.clone()));
        } else if let Some(h) = t.strip_prefix("# ") {
            section = h.trim().to_string();
            form.clear();
            items.push(Item::Section(section.clone()));
        } else if let Some(note) = t.strip_prefix("> ") {
            items.push(Item::Note(note.to_string()));
        } else {
            let (sentence, want) = t
                .rsplit_once("=>")
                .ok_or_else(|| format!("line {line_no}: a row needs `=>`"))?;
            let (text, spans) =
                unbracket(sentence.trim()).map_err(|e| format!("line {line_no}: {e}"))?;
            let want: Vec<String> = if want.trim().is_empty() {
                Vec::new()
            } else {
                want.split(';').map(normalize).collect()
            };
            if want.len() != spans.len() {
                return Err(format!(
                    "line {line_no}: {} bracketed spans but {} readings",
                    spans.len(),
                    want.len()
                ));
            }
            items.push(Item::Row(cases.len()));
            cases.push(Case {
                section: section.clone(),
                form: form.clone(),
                text,
                spans,
                want,
                line: line_no,
            });
        }
    }
    Ok((cases, items))
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sentence without its brackets, and the bracketed byte ranges.
fn unbracket(s: &str) -> Result<(String, Vec<Range<usize>>), String> {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e @ ('[' | ']' | '\\')) => text.push(e),
                other => return Err(format!("bad escape \\{}", other.unwrap_or(' '))),
            },
            '[' if open.is_none() => open = Some(text.len()),
            ']' => {
                let start = open.take().ok_or("`]` without `[`")?;
                spans.push(start..text.len());
            }
            '[' => return Err("nested `[`".into()),
            c => text.push(c),
        }
    }
    if open.is_some() {
        return Err("`[` without `]`".into());
    }
    Ok((text, spans))
}

/// A figure in one line: kind, unit, value, qualifier, and `weak`:
/// `money USD/share 0.12`, `distance m 9656.06`, `age 58`,
/// `date 2016-02-22`, `percent 20 ~<`.
pub fn describe(f: &Figure) -> String {
    let mut parts = vec![f.unit.kind()];
    match &f.unit {
        Unit::Money { currency, per } => parts.push(match per {
            Some(p) => format!("{currency}/{p}"),
            None => currency.clone(),
        }),
        Unit::Count { noun: Some(n) } => parts.push(n.clone()),
        Unit::Measure { dimension, per } => parts.push(match per {
            Some(p) => format!("{}/{p}", dimension.base_symbol()),
            None => dimension.base_symbol().to_string(),
        }),
        Unit::Ordinal { noun } => parts.push(noun.clone()),
        Unit::Identifier { label } => parts.push(label.replace(' ', "_")),
        Unit::Time { zone: Some(z) } => parts.push(z.clone()),
        Unit::Time { zone: None } => {}
        Unit::Percent
        | Unit::Points
        | Unit::Count { noun: None }
        | Unit::Age
        | Unit::Date
        | Unit::Multiple => {}
    }
    parts.push(match &f.value {
        Value::Amount(Amount { value: Some(v), .. }) => canonical_number(*v),
        Value::Amount(a) => format!("[{},{})", canonical_number(a.lo), canonical_number(a.hi)),
        Value::Date(d) => {
            let years = match d.years {
                Some((a, b)) if a == b => a.to_string(),
                Some((a, b)) => format!("{a}..{b}"),
                None => "xxxx".to_string(),
            };
            match (d.month, d.day) {
                (None, None) => years,
                (Some(m), None) => format!("{years}-{m:02}"),
                (m, Some(day)) => format!(
                    "{years}-{}-{day:02}",
                    m.map_or("xx".to_string(), |m| format!("{m:02}"))
                ),
            }
        }
        Value::Ordinal(n) => n.to_string(),
    });
    let q = match f.qualifier {
        Qualifier::Exact => "",
        Qualifier::Over => ">",
        Qualifier::AtLeast => ">=",
        Qualifier::Under => "<",
        Qualifier::AtMost => "<=",
        Qualifier::Almost => "~<",
        Qualifier::About => "~",
    };
    if !q.is_empty() {
        parts.push(q.to_string());
    }
    if f.weak {
        parts.push("weak".into());
    }
    parts.join(" ")
}

/// What the grammar reads in a row, as bracketed text and readings, when
/// it differs from what the row wants.
pub fn mismatch(case: &Case) -> Option<String> {
    let figures = extract(&case.text, 0..case.text.len(), SentenceKind::Prose);
    let got: Vec<(Range<usize>, String)> = figures
        .iter()
        .map(|f| (f.range.clone(), describe(f)))
        .collect();
    let want: Vec<(Range<usize>, String)> = case
        .spans
        .iter()
        .cloned()
        .zip(case.want.iter().cloned())
        .collect();
    if got == want {
        return None;
    }
    Some(format!(
        "line {}: {}\n    want: {}\n     got: {}",
        case.line,
        case.text,
        render(&case.text, &want),
        render(&case.text, &got)
    ))
}

fn render(text: &str, figures: &[(Range<usize>, String)]) -> String {
    if figures.is_empty() {
        return "(no figure)".into();
    }
    figures
        .iter()
        .map(|(r, d)| format!("[{}] {d}", text.get(r.clone()).unwrap_or("?")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `docs/figures.md`, generated from the case file.
pub fn docs(file: &str) -> Result<String, String> {
    let (cases, items) = parse_items(file)?;
    let mut out = String::from(DOCS_HEADER);
    let mut in_table = false;
    let mut last_form = String::new();
    let end_table = |out: &mut String, in_table: &mut bool| {
        if *in_table {
            out.push('\n');
            *in_table = false;
        }
    };
    for item in items {
        match item {
            Item::Section(s) => {
                end_table(&mut out, &mut in_table);
                out.push_str(&format!("## {s}\n\n"));
            }
            Item::Form(f) => {
                last_form = f;
            }
            Item::Note(n) => {
                end_table(&mut out, &mut in_table);
                out.push_str(&format!("{n}\n\n"));
            }
            Item::Row(k) => {
                let c = &cases[k];
                if !in_table {
                    out.push_str("| form | example | read as |\n|---|---|---|\n");
                    in_table = true;
                }
                let form = if c.form == last_form && !last_form.is_empty() {
                    last_form.clear();
                    c.form.clone()
                } else {
                    String::new()
                };
                let read = if c.want.is_empty() {
                    "not a figure".to_string()
                } else {
                    c.want
                        .iter()
                        .map(|w| format!("`{w}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                out.push_str(&format!("| {} | {} | {read} |\n", cell(&form), example(c)));
            }
        }
    }
    end_table(&mut out, &mut in_table);
    out.push_str(&format!(
        "{} rows, generated from `src/engine/figures/cases.txt` (`VOUCH_BLESS=1 cargo test figures::table`).\n",
        cases.len()
    ));
    Ok(out)
}

/// The example with its figures in bold, escaped for a table cell.
fn example(c: &Case) -> String {
    let mut out = String::new();
    let mut at = 0;
    for span in &c.spans {
        out.push_str(&cell(&c.text[at..span.start]));
        out.push_str("**");
        out.push_str(&cell(&c.text[span.clone()]));
        out.push_str("**");
        at = span.end;
    }
    out.push_str(&cell(&c.text[at..]));
    out
}

fn cell(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if matches!(
            ch,
            '|' | '*' | '_' | '<' | '>' | '[' | ']' | '`' | '\\' | '$' | '#'
        ) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

const DOCS_HEADER: &str = "# Figures vouch reads

Every figure vouch checks is read to a **kind**, a **unit** and a **value**, so that the same
figure written two ways compares equal: `$63.5bn` and `63.5 billion dollars`, `6 miles` and
`9.66 km`, `the 58-year-old` and `aged 58`, `02/22/2016` and `February 22, 2016`.
This page lists the forms, each with an example (the figure in bold) and what vouch reads.
It is generated from the rows the tests check (`src/engine/figures/cases.txt`), so it cannot drift.

How to read the last column: `kind unit value`, then a qualifier and `weak` when they apply.

- **money** `USD 200`: an ISO 4217 code; `USD/share` is a rate per share.
  Prefixed dollars are their own currencies (`C$` CAD, `A$` AUD, `HK$` HKD); a bare `$` is USD.
- **percent** `30`, **points** `2` (percentage points; basis points are hundredths).
- **count** `peopl 1200`: what is counted, as a stem, when a noun says; otherwise `count 1200`.
- **age** `58`: years.
- Measures in their base unit: **distance** `m` (metres), **mass** `kg`, **volume** `l` (litres),
  **area** `m2`, **duration** `d` (days), **temperature** `C` (°C), **speed** `km/h`, **power** `W`,
  **energy** `Wh`. `6 miles` is `distance m 9656.06`.
- **date** `2016-02-22`; `xxxx` or `xx` where the text gives no year or month.
- **ordinal** `year 3`: the third of a sequence (`third year`).
- `[lo,hi)` is the interval a vague figure allows (`tens of thousands`, `in her 40s`).
- Qualifiers: `>` more than, `>=` at least, `<` less than, `<=` up to, `~<` almost, `~` about.
- `weak`: vague or incidental (`a year`, `in March`): checked against a source that states the
  same claim, never reported as unsupported.

Two figures compare when their kinds and units do. Measures written in different units are
converted, and agree within the rounding a reporter uses when converting (2.5 percent);
a finding says when it converted (`12 km is 7.46 mi`).

**Dates written all in numbers.** `02/22/2016` can only be February 22 and `22/04/2016` only
22 April. When both readings are possible (`04/05/2016`), vouch reads month first, as in the
United States, unless `vouch.toml` says otherwise:

```toml
[figures]
date-order = \"dmy\"    # \"mdy\" (month first, the default) or \"dmy\" (day first)
```

Dotted dates (`22.04.2016`) are read day first, and ISO dates (`2016-04-05`) year, month, day.

";

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = include_str!("cases.txt");

    #[test]
    fn every_row_reads_as_written() {
        let cases = parse(FILE).expect("cases.txt parses");
        let failures: Vec<String> = cases.iter().filter_map(mismatch).collect();
        assert!(
            failures.is_empty(),
            "{} of {} rows read otherwise:\n{}",
            failures.len(),
            cases.len(),
            failures.join("\n")
        );
    }

    /// Every figure's interval lies the right way round and reaches its
    /// value (within a step: "more than 5" starts just above 5): a negative
    /// value ("5 under par") once came with its bounds reversed.
    #[test]
    fn every_figure_lies_within_its_bounds() {
        let cases = parse(FILE).expect("cases.txt parses");
        for case in &cases {
            for f in extract(&case.text, 0..case.text.len(), SentenceKind::Prose) {
                if let Value::Amount(a) = &f.value {
                    assert!(a.lo <= a.hi, "line {}: {f:?}", case.line);
                    if let Some(v) = a.value {
                        assert!(
                            a.lo - a.step <= v && v <= a.hi + a.step,
                            "line {}: {f:?}",
                            case.line
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_docs_are_generated_from_the_rows() {
        let generated = docs(FILE).expect("cases.txt parses");
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/figures.md");
        if std::env::var_os("VOUCH_BLESS").is_some() {
            std::fs::write(path, &generated).expect("docs/figures.md is writable");
        }
        let published = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            published == generated,
            "docs/figures.md is not what cases.txt generates: run `VOUCH_BLESS=1 cargo test figures::table`"
        );
    }

    #[test]
    fn rows_parse_with_their_spans() {
        let c = parse("# K\n## F\nA [b] and \\[c\\] [d]. => x; y\nNone here. =>\n").unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].text, "A b and [c] d.");
        assert_eq!(c[0].spans, vec![2..3, 12..13]);
        assert_eq!(c[0].want, vec!["x", "y"]);
        assert!(c[1].want.is_empty() && c[1].spans.is_empty());
        assert!(parse("A [b]. => x; y").is_err());
        assert!(parse("A [b. => x").is_err());
        assert!(parse("no arrow").is_err());
    }
}
