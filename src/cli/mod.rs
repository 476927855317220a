//! The command line: `vouch check` and its reports.

pub mod bench;
pub mod bench_lsp;
pub mod check;
pub mod explain;
pub mod progress;
pub mod report;
pub mod rule;

use std::path::Path;

use crate::engine::text::Format;

/// Drafts are markdown unless they say otherwise.
pub fn draft_format(path: &Path) -> Format {
    Format::of_path(path).unwrap_or(Format::Markdown)
}

/// Prints a warning line on stderr, as every vouch warning looks.
pub fn warn(message: impl std::fmt::Display) {
    anstream::eprintln!(
        "{}vouch: warning:{} {message}",
        anstyle::AnsiColor::Yellow.render_fg(),
        anstyle::Reset.render()
    );
}

/// Prints each sentence of a file with the figures found in it.
pub fn inspect(path: &Path) -> anyhow::Result<()> {
    use anyhow::Context;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot be read", path.display()))?;
    let doc = crate::engine::document::Document::analyze(text, draft_format(path));
    for s in &doc.sentences {
        println!("{}: {}", s.line + 1, report::one_line(doc.sentence_text(s)));
        for f in &s.figures {
            println!(
                "    [{}] {:?} {:?} {:?}{}",
                &doc.text[f.range.clone()],
                f.unit,
                f.value,
                f.qualifier,
                if f.weak { " weak" } else { "" }
            );
        }
    }
    Ok(())
}
