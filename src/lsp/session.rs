//! The server's state: what the client negotiated, the settings, the
//! workspaces and the open drafts. Handlers read it; only the methods here
//! change it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, watch};
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    MessageType, Position as LspPosition, TextDocumentContentChangeEvent, Uri,
};

use super::analysis::Analysis;
use super::checker::{self, Drafts, Nudge};
use super::documents::{OpenDocument, Received};
use super::editor::{Editor, Negotiated};
use super::settings::{self, Settings};
use super::watch::{self as corpus_watch, Change};
use super::workspace::{CorpusState, Opened, Refreshed, Workspace};
use crate::engine::text::Format;
use crate::position::Encoding;

/// How the server runs, beyond what the client negotiates.
#[derive(Clone)]
pub struct ServerOptions {
    /// The longest the checker waits for typing to pause before checking
    /// an edit. It waits only while checks are slow, and then as long as a
    /// check takes (see `checker::Pace`); 0 checks every edit at once.
    pub debounce: Duration,
    /// Where indexes live; by default the user's cache folder.
    pub index_root: Option<PathBuf>,
    /// Called with each draft's text just before it is checked (tests use
    /// it to make a check panic).
    pub check_hook: Option<fn(&str)>,
    /// When set, an index persisted by an earlier session is compared with
    /// the disk only once this turns true (tests use it to see the first
    /// answer come from the persisted index, whatever the machine's load).
    pub verify_gate: Option<watch::Receiver<bool>>,
    /// How long the editor must be idle (nothing opened, edited or asked,
    /// every open draft checked) before the server merges the index's
    /// segments into one; None never merges.
    pub merge_idle: Option<Duration>,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            debounce: Duration::from_millis(150),
            index_root: None,
            check_hook: None,
            verify_gate: None,
            merge_idle: Some(MERGE_IDLE),
        }
    }
}

impl ServerOptions {
    /// Defaults, with `VOUCH_LSP_DEBOUNCE_MS` overriding the longest wait
    /// and `VOUCH_LSP_MERGE_IDLE_MS` the idle time before a merge ("off":
    /// never).
    pub fn from_env() -> Self {
        let mut o = ServerOptions::default();
        if let Some(ms) = std::env::var("VOUCH_LSP_DEBOUNCE_MS")
            .ok()
            .and_then(|v| v.trim().parse().ok())
        {
            o.debounce = Duration::from_millis(ms);
        }
        if let Ok(v) = std::env::var("VOUCH_LSP_MERGE_IDLE_MS") {
            match v.trim() {
                "off" => o.merge_idle = None,
                ms => {
                    if let Ok(ms) = ms.parse() {
                        o.merge_idle = Some(Duration::from_millis(ms));
                    }
                }
            }
        }
        o
    }
}

/// An open draft with its checker.
pub struct DocEntry {
    pub doc: OpenDocument,
    pub workspace: Arc<Workspace>,
    nudge: mpsc::UnboundedSender<Nudge>,
    pub analysis: watch::Receiver<Option<Arc<Analysis>>>,
}

/// How long a change waits for the versions before it (see `documents`).
const GRACE: Duration = Duration::from_millis(50);
/// How long a request waits for the check of the text it is about.
const FRESH_WAIT: Duration = Duration::from_secs(10);
/// How long after the first checks of the open drafts a persisted index is
/// compared with the disk.
const VERIFY_AFTER: Duration = Duration::from_millis(300);
/// The longest the watch and that comparison wait for the first checks.
const FIRST_CHECKS_WAIT: Duration = Duration::from_secs(5);
/// How long the editor must be idle before the index's segments are merged
/// (see `ServerOptions::merge_idle`): typing pauses shorter than this.
const MERGE_IDLE: Duration = Duration::from_secs(3);
/// A burst of file events becomes one refresh once the disk has been quiet
/// this long (an editor's save, `git checkout`, a folder copied in)...
const QUIET_AFTER_EVENTS: Duration = Duration::from_millis(200);
/// ...or this long after the first event of a burst that never stops.
const MAX_EVENT_DELAY: Duration = Duration::from_secs(2);

pub struct Session {
    pub editor: Editor,
    pub options: ServerOptions,
    settings: Mutex<Settings>,
    workspaces: Mutex<Vec<Arc<Workspace>>>,
    documents: Mutex<HashMap<Uri, DocEntry>>,
    /// Where the user last asked about a draft (hover, definition,
    /// references, code actions): `vouch.showSources` without arguments
    /// looks there.
    pub last_position: Mutex<Option<(Uri, LspPosition)>>,
    /// Whether the corpus globs are registered with the client.
    registered_watch: Arc<tokio::sync::Mutex<bool>>,
    /// Set by `shutdown`: no refresh starts after it. The client is about to
    /// say exit, and a watcher's event or a delayed refresh still on its way
    /// would otherwise write the index for nobody (or, in a process that
    /// hosts more than one server, under the next server's feet).
    shut: AtomicBool,
    /// When a draft was last opened, edited or asked about: a merge of the
    /// index waits for a quiet moment.
    last_activity: Mutex<Instant>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Session {
    pub fn new(client: Client, options: ServerOptions) -> Self {
        Session {
            editor: Editor::new(client),
            options,
            settings: Mutex::new(Settings::default()),
            workspaces: Mutex::new(Vec::new()),
            documents: Mutex::new(HashMap::new()),
            last_position: Mutex::new(None),
            registered_watch: Arc::new(tokio::sync::Mutex::new(false)),
            shut: AtomicBool::new(false),
            last_activity: Mutex::new(Instant::now()),
        }
    }

    pub fn negotiated(&self) -> Negotiated {
        self.editor.negotiated()
    }

    pub fn encoding(&self) -> Encoding {
        self.editor.encoding()
    }

    /// Remembers where the user asked about a draft.
    pub fn asked_at(&self, uri: &Uri, position: LspPosition) {
        *lock(&self.last_position) = Some((uri.clone(), position));
    }

    /// The longest wait for typing to pause (`debounceMs`, else the
    /// server's option).
    pub fn debounce(&self) -> Duration {
        lock(&self.settings)
            .debounce
            .unwrap_or(self.options.debounce)
    }

    pub fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }

    /// Takes new settings; returns the message naming their problems, if any.
    pub fn set_settings(&self, value: &serde_json::Value) -> Option<String> {
        let (parsed, problems) = Settings::parse(value);
        *lock(&self.settings) = parsed;
        settings::problems_message(&problems)
    }

    pub fn workspaces(&self) -> Vec<Arc<Workspace>> {
        lock(&self.workspaces).clone()
    }

    /// Adds a workspace folder (not yet opened); its `vouch.toml` problems
    /// are shown once.
    pub async fn add_workspace(self: &Arc<Self>, root: PathBuf) -> Arc<Workspace> {
        if let Some(ws) = self.workspaces().into_iter().find(|w| w.root == root) {
            return ws;
        }
        let (ws, problems) = Workspace::new(root, &self.settings());
        let ws = Arc::new(ws);
        lock(&self.workspaces).push(ws.clone());
        for p in problems {
            self.editor.say(MessageType::WARNING, &p).await;
        }
        ws
    }

    pub fn remove_workspace(&self, root: &Path) {
        lock(&self.workspaces).retain(|w| w.root != root);
    }

    /// `shutdown`: stops watching and checking. Dropping the drafts ends
    /// their checkers (which hold the session), dropping the watchers stops
    /// file events, so nothing touches an index once the client said goodbye.
    pub fn shut_down(&self) {
        self.shut.store(true, Ordering::SeqCst);
        lock(&self.documents).clear();
        for ws in lock(&self.workspaces).drain(..) {
            *lock(&ws.watcher) = None;
        }
    }

    /// Opens a workspace's corpus in the background (see `open_workspace`).
    pub fn spawn_open(self: &Arc<Self>, ws: &Arc<Workspace>) {
        let (ws, session) = (ws.clone(), self.clone());
        tokio::spawn(async move { session.open_workspace(&ws).await });
    }

    /// Opens a workspace's corpus, watches it and re-checks its drafts. A
    /// corpus that was asked for and cannot be opened is said once; no
    /// corpus at all is only a status.
    pub async fn open_workspace(self: &Arc<Self>, ws: &Arc<Workspace>) -> Opened {
        let opened = self.open_quietly(ws).await;
        match &opened {
            Opened::Failed(message) => {
                self.say_failure(ws, message).await;
                self.retry_later(ws);
            }
            Opened::Inactive(message) => self.editor.log(MessageType::INFO, message).await,
            Opened::Ready { .. } => {}
        }
        opened
    }

    /// Opens a failed workspace again later (a folder being created, a disk
    /// being mounted, another vouch holding the index past our wait: things
    /// the watcher may not see), waiting longer after each failure in a row,
    /// up to a minute. The failure is said once, not per retry.
    fn retry_later(self: &Arc<Self>, ws: &Arc<Workspace>) {
        let failures = ws.failures.fetch_add(1, Ordering::SeqCst);
        let wait = Duration::from_secs((1u64 << failures.min(6)).min(60));
        let (ws, session) = (Arc::downgrade(ws), Arc::downgrade(self));
        tokio::spawn(async move {
            tokio::time::sleep(wait).await;
            let (Some(ws), Some(session)) = (ws.upgrade(), session.upgrade()) else {
                return;
            };
            // A workspace closed meanwhile, or opened by a refresh, is left be.
            let still_open = session.workspaces().iter().any(|w| Arc::ptr_eq(w, &ws));
            if still_open && matches!(ws.state(), CorpusState::Failed(_)) {
                session.open_workspace(&ws).await;
            }
        });
    }

    /// `open_workspace`, leaving a failure for the caller to tell.
    async fn open_quietly(self: &Arc<Self>, ws: &Arc<Workspace>) -> Opened {
        let opened = ws
            .open(&self.editor, self.options.index_root.as_deref())
            .await;
        if !matches!(opened, Opened::Failed(_)) {
            *lock(&ws.last_failure) = None;
            ws.failures.store(0, Ordering::SeqCst);
        }
        match opened {
            Opened::Ready { persisted: true } => {
                // The drafts are checked against the persisted index first:
                // watching the corpus (a walk of every folder) and comparing
                // the index with the disk (a stat of every file) would hold
                // up their first diagnostics on a large corpus. The watch is
                // in place before the comparison reads the disk, so nothing
                // that changes meanwhile is missed. (Merged once compared
                // with the disk: `refresh_workspace`.)
                self.recheck(Some(ws));
                self.spawn_after_first_checks(ws);
                return opened;
            }
            Opened::Ready { persisted: false } => self.spawn_merge_when_idle(ws),
            _ => {}
        }
        self.watch_workspace(ws).await;
        self.recheck(Some(ws));
        opened
    }

    /// Watches the corpus and then compares the persisted index with the
    /// disk, once every open draft of the workspace has its first
    /// diagnostics (or after `FIRST_CHECKS_WAIT`).
    fn spawn_after_first_checks(self: &Arc<Self>, ws: &Arc<Workspace>) {
        let (ws, session) = (ws.clone(), self.clone());
        tokio::spawn(async move {
            let deadline = Instant::now() + FIRST_CHECKS_WAIT;
            while Instant::now() < deadline && session.unchecked(&ws) {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            session.watch_workspace(&ws).await;
            session.spawn_verify(&ws);
        });
    }

    /// Brings a workspace's corpus up to date with the disk and re-checks its
    /// drafts if anything changed. A workspace without a ready corpus (none
    /// yet, or it failed) is opened again. The error is returned, not said.
    pub async fn refresh_workspace(
        self: &Arc<Self>,
        ws: &Arc<Workspace>,
    ) -> Result<Refreshed, String> {
        if self.shut.load(Ordering::SeqCst) {
            return Ok(Refreshed {
                sources: 0,
                changed: 0,
                moved: false,
            });
        }
        if let CorpusState::Ready(corpus) = ws.state()
            && ws.config().corpus.iter().all(|r| r.exists())
        {
            let refreshed = ws.refresh_opened(corpus, &self.editor).await?;
            if refreshed.moved {
                self.recheck(Some(ws));
            }
            self.spawn_merge_when_idle(ws);
            return Ok(refreshed);
        }
        match self.open_quietly(ws).await {
            Opened::Failed(m) => Err(m),
            _ => {
                let sources = match ws.state() {
                    CorpusState::Ready(c) => super::workspace::read(&c).sources().len(),
                    _ => 0,
                };
                Ok(Refreshed {
                    sources,
                    changed: sources,
                    moved: true,
                })
            }
        }
    }

    /// Refreshes a workspace after a delay, in the background: an earlier
    /// session's index is compared with the disk once the open drafts have
    /// their first diagnostics. (A plain function, so that the futures of
    /// opening and refreshing do not contain each other.)
    /// Compares a persisted index with the disk in the background, once the
    /// drafts have had their first answer from it.
    fn spawn_verify(self: &Arc<Self>, ws: &Arc<Workspace>) {
        match self.options.verify_gate.clone() {
            Some(mut gate) => {
                let (ws, session) = (ws.clone(), self.clone());
                tokio::spawn(async move {
                    if gate.wait_for(|open| *open).await.is_ok() {
                        session.spawn_refresh(&ws, VERIFY_AFTER);
                    }
                });
            }
            None => self.spawn_refresh(ws, VERIFY_AFTER),
        }
    }

    fn spawn_refresh(self: &Arc<Self>, ws: &Arc<Workspace>, after: Duration) {
        let (ws, session) = (ws.clone(), self.clone());
        tokio::spawn(async move {
            tokio::time::sleep(after).await;
            if let Err(message) = session.refresh_workspace(&ws).await {
                session.say_failure(&ws, &message).await;
            }
        });
    }

    /// Merges a workspace's index segments into one once the editor is
    /// idle and every open draft has its diagnostics (see
    /// `Workspace::merge_segments`): the merge takes long on a large
    /// archive (about half a minute at 150,000 stories) and nobody waits
    /// for it. Any opening, edit or request puts it off; once it runs,
    /// edits are checked as usual.
    fn spawn_merge_when_idle(self: &Arc<Self>, ws: &Arc<Workspace>) {
        let Some(idle) = self.options.merge_idle else {
            return;
        };
        if ws.merge_pending.swap(true, Ordering::SeqCst) {
            return;
        }
        let (weak_ws, weak_session) = (Arc::downgrade(ws), Arc::downgrade(self));
        tokio::spawn(async move {
            loop {
                let wait = {
                    let (Some(session), Some(ws)) = (weak_session.upgrade(), weak_ws.upgrade())
                    else {
                        return;
                    };
                    if session.shut.load(Ordering::SeqCst) {
                        ws.merge_pending.store(false, Ordering::SeqCst);
                        return;
                    }
                    session.busy_for(&ws, idle)
                };
                match wait {
                    Some(wait) => tokio::time::sleep(wait).await,
                    None => break,
                }
            }
            let (Some(session), Some(ws)) = (weak_session.upgrade(), weak_ws.upgrade()) else {
                return;
            };
            ws.merge_segments(&session.editor).await;
            ws.merge_pending.store(false, Ordering::SeqCst);
        });
    }

    /// How much longer to wait before the editor counts as idle for `ws`:
    /// None when nothing was opened, edited or asked for `idle` and every
    /// open draft of the workspace has been checked at its version.
    fn busy_for(&self, ws: &Arc<Workspace>, idle: Duration) -> Option<Duration> {
        let quiet = lock(&self.last_activity).elapsed();
        if quiet < idle {
            return Some(idle - quiet);
        }
        self.unchecked(ws).then_some(idle)
    }

    /// Whether an open draft of `ws` has not been checked at its version.
    fn unchecked(&self, ws: &Arc<Workspace>) -> bool {
        lock(&self.documents).values().any(|e| {
            Arc::ptr_eq(&e.workspace, ws)
                && e.analysis
                    .borrow()
                    .as_ref()
                    .is_none_or(|a| a.version != e.doc.version())
        })
    }

    /// Notes that the user did something: a merge waits for quiet.
    fn active(&self) {
        *lock(&self.last_activity) = Instant::now();
    }

    /// Says a workspace's failure, unless it was the last thing said about it.
    async fn say_failure(&self, ws: &Workspace, message: &str) {
        let repeated = lock(&ws.last_failure)
            .replace(message.to_string())
            .is_some_and(|last| last == message);
        if !repeated {
            self.editor.say(MessageType::ERROR, message).await;
        }
    }

    /// Reacts to a change on disk: a refresh once the burst of events is
    /// over, or the settings read again.
    pub fn disk_changed(self: &Arc<Self>, ws: &Arc<Workspace>, change: Change) {
        if self.shut.load(Ordering::SeqCst) {
            return;
        }
        match change {
            Change::Config => {
                let session = self.clone();
                tokio::spawn(async move { session.reconfigure().await });
            }
            Change::Sources | Change::CorpusFolder => self.schedule_refresh(ws),
        }
    }

    /// Refreshes a workspace once file events have stopped for a moment.
    fn schedule_refresh(self: &Arc<Self>, ws: &Arc<Workspace>) {
        let now = Instant::now();
        {
            let mut due = lock(&ws.refresh_due);
            let already = due.is_some();
            *due = Some(now + QUIET_AFTER_EVENTS);
            if already {
                return;
            }
        }
        let (ws, session) = (ws.clone(), self.clone());
        tokio::spawn(async move {
            let latest = now + MAX_EVENT_DELAY;
            loop {
                let due = lock(&ws.refresh_due).unwrap_or(now).min(latest);
                if Instant::now() >= due {
                    break;
                }
                tokio::time::sleep_until(due.into()).await;
            }
            *lock(&ws.refresh_due) = None;
            if let Err(message) = session.refresh_workspace(&ws).await {
                session.say_failure(&ws, &message).await;
            }
        });
    }

    /// The workspace a draft belongs to: the innermost folder holding it,
    /// else a workspace made for it (at its `vouch.toml`, or its folder).
    pub async fn workspace_for(self: &Arc<Self>, uri: &Uri) -> Option<Arc<Workspace>> {
        let path = uri.to_file_path().map(|p| p.into_owned());
        let all = self.workspaces();
        let Some(path) = path else {
            // Not a file (an untitled buffer): the first workspace.
            return all.first().cloned();
        };
        if let Some(ws) = all
            .iter()
            .filter(|w| path.starts_with(&w.root))
            .max_by_key(|w| w.root.components().count())
        {
            return Some(ws.clone());
        }
        let dir = path.parent()?.to_path_buf();
        let root = crate::config::find(&dir)
            .and_then(|f| f.parent().map(Path::to_path_buf))
            .unwrap_or(dir);
        let ws = self.add_workspace(root).await;
        self.spawn_open(&ws);
        Some(ws)
    }

    pub async fn open_document(self: &Arc<Self>, uri: Uri, text: &str, version: i32) {
        self.active();
        let Some(workspace) = self.workspace_for(&uri).await else {
            return;
        };
        let format = uri
            .to_file_path()
            .map_or(Format::Markdown, |p| Format::of_draft(&p));
        let (nudge, analysis) = checker::spawn(self.clone(), uri.clone());
        lock(&self.documents).insert(
            uri.clone(),
            DocEntry {
                doc: OpenDocument::new(text, version, format),
                workspace,
                nudge,
                analysis,
            },
        );
        self.check_now(&uri);
    }

    /// Applies a change in version order and schedules a check.
    pub fn change_document(
        self: &Arc<Self>,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) {
        self.active();
        let enc = self.encoding();
        let mut docs = lock(&self.documents);
        let Some(entry) = docs.get_mut(uri) else {
            return;
        };
        match entry.doc.receive(version, changes, enc) {
            Received::Applied(_) => {
                let _ = entry.nudge.send(Nudge::Edited);
            }
            Received::Held => {
                // Give the missing versions a moment, then apply in order.
                let (session, uri) = (self.clone(), uri.clone());
                tokio::spawn(async move {
                    tokio::time::sleep(GRACE).await;
                    session.flush(&uri);
                });
            }
            Received::Stale => {
                drop(docs);
                let editor = self.editor.clone();
                let message = format!(
                    "ignored a change to {} at version {version}: the document is already newer",
                    uri.as_str()
                );
                tokio::spawn(async move { editor.log(MessageType::WARNING, &message).await });
            }
        }
    }

    /// Applies any held changes of a document; true when it changed.
    fn flush(&self, uri: &Uri) -> bool {
        let enc = self.encoding();
        let mut docs = lock(&self.documents);
        let Some(entry) = docs.get_mut(uri) else {
            return false;
        };
        let changed = entry.doc.flush(enc);
        if changed {
            let _ = entry.nudge.send(Nudge::Edited);
        }
        changed
    }

    pub async fn close_document(&self, uri: &Uri) {
        // Dropping the entry ends its checker.
        lock(&self.documents).remove(uri);
        self.editor.publish(uri.clone(), Vec::new(), None).await;
    }

    /// Checks a document now, without waiting for typing to pause.
    pub fn check_now(&self, uri: &Uri) {
        if let Some(entry) = lock(&self.documents).get(uri) {
            let _ = entry.nudge.send(Nudge::Now);
        }
    }

    /// Re-checks every open draft (of one workspace).
    pub fn recheck(&self, workspace: Option<&Arc<Workspace>>) {
        for entry in lock(&self.documents).values() {
            if workspace.is_none_or(|w| Arc::ptr_eq(w, &entry.workspace)) {
                let _ = entry.nudge.send(Nudge::Now);
            }
        }
    }

    /// The text to check: version, text, format and workspace.
    pub fn snapshot(&self, uri: &Uri) -> Option<(i32, String, Format, Arc<Workspace>)> {
        let docs = lock(&self.documents);
        let e = docs.get(uri)?;
        Some((
            e.doc.version(),
            e.doc.text(),
            e.doc.format,
            e.workspace.clone(),
        ))
    }

    pub fn version(&self, uri: &Uri) -> Option<i32> {
        lock(&self.documents).get(uri).map(|e| e.doc.version())
    }

    /// The open drafts' URIs.
    pub fn open_uris(&self) -> Vec<Uri> {
        lock(&self.documents).keys().cloned().collect()
    }

    /// The analysis of a document's current text: requests answer about
    /// what the user sees, so they wait for its check (at once).
    pub async fn analysis(&self, uri: &Uri) -> jsonrpc::Result<Arc<Analysis>> {
        self.active();
        self.flush(uri);
        let (version, mut rx) = {
            let docs = lock(&self.documents);
            let Some(e) = docs.get(uri) else {
                return Err(invalid_params(format!("{} is not open", uri.as_str())));
            };
            (e.doc.version(), e.analysis.clone())
        };
        let fresh = rx.borrow().as_ref().is_some_and(|a| a.version == version);
        if !fresh {
            self.check_now(uri);
        }
        let waited = tokio::time::timeout(
            FRESH_WAIT,
            rx.wait_for(|a| a.as_ref().is_some_and(|a| a.version >= version)),
        )
        .await
        .ok()
        .and_then(|r| r.ok().and_then(|a| a.clone()));
        if let Some(a) = waited {
            return Ok(a);
        }
        // Still checking after a long wait: answer about the last check.
        let last = rx.borrow().clone();
        last.ok_or_else(|| internal(format!("{} has not been checked yet", uri.as_str())))
    }

    /// A draft's latest analysis, whatever its version, without waiting.
    pub fn last_analysis(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        lock(&self.documents).get(uri)?.analysis.borrow().clone()
    }

    /// Every open draft's latest analysis (for references across drafts).
    pub fn analyses(&self) -> Vec<(Uri, Arc<Analysis>)> {
        lock(&self.documents)
            .iter()
            .filter_map(|(u, e)| Some((u.clone(), e.analysis.borrow().clone()?)))
            .collect()
    }

    /// Watches a workspace's corpus with `notify`, and registers every
    /// corpus with the client when it can watch files too (see `watch`).
    async fn watch_workspace(self: &Arc<Self>, ws: &Arc<Workspace>) {
        let (weak_ws, weak_session) = (Arc::downgrade(ws), Arc::downgrade(self));
        // notify calls back on its own thread: hop onto the runtime.
        let runtime = tokio::runtime::Handle::current();
        let watched = ws.clone();
        // A recursive watch walks every folder (and stats every entry): not
        // on the runtime's threads, which answer the editor.
        let (watcher, problems) = tokio::task::spawn_blocking(move || {
            corpus_watch::watch_with_notify(&watched, move |change| {
                let (weak_ws, weak_session) = (weak_ws.clone(), weak_session.clone());
                runtime.spawn(async move {
                    if let (Some(ws), Some(session)) = (weak_ws.upgrade(), weak_session.upgrade()) {
                        session.disk_changed(&ws, change);
                    }
                });
            })
        })
        .await
        .unwrap_or_else(|e| (None, vec![format!("cannot watch the corpus: {e}")]));
        *lock(&ws.watcher) = watcher;
        for p in problems {
            self.editor.log(MessageType::WARNING, &p).await;
        }
        if self.negotiated().dynamic_watch {
            // Not awaited here: the drafts' re-check must not wait for the
            // client's answer.
            let (editor, registered) = (self.editor.clone(), self.registered_watch.clone());
            let globs =
                corpus_watch::globs(&self.workspaces(), self.negotiated().relative_patterns);
            tokio::spawn(async move {
                if let Some(p) =
                    corpus_watch::register_with_client(&editor, globs, &registered).await
                {
                    editor.log(MessageType::INFO, &p).await;
                }
            });
        }
    }

    /// Re-reads every workspace's `vouch.toml` with the current settings:
    /// a changed corpus is opened again, anything else re-checks the drafts.
    pub async fn reconfigure(self: &Arc<Self>) {
        let settings = self.settings();
        let mut problems = Vec::new();
        for ws in self.workspaces() {
            let (p, corpus_changed) = ws.reconfigure(&settings);
            problems.extend(p);
            if corpus_changed {
                self.spawn_open(&ws);
            } else {
                self.recheck(Some(&ws));
            }
        }
        if !problems.is_empty() {
            self.editor
                .say(MessageType::WARNING, &problems.join("; "))
                .await;
        }
        // Inlay hints may have been turned on or off.
        if self.negotiated().inlay_hint_refresh {
            let client = self.editor.client().clone();
            tokio::spawn(async move {
                let _ = client.inlay_hint_refresh().await;
            });
        }
    }
}

pub fn invalid_params(message: String) -> jsonrpc::Error {
    jsonrpc::Error::invalid_params(message)
}

pub fn internal(message: String) -> jsonrpc::Error {
    jsonrpc::Error {
        code: jsonrpc::ErrorCode::InternalError,
        message: message.into(),
        data: None,
    }
}

impl Drafts for Session {
    fn snapshot(&self, uri: &Uri) -> Option<(i32, String, Format, Arc<Workspace>)> {
        Session::snapshot(self, uri)
    }

    fn version(&self, uri: &Uri) -> Option<i32> {
        Session::version(self, uri)
    }

    fn debounce(&self) -> Duration {
        Session::debounce(self)
    }

    fn encoding(&self) -> Encoding {
        Session::encoding(self)
    }

    fn check_hook(&self) -> Option<fn(&str)> {
        self.options.check_hook
    }

    fn editor(&self) -> &Editor {
        &self.editor
    }
}
