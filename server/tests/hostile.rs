//! Hostile inputs, each with its stated outcome (RELIABILITY.md lists them), checked through the
//! `specls` binary as CI runs it: no panic, no hang, no read outside the workspace, no network.

mod support;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_specls");

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("specls-hostile-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `specls check --format json` in `dir`, with a deadline: a hang fails the test.
fn check_json(dir: &Path, args: &[&str]) -> (Output, Vec<Value>) {
    let mut child = Command::new(BIN)
        .arg("check")
        .args(["--format", "json", "--hints"])
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read the output while waiting (a full pipe would stall the child).
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = stdout.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = stderr.read_to_end(&mut v);
        v
    });
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("specls check did not finish in 120 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = Output {
        status,
        stdout: out_reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    };
    let code = out.status.code();
    assert!(
        matches!(code, Some(0) | Some(1)),
        "exit {code:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stdout));
    });
    let diags = v["diagnostics"].as_array().cloned().unwrap_or_default();
    (out, diags)
}

fn codes_of(diags: &[Value], file: &str) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d["file"].as_str().is_some_and(|f| f.ends_with(file)))
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// Outcome: `document/too-deep` on the first node past the depth limit; no stack overflow.
#[test]
fn a_hundred_thousand_levels_of_nesting() {
    let dir = scratch("deep");
    let n = 100_000;
    std::fs::write(
        dir.join("deep.json"),
        format!("{}1{}", "[".repeat(n), "]".repeat(n)),
    )
    .unwrap();
    std::fs::write(
        dir.join("deep-flow.yaml"),
        format!("{}1{}", "{a: ".repeat(n), "}".repeat(n)),
    )
    .unwrap();
    // Block sequences nest on one line: `- - - … 1`.
    std::fs::write(
        dir.join("deep-block.yaml"),
        format!("{}1\n", "- ".repeat(n)),
    )
    .unwrap();
    let (_, diags) = check_json(&dir, &["."]);
    for f in ["deep.json", "deep-flow.yaml", "deep-block.yaml"] {
        assert!(
            codes_of(&diags, f).contains(&"document/too-deep".to_string()),
            "{f}: {:?}",
            codes_of(&diags, f)
        );
    }
}

/// Outcome: one `file/too-large` diagnostic, read from the file's size alone (the 200 MB are
/// never read into memory).
#[test]
fn a_200_mb_file() {
    let dir = scratch("huge");
    let f = std::fs::File::create(dir.join("huge.yaml")).unwrap();
    f.set_len(200 * 1024 * 1024).unwrap();
    let (_, diags) = check_json(&dir, &["."]);
    assert_eq!(codes_of(&diags, "huge.yaml"), vec!["file/too-large"]);
}

/// Outcome: a NUL byte in the first 8 KiB makes the file `file/binary` (not analyzed); past
/// them, NUL and other characters YAML does not allow are `syntax/control-character` errors,
/// and the rest of the document is still checked.
#[test]
fn nul_bytes_in_a_spec() {
    let dir = scratch("nul");
    let mut text = String::from("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
    text.push_str(&"# padding\n".repeat(1000));
    text.push_str("x-nul: \"a\0b\"\ny: \0\n");
    std::fs::write(dir.join("nul.yaml"), text).unwrap();
    let (_, diags) = check_json(&dir, &["."]);
    let codes = codes_of(&diags, "nul.yaml");
    let control = codes
        .iter()
        .filter(|c| *c == "syntax/control-character")
        .count();
    assert_eq!(control, 2, "both NUL bytes are reported: {codes:?}");
    assert!(
        codes.contains(&"schema/unknown-field".to_string()),
        "the document is still checked: {codes:?}"
    );
}

/// Outcome: a symlink loop in the workspace is walked once (links are not followed), and the
/// check finishes.
#[test]
fn a_symlink_loop_in_the_workspace() {
    let dir = scratch("loop");
    std::fs::create_dir_all(dir.join("a/b")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("a/b/up")).unwrap();
    std::os::unix::fs::symlink(dir.join("a"), dir.join("a/b/again")).unwrap();
    std::fs::write(
        dir.join("a/openapi.yaml"),
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
    )
    .unwrap();
    let (out, diags) = check_json(&dir, &["."]);
    assert_eq!(out.status.code(), Some(0), "{diags:?}");
}

/// A listener on 127.0.0.1 that counts connections (nothing may connect).
fn counting_listener() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut buf = [0u8; 1024];
            let _ = s.read(&mut buf);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nleaked: 1");
        }
    });
    (port, hits)
}

/// Outcome: `$ref`s to `/etc/passwd`, to `../../..` out of the workspace, to a symlink out of
/// it, and to `file://` and `http://` URLs are reported, and none is read or fetched: the
/// secret outside never shows in the output, and nothing connects to the listener.
#[test]
fn refs_out_of_the_workspace_are_neither_read_nor_fetched() {
    let base = scratch("escape");
    let ws = base.join("ws");
    std::fs::create_dir_all(ws.join("api")).unwrap();
    std::fs::write(base.join("secret.yaml"), "token: hunter2-secret\n").unwrap();
    std::os::unix::fs::symlink(base.join("secret.yaml"), ws.join("api/link.yaml")).unwrap();
    let (port, hits) = counting_listener();
    let spec = format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n\
         \x20   A: {{$ref: '/etc/passwd'}}\n\
         \x20   B: {{$ref: '../../secret.yaml#/token'}}\n\
         \x20   C: {{$ref: '../../../../../../../../etc/passwd'}}\n\
         \x20   D: {{$ref: 'file:///etc/passwd'}}\n\
         \x20   E: {{$ref: 'http://127.0.0.1:{port}/schema.yaml'}}\n\
         \x20   F: {{$ref: 'https://127.0.0.1:{port}/schema.yaml'}}\n\
         \x20   G: {{$ref: './link.yaml#/token'}}\n\
         \x20   H: {{$ref: 'file://{}/secret.yaml'}}\n",
        base.display()
    );
    std::fs::write(ws.join("api/openapi.yaml"), spec).unwrap();
    let (out, diags) = check_json(&ws, &["."]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.contains("hunter2"),
        "a secret outside was read: {text}"
    );
    assert!(!text.contains("root:"), "/etc/passwd was read: {text}");
    let codes = codes_of(&diags, "openapi.yaml");
    let outside = codes
        .iter()
        .filter(|c| *c == "ref/outside-workspace")
        .count();
    let remote = codes.iter().filter(|c| c.starts_with("ref/remote")).count();
    // A, B, C, G: outside the workspace; D, E, F, H: URLs (`file://` ones too), not fetched.
    assert_eq!(outside, 4, "{codes:?}");
    assert_eq!(remote, 4, "{codes:?}");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(hits.load(Ordering::SeqCst), 0, "something was fetched");
}

/// Outcome: a workspace of 10,000 spec files is checked, every file, without running out of
/// anything (the figures are in BENCHMARKS.md, from the `load` bench).
#[test]
fn ten_thousand_files() {
    let dir = scratch("many");
    for i in 0..10_000 {
        let sub = dir.join(format!("d{}", i / 500));
        if i % 500 == 0 {
            std::fs::create_dir_all(&sub).unwrap();
        }
        let next = (i + 1) % 10_000;
        std::fs::write(
            sub.join(format!("s{i}.yaml")),
            format!(
                "type: object\nproperties:\n  next: {{$ref: '../d{}/s{next}.yaml'}}\n  bad: {{$ref: '#/nowhere'}}\n",
                next / 500
            ),
        )
        .unwrap();
    }
    let (_, diags) = check_json(&dir, &["."]);
    let unresolved = diags
        .iter()
        .filter(|d| d["code"] == "ref/missing-pointer")
        .count();
    assert_eq!(unresolved, 10_000, "one per file");
}
