//! Indexing progress on a terminal: a bar that appears only when indexing
//! takes more than a second, and never when stderr is not a terminal.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::engine::index::Progress;

pub struct TerminalProgress {
    bar: ProgressBar,
    started: Mutex<Option<Instant>>,
    enabled: bool,
}

impl TerminalProgress {
    pub fn new() -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template(
                "{prefix} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_prefix("Indexing corpus");
        TerminalProgress {
            bar,
            started: Mutex::new(None),
            enabled: std::io::stderr().is_terminal(),
        }
    }
}

impl Default for TerminalProgress {
    fn default() -> Self {
        Self::new()
    }
}

impl Progress for TerminalProgress {
    fn start(&self, _files: u64, bytes: u64) {
        self.bar.set_length(bytes);
        *self.started.lock().expect("progress lock") = Some(Instant::now());
    }

    fn advance(&self, bytes: u64) {
        self.bar.inc(bytes);
        if self.enabled && self.bar.is_hidden() {
            let started = *self.started.lock().expect("progress lock");
            if started.is_some_and(|t| t.elapsed() > Duration::from_secs(1)) {
                self.bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }

    fn waiting(&self, index_dir: &std::path::Path) {
        super::warn(format!(
            "{}: another vouch is indexing this corpus; waiting for it",
            index_dir.display()
        ));
    }
}
