//! Sentence boundaries inside a block, with exact byte ranges.
//!
//! Rule-based, tuned for news prose: a terminator (. ! ? …), then closing quotes
//! or brackets, then a space and something that can start a sentence. Titles
//! and initials (Dr., J.), months (Jan.) and numbers never end a sentence;
//! dotted acronyms and company suffixes (U.S., Inc.) end one only when a word
//! that usually starts a sentence follows.

use std::ops::Range;

/// Abbreviations after which a period never ends a sentence.
const NEVER_END: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
    "cmdr", "adm", "maj", "pres", "st", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "vs", "v", "cf", "approx", "fig",
    "vol", "pp", "est", "rev", "hon", "messrs", "gens", "reps", "sens", "e.g", "i.e",
];

/// Abbreviations that may also end a sentence.
const MAY_END: &[&str] = &[
    "inc", "corp", "co", "ltd", "llc", "plc", "bros", "jr", "sr", "etc", "al", "ave", "blvd",
];

/// Words that usually start a sentence: after an ambiguous abbreviation they
/// decide that the period was a full stop.
const STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "but",
    "and",
    "in",
    "on",
    "at",
    "for",
    "as",
    "if",
    "its",
    "their",
    "his",
    "her",
    "there",
    "however",
    "meanwhile",
    "after",
    "before",
    "while",
    "when",
    "since",
    "some",
    "many",
    "most",
    "officials",
    "analysts",
    "according",
];

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»' | '*' | '_')
}

/// The word just before byte `end` of `s` (letters, digits and dots).
fn word_before(s: &str, end: usize) -> &str {
    let start = s[..end]
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &s[start..end]
}

/// The word starting at byte `start` of `s`.
fn word_at(s: &str, start: usize) -> &str {
    let rest = &s[start..];
    let end = rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

/// Whether a period after `word` ends the sentence, given what follows.
fn period_ends(word: &str, next: &str) -> bool {
    let lower = word.trim_end_matches('.').to_lowercase();
    let letters = lower.chars().filter(|c| c.is_alphabetic()).count();
    if lower.chars().count() == 1 && letters == 1 {
        // An initial: "J. Smith".
        return false;
    }
    if NEVER_END.contains(&lower.as_str()) {
        return false;
    }
    if MAY_END.contains(&lower.as_str()) || lower.contains('.') {
        return STARTERS.contains(&next.to_lowercase().as_str());
    }
    true
}

/// Splits `text[range]` into sentences. Ranges are trimmed of whitespace.
pub fn split(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[range.clone()];
    let base = range.start;
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_terminator(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if is_terminator(d) || is_closer(d) {
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let rest = &s[end..];
        let boundary = if rest.trim().is_empty() {
            true
        } else if rest.starts_with(char::is_whitespace) {
            let next_at = end + (rest.len() - rest.trim_start().len());
            let next_char = s[next_at..].chars().next().unwrap_or(' ');
            let next_word = word_at(s, next_at);
            if next_char.is_lowercase() {
                false
            } else if c == '.' && !s[i..end].contains("..") {
                period_ends(word_before(s, i), next_word)
            } else {
                true
            }
        } else {
            // "encounter.Three": a full stop with the space lost.
            let prev = s[..i].chars().next_back();
            let mut after = rest.chars();
            let first = after.next();
            let second = after.next();
            c == '.'
                && end == i + 1
                && prev.is_some_and(|p| p.is_lowercase())
                && word_before(s, i).chars().count() >= 2
                && !word_before(s, i).contains('.')
                && first.is_some_and(char::is_uppercase)
                && second.is_some_and(char::is_lowercase)
        };
        if boundary {
            push_trimmed(&mut out, s, start..end, base);
            start = end;
        }
    }
    push_trimmed(&mut out, s, start..s.len(), base);
    out
}

fn push_trimmed(out: &mut Vec<Range<usize>>, s: &str, r: Range<usize>, base: usize) {
    let piece = &s[r.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(base + r.start + lead..base + r.end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(s: &str) -> Vec<&str> {
        split(s, 0..s.len()).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn table_of_boundaries() {
        let cases: &[(&str, &[&str])] = &[
            ("One. Two.", &["One.", "Two."]),
            ("Is it? Yes!", &["Is it?", "Yes!"]),
            (
                "The U.S. and Russia met. Then.",
                &["The U.S. and Russia met.", "Then."],
            ),
            (
                "Aid from the U.S. The end.",
                &["Aid from the U.S.", "The end."],
            ),
            (
                "Dr. Smith spoke. Mr. Jones left.",
                &["Dr. Smith spoke.", "Mr. Jones left."],
            ),
            (
                "On Jan. 20 he takes office.",
                &["On Jan. 20 he takes office."],
            ),
            (
                "Texaco Inc. said it rose. It fell.",
                &["Texaco Inc. said it rose.", "It fell."],
            ),
            ("J. Smith came. Yes.", &["J. Smith came.", "Yes."]),
            (
                "It cost $63.5 billion. Next.",
                &["It cost $63.5 billion.", "Next."],
            ),
            (
                "He said, \"We will win.\" Then he left.",
                &["He said, \"We will win.\"", "Then he left."],
            ),
            ("“Very good.” Trump said.", &["“Very good.”", "Trump said."]),
            (
                "an encounter.Three issues remain.",
                &["an encounter.", "Three issues remain."],
            ),
            ("Wait... what? No.", &["Wait... what?", "No."]),
            ("He paused … then went on.", &["He paused … then went on."]),
            ("No end", &["No end"]),
            ("  Padded.  ", &["Padded."]),
            (
                "Rose 5.2 pct vs. 4.1 pct. Fell.",
                &["Rose 5.2 pct vs. 4.1 pct.", "Fell."],
            ),
            (
                "Sales (in U.S.) rose. Up.",
                &["Sales (in U.S.) rose.", "Up."],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(sentences(text), *want, "{text:?}");
        }
    }

    #[test]
    fn ranges_are_absolute() {
        let text = "xx One. Two. yy";
        let got = split(text, 3..12);
        assert_eq!(got, vec![3..7, 8..12]);
    }
}
