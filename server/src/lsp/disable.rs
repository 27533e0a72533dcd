//! The "disable rule" code actions of a lint finding (see `analysis::disable`): finds the
//! workspace's ruleset file and its text (the editor's, when it is open), and turns the
//! analysis's edits into a `WorkspaceEdit`, versioned as every edit the server proposes.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use super::{convert, Shared};
use crate::analysis::disable::{self, RulesetEdit, RulesetFile};
use crate::analysis::Diagnostic;
use crate::syntax::{Lang, Parsed};

/// The ruleset the edits go to: the loaded one, else the file `rulesetPath` names or the
/// first default name that exists, else `.spectral.yaml` at the workspace root (created).
fn ruleset_path(shared: &Shared) -> Option<PathBuf> {
    let settings = shared.settings();
    if let Some(rs) = &settings.lint.ruleset {
        return Some(rs.0.file.clone());
    }
    let root = shared
        .roots
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .first()
        .cloned()?;
    let path = crate::lint::ruleset::find(&root, Some(&settings.ruleset_path))
        .unwrap_or_else(|| root.join(crate::lint::ruleset::DEFAULT_NAMES[0]));
    let path = crate::refs::normalize(&crate::refs::absolute(&path));
    // A ruleset outside the workspace folder is not read: none is written there either.
    path.starts_with(crate::refs::normalize(&root))
        .then_some(path)
}

/// The actions for the lint findings among `diagnostics` (those at the requested range) of
/// the document at `uri`.
pub(crate) fn actions(
    shared: &Shared,
    uri: &Uri,
    rope: &ropey::Rope,
    diagnostics: &[&Diagnostic],
) -> Vec<CodeActionOrCommand> {
    let lint = shared.settings().lint;
    // The kind the analysis gave the document: which rule stands for a specls check there.
    let line = shared
        .docs
        .latest(uri)
        .map_or(crate::spec::Line::Unknown, |(_, kind)| kind.line);
    let ids: Vec<(&Diagnostic, &'static str)> = diagnostics
        .iter()
        .filter_map(|d| Some((*d, disable::rule_to_disable(d.code, &lint, line)?)))
        .collect();
    if ids.is_empty() {
        return Vec::new();
    }
    let Some(doc) = uri.to_file_path().map(|p| crate::refs::normalize(&p)) else {
        return Vec::new();
    };
    let Some(path) = ruleset_path(shared) else {
        return Vec::new();
    };
    // The editor's text when it is open (with its version), else the disk's.
    let open = shared.docs.latest_by_path(&path);
    let version = open
        .as_ref()
        .and_then(|_| shared.docs.latest_version_by_path(&path));
    let parsed: Option<Arc<Parsed>> = match open {
        Some(p) => Some(p),
        None => match std::fs::read_to_string(&path) {
            Ok(text) => Some(Parsed::new(
                Lang::from_path(&path).unwrap_or(Lang::Yaml),
                &text,
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(_) => return Vec::new(),
        },
    };
    let file = RulesetFile {
        path: &path,
        parsed: parsed.as_deref(),
    };
    let enc = shared.encoding();
    let mut out = Vec::new();
    let mut done: Vec<&str> = Vec::new();
    for (d, id) in ids {
        if done.contains(&id) {
            continue;
        }
        done.push(id);
        for edit in disable::disable_rule(id, &doc, &file) {
            let Some(ws) = workspace_edit(shared, &edit, parsed.as_deref(), version) else {
                continue;
            };
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: edit.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![convert::diagnostic(uri, rope, d, enc)]),
                edit: Some(ws),
                is_preferred: Some(false),
                ..Default::default()
            }));
        }
    }
    out
}

/// The edit as the client takes it: a versioned text edit of the ruleset (the version of the
/// editor's text when it is open), or the creation of the file and its text. `None` when the
/// file is to be created and the client cannot create files.
fn workspace_edit(
    shared: &Shared,
    edit: &RulesetEdit,
    parsed: Option<&Parsed>,
    version: Option<i32>,
) -> Option<WorkspaceEdit> {
    let uri = Uri::from_file_path(&edit.file)?;
    let enc = shared.encoding();
    let text_edits: Vec<TextEdit> = match parsed {
        Some(p) => edit
            .edits
            .iter()
            .map(|(r, t)| TextEdit {
                range: convert::range(&p.rope, r, enc),
                new_text: t.clone(),
            })
            .collect(),
        None => edit
            .edits
            .iter()
            .map(|(_, t)| TextEdit {
                range: Range::default(),
                new_text: t.clone(),
            })
            .collect(),
    };
    if !edit.create {
        return Some(shared.workspace_edit(vec![(uri, version, text_edits)]));
    }
    if !shared.versioned_edits.load(Ordering::SeqCst) || !shared.create_files.load(Ordering::SeqCst)
    {
        return None;
    }
    Some(WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(vec![
            // Not over a file that appeared meanwhile: the client refuses the whole edit.
            DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                uri: uri.clone(),
                options: Some(CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(false),
                }),
                annotation_id: None,
            })),
            DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                edits: text_edits.into_iter().map(OneOf::Left).collect(),
            }),
        ])),
        ..Default::default()
    })
}

/// Whether the client creates files in a `WorkspaceEdit`.
pub(crate) fn client_creates_files(caps: &ClientCapabilities) -> bool {
    caps.workspace
        .as_ref()
        .and_then(|w| w.workspace_edit.as_ref())
        .and_then(|e| e.resource_operations.as_ref())
        .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create))
}
