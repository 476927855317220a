//! Indexing progress as `$/progress` (`window/workDoneProgress`), when the
//! client supports it. The engine reports from its indexing threads; the
//! reports cross a channel to a task that speaks to the client.

use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::mpsc;
use tower_lsp_server::ls_types::{NumberOrString, ProgressToken};

use super::editor::Editor;
use crate::engine::index::Progress;

enum Event {
    Start { files: u64, bytes: u64 },
    Advance(u64),
    Finish,
    Waiting(std::path::PathBuf),
}

/// The engine's side: sends events, never blocks.
pub struct Reporter {
    tx: mpsc::UnboundedSender<Event>,
}

impl Progress for Reporter {
    fn start(&self, files: u64, bytes: u64) {
        let _ = self.tx.send(Event::Start { files, bytes });
    }
    fn advance(&self, bytes: u64) {
        let _ = self.tx.send(Event::Advance(bytes));
    }
    fn finish(&self) {
        let _ = self.tx.send(Event::Finish);
    }
    fn waiting(&self, index_dir: &std::path::Path) {
        let _ = self.tx.send(Event::Waiting(index_dir.to_path_buf()));
    }
}

/// One indexing run's progress.
pub struct LspProgress {
    tx: mpsc::UnboundedSender<Event>,
    task: tokio::task::JoinHandle<()>,
}

static NEXT_TOKEN: AtomicU64 = AtomicU64::new(1);

impl LspProgress {
    pub fn start(editor: &Editor, title: &'static str) -> LspProgress {
        let (tx, rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(forward(editor.clone(), title, rx));
        LspProgress { tx, task }
    }

    pub fn reporter(&self) -> Reporter {
        Reporter {
            tx: self.tx.clone(),
        }
    }

    /// Waits until the client heard the end of it.
    pub async fn done(self) {
        drop(self.tx);
        let _ = self.task.await;
    }
}

async fn forward(editor: Editor, title: &'static str, mut rx: mpsc::UnboundedReceiver<Event>) {
    let mut ongoing = None;
    let (mut total, mut done, mut shown) = (1u64, 0u64, 0u32);
    while let Some(event) = rx.recv().await {
        match event {
            Event::Start { files, bytes } => {
                total = bytes.max(1);
                if !editor.negotiated().work_done_progress {
                    continue;
                }
                let n = NEXT_TOKEN.fetch_add(1, Ordering::Relaxed);
                let token: ProgressToken = NumberOrString::String(format!("vouch/index/{n}"));
                if editor
                    .client()
                    .create_work_done_progress(token.clone())
                    .await
                    .is_ok()
                {
                    ongoing = Some(
                        editor
                            .client()
                            .progress(token, title)
                            .with_percentage(0)
                            .with_message(format!("{files} files"))
                            .begin()
                            .await,
                    );
                }
            }
            Event::Advance(bytes) => {
                done += bytes;
                let pct = (done.saturating_mul(100) / total).min(100) as u32;
                if let Some(p) = &ongoing
                    && pct > shown
                {
                    shown = pct;
                    p.report(pct).await;
                }
            }
            Event::Finish => {
                if let Some(p) = ongoing.take() {
                    p.finish().await;
                }
            }
            Event::Waiting(dir) => {
                let message = format!(
                    "another vouch is indexing this corpus ({}); waiting for it",
                    dir.display()
                );
                editor
                    .log(tower_lsp_server::ls_types::MessageType::INFO, &message)
                    .await;
            }
        }
    }
    if let Some(p) = ongoing.take() {
        p.finish().await;
    }
}
