//! Unused components in the editor: the hints of a document being analyzed, and which open
//! documents to analyze again when the workspace changes.

use std::path::Path;
use std::sync::Arc;

use tower_lsp_server::ls_types::Uri;

use super::{loader::WorkspaceLoader, Shared};
use crate::analysis::Diagnostic;
use crate::syntax::Parsed;

/// The `ref/unused-component` hints of `file`, whose newest text is `parsed`.
pub(crate) fn diagnostics(shared: &Shared, parsed: &Arc<Parsed>, file: &Path) -> Vec<Diagnostic> {
    let loader = WorkspaceLoader::new(shared);
    let open = |p: &Path| shared.docs.latest_by_path(p);
    let unused =
        crate::refs::unused::unused_components(&shared.index, &loader, &open, Some((file, parsed)));
    crate::refs::unused::diagnostics(parsed, file, &unused)
}

/// The open documents (but `except`) that hold components: what they use may have changed.
pub(crate) fn holders(shared: &Shared, except: Option<&Uri>) -> Vec<Uri> {
    shared
        .docs
        .uris()
        .into_iter()
        .filter(|u| Some(u) != except)
        .filter(|u| {
            shared.docs.latest(u).is_some_and(|(p, k)| {
                !crate::refs::unused::layout(&p, k.family)
                    .components
                    .is_empty()
            })
        })
        .collect()
}
