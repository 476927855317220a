//! Quotations in prose: the words between double quotes (straight or
//! curly), curly single quotes where no double quote encloses them, and
//! markdown block quotes. Single quotes inside double ones belong to the
//! outer quotation. A quotation may run over several sentences of a block;
//! it never crosses blocks.

use std::ops::Range;

use crate::engine::text::Block;

/// A quotation: the quoted words, and the span with its marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotation {
    /// The words inside the marks, trimmed of spaces.
    pub range: Range<usize>,
    /// With the marks.
    pub outer: Range<usize>,
    /// Index of the block it stands in.
    pub block: usize,
    /// A whole markdown block quote rather than marks in a sentence.
    pub block_quote: bool,
}

/// Every quotation of the blocks.
pub fn quotations(text: &str, blocks: &[Block]) -> Vec<Quotation> {
    let mut out = Vec::new();
    for (b, block) in blocks.iter().enumerate() {
        let inner = in_block(text, block.range.clone(), b);
        if block.quoted && inner.is_empty() {
            let range = trim(text, block.range.clone());
            if !range.is_empty() {
                out.push(Quotation {
                    outer: range.clone(),
                    range,
                    block: b,
                    block_quote: true,
                });
            }
        } else {
            out.extend(inner);
        }
    }
    out
}

fn in_block(text: &str, range: Range<usize>, block: usize) -> Vec<Quotation> {
    let s = &text[range.clone()];
    let mut out = Vec::new();
    // Double quotes first: “…” pairs, and straight quotes paired in order.
    let mut open: Option<(usize, char)> = None;
    for (i, c) in s.char_indices() {
        match (c, open) {
            ('“', None) => open = Some((i, c)),
            ('"', None) if opens(s, i) => open = Some((i, c)),
            ('”', Some((start, _))) | ('"', Some((start, '"'))) | ('"', Some((start, '“'))) => {
                push(text, range.start, start, i + c.len_utf8(), block, &mut out);
                open = None;
            }
            ('“', Some(_)) => open = Some((i, c)), // an unclosed quote: restart
            _ => {}
        }
    }
    // Curly single quotes outside every double quotation: ‘…’. The double
    // quotations are in order and apart, so one cursor walks them.
    let doubles = out.len();
    let mut next_double = 0;
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        let at = range.start + i;
        while next_double < doubles && out[next_double].outer.end <= at {
            next_double += 1;
        }
        let inside_double = next_double < doubles && out[next_double].outer.start <= at;
        if inside_double {
            continue;
        }
        match c {
            '‘' if start.is_none() && opens(s, i) => start = Some(i),
            '’' if start.is_some() && closes(s, i + c.len_utf8()) => {
                let st = start.take().unwrap_or(i);
                push(text, range.start, st, i + c.len_utf8(), block, &mut out);
            }
            _ => {}
        }
    }
    out.sort_by_key(|q| q.outer.start);
    out
}

/// A mark opens a quotation when no letter or digit stands right before it.
fn opens(s: &str, i: usize) -> bool {
    s[..i]
        .chars()
        .next_back()
        .is_none_or(|p| !p.is_alphanumeric())
}

/// A closing single quote is not an apostrophe: no letter follows it.
fn closes(s: &str, end: usize) -> bool {
    s[end..].chars().next().is_none_or(|n| !n.is_alphanumeric())
}

fn push(text: &str, base: usize, start: usize, end: usize, block: usize, out: &mut Vec<Quotation>) {
    let outer = base + start..base + end;
    let open_len = text[outer.start..].chars().next().map_or(1, char::len_utf8);
    let close_len = text[..outer.end]
        .chars()
        .next_back()
        .map_or(1, char::len_utf8);
    let range = trim(text, outer.start + open_len..outer.end - close_len);
    if text[range.clone()].chars().any(char::is_alphanumeric) {
        out.push(Quotation {
            range,
            outer,
            block,
            block_quote: false,
        });
    }
}

/// The range without surrounding whitespace and trailing punctuation that
/// belongs to the sentence rather than the words (“excellent.” → excellent).
fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let t = s.trim();
    let t = t.trim_end_matches([',', '.', ';', ':']);
    start..start + t.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::text::{Format, prose};

    fn quoted(text: &str) -> Vec<String> {
        let p = prose(text, Format::Markdown);
        quotations(&p.text, &p.blocks)
            .into_iter()
            .map(|q| text[q.range].to_string())
            .collect()
    }

    #[test]
    fn quotation_styles() {
        let cases: &[(&str, &[&str])] = &[
            ("He said “very quickly” today.", &["very quickly"]),
            ("He said \"very quickly\" today.", &["very quickly"]),
            (
                "“We have to get that war over with,” Trump said.",
                &["We have to get that war over with"],
            ),
            ("Zelensky called it “excellent.”", &["excellent"]),
            (
                "She said: \"It is 'fine' by us. We agree.\" Then left.",
                &["It is 'fine' by us. We agree"],
            ),
            ("The so-called ‘peace plan’ failed.", &["peace plan"]),
            ("Russia’s war and Ukraine’s allies", &[]),
            ("“a” and “b c”", &["a", "b c"]),
            ("> Quoted block of words.\n", &["Quoted block of words"]),
            ("No quotes at all.", &[]),
            ("Don't 'quote' this — it's fine", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(quoted(text), *want, "{text:?}");
        }
    }
}
