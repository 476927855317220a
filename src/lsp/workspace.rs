//! A workspace folder: its settings, its corpus and the corpus's index.
//! Every folder has its own, so two stories open side by side check each
//! against its own sources.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use anyhow::{Result, anyhow};
use tokio::sync::watch;
use tower_lsp_server::ls_types::MessageType;

use super::progress::LspProgress;
use super::session::Session;
use super::settings::Settings;
use super::sources::SourceTexts;
use super::status::{State, StatusParams, VouchStatus};
use crate::config::{self, Config};
use crate::engine::corpus::CorpusSpec;
use crate::engine::index::{Corpus, OpenOptions, default_index_dir};

/// How long after opening a persisted index it is compared with the disk:
/// time for the first checks of the open drafts, which it would hold up.
const VERIFY_AFTER: std::time::Duration = std::time::Duration::from_millis(300);

/// Where a workspace's corpus is.
#[derive(Clone)]
pub enum CorpusState {
    Loading,
    Ready(Arc<RwLock<Corpus>>),
    /// It could not be opened; the message was shown once.
    Failed(String),
}

pub struct Workspace {
    pub root: PathBuf,
    config: RwLock<Config>,
    state: watch::Sender<CorpusState>,
    /// One indexing at a time per workspace.
    indexing: tokio::sync::Mutex<()>,
    /// A refresh is waiting to run (file events come in bursts).
    refresh_scheduled: AtomicBool,
    /// Openings that failed in a row: the next try waits longer.
    failures: AtomicU32,
    pub sources: SourceTexts,
    /// The file watcher, when the client cannot watch for us.
    pub watcher: Mutex<Option<notify::RecommendedWatcher>>,
    /// The corpus files the last indexing could not read, with the reason.
    skipped: Mutex<Vec<String>>,
}

impl Workspace {
    /// A workspace with its `vouch.toml` and the editor's settings on top;
    /// also the problems found in `vouch.toml`.
    pub fn new(root: PathBuf, settings: &Settings) -> (Workspace, Vec<String>) {
        let (config, problems) = settings_for(&root, settings);
        let ws = Workspace {
            root,
            config: RwLock::new(config),
            state: watch::Sender::new(CorpusState::Loading),
            indexing: tokio::sync::Mutex::new(()),
            refresh_scheduled: AtomicBool::new(false),
            failures: AtomicU32::new(0),
            sources: SourceTexts::default(),
            watcher: Mutex::new(None),
            skipped: Mutex::new(Vec::new()),
        };
        (ws, problems)
    }

    pub fn config(&self) -> Config {
        self.config
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
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
        let (config, problems) = settings_for(&self.root, settings);
        let mut current = self.config.write().unwrap_or_else(|e| e.into_inner());
        let corpus_changed = current.corpus != config.corpus || current.exclude != config.exclude;
        *current = config;
        (problems, corpus_changed)
    }

    /// Whether a path belongs to this workspace's corpus.
    pub fn in_corpus(&self, path: &Path) -> bool {
        self.config().corpus.iter().any(|r| path.starts_with(r))
    }

    /// The corpus once it is opened, None if it could not be.
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

    /// Opens the corpus (indexing what changed since the last session),
    /// reporting progress, then re-checks this workspace's open drafts.
    pub async fn open(self: &Arc<Self>, session: &Arc<Session>) {
        let one_at_a_time = self.indexing.lock().await;
        self.state.send_replace(CorpusState::Loading);
        let spec = self.spec();
        self.status(
            session,
            State::Indexing,
            0,
            None,
            "indexing the corpus".into(),
        )
        .await;
        let options = OpenOptions {
            index_dir: session
                .options
                .index_root
                .as_ref()
                .and_then(|r| Some(r.join(default_index_dir(&spec).file_name()?))),
        };
        // An index from an earlier session answers at once; it is compared
        // with the files on disk just after, once the open drafts are checked.
        let (persisted_spec, persisted_options) = (spec.clone(), options.clone());
        let persisted = tokio::task::spawn_blocking(move || {
            Corpus::open_persisted(&persisted_spec, &persisted_options)
        })
        .await;
        if let Ok(Ok(Some(corpus))) = persisted {
            self.ready(session, corpus, " (checking for changes)").await;
            drop(one_at_a_time);
            session.recheck(Some(self));
            session.watch_workspace(self).await;
            let (ws, session) = (self.clone(), session.clone());
            tokio::spawn(async move {
                tokio::time::sleep(VERIFY_AFTER).await;
                if let CorpusState::Ready(c) = ws.state() {
                    let _ = ws.refresh_opened(c, &session).await;
                }
            });
            return;
        }
        let progress = LspProgress::start(session, "Indexing corpus");
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
                self.failures.store(0, Ordering::SeqCst);
                self.skipped(session, &warnings).await;
                self.ready(session, corpus, "").await;
            }
            Err(e) => {
                let message = format!(
                    "vouch: no corpus for {}: {e:#}. Set [corpus] paths in vouch.toml or corpus.paths in the settings.",
                    self.root.display()
                );
                self.state
                    .send_replace(CorpusState::Failed(message.clone()));
                self.status(session, State::Error, 0, None, message.clone())
                    .await;
                // Said once, never per keystroke or per retry.
                let failures = self.failures.fetch_add(1, Ordering::SeqCst);
                if failures == 0 {
                    session.show(MessageType::ERROR, message).await;
                }
                self.retry_later(session, failures);
            }
        }
        session.watch_workspace(self).await;
        session.recheck(Some(self));
    }

    /// Re-indexes the files that changed on disk and re-checks the open
    /// drafts. Returns the number of sources and of files re-indexed. A
    /// corpus that could not be opened is tried again.
    pub async fn refresh(self: &Arc<Self>, session: &Arc<Session>) -> Result<(usize, usize)> {
        let corpus = match self.state() {
            CorpusState::Ready(c) => c,
            CorpusState::Loading | CorpusState::Failed(_) => {
                self.open(session).await;
                return match self.state() {
                    CorpusState::Ready(c) => {
                        let sources = read(&c).sources().len();
                        Ok((sources, sources))
                    }
                    CorpusState::Failed(m) => Err(anyhow!(m)),
                    CorpusState::Loading => Err(anyhow!("the corpus is still loading")),
                };
            }
        };
        self.refresh_opened(corpus, session).await
    }

    /// Brings an opened corpus up to date with the disk (see `refresh`).
    async fn refresh_opened(
        self: &Arc<Self>,
        corpus: Arc<RwLock<Corpus>>,
        session: &Arc<Session>,
    ) -> Result<(usize, usize)> {
        let _one_at_a_time = self.indexing.lock().await;
        let progress = LspProgress::start(session, "Re-indexing corpus");
        let reporter = progress.reporter();
        let indexed = corpus.clone();
        let result = tokio::task::spawn_blocking(move || {
            let mut c = indexed.write().unwrap_or_else(|e| e.into_inner());
            let (stats, warnings) = c.refresh(&reporter)?;
            Ok::<_, anyhow::Error>((stats, warnings, counts(&c)))
        })
        .await
        .map_err(|e| anyhow!("indexing stopped: {e}"))
        .and_then(|r| r);
        progress.done().await;
        let (stats, warnings, (sources, sentences)) = match result {
            Ok(r) => r,
            Err(e) => {
                let message = format!("vouch: re-indexing {} failed: {e:#}", self.root.display());
                self.status(session, State::Error, 0, None, message.clone())
                    .await;
                session.show(MessageType::ERROR, message.clone()).await;
                return Err(anyhow!(message));
            }
        };
        self.skipped(session, &warnings).await;
        if stats.touched() > 0 {
            self.status(
                session,
                State::Indexing,
                sources,
                Some(sentences),
                format!("{} files changed", stats.touched()),
            )
            .await;
            self.sources.clear();
            session.recheck(Some(self));
        }
        self.status(
            session,
            State::Ready,
            sources,
            Some(sentences),
            format!(
                "{sources} sources{}, {sentences} sentences",
                self.skipped_note()
            ),
        )
        .await;
        Ok((sources, stats.touched()))
    }

    /// Tries to open the corpus again after a failure (a folder being
    /// created, a disk being mounted, anything the watcher cannot see),
    /// waiting longer after each failure in a row, up to a minute.
    fn retry_later(self: &Arc<Self>, session: &Arc<Session>, failures: u32) {
        let wait = std::time::Duration::from_secs((1u64 << failures.min(6)).min(60));
        let (ws, session) = (Arc::downgrade(self), Arc::downgrade(session));
        tokio::spawn(async move {
            tokio::time::sleep(wait).await;
            let (Some(ws), Some(session)) = (ws.upgrade(), session.upgrade()) else {
                return;
            };
            // A workspace closed meanwhile, or opened by a refresh, is left be.
            let still_open = session.workspaces().iter().any(|w| Arc::ptr_eq(w, &ws));
            if still_open && matches!(ws.state(), CorpusState::Failed(_)) {
                ws.open(&session).await;
            }
        });
    }

    /// Refreshes soon, once for a burst of file events.
    pub fn schedule_refresh(self: &Arc<Self>, session: &Arc<Session>) {
        if self.refresh_scheduled.swap(true, Ordering::SeqCst) {
            return;
        }
        let (ws, session) = (self.clone(), session.clone());
        tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            ws.refresh_scheduled.store(false, Ordering::SeqCst);
            let _ = ws.refresh(&session).await;
        });
    }

    /// Makes an opened corpus the workspace's, and says so.
    async fn ready(&self, session: &Session, corpus: Corpus, note: &str) {
        let (sources, sentences) = counts(&corpus);
        self.sources.clear();
        self.state
            .send_replace(CorpusState::Ready(Arc::new(RwLock::new(corpus))));
        self.status(
            session,
            State::Ready,
            sources,
            Some(sentences),
            format!(
                "{sources} sources{}, {sentences} sentences{note}",
                self.skipped_note()
            ),
        )
        .await;
    }

    /// Logs each corpus file that was not indexed, with the reason, and
    /// keeps the list for `vouch/status`.
    async fn skipped(&self, session: &Session, warnings: &[crate::engine::corpus::Warning]) {
        for w in warnings {
            session
                .log(MessageType::WARNING, format!("vouch: {w}"))
                .await;
        }
        *self.skipped.lock().unwrap_or_else(|e| e.into_inner()) =
            warnings.iter().map(|w| w.to_string()).collect();
    }

    /// ", 2 skipped" when files were not indexed.
    fn skipped_note(&self) -> String {
        let n = self.skipped.lock().unwrap_or_else(|e| e.into_inner()).len();
        match n {
            0 => String::new(),
            n => format!(", {n} skipped"),
        }
    }

    async fn status(
        &self,
        session: &Session,
        state: State,
        sources: usize,
        sentences: Option<u64>,
        message: String,
    ) {
        let skipped = self
            .skipped
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        session
            .client
            .send_notification::<VouchStatus>(StatusParams {
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
        .iter()
        .map(|s| u64::from(s.sentences))
        .sum();
    (corpus.sources().len(), sentences)
}

/// `vouch.toml` for a workspace root, with the editor's settings on top.
/// Without a `vouch.toml` (and without settings) the corpus is `corpus/`
/// under the root, as for `vouch check`.
fn settings_for(root: &Path, settings: &Settings) -> (Config, Vec<String>) {
    let (mut config, problems) = config::load(root);
    settings.apply(&mut config, root);
    (config, problems)
}
