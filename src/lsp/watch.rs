//! Watching the corpus. When the client can watch files for us (dynamic
//! registration of `workspace/didChangeWatchedFiles`), we register the corpus
//! globs and `vouch.toml`; otherwise the `notify` crate watches the corpus
//! folders. Either way a burst of changes becomes one refresh, which
//! re-indexes only the files that changed and re-checks the open drafts.

use std::path::Path;
use std::sync::Arc;

use notify::{EventKind, RecursiveMode, Watcher};
use tokio::sync::mpsc;
use tower_lsp_server::ls_types::{
    DidChangeWatchedFilesParams, DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher,
    GlobPattern, MessageType, OneOf, Registration, RelativePattern, Unregistration,
};

use super::session::Session;
use super::sources::file_uri;
use super::workspace::Workspace;
use crate::config::FILE_NAME;
use crate::engine::sources::Kind;

const REGISTRATION_ID: &str = "vouch-corpus-watch";
const METHOD: &str = "workspace/didChangeWatchedFiles";
const SOURCE_GLOB: &str = "**/*.{txt,md,markdown,html,htm,xhtml,pdf,docx,eml}";

/// Watches a workspace's corpus, by the client or by `notify`.
pub async fn watch_workspace(session: &Arc<Session>, ws: &Arc<Workspace>) {
    if session.negotiated().dynamic_watch {
        register_with_client(session).await;
    } else {
        watch_with_notify(session, ws).await;
    }
}

/// (Re-)registers the globs of every workspace's corpus with the client.
async fn register_with_client(session: &Arc<Session>) {
    let relative = session.negotiated().relative_patterns;
    let mut watchers = Vec::new();
    for ws in session.workspaces() {
        for root in ws.config().corpus {
            let glob_pattern = match (relative, file_uri(&root)) {
                (true, Some(base)) => GlobPattern::Relative(RelativePattern {
                    base_uri: OneOf::Right(base),
                    pattern: SOURCE_GLOB.into(),
                }),
                _ => GlobPattern::String(format!(
                    "{}/{SOURCE_GLOB}",
                    root.to_string_lossy()
                        .replace('\\', "/")
                        .trim_end_matches('/')
                )),
            };
            watchers.push(FileSystemWatcher {
                glob_pattern,
                kind: None,
            });
        }
    }
    watchers.push(FileSystemWatcher {
        glob_pattern: GlobPattern::String(format!("**/{FILE_NAME}")),
        kind: None,
    });
    let had = session
        .registered_watch
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take();
    if had.is_some() {
        let _ = session
            .client
            .unregister_capability(vec![Unregistration {
                id: REGISTRATION_ID.into(),
                method: METHOD.into(),
            }])
            .await;
    }
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    let registered = session
        .client
        .register_capability(vec![Registration {
            id: REGISTRATION_ID.into(),
            method: METHOD.into(),
            register_options: serde_json::to_value(options).ok(),
        }])
        .await;
    match registered {
        Ok(()) => {
            *session
                .registered_watch
                .lock()
                .unwrap_or_else(|e| e.into_inner()) = Some(REGISTRATION_ID.into());
        }
        Err(e) => {
            session
                .log(
                    MessageType::WARNING,
                    format!(
                        "vouch: the client would not watch the corpus ({e}); watching it ourselves"
                    ),
                )
                .await;
            for ws in session.workspaces() {
                watch_with_notify(session, &ws).await;
            }
        }
    }
}

/// Watches the corpus folders with `notify`, replacing an older watcher.
async fn watch_with_notify(session: &Arc<Session>, ws: &Arc<Workspace>) {
    let (tx, mut rx) = mpsc::unbounded_channel::<()>();
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let relevant = !matches!(event.kind, EventKind::Access(_))
            && event.paths.iter().any(|p| Kind::of_path(p).is_some());
        if relevant {
            let _ = tx.send(());
        }
    });
    let mut watcher = match watcher {
        Ok(w) => w,
        Err(e) => {
            session
                .log(
                    MessageType::WARNING,
                    format!("vouch: cannot watch the corpus: {e}"),
                )
                .await;
            return;
        }
    };
    for root in ws.config().corpus {
        if let Err(e) = watcher.watch(&root, RecursiveMode::Recursive) {
            session
                .log(
                    MessageType::WARNING,
                    format!("vouch: cannot watch {}: {e}", root.display()),
                )
                .await;
        }
    }
    *ws.watcher.lock().unwrap_or_else(|e| e.into_inner()) = Some(watcher);
    let (ws, session) = (Arc::downgrade(ws), Arc::downgrade(session));
    tokio::spawn(async move {
        while rx.recv().await.is_some() {
            let (Some(ws), Some(session)) = (ws.upgrade(), session.upgrade()) else {
                return;
            };
            ws.schedule_refresh(&session);
        }
    });
}

/// The client saw files change: refresh the corpora they belong to, and
/// reconfigure when a `vouch.toml` changed.
pub async fn files_changed(session: &Arc<Session>, params: DidChangeWatchedFilesParams) {
    let mut config_changed = false;
    let workspaces = session.workspaces();
    let mut touched: Vec<Arc<Workspace>> = Vec::new();
    for change in params.changes {
        let Some(path) = change.uri.to_file_path().map(|p| p.into_owned()) else {
            continue;
        };
        if path.file_name().is_some_and(|n| n == FILE_NAME) {
            config_changed = true;
            continue;
        }
        for ws in &workspaces {
            if is_source(&path)
                && ws.in_corpus(&path)
                && !touched.iter().any(|t| Arc::ptr_eq(t, ws))
            {
                touched.push(ws.clone());
            }
        }
    }
    if config_changed {
        session.reconfigure().await;
    }
    for ws in touched {
        ws.schedule_refresh(session);
    }
}

fn is_source(path: &Path) -> bool {
    Kind::of_path(path).is_some()
}
