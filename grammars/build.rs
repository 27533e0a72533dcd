//! Compiles the grammars this crate owns (generated parsers are committed; regenerate them with
//! `tree-sitter generate` in the grammar's folder: see README.md there).
fn main() {
    let json = std::path::Path::new("json/src");
    cc::Build::new()
        .include(json)
        .file(json.join("parser.c"))
        .std("c11")
        .opt_level(3)
        .warnings(false)
        .compile("tree-sitter-json-specls");
    println!("cargo:rerun-if-changed=json/src/parser.c");

    let yaml = std::path::Path::new("yaml/src");
    cc::Build::new()
        .include(yaml)
        .file(yaml.join("parser.c"))
        .file(yaml.join("scanner.c"))
        .std("c11")
        .opt_level(3)
        .warnings(false)
        .compile("tree-sitter-yaml-specls");
    println!("cargo:rerun-if-changed=yaml/src/parser.c");
    println!("cargo:rerun-if-changed=yaml/src/scanner.c");
}
