//! Open drafts as ropes, changed strictly in version order.
//!
//! The transport may run `didChange` handlers concurrently (tower-lsp #284,
//! tower-lsp-server #36), so a change can reach us before the one it follows.
//! Each change is queued under its version and applied only when it is the
//! next one. Versions usually grow by one; a client that skips versions
//! (Neovim's changedtick can) is served by [`OpenDocument::flush`], which the
//! session calls after a short grace period and before every request.

use std::collections::BTreeMap;

use ropey::Rope;
use tower_lsp_server::ls_types::{Position as LspPosition, TextDocumentContentChangeEvent};

use crate::engine::text::Format;
use crate::position::{Encoding, Position, rope};

/// What receiving a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    /// Applied, with any held changes it unblocked; the document's new version.
    Applied(i32),
    /// Held until the versions before it arrive.
    Held,
    /// Older than the document: already applied or superseded, dropped.
    Stale,
}

#[derive(Debug)]
pub struct OpenDocument {
    rope: Rope,
    version: i32,
    pub format: Format,
    held: BTreeMap<i32, Vec<TextDocumentContentChangeEvent>>,
}

impl OpenDocument {
    pub fn new(text: &str, version: i32, format: Format) -> Self {
        OpenDocument {
            rope: Rope::from_str(text),
            version,
            format,
            held: BTreeMap::new(),
        }
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    pub fn has_held_changes(&self) -> bool {
        !self.held.is_empty()
    }

    /// Queues a change under its version and applies every queued change
    /// that is next in line.
    pub fn receive(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        enc: Encoding,
    ) -> Received {
        if version <= self.version || self.held.contains_key(&version) {
            return Received::Stale;
        }
        self.held.insert(version, changes);
        let before = self.version;
        while let Some(entry) = self.held.first_entry() {
            if *entry.key() != self.version + 1 {
                break;
            }
            let (v, changes) = entry.remove_entry();
            self.apply(v, changes, enc);
        }
        if self.version == before {
            Received::Held
        } else {
            Received::Applied(self.version)
        }
    }

    /// Applies every held change in version order, gaps or not. Returns
    /// whether anything was applied.
    pub fn flush(&mut self, enc: Encoding) -> bool {
        let held = std::mem::take(&mut self.held);
        let any = !held.is_empty();
        for (v, changes) in held {
            self.apply(v, changes, enc);
        }
        any
    }

    fn apply(&mut self, version: i32, changes: Vec<TextDocumentContentChangeEvent>, enc: Encoding) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let start = rope::offset(&self.rope, position(range.start), enc);
                    let end = rope::offset(&self.rope, position(range.end), enc).max(start);
                    let (start, end) = (self.rope.byte_to_char(start), self.rope.byte_to_char(end));
                    self.rope.remove(start..end);
                    self.rope.insert(start, &change.text);
                }
                None => self.rope = Rope::from_str(&change.text),
            }
        }
        self.version = version;
    }
}

/// An LSP position as vouch's own.
pub fn position(p: LspPosition) -> Position {
    Position {
        line: p.line,
        character: p.character,
    }
}

/// vouch's position as an LSP one.
pub fn lsp_position(p: Position) -> LspPosition {
    LspPosition::new(p.line, p.character)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Range;

    fn edit(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> Vec<TextDocumentContentChangeEvent> {
        vec![TextDocumentContentChangeEvent {
            range: Some(Range::new(
                LspPosition::new(l0, c0),
                LspPosition::new(l1, c1),
            )),
            range_length: None,
            text: text.into(),
        }]
    }

    #[test]
    fn changes_apply_in_version_order_whatever_the_arrival_order() {
        let mut d = OpenDocument::new("ab\n", 1, Format::Markdown);
        // v3 inserts after the "X" that v2 inserts: wrong order would misplace it.
        assert_eq!(
            d.receive(3, edit(0, 1, 0, 1, "Y"), Encoding::Utf16),
            Received::Held
        );
        assert_eq!(d.text(), "ab\n");
        assert_eq!(
            d.receive(2, edit(0, 0, 0, 0, "X"), Encoding::Utf16),
            Received::Applied(3)
        );
        assert_eq!(d.text(), "XYab\n");
        assert_eq!(
            d.receive(3, edit(0, 0, 0, 0, "Z"), Encoding::Utf16),
            Received::Stale
        );
        assert_eq!(d.version(), 3);
    }

    #[test]
    fn gaps_wait_for_a_flush() {
        let mut d = OpenDocument::new("ab", 1, Format::Markdown);
        assert_eq!(
            d.receive(5, edit(0, 2, 0, 2, "!"), Encoding::Utf8),
            Received::Held
        );
        assert!(d.has_held_changes());
        assert!(d.flush(Encoding::Utf8));
        assert_eq!((d.text().as_str(), d.version()), ("ab!", 5));
    }

    #[test]
    fn edits_use_the_negotiated_encoding() {
        let mut d = OpenDocument::new("😀中x\r\nnext", 0, Format::Markdown);
        // UTF-16: the emoji is 2 units, 中 is 1: "x" is at 3.
        d.receive(1, edit(0, 3, 0, 4, "y"), Encoding::Utf16);
        assert_eq!(d.text(), "😀中y\r\nnext");
        // UTF-8: "y" is at 4 + 3.
        d.receive(2, edit(0, 7, 1, 1, "-"), Encoding::Utf8);
        assert_eq!(d.text(), "😀中-ext");
        // A full replacement.
        d.receive(
            3,
            vec![TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "new".into(),
            }],
            Encoding::Utf16,
        );
        assert_eq!(d.text(), "new");
    }
}
