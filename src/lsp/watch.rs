//! Watching the corpus. The server always watches each workspace's corpus
//! folders itself with `notify`: editors differ in what they report (Helix
//! only reports files it saved itself), and a source added from a terminal
//! must reach the open drafts in every editor. When the client can watch
//! files too (dynamic registration of `workspace/didChangeWatchedFiles`), the
//! corpus globs and `vouch.toml` are registered with it as an extra signal.
//! Both end in the same debounced refresh (see `session`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use notify::{EventKind, RecursiveMode, Watcher};
use tower_lsp_server::ls_types::{
    DidChangeWatchedFilesParams, DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher,
    GlobPattern, OneOf, Registration, RelativePattern, Unregistration,
};

use super::editor::Editor;
use super::sources::file_uri;
use super::workspace::Workspace;
use crate::config::FILE_NAME;
use crate::engine::sources::Kind;

const REGISTRATION_ID: &str = "vouch-corpus-watch";
const METHOD: &str = "workspace/didChangeWatchedFiles";
const SOURCE_GLOB: &str = "**/*.{txt,md,markdown,html,htm,xhtml,pdf,docx,eml}";

/// What changed on disk, for one workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A source (or a folder of them) in the corpus was added, changed or removed.
    Sources,
    /// A `vouch.toml` was written or removed.
    Config,
    /// A corpus folder itself appeared or went away.
    CorpusFolder,
}

/// What a path's event means for a workspace whose corpus folders are `roots`.
pub fn classify(root: &Path, roots: &[PathBuf], path: &Path) -> Option<Change> {
    if path.file_name().is_some_and(|n| n == FILE_NAME) && path.parent() == Some(root) {
        return Some(Change::Config);
    }
    if roots.iter().any(|r| r == path) {
        return Some(Change::CorpusFolder);
    }
    // A source, or something that may hold sources: a folder moved in or
    // removed (gone from disk, it has no file type left to ask).
    let may_hold_sources = Kind::of_path(path).is_some() || path.extension().is_none();
    (may_hold_sources && roots.iter().any(|r| path.starts_with(r))).then_some(Change::Sources)
}

/// Watches a workspace's corpus folders (recursively) and its root (for
/// `vouch.toml` and a corpus folder appearing) with `notify`. `on_change`
/// runs on notify's thread. Returns the watcher (dropping it stops the
/// watching) and the folders that could not be watched.
pub fn watch_with_notify(
    ws: &Workspace,
    on_change: impl Fn(Change) + Send + 'static,
) -> (Option<notify::RecommendedWatcher>, Vec<String>) {
    let root = ws.root.clone();
    let roots = ws.config().corpus;
    let (event_root, event_roots) = (root.clone(), roots.clone());
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        let mut seen: Vec<Change> = Vec::new();
        for path in &event.paths {
            if let Some(change) = classify(&event_root, &event_roots, path)
                && !seen.contains(&change)
            {
                seen.push(change);
                on_change(change);
            }
        }
    });
    let mut watcher = match watcher {
        Ok(w) => w,
        Err(e) => return (None, vec![format!("cannot watch the corpus: {e}")]),
    };
    let mut problems = Vec::new();
    for r in roots.iter().filter(|r| r.exists()) {
        if let Err(e) = watcher.watch(r, RecursiveMode::Recursive) {
            problems.push(format!("cannot watch {}: {e}", r.display()));
        }
    }
    // The root itself, not its subfolders: a vouch.toml written, a corpus
    // folder made. A corpus folder under the root is watched above.
    if !roots.iter().any(|r| r == &root)
        && let Err(e) = watcher.watch(&root, RecursiveMode::NonRecursive)
    {
        problems.push(format!("cannot watch {}: {e}", root.display()));
    }
    (Some(watcher), problems)
}

/// The globs of every workspace's corpus, and `vouch.toml` anywhere.
pub fn globs(workspaces: &[Arc<Workspace>], relative: bool) -> Vec<FileSystemWatcher> {
    let mut watchers = Vec::new();
    for ws in workspaces {
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
    watchers
}

/// (Re-)registers the globs with the client, one registration at a time.
/// Returns the problem if the client refused.
pub async fn register_with_client(
    editor: &Editor,
    watchers: Vec<FileSystemWatcher>,
    registered: &tokio::sync::Mutex<bool>,
) -> Option<String> {
    let mut registered = registered.lock().await;
    if *registered {
        let _ = editor
            .client()
            .unregister_capability(vec![Unregistration {
                id: REGISTRATION_ID.into(),
                method: METHOD.into(),
            }])
            .await;
        *registered = false;
    }
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    let result = editor
        .client()
        .register_capability(vec![Registration {
            id: REGISTRATION_ID.into(),
            method: METHOD.into(),
            register_options: serde_json::to_value(options).ok(),
        }])
        .await;
    match result {
        Ok(()) => {
            *registered = true;
            None
        }
        Err(e) => Some(format!(
            "the client would not watch the corpus ({e}); vouch watches it itself"
        )),
    }
}

/// What the client's `workspace/didChangeWatchedFiles` means for each workspace.
pub fn changes_from_client(
    workspaces: &[Arc<Workspace>],
    params: &DidChangeWatchedFilesParams,
) -> Vec<(Arc<Workspace>, Change)> {
    let mut out: Vec<(Arc<Workspace>, Change)> = Vec::new();
    for change in &params.changes {
        let Some(path) = change.uri.to_file_path().map(|p| p.into_owned()) else {
            continue;
        };
        for ws in workspaces {
            // The client watches vouch.toml anywhere: any of them may be a workspace's.
            let found = if path.file_name().is_some_and(|n| n == FILE_NAME) {
                Some(Change::Config)
            } else {
                classify(&ws.root, &ws.config().corpus, &path)
            };
            if let Some(c) = found
                && !out.iter().any(|(w, o)| Arc::ptr_eq(w, ws) && *o == c)
            {
                out.push((ws.clone(), c));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_sorted_by_what_they_mean() {
        let root = Path::new("/story");
        let roots = vec![root.join("corpus"), PathBuf::from("/interviews")];
        let cases = [
            ("/story/vouch.toml", Some(Change::Config)),
            ("/story/sub/vouch.toml", None),
            ("/story/corpus", Some(Change::CorpusFolder)),
            ("/story/corpus/a.txt", Some(Change::Sources)),
            ("/story/corpus/deep/b.md", Some(Change::Sources)),
            ("/story/corpus/moved-in-folder", Some(Change::Sources)),
            ("/story/corpus/.a.txt.swp", None),
            ("/story/corpus/image.png", None),
            ("/story/corpus/report.pdf", Some(Change::Sources)),
            ("/interviews/c.markdown", Some(Change::Sources)),
            ("/story/draft.md", None),
            ("/story/notes", None),
        ];
        for (path, want) in cases {
            assert_eq!(classify(root, &roots, Path::new(path)), want, "{path}");
        }
    }
}
