//! Sentence boundaries inside a block, with exact byte ranges.
//!
//! Rule-based, tuned for news prose: a terminator (. ! ? …), then closing quotes
//! or brackets, then a space and something that can start a sentence. Titles
//! and initials (Dr., J.), months (Jan.) and numbers never end a sentence;
//! dotted acronyms and company suffixes (U.S., Inc.) end one only when a word
//! that usually starts a sentence follows.

use std::ops::Range;

/// The longest sentence, in bytes. News sentences run to a few hundred
/// bytes (the longest of Reuters-21578's 150,000 is 1,300); a run of text
/// longer than this without a full stop (a table flattened into prose, a
/// pasted log, an untrusted draft) is cut at a clause or word boundary, so
/// that the work on any one sentence stays bounded and a check is linear
/// in the length of the draft.
pub const MAX_SENTENCE: usize = 2_000;

/// How far back from a terminator an abbreviation is looked for: no
/// abbreviation is longer, and a longer look-back would make a run of
/// dotted tokens quadratic.
const MAX_WORD: usize = 64;

/// Abbreviations after which a period never ends a sentence.
const NEVER_END: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
    "cmdr", "adm", "maj", "pres", "st", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "vs", "v", "cf", "approx", "fig",
    "vol", "pp", "est", "rev", "hon", "messrs", "gens", "reps", "sens", "e.g", "i.e", "rs",
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

/// The word just before byte `end` of `s` (letters, digits and dots), at
/// most [`MAX_WORD`] bytes of it.
fn word_before(s: &str, end: usize) -> &str {
    let mut floor = end.saturating_sub(MAX_WORD);
    while !s.is_char_boundary(floor) {
        floor += 1;
    }
    let start = s[floor..end]
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(floor, |(i, c)| floor + i + c.len_utf8());
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
    // Only a terminator can end a sentence: jump from one byte that may
    // begin one ('.', '!', '?', or 0xE2 for '…') to the next.
    // memchr3 finds the ASCII ones; the next 0xE2 is kept apart and looked
    // for again once passed.
    let bytes = s.as_bytes();
    let mut at = 0;
    let mut next_e2 = memchr::memchr(0xE2, bytes);
    loop {
        if next_e2.is_some_and(|e| e < at) {
            next_e2 = memchr::memchr(0xE2, &bytes[at..]).map(|k| at + k);
        }
        let ascii = memchr::memchr3(b'.', b'!', b'?', &bytes[at..]).map(|k| at + k);
        let i = match (ascii, next_e2) {
            (Some(a), Some(e)) => a.min(e),
            (Some(a), None) => a,
            (None, Some(e)) => e,
            (None, None) => break,
        };
        let c = s[i..].chars().next().unwrap_or(' ');
        if !is_terminator(c) {
            at = i + c.len_utf8();
            continue;
        }
        let mut end = i + c.len_utf8();
        for d in s[end..].chars() {
            if is_terminator(d) || is_closer(d) {
                end += d.len_utf8();
            } else {
                break;
            }
        }
        at = end;
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
    if lead + trail >= piece.len() {
        return;
    }
    let (mut start, end) = (r.start + lead, r.end - trail);
    while end - start > MAX_SENTENCE {
        let cut = cut_point(s, start, start + MAX_SENTENCE);
        push_trimmed(out, s, start..cut, base);
        start = cut + (s[cut..end].len() - s[cut..end].trim_start().len());
    }
    out.push(base + start..base + end);
}

/// Where to cut an overlong sentence that starts at `start` so that its
/// first piece ends by `limit`: after the last semicolon, colon or comma in
/// the last quarter of the piece, else at its last space, else at a char
/// boundary. Always past `start`.
fn cut_point(s: &str, start: usize, limit: usize) -> usize {
    let mut limit = limit.min(s.len());
    while !s.is_char_boundary(limit) {
        limit -= 1;
    }
    let window_start = limit - (limit - start) / 4;
    let mut floor = window_start;
    while !s.is_char_boundary(floor) {
        floor += 1;
    }
    let window = &s[floor..limit];
    let clause_end = window.char_indices().rev().find(|&(i, c)| {
        matches!(c, ';' | ':' | ',') && window[i + 1..].starts_with(char::is_whitespace)
    });
    if let Some((i, _)) = clause_end {
        return floor + i + 1;
    }
    if let Some(i) = window.rfind(char::is_whitespace) {
        return floor + i;
    }
    if limit > start { limit } else { s.len() }
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
    fn an_overlong_sentence_is_cut_at_clauses_then_words() {
        let clause = "the figures rose again in the north, ";
        let text = clause.repeat(200) + "and then they fell.";
        let got = split(&text, 0..text.len());
        assert!(got.len() > 1, "{} pieces", got.len());
        for r in &got {
            assert!(r.len() <= MAX_SENTENCE, "{r:?}");
            assert_eq!(text[r.clone()].trim(), &text[r.clone()]);
        }
        // Every cut but the last follows a comma; nothing is lost.
        for r in &got[..got.len() - 1] {
            assert!(text[r.clone()].ends_with(','), "{:?}", &text[r.clone()]);
        }
        let words: usize = got
            .iter()
            .map(|r| text[r.clone()].split_whitespace().count())
            .sum();
        assert_eq!(words, text.split_whitespace().count());
        // No clause marks: cut at spaces; no spaces: cut anywhere on a char boundary.
        for text in ["word ".repeat(1000), "é".repeat(3000)] {
            let got = split(&text, 0..text.len());
            assert!(got.len() > 1);
            assert!(got.iter().all(|r| r.len() <= MAX_SENTENCE && !r.is_empty()));
            assert_eq!(got.last().unwrap().end, text.trim_end().len());
        }
    }

    #[test]
    fn ranges_are_absolute() {
        let text = "xx One. Two. yy";
        let got = split(text, 3..12);
        assert_eq!(got, vec![3..7, 8..12]);
    }
}
