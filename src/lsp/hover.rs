//! `textDocument/hover`: a claim's provenance, or an entity's card.

use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::checker::Analysis;
use super::sources::FileLinker;
use super::workspace::read;
use crate::engine::explain;
use crate::engine::findings::ClaimKind;
use crate::engine::index::Corpus;
use crate::position::Encoding;

pub fn hover(
    analysis: &Analysis,
    params: &HoverParams,
    corpus: Option<&std::sync::RwLock<Corpus>>,
    enc: Encoding,
) -> Option<Hover> {
    let at = analysis.offset(params.text_document_position_params.position, enc);
    let claim = explain::claim_at(&analysis.report, at)?;
    let linker = FileLinker {
        root: &analysis.workspace.root,
    };
    // A name shows what the corpus knows of it; anything else its sources.
    let card = match (claim.kind, &claim.entity, corpus) {
        (ClaimKind::Entity, Some(key), Some(c)) => read(c).entity(key),
        _ => None,
    };
    let value = match card {
        Some(card) => explain::entity(&card, &linker),
        None => explain::claim(claim, &linker),
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(analysis.range(&claim.range, enc)),
    })
}
