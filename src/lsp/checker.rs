//! One checker task per open draft: it waits for edits, lets them settle
//! (the debounce), checks the text off the protocol thread with the draft's
//! block cache, and publishes the result unless a newer edit made it stale.
//!
//! A check cannot be interrupted half way, so "cancelling" a stale check
//! means: a pending check restarts its debounce on every edit, and a check
//! that finishes after the text moved on is dropped (its version is older
//! than the document's); the newer edit's check follows.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use tokio::sync::{mpsc, watch};
use tower_lsp_server::ls_types::{MessageType, Uri};

use super::analysis::Analysis;
use super::diagnostics;
use super::session::Session;
use super::workspace::read;
use crate::engine::check::{BlockCache, Options, check_document_cached};
use crate::engine::document::Document;
use crate::engine::findings::Report;

/// Why the checker should look at the document again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nudge {
    /// The user typed: wait for the debounce.
    Edited,
    /// Check now: the draft was opened or saved, the corpus or the settings
    /// changed, or a request waits for the result.
    Now,
}

/// Starts a document's checker; it ends when the sender is dropped.
pub fn spawn(
    session: Arc<Session>,
    uri: Uri,
) -> (
    mpsc::UnboundedSender<Nudge>,
    watch::Receiver<Option<Arc<Analysis>>>,
) {
    let (tx, rx) = mpsc::unbounded_channel();
    let (analysis_tx, analysis_rx) = watch::channel(None);
    tokio::spawn(run(session, uri, rx, analysis_tx));
    (tx, analysis_rx)
}

async fn run(
    session: Arc<Session>,
    uri: Uri,
    mut nudges: mpsc::UnboundedReceiver<Nudge>,
    analyses: watch::Sender<Option<Arc<Analysis>>>,
) {
    let mut cache = BlockCache::default();
    // Whether the client holds diagnostics of ours for this draft: without a
    // corpus nothing is published, unless there is something to clear.
    let mut published = false;
    while let Some(mut nudge) = nudges.recv().await {
        // The debounce: every edit restarts the wait; "now" ends it.
        let debounce = session.debounce();
        while nudge == Nudge::Edited && !debounce.is_zero() {
            match tokio::time::timeout(debounce, nudges.recv()).await {
                Ok(Some(n)) => nudge = n,
                Ok(None) => return,
                Err(_quiet) => break,
            }
        }
        // The snapshot below covers every nudge queued so far.
        while nudges.try_recv().is_ok() {}
        let Some((version, text, format, workspace)) = session.snapshot(&uri) else {
            return;
        };
        let corpus = workspace.corpus().await;
        let has_corpus = corpus.is_some();
        if session.version(&uri) != Some(version) {
            continue; // Edited while the corpus loaded: that edit's nudge is queued.
        }
        let config = workspace.config();
        let enc = session.encoding();
        let hook = session.options.check_hook;
        let ws = workspace.clone();
        let mut block_cache = std::mem::take(&mut cache);
        let job = tokio::task::spawn_blocking(move || {
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                if let Some(hook) = hook {
                    hook(&text);
                }
                let document = Document::analyze(text, format);
                let report = match &corpus {
                    Some(c) => check_document_cached(
                        &read(c),
                        &document,
                        &Options {
                            disabled: config.disabled(),
                        },
                        &mut block_cache,
                    ),
                    None => Report::default(),
                };
                let diagnostics = diagnostics::of(&document, &report, &config, enc, &ws);
                (document, report, diagnostics, config)
            }));
            // A panic may have left the cache half written: start afresh.
            let block_cache = if outcome.is_ok() {
                block_cache
            } else {
                BlockCache::default()
            };
            (outcome, block_cache)
        });
        let outcome = match job.await {
            Ok((outcome, returned)) => {
                cache = returned;
                outcome
            }
            Err(e) => {
                session
                    .editor
                    .log(
                        MessageType::ERROR,
                        &format!("the check of {} stopped: {e}", uri.as_str()),
                    )
                    .await;
                continue;
            }
        };
        let (document, report, diagnostics, config) = match outcome {
            Ok(r) => r,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                session
                    .editor
                    .log(
                        MessageType::ERROR,
                        &format!(
                            "internal error while checking {} (version {version}): {what}. The last diagnostics stay.",
                            uri.as_str()
                        ),
                    )
                    .await;
                continue;
            }
        };
        if session.version(&uri) != Some(version) {
            continue; // Stale: the newer edit's check is on its way.
        }
        if has_corpus || published {
            published = !diagnostics.is_empty();
            session
                .editor
                .publish(uri.clone(), diagnostics, Some(version))
                .await;
        }
        analyses.send_replace(Some(Arc::new(Analysis {
            version,
            document,
            report,
            workspace,
            config,
            reused_blocks: cache.hits(),
        })));
    }
}
