//! Byte offset → line lookups for a text.

/// Start offsets of every line of a text, for byte → line lookups.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text).map(|i| i + 1));
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

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter_map(|(i, b)| (b == b'\n').then_some(i))
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
}
