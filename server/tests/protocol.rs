//! Protocol abuse over stdio: requests before `initialize`, unknown methods, malformed JSON and
//! headers, invalid parameters, a 100 MB message, a cancellation for every request, requests
//! after `shutdown`. The server answers or ignores each as the LSP specification says, and keeps
//! serving: every test ends with a request that gets a real answer.

use serde_json::{json, Value};

mod support;

use support::lsp_client::{file_uri, LspClient};

const BIN: &str = env!("CARGO_BIN_EXE_specls");

fn root() -> String {
    file_uri(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-workspaces/examples"))
}

/// A real answer from a serving server: the node at a position of an open document.
fn still_serving(c: &mut LspClient) {
    let uri = "file:///virtual/alive.yaml";
    c.did_open(
        uri,
        "yaml",
        1,
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
    );
    let r = c.request(
        "specls/pointerAt",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 8}}),
    );
    assert_eq!(r["result"]["pointer"], "/info/title", "{r}");
}

fn error_code(r: &Value) -> i64 {
    r["error"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("expected an error, got {r}"))
}

#[test]
fn requests_before_initialize_are_refused_and_initialize_still_works() {
    let mut c = LspClient::start(BIN, &[]);
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x.yaml"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(error_code(&r), -32002, "ServerNotInitialized: {r}");
    // Notifications before initialize are dropped (the spec says so), not fatal.
    c.did_open("file:///virtual/early.yaml", "yaml", 1, "a: 1\n");
    c.initialize(&root(), &["utf-16"], json!({}));
    // A second initialize is an error.
    let r = c.request("initialize", json!({"capabilities": {}}));
    assert!(
        r.get("error").is_some(),
        "a second initialize must fail: {r}"
    );
    still_serving(&mut c);
    assert_eq!(c.shutdown().and_then(|s| s.code()), Some(0));
}

#[test]
fn unknown_methods_and_invalid_params() {
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&root(), &["utf-16"], json!({}));
    let r = c.request("textDocument/noSuchThing", json!({}));
    assert_eq!(error_code(&r), -32601, "MethodNotFound: {r}");
    // Unknown notifications, with and without the `$/` prefix, are ignored.
    c.notify("$/noSuchNotification", json!({"x": 1}));
    c.notify("workspace/noSuchNotification", json!({"x": 1}));
    // Parameters of the wrong shape.
    let r = c.request("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(error_code(&r), -32602, "InvalidParams: {r}");
    let r = c.request("textDocument/definition", json!(null));
    assert_eq!(error_code(&r), -32602, "InvalidParams: {r}");
    // A notification with bad parameters is dropped.
    c.notify("textDocument/didChange", json!({"contentChanges": "no"}));
    // Requests for a document never opened: empty answers, not errors.
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///virtual/never.yaml"}, "position": {"line": 0, "character": 0}}),
    );
    assert!(r.get("error").is_none() && r["result"].is_null(), "{r}");
    still_serving(&mut c);
    assert_eq!(c.shutdown().and_then(|s| s.code()), Some(0));
}

#[test]
fn malformed_json_gets_a_parse_error_and_the_server_goes_on() {
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&root(), &["utf-16"], json!({}));
    c.send_raw(b"{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": ");
    let r = c
        .wait_for(|m| m.get("error").is_some())
        .expect("an answer to malformed JSON");
    assert_eq!(error_code(&r), -32700, "ParseError: {r}");
    // JSON, but not JSON-RPC: invalid request, with the id when there is one.
    c.send_raw(b"[1, 2, 3]");
    let r = c.wait_for(|m| m.get("error").is_some()).expect("an answer");
    assert_eq!(error_code(&r), -32600, "InvalidRequest: {r}");
    c.send_raw(br#"{"jsonrpc": "1.0", "id": 41, "method": "textDocument/hover"}"#);
    let r = c.wait_for(|m| m["id"] == 41).expect("an answer to id 41");
    assert_eq!(error_code(&r), -32600, "InvalidRequest: {r}");
    // Invalid UTF-8 and NUL bytes.
    c.send_raw(b"\xff\xfe\x00garbage");
    let r = c.wait_for(|m| m.get("error").is_some()).expect("an answer");
    assert_eq!(error_code(&r), -32700, "ParseError: {r}");
    still_serving(&mut c);
    assert_eq!(c.shutdown().and_then(|s| s.code()), Some(0));
}

#[test]
fn malformed_headers_do_not_take_the_server_down() {
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&root(), &["utf-16"], json!({}));
    // A header line the server does not know is skipped; a bad length, and a message without
    // one, are framing errors the server recovers from at the next header.
    c.send_bytes(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n");
    still_serving(&mut c);
    c.send_bytes(b"Content-Length: nope\r\n\r\n{}");
    let r = c.wait_for(|m| m.get("error").is_some()).expect("an answer");
    assert_eq!(error_code(&r), -32700, "ParseError: {r}");
    still_serving(&mut c);
    c.send_bytes(b"X-Nothing: 1\r\n\r\n{}");
    let r = c.wait_for(|m| m.get("error").is_some()).expect("an answer");
    assert_eq!(error_code(&r), -32700, "ParseError: {r}");
    // Bytes between messages.
    c.send_bytes(b"\r\n\r\nhello\n");
    still_serving(&mut c);
    assert_eq!(c.shutdown().and_then(|s| s.code()), Some(0));
}

#[test]
fn a_100_mb_message_is_read_and_the_document_is_refused_with_one_diagnostic() {
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&root(), &["utf-16"], json!({}));
    let uri = "file:///virtual/huge.yaml";
    let line = "key: value value value value value value value value value value value\n";
    let text = line.repeat(100 * 1024 * 1024 / line.len() + 1);
    assert!(text.len() >= 100 * 1024 * 1024);
    c.did_open(uri, "yaml", 1, &text);
    let d = c
        .diagnostics(uri, Some(1))
        .expect("diagnostics for the huge file");
    let diags = d["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{d}");
    assert_eq!(diags[0]["code"], "file/too-large", "{d}");
    // The text is kept, whole: an edit at its end lands where the client put it.
    let last = (text.len() / line.len()) as u32;
    c.did_change(
        uri,
        2,
        json!([{"range": {"start": {"line": last, "character": 0}, "end": {"line": last, "character": 0}}, "text": "end: 1\n"}]),
    );
    let held = c.request("specls/documentText", json!({"textDocument": {"uri": uri}}));
    let held = held["result"]["text"].as_str().expect("the text");
    assert_eq!(held.len(), text.len() + 7);
    assert!(held.ends_with("value\nend: 1\n"));
    still_serving(&mut c);
    assert_eq!(c.shutdown().and_then(|s| s.code()), Some(0));
}

#[test]
fn every_request_can_be_cancelled() {
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&root(), &["utf-16"], json!({}));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../test-workspaces/examples/petstore-3.0/openapi.yaml");
    let uri = file_uri(&path);
    let text = std::fs::read_to_string(&path).unwrap();
    c.did_open(&uri, "yaml", 1, &text);
    let doc = json!({"uri": uri});
    let pos = json!({"line": 10, "character": 6});
    let requests = [
        (
            "textDocument/hover",
            json!({"textDocument": doc, "position": pos}),
        ),
        (
            "textDocument/definition",
            json!({"textDocument": doc, "position": pos}),
        ),
        (
            "textDocument/references",
            json!({"textDocument": doc, "position": pos, "context": {"includeDeclaration": true}}),
        ),
        (
            "textDocument/completion",
            json!({"textDocument": doc, "position": pos}),
        ),
        (
            "textDocument/codeAction",
            json!({"textDocument": doc, "range": {"start": pos, "end": pos}, "context": {"diagnostics": []}}),
        ),
        ("textDocument/documentSymbol", json!({"textDocument": doc})),
        ("textDocument/foldingRange", json!({"textDocument": doc})),
        (
            "textDocument/selectionRange",
            json!({"textDocument": doc, "positions": [pos]}),
        ),
        (
            "textDocument/semanticTokens/full",
            json!({"textDocument": doc}),
        ),
        ("textDocument/codeLens", json!({"textDocument": doc})),
        (
            "textDocument/prepareRename",
            json!({"textDocument": doc, "position": pos}),
        ),
        (
            "textDocument/rename",
            json!({"textDocument": doc, "position": pos, "newName": "X"}),
        ),
        ("workspace/symbol", json!({"query": "Pet"})),
        (
            "specls/pointerAt",
            json!({"textDocument": doc, "position": pos}),
        ),
    ];
    let mut cancelled = 0;
    for (method, params) in requests {
        let id = c.request_async(method, params);
        c.notify("$/cancelRequest", json!({"id": id}));
        let r = c
            .wait_for(|m| m["id"] == id && m.get("method").is_none())
            .unwrap_or_else(|| panic!("{method}: no answer after a cancellation"));
        match r.get("error") {
            Some(e) => {
                assert_eq!(
                    e["code"], -32800,
                    "{method}: only RequestCancelled may answer: {r}"
                );
                cancelled += 1;
            }
            None => assert!(r.get("result").is_some(), "{method}: {r}"),
        }
    }
    eprintln!("cancelled before an answer: {cancelled} of 14");
    // A cancellation for a request that does not exist (or already answered) is ignored.
    c.notify("$/cancelRequest", json!({"id": 123456}));
    still_serving(&mut c);
    assert_eq!(c.shutdown().and_then(|s| s.code()), Some(0));
}

#[test]
fn requests_after_shutdown_are_invalid_and_exit_ends_the_process() {
    let mut c = LspClient::start(BIN, &[]);
    c.initialize(&root(), &["utf-16"], json!({}));
    let r = c.request("shutdown", Value::Null);
    assert!(r.get("error").is_none(), "{r}");
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x.yaml"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(error_code(&r), -32600, "InvalidRequest after shutdown: {r}");
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().and_then(|s| s.code()), Some(0));
}
