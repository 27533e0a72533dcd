//! Breaking changes over LSP: `workspace/executeCommand specls.breakingReport` compares the
//! editor's text of a document (unsaved) with its version at a git revision of a repository
//! built in a temporary folder.

mod support;

use std::path::Path;
use std::process::Command;

use serde_json::json;
use support::lsp_client::{file_uri, LspClient};

const BIN: &str = env!("CARGO_BIN_EXE_specls");

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args([
            "-c",
            "user.name=specls",
            "-c",
            "user.email=specls@example.com",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git is needed by this test");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

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

#[test]
fn the_report_command_compares_the_open_text_with_the_revision() {
    let dir = std::env::temp_dir().join(format!("specls-lsp-breaking-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("spec.yaml"), SPEC).unwrap();
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-qm", "first"]);

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
