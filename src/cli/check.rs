//! `vouch check`: checks drafts against the corpus and reports the findings.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::progress::TerminalProgress;
use super::report::{self, Checked};
use super::{draft_format, warn};
use crate::config::{self, Config};
use crate::engine::check::{self, Options};
use crate::engine::corpus::CorpusSpec;
use crate::engine::findings::Severity;
use crate::engine::index::{Corpus, OpenOptions};

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
    /// Drafts to check.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// Settings from vouch.toml with the command line's corpus on top.
pub fn settings(corpus: &[PathBuf]) -> Result<(Config, CorpusSpec)> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let (config, messages) = config::load(&cwd);
    for m in messages {
        warn(m);
    }
    // Paths under the current folder are shown relative to it ("corpus/x.txt").
    let shown = |p: &PathBuf| match p.strip_prefix(&cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => p.clone(),
    };
    let spec = if corpus.is_empty() {
        CorpusSpec {
            roots: config.corpus.iter().map(shown).collect(),
            exclude: config.exclude.clone(),
        }
    } else {
        CorpusSpec {
            roots: corpus.to_vec(),
            exclude: config.exclude.clone(),
        }
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

/// Runs the check; returns whether any finding is at error severity.
pub fn run(args: &CheckArgs) -> Result<bool> {
    let (config, spec) = settings(&args.corpus)?;
    // Read every draft first: a missing draft is a usage error before any work.
    let mut drafts = Vec::new();
    for path in &args.files {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot be read", path.display()))?;
        drafts.push((path, text));
    }
    let corpus = open_corpus(&spec, args.index_dir.clone())?;
    let options = Options {
        disabled: config.disabled(),
    };
    let mut checked = Vec::new();
    for (path, text) in drafts {
        let (_, report) = check::check_text(&corpus, &text, draft_format(path), &options);
        let findings = report
            .findings
            .into_iter()
            .filter_map(|f| config.severity(f.code).map(|s| (f, s)))
            .collect();
        checked.push(Checked {
            path: path.to_string_lossy().replace('\\', "/"),
            text,
            findings,
        });
    }
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
    Ok(failed)
}
