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
use crate::diff::{self, git::GitLoader, Side};
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
    let old_root = git.canonical(path);
    let old_parsed = git
        .load(&old_root)
        .ok_or_else(|| format!("{} is not in {rev}: nothing to compare", path.display()))?;
    let old = Side::with_root(old_root, old_parsed, &git);
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
