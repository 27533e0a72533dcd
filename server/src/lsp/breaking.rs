//! Breaking changes in the editor: the `specls.breakingReport` command
//! (`workspace/executeCommand`), which compares an open document (its newest text, the files it
//! references as the editor has them) with its version at a git revision, read from the object
//! store (the working tree is not touched), and answers the report as Markdown.
//!
//! Arguments: the document's URI, then optionally the revision (default: the
//! `breakingBaseline` setting, `HEAD` unless set).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{LSPAny, Uri};

use super::loader::WorkspaceLoader;
use super::{off_thread, Shared};
use crate::diff::{self, git::GitLoader, incremental::Hinted, Side};
use crate::refs::{self, Loader};

pub const REPORT_COMMAND: &str = "specls.breakingReport";

fn invalid(message: String) -> Error {
    Error {
        code: ErrorCode::InvalidParams,
        message: message.into(),
        data: None,
    }
}

/// `specls.breakingReport [uri, revision?]`: the Markdown report.
pub(crate) async fn report(shared: &Arc<Shared>, args: Vec<LSPAny>) -> Result<Option<LSPAny>> {
    let uri: Uri = args
        .first()
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .ok_or_else(|| {
            invalid(format!(
                "{REPORT_COMMAND}: the first argument is the document's URI"
            ))
        })?;
    let rev = args
        .get(1)
        .and_then(|v| v.as_str())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| shared.settings().breaking_baseline.clone());
    let path = uri
        .to_file_path()
        .map(|p| refs::normalize(&p))
        .ok_or_else(|| invalid(format!("{REPORT_COMMAND}: {} is not a file", uri.as_str())))?;
    // The report is of the text the editor has.
    shared.current_texts().await;
    let (parsed, _) = shared
        .parse_of(&uri)
        .await
        .ok_or_else(|| invalid(format!("{REPORT_COMMAND}: {} is not open", uri.as_str())))?;
    let shared = shared.clone();
    let result = off_thread("breakingReport", move || {
        Some(markdown(&shared, &path, parsed, &rev))
    })
    .await
    .unwrap_or_else(|| Err("the comparison failed (see the server's log)".into()));
    match result {
        Ok(md) => Ok(Some(LSPAny::String(md))),
        Err(e) => Err(Error {
            code: ErrorCode::InternalError,
            message: format!("{REPORT_COMMAND}: {e}").into(),
            data: None,
        }),
    }
}

/// The baseline's files, as git has them, but only inside the workspace folders: the server
/// reads nothing outside them, from disk or from git.
struct InWorkspace<'a> {
    git: &'a GitLoader,
    roots: Vec<PathBuf>,
}

impl<'a> InWorkspace<'a> {
    fn new(git: &'a GitLoader, shared: &Shared) -> InWorkspace<'a> {
        let written = shared
            .roots
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let mut roots: Vec<PathBuf> = written.iter().map(|r| refs::normalize(r)).collect();
        roots.extend(written.iter().filter_map(|r| std::fs::canonicalize(r).ok()));
        InWorkspace { git, roots }
    }
}

impl Loader for InWorkspace<'_> {
    fn load(&self, path: &Path) -> Option<Arc<crate::syntax::Parsed>> {
        if self.inside(path) {
            self.git.load(path)
        } else {
            None
        }
    }
    fn exists(&self, path: &Path) -> bool {
        self.inside(path) && self.git.exists(path)
    }
    fn inside(&self, path: &Path) -> bool {
        self.git.inside(path) && self.roots.iter().any(|r| path.starts_with(r))
    }
    fn siblings(&self, _dir: &Path) -> Vec<String> {
        Vec::new()
    }
}

/// The old side of `file` at the loader's revision: the file and every file its `$ref`s reach,
/// as git has them, inside the workspace folders only.
fn old_side(shared: &Shared, git: &GitLoader, file: &Path) -> std::result::Result<Side, String> {
    let old_root = git.canonical(file);
    let in_workspace = InWorkspace::new(git, shared);
    let parsed = in_workspace.load(&old_root).ok_or_else(|| {
        format!(
            "{} is not in {} (or not inside the workspace folders): nothing to compare",
            file.display(),
            git.rev
        )
    })?;
    Ok(Side::with_root(old_root, parsed, &in_workspace))
}

fn markdown(
    shared: &Shared,
    path: &Path,
    parsed: Arc<crate::syntax::Parsed>,
    rev: &str,
) -> std::result::Result<String, String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let git = GitLoader::new(dir, rev, shared.settings().max_file_size())?;
    let loader = WorkspaceLoader::new(shared);
    let new = Side::with_root(path.to_path_buf(), parsed, &loader);
    let old = old_side(shared, &git, path)?;
    let changes = diff::diff(&old, &new)?;
    let roots: Vec<PathBuf> = shared
        .roots
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let show = |file: &Path| -> String {
        let rel = roots
            .iter()
            .chain(std::iter::once(&git.top))
            .find_map(|r| file.strip_prefix(r).ok())
            .unwrap_or(file);
        rel.display().to_string().replace('\\', "/")
    };
    let place = |l: &diff::Location, is_old: bool| {
        let side = if is_old { &old } else { &new };
        let (line, col) = side
            .files
            .iter()
            .find(|(p, _)| *p == l.file)
            .map(|(_, p)| crate::syntax::text::human_position(&p.rope, l.range.start))
            .unwrap_or((1, 1));
        (show(&l.file), line, col)
    };
    Ok(diff::report::markdown(
        &format!("API changes since {rev}: {}", show(path)),
        &changes,
        &place,
    ))
}

/// How long a baseline is used before the revision is looked up again (a commit, a checkout or
/// a fetch may have moved it).
const RECHECK: std::time::Duration = std::time::Duration::from_secs(20);

/// The old sides of the breaking-change hints: each root file at the `breakingBaseline`
/// revision, read in the background (a large spec takes a second to parse) and kept while the
/// revision names the same commit.
#[derive(Default)]
pub(crate) struct Baselines {
    map: std::sync::Mutex<std::collections::HashMap<(PathBuf, String), Baseline>>,
}

enum Baseline {
    /// Being read; no hints until it is.
    Loading,
    /// The old side, the commit it is from, and when the revision was last looked up.
    Ready(Arc<Side>, String, std::time::Instant),
    /// No old side (not in a git repository, not in that revision), and since when.
    Missing(std::time::Instant),
}

impl Baselines {
    /// The old side of `file` at `rev`, if it has been read. Starts reading it (or looking up
    /// the revision again) in the background when needed; the open documents are analyzed
    /// again when a new one is ready.
    fn get(&self, shared: &Arc<Shared>, file: &Path, rev: &str) -> Option<Arc<Side>> {
        let key = (file.to_path_buf(), rev.to_string());
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let (current, start) = match map.get(&key) {
            None => (None, true),
            Some(Baseline::Loading) => (None, false),
            Some(Baseline::Ready(side, _, at)) => (Some(side.clone()), at.elapsed() > RECHECK),
            Some(Baseline::Missing(at)) => (None, at.elapsed() > RECHECK),
        };
        if start {
            let known = match map.get(&key) {
                Some(Baseline::Ready(side, commit, _)) => Some((side.clone(), commit.clone())),
                _ => None,
            };
            if known.is_none() {
                map.insert(key.clone(), Baseline::Loading);
            } else if let Some(Baseline::Ready(_, _, at)) = map.get_mut(&key) {
                // Looked up again once per interval, whatever the outcome.
                *at = std::time::Instant::now();
            }
            let shared = shared.clone();
            std::thread::spawn(move || {
                let (baseline, news) = read_baseline(&shared, &key.0, &key.1, known);
                shared
                    .baselines
                    .map
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(key, baseline);
                if news {
                    // Analyzed again with (or without) the new baseline.
                    shared.remote_arrived.notify_one();
                }
            });
        }
        current
    }
}

/// Reads the old side of `file` at `rev`; `known` is the side read before and its commit (kept
/// if the revision still names that commit). Also says whether the hints may change.
fn read_baseline(
    shared: &Arc<Shared>,
    file: &Path,
    rev: &str,
    known: Option<(Arc<Side>, String)>,
) -> (Baseline, bool) {
    let now = std::time::Instant::now();
    let dir = file.parent().unwrap_or(Path::new("."));
    let git = match GitLoader::new(dir, rev, shared.settings().max_file_size()) {
        Ok(g) => g,
        Err(e) => {
            tracing::debug!("no breaking-change baseline for {}: {e}", file.display());
            return (Baseline::Missing(now), known.is_some());
        }
    };
    if let Some((side, commit)) = known {
        if commit == git.commit {
            return (Baseline::Ready(side, commit, now), false);
        }
    }
    let started = std::time::Instant::now();
    let side = match old_side(shared, &git, file) {
        Ok(side) => side,
        Err(e) => {
            tracing::debug!("no breaking-change hints: {e}");
            return (Baseline::Missing(now), true);
        }
    };
    tracing::info!(
        file = %file.display(),
        rev,
        commit = %git.commit,
        ms = started.elapsed().as_secs_f64() * 1e3,
        "breaking-change baseline read"
    );
    (
        Baseline::Ready(Arc::new(side), git.commit.clone(), now),
        true,
    )
}

/// A hint worked out for an earlier text, and where it was: the JSON pointer of the node it
/// was on (a key, or a value), and its offset and length in that node.
struct Anchored {
    pointer: String,
    on_key: bool,
    delta: usize,
    len: usize,
    diagnostic: crate::analysis::Diagnostic,
}

/// The newest hints worked out for each file: anchored so that a later text can show them, and
/// the comparison they come from, with its baseline, to compare again only what an edit touched.
#[derive(Default)]
pub(crate) struct LastHints {
    map: std::sync::Mutex<std::collections::HashMap<PathBuf, Last>>,
}

impl LastHints {
    /// Forgets a closed document's hints (and the text they were worked out on).
    pub(crate) fn forget(&self, file: &Path) {
        self.map
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(file);
    }
}

struct Last {
    anchored: Vec<Anchored>,
    compared: Option<(Arc<Side>, Hinted)>,
}

/// The hints of the changes located in `file`.
fn diagnostics_of(changes: &[diff::Change], file: &Path) -> Vec<crate::analysis::Diagnostic> {
    changes
        .iter()
        .filter(|c| c.at.file == file)
        .zip(diff::editor::diagnostics(changes, file))
        .map(|(c, (mut d, _))| {
            d.message = format!("{} — {}", d.message, diff::editor::who(c));
            d
        })
        .collect()
}

/// The breaking-change hints of an analyzed spec (source `specls-breaking`, code = the check's
/// id): its changes against the `breakingBaseline` revision, on the nodes that changed, each
/// saying who it breaks and how, with the fixes as quick-fixes. Nothing for fragments and JSON
/// Schema documents, with the setting empty, or while the baseline is being read.
///
/// Comparing the whole spec takes about 60 ms on GitHub's, so unless `now`, the comparison of an
/// earlier text is compared again only where the edit since touched it
/// ([`Hinted::rediff`]: the operation, or the operations that reach the component). When it
/// cannot tell what an edit touched, the newest hints stand in, placed on the nodes at the same
/// JSON pointers in this text (without their fixes, whose edits were for that text), and the
/// worker works out this text's own when typing pauses. The second value says whether the
/// hints (and their fixes) are this text's.
pub(crate) fn hints(
    shared: &Arc<Shared>,
    file: &Path,
    parsed: &Arc<crate::syntax::Parsed>,
    kind: &crate::spec::SpecKind,
    now: bool,
) -> (Vec<crate::analysis::Diagnostic>, bool) {
    use crate::spec::Family;
    let rev = shared.settings().breaking_baseline;
    if rev.is_empty()
        || !matches!(
            kind.family,
            Family::Swagger | Family::OpenApi | Family::AsyncApi
        )
    {
        return (Vec::new(), true);
    }
    let old = shared.baselines.get(shared, file, &rev);
    let loader = WorkspaceLoader::new(shared);
    if !now {
        let mut last = shared
            .last_hints
            .map
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(last) = last.get_mut(file) {
            if let (Some(old), Some((base, hinted))) = (&old, last.compared.as_mut()) {
                if Arc::ptr_eq(old, base) {
                    let started = std::time::Instant::now();
                    match hinted.rediff(old, parsed.clone(), &loader) {
                        Ok(redone) => {
                            let hints = diagnostics_of(&hinted.changes, file);
                            last.anchored = hints.iter().filter_map(|d| anchor(d, parsed)).collect();
                            tracing::debug!(
                                ms = started.elapsed().as_secs_f64() * 1e3,
                                compared_again = redone.scopes.len(),
                                hints = hints.len(),
                                "breaking-change hints after an edit"
                            );
                            return (hints, !redone.fixes_dropped);
                        }
                        Err(why) => tracing::debug!(
                            "breaking-change hints: the whole spec is compared when typing pauses ({why})"
                        ),
                    }
                }
            }
            return (reanchor(&last.anchored, parsed), false);
        }
    }
    let Some(old) = old else {
        return (Vec::new(), true);
    };
    let started = std::time::Instant::now();
    let new = Side::with_root(file.to_path_buf(), parsed.clone(), &loader);
    let changes = match diff::diff(&old, &new) {
        Ok(c) => c,
        Err(e) => {
            tracing::debug!("breaking-change hints of {}: {e}", file.display());
            return (Vec::new(), true);
        }
    };
    let hints = diagnostics_of(&changes, file);
    let anchored = hints.iter().filter_map(|d| anchor(d, parsed)).collect();
    let hinted = Hinted::new(new, changes);
    if let Some(why) = hinted.whole_only() {
        tracing::debug!(
            "breaking-change hints of {}: edits are compared as a whole ({why})",
            file.display()
        );
    }
    shared
        .last_hints
        .map
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(
            file.to_path_buf(),
            Last {
                anchored,
                compared: Some((old, hinted)),
            },
        );
    tracing::debug!(
        ms = started.elapsed().as_secs_f64() * 1e3,
        hints = hints.len(),
        "breaking-change hints"
    );
    (hints, true)
}

/// The hover of the breaking-change hint at `offset` of `file` (the innermost, if several):
/// what changed, who it breaks and how, what was there. Only while the hints are this text's.
pub(crate) fn hover(
    shared: &Shared,
    file: &Path,
    parsed: &Arc<crate::syntax::Parsed>,
    offset: usize,
) -> Option<(String, std::ops::Range<usize>)> {
    let last = shared
        .last_hints
        .map
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let (_, hinted) = last.get(file)?.compared.as_ref()?;
    if !Arc::ptr_eq(&hinted.side().files[0].1, parsed) {
        return None;
    }
    hinted
        .changes
        .iter()
        .filter(|c| c.at.file == file && c.at.range.start <= offset && offset <= c.at.range.end)
        .min_by_key(|c| c.at.range.len())
        .map(|c| (diff::editor::hover(c), c.at.range.clone()))
}

/// A hover with the breaking change's on top.
pub(crate) fn with_change(
    change: Option<(String, tower_lsp_server::ls_types::Range)>,
    hover: Option<tower_lsp_server::ls_types::Hover>,
) -> Option<tower_lsp_server::ls_types::Hover> {
    use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind};
    let Some((md, range)) = change else {
        return hover;
    };
    let (value, range) = match hover {
        Some(Hover {
            contents: HoverContents::Markup(m),
            range: r,
        }) => (format!("{md}\n\n---\n\n{}", m.value), r.or(Some(range))),
        _ => (md, Some(range)),
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range,
    })
}

/// Where a hint is, in terms that survive edits elsewhere.
fn anchor(d: &crate::analysis::Diagnostic, parsed: &crate::syntax::Parsed) -> Option<Anchored> {
    let (path, node, on_key) = parsed.tree.path_at(d.range.start)?;
    let node_range = node.range();
    Some(Anchored {
        pointer: crate::syntax::node::pointer_of(&path),
        on_key,
        delta: d.range.start.checked_sub(node_range.start)?,
        len: d.range.len(),
        diagnostic: d.clone(),
    })
}

/// The anchored hints placed on `parsed`: those whose node is still there.
fn reanchor(
    anchored: &[Anchored],
    parsed: &crate::syntax::Parsed,
) -> Vec<crate::analysis::Diagnostic> {
    anchored
        .iter()
        .filter_map(|a| {
            let range = if a.on_key {
                let (parent, last) = a.pointer.rsplit_once('/')?;
                let token = crate::syntax::node::unescape_pointer_token(last);
                let map = parsed.tree.at_pointer(parent)?;
                let (key, _) = map
                    .entries()
                    .find(|(k, _)| k.node.key_text().as_deref() == Some(&*token))?;
                key.range()
            } else {
                parsed.tree.at_pointer(&a.pointer)?.range()
            };
            let start = (range.start + a.delta).min(range.end);
            let end = (start + a.len).min(range.end.max(start));
            let mut d = a.diagnostic.clone();
            d.range = start..end;
            // A hint's related information is on its own range (`diff::editor::diagnostics`).
            for r in &mut d.related {
                r.range = d.range.clone();
            }
            // The fix's edits were for the earlier text.
            d.fix = None;
            Some(d)
        })
        .collect()
}
