//! Completion and hover on a large description (GitHub's, 13 MB of JSON, by default), over LSP
//! with the built server and in process. See BENCHMARKS.md.
//!
//! ```text
//! server/benches/prepare.sh && cargo bench -p specls --bench assist [-- FILE]
//! ```
//!
//! `FILE`: relative to the current folder or to the repository root
//! (`-- .bench/api.github.com.yaml` for the YAML rendering).
//!
//! Positions, spread evenly over the file (every k-th line of each sort):
//! - key: one character into a key (`"o|perationId"`): the keys of that object;
//! - value: one character into a value after `": "`: enums, booleans, formats…;
//! - `$ref`: right after `#/components/schemas/` in a reference (the pointer completion lists
//!   every schema of the document);
//! - typing: a new line after a line ending with `,` (YAML: after a `key: value` line), then
//!   `"es` (YAML: `res`), one `didChange` per keystroke,
//!   each followed at once by a completion request there (the incremental reparse of the
//!   keystroke is in the timer); then the typing is undone and its diagnostics awaited;
//! - hover: on keys (a field's documentation; on a schema's name its shape across `$ref`s).
//!
//! Each request is timed from sending it to its response (serialization and pipe included).
//! Knob: `SPECLS_BENCH_ASSIST_N` (default 100) positions of each sort.

#[path = "../tests/support/lsp_client.rs"]
mod lsp_client;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use specls::assist::{self, Env};
use specls::syntax::{Lang, Parsed};

fn stats(mut v: Vec<Duration>) -> (usize, Duration, Duration, Duration) {
    v.sort();
    let n = v.len();
    if n == 0 {
        return (0, Duration::ZERO, Duration::ZERO, Duration::ZERO);
    }
    let p95 = v[((n as f64) * 0.95).ceil() as usize - 1];
    (n, v[n / 2], p95, v[n - 1])
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn row(name: &str, samples: Vec<Duration>) -> String {
    let (n, med, p95, max) = stats(samples);
    format!("| {name} | {n} | {} | {} | {} |", ms(med), ms(p95), ms(max))
}

/// Line and UTF-16 column of a byte offset in a line.
fn col16(line: &str, byte: usize) -> u32 {
    line[..byte].encode_utf16().count() as u32
}

/// Every k-th of the candidates, `n` of them at most.
fn spread<T: Clone>(all: &[T], n: usize) -> Vec<T> {
    if all.is_empty() {
        return Vec::new();
    }
    let step = (all.len() / n.max(1)).max(1);
    all.iter().step_by(step).take(n).cloned().collect()
}

struct Positions {
    keys: Vec<(u32, u32)>,
    values: Vec<(u32, u32)>,
    refs: Vec<(u32, u32)>,
    /// Lines after which a sibling key can be typed (JSON: ending with `,`; YAML: `key: value`):
    /// (line, column of the line's end, indentation).
    commas: Vec<(u32, u32, usize)>,
}

fn positions(text: &str, lang: Lang, n: usize) -> Positions {
    let (mut keys, mut values, mut refs, mut commas) = (vec![], vec![], vec![], vec![]);
    let json = lang == Lang::Json;
    for (i, line) in text.lines().enumerate() {
        let i = i as u32;
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let is_key = if json {
            trimmed.starts_with('"') && trimmed.len() > 3
        } else {
            !trimmed.starts_with(['-', '#']) && trimmed.contains(':') && trimmed.len() > 3
        };
        if is_key {
            keys.push((i, col16(line, indent + if json { 2 } else { 1 })));
        }
        if let Some(at) = line.find("#/components/schemas/") {
            refs.push((i, col16(line, at + "#/components/schemas/".len())));
        } else if let Some(at) = line.find(": ") {
            let skip = if json { at + 4 } else { at + 3 };
            if line.len() > skip && line.is_char_boundary(skip) {
                values.push((i, col16(line, skip)));
            }
        }
        let sibling_line = if json {
            line.ends_with(',') && trimmed.starts_with('"')
        } else {
            is_key && !line.trim_end().ends_with(':') && !line.contains(['|', '>', '{', '['])
        };
        if sibling_line {
            commas.push((i, col16(line, line.len()), indent));
        }
    }
    Positions {
        keys: spread(&keys, n),
        values: spread(&values, n),
        refs: spread(&refs, n),
        commas: spread(&commas, n),
    }
}

fn timed(c: &mut lsp_client::LspClient, method: &str, params: Value) -> (Duration, Value) {
    let t = Instant::now();
    let r = c.request(method, params);
    let d = t.elapsed();
    assert!(r.get("error").is_none(), "{method}: {r}");
    (d, r["result"].clone())
}

fn count(result: &Value) -> usize {
    result["items"].as_array().map_or(0, Vec::len)
}

fn main() {
    let arg = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    // A relative path is read from the current folder, else from the repository root (`cargo
    // bench` runs in `server/`).
    let path = arg
        .map(PathBuf::from)
        .map(|p| if p.exists() { p } else { root.join(p) })
        .unwrap_or_else(|| root.join(".bench/api.github.com.json"));
    let path = std::fs::canonicalize(&path)
        .unwrap_or_else(|_| panic!("{} missing: run server/benches/prepare.sh", path.display()));
    let text = std::fs::read_to_string(&path).unwrap();
    let lang = Lang::from_path(&path).unwrap_or(Lang::Json);
    let n: usize = std::env::var("SPECLS_BENCH_ASSIST_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let pos = positions(&text, lang, n);
    eprintln!(
        "{}: {} keys, {} values, {} $refs, {} typing positions",
        path.display(),
        pos.keys.len(),
        pos.values.len(),
        pos.refs.len(),
        pos.commas.len()
    );
    let mut rows = Vec::new();

    // Over LSP.
    let bin = std::env::var("SPECLS_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_specls").into());
    let mut c = lsp_client::LspClient::start(&bin, &[]);
    let dir = path.parent().unwrap_or(Path::new("."));
    c.initialize(&lsp_client::file_uri(dir), &["utf-16"], json!({}));
    let uri = lsp_client::file_uri(&path);
    c.did_open(&uri, lang.name(), 1, &text);
    c.diagnostics(&uri, Some(1)).expect("first diagnostics");
    // The workspace index (which parses every file of the folder) done: the steady state.
    c.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
        .expect("the workspace is indexed");
    let at = |line: u32, character: u32| json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}});
    let run = |c: &mut lsp_client::LspClient, method: &str, list: &[(u32, u32)]| {
        let mut samples = Vec::new();
        let mut answered = 0;
        for &(l, ch) in list {
            let (d, r) = timed(c, method, at(l, ch));
            samples.push(d);
            if count(&r) > 0 || r["contents"].is_object() {
                answered += 1;
            }
        }
        (samples, answered)
    };
    let (s, a) = run(&mut c, "textDocument/completion", &pos.keys);
    rows.push(row(&format!("LSP completion, key ({a} with items)"), s));
    let (s, a) = run(&mut c, "textDocument/completion", &pos.values);
    rows.push(row(&format!("LSP completion, value ({a} with items)"), s));
    let (s, a) = run(&mut c, "textDocument/completion", &pos.refs);
    rows.push(row(
        &format!("LSP completion, `$ref` pointer ({a} with items)"),
        s,
    ));
    let (s, a) = run(&mut c, "textDocument/hover", &pos.keys);
    rows.push(row(&format!("LSP hover, key ({a} with a hover)"), s));

    // Typing: at each place, a new line after a `,` and then `"`, `r`, `e`, one `didChange`
    // each, every one followed at once by a completion request there; then the typing is undone
    // and its diagnostics awaited (a pause, as between two edits in an editor).
    let mut samples = Vec::new();
    let mut answered = 0;
    let mut version = 1;
    for &(l, ch, indent) in pos.commas.iter().take(n / 2) {
        let keys = [
            format!("\n{}", " ".repeat(indent)),
            "\"".into(),
            "r".into(),
            "e".into(),
        ];
        let (mut line, mut col) = (l, ch);
        for k in &keys {
            version += 1;
            let range = json!({"start": {"line": line, "character": col}, "end": {"line": line, "character": col}});
            if k.starts_with('\n') {
                (line, col) = (line + 1, indent as u32);
            } else {
                col += 1;
            }
            let t = Instant::now();
            c.did_change(&uri, version, json!([{"range": range, "text": k}]));
            let r = c.request("textDocument/completion", at(line, col));
            samples.push(t.elapsed());
            if count(&r["result"]) > 0 {
                answered += 1;
            }
        }
        version += 1;
        let undo =
            json!({"start": {"line": l, "character": ch}, "end": {"line": line, "character": col}});
        c.did_change(&uri, version, json!([{"range": undo, "text": ""}]));
        c.diagnostics(&uri, Some(version))
            .expect("diagnostics after the undo");
    }
    rows.push(row(
        &format!("LSP keystroke (didChange) + completion at it ({answered} with items)"),
        samples,
    ));
    c.shutdown();

    // In process: the analysis alone, on the same positions.
    let parsed: Arc<Parsed> = Parsed::new(lang, &text);
    let kind = specls::spec::detect(&parsed.tree, &parsed.rope, Some(&path));
    let loader = specls::refs::DiskLoader::new(vec![dir.to_path_buf()], 64 << 20);
    let env = Env {
        parsed: &parsed,
        kind: &kind,
        file: Some(&path),
        loader: Some(&loader),
        files: &[],
    };
    let offset = |l: u32, ch: u32| {
        specls::syntax::text::offset_of(
            &parsed.rope,
            specls::syntax::LineCol { line: l, col: ch },
            specls::syntax::PositionEncoding::Utf16,
        )
    };
    for (name, list) in [
        ("key", &pos.keys),
        ("value", &pos.values),
        ("`$ref` pointer", &pos.refs),
    ] {
        let samples = list
            .iter()
            .map(|&(l, ch)| {
                let o = offset(l, ch);
                let t = Instant::now();
                std::hint::black_box(assist::completions(&env, o).0);
                t.elapsed()
            })
            .collect();
        rows.push(row(&format!("in process: completion, {name}"), samples));
    }
    let samples = pos
        .keys
        .iter()
        .map(|&(l, ch)| {
            let o = offset(l, ch);
            let t = Instant::now();
            std::hint::black_box(assist::hover(&env, o));
            t.elapsed()
        })
        .collect();
    rows.push(row("in process: hover, key", samples));

    println!("\n{}\n", path.file_name().unwrap().to_string_lossy());
    println!("| request | n | median | p95 | max |");
    println!("|---|---|---|---|---|");
    for r in rows {
        println!("{r}");
    }
}
