//! The lint rules end to end: over LSP (a finding, its quick-fix applied, the finding gone;
//! `source.fixAll.specls`), and every fix of every finding applied on the lint test workspace
//! and on a sample of corpus specs (the text still parses and the finding is gone).

mod support;

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use specls::analysis::{fix::apply_edits, Diagnostic};
use specls::cli::{self, FileReport};
use specls::lint::Preset;
use specls::settings::Settings;
use support::apply_lsp_edits;
use support::lsp_client::{diagnostic_codes, file_uri, LspClient};

const BIN: &str = env!("CARGO_BIN_EXE_specls");

const SPEC: &str = "\
openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
servers:
  - url: https://api.example.com/v1/
tags:
  - name: pets
paths:
  /pets:
    get:
      tags: [pets, owners]
      description: Lists the pets.
      responses:
        '200':
          description: ok
components:
  schemas:
    Kind:
      type: string
      enum: [cat, dog, cat]
";

fn scratch(tag: &str) -> PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("specls-lint-{tag}-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn code_actions(c: &mut LspClient, uri: &str, range: Value, only: Option<&[&str]>) -> Vec<Value> {
    let mut context = json!({"diagnostics": []});
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": context}),
    );
    r["result"].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_quick_fix_over_lsp_removes_its_finding() {
    let dir = scratch("quickfix");
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&file_uri(&dir), &["utf-16"], json!({}));
    let uri = file_uri(&dir.join("api.yaml"));
    c.did_open(&uri, "yaml", 1, SPEC);
    let d = c.diagnostics(&uri, Some(1)).unwrap();
    let found = diagnostic_codes(&d);
    for code in [
        "operation-operationId",
        "oas3-server-trailing-slash",
        "operation-tag-defined",
        "duplicated-entry-in-enum",
        "info-contact",
    ] {
        assert!(found.iter().any(|c| c == code), "{code} in {found:?}");
    }
    let diag = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "operation-operationId")
        .unwrap()
        .clone();
    assert_eq!(diag["data"]["fix"]["applicability"], "safe");
    assert!(diag["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("docs/rules/operation-operationId.md"));
    let actions = code_actions(&mut c, &uri, diag["range"].clone(), None);
    let action = actions
        .iter()
        .find(|a| a["diagnostics"][0]["code"] == "operation-operationId")
        .unwrap_or_else(|| panic!("no fix in {actions:?}"));
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["isPreferred"], true, "a safe fix is preferred");
    let edits = action["edit"]["changes"][&uri].as_array().unwrap();
    let fixed = apply_lsp_edits(SPEC, edits);
    assert!(fixed.contains("operationId: getPets\n"), "{fixed}");
    c.did_change(&uri, 2, json!([{"text": fixed}]));
    let d = c.diagnostics(&uri, Some(2)).unwrap();
    let found = diagnostic_codes(&d);
    assert!(
        !found.iter().any(|c| c == "operation-operationId"),
        "{found:?}"
    );
    assert!(
        found.iter().any(|c| c == "info-contact"),
        "the others stay: {found:?}"
    );

    // An unsafe fix (a placeholder contact) is offered, not preferred.
    let contact = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "info-contact")
        .unwrap()
        .clone();
    let actions = code_actions(&mut c, &uri, contact["range"].clone(), Some(&["quickfix"]));
    let action = actions
        .iter()
        .find(|a| a["diagnostics"][0]["code"] == "info-contact")
        .unwrap();
    assert_eq!(action["isPreferred"], false);
    assert_eq!(c.shutdown().unwrap().code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fix_all_applies_the_safe_fixes_only() {
    let dir = scratch("fixall");
    let mut c = LspClient::start(BIN, &[]);
    let init = c.initialize(&file_uri(&dir), &["utf-16"], json!({}));
    let kinds = &init["capabilities"]["codeActionProvider"]["codeActionKinds"];
    assert!(
        kinds
            .as_array()
            .unwrap()
            .contains(&json!("source.fixAll.specls")),
        "{kinds}"
    );
    let uri = file_uri(&dir.join("api.yaml"));
    c.did_open(&uri, "yaml", 1, SPEC);
    let before = diagnostic_codes(&c.diagnostics(&uri, Some(1)).unwrap());
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 30, "character": 0}});
    // Asked as VS Code's "fix all" asks: the kind above ours.
    let actions = code_actions(&mut c, &uri, whole.clone(), Some(&["source.fixAll"]));
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.specls");
    let fixed = apply_lsp_edits(
        SPEC,
        actions[0]["edit"]["changes"][&uri].as_array().unwrap(),
    );
    c.did_change(&uri, 2, json!([{"text": fixed.clone()}]));
    let after = diagnostic_codes(&c.diagnostics(&uri, Some(2)).unwrap());
    for gone in [
        "operation-operationId",
        "oas3-server-trailing-slash",
        "operation-tag-defined",
        "duplicated-entry-in-enum",
    ] {
        assert!(
            before.iter().any(|c| c == gone) && !after.iter().any(|c| c == gone),
            "{gone}: {after:?}"
        );
    }
    // Unsafe ones are left for a person to pick.
    assert!(after.iter().any(|c| c == "info-contact"), "{after:?}");
    assert!(
        fixed.contains("enum: [cat, dog]") && fixed.contains("- {name: owners}"),
        "{fixed}"
    );
    // A quick-fix request does not get the fix-all action.
    let quick = code_actions(&mut c, &uri, whole, None);
    assert!(quick.iter().all(|a| a["kind"] == "quickfix"), "{quick:?}");
    assert_eq!(c.shutdown().unwrap().code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The findings of one file with every rule on, as `specls check <its folder>` gives them.
fn check(file: &Path) -> FileReport {
    let mut settings = Settings::default();
    settings.lint.preset = Preset::All;
    let root = file.parent().unwrap().to_path_buf();
    let loader = specls::refs::DiskLoader::new(vec![root], settings.max_file_size());
    cli::check_all(&[file.to_path_buf()], &settings, &loader)
        .pop()
        .unwrap()
        .unwrap()
}

fn broken(r: &FileReport) -> usize {
    r.diagnostics
        .iter()
        .filter(|d| d.code.starts_with("syntax/") || d.code.starts_with("document/"))
        .count()
}

/// How many findings of `code` a report has. The two unused-component hints count as one
/// code: removing an unused component turns what only it named from one into the other.
fn count(r: &FileReport, code: &str) -> usize {
    let unused = specls::refs::unused::is_unused_code;
    r.diagnostics
        .iter()
        .filter(|d| d.code == code || (unused(code) && unused(d.code)))
        .count()
}

/// Applies each fix (at most `per_code` of each code) to a scratch copy of `file`: the result
/// parses no worse and has one finding of that code fewer. Returns how many fixes were tried.
fn every_fix(file: &Path, per_code: usize, failures: &mut Vec<String>) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    let report = check(file);
    let dir = scratch("every-fix");
    let copy = dir.join(file.file_name().unwrap());
    let mut tried = 0;
    let mut per: std::collections::HashMap<&str, usize> = Default::default();
    let with_fix: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.fix.is_some())
        .collect();
    for d in with_fix {
        let n = per.entry(d.code).or_default();
        if *n >= per_code {
            continue;
        }
        *n += 1;
        tried += 1;
        let mut edits = d.fix.as_ref().unwrap().edits.clone();
        edits.sort_by_key(|(r, _)| r.start);
        let Some(fixed) = apply_edits(&text, &edits) else {
            failures.push(format!(
                "{}: {} {:?}: the edits do not fit",
                file.display(),
                d.code,
                d.range
            ));
            continue;
        };
        std::fs::write(&copy, &fixed).unwrap();
        let after = check(&copy);
        if broken(&after) > broken(&report) || count(&after, d.code) >= count(&report, d.code) {
            failures.push(format!(
                "{}: the fix of {} at {:?} ({:?}) leaves {} of it (was {}), {} syntax problems (was {})",
                file.display(),
                d.code,
                d.range,
                d.fix.as_ref().unwrap().title,
                count(&after, d.code),
                count(&report, d.code),
                broken(&after),
                broken(&report)
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    tried
}

#[test]
fn every_fix_of_the_lint_workspace_removes_its_finding() {
    let ws = Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-workspaces/lint/rules");
    let mut failures = Vec::new();
    let mut tried = 0;
    for f in support::walk(&ws) {
        if matches!(
            f.extension().and_then(|e| e.to_str()),
            Some("yaml" | "json")
        ) {
            tried += every_fix(&f, usize::MAX, &mut failures);
        }
    }
    assert!(tried >= 20, "only {tried} fixes");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A sample of the corpus: every tenth OpenAPI file under 300 kB, a few fixes of each code.
#[test]
fn fixes_on_a_sample_of_the_corpus_remove_their_finding() {
    let corpus = support::corpus_dir().join("openapi");
    let mut files: Vec<PathBuf> = support::walk(&corpus)
        .into_iter()
        .filter(|f| {
            matches!(
                f.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .filter(|f| std::fs::metadata(f).is_ok_and(|m| m.len() < 300_000))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut tried = 0;
    for f in files.iter().step_by(10) {
        tried += every_fix(f, 2, &mut failures);
    }
    assert!(tried >= 30, "only {tried} fixes tried");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
