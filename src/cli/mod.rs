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

/// Reads a draft, refusing one larger than `limit` bytes (read no further:
/// `/dev/zero` is endless) or not UTF-8, in one line naming the file.
pub fn read_draft(path: &Path, limit: u64) -> anyhow::Result<String> {
    use anyhow::Context;
    use std::io::Read;
    let cannot = || format!("{}: cannot be read", path.display());
    let file = std::fs::File::open(path).with_context(cannot)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(cannot)?;
    if bytes.len() as u64 > limit {
        anyhow::bail!(
            "{}: larger than {} MB, the most a draft may have (draft-mb under [limits] in vouch.toml raises it)",
            path.display(),
            limit >> 20
        );
    }
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: not UTF-8 (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

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
            let s = sources::read(path, kind, crate::engine::corpus::MAX_FILE_BYTES)
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
