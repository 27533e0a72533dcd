//! End-to-end: the built `specls` binary driven over stdio by an LSP client.

mod support;

use serde_json::{json, Value};
use support::lsp_client::{file_uri, LspClient};
use support::scratch_copy;

const BIN: &str = env!("CARGO_BIN_EXE_specls");

fn root() -> String {
    file_uri(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-workspaces/examples"))
}

fn ranges(diags: &Value) -> Vec<(u64, u64, u64, u64, String)> {
    diags["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
                r["end"]["line"].as_u64().unwrap(),
                r["end"]["character"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn range(sl: u32, sc: u32, el: u32, ec: u32) -> Value {
    json!({"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}})
}

#[test]
fn utf16_session_with_incremental_edits_and_shutdown() {
    let mut c = LspClient::start(BIN, &[("SPECLS_DEBUG_PANIC", "1")]);
    let init = c.initialize(&root(), &["utf-16"], json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(
        init["capabilities"]["textDocumentSync"]["change"], 2,
        "incremental sync"
    );
    assert_eq!(init["serverInfo"]["name"], "specls");

    // A duplicate key after an emoji: UTF-16 columns count the emoji as two units.
    let uri = "file:///virtual/dup.json";
    c.did_open(uri, "json", 1, "{\"😀\": 1, \"😀\": 2}\n");
    let d = c
        .diagnostics(uri, Some(1))
        .expect("diagnostics for version 1");
    assert_eq!(
        ranges(&d),
        vec![(0, 10, 0, 14, "document/duplicate-key".into())]
    );
    let related = &d["diagnostics"][0]["relatedInformation"][0];
    assert_eq!(related["location"]["range"], range(0, 1, 0, 5));
    assert_eq!(related["location"]["uri"], uri);

    // Rename the second key: the diagnostic goes away.
    c.did_change(uri, 2, json!([{"range": range(0, 11, 0, 13), "text": "b"}]));
    let d = c
        .diagnostics(uri, Some(2))
        .expect("diagnostics for version 2");
    assert_eq!(ranges(&d), vec![]);

    // A batch of two changes, the second relative to the first's result: a trailing comma.
    c.did_change(
        uri,
        3,
        json!([
            {"range": range(0, 15, 0, 16), "text": "[2, 3]"},
            {"range": range(0, 20, 0, 20), "text": ","},
        ]),
    );
    let d = c
        .diagnostics(uri, Some(3))
        .expect("diagnostics for version 3");
    assert_eq!(
        ranges(&d),
        vec![(0, 20, 0, 21, "syntax/trailing-comma".into())]
    );

    // The node at a position, as a JSON pointer.
    let r = c.request(
        "specls/pointerAt",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 19}}),
    );
    assert_eq!(r["result"]["pointer"], "/b/1", "{r}");
    let r = c.request(
        "specls/pointerAt",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 11}}),
    );
    assert_eq!(r["result"]["pointer"], "/b");
    assert_eq!(r["result"]["onKey"], true);

    // A panic inside a handler answers an error, and the server goes on.
    let r = c.request("specls/debugPanic", Value::Null);
    assert_eq!(r["error"]["code"], -32603, "{r}");

    // Changes for a document never opened, and a stale version: ignored, nothing breaks.
    c.did_change(
        "file:///virtual/never-opened.json",
        2,
        json!([{"text": "{"}]),
    );
    c.did_change(uri, 2, json!([{"text": "garbage"}]));
    // Positions far past the end, and inside the surrogate pair of an emoji: clamped.
    c.did_change(
        uri,
        4,
        json!([{"range": range(999, 999, 1000, 5), "text": "\n"}]),
    );
    let d = c
        .diagnostics(uri, Some(4))
        .expect("diagnostics for version 4");
    assert_eq!(
        ranges(&d),
        vec![(0, 20, 0, 21, "syntax/trailing-comma".into())],
        "the stale change was not applied"
    );
    c.did_change(uri, 5, json!([{"range": range(0, 3, 0, 3), "text": "x"}]));
    let d = c
        .diagnostics(uri, Some(5))
        .expect("diagnostics for version 5");
    // "x" went in before the emoji (column 2), not inside it: the key reads "x😀".
    let r = c.request(
        "specls/pointerAt",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}}),
    );
    assert_eq!(r["result"]["pointer"], "/x😀", "{r} {d}");
    let r = c.request(
        "specls/pointerAt",
        json!({"textDocument": {"uri": uri}, "position": {"line": 5000, "character": 5000}}),
    );
    assert!(r.get("error").is_none(), "{r}");

    let status = c.shutdown().expect("the server exits after exit");
    assert_eq!(status.code(), Some(0));
}

/// What an analysis keeps for the next belongs to the open document, not to the worker that
/// made it: after typing paused (and the worker ended), the next keystroke checks the one path
/// item it changed, not every unit of the document again.
#[test]
fn the_first_keystroke_after_a_pause_checks_only_what_it_changed() {
    let log = std::env::temp_dir().join(format!("specls-paused-{}.log", std::process::id()));
    let mut c = LspClient::start_logged(BIN, &[("SPECLS_LOG", "specls::checks=debug")], Some(&log));
    c.initialize(&root(), &["utf-16"], json!({}));
    let uri = "file:///virtual/paused.yaml";
    let paths: String = (0..6)
        .map(|i| format!("  /p{i}:\n    get:\n      operationId: op{i}\n      responses: {{'200': {{description: ok}}}}\n"))
        .collect();
    let text = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}");
    c.did_open(uri, "yaml", 1, &text);
    c.diagnostics(uri, Some(1))
        .expect("diagnostics for version 1");
    let checked = |log: &std::path::Path| -> Vec<String> {
        std::fs::read_to_string(log)
            .unwrap()
            .lines()
            .filter(|l| l.contains("checks: units checked"))
            .map(|l| {
                l.split("checks: units checked")
                    .nth(1)
                    .unwrap()
                    .trim()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(
        checked(&log).first().map(String::as_str),
        Some("checked=6 units=6")
    );
    // Typing pauses: the worker finishes what the open started and ends.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let before = checked(&log).len();
    // `op2` → `op2x`, in the third path item (line 3 + 2 * 4 + 2).
    let line = 3 + 2 * 4 + 2;
    let at = "      operationId: op2".len() as u32;
    c.did_change(
        uri,
        2,
        json!([{"range": range(line, at, line, at), "text": "x"}]),
    );
    c.diagnostics(uri, Some(2))
        .expect("diagnostics for version 2");
    let after = checked(&log);
    assert_eq!(
        after.get(before).map(String::as_str),
        Some("checked=1 units=6"),
        "the log: {after:?}"
    );
    c.shutdown();
    let _ = std::fs::remove_file(&log);
}

#[test]
fn utf8_is_chosen_when_offered() {
    let mut c = LspClient::start(BIN, &[]);
    let init = c.initialize(&root(), &["utf-8", "utf-16"], json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let uri = "file:///virtual/dup.yaml";
    c.did_open(uri, "yaml", 1, "é😀: 1\né😀: 2\n");
    let d = c.diagnostics(uri, Some(1)).unwrap();
    // Columns in bytes: "é" is 2, "😀" 4.
    assert_eq!(
        ranges(&d),
        vec![(1, 0, 1, 6, "document/duplicate-key".into())]
    );
    assert_eq!(c.shutdown().unwrap().code(), Some(0));
}

#[test]
fn closing_stdin_without_shutdown_exits_with_1() {
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&root(), &["utf-16"], json!({}));
    assert_eq!(
        c.close_stdin()
            .expect("the server exits when stdin closes")
            .code(),
        Some(1)
    );
}

#[test]
fn settings_from_initialization_options_then_did_change_configuration() {
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(
        &root(),
        &["utf-16"],
        json!({"specls": {"maxFileSizeMb": 0}}),
    );
    let uri = "file:///virtual/big.yaml";
    c.did_open(uri, "yaml", 1, "a: 1\na: 2\n");
    let d = c.diagnostics(uri, Some(1)).unwrap();
    assert_eq!(ranges(&d), vec![(0, 0, 0, 0, "file/too-large".into())]);
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"specls": {"maxFileSizeMb": 64}}}),
    );
    let d = c.diagnostics(uri, Some(1)).unwrap();
    assert_eq!(
        ranges(&d),
        vec![(1, 0, 1, 1, "document/duplicate-key".into())]
    );
    // A bad setting is reported to the user, and the rest keeps working.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"specls": {"maxFileSize": 1}}}),
    );
    let msg = c
        .wait_for(|m| m["method"] == "window/showMessage")
        .expect("a message about the bad setting");
    assert!(
        msg["params"]["message"]
            .as_str()
            .unwrap()
            .contains("maxFileSize"),
        "{msg}"
    );
    assert_eq!(c.shutdown().unwrap().code(), Some(0));
}

#[test]
fn rapid_edits_are_coalesced_and_only_the_newest_version_is_final() {
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&root(), &["utf-16"], json!({}));
    let uri = "file:///virtual/rapid.yaml";
    c.did_open(uri, "yaml", 1, "list:\n");
    // 200 edits without waiting: each appends an item; the last one duplicates a key.
    for v in 2..=200 {
        c.did_change(uri, v, json!([{"range": range(v as u32 - 1, 0, v as u32 - 1, 0), "text": format!("  - item{v}\n")}]));
    }
    c.did_change(
        uri,
        201,
        json!([{"range": range(200, 0, 200, 0), "text": "list: again\n"}]),
    );
    // Every publish for this document, in order, until the newest version's.
    let mut published = Vec::new();
    let last = loop {
        let d = c
            .diagnostics(uri, None)
            .expect("diagnostics for the newest version");
        published.push(d["version"].as_i64().unwrap());
        if d["version"] == 201 {
            break d;
        }
    };
    assert_eq!(
        ranges(&last),
        vec![(200, 0, 200, 4, "document/duplicate-key".into())]
    );
    assert!(
        published.windows(2).all(|w| w[0] <= w[1]),
        "published out of order: {published:?}"
    );
    assert!(
        published.len() < 100,
        "edits were not coalesced: {} publishes",
        published.len()
    );
    let after = c.wait_for_timeout(
        |m| m["method"] == "textDocument/publishDiagnostics",
        std::time::Duration::from_millis(300),
    );
    assert!(
        after.is_none(),
        "published after the newest version: {after:?}"
    );
    assert_eq!(c.shutdown().unwrap().code(), Some(0));
}

#[test]
fn document_symbols_name_the_spec_kind_and_settings_can_force_it() {
    let mut c = LspClient::start(BIN, &[]);
    let init = c.initialize(
        &root(),
        &["utf-16"],
        json!({"specls": {"kinds": {"**/forced/*.yaml": "asyncapi-3"}}}),
    );
    assert_eq!(init["capabilities"]["documentSymbolProvider"], true);
    let symbols = |c: &mut LspClient, uri: &str| {
        let r = c.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        );
        r["result"][0].clone()
    };

    let uri = "file:///virtual/openapi.yaml";
    c.did_open(
        uri,
        "yaml",
        1,
        "openapi: 3.1.0\ninfo:\n  title: T\npaths: {}\n",
    );
    c.diagnostics(uri, Some(1)).unwrap();
    let root = symbols(&mut c, uri);
    assert_eq!(root["name"], "OpenAPI 3.1.0");
    assert_eq!(root["selectionRange"], range(0, 9, 0, 14));
    let names: Vec<&str> = root["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["openapi", "info", "paths"]);

    let uri = "file:///virtual/schemas/Pet.yaml";
    c.did_open(uri, "yaml", 1, "type: object\n");
    c.diagnostics(uri, Some(1)).unwrap();
    assert_eq!(symbols(&mut c, uri)["name"], "fragment");

    let uri = "file:///virtual/forced/events.yaml";
    c.did_open(uri, "yaml", 1, "channels: {}\n");
    c.diagnostics(uri, Some(1)).unwrap();
    assert_eq!(symbols(&mut c, uri)["name"], "AsyncAPI 3");

    // An unknown version: a warning on the version.
    let uri = "file:///virtual/future.yaml";
    c.did_open(uri, "yaml", 1, "openapi: 4.0.0\n");
    let d = c.diagnostics(uri, Some(1)).unwrap();
    assert_eq!(
        ranges(&d),
        vec![(0, 9, 0, 14, "spec/unknown-version".into())]
    );
    assert_eq!(c.shutdown().unwrap().code(), Some(0));
}

#[test]
fn a_document_closed_and_opened_again_is_analyzed_as_the_new_one() {
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&root(), &["utf-16"], json!({}));
    let uri = "file:///virtual/reopen.json";
    // A large first text, so that its analysis is still running when it is closed.
    let big = format!("[{}1]", "{\"a\": [1, 2, 3]},".repeat(30_000));
    for round in 0..3 {
        c.did_open(uri, "json", 1, &big);
        c.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
        c.did_open(
            uri,
            "json",
            1,
            &format!("{{\"k{round}\": 1, \"k{round}\": 2}}"),
        );
        // The newest publish for the document is the new text's, whatever came before.
        let mut last = None;
        while let Some(d) = c.wait_for_timeout(
            |m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri,
            std::time::Duration::from_millis(1500),
        ) {
            last = Some(d["params"].clone());
        }
        let last = last.expect("diagnostics for the reopened document");
        assert_eq!(
            ranges(&last),
            vec![(0, 10, 0, 14, "document/duplicate-key".into())],
            "round {round}"
        );
        c.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
        c.wait_for_timeout(
            |m| m["params"]["uri"] == uri && m["params"]["version"].is_null(),
            std::time::Duration::from_secs(5),
        );
    }
    assert_eq!(c.shutdown().unwrap().code(), Some(0));
}

/// The diagnostics of the schema checks only (the lint rules have their own tests, `lint.rs`).
fn schema_ranges(d: &Value) -> Vec<(u64, u64, u64, u64, String)> {
    ranges(d)
        .into_iter()
        .filter(|r| r.4.starts_with("schema/"))
        .collect()
}

/// Schema diagnostics over LSP: precise ranges, readable messages, a link to the docs, and kept
/// up to date as edits fix one unit and break another (the server validates unit by unit).
#[test]
fn schema_diagnostics_follow_edits() {
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&root(), &["utf-16"], json!({}));
    let uri = "file:///virtual/api.yaml";
    let text = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: quer, schema: {type: string}}\n      responses:\n        '200': {description: ok}\n  /b:\n    get:\n      requestbody: {}\n      responses:\n        '200': {description: ok}\n";
    c.did_open(uri, "yaml", 1, text);
    let d = c.diagnostics(uri, Some(1)).unwrap();
    assert_eq!(
        schema_ranges(&d),
        vec![
            (8, 24, 8, 28, "schema/enum".into()),
            (13, 6, 13, 17, "schema/unknown-field".into()),
        ],
        "{d}"
    );
    let all: Vec<&Value> = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with("schema/"))
        .collect();
    assert_eq!(
        all[0]["message"],
        "'in' must be one of path, query, header, cookie — did you mean 'query'?"
    );
    assert_eq!(
        all[1]["message"],
        "unknown field 'requestbody' — did you mean 'requestBody'?"
    );
    assert!(all[1]["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("docs/diagnostics.md#schema"));
    // Fix the first, then break /b's response: the first is gone, the new one is there.
    c.did_change(
        uri,
        2,
        json!([{"range": range(8, 24, 8, 28), "text": "query"}]),
    );
    c.did_change(
        uri,
        3,
        json!([{"range": range(15, 15, 15, 32), "text": "{}"}]),
    );
    let d = c.diagnostics(uri, Some(3)).unwrap();
    assert_eq!(
        schema_ranges(&d),
        vec![
            (13, 6, 13, 17, "schema/unknown-field".into()),
            (15, 8, 15, 13, "schema/missing-field".into()),
        ],
        "{d}"
    );
    assert_eq!(c.shutdown().unwrap().code(), Some(0));
}

/// `$ref`s over LSP in a multi-file workspace: unresolved ones are diagnosed (with what was meant),
/// and go-to-definition lands on the target node, in the same file, in another file, through a
/// map-level `$ref`, and in a file the editor has open with unsaved changes.
#[test]
fn refs_are_diagnosed_and_followed_across_files() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-workspaces/refs/forms");
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&file_uri(&dir), &["utf-16"], json!({}));
    let uri = file_uri(&dir.join("openapi.yaml"));
    let text = std::fs::read_to_string(dir.join("openapi.yaml")).unwrap();
    c.did_open(&uri, "yaml", 1, &text);
    let d = c.diagnostics(&uri, Some(1)).unwrap();
    // Unused-component hints come once the workspace is indexed (a test of their own).
    let codes: Vec<_> = ranges(&d)
        .into_iter()
        .filter(|r| r.4 != "ref/unused-component" && r.4 != "ref/used-only-by-unused")
        .map(|r| (r.0, r.4))
        .collect();
    assert_eq!(
        codes,
        vec![
            (10, "ref/missing-pointer".to_string()),
            (23, "ref/missing-file".to_string()),
            (38, "ref/remote".to_string()),
            (47, "ref/outside-workspace".to_string()),
        ],
        "{d}"
    );
    // The quick-fix of the misspelt pointer (line 10) writes the suggestion.
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(10, 20, 10, 20),
               "context": {"diagnostics": []}}),
    );
    let actions = r["result"].as_array().unwrap_or_else(|| panic!("{r}"));
    assert_eq!(actions.len(), 1, "{r}");
    assert_eq!(
        actions[0]["title"],
        "Change to '#/components/parameters/Limit'"
    );
    assert_eq!(actions[0]["kind"], "quickfix");
    let edit = &actions[0]["edit"]["changes"][uri.as_str()][0];
    assert_eq!(edit["newText"], "#/components/parameters/Limit");
    c.did_change(
        &uri,
        2,
        json!([{"range": edit["range"], "text": edit["newText"]}]),
    );
    let d = c.diagnostics(&uri, Some(2)).unwrap();
    assert!(
        !ranges(&d).iter().any(|r| r.0 == 10),
        "the fix resolves the reference: {d}"
    );
    let definition = |c: &mut LspClient, uri: &str, line: u32, character: u32| -> Value {
        let r = c.request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        r["result"][0].clone()
    };
    // A local pointer: the parameter `Id` (line 52, 0-based) of the same file.
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() as u64;
    let l = definition(&mut c, &uri, 8, 20);
    assert_eq!(l["targetUri"], uri);
    assert_eq!(
        l["targetRange"]["start"]["line"],
        line_of("Id: {name: id"),
        "{l}"
    );
    assert_eq!(l["originSelectionRange"]["start"]["character"], 16, "{l}");
    // Another file, whole.
    let l = definition(&mut c, &uri, 4, 14);
    assert_eq!(
        l["targetUri"],
        file_uri(&dir.join("paths/pets.yaml")),
        "{l}"
    );
    assert_eq!(l["targetRange"]["start"]["line"], 0);
    // A pointer into another file.
    let l = definition(&mut c, &uri, 9, 20);
    assert_eq!(
        l["targetUri"],
        file_uri(&dir.join("schemas/common.yaml")),
        "{l}"
    );
    assert_eq!(l["targetRange"]["start"]["line"], 2, "{l}");
    // Through a map-level `$ref` (`All` is `$ref: ./schemas/map.yaml`, whose `Error` is a file).
    let l = definition(
        &mut c,
        &uri,
        line_of("'#/components/schemas/All/Error'") as u32,
        14,
    );
    assert_eq!(
        l["targetUri"],
        file_uri(&dir.join("schemas/Error.yaml")),
        "{l}"
    );
    // Hover on a `$ref`: a preview of the target.
    let line = line_of("$ref: 'schemas/Pet.yaml'") as u32;
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 26}}),
    );
    let md = r["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("{r}"));
    assert!(md.starts_with("**Pet.yaml** — `Pet.yaml`"), "{md}");
    assert!(
        md.contains("type: `object`") && md.contains("properties: id, owner"),
        "{md}"
    );
    assert!(md.contains("```yaml\ntype: object"), "{md}");
    // Document links: the files the `$ref`s name, when they exist in the workspace.
    let r = c.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": uri}}),
    );
    let mut targets: Vec<String> = r["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|l| l["target"].as_str().unwrap().to_string())
        .collect();
    targets.sort();
    targets.dedup();
    let mut want: Vec<String> = [
        "paths/pets.yaml",
        "schemas/common.yaml",
        "schemas/Pet.yaml",
        "schemas/map.yaml",
    ]
    .iter()
    .map(|f| file_uri(&dir.join(f)))
    .collect();
    want.sort();
    assert_eq!(targets, want);
    // Not on a `$ref`: nothing.
    let r = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 2}}),
    );
    assert!(r["result"].is_null(), "{r}");
    // An open document wins over the disk: move `Limit` down two lines in the editor only.
    let common = file_uri(&dir.join("schemas/common.yaml"));
    c.did_open(
        &common,
        "yaml",
        1,
        "components:\n  parameters:\n    Other: {name: o, in: query, schema: {type: string}}\n    Limit: {name: limit, in: query, schema: {type: integer}}\n",
    );
    c.diagnostics(&common, Some(1)).unwrap();
    let l = definition(&mut c, &uri, 9, 20);
    assert_eq!(l["targetRange"]["start"]["line"], 3, "{l}");
    // Renaming `Limit` in the open fragment re-diagnoses the document that references it.
    c.did_change(
        &common,
        2,
        json!([{"range": range(3, 9, 3, 9), "text": "s"}]),
    );
    let d = c
        .wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && m["params"]["diagnostics"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|d| d["range"]["start"]["line"] == 9))
        })
        .expect("the referencing document is re-diagnosed");
    let msg = d["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["range"]["start"]["line"] == 9)
        .unwrap()["message"]
        .clone();
    assert!(
        msg.as_str().unwrap().contains("did you mean 'Limits'"),
        "{msg}"
    );
    assert_eq!(c.shutdown().unwrap().code(), Some(0));
}

/// "Find references" over the workspace index, which is built in the background with progress:
/// from a component's key in a fragment, and from a `$ref` to a whole file.
#[test]
fn references_across_the_workspace() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-workspaces/refs/forms");
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&file_uri(&dir), &["utf-16"], json!({}));
    let end = c
        .wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
        .expect("the indexing progress ends");
    let message = end["params"]["value"]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.starts_with("7 files, "), "{message}");

    // Workspace symbols: the components named like the query, in every file.
    let r = c.request("workspace/symbol", json!({"query": "limit"}));
    let mut found: Vec<(String, String, String)> = r["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["containerName"].as_str().unwrap().to_string(),
                s["location"]["uri"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            (
                "Limit".into(),
                "parameter".into(),
                file_uri(&dir.join("openapi.yaml"))
            ),
            (
                "Limit".into(),
                "parameter".into(),
                file_uri(&dir.join("schemas/common.yaml"))
            ),
        ],
        "{r}"
    );

    let common = file_uri(&dir.join("schemas/common.yaml"));
    let text = std::fs::read_to_string(dir.join("schemas/common.yaml")).unwrap();
    c.did_open(&common, "yaml", 1, &text);
    c.diagnostics(&common, Some(1)).unwrap();
    // On the key `Limit` (line 2): the one `$ref` of openapi.yaml that names it.
    let r = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": common}, "position": {"line": 2, "character": 6},
               "context": {"includeDeclaration": false}}),
    );
    let locs = r["result"].as_array().unwrap_or_else(|| panic!("{r}"));
    assert_eq!(locs.len(), 1, "{r}");
    assert_eq!(locs[0]["uri"], file_uri(&dir.join("openapi.yaml")));
    assert_eq!(locs[0]["range"]["start"]["line"], 9);

    // From a `$ref` to the whole of schemas/Pet.yaml: both files that use it, and the target.
    let root = file_uri(&dir.join("openapi.yaml"));
    let text = std::fs::read_to_string(dir.join("openapi.yaml")).unwrap();
    c.did_open(&root, "yaml", 1, &text);
    c.diagnostics(&root, Some(1)).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("$ref: 'schemas/Pet.yaml'"))
        .unwrap();
    let r = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": root}, "position": {"line": line, "character": 24},
               "context": {"includeDeclaration": true}}),
    );
    let mut uris: Vec<String> = r["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|l| l["uri"].as_str().unwrap().to_string())
        .collect();
    uris.sort();
    let mut want = vec![
        root.clone(),
        file_uri(&dir.join("paths/pets.yaml")),
        file_uri(&dir.join("schemas/Pet.yaml")),
    ];
    want.sort();
    assert_eq!(uris, want, "{r}");
    assert_eq!(c.shutdown().unwrap().code(), Some(0));
}

/// A fresh copy of a test workspace in the temporary folder (the tests that write to their
/// workspace work on one).
/// Rename of a component key: the key and every `$ref` to it, in every file; applied to a copy
/// of the workspace, nothing is left unresolved and nothing else changed.
#[test]
fn rename_a_component_updates_every_ref() {
    let src =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-workspaces/refs/forms");
    let dir = scratch_copy(&src, "rename");
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&file_uri(&dir), &["utf-16"], json!({}));
    c.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
        .expect("indexed");
    let common = file_uri(&dir.join("schemas/common.yaml"));
    let text = std::fs::read_to_string(dir.join("schemas/common.yaml")).unwrap();
    c.did_open(&common, "yaml", 1, &text);
    c.diagnostics(&common, Some(1)).unwrap();
    let r = c.request(
        "textDocument/prepareRename",
        json!({"textDocument": {"uri": common}, "position": {"line": 2, "character": 6}}),
    );
    assert_eq!(r["result"]["placeholder"], "Limit", "{r}");
    let r = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": common}, "position": {"line": 2, "character": 6},
               "newName": "PageSize"}),
    );
    let changes = r["result"]["changes"]
        .as_object()
        .unwrap_or_else(|| panic!("{r}"));
    assert_eq!(changes.len(), 2, "{r}");
    // Apply the edits to the files (one edit per file here), as the editor would.
    for (uri, edits) in changes {
        let path = support::lsp_client::uri_path(uri);
        let text = std::fs::read_to_string(&path).unwrap();
        let edits = edits.as_array().unwrap();
        assert_eq!(edits.len(), 1, "{uri}: {edits:?}");
        let e = &edits[0];
        let line = e["range"]["start"]["line"].as_u64().unwrap() as usize;
        let (s, t) = (
            e["range"]["start"]["character"].as_u64().unwrap() as usize,
            e["range"]["end"]["character"].as_u64().unwrap() as usize,
        );
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines[line].replace_range(s..t, e["newText"].as_str().unwrap());
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    }
    let after = std::fs::read_to_string(dir.join("openapi.yaml")).unwrap();
    assert!(after.contains("'./schemas/common.yaml#/components/parameters/PageSize'"));
    let before = std::fs::read_to_string(src.join("openapi.yaml")).unwrap();
    assert_eq!(
        before.replace("parameters/Limit'", "parameters/PageSize'"),
        after,
        "only the reference changed"
    );
    // `specls check` of the renamed copy: the same findings as before the rename.
    let check = |d: &std::path::Path| {
        let o = std::process::Command::new(BIN)
            .args(["check", "."])
            .current_dir(d)
            .output()
            .unwrap();
        String::from_utf8(o.stdout).unwrap()
    };
    assert_eq!(check(&dir), check(&src));
    assert_eq!(c.shutdown().unwrap().code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A fragment opened in the editor is checked as what the workspace's specs use it as, once the
/// workspace is indexed.
#[test]
fn a_fragment_is_checked_in_the_context_of_its_spec() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-workspaces/refs/in-context");
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&file_uri(&dir), &["utf-16"], json!({}));
    let uri = file_uri(&dir.join("paths/pets.yaml"));
    let text = std::fs::read_to_string(dir.join("paths/pets.yaml")).unwrap();
    c.did_open(&uri, "yaml", 1, &text);
    let d = c
        .wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && !m["params"]["diagnostics"].as_array().unwrap().is_empty()
        })
        .expect("the fragment's diagnostics once the workspace is indexed");
    let diags = d["params"]["diagnostics"].as_array().unwrap();
    let messages: Vec<&str> = diags
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "unknown field 'summry' — did you mean 'summary'? (as a PathItem of openapi.yaml)",
            "'responses' must not be empty (as a PathItem of openapi.yaml)"
        ],
        "{d}"
    );
    // Fixing the typo in the editor clears that one.
    c.did_change(
        &uri,
        2,
        json!([{"range": range(2, 2, 2, 8), "text": "summary"}]),
    );
    let d = c.diagnostics(&uri, Some(2)).unwrap();
    assert_eq!(
        ranges(&d),
        vec![(11, 2, 11, 11, "schema/too-few".into())],
        "{d}"
    );
    assert_eq!(c.shutdown().unwrap().code(), Some(0));
}

/// Files created and deleted on disk reach the index through `workspace/didChangeWatchedFiles`.
#[test]
fn watched_file_changes_update_the_index() {
    let src =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-workspaces/refs/forms");
    let dir = scratch_copy(&src, "watch");
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&file_uri(&dir), &["utf-16"], json!({}));
    c.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
        .expect("indexed");
    let count = |c: &mut LspClient| {
        let r = c.request("workspace/symbol", json!({"query": "brandnew"}));
        r["result"].as_array().map_or(0, |a| a.len())
    };
    assert_eq!(count(&mut c), 0);
    let extra = dir.join("extra.yaml");
    std::fs::write(
        &extra,
        "components:\n  schemas:\n    Brandnew: {type: string}\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&extra), "type": 1}]}),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while count(&mut c) != 1 {
        assert!(
            std::time::Instant::now() < deadline,
            "the created file is indexed"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let uri = file_uri(&extra);
    std::fs::remove_file(&extra).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri, "type": 3}]}),
    );
    while count(&mut c) != 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the deleted file leaves the index"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(c.shutdown().unwrap().code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

fn unused_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-workspaces/refs/unused")
}

/// Applies LSP text edits (an array) to a text.
fn apply_edits(text: &str, edits: &Value) -> String {
    support::apply_lsp_edits(text, edits.as_array().unwrap())
}

/// The first diagnostics of `version` whose unused-component hints name `expected` (the
/// hints of an earlier text may come first); `None` from the client's timeout fails the test.
fn hints_become(
    c: &mut LspClient,
    uri: &str,
    version: i64,
    text: &str,
    expected: &[&str],
) -> Value {
    c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["version"] == version
            && unused_keys(text, &m["params"]) == expected
    })
    .map(|m| m["params"].clone())
    .unwrap_or_else(|| panic!("the hints of version {version} never became {expected:?}"))
}

/// The keys (the text of each range) that the unused-component hints of a publish point at;
/// `Name*` where only unused components name it (`ref/used-only-by-unused`).
fn unused_keys(text: &str, params: &Value) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut keys: Vec<String> = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "ref/unused-component" || d["code"] == "ref/used-only-by-unused")
        .map(|d| {
            let star = if d["code"] == "ref/used-only-by-unused" {
                "*"
            } else {
                ""
            };
            assert_eq!(d["severity"], 4, "a hint: {d}");
            assert_eq!(d["tags"], json!([1]), "tagged unnecessary: {d}");
            let r = &d["range"];
            let line = lines[r["start"]["line"].as_u64().unwrap() as usize];
            let (s, e) = (
                r["start"]["character"].as_u64().unwrap() as usize,
                r["end"]["character"].as_u64().unwrap() as usize,
            );
            format!("{}{star}", line[s..e].trim_matches('"'))
        })
        .collect();
    keys.sort();
    keys
}

/// Over LSP as in the CLI: a component that is only another name for a component of its own
/// file (`LimitAlias`), and that nothing names, is hinted unused; one that names a file the path
/// uses directly (`Pet: {$ref: ./pet.yaml}`) is that file's name, and not hinted.
#[test]
fn a_local_alias_that_nothing_names_is_hinted_unused() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../test-workspaces/refs/unused-aliases");
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&file_uri(&dir), &["utf-16"], json!({}));
    c.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
        .expect("indexed");
    let (_, text, d) = open_file(&mut c, &dir, "openapi.yaml");
    assert_eq!(unused_keys(&text, &d), ["LimitAlias"], "{d}");
    assert_eq!(c.shutdown().unwrap().code(), Some(0));
}

/// Opens a file of `dir` and waits for its diagnostics.
fn open_file(c: &mut LspClient, dir: &std::path::Path, rel: &str) -> (String, String, Value) {
    let uri = file_uri(&dir.join(rel));
    let text = std::fs::read_to_string(dir.join(rel)).unwrap();
    let lang = if rel.ends_with(".json") {
        "json"
    } else {
        "yaml"
    };
    c.did_open(&uri, lang, 1, &text);
    let d = c.diagnostics(&uri, Some(1)).unwrap();
    (uri, text, d)
}

/// Unused components over the workspace, transitively: a schema used only by an unused schema is
/// unused (told apart from what no `$ref` names); components of a library file count as used when a spec reaches them; security
/// schemes (named in `security`) and JSON Schema `$defs` are never reported. The quick fix
/// removes the entry, and the hints follow edits.
#[test]
fn unused_components_are_hinted_with_a_fix_that_removes_them() {
    let dir = unused_dir();
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&file_uri(&dir), &["utf-16"], json!({}));
    c.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
        .expect("indexed");
    let (root, text, d) = open_file(&mut c, &dir, "openapi.yaml");
    assert_eq!(
        unused_keys(&text, &d),
        ["Dead", "Loop", "Offset", "OnlyFromDead*"],
        "{d}"
    );
    let (_, lib, d) = open_file(&mut c, &dir, "schemas/lib.yaml");
    assert_eq!(unused_keys(&lib, &d), ["Unreached"], "{d}");
    let (errors_uri, errors, d) = open_file(&mut c, &dir, "schemas/errors.json");
    assert_eq!(unused_keys(&errors, &d), ["Stale"], "{d}");
    let (_, thing, d) = open_file(&mut c, &dir, "schemas/thing.schema.json");
    assert!(unused_keys(&thing, &d).is_empty(), "{d}");

    // The quick fix on `Dead` deletes its lines, and nothing else.
    let line = text.lines().position(|l| l == "    Dead:").unwrap() as u32;
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": root}, "range": range(line, 5, line, 5),
               "context": {"diagnostics": []}}),
    );
    let actions = r["result"].as_array().unwrap_or_else(|| panic!("{r}"));
    assert_eq!(actions.len(), 1, "{r}");
    assert_eq!(actions[0]["title"], "Remove the unused component 'Dead'");
    let edits = &actions[0]["edit"]["changes"][root.as_str()];
    let fixed = apply_edits(&text, edits);
    let dead = "    Dead:\n      type: object\n      properties:\n        owner:\n          $ref: '#/components/schemas/OnlyFromDead'\n";
    assert_eq!(fixed, text.replace(dead, ""), "{r}");
    // Applied in the editor: `OnlyFromDead` and `Offset` are still unused, `Dead` is gone, and
    // now nothing names `OnlyFromDead`. (While typing, the hints worked out for the previous
    // text stand in; this text's own follow when typing pauses.)
    c.did_change(&root, 2, json!([{"text": fixed}]));
    let d = hints_become(
        &mut c,
        &root,
        2,
        &fixed,
        &["Loop", "Offset", "OnlyFromDead"],
    );
    assert_eq!(
        unused_keys(&fixed, &d),
        ["Loop", "Offset", "OnlyFromDead"],
        "{d}"
    );
    // A reference to `Offset` from the path: no longer unused.
    let used = fixed.replace(
        "        - $ref: '#/components/parameters/Limit'\n",
        "        - $ref: '#/components/parameters/Limit'\n        - $ref: '#/components/parameters/Offset'\n",
    );
    c.did_change(&root, 3, json!([{"text": used}]));
    let d = hints_become(&mut c, &root, 3, &used, &["Loop", "OnlyFromDead"]);
    assert_eq!(unused_keys(&used, &d), ["Loop", "OnlyFromDead"], "{d}");

    // In JSON the member goes with its comma: still valid JSON, only `Error` left.
    let line = errors
        .lines()
        .position(|l| l.contains("\"Stale\""))
        .unwrap() as u32;
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": errors_uri}, "range": range(line, 8, line, 8),
               "context": {"diagnostics": []}}),
    );
    let edits = &r["result"][0]["edit"]["changes"][errors_uri.as_str()];
    let fixed = apply_edits(&errors, edits);
    let value: Value = serde_json::from_str(&fixed).unwrap_or_else(|e| panic!("{e}: {fixed}"));
    let names: Vec<&String> = value["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(names, ["Error"], "{fixed}");
    assert_eq!(c.shutdown().unwrap().code(), Some(0));
}

/// A code lens above each component key counts its references; its command carries the same
/// locations that "find references" on the key gives.
#[test]
fn code_lenses_count_the_references_of_each_component() {
    let dir = unused_dir();
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&file_uri(&dir), &["utf-16"], json!({}));
    c.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
        .expect("indexed");
    let mut titles = Vec::new();
    for rel in ["openapi.yaml", "schemas/lib.yaml", "schemas/errors.json"] {
        let (uri, text, _) = open_file(&mut c, &dir, rel);
        let r = c.request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        );
        let lenses = r["result"].as_array().unwrap_or_else(|| panic!("{r}"));
        for lens in lenses {
            let cmd = &lens["command"];
            assert_eq!(cmd["command"], "specls.showReferences");
            assert_eq!(cmd["arguments"][0], uri.as_str());
            let position = &cmd["arguments"][1];
            assert_eq!(position, &lens["range"]["start"]);
            let line = text
                .lines()
                .nth(position["line"].as_u64().unwrap() as usize)
                .unwrap();
            let key = line
                .trim()
                .trim_end_matches(|ch| ch != ':')
                .trim_end_matches(':');
            let key = key.trim_matches('"').to_string();
            let r = c.request(
                "textDocument/references",
                json!({"textDocument": {"uri": uri}, "position": position,
                       "context": {"includeDeclaration": false}}),
            );
            let found = r["result"].as_array().unwrap_or_else(|| panic!("{r}"));
            let locations = cmd["arguments"][2].as_array().unwrap();
            assert_eq!(locations, found, "{key}");
            titles.push(format!("{rel} {key}: {}", cmd["title"].as_str().unwrap()));
        }
    }
    assert_eq!(
        titles,
        [
            "openapi.yaml Limit: 1 reference",
            "openapi.yaml Offset: 0 references",
            "openapi.yaml Dead: 0 references",
            "openapi.yaml OnlyFromDead: 1 reference",
            "openapi.yaml Loop: 1 reference",
            "openapi.yaml Animal: 1 reference",
            "openapi.yaml Cat: 0 references",
            "schemas/lib.yaml Pet: 1 reference",
            "schemas/lib.yaml Tag: 1 reference",
            "schemas/lib.yaml Unreached: 0 references",
            "schemas/errors.json Stale: 0 references",
            "schemas/errors.json Error: 2 references",
        ]
    );
    assert_eq!(c.shutdown().unwrap().code(), Some(0));
}

/// Moving a file: `workspace/willRenameFiles` answers the edits to every relative `$ref` to it
/// and to the relative `$ref`s inside it; applied, then the file moved, nothing is unresolved.
#[test]
fn moving_a_file_updates_the_refs_to_it_and_in_it() {
    let src = unused_dir();
    let dir = scratch_copy(&src, "move");
    let mut c = LspClient::start(BIN, &[]);
    let init = c.initialize(&file_uri(&dir), &["utf-16"], json!({}));
    let filters = &init["capabilities"]["workspace"]["fileOperations"]["willRename"]["filters"];
    assert_eq!(
        filters[0]["pattern"]["glob"], "**/*.{yaml,yml,json}",
        "{init}"
    );
    c.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
        .expect("indexed");
    let old = dir.join("schemas/lib.yaml");
    let new = dir.join("lib/deep/library.yaml");
    let r = c.request(
        "workspace/willRenameFiles",
        json!({"files": [{"oldUri": file_uri(&old), "newUri": file_uri(&new)}]}),
    );
    let changes = r["result"]["changes"]
        .as_object()
        .unwrap_or_else(|| panic!("{r}"));
    let mut touched: Vec<&String> = changes.keys().collect();
    touched.sort();
    let mut want = [file_uri(&dir.join("openapi.yaml")), file_uri(&old)];
    want.sort();
    assert_eq!(touched, want.iter().collect::<Vec<_>>(), "{r}");
    for (uri, edits) in changes {
        let path = support::lsp_client::uri_path(uri);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, apply_edits(&text, edits)).unwrap();
    }
    std::fs::create_dir_all(new.parent().unwrap()).unwrap();
    std::fs::rename(&old, &new).unwrap();
    let root = std::fs::read_to_string(dir.join("openapi.yaml")).unwrap();
    assert!(
        root.contains("$ref: './lib/deep/library.yaml#/components/schemas/Pet'"),
        "{root}"
    );
    let moved = std::fs::read_to_string(&new).unwrap();
    assert!(
        moved.contains("$ref: '../../schemas/errors.json#/components/schemas/Error'"),
        "{moved}"
    );
    let o = std::process::Command::new(BIN)
        .args(["check", "--hints", "."])
        .current_dir(&dir)
        .output()
        .unwrap();
    let report = String::from_utf8(o.stdout).unwrap();
    assert!(!report.contains("error["), "{report}");
    assert!(report.contains(": 0 errors"), "{report}");
    // The same components are unused after the move.
    assert_eq!(
        report.matches("hint[ref/unused-component]").count()
            + report.matches("hint[ref/used-only-by-unused]").count(),
        6,
        "{report}"
    );
    assert_eq!(c.shutdown().unwrap().code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Go-to-definition over stdio on every multi-file spec of the corpus: for a sample of `$ref`s
/// (spread over the files that have some), the server lands where the library's resolution
/// says, and nowhere for the dangling ones. A missing corpus or spec folder fails the test.
#[test]
fn go_to_definition_on_the_corpus_multifile_specs() {
    use specls::refs::{self, DiskLoader, Resolution};
    use specls::syntax::text::position_of;
    use specls::syntax::{Lang, Parsed, PositionEncoding};
    let corpus = support::corpus_dir().join("multifile");
    let mut checked = Vec::new();
    for &spec in support::MULTIFILE_SPECS {
        let root = refs::normalize(&refs::absolute(&corpus.join(spec)));
        assert!(root.is_dir(), "{} is missing", root.display());
        let loader = DiskLoader::new(vec![root.clone()], 64 << 20);
        let mut files: Vec<_> = support::walk(&root)
            .into_iter()
            .filter(|f| Lang::from_path(f).is_some())
            .filter_map(|f| {
                let text = std::fs::read_to_string(&f).ok()?;
                let parsed = Parsed::new(Lang::from_path(&f)?, &text);
                let sites = refs::ref_sites(&parsed);
                (!sites.is_empty()).then_some((f, text, parsed, sites))
            })
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        assert!(!files.is_empty(), "{spec}: no file with a $ref");
        let mut c = LspClient::start(BIN, &[]);
        c.initialize(&file_uri(&root), &["utf-16"], json!({}));
        let step = (files.len() / 6).max(1);
        let mut n = 0;
        for (file, text, parsed, sites) in files.iter().step_by(step) {
            let uri = file_uri(file);
            let lang = if file.extension().is_some_and(|e| e == "json") {
                "json"
            } else {
                "yaml"
            };
            c.did_open(&uri, lang, 1, text);
            c.diagnostics(&uri, Some(1)).expect("analyzed");
            for site in sites.iter().step_by((sites.len() / 8).max(1)) {
                let at = position_of(&parsed.rope, site.range.start + 1, PositionEncoding::Utf16);
                let r = c.request(
                    "textDocument/definition",
                    json!({"textDocument": {"uri": uri},
                           "position": {"line": at.line, "character": at.col}}),
                );
                let got = r["result"][0].as_object().map(|l| {
                    (
                        l["targetUri"].as_str().unwrap().to_string(),
                        l["targetSelectionRange"]["start"].clone(),
                    )
                });
                let want = match refs::resolve(&site.raw, file, parsed, &loader) {
                    Resolution::Found { file: t, range } => {
                        let text = std::fs::read_to_string(&t).unwrap_or_default();
                        let rope = ropey::Rope::from_str(&text);
                        let p = position_of(&rope, range.start, PositionEncoding::Utf16);
                        Some((file_uri(&t), json!({"line": p.line, "character": p.col})))
                    }
                    _ => None,
                };
                assert_eq!(got, want, "{spec}: {} {} → {r}", file.display(), site.raw);
                n += 1;
            }
        }
        assert!(n >= 6, "{spec}: only {n} refs checked");
        checked.push(format!("{spec}: {n}"));
        assert_eq!(c.shutdown().unwrap().code(), Some(0));
    }
    eprintln!("definitions checked: {}", checked.join(", "));
}

/// A request about a position of a document (definition, hover, prepareRename, …).
fn at_position(c: &mut LspClient, method: &str, uri: &str, line: u32, character: u32) -> Value {
    c.request(
        method,
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    )
}

fn schema_ids_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-workspaces/refs/schema-ids")
}

/// Requests sent right after `didOpen`, before the first analysis has finished (held back here
/// by `diagnosticsDelayMs`), are answered from the document's text, not with `null`.
#[test]
fn requests_right_after_did_open_get_real_answers() {
    let dir = schema_ids_dir();
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(
        &file_uri(&dir),
        &["utf-16"],
        json!({"diagnosticsDelayMs": 3000}),
    );
    let uri = file_uri(&dir.join("customer.schema.json"));
    let text = std::fs::read_to_string(dir.join("customer.schema.json")).unwrap();
    c.did_open(&uri, "json", 1, &text);
    let started = std::time::Instant::now();
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let outline = symbols["result"][0].clone();
    assert!(
        outline["name"].as_str().is_some_and(|n| !n.is_empty()),
        "{symbols}"
    );
    // `"billing"` (line 5): a key that can be renamed.
    let rename = at_position(&mut c, "textDocument/prepareRename", &uri, 5, 6);
    assert_eq!(rename["result"]["placeholder"], "billing", "{rename}");
    let definition = at_position(&mut c, "textDocument/definition", &uri, 5, 26);
    assert_eq!(definition["result"][0]["targetUri"], uri, "{definition}");
    assert!(
        started.elapsed() < std::time::Duration::from_millis(2500),
        "answered before the first analysis"
    );
    assert!(
        c.wait_for_timeout(
            |m| m["method"] == "textDocument/publishDiagnostics",
            std::time::Duration::ZERO
        )
        .is_none(),
        "no analysis had finished yet"
    );
}

/// In a JSON Schema, `$ref`s are read against the nearest `$id`: an embedded resource is found
/// by its `$id`, and another file by its root `$id`, with no network.
#[test]
fn go_to_definition_follows_json_schema_ids() {
    let dir = schema_ids_dir();
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&file_uri(&dir), &["utf-16"], json!({}));
    let (customer, text, _) = open_file(&mut c, &dir, "customer.schema.json");
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() as u64;
    let definition = |c: &mut LspClient, uri: &str, line: u32, character: u32| -> Value {
        let r = at_position(c, "textDocument/definition", uri, line, character);
        r["result"][0].clone()
    };
    let lands = |l: &Value| {
        (
            l["targetUri"].as_str().unwrap_or_default().to_string(),
            l["targetRange"]["start"]["line"]
                .as_u64()
                .unwrap_or(u64::MAX),
        )
    };
    for (line, character, want, why) in [
        (5, 26, "\"address\": {", "`$ref: address` under `$id: https://example.com/schemas/customer`: the embedded schema whose `$id` is https://example.com/schemas/address"),
        (6, 30, "\"line\": {", "its absolute URL with a pointer, read inside that resource (`street`, a bare `$ref` to that resource's `#/$defs/line`, leads on)"),
        (16, 30, "\"line\": {", "inside the embedded resource, `#/$defs/line` is its own `$defs`"),
    ] {
        let l = definition(&mut c, &customer, line, character);
        assert_eq!(lands(&l), (customer.clone(), line_of(want)), "{why}: {l}");
    }
    // Another file, by its root `$id` (once the workspace is indexed).
    let (order, _, _) = open_file(&mut c, &dir, "order.schema.yaml");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let l = loop {
        let l = definition(&mut c, &order, 7, 12);
        if !l.is_null() || std::time::Instant::now() > deadline {
            break l;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    // `billing` is a bare `$ref: address`: it leads on to the embedded resource.
    assert_eq!(
        lands(&l),
        (customer.clone(), line_of("\"address\": {")),
        "{l}"
    );
    // Hover on a reference by `$id` previews its target in the other file.
    let md = hover_markdown(&mut c, &order, 5, 12);
    assert!(md.contains("customer.schema.json"), "{md}");
}

/// The Markdown of a hover ("" for none).
fn hover_markdown(c: &mut LspClient, uri: &str, line: u32, character: u32) -> String {
    let h = at_position(c, "textDocument/hover", uri, line, character);
    h["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The line and code of each diagnostic of a `publishDiagnostics`.
fn line_codes(d: &Value) -> Vec<(u64, String)> {
    ranges(d).into_iter().map(|r| (r.0, r.4)).collect()
}

/// A tiny HTTP server on 127.0.0.1 for remote `$ref`s: `/pet.yaml` answers at once,
/// `/slow.yaml` after 3 s; it counts the requests it gets.
fn schema_server() -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::time::Duration;
    support::http::serve(vec![
        (
            "/pet.yaml",
            "Pet:\n  type: object\n  description: A pet from afar.\n  properties:\n    name: {type: string}\n",
            Duration::ZERO,
        ),
        ("/slow.yaml", "Slow: {type: string}\n", Duration::from_secs(3)),
    ])
}

fn remote_workspace(name: &str, port: u16) -> (std::path::PathBuf, String, String) {
    let dir = std::env::temp_dir().join(format!("specls-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let text = format!(
        "$schema: https://json-schema.org/draft/2020-12/schema\n\
         type: object\n\
         properties:\n\
         \x20 pet:\n\
         \x20   $ref: 'http://127.0.0.1:{port}/pet.yaml#/Pet'\n\
         \x20 dog:\n\
         \x20   $ref: 'http://127.0.0.1:{port}/pet.yaml#/Dog'\n\
         \x20 slow:\n\
         \x20   $ref: 'http://127.0.0.1:{port}/slow.yaml'\n"
    );
    let file = dir.join("remote.schema.yaml");
    std::fs::write(&file, &text).unwrap();
    let uri = file_uri(&file);
    (dir, uri, text)
}

/// With `remoteRefs` allowing the server's URL: fetched in the background, then the document is
/// diagnosed again: the good reference resolves (hover previews it), the missing pointer and the
/// timeout are reported.
#[test]
fn remote_refs_are_fetched_when_allowed() {
    let (port, hits) = schema_server();
    let (dir, uri, text) = remote_workspace("remote-on", port);
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(
        &file_uri(&dir),
        &["utf-16"],
        json!({"remoteRefs": [format!("http://127.0.0.1:{port}/")], "remoteRefsTimeoutMs": 500}),
    );
    c.did_open(&uri, "yaml", 1, &text);
    // The first analysis does not wait for the network; a later one has both answers.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let d = loop {
        let d = c.diagnostics(&uri, Some(1)).expect("diagnostics");
        let codes = line_codes(&d);
        if codes.iter().any(|c| c.1 == "ref/remote-failed") || std::time::Instant::now() > deadline
        {
            break d;
        }
    };
    assert_eq!(
        line_codes(&d),
        [(6, "ref/missing-pointer"), (8, "ref/remote-failed")].map(|(l, c)| (l, c.to_string())),
        "{d}"
    );
    let messages: Vec<String> = (0..2)
        .map(|i| d["diagnostics"][i]["message"].to_string())
        .collect();
    assert!(
        messages[0].contains("no 'Dog'") && messages[0].contains("pet.yaml"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("no answer within 0.5 s"),
        "{messages:?}"
    );
    let md = hover_markdown(&mut c, &uri, 4, 14);
    assert!(
        md.contains("**Pet**")
            && md.contains("A pet from afar.")
            && md.contains("properties: name"),
        "{md}"
    );
    assert!(
        md.contains(&format!("http://127.0.0.1:{port}/pet.yaml")),
        "{md}"
    );
    // Each URL once (the cache answers the re-analyses).
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

/// With the setting off (the default), nothing is fetched: the server gets no request.
#[test]
fn remote_refs_are_not_fetched_by_default() {
    let (port, hits) = schema_server();
    let (dir, uri, text) = remote_workspace("remote-off", port);
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&file_uri(&dir), &["utf-16"], json!({}));
    c.did_open(&uri, "yaml", 1, &text);
    let d = c.diagnostics(&uri, Some(1)).unwrap();
    assert_eq!(
        line_codes(&d),
        [(4, "ref/remote"), (6, "ref/remote"), (8, "ref/remote")].map(|(l, c)| (l, c.to_string())),
        "{d}"
    );
    assert_eq!(
        hover_markdown(&mut c, &uri, 4, 14),
        "",
        "no hover: not fetched"
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Where `$ref`s lead in the YAML and JSON files under `dir`, by the library: the users (file
/// and offset of each `$ref`) of each target (file and start), and how many `$ref`s lead
/// nowhere (a missing file or pointer).
type Users =
    std::collections::BTreeMap<(std::path::PathBuf, usize), Vec<(std::path::PathBuf, usize)>>;
fn library_users(dir: &std::path::Path) -> (Users, usize) {
    use specls::refs::{self, DiskLoader, Resolution};
    use specls::syntax::{Lang, Parsed};
    let loader = DiskLoader::new(vec![dir.to_path_buf()], 64 << 20);
    let mut users = Users::new();
    let mut unresolved = 0;
    for f in support::walk(dir) {
        let Some(lang) = Lang::from_path(&f) else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let parsed = Parsed::new(lang, &text);
        for site in refs::ref_sites(&parsed) {
            match refs::resolve_site(&site, &f, &parsed, &loader) {
                Resolution::Found { file, range } => users
                    .entry((file, range.start))
                    .or_default()
                    .push((f.clone(), site.range.start)),
                Resolution::MissingFile { .. } | Resolution::MissingPointer { .. } => {
                    unresolved += 1
                }
                _ => {}
            }
        }
    }
    (users, unresolved)
}

/// The keys of a file by where their values start (the whole value, and without its tag or
/// anchor): the key's range and text.
type Keys = std::collections::HashMap<usize, (std::ops::Range<usize>, String)>;
fn keys_by_value(file: &std::path::Path) -> Keys {
    use specls::syntax::node::NodeRef;
    use specls::syntax::{Lang, Parsed};
    fn walk(n: NodeRef<'_>, depth: usize, out: &mut Keys) {
        if depth > 64 {
            return;
        }
        for (k, v) in n.entries() {
            if let Some(name) = k.node.key_text() {
                for start in [v.range().start, v.value_range().start] {
                    out.insert(start, (k.value_range(), name.to_string()));
                }
            }
            walk(v, depth + 1, out);
        }
        for i in n.items() {
            walk(i, depth + 1, out);
        }
    }
    let mut out = Keys::new();
    let text = std::fs::read_to_string(file).unwrap_or_default();
    if let Some(lang) = Lang::from_path(file) {
        if let Some(root) = Parsed::new(lang, &text).tree.root() {
            walk(root, 0, &mut out);
        }
    }
    out
}

/// The `(uri, edits)` of a `WorkspaceEdit`, in either of its forms.
fn edits_by_uri(edit: &Value) -> Vec<(String, Vec<Value>)> {
    if let Some(changes) = edit["changes"].as_object() {
        return changes
            .iter()
            .map(|(u, e)| (u.clone(), e.as_array().unwrap().clone()))
            .collect();
    }
    edit["documentChanges"]
        .as_array()
        .unwrap_or_else(|| panic!("no edits: {edit}"))
        .iter()
        .map(|d| {
            (
                d["textDocument"]["uri"].as_str().unwrap().to_string(),
                d["edits"].as_array().unwrap().clone(),
            )
        })
        .collect()
}

/// A `(uri, line, UTF-8 column)` of an offset in a file on disk.
fn disk_position(path: &std::path::Path, offset: usize) -> (String, u64, u64) {
    use specls::syntax::text::position_of;
    let text = std::fs::read_to_string(path).unwrap();
    let rope = ropey::Rope::from_str(&text);
    let p = position_of(&rope, offset, specls::syntax::PositionEncoding::Utf8);
    (file_uri(path), p.line as u64, p.col as u64)
}

/// What a corpus round trip renames: a component's key, or a whole file (where every `$ref`
/// to the most used targets names a file).
enum Subject {
    Key(std::ops::Range<usize>, String),
    File,
}

/// The users, by the library, of the subject in `file` (the value of the key that starts at
/// that offset, or the file's root): their positions, sorted; and the workspace's unresolved
/// `$ref`s.
fn users_of(
    dir: &std::path::Path,
    file: &std::path::Path,
    subject: &Subject,
) -> (Vec<(String, u64, u64)>, usize) {
    let (users, unresolved) = library_users(dir);
    let keys = keys_by_value(file);
    let is_subject = |s: usize| match subject {
        Subject::Key(range, _) => keys.get(&s).is_some_and(|k| k.0.start == range.start),
        Subject::File => root_start(file) == Some(s),
    };
    let mut found: Vec<_> = users
        .iter()
        .filter(|((f, s), _)| f == file && is_subject(*s))
        .flat_map(|(_, u)| u.iter().map(|(f, o)| disk_position(f, *o)))
        .collect();
    found.sort();
    found.dedup();
    (found, unresolved)
}

/// Where a file's root node starts (a `$ref` to the whole file leads there).
fn root_start(file: &std::path::Path) -> Option<usize> {
    use specls::syntax::{Lang, Parsed};
    let text = std::fs::read_to_string(file).ok()?;
    Some(
        Parsed::new(Lang::from_path(file)?, &text)
            .tree
            .root()?
            .range()
            .start,
    )
}

/// Applies a `WorkspaceEdit` to the files on disk, as an editor would; the changed files.
fn apply_on_disk(edit: &Value) -> Vec<std::path::PathBuf> {
    let mut changed = Vec::new();
    for (u, edits) in edits_by_uri(edit) {
        let path = support::lsp_client::uri_path(&u);
        let before = std::fs::read_to_string(&path).unwrap();
        let after = support::apply_lsp_edits(&before, &edits);
        assert_ne!(before, after, "the edits change nothing in {u}");
        std::fs::write(&path, &after).unwrap();
        changed.push(path);
    }
    changed
}

/// The references the server gives at a position, as sorted `(uri, line, column)`.
fn references_at(c: &mut LspClient, uri: &str, line: u64, col: u64) -> Vec<(String, u64, u64)> {
    let r = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": col},
               "context": {"includeDeclaration": false}}),
    );
    let mut got: Vec<(String, u64, u64)> = r["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|l| {
            let s = &l["range"]["start"];
            (
                l["uri"].as_str().unwrap().to_string(),
                s["line"].as_u64().unwrap(),
                s["character"].as_u64().unwrap(),
            )
        })
        .collect();
    got.sort();
    got
}

/// Opens a file of the workspace and waits for its first diagnostics.
fn open_and_wait(c: &mut LspClient, file: &std::path::Path) -> String {
    let uri = file_uri(file);
    let lang = if file.extension().is_some_and(|e| e == "json") {
        "json"
    } else {
        "yaml"
    };
    c.did_open(&uri, lang, 1, &std::fs::read_to_string(file).unwrap());
    c.diagnostics(&uri, Some(1))
        .unwrap_or_else(|| panic!("{uri} opened: no diagnostics"));
    uri
}

/// Opens a workspace file by its URI and waits for its first diagnostics.
fn open_at(c: &mut LspClient, uri: &str) {
    open_and_wait(c, &support::lsp_client::uri_path(uri));
}

/// Asks for references at a position until they are `want` (the server takes in changes on
/// disk in the background), for up to 20 s.
fn wait_for_references(c: &mut LspClient, at: (&str, u64, u64), want: &[(String, u64, u64)]) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut got = references_at(c, at.0, at.1, at.2);
    while got != want {
        assert!(
            std::time::Instant::now() < deadline,
            "references at {at:?}\n got {got:?}\nwant {want:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
        got = references_at(c, at.0, at.1, at.2);
    }
}

/// References and rename over stdio on every multi-file spec of the corpus, on a copy of it.
/// The most used component (a key of a mapping; a whole file where `$ref`s name only files):
/// references from it give exactly the `$ref`s the library resolves to it. Renamed (the key by
/// `textDocument/rename`, the file by `workspace/willRenameFiles` and a move), with the edits
/// applied on disk as an editor would, no more `$ref`s are unresolved than before and
/// references find the same users under the new name; renamed back, every file is byte for
/// byte what it was.
#[test]
fn references_and_a_rename_round_trip_on_the_corpus_multifile_specs() {
    let corpus = support::corpus_dir().join("multifile");
    let mut done = Vec::new();
    for &spec in support::MULTIFILE_SPECS {
        let src = corpus.join(spec);
        assert!(src.is_dir(), "{} is missing", src.display());
        let copy = scratch_copy(&src, &format!("rename-{spec}"));
        let dir = specls::refs::normalize(&specls::refs::absolute(&copy));
        let (users, unresolved) = library_users(&dir);
        // The most used target that is the value of a key or a whole file.
        let mut targets: Vec<_> = users.iter().collect();
        targets.sort_by_key(|(t, u)| (std::cmp::Reverse(u.len()), (*t).clone()));
        let mut keys: std::collections::HashMap<std::path::PathBuf, Keys> = Default::default();
        let (file, subject) = targets
            .iter()
            .find_map(|((f, s), _)| {
                let keys = keys.entry(f.clone()).or_insert_with(|| keys_by_value(f));
                match keys.get(s) {
                    Some((range, name)) => {
                        Some((f.clone(), Subject::Key(range.clone(), name.clone())))
                    }
                    None => (root_start(f) == Some(*s)).then(|| (f.clone(), Subject::File)),
                }
            })
            .unwrap_or_else(|| panic!("{spec}: no `$ref` leads to a key or a file"));
        let (want, _) = users_of(&dir, &file, &subject);
        assert!(want.len() >= 2, "{spec}: {} users", want.len());

        let mut c = LspClient::start(BIN, &[]);
        c.initialize(&file_uri(&dir), &["utf-8"], json!({}));
        c.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
            .expect("indexed");
        // References from the key, or (for a file) from the first of its `$ref`s.
        let from_ref = |want: &[(String, u64, u64)]| want[0].clone();
        let (uri, line, col) = match &subject {
            Subject::Key(range, _) => {
                let uri = open_and_wait(&mut c, &file);
                let (_, line, col) = disk_position(&file, range.start);
                (uri, line, col)
            }
            Subject::File => from_ref(&want),
        };
        if matches!(subject, Subject::File) {
            open_at(&mut c, &uri);
        }
        assert_eq!(references_at(&mut c, &uri, line, col), want, "{spec}");
        if matches!(subject, Subject::File) {
            c.notify(
                "textDocument/didClose",
                json!({"textDocument": {"uri": uri}}),
            );
        }

        let what = match &subject {
            Subject::Key(_, name) => {
                // Renames the key from `from` to `to`, applies the edits (the open file's
                // through didChange as well), and checks the workspace after.
                let mut version = 1;
                let mut rename = |c: &mut LspClient, from: &str, to: &str| {
                    let at = json!({"textDocument": {"uri": uri},
                                    "position": {"line": line, "character": col}});
                    let r = c.request("textDocument/prepareRename", at.clone());
                    assert_eq!(r["result"]["placeholder"], from, "{spec}: {r}");
                    let mut params = at;
                    params["newName"] = json!(to);
                    let r = c.request("textDocument/rename", params);
                    let changed = apply_on_disk(&r["result"]);
                    if changed.contains(&file) {
                        version += 1;
                        let text = std::fs::read_to_string(&file).unwrap();
                        c.did_change(&uri, version, json!([{ "text": text }]));
                    }
                    let events: Vec<Value> = changed
                        .iter()
                        .map(|p| json!({"uri": file_uri(p), "type": 2}))
                        .collect();
                    c.notify(
                        "workspace/didChangeWatchedFiles",
                        json!({ "changes": events }),
                    );
                    let (want, now) = users_of(&dir, &file, &subject);
                    assert_eq!(now, unresolved, "{spec}: unresolved after {from} → {to}");
                    assert!(want.len() >= 2, "{spec}: {to} has {} users", want.len());
                    wait_for_references(c, (&uri, line, col), &want);
                    changed.len()
                };
                let renamed = format!("{name}Renamed");
                let files = rename(&mut c, name, &renamed);
                rename(&mut c, &renamed, name);
                format!("the key {name} ({} refs in {files} files)", want.len())
            }
            Subject::File => {
                // Moves the file from `from` to `to` as an editor does: asks for the edits,
                // applies them, moves it, and tells the server.
                let name = file.file_name().unwrap().to_string_lossy().to_string();
                let moved = file.with_file_name(format!("moved-{name}"));
                let mv = |c: &mut LspClient, from: &std::path::Path, to: &std::path::Path| {
                    let r = c.request(
                        "workspace/willRenameFiles",
                        json!({"files": [{"oldUri": file_uri(from), "newUri": file_uri(to)}]}),
                    );
                    let changed = apply_on_disk(&r["result"]);
                    std::fs::rename(from, to).unwrap();
                    let mut events = vec![
                        json!({"uri": file_uri(from), "type": 3}),
                        json!({"uri": file_uri(to), "type": 1}),
                    ];
                    events.extend(
                        changed
                            .iter()
                            .filter(|p| *p != from)
                            .map(|p| json!({"uri": file_uri(p), "type": 2})),
                    );
                    c.notify(
                        "workspace/didChangeWatchedFiles",
                        json!({ "changes": events }),
                    );
                    let (want, now) = users_of(&dir, to, &subject);
                    assert_eq!(
                        now, unresolved,
                        "{spec}: unresolved after the move to {to:?}"
                    );
                    assert!(want.len() >= 2, "{spec}: {to:?} has {} users", want.len());
                    let (uri, line, col) = from_ref(&want);
                    open_at(c, &uri);
                    wait_for_references(c, (&uri, line, col), &want);
                    c.notify(
                        "textDocument/didClose",
                        json!({"textDocument": {"uri": uri}}),
                    );
                    changed.len()
                };
                let files = mv(&mut c, &file, &moved);
                mv(&mut c, &moved, &file);
                format!("the file {name} ({} refs in {files} files)", want.len())
            }
        };
        for f in support::walk(&src) {
            let copied = dir.join(f.strip_prefix(&src).unwrap());
            assert!(
                std::fs::read(&f).unwrap() == std::fs::read(&copied).unwrap(),
                "{spec}: {} differs after the round trip",
                copied.display()
            );
        }
        assert_eq!(c.shutdown().unwrap().code(), Some(0));
        let _ = std::fs::remove_dir_all(&copy);
        done.push(format!("{spec}: {what}"));
    }
    eprintln!("renamed and back: {}", done.join("; "));
}
