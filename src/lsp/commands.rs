//! `workspace/executeCommand`: commands the server runs itself, so editors
//! without client code (Helix, Neovim) can use them.
//!
//! - `vouch.reindex`: re-reads the corpus folders, re-indexes what changed and
//!   re-checks the open drafts; returns `{"sources": N, "changed": M}`.
//! - `vouch.showSources [uri, position]` (or `[{"uri", "position"}]`, or no
//!   arguments for the last hover's position): the sources of the claim
//!   there, returned and shown in a message.

use std::str::FromStr;
use std::sync::Arc;

use serde_json::{Value, json};
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{MessageType, Position, Uri};

use super::session::{Session, internal, invalid_params};
use super::sources::{file_uri, shown_path};
use crate::engine::explain;

pub const REINDEX: &str = "vouch.reindex";
pub const SHOW_SOURCES: &str = "vouch.showSources";
pub const ALL: [&str; 2] = [REINDEX, SHOW_SOURCES];

pub async fn execute(
    session: &Arc<Session>,
    command: &str,
    arguments: &[Value],
) -> jsonrpc::Result<Option<Value>> {
    match command {
        REINDEX => reindex(session).await.map(Some),
        SHOW_SOURCES => show_sources(session, arguments).await.map(Some),
        other => Err(invalid_params(format!("unknown command {other:?}"))),
    }
}

async fn reindex(session: &Arc<Session>) -> jsonrpc::Result<Value> {
    let (mut sources, mut changed, mut failures) = (0, 0, Vec::new());
    for ws in session.workspaces() {
        match ws.refresh(session).await {
            Ok((s, c)) => {
                sources += s;
                changed += c;
            }
            Err(e) => failures.push(format!("{e:#}")),
        }
    }
    if !failures.is_empty() && sources == 0 {
        return Err(internal(failures.join("; ")));
    }
    Ok(json!({"sources": sources, "changed": changed}))
}

/// Where `vouch.showSources` looks: its arguments, or the last hover.
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
            .last_hover
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or_else(|| {
                invalid_params(
                    "vouch.showSources: no position given and nothing hovered yet".into(),
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
    let Some(claim) = explain::claim_at(&analysis.report, at) else {
        session
            .show(
                MessageType::INFO,
                "vouch: no checked figure or quote at this position".into(),
            )
            .await;
        return Ok(json!([]));
    };
    let root = &analysis.workspace.root;
    let mut items = Vec::new();
    let mut lines = vec![format!(
        "vouch: sources for “{}” ({}):",
        claim.text,
        explain::status_label(claim)
    )];
    for e in &claim.evidence {
        let path = shown_path(&e.path, root);
        let excerpt = explain::excerpt(&e.sentence);
        lines.push(format!("{path}:{}: {excerpt}", e.line));
        items.push(json!({
            "uri": file_uri(std::path::Path::new(&e.path)).map(|u| u.as_str().to_string()),
            "range": analysis.workspace.sources.range(e, enc, true),
            "path": path,
            "line": e.line,
            "title": e.title,
            "excerpt": excerpt,
        }));
    }
    if items.is_empty() {
        lines.push("no source states it".into());
    }
    session.show(MessageType::INFO, lines.join("\n")).await;
    Ok(Value::Array(items))
}
