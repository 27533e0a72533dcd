//! Compiles the grammars this crate owns (generated parsers are committed; regenerate them with
//! `tree-sitter generate` from npm's or crates.io's tree-sitter-cli in the grammar's folder).
fn main() {
    let dir = std::path::Path::new("json/src");
    cc::Build::new()
        .include(dir)
        .file(dir.join("parser.c"))
        .std("c11")
        .warnings(false)
        .compile("tree-sitter-json-specls");
    println!("cargo:rerun-if-changed=json/src/parser.c");
}
