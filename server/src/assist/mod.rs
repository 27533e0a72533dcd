//! Editing assistance that knows the specifications: completion, hover, folding and selection
//! ranges. Plain Rust types and byte offsets; the server converts them (`lsp/assist.rs`).
//!
//! - [`context`]: where the cursor is (path of keys, key or value, the word being typed), from
//!   the text around it, so that a half-typed, broken document still gets answers.
//! - [`fields`], [`values`]: the specifications' objects, fields and values, as data.
//! - [`model`]: what a path of keys names (an Operation, a Schema…) for a spec kind and version.
//! - [`completion`], [`refs`] (`$ref` targets), [`snippet`] (the text inserted).
//! - [`hover`], [`structure`] (folding and selection ranges).

pub mod completion;
pub mod context;
pub mod fields;
pub mod hover;
pub mod model;
pub mod refs;
pub mod snippet;
pub mod structure;
pub mod values;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::spec::SpecKind;
use crate::syntax::Parsed;

pub use completion::completions;
pub use hover::{hover, HoverInfo};
pub use structure::{folding_ranges, selection_ranges, Fold};

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
