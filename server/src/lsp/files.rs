//! `workspace/willRenameFiles`: moving or renaming spec files and folders keeps their `$ref`s.

use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::*;

use super::{convert, loader::WorkspaceLoader, Shared};
use crate::refs::Loader;

/// The files and folders whose renames the server wants to hear of before they happen.
pub fn capabilities() -> WorkspaceFileOperationsServerCapabilities {
    let filter = |glob: &str, matches| FileOperationFilter {
        scheme: Some("file".into()),
        pattern: FileOperationPattern {
            glob: glob.into(),
            matches: Some(matches),
            options: None,
        },
    };
    WorkspaceFileOperationsServerCapabilities {
        will_rename: Some(FileOperationRegistrationOptions {
            filters: vec![
                filter("**/*.{yaml,yml,json}", FileOperationPatternKind::File),
                filter("**/*", FileOperationPatternKind::Folder),
            ],
        }),
        ..Default::default()
    }
}

/// The edits to make before the renames: every relative `$ref` to a moved file, and the
/// relative `$ref`s of the moved files, written for the new places.
pub(crate) fn will_rename(shared: &Shared, params: &RenameFilesParams) -> Option<WorkspaceEdit> {
    let path_of = |u: &str| -> Option<std::path::PathBuf> {
        let uri: Uri = u.parse().ok()?;
        Some(crate::refs::normalize(&uri.to_file_path()?))
    };
    let moves: Vec<_> = params
        .files
        .iter()
        .filter_map(|f| Some((path_of(&f.old_uri)?, path_of(&f.new_uri)?)))
        .collect();
    let open = |p: &Path| shared.docs.latest_by_path(p);
    let edits = crate::refs::moves::file_move_edits(&shared.index, &open, &moves);
    if edits.is_empty() {
        return None;
    }
    let loader = WorkspaceLoader::new(shared);
    let enc = shared.encoding();
    let mut changes: Vec<(PathBuf, Vec<TextEdit>)> = Vec::new();
    for (file, range, text) in edits {
        let Some(parsed) = loader.load(&file) else {
            continue;
        };
        let edit = TextEdit {
            range: convert::range(&parsed.rope, &range, enc),
            new_text: text,
        };
        match changes.iter_mut().find(|(p, _)| *p == file) {
            Some((_, list)) => list.push(edit),
            None => changes.push((file, vec![edit])),
        }
    }
    shared.workspace_edit_for_files(changes)
}
