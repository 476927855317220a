//! The benchmarks behind the README's speed and memory figures. They are not
//! part of the checker: they drive it from outside, as a user or an editor
//! does, and only measure.
//!
//! - `vouch bench` ([`index`]): cold index, warm start, a short `vouch check`
//!   as a whole process, and a 2,000-word check; with `--vs-floor`, beside
//!   `cat` of the index and one `rg` pass over the corpus in the same run;
//! - `vouch bench-lsp` ([`lsp`]): the language server over pipes, edit →
//!   diagnostics, first diagnostics with a warm index, memory over an hour of
//!   typing; with `--compare CMD`, another server on the same edits;
//! - `--scale N` ([`scale`]) on either: a synthetic archive of about N
//!   stories made from Reuters-21578, built in a temporary folder.

pub mod index;
pub mod lsp;

mod floor;
mod process;
mod scale;

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::engine::corpus::{self, CorpusSpec};

/// Where Reuters-21578 stands beside the project.
const REUTERS: &str = "../shared/datasets/reuters21578/docs";

/// Options shared by both benches: which corpora.
#[derive(Debug, Clone, clap::Args)]
pub struct CorpusArgs {
    /// Corpora to measure (default: ./corpus and, when present,
    /// ../shared/datasets/reuters21578/docs).
    #[arg(long = "corpus", value_name = "DIR")]
    pub corpora: Vec<PathBuf>,
    /// Measure a synthetic archive of about N stories instead: copies of
    /// Reuters-21578 with every number changed and some names swapped
    /// (152344 is Reuters ×8). Built in a temporary folder, removed after.
    #[arg(long, value_name = "N")]
    pub scale: Option<usize>,
    /// With --scale: build the archive here and keep it (reused when it is
    /// already there for the same N), for repeated runs.
    #[arg(long, value_name = "DIR", requires = "scale")]
    pub scale_dir: Option<PathBuf>,
    /// The stories --scale copies.
    #[arg(long, value_name = "DIR", default_value = REUTERS)]
    pub reuters: PathBuf,
}

/// A corpus to measure, with the name the tables give it. A synthetic
/// corpus's folder lives as long as this.
pub struct Measured {
    pub dir: PathBuf,
    pub name: String,
    _synthetic: Option<scale::Synthetic>,
}

impl CorpusArgs {
    /// The corpora these options name: `--scale`'s archive, those given, or
    /// the seeds and, when it is beside the project, Reuters.
    pub fn corpora(&self, command: &str) -> Result<Vec<Measured>> {
        if let Some(n) = self.scale {
            let synthetic = scale::build(&self.reuters, n, self.scale_dir.as_deref())?;
            return Ok(vec![Measured {
                dir: synthetic.dir().to_path_buf(),
                name: format!("Reuters synthetic ×{:.1}", synthetic.factor()),
                _synthetic: Some(synthetic),
            }]);
        }
        let dirs = if self.corpora.is_empty() {
            let mut v = vec![PathBuf::from("corpus")];
            if self.reuters.is_dir() {
                v.push(self.reuters.clone());
            } else {
                eprintln!(
                    "vouch {command}: {} not found; measuring the seeds only",
                    self.reuters.display()
                );
            }
            v
        } else {
            self.corpora.clone()
        };
        Ok(dirs
            .into_iter()
            .map(|dir| Measured {
                name: corpus_name(&dir),
                dir,
                _synthetic: None,
            })
            .collect())
    }
}

/// What a table calls a corpus folder: its name, or for `…/docs` its parent's.
fn corpus_name(dir: &Path) -> String {
    let Ok(p) = dir.canonicalize() else {
        return dir.display().to_string();
    };
    if p.ends_with("reuters21578/docs") {
        return "Reuters-21578".into();
    }
    let base = p.file_name().map(|n| n.to_string_lossy().into_owned());
    match base.as_deref() {
        Some("docs") => p
            .parent()
            .and_then(|q| q.file_name())
            .map_or_else(|| "docs".into(), |n| n.to_string_lossy().into_owned()),
        Some(b) => b.to_string(),
        None => p.display().to_string(),
    }
}

fn spec(dir: &Path) -> CorpusSpec {
    CorpusSpec {
        roots: vec![dir.to_path_buf()],
        ..CorpusSpec::default()
    }
}

/// A draft of about `words` words built from the corpus: its sentences with
/// figures, every third with a figure changed, as a reporter's draft mixes
/// right and wrong figures. Deterministic for a given corpus.
pub fn draft_from(dir: &Path, words: usize) -> Result<String> {
    let mut warnings = Vec::new();
    let files = corpus::discover(&spec(dir), &mut warnings)?;
    let digits = regex::Regex::new(r"\b\d+(\.\d+)?\b").expect("regex");
    // Up to two sentences with figures from each of up to 400 sources.
    let step = (files.len() / 400).max(1);
    let mut pool = Vec::new();
    for file in files.iter().step_by(step) {
        let Ok(source) = crate::engine::sources::read(&file.abs, file.kind, corpus::MAX_FILE_BYTES)
        else {
            continue;
        };
        let doc = crate::engine::document::Document::analyze(source.text, source.format);
        let limit = if files.len() < 50 { usize::MAX } else { 2 };
        for s in doc
            .sentences
            .iter()
            .filter(|s| !s.figures.is_empty() && !s.headline)
            .take(limit)
        {
            pool.push(
                doc.sentence_text(s)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
    }
    if pool.is_empty() {
        bail!(
            "{}: no sentences with figures to build a draft from",
            dir.display()
        );
    }
    let mut out = String::from("# Draft\n\n");
    let mut count = 0;
    for (n, sentence) in pool.iter().cycle().enumerate() {
        let mut sentence = sentence.clone();
        if n % 3 == 2
            && let Some(m) = digits.find(&sentence)
        {
            let changed: String = m
                .as_str()
                .chars()
                .map(|c| if c == '1' { '7' } else { c })
                .collect();
            let changed = if changed == m.as_str() {
                format!("{}1", m.as_str())
            } else {
                changed
            };
            sentence.replace_range(m.range(), &changed);
        }
        count += sentence.split_whitespace().count();
        out.push_str(&sentence);
        out.push_str("\n\n");
        if count >= words {
            break;
        }
    }
    Ok(out)
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn median(v: &mut [f64]) -> f64 {
    percentile(v, 0.5)
}

/// The machine the figures were taken on, and how busy it was.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .map_or_else(String::new, |l| format!(", load average {l}"));
    format!(
        "{cores} cores, {cpu}, {} {}{load}",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}
