//! One checker task per open draft: it waits for edits, checks the text off
//! the protocol thread with the draft's block cache, and publishes the
//! result unless a newer edit made it stale.
//!
//! There is no fixed delay between an edit and its check. The checker times
//! the checks that edits cause: while they are cheap (the usual case: only
//! the edited block is checked again) an edit is checked at once; when they
//! are slow, an edit that follows another closely waits for the typing to
//! pause as long as a check takes (at most the `debounce` setting), so that
//! a burst of keystrokes is not checked key by key; the first edit after a
//! pause is still checked at once. A newer edit cancels a check still
//! running: it stops at its next pass and its result is dropped.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, watch};
use tower_lsp_server::ls_types::{MessageType, Uri};

use super::analysis::Analysis;
use super::diagnostics;
use super::editor::Editor;
use super::workspace::{Workspace, read};
use crate::engine::check::{BlockCache, check_document_unless};
use crate::engine::document::Document;
use crate::engine::findings::Report;
use crate::engine::text::Format;
use crate::position::Encoding;

/// What a checker needs of the server, and no more: the draft's newest
/// text and version, the settings that pace checks, and the editor to
/// publish to. The session implements it; the checker never calls back
/// into the session's other state, so the dependency goes one way.
pub trait Drafts: Send + Sync + 'static {
    /// The text to check: version, text, format and workspace (None once
    /// the draft is closed).
    fn snapshot(&self, uri: &Uri) -> Option<(i32, String, Format, Arc<Workspace>)>;
    /// The draft's newest version (None once it is closed).
    fn version(&self, uri: &Uri) -> Option<i32>;
    /// The longest wait for typing to pause.
    fn debounce(&self) -> Duration;
    /// How positions are counted for this client.
    fn encoding(&self) -> Encoding;
    /// Called with the text before each check (tests use it to slow checks).
    fn check_hook(&self) -> Option<fn(&str)>;
    fn editor(&self) -> &Editor;
}

/// Why the checker should look at the document again (`Now` outranks
/// `Edited` when both are queued).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Nudge {
    /// The user typed: check at once or when the typing pauses (see [`Pace`]).
    Edited,
    /// Check now: the draft was opened or saved, the corpus or the settings
    /// changed, or a request waits for the result.
    Now,
}

/// A check that takes less than this runs on every edit: typing eight keys
/// a second (a fast reporter), checks this cheap keep a core busy at most a
/// quarter of the time, and their diagnostics come as fast as they can.
const CHEAP: Duration = Duration::from_millis(30);

/// When to check after an edit, learned from how long edits' checks take.
#[derive(Debug, Default, Clone, Copy)]
pub struct Pace {
    /// How long the last check of an edit took (a cancelled one: at least
    /// as long as it ran).
    cost: Option<Duration>,
}

impl Pace {
    /// How long the typing must pause before an edit is checked: nothing
    /// while checks are cheap, else as long as a check takes, at most `cap`;
    /// but nothing for the first edit after the checker was `idle` that long
    /// (None: the edit came while a check ran, or right after another).
    pub fn wait(&self, cap: Duration, idle: Option<Duration>) -> Duration {
        let quiet = match self.cost {
            Some(cost) if cost >= CHEAP => cost.min(cap),
            _ => Duration::ZERO,
        };
        match idle {
            Some(idle) if idle >= quiet => Duration::ZERO,
            _ => quiet,
        }
    }

    /// Learns from a check of an edit: one that finished took `took`; one
    /// cancelled after `took` would have taken at least that.
    pub fn observe(&mut self, took: Duration, finished: bool) {
        self.cost = Some(match (finished, self.cost) {
            (false, Some(before)) => before.max(took),
            _ => took,
        });
    }
}

/// Starts a document's checker; it ends when the sender is dropped.
pub fn spawn(
    session: Arc<dyn Drafts>,
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
    session: Arc<dyn Drafts>,
    uri: Uri,
    mut nudges: mpsc::UnboundedReceiver<Nudge>,
    analyses: watch::Sender<Option<Arc<Analysis>>>,
) {
    let mut cache = BlockCache::default();
    let mut pace = Pace::default();
    // Whether the client holds diagnostics of ours for this draft: without a
    // corpus nothing is published, unless there is something to clear.
    let mut published = false;
    // When the last check ended.
    let mut done = Instant::now();
    loop {
        // A nudge already queued came while the last check ran: the user
        // is typing faster than checks finish.
        let (mut nudge, queued) = match nudges.try_recv() {
            Ok(n) => (n, true),
            Err(mpsc::error::TryRecvError::Empty) => match nudges.recv().await {
                Some(n) => (n, false),
                None => return,
            },
            Err(mpsc::error::TryRecvError::Disconnected) => return,
        };
        // Wait for the typing to pause when checks are slow; every edit
        // restarts the wait, "now" ends it. The first edit after a pause
        // (the checker idle at least that long) is checked at once: it may
        // be the only one, and a keystroke after it cancels its check.
        let idle = (!queued).then(|| done.elapsed());
        let mut quiet = pace.wait(session.debounce(), idle);
        while nudge == Nudge::Edited && !quiet.is_zero() {
            match tokio::time::timeout(quiet, nudges.recv()).await {
                Ok(Some(n)) => {
                    nudge = n;
                    // Another keystroke: a burst, wait again.
                    quiet = pace.wait(session.debounce(), None);
                }
                Ok(None) => return,
                Err(_quiet) => break,
            }
        }
        // The snapshot below covers every nudge queued so far.
        while let Ok(n) = nudges.try_recv() {
            nudge = nudge.max(n);
        }
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
        let hook = session.check_hook();
        let ws = workspace.clone();
        let mut block_cache = std::mem::take(&mut cache);
        // A newer edit (or closing the draft) cancels the check.
        let (watched, watched_uri) = (session.clone(), uri.clone());
        let cancelled = move || watched.version(&watched_uri) != Some(version);
        let started = Instant::now();
        let job = tokio::task::spawn_blocking(move || {
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                if let Some(hook) = hook {
                    hook(&text);
                }
                let document = Document::analyze(text, format);
                let report = match &corpus {
                    Some(c) => check_document_unless(
                        &read(c),
                        &document,
                        &config.check_options(),
                        &mut block_cache,
                        &cancelled,
                    )?,
                    None => Report::default(),
                };
                let diagnostics = diagnostics::of(&document, &report, &config, enc, &ws);
                Some((document, report, diagnostics, config))
            }));
            // A panic may have left the cache half written: start afresh.
            let block_cache = if outcome.is_ok() {
                block_cache
            } else {
                BlockCache::default()
            };
            (outcome, block_cache)
        });
        let joined = job.await;
        let took = started.elapsed();
        done = Instant::now();
        let outcome = match joined {
            Ok((outcome, returned)) => {
                cache = returned;
                outcome
            }
            Err(e) => {
                session
                    .editor()
                    .log(
                        MessageType::ERROR,
                        &format!("the check of {} stopped: {e}", uri.as_str()),
                    )
                    .await;
                continue;
            }
        };
        let finished = match outcome {
            Ok(Some(r)) => Some(r),
            Ok(None) => None,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                session
                    .editor()
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
        if nudge == Nudge::Edited {
            pace.observe(took, finished.is_some());
        }
        // Cancelled, or stale: the newer edit's check follows.
        let Some((document, report, diagnostics, config)) = finished else {
            continue;
        };
        if session.version(&uri) != Some(version) {
            continue;
        }
        if has_corpus || published {
            published = !diagnostics.is_empty();
            session
                .editor()
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

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);
    const CAP: Duration = Duration::from_millis(150);

    fn after(cost_ms: u32, finished: bool) -> Pace {
        let mut p = Pace::default();
        p.observe(cost_ms * MS, finished);
        p
    }

    #[test]
    fn nothing_known_or_cheap_checks_at_once() {
        assert_eq!(Pace::default().wait(CAP, None), Duration::ZERO);
        assert_eq!(after(3, true).wait(CAP, None), Duration::ZERO);
        assert_eq!(after(29, true).wait(CAP, Some(MS)), Duration::ZERO);
    }

    #[test]
    fn a_burst_after_a_slow_check_waits_as_long_as_a_check_at_most_the_cap() {
        assert_eq!(after(40, true).wait(CAP, None), 40 * MS);
        assert_eq!(after(40, true).wait(CAP, Some(10 * MS)), 40 * MS);
        assert_eq!(after(900, true).wait(CAP, None), CAP);
        assert_eq!(after(900, true).wait(Duration::ZERO, None), Duration::ZERO);
    }

    #[test]
    fn the_first_edit_after_a_pause_is_checked_at_once() {
        assert_eq!(after(40, true).wait(CAP, Some(40 * MS)), Duration::ZERO);
        assert_eq!(after(900, true).wait(CAP, Some(CAP)), Duration::ZERO);
    }

    #[test]
    fn a_cancelled_check_counts_as_at_least_as_slow_as_it_ran() {
        let mut p = after(100, true);
        p.observe(20 * MS, false);
        assert_eq!(p.wait(CAP, None), 100 * MS);
        p.observe(5 * MS, true);
        assert_eq!(p.wait(CAP, None), Duration::ZERO);
    }
}
