//! The drafts a command works on, as ruff finds files: paths and folders
//! (folders searched recursively for markdown), each draft with the
//! `vouch.toml` nearest to it, each corpus opened once. A path that cannot be
//! read is a problem named on stderr; the others are still checked.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::warn;
use crate::config::{self, Config};
use crate::engine::check;
use crate::engine::corpus::CorpusSpec;
use crate::engine::figures::{DateOrder, set_date_order};
use crate::engine::findings::Report;
use crate::engine::index::Corpus;
use crate::engine::text::Format;

/// A draft to check, with the settings that apply to it.
pub struct Draft {
    pub path: PathBuf,
    /// The path as printed: relative to the current folder when inside it.
    pub shown: String,
    pub text: String,
    pub config: Config,
    pub spec: CorpusSpec,
}

/// A draft and what vouch found in it.
pub struct CheckedDraft {
    pub draft: Draft,
    pub report: Report,
    /// The corpus it was checked against (for sources' metadata).
    pub corpus: std::sync::Arc<Corpus>,
}

/// What a run could not do, one line each (`path: problem`).
#[derive(Default)]
pub struct Problems(pub Vec<String>);

impl Problems {
    pub fn add(&mut self, message: String) {
        super::error_line(&message);
        self.0.push(message);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Whether a file is a draft: markdown, by its extension.
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "md" | "markdown"))
}

/// A path as printed: relative to `cwd` when inside it, forward slashes.
pub fn shown(path: &Path, cwd: &Path) -> String {
    let p = if path.is_absolute() {
        path.strip_prefix(cwd).unwrap_or(path)
    } else {
        path
    };
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// The drafts named by `paths`: files as they are, folders searched for
/// markdown (hidden folders and the drafts' own corpus folders left out).
pub fn collect(
    paths: &[PathBuf],
    corpus: &[PathBuf],
    problems: &mut Problems,
) -> Result<Vec<Draft>> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let mut configs: BTreeMap<Option<PathBuf>, (Config, CorpusSpec)> = BTreeMap::new();
    let mut settings_for = |dir: &Path| -> (Config, CorpusSpec) {
        let file = config::find(dir);
        configs
            .entry(file.clone())
            .or_insert_with(|| {
                let (config, messages) = match &file {
                    Some(f) => config::load_file(f),
                    // No vouch.toml above the draft: the current folder's.
                    None => config::load(&cwd),
                };
                for m in messages {
                    warn(m);
                }
                let roots = if corpus.is_empty() {
                    config
                        .corpus
                        .iter()
                        .map(|r| PathBuf::from(shown(r, &cwd)))
                        .collect()
                } else {
                    corpus.to_vec()
                };
                let spec = config.corpus_spec(roots);
                (config, spec)
            })
            .clone()
    };
    let mut files = Vec::new();
    for path in paths {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                problems.add(format!("{}: {e}", shown(path, &cwd)));
                continue;
            }
        };
        if meta.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                });
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() && is_markdown(e.path()) => {
                        files.push((e.path().to_path_buf(), true));
                    }
                    Ok(_) => {}
                    Err(e) => problems.add(format!(
                        "{}: {}",
                        e.path()
                            .map_or_else(|| shown(path, &cwd), |p| shown(p, &cwd)),
                        e.io_error()
                            .map_or_else(|| e.to_string(), |io| io.to_string())
                    )),
                }
            }
        } else {
            files.push((path.clone(), false));
        }
    }
    let mut drafts = Vec::new();
    for (path, found) in files {
        let abs = cwd.join(&path);
        let dir = abs.parent().unwrap_or(&cwd).to_path_buf();
        let (config, spec) = settings_for(&dir);
        // A folder's markdown sources are not drafts of their own story.
        if found && inside_corpus(&abs, &spec, &cwd) {
            continue;
        }
        match super::read_draft(&path, config.max_draft_bytes) {
            Ok(text) => drafts.push(Draft {
                shown: shown(&path, &cwd),
                path,
                text,
                config,
                spec,
            }),
            Err(e) => problems.add(format!("{e:#}")),
        }
    }
    Ok(drafts)
}

fn inside_corpus(file: &Path, spec: &CorpusSpec, cwd: &Path) -> bool {
    let file = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    spec.roots.iter().any(|r| {
        let r = std::fs::canonicalize(cwd.join(r)).unwrap_or_else(|_| r.clone());
        file.starts_with(r)
    })
}

/// Checks each draft against its corpus, opening each corpus once. A corpus
/// that cannot be opened is a problem for its drafts; the rest go on.
pub fn check_all(
    drafts: Vec<Draft>,
    index_dir: Option<&Path>,
    problems: &mut Problems,
) -> Vec<CheckedDraft> {
    // A corpus is read in the date order of the drafts checked against it
    // (their vouch.toml's [figures] date-order): drafts and sources read
    // numeric dates alike.
    // With the warnings of an opening whose sources are not stat'ed yet
    // (`Corpus::open_unverified`): given once they are known unchanged.
    type Opened = (
        CorpusSpec,
        DateOrder,
        Option<std::sync::Arc<Corpus>>,
        Option<Vec<crate::engine::corpus::Warning>>,
    );
    let mut corpora: Vec<Opened> = Vec::new();
    let several = {
        let mut specs: Vec<&CorpusSpec> = drafts.iter().map(|d| &d.spec).collect();
        specs.dedup();
        specs.len() > 1
    };
    let mut out = Vec::new();
    for draft in drafts {
        let order = draft.config.date_order;
        set_date_order(order);
        let i = match corpora
            .iter()
            .position(|(s, o, _, _)| *s == draft.spec && *o == order)
        {
            Some(i) => i,
            None => {
                // One index folder per corpus when the command line names one.
                let dir = index_dir.map(|d| {
                    if several {
                        d.join(format!("corpus-{}", corpora.len()))
                    } else {
                        d.to_path_buf()
                    }
                });
                let (opened, unverified) =
                    match super::check::open_corpus_unverified(&draft.spec, dir) {
                        Ok((c, unverified)) => (Some(std::sync::Arc::new(c)), unverified),
                        Err(e) => {
                            problems.add(format!("{e:#}"));
                            (None, None)
                        }
                    };
                corpora.push((draft.spec.clone(), order, opened, unverified));
                corpora.len() - 1
            }
        };
        // A corpus that cannot be opened was named once; its drafts are not checked.
        let Some(corpus) = corpora[i].2.clone() else {
            continue;
        };
        let options = draft.config.check_options();
        let format = Format::of_draft(&draft.path);
        let check = |corpus: &Corpus| {
            super::guard::catch(|| check::check_text(corpus, &draft.text, format, &options).1)
        };
        let (first, corpus) = match corpora[i].3.take() {
            None => (check(&corpus), corpus),
            Some(warnings) => {
                // The sources are stat'ed while the draft is checked; the
                // check counts only if none changed since the index was made.
                let (first, unchanged) = std::thread::scope(|s| {
                    let stats = s.spawn(|| corpus.sources_unchanged());
                    let first = check(&corpus);
                    (first, stats.join().unwrap_or(false))
                });
                if unchanged {
                    for w in warnings {
                        warn(w);
                    }
                    (first, corpus)
                } else {
                    // A source changed: the index is brought up to date
                    // (the folders walked) and the draft checked again.
                    let dir = Some(corpus.index_dir().to_path_buf());
                    drop(corpus);
                    corpora[i].2 = None;
                    match super::check::open_corpus(&draft.spec, dir) {
                        Ok(c) => {
                            let c = std::sync::Arc::new(c);
                            corpora[i].2 = Some(c.clone());
                            (check(&c), c)
                        }
                        Err(e) => {
                            problems.add(format!("{e:#}"));
                            continue;
                        }
                    }
                }
            }
        };
        let (report, corpus) = match first {
            Ok(report) => (report, corpus),
            Err(panic) => {
                // A panic while reading the index is how damage its opening
                // did not look for shows (a flipped bit keeps a file's size
                // and time): read it whole, rebuild, check again.
                let repaired = corpus.index_damage().and_then(|_| {
                    let dir = Some(corpus.index_dir().to_path_buf());
                    super::check::open_corpus(&draft.spec, dir).ok()
                });
                let retried = repaired.map(|c| {
                    let c = std::sync::Arc::new(c);
                    corpora[i].2 = Some(c.clone());
                    (check(&c), c)
                });
                match retried {
                    Some((Ok(report), corpus)) => (report, corpus),
                    other => {
                        let panic = match other {
                            Some((Err(again), _)) => again,
                            _ => panic,
                        };
                        problems.add(format!(
                            "{}: internal error while checking it: {panic}",
                            draft.shown
                        ));
                        continue;
                    }
                }
            }
        };
        out.push(CheckedDraft {
            draft,
            report,
            corpus,
        });
    }
    out
}
