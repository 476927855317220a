//! `textDocument/definition`: where the sources state a figure, a quote or
//! a name. Several sources give several locations: the editor offers a picker.

use tower_lsp_server::ls_types::{GotoDefinitionResponse, Location, Position};

use super::analysis::Analysis;
use super::workspace::read;
use crate::engine::explain;
use crate::engine::findings::{ClaimKind, Evidence, Stance};
use crate::engine::index::Corpus;
use crate::position::Encoding;

pub fn definition(
    analysis: &Analysis,
    position: Position,
    corpus: Option<&std::sync::RwLock<Corpus>>,
    enc: Encoding,
) -> Option<GotoDefinitionResponse> {
    let locations = locations(analysis, position, corpus, enc);
    (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations))
}

/// The source locations of the claim at a position, supporting ones first.
pub fn locations(
    analysis: &Analysis,
    position: Position,
    corpus: Option<&std::sync::RwLock<Corpus>>,
    enc: Encoding,
) -> Vec<Location> {
    let at = analysis.offset(position, enc);
    sources(analysis, at, corpus, enc)
        .into_iter()
        .map(|(_, location)| location)
        .collect()
}

/// The claim's sources at a draft offset, as evidence and its location:
/// supporting ones first, one per place. For a name, its mentions in the
/// corpus. Go to definition and `vouch.showSources` answer with these.
pub fn sources(
    analysis: &Analysis,
    at: usize,
    corpus: Option<&std::sync::RwLock<Corpus>>,
    enc: Encoding,
) -> Vec<(Evidence, Location)> {
    let Some(claim) = explain::claim_at(&analysis.report, at) else {
        return Vec::new();
    };
    let mut evidence: Vec<Evidence> = claim.evidence.clone();
    if evidence.is_empty()
        && claim.kind == ClaimKind::Entity
        && let (Some(key), Some(c)) = (&claim.entity, corpus)
        && let Some(card) = read(c).entity(key)
    {
        evidence = card.mentions;
    }
    evidence.sort_by_key(|e| match e.stance {
        Stance::Supports => 0,
        Stance::Contradicts => 1,
        Stance::Related => 2,
    });
    let mut out: Vec<(Evidence, Location)> = Vec::new();
    for e in evidence {
        if let Some(loc) = analysis.workspace.sources.location(&e, enc, true)
            && !out.iter().any(|(_, l)| *l == loc)
        {
            out.push((e, loc));
        }
    }
    out
}
