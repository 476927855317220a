//! `textDocument/inlayHint` (off unless turned on): a short source tag after
//! each supported figure: the source's title, or its file name when it has
//! none, and the line, such as `⟵ Kremlin Outlines Expectations:11 +1`.

use tower_lsp_server::ls_types::{InlayHint, InlayHintLabel, InlayHintParams, InlayHintTooltip};

use super::analysis::Analysis;
use super::sources::shown_path;
use crate::engine::findings::{ClaimKind, ClaimStatus, Evidence, Stance};
use crate::position::Encoding;

/// A title longer than this is cut at a word in the tag.
const TAG_CHARS: usize = 32;

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

/// The source's title, cut at a word when long; else its file name whole
/// (a cut file name says nothing).
fn tag(e: &Evidence) -> String {
    match e.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(title) => shorten(title),
        None => e
            .short_path
            .rsplit('/')
            .next()
            .unwrap_or(&e.short_path)
            .to_string(),
    }
}

/// A title of at most about [`TAG_CHARS`] characters, cut after a word.
fn shorten(title: &str) -> String {
    if title.chars().count() <= TAG_CHARS {
        return title.to_string();
    }
    let mut out = String::new();
    for word in title.split_whitespace() {
        if !out.is_empty() && out.chars().count() + 1 + word.chars().count() > TAG_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.chars().count() > TAG_CHARS {
        out = out.chars().take(TAG_CHARS).collect();
    }
    format!("{}…", out.trim_end_matches([',', ':', ';', '-', '–', '—']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_cut_at_a_word_and_file_names_kept_whole() {
        assert_eq!(
            shorten("Putin-Trump Meeting: Kremlin Outlines Expectations"),
            "Putin-Trump Meeting: Kremlin…"
        );
        assert_eq!(shorten("Short title"), "Short title");
        assert_eq!(
            shorten("Supercalifragilisticexpialidocious-and-more-words"),
            "Supercalifragilisticexpialidocio…"
        );
    }
}
