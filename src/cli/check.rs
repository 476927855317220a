//! `vouch check`: checks drafts against the corpus and reports the findings.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::drafts::{self, Problems};
use super::progress::TerminalProgress;
use super::report::{self, Checked};
use super::warn;
use crate::config::{self, Config};
use crate::engine::corpus::{CorpusSpec, Warning};
use crate::engine::findings::Severity;
use crate::engine::index::{Corpus, OpenOptions, Opening};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
    Sarif,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A corpus folder (repeatable). Default: vouch.toml's [corpus] paths, else ./corpus.
    #[arg(long = "corpus", value_name = "DIR")]
    pub corpus: Vec<PathBuf>,
    /// How to report findings.
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// Where the corpus index lives. Default: a cache folder keyed by the corpus.
    #[arg(long, value_name = "DIR")]
    pub index_dir: Option<PathBuf>,
    /// Drafts to check: markdown files, or folders searched for them.
    #[arg(required = true, value_name = "PATH")]
    pub files: Vec<PathBuf>,
}

/// Settings from vouch.toml with the command line's corpus on top.
pub fn settings(corpus: &[PathBuf]) -> Result<(Config, CorpusSpec)> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let (config, messages) = config::load(&cwd);
    for m in messages {
        warn(m);
    }
    crate::engine::figures::set_date_order(config.date_order);
    // Paths under the current folder are shown relative to it ("corpus/x.txt").
    let shown = |p: &PathBuf| match p.strip_prefix(&cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => p.clone(),
    };
    let spec = if corpus.is_empty() {
        config.corpus_spec(config.corpus.iter().map(shown).collect())
    } else {
        config.corpus_spec(corpus.to_vec())
    };
    Ok((config, spec))
}

/// Opens the corpus, reporting skipped files as warnings.
pub fn open_corpus(spec: &CorpusSpec, index_dir: Option<PathBuf>) -> Result<Corpus> {
    let progress = TerminalProgress::new();
    let (corpus, _stats, warnings) = Corpus::open(spec, &OpenOptions { index_dir }, &progress)?;
    for w in warnings {
        warn(w);
    }
    Ok(corpus)
}

/// Opens the corpus as [`open_corpus`] does, or, when its folders are as
/// its last opening walked them, without stat'ing its sources yet
/// (`Corpus::open_unverified`): then the skipped files' warnings are returned
/// to be given once the sources are known unchanged.
pub fn open_corpus_unverified(
    spec: &CorpusSpec,
    index_dir: Option<PathBuf>,
) -> Result<(Corpus, Option<Vec<Warning>>)> {
    let progress = TerminalProgress::new();
    match Corpus::open_unverified(spec, &OpenOptions { index_dir }, &progress)? {
        Opening::Opened(corpus, _stats, warnings) => {
            for w in warnings {
                warn(w);
            }
            Ok((corpus, None))
        }
        Opening::Unverified(corpus, warnings) => Ok((corpus, Some(warnings))),
    }
}

/// How a run ended, as its exit status says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything checked, nothing at error severity: 0.
    Clean,
    /// Everything checked, a finding at error severity: 1.
    Errors,
    /// Something could not be checked (named on stderr): 2.
    Incomplete,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Errors => 1,
            Outcome::Incomplete => 2,
        }
    }
}

/// Runs the check over every draft it can read; the others are named.
pub fn run(args: &CheckArgs) -> Result<Outcome> {
    let mut problems = Problems::default();
    let drafts = drafts::collect(&args.files, &args.corpus, &mut problems)?;
    let checked_drafts = drafts::check_all(drafts, args.index_dir.as_deref(), &mut problems);
    let checked: Vec<Checked> = checked_drafts
        .into_iter()
        .map(|c| Checked {
            findings: c
                .report
                .findings
                .into_iter()
                .filter_map(|f| c.draft.config.severity(f.code).map(|s| (f, s)))
                .collect(),
            path: c.draft.shown,
            text: c.draft.text,
        })
        .collect();
    let failed = checked
        .iter()
        .any(|c| c.findings.iter().any(|(_, s)| *s == Severity::Error));
    let mut stdout = anstream::stdout().lock();
    match args.format {
        OutputFormat::Human => report::human::render(&mut stdout, &checked)?,
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, &report::json::render(&checked))?;
            writeln!(stdout)?;
        }
        OutputFormat::Sarif => {
            serde_json::to_writer_pretty(&mut stdout, &report::sarif::render(&checked))?;
            writeln!(stdout)?;
        }
    }
    stdout.flush()?;
    Ok(if !problems.is_empty() {
        Outcome::Incomplete
    } else if failed {
        Outcome::Errors
    } else {
        Outcome::Clean
    })
}
