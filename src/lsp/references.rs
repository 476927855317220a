//! `textDocument/references` on a name: its mentions in the corpus and in
//! every open draft.

use std::sync::Arc;

use tower_lsp_server::ls_types::{Location, Position, Uri};

use super::analysis::Analysis;
use super::workspace::read;
use crate::engine::explain;
use crate::engine::findings::ClaimKind;
use crate::engine::index::Corpus;
use crate::position::Encoding;

pub fn references(
    analysis: &Analysis,
    position: Position,
    corpus: Option<&std::sync::RwLock<Corpus>>,
    drafts: &[(Uri, Arc<Analysis>)],
    enc: Encoding,
) -> Vec<Location> {
    let at = analysis.offset(position, enc);
    // Names only: a quote carries its speaker's entity too, but a quote is
    // not a mention of them.
    let Some(key) = explain::claim_at(&analysis.report, at)
        .filter(|c| c.kind == ClaimKind::Entity)
        .and_then(|c| c.entity.clone())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(card) = corpus.and_then(|c| read(c).entity(&key)) {
        out.extend(
            card.mentions
                .iter()
                .filter_map(|e| analysis.workspace.sources.location(e, enc, true)),
        );
    }
    for (uri, draft) in drafts {
        for claim in &draft.report.claims {
            if claim.kind == ClaimKind::Entity && claim.entity.as_deref() == Some(key.as_str()) {
                out.push(Location::new(uri.clone(), draft.range(&claim.range, enc)));
            }
        }
    }
    out.dedup();
    out
}
