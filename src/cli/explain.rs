//! `vouch explain FILE LINE:COL`: the provenance of whatever is at a place
//! in a draft (a figure, a quote, a statement, a name), as text: what the
//! language server's hover shows.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use super::check::{open_corpus, settings};
use crate::engine::check;
use crate::engine::explain::{self, PlainLinker};
use crate::engine::text::Format;
use crate::position::{Encoding, LineMap, Position};

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A corpus folder (repeatable). Default: vouch.toml's [corpus] paths, else ./corpus.
    #[arg(long = "corpus", value_name = "DIR")]
    pub corpus: Vec<PathBuf>,
    /// Where the corpus index lives. Default: a cache folder keyed by the corpus.
    #[arg(long, value_name = "DIR")]
    pub index_dir: Option<PathBuf>,
    /// The draft.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The place: 1-based line and column (characters), as editors show them.
    #[arg(value_name = "LINE:COL")]
    pub at: String,
}

/// Reads `LINE:COL` (1-based).
fn parse_at(at: &str) -> Result<(usize, usize)> {
    let (l, c) = at.split_once(':').unwrap_or((at, "1"));
    let line: usize = l
        .trim()
        .parse()
        .ok()
        .filter(|&n| n > 0)
        .with_context(|| format!("{at:?}: the line must be a number from 1"))?;
    let col: usize = c
        .trim()
        .parse()
        .ok()
        .filter(|&n| n > 0)
        .with_context(|| format!("{at:?}: the column must be a number from 1"))?;
    Ok((line, col))
}

/// Prints the provenance; returns false (exit 0) whether or not anything
/// is there, since finding nothing at a place is an answer too.
pub fn run(args: &ExplainArgs) -> Result<bool> {
    let (line, col) = parse_at(&args.at)?;
    let (config, spec) = settings(&args.corpus)?;
    let text = super::read_draft(&args.file, config.max_draft_bytes)?;
    let map = LineMap::new(&text);
    if line > map.line_count() {
        bail!(
            "{}: has {} lines, not {line}",
            args.file.display(),
            map.line_count()
        );
    }
    let offset = map.offset(
        Position {
            line: (line - 1) as u32,
            character: (col - 1) as u32,
        },
        Encoding::Chars,
    );
    let corpus = open_corpus(&spec, args.index_dir.clone())?;
    let options = config.check_options();
    let (_, report) = check::check_text(&corpus, &text, Format::of_draft(&args.file), &options);
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match explain::provenance(&report, offset, Some(&corpus), &PlainLinker) {
        Some((claim, markdown)) => {
            let start = map.position(claim.range.start, Encoding::Chars);
            writeln!(
                out,
                "{}:{}:{}: {}\n\n{markdown}",
                args.file.display(),
                start.line + 1,
                start.character + 1,
                claim.text
            )?;
        }
        None => writeln!(
            out,
            "{}:{line}:{col}: nothing vouch checks here (no figure, quote, reported claim or name)",
            args.file.display()
        )?,
    }
    Ok(false)
}
