//! Load and memory over LSP, with the release binary (`$SPECLS_BIN` if set):
//! - a workspace of 2,000 spec files indexed: time from `initialized` to the end of the
//!   indexing progress, and the server's peak memory (VmHWM);
//! - 100 requests sent at once on an open spec: all answered, how long it took;
//! - GitHub's 13 MB description opened and closed 50 times: the server's memory at rest (three
//!   seconds after the close, and steady) before the first open, after the first round, every tenth round
//!   and after the last; the RSS, and its anonymous and file-backed parts (`RssAnon`, `RssFile`) (`.bench/api.github.com.json`, from `server/benches/prepare.sh`; the
//!   part is skipped, and says so, without it).
//!
//! `cargo bench -p specls --bench load`. Figures go to RELIABILITY.md.
//! `SPECLS_BENCH_PARTS=memory` (or `index`, `requests`; comma-separated) runs only those parts;
//! `SPECLS_BENCH_ROUNDS` sets the open/close rounds (50); `SPECLS_BENCH_SMAPS=prefix` saves the
//! server's `/proc/<pid>/smaps` at each rest as `prefix.0`, `prefix.1`, … (what holds the memory:
//! the allocator's arena, stacks, the binary's pages).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

#[path = "../tests/support/lsp_client.rs"]
mod lsp_client;

use lsp_client::{file_uri, LspClient};

fn bin() -> String {
    std::env::var("SPECLS_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_specls").to_string())
}

/// A size from `/proc/PID/status` (`VmRSS:`, `VmHWM:`), in MiB.
fn proc_mib(pid: u32, field: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn p95(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() as f64 * 0.95).ceil() as usize).clamp(1, v.len()) - 1]
}

/// 200 APIs of 10 files each: a root with 4 paths, 3 path files, 6 schema files, all joined by
/// relative `$ref`s.
fn workspace(dir: &Path) -> usize {
    let _ = std::fs::remove_dir_all(dir);
    let mut files = 0;
    for api in 0..200 {
        let root = dir.join(format!("api{api:03}"));
        std::fs::create_dir_all(root.join("paths")).unwrap();
        std::fs::create_dir_all(root.join("schemas")).unwrap();
        let mut spec =
            format!("openapi: 3.1.0\ninfo:\n  title: API {api}\n  version: '1.0'\npaths:\n");
        for p in 0..3 {
            spec.push_str(&format!("  /items{p}:\n    $ref: ./paths/items{p}.yaml\n"));
            let path = format!(
                "get:\n  operationId: list{p}\n  summary: List items {p}\n  parameters:\n    - name: limit\n      in: query\n      schema: {{type: integer, maximum: 100}}\n  responses:\n    '200':\n      description: OK\n      content:\n        application/json:\n          schema:\n            type: array\n            items:\n              $ref: ../schemas/Item{p}.yaml\n    '404':\n      description: Not found\n      content:\n        application/json:\n          schema:\n            $ref: ../schemas/Error.yaml\n"
            );
            std::fs::write(root.join(format!("paths/items{p}.yaml")), path).unwrap();
            files += 1;
        }
        spec.push_str("components:\n  schemas:\n");
        for s in 0..5 {
            spec.push_str(&format!(
                "    Item{s}:\n      $ref: ./schemas/Item{s}.yaml\n"
            ));
            let next = (s + 1) % 5;
            let schema = format!(
                "type: object\nrequired: [id, name]\nproperties:\n  id: {{type: string, format: uuid}}\n  name: {{type: string, maxLength: 80}}\n  tags:\n    type: array\n    items: {{type: string}}\n  related:\n    $ref: ./Item{next}.yaml\n"
            );
            std::fs::write(root.join(format!("schemas/Item{s}.yaml")), schema).unwrap();
            files += 1;
        }
        std::fs::write(
            root.join("schemas/Error.yaml"),
            "type: object\nproperties:\n  code: {type: integer}\n  message: {type: string}\n",
        )
        .unwrap();
        std::fs::write(root.join("openapi.yaml"), spec).unwrap();
        files += 2;
    }
    files
}

fn index_workspace(dir: &Path) -> (f64, f64, f64) {
    let mut c = LspClient::start(&bin(), &[]);
    let t = Instant::now();
    c.initialize(&file_uri(dir), &["utf-16"], json!({}));
    c.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
        .expect("the index is built");
    let took = t.elapsed().as_secs_f64() * 1000.0;
    let (rss, hwm) = (proc_mib(c.pid(), "VmRSS:"), proc_mib(c.pid(), "VmHWM:"));
    c.shutdown();
    (took, rss, hwm)
}

fn concurrent_requests(root: &Path) -> (f64, f64, usize) {
    let file = root.join("api000/openapi.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let uri = file_uri(&file);
    let mut c = LspClient::start(&bin(), &[]);
    c.initialize(&file_uri(root), &["utf-16"], json!({}));
    c.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
        .expect("the index is built");
    c.did_open(&uri, "yaml", 1, &text);
    c.diagnostics(&uri, Some(1)).expect("diagnostics");
    let methods = [
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/references",
        "textDocument/completion",
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
        "textDocument/semanticTokens/full",
        "textDocument/codeLens",
    ];
    let lines = text.lines().count() as u32;
    let t = Instant::now();
    let mut sent = Vec::new();
    for i in 0..100u32 {
        let method = methods[i as usize % methods.len()];
        let pos = json!({"line": i % lines, "character": 6});
        let doc = json!({"uri": uri});
        let params = match method {
            "textDocument/references" => {
                json!({"textDocument": doc, "position": pos, "context": {"includeDeclaration": true}})
            }
            "textDocument/documentSymbol"
            | "textDocument/foldingRange"
            | "textDocument/semanticTokens/full"
            | "textDocument/codeLens" => json!({"textDocument": doc}),
            _ => json!({"textDocument": doc, "position": pos}),
        };
        sent.push((c.request_async(method, params), Instant::now()));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for (id, at) in sent {
        let r: Value = c
            .wait_for(|m| m["id"] == id && m.get("method").is_none())
            .expect("every request is answered");
        if r.get("error").is_some() {
            errors += 1;
        }
        latencies.push(at.elapsed().as_secs_f64() * 1000.0);
    }
    let all = t.elapsed().as_secs_f64() * 1000.0;
    c.shutdown();
    (all, p95(latencies), errors)
}

/// Memory at rest: the whole RSS, and its two parts, anonymous (the heap, the stacks: what the
/// process itself holds) and file-backed (the binary's code and data pages it has run, shared and
/// clean: the kernel drops them under pressure and reads them again from the file).
#[derive(Clone, Copy)]
struct Rest {
    rss: f64,
    anon: f64,
    file: f64,
}

impl Rest {
    fn read(pid: u32) -> Rest {
        Rest {
            rss: proc_mib(pid, "VmRSS:"),
            anon: proc_mib(pid, "RssAnon:"),
            file: proc_mib(pid, "RssFile:"),
        }
    }
}

/// A measure of [`Rest`], by name.
type Part = (&'static str, fn(&Rest) -> f64);

/// The open/close rounds: `SPECLS_BENCH_ROUNDS`, else 50.
fn rounds() -> usize {
    std::env::var("SPECLS_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(50)
}

/// How many memory maps `SPECLS_BENCH_SMAPS` has saved.
static SMAPS_TAKEN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Memory at rest: before, after round 1, after rounds 10, 20, .. 50; and the peak RSS.
fn open_close_github(path: &Path) -> Option<(Rest, Rest, Vec<Rest>, f64)> {
    let text = std::fs::read_to_string(path).ok()?;
    let dir = path.parent()?;
    let mut c = LspClient::start(&bin(), &[]);
    c.initialize(&file_uri(dir), &["utf-16"], json!({}));
    c.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let uri = file_uri(path);
    // Memory is read when the server has been quiet for a while (it gives memory back to the
    // system 1.5 s after it goes quiet: `lsp/memory.rs`): three seconds, then until the readings
    // of the last two seconds agree within 1 MiB (on a loaded machine the close's work can take
    // longer), at most 20 seconds.
    let at_rest = |c: &LspClient| {
        std::thread::sleep(Duration::from_secs(3));
        let mut window = vec![Rest::read(c.pid())];
        for _ in 0..34 {
            std::thread::sleep(Duration::from_millis(500));
            window.push(Rest::read(c.pid()));
            let last = &window[window.len().saturating_sub(5)..];
            let (lo, hi) = last.iter().fold((f64::MAX, f64::MIN), |(l, h), x| {
                (l.min(x.rss), h.max(x.rss))
            });
            if last.len() == 5 && hi - lo < 1.0 {
                break;
            }
        }
        let rest = window[window.len() - 1];
        // `SPECLS_BENCH_SMAPS=prefix`: the server's memory map at each rest, to see what holds it.
        if let Some(prefix) = std::env::var_os("SPECLS_BENCH_SMAPS") {
            let mut to = prefix;
            to.push(format!(
                ".{}",
                SMAPS_TAKEN.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            ));
            let _ = std::fs::copy(format!("/proc/{}/smaps", c.pid()), to);
        }
        eprintln!(
            "load: at rest: RSS {:.1} MiB (anonymous {:.1}, file {:.1})",
            rest.rss, rest.anon, rest.file
        );
        rest
    };
    let before = at_rest(&c);
    let mut after_first = Rest {
        rss: f64::NAN,
        anon: f64::NAN,
        file: f64::NAN,
    };
    let mut every_tenth = Vec::new();
    for round in 0..rounds() {
        c.did_open(&uri, "json", 1, &text);
        c.diagnostics(&uri, Some(1)).expect("diagnostics");
        c.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
        // The close is done when the server clears the document's diagnostics.
        let u = uri.clone();
        c.wait_for(move |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == u.as_str()
                && m["params"]["diagnostics"]
                    .as_array()
                    .is_some_and(|d| d.is_empty())
        });
        if round == 0 {
            after_first = at_rest(&c);
        }
        if round % 10 == 9 {
            every_tenth.push(at_rest(&c));
        }
    }
    let hwm = proc_mib(c.pid(), "VmHWM:");
    c.shutdown();
    Some((before, after_first, every_tenth, hwm))
}

/// Whether the part is to run (`SPECLS_BENCH_PARTS`, all when unset).
fn part(name: &str) -> bool {
    std::env::var("SPECLS_BENCH_PARTS").map_or(true, |p| p.split(',').any(|x| x.trim() == name))
}

fn main() {
    let scratch = std::env::temp_dir().join(format!("specls-load-{}", std::process::id()));
    let files = workspace(&scratch);
    println!("load: {files} spec files in 200 folders");

    if part("index") {
        let runs: Vec<(f64, f64, f64)> = (0..5).map(|_| index_workspace(&scratch)).collect();
        println!(
            "| index {files} files (initialize → progress end) | median {:.0} ms | p95 {:.0} ms | RSS after {:.0} MiB | peak (VmHWM) {:.0} MiB |",
            median(runs.iter().map(|r| r.0).collect()),
            p95(runs.iter().map(|r| r.0).collect()),
            median(runs.iter().map(|r| r.1).collect()),
            median(runs.iter().map(|r| r.2).collect()),
        );
    }

    if part("requests") {
        let runs: Vec<(f64, f64, usize)> = (0..5).map(|_| concurrent_requests(&scratch)).collect();
        println!(
            "| 100 requests sent at once, all answered | all in median {:.1} ms | per-request p95 {:.1} ms | errors {} |",
            median(runs.iter().map(|r| r.0).collect()),
            median(runs.iter().map(|r| r.1).collect()),
            runs.iter().map(|r| r.2).sum::<usize>(),
        );
    }

    if !part("memory") {
        let _ = std::fs::remove_dir_all(&scratch);
        return;
    }
    let github = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.bench/api.github.com.json");
    match open_close_github(&github) {
        Some((before, first, tenths, hwm)) => {
            // The target compares the RSS; its anonymous part is printed beside it, since the
            // file-backed part grows once with the code the first open runs and is not held by
            // the process alone.
            let parts: [Part; 3] = [
                ("RSS", |r| r.rss),
                ("RssAnon", |r| r.anon),
                ("RssFile", |r| r.file),
            ];
            for (name, get) in parts {
                let (before, first) = (get(&before), get(&first));
                let last = tenths.last().map_or(f64::NAN, get);
                let series: Vec<String> = tenths.iter().map(|m| format!("{:.1}", get(m))).collect();
                println!(
                    "| GitHub 13 MB opened and closed {} times, {name} at rest | before {before:.1} MiB | after round 1 {first:.1} MiB | after rounds 10, 20 .. 50: {} MiB | last round {:+.1}% vs round 1, {:+.1}% vs before |",
                    rounds(),
                    series.join(", "),
                    (last - first) / first * 100.0,
                    (last - before) / before * 100.0,
                );
            }
            println!("| GitHub 13 MB opened and closed | peak RSS (VmHWM) {hwm:.0} MiB |");
        }
        None => println!(
            "| GitHub open/close | skipped: {} is missing (run server/benches/prepare.sh) |",
            github.display()
        ),
    }
    let _ = std::fs::remove_dir_all(&scratch);
}
