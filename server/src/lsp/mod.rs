//! The language server: a thin layer over the analysis that converts types and schedules work.
//!
//! - Documents are applied edit by edit as they arrive, before any `.await`, so that edits are
//!   never reordered; stale versions are dropped.
//! - Analysis runs off the async runtime (`spawn_blocking`), one worker per document at a time.
//!   Edits that arrive while it runs cancel it (the parse stops at once) and are coalesced into
//!   the next run; diagnostics are published only for the newest version.
//! - Every handler runs under `catch_unwind`: a panic answers an error and the server goes on.

mod assist;
mod breaking;
mod convert;
mod disable;
mod documents;
mod files;
mod lens;
mod loader;
mod memory;
mod ruleset;
mod transport;
mod unused;

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
use tower_lsp_server::{Client, LanguageServer, LspService};

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
    background_work_yields();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // Analyses recurse over the node tree (depth-limited): give them room.
        .thread_stack_size(8 << 20)
        .on_thread_park(memory::on_park)
        .thread_keep_alive(memory::THREAD_KEEP_ALIVE)
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
            .custom_method("specls/documentText", Backend::document_text)
            .custom_method(transport::MALFORMED, Backend::malformed_message)
            .finish();
        // On a worker, not this thread: the workers give memory back when they go idle
        // (`memory.rs`), and the messages are read and decoded where the server serves them.
        let serve = transport::serve(service, socket, tokio::io::stdin(), tokio::io::stdout());
        if let Err(e) = tokio::spawn(serve).await {
            tracing::error!("the server stopped: {e}");
        }
    });
    // Analyses still running on blocking threads are abandoned, not waited for.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    let clean = shut_down.load(Ordering::SeqCst);
    tracing::info!(clean, "specls exits");
    ExitCode::from(if clean { 0 } else { 1 })
}

/// The analyses' checks and validation, the index scans and other background work run on
/// rayon's pool; requests (a completion typed right after a keystroke) run on tokio's threads.
/// The pool's threads run at a lower priority (nice +5, Linux), so that a request takes a core
/// from the previous keystroke's checks rather than sharing it with them.
fn background_work_yields() {
    let pool = rayon::ThreadPoolBuilder::new().start_handler(|_| {
        #[cfg(target_os = "linux")]
        // SAFETY: plain integers; raising a thread's own nice value needs no privilege, and
        // a failure leaves the thread at its priority.
        unsafe {
            libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, 5);
        }
    });
    if let Err(e) = pool.build_global() {
        tracing::debug!("rayon's pool was already built: {e}");
    }
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

/// The code action that applies every safe fix of a document.
const FIX_ALL_KIND: &str = "source.fixAll.specls";

/// Settings from their three sources, and the result.
#[derive(Debug, Default)]
struct SettingsState {
    project: PartialSettings,
    editor: PartialSettings,
    /// The workspace's Spectral ruleset, under the other two (see `ruleset.rs`).
    ruleset: Option<Arc<crate::lint::ruleset::Ruleset>>,
}

impl SettingsState {
    fn effective(&self) -> Settings {
        Settings::default()
            .with_ruleset(self.ruleset.clone())
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
    /// Every `$ref` of the workspace, for "find references".
    index: crate::refs::index::RefIndex,
    /// The client shows `$/progress` (`window.workDoneProgress`).
    progress_ok: AtomicBool,
    /// The client takes versioned edits (`workspace.workspaceEdit.documentChanges`): then every
    /// edit the server proposes names the version of the text it was made for, and the client
    /// refuses it if the document has changed since.
    versioned_edits: AtomicBool,
    /// The client creates files in a `WorkspaceEdit` (`resourceOperations` has `create`): the
    /// "disable rule" actions may create the ruleset.
    create_files: AtomicBool,
    /// Remote documents of `$ref`s (see `refs::remote`), and a signal when one arrives.
    remote: crate::refs::remote::RemoteCache,
    /// Something the analyses read arrived (a remote document, a breaking-change baseline):
    /// the open documents are analyzed again.
    remote_arrived: Arc<tokio::sync::Notify>,
    /// The old sides of the breaking-change hints, and the newest hints of each file.
    baselines: breaking::Baselines,
    last_hints: breaking::LastHints,
    /// Gives memory back to the system once the server is quiet after large work.
    trimmer: Arc<memory::Trimmer>,
}

impl Shared {
    /// Waits (at most two seconds) until the open documents' newest texts are parsed: edits
    /// across documents (rename, file moves) are then for the texts the editor has, and it does
    /// not refuse them as stale.
    pub(crate) async fn current_texts(&self) {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(2);
        while !self.docs.all_current() && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }

    /// A `WorkspaceEdit` of text edits per document, each for the version of the text it was
    /// made for (`None`: the file on disk): as `documentChanges` where the client takes them (it
    /// then refuses an edit made for an older text), else as plain `changes`.
    pub(crate) fn workspace_edit(
        &self,
        docs: Vec<(Uri, Option<i32>, Vec<TextEdit>)>,
    ) -> WorkspaceEdit {
        if self.versioned_edits.load(Ordering::SeqCst) {
            WorkspaceEdit {
                document_changes: Some(DocumentChanges::Edits(
                    docs.into_iter()
                        .map(|(uri, version, edits)| TextDocumentEdit {
                            text_document: OptionalVersionedTextDocumentIdentifier { uri, version },
                            edits: edits.into_iter().map(OneOf::Left).collect(),
                        })
                        .collect(),
                )),
                ..Default::default()
            }
        } else {
            WorkspaceEdit {
                changes: Some(
                    docs.into_iter()
                        .map(|(uri, _, edits)| (uri, edits))
                        .collect(),
                ),
                ..Default::default()
            }
        }
    }

    /// [`Shared::workspace_edit`] for files by path: an open document's edits are for the
    /// version of its newest analyzed text (the one the edits were computed on), a closed
    /// file's for the disk. `None` if a path has no URI.
    pub(crate) fn workspace_edit_for_files(
        &self,
        files: Vec<(PathBuf, Vec<TextEdit>)>,
    ) -> Option<WorkspaceEdit> {
        let mut docs = Vec::new();
        for (path, edits) in files {
            let version = self.docs.latest_version_by_path(&path);
            docs.push((Uri::from_file_path(&path)?, version, edits));
        }
        Some(self.workspace_edit(docs))
    }

    /// The text of a document changed (or it was opened or closed): the index keeps what does
    /// not depend on it.
    pub(crate) fn touch(&self, uri: &Uri) {
        match uri.to_file_path() {
            Some(path) => self.index.touch_file(&crate::refs::normalize(&path)),
            None => self.index.touch(),
        }
    }

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

    /// An open document's newest parse and kind. Before its first analysis has finished (a
    /// request right after `didOpen`), its text is parsed for the request, off the async runtime.
    async fn parse_of(
        self: &Arc<Self>,
        uri: &Uri,
    ) -> Option<(Arc<crate::syntax::Parsed>, crate::spec::SpecKind)> {
        if let Some(latest) = self.docs.latest(uri) {
            return Some(latest);
        }
        let (shared, uri) = (self.clone(), uri.clone());
        off_thread("parse", move || {
            let parsed = shared.docs.parse_now(&uri)?;
            let path = shared.workspace_path(&uri);
            let kind = crate::analysis::kind_of(&parsed, path.as_deref(), &shared.settings());
            Some((parsed, kind))
        })
        .await
    }

    /// An open document's newest parse, its path, and the byte offset of an LSP position in it.
    async fn at(
        self: &Arc<Self>,
        uri: &Uri,
        position: Position,
    ) -> Option<(std::sync::Arc<crate::syntax::Parsed>, PathBuf, usize)> {
        let (parsed, _) = self.parse_of(uri).await?;
        let file = crate::refs::normalize(&uri.to_file_path()?);
        let offset = convert::offset(&parsed.rope, position, self.encoding());
        Some((parsed, file, offset))
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
            disk: crate::refs::DiskLoader::bounded(Vec::new(), 64 << 20),
            index: Default::default(),
            progress_ok: AtomicBool::new(false),
            versioned_edits: AtomicBool::new(false),
            create_files: AtomicBool::new(false),
            remote: Default::default(),
            remote_arrived: Default::default(),
            baselines: Default::default(),
            last_hints: Default::default(),
            trimmer: Default::default(),
        });
        Backend { shared, shut_down }
    }

    /// `specls/pointerAt`: the JSON pointer of the node at a position (and whether it is a key).
    async fn pointer_at(&self, params: TextDocumentPositionParams) -> Result<Option<PointerAt>> {
        guard_request("specls/pointerAt", async {
            let Some((parsed, _)) = self.shared.parse_of(&params.text_document.uri).await else {
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

    /// `specls/documentText`: the text and version the server holds for an open document (`null`
    /// for one not open), so that a client or a test can check that both sides agree.
    async fn document_text(
        &self,
        params: TextDocumentIdentifierParams,
    ) -> Result<Option<DocumentText>> {
        guard_request("specls/documentText", async {
            Ok(self
                .shared
                .docs
                .text(&params.text_document.uri)
                .map(|(version, text)| DocumentText { version, text }))
        })
        .await
    }

    /// A malformed message from the client, as [`transport`] passes it on: the JSON-RPC error it
    /// is owed.
    async fn malformed_message(&self, params: MalformedMessage) -> Result<()> {
        Err(Error {
            code: tower_lsp_server::jsonrpc::ErrorCode::from(params.code),
            message: params.message.into(),
            data: None,
        })
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

/// The parameters of [`transport::MALFORMED`].
#[derive(Debug, Serialize, Deserialize)]
pub struct MalformedMessage {
    pub code: i64,
    pub message: String,
}

/// The answer of `specls/documentText`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentText {
    pub version: i32,
    pub text: String,
}

/// The parameters of `specls/documentText`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TextDocumentIdentifierParams {
    pub text_document: TextDocumentIdentifier,
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

/// Runs a request's work on a blocking thread (it may read files and walk large trees); a
/// failure there is logged and answers `None`.
async fn off_thread<T: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> Option<T> + Send + 'static,
) -> Option<T> {
    match tokio::task::spawn_blocking(work).await {
        Ok(v) => v,
        Err(e) => {
            tracing::error!("{name} failed: {e}");
            None
        }
    }
}

/// Indexes the workspace's `$ref`s in the background, with progress the editor can show.
async fn index_workspace(shared: Arc<Shared>) {
    let roots = shared
        .roots
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let token = NumberOrString::String("specls-index".into());
    let asked = async {
        if !shared.progress_ok.load(Ordering::SeqCst) {
            return false;
        }
        // A client that never answers must not hold the index back.
        let create = shared.client.create_work_done_progress(token.clone());
        matches!(
            tokio::time::timeout(std::time::Duration::from_secs(2), create).await,
            Ok(Ok(()))
        )
    };
    let progress = match asked.await {
        true => Some(
            shared
                .client
                .progress(token, "specls: indexing $refs")
                .with_percentage(0)
                .begin()
                .await,
        ),
        false => None,
    };
    let started = std::time::Instant::now();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(usize, usize)>();
    let s = shared.clone();
    let work = tokio::task::spawn_blocking(move || {
        let files = crate::refs::index::workspace_files(&roots);
        let total = files.len().max(1);
        let _ = tx.send((0, total));
        s.index.scan(&files, &s.disk, &|done| {
            let _ = tx.send((done, total));
        });
        // The documents open in the editor are served by their own parse.
        for uri in s.docs.uris() {
            if let Some(path) = uri.to_file_path() {
                s.disk.forget(&crate::refs::normalize(&path));
            }
        }
    });
    while let Some((done, total)) = rx.recv().await {
        if let Some(p) = &progress {
            p.report_with_message(format!("{done}/{total} files"), (done * 100 / total) as u32)
                .await;
        }
    }
    let _ = work.await;
    let (files, refs) = shared.index.size();
    tracing::info!(
        files,
        refs,
        ms = started.elapsed().as_millis() as u64,
        "workspace indexed"
    );
    if let Some(p) = progress {
        p.finish_with_message(format!("{files} files, {refs} $refs"))
            .await;
    }
    // Open fragments can now be checked as what the specs use them as, and every open document
    // can be told its unused components; code lenses can count references.
    for uri in shared.docs.fragments() {
        documents::schedule(&shared, uri);
    }
    for uri in unused::holders(&shared, None) {
        documents::schedule(&shared, uri);
    }
    // The scan parsed every file of the workspace and kept only their `$ref`s.
    shared.trimmer.request();
    if let Err(e) = shared.client.code_lens_refresh().await {
        tracing::debug!("the client does not refresh code lenses: {e}");
    }
}

/// The `$ref`s that lead to what is at `offset`: the target of a `$ref` under the cursor, the
/// value of a key under the cursor (a component), or else the whole file (a fragment).
fn references(
    shared: &Shared,
    parsed: &std::sync::Arc<crate::syntax::Parsed>,
    file: &std::path::Path,
    offset: usize,
    with_declaration: bool,
    enc: PositionEncoding,
) -> Option<Vec<Location>> {
    use crate::refs::{self, Loader, Resolution};
    let loader = loader::WorkspaceLoader::new(shared);
    let on_ref = refs::site_at(parsed, offset);
    let pointer = match &on_ref {
        Some(site) => site.raw.to_string(),
        None => {
            let pointer = match parsed.tree.path_at(offset) {
                Some((path, _, true)) => crate::syntax::node::pointer_of(&path),
                _ => String::new(),
            };
            format!("#{pointer}")
        }
    };
    let resolution = match &on_ref {
        Some(site) => refs::resolve_site(site, file, parsed, &loader),
        None => refs::resolve(&pointer, file, parsed, &loader),
    };
    let Resolution::Found {
        file: target,
        range,
    } = resolution
    else {
        return None;
    };
    // A fetched document is no workspace file: nothing references it here.
    if refs::remote::url_of(&target).is_some() {
        return None;
    }
    let open = |p: &std::path::Path| shared.docs.latest_by_path(p);
    let found = shared.index.references(&target, &range, &loader, &open);
    let mut out = Vec::new();
    if with_declaration {
        if let Some(t) = if target == file {
            Some(parsed.clone())
        } else {
            loader.load(&target)
        } {
            out.push(Location {
                uri: Uri::from_file_path(&target)?,
                range: convert::range(&t.rope, &(range.start..range.start), enc),
            });
        }
    }
    out.extend(reference_locations(&loader, parsed, file, found, enc)?);
    Some(out)
}

/// The places of references, as LSP locations (`parsed` is the newest text of `file`).
fn reference_locations(
    loader: &dyn crate::refs::Loader,
    parsed: &crate::syntax::Parsed,
    file: &std::path::Path,
    found: Vec<crate::refs::index::Reference>,
    enc: PositionEncoding,
) -> Option<Vec<Location>> {
    let mut out = Vec::new();
    for r in found {
        let rope = if r.file == file {
            parsed.rope.clone()
        } else {
            match loader.load(&r.file) {
                Some(p) => p.rope.clone(),
                None => continue,
            }
        };
        out.push(Location {
            uri: Uri::from_file_path(&r.file)?,
            range: convert::range(&rope, &r.range, enc),
        });
    }
    Some(out)
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
    } = refs::resolve_site(site, file, parsed, &loader)
    else {
        return None;
    };
    // A fetched document has no place in the editor: its hover shows it.
    if refs::remote::url_of(&target).is_some() {
        return None;
    }
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
            let progress_ok = params
                .capabilities
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false);
            self.shared.progress_ok.store(progress_ok, Ordering::SeqCst);
            let versioned = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false);
            self.shared
                .versioned_edits
                .store(versioned, Ordering::SeqCst);
            self.shared.create_files.store(
                disable::client_creates_files(&params.capabilities),
                Ordering::SeqCst,
            );
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
                    references_provider: Some(OneOf::Left(true)),
                    hover_provider: Some(HoverProviderCapability::Simple(true)),
                    completion_provider: Some(assist::completion_options()),
                    folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                    selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
                    semantic_tokens_provider: Some(assist::semantic_tokens_options()),
                    workspace_symbol_provider: Some(OneOf::Left(true)),
                    code_lens_provider: Some(CodeLensOptions {
                        resolve_provider: Some(false),
                    }),
                    execute_command_provider: Some(ExecuteCommandOptions {
                        commands: vec![breaking::REPORT_COMMAND.into()],
                        work_done_progress_options: Default::default(),
                    }),
                    workspace: Some(WorkspaceServerCapabilities {
                        workspace_folders: None,
                        file_operations: Some(files::capabilities()),
                    }),
                    document_link_provider: Some(DocumentLinkOptions {
                        resolve_provider: Some(false),
                        work_done_progress_options: Default::default(),
                    }),
                    rename_provider: Some(OneOf::Right(RenameOptions {
                        prepare_provider: Some(true),
                        work_done_progress_options: Default::default(),
                    })),
                    code_action_provider: Some(CodeActionProviderCapability::Options(
                        CodeActionOptions {
                            code_action_kinds: Some(vec![
                                CodeActionKind::QUICKFIX,
                                CodeActionKind::new(FIX_ALL_KIND),
                            ]),
                            ..Default::default()
                        },
                    )),
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
        // Files changed on disk (by git, by another tool) keep the `$ref` index current.
        let watch = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.{yaml,yml,json}".into()),
                kind: None,
            }],
        };
        let registration = Registration {
            id: "specls-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(watch).ok(),
        };
        let client = self.shared.client.clone();
        tokio::spawn(async move {
            if let Err(e) = client.register_capability(vec![registration]).await {
                tracing::info!("the client does not watch files for specls: {e}");
            }
        });
        ruleset::reload(&self.shared).await;
        tokio::spawn(index_workspace(self.shared.clone()));
        // A remote document arrived (or failed): the open documents are diagnosed again.
        let shared = self.shared.clone();
        tokio::spawn(async move {
            loop {
                shared.remote_arrived.notified().await;
                for uri in shared.docs.uris() {
                    documents::schedule(&shared, uri);
                }
            }
        });
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
            self.shared.touch(&doc.uri);
            self.shared
                .docs
                .open(&doc.uri, &doc.language_id, doc.version, doc.text, &settings);
            // The editor's parse serves it now: the disk's would only take memory.
            if let Some(path) = doc.uri.to_file_path() {
                self.shared.disk.forget(&crate::refs::normalize(&path));
            }
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
            // Where references lead may change with this text.
            self.shared.touch(&uri);
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
            if let Some(path) = uri.to_file_path() {
                self.shared
                    .last_hints
                    .forget(&crate::refs::normalize(&path));
            }
            self.shared.touch(&uri);
            self.shared
                .client
                .publish_diagnostics(uri, Vec::new(), None)
                .await;
            // What the validation noted for the paths of open documents goes with the last.
            if self.shared.docs.is_empty() {
                crate::validate::metaschemas::forget_document_paths();
            }
            // The document's text and trees are freed: once the analyses the close started
            // are done, the pages that held them go back to the system.
            self.shared.trimmer.request();
        })
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        guard_request("documentSymbol", async {
            let Some((parsed, kind)) = self.shared.parse_of(&params.text_document.uri).await else {
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
            let Some((parsed, file, offset)) =
                self.shared.at(&at.text_document.uri, at.position).await
            else {
                return Ok(None);
            };
            let enc = self.shared.encoding();
            let Some(site) = crate::refs::site_at(&parsed, offset) else {
                return Ok(None);
            };
            let shared = self.shared.clone();
            let link = off_thread("definition", move || {
                definition(&shared, &parsed, &file, &site, enc)
            })
            .await;
            Ok(link.map(|l| GotoDefinitionResponse::Link(vec![l])))
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        guard_request("references", async {
            let at = params.text_document_position;
            let Some((parsed, file, offset)) =
                self.shared.at(&at.text_document.uri, at.position).await
            else {
                return Ok(None);
            };
            let enc = self.shared.encoding();
            let with_declaration = params.context.include_declaration;
            let shared = self.shared.clone();
            let found = off_thread("references", move || {
                references(&shared, &parsed, &file, offset, with_declaration, enc)
            })
            .await;
            Ok(found)
        })
        .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        guard_request("prepareRename", async {
            let Some((parsed, _)) = self.shared.parse_of(&params.text_document.uri).await else {
                return Ok(None);
            };
            let enc = self.shared.encoding();
            let offset = convert::offset(&parsed.rope, params.position, enc);
            let Some((path, key, true)) = parsed.tree.path_at(offset) else {
                return Ok(None);
            };
            if path.is_empty() {
                return Ok(None);
            }
            Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
                range: convert::range(&parsed.rope, &key.value_range(), enc),
                placeholder: key.node.key_text().unwrap_or_default().into_owned(),
            }))
        })
        .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        guard_request("rename", async {
            self.shared.current_texts().await;
            let at = params.text_document_position;
            let uri = at.text_document.uri;
            let Some((parsed, _)) = self.shared.parse_of(&uri).await else {
                return Ok(None);
            };
            let Some(file) = uri.to_file_path().map(|p| crate::refs::normalize(&p)) else {
                return Ok(None);
            };
            let enc = self.shared.encoding();
            let offset = convert::offset(&parsed.rope, at.position, enc);
            let Some((path, _, true)) = parsed.tree.path_at(offset) else {
                return Err(Error::invalid_params(
                    "rename works on a key (a component's name)",
                ));
            };
            let key_path: Vec<String> = path.iter().map(|s| s.token()).collect();
            let new_name = params.new_name;
            let shared = self.shared.clone();
            let edit = off_thread("rename", move || {
                use crate::refs::Loader;
                let loader = loader::WorkspaceLoader::new(&shared);
                let open = |p: &std::path::Path| shared.docs.latest_by_path(p);
                let edits = crate::refs::index::rename_edits(
                    &shared.index,
                    &open,
                    &file,
                    &parsed,
                    &key_path,
                    &new_name,
                )?;
                let mut changes: Vec<(PathBuf, Vec<TextEdit>)> = Vec::new();
                for (f, r, text) in edits {
                    let rope = if f == file {
                        parsed.rope.clone()
                    } else {
                        loader.load(&f)?.rope.clone()
                    };
                    let edit = TextEdit {
                        range: convert::range(&rope, &r, enc),
                        new_text: text,
                    };
                    match changes.iter_mut().find(|(p, _)| *p == f) {
                        Some((_, list)) => list.push(edit),
                        None => changes.push((f, vec![edit])),
                    }
                }
                shared.workspace_edit_for_files(changes)
            })
            .await;
            match edit {
                Some(e) => Ok(Some(e)),
                None => Err(Error::invalid_params(
                    "cannot rename: the new name is taken, or the key was not found",
                )),
            }
        })
        .await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        guard_request("documentLink", async {
            let uri = params.text_document.uri;
            let Some((parsed, _)) = self.shared.parse_of(&uri).await else {
                return Ok(None);
            };
            let Some(file) = uri.to_file_path().map(|p| crate::refs::normalize(&p)) else {
                return Ok(None);
            };
            let enc = self.shared.encoding();
            let shared = self.shared.clone();
            // Whether each file exists is asked of the disk: not on the async runtime.
            let links = off_thread("documentLink", move || {
                let loader = loader::WorkspaceLoader::new(&shared);
                let mut links = Vec::new();
                for site in crate::refs::ref_sites(&parsed) {
                    use crate::refs::{Loader, Target};
                    // Links to other files, inside the workspace, that exist.
                    let Target::At { file: target, .. } = crate::refs::target_of(&site.raw, &file)
                    else {
                        continue;
                    };
                    if target == file || !loader.inside(&target) || !loader.exists(&target) {
                        continue;
                    }
                    links.push(DocumentLink {
                        range: convert::range(&parsed.rope, &site.value_text_range(), enc),
                        target: Uri::from_file_path(&target),
                        tooltip: Some("open the referenced file".into()),
                        data: None,
                    });
                }
                Some(links)
            })
            .await
            .unwrap_or_default();
            Ok(Some(links))
        })
        .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        guard_request("workspace/symbol", async {
            let query = params.query.to_lowercase();
            let shared = self.shared.clone();
            let found = off_thread("workspace/symbol", move || {
                use crate::refs::Loader;
                let loader = loader::WorkspaceLoader::new(&shared);
                let enc = shared.encoding();
                let mut out = Vec::new();
                for file in shared.index.files() {
                    let Some(parsed) = shared
                        .docs
                        .latest_by_path(&file)
                        .or_else(|| loader.load(&file))
                    else {
                        continue;
                    };
                    let Some(uri) = Uri::from_file_path(&file) else {
                        continue;
                    };
                    for s in crate::analysis::outline::named_symbols(&parsed) {
                        if !s.name.to_lowercase().contains(&query) {
                            continue;
                        }
                        #[allow(deprecated)]
                        out.push(SymbolInformation {
                            name: s.name,
                            kind: match s.what.as_str() {
                                "operation" => SymbolKind::METHOD,
                                "path" | "webhook" | "channel" => SymbolKind::NAMESPACE,
                                _ => SymbolKind::CLASS,
                            },
                            tags: None,
                            deprecated: None,
                            location: Location {
                                uri: uri.clone(),
                                range: convert::range(&parsed.rope, &s.range, enc),
                            },
                            container_name: Some(s.what),
                        });
                        if out.len() >= 1000 {
                            return Some(out);
                        }
                    }
                }
                Some(out)
            })
            .await
            .unwrap_or_default();
            Ok(Some(WorkspaceSymbolResponse::Flat(found)))
        })
        .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        guard_request("hover", async {
            let at = params.text_document_position_params;
            let Some((parsed, file, offset)) =
                self.shared.at(&at.text_document.uri, at.position).await
            else {
                return Ok(None);
            };
            let enc = self.shared.encoding();
            // On a breaking-change hint: who it breaks and how, above the rest.
            let change = breaking::hover(&self.shared, &file, &parsed, offset)
                .map(|(md, range)| (md, convert::range(&parsed.rope, &range, enc)));
            let Some(site) = crate::assist::ref_site_at(&parsed, offset) else {
                let uri = &at.text_document.uri;
                let hover = assist::hover(&self.shared, uri, at.position).await;
                return Ok(breaking::with_change(change, hover));
            };
            let shared = self.shared.clone();
            let hover = off_thread("hover", move || {
                use crate::refs::{self, Loader, Resolution};
                let loader = loader::WorkspaceLoader::new(&shared);
                let origin = convert::range(&parsed.rope, &site.range, enc);
                let markdown = match refs::resolve_site(&site, &file, &parsed, &loader) {
                    Resolution::Found {
                        file: target,
                        range,
                    } => {
                        let t = if target == file {
                            Some(parsed.clone())
                        } else {
                            loader.load(&target)
                        };
                        let hint = site.raw.split_once('#').map_or("", |(_, f)| f);
                        match t {
                            Some(t) => refs::preview(&target, &t, &range, hint),
                            None => format!("`{}`", target.display()),
                        }
                    }
                    // The diagnostic on the reference says what is wrong.
                    _ => return None,
                };
                Some(Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: markdown,
                    }),
                    range: Some(origin),
                })
            })
            .await;
            Ok(breaking::with_change(change, hover))
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        guard_request("completion", async {
            Ok(assist::completion(&self.shared, params).await)
        })
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        guard_request("foldingRange", async {
            Ok(assist::folding_ranges(&self.shared, &params.text_document.uri).await)
        })
        .await
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        guard_request("selectionRange", async {
            let uri = &params.text_document.uri;
            Ok(assist::selection_ranges(&self.shared, uri, params.positions).await)
        })
        .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        guard_request("semanticTokens/full", async {
            let uri = &params.text_document.uri;
            let tokens = assist::semantic_tokens(&self.shared, uri, None).await;
            Ok(tokens.map(SemanticTokensResult::Tokens))
        })
        .await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        guard_request("semanticTokens/range", async {
            let uri = &params.text_document.uri;
            let tokens = assist::semantic_tokens(&self.shared, uri, Some(params.range)).await;
            Ok(tokens.map(SemanticTokensRangeResult::Tokens))
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        guard_request("codeAction", async {
            let uri = params.text_document.uri;
            let Some((diagnostics, parsed, version)) = self.shared.docs.published(&uri) else {
                return Ok(None);
            };
            let edit = |edits: Vec<TextEdit>| {
                self.shared
                    .workspace_edit(vec![(uri.clone(), Some(version), edits)])
            };
            let enc = self.shared.encoding();
            let want = convert::offset(&parsed.rope, params.range.start, enc)
                ..convert::offset(&parsed.rope, params.range.end, enc);
            let only = params.context.only.as_deref();
            // A kind is asked for when `only` is absent or names it or a kind above it.
            let asked = |kind: &CodeActionKind, by_default: bool| match only {
                None => by_default,
                Some(list) => list.iter().any(|w| {
                    kind.as_str() == w.as_str()
                        || kind.as_str().starts_with(&format!("{}.", w.as_str()))
                }),
            };
            let to_edits = |edits: &[(std::ops::Range<usize>, String)]| -> Vec<TextEdit> {
                edits
                    .iter()
                    .map(|(r, text)| TextEdit {
                        range: convert::range(&parsed.rope, r, enc),
                        new_text: text.clone(),
                    })
                    .collect()
            };
            // The diagnostic touches the requested range (an empty range: the cursor).
            let here = move |d: &crate::analysis::Diagnostic| {
                d.range.start <= want.end && d.range.end >= want.start
            };
            let mut actions = Vec::new();
            if asked(&CodeActionKind::QUICKFIX, true) {
                for d in diagnostics.iter() {
                    let Some(fix) = &d.fix else { continue };
                    if fix.applicability == crate::analysis::Applicability::DisplayOnly {
                        continue;
                    }
                    if !here(d) {
                        continue;
                    }
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: fix.title.clone(),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![convert::diagnostic(&uri, &parsed.rope, d, enc)]),
                        edit: Some(edit(to_edits(&fix.edits))),
                        is_preferred: Some(
                            fix.applicability == crate::analysis::Applicability::Safe,
                        ),
                        ..Default::default()
                    }));
                }
                // Then, for each lint finding there, turning its rule off (never preferred,
                // never in "fix all"). It may read the ruleset from disk: not on the runtime.
                let (shared, uri, rope) = (self.shared.clone(), uri.clone(), parsed.rope.clone());
                let all = diagnostics.clone();
                let off = off_thread("codeAction", move || {
                    let found: Vec<&crate::analysis::Diagnostic> =
                        all.iter().filter(|d| here(d)).collect();
                    Some(disable::actions(&shared, &uri, &rope, &found))
                })
                .await;
                actions.extend(off.unwrap_or_default());
            }
            let fix_all = CodeActionKind::new(FIX_ALL_KIND);
            if asked(&fix_all, false) {
                let edits = crate::analysis::fix::fix_all_edits(&diagnostics);
                if !edits.is_empty() {
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: "Fix all safely fixable problems (specls)".into(),
                        kind: Some(fix_all),
                        edit: Some(edit(to_edits(&edits))),
                        ..Default::default()
                    }));
                }
            }
            Ok(Some(actions))
        })
        .await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        guard_request("executeCommand", async {
            match params.command.as_str() {
                breaking::REPORT_COMMAND => breaking::report(&self.shared, params.arguments).await,
                other => Err(Error::invalid_params(format!("unknown command `{other}`"))),
            }
        })
        .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        guard_request("codeLens", async {
            let uri = params.text_document.uri;
            let Some((parsed, kind)) = self.shared.parse_of(&uri).await else {
                return Ok(None);
            };
            let Some(file) = uri.to_file_path().map(|p| crate::refs::normalize(&p)) else {
                return Ok(None);
            };
            let enc = self.shared.encoding();
            let shared = self.shared.clone();
            let lenses = off_thread("codeLens", move || {
                lens::lenses(&shared, &uri, &parsed, &file, kind.family, enc)
            })
            .await;
            Ok(lenses)
        })
        .await
    }

    async fn will_rename_files(&self, params: RenameFilesParams) -> Result<Option<WorkspaceEdit>> {
        guard_request("willRenameFiles", async {
            self.shared.current_texts().await;
            let shared = self.shared.clone();
            let edit = off_thread("willRenameFiles", move || {
                files::will_rename(&shared, &params)
            })
            .await;
            Ok(edit)
        })
        .await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        guard_notification("didChangeWatchedFiles", async {
            if ruleset::affected(&self.shared, &params.changes) {
                ruleset::reload(&self.shared).await;
            }
            let shared = self.shared.clone();
            let _ = tokio::task::spawn_blocking(move || {
                for change in params.changes {
                    let Some(path) = change
                        .uri
                        .to_file_path()
                        .map(|p| crate::refs::normalize(&p))
                    else {
                        continue;
                    };
                    if change.typ == FileChangeType::DELETED {
                        shared.disk.forget(&path);
                        shared.index.remove(&path);
                    } else if crate::syntax::Lang::from_path(&path).is_some()
                        && crate::refs::Loader::inside(
                            &loader::WorkspaceLoader::new(&shared),
                            &path,
                        )
                    {
                        shared.index.update_from_disk(&path, &shared.disk);
                    }
                }
            })
            .await;
            // Open documents may reference what changed.
            for uri in self.shared.docs.uris() {
                documents::schedule(&self.shared, uri);
            }
        })
        .await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        guard_notification("didChangeConfiguration", async {
            self.apply_editor_settings(&params.settings).await;
            ruleset::reload(&self.shared).await;
            let settings = self.shared.settings();
            for uri in self.shared.docs.uris() {
                self.shared.docs.resettle(&uri, &settings);
                documents::schedule(&self.shared, uri);
            }
        })
        .await
    }
}
