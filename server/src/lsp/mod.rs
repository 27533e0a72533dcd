//! The language server: a thin layer over the analysis that converts types and schedules work.
//!
//! - Documents are applied edit by edit as they arrive, before any `.await`, so that edits are
//!   never reordered; stale versions are dropped.
//! - Analysis runs off the async runtime (`spawn_blocking`), one worker per document at a time.
//!   Edits that arrive while it runs cancel it (the parse stops at once) and are coalesced into
//!   the next run; diagnostics are published only for the newest version.
//! - Every handler runs under `catch_unwind`: a panic answers an error and the server goes on.

mod convert;
mod documents;
mod loader;

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use futures::FutureExt;
use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use crate::settings::{self, PartialSettings, Settings};
use crate::syntax::PositionEncoding;
use documents::Documents;

/// Runs the server over stdin/stdout until `exit` or the end of stdin. Exit code 0 after a
/// `shutdown` request, 1 otherwise (as the protocol asks).
pub fn run_stdio() -> ExitCode {
    init_logging();
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        eprintln!("specls: speaking the Language Server Protocol on stdin/stdout (an editor starts it); `specls --help` lists the commands");
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // Analyses recurse over the node tree (depth-limited): give them room.
        .thread_stack_size(8 << 20)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("specls: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let shut_down = Arc::new(AtomicBool::new(false));
    let flag = shut_down.clone();
    runtime.block_on(async move {
        let (service, socket) = LspService::build(move |client| Backend::new(client, flag))
            .custom_method("specls/pointerAt", Backend::pointer_at)
            .custom_method("specls/debugPanic", Backend::debug_panic)
            .finish();
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    // Analyses still running on blocking threads are abandoned, not waited for.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    let clean = shut_down.load(Ordering::SeqCst);
    tracing::info!(clean, "specls exits");
    ExitCode::from(if clean { 0 } else { 1 })
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("SPECLS_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

/// Settings from their three sources, and the result.
#[derive(Debug, Default)]
struct SettingsState {
    project: PartialSettings,
    editor: PartialSettings,
}

impl SettingsState {
    fn effective(&self) -> Settings {
        Settings::default()
            .merged(&self.project)
            .merged(&self.editor)
    }
}

pub(crate) struct Shared {
    client: Client,
    docs: Documents,
    /// The workspace folders, from `initialize`.
    roots: RwLock<Vec<PathBuf>>,
    settings: RwLock<SettingsState>,
    encoding: RwLock<PositionEncoding>,
    /// Files read from disk for `$ref`s (only inside `roots`; see `loader.rs`).
    disk: crate::refs::DiskLoader,
}

impl Shared {
    fn encoding(&self) -> PositionEncoding {
        *self.encoding.read().unwrap_or_else(|e| e.into_inner())
    }
    /// A problem the user should fix (a bad setting): in the log and in the editor.
    async fn warn_user(&self, message: &str) {
        tracing::warn!("{message}");
        self.client
            .show_message(MessageType::WARNING, format!("specls: {message}"))
            .await;
    }

    /// A document's path relative to the workspace folder that holds it (else its whole path),
    /// as the `kinds` globs and the CLI see it.
    fn workspace_path(&self, uri: &Uri) -> Option<PathBuf> {
        let path = uri.to_file_path()?.into_owned();
        let roots = self.roots.read().unwrap_or_else(|e| e.into_inner());
        let relative = roots
            .iter()
            .find_map(|r| path.strip_prefix(r).ok().map(PathBuf::from));
        Some(relative.unwrap_or(path))
    }

    fn settings(&self) -> Settings {
        self.settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .effective()
    }
}

pub struct Backend {
    shared: Arc<Shared>,
    shut_down: Arc<AtomicBool>,
}

impl Backend {
    fn new(client: Client, shut_down: Arc<AtomicBool>) -> Self {
        let shared = Arc::new(Shared {
            client,
            docs: Documents::default(),
            roots: RwLock::default(),
            settings: RwLock::default(),
            encoding: RwLock::default(),
            disk: crate::refs::DiskLoader::new(Vec::new(), 64 << 20),
        });
        Backend { shared, shut_down }
    }

    /// `specls/pointerAt`: the JSON pointer of the node at a position (and whether it is a key).
    async fn pointer_at(&self, params: TextDocumentPositionParams) -> Result<Option<PointerAt>> {
        guard_request("specls/pointerAt", async {
            let Some((parsed, _)) = self.shared.docs.latest(&params.text_document.uri) else {
                return Ok(None);
            };
            let enc = self.shared.encoding();
            let offset = convert::offset(&parsed.rope, params.position, enc);
            Ok(parsed
                .tree
                .path_at(offset)
                .map(|(path, node, on_key)| PointerAt {
                    pointer: crate::syntax::node::pointer_of(&path),
                    on_key,
                    range: convert::range(&parsed.rope, &node.range(), enc),
                }))
        })
        .await
    }

    /// `specls/debugPanic`: panics on purpose when `SPECLS_DEBUG_PANIC=1`, so tests can check
    /// that a panic in a handler does not take the server down.
    async fn debug_panic(&self) -> Result<()> {
        guard_request("specls/debugPanic", async {
            if std::env::var("SPECLS_DEBUG_PANIC").as_deref() == Ok("1") {
                panic!("panic requested by specls/debugPanic");
            }
            Err(Error::method_not_found())
        })
        .await
    }

    async fn apply_editor_settings(&self, value: &serde_json::Value) {
        match settings::parse_editor_settings(value) {
            Ok(p) => {
                self.shared
                    .settings
                    .write()
                    .unwrap_or_else(|e| e.into_inner())
                    .editor = p
            }
            Err(e) => self.shared.warn_user(&e).await,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PointerAt {
    pub pointer: String,
    pub on_key: bool,
    pub range: Range,
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Runs a request handler; a panic becomes an internal error response.
async fn guard_request<T>(name: &str, fut: impl Future<Output = Result<T>>) -> Result<T> {
    match AssertUnwindSafe(fut).catch_unwind().await {
        Ok(r) => r,
        Err(p) => {
            let msg = panic_message(&*p);
            tracing::error!("panic in {name}: {msg}");
            Err(Error {
                code: ErrorCode::InternalError,
                message: format!("specls: internal error in {name}: {msg}").into(),
                data: None,
            })
        }
    }
}

/// Runs a notification handler; a panic is logged and the server goes on.
async fn guard_notification(name: &str, fut: impl Future<Output = ()>) {
    if let Err(p) = AssertUnwindSafe(fut).catch_unwind().await {
        tracing::error!("panic in {name}: {}", panic_message(&*p));
    }
}

/// Where a `$ref` leads, as a link from the reference's value to the target node.
fn definition(
    shared: &Shared,
    parsed: &std::sync::Arc<crate::syntax::Parsed>,
    file: &std::path::Path,
    site: &crate::refs::RefSite,
    enc: PositionEncoding,
) -> Option<LocationLink> {
    use crate::refs::{self, Loader, Resolution};
    let loader = loader::WorkspaceLoader::new(shared);
    let Resolution::Found {
        file: target,
        range,
    } = refs::resolve(&site.raw, file, parsed, &loader)
    else {
        return None;
    };
    let rope = if target == file {
        parsed.rope.clone()
    } else {
        // A file that is not YAML or JSON (Markdown) is linked at its start.
        loader
            .load(&target)
            .map(|p| p.rope.clone())
            .unwrap_or_default()
    };
    let target_range = convert::range(&rope, &range, enc);
    let start = convert::range(&rope, &(range.start..range.start), enc);
    Some(LocationLink {
        origin_selection_range: Some(convert::range(&parsed.rope, &site.range, enc)),
        target_uri: Uri::from_file_path(&target)?,
        target_range,
        target_selection_range: start,
    })
}

fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
        .collect();
    #[allow(deprecated)]
    if roots.is_empty() {
        if let Some(p) = params.root_uri.as_ref().and_then(|u| u.to_file_path()) {
            roots.push(p.into_owned());
        }
    }
    roots
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        guard_request("initialize", async {
            let enc = convert::negotiate_encoding(&params.capabilities);
            *self
                .shared
                .encoding
                .write()
                .unwrap_or_else(|e| e.into_inner()) = enc;
            let roots = workspace_roots(&params);
            *self.shared.roots.write().unwrap_or_else(|e| e.into_inner()) = roots.clone();
            if let Some(root) = roots.first() {
                match settings::load_project_file(root) {
                    Ok(Some((path, p))) => {
                        tracing::info!("settings from {}", path.display());
                        self.shared
                            .settings
                            .write()
                            .unwrap_or_else(|e| e.into_inner())
                            .project = p;
                    }
                    Ok(None) => {}
                    Err(e) => self.shared.warn_user(&e).await,
                }
            }
            if let Some(opts) = &params.initialization_options {
                self.apply_editor_settings(opts).await;
            }
            tracing::info!(encoding = ?enc, "initialize");
            Ok(InitializeResult {
                capabilities: ServerCapabilities {
                    position_encoding: Some(convert::encoding_kind(enc)),
                    document_symbol_provider: Some(OneOf::Left(true)),
                    definition_provider: Some(OneOf::Left(true)),
                    text_document_sync: Some(TextDocumentSyncCapability::Options(
                        TextDocumentSyncOptions {
                            open_close: Some(true),
                            change: Some(TextDocumentSyncKind::INCREMENTAL),
                            ..Default::default()
                        },
                    )),
                    ..Default::default()
                },
                server_info: Some(ServerInfo {
                    name: "specls".into(),
                    version: Some(env!("CARGO_PKG_VERSION").into()),
                }),
                offset_encoding: None,
            })
        })
        .await
    }

    async fn initialized(&self, _: InitializedParams) {
        tracing::info!("initialized");
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down.store(true, Ordering::SeqCst);
        self.shared.docs.cancel_all();
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        guard_notification("didOpen", async {
            let doc = params.text_document;
            let settings = self.shared.settings();
            self.shared
                .docs
                .open(&doc.uri, &doc.language_id, doc.version, doc.text, &settings);
            documents::schedule(&self.shared, doc.uri);
        })
        .await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        guard_notification("didChange", async {
            let uri = params.text_document.uri;
            let changes = params
                .content_changes
                .into_iter()
                .map(convert::text_change)
                .collect::<Vec<_>>();
            let settings = self.shared.settings();
            // Applied here, before any `.await`.
            match self.shared.docs.change(
                &uri,
                params.text_document.version,
                &changes,
                self.shared.encoding(),
                &settings,
            ) {
                Ok(()) => documents::schedule(&self.shared, uri),
                Err(e) => tracing::error!("didChange for {}: {e}", uri.as_str()),
            }
        })
        .await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        guard_notification("didClose", async {
            let uri = params.text_document.uri;
            self.shared.docs.close(&uri);
            self.shared
                .client
                .publish_diagnostics(uri, Vec::new(), None)
                .await;
        })
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        guard_request("documentSymbol", async {
            let Some((parsed, kind)) = self.shared.docs.latest(&params.text_document.uri) else {
                return Ok(None);
            };
            let outline = crate::analysis::outline::outline(&parsed, &kind);
            let symbol = convert::document_symbol(&parsed.rope, &outline, self.shared.encoding());
            Ok(Some(DocumentSymbolResponse::Nested(vec![symbol])))
        })
        .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        guard_request("definition", async {
            let at = params.text_document_position_params;
            let uri = at.text_document.uri;
            let Some((parsed, _)) = self.shared.docs.latest(&uri) else {
                return Ok(None);
            };
            let Some(file) = uri.to_file_path().map(|p| crate::refs::normalize(&p)) else {
                return Ok(None);
            };
            let enc = self.shared.encoding();
            let offset = convert::offset(&parsed.rope, at.position, enc);
            let Some(site) = crate::refs::ref_sites(&parsed)
                .into_iter()
                .find(|s| s.range.start <= offset && offset <= s.range.end)
            else {
                return Ok(None);
            };
            let shared = self.shared.clone();
            let link = tokio::task::spawn_blocking(move || {
                definition(&shared, &parsed, &file, &site, enc)
            })
            .await
            .unwrap_or_else(|e| {
                tracing::error!("definition failed: {e}");
                None
            });
            Ok(link.map(|l| GotoDefinitionResponse::Link(vec![l])))
        })
        .await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        guard_notification("didChangeConfiguration", async {
            self.apply_editor_settings(&params.settings).await;
            let settings = self.shared.settings();
            for uri in self.shared.docs.uris() {
                self.shared.docs.resettle(&uri, &settings);
                documents::schedule(&self.shared, uri);
            }
        })
        .await
    }
}
