//! The command line: `vouch check` and its reports.

pub mod add;
pub mod bench;
pub mod bench_lsp;
pub mod check;
pub mod drafts;
pub mod explain;
pub mod progress;
pub mod report;
pub mod rule;
pub mod signoff;

use std::path::Path;

use crate::engine::text::Format;

/// Prints a warning line on stderr, as every vouch warning looks.
pub fn warn(message: impl std::fmt::Display) {
    anstream::eprintln!(
        "{}vouch: warning:{} {message}",
        anstyle::AnsiColor::Yellow.render_fg(),
        anstyle::Reset.render()
    );
}

/// Prints an error line on stderr for something that could not be done,
/// while the rest of the run goes on.
pub fn error_line(message: impl std::fmt::Display) {
    anstream::eprintln!(
        "{}vouch: error:{} {message}",
        anstyle::AnsiColor::Red.render_fg(),
        anstyle::Reset.render()
    );
}

/// Prints each sentence of a file with the figures found in it.
pub fn inspect(path: &Path) -> anyhow::Result<()> {
    use crate::engine::sources::{self, Kind};
    use anyhow::Context;
    let (text, format) = match Kind::of_path(path) {
        // A source of any format, as the index reads it.
        Some(kind) if !kind.has_lines() => {
            let s = sources::read(path, kind)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            println!("# {:?}; pages at {:?}", s.meta, s.pages);
            (s.text, s.format)
        }
        _ => (
            std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot be read", path.display()))?,
            Format::of_draft(path),
        ),
    };
    let doc = crate::engine::document::Document::analyze(text, format);
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
