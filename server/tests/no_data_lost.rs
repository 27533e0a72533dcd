//! No data lost: the server never writes a file; every edit it proposes (quick-fixes, fix-all,
//! rename) is a `WorkspaceEdit` whose document edits name the version of the text they were
//! made for, so that a client refuses an edit made for a text that has changed since.
//! (The CLI's `--fix` writes through a temporary file and a rename: `cli::tests`.)

use std::path::Path;

use serde_json::{json, Value};

mod support;

use support::lsp_client::{file_uri, LspClient};

const BIN: &str = env!("CARGO_BIN_EXE_specls");

/// `initialize` from a client that takes versioned edits (`documentChanges`).
fn start(root: &Path) -> LspClient {
    let mut c = LspClient::start(BIN, &[]);
    let r = c.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": file_uri(root),
            "workspaceFolders": [{"uri": file_uri(root), "name": "ws"}],
            "capabilities": {
                "general": {"positionEncodings": ["utf-16"]},
                "window": {"workDoneProgress": true},
                "workspace": {"workspaceEdit": {"documentChanges": true}},
                "textDocument": {"publishDiagnostics": {"versionSupport": true}},
            },
        }),
    );
    assert!(r.get("error").is_none(), "{r}");
    c.notify("initialized", json!({}));
    c.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
        .expect("the index is built");
    c
}

/// The document edits of a `WorkspaceEdit`: (uri, version) of each.
fn versions(edit: &Value) -> Vec<(String, Value)> {
    assert!(edit.get("changes").is_none(), "unversioned changes: {edit}");
    edit["documentChanges"]
        .as_array()
        .unwrap_or_else(|| panic!("documentChanges: {edit}"))
        .iter()
        .map(|d| {
            (
                d["textDocument"]["uri"].as_str().unwrap().to_string(),
                d["textDocument"]["version"].clone(),
            )
        })
        .collect()
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = support::walk(dir)
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn proposed_edits_name_their_version_and_nothing_is_written() {
    let src =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-workspaces/examples/petstore-3.0");
    let dir = support::scratch_copy(&src, "no-data-lost");
    // A server URL with a trailing slash: a finding with a safe fix.
    let spec = dir.join("openapi.yaml");
    let text = std::fs::read_to_string(&spec).unwrap().replace(
        "https://petstore.example.com/v1",
        "https://petstore.example.com/v1/",
    );
    std::fs::write(&spec, &text).unwrap();
    let before = snapshot(&dir);

    let mut c = start(&dir);
    let uri = file_uri(&spec);
    c.did_open(&uri, "yaml", 7, &text);
    let d = c.diagnostics(&uri, Some(7)).expect("diagnostics");
    let finding = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "oas3-server-trailing-slash")
        .unwrap_or_else(|| panic!("the trailing slash is reported: {d}"))
        .clone();
    let actions = |c: &mut LspClient, only: Option<&str>| -> Vec<Value> {
        let mut context = json!({"diagnostics": [finding.clone()]});
        if let Some(k) = only {
            context["only"] = json!([k]);
        }
        let r = c.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": finding["range"], "context": context}),
        );
        r["result"].as_array().cloned().unwrap_or_default()
    };
    let quick = actions(&mut c, None);
    assert!(!quick.is_empty(), "a quick-fix is offered");
    for a in &quick {
        assert_eq!(versions(&a["edit"]), vec![(uri.clone(), json!(7))], "{a}");
    }
    let all = actions(&mut c, Some("source.fixAll.specls"));
    assert_eq!(all.len(), 1);
    assert_eq!(versions(&all[0]["edit"]), vec![(uri.clone(), json!(7))]);

    // After an edit, the fixes are for the new version.
    c.did_change(
        &uri,
        8,
        json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "# edited\n"}]),
    );
    c.diagnostics(&uri, Some(8))
        .expect("diagnostics of version 8");
    let finding_line = finding["range"]["start"]["line"].as_u64().unwrap() + 1;
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": finding_line, "character": 0}, "end": {"line": finding_line, "character": 80}},
               "context": {"diagnostics": []}}),
    );
    let quick = r["result"].as_array().cloned().unwrap_or_default();
    assert!(!quick.is_empty(), "{r}");
    for a in &quick {
        assert_eq!(versions(&a["edit"]), vec![(uri.clone(), json!(8))], "{a}");
    }

    // Rename a component used in another, closed file: the open document's edit names its
    // version, the closed file's the disk (`null`).
    // (One line further down in version 8.)
    let line = 1 + text
        .lines()
        .position(|l| l == "    Pets:")
        .expect("the Pets component") as u32;
    let r = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 5}, "newName": "PetList"}),
    );
    let got = versions(&r["result"]);
    let pets = file_uri(&dir.join("paths/pets.yaml"));
    assert!(got.contains(&(uri.clone(), json!(8))), "{r}");
    assert!(got.contains(&(pets, Value::Null)), "{r}");

    // The server wrote nothing.
    assert_eq!(c.shutdown().and_then(|s| s.code()), Some(0));
    assert!(snapshot(&dir) == before, "a file on disk changed");
    let _ = std::fs::remove_dir_all(&dir);
}
