//! The workspace's Spectral ruleset in the server: loaded when the client is ready, loaded
//! again when its file (or a file it extends) changes on disk or the settings change. Its own
//! diagnostics are published on its URI (when it is open, its analysis publishes them).

use std::sync::Arc;

use tower_lsp_server::ls_types::{FileEvent, Uri};

use super::{convert, documents, Shared};

/// Whether a change on disk touches the ruleset: one of its files, or a file that could
/// become the ruleset (a default name at a workspace root).
pub(crate) fn affected(shared: &Shared, changes: &[FileEvent]) -> bool {
    let files: Vec<_> = shared
        .settings
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .ruleset
        .as_ref()
        .map(|r| r.files.clone())
        .unwrap_or_default();
    // With `rulesetPath` set, any change may be the ruleset appearing: loading it is cheap.
    let named = !shared.settings().ruleset_path.is_empty();
    changes.iter().any(|c| {
        let Some(p) = c.uri.to_file_path() else {
            return false;
        };
        let p = crate::refs::normalize(&p);
        named
            || files.contains(&p)
            || p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| crate::lint::ruleset::DEFAULT_NAMES.contains(&n))
    })
}

/// Loads the ruleset again (or finds there is none) and publishes its diagnostics; the
/// caller then analyzes the open documents again.
pub(crate) async fn reload(shared: &Arc<Shared>) {
    let root = shared
        .roots
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .first()
        .cloned();
    let before = shared
        .settings
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .ruleset
        .as_ref()
        .map(|r| r.file.clone());
    // Read here, without an `.await` before the settings hold it: the documents opened right
    // after `initialized` are analyzed with it. A remote `extends` is fetched (waiting for it,
    // up to the `remoteRefs` timeout) only from the URLs `remoteRefs` allows; the runtime moves
    // its other tasks off this worker meanwhile (`block_in_place`, on the server's multi-thread
    // runtime).
    let loaded = match &root {
        Some(root) => tokio::task::block_in_place(|| {
            let settings = shared.settings();
            let remote = crate::refs::remote::Policy::from_settings(&settings);
            crate::lint::ruleset::load_for_with(root, Some(&settings.ruleset_path), &remote)
        }),
        None => Ok(None),
    };
    let ruleset = match loaded {
        Ok(r) => r.map(Arc::new),
        Err(e) => {
            shared.warn_user(&e).await;
            None
        }
    };
    if let Some(r) = &ruleset {
        tracing::info!("Spectral ruleset from {}", r.file.display());
    }
    shared
        .settings
        .write()
        .unwrap_or_else(|e| e.into_inner())
        .ruleset = ruleset.clone();
    // A ruleset that went away (or moved) leaves no diagnostics behind.
    if let Some(old) = before.filter(|b| ruleset.as_ref().is_none_or(|r| &r.file != b)) {
        if let Some(uri) = Uri::from_file_path(&old) {
            if !shared.docs.uris().contains(&uri) {
                shared
                    .client
                    .publish_diagnostics(uri, Vec::new(), None)
                    .await;
            }
        }
    }
    let Some(r) = ruleset else { return };
    let Some(uri) = Uri::from_file_path(&r.file) else {
        return;
    };
    // Open, its own analysis publishes them (in its text as it is in the editor).
    if shared.docs.uris().contains(&uri) {
        documents::schedule(shared, uri);
        return;
    }
    let rope = ropey::Rope::from_str(&r.text);
    let enc = shared.encoding();
    let diagnostics = r
        .diagnostics
        .iter()
        .map(|d| convert::diagnostic(&uri, &rope, d, enc))
        .collect();
    shared
        .client
        .publish_diagnostics(uri, diagnostics, None)
        .await;
}
