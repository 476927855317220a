//! `textDocument/hover`: a claim's provenance, or an entity's card.

use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::analysis::Analysis;
use super::sources::FileLinker;
use super::workspace::read;
use crate::engine::explain;
use crate::engine::index::Corpus;
use crate::position::Encoding;

pub fn hover(
    analysis: &Analysis,
    params: &HoverParams,
    corpus: Option<&std::sync::RwLock<Corpus>>,
    enc: Encoding,
) -> Option<Hover> {
    let at = analysis.offset(params.text_document_position_params.position, enc);
    let linker = FileLinker {
        root: &analysis.workspace.root,
    };
    let guard = corpus.map(read);
    let (claim, value) = explain::provenance(&analysis.report, at, guard.as_deref(), &linker)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(analysis.range(&claim.range, enc)),
    })
}
