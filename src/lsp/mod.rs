//! `vouch lsp`: the language server. A thin edge over the engine: it keeps
//! open drafts in sync, checks them as they change, and turns findings and
//! claims into diagnostics, hovers, locations and code actions.
//!
//! One module per concern: `server` (the protocol methods), `session` (the
//! state, and what follows a change: re-checks, refreshes), `documents`
//! (ropes changed in version order), `checker` (debounced checks off the
//! protocol thread), `analysis` (a checked draft and its positions),
//! `workspace` (each folder's settings and corpus), `watch` (the corpus on
//! disk), `editor` (what the client can do, and everything said to it),
//! `progress`, `status`, `settings`, and one module per request: `diagnostics`,
//! `hover`, `definition`, `references`, `code_action`, `inlay_hint`, `commands`;
//! `transport` frames the client's bytes and survives malformed messages.
//!
//! Dependencies point one way: request modules read an `Analysis`; a
//! `Workspace` reports through the `Editor` and knows nothing of the drafts;
//! the `checker` sees the session only through its `Drafts` trait (text,
//! version, pace, editor); only `session` ties them together. No module
//! imports one that imports it back.

pub mod analysis;
pub mod checker;
pub mod code_action;
pub mod commands;
pub mod definition;
pub mod diagnostics;
pub mod documents;
pub mod editor;
pub mod hover;
pub mod inlay_hint;
pub mod progress;
pub mod references;
pub mod server;
pub mod session;
pub mod settings;
pub mod sources;
pub mod status;
pub mod transport;
pub mod watch;
pub mod workspace;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::LspService;

pub use session::ServerOptions;

#[derive(Debug, clap::Args)]
pub struct LspArgs {
    /// Talk over stdin and stdout (the default; accepted because clients pass it).
    #[arg(long)]
    pub stdio: bool,
}

/// Serves the protocol on stdin and stdout until the client says `exit`.
/// Returns whether the client said `shutdown` first: the protocol wants exit
/// status 0 then, and 1 when the client left without it.
pub fn run(_args: &LspArgs) -> anyhow::Result<bool> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let clean = runtime.block_on(serve(
        tokio::io::stdin(),
        tokio::io::stdout(),
        ServerOptions::from_env(),
    ));
    // Don't wait for an indexing still running: its work is committed or lost whole.
    runtime.shutdown_timeout(Duration::from_millis(200));
    Ok(clean)
}

/// Serves the protocol over any pair of streams (stdio, or in-memory pipes
/// in tests and the benchmark). The client's bytes pass through our own
/// framing layer (`transport`), which survives malformed messages. Returns
/// whether the client said `shutdown` before it left.
pub async fn serve<I, O>(input: I, output: O, options: ServerOptions) -> bool
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let said_shutdown = Arc::new(AtomicBool::new(false));
    let flag = said_shutdown.clone();
    let (service, socket) =
        LspService::build(move |client| server::Server::new(client, options, flag))
            .custom_method("vouch/documentState", server::Server::document_state)
            .finish();
    transport::serve(input, output, |server_in, server_out| {
        tower_lsp_server::Server::new(server_in, server_out, socket).serve(service)
    })
    .await;
    said_shutdown.load(Ordering::SeqCst)
}
