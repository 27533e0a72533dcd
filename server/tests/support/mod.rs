//! Shared helpers of the integration tests.
#![allow(dead_code)]

pub mod diffs;
pub mod edits;
pub mod http;
pub mod lsp_client;
pub mod values;

use std::path::{Path, PathBuf};

/// `../shared/corpus` beside the repository. The tests that use it fail, loudly, without it.
/// The multi-file specs of the corpus (folders under `multifile/`).
pub const MULTIFILE_SPECS: &[&str] = &[
    "digitalocean",
    "opensearch",
    "sendgrid-v3",
    "redocly-openapi-starter",
    "oai-petstore-separate-v2.0-yaml",
    "oai-petstore-separate-v2.0-json",
    "asyncapi-social-media-v3.0",
    "ruter-adt-asyncapi",
];

pub fn corpus_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    assert!(
        dir.is_dir(),
        "the spec corpus is expected at {} (../shared/corpus beside the repository)",
        dir.display()
    );
    dir
}

/// A corpus file by its path under the corpus; if that exact path is missing, the first file
/// with the same name under the same top folder.
pub fn find_in_corpus(corpus: &Path, rel: &str) -> PathBuf {
    let p = corpus.join(rel);
    if p.exists() {
        return p;
    }
    let name = Path::new(rel).file_name().unwrap();
    let top = corpus.join(rel.split('/').next().unwrap());
    walk(&top)
        .into_iter()
        .find(|f| f.file_name() == Some(name))
        .unwrap_or_else(|| panic!("{rel} not in the corpus"))
}

/// Every file under a folder, sorted.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// `text` with LSP text edits applied (the texts of the tests are ASCII: UTF-16 columns are bytes).
pub fn apply_lsp_edits(text: &str, edits: &[serde_json::Value]) -> String {
    let offset = |p: &serde_json::Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let col = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + col
    };
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (a, b, t) in edits {
        out.replace_range(a..b, &t);
    }
    out
}

/// Compares `actual` with the snapshot at `expected_path`: rewrites it under `UPDATE_EXPECT=1`,
/// else records a difference (named `name`) in `failures`.
pub fn check_snapshot(expected_path: &Path, actual: &str, name: &str, failures: &mut Vec<String>) {
    let expected = std::fs::read_to_string(expected_path).unwrap_or_default();
    if actual == expected {
        return;
    }
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(expected_path, actual).unwrap();
    } else {
        failures.push(format!(
            "== {name}\n-- expected\n{expected}\n-- actual\n{actual}"
        ));
    }
}

/// A fresh copy of a folder in the temp dir, for a test that edits or indexes it.
pub fn scratch_copy(src: &Path, tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("specls-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(src, &dir);
    dir
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Runs git in `dir` with a fixed identity and no user or system configuration (tests build
/// repositories in temporary folders); fails the test if git fails.
pub fn git(dir: &Path, args: &[&str]) {
    let o = std::process::Command::new("git")
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

/// Runs the built `specls` binary with `args` in `dir`.
pub fn run_specls(args: &[&str], dir: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_specls"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run specls")
}

/// A process's stdout, as text.
pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}
