//! The tree-sitter grammars of specls, behind one interface.
//!
//! Everything that depends on which YAML or JSON grammar is in use lives here: the
//! `Language`, the node kind names the server matches on, and the query files. Both grammars are
//! built from this crate's folders: `yaml/` is the project's own YAML grammar (any file size,
//! incremental reparses, local error recovery) and `json/` is tree-sitter-json with one fix.

use tree_sitter::Language;
use tree_sitter_language::LanguageFn;

extern "C" {
    fn tree_sitter_json() -> *const ();
    fn tree_sitter_specls_yaml() -> *const ();
}

/// The JSON grammar of `json/` (tree-sitter-json with RFC 8259 exponents; see json/NOTICE.md).
const JSON: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_json) };

/// The YAML grammar of `yaml/` (the project's own; see yaml/grammar.js).
const YAML: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_specls_yaml) };

/// A language specls parses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Yaml,
    Json,
}

impl Lang {
    /// The tree-sitter language.
    pub fn language(self) -> Language {
        match self {
            Lang::Yaml => YAML.into(),
            Lang::Json => JSON.into(),
        }
    }

    /// The language of a file, from its extension (`.yaml`, `.yml`, `.json`), case-insensitively.
    pub fn from_path(path: &std::path::Path) -> Option<Lang> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "yaml" | "yml" => Some(Lang::Yaml),
            "json" => Some(Lang::Json),
            _ => None,
        }
    }

    /// The language of an LSP `languageId`.
    pub fn from_language_id(id: &str) -> Option<Lang> {
        match id {
            "yaml" | "yml" => Some(Lang::Yaml),
            "json" | "jsonc" => Some(Lang::Json),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Lang::Yaml => "yaml",
            Lang::Json => "json",
        }
    }

    /// The highlight query (`grammars/<lang>/queries/highlights.scm`).
    ///
    /// When several patterns capture one node, the later pattern wins (tree-sitter-highlight's
    /// rule): keys are `@property` (not `@string`, nor `@number` for a key such as `200`), `$ref`
    /// values `@string.special.url`, and in YAML the plain scalars that the YAML 1.2 core schema
    /// resolves to null, booleans and numbers are `@constant.builtin`, `@boolean` and `@number`.
    /// Also `@comment`, `@label` (anchors, aliases), `@type` (tags), `@keyword.directive`,
    /// `@punctuation.delimiter`, `@punctuation.bracket`, `@punctuation.special` (`---`, `...`)
    /// and, in JSON, `@string.escape`. Captures whose names start with `_` only feed predicates.
    pub fn highlights_query(self) -> &'static str {
        match self {
            Lang::Yaml => include_str!("../yaml/queries/highlights.scm"),
            Lang::Json => include_str!("../json/queries/highlights.scm"),
        }
    }

    /// The folding query (`grammars/<lang>/queries/folds.scm`): every capture is `@fold`.
    ///
    /// YAML: each block mapping pair (from its key to the end of its value) and block sequence
    /// item, flow mappings and sequences, block scalars and quoted scalars. JSON: objects and
    /// arrays. Nodes on one line are captured too, and a YAML block pair's or item's range runs
    /// on over the whitespace after its text (into the next entry's line): a consumer ends each
    /// fold on the row of the node's last non-whitespace character and keeps the folds that span
    /// rows.
    pub fn folds_query(self) -> &'static str {
        match self {
            Lang::Yaml => include_str!("../yaml/queries/folds.scm"),
            Lang::Json => include_str!("../json/queries/folds.scm"),
        }
    }

    /// The query of the places the server looks up (`grammars/<lang>/queries/locations.scm`).
    ///
    /// - `@key` with `@pair`: every mapping key and its pair (YAML: block and flow pairs, the
    ///   whole key node with its anchor or tag, a block pair running on over the whitespace
    ///   after it; JSON: the key string, quotes included);
    /// - `@ref.key` with `@ref.value`: every `$ref` key (plain or quoted) whose value is a scalar
    ///   (YAML) or a string (JSON), both texts with their quotes;
    /// - `@operation_id.key` with `@operation_id.value`: the same for `operationId`.
    pub fn locations_query(self) -> &'static str {
        match self {
            Lang::Yaml => include_str!("../yaml/queries/locations.scm"),
            Lang::Json => include_str!("../json/queries/locations.scm"),
        }
    }
}

/// Node kind names of the YAML grammar.
pub mod yaml {
    pub const STREAM: &str = "stream";
    pub const DOCUMENT: &str = "document";
    pub const BLOCK_NODE: &str = "block_node";
    pub const FLOW_NODE: &str = "flow_node";
    pub const BLOCK_MAPPING: &str = "block_mapping";
    pub const BLOCK_MAPPING_PAIR: &str = "block_mapping_pair";
    pub const BLOCK_SEQUENCE: &str = "block_sequence";
    pub const BLOCK_SEQUENCE_ITEM: &str = "block_sequence_item";
    pub const FLOW_MAPPING: &str = "flow_mapping";
    pub const FLOW_PAIR: &str = "flow_pair";
    pub const FLOW_SEQUENCE: &str = "flow_sequence";
    pub const PLAIN_SCALAR: &str = "plain_scalar";
    pub const SINGLE_QUOTE_SCALAR: &str = "single_quote_scalar";
    pub const DOUBLE_QUOTE_SCALAR: &str = "double_quote_scalar";
    pub const BLOCK_SCALAR: &str = "block_scalar";
    pub const ALIAS: &str = "alias";
    pub const ANCHOR: &str = "anchor";
    pub const TAG: &str = "tag";
    pub const COMMENT: &str = "comment";
    /// A line the scanner could not read (an extra: it may stand anywhere).
    pub const INVALID: &str = "invalid";
    pub const YAML_DIRECTIVE: &str = "yaml_directive";
    pub const TAG_DIRECTIVE: &str = "tag_directive";
    /// Field names.
    pub const FIELD_KEY: &str = "key";
    pub const FIELD_VALUE: &str = "value";
}

/// Node kind names of the JSON grammar.
pub mod json {
    pub const DOCUMENT: &str = "document";
    pub const OBJECT: &str = "object";
    pub const PAIR: &str = "pair";
    pub const ARRAY: &str = "array";
    pub const STRING: &str = "string";
    pub const STRING_CONTENT: &str = "string_content";
    pub const ESCAPE_SEQUENCE: &str = "escape_sequence";
    pub const NUMBER: &str = "number";
    pub const TRUE: &str = "true";
    pub const FALSE: &str = "false";
    pub const NULL: &str = "null";
    pub const COMMENT: &str = "comment";
    pub const FIELD_KEY: &str = "key";
    pub const FIELD_VALUE: &str = "value";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_exponents_with_a_plus_sign_parse() {
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&Lang::Json.language()).unwrap();
        let tree = parser
            .parse(r#"{"a": -3.4e+38, "b": 1E-5, "c": 2e5}"#, None)
            .unwrap();
        assert!(
            !tree.root_node().has_error(),
            "{}",
            tree.root_node().to_sexp()
        );
    }

    #[test]
    fn both_languages_load_and_their_queries_compile() {
        for lang in [Lang::Yaml, Lang::Json] {
            let mut parser = tree_sitter::Parser::new();
            parser.set_language(&lang.language()).unwrap();
            for query in [
                lang.highlights_query(),
                lang.folds_query(),
                lang.locations_query(),
            ] {
                tree_sitter::Query::new(&lang.language(), query).unwrap();
            }
        }
    }
}
