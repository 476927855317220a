//! Figure extraction, case by case. Each case is a sentence and the figures it
//! must yield, rendered as `text => unit value [qualifier] [weak]`.

use super::*;

fn render(text: &str, f: &Figure) -> String {
    let unit = match &f.unit {
        Unit::Money { currency, per } => match per {
            Some(p) => format!("{currency}/{p}"),
            None => currency.clone(),
        },
        Unit::Percent => "%".into(),
        Unit::Points => "pp".into(),
        Unit::Count { noun: Some(n) } => format!("count({n})"),
        Unit::Count { noun: None } => "count".into(),
        Unit::Measure { dimension, per } => match per {
            Some(p) => format!("{dimension}/{p}"),
            None => dimension.to_string(),
        },
        Unit::Age => "age".into(),
        Unit::Date => "date".into(),
        Unit::Multiple => "x".into(),
        Unit::Ordinal { noun } => format!("ordinal({noun})"),
        Unit::Identifier { label } => format!("id({label})"),
        Unit::Time { .. } => "time".into(),
    };
    let value = match &f.value {
        Value::Amount(Amount { value: Some(v), .. }) => canonical_number(*v),
        Value::Amount(a) => format!("[{},{})", canonical_number(a.lo), canonical_number(a.hi)),
        Value::Date(d) => {
            let years = match d.years {
                Some((a, b)) if a == b => a.to_string(),
                Some((a, b)) => format!("{a}..{b}"),
                None => String::new(),
            };
            let mut s = years;
            if let Some(m) = d.month {
                s += &format!("-{m:02}");
            }
            if let Some(day) = d.day {
                s += &format!("-{day:02}");
            }
            s
        }
        Value::Ordinal(n) => n.to_string(),
    };
    let q = match f.qualifier {
        Qualifier::Exact => "",
        Qualifier::Over => " >",
        Qualifier::AtLeast => " >=",
        Qualifier::Under => " <",
        Qualifier::AtMost => " <=",
        Qualifier::Almost => " ~<",
        Qualifier::About => " ~",
    };
    let weak = if f.weak { " weak" } else { "" };
    format!("{} => {unit} {value}{q}{weak}", &text[f.range.clone()])
}

fn figures_of(text: &str, kind: SentenceKind) -> Vec<String> {
    extract(text, 0..text.len(), kind)
        .iter()
        .map(|f| render(text, f))
        .collect()
}

fn check(cases: &[(&str, &[&str])], kind: SentenceKind) {
    let mut failures = Vec::new();
    for (text, want) in cases {
        let got = figures_of(text, kind);
        if got != *want {
            failures.push(format!("{text:?}\n   want {want:?}\n    got {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn money() {
    check(
        &[
            ("It gave $63.5 billion.", &["$63.5 billion => USD 6.35e10"]),
            ("It gave $63.5bn.", &["$63.5bn => USD 6.35e10"]),
            ("It gave US$63.5 bn.", &["US$63.5 bn => USD 6.35e10"]),
            (
                "It gave 63.5 billion dollars.",
                &["63.5 billion dollars => USD 6.35e10"],
            ),
            (
                "It gave $63,500,000,000.",
                &["$63,500,000,000 => USD 6.35e10"],
            ),
            ("A £600m deal.", &["£600m => GBP 6e8"]),
            ("A €2 billion fund.", &["€2 billion => EUR 2e9"]),
            ("It lent 300bn yen.", &["300bn yen => JPY 3e11"]),
            ("Net was 5.93 mln dlrs.", &["5.93 mln dlrs => USD 5.93e6"]),
            (
                "At .125 dlrs per share.",
                &[".125 dlrs per share => USD/share 0.125"],
            ),
            (
                "Profit was 12 cts a share.",
                &["12 cts a share => USD/share 0.12"],
            ),
            (
                "It rose to 17.18 billion N.Z. Dlrs.",
                &["17.18 billion N.Z. Dlrs => NZD 1.718e10"],
            ),
            (
                "It paid 40 mln Canadian dlrs.",
                &["40 mln Canadian dlrs => CAD 4e7"],
            ),
            (
                "It sold at 1,750 dlrs per tonne.",
                &["1,750 dlrs per tonne => USD/tonn 1750"],
            ),
            ("Oil hit $80 a barrel.", &["$80 a barrel => USD/barrel 80"]),
            ("It cost A$5 million.", &["A$5 million => AUD 5e6"]),
            (
                "It raised 2 billion Swiss francs.",
                &["2 billion Swiss francs => CHF 2e9"],
            ),
            (
                "Billions of dollars were spent.",
                &["Billions of dollars => USD [1e9,1e12)"],
            ),
        ],
        SentenceKind::Prose,
    );
}

#[test]
fn percentages() {
    check(
        &[
            ("Inflation hit 20%.", &["20% => % 20"]),
            ("Inflation hit 20 percent.", &["20 percent => % 20"]),
            ("Inflation hit 20 per cent.", &["20 per cent => % 20"]),
            ("Sales rose 55 pct.", &["55 pct => % 55"]),
            (
                "Rates rose 2 percentage points.",
                &["2 percentage points => pp 2"],
            ),
            (
                "Yields rose 25 basis points.",
                &["25 basis points => pp 0.25"],
            ),
            ("It holds a fifth of the land.", &["a fifth => % 20"]),
            ("It lost half of its value.", &["half => % 50"]),
            (
                "Three-quarters of voters agreed.",
                &["Three-quarters => % 75"],
            ),
            (
                "Two-thirds of the board left.",
                &["Two-thirds => % 66.6667"],
            ),
            ("Nearly half the staff quit.", &["Nearly half => % 50 ~<"]),
            ("It was cut by half.", &["half => % 50"]),
            (
                "Deposits rose 2.6 pct in January.",
                &["2.6 pct => % 2.6", "January => date -01 weak"],
            ),
        ],
        SentenceKind::Prose,
    );
}

#[test]
fn counts_and_scales() {
    check(
        &[
            (
                "It has 1.2 million members.",
                &["1.2 million => count(member) 1.2e6"],
            ),
            (
                "It has 464,000 subscribers.",
                &["464,000 => count(subscrib) 464000"],
            ),
            (
                "Tens of thousands died.",
                &["Tens of thousands => count [10000,100000)"],
            ),
            (
                "It caused tens of thousands of casualties.",
                &["tens of thousands => count(casualti) [10000,100000)"],
            ),
            (
                "Hundreds of thousands of people fled.",
                &["Hundreds of thousands => count(peopl) [100000,1e6)"],
            ),
            ("It displaced millions.", &["millions => count [1e6,1e9)"]),
            (
                "Millions displaced from their homes.",
                &["Millions => count [1e6,1e9)"],
            ),
            (
                "Thousands of troops massed.",
                &["Thousands => count(troop) [1000,1e6)"],
            ),
            (
                "Dozens of people were hurt.",
                &["Dozens => count(peopl) [24,144)"],
            ),
            (
                "A few hundred thousand bags remain.",
                &["A few hundred thousand => count(bag) [200000,1e6)"],
            ),
            (
                "Arrivals were 155,221 bags.",
                &["155,221 => count(bag) 155221"],
            ),
            ("Three central issues remain.", &["Three => count(issu) 3"]),
            (
                "It bought one mln shares.",
                &["one mln => count(share) 1e6"],
            ),
            (
                "A million people marched.",
                &["A million => count(peopl) 1e6"],
            ),
            ("The man was 78.", &["78 => count 78"]),
            (
                "Twenty-five people died.",
                &["Twenty-five => count(peopl) 25"],
            ),
            (
                "Some 20,000 troops crossed.",
                &["Some 20,000 => count(troop) 20000 ~"],
            ),
        ],
        SentenceKind::Prose,
    );
}

#[test]
fn durations_and_distances() {
    check(
        &[
            (
                "It could take six months.",
                &["six months => duration 182.625"],
            ),
            ("It lasted 20 years.", &["20 years => duration 7305"]),
            ("It lasted two decades.", &["two decades => duration 7305"]),
            ("He could do it in 24 hours.", &["24 hours => duration 1"]),
            (
                "He could end it within a day.",
                &["a day => duration 1 weak"],
            ),
            ("A 800-mile DMZ.", &["800-mile => distance 1.28748e6"]),
            (
                "The zone is 800 miles long.",
                &["800 miles => distance 1.28748e6"],
            ),
            ("It is 1,287 km long.", &["1,287 km => distance 1.287e6"]),
            ("A six-month delay.", &["six-month => duration 182.625"]),
            (
                "It will take months, if not longer.",
                &["months => duration [60,365) weak"],
            ),
            (
                "In recent weeks it grew.",
                &["weeks => duration [14,60) weak"],
            ),
            (
                "It took two and a half years.",
                &["two and a half years => duration 913.125"],
            ),
            ("It took half a year.", &["half a year => duration 182.625"]),
            ("Sales were 60 kilos.", &["60 kilos => mass 60"]),
            (
                "It pumps 5 mln barrels.",
                &["5 mln barrels => volume 7.94935e8"],
            ),
            (
                "It covers 10 square miles.",
                &["10 square miles => area 2.58999e7"],
            ),
            ("A 20-year-old man.", &["20-year-old => age 20"]),
            ("They met a year ago.", &[]),
            ("He calls twice a day.", &[]),
        ],
        SentenceKind::Prose,
    );
}

#[test]
fn dates_and_years() {
    check(
        &[
            (
                "He takes office on January 20.",
                &["January 20 => date -01-20"],
            ),
            (
                "He takes office on January 20, 2025.",
                &["January 20, 2025 => date 2025-01-20"],
            ),
            (
                "He takes office on 20 January.",
                &["20 January => date -01-20"],
            ),
            (
                "He takes office on January 20th.",
                &["January 20th => date -01-20"],
            ),
            (
                "It began in February 2022.",
                &["February 2022 => date 2022-02"],
            ),
            ("The summit was in 2018.", &["2018 => date 2018"]),
            (
                "The 2018 Helsinki summit drew criticism.",
                &["2018 => date 2018"],
            ),
            ("It peaked in the 1980s.", &["1980s => date 1980..1989"]),
            (
                "The war is nearing its third year.",
                &["third year => ordinal(year) 3 weak"],
            ),
            (
                "It began on Jan. 5, 2023.",
                &["Jan. 5, 2023 => date 2023-01-05"],
            ),
            ("The 1986/87 season ended.", &["1986/87 => date 1986..1987"]),
            (
                "Before the pre-2014 borders.",
                &["pre-2014 => date 2014 < weak"],
            ),
            ("In 2018 elections were held.", &["2018 => date 2018"]),
            ("It sent 1500 troops.", &["1500 => count(troop) 1500"]),
            ("You may go.", &[]),
            ("Output rose in March.", &["March => date -03 weak"]),
            ("March organizers met.", &[]),
            ("They march in May 2020.", &["May 2020 => date 2020-05"]),
            (
                "Trump's second term starts.",
                &["second term => ordinal(term) 2 weak"],
            ),
        ],
        SentenceKind::Prose,
    );
}

#[test]
fn qualifiers() {
    check(
        &[
            (
                "It gave more than $60 billion.",
                &["more than $60 billion => USD 6e10 >"],
            ),
            (
                "It held at least 20 years.",
                &["at least 20 years => duration 7305 >="],
            ),
            (
                "It is almost 20 percent.",
                &["almost 20 percent => % 20 ~<"],
            ),
            (
                "It is nearly 20 percent.",
                &["nearly 20 percent => % 20 ~<"],
            ),
            ("It is about 20 percent.", &["about 20 percent => % 20 ~"]),
            ("It is approximately 20%.", &["approximately 20% => % 20 ~"]),
            ("It is roughly 20%.", &["roughly 20% => % 20 ~"]),
            (
                "Ukraine conceding up to 20% of its territory.",
                &["up to 20% => % 20 <="],
            ),
            (
                "It lasted over 20 years.",
                &["over 20 years => duration 7305 >"],
            ),
            (
                "It cost under $5 million.",
                &["under $5 million => USD 5e6 <"],
            ),
            (
                "Fewer than 100 people came.",
                &["Fewer than 100 => count(peopl) 100 <"],
            ),
            (
                "It could take 10 years or more.",
                &["10 years or more => duration 3652.5 >="],
            ),
        ],
        SentenceKind::Prose,
    );
}

#[test]
fn ranges_and_comparisons() {
    check(
        &[
            (
                "Prices rose to 340 to 350 cruzados.",
                &["340 => count(cruzado) 340", "350 => count(cruzado) 350"],
            ),
            (
                "It went at 1,850 and 1,880 dlrs.",
                &["1,850 => USD 1850", "1,880 dlrs => USD 1880"],
            ),
            (
                "The total was 5.93 mln against 5.81 last year.",
                &["5.93 mln => count 5.93e6", "5.81 => count 5.81e6"],
            ),
            (
                "Shr 12 cts vs 10 cts.",
                &["12 cts => USD 0.12", "10 cts => USD 0.1"],
            ),
            (
                "Deposits rose to 17.18 billion N.Z. Dlrs compared with 16.74 billion in December.",
                &[
                    "17.18 billion N.Z. Dlrs => NZD 1.718e10",
                    "16.74 billion => NZD 1.674e10",
                    "December => date -12 weak",
                ],
            ),
            (
                "Between 5 and 10 percent.",
                &["5 => % 5", "10 percent => % 10"],
            ),
            ("A 5-10% rise.", &["5 => % 5", "10% => % 10"]),
        ],
        SentenceKind::Prose,
    );
}

#[test]
fn not_figures() {
    check(
        &[
            ("It was the worst since World War II.", &[]),
            ("Talks on New START stalled.", &[]),
            ("The G7 met.", &[]),
            ("The two met.", &[]),
            ("What the two say.", &[]),
            ("Both sides agreed.", &[]),
            ("It was one of his first moves.", &[]),
            ("He met them at 10:30 on the day.", &[]),
            ("The team won 2-1.", &[]),
            ("It uses 5G networks.", &[]),
            ("For the first time, they met.", &[]),
            ("In the second half, they scored.", &[]),
            ("Reports cited by 004 agree.", &[]),
        ],
        SentenceKind::Prose,
    );
}

#[test]
fn headlines() {
    check(
        &[
            ("5 things to know about the summit", &[]),
            ("Ten reasons the talks failed", &[]),
            ("Ukraine aid tops $60 billion", &["$60 billion => USD 6e10"]),
            ("The 2018 summit revisited", &["2018 => date 2018"]),
        ],
        SentenceKind::Headline,
    );
}

#[test]
fn relations() {
    use Relation::*;
    let fig = |s: &str| {
        let f = extract(s, 0..s.len(), SentenceKind::Prose);
        assert_eq!(f.len(), 1, "one figure in {s:?}: {f:?}");
        f.into_iter().next().unwrap()
    };
    let cases = [
        ("more than $60 billion", "$61.4 billion", Agree),
        ("almost 20 percent", "approximately 20%", Agree),
        ("20%", "a fifth of it", Agree),
        ("$63.5bn", "$63,500,000,000", Agree),
        ("24 hours", "within a day", Agree),
        ("two decades", "20 years", Agree),
        ("800 miles", "an 800-mile zone", Agree),
        ("$61 billion", "$61.4 billion", Agree),
        ("$61.4 billion", "more than $63.5 billion", Disagree),
        ("more than $63.5 billion", "$61.4 billion", Disagree),
        ("25 years", "at least 20 years", Disagree),
        ("at least 20 years", "at least 20 years", Agree),
        ("hundreds of thousands", "tens of thousands", Disagree),
        ("millions of people", "millions of people", Agree),
        ("2 million people", "millions of people", Compatible),
        ("in 2017", "in 2018", Disagree),
        ("January 20", "January 20, 2025", Agree),
        ("January 20, 2025", "January 20", Compatible),
        ("in February 2022", "in 2022", Compatible),
        ("in 2022", "in February 2022", Agree),
        ("in 1985", "the 1980s", Compatible),
        ("the 1980s", "in 1985", Agree),
        ("600-mile", "800-mile", Disagree),
        ("2 percent", "2 percentage points", Disagree),
        ("$5 million", "£5 million", Incomparable),
        ("5 million members", "5 million voters", Incomparable),
        ("three months", "six months", Disagree),
        ("up to 20%", "almost 20 percent", Agree),
        ("up to 25%", "up to 20%", Disagree),
        ("more than $60 billion", "more than $63.5 billion", Disagree),
        ("about $60 billion", "$61.4 billion", Agree),
        ("about 800 miles", "an 800-mile zone", Agree),
        ("more than 60 percent", "less than 60 percent", Disagree),
        // Opposite bounds: another number unless it is the same one.
        ("at least 20 people", "as many as 29 people", Disagree),
        ("at least 29 people", "as many as 29 people", Agree),
        ("more than 20 people", "nearly 29 people", Agree),
        // Seasons: another season of the same length is another period.
        ("the 2020-21 season", "the 2021-22 season", Disagree),
        ("the 2020-21 season", "the 2020/21 season", Agree),
        ("the 2020-21 season", "in 2021", Agree),
        ("the 1980s", "the 1985-86 season", Agree),
        ("doubled", "2-fold", Agree),
        ("doubled", "tripled", Disagree),
        ("a 12-fold rise", "twelvefold", Agree),
        ("more than doubled", "2.5 times higher", Agree),
        ("magnitude 7.1", "a 7.1-magnitude quake", Agree),
        ("magnitude 7.1", "a 7.4-magnitude quake", Disagree),
    ];
    let mut failures = Vec::new();
    for (d, s, want) in cases {
        let got = relate(&fig(d), &fig(s));
        if got != want {
            failures.push(format!("{d:?} vs {s:?}: want {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn slips() {
    let fig = |s: &str| extract(s, 0..s.len(), SentenceKind::Prose).remove(0);
    assert!(matches!(
        slip(&fig("$63.5 million"), &fig("$63.5 billion")),
        Some(Slip::Magnitude { .. })
    ));
    assert!(matches!(
        slip(&fig("$6.1 billion"), &fig("$61 billion")),
        Some(Slip::Zero { .. })
    ));
    assert_eq!(
        slip(&fig("2 percent"), &fig("2 percentage points")),
        Some(Slip::PercentForPoints)
    );
    assert_eq!(slip(&fig("$62 billion"), &fig("$61 billion")), None);
}

#[test]
fn qualifier_after_a_figure_does_not_panic() {
    // "or more than" after a figure once made two figures overlap and the
    // unit lending sliced backwards.
    let text = "In afternoon trading, Aspen's shares were off 89 cents or more than 27 percent at $2.33 per share.";
    let got = figures_of(text, SentenceKind::Prose);
    assert!(got.iter().any(|f| f.starts_with("$2.33")), "{got:?}");
}

#[test]
fn any_text_extracts_without_panicking() {
    // Sentences of random tokens from every part of the grammar, by a fixed LCG.
    const TOKENS: &[&str] = &[
        "$",
        "5",
        "-",
        "–",
        "−",
        "million",
        "m",
        "bn",
        "a",
        "half",
        "of",
        "the",
        "quarter",
        "thirds",
        "two",
        "twenty",
        "hundred",
        "and",
        "aged",
        "year",
        "old",
        "years",
        "feet",
        "2",
        "in",
        "by",
        "x",
        "×",
        "°",
        "C",
        "F",
        "km",
        "/",
        "h",
        "May",
        "Thursday",
        "21st",
        "eleventh",
        "12",
        "2016",
        "04",
        ".",
        ",",
        "(",
        ")",
        "%",
        "per",
        "cent",
        "Rs",
        "₹",
        "€",
        "C$",
        "under",
        "par",
        "67",
        "1/4",
        "½",
        "2½",
        "12,34,567",
        "+44",
        "020",
        "ISBN",
        "978-3-16",
        "192.168.1.2",
        "his",
        "40s",
        "early",
        "Lopez",
        "yo",
        "y/o",
        "pounds",
        "weighs",
        "é",
        "ü",
        "12x9",
        "mph",
        "between",
        "to",
        "than",
        "more",
        "minus",
        "dollars",
        "cents",
        "p",
        "sq",
        "ft",
        "in.",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        (state >> 33) as usize
    };
    for _ in 0..3000 {
        let n = 1 + next() % 12;
        let mut s = String::new();
        for _ in 0..n {
            if next() % 3 > 0 {
                s.push(' ');
            }
            s.push_str(TOKENS[next() % TOKENS.len()]);
        }
        let figures = extract(&s, 0..s.len(), SentenceKind::Prose);
        for f in figures {
            assert!(s.get(f.range.clone()).is_some(), "{s:?}: {:?}", f.range);
        }
    }
}

/// The short way of `canonical_number` (a value that prints with at most
/// six significant digits is its own canonical form) agrees with rounding
/// every value, on values of every size, sign and number of digits.
#[test]
fn canonical_numbers_agree_with_rounding_every_value() {
    use super::canonical_by_rounding;
    let mut values = vec![
        1e-4,
        1e6,
        999_999.0,
        999_999.4,
        999_999.5,
        999_999.7,
        1e-5,
        9.99999e-5,
        0.000_099_999_95,
        0.1,
        0.2,
        0.3,
        1.0 / 3.0,
        2.0 / 3.0,
        5.2,
        6.35e10,
        182.625,
        0.12,
        1986.0,
        123_456.5,
        1_234_567.0,
    ];
    // A small linear congruential generator: the same values every run.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state >> 11
    };
    for _ in 0..200_000 {
        let digits = 1 + next() % 9;
        let mantissa = (next() % 10u64.pow(digits as u32)) as f64;
        let exponent = (next() % 24) as i32 - 14;
        let sign = if next() % 2 == 0 { 1.0 } else { -1.0 };
        values.push(sign * mantissa * 10f64.powi(exponent));
        values.push(sign * f64::from_bits(next() % (2047u64 << 52)));
    }
    for v in values.iter().flat_map(|&v| [v, -v]) {
        assert_eq!(canonical_number(v), canonical_by_rounding(v), "{v:e}");
    }
}

/// Whole numbers take canonical_number's integer path: the same text as
/// rounding every one of them gives, on both sides of a million.
#[test]
fn canonical_whole_numbers_agree_with_rounding() {
    use super::canonical_by_rounding;
    for n in (-1_100_003i64..=1_100_003).step_by(7).chain(-20..=20) {
        let v = n as f64;
        assert_eq!(canonical_number(v), canonical_by_rounding(v), "{v}");
    }
}

/// The value keys and families written in place are the strings they were
/// formatted as, for every unit and every kind of value, written after
/// other text too.
#[test]
fn value_keys_written_in_place_as_formatted() {
    fn formatted_family(u: &Unit) -> String {
        match u {
            Unit::Money { currency, .. } => format!("money:{currency}"),
            Unit::Percent | Unit::Points => "percent".into(),
            Unit::Count { .. } => "count".into(),
            Unit::Measure { dimension, .. } => format!("{dimension:?}").to_lowercase(),
            Unit::Age => "age".into(),
            Unit::Date => "date".into(),
            Unit::Multiple => "multiple".into(),
            Unit::Ordinal { noun } => format!("ordinal:{noun}"),
            Unit::Identifier { .. } => "identifier".into(),
            Unit::Time { .. } => "time".into(),
        }
    }
    fn formatted_key(f: &Figure) -> Option<String> {
        let family = formatted_family(&f.unit);
        match &f.value {
            Value::Amount(Amount { value: Some(v), .. }) => {
                Some(format!("{family}={}", super::canonical_by_rounding(*v)))
            }
            Value::Amount(_) => None,
            Value::Date(d) => {
                let years = match d.years {
                    Some((a, b)) if a == b => a.to_string(),
                    Some((a, b)) => format!("{a}-{b}"),
                    None => String::new(),
                };
                let month = d.month.map_or(String::new(), |m| format!("/{m}"));
                let day = d.day.map_or(String::new(), |x| format!("/{x}"));
                Some(format!("date={years}{month}{day}"))
            }
            Value::Ordinal(n) => Some(format!("{family}={n}")),
        }
    }
    let dimensions = [
        Dimension::Duration,
        Dimension::Distance,
        Dimension::Mass,
        Dimension::Volume,
        Dimension::Area,
        Dimension::Temperature,
        Dimension::Speed,
        Dimension::Power,
        Dimension::Energy,
    ];
    let mut units = vec![
        Unit::Money {
            currency: "USD".into(),
            per: Some("share".into()),
        },
        Unit::Percent,
        Unit::Points,
        Unit::Count { noun: None },
        Unit::Count {
            noun: Some("troop".into()),
        },
        Unit::Age,
        Unit::Date,
        Unit::Multiple,
        Unit::Ordinal {
            noun: "year".into(),
        },
        Unit::Identifier {
            label: "flight".into(),
        },
        Unit::Time { zone: None },
    ];
    units.extend(dimensions.iter().map(|&dimension| Unit::Measure {
        dimension,
        per: None,
    }));
    let date = |years, month, day| Value::Date(DateValue { years, month, day });
    let values = [
        Value::Amount(Amount::exact(63.5e9, 0.05e9)),
        Value::Amount(Amount::exact(2018.0, 0.5)),
        Value::Amount(Amount::exact(-3.0, 0.5)),
        Value::Amount(Amount::exact(0.125, 0.0005)),
        Value::Amount(Amount::exact(1.0 / 3.0, 0.0)),
        Value::Amount(Amount::exact(0.0, 0.5)),
        Value::Amount(Amount::vague(1e4, 1e5)),
        date(Some((2016, 2016)), Some(4), Some(5)),
        date(Some((1980, 1989)), None, None),
        date(None, Some(12), None),
        date(None, None, Some(31)),
        Value::Ordinal(3),
    ];
    let mut seen = 0;
    for unit in &units {
        for value in &values {
            let f = Figure {
                range: 0..1,
                unit: unit.clone(),
                value: value.clone(),
                qualifier: Qualifier::Exact,
                weak: false,
                written: None,
            };
            let want = formatted_key(&f);
            assert_eq!(f.value_key(), want, "{f:?}");
            assert_eq!(f.has_value_key(), want.is_some(), "{f:?}");
            let mut after = String::from("§v:");
            assert_eq!(f.write_value_key(&mut after), want.is_some());
            assert_eq!(after, format!("§v:{}", want.unwrap_or_default()));
            let mut family = String::from("x ");
            unit.write_family(&mut family);
            assert_eq!(family, format!("x {}", formatted_family(unit)));
            seen += 1;
        }
    }
    assert_eq!(seen, units.len() * values.len());
}

/// `qualify` reads only the qualifiers whose last word comes just before
/// the figure, and none when no word does: that holds while no qualifier
/// has an empty word.
#[test]
fn qualifiers_have_no_empty_word() {
    for (words, _) in super::vocab::QUALIFIERS {
        assert!(!words.is_empty() && words.iter().all(|w| !w.is_empty()));
    }
}
