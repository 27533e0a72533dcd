//! Code lenses: "N references" above each component's key.
//!
//! Each lens carries the command `specls.showReferences` with the arguments
//! `[uri, position, locations]` (the document, the key's start, the references as LSP
//! `Location`s), as rust-analyzer's `rust-analyzer.showReferences`: clients map it to their
//! references view (VS Code: `editor.action.showReferences` after converting the arguments).

use std::path::Path;
use std::sync::Arc;

use tower_lsp_server::ls_types::{CodeLens, Command, Uri};

use super::{convert, loader::WorkspaceLoader, reference_locations, Shared};
use crate::refs::{self, Resolution};
use crate::spec::Family;
use crate::syntax::node::{pointer_of, PathSegment};
use crate::syntax::{Parsed, PositionEncoding};

pub const SHOW_REFERENCES: &str = "specls.showReferences";

pub(crate) fn lenses(
    shared: &Shared,
    uri: &Uri,
    parsed: &Arc<Parsed>,
    file: &Path,
    family: Family,
    enc: PositionEncoding,
) -> Option<Vec<CodeLens>> {
    let components = refs::unused::layout(parsed, family).components;
    if components.is_empty() {
        return Some(Vec::new());
    }
    let loader = WorkspaceLoader::new(shared);
    // What "find references" on the key looks for: where the key's pointer leads.
    let mut targets = Vec::new();
    let mut at = Vec::new();
    for c in &components {
        let segments: Vec<PathSegment> = c.path.iter().cloned().map(PathSegment::Key).collect();
        let pointer = format!("#{}", pointer_of(&segments));
        if let Resolution::Found { file: t, range } = refs::resolve(&pointer, file, parsed, &loader)
        {
            targets.push((t, range));
            at.push(c.key.start);
        }
    }
    let open = |p: &Path| shared.docs.latest_by_path(p);
    let found = shared.index.references_many(&targets, &loader, &open);
    let mut out = Vec::new();
    for (start, refs) in at.into_iter().zip(found) {
        let n = refs.len();
        let locations = reference_locations(&loader, parsed, file, refs, enc)?;
        let position = convert::position(&parsed.rope, start, enc);
        out.push(CodeLens {
            range: convert::range(&parsed.rope, &(start..start), enc),
            command: Some(Command {
                title: format!("{n} reference{}", if n == 1 { "" } else { "s" }),
                command: SHOW_REFERENCES.into(),
                arguments: Some(vec![
                    serde_json::to_value(uri).ok()?,
                    serde_json::to_value(position).ok()?,
                    serde_json::to_value(locations).ok()?,
                ]),
            }),
            data: None,
        });
    }
    Some(out)
}
