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
fn scratch_without_markers(group: &Path, tag: &str) -> (PathBuf, Vec<(PathBuf, PathBuf, usize)>) {
    let name = group.file_name().unwrap().to_string_lossy().into_owned();
    let dir = std::env::temp_dir()
        .join(format!("specls-assist-{tag}-{}", std::process::id()))
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
            it["filterText"]
                .as_str()
                .or(it["label"].as_str())
                .unwrap_or(""),
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
    let mut failures = Vec::new();
    let mut count = 0;
    for group in &groups {
        let (root, cases) = scratch_without_markers(group, "snapshots");
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
            let name = source
                .strip_prefix(cases_dir())
                .unwrap()
                .display()
                .to_string();
            support::check_snapshot(&expected_path, &actual, &name, &mut failures);
        }
        drop(c);
        let _ = std::fs::remove_dir_all(root.parent().unwrap());
    }
    assert!(count >= 25, "cases found: {count}");
    assert!(
        failures.is_empty(),
        "snapshots differ (UPDATE_EXPECT=1 rewrites them):\n{}",
        failures.join("\n")
    );
}

/// A snippet as the client inserts it with every placeholder left at its default (the first
/// choice of a choice).
fn expand_snippet(s: &str) -> String {
    let mut out = String::new();
    let c: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < c.len() {
        match c[i] {
            '\\' if i + 1 < c.len() => {
                out.push(c[i + 1]);
                i += 2;
            }
            '$' if i + 1 < c.len() && c[i + 1].is_ascii_digit() => {
                i += 1;
                while i < c.len() && c[i].is_ascii_digit() {
                    i += 1;
                }
            }
            '$' if i + 1 < c.len() && c[i + 1] == '{' => {
                let mut j = i + 2;
                while c[j].is_ascii_digit() {
                    j += 1;
                }
                let end = (j..c.len())
                    .find(|&k| c[k] == '}' && c[k - 1] != '\\')
                    .unwrap();
                let body: String = c[j + 1..end].iter().collect();
                let text = match c[j] {
                    ':' => body,
                    '|' => body
                        .trim_end_matches('|')
                        .split(',')
                        .next()
                        .unwrap()
                        .to_string(),
                    _ => String::new(),
                };
                out.push_str(&text);
                i = end + 1;
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

/// Line/UTF-16 column → byte offset.
fn offset_of(text: &str, line: u64, character: u64) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line as usize)
        .map(str::len)
        .sum();
    let mut units = 0;
    for (i, ch) in text[start..].char_indices() {
        if units >= character as usize || ch == '\n' {
            return start + i;
        }
        units += ch.len_utf16();
    }
    text.len()
}

/// Applies a completion item's text edit (placeholders at their defaults) to `text`.
fn apply(text: &str, item: &Value) -> String {
    let r = &item["textEdit"]["range"];
    let a = offset_of(
        text,
        r["start"]["line"].as_u64().unwrap(),
        r["start"]["character"].as_u64().unwrap(),
    );
    let b = offset_of(
        text,
        r["end"]["line"].as_u64().unwrap(),
        r["end"]["character"].as_u64().unwrap(),
    );
    let new = item["textEdit"]["newText"].as_str().unwrap();
    let new = if item["insertTextFormat"] == 2 {
        expand_snippet(new)
    } else {
        new.to_string()
    };
    format!("{}{}{}", &text[..a], new, &text[b..])
}

fn pick<'a>(items: &'a [Value], label: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["label"] == label)
        .unwrap_or_else(|| {
            panic!(
                "no {label} among {:?}",
                items.iter().map(|i| &i["label"]).collect::<Vec<_>>()
            )
        })
}

fn completion_at(c: &mut LspClient, uri: &str, text: &str, offset: usize) -> Vec<Value> {
    let (line, col) = position(text, offset);
    sorted_items(&request_at(c, "textDocument/completion", uri, line, col))
}

#[test]
fn capabilities_name_the_trigger_characters() {
    let (c, init) = server_on(&cases_dir().join("yaml"), &["utf-16"]);
    let caps = &init["capabilities"];
    let triggers: Vec<&str> = caps["completionProvider"]["triggerCharacters"]
        .as_array()
        .expect("completion is offered")
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    for t in [":", " ", "\"", "'", "/", "#"] {
        assert!(triggers.contains(&t), "{t} in {triggers:?}");
    }
    assert_eq!(caps["foldingRangeProvider"], true);
    assert_eq!(caps["selectionRangeProvider"], true);
    assert_eq!(caps["hoverProvider"], true);
    drop(c);
}

/// Typing in a document edited over `didChange` (broken while typed), then taking the
/// completions: the text they make is the document meant, in YAML and in JSON.
#[test]
fn accepted_completions_make_the_document_meant() {
    let (mut c, _) = server_on(&cases_dir().join("yaml"), &["utf-16"]);
    let uri = "file:///virtual/typing.yaml";
    let start = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n  /pets/{petId}:\n    get:\n      operationId: getPet\n";
    c.did_open(uri, "yaml", 1, start);
    // Half a key typed: `res`, and the document below it broken.
    let typed = format!("{start}      res\n  /x: [\n");
    c.did_change(uri, 2, json!([{"text": typed}]));
    let offset = typed.find("res\n").unwrap() + 3;
    let items = completion_at(&mut c, uri, &typed, offset);
    assert_eq!(items[0]["label"], "responses", "required first in 3.0");
    assert!(
        !items.iter().any(|i| i["label"] == "operationId"),
        "already there"
    );
    let text = apply(&typed, pick(&items, "responses"));
    let text = text.replace("  /x: [\n", "");
    let parsed = specls::syntax::Parsed::new(specls::syntax::Lang::Yaml, &text);
    assert!(parsed.errors().is_empty(), "{text}");
    let desc = parsed
        .tree
        .at_pointer("/paths/~1pets~1{petId}/get/responses/200/description")
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(&text[desc.range()], "OK");

    // A parameter: the path template's names, then `in`'s values.
    let with_param = text.replace(
        "      operationId: getPet\n",
        "      operationId: getPet\n      parameters:\n        - in: path\n          name: \n",
    );
    c.did_change(uri, 3, json!([{"text": with_param}]));
    let offset = with_param.find("name: \n").unwrap() + 6;
    let items = completion_at(&mut c, uri, &with_param, offset);
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["petId"]);
    let text = apply(&with_param, &items[0]);
    let parsed = specls::syntax::Parsed::new(specls::syntax::Lang::Yaml, &text);
    let name = parsed
        .tree
        .at_pointer("/paths/~1pets~1{petId}/get/parameters/0/name")
        .unwrap();
    assert_eq!(name.node.as_str(), Some("petId"));

    // JSON: a key typed without its closing quote, in a document cut short.
    let juri = "file:///virtual/typing.json";
    let jtext = "{\n  \"openapi\": \"3.1.0\",\n  \"info\": {\"title\": \"T\", \"version\": \"1\"},\n  \"paths\": {\n    \"/pets\": {\n      \"post\": {\n        \"operationId\": \"addPet\",\n        \"req";
    c.did_open(juri, "json", 1, jtext);
    let items = completion_at(&mut c, juri, jtext, jtext.len());
    let text = apply(jtext, pick(&items, "requestBody"));
    let closed = format!("{text}\n      }}\n    }}\n  }}\n}}\n");
    let value: Value = serde_json::from_str(&closed).unwrap_or_else(|e| panic!("{e}: {closed}"));
    assert_eq!(
        value["paths"]["/pets"]["post"]["requestBody"]["content"]["application/json"]["schema"]
            ["type"],
        "object"
    );
    // A value inside quotes the user opened: the range takes the quotes, the text keeps them.
    let jv = "{\"openapi\": \"3.1.0\", \"components\": {\"securitySchemes\": {\"k\": {\"type\": \"ap\"}}}}";
    c.did_change(juri, 2, json!([{"text": jv}]));
    let items = completion_at(&mut c, juri, jv, jv.find("ap\"").unwrap() + 2);
    let text = apply(jv, pick(&items, "apiKey"));
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(
        value["components"]["securitySchemes"]["k"]["type"],
        "apiKey"
    );
}

/// Positions are UTF-16 code units by default and bytes when UTF-8 is negotiated.
#[test]
fn text_edit_ranges_follow_the_position_encoding() {
    let text = "openapi: 3.1.0\npaths:\n  /p:\n    get: {summary: \"😀é\", resp";
    for (enc, col) in [("utf-16", 26), ("utf-8", 29)] {
        let (mut c, init) = server_on(&cases_dir().join("yaml"), &[enc]);
        assert_eq!(init["capabilities"]["positionEncoding"], enc);
        let uri = "file:///virtual/enc.yaml";
        c.did_open(uri, "yaml", 1, text);
        let line = 3;
        let end = text.lines().nth(3).unwrap();
        let end_col = if enc == "utf-8" {
            end.len()
        } else {
            end.encode_utf16().count()
        };
        let r = request_at(&mut c, "textDocument/completion", uri, line, end_col as u32);
        let items = sorted_items(&r);
        let responses = pick(&items, "responses");
        assert_eq!(
            responses["textEdit"]["range"],
            json!({"start": {"line": 3, "character": col}, "end": {"line": 3, "character": end_col}}),
            "{enc}"
        );
        assert!(
            responses["textEdit"]["newText"]
                .as_str()
                .unwrap()
                .starts_with("responses: {'200': {description: "),
            "{responses}"
        );
    }
}

#[test]
fn hover_documents_keys_and_keeps_the_ref_preview() {
    let (root, _) = scratch_without_markers(&cases_dir().join("hover"), "hover");
    let (mut c, _) = server_on(&root, &["utf-16"]);
    let file = root.join("petstore.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let uri = file_uri(&file);
    c.did_open(&uri, "yaml", 1, &text);
    let hover = |c: &mut LspClient, needle: &str, delta: usize| {
        let (line, col) = position(&text, text.find(needle).unwrap() + delta);
        request_at(c, "textDocument/hover", &uri, line, col)["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    // On a `$ref`: the target's preview, as before.
    let md = hover(&mut c, "'#/components/schemas/NewPet'", 5);
    assert!(md.starts_with("**NewPet**"), "{md}");
    // On a key: the field's documentation and its section.
    let md = hover(&mut c, "operationId", 2);
    assert!(md.contains("#operation-object"), "{md}");
    // On a schema's name: its shape, through `allOf` and a `$ref` into another file.
    let md = hover(&mut c, "    Pet:", 5);
    assert!(md.contains("id: integer<int64> (required)"), "{md}");
    assert!(md.contains("price: Money"), "{md}");
    // On a security scheme's `scheme` value.
    let md = hover(&mut c, "scheme: bearer", 9);
    assert!(md.contains("RFC 6750"), "{md}");
    let _ = std::fs::remove_dir_all(root.parent().unwrap());
}

#[test]
fn folding_and_selection_ranges() {
    let (mut c, _) = server_on(&cases_dir().join("yaml"), &["utf-16"]);
    let uri = "file:///virtual/fold.yaml";
    let text = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses: {}\ncomponents:\n  schemas:\n    A:\n      type: string\n";
    c.did_open(uri, "yaml", 1, text);
    let r = c.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": uri}}),
    );
    let folds: Vec<(u64, u64)> = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap(),
                f["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        folds,
        [(0, 8), (1, 4), (2, 4), (3, 4), (5, 8), (6, 8), (7, 8)]
    );
    let r = c.request(
        "textDocument/selectionRange",
        json!({"textDocument": {"uri": uri}, "positions": [{"line": 8, "character": 13}]}),
    );
    let mut sel = &r["result"][0];
    let mut chain = Vec::new();
    while !sel.is_null() {
        chain.push(range_text(&sel["range"]));
        sel = &sel["parent"];
    }
    assert_eq!(chain[0], "8:12-8:18", "the word `string`");
    assert_eq!(chain[1], "8:6-8:18", "`type: string`");
    assert!(chain.len() >= 6, "{chain:?}");
}

/// Empty and broken documents, positions past the end: answers, never errors.
#[test]
fn bad_documents_and_positions_get_answers() {
    let (mut c, _) = server_on(&cases_dir().join("yaml"), &["utf-16"]);
    let docs = [
        ("file:///virtual/empty.yaml", "yaml", ""),
        ("file:///virtual/empty.json", "json", ""),
        (
            "file:///virtual/garbage.yaml",
            "yaml",
            "\t- : : {[\"\n  ]]: &a *b\n\u{0}",
        ),
        (
            "file:///virtual/garbage.json",
            "json",
            "{\"a\": [1, {\"$ref\": \"#/",
        ),
        ("file:///virtual/deep.yaml", "yaml", &"- ".repeat(300)),
    ];
    for (uri, lang, text) in docs {
        c.did_open(uri, lang, 1, text);
        for (line, character) in [(0, 0), (0, 3), (1, 1), (0, 9999), (9999, 0), (9999, 9999)] {
            for method in ["textDocument/completion", "textDocument/hover"] {
                let r = c.request(
                    method,
                    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
                );
                assert!(
                    r.get("error").is_none(),
                    "{method} {uri} {line}:{character}: {r}"
                );
            }
            let r = c.request(
                "textDocument/selectionRange",
                json!({"textDocument": {"uri": uri}, "positions": [{"line": line, "character": character}]}),
            );
            assert!(r.get("error").is_none(), "{uri}: {r}");
        }
        let r = c.request(
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": uri}}),
        );
        assert!(r.get("error").is_none(), "{uri}: {r}");
    }
    // A `$ref` in a document of no known kind: this document's pointers.
    let text = "{\"definitions\": {\"A\": {}}, \"x\": {\"$ref\": \"#/definitions/\"}}";
    let uri = "file:///virtual/fragment.json";
    c.did_open(uri, "json", 1, text);
    let items = completion_at(&mut c, uri, text, text.find("/\"}").unwrap() + 1);
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["#/definitions/A"]);
}

/// Semantic tokens set keys apart from values and `$ref`s (decoded with the legend).
#[test]
fn semantic_tokens_tell_keys_values_and_refs() {
    let (mut c, init) = server_on(&cases_dir().join("yaml"), &["utf-16"]);
    let legend: Vec<String> = init["capabilities"]["semanticTokensProvider"]["legend"]
        ["tokenTypes"]
        .as_array()
        .expect("semantic tokens are offered")
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    let uri = "file:///virtual/tokens.yaml";
    let text = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      deprecated: true\n      responses:\n        '200': {$ref: '#/components/responses/Ok'}\n";
    c.did_open(uri, "yaml", 1, text);
    let decode = |r: &Value| -> Vec<(String, String)> {
        let data: Vec<u64> = r["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        let lines: Vec<&str> = text.lines().collect();
        let (mut line, mut col) = (0usize, 0usize);
        data.chunks(5)
            .map(|t| {
                if t[0] > 0 {
                    line += t[0] as usize;
                    col = t[1] as usize;
                } else {
                    col += t[1] as usize;
                }
                let word: String = lines[line].chars().skip(col).take(t[2] as usize).collect();
                (word, legend[t[3] as usize].clone())
            })
            .collect()
    };
    let full = c.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri}}),
    );
    let tokens = decode(&full["result"]);
    let kind_of = |w: &str| {
        tokens
            .iter()
            .find(|(t, _)| t == w)
            .map(|(_, k)| k.as_str())
            .unwrap_or_else(|| panic!("{w} not in {tokens:?}"))
    };
    assert_eq!(kind_of("openapi"), "property");
    assert_eq!(kind_of("3.1.0"), "string");
    assert_eq!(kind_of("true"), "keyword");
    assert_eq!(kind_of("'200'"), "property");
    assert_eq!(kind_of("$ref"), "property");
    assert_eq!(kind_of("'#/components/responses/Ok'"), "type");
    assert_ne!(kind_of("'#/components/responses/Ok'"), kind_of("3.1.0"));
    // A range: only its lines.
    let range = c.request(
        "textDocument/semanticTokens/range",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 4, "character": 0}, "end": {"line": 5, "character": 0}}}),
    );
    let data = range["result"]["data"].as_array().unwrap();
    assert_eq!(data.len(), 2 * 5, "deprecated: true");
    assert_eq!(data[0].as_u64(), Some(4), "first token on line 4");
}

/// A long list of `$ref` targets is cut, marked incomplete, and narrowed by what is typed.
#[test]
fn long_ref_lists_are_cut_and_narrowed() {
    let (mut c, _) = server_on(&cases_dir().join("yaml"), &["utf-16"]);
    let mut text = String::from("openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/'\ncomponents:\n  schemas:\n");
    for i in 0..1000 {
        text.push_str(&format!("    Schema{i}: {{type: string}}\n"));
    }
    let uri = "file:///virtual/many.yaml";
    c.did_open(uri, "yaml", 1, &text);
    let at = text.find("schemas/'").unwrap() + "schemas/".len();
    let (line, col) = position(&text, at);
    let r = request_at(&mut c, "textDocument/completion", uri, line, col);
    assert_eq!(r["isIncomplete"], true);
    assert_eq!(r["items"].as_array().unwrap().len(), 300);
    // `Schema99` typed: Schema99 and Schema990…Schema999, the whole list.
    let typed = text.replacen("schemas/'", "schemas/Schema99'", 1);
    c.did_change(uri, 2, json!([{"text": typed}]));
    let (line, col) = position(&typed, at + "Schema99".len());
    let r = request_at(&mut c, "textDocument/completion", uri, line, col);
    assert_eq!(r["isIncomplete"], false);
    let labels: Vec<&str> = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels.len(), 11, "{labels:?}");
    assert!(labels.contains(&"#/components/schemas/Schema99"));
    assert!(labels.contains(&"#/components/schemas/Schema995"));
}
