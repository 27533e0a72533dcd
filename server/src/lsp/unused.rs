//! Unused components in the editor: the hints of a document being analyzed, and which open
//! documents to analyze again when the workspace changes.

use std::path::Path;
use std::sync::Arc;

use tower_lsp_server::ls_types::Uri;

use super::{loader::WorkspaceLoader, Shared};
use crate::analysis::Diagnostic;
use crate::syntax::Parsed;

/// The `ref/unused-component` hints of `file`, whose newest text is `parsed`, and whether they
/// are this text's. Working them out walks every `$ref` of the workspace (tens of milliseconds
/// on a large spec), so unless `now`, the newest hints worked out for an earlier state of the
/// workspace stand in, placed on this text's components of the same names; the worker works
/// out this text's own when typing pauses ([`Hints::Stale`]).
pub(crate) fn diagnostics(
    shared: &Shared,
    parsed: &Arc<Parsed>,
    file: &Path,
    now: bool,
) -> (Vec<Diagnostic>, Hints) {
    use crate::refs::unused;
    let loader = WorkspaceLoader::new(shared);
    let open = |p: &Path| shared.docs.latest_by_path(p);
    let current = Some((file, parsed));
    let (found, hints) =
        match unused::unused_components_if(&shared.index, &loader, &open, current, now) {
            Some(found) => (found, Hints::Fresh),
            None => match unused::latest(&shared.index) {
                Some(stale) => (stale, Hints::Stale),
                None => (
                    unused::unused_components(&shared.index, &loader, &open, current),
                    Hints::Fresh,
                ),
            },
        };
    let mut out = unused::diagnostics(parsed, file, &found);
    if !out.is_empty() {
        // The rules that name `ref/unused-component` may set its severity.
        let line = crate::spec::detect(&parsed.tree, &parsed.rope, None).line;
        let settings = shared.settings();
        crate::lint::configure(&mut out, &settings.lint.for_path(Some(file)), line);
    }
    (out, hints)
}

/// Whether a document's unused-component hints are of its newest text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hints {
    Fresh,
    Stale,
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
