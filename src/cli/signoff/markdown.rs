//! The report as markdown: a summary, then a table per draft of every claim
//! with its status, its source and the source's sentence.

use std::fmt::Write;

use super::{DraftReport, status_word};
use crate::engine::explain;
use crate::engine::findings::Stance;

pub fn render(drafts: &[DraftReport], summary: &str, problems: &[String]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# vouch report\n\n**{}**\n", cell(summary));
    for p in problems {
        let _ = writeln!(out, "- Not checked: {}", cell(p));
    }
    if !problems.is_empty() {
        out.push('\n');
    }
    for d in drafts {
        let _ = writeln!(
            out,
            "## {}\n\n{}\n",
            d.path,
            cell(&super::summary(&d.items))
        );
        if d.items.is_empty() {
            continue;
        }
        out.push_str("| # | line | claim | status | source | source's sentence |\n");
        out.push_str("|---:|---:|---|---|---|---|\n");
        for i in &d.items {
            let c = i.claim;
            let e = c
                .evidence
                .iter()
                .find(|e| e.stance == Stance::Supports)
                .or_else(|| c.evidence.first());
            let (source, sentence) = match e {
                Some(e) => (explain::citation(e, &e.cite()), explain::marked_sentence(e)),
                None => (String::new(), String::new()),
            };
            let mut claim = format!("{} {}", kind(c.kind), explain::inline_code(&c.text));
            if let Some(s) = &c.speaker {
                let _ = write!(claim, " ({s})");
            }
            let mut status = status_word(c).to_string();
            if let Some(f) = i.finding {
                let _ = write!(status, ": {}", f.message);
            }
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                i.n,
                i.line,
                cell(&claim),
                cell(&status),
                cell(&source),
                cell(&sentence)
            );
        }
        out.push('\n');
    }
    out
}

fn kind(k: crate::engine::findings::ClaimKind) -> &'static str {
    use crate::engine::findings::ClaimKind::*;
    match k {
        Figure => "figure",
        Quote => "quote",
        Statement => "reported claim",
        Entity => "name",
    }
}

/// Text for a table cell: one line, pipes escaped.
fn cell(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}
