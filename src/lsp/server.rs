//! The `LanguageServer` implementation: each method hands its work to the
//! module that owns it, and turns failures into errors, never into a crash.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde::Deserialize;
use serde_json::{Value, json};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::editor::Negotiated;
use super::session::{ServerOptions, Session, internal};
use super::workspace::CorpusState;
use super::{code_action, commands, definition, hover, inlay_hint, references, watch};
use crate::position::Encoding;

pub struct Server {
    session: Arc<Session>,
    /// A settings problem found in `initialize`, shown once initialized.
    settings_message: Mutex<Option<String>>,
    /// Set by `shutdown`: the exit that follows is a clean one.
    said_shutdown: Arc<AtomicBool>,
}

impl Server {
    pub fn new(client: Client, options: ServerOptions, said_shutdown: Arc<AtomicBool>) -> Self {
        Server {
            session: Arc::new(Session::new(client, options)),
            settings_message: Mutex::new(None),
            said_shutdown,
        }
    }

    /// `vouch/documentState`: the server's copy of an open draft (its
    /// version and text) and of its last check (the version checked, and
    /// how many blocks that check took from the block cache), for tests and
    /// for debugging an editor's sync.
    pub async fn document_state(&self, params: DocumentStateParams) -> Result<Value> {
        let (version, text, _, _) = self
            .session
            .snapshot(&params.uri)
            .ok_or_else(|| internal(format!("{} is not open", params.uri.as_str())))?;
        let checked = self
            .session
            .last_analysis(&params.uri)
            .map(|a| json!({"version": a.version, "reusedBlocks": a.reused_blocks}));
        Ok(json!({"version": version, "text": text, "checked": checked}))
    }

    fn corpus_of(
        &self,
        analysis: &super::analysis::Analysis,
    ) -> Option<Arc<std::sync::RwLock<crate::engine::index::Corpus>>> {
        match analysis.workspace.state() {
            CorpusState::Ready(c) => Some(c),
            _ => None,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct DocumentStateParams {
    pub uri: Uri,
}

/// Runs a handler's computation; a panic becomes an error answer.
fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|_| internal(format!("internal error in {what}")))
}

fn folder_path(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let negotiated = Negotiated::of_client(
            &params.capabilities,
            params.initialization_options.as_ref(),
            params
                .client_info
                .as_ref()
                .map(|c| (c.name.as_str(), c.version.as_deref())),
        );
        self.session.editor.set_negotiated(negotiated);
        if let Some(options) = &params.initialization_options
            && let Some(message) = self.session.set_settings(options)
        {
            *self
                .settings_message
                .lock()
                .unwrap_or_else(|e| e.into_inner()) = Some(message);
        }
        #[allow(deprecated)] // root_uri: for clients that send no folders
        let roots: Vec<PathBuf> = match &params.workspace_folders {
            Some(folders) if !folders.is_empty() => {
                folders.iter().filter_map(|f| folder_path(&f.uri)).collect()
            }
            _ => params
                .root_uri
                .as_ref()
                .and_then(folder_path)
                .into_iter()
                .collect(),
        };
        for root in roots {
            self.session.add_workspace(root).await;
        }
        let encoding = match negotiated.encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            _ => PositionEncodingKind::UTF16,
        };
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(false),
                        })),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::REFACTOR_REWRITE,
                        ]),
                        ..CodeActionOptions::default()
                    },
                )),
                inlay_hint_provider: Some(OneOf::Left(true)),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: commands::ALL.iter().map(|c| c.to_string()).collect(),
                    ..ExecuteCommandOptions::default()
                }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "vouch".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let message = self
            .settings_message
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(message) = message {
            self.session
                .editor
                .say(MessageType::WARNING, &message)
                .await;
        }
        for ws in self.session.workspaces() {
            self.session.spawn_open(&ws);
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.said_shutdown.store(true, Ordering::SeqCst);
        self.session.shut_down();
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        self.session.open_document(d.uri, &d.text, d.version).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let d = params.text_document;
        self.session
            .change_document(&d.uri, d.version, params.content_changes);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        self.session.check_now(&params.text_document.uri);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.session.close_document(&params.text_document.uri).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if let Some(message) = self.session.set_settings(&params.settings) {
            self.session
                .editor
                .say(MessageType::WARNING, &message)
                .await;
        }
        self.session.reconfigure().await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        for removed in &params.event.removed {
            if let Some(root) = folder_path(&removed.uri) {
                self.session.remove_workspace(&root);
            }
        }
        for added in &params.event.added {
            if let Some(root) = folder_path(&added.uri) {
                let ws = self.session.add_workspace(root).await;
                self.session.spawn_open(&ws);
            }
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        for (ws, change) in watch::changes_from_client(&self.session.workspaces(), &params) {
            self.session.disk_changed(&ws, change);
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = &params.text_document_position_params;
        self.session.asked_at(&p.text_document.uri, p.position);
        let analysis = self.session.analysis(&p.text_document.uri).await?;
        let corpus = self.corpus_of(&analysis);
        let enc = self.session.encoding();
        let related_shown = self.session.negotiated().related_information;
        guarded("hover", || {
            hover::hover(&analysis, &params, corpus.as_deref(), enc, related_shown)
        })
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = &params.text_document_position_params;
        self.session.asked_at(&p.text_document.uri, p.position);
        let analysis = self.session.analysis(&p.text_document.uri).await?;
        let corpus = self.corpus_of(&analysis);
        let enc = self.session.encoding();
        guarded("definition", || {
            definition::definition(&analysis, p.position, corpus.as_deref(), enc)
        })
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = &params.text_document_position;
        self.session.asked_at(&p.text_document.uri, p.position);
        let analysis = self.session.analysis(&p.text_document.uri).await?;
        let corpus = self.corpus_of(&analysis);
        let drafts = self.session.analyses();
        let enc = self.session.encoding();
        guarded("references", || {
            let found =
                references::references(&analysis, p.position, corpus.as_deref(), &drafts, enc);
            (!found.is_empty()).then_some(found)
        })
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = &params.text_document.uri;
        self.session.asked_at(uri, params.range.start);
        let analysis = self.session.analysis(uri).await?;
        let enc = self.session.encoding();
        guarded("code actions", || {
            let actions = code_action::code_actions(&analysis, uri, &params, enc);
            (!actions.is_empty()).then_some(actions)
        })
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let analysis = self.session.analysis(&params.text_document.uri).await?;
        let enc = self.session.encoding();
        guarded("inlay hints", || {
            Some(inlay_hint::inlay_hints(&analysis, &params, enc))
        })
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        commands::execute(&self.session, &params.command, &params.arguments).await
    }
}
