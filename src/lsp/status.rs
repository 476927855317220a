//! `vouch/status`: the server's own notification, sent when a workspace
//! starts and ends indexing, so editors can show the corpus state.
//!
//! `message` says what the counts do not ("checking for changes", why there
//! is no corpus), without a `vouch: ` prefix, and is empty when the counts say
//! it all.

use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::notification::Notification;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Indexing,
    Ready,
    /// The corpus could not be opened: a configured folder is missing, or
    /// indexing failed. Said once in a message as well.
    Error,
    /// No corpus here (no `vouch.toml`, no settings, no `corpus/` folder):
    /// nothing is checked and nothing is said; not an error.
    Inactive,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusParams {
    pub state: State,
    /// The workspace folder's path.
    pub root: String,
    /// Source files in the corpus.
    pub sources: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentences: Option<u64>,
    /// Corpus files not indexed, each `path: reason` ("5 sources, 2 skipped").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
    pub message: String,
}

pub enum VouchStatus {}

impl Notification for VouchStatus {
    type Params = StatusParams;
    const METHOD: &'static str = "vouch/status";
}
