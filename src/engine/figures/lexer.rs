//! Splits a sentence into the lexemes the figure grammar reads: numbers,
//! words, currency signs and punctuation, each with its byte range.
//!
//! A whole token that is a URL, an email address, an IP address or a
//! digit-and-separator identifier (a phone number, an ISBN, a version) is
//! one [`Kind::Other`] lexeme, so no figure is read inside it.

use super::vocab;
use crate::engine::text::words::char_at;
use std::ops::Range;

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
    /// "½", "2½" read as one number: an exact fraction.
    pub fraction: bool,
    /// The fraction's denominator (2 for "½"), 0 without one.
    pub den: u8,
}

impl Numeral {
    /// A plain integer without grouping commas ("2018", not "2,018" or "20.18").
    pub fn is_plain_integer(&self) -> bool {
        self.decimals == 0 && !self.grouped && !self.ordinal && !self.decade && !self.fraction
    }

    /// Half the unit of the last written digit; for a fraction, a tenth
    /// of its part ("⅛" is 0.125 ± 0.0125).
    pub fn step(&self) -> f64 {
        if self.fraction {
            fraction_step(f64::from(self.den.max(2)))
        } else {
            0.5 * 10f64.powi(-(self.decimals as i32))
        }
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
    /// A slice of the text given to [`lex`]: its byte range there is
    /// [`Lexeme::range_in`] (no range stored, so a lexeme is 48 bytes, not 64).
    pub text: &'a str,
    /// Whitespace comes before it (false when written onto the lexeme before).
    pub space_before: bool,
}

impl<'a> Lexeme<'a> {
    pub fn is_word(&self) -> bool {
        matches!(self.kind, Kind::Word)
    }

    pub fn num(&self) -> Option<&Numeral> {
        match &self.kind {
            Kind::Num(n) => Some(n),
            _ => None,
        }
    }

    /// The lexeme's byte range in `text`, the text it was lexed from.
    pub fn range_in(&self, text: &str) -> Range<usize> {
        let start = self.text.as_ptr() as usize - text.as_ptr() as usize;
        debug_assert!(text.get(start..start + self.text.len()) == Some(self.text));
        start..start + self.text.len()
    }

    pub fn is_capitalized(&self) -> bool {
        self.is_word() && self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

// Indian grouping ("12,34,567": lakhs and crores) before western grouping.
/// How far an exact fraction with this denominator may be from another
/// figure and agree: a tenth of its part.
pub fn fraction_step(den: f64) -> f64 {
    0.1 / den
}

/// The length of the numeral at the start of `b`, or 0: digits with
/// Indian ("12,34,567": lakhs and crores) or western grouping, then a
/// decimal part; or a decimal part alone (".125"). Scanned by hand: a regex
/// here cost more than the rest of the lexer on number-heavy text. It reads
/// exactly what the regex
/// `^(?:(?:\d{1,2}(?:,\d{2})+,\d{3}|\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)`
/// read, mistyped groups included ("6,306,0000" is 6,306,000 then 0).
fn numeral_len(b: &[u8]) -> usize {
    let digits = |from: usize| {
        b.get(from..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let comma = |at: usize| b.get(at) == Some(&b',');
    let lead = digits(0);
    if lead == 0 {
        // ".125"
        return match b.first() {
            Some(b'.') if digits(1) > 0 => 1 + digits(1),
            _ => 0,
        };
    }
    let mut end = lead;
    // Indian: one or two digits, one or more groups of two, a last group
    // of three.
    let mut indian = 0;
    if lead <= 2 {
        let mut at = lead;
        while comma(at) {
            match digits(at + 1) {
                n if n >= 3 => {
                    if at > lead {
                        indian = at + 4;
                    }
                    break;
                }
                2 if comma(at + 3) => at += 3,
                _ => break,
            }
        }
    }
    if indian > 0 {
        end = indian;
    } else if lead <= 3 {
        while comma(end) && digits(end + 1) >= 3 {
            end += 4;
        }
    }
    if b.get(end) == Some(&b'.') && digits(end + 1) > 0 {
        end += 1 + digits(end + 1);
    }
    end
}

/// Letters written onto a dollar sign at the start of `rest` ("US$", "HK$",
/// "U.S.$", "Mex$"): the letters' length, the sign excluded.
fn dollar_letters(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    if b.starts_with(b"U.S.$") {
        return Some(4);
    }
    let n = b
        .iter()
        .take(4)
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    (n <= 3 && b.get(n) == Some(&b'$')).then_some(n)
}

/// The lexemes of `text[range]`, with absolute ranges.
pub fn lex(text: &str, range: Range<usize>) -> Vec<Lexeme<'_>> {
    lex_with::<true>(text, range)
}

/// [`lex`], with (`SHORTCUTS`) or without the shortcuts for an ASCII space
/// and a lowercase ASCII word, the lexemes most of a sentence is: each read
/// by its first byte, without the tests for links, currencies, numbers and
/// dimensions that a lowercase letter other than 'x' never passes (a test
/// holds the two readings to the same lexemes).
fn lex_with<const SHORTCUTS: bool>(text: &str, range: Range<usize>) -> Vec<Lexeme<'_>> {
    let s = &text[range.clone()];
    let base = range.start;
    // About one lexeme in five bytes of prose: one allocation a sentence.
    let mut out: Vec<Lexeme> = Vec::with_capacity(s.len() / 5 + 1);
    let mut i = 0;
    let mut space = true;
    // Tokens left of a phone number run ("+44 20 7946 0958").
    let mut run = 0;
    // Where the current token starts, and its first lexeme.
    let mut token = (0, 0);
    while i < s.len() {
        if SHORTCUTS {
            let byte = s.as_bytes()[i];
            if byte == b' ' {
                space = true;
                i += 1;
                continue;
            }
            // Outside a phone number's run, a lowercase letter other than
            // 'x' opens no link (`check` below is false), no currency (those
            // open with a capital or a sign) and no number: it opens a word.
            if byte.is_ascii_lowercase() && byte != b'x' && run == 0 {
                if opens_token(char_before(s, i)) {
                    token = (i, out.len());
                }
                let len = word_len(&s[i..]);
                out.push(Lexeme {
                    kind: Kind::Word,
                    text: &text[base + i..base + i + len],
                    space_before: space,
                });
                space = false;
                i += len;
                continue;
            }
        }
        let rest = &s[i..];
        // ASCII, most of any text, is read by byte; other characters are
        // decoded.
        let (c, _) = char_at(s, i);
        if c.is_whitespace() {
            space = true;
            i += c.len_utf8();
            continue;
        }
        let prev = char_before(s, i);
        let prev_alnum = prev.is_some_and(char::is_alphanumeric);
        // Is the token a link, an address or an identifier? Checked at its
        // start when it opens like a phone number, else only when a mark
        // that such tokens have turns up inside it: ordinary words and
        // numbers are never scanned twice.
        let token_start = opens_token(prev);
        if token_start {
            token = (i, out.len());
        }
        let check = if token_start {
            run > 0 || matches!(c, '+' | '(')
        } else {
            match c {
                ':' | '/' | '@' | '%' => true,
                '.' | '-' => {
                    prev.is_some_and(|p| p.is_ascii_digit())
                        && rest[1..].starts_with(|d: char| d.is_ascii_digit())
                }
                _ => false,
            }
        };
        if check {
            let (at, first) = token;
            let skip = not_figures(&s[at..], &mut run);
            if skip > 0 && at + skip > i {
                let space_before = out.get(first).map_or(space, |l: &Lexeme| l.space_before);
                out.truncate(first);
                out.push(Lexeme {
                    kind: Kind::Other,
                    text: &text[base + at..base + at + skip],
                    space_before,
                });
                space = false;
                i = at + skip;
                continue;
            }
        }
        let (kind, len) = if c.is_ascii_uppercase()
            && !prev_alnum
            && let Some(n) = dollar_letters(rest)
            && let Some(code) = vocab::dollar_prefix(&rest[..n])
        {
            (Kind::Currency(code), n + 1)
        } else if c == '$'
            && let Some((code, len)) = dollar_suffix(rest)
        {
            // "$US5 million", "$A20": the country after the sign.
            (Kind::Currency(code), len)
        } else if (c.is_ascii_digit() || c == '.') && !(prev_alnum && c == '.') {
            match numeral_len(rest.as_bytes()) {
                0 => (Kind::Stop, 1),
                n => numeral(rest, &rest[..n]),
            }
        } else if !c.is_ascii()
            && let Some((v, den)) = vulgar(c)
        {
            // (Fraction signs are none of them ASCII.)
            let n = Numeral {
                value: v,
                decimals: 0,
                int_digits: 0,
                grouped: false,
                ordinal: false,
                decade: false,
                fraction: true,
                den,
            };
            (Kind::Num(n), c.len_utf8())
        } else if (c == 'x' || c == 'X')
            && prev.is_some_and(|p| p.is_ascii_digit())
            && rest[1..].starts_with(|d: char| d.is_ascii_digit())
        {
            // "12x9": dimensions.
            (Kind::Word, 1)
        } else if c.is_alphabetic() {
            let len = word_len(rest);
            let prefix = if c.is_uppercase() && !prev_alnum {
                currency_prefix(rest, len)
            } else {
                None
            };
            match prefix {
                Some((code, len)) => (Kind::Currency(code), len),
                None => (Kind::Word, len),
            }
        } else {
            let kind = match c {
                '%' => Kind::Percent,
                '-' | '–' | '—' | '‐' | '‑' | '−' => Kind::Dash,
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
            text: &text[base + i..base + i + len],
            space_before: space,
        });
        space = false;
        i += len;
    }
    out
}

/// Whether a token starts after `prev` (the character before, None at the
/// start): after a space or an opening bracket or quote.
#[inline]
fn opens_token(prev: Option<char>) -> bool {
    prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '<' | '[' | '"' | '\'' | '“' | '‘'))
}

/// The character before byte `i` of `s`, decoded only when it is not ASCII.
#[inline]
fn char_before(s: &str, i: usize) -> Option<char> {
    match i.checked_sub(1).map(|j| s.as_bytes()[j]) {
        None => None,
        Some(b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => s[..i].chars().next_back(),
    }
}

/// A numeral lexeme and its length, with an ordinal or decade suffix.
fn numeral(rest: &str, digits: &str) -> (Kind, usize) {
    let (int_part, frac) = match digits.split_once('.') {
        Some((a, b)) => (a, b),
        None => (digits, ""),
    };
    let grouped = int_part.contains(',');
    let value = parse_without_commas(digits);
    let mut n = Numeral {
        value,
        decimals: frac.len() as u32,
        int_digits: int_part.bytes().filter(u8::is_ascii_digit).count() as u32,
        grouped,
        ordinal: false,
        decade: false,
        fraction: false,
        den: 0,
    };
    let mut len = digits.len();
    // "2½": a whole number and a fraction sign.
    if frac.is_empty()
        && let Some(c) = rest[len..].chars().next()
        && let Some((v, den)) = vulgar(c)
    {
        n.value += v;
        n.fraction = true;
        n.den = den;
        return (Kind::Num(n), len + c.len_utf8());
    }
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
            // The suffix in any case, compared in place (lowercasing the
            // rest of the sentence for it cost an allocation a number).
            let written = after.as_bytes().get(..sfx.len());
            if written.is_some_and(|w| w.eq_ignore_ascii_case(sfx.as_bytes())) && suffix_end(sfx) {
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

/// The value of a numeral's digits, its grouping commas left out, without
/// a string allocated for each number ("1,750" is 1750).
fn parse_without_commas(digits: &str) -> f64 {
    if !digits.contains(',') {
        return digits.parse().unwrap_or(0.0);
    }
    let mut buf = [0u8; 64];
    let mut n = 0;
    for &c in digits.as_bytes().iter().filter(|&&c| c != b',') {
        if n == buf.len() {
            // Longer than any number written: read it the slow way.
            let clean: String = digits.chars().filter(|&c| c != ',').collect();
            return clean.parse().unwrap_or(0.0);
        }
        buf[n] = c;
        n += 1;
    }
    std::str::from_utf8(&buf[..n]).map_or(0.0, |t| t.parse().unwrap_or(0.0))
}

/// A fraction sign and its denominator: "½" is 0.5, of halves.
fn vulgar(c: char) -> Option<(f64, u8)> {
    let (n, d) = match c {
        '½' => (1, 2),
        '¼' => (1, 4),
        '¾' => (3, 4),
        '⅓' => (1, 3),
        '⅔' => (2, 3),
        '⅕' => (1, 5),
        '⅖' => (2, 5),
        '⅗' => (3, 5),
        '⅘' => (4, 5),
        '⅙' => (1, 6),
        '⅚' => (5, 6),
        '⅛' => (1, 8),
        '⅜' => (3, 8),
        '⅝' => (5, 8),
        '⅞' => (7, 8),
        _ => return None,
    };
    Some((f64::from(n) / f64::from(d), d))
}

/// "$US", "$A", "$NZ" before an amount: the currency and the length.
fn dollar_suffix(rest: &str) -> Option<(&'static str, usize)> {
    let letters = rest[1..].bytes().take_while(u8::is_ascii_uppercase).count();
    if letters == 0 || letters > 2 {
        return None;
    }
    let after = &rest[1 + letters..];
    let digit_next = after.trim_start().starts_with(|c: char| c.is_ascii_digit());
    if !digit_next {
        return None;
    }
    let code = match &rest[1..1 + letters] {
        "US" => "USD",
        "A" => "AUD",
        "NZ" => "NZD",
        "C" => "CAD",
        "HK" => "HKD",
        "S" => "SGD",
        _ => return None,
    };
    Some((code, 1 + letters))
}

/// A currency written as letters before its amount ("Rs 200", "Rs.200",
/// "USD 5m", "RM5"): its code and length (with the abbreviation's dot),
/// when digits follow.
fn currency_prefix(rest: &str, word: usize) -> Option<(&'static str, usize)> {
    // Digits must follow first (cheap); then the letters must name a currency.
    let letters = rest.as_bytes()[..word]
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(word);
    if letters == 0 || letters > 4 {
        return None;
    }
    let mut len = letters;
    if rest[len..].starts_with('.') {
        len += 1;
    }
    let after = &rest[len..];
    let gap = after.len() - after.trim_start().len();
    // A sign may come between, after a space: "USD -5 million", "EUR minus
    // 3m" (not "RM-5", a name).
    let signed = after[gap..]
        .strip_prefix(['-', '−'])
        .or_else(|| after[gap..].strip_prefix("minus "))
        .filter(|_| gap == 1);
    let amount = signed.unwrap_or(&after[gap..]);
    if gap > 1 || !amount.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // "Rs200" is one word to `word_len`; its letters alone are the sign.
    let code = vocab::currency_prefix_word(&rest[..letters])?;
    Some((code, len))
}

/// The length of a URL, email address, IP address or identifier at the
/// start of `s` (its trailing punctuation left out), or 0. `run` carries
/// a phone number across its space-separated groups.
fn not_figures(s: &str, run: &mut usize) -> usize {
    // One pass over the token's bytes (to an ASCII space: other spaces are
    // rare and only lengthen the token): most are words or plain numbers,
    // with none of the marks a link, an address or an identifier has.
    let mut end = s.len();
    let mut special = false;
    for (k, c) in s.bytes().enumerate() {
        if c.is_ascii_whitespace() {
            end = k;
            break;
        }
        special |= matches!(c, b':' | b'/' | b'@' | b'%' | b'.' | b'-' | b'+' | b'(');
    }
    if !special && *run == 0 {
        return 0;
    }
    let raw = &s[..end];
    // "(202) 555-0143": an area code in brackets, then the number.
    if raw.len() == 5
        && raw.starts_with('(')
        && raw.ends_with(')')
        && raw[1..4].bytes().all(|c| c.is_ascii_digit())
    {
        let rest = s[end..].trim_start();
        let next = rest.split(char::is_whitespace).next().unwrap_or("");
        let next = next.trim_end_matches(['.', ',', ';']);
        if next.len() >= 7 && next.bytes().all(|c| c.is_ascii_digit() || c == b'-') {
            *run = 1;
            return raw.len();
        }
    }
    let token = s[..end].trim_end_matches([
        '.', ',', ';', ':', '!', '?', ')', ']', '>', '"', '\'', '’', '”',
    ]);
    let b = token.as_bytes();
    if b.is_empty() {
        return 0;
    }
    let digits_and_separators = |t: &str| {
        t.bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'-' | b'.' | b'/' | b'(' | b')'))
    };
    if *run > 0 {
        if digits_and_separators(token) && token.bytes().any(|c| c.is_ascii_digit()) {
            *run -= 1;
            return token.len();
        }
        *run = 0;
    }
    let first = b[0];
    if !(first.is_ascii_alphanumeric() || first == b'+' || first == b'(') {
        return 0;
    }
    let lower_start = |p: &str| {
        token
            .get(..p.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(p))
    };
    if token.contains("://") || lower_start("www.") || lower_start("doi:") {
        return token.len();
    }
    // Email addresses: letters or digits on both sides of the @, a dot after.
    if let Some(at) = token.find('@')
        && at > 0
        && token[at + 1..].contains('.')
    {
        return token.len();
    }
    // Percent-encoded bytes ("a%28b"): a link or a query, not a percentage.
    if let Some(p) = token.find('%')
        && p > 0
        && b[p - 1].is_ascii_alphanumeric()
        && b.get(p + 1).is_some_and(u8::is_ascii_hexdigit)
        && b.get(p + 2).is_some_and(u8::is_ascii_hexdigit)
    {
        return token.len();
    }
    // A domain with a path or a port: "example.com/a", "bit.ly/3x".
    if let Some(slash) = token.find(['/', ':'])
        && is_domain(&token[..slash])
        && token.bytes().any(|c| c.is_ascii_digit() || c == b'%')
    {
        return token.len();
    }
    // "v1.2.3": a version.
    if (first == b'v' || first == b'V')
        && b.len() > 1
        && b[1].is_ascii_digit()
        && token[1..].bytes().all(|c| c.is_ascii_digit() || c == b'.')
        && token.contains('.')
    {
        return token.len();
    }
    // "+44 20 7946 0958", "+1-202-555-0143": an international phone number.
    if first == b'+' {
        let tail = &token[1..];
        if tail.starts_with(|c: char| c.is_ascii_digit()) && digits_and_separators(tail) {
            let digits = tail.bytes().filter(u8::is_ascii_digit).count();
            let next = s[end..].trim_start();
            let next = next[..next.find(char::is_whitespace).unwrap_or(next.len())]
                .trim_end_matches(['.', ',', ';']);
            let more = !next.is_empty() && digits_and_separators(next);
            if digits >= 7 || more {
                *run = 4;
                return token.len();
            }
        }
        return 0;
    }
    if first == b'(' {
        return 0;
    }
    // "10.0.0.1:8080", "10.0.0.0/8": an address with a port or a mask.
    let address = token.split_once([':', '/']).map_or(token, |(a, _)| a);
    if address.len() < token.len() && address.matches('.').count() == 3 && identifier(address) {
        return token.len();
    }
    if digits_and_separators(token) && identifier(token) {
        return token.len();
    }
    0
}

/// "a.b.c.d" (an IP address), "978-3-16-148410-0" (an ISBN), "202-555-0143":
/// three or more groups of digits joined by separators that do not make a date.
fn identifier(token: &str) -> bool {
    let groups: Vec<&str> = token.split(['-', '.', '/']).collect();
    if groups.len() < 3
        || groups
            .iter()
            .any(|g| g.is_empty() || !g.bytes().all(|c| c.is_ascii_digit()))
    {
        return false;
    }
    let sep_count = |c: char| token.matches(c).count();
    let one_separator = [sep_count('-'), sep_count('.'), sep_count('/')]
        .iter()
        .filter(|&&n| n > 0)
        .count()
        == 1;
    let len = |k: usize| groups[k].len();
    let date = groups.len() == 3
        && ((len(0) <= 2 && len(1) <= 2 && matches!(len(2), 2 | 4))
            || (len(0) == 4 && len(1) <= 2 && len(2) <= 2));
    // "1-1/4" (a whole number and a fraction) mixes separators; identifiers do not.
    one_separator && !date
}

/// "example.com", "bbc.co.uk": labels of letters, digits and hyphens with
/// a final label of letters.
fn is_domain(s: &str) -> bool {
    let mut labels = s.split('.');
    let count = s.split('.').count();
    let last = s.rsplit('.').next().unwrap_or("");
    count >= 2
        && (2..=6).contains(&last.len())
        && last.bytes().all(|c| c.is_ascii_alphabetic())
        && labels
            .all(|l| !l.is_empty() && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-'))
}

/// Length of a word at the start of `s`: a dotted acronym ("U.S.", "N.Z.") or
/// letters and digits with inner apostrophes. Digits end a word that is
/// followed by them only through a hyphen ("COVID-19" is two lexemes).
fn word_len(s: &str) -> usize {
    let b = s.as_bytes();
    let acronym = crate::engine::text::words::dotted_acronym_len(b);
    if acronym > 0 {
        return acronym;
    }
    // ASCII letters, then letters and digits, read by byte; an apostrophe
    // or any other character ends this run and the reading by characters
    // goes on from there.
    let mut end = usize::from(b.first().is_some_and(u8::is_ascii_alphabetic));
    if end == 1 {
        end += b[1..]
            .iter()
            .take_while(|&&c| crate::engine::text::words::is_ascii_alnum(c))
            .count();
    }
    if end == b.len() || (b[end].is_ascii() && b[end] != b'\'') {
        return end;
    }
    let from = end;
    let mut chars = s[from..]
        .char_indices()
        .map(|(j, d)| (j + from, d))
        .peekable();
    while let Some((j, d)) = chars.next() {
        if d.is_alphabetic() || (end > 0 && (d.is_ascii_digit() || d == '²' || d == '³')) {
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
            // Ordinal suffixes in any case, and only as a whole word.
            ("the 20TH", &["Wthe", "N20th"]),
            ("3Rd place", &["N3th", "Wplace"]),
            ("2ndary", &["N2", "W+ndary"]),
            ("1sté", &["N1", "W+sté"]),
        ];
        for (s, want) in cases {
            assert_eq!(kinds(s), *want, "{s:?}");
        }
    }

    /// `word_len` as it was written first, on `char_indices`: the reference
    /// the reading by bytes must agree with.
    fn word_len_by_chars(s: &str) -> usize {
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
            if d.is_alphabetic() || (end > 0 && (d.is_ascii_digit() || d == '²' || d == '³')) {
                end = j + d.len_utf8();
            } else if (d == '\'' || d == '’')
                && chars.peek().is_some_and(|&(_, n)| n.is_alphabetic())
            {
                continue;
            } else {
                break;
            }
        }
        end
    }

    /// Words are as long read by bytes as read by characters, from every
    /// character of hand-made texts, the seed articles and the rows of
    /// cases.txt (and the lexemes with them: the lexer's other readings by
    /// byte, of a character and the one before it, change no lexeme).
    #[test]
    fn word_lengths_agree_with_the_reading_by_characters() {
        let mut texts = crate::engine::text::sample_texts(
            &[
                "don't won’t rock'n'roll it's’ a'1 1'a x' ' G7 B2B km² m³ 20th 1980s U.S.A. e.g.x U.S.’s",
                "naïve café Zürich Москва 東京 l'été Ça ÉTATS-UNIS 3½ Ñ5 ab²c a’’b a'’b",
                "COVID-19 Rs200 US$5 HK$7 abc123def 12x9 X-ray xx9",
            ],
            0,
        );
        texts.extend(include_str!("cases.txt").lines().map(str::to_string));
        let mut compared = 0;
        for text in &texts {
            for (i, _) in text.char_indices() {
                assert_eq!(
                    word_len(&text[i..]),
                    word_len_by_chars(&text[i..]),
                    "{:?}",
                    &text[i..]
                );
                compared += 1;
            }
        }
        assert!(compared > 10_000);
    }

    /// The shortcuts for spaces and lowercase words read the lexemes the
    /// plain reading reads: every sentence of the seeds, cases.txt and the
    /// first Reuters stories (with and without their digits changed), and
    /// each of them from every byte where a character starts in its first
    /// 40 bytes (so a shortcut meets every kind of lexeme before it).
    #[test]
    fn shortcuts_lex_as_the_plain_reading() {
        let mut texts = crate::engine::text::sample_texts(
            &[
                "phone +44 20 7946 0958 then x 12x9 a.b.c e.g. don't rock'n'roll www.x.com a@b.co",
                "(202) 555-0143 and 978-3-16-148410-0 or 10.0.0.1:8080 v1.2.3 rs200 usd 5 ½ 2½",
            ],
            0,
        );
        texts.extend(include_str!("cases.txt").lines().map(str::to_string));
        for path in crate::engine::text::reuters_paths(1000).unwrap_or_default() {
            let text = std::fs::read_to_string(path).expect("a Reuters story");
            let changed = crate::engine::text::digits_changed(&text);
            texts.push(text);
            texts.push(changed);
        }
        let mut lexemes = 0;
        for text in &texts {
            for r in crate::engine::text::sentences::split(text, 0..text.len()) {
                let starts = text[r.clone()]
                    .char_indices()
                    .map(|(k, _)| r.start + k)
                    .take_while(|&k| k < r.start + 40);
                for start in std::iter::once(r.start).chain(starts) {
                    let read = |l: Vec<Lexeme>| -> Vec<_> {
                        l.into_iter()
                            .map(|l| (l.range_in(text), l.kind, l.space_before))
                            .collect()
                    };
                    let fast = read(lex_with::<true>(text, start..r.end));
                    let plain = read(lex_with::<false>(text, start..r.end));
                    assert_eq!(fast, plain, "{:?}", &text[start..r.end]);
                    lexemes += plain.len();
                }
            }
        }
        assert!(lexemes > 1_000_000, "{lexemes}");
    }

    #[test]
    fn any_text_lexes_without_panicking() {
        // Multi-byte characters next to every branch of the lexer.
        let text =
            "€½ ₹1,00,000 Rs.2 $US5 (20é) +4é 12x9 wwé.é/é a%2é é@é.é 1.2.3é ½¾ ²m (202) 555-0143é";
        for (start, _) in text.char_indices() {
            for (end, _) in text[start..].char_indices() {
                let _ = lex(text, start..start + end);
            }
            let _ = lex(text, start..text.len());
        }
    }

    #[test]
    fn numerals() {
        let cases = [
            ("1,750 dlrs", 5),
            ("12,34,567 x", 9),
            ("1,00,000", 8),
            ("63.5bn", 4),
            (".125", 4),
            ("1,2", 1),
            ("1,234,567.89", 12),
            ("12,345", 6),
            ("1234,567", 4),
            ("12,3456", 6),
            ("6,306,0000", 9),
            ("1,0053,234", 5),
            ("1,23,45,678", 11),
            ("12,34,56", 2),
            ("12,34,567,890", 9),
            ("5.", 1),
            ("x", 0),
        ];
        for (s, want) in cases {
            assert_eq!(numeral_len(s.as_bytes()), want, "{s:?}");
        }
    }

    /// The hand scanner reads what the regex it replaced read, on every
    /// string of up to eight digits, commas, points and letters.
    #[test]
    fn numerals_as_the_regex_read_them() {
        let re = regex::Regex::new(
            r"^(?:(?:\d{1,2}(?:,\d{2})+,\d{3}|\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)",
        )
        .expect("regex");
        let alphabet = [b'1', b',', b'.', b'x'];
        let mut s = Vec::new();
        for len in 1..=8u32 {
            for mut code in 0..4usize.pow(len) {
                s.clear();
                for _ in 0..len {
                    s.push(alphabet[code % 4]);
                    code /= 4;
                }
                let text = std::str::from_utf8(&s).expect("ascii");
                let want = re.find(text).map_or(0, |m| m.len());
                assert_eq!(numeral_len(&s), want, "{text:?}");
            }
        }
    }

    /// Numerals read without a string per number have the value the
    /// string gave them.
    #[test]
    fn numerals_parse_as_their_digits_without_commas() {
        for digits in [
            "1,750",
            "12,34,567",
            "63.5",
            ".125",
            "1,234,567.89",
            "6,306,000",
            "0",
            "2018",
            "99999999999999999999999",
            "1,000,000,000,000,000,000,000,000,000,000,000,000,000,000,000,000,000,000",
        ] {
            let clean: String = digits.chars().filter(|&c| c != ',').collect();
            assert_eq!(
                parse_without_commas(digits).to_bits(),
                clean.parse::<f64>().unwrap_or(0.0).to_bits(),
                "{digits}"
            );
        }
    }

    /// A lexeme's range is found from its slice: lexed from the middle of
    /// a text, each sits inside the range asked for, in order, and reads
    /// its own text; the same sentence lexed alone gives the same lexemes
    /// at offsets shifted by the sentence's start.
    #[test]
    fn ranges_from_the_slice() {
        assert!(std::mem::size_of::<Lexeme>() <= 48);
        let mut texts: Vec<String> = crate::engine::text::seed_texts();
        texts.extend(include_str!("cases.txt").lines().map(str::to_string));
        let mut seen = 0;
        for text in &texts {
            for r in crate::engine::text::sentences::split(text, 0..text.len()) {
                let alone = &text[r.clone()];
                let lx = lex(text, r.clone());
                let lone = lex(alone, 0..alone.len());
                assert_eq!(lx.len(), lone.len(), "{alone:?}");
                let mut end = r.start;
                for (l, o) in lx.iter().zip(&lone) {
                    let at = l.range_in(text);
                    assert!(at.start >= end && at.end <= r.end, "{alone:?}: {at:?}");
                    assert_eq!(&text[at.clone()], l.text);
                    assert_eq!(o.range_in(alone), at.start - r.start..at.end - r.start);
                    assert_eq!((&l.kind, l.space_before), (&o.kind, o.space_before));
                    end = at.end;
                    seen += 1;
                }
            }
        }
        assert!(seen > 1000);
    }

    #[test]
    fn steps() {
        let l = lex("63.5", 0..4);
        assert_eq!(l[0].num().unwrap().step(), 0.05);
        let l = lex("20", 0..2);
        assert_eq!(l[0].num().unwrap().step(), 0.5);
    }
}
