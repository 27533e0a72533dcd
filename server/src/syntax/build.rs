//! Syntax tree (tree-sitter) → node tree, for YAML and JSON, optionally reusing the subtrees of the
//! previous node tree that an edit did not touch.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use ropey::Rope;
use specls_grammars::{json as j, yaml as y, Lang};
use tree_sitter::Node as CstNode;

use super::node::*;
use super::scalar;

/// Nesting deeper than this is not turned into nodes (it is reported instead): no real spec comes
/// near it, and it keeps every recursive walk of the node tree well inside a thread's stack.
pub const MAX_DEPTH: usize = 256;

/// What changed since the tree being reused was built, in the new text's byte offsets: the text
/// outside `start..end` is the old text outside `start..end - delta`, shifted by `delta` after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dirty {
    pub start: usize,
    pub end: usize,
    pub delta: isize,
}

impl Dirty {
    /// Adds an edit (`start..old_end` replaced by text ending at `new_end`, in the coordinates of
    /// the text before this edit) to the region changed so far.
    pub fn add(prev: Option<Dirty>, start: usize, old_end: usize, new_end: usize) -> Dirty {
        let delta = new_end as isize - old_end as isize;
        let map = |p: usize| -> usize {
            if p <= start {
                p
            } else if p >= old_end {
                (p as isize + delta) as usize
            } else {
                new_end
            }
        };
        match prev {
            None => Dirty {
                start,
                end: new_end,
                delta,
            },
            Some(d) => Dirty {
                start: d.start.min(start),
                end: map(d.end).max(new_end),
                delta: d.delta + delta,
            },
        }
    }
}

/// The previous tree and what changed since.
pub struct Reuse<'a> {
    pub old: &'a Tree,
    /// The syntax tree `old` was built from, told about the edits since (`Tree::edit`): the one
    /// the new syntax tree was parsed from.
    pub old_cst: &'a tree_sitter::Tree,
    pub dirty: Dirty,
}

/// Builds the node tree of a parsed document.
pub fn build(lang: Lang, rope: &Rope, cst: &tree_sitter::Tree, reuse: Option<Reuse<'_>>) -> Tree {
    let clean = reuse.as_ref().map(|r| Clean::of(lang, rope, r.dirty));
    let b = Builder {
        lang,
        rope,
        reuse,
        clean,
        reused: Default::default(),
    };
    let root = cst.root_node();
    let mut tree = Tree {
        root: None,
        extra_documents: Vec::new(),
        anchors: Vec::new(),
        comments: Vec::new(),
        invalid: Vec::new(),
    };
    match lang {
        Lang::Json => {
            let value = if root.kind() == j::DOCUMENT {
                named_children(root).find(|c| c.kind() != j::COMMENT && !c.is_extra())
            } else {
                Some(root)
            };
            if let Some(v) = value {
                tree.root = Some((v.start_byte() as u32, b.value(v, 0)));
            }
            tree.comments = named_children(root)
                .filter(|c| c.kind() == j::COMMENT)
                .map(|c| c.start_byte() as u32..c.end_byte() as u32)
                .collect();
        }
        Lang::Yaml => {
            let docs: Vec<CstNode> = if root.kind() == y::STREAM {
                named_children(root)
                    .filter(|c| c.kind() == y::DOCUMENT)
                    .collect()
            } else {
                vec![root]
            };
            for (i, doc) in docs.iter().enumerate() {
                if i == 0 {
                    let value = if doc.kind() == y::DOCUMENT {
                        named_children(*doc)
                            .find(|c| is_yaml_value(c.kind()) || c.kind() == "ERROR")
                    } else {
                        Some(*doc)
                    };
                    if let Some(v) = value {
                        tree.root = Some((v.start_byte() as u32, b.value(v, 0)));
                    }
                    // Comments outside the root: children of the stream or of the document.
                    tree.comments = named_children(root)
                        .chain(named_children(*doc))
                        .filter(|c| c.kind() == y::COMMENT)
                        .map(|c| c.start_byte() as u32..c.end_byte() as u32)
                        .collect();
                    tree.comments.sort_by_key(|r| r.start);
                    tree.comments.dedup();
                    tree.invalid = named_children(root)
                        .chain(named_children(*doc))
                        .filter(|c| c.kind() == y::INVALID)
                        .map(|c| c.start_byte() as u32..c.end_byte() as u32)
                        .collect();
                    tree.invalid.sort_by_key(|r| r.start);
                    tree.invalid.dedup();
                } else if has_content(*doc) {
                    tree.extra_documents
                        .push(doc.start_byte() as u32..doc.end_byte() as u32);
                }
            }
        }
    }
    if let Some(root) = tree.root() {
        let mut anchors = Vec::new();
        collect_anchors(root, &mut anchors);
        tree.anchors = anchors;
    }
    tracing::trace!(reused = b.reused.into_inner(), "node tree built");
    tree
}

fn has_content(doc: CstNode) -> bool {
    named_children(doc).any(|c| is_yaml_value(c.kind()))
}

fn is_yaml_value(kind: &str) -> bool {
    kind == y::BLOCK_NODE || kind == y::FLOW_NODE
}

fn named_children(node: CstNode<'_>) -> impl Iterator<Item = CstNode<'_>> {
    let mut cursor = node.walk();
    let mut done = !cursor.goto_first_child();
    std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        let n = cursor.node();
        done = !cursor.goto_next_sibling();
        if n.is_named() {
            return Some(n);
        }
    })
}

pub(super) fn collect_anchors(node: NodeRef<'_>, out: &mut Vec<(Box<str>, u32)>) {
    if node.node.flags() & FLAG_ANCHORS == 0 {
        return;
    }
    if let Some((_, name)) = node.node.meta().and_then(|m| m.anchor.as_ref()) {
        out.push((name.clone(), node.start as u32));
    }
    for (k, v) in node.entries() {
        collect_anchors(k, out);
        collect_anchors(v, out);
    }
    for i in node.items() {
        collect_anchors(i, out);
    }
}

/// The collection a CST node turns into, to check that a reused node is of the same kind.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Mapping,
    Sequence,
}

fn shape_of(node: &Node) -> Option<Shape> {
    match node.kind() {
        NodeKind::Mapping(_) => Some(Shape::Mapping),
        NodeKind::Sequence(_) => Some(Shape::Sequence),
        _ => None,
    }
}

struct Builder<'a> {
    lang: Lang,
    rope: &'a Rope,
    reuse: Option<Reuse<'a>>,
    /// Where a node must lie for the edit to have left it alone (with `reuse`).
    clean: Option<Clean>,
    reused: std::sync::atomic::AtomicUsize,
}

/// The text a node is built from must lie before `before_end` or from `after_start` on (new
/// offsets) for an edit to have left it alone: on JSON the node's own text; on YAML also the
/// lines it starts and ends on and the line after its end (see [`Builder::reusable`]), worked
/// out once per build as two offsets.
struct Clean {
    /// The node ends before this offset (exclusive).
    before_end: usize,
    /// The node starts at or after this offset.
    after_start: usize,
}

impl Clean {
    fn of(lang: Lang, rope: &Rope, d: Dirty) -> Clean {
        match lang {
            Lang::Json => Clean {
                before_end: d.start + 1,
                after_start: d.end,
            },
            Lang::Yaml => {
                // The node's lines, from its first line's start to the line after its last,
                // end at or before `d.start`: its last line is two or more lines above the edit's.
                let k = rope.byte_to_line(d.start.min(rope.len_bytes()));
                let before_end = if k >= 2 { rope.line_to_byte(k - 1) } else { 0 };
                // Its first line starts at or after `d.end`.
                let end = d.end.min(rope.len_bytes());
                let m = rope.byte_to_line(end);
                let after_start = if rope.line_to_byte(m) == end {
                    end
                } else if m + 1 < rope.len_lines() {
                    rope.line_to_byte(m + 1)
                } else {
                    usize::MAX
                };
                Clean {
                    before_end,
                    after_start,
                }
            }
        }
    }

    /// `Some(false)` if a node over `r` lies before the edit, `Some(true)` after it, else `None`.
    fn side(&self, r: Range<usize>) -> Option<bool> {
        if r.end < self.before_end {
            Some(false)
        } else if r.start >= self.after_start {
            Some(true)
        } else {
            None
        }
    }
}

pub(super) struct NodeBuilder {
    start: usize,
    value_start: usize,
    end: usize,
    meta: Meta,
    flags: u8,
}

impl NodeBuilder {
    pub(super) fn new(range: Range<usize>) -> Self {
        NodeBuilder {
            start: range.start,
            value_start: range.start,
            end: range.end,
            meta: Meta::default(),
            flags: 0,
        }
    }
    fn rel(&self, r: Range<usize>) -> Range<u32> {
        (r.start - self.start) as u32..(r.end - self.start) as u32
    }
    fn child_flags(&mut self, n: &Node) {
        self.flags |= n.flags();
    }
    pub(super) fn finish(mut self, kind: NodeKind) -> Node {
        if !self.meta.problems.is_empty() {
            self.flags |= FLAG_PROBLEMS;
        }
        if self.meta.anchor.is_some() {
            self.flags |= FLAG_ANCHORS;
        }
        if !self.meta.comments.is_empty() {
            self.flags |= FLAG_COMMENTS;
        }
        match &kind {
            NodeKind::Alias(_) => self.flags |= FLAG_ALIASES,
            NodeKind::Mapping(entries)
                if entries.iter().any(|e| e.key.as_str() == Some("$ref")) =>
            {
                self.flags |= FLAG_REFS
            }
            _ => {}
        }
        if let NodeKind::Mapping(entries) = &kind {
            if entries.iter().any(|e| {
                e.key.as_str() == Some("$id")
                    && e.value.as_str().is_some_and(|v| !v.starts_with('#'))
            }) {
                self.flags |= FLAG_IDS
            }
        }
        let meta = (self.meta != Meta::default()).then(|| Box::new(self.meta));
        Node(Arc::new(NodeData {
            len: (self.end - self.start) as u32,
            value_offset: (self.value_start - self.start) as u32,
            kind,
            meta,
            flags: self.flags,
        }))
    }
}

/// Collections with at least this many children, this close to the root, build their children
/// in parallel (large specs: `paths`, `components/schemas`) when most of the tree is new.
const PARALLEL_MIN_CHILDREN: usize = 64;
const PARALLEL_MAX_DEPTH: usize = 4;
/// An edit smaller than this rebuilds a few collections around it and reuses the rest: that is
/// built on the calling thread. In parallel it would wait for the thread pool, which may be busy
/// with the analysis of the previous keystroke (a request parsing the newest text waited out
/// that whole analysis).
const PARALLEL_MIN_DIRTY: usize = 256 * 1024;

impl<'a> Builder<'a> {
    /// The named children of `cst`; comments among them are kept aside in `nb`.
    fn children_and_comments<'t>(
        &self,
        nb: &mut NodeBuilder,
        cst: CstNode<'t>,
        comment: &str,
    ) -> Vec<CstNode<'t>> {
        let mut out = Vec::new();
        for c in named_children(cst) {
            if c.kind() == comment {
                let r = nb.rel(c.byte_range());
                nb.meta.comments.push(r);
            } else if c.kind() == y::INVALID {
                let range = nb.rel(c.byte_range());
                nb.meta.problems.push(NodeProblem::Invalid { range });
            } else {
                out.push(c);
            }
        }
        out
    }
}

/// Sequence items `(start, node)`.
pub(super) fn sequence(nb: &mut NodeBuilder, items: Vec<(usize, Node)>) -> NodeKind {
    let items: Vec<Item> = items
        .into_iter()
        .map(|(start, node)| {
            nb.child_flags(&node);
            Item {
                offset: (start - nb.start) as u32,
                node,
            }
        })
        .collect();
    NodeKind::Sequence(items.into())
}

impl<'a> Builder<'a> {
    /// `f` over `children`, in parallel when there are many of them near the root.
    fn map_children<T: Send>(
        &self,
        children: &[CstNode<'_>],
        depth: usize,
        f: impl Fn(CstNode<'_>) -> Option<T> + Sync + Send,
    ) -> Vec<T> {
        use rayon::prelude::*;
        let mostly_new = self
            .reuse
            .as_ref()
            .is_none_or(|r| r.dirty.end - r.dirty.start >= PARALLEL_MIN_DIRTY);
        if mostly_new && children.len() >= PARALLEL_MIN_CHILDREN && depth <= PARALLEL_MAX_DEPTH {
            children.par_iter().filter_map(|c| f(*c)).collect()
        } else {
            children.iter().filter_map(|c| f(*c)).collect()
        }
    }

    fn text(&self, r: Range<usize>) -> Cow<'a, str> {
        super::text::slice(self.rope, r)
    }

    /// A node of the old tree that this CST node can take as it is, if the edit did not touch
    /// anything the node was built from. `built` is the range of the node built from `cst`, by
    /// which the old node is looked up.
    ///
    /// JSON: a value is its own text. YAML: a block node also depends on what surrounds it.
    /// - Its syntax node runs on to the zero-width token that closes it, at the next line's
    ///   content, past the trimmed range of the node built from it; the scanner reads on into
    ///   that line (and may look at the one after) to decide about it; and a block scalar's value
    ///   takes in the spaces and blank lines after it.
    /// - Its column (the indentation before it on its first line) decides what its lines are:
    ///   the same text two columns further in is another structure of the same length.
    /// - So do the columns of the collections around it (a line indented less than the node is a
    ///   stray line inside it or the end of it, depending on them), which can change anywhere
    ///   above the node.
    ///
    /// The first two are text: the lines from the node's first one to the one after the
    /// closing token's must be outside the edit. The third is the parser's state at the node,
    /// which only tree-sitter knows: it takes an old subtree over as it is (the same subtree, so
    /// the same node id) only where its state there is the one the old parse had, and only if
    /// the edit left alone every byte the subtree's tokens looked at. So on YAML a node is
    /// reused only if its syntax node is one tree-sitter took over from the old syntax tree.
    fn reusable(&self, cst: CstNode, built: Range<usize>, shape: Shape) -> Option<Node> {
        let reuse = self.reuse.as_ref()?;
        let d = reuse.dirty;
        let old_start = match self.clean.as_ref()?.side(cst.byte_range())? {
            false => built.start,
            true => (built.start as isize - d.delta) as usize,
        };
        let found = find_node(reuse.old, old_start, built.len())?;
        if shape_of(found) != Some(shape) {
            return None;
        }
        if self.lang == Lang::Yaml && !taken_over(reuse.old_cst, cst) {
            return None;
        }
        self.reused
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Some(found.clone())
    }

    /// A value node: YAML `block_node`/`flow_node` (with anchor and tag) or any JSON value.
    fn value(&self, cst: CstNode, depth: usize) -> Node {
        if depth > MAX_DEPTH {
            let mut nb = NodeBuilder::new(cst.byte_range());
            let r = nb.rel(cst.byte_range());
            nb.meta.problems.push(NodeProblem::TooDeep { range: r });
            return nb.finish(NodeKind::Invalid);
        }
        match self.lang {
            Lang::Json => self.json_value(cst, depth),
            Lang::Yaml => self.yaml_node(cst, depth),
        }
    }

    fn json_value(&self, cst: CstNode, depth: usize) -> Node {
        let kind = cst.kind();
        let shape = match kind {
            j::OBJECT => Some(Shape::Mapping),
            j::ARRAY => Some(Shape::Sequence),
            _ => None,
        };
        if let Some(shape) = shape {
            if let Some(n) = self.reusable(cst, cst.byte_range(), shape) {
                return n;
            }
        }
        let mut nb = NodeBuilder::new(cst.byte_range());
        let node_kind = match kind {
            j::OBJECT => {
                let children = self.children_and_comments(&mut nb, cst, j::COMMENT);
                let old = self.old_entries(cst, cst.start_byte());
                let entries = self.map_children(&children, depth, |pair| {
                    if pair.kind() != j::PAIR {
                        return None;
                    }
                    if let Some(entry) = old.as_ref().and_then(|o| self.take_entry(o, pair)) {
                        return Some(entry);
                    }
                    let k = pair.child_by_field_name(j::FIELD_KEY)?;
                    let key = self.json_value(k, depth + 1);
                    let value = match pair.child_by_field_name(j::FIELD_VALUE) {
                        Some(v) => (v.start_byte(), self.value(v, depth + 1)),
                        None => (pair.end_byte(), empty_null(ScalarStyle::JsonLiteral)),
                    };
                    Some((k.start_byte(), key, value.0, value.1))
                });
                mapping(&mut nb, entries)
            }
            j::ARRAY => {
                let children = self.children_and_comments(&mut nb, cst, j::COMMENT);
                let items = self.map_children(&children, depth, |c| {
                    if c.is_error() || c.is_missing() {
                        return None;
                    }
                    Some((c.start_byte(), self.value(c, depth + 1)))
                });
                sequence(&mut nb, items)
            }
            j::STRING => {
                let src = self.text(cst.byte_range());
                let (value, bad) = scalar::json_string(&src);
                for b in bad {
                    nb.meta.problems.push(NodeProblem::BadEscape {
                        range: b.start as u32..b.end as u32,
                    });
                }
                scalar_kind(ScalarValue::Str(value.into()), ScalarStyle::DoubleQuoted)
            }
            j::NUMBER => {
                let src = self.text(cst.byte_range());
                let value = scalar::json_number(&src).unwrap_or_else(|| {
                    let r = nb.rel(cst.byte_range());
                    nb.meta.problems.push(NodeProblem::BadNumber { range: r });
                    ScalarValue::Str(src.as_ref().into())
                });
                scalar_kind(value, ScalarStyle::JsonLiteral)
            }
            j::TRUE => scalar_kind(ScalarValue::Bool(true), ScalarStyle::JsonLiteral),
            j::FALSE => scalar_kind(ScalarValue::Bool(false), ScalarStyle::JsonLiteral),
            j::NULL => scalar_kind(ScalarValue::Null, ScalarStyle::JsonLiteral),
            _ => NodeKind::Invalid,
        };
        nb.finish(node_kind)
    }
}

/// Mapping entries `(key start, key, value start, value)`, with duplicate keys found.
pub(super) fn mapping(nb: &mut NodeBuilder, raw: Vec<(usize, Node, usize, Node)>) -> NodeKind {
    let mut entries = Vec::with_capacity(raw.len());
    // Duplicate keys: few mappings are large, so sort a small index only when needed.
    let mut seen: std::collections::HashMap<Cow<'_, str>, usize> = Default::default();
    let mut dups = Vec::new();
    for (i, (ks, key, _, _)) in raw.iter().enumerate() {
        if let Some(text) = key.key_text() {
            if let Some(&first) = seen.get(&text) {
                dups.push((text.clone().into_owned(), *ks, key.len(), first));
            } else {
                seen.insert(text, i);
            }
        }
    }
    for (text, ks, klen, first) in dups {
        let (fs, fkey, _, _) = &raw[first];
        let range = nb.rel(ks..ks + klen);
        let first = nb.rel(*fs..*fs + fkey.len());
        nb.meta.problems.push(NodeProblem::DuplicateKey {
            key: text.into(),
            range,
            first,
        });
    }
    drop(seen);
    for (ks, key, vs, value) in raw {
        nb.child_flags(&key);
        nb.child_flags(&value);
        entries.push(Entry {
            key_offset: (ks - nb.start) as u32,
            key,
            value_offset: (vs - nb.start) as u32,
            value,
        });
    }
    NodeKind::Mapping(entries.into())
}

impl<'a> Builder<'a> {
    /// A YAML `block_node` or `flow_node` (or a bare collection/scalar, or an ERROR to salvage).
    fn yaml_node(&self, cst: CstNode, depth: usize) -> Node {
        let mut nb = NodeBuilder::new(cst.start_byte()..content_end(cst));
        let mut value: Option<CstNode> = None;
        if is_yaml_value(cst.kind()) {
            for c in named_children(cst) {
                match c.kind() {
                    y::ANCHOR => {
                        let name = self.text(c.byte_range());
                        let name = name.strip_prefix('&').unwrap_or(&name).to_string();
                        let r = nb.rel(c.byte_range());
                        nb.meta.anchor = Some((r, name.into()));
                    }
                    y::TAG => {
                        let r = nb.rel(c.byte_range());
                        nb.meta.tag = Some((r, self.text(c.byte_range()).as_ref().into()));
                    }
                    y::COMMENT => {
                        let r = nb.rel(c.byte_range());
                        nb.meta.comments.push(r);
                    }
                    y::INVALID => {
                        let range = nb.rel(c.byte_range());
                        nb.meta.problems.push(NodeProblem::Invalid { range });
                    }
                    _ if value.is_none() => value = Some(c),
                    _ => {}
                }
            }
        } else {
            value = Some(cst);
        }
        let Some(v) = value else {
            // Only properties (`&a` or `!tag`): an empty value, null unless tagged `!!str`.
            nb.value_start = nb.end;
            let value = match nb.meta.tag.as_ref().map(|(_, t)| &**t) {
                Some("!!str") => ScalarValue::Str("".into()),
                _ => ScalarValue::Null,
            };
            return nb.finish(scalar_kind(value, ScalarStyle::Plain));
        };
        nb.value_start = v.start_byte();
        let tag = nb.meta.tag.as_ref().map(|(_, t)| t.clone());
        // Reuse a collection without properties: an edit elsewhere leaves its text, and so its
        // value, as it was. (Scalars are as cheap to decode as to look up.)
        if nb.meta == Meta::default() {
            let shape = match v.kind() {
                y::BLOCK_MAPPING | y::FLOW_MAPPING => Some(Shape::Mapping),
                y::BLOCK_SEQUENCE | y::FLOW_SEQUENCE => Some(Shape::Sequence),
                _ => None,
            };
            if let Some(shape) = shape {
                if let Some(n) = self.reusable(cst, nb.start..nb.end, shape) {
                    return n;
                }
            }
        }
        if v.kind() == y::FLOW_MAPPING || v.kind() == y::FLOW_SEQUENCE {
            // The scanner closes a flow collection that is never closed with a zero-width
            // bracket (at the first line indented too little): report it here.
            if let Some(close) = v.child(v.child_count().saturating_sub(1)) {
                if !close.is_named() && close.start_byte() == close.end_byte() {
                    let r = nb.rel(v.start_byte()..v.start_byte() + 1);
                    let bracket = if v.kind() == y::FLOW_MAPPING {
                        '}'
                    } else {
                        ']'
                    };
                    nb.meta
                        .problems
                        .push(NodeProblem::Unclosed { range: r, bracket });
                }
            }
        }
        if matches!(
            v.kind(),
            y::PLAIN_SCALAR | y::SINGLE_QUOTE_SCALAR | y::DOUBLE_QUOTE_SCALAR | y::BLOCK_SCALAR
        ) {
            // A character YAML does not allow, reported once per scalar; the value is still read.
            let src = self.text(v.byte_range());
            let first = scalar::non_printable(&src).next();
            if let Some((r, ch)) = first {
                let base = v.start_byte();
                let range = nb.rel(base + r.start..base + r.end);
                nb.meta
                    .problems
                    .push(NodeProblem::ControlChar { range, ch });
            }
        }
        let kind = match v.kind() {
            y::BLOCK_MAPPING | y::FLOW_MAPPING => self.yaml_mapping(&mut nb, v, depth),
            y::BLOCK_SEQUENCE | y::FLOW_SEQUENCE => self.yaml_sequence(&mut nb, v, depth),
            y::PLAIN_SCALAR => {
                let src = self.text(v.byte_range());
                let value = match tag.as_deref() {
                    Some("!!str") | Some("!") => ScalarValue::Str(scalar::plain(&src).into_str()),
                    _ => scalar::plain(&src),
                };
                scalar_kind(value, ScalarStyle::Plain)
            }
            y::SINGLE_QUOTE_SCALAR => {
                let src = self.text(v.byte_range());
                scalar_kind(
                    ScalarValue::Str(scalar::single_quoted(&src).into()),
                    ScalarStyle::SingleQuoted,
                )
            }
            y::DOUBLE_QUOTE_SCALAR => {
                let src = self.text(v.byte_range());
                let (value, bad) = scalar::double_quoted(&src);
                let base = v.start_byte();
                for b in bad {
                    let r = nb.rel(base + b.start..base + b.end);
                    nb.meta.problems.push(NodeProblem::BadEscape { range: r });
                }
                scalar_kind(ScalarValue::Str(value.into()), ScalarStyle::DoubleQuoted)
            }
            y::BLOCK_SCALAR => {
                // The node ends before its last line's trailing spaces, which are content.
                let end = v.end_byte()
                    + self
                        .text(v.end_byte()..v.end_byte() + 256)
                        .find(['\n', '\r'])
                        .unwrap_or(0);
                let src = self.text(v.start_byte()..end);
                let parent_indent = enclosing_block_indent(self.rope, v);
                let trailing = self.text(end..end + 4096);
                let (value, folded) = scalar::block(&src, parent_indent, &trailing);
                let style = if folded {
                    ScalarStyle::Folded
                } else {
                    ScalarStyle::Literal
                };
                scalar_kind(ScalarValue::Str(value.into()), style)
            }
            y::ALIAS => {
                let name = self.text(v.byte_range());
                NodeKind::Alias(name.strip_prefix('*').unwrap_or(&name).into())
            }
            "ERROR" => self.salvage(&mut nb, v, depth),
            _ => NodeKind::Invalid,
        };
        nb.finish(kind)
    }

    /// An ERROR node that still holds mapping pairs or sequence items: keep what is intact.
    fn salvage(&self, nb: &mut NodeBuilder, v: CstNode, depth: usize) -> NodeKind {
        let has = |k: &str| named_children(v).any(|c| c.kind() == k);
        if has(y::BLOCK_MAPPING_PAIR) || has(y::FLOW_PAIR) {
            self.yaml_mapping(nb, v, depth)
        } else if has(y::BLOCK_SEQUENCE_ITEM) {
            self.yaml_sequence(nb, v, depth)
        } else {
            // A lone value inside the error: its place in the document is unknown.
            NodeKind::Invalid
        }
    }

    fn yaml_mapping(&self, nb: &mut NodeBuilder, v: CstNode, depth: usize) -> NodeKind {
        let children = self.children_and_comments(nb, v, y::COMMENT);
        let old = self.old_entries(v, nb.start);
        let raw = self.map_children(&children, depth, |pair| match pair.kind() {
            y::BLOCK_MAPPING_PAIR | y::FLOW_PAIR => {
                if let Some(entry) = old.as_ref().and_then(|o| self.take_entry(o, pair)) {
                    return Some((entry, comments_of(pair)));
                }
                let key = match pair.child_by_field_name(y::FIELD_KEY) {
                    Some(k) => (k.start_byte(), self.value(k, depth + 1)),
                    None => (pair.start_byte(), empty_null(ScalarStyle::Plain)),
                };
                let value = match pair.child_by_field_name(y::FIELD_VALUE) {
                    Some(val) => (val.start_byte(), self.value(val, depth + 1)),
                    None => (
                        colon_end(pair).unwrap_or(pair.end_byte()),
                        empty_null(ScalarStyle::Plain),
                    ),
                };
                Some(((key.0, key.1, value.0, value.1), comments_of(pair)))
            }
            // `{a, b}`: keys without values.
            y::FLOW_NODE => {
                let key = self.value(pair, depth + 1);
                Some((
                    (
                        pair.start_byte(),
                        key,
                        pair.end_byte(),
                        empty_null(ScalarStyle::Plain),
                    ),
                    Vec::new(),
                ))
            }
            _ => None,
        });
        let raw = keep_comments(nb, raw);
        // A block key still without its `:` (the grammar keeps it as a pair).
        for pair in &children {
            if pair.kind() == y::BLOCK_MAPPING_PAIR && colon_end(*pair).is_none() {
                let explicit = pair.child(0).is_some_and(|c| c.kind() == "?");
                if let (false, Some(k)) = (explicit, pair.child_by_field_name(y::FIELD_KEY)) {
                    let range = nb.rel(k.byte_range());
                    nb.meta.problems.push(NodeProblem::MissingColon { range });
                }
            }
        }
        mapping(nb, raw)
    }

    fn yaml_sequence(&self, nb: &mut NodeBuilder, v: CstNode, depth: usize) -> NodeKind {
        let children = self.children_and_comments(nb, v, y::COMMENT);
        let items = self.map_children(&children, depth, |c| match c.kind() {
            y::BLOCK_SEQUENCE_ITEM => {
                let item = match named_children(c).find(|n| is_yaml_value(n.kind())) {
                    Some(n) => (n.start_byte(), self.value(n, depth + 1)),
                    None => (c.end_byte(), empty_null(ScalarStyle::Plain)),
                };
                Some((item, comments_of(c)))
            }
            y::FLOW_NODE => Some(((c.start_byte(), self.value(c, depth + 1)), Vec::new())),
            // `[a: b]`: a single-pair mapping.
            y::FLOW_PAIR => {
                let mut inner = NodeBuilder::new(c.byte_range());
                let kind = self.yaml_mapping_of_pair(&mut inner, c, depth + 1);
                Some(((c.start_byte(), inner.finish(kind)), Vec::new()))
            }
            _ => None,
        });
        let items = keep_comments(nb, items);
        sequence(nb, items)
    }

    fn yaml_mapping_of_pair(&self, nb: &mut NodeBuilder, pair: CstNode, depth: usize) -> NodeKind {
        let key = match pair.child_by_field_name(y::FIELD_KEY) {
            Some(k) => (k.start_byte(), self.value(k, depth + 1)),
            None => (pair.start_byte(), empty_null(ScalarStyle::Plain)),
        };
        let value = match pair.child_by_field_name(y::FIELD_VALUE) {
            Some(v) => (v.start_byte(), self.value(v, depth + 1)),
            None => (pair.end_byte(), empty_null(ScalarStyle::Plain)),
        };
        mapping(nb, vec![(key.0, key.1, value.0, value.1)])
    }
}

/// The entries of the old node tree's twin of a collection being rebuilt (an edit inside it),
/// so that its pairs the edit left alone are taken whole (key and value) instead of being built
/// again: on a large mapping (`paths`, `components/schemas`) that is most of a keystroke's work.
struct OldEntries<'t> {
    /// The twin's start in the old text.
    base: usize,
    entries: &'t [Entry],
    /// The twin's syntax children (start, end, id) in the edited old syntax tree. A pair is
    /// taken only if the parse took its syntax node over: the same text may have been read
    /// otherwise around a syntax error (YAML: see also [`Builder::reusable`]).
    taken: Vec<(usize, usize, usize)>,
}

impl Builder<'_> {
    /// The old twin of the collection whose built node starts at `start`, syntax node `v`.
    fn old_entries(&self, v: CstNode, start: usize) -> Option<OldEntries<'_>> {
        let reuse = self.reuse.as_ref()?;
        let d = reuse.dirty;
        let old_start = match self.clean.as_ref()?.side(v.byte_range()) {
            Some(true) => (start as isize - d.delta) as usize,
            _ if start <= d.start => start,
            _ => return None,
        };
        let entries = match find_mapping(reuse.old, old_start)?.kind() {
            NodeKind::Mapping(entries) => &entries[..],
            _ => return None,
        };
        let twin = cst_twin(reuse.old_cst, v)?;
        let taken = named_children(twin)
            .map(|c| (c.start_byte(), c.end_byte(), c.id()))
            .collect();
        Some(OldEntries {
            base: old_start,
            entries,
            taken,
        })
    }

    /// The old entry built from `pair` (key start, key, value start, value, in new offsets), if
    /// the edit left the pair and what it was built from alone.
    fn take_entry(&self, old: &OldEntries, pair: CstNode) -> Option<(usize, Node, usize, Node)> {
        let d = self.reuse.as_ref()?.dirty;
        let after = self.clean.as_ref()?.side(pair.byte_range())?;
        let taken = &old.taken;
        let i = taken
            .binary_search_by_key(&pair.start_byte(), |t| t.0)
            .ok()?;
        if taken[i] != (pair.start_byte(), pair.end_byte(), pair.id()) {
            return None;
        }
        let shift = if after { d.delta } else { 0 };
        let old_pair = (pair.start_byte() as isize - shift) as usize
            ..(pair.end_byte() as isize - shift) as usize;
        let i = old
            .entries
            .partition_point(|e| old.base + (e.key_offset as usize) < old_pair.start);
        let e = old.entries.get(i)?;
        let key_start = old.base + e.key_offset as usize;
        let value_start = old.base + e.value_offset as usize;
        if key_start != old_pair.start || value_start + e.value.len() > old_pair.end {
            return None;
        }
        self.reused
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let new = |at: usize| (at as isize + shift) as usize;
        Some((
            new(key_start),
            e.key.clone(),
            new(value_start),
            e.value.clone(),
        ))
    }
}

/// The outermost mapping of `tree` that starts at `start`.
fn find_mapping(tree: &Tree, start: usize) -> Option<&Node> {
    find_at(tree, start, 0, |n| matches!(n.kind(), NodeKind::Mapping(_)))
}

/// The node of the edited old syntax tree at the same place and of the same kind as `node`.
fn cst_twin<'t>(old: &'t tree_sitter::Tree, node: CstNode) -> Option<CstNode<'t>> {
    let start = node.start_byte();
    let mut cursor = old.walk();
    loop {
        let n = cursor.node();
        if n.start_byte() == start && n.kind_id() == node.kind_id() {
            return Some(n);
        }
        if n.start_byte() > start || n.end_byte() <= start {
            return None;
        }
        cursor.goto_first_child_for_byte(start)?;
    }
}

trait IntoStr {
    fn into_str(self) -> Box<str>;
}
impl IntoStr for ScalarValue {
    /// The scalar as a string (for `!!str`): plain text, whatever the core schema made of it.
    fn into_str(self) -> Box<str> {
        match self {
            ScalarValue::Str(s) | ScalarValue::BigInt(s) => s,
            ScalarValue::Null => "".into(),
            ScalarValue::Bool(b) => b.to_string().into(),
            ScalarValue::Int(i) => i.to_string().into(),
            ScalarValue::Float(f) => f.to_string().into(),
        }
    }
}

/// Where a YAML node's content ends: a block collection's syntax node also spans the white space
/// up to the zero-width token that closes it (at the next line's content), which is not part of
/// the value.
fn content_end(node: CstNode) -> usize {
    let mut n = node;
    loop {
        let last = (0..n.child_count())
            .rev()
            .filter_map(|i| n.child(i))
            .find(|c| c.end_byte() > c.start_byte());
        match last {
            Some(c) if c.end_byte() == n.end_byte() && c.child_count() > 0 => n = c,
            Some(c) => return c.end_byte(),
            None => return n.start_byte(),
        }
    }
}

/// A comment's (or an unreadable line's) range, and whether it is an unreadable line.
type Aside = (Range<usize>, bool);

/// The comments (and unreadable lines) directly inside a mapping pair (`key:  # note`) or a
/// sequence item.
fn comments_of(node: CstNode) -> Vec<Aside> {
    named_children(node)
        .filter(|c| c.kind() == y::COMMENT || c.kind() == y::INVALID)
        .map(|c| (c.byte_range(), c.kind() == y::INVALID))
        .collect()
}

/// Moves the comments (and unreadable lines) found in children into the collection's node.
fn keep_comments<T>(nb: &mut NodeBuilder, children: Vec<(T, Vec<Aside>)>) -> Vec<T> {
    children
        .into_iter()
        .map(|(child, comments)| {
            for (c, invalid) in comments {
                let range = nb.rel(c);
                if invalid {
                    nb.meta.problems.push(NodeProblem::Invalid { range });
                } else {
                    nb.meta.comments.push(range);
                }
            }
            child
        })
        .collect()
}

fn colon_end(pair: CstNode) -> Option<usize> {
    let mut cursor = pair.walk();
    let colon = pair.children(&mut cursor).find(|c| c.kind() == ":");
    colon.map(|c| c.end_byte())
}

/// The column of the innermost block collection holding `node` (for block scalar indicators).
fn enclosing_block_indent(rope: &Rope, node: CstNode) -> usize {
    let mut p = node.parent();
    while let Some(n) = p {
        if n.kind() == y::BLOCK_MAPPING || n.kind() == y::BLOCK_SEQUENCE {
            let start = n.start_byte();
            let line = rope.byte_to_line(start);
            return start - rope.line_to_byte(line);
        }
        p = n.parent();
    }
    0
}

pub(super) fn scalar_kind(value: ScalarValue, style: ScalarStyle) -> NodeKind {
    NodeKind::Scalar(Scalar { value, style })
}

fn empty_null(style: ScalarStyle) -> Node {
    Node(Arc::new(NodeData {
        len: 0,
        value_offset: 0,
        kind: scalar_kind(ScalarValue::Null, style),
        meta: None,
        flags: 0,
    }))
}

/// Whether the parse that gave `node` took it over from `old` (the previous syntax tree, told
/// about the edits) as it was: a node of `old` with the same id and range.
fn taken_over(old: &tree_sitter::Tree, node: CstNode) -> bool {
    let (start, end) = (node.start_byte(), node.end_byte());
    let mut cursor = old.walk();
    loop {
        let n = cursor.node();
        if n.id() == node.id() {
            return n.start_byte() == start && n.end_byte() == end;
        }
        if n.start_byte() > start || n.end_byte() < end {
            return false;
        }
        // The child that runs past `start` (hidden repetition nodes are skipped whole).
        if cursor.goto_first_child_for_byte(start).is_none() {
            return false;
        }
    }
}

/// The node of `tree` that starts at `start` and is `len` bytes long (the outermost such).
fn find_node(tree: &Tree, start: usize, len: usize) -> Option<&Node> {
    find_at(tree, start, len, |n| n.len() == len)
}

/// The outermost node of `tree` that starts at `start` and is `hit`, walking down the nodes
/// that hold `start..start + len`.
fn find_at(tree: &Tree, start: usize, len: usize, hit: impl Fn(&Node) -> bool) -> Option<&Node> {
    let mut node = tree.root()?;
    loop {
        if node.start == start && hit(node.node) {
            return Some(node.node);
        }
        if !(node.start <= start && start + len <= node.start + node.node.len()) {
            return None;
        }
        node = match node.node.kind() {
            NodeKind::Mapping(entries) => {
                let idx = entries.partition_point(|e| node.start + e.key_offset as usize <= start);
                let e = entries.get(idx.checked_sub(1)?)?;
                let key_start = node.start + e.key_offset as usize;
                let value_start = node.start + e.value_offset as usize;
                if start >= value_start {
                    NodeRef {
                        node: &e.value,
                        start: value_start,
                    }
                } else {
                    NodeRef {
                        node: &e.key,
                        start: key_start,
                    }
                }
            }
            NodeKind::Sequence(items) => {
                let idx = items.partition_point(|i| node.start + i.offset as usize <= start);
                let i = items.get(idx.checked_sub(1)?)?;
                NodeRef {
                    node: &i.node,
                    start: node.start + i.offset as usize,
                }
            }
            _ => return None,
        };
    }
}
