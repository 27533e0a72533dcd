//! Editing assistance that knows the specifications: completion, hover, folding and selection
//! ranges. Plain Rust types and byte offsets; the server converts them (`lsp/assist.rs`).
//!
//! - [`context`]: where the cursor is (path of keys, key or value, the word being typed), from
//!   the text around it, so that a half-typed, broken document still gets answers.
//! - [`fields`], [`values`]: the specifications' objects, fields and values, as data.
//! - [`model`]: what a path of keys names (an Operation, a Schema…) for a spec kind and version.
//! - [`completion`], [`refs`] (`$ref` targets), [`snippet`] (the text inserted).
//! - [`hover`], [`structure`] (folding and selection ranges), [`tokens`] (semantic tokens).

pub mod completion;
pub mod context;
pub mod fields;
pub mod hover;
pub mod model;
pub mod refs;
pub mod snippet;
pub mod structure;
pub mod tokens;
pub mod values;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::spec::SpecKind;
use crate::syntax::Parsed;

pub use completion::completions;
pub use hover::{hover, HoverInfo};
pub use structure::{folding_ranges, selection_ranges, Fold};
pub use tokens::{semantic_tokens, Token, TokenKind};

/// What a request works on: the document, its kind, its file, and the workspace's files.
pub struct Env<'a> {
    pub parsed: &'a Arc<Parsed>,
    pub kind: &'a SpecKind,
    pub file: Option<&'a Path>,
    /// Reads other files (`$ref` targets); `None`: this document only.
    pub loader: Option<&'a dyn crate::refs::Loader>,
    /// The workspace's YAML/JSON files (for `$ref` targets in other files).
    pub files: &'a [PathBuf],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// A key of the specification.
    Field,
    /// A value, a status code, a media type, a name.
    Value,
    /// A `$ref` target.
    Reference,
    File,
    Folder,
}

/// One completion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: ItemKind,
    pub detail: Option<String>,
    /// Markdown.
    pub doc: Option<String>,
    /// The text that replaces `range`; a snippet (`$1`, `${1:x}`) when `snippet`.
    pub insert: String,
    pub snippet: bool,
    /// What the client matches the typed text against.
    pub filter: String,
    /// The order: smaller first.
    pub sort: String,
    /// The word being typed, replaced by `insert`.
    pub range: Range<usize>,
}

/// The `$ref` whose value is at `offset`, found by walking down to the offset (not by listing
/// every `$ref` of the document, as [`crate::refs::site_at`] does, which costs milliseconds on
/// a large description). Literal values (`example`, `enum`, `const`, `default`) hold none.
pub fn ref_site_at(parsed: &Parsed, offset: usize) -> Option<crate::refs::RefSite> {
    use crate::syntax::node::{NodeKind, PathSegment, ScalarStyle};
    let (path, node, on_key) = parsed.tree.path_at(offset)?;
    if on_key || path.last() != Some(&PathSegment::Key("$ref".into())) {
        return None;
    }
    let literal = path[..path.len() - 1].iter().any(|s| {
        matches!(s, PathSegment::Key(k) if matches!(k.as_str(), "example" | "enum" | "const" | "default"))
    });
    if literal {
        return None;
    }
    let raw = node.node.as_str()?.to_string();
    let quoted = matches!(
        node.node.kind(),
        NodeKind::Scalar(sc) if matches!(sc.style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted)
    );
    Some(crate::refs::RefSite {
        range: node.value_range(),
        raw: raw.into(),
        quoted,
    })
}

#[cfg(test)]
mod tests {
    use crate::syntax::{Lang, Parsed};

    /// The quick lookup finds exactly the `$ref` the full listing finds, at every offset.
    #[test]
    fn ref_site_at_agrees_with_the_full_listing() {
        for (lang, text) in [
            (
                Lang::Yaml,
                "a:\n  $ref: '#/b'\nb:\n  example: {$ref: x}\n  c: [{$ref: \"y.yaml\"}]\n  d: {$ref: plain}\n",
            ),
            (
                Lang::Json,
                "{\"a\": {\"$ref\": \"#/b\"}, \"b\": {\"enum\": [{\"$ref\": \"x\"}], \"c\": [{\"$ref\": \"y\"}]}}",
            ),
        ] {
            let p = Parsed::new(lang, text);
            for o in 0..=text.len() {
                assert_eq!(
                    super::ref_site_at(&p, o),
                    crate::refs::site_at(&p, o),
                    "offset {o} of {text:?}"
                );
            }
        }
    }
}
