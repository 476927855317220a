//! `textDocument/inlayHint` (off unless turned on): a short source tag after
//! each supported figure, such as `⟵ reuters-0042:11 +1`.

use tower_lsp_server::ls_types::{InlayHint, InlayHintLabel, InlayHintParams, InlayHintTooltip};

use super::analysis::Analysis;
use super::sources::shown_path;
use crate::engine::findings::{ClaimKind, ClaimStatus, Evidence, Stance};
use crate::position::Encoding;

/// A file name longer than this is cut in the tag.
const TAG_CHARS: usize = 18;

pub fn inlay_hints(analysis: &Analysis, params: &InlayHintParams, enc: Encoding) -> Vec<InlayHint> {
    if !analysis.config.inlay_hints {
        return Vec::new();
    }
    let start = analysis.offset(params.range.start, enc);
    let end = analysis.offset(params.range.end, enc);
    analysis
        .report
        .claims
        .iter()
        .filter(|c| c.kind == ClaimKind::Figure && c.status == ClaimStatus::Supported)
        .filter(|c| c.range.end >= start && c.range.start <= end)
        .filter_map(|c| {
            let supports: Vec<&Evidence> = c
                .evidence
                .iter()
                .filter(|e| e.stance == Stance::Supports)
                .collect();
            let first = supports.first()?;
            let mut others: Vec<u32> = supports[1..]
                .iter()
                .map(|e| e.source)
                .filter(|s| *s != first.source)
                .collect();
            others.dedup();
            let more = if others.is_empty() {
                String::new()
            } else {
                format!(" +{}", others.len())
            };
            let tooltip = supports
                .iter()
                .map(|e| {
                    format!(
                        "{} — {}:{}",
                        e.title.as_deref().unwrap_or(&e.short_path),
                        shown_path(&e.path, &analysis.workspace.root),
                        e.line
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            Some(InlayHint {
                position: analysis.range(&(c.range.end..c.range.end), enc).start,
                label: InlayHintLabel::String(format!("⟵ {}:{}{more}", tag(first), first.line)),
                kind: None,
                text_edits: None,
                tooltip: Some(InlayHintTooltip::String(tooltip)),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
        })
        .collect()
}

/// The source's file name without its extension, cut short.
fn tag(e: &Evidence) -> String {
    let name = e.short_path.rsplit('/').next().unwrap_or(&e.short_path);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    match stem.char_indices().nth(TAG_CHARS) {
        Some((i, _)) => format!("{}…", &stem[..i]),
        None => stem.to_string(),
    }
}
