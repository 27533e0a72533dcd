//! Breaking changes over LSP: `workspace/executeCommand specls.breakingReport` compares the
//! editor's text of a document (unsaved) with its version at a git revision of a repository
//! built in a temporary folder.

mod support;

use support::git;

use std::path::Path;

use serde_json::json;
use support::lsp_client::{file_uri, LspClient};

const BIN: &str = env!("CARGO_BIN_EXE_specls");

const SPEC: &str = "openapi: 3.0.3
info: {title: Editor, version: '1.0'}
paths:
  /jobs:
    get:
      parameters:
        - name: status
          in: query
          schema:
            type: string
            enum: [queued, pending, done]
      responses:
        '200': {description: ok}
";

/// A repository in `dir` whose one commit holds `spec.yaml` = `spec`.
fn committed_spec(dir: &Path, spec: &str) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("spec.yaml"), spec).unwrap();
    git(dir, &["init", "-q"]);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-qm", "first"]);
}

#[test]
fn the_report_command_compares_the_open_text_with_the_revision() {
    let dir = std::env::temp_dir().join(format!("specls-lsp-breaking-{}", std::process::id()));
    committed_spec(&dir, SPEC);

    let mut c = LspClient::start(BIN, &[]);
    let init = c.initialize(&file_uri(&dir), &["utf-16"], json!({}));
    assert_eq!(
        init["capabilities"]["executeCommandProvider"]["commands"],
        json!(["specls.breakingReport"])
    );
    let uri = file_uri(&dir.join("spec.yaml"));
    // The editor's text drops `pending`; the file on disk still has it.
    c.did_open(
        &uri,
        "yaml",
        1,
        &SPEC.replace("queued, pending, done", "queued, done"),
    );
    let resp = c.request(
        "workspace/executeCommand",
        json!({"command": "specls.breakingReport", "arguments": [uri]}),
    );
    let md = resp["result"].as_str().unwrap_or_else(|| panic!("{resp}"));
    assert!(
        md.starts_with("# API changes since HEAD: spec.yaml\n"),
        "{md}"
    );
    assert!(
        md.contains("**1 change: 1 breaking, 0 warnings, 0 info**"),
        "{md}"
    );
    assert!(
        md.contains("| `request-parameter-enum-value-removed` | query parameter `status`: enum value `pending` removed (in GET /jobs) | spec.yaml:11 |"),
        "{md}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("spec.yaml")).unwrap(),
        SPEC
    );

    // A revision that does not exist, and an unknown command: errors, and the server goes on.
    let resp = c.request(
        "workspace/executeCommand",
        json!({"command": "specls.breakingReport", "arguments": [uri, "no-such-rev"]}),
    );
    let message = resp["error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("{resp}"));
    assert!(message.contains("is not a revision"), "{message}");
    let resp = c.request(
        "workspace/executeCommand",
        json!({"command": "nope", "arguments": []}),
    );
    assert!(resp["error"].is_object(), "{resp}");
    let resp = c.request(
        "workspace/executeCommand",
        json!({"command": "specls.breakingReport", "arguments": [uri, "HEAD"]}),
    );
    assert!(resp["result"].as_str().is_some(), "{resp}");
    assert_eq!(c.shutdown().and_then(|s| s.code()), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The `specls-breaking` diagnostics of a publish.
fn breaking(d: &serde_json::Value) -> Vec<(String, String)> {
    d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["source"] == "specls-breaking")
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The first diagnostics after an edit that turned a type into `integer`, where a removed enum
/// value (check `enum_check`) was hinted before: the type change is hinted at once, and the enum
/// hint is this text's own, with its fix (a stand-in would have neither). The enum hint.
fn compared_at_once(d: &serde_json::Value, enum_check: &str) -> serde_json::Value {
    assert!(
        breaking(d)
            .iter()
            .any(|(code, _)| code.contains("type-changed")),
        "the type change is hinted at once: {d}"
    );
    let enum_hint = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == enum_check)
        .unwrap_or_else(|| panic!("{d}"))
        .clone();
    assert!(
        !enum_hint["data"].is_null(),
        "the hint is this text's own, with its fix: {enum_hint}"
    );
    enum_hint
}

/// A server on a repository in `dir` whose commit holds `committed`, with
/// `edited` open: the client, the document's URI, and its first diagnostics with a hint (the
/// baseline is read in the background; then the document is analyzed again).
fn opened_with_a_hint(
    dir: &Path,
    committed: &str,
    edited: &str,
) -> (LspClient, String, serde_json::Value) {
    committed_spec(dir, committed);
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&file_uri(dir), &["utf-16"], json!({}));
    let uri = file_uri(&dir.join("spec.yaml"));
    c.did_open(&uri, "yaml", 1, edited);
    let u = uri.clone();
    let d = c
        .wait_for(move |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == u.as_str()
                && !breaking(&m["params"]).is_empty()
        })
        .expect("a breaking-change hint")["params"]
        .clone();
    (c, uri, d)
}

#[test]
fn breaking_change_hints_follow_the_typing() {
    let dir = std::env::temp_dir().join(format!("specls-lsp-hints-{}", std::process::id()));
    let edited = SPEC.replace("queued, pending, done", "queued, done");
    let (mut c, uri, d) = opened_with_a_hint(&dir, SPEC, &edited);
    let hints = breaking(&d);
    assert_eq!(hints.len(), 1, "{d}");
    assert_eq!(hints[0].0, "request-parameter-enum-value-removed");
    assert!(
        hints[0].1.contains("`pending`") && hints[0].1.contains("400"),
        "the hint says who breaks and how: {}",
        hints[0].1
    );
    let hint = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["source"] == "specls-breaking")
        .unwrap()
        .clone();
    assert!(
        hint["codeDescription"]["href"]
            .as_str()
            .is_some_and(|h| h.ends_with("docs/breaking/request-parameter-enum-value-removed.md")),
        "{hint}"
    );
    // A removal: its related information quotes what was removed.
    assert!(
        hint["relatedInformation"][0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("removed:") && m.contains("pending")),
        "{hint}"
    );
    // Its quick-fix puts the value back; applied, the hint goes.
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": hint["range"], "context": {"diagnostics": [hint]}}),
    );
    let actions = r["result"].as_array().cloned().unwrap_or_default();
    let fix = actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.contains("pending")))
        .unwrap_or_else(|| panic!("a fix that restores `pending`: {r}"));
    let edits = fix["edit"]["changes"][uri.as_str()]
        .as_array()
        .unwrap()
        .clone();
    let fixed = support::apply_lsp_edits(&edited, &edits);
    assert!(fixed.contains("pending"), "{fixed}");
    // While typing, the hints of the text before stand in (placed on the same nodes); when typing
    // pauses, this text's own are published for the same version.
    let settled = |c: &mut LspClient, version: i64, want: usize| {
        let u = uri.clone();
        c.wait_for(move |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == u.as_str()
                && m["params"]["version"] == version
                && breaking(&m["params"]).len() == want
        })
        .unwrap_or_else(|| panic!("version {version}: never {want} hints"))["params"]
            .clone()
    };
    c.did_change(&uri, 2, json!([{"text": fixed}]));
    settled(&mut c, 2, 0);
    // Typing the removal again brings it back.
    c.did_change(&uri, 3, json!([{"text": edited}]));
    let d = settled(&mut c, 3, 1);
    assert_eq!(breaking(&d)[0].0, "request-parameter-enum-value-removed");
    // An edit above the hint: the stand-in hint moves with its node.
    c.did_change(
        &uri,
        4,
        json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "# a comment\n"}]),
    );
    let first = c
        .diagnostics(&uri, Some(4))
        .expect("diagnostics of version 4");
    let line_of = |d: &serde_json::Value| {
        d["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["source"] == "specls-breaking")
            .map(|x| x["range"]["start"]["line"].as_u64().unwrap())
    };
    assert_eq!(line_of(&first), line_of(&d).map(|l| l + 1), "{first}");
    // An edit inside the operation: it is compared again at once, so the first diagnostics of
    // the new version have this text's own hints, fixes included (not stand-ins).
    settled(&mut c, 4, 1);
    c.did_change(
        &uri,
        5,
        json!([{"range": {"start": {"line": 10, "character": 18}, "end": {"line": 10, "character": 24}}, "text": "integer"}]),
    );
    let d = c
        .diagnostics(&uri, Some(5))
        .expect("diagnostics of version 5");
    let enum_hint = compared_at_once(&d, "request-parameter-enum-value-removed");
    // Hovering it says who it breaks and how, above the field's own documentation.
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": enum_hint["range"]["start"]}),
    );
    let md = r["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        md.starts_with("**Breaking change** [`request-parameter-enum-value-removed`]")
            && md.contains("**Who it breaks:** clients that send `pending`"),
        "{r}"
    );
    // With the setting empty, no hints.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"specls": {"breakingBaseline": ""}}}),
    );
    c.did_change(&uri, 6, json!([{"text": format!("{edited}\n")}]));
    let d = c
        .diagnostics(&uri, Some(6))
        .expect("diagnostics of version 6");
    assert!(breaking(&d).is_empty(), "{d}");
    assert_eq!(c.shutdown().and_then(|s| s.code()), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

const ASYNCAPI: &str = "asyncapi: 3.0.0
info: {title: Orders, version: '1.0'}
channels:
  orders:
    address: orders
    messages:
      placed:
        payload:
          type: object
          properties:
            status:
              type: string
              enum: [new, paid, shipped]
operations:
  onOrder:
    action: receive
    channel: {$ref: '#/channels/orders'}
";

/// AsyncAPI too: an edit inside a channel compares again, at once, the operations that reach it
/// through `$ref`s.
#[test]
fn asyncapi_hints_follow_the_typing() {
    let dir = std::env::temp_dir().join(format!("specls-lsp-async-hints-{}", std::process::id()));
    let edited = ASYNCAPI.replace("new, paid, shipped", "new, shipped");
    let (mut c, uri, d) = opened_with_a_hint(&dir, ASYNCAPI, &edited);
    let hints = breaking(&d);
    assert_eq!(hints.len(), 1, "{d}");
    assert_eq!(hints[0].0, "request-property-enum-value-removed", "{d}");
    assert!(hints[0].1.contains("`paid`"), "{}", hints[0].1);
    // `status` becomes an integer (line 12: `              type: string`): the first
    // diagnostics of the new version already have the type change and the enum hint with its fix
    // (stand-ins would have neither).
    c.did_change(
        &uri,
        2,
        json!([{"range": {"start": {"line": 11, "character": 20}, "end": {"line": 11, "character": 26}}, "text": "integer"}]),
    );
    let d = c
        .diagnostics(&uri, Some(2))
        .expect("diagnostics of version 2");
    compared_at_once(&d, "request-property-enum-value-removed");
    assert_eq!(c.shutdown().and_then(|s| s.code()), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
