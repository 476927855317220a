//! The server's state: what the client negotiated, the settings, the
//! workspaces and the open drafts. Handlers read it; only the methods here
//! change it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    MessageType, Position as LspPosition, TextDocumentContentChangeEvent, Uri,
};

use super::checker::{self, Analysis, Nudge};
use super::documents::{OpenDocument, Received};
use super::settings::{self, Settings};
use super::workspace::Workspace;
use crate::engine::text::Format;
use crate::position::Encoding;

/// How the server runs, beyond what the client negotiates.
#[derive(Clone)]
pub struct ServerOptions {
    /// Quiet time after the last edit before a check (editors: ~150 ms).
    pub debounce: Duration,
    /// Where indexes live; by default the user's cache folder.
    pub index_root: Option<PathBuf>,
    /// Called with each draft's text just before it is checked (tests use
    /// it to make a check panic).
    pub check_hook: Option<fn(&str)>,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            debounce: Duration::from_millis(150),
            index_root: None,
            check_hook: None,
        }
    }
}

impl ServerOptions {
    /// Defaults, with `VOUCH_LSP_DEBOUNCE_MS` overriding the debounce.
    pub fn from_env() -> Self {
        let mut o = ServerOptions::default();
        if let Some(ms) = std::env::var("VOUCH_LSP_DEBOUNCE_MS")
            .ok()
            .and_then(|v| v.trim().parse().ok())
        {
            o.debounce = Duration::from_millis(ms);
        }
        o
    }
}

/// What the client said it can do.
#[derive(Debug, Clone, Copy)]
pub struct Negotiated {
    pub encoding: Encoding,
    pub dynamic_watch: bool,
    pub relative_patterns: bool,
    pub work_done_progress: bool,
    pub inlay_hint_refresh: bool,
}

impl Default for Negotiated {
    fn default() -> Self {
        Negotiated {
            encoding: Encoding::Utf16,
            dynamic_watch: false,
            relative_patterns: false,
            work_done_progress: false,
            inlay_hint_refresh: false,
        }
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

pub struct Session {
    pub client: Client,
    pub options: ServerOptions,
    negotiated: RwLock<Negotiated>,
    settings: Mutex<Settings>,
    workspaces: Mutex<Vec<Arc<Workspace>>>,
    documents: Mutex<HashMap<Uri, DocEntry>>,
    /// The last hover: `vouch.showSources` without arguments uses it.
    pub last_hover: Mutex<Option<(Uri, LspPosition)>>,
    /// Watchers registered with the client, by id.
    pub registered_watch: Mutex<Option<String>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Session {
    pub fn new(client: Client, options: ServerOptions) -> Self {
        Session {
            client,
            options,
            negotiated: RwLock::new(Negotiated::default()),
            settings: Mutex::new(Settings::default()),
            workspaces: Mutex::new(Vec::new()),
            documents: Mutex::new(HashMap::new()),
            last_hover: Mutex::new(None),
            registered_watch: Mutex::new(None),
        }
    }

    pub fn negotiated(&self) -> Negotiated {
        *self.negotiated.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn set_negotiated(&self, n: Negotiated) {
        *self.negotiated.write().unwrap_or_else(|e| e.into_inner()) = n;
    }

    pub fn encoding(&self) -> Encoding {
        self.negotiated().encoding
    }

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
            self.show(MessageType::WARNING, format!("vouch: {p}")).await;
        }
        ws
    }

    pub fn remove_workspace(&self, root: &Path) {
        lock(&self.workspaces).retain(|w| w.root != root);
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
        let (w, s) = (ws.clone(), self.clone());
        tokio::spawn(async move { w.open(&s).await });
        Some(ws)
    }

    pub async fn open_document(self: &Arc<Self>, uri: Uri, text: &str, version: i32) {
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
                let client = self.client.clone();
                let message = format!(
                    "vouch: ignored a change to {} at version {version}: the document is already newer",
                    uri.as_str()
                );
                tokio::spawn(
                    async move { client.log_message(MessageType::WARNING, message).await },
                );
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
        self.client
            .publish_diagnostics(uri.clone(), Vec::new(), None)
            .await;
    }

    /// Checks a document now, skipping the debounce.
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
    /// what the user sees, so they wait for its check (without debounce).
    pub async fn analysis(&self, uri: &Uri) -> jsonrpc::Result<Arc<Analysis>> {
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

    /// Every open draft's latest analysis (for references across drafts).
    pub fn analyses(&self) -> Vec<(Uri, Arc<Analysis>)> {
        lock(&self.documents)
            .iter()
            .filter_map(|(u, e)| Some((u.clone(), e.analysis.borrow().clone()?)))
            .collect()
    }

    /// Watches a workspace's corpus (see `watch`).
    pub async fn watch_workspace(self: &Arc<Self>, ws: &Arc<Workspace>) {
        super::watch::watch_workspace(self, ws).await;
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
                let (w, s) = (ws.clone(), self.clone());
                tokio::spawn(async move { w.open(&s).await });
            } else {
                self.recheck(Some(&ws));
            }
        }
        if !problems.is_empty() {
            self.show(
                MessageType::WARNING,
                format!("vouch: {}", problems.join("; ")),
            )
            .await;
        }
        // Inlay hints may have been turned on or off.
        if self.negotiated().inlay_hint_refresh {
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client.inlay_hint_refresh().await;
            });
        }
    }

    pub async fn show(&self, typ: MessageType, message: String) {
        self.client.show_message(typ, message).await;
    }

    pub async fn log(&self, typ: MessageType, message: String) {
        self.client.log_message(typ, message).await;
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
