//! The `$ref` resolver: the input is split into up to three files of an in-memory workspace
//! (`openapi.yaml`, `common.yaml`, `schemas/pet.json`) at lines `---8<---`; every `$ref` of
//! every file is resolved and diagnosed, cycles and all.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use specls::refs::Loader;
use specls::syntax::{Lang, Parsed};

struct Memory(Vec<(PathBuf, Arc<Parsed>)>);

impl Loader for Memory {
    fn load(&self, path: &Path) -> Option<Arc<Parsed>> {
        self.0.iter().find(|(p, _)| p == path).map(|(_, d)| d.clone())
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

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let names = ["/ws/openapi.yaml", "/ws/common.yaml", "/ws/schemas/pet.json"];
    let files: Vec<(PathBuf, Arc<Parsed>)> = text
        .split("\n---8<---\n")
        .zip(names)
        .map(|(part, name)| {
            let lang = if name.ends_with(".json") { Lang::Json } else { Lang::Yaml };
            (PathBuf::from(name), Parsed::new(lang, part))
        })
        .collect();
    let memory = Memory(files);
    for (path, parsed) in &memory.0 {
        let _ = specls::refs::diagnostics(parsed, path, &memory);
        for site in specls::refs::ref_sites(parsed) {
            let _ = specls::refs::resolve(&site.raw, path, parsed, &memory);
        }
    }
});
