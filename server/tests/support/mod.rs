//! Shared helpers of the integration tests.
#![allow(dead_code)]

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
