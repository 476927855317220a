//! The editor at the other end: what it said it can do, and the one way the
//! server speaks to it unprompted (messages, logs, `vouch/status`,
//! diagnostics). Every other module talks to the user through here, so the
//! rules hold in one place:
//!
//! - a message or a log line starts with `vouch: `, exactly once;
//! - `vouch/status` messages and error responses carry no prefix: the client
//!   that shows them knows they are vouch's;
//! - a client that shows command results itself (`clientShowsCommandResults`
//!   in `initializationOptions`) gets no message about a command's outcome.

use std::sync::{Arc, RwLock};

use serde_json::Value;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{
    ClientCapabilities, Diagnostic, MessageType, PositionEncodingKind, Uri,
};

use super::status::{StatusParams, VouchStatus};
use crate::position::Encoding;

/// What the client said it can do.
#[derive(Debug, Clone, Copy)]
pub struct Negotiated {
    pub encoding: Encoding,
    pub dynamic_watch: bool,
    pub relative_patterns: bool,
    pub work_done_progress: bool,
    pub inlay_hint_refresh: bool,
    /// `window/showDocument`: the server may open a source in the editor.
    pub show_document: bool,
    /// The client shows a diagnostic's related information (the source
    /// sentences), so a hover need not repeat them.
    pub related_information: bool,
    /// The client shows command results itself (the VS Code extension, the
    /// Neovim plugin): the server only returns them.
    pub shows_command_results: bool,
}

impl Default for Negotiated {
    fn default() -> Self {
        Negotiated {
            encoding: Encoding::Utf16,
            dynamic_watch: false,
            relative_patterns: false,
            work_done_progress: false,
            inlay_hint_refresh: false,
            show_document: false,
            related_information: false,
            shows_command_results: false,
        }
    }
}

impl Negotiated {
    /// Reads the client's capabilities and vouch's own initialization options.
    pub fn new(caps: &ClientCapabilities, options: Option<&Value>) -> Negotiated {
        Negotiated::of_client(caps, options, None)
    }

    /// [`Negotiated::new`], knowing which client it is (`clientInfo`): Neovim
    /// before 0.12 says it supports related information but never shows it
    /// (neovim/neovim#19649, shown from 0.12 by #34474).
    pub fn of_client(
        caps: &ClientCapabilities,
        options: Option<&Value>,
        client: Option<(&str, Option<&str>)>,
    ) -> Negotiated {
        let mut n = Negotiated::read(caps, options);
        if let Some(("Neovim", version)) = client
            && version.and_then(major_minor).is_none_or(|v| v < (0, 12))
        {
            n.related_information = false;
        }
        n
    }

    fn read(caps: &ClientCapabilities, options: Option<&Value>) -> Negotiated {
        let utf8 = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        let workspace = caps.workspace.as_ref();
        let watched = workspace.and_then(|w| w.did_change_watched_files.as_ref());
        let window = caps.window.as_ref();
        Negotiated {
            encoding: if utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            },
            dynamic_watch: watched
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            relative_patterns: watched
                .and_then(|w| w.relative_pattern_support)
                .unwrap_or(false),
            work_done_progress: window.and_then(|w| w.work_done_progress).unwrap_or(false),
            inlay_hint_refresh: workspace
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|h| h.refresh_support)
                .unwrap_or(false),
            show_document: window
                .and_then(|w| w.show_document.as_ref())
                .is_some_and(|s| s.support),
            related_information: caps
                .text_document
                .as_ref()
                .and_then(|t| t.publish_diagnostics.as_ref())
                .and_then(|p| p.related_information)
                .unwrap_or(false),
            shows_command_results: options.is_some_and(shows_command_results),
        }
    }
}

/// `0.11.4`, `v0.12.0-dev+123` as (0, 11), (0, 12).
fn major_minor(version: &str) -> Option<(u32, u32)> {
    let mut parts = version.trim_start_matches('v').split(['.', '-', '+']);
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// `clientShowsCommandResults: true`, at the top of the options or under `vouch`.
fn shows_command_results(options: &Value) -> bool {
    let flag = |v: &Value| v.get("clientShowsCommandResults") == Some(&Value::Bool(true));
    flag(options) || options.get("vouch").is_some_and(flag)
}

/// A line for the user: `vouch: ` in front, once.
pub fn prefixed(message: &str) -> String {
    let bare = message.trim_start();
    let bare = bare.strip_prefix("vouch:").map_or(bare, str::trim_start);
    format!("vouch: {bare}")
}

#[derive(Clone)]
pub struct Editor {
    client: Client,
    negotiated: Arc<RwLock<Negotiated>>,
}

impl Editor {
    pub fn new(client: Client) -> Editor {
        Editor {
            client,
            negotiated: Arc::new(RwLock::new(Negotiated::default())),
        }
    }

    /// The transport's client, for requests this module does not wrap.
    pub fn client(&self) -> &Client {
        &self.client
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

    /// Tells the user (`window/showMessage`).
    pub async fn say(&self, typ: MessageType, message: &str) {
        self.client.show_message(typ, prefixed(message)).await;
    }

    /// Tells the user the outcome of a command, unless the client shows
    /// command results itself.
    pub async fn say_result(&self, typ: MessageType, message: &str) {
        if !self.negotiated().shows_command_results {
            self.say(typ, message).await;
        }
    }

    /// Writes to the client's log (`window/logMessage`).
    pub async fn log(&self, typ: MessageType, message: &str) {
        self.client.log_message(typ, prefixed(message)).await;
    }

    pub async fn status(&self, params: StatusParams) {
        self.client.send_notification::<VouchStatus>(params).await;
    }

    pub async fn publish(&self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        self.client
            .publish_diagnostics(uri, diagnostics, version)
            .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_prefix_is_said_once() {
        assert_eq!(prefixed("no corpus"), "vouch: no corpus");
        assert_eq!(prefixed("vouch: no corpus"), "vouch: no corpus");
        assert_eq!(prefixed("vouch:no corpus"), "vouch: no corpus");
        assert_eq!(prefixed("vouchers: 3"), "vouch: vouchers: 3");
    }

    #[test]
    fn the_command_results_flag_is_read_where_clients_put_it() {
        let caps = ClientCapabilities::default();
        for (options, want) in [
            (json!({"clientShowsCommandResults": true}), true),
            (json!({"vouch": {"clientShowsCommandResults": true}}), true),
            (json!({"clientShowsCommandResults": "yes"}), false),
            (json!([]), false),
        ] {
            assert_eq!(
                Negotiated::new(&caps, Some(&options)).shows_command_results,
                want,
                "{options}"
            );
        }
        assert!(!Negotiated::new(&caps, None).shows_command_results);
    }

    #[test]
    fn neovim_before_0_12_does_not_show_related_information() {
        let caps: ClientCapabilities = serde_json::from_value(
            json!({"textDocument": {"publishDiagnostics": {"relatedInformation": true}}}),
        )
        .unwrap();
        for (client, shown) in [
            (None, true),
            (Some(("Visual Studio Code", Some("1.99.0"))), true),
            (Some(("Neovim", Some("0.11.4"))), false),
            (Some(("Neovim", Some("0.7.2"))), false),
            (Some(("Neovim", None)), false),
            (Some(("Neovim", Some("0.12.0-dev+1"))), true),
            (Some(("Neovim", Some("v1.0.0"))), true),
        ] {
            assert_eq!(
                Negotiated::of_client(&caps, None, client).related_information,
                shown,
                "{client:?}"
            );
        }
    }
}
