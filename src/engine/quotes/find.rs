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

/// An opening double mark: its byte offset in the block and its kind.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Curly,
    Straight,
    /// Two backquotes or two apostrophes (typewriter style, as the New York
    /// Times writes them): closed by two apostrophes.
    Doubled,
}

fn in_block(text: &str, range: Range<usize>, block: usize) -> Vec<Quotation> {
    let s = &text[range.clone()];
    let b = s.as_bytes();
    let mut out = Vec::new();
    // Double quotes first: “…” pairs, straight quotes paired in order, and
    // ``…'' or ''…''.
    let mut open: Option<(usize, Mark)> = None;
    // Only a mark's first byte can change what is open: jump from one to
    // the next (every other character is passed over whole, as before).
    let mut marks = MarkBytes::new(b);
    let mut i = 0;
    while i < s.len() {
        match marks.next(i) {
            Some(at) => i = at,
            None => break,
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        let doubled = (b[i] == b'`' || b[i] == b'\'') && b.get(i + 1) == Some(&b[i]);
        let len = if doubled { 2 } else { c.len_utf8() };
        match (c, open) {
            ('`', None) if doubled => open = Some((i, Mark::Doubled)),
            ('\'', None) if doubled && opens(s, i) && !closes(s, i + 2) => {
                open = Some((i, Mark::Doubled));
            }
            ('\'', Some((start, Mark::Doubled))) if doubled => {
                push(text, range.start, start, i + 2, 2, block, &mut out);
                open = None;
            }
            ('“', None) => open = Some((i, Mark::Curly)),
            ('"', None) if opens(s, i) => open = Some((i, Mark::Straight)),
            ('”', Some((start, Mark::Curly | Mark::Straight)))
            | ('"', Some((start, Mark::Curly | Mark::Straight))) => {
                push(text, range.start, start, i + len, 0, block, &mut out);
                open = None;
            }
            ('“', Some(_)) => open = Some((i, Mark::Curly)), // an unclosed quote: restart
            _ => {}
        }
        i += len;
    }
    // A quotation still open at the end of its paragraph runs to the end:
    // a quote over several paragraphs opens each and closes only the last.
    if let Some((start, mark)) = open {
        let rest = &s[start..];
        if rest.split_whitespace().nth(2).is_some() {
            let open_len = if mark == Mark::Doubled { 2 } else { 0 };
            push_open(text, range.start, start, s.len(), open_len, block, &mut out);
        }
    }
    // Curly single quotes outside every double quotation: ‘…’. The double
    // quotations are in order and apart, so one cursor walks them.
    let doubles = out.len();
    let mut next_double = 0;
    let mut start: Option<usize> = None;
    // Curly single marks begin with 0xE2; nothing else is read here.
    for i in memchr::memchr_iter(0xE2, b) {
        let c = s[i..].chars().next().unwrap_or(' ');
        if !matches!(c, '‘' | '’') {
            continue;
        }
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
                push(text, range.start, st, i + c.len_utf8(), 0, block, &mut out);
            }
            _ => {}
        }
    }
    out.sort_by_key(|q| q.outer.start);
    out
}

/// The bytes a double mark may begin with (`` ` ``, `'`, `"`, and 0xE2, the
/// first byte of `“` and `”`, and of other characters, passed over), found by `memchr3` for the three
/// common ones and a cached `memchr` for the rare backquote: the scan of a
/// text for quotation marks at a fraction of a test per byte.
struct MarkBytes<'b> {
    b: &'b [u8],
    /// The first backquote at or after the last position asked.
    backquote: Option<usize>,
}

impl<'b> MarkBytes<'b> {
    fn new(b: &'b [u8]) -> MarkBytes<'b> {
        MarkBytes {
            b,
            backquote: memchr::memchr(b'`', b),
        }
    }

    /// The first mark byte at or after `from`; `from` never goes back
    /// between calls.
    fn next(&mut self, from: usize) -> Option<usize> {
        let rest = self.b.get(from..)?;
        if self.backquote.is_some_and(|q| q < from) {
            self.backquote = memchr::memchr(b'`', rest).map(|k| from + k);
        }
        let other = memchr::memchr3(b'\'', b'"', 0xE2, rest).map(|k| from + k);
        match (other, self.backquote) {
            (Some(a), Some(q)) => Some(a.min(q)),
            (a, q) => a.or(q),
        }
    }
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

/// Adds the quotation between marks at `start..end` of the block at
/// `base`; `mark_len` is the length of each mark when it is not one char.
fn push(
    text: &str,
    base: usize,
    start: usize,
    end: usize,
    mark_len: usize,
    block: usize,
    out: &mut Vec<Quotation>,
) {
    let outer = base + start..base + end;
    let char_len = |c: Option<char>| c.map_or(1, char::len_utf8);
    let open_len = if mark_len > 0 {
        mark_len
    } else {
        char_len(text[outer.start..].chars().next())
    };
    let close_len = if mark_len > 0 {
        mark_len
    } else {
        char_len(text[..outer.end].chars().next_back())
    };
    if outer.start + open_len > outer.end - close_len {
        return;
    }
    add(
        text,
        outer.clone(),
        outer.start + open_len..outer.end - close_len,
        block,
        out,
    );
}

/// Adds a quotation that opens at `start` and runs to `end` unclosed.
fn push_open(
    text: &str,
    base: usize,
    start: usize,
    end: usize,
    mark_len: usize,
    block: usize,
    out: &mut Vec<Quotation>,
) {
    let open_len = if mark_len > 0 {
        mark_len
    } else {
        text[base + start..]
            .chars()
            .next()
            .map_or(1, char::len_utf8)
    };
    add(
        text,
        base + start..base + end,
        base + start + open_len..base + end,
        block,
        out,
    );
}

fn add(
    text: &str,
    outer: Range<usize>,
    inner: Range<usize>,
    block: usize,
    out: &mut Vec<Quotation>,
) {
    let range = trim(text, inner);
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

    /// `MarkBytes` finds the bytes a byte-by-byte scan finds, asked at every
    /// position in order and in jumps, on hand-made texts, the seeds and
    /// Reuters.
    #[test]
    fn mark_bytes_find_what_a_byte_scan_finds() {
        let texts = crate::engine::text::sample_texts(
            &[
                "",
                "`",
                "a``b''c\"d“e”f’g",
                "no marks at all",
                "``x`` `y` 'z' \"w\" — é",
            ],
            500,
        );
        let is_mark_byte = |x: &u8| matches!(x, b'`' | b'\'' | b'"' | 0xE2);
        let plain =
            |b: &[u8], from: usize| b[from..].iter().position(is_mark_byte).map(|k| from + k);
        for text in &texts {
            let b = text.as_bytes();
            let mut every = MarkBytes::new(b);
            for from in 0..b.len() {
                assert_eq!(every.next(from), plain(b, from), "{text:?} at {from}");
            }
            assert_eq!(every.next(b.len()), None);
            let mut jumps = MarkBytes::new(b);
            let mut from = 0;
            while let Some(at) = jumps.next(from) {
                assert_eq!(Some(at), plain(b, from));
                from = at + 1 + (at % 3);
            }
        }
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
            ("He said ``we will win,'' and left.", &["we will win"]),
            (
                "''We finally may be seeing it,'' Mr. Smith said. ''It helps.''",
                &["We finally may be seeing it", "It helps"],
            ),
            ("The ''rock 'n' roll'' years", &["rock 'n' roll"]),
            (
                "“The first paragraph runs on without a close",
                &["The first paragraph runs on without a close"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(quoted(text), *want, "{text:?}");
        }
    }
}
