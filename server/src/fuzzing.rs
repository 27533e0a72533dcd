//! The bodies of the fuzz targets (`server/fuzz/`, run with `cargo fuzz`), here so that the
//! regression test (`tests/fuzz_regressions.rs`) runs every input a fuzzer ever found through
//! the very same code. Each takes any bytes and must not panic, hang or exhaust memory.
#![doc(hidden)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::load::{from_bytes, Loaded};
use crate::assist::{self, Env};
use crate::refs::Loader;
use crate::settings::Settings;
use crate::syntax::{Lang, LineCol, Parsed, PositionEncoding, SourceFile, TextChange};

/// A fuzz target's body.
pub type Target = fn(&[u8]);

/// The targets, by name (the names of `server/fuzz/fuzz_targets/*.rs`).
pub const TARGETS: &[(&str, Target)] = &[
    ("syntax", syntax),
    ("analysis", analysis),
    ("refs", refs),
    ("assist", assist_at),
];

/// Parsing to the node tree: any bytes, as YAML and as JSON, through the same path a file takes
/// (size limit, binary and UTF-8 checks), then the tree walked (JSON values, pointers at
/// offsets, outline). Also an incremental edit: the input's first bytes say where to insert what.
pub fn syntax(data: &[u8]) {
    let text = match from_bytes(data.to_vec(), 64 << 20) {
        Loaded::Text(t) => t,
        Loaded::Skipped { .. } => String::from_utf8_lossy(data).into_owned(),
    };
    for lang in [Lang::Yaml, Lang::Json] {
        let parsed = Parsed::new(lang, &text);
        let _ = crate::syntax::value::to_json(&parsed.tree);
        for offset in [0, text.len() / 3, text.len() / 2, text.len()] {
            let _ = parsed.tree.path_at(offset);
        }
        let kind = crate::spec::detect(&parsed.tree, &parsed.rope, None);
        let _ = crate::analysis::outline::outline(&parsed, &kind);

        if data.len() >= 3 {
            let mut file = SourceFile::new(lang, &text);
            let at = LineCol {
                line: data[0] as u32 % 64,
                col: data[1] as u32 % 64,
            };
            let insert = ["\n", "- ", ": ", "{", "\"", "😀", "  "][data[2] as usize % 7];
            file.edit(
                &TextChange {
                    range: Some((at, at)),
                    text: insert.to_string(),
                },
                PositionEncoding::Utf16,
            );
            let _ = file.parsed();
            let _ = file.settle();
        }
    }
}

/// Schema validation, spec checks and lint rules: any text, parsed as YAML and as JSON,
/// analyzed as the kind it says it is (the seeds are real OpenAPI, AsyncAPI and JSON Schema
/// documents), and with its fixes applied. Every diagnostic lies inside the text.
pub fn analysis(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let settings = Settings::default();
    for lang in [Lang::Yaml, Lang::Json] {
        let parsed = Parsed::new(lang, text);
        let report = crate::analysis::check(&parsed, None, &settings);
        for d in &report.diagnostics {
            assert!(
                d.range.start <= d.range.end && d.range.end <= text.len(),
                "a diagnostic out of the text: {d:?}"
            );
        }
        let edits = crate::analysis::fix::fix_all_edits(&report.diagnostics);
        let _ = crate::analysis::fix::apply_edits(text, &edits);
    }
}

/// An in-memory workspace under `/ws`.
struct Memory(Vec<(PathBuf, Arc<Parsed>)>);

impl Loader for Memory {
    fn load(&self, path: &Path) -> Option<Arc<Parsed>> {
        self.0
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, d)| d.clone())
    }
    fn exists(&self, path: &Path) -> bool {
        self.0.iter().any(|(p, _)| p == path)
    }
    fn inside(&self, path: &Path) -> bool {
        path.starts_with("/ws")
    }
    fn siblings(&self, _dir: &Path) -> Vec<String> {
        Vec::new()
    }
}

/// The `$ref` resolver: the input is split into up to three files of an in-memory workspace
/// (`/ws/openapi.yaml`, `/ws/common.yaml`, `/ws/schemas/pet.json`) at lines `---8<---`; every
/// `$ref` of every file is resolved and diagnosed, cycles and all.
pub fn refs(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let names = [
        "/ws/openapi.yaml",
        "/ws/common.yaml",
        "/ws/schemas/pet.json",
    ];
    let files: Vec<(PathBuf, Arc<Parsed>)> = text
        .split("\n---8<---\n")
        .zip(names)
        .map(|(part, name)| {
            let lang = if name.ends_with(".json") {
                Lang::Json
            } else {
                Lang::Yaml
            };
            (PathBuf::from(name), Parsed::new(lang, part))
        })
        .collect();
    let memory = Memory(files);
    for (path, parsed) in &memory.0 {
        let _ = crate::refs::diagnostics(parsed, path, &memory);
        for site in crate::refs::ref_sites(parsed) {
            let _ = crate::refs::resolve(&site.raw, path, parsed, &memory);
        }
    }
}

/// Completion, hover, folding, selection ranges and semantic tokens at the offset the first two
/// bytes pick, in the (often half-typed) document the rest is.
pub fn assist_at(data: &[u8]) {
    if data.len() < 2 {
        return;
    }
    let Ok(text) = std::str::from_utf8(&data[2..]) else {
        return;
    };
    for lang in [Lang::Yaml, Lang::Json] {
        let parsed = Parsed::new(lang, text);
        let kind = crate::spec::detect(&parsed.tree, &parsed.rope, None);
        let env = Env {
            parsed: &parsed,
            kind: &kind,
            file: None,
            loader: None,
            files: &[],
        };
        let mut offset = (u16::from_le_bytes([data[0], data[1]]) as usize).min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let _ = assist::completions(&env, offset);
        let _ = assist::hover(&env, offset);
        let _ = assist::selection_ranges(&parsed, offset);
        let _ = assist::folding_ranges(&parsed);
        let _ = assist::semantic_tokens(&parsed, None);
    }
}
