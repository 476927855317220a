//! Acronyms a text defines: "a demilitarized zone (DMZ)", "the International
//! Criminal Court (ICC)". Found the Schwartz–Hearst way: the letters of the
//! short form appear in order in the words before it, the first one starting
//! a word.

use std::sync::LazyLock;

use regex::Regex;

use super::words;

/// An acronym and the terms of its long form.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Acronym {
    /// The acronym's term ("dmz").
    pub term: String,
    /// The long form's terms (["demilitar", "zone"]).
    pub long: Vec<String>,
}

static SHORT_FORM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(([A-Z][A-Za-z]{1,7})s?\)").expect("acronym regex"));

/// The acronyms defined in `text[range]`.
pub fn defined(text: &str, range: std::ops::Range<usize>) -> Vec<Acronym> {
    let s = &text[range];
    let mut out = Vec::new();
    for m in SHORT_FORM.captures_iter(s) {
        let short = m.get(1).expect("group").as_str();
        let whole = m.get(0).expect("match");
        if short.chars().filter(char::is_ascii_uppercase).count() < 2 {
            continue;
        }
        let before = &s[..whole.start()];
        let Some(long) = long_form(before, short) else {
            continue;
        };
        let long_terms: Vec<String> = words::terms(long, 0..long.len())
            .into_iter()
            .map(|t| t.term.to_string())
            .collect();
        let Some(term) = words::term(short).map(|t| t.to_string()) else {
            continue;
        };
        if long_terms.len() >= 2 && !long_terms.contains(&term) {
            out.push(Acronym {
                term,
                long: long_terms,
            });
        }
    }
    out
}

/// The shortest tail of `before` whose letters spell `short`, the first at a word start.
fn long_form<'a>(before: &'a str, short: &str) -> Option<&'a str> {
    let before = before.trim_end();
    let letters: Vec<char> = short
        .chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let chars: Vec<(usize, char)> = before.char_indices().collect();
    // Look no further back than a few words beyond the acronym's length.
    let max_words = letters.len() + 4;
    let mut s_idx = letters.len();
    let mut l_idx = chars.len();
    while s_idx > 0 {
        let want = letters[s_idx - 1];
        loop {
            if l_idx == 0 {
                return None;
            }
            l_idx -= 1;
            let c = chars[l_idx].1.to_ascii_lowercase();
            let at_word_start = l_idx == 0 || !chars[l_idx - 1].1.is_alphanumeric();
            if c == want && (s_idx > 1 || at_word_start) {
                break;
            }
        }
        s_idx -= 1;
    }
    let start = chars[l_idx].0;
    let long = &before[start..];
    (long.split_whitespace().count() <= max_words).then_some(long)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(s: &str) -> Vec<(String, Vec<String>)> {
        defined(s, 0..s.len())
            .into_iter()
            .map(|a| (a.term, a.long))
            .collect()
    }

    #[test]
    fn definitions() {
        assert_eq!(
            found("the creation of a large demilitarized zone (DMZ)."),
            vec![("dmz".into(), vec!["demilitar".into(), "zone".into()])]
        );
        assert_eq!(
            found("wanted by the International Criminal Court (ICC) for war crimes"),
            vec![(
                "icc".into(),
                vec!["intern".into(), "crimin".into(), "court".into()]
            )]
        );
        assert!(found("a meeting (NATO) nothing").is_empty());
        assert!(found("in 2022 (Reuters)").is_empty());
        assert!(found("(DMZ) at the start").is_empty());
    }
}
