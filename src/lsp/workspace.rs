//! A workspace folder: its settings, its corpus and the corpus's index.
//! Every folder has its own, so two stories open side by side check each
//! against its own sources.
//!
//! A workspace opens and refreshes its corpus and reports its state in
//! `vouch/status`; it knows nothing of the open drafts. The session decides
//! what follows (re-checking the drafts, telling the user about a failure).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use anyhow::anyhow;
use tokio::sync::watch;
use tower_lsp_server::ls_types::MessageType;

use super::editor::Editor;
use super::progress::LspProgress;
use super::settings::Settings;
use super::sources::SourceTexts;
use super::status::{State, StatusParams};
use crate::config::{self, Config};
use crate::engine::corpus::CorpusSpec;
use crate::engine::index::{Corpus, Merged, OpenOptions, UpdateStats, default_index_dir};

/// Where a workspace's corpus is.
#[derive(Clone)]
pub enum CorpusState {
    Loading,
    Ready(Arc<RwLock<Corpus>>),
    /// No corpus here, and none was asked for: nothing to check.
    Inactive(String),
    /// The corpus that was asked for could not be opened.
    Failed(String),
}

/// How opening a corpus went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// Ready; `persisted` when it came from an earlier session's index and
    /// still has to be compared with the disk.
    Ready {
        persisted: bool,
    },
    Inactive(String),
    Failed(String),
}

/// A refresh: the corpus's sources, how many files were re-indexed, and
/// whether what checks read changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refreshed {
    pub sources: usize,
    pub changed: usize,
    /// The corpus is not the one the drafts were checked against: files
    /// were re-indexed here, or another vouch sharing the index folder (a
    /// second editor, `vouch check`) committed them and this one took its
    /// commit, re-indexing nothing itself.
    pub moved: bool,
}

/// The workspace's configuration, and whether it names a corpus itself.
struct Setup {
    config: Config,
    /// A `vouch.toml` or the editor's settings say where the corpus is: a
    /// missing corpus is then an error, not a folder vouch has no part in.
    explicit: bool,
}

pub struct Workspace {
    pub root: PathBuf,
    setup: RwLock<Setup>,
    state: watch::Sender<CorpusState>,
    /// One indexing at a time per workspace.
    indexing: tokio::sync::Mutex<()>,
    /// When a scheduled refresh is due (file events come in bursts); None
    /// when none is scheduled.
    pub refresh_due: Mutex<Option<Instant>>,
    pub sources: SourceTexts,
    /// The file watcher on the corpus folders and the root.
    pub watcher: Mutex<Option<notify::RecommendedWatcher>>,
    /// The last failure told to the user, so a watcher's retries stay quiet.
    pub last_failure: Mutex<Option<String>>,
    /// Openings that failed in a row: the next retry waits longer.
    pub failures: std::sync::atomic::AtomicU32,
    /// The corpus files the last indexing could not read, with the reason.
    skipped: Mutex<Vec<String>>,
    /// A merge of the index's segments is waiting for the editor to be
    /// idle, or running: no second one is scheduled meanwhile.
    pub merge_pending: std::sync::atomic::AtomicBool,
}

impl Workspace {
    /// A workspace with its `vouch.toml` and the editor's settings on top;
    /// also the problems found in `vouch.toml`.
    pub fn new(root: PathBuf, settings: &Settings) -> (Workspace, Vec<String>) {
        let (setup, problems) = setup_for(&root, settings);
        let ws = Workspace {
            root,
            setup: RwLock::new(setup),
            state: watch::Sender::new(CorpusState::Loading),
            indexing: tokio::sync::Mutex::new(()),
            refresh_due: Mutex::new(None),
            sources: SourceTexts::default(),
            watcher: Mutex::new(None),
            last_failure: Mutex::new(None),
            failures: std::sync::atomic::AtomicU32::new(0),
            skipped: Mutex::new(Vec::new()),
            merge_pending: std::sync::atomic::AtomicBool::new(false),
        };
        (ws, problems)
    }

    pub fn config(&self) -> Config {
        self.setup
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .config
            .clone()
    }

    fn explicit(&self) -> bool {
        self.setup
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .explicit
    }

    pub fn spec(&self) -> CorpusSpec {
        let c = self.config();
        c.corpus_spec(c.corpus.clone())
    }

    pub fn state(&self) -> CorpusState {
        self.state.borrow().clone()
    }

    /// Re-reads `vouch.toml` and the settings. Returns the problems found
    /// and whether the corpus changed (and must be opened again).
    pub fn reconfigure(&self, settings: &Settings) -> (Vec<String>, bool) {
        let (setup, problems) = setup_for(&self.root, settings);
        let mut current = self.setup.write().unwrap_or_else(|e| e.into_inner());
        let corpus_changed = current.config.corpus != setup.config.corpus
            || current.config.exclude != setup.config.exclude
            || current.explicit != setup.explicit;
        *current = setup;
        (problems, corpus_changed)
    }

    /// Whether a path belongs to this workspace's corpus.
    pub fn in_corpus(&self, path: &Path) -> bool {
        self.config().corpus.iter().any(|r| path.starts_with(r))
    }

    /// The corpus once it is opened, None if there is none.
    pub async fn corpus(&self) -> Option<Arc<RwLock<Corpus>>> {
        let mut rx = self.state.subscribe();
        let state = rx
            .wait_for(|s| !matches!(s, CorpusState::Loading))
            .await
            .ok()?
            .clone();
        match state {
            CorpusState::Ready(c) => Some(c),
            _ => None,
        }
    }

    /// Opens the corpus: an earlier session's index at once when there is
    /// one (the caller compares it with the disk soon after), else indexes
    /// it, reporting progress.
    pub async fn open(&self, editor: &Editor, index_root: Option<&Path>) -> Opened {
        let _one_at_a_time = self.indexing.lock().await;
        let spec = self.spec();
        if let Some(missing) = spec.roots.iter().find(|r| !r.exists()) {
            let (state, message) = if self.explicit() {
                (
                    State::Error,
                    format!(
                        "no corpus for {}: {} does not exist. Set [corpus] paths in vouch.toml or corpus.paths in the settings.",
                        self.root.display(),
                        missing.display()
                    ),
                )
            } else {
                (
                    State::Inactive,
                    format!(
                        "no corpus: {} has no corpus/ folder and no vouch.toml",
                        self.root.display()
                    ),
                )
            };
            return self.unavailable(editor, state, message).await;
        }
        self.state.send_replace(CorpusState::Loading);
        self.status(editor, State::Indexing, 0, None, "indexing the corpus")
            .await;
        let options = OpenOptions {
            index_dir: index_root.and_then(|r| Some(r.join(default_index_dir(&spec).file_name()?))),
        };
        let (persisted_spec, persisted_options) = (spec.clone(), options.clone());
        let persisted = tokio::task::spawn_blocking(move || {
            Corpus::open_persisted(&persisted_spec, &persisted_options)
        })
        .await;
        if let Ok(Ok(Some(corpus))) = persisted {
            self.ready(editor, corpus, "checking for changes").await;
            return Opened::Ready { persisted: true };
        }
        let progress = LspProgress::start(editor, "Indexing corpus");
        let reporter = progress.reporter();
        let opened = tokio::task::spawn_blocking(move || {
            Corpus::open(&spec, &options, &reporter)
                .map(|(corpus, _stats, warnings)| (corpus, warnings))
        })
        .await
        .map_err(|e| anyhow!("indexing stopped: {e}"))
        .and_then(|r| r);
        progress.done().await;
        match opened {
            Ok((corpus, warnings)) => {
                self.skipped(editor, &warnings).await;
                self.ready(editor, corpus, "").await;
                Opened::Ready { persisted: false }
            }
            Err(e) => {
                let message = format!("no corpus for {}: {e:#}", self.root.display());
                self.unavailable(editor, State::Error, message).await
            }
        }
    }

    /// No corpus: the state, and the status saying why.
    async fn unavailable(&self, editor: &Editor, state: State, message: String) -> Opened {
        let (corpus_state, opened) = match state {
            State::Inactive => (
                CorpusState::Inactive(message.clone()),
                Opened::Inactive(message.clone()),
            ),
            _ => (
                CorpusState::Failed(message.clone()),
                Opened::Failed(message.clone()),
            ),
        };
        self.sources.clear();
        self.state.send_replace(corpus_state);
        self.status(editor, state, 0, None, &message).await;
        opened
    }

    /// Brings an opened corpus up to date with the disk: re-indexes the
    /// files that changed. The error, if any, is in the status and returned;
    /// telling the user is the caller's choice.
    pub async fn refresh_opened(
        &self,
        corpus: Arc<RwLock<Corpus>>,
        editor: &Editor,
    ) -> Result<Refreshed, String> {
        let _one_at_a_time = self.indexing.lock().await;
        let progress = LspProgress::start(editor, "Re-indexing corpus");
        let reporter = progress.reporter();
        let indexed = corpus.clone();
        let result = tokio::task::spawn_blocking(move || {
            // The folders are read and compared with the index while checks
            // go on; only a change takes the corpus from them (at 150,000
            // sources the reading alone takes a second). Folders as the last
            // walk found them are not listed again: one stat per source tells.
            {
                let c = read(&indexed);
                if let Some(warnings) = c.unchanged_since_walk() {
                    let stats = UpdateStats::all_unchanged(c.sources().len());
                    return Ok::<_, anyhow::Error>((stats, warnings, counts(&c), false));
                }
            }
            let spec = read(&indexed).spec().clone();
            let mut warnings = Vec::new();
            let (files, listing) = crate::engine::corpus::discover_listed(&spec, &mut warnings)?;
            {
                let c = read(&indexed);
                if c.is_current(&files) {
                    // Kept for the next start, which then needs no walk.
                    c.keep_walk(&listing, files.len());
                    let stats = UpdateStats::all_unchanged(files.len());
                    return Ok::<_, anyhow::Error>((stats, warnings, counts(&c), false));
                }
            }
            let mut c = indexed.write().unwrap_or_else(|e| e.into_inner());
            let before = c.generation();
            let stats = c.update_walked(files, &listing, &reporter, &mut warnings)?;
            let moved = c.generation() != before;
            Ok((stats, warnings, counts(&c), moved))
        })
        .await
        .map_err(|e| anyhow!("indexing stopped: {e}"))
        .and_then(|r| r);
        progress.done().await;
        let (stats, warnings, (sources, sentences), moved) = match result {
            Ok(r) => r,
            Err(e) => {
                let message = format!("re-indexing {} failed: {e:#}", self.root.display());
                self.status(editor, State::Error, 0, None, &message).await;
                return Err(message);
            }
        };
        self.skipped(editor, &warnings).await;
        let changed = stats.touched();
        if moved {
            self.sources.clear();
        }
        let note = match changed {
            0 => String::new(),
            1 => "1 file re-indexed".to_string(),
            n => format!("{n} files re-indexed"),
        };
        self.status(editor, State::Ready, sources, Some(sentences), &note)
            .await;
        Ok(Refreshed {
            sources,
            changed,
            moved,
        })
    }

    /// Merges the corpus index's segments into one when that would make
    /// checks faster (see `index::merge`), and logs it. Checks go on
    /// meanwhile on the segments they have (the merge holds no lock they
    /// take) and search the merged one after; a refresh waits for its end
    /// (one indexing at a time), as it waits for another refresh.
    pub async fn merge_segments(&self, editor: &Editor) -> Option<Merged> {
        let _one_at_a_time = self.indexing.lock().await;
        let CorpusState::Ready(corpus) = self.state() else {
            return None;
        };
        let job = {
            let c = read(&corpus);
            if !c.merge_would_help() {
                return None;
            }
            c.merge_job()?
        };
        let start = Instant::now();
        let merged = tokio::task::spawn_blocking(move || job.run())
            .await
            .map_err(|e| anyhow!("merging stopped: {e}"))
            .and_then(|r| r);
        let message = match &merged {
            Ok(Merged::Done { segments }) => {
                if let Err(e) = read(&corpus).merged() {
                    format!("the merged index could not be read again: {e:#}")
                } else {
                    format!(
                        "merged the index's {segments} segments into one in {:.1} s: checks search it faster",
                        start.elapsed().as_secs_f64()
                    )
                }
            }
            Ok(Merged::Skipped(why)) => format!("index segments not merged: {why}"),
            Err(e) => format!("merging the index's segments failed: {e:#}"),
        };
        editor.log(MessageType::INFO, &message).await;
        merged.ok()
    }

    /// Makes an opened corpus the workspace's, and says so.
    async fn ready(&self, editor: &Editor, corpus: Corpus, note: &str) {
        let (sources, sentences) = counts(&corpus);
        self.sources.clear();
        self.state
            .send_replace(CorpusState::Ready(Arc::new(RwLock::new(corpus))));
        self.status(editor, State::Ready, sources, Some(sentences), note)
            .await;
    }

    /// Logs each corpus file that was not indexed, with the reason, and
    /// keeps the list for `vouch/status`.
    async fn skipped(&self, editor: &Editor, warnings: &[crate::engine::corpus::Warning]) {
        for w in warnings {
            editor.log(MessageType::WARNING, &w.to_string()).await;
        }
        *self.skipped.lock().unwrap_or_else(|e| e.into_inner()) =
            warnings.iter().map(|w| w.to_string()).collect();
    }

    async fn status(
        &self,
        editor: &Editor,
        state: State,
        sources: usize,
        sentences: Option<u64>,
        message: &str,
    ) {
        let skipped = self
            .skipped
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        // The counts are fields of their own; the message says the rest.
        let message = match (state, skipped.len()) {
            (State::Ready, n) if n > 0 && message.is_empty() => format!("{n} skipped"),
            (State::Ready, n) if n > 0 => format!("{message}; {n} skipped"),
            _ => message.to_string(),
        };
        editor
            .status(StatusParams {
                state,
                root: self.root.display().to_string(),
                sources,
                sentences,
                skipped,
                message,
            })
            .await;
    }
}

/// A read lock that survives a panic elsewhere (the index is still whole:
/// tantivy commits atomically).
pub fn read(c: &RwLock<Corpus>) -> std::sync::RwLockReadGuard<'_, Corpus> {
    c.read().unwrap_or_else(|e| e.into_inner())
}

fn counts(corpus: &Corpus) -> (usize, u64) {
    let sentences = corpus
        .sources()
        .entries()
        .iter()
        .map(|s| u64::from(s.sentences))
        .sum();
    (corpus.sources().len(), sentences)
}

/// `vouch.toml` for a workspace root, with the editor's settings on top.
/// Without a `vouch.toml` (and without settings) the corpus is `corpus/`
/// under the root, as for `vouch check`.
fn setup_for(root: &Path, settings: &Settings) -> (Setup, Vec<String>) {
    let (mut config, problems) = config::load(root);
    let explicit = config.file.is_some() || settings.corpus_paths.is_some();
    settings.apply(&mut config, root);
    // Drafts and sources read numeric dates alike (one order per process).
    crate::engine::figures::set_date_order(config.date_order);
    (Setup { config, explicit }, problems)
}
