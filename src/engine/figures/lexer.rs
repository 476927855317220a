//! Splits a sentence into the lexemes the figure grammar reads: numbers,
//! words, currency signs and punctuation, each with its byte range.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::vocab;

/// A numeral as written: "63.5", "1,750", "20th", "1980s", ".125".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Numeral {
    pub value: f64,
    /// Digits after the decimal point.
    pub decimals: u32,
    /// Digits before it.
    pub int_digits: u32,
    pub grouped: bool,
    /// "20th", "3rd".
    pub ordinal: bool,
    /// "1980s".
    pub decade: bool,
}

impl Numeral {
    /// A plain integer without grouping commas ("2018", not "2,018" or "20.18").
    pub fn is_plain_integer(&self) -> bool {
        self.decimals == 0 && !self.grouped && !self.ordinal && !self.decade
    }

    /// Half the unit of the last written digit.
    pub fn step(&self) -> f64 {
        0.5 * 10f64.powi(-(self.decimals as i32))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Num(Numeral),
    Word,
    /// A currency sign, possibly with letters written onto it ("US$").
    Currency(&'static str),
    Percent,
    Dash,
    Slash,
    Colon,
    Comma,
    Open,
    Close,
    Quote,
    Stop,
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lexeme<'a> {
    pub kind: Kind,
    pub range: Range<usize>,
    pub text: &'a str,
    /// Whitespace comes before it (false when written onto the lexeme before).
    pub space_before: bool,
}

impl<'a> Lexeme<'a> {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    /// The word lowercased, or "" when it is not a word. Borrowed when it
    /// is lowercase already, as most words are.
    pub fn lower(&self) -> std::borrow::Cow<'a, str> {
        if !self.is_word() {
            std::borrow::Cow::Borrowed("")
        } else if self.text.chars().any(char::is_uppercase) {
            std::borrow::Cow::Owned(self.text.to_lowercase())
        } else {
            std::borrow::Cow::Borrowed(self.text)
        }
    }

    pub fn num(&self) -> Option<&Numeral> {
        match &self.kind {
            Kind::Num(n) => Some(n),
            _ => None,
        }
    }

    pub fn is_capitalized(&self) -> bool {
        self.is_word() && self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

static NUMERAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)").expect("numeral regex")
});
static DOLLAR_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:U\.S\.|[A-Z]{1,3})\$").expect("dollar prefix regex"));

/// The lexemes of `text[range]`, with absolute ranges.
pub fn lex(text: &str, range: Range<usize>) -> Vec<Lexeme<'_>> {
    let s = &text[range.clone()];
    let base = range.start;
    let mut out: Vec<Lexeme> = Vec::new();
    let mut i = 0;
    let mut space = true;
    while i < s.len() {
        let rest = &s[i..];
        let c = rest.chars().next().expect("non-empty");
        if c.is_whitespace() {
            space = true;
            i += c.len_utf8();
            continue;
        }
        let prev_alnum = s[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let (kind, len) = if let Some(m) = DOLLAR_PREFIX.find(rest)
            && !prev_alnum
            && let Some(code) = vocab::dollar_prefix(&m.as_str()[..m.len() - 1])
        {
            (Kind::Currency(code), m.len())
        } else if (c.is_ascii_digit() || c == '.') && !(prev_alnum && c == '.') {
            match NUMERAL.find(rest) {
                Some(m) => numeral(rest, m.as_str()),
                None => (Kind::Stop, 1),
            }
        } else if c.is_alphabetic() {
            (Kind::Word, word_len(rest))
        } else {
            let kind = match c {
                '%' => Kind::Percent,
                '-' | '–' | '—' | '‐' | '‑' => Kind::Dash,
                '/' => Kind::Slash,
                ':' => Kind::Colon,
                ',' => Kind::Comma,
                '(' | '[' => Kind::Open,
                ')' | ']' => Kind::Close,
                '"' | '“' | '”' | '\'' | '‘' | '’' | '«' | '»' => Kind::Quote,
                '.' | '!' | '?' | ';' | '…' => Kind::Stop,
                _ => match vocab::currency_symbol(c) {
                    Some(code) => Kind::Currency(code),
                    None => Kind::Other,
                },
            };
            (kind, c.len_utf8())
        };
        out.push(Lexeme {
            kind,
            range: base + i..base + i + len,
            text: &text[base + i..base + i + len],
            space_before: space,
        });
        space = false;
        i += len;
    }
    out
}

/// A numeral lexeme and its length, with an ordinal or decade suffix.
fn numeral(rest: &str, digits: &str) -> (Kind, usize) {
    let (int_part, frac) = match digits.split_once('.') {
        Some((a, b)) => (a, b),
        None => (digits, ""),
    };
    let grouped = int_part.contains(',');
    let clean: String = digits.chars().filter(|&c| c != ',').collect();
    let value: f64 = clean.parse().unwrap_or(0.0);
    let mut n = Numeral {
        value,
        decimals: frac.len() as u32,
        int_digits: int_part.chars().filter(char::is_ascii_digit).count() as u32,
        grouped,
        ordinal: false,
        decade: false,
    };
    let mut len = digits.len();
    let after = &rest[len..];
    let suffix_end = |sfx: &str| {
        after.len() == sfx.len()
            || !after[sfx.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    };
    if n.is_plain_integer() {
        for sfx in ["st", "nd", "rd", "th"] {
            if after.to_ascii_lowercase().starts_with(sfx) && suffix_end(sfx) {
                n.ordinal = true;
                len += sfx.len();
                break;
            }
        }
        let decade_like = (n.int_digits == 4 || n.int_digits == 2) && value % 10.0 == 0.0;
        if !n.ordinal && decade_like {
            for sfx in ["s", "'s", "’s"] {
                if after.starts_with(sfx) && suffix_end(sfx) {
                    n.decade = true;
                    len += sfx.len();
                    break;
                }
            }
        }
    }
    (Kind::Num(n), len)
}

/// Length of a word at the start of `s`: a dotted acronym ("U.S.", "N.Z.") or
/// letters and digits with inner apostrophes. Digits end a word that is
/// followed by them only through a hyphen ("COVID-19" is two lexemes).
fn word_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut n = 0;
    let mut pairs = 0;
    while n + 1 < b.len() && b[n].is_ascii_alphabetic() && b[n + 1] == b'.' {
        n += 2;
        pairs += 1;
    }
    if pairs >= 2 && !(n < b.len() && b[n].is_ascii_alphanumeric()) {
        return n;
    }
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((j, d)) = chars.next() {
        if d.is_alphabetic() || (d.is_ascii_digit() && end > 0) {
            end = j + d.len_utf8();
        } else if (d == '\'' || d == '’') && chars.peek().is_some_and(|&(_, n)| n.is_alphabetic())
        {
            continue;
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<String> {
        lex(s, 0..s.len())
            .iter()
            .map(|l| match &l.kind {
                Kind::Num(n) => format!(
                    "N{}{}{}",
                    n.value,
                    if n.ordinal { "th" } else { "" },
                    if n.decade { "s" } else { "" }
                ),
                Kind::Word => format!("W{}{}", if l.space_before { "" } else { "+" }, l.text),
                Kind::Currency(c) => format!("C{c}"),
                Kind::Percent => "%".into(),
                Kind::Dash => "-".into(),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn lexemes() {
        let cases: &[(&str, &[&str])] = &[
            ("$63.5bn", &["CUSD", "N63.5", "W+bn"]),
            ("US$63.5 bn", &["CUSD", "N63.5", "Wbn"]),
            ("£600m", &["CGBP", "N600", "W+m"]),
            ("$63,500,000,000", &["CUSD", "N63500000000"]),
            ("20%", &["N20", "%"]),
            ("800-mile", &["N800", "-", "W+mile"]),
            ("COVID-19", &["WCOVID", "-", "N19"]),
            ("G7", &["WG7"]),
            (
                "January 20th, 2025",
                &["WJanuary", "N20th", "Comma", "N2025"],
            ),
            ("the 1980s", &["Wthe", "N1980s"]),
            (".125 dlrs", &["N0.125", "Wdlrs"]),
            ("U.S. dlrs", &["WU.S.", "Wdlrs"]),
            ("1,2", &["N1", "Comma", "N2"]),
            ("in 2018.", &["Win", "N2018", "Stop"]),
            ("A$5", &["CAUD", "N5"]),
        ];
        for (s, want) in cases {
            assert_eq!(kinds(s), *want, "{s:?}");
        }
    }

    #[test]
    fn steps() {
        let l = lex("63.5", 0..4);
        assert_eq!(l[0].num().unwrap().step(), 0.05);
        let l = lex("20", 0..2);
        assert_eq!(l[0].num().unwrap().step(), 0.5);
    }
}
