//! Completion, hover, folding and selection ranges, over stdio with the built server.
//!
//! Snapshot cases: each folder under `test-workspaces/completion/` is a workspace; it is copied
//! to a scratch folder with the cursor markers `<|>` taken out, and a server is started on the
//! copy. Every file that held a marker is opened and asked for completion at the marker (under
//! `hover/`: for a hover); the answer, written out as text, must equal `<file>.expected` beside
//! the case. `UPDATE_EXPECT=1 cargo test --test assist` rewrites them.

mod support;

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use support::lsp_client::{file_uri, LspClient};

const BIN: &str = env!("CARGO_BIN_EXE_specls");
const MARKER: &str = "<|>";

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-workspaces/completion")
}

/// A server on a workspace folder, its `$ref` index built.
fn server_on(root: &Path, encodings: &[&str]) -> (LspClient, Value) {
    let mut c = LspClient::start(BIN, &[]);
    let init = c.initialize(&file_uri(root), encodings, json!({}));
    c.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
        .expect("the workspace is indexed");
    (c, init)
}

/// Copies a case folder to a scratch folder without the markers; returns the copy and, for
/// each file that held a marker, its path in the copy, its path in the source, and the offset.
fn scratch_without_markers(group: &Path) -> (PathBuf, Vec<(PathBuf, PathBuf, usize)>) {
    let name = group.file_name().unwrap().to_string_lossy().into_owned();
    let dir = std::env::temp_dir()
        .join(format!("specls-assist-{}", std::process::id()))
        .join(&name);
    let _ = std::fs::remove_dir_all(&dir);
    let mut cases = Vec::new();
    for file in support::walk(group) {
        if file.extension().is_some_and(|e| e == "expected") {
            continue;
        }
        let to = dir.join(file.strip_prefix(group).unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        match text.find(MARKER) {
            Some(offset) => {
                std::fs::write(&to, text.replacen(MARKER, "", 1)).unwrap();
                cases.push((to, file, offset));
            }
            None => std::fs::write(&to, text).unwrap(),
        }
    }
    (dir, cases)
}

fn language(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => "json",
        _ => "yaml",
    }
}

/// Line and UTF-16 column of a byte offset.
fn position(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].encode_utf16().count() as u32;
    (line, col)
}

fn pos(v: &Value) -> String {
    format!("{}:{}", v["line"], v["character"])
}

fn range_text(r: &Value) -> String {
    format!("{}-{}", pos(&r["start"]), pos(&r["end"]))
}

fn request_at(c: &mut LspClient, method: &str, uri: &str, line: u32, col: u32) -> Value {
    let r = c.request(
        method,
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": col}}),
    );
    assert!(r.get("error").is_none(), "{method} failed: {r}");
    r["result"].clone()
}

/// The items in the order a client shows them (sortText, then label).
fn sorted_items(result: &Value) -> Vec<Value> {
    let mut items = result["items"]
        .as_array()
        .or_else(|| result.as_array())
        .cloned()
        .unwrap_or_default();
    items.sort_by(|a, b| {
        (a["sortText"].as_str(), a["label"].as_str())
            .cmp(&(b["sortText"].as_str(), b["label"].as_str()))
    });
    items
}

/// How many items the snapshot shows with their inserted text.
const DETAILED: usize = 6;

fn render_completion(result: &Value) -> String {
    let items = sorted_items(result);
    let mut out = format!("{} items\n", items.len());
    for (i, it) in items.iter().enumerate() {
        let edit = &it["textEdit"];
        out.push_str(&format!(
            "{} [{}] {} filter={}\n",
            it["label"].as_str().unwrap_or("?"),
            it["detail"].as_str().unwrap_or(""),
            range_text(&edit["range"]),
            it["filterText"].as_str().unwrap_or(""),
        ));
        if i < DETAILED {
            for line in edit["newText"].as_str().unwrap_or("").split('\n') {
                out.push_str(&format!("  | {line}\n"));
            }
        }
    }
    out
}

fn render_hover(result: &Value) -> String {
    if result.is_null() {
        return "no hover\n".into();
    }
    format!(
        "range {}\n{}\n",
        range_text(&result["range"]),
        result["contents"]["value"].as_str().unwrap_or("")
    )
}

#[test]
fn completion_and_hover_snapshots() {
    let mut groups: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    groups.sort();
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let mut count = 0;
    for group in &groups {
        let (root, cases) = scratch_without_markers(group);
        let (mut c, _) = server_on(&root, &["utf-16"]);
        let hover = group.ends_with("hover");
        for (copy, source, offset) in &cases {
            count += 1;
            let text = std::fs::read_to_string(copy).unwrap();
            let (line, col) = position(&text, *offset);
            let uri = file_uri(copy);
            c.did_open(&uri, language(copy), 1, &text);
            let actual = if hover {
                render_hover(&request_at(&mut c, "textDocument/hover", &uri, line, col))
            } else {
                let result = request_at(&mut c, "textDocument/completion", &uri, line, col);
                render_completion(&result)
            };
            c.notify(
                "textDocument/didClose",
                json!({"textDocument": {"uri": uri}}),
            );
            let expected_path = PathBuf::from(format!("{}.expected", source.display()));
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if actual != expected {
                if update {
                    std::fs::write(&expected_path, &actual).unwrap();
                } else {
                    failures.push(format!(
                        "== {}\n-- expected\n{expected}\n-- actual\n{actual}",
                        source.strip_prefix(cases_dir()).unwrap().display()
                    ));
                }
            }
        }
        drop(c);
        let _ = std::fs::remove_dir_all(&root);
    }
    assert!(count >= 25, "cases found: {count}");
    assert!(
        failures.is_empty(),
        "snapshots differ (UPDATE_EXPECT=1 rewrites them):\n{}",
        failures.join("\n")
    );
}
