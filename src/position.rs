//! Byte offsets ↔ line/character positions. The one place that knows about
//! UTF-16: the engine speaks byte offsets, editors and the JSON report speak
//! lines and characters in the encoding they negotiated.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as LSP counts them (see
//! `engine::text::lines`), so CRLF text has the same line numbers as LF text.

use ropey::Rope;

use crate::engine::text::lines::LineIndex;

/// How characters within a line are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units: the LSP default, and the JSON report's unit.
    Utf16,
    /// Unicode scalar values (for people: column numbers in terminal output).
    Chars,
}

/// A 0-based line and character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

/// Converts between byte offsets and positions in one text.
pub struct LineMap<'a> {
    text: &'a str,
    lines: LineIndex,
    /// Widths at points of long lines, made on first need (see `marks`).
    marks: std::sync::OnceLock<Vec<Mark>>,
}

/// A point of a long line and the widths from the line's start to it.
#[derive(Debug, Clone, Copy)]
struct Mark {
    offset: usize,
    line_start: usize,
    utf16: usize,
    chars: usize,
}

/// Lines longer than this get marks every [`MARK_EVERY`] bytes, so that the
/// position of an offset costs at most that many bytes of counting: a draft
/// that is one long line with many findings converts in linear time.
const LONG_LINE: usize = 1024;
const MARK_EVERY: usize = 256;

impl<'a> LineMap<'a> {
    pub fn new(text: &'a str) -> Self {
        LineMap {
            text,
            lines: LineIndex::new(text),
            marks: std::sync::OnceLock::new(),
        }
    }

    /// The position of a byte offset (clamped to the text, and back to a char boundary).
    pub fn position(&self, offset: usize, enc: Encoding) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.lines.line(offset);
        let start = self.lines.line_start(line).unwrap_or(0);
        let (from, before) = if offset - start > LONG_LINE {
            self.mark_before(start, offset, enc)
        } else {
            (start, 0)
        };
        Position {
            line: line as u32,
            character: (before + width(&self.text[from..offset], enc)) as u32,
        }
    }

    /// The last mark of the line starting at `line_start` at or before
    /// `offset`: its offset and the width up to it.
    fn mark_before(&self, line_start: usize, offset: usize, enc: Encoding) -> (usize, usize) {
        let marks = self.marks.get_or_init(|| marks(self.text, &self.lines));
        let i = marks.partition_point(|m| m.offset <= offset);
        match i.checked_sub(1).map(|i| marks[i]) {
            Some(m) if m.line_start == line_start => {
                let w = match enc {
                    Encoding::Utf8 => m.offset - line_start,
                    Encoding::Utf16 => m.utf16,
                    Encoding::Chars => m.chars,
                };
                (m.offset, w)
            }
            _ => (line_start, 0),
        }
    }

    /// The byte offset of a position. Characters past the line's end clamp to
    /// it, lines past the text clamp to its end, and a position inside a
    /// UTF-16 surrogate pair or a UTF-8 sequence rounds down to its character.
    pub fn offset(&self, pos: Position, enc: Encoding) -> usize {
        let Some(start) = self.lines.line_start(pos.line as usize) else {
            return self.text.len();
        };
        let end = self
            .lines
            .line_start(pos.line as usize + 1)
            .map_or(self.text.len(), |e| e - 1);
        let line = self.text[start..end]
            .strip_suffix('\r')
            .unwrap_or(&self.text[start..end]);
        let mut count = 0usize;
        for (i, c) in line.char_indices() {
            let w = char_width(c, enc);
            if count + w > pos.character as usize {
                return start + i;
            }
            count += w;
        }
        start + line.len()
    }

    pub fn line_count(&self) -> usize {
        self.lines.line_count()
    }

    /// The text of a 0-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        let Some(start) = self.lines.line_start(line) else {
            return "";
        };
        let end = self
            .lines
            .line_start(line + 1)
            .map_or(self.text.len(), |e| e - 1);
        let s = &self.text[start..end];
        s.strip_suffix('\r').unwrap_or(s)
    }
}

/// Marks every [`MARK_EVERY`] bytes (on char boundaries) of each line longer
/// than [`LONG_LINE`], in offset order.
fn marks(text: &str, lines: &LineIndex) -> Vec<Mark> {
    let mut out = Vec::new();
    for l in 0..lines.line_count() {
        let start = lines.line_start(l).unwrap_or(text.len());
        let end = lines.line_start(l + 1).unwrap_or(text.len());
        if end - start <= LONG_LINE {
            continue;
        }
        let (mut utf16, mut chars, mut next) = (0, 0, start + MARK_EVERY);
        for (i, c) in text[start..end].char_indices() {
            if start + i >= next {
                out.push(Mark {
                    offset: start + i,
                    line_start: start,
                    utf16,
                    chars,
                });
                next = start + i + MARK_EVERY;
            }
            utf16 += c.len_utf16();
            chars += 1;
        }
    }
    out
}

/// Positions in a rope: the language server's open documents. Lines end at
/// `\n`, `\r\n` or a lone `\r` as in [`LineMap`] (ropey is built with its
/// `cr_lines` breaks and without the other Unicode ones, so both agree on
/// every line number).
pub mod rope {
    use super::*;

    /// The byte offset of a position, clamped exactly as [`LineMap::offset`].
    pub fn offset(rope: &Rope, pos: Position, enc: Encoding) -> usize {
        let line_no = pos.line as usize;
        if line_no >= rope.len_lines() {
            return rope.len_bytes();
        }
        let start = rope.line_to_byte(line_no);
        let mut count = 0usize;
        let mut at = start;
        for c in rope.line(line_no).chars() {
            if c == '\n' || c == '\r' {
                break;
            }
            let w = char_width(c, enc);
            if count + w > pos.character as usize {
                break;
            }
            count += w;
            at += c.len_utf8();
        }
        at
    }

    /// The position of a byte offset (clamped to the text, and back to a char boundary).
    pub fn position(rope: &Rope, offset: usize, enc: Encoding) -> Position {
        let offset = offset.min(rope.len_bytes());
        // Back to a char boundary: the char containing `offset` starts there.
        let offset = rope.char_to_byte(rope.byte_to_char(offset));
        let line = rope.byte_to_line(offset);
        let start = rope.line_to_byte(line);
        let character: usize = rope
            .byte_slice(start..offset)
            .chunks()
            .map(|chunk| width(chunk, enc))
            .sum();
        Position {
            line: line as u32,
            character: character as u32,
        }
    }
}

fn char_width(c: char, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => c.len_utf8(),
        Encoding::Utf16 => c.len_utf16(),
        Encoding::Chars => 1,
    }
}

/// The width of a string in the encoding's units.
pub fn width(s: &str, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => s.encode_utf16().count(),
        Encoding::Chars => s.chars().count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn round_trips_in_every_encoding() {
        let texts = [
            "plain ascii\nsecond line\n",
            "emoji 🇺🇦 flag and 👍🏽 thumb\nnext 😀\n",
            "CJK 中文字符 text\n日本語\n",
            "crlf line\r\nnext line\r\nlast",
            "lone\rcarriage\r\rreturns\r",
            "combining e\u{301} accent\n",
            "",
        ];
        for text in texts {
            let map = LineMap::new(text);
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
                for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
                    let p = map.position(offset, enc);
                    // The LF of a CRLF is not addressable: the CR ends the line.
                    if text[..offset].ends_with('\r') && text[offset..].starts_with('\n') {
                        continue;
                    }
                    assert_eq!(
                        map.offset(p, enc),
                        offset,
                        "{text:?} {enc:?} {offset} {p:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn utf16_counts_surrogate_pairs() {
        let text = "a😀b";
        let map = LineMap::new(text);
        assert_eq!(map.position(1, Encoding::Utf16), pos(0, 1));
        assert_eq!(map.position(5, Encoding::Utf16), pos(0, 3));
        assert_eq!(map.position(5, Encoding::Utf8), pos(0, 5));
        assert_eq!(map.position(5, Encoding::Chars), pos(0, 2));
        // Inside the surrogate pair: rounds down to the emoji.
        assert_eq!(map.offset(pos(0, 2), Encoding::Utf16), 1);
    }

    #[test]
    fn crlf_lines_match_lf_lines() {
        let crlf = "one\r\ntwo 中\r\nthree";
        let map = LineMap::new(crlf);
        assert_eq!(
            map.position(crlf.find("two").unwrap(), Encoding::Utf16),
            pos(1, 0)
        );
        assert_eq!(map.line_text(1), "two 中");
        // Past the end of a line clamps before its CR.
        assert_eq!(map.offset(pos(0, 99), Encoding::Utf16), 3);
        assert_eq!(map.offset(pos(9, 0), Encoding::Utf16), crlf.len());
    }

    #[test]
    fn a_lone_cr_ends_a_line() {
        let text = "one\rtwo 中\rthree\r\nfour";
        let map = LineMap::new(text);
        assert_eq!(map.line_count(), 4);
        assert_eq!(
            map.position(text.find("two").unwrap(), Encoding::Utf16),
            pos(1, 0)
        );
        assert_eq!(
            map.position(text.find("three").unwrap(), Encoding::Utf16),
            pos(2, 0)
        );
        assert_eq!(
            map.position(text.find("four").unwrap(), Encoding::Utf16),
            pos(3, 0)
        );
        assert_eq!(map.line_text(1), "two 中");
        assert_eq!(map.line_text(2), "three");
        // Past the end of a line clamps before its CR.
        assert_eq!(map.offset(pos(0, 99), Encoding::Utf16), 3);
        assert_eq!(
            map.offset(pos(1, 99), Encoding::Utf16),
            text.find("\rthree").unwrap()
        );
        let r = Rope::from_str(text);
        assert_eq!(r.len_lines(), 4);
        assert_eq!(
            rope::position(&r, text.find("three").unwrap(), Encoding::Utf16),
            pos(2, 0)
        );
    }

    /// Rope conversions agree with the string ones at every offset and at
    /// positions past line ends and inside surrogate pairs.
    #[test]
    fn rope_conversions_match_line_map() {
        let texts = [
            "plain ascii\nsecond line\n",
            "emoji 🇺🇦 flag and 👍🏽 thumb\nnext 😀\n",
            "CJK 中文字符 text\n日本語\n",
            "crlf line\r\nnext 中 line\r\nlast😀",
            "lone\rcarriage return\n",
            "lone\rcarriage\r\rreturns\r",
            "\r\n\r\r\n",
            "",
        ];
        for text in texts {
            let map = LineMap::new(text);
            let r = Rope::from_str(text);
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
                for offset in 0..=text.len() + 2 {
                    assert_eq!(
                        rope::position(&r, offset, enc),
                        map.position(offset, enc),
                        "{text:?} {enc:?} {offset}"
                    );
                }
                for line in 0..5 {
                    for character in 0..40 {
                        let p = pos(line, character);
                        assert_eq!(
                            rope::offset(&r, p, enc),
                            map.offset(p, enc),
                            "{text:?} {enc:?} {p:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn long_lines_convert_through_marks_exactly() {
        let line = "ab 中文 😀 x".repeat(400);
        let text = format!("first\n{line}\nlast 😀");
        let map = LineMap::new(&text);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
            for (offset, _) in text.char_indices().step_by(7).chain([(text.len(), ' ')]) {
                let line = map.lines.line(offset);
                let start = map.lines.line_start(line).unwrap();
                let want = Position {
                    line: line as u32,
                    character: width(&text[start..offset], enc) as u32,
                };
                assert_eq!(map.position(offset, enc), want, "{enc:?} {offset}");
            }
        }
    }

    #[test]
    fn cjk_widths() {
        let text = "中文 x";
        let map = LineMap::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(map.position(x, Encoding::Utf16), pos(0, 3));
        assert_eq!(map.position(x, Encoding::Utf8), pos(0, 7));
    }
}
