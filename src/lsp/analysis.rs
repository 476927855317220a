//! A checked version of a draft, and the conversions between its byte
//! ranges and LSP positions: what hover, definition, code actions and the
//! diagnostics are made from.

use std::ops::Range;
use std::sync::Arc;

use tower_lsp_server::ls_types::{Position as LspPosition, Range as LspRange};

use super::documents::{lsp_position, position};
use super::workspace::Workspace;
use crate::config::Config;
use crate::engine::document::Document;
use crate::engine::findings::Report;
use crate::position::{Encoding, LineMap};

/// A checked version of a draft: what hover, definition and code actions
/// answer from.
pub struct Analysis {
    pub version: i32,
    pub document: Document,
    pub report: Report,
    pub workspace: Arc<Workspace>,
    pub config: Config,
    /// How many blocks came from the cache (the rest were checked).
    pub reused_blocks: usize,
}

impl Analysis {
    pub fn text(&self) -> &str {
        &self.document.text
    }

    pub fn offset(&self, p: LspPosition, enc: Encoding) -> usize {
        LineMap::new(self.text()).offset(position(p), enc)
    }

    pub fn range(&self, r: &Range<usize>, enc: Encoding) -> LspRange {
        range_in(&LineMap::new(self.text()), r, enc)
    }
}

pub fn range_in(map: &LineMap, r: &Range<usize>, enc: Encoding) -> LspRange {
    LspRange::new(
        lsp_position(map.position(r.start, enc)),
        lsp_position(map.position(r.end, enc)),
    )
}
