//! `workspace/executeCommand`: commands the server runs itself, so editors
//! without client code (Helix, a bare Neovim) can use them.
//!
//! - `vouch.reindex`: re-reads the corpus folders, re-indexes what changed and
//!   re-checks the open drafts; returns `{"sources": N, "changed": M}`.
//! - `vouch.showSources [uri, position]` (or `[{"uri", "position"}]`, or no
//!   arguments for the last place the user asked about): the sources of the
//!   claim there, the same places go to definition gives.
//!
//! A client that shows command results itself (`clientShowsCommandResults`)
//! only gets the results, and errors as error responses. Any other client
//! cannot be relied on to show either (Helix only logs them), so the server
//! makes the outcome visible itself, once: one message for `vouch.reindex`;
//! for `vouch.showSources` the source opened with `window/showDocument` when
//! the client can, else one message listing the sources; an error as one
//! message.

use std::str::FromStr;
use std::sync::Arc;

use serde_json::{Value, json};
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{Location, MessageType, Position, ShowDocumentParams, Uri};

use super::definition;
use super::session::{Session, internal, invalid_params};
use super::sources::shown_path;
use super::workspace::CorpusState;
use crate::engine::explain;
use crate::engine::findings::Evidence;

pub const REINDEX: &str = "vouch.reindex";
pub const SHOW_SOURCES: &str = "vouch.showSources";
pub const ALL: [&str; 2] = [REINDEX, SHOW_SOURCES];

/// Sources listed in a message, at most.
const LISTED: usize = 5;

pub async fn execute(
    session: &Arc<Session>,
    command: &str,
    arguments: &[Value],
) -> jsonrpc::Result<Option<Value>> {
    let result = match command {
        REINDEX => reindex(session).await,
        SHOW_SOURCES => show_sources(session, arguments).await,
        other => Err(invalid_params(format!("unknown command {other:?}"))),
    };
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e) if !session.negotiated().shows_command_results => {
            // Said here, once; an error response as well would be said twice
            // by the clients that do show them.
            session.editor.say(MessageType::ERROR, &e.message).await;
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

async fn reindex(session: &Arc<Session>) -> jsonrpc::Result<Value> {
    let (mut sources, mut changed, mut failures) = (0, 0, Vec::new());
    let workspaces = session.workspaces();
    for ws in &workspaces {
        match session.refresh_workspace(ws).await {
            Ok(r) => {
                sources += r.sources;
                changed += r.changed;
            }
            Err(e) => failures.push(e),
        }
    }
    let with_corpus = workspaces
        .iter()
        .filter(|w| matches!(w.state(), CorpusState::Ready(_)))
        .count();
    if with_corpus == 0 && !failures.is_empty() {
        return Err(internal(failures.join("; ")));
    }
    let mut message = match (with_corpus, changed) {
        (0, _) => {
            "no corpus to re-index: make a corpus/ folder, or set [corpus] paths in vouch.toml"
                .to_string()
        }
        (_, 0) => format!("the corpus is up to date ({})", plural(sources, "source")),
        (_, n) => format!(
            "re-indexed {} ({})",
            plural(n, "changed file"),
            plural(sources, "source")
        ),
    };
    let mut level = MessageType::INFO;
    if !failures.is_empty() {
        message = format!("{message}; {}", failures.join("; "));
        level = MessageType::WARNING;
    }
    session.editor.say_result(level, &message).await;
    Ok(json!({"sources": sources, "changed": changed}))
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Where `vouch.showSources` looks: its arguments, or the last place asked about.
fn target(session: &Session, arguments: &[Value]) -> jsonrpc::Result<(Uri, Position)> {
    let parse_uri = |v: &Value| {
        v.as_str()
            .and_then(|s| Uri::from_str(s).ok())
            .ok_or_else(|| {
                invalid_params(
                    "vouch.showSources: the first argument must be a document URI".into(),
                )
            })
    };
    let parse_position = |v: &Value| {
        serde_json::from_value::<Position>(v.clone()).map_err(|_| {
            invalid_params(
                "vouch.showSources: the position must be {\"line\": L, \"character\": C}".into(),
            )
        })
    };
    match arguments {
        [] => session
            .last_position
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or_else(|| {
                invalid_params(
                    "vouch.showSources: no position given; hover a figure, a quote or a name first"
                        .into(),
                )
            }),
        [Value::Object(o)] => Ok((
            parse_uri(o.get("uri").unwrap_or(&Value::Null))?,
            parse_position(o.get("position").unwrap_or(&Value::Null))?,
        )),
        [uri, position, ..] => Ok((parse_uri(uri)?, parse_position(position)?)),
        [_] => Err(invalid_params(
            "vouch.showSources: give [uri, position] or [{\"uri\", \"position\"}]".into(),
        )),
    }
}

async fn show_sources(session: &Arc<Session>, arguments: &[Value]) -> jsonrpc::Result<Value> {
    let (uri, position) = target(session, arguments)?;
    let analysis = session.analysis(&uri).await?;
    let enc = session.encoding();
    let at = analysis.offset(position, enc);
    let corpus = match analysis.workspace.state() {
        CorpusState::Ready(c) => Some(c),
        _ => None,
    };
    let found = definition::sources(&analysis, at, corpus.as_deref(), enc);
    let root = &analysis.workspace.root;
    let items: Vec<Value> = found
        .iter()
        .map(|(e, location)| {
            json!({
                "uri": location.uri.as_str(),
                "range": location.range,
                "path": shown_path(&e.path, root),
                "line": e.line,
                "title": e.title,
                "excerpt": explain::excerpt(&e.sentence),
            })
        })
        .collect();
    if !session.negotiated().shows_command_results {
        let claim = explain::claim_at(&analysis.report, at);
        let message = match claim {
            None => Some(format!(
                "nothing checked at {}:{} (hover a figure, a quote or a name)",
                position.line + 1,
                position.character + 1
            )),
            Some(c) if found.is_empty() => Some(format!(
                "no source states “{}” ({})",
                c.text,
                explain::status_label(c)
            )),
            Some(c) => {
                let what = format!("“{}” ({})", c.text, explain::status_label(c));
                shown(session, &what, &found, root).await
            }
        };
        if let Some(message) = message {
            session.editor.say(MessageType::INFO, &message).await;
        }
    }
    Ok(Value::Array(items))
}

/// Makes a claim's sources visible in a client that shows no command
/// results: the first opened in the editor when it can (`window/showDocument`),
/// else all of them listed. Returns the message still to say, if any.
async fn shown(
    session: &Session,
    what: &str,
    found: &[(Evidence, Location)],
    root: &std::path::Path,
) -> Option<String> {
    let place = |e: &Evidence| {
        let stated = e
            .stated
            .as_deref()
            .map_or(String::new(), |s| format!(" ({s})"));
        format!("{}:{}{stated}", shown_path(&e.path, root), e.line)
    };
    let list = |items: &[(Evidence, Location)]| {
        let mut parts: Vec<String> = items.iter().take(LISTED).map(|(e, _)| place(e)).collect();
        if items.len() > LISTED {
            parts.push(format!("and {} more", items.len() - LISTED));
        }
        parts.join("; ")
    };
    let (first, first_location) = &found[0];
    if session.negotiated().show_document {
        let opened = session
            .editor
            .client()
            .show_document(ShowDocumentParams {
                uri: first_location.uri.clone(),
                external: Some(false),
                take_focus: Some(true),
                selection: Some(first_location.range),
            })
            .await;
        if opened.unwrap_or(false) {
            // The source is on screen; the others are named, if any.
            return (found.len() > 1).then(|| {
                format!(
                    "{what}: opened {}; also {}",
                    place(first),
                    list(&found[1..])
                )
            });
        }
    }
    Some(format!("{what}: {}", list(found)))
}
