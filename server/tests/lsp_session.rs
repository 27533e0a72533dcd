//! Randomized editing sessions over real LSP on stdio: thousands of random edits (single edits,
//! batches of several changes in one `didChange`, undo-like reversals to an earlier text, edits
//! that split multi-byte characters in UTF-16 or UTF-8 terms, positions past the end) on real
//! specs, with requests interleaved (hover, definition, references, completion, code actions,
//! symbols, folding, selection, semantic tokens), some of them cancelled right away.
//!
//! Every answer must be a result, or an error the protocol allows at that moment (the request
//! was cancelled, or the content changed). After the session, the server's text must equal the
//! client's (`specls/documentText`), and its diagnostics must equal those of a fresh server that
//! opens the final text. `SPECLS_SEED=<n>` replays one seed, `SPECLS_SESSION=<i>` one session.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

mod support;

use support::edits::{naive_offset, random_edit, Units};
use support::lsp_client::{file_uri, LspClient};

const BIN: &str = env!("CARGO_BIN_EXE_specls");

/// `RequestCancelled` and `ContentModified`: the errors the protocol allows for a request that
/// was cancelled or whose document changed under it.
const ALLOWED_ERRORS: &[i64] = &[-32800, -32801];

struct Session {
    /// The workspace folder (a scratch copy) and the file edited in it.
    root: PathBuf,
    file: PathBuf,
    lang: &'static str,
    units: Units,
    batches: usize,
}

/// The requests interleaved with the edits, at a random position.
const REQUESTS: &[&str] = &[
    "textDocument/hover",
    "textDocument/definition",
    "textDocument/references",
    "textDocument/completion",
    "textDocument/codeAction",
    "textDocument/documentSymbol",
    "textDocument/foldingRange",
    "textDocument/selectionRange",
    "textDocument/semanticTokens/full",
    "textDocument/codeLens",
];

fn request_params(method: &str, uri: &str, line: u32, character: u32) -> Value {
    let doc = json!({ "uri": uri });
    let pos = json!({ "line": line, "character": character });
    match method {
        "textDocument/references" => json!({
            "textDocument": doc, "position": pos, "context": {"includeDeclaration": true}
        }),
        "textDocument/codeAction" => json!({
            "textDocument": doc,
            "range": {"start": pos, "end": {"line": line + 2, "character": 0}},
            "context": {"diagnostics": []}
        }),
        "textDocument/selectionRange" => json!({ "textDocument": doc, "positions": [pos] }),
        "textDocument/documentSymbol"
        | "textDocument/foldingRange"
        | "textDocument/semanticTokens/full"
        | "textDocument/codeLens" => json!({ "textDocument": doc }),
        _ => json!({ "textDocument": doc, "position": pos }),
    }
}

/// Checks an answer: a result, or an allowed error.
fn check_answer(answer: &Value, method: &str, context: &str) {
    if let Some(err) = answer.get("error") {
        let code = err["code"].as_i64().unwrap_or(0);
        assert!(
            ALLOWED_ERRORS.contains(&code),
            "{method} answered an error the protocol does not allow here: {err} ({context})"
        );
    } else {
        assert!(
            answer.get("result").is_some(),
            "{method}: no result ({answer}) ({context})"
        );
    }
}

/// The diagnostics the server settles on for `uri` at `version`: the last ones published for
/// that version once the server has been quiet for a while (it may publish a version twice:
/// after an incremental parse with errors, and again after it re-parses from scratch).
fn settled_diagnostics(c: &mut LspClient, uri: &str, version: i64) -> Vec<Value> {
    let mut last = c
        .diagnostics(uri, Some(version))
        .unwrap_or_else(|| panic!("no diagnostics for version {version} of {uri}"));
    while let Some(m) = c.wait_for_timeout(
        |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        },
        Duration::from_millis(1500),
    ) {
        last = m["params"].clone();
    }
    comparable(&last["diagnostics"])
}

/// Diagnostics in a stable order, as JSON values.
fn comparable(diags: &Value) -> Vec<Value> {
    let mut v: Vec<Value> = diags.as_array().cloned().unwrap_or_default();
    v.sort_by_key(|d| d.to_string());
    v
}

fn run_session(s: &Session, seed: u64) -> (usize, usize, usize) {
    let mut rng = StdRng::seed_from_u64(seed);
    let uri = file_uri(&s.file);
    let root = file_uri(&s.root);
    let original = std::fs::read_to_string(&s.file).unwrap();
    let encoding = match s.units {
        Units::Utf16 => "utf-16",
        Units::Utf8 => "utf-8",
    };
    let mut c = LspClient::start(BIN, &[]);
    let init = c.initialize(&root, &[encoding], json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], encoding);
    c.did_open(&uri, s.lang, 1, &original);

    let mut text = original.clone();
    let mut version = 1i64;
    let mut history: Vec<String> = Vec::new();
    let (mut edits, mut requests, mut cancelled) = (0usize, 0usize, 0usize);
    for batch in 0..s.batches {
        let context = format!("{} seed {seed} batch {batch}", s.file.display());
        version += 1;
        if !history.is_empty() && rng.random_bool(0.04) {
            // An undo of a large edit: the whole text replaced by an earlier one.
            text = history.swap_remove(rng.random_range(0..history.len()));
            c.did_change(&uri, version, json!([{ "text": text }]));
            edits += 1;
        } else {
            let n = rng.random_range(1..=4);
            let mut changes = Vec::new();
            for _ in 0..n {
                let e = random_edit(&mut rng, &text, s.units);
                text.replace_range(e.bytes.clone(), &e.insert);
                changes.push(json!({
                    "range": {
                        "start": {"line": e.start.0, "character": e.start.1},
                        "end": {"line": e.end.0, "character": e.end.1},
                    },
                    "text": e.insert,
                }));
            }
            edits += changes.len();
            c.did_change(&uri, version, Value::Array(changes));
        }
        if rng.random_bool(0.08) {
            history.push(text.clone());
        }
        // Requests at random positions (some past the end of the text), now and then cancelled
        // right after they are sent.
        if rng.random_bool(0.3) {
            let lines = text.split('\n').count() as u32;
            let mut pending = Vec::new();
            for _ in 0..rng.random_range(1..=3) {
                let method = REQUESTS[rng.random_range(0..REQUESTS.len())];
                let line = rng.random_range(0..lines + 2);
                let character = rng.random_range(0..60);
                let id = c.request_async(method, request_params(method, &uri, line, character));
                if rng.random_bool(0.2) {
                    c.notify("$/cancelRequest", json!({ "id": id }));
                    cancelled += 1;
                }
                pending.push((id, method));
                requests += 1;
            }
            for (id, method) in pending {
                let answer = c
                    .wait_for(|m| m["id"] == id && m.get("method").is_none())
                    .unwrap_or_else(|| panic!("no answer to {method} ({context})"));
                check_answer(&answer, method, &context);
            }
        }
        // Now and then, let the server catch up: the newest version gets its diagnostics.
        // (Not after the last batch: the final diagnostics are read below.)
        if batch % 150 == 149 && batch + 1 < s.batches {
            c.diagnostics(&uri, Some(version))
                .unwrap_or_else(|| panic!("no diagnostics for version {version} ({context})"));
        }
    }

    // The server holds the client's text, at the client's version.
    let held = c.request(
        "specls/documentText",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(held["result"]["version"], version, "{}", s.file.display());
    assert!(
        held["result"]["text"] == text.as_str(),
        "the server's text differs from the client's after seed {seed} on {}",
        s.file.display()
    );
    let session = settled_diagnostics(&mut c, &uri, version);
    assert_eq!(c.shutdown().and_then(|s| s.code()), Some(0));

    // A fresh server that opens the final text says the same.
    let mut fresh = LspClient::start(BIN, &[]);
    fresh.initialize(&root, &[encoding], json!({}));
    fresh.did_open(&uri, s.lang, 1, &text);
    let expected = settled_diagnostics(&mut fresh, &uri, 1);
    assert_eq!(fresh.shutdown().and_then(|s| s.code()), Some(0));
    if session != expected {
        let dump = std::env::temp_dir().join(format!("specls-session-{seed}.txt"));
        std::fs::write(&dump, &text).unwrap();
        panic!(
            "after seed {seed} on {}, the session's diagnostics differ from a fresh server's \
             (final text in {}):\nsession: {session:#?}\nfresh: {expected:#?}",
            s.file.display(),
            dump.display()
        );
    }
    // The independent offset conversion agrees with the server on the text's end.
    assert_eq!(naive_offset(&text, u32::MAX, 0, s.units), text.len());
    (edits, requests, cancelled)
}

fn sessions(scratch: &Path) -> Vec<Session> {
    let corpus = support::corpus_dir();
    let starter = support::scratch_copy(
        &support::find_in_corpus(&corpus, "multifile/redocly-openapi-starter"),
        "session-starter",
    );
    let single = |rel: &str, tag: &str| {
        let src = support::find_in_corpus(&corpus, rel);
        let dir = scratch.join(tag);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(src.file_name().unwrap());
        std::fs::copy(&src, &file).unwrap();
        (dir, file)
    };
    let (petstore_dir, petstore) = single("openapi/swagger-petstore/openapi.yaml", "petstore");
    let (nyt_dir, nyt) = single("openapi/nytimes/books_api.json", "nytimes");
    let (kafka_dir, kafka) = single(
        "asyncapi/asyncapi-spec-examples-2.6.0/streetlights-kafka.yml",
        "kafka",
    );
    vec![
        Session {
            file: starter.join("openapi.yaml"),
            root: starter,
            lang: "yaml",
            units: Units::Utf16,
            batches: 500,
        },
        Session {
            root: petstore_dir,
            file: petstore,
            lang: "yaml",
            units: Units::Utf8,
            batches: 400,
        },
        Session {
            root: nyt_dir,
            file: nyt,
            lang: "json",
            units: Units::Utf16,
            batches: 400,
        },
        Session {
            root: kafka_dir,
            file: kafka,
            lang: "yaml",
            units: Units::Utf16,
            batches: 300,
        },
    ]
}

#[test]
fn random_editing_sessions_end_where_a_fresh_server_starts() {
    let scratch = std::env::temp_dir().join(format!("specls-sessions-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let seeds: Vec<u64> = match std::env::var("SPECLS_SEED") {
        Ok(s) => vec![s.parse().expect("SPECLS_SEED is a number")],
        Err(_) => vec![1],
    };
    // `SPECLS_SESSION=<i>` runs one session only.
    let only: Option<usize> = std::env::var("SPECLS_SESSION")
        .ok()
        .and_then(|s| s.parse().ok());
    let (mut edits, mut requests, mut cancelled) = (0, 0, 0);
    for seed in seeds {
        for (i, session) in sessions(&scratch).iter().enumerate() {
            if only.is_some_and(|only| only != i) {
                continue;
            }
            let (e, r, c) = run_session(session, seed * 100 + i as u64);
            edits += e;
            requests += r;
            cancelled += c;
        }
    }
    eprintln!("random sessions: {edits} edits, {requests} requests ({cancelled} cancelled)");
    if only.is_none() {
        assert!(edits >= 2000, "only {edits} edits");
        assert!(requests >= 300, "only {requests} requests");
    }
    let _ = std::fs::remove_dir_all(&scratch);
}
