//! The command line: `vouch check` and its reports.

pub mod add;
pub mod check;
pub mod drafts;
pub mod explain;
mod guard;
pub mod index;
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

#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// Files to read, as the index reads sources.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<std::path::PathBuf>,
    /// Print who says what instead: one JSON line per file with each
    /// quotation and reported statement, its speaker as indexing stores it,
    /// and the file's people, organisations and places. Offsets are bytes.
    #[arg(long)]
    pub said: bool,
}

/// Prints what vouch reads in each file.
pub fn inspect(args: &InspectArgs) -> anyhow::Result<()> {
    for path in &args.files {
        if args.said {
            said(path)?;
        } else {
            sentences(path)?;
        }
    }
    Ok(())
}

/// A file read as the index reads it: a source of any format, else a draft.
fn read(path: &Path, show_meta: bool) -> anyhow::Result<crate::engine::document::Document> {
    use crate::engine::sources::{self, Kind};
    use anyhow::Context;
    let (text, format) = match Kind::of_path(path) {
        Some(kind) if !kind.has_lines() => {
            let s = sources::read(path, kind, crate::engine::corpus::MAX_FILE_BYTES)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            if show_meta {
                use std::io::Write;
                writeln!(std::io::stdout(), "# {:?}; pages at {:?}", s.meta, s.pages)?;
            }
            (s.text, s.format)
        }
        _ => (
            std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot be read", path.display()))?,
            Format::of_draft(path),
        ),
    };
    Ok(crate::engine::document::Document::analyze(text, format))
}

/// Prints each sentence of a file with the figures found in it.
fn sentences(path: &Path) -> anyhow::Result<()> {
    use std::io::Write;
    let doc = read(path, true)?;
    let mut out = std::io::stdout().lock();
    for s in &doc.sentences {
        writeln!(
            out,
            "{}: {}",
            s.line + 1,
            report::one_line(doc.sentence_text(s))
        )?;
        for f in &s.figures {
            writeln!(
                out,
                "    [{}] {:?} {:?} {:?}{}",
                &doc.text[f.range.clone()],
                f.unit,
                f.value,
                f.qualifier,
                if f.weak { " weak" } else { "" }
            )?;
        }
    }
    Ok(())
}

/// Prints the analysis indexing stores for a file: who says which words.
fn said(path: &Path) -> anyhow::Result<()> {
    let doc = read(path, false)?;
    let analysis = crate::engine::quotes::analyze(&doc);
    let said: Vec<serde_json::Value> = analysis
        .said
        .iter()
        .map(|s| {
            serde_json::json!({
                "start": s.range.start,
                "end": s.range.end,
                "quoted": s.quoted,
                "speaker": s.speaker.as_ref().map(|p| &p.name),
                "speaker_range": s.speaker.as_ref().map(|p| [p.range.start, p.range.end]),
                "role": s.speaker.as_ref().and_then(|p| p.role.as_ref()),
                "also": s.also.as_ref().map(|p| &p.name),
            })
        })
        .collect();
    let line = serde_json::json!({
        "file": path.display().to_string(),
        "said": said,
        "entities": analysis.entities,
    });
    use std::io::Write;
    writeln!(std::io::stdout().lock(), "{line}")?;
    Ok(())
}
