//! Lines of a text, as LSP counts them: a line ends at `\n`, `\r\n` or a
//! lone `\r`. Everything that numbers lines or walks them uses this module,
//! so a draft or source saved with old Mac line ends has the same line
//! numbers in vouch as in the editor.

/// Start offsets of every line of a text, for byte → line lookups.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(lines(text).filter(|l| l.end < l.next).map(|l| l.next));
        LineIndex { starts }
    }

    /// 0-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset where a 0-based line starts (the text's end past the last line).
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

/// One line of a text: `start..end` is its content, `next` where the next
/// line starts (past the line end; `end == next` for the last line when it
/// has no line end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

/// The lines of a text, each with its content range and where the next one
/// starts. A text that ends with a line end yields no empty last line.
pub fn lines(text: &str) -> impl Iterator<Item = Line> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        let Some(i) = memchr::memchr2(b'\n', b'\r', &bytes[start..]) else {
            at = bytes.len();
            return Some(Line {
                start,
                end: bytes.len(),
                next: bytes.len(),
            });
        };
        let end = start + i;
        let next = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
            end + 2
        } else {
            end + 1
        };
        at = next;
        Some(Line { start, end, next })
    })
}

/// How many line ends `text` holds (`\r\n` counts once).
pub fn count_breaks(text: &str) -> usize {
    lines(text).filter(|l| l.end < l.next).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_offsets() {
        let idx = LineIndex::new("ab\ncd\r\n\nx");
        assert_eq!(idx.line(0), 0);
        assert_eq!(idx.line(2), 0);
        assert_eq!(idx.line(3), 1);
        assert_eq!(idx.line(7), 2);
        assert_eq!(idx.line(8), 3);
        assert_eq!(idx.line_start(3), Some(8));
        assert_eq!(idx.line_count(), 4);
    }

    #[test]
    fn a_lone_cr_ends_a_line_as_lsp_counts_it() {
        // LF, CRLF and a lone CR each end one line.
        let text = "a\nb\r\nc\rd\r\re";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 6);
        let starts: Vec<usize> = (0..6).map(|l| idx.line_start(l).unwrap()).collect();
        assert_eq!(starts, [0, 2, 5, 7, 9, 10]);
        assert_eq!(idx.line(text.find('d').unwrap()), 3);
        assert_eq!(idx.line(text.find('e').unwrap()), 5);
        assert_eq!(count_breaks(text), 5);
        let got: Vec<&str> = lines(text).map(|l| &text[l.start..l.end]).collect();
        assert_eq!(got, ["a", "b", "c", "d", "", "e"]);
    }

    #[test]
    fn a_final_line_end_makes_an_empty_last_line() {
        for text in ["x\n", "x\r\n", "x\r"] {
            let idx = LineIndex::new(text);
            assert_eq!(idx.line_count(), 2, "{text:?}");
            assert_eq!(idx.line(text.len()), 1, "{text:?}");
            assert_eq!(lines(text).count(), 1, "{text:?}");
        }
        assert_eq!(LineIndex::new("").line_count(), 1);
    }
}
