//! `textDocument/hover`: a claim's provenance, or an entity's card.
//!
//! On a flagged claim, an editor that shows a diagnostic's related
//! information already shows the sources' sentences beside the hover (VS
//! Code shows both in one popup): the hover then names each source, what it
//! states and where, without quoting the sentence again. A clean claim has
//! no diagnostic, so its hover quotes them, as it does in editors that show
//! no related information (Helix).

use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::analysis::Analysis;
use super::sources::FileLinker;
use super::workspace::read;
use crate::engine::explain;
use crate::engine::findings::Claim;
use crate::engine::index::Corpus;
use crate::position::Encoding;

pub fn hover(
    analysis: &Analysis,
    params: &HoverParams,
    corpus: Option<&std::sync::RwLock<Corpus>>,
    enc: Encoding,
    related_information_shown: bool,
) -> Option<Hover> {
    let at = analysis.offset(params.text_document_position_params.position, enc);
    let linker = FileLinker {
        root: &analysis.workspace.root,
    };
    let guard = corpus.map(read);
    let quote_sentences =
        |claim: &Claim| !(related_information_shown && diagnosed(analysis, claim));
    let (claim, value) = explain::provenance_with(
        &analysis.report,
        at,
        guard.as_deref(),
        &linker,
        quote_sentences,
    )?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(analysis.range(&claim.range, enc)),
    })
}

/// Whether a diagnostic was published on the claim (a finding on it whose
/// code is not turned off).
fn diagnosed(analysis: &Analysis, claim: &Claim) -> bool {
    analysis.report.findings.iter().any(|f| {
        f.range.start < claim.range.end.max(claim.range.start + 1)
            && claim.range.start < f.range.end.max(f.range.start + 1)
            && analysis.config.severity(f.code).is_some()
    })
}
