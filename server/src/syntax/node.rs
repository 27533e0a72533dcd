//! The node tree: the value of a YAML or JSON document with the ranges of every key and value.
//!
//! Nodes are immutable and shared (`Arc`), and every position inside a node is stored *relative to
//! the start of that node*. A subtree therefore does not change when text before it is edited, and an
//! incremental rebuild (see `build.rs`) reuses every subtree the edit did not touch: only the nodes
//! on the path from the root to the edit are rebuilt. Absolute ranges are computed on the way down,
//! through [`NodeRef`].
//!
//! Aliases are kept as aliases (`NodeKind::Alias`) and resolved through the tree's anchor table
//! when they are looked at, so an alias bomb costs nothing to build.

use std::ops::Range;
use std::sync::Arc;

/// A node of the value tree. Cheap to clone.
#[derive(Clone, Debug, PartialEq)]
pub struct Node(pub(crate) Arc<NodeData>);

#[derive(Debug, PartialEq)]
pub struct NodeData {
    /// Byte length of the node, from its first property (anchor, tag) to the end of its value.
    pub len: u32,
    /// Offset of the value (after anchor and tag) from the node's start.
    pub value_offset: u32,
    pub kind: NodeKind,
    /// Rare extras: anchor, tag, comments, problems found while building.
    pub meta: Option<Box<Meta>>,
    /// `FLAG_*` bits that summarize the subtree, so that walks can skip what holds nothing.
    pub flags: u8,
}

/// The subtree holds a problem (`Meta::problems`).
pub const FLAG_PROBLEMS: u8 = 1;
/// The subtree holds an anchor.
pub const FLAG_ANCHORS: u8 = 2;
/// The subtree holds an alias.
pub const FLAG_ALIASES: u8 = 4;
/// The subtree holds a comment.
pub const FLAG_COMMENTS: u8 = 8;
/// The subtree holds a mapping with a `$ref` key (a JSON Reference), so that the walks that
/// look for references skip the rest.
pub const FLAG_REFS: u8 = 16;
/// The subtree holds a mapping with a string `$id` that is not a bare `#anchor` (a JSON Schema
/// resource with its own base URI), so that `$ref` resolution can skip documents without one.
pub const FLAG_IDS: u8 = 32;

#[derive(Debug, PartialEq)]
pub enum NodeKind {
    Mapping(Box<[Entry]>),
    Sequence(Box<[Item]>),
    Scalar(Scalar),
    /// `*name`: resolved through [`Tree::resolve_alias`].
    Alias(Box<str>),
    /// A place where a value should be and the syntax is broken (the syntax diagnostics say why).
    Invalid,
}

/// A key/value pair of a mapping. Offsets are relative to the mapping node's start.
#[derive(Debug, PartialEq)]
pub struct Entry {
    pub key_offset: u32,
    pub key: Node,
    pub value_offset: u32,
    /// A key without a value (`key:`) has a zero-length null scalar right after the colon.
    pub value: Node,
}

/// A sequence item. The offset is relative to the sequence node's start.
#[derive(Debug, PartialEq)]
pub struct Item {
    pub offset: u32,
    pub node: Node,
}

#[derive(Debug, PartialEq)]
pub struct Scalar {
    pub value: ScalarValue,
    pub style: ScalarStyle,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
    /// A JSON literal: number, `true`, `false`, `null`.
    JsonLiteral,
}

/// A scalar value typed by the YAML 1.2 core schema (JSON values map onto the same types).
#[derive(Clone, Debug)]
pub enum ScalarValue {
    Null,
    Bool(bool),
    Int(i64),
    /// An integer that does not fit in `i64`; kept as its decimal text.
    BigInt(Box<str>),
    Float(f64),
    Str(Box<str>),
}

impl PartialEq for ScalarValue {
    fn eq(&self, other: &Self) -> bool {
        use ScalarValue::*;
        match (self, other) {
            (Null, Null) => true,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (BigInt(a), BigInt(b)) => a == b,
            (Float(a), Float(b)) => a.to_bits() == b.to_bits() || a == b,
            (Str(a), Str(b)) => a == b,
            _ => false,
        }
    }
}

#[derive(Debug, Default, PartialEq)]
pub struct Meta {
    /// `&name`: range relative to the node's start, and the name.
    pub anchor: Option<(Range<u32>, Box<str>)>,
    /// `!tag`: range relative to the node's start, and the tag as written.
    pub tag: Option<(Range<u32>, Box<str>)>,
    /// Comments that belong to this container, relative to the node's start.
    pub comments: Vec<Range<u32>>,
    /// Problems found while building this node (not its children).
    pub problems: Vec<NodeProblem>,
}

/// A problem the builder found in one node, with ranges relative to that node's start.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeProblem {
    /// A key that appears twice in one mapping: the duplicate's key range and the first one's.
    DuplicateKey {
        key: Box<str>,
        range: Range<u32>,
        first: Range<u32>,
    },
    /// Nesting deeper than the builder follows; the subtree is not analyzed.
    TooDeep { range: Range<u32> },
    /// A number that is not a valid JSON or YAML number.
    BadNumber { range: Range<u32> },
    /// A malformed escape in a double-quoted string.
    BadEscape { range: Range<u32> },
    /// A YAML line that cannot be read (bad indentation, a tab, an unclosed quote...).
    Invalid { range: Range<u32> },
    /// A YAML key without its `:`.
    MissingColon { range: Range<u32> },
    /// A character YAML does not allow in a document (a C0 or C1 control other than tab and
    /// line breaks, DEL, U+FFFE, U+FFFF) in a YAML scalar.
    ControlChar { range: Range<u32>, ch: char },
    /// A YAML flow collection never closed: the range of its opening bracket, and the bracket.
    Unclosed { range: Range<u32>, bracket: char },
}

impl Node {
    pub fn data(&self) -> &NodeData {
        &self.0
    }
    pub fn kind(&self) -> &NodeKind {
        &self.0.kind
    }
    pub fn len(&self) -> usize {
        self.0.len as usize
    }
    pub fn is_empty(&self) -> bool {
        self.0.len == 0
    }
    pub fn flags(&self) -> u8 {
        self.0.flags
    }
    pub fn meta(&self) -> Option<&Meta> {
        self.0.meta.as_deref()
    }
    pub fn ptr_eq(&self, other: &Node) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
    pub fn is_mapping(&self) -> bool {
        matches!(self.0.kind, NodeKind::Mapping(_))
    }
    pub fn as_scalar(&self) -> Option<&ScalarValue> {
        match &self.0.kind {
            NodeKind::Scalar(s) => Some(&s.value),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self.as_scalar()? {
            ScalarValue::Str(s) => Some(s),
            _ => None,
        }
    }
    /// The key as a JSON-pointer token would name it (`200` for an integer key).
    pub fn key_text(&self) -> Option<std::borrow::Cow<'_, str>> {
        use std::borrow::Cow;
        Some(match self.as_scalar()? {
            ScalarValue::Str(s) => Cow::Borrowed(&**s),
            ScalarValue::Null => Cow::Borrowed("null"),
            ScalarValue::Bool(b) => Cow::Owned(b.to_string()),
            ScalarValue::Int(i) => Cow::Owned(i.to_string()),
            ScalarValue::BigInt(s) => Cow::Borrowed(&**s),
            ScalarValue::Float(f) => Cow::Owned(f.to_string()),
        })
    }
    pub fn entries(&self) -> &[Entry] {
        match &self.0.kind {
            NodeKind::Mapping(e) => e,
            _ => &[],
        }
    }
    pub fn items(&self) -> &[Item] {
        match &self.0.kind {
            NodeKind::Sequence(i) => i,
            _ => &[],
        }
    }
    /// The value of the first entry whose key is `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()
            .iter()
            .find(|e| e.key.key_text().as_deref() == Some(key))
            .map(|e| &e.value)
    }
}

/// One document of a file: its root node and the document-wide tables.
#[derive(Clone, Debug, PartialEq)]
pub struct Tree {
    /// The root value of the first document, at `root_offset`. `None` for an empty document.
    pub root: Option<(u32, Node)>,
    /// Further documents (`---`) in a YAML stream: ranges only; specs use the first document.
    pub extra_documents: Vec<Range<u32>>,
    /// Anchor definitions in text order: name and the absolute start of the anchored node.
    pub anchors: Vec<(Box<str>, u32)>,
    /// Comments outside the root node (before or after it), absolute ranges.
    pub comments: Vec<Range<u32>>,
    /// YAML lines that cannot be read, outside the root node (inside it they are node
    /// problems), absolute ranges.
    pub invalid: Vec<Range<u32>>,
}

/// A node together with its absolute start offset in the text.
#[derive(Clone, Copy, Debug)]
pub struct NodeRef<'a> {
    pub node: &'a Node,
    pub start: usize,
}

impl<'a> NodeRef<'a> {
    pub fn range(&self) -> Range<usize> {
        self.start..self.start + self.node.len()
    }
    /// The range of the value itself, without anchor and tag.
    pub fn value_range(&self) -> Range<usize> {
        self.start + self.node.0.value_offset as usize..self.start + self.node.len()
    }
    /// Entries with absolute key and value positions.
    pub fn entries(&self) -> impl Iterator<Item = (NodeRef<'a>, NodeRef<'a>)> + 'a {
        let start = self.start;
        self.node.entries().iter().map(move |e| {
            (
                NodeRef {
                    node: &e.key,
                    start: start + e.key_offset as usize,
                },
                NodeRef {
                    node: &e.value,
                    start: start + e.value_offset as usize,
                },
            )
        })
    }
    pub fn items(&self) -> impl Iterator<Item = NodeRef<'a>> + 'a {
        let start = self.start;
        self.node.items().iter().map(move |i| NodeRef {
            node: &i.node,
            start: start + i.offset as usize,
        })
    }
    /// The child (value of a mapping entry or sequence item) named by one JSON-pointer token.
    pub fn child(&self, token: &str) -> Option<NodeRef<'a>> {
        match self.node.kind() {
            NodeKind::Mapping(_) => self
                .entries()
                .find(|(k, _)| k.node.key_text().as_deref() == Some(token))
                .map(|(_, v)| v),
            NodeKind::Sequence(_) => {
                if token.len() > 1 && token.starts_with('0') {
                    return None;
                }
                let index: usize = token.parse().ok()?;
                self.items().nth(index)
            }
            _ => None,
        }
    }
}

/// What is at an offset, from the root down.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSegment {
    Key(String),
    Index(usize),
}

impl Tree {
    pub fn root(&self) -> Option<NodeRef<'_>> {
        self.root.as_ref().map(|(start, node)| NodeRef {
            node,
            start: *start as usize,
        })
    }

    /// The node named by a JSON pointer (`""` is the root, `/paths/~1pets/get`), without
    /// following aliases or `$ref`s. Percent-encoding is the caller's business (URI fragments).
    pub fn at_pointer(&self, pointer: &str) -> Option<NodeRef<'_>> {
        self.at_pointer_from(self.root()?, pointer)
    }

    /// The node a JSON pointer names from `node` (aliases on the way followed, not the last one,
    /// nor `$ref`s): [`Tree::at_pointer`] from any node, e.g. a validation error's instance path.
    pub fn at_pointer_from<'a>(&'a self, node: NodeRef<'a>, pointer: &str) -> Option<NodeRef<'a>> {
        if pointer.is_empty() {
            return Some(node);
        }
        let mut node = node;
        for raw in pointer.strip_prefix('/')?.split('/') {
            let token = unescape_pointer_token(raw);
            node = self.follow_alias(node).child(&token)?;
        }
        Some(node)
    }

    /// If `node` is an alias, the anchored node it names (once; aliases cannot chain in YAML).
    pub fn follow_alias<'a>(&'a self, node: NodeRef<'a>) -> NodeRef<'a> {
        match node.node.kind() {
            NodeKind::Alias(name) => self.resolve_alias(name, node.start).unwrap_or(node),
            _ => node,
        }
    }

    /// The node an alias at `at` names: the last anchor of that name defined before it.
    pub fn resolve_alias(&self, name: &str, at: usize) -> Option<NodeRef<'_>> {
        let (_, def) = self
            .anchors
            .iter()
            .rev()
            .find(|(n, start)| &**n == name && (*start as usize) < at)?;
        self.anchored_node(*def as usize, name)
    }

    /// Whether a YAML line was set aside as unreadable (`NodeProblem::Invalid`), anywhere.
    pub fn has_invalid_lines(&self) -> bool {
        fn walk(node: NodeRef<'_>) -> bool {
            if node.node.flags() & FLAG_PROBLEMS == 0 {
                return false;
            }
            let here = node.node.meta().is_some_and(|m| {
                m.problems
                    .iter()
                    .any(|p| matches!(p, NodeProblem::Invalid { .. }))
            });
            here || node.entries().any(|(k, v)| walk(k) || walk(v)) || node.items().any(walk)
        }
        !self.invalid.is_empty() || self.root().is_some_and(walk)
    }

    /// The node that starts at `offset` and carries the anchor `name` (a mapping and its first
    /// key start at the same offset: `&a key: value` anchors the key).
    fn anchored_node(&self, offset: usize, name: &str) -> Option<NodeRef<'_>> {
        let mut node = self.root()?;
        let mut outermost = None;
        loop {
            if node.start == offset {
                outermost.get_or_insert(node);
                let anchor = node.node.meta().and_then(|m| m.anchor.as_ref());
                if anchor.is_some_and(|(_, n)| &**n == name) {
                    return Some(node);
                }
            }
            match child_containing(node, offset) {
                Some((_, child, _)) => node = child,
                None => return outermost,
            }
        }
    }

    /// The path from the root to the innermost node containing `offset`, and that node.
    /// `on_key` says whether the offset is on a mapping key rather than a value.
    pub fn path_at(&self, offset: usize) -> Option<(Vec<PathSegment>, NodeRef<'_>, bool)> {
        let mut node = self.root()?;
        if !(node.start..=node.start + node.node.len()).contains(&offset) {
            return None;
        }
        let mut path = Vec::new();
        loop {
            match child_containing(node, offset) {
                Some((segment, child, on_key)) => {
                    path.push(segment);
                    if on_key {
                        return Some((path, child, true));
                    }
                    node = child;
                }
                None => return Some((path, node, false)),
            }
        }
    }

    /// Every comment of the first document, in text order (absolute byte ranges). Comments are
    /// kept aside: they are not values.
    pub fn comments(&self) -> Vec<Range<usize>> {
        fn walk(n: NodeRef<'_>, out: &mut Vec<Range<usize>>) {
            if n.node.flags() & FLAG_COMMENTS == 0 {
                return;
            }
            if let Some(meta) = n.node.meta() {
                out.extend(
                    meta.comments
                        .iter()
                        .map(|r| n.start + r.start as usize..n.start + r.end as usize),
                );
            }
            for (k, v) in n.entries() {
                walk(k, out);
                walk(v, out);
            }
            for i in n.items() {
                walk(i, out);
            }
        }
        let mut out: Vec<Range<usize>> = self
            .comments
            .iter()
            .map(|r| r.start as usize..r.end as usize)
            .collect();
        if let Some(root) = self.root() {
            walk(root, &mut out);
        }
        out.sort_by_key(|r| r.start);
        out
    }

    /// The JSON pointer of the innermost node at `offset`.
    pub fn pointer_at(&self, offset: usize) -> Option<String> {
        let (path, _, _) = self.path_at(offset)?;
        Some(pointer_of(&path))
    }
}

/// The child of `node` whose range holds `offset` (a key counts as its entry's child).
fn child_containing(node: NodeRef<'_>, offset: usize) -> Option<(PathSegment, NodeRef<'_>, bool)> {
    match node.node.kind() {
        NodeKind::Mapping(entries) => {
            // Entries are in text order: find the last entry whose key starts at or before offset.
            let idx = entries.partition_point(|e| node.start + e.key_offset as usize <= offset);
            let e = entries.get(idx.checked_sub(1)?)?;
            let key = NodeRef {
                node: &e.key,
                start: node.start + e.key_offset as usize,
            };
            let value = NodeRef {
                node: &e.value,
                start: node.start + e.value_offset as usize,
            };
            let name = e.key.key_text().map(|k| k.into_owned()).unwrap_or_default();
            if key.range().contains(&offset) || offset == key.range().end && value.node.is_empty() {
                return Some((PathSegment::Key(name), key, true));
            }
            if value.start <= offset && offset <= value.range().end {
                return Some((PathSegment::Key(name), value, false));
            }
            None
        }
        NodeKind::Sequence(items) => {
            let idx = items.partition_point(|i| node.start + i.offset as usize <= offset);
            let i = idx.checked_sub(1)?;
            let item = &items[i];
            let child = NodeRef {
                node: &item.node,
                start: node.start + item.offset as usize,
            };
            (offset <= child.range().end).then_some((PathSegment::Index(i), child, false))
        }
        _ => None,
    }
}

/// `~` → `~0`, `/` → `~1`: a key as a JSON-pointer token.
pub fn escape_pointer_token(key: &str) -> std::borrow::Cow<'_, str> {
    if key.contains(['~', '/']) {
        key.replace('~', "~0").replace('/', "~1").into()
    } else {
        key.into()
    }
}

/// `~1` → `/`, `~0` → `~`.
pub fn unescape_pointer_token(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains('~') {
        raw.replace("~1", "/").replace("~0", "~").into()
    } else {
        raw.into()
    }
}

/// The JSON pointer of a path (`/paths/~1pets/get`).
impl PathSegment {
    /// The key, or the index as text (unescaped: a JSON-pointer token before `~` escaping).
    pub fn token(&self) -> String {
        match self {
            PathSegment::Key(k) => k.clone(),
            PathSegment::Index(i) => i.to_string(),
        }
    }
}

pub fn pointer_of(path: &[PathSegment]) -> String {
    let mut out = String::new();
    for seg in path {
        out.push('/');
        match seg {
            PathSegment::Key(k) => out.push_str(&escape_pointer_token(k)),
            PathSegment::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::syntax::{Lang, Parsed};

    const YAML: &str = "# top\nopenapi: 3.1.0\npaths:\n  /pets/{id}:  # the path\n    get: &op\n      responses:\n        200: {description: ok}\n  /a~b:\n    get: *op\nlist: [x, [y, z]]\n";

    #[test]
    fn nodes_by_json_pointer() {
        let p = Parsed::new(Lang::Yaml, YAML);
        let t = &p.tree;
        let text = |ptr: &str| t.at_pointer(ptr).map(|n| YAML[n.range()].to_string());
        assert_eq!(text("/openapi").as_deref(), Some("3.1.0"));
        assert_eq!(
            text("/paths/~1pets~1{id}/get/responses/200/description").as_deref(),
            Some("ok")
        );
        assert_eq!(text("/paths/~1a~0b/get").as_deref(), Some("*op"));
        // Through the alias, into the anchored node.
        assert_eq!(
            text("/paths/~1a~0b/get/responses/200/description").as_deref(),
            Some("ok")
        );
        assert_eq!(text("/list/1/0").as_deref(), Some("y"));
        assert_eq!(text("/list/01"), None);
        assert_eq!(text("/nope"), None);
        assert_eq!(text("").map(|s| s.starts_with("openapi")), Some(true));
    }

    #[test]
    fn pointer_and_path_at_a_position() {
        let p = Parsed::new(Lang::Yaml, YAML);
        let at = |needle: &str| YAML.find(needle).unwrap();
        assert_eq!(
            p.tree.pointer_at(at("ok")).as_deref(),
            Some("/paths/~1pets~1{id}/get/responses/200/description")
        );
        assert_eq!(p.tree.pointer_at(at("z]")).as_deref(), Some("/list/1/1"));
        let (_, node, on_key) = p.tree.path_at(at("openapi")).unwrap();
        assert!(on_key);
        assert_eq!(&YAML[node.range()], "openapi");
        // The same lookups in JSON.
        let json = r#"{"a": {"b/c": [1, {"d": null}]}}"#;
        let p = Parsed::new(Lang::Json, json);
        assert_eq!(
            p.tree.pointer_at(json.find("null").unwrap()).as_deref(),
            Some("/a/b~1c/1/d")
        );
        assert_eq!(
            p.tree.at_pointer("/a/b~1c/1/d").map(|n| &json[n.range()]),
            Some("null")
        );
    }

    #[test]
    fn comments_are_kept_aside_and_anchors_resolve() {
        let p = Parsed::new(Lang::Yaml, YAML);
        let comments: Vec<&str> = p.tree.comments().into_iter().map(|r| &YAML[r]).collect();
        assert_eq!(comments, ["# top", "# the path"]);
        let alias = p.tree.at_pointer("/paths/~1a~0b/get").unwrap();
        let target = p.tree.follow_alias(alias);
        assert_eq!(YAML[target.range()].lines().next(), Some("&op"));
    }
}
