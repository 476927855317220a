//! Where evidence sits in its source file, as LSP locations. The index keeps
//! byte offsets; turning them into lines and characters needs the file's
//! text, read once per corpus generation.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use tower_lsp_server::ls_types::{Location, Range, Uri};

use super::documents::lsp_position;
use crate::engine::corpus;
use crate::engine::findings::Evidence;
use crate::position::{Encoding, LineMap, Position};

/// Source texts read so far, forgotten when the corpus changes.
#[derive(Debug, Default)]
pub struct SourceTexts {
    texts: Mutex<HashMap<String, Option<Arc<String>>>>,
}

impl SourceTexts {
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Option<Arc<String>>>> {
        self.texts.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn text(&self, path: &str) -> Option<Arc<String>> {
        if let Some(t) = self.lock().get(path) {
            return t.clone();
        }
        // Read the way the indexer read it (a BOM stripped), so offsets
        // agree. An indexed source passed the size limit when it was read.
        let text = corpus::read_text(Path::new(path), u64::MAX)
            .ok()
            .map(Arc::new);
        self.lock().insert(path.to_string(), text.clone());
        text
    }

    /// The range of the evidence's sentence, or of its marked span when
    /// `span` is set and the evidence has one.
    pub fn range(&self, e: &Evidence, enc: Encoding, span: bool) -> Range {
        let fallback = || {
            let p = lsp_position(Position {
                line: e.line.saturating_sub(1),
                character: 0,
            });
            Range::new(p, p)
        };
        if !e.kind.has_lines() {
            // A PDF, a web page: its text is not the file's, so the file
            // opens at its start.
            let p = lsp_position(Position::default());
            return Range::new(p, p);
        }
        let Some(text) = self.text(&e.path) else {
            return fallback();
        };
        let start = e.sentence_start as usize;
        let (from, to) = match (&e.span, span) {
            (Some(s), true) => (start + s.start, start + s.end),
            _ => (start, start + e.sentence.trim_end().len()),
        };
        if to > text.len() {
            // The file changed since it was indexed.
            return fallback();
        }
        let map = LineMap::new(&text);
        Range::new(
            lsp_position(map.position(from, enc)),
            lsp_position(map.position(to, enc)),
        )
    }

    pub fn location(&self, e: &Evidence, enc: Encoding, span: bool) -> Option<Location> {
        Some(Location::new(
            file_uri(Path::new(&e.path))?,
            self.range(e, enc, span),
        ))
    }
}

/// A file URI for a path (made absolute against the current folder).
pub fn file_uri(path: &Path) -> Option<Uri> {
    if path.is_absolute() {
        Uri::from_file_path(path)
    } else {
        Uri::from_file_path(std::env::current_dir().ok()?.join(path))
    }
}

/// A path shown to people: relative to the workspace root when inside it.
pub fn shown_path(path: &str, root: &Path) -> String {
    Path::new(path)
        .strip_prefix(root)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|_| path.to_string())
}

/// Links to `path:line` that open the file at the line: a file URI with a
/// `#L<line>` fragment, labelled with the path relative to the workspace.
pub struct FileLinker<'a> {
    pub root: &'a Path,
}

impl crate::engine::explain::Linker for FileLinker<'_> {
    fn link(&self, path: &str, line: u32) -> String {
        let label =
            crate::engine::explain::escape(&format!("{}:{line}", shown_path(path, self.root)));
        match file_uri(Path::new(path)) {
            Some(uri) => format!("[{label}]({}#L{line})", uri.as_str()),
            None => label,
        }
    }
}
