//! `vouch lsp`: the language server. A thin edge over the engine: it keeps
//! open drafts in sync, checks them as they change, and turns findings and
//! claims into diagnostics, hovers, locations and code actions.
//!
//! One module per concern: `server` (the protocol methods), `session` (the
//! state), `documents` (ropes changed in version order), `checker` (debounced
//! checks off the protocol thread), `workspace` (each folder's settings and
//! corpus), `watch`, `progress`, `settings`, `diagnostics`, `hover`,
//! `definition`, `references`, `code_action`, `inlay_hint`, `commands`;
//! `transport` frames the client's bytes and survives malformed messages.

pub mod checker;
pub mod code_action;
pub mod commands;
pub mod definition;
pub mod diagnostics;
pub mod documents;
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
pub fn run(_args: &LspArgs) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(serve(
        tokio::io::stdin(),
        tokio::io::stdout(),
        ServerOptions::from_env(),
    ));
    // Don't wait for an indexing still running: its work is committed or lost whole.
    runtime.shutdown_timeout(Duration::from_millis(200));
    Ok(())
}

/// Serves the protocol over any pair of streams (stdio, or in-memory pipes
/// in tests and the benchmark). The client's bytes pass through our own
/// framing layer (`transport`), which survives malformed messages.
pub async fn serve<I, O>(input: I, output: O, options: ServerOptions)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let (service, socket) = LspService::build(|client| server::Server::new(client, options))
        .custom_method("vouch/documentState", server::Server::document_state)
        .finish();
    transport::serve(input, output, |server_in, server_out| {
        tower_lsp_server::Server::new(server_in, server_out, socket).serve(service)
    })
    .await;
}
