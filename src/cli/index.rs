//! `vouch index`: builds the corpus index, or brings it up to date, without
//! checking a draft (for CI caches and newsroom archives); `--optimize`
//! then merges its segments into one, so that later checks search faster.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;

use super::check::{open_corpus, settings};
use crate::engine::index::Merged;

#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// A corpus folder (repeatable). Default: vouch.toml's [corpus] paths, else ./corpus.
    #[arg(long = "corpus", value_name = "DIR")]
    pub corpus: Vec<PathBuf>,
    /// Where the corpus index lives. Default: a cache folder keyed by the corpus.
    #[arg(long, value_name = "DIR")]
    pub index_dir: Option<PathBuf>,
    /// Merge the index's segments into one after the update: checks search
    /// it faster (about a third less time for a long draft against a large
    /// archive), at the cost of rewriting the index once, which takes a
    /// while on a large one. The language server does it by itself when
    /// the editor is idle.
    #[arg(long)]
    pub optimize: bool,
}

/// Brings the index up to date and says what it holds on stderr.
pub fn run(args: &IndexArgs) -> Result<()> {
    let (_config, spec) = settings(&args.corpus)?;
    let corpus = open_corpus(&spec, args.index_dir.clone())?;
    let sentences: u64 = corpus
        .sources()
        .entries()
        .iter()
        .map(|s| u64::from(s.sentences))
        .sum();
    let segments = corpus.segments();
    eprintln!(
        "vouch: {} sources, {sentences} sentences, {segments} segment{} in {}",
        corpus.sources().len(),
        if segments == 1 { "" } else { "s" },
        corpus.index_dir().display()
    );
    if !args.optimize {
        return Ok(());
    }
    let Some(job) = corpus.merge_job() else {
        eprintln!("vouch: nothing to merge");
        return Ok(());
    };
    let start = Instant::now();
    match job.run()? {
        Merged::Done { segments } => eprintln!(
            "vouch: merged {segments} segments into one in {:.1} s",
            start.elapsed().as_secs_f64()
        ),
        Merged::Skipped(why) => eprintln!("vouch: not merged: {why}"),
    }
    Ok(())
}
