//! Checks beyond the meta-schemas: what a document says that its shape alone cannot show (path
//! templates and their parameters, unique operation ids, examples against their schemas, `required`
//! names and `default` values). One file per check; this module finds the objects they look at.
//!
//! Every check is conservative: where it cannot know (a `$ref` to another file, a schema it does
//! not understand), it says nothing rather than guess.

mod defaults;
mod examples;
mod operation_ids;
mod path_params;
mod required;
pub(crate) mod units;

use std::cell::RefCell;
use std::collections::HashSet;

use crate::analysis::Diagnostic;
use crate::spec::{Family, Line, SpecKind};
use crate::syntax::node::unescape_pointer_token;
use crate::syntax::{Node, NodeKind, NodeRef, Parsed, Tree};

pub use units::Cache;

/// The spec checks of a Swagger 2.0 or OpenAPI 3.x document (nothing for other kinds).
pub fn run(parsed: &Parsed, kind: &SpecKind) -> Vec<Diagnostic> {
    run_with(parsed, kind, &mut Cache::default())
}

/// [`run`], reusing the findings of the units (path items, components) that did not change since
/// `cache` was last used for this document, nor did anything their local `$ref`s lead to.
pub fn run_with(parsed: &Parsed, kind: &SpecKind, cache: &mut Cache) -> Vec<Diagnostic> {
    if !matches!(kind.family, Family::Swagger | Family::OpenApi)
        || !matches!(
            kind.line,
            Line::Swagger2 | Line::OpenApi30 | Line::OpenApi31 | Line::OpenApi32
        )
    {
        return Vec::new();
    }
    let Some(doc) = Doc::context(parsed, kind.line) else {
        return Vec::new();
    };
    let mut out = units::run(&doc, cache);
    crate::analysis::sort_diagnostics(&mut out);
    out.dedup();
    out
}

/// The JSON Schema keywords whose value is one schema (besides `items`, which may also be a list).
pub(crate) const ONE_SUBSCHEMA: [&str; 11] = [
    "additionalProperties",
    "additionalItems",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
];

/// The HTTP methods of a path item (3.2 adds `query`; `additionalOperations` is read apart).
pub(crate) const METHODS: [&str; 9] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// Where a Schema Object was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SchemaCtx {
    /// A direct member of `allOf`/`anyOf`/`oneOf`: its siblings may supply what it lacks.
    pub in_composition: bool,
}

/// A document being checked: its tree, its version line, and the objects the checks look at,
/// each found once at the place it is written (`$ref`s are not followed by the walk).
pub(crate) struct Doc<'a> {
    pub parsed: &'a Parsed,
    pub tree: &'a Tree,
    pub root: NodeRef<'a>,
    pub line: Line,
    pub schemas: Vec<(NodeRef<'a>, SchemaCtx)>,
    /// OpenAPI 3.x Media Type Objects, with their media type name.
    pub media_types: Vec<(String, NodeRef<'a>)>,
    /// Parameter Objects and Header Objects written inline (not `$ref`s).
    pub parameters: Vec<NodeRef<'a>>,
    /// Operation Objects, in paths, webhooks, callbacks and `components/pathItems`.
    pub operations: Vec<NodeRef<'a>>,
    /// Swagger 2.0 Response Objects written inline (not `$ref`s): their `examples` are keyed
    /// by media type.
    pub swagger_responses: Vec<NodeRef<'a>>,
    /// While one unit is checked: every local reference followed, and the node it named (kept
    /// alive, so that its address stays its own).
    followed: Option<RefCell<Followed>>,
}

/// A node's address: the same while the node is shared between parses.
pub(crate) fn addr(node: &Node) -> usize {
    std::sync::Arc::as_ptr(&node.0) as usize
}

/// Local references followed, each with the node it named (`None`: nothing).
pub(crate) type Followed = Vec<(String, Option<Node>)>;

/// Whether a reference names now the node it named then (both nothing, or the same node).
pub(crate) fn same(now: Option<NodeRef<'_>>, then: &Option<Node>) -> bool {
    now.map(|n| addr(n.node)) == then.as_ref().map(addr)
}

/// What a `$ref` leads to.
pub(crate) enum Target<'a> {
    /// The node itself was no reference, or a local reference was followed to this node.
    Found(NodeRef<'a>),
    /// A reference to another file, or one that cannot be followed: do not guess.
    Unknown,
}

impl<'a> Doc<'a> {
    /// The whole document, with every object the checks look at.
    #[cfg(test)]
    fn new(parsed: &'a Parsed, line: Line) -> Option<Doc<'a>> {
        let mut doc = Doc::context(parsed, line)?;
        let root = doc.root;
        let mut walk = Walk {
            doc: &mut doc,
            seen: HashSet::new(),
        };
        walk.document(root);
        Some(doc)
    }

    /// The document as the context of its units: its tree and version, no objects yet.
    fn context(parsed: &'a Parsed, line: Line) -> Option<Doc<'a>> {
        let tree = &parsed.tree;
        let root = tree.root()?;
        Some(Doc {
            parsed,
            tree,
            root,
            line,
            schemas: Vec::new(),
            media_types: Vec::new(),
            parameters: Vec::new(),
            operations: Vec::new(),
            swagger_responses: Vec::new(),
            followed: None,
        })
    }

    /// One unit of the document (`value`, found as `kind`), with the objects written in it and
    /// the local references it follows recorded.
    fn unit(&self, kind: units::UnitKind, value: NodeRef<'a>) -> Doc<'a> {
        let mut doc = Doc {
            followed: Some(RefCell::new(Vec::new())),
            ..Doc::context(self.parsed, self.line).expect("the context has a root")
        };
        let mut walk = Walk {
            doc: &mut doc,
            seen: HashSet::new(),
        };
        walk.unit(kind, value);
        doc
    }

    /// The local references this unit's checks followed, each once.
    fn take_followed(&mut self) -> Followed {
        let mut list = self
            .followed
            .take()
            .map(RefCell::into_inner)
            .unwrap_or_default();
        list.sort_by(|a, b| a.0.cmp(&b.0));
        list.dedup_by(|a, b| a.0 == b.0);
        list
    }

    pub fn is_swagger(&self) -> bool {
        self.line == Line::Swagger2
    }

    /// OpenAPI 3.1 and later: Schema Objects are JSON Schema 2020-12.
    pub fn is_31_or_later(&self) -> bool {
        matches!(self.line, Line::OpenApi31 | Line::OpenApi32)
    }

    /// The value of `key` in a mapping, aliases followed.
    pub fn get(&self, node: NodeRef<'a>, key: &str) -> Option<NodeRef<'a>> {
        let node = self.tree.follow_alias(node);
        node.child(key).map(|n| self.tree.follow_alias(n))
    }

    pub fn entries(&self, node: NodeRef<'a>) -> impl Iterator<Item = (NodeRef<'a>, NodeRef<'a>)> {
        let tree = self.tree;
        tree.follow_alias(node)
            .entries()
            .map(move |(k, v)| (k, tree.follow_alias(v)))
    }

    pub fn items(&self, node: NodeRef<'a>) -> impl Iterator<Item = NodeRef<'a>> {
        let tree = self.tree;
        tree.follow_alias(node)
            .items()
            .map(move |i| tree.follow_alias(i))
    }

    pub fn str_of(&self, node: NodeRef<'a>) -> Option<&'a str> {
        self.tree.follow_alias(node).node.as_str()
    }

    /// The node a `$ref` (if `node` holds one) leads to, following local references (`#/…`)
    /// through chains; a node without `$ref` is its own target.
    pub fn resolve(&self, node: NodeRef<'a>) -> Target<'a> {
        let mut node = self.tree.follow_alias(node);
        for _ in 0..32 {
            let Some(r) = self.get(node, "$ref") else {
                return Target::Found(node);
            };
            let Some(target) = self.str_of(r).and_then(|r| self.local(r)) else {
                return Target::Unknown;
            };
            node = target;
        }
        Target::Unknown
    }

    /// The node a local reference (`#/components/schemas/Pet`) names, if it is in this document.
    pub fn local(&self, reference: &str) -> Option<NodeRef<'a>> {
        let found = self.lookup(reference);
        if let Some(followed) = &self.followed {
            followed
                .borrow_mut()
                .push((reference.to_string(), found.map(|n| n.node.clone())));
        }
        found
    }

    fn lookup(&self, reference: &str) -> Option<NodeRef<'a>> {
        self.lookup_with(reference, |node, token| self.get(node, token))
    }

    /// [`Doc::local`], taking each step from a node to its child by `token` with `step`.
    fn lookup_with(
        &self,
        reference: &str,
        mut step: impl FnMut(NodeRef<'a>, &str) -> Option<NodeRef<'a>>,
    ) -> Option<NodeRef<'a>> {
        let fragment = reference.strip_prefix('#')?;
        let decoded = percent_decode(fragment)?;
        if decoded.is_empty() {
            return Some(self.root);
        }
        let mut node = self.root;
        for raw in decoded.strip_prefix('/')?.split('/') {
            node = step(node, &unescape_pointer_token(raw))?;
        }
        Some(node)
    }

    /// The source text of a range.
    pub fn text(&self, range: std::ops::Range<usize>) -> std::borrow::Cow<'a, str> {
        crate::syntax::text::slice(&self.parsed.rope, range)
    }
}

/// `%7B` → `{`; `None` for a malformed escape or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The walk that finds Schema, Media Type, Parameter and Header Objects where they are written.
struct Walk<'d, 'a> {
    doc: &'d mut Doc<'a>,
    /// Start offsets of the objects already visited (an alias can show a node twice).
    seen: HashSet<(usize, u8)>,
}

const MAX_SCHEMA_DEPTH: usize = 64;

impl<'a> Walk<'_, 'a> {
    fn first_visit(&mut self, node: NodeRef<'a>, what: u8) -> bool {
        matches!(node.node.kind(), NodeKind::Mapping(_)) && self.seen.insert((node.start, what))
    }

    fn get(&self, node: NodeRef<'a>, key: &str) -> Option<NodeRef<'a>> {
        self.doc.get(node, key)
    }

    fn values(&self, node: Option<NodeRef<'a>>) -> Vec<NodeRef<'a>> {
        node.map(|n| self.doc.entries(n).map(|(_, v)| v).collect())
            .unwrap_or_default()
    }

    #[cfg(test)]
    fn document(&mut self, root: NodeRef<'a>) {
        for u in units::units(self.doc, root) {
            self.unit(u.kind, u.value);
        }
    }

    fn unit(&mut self, kind: units::UnitKind, value: NodeRef<'a>) {
        use units::UnitKind;
        match kind {
            UnitKind::Path | UnitKind::PathItem => self.path_item(value),
            UnitKind::Schema => self.schema(value, false, 0),
            UnitKind::Parameter => self.parameter(value),
            UnitKind::Response => self.response(value),
            UnitKind::RequestBody => self.content(self.get(value, "content")),
            UnitKind::Callback => {
                for item in self.values(Some(value)) {
                    self.path_item(item);
                }
            }
            UnitKind::Other { .. } => {}
        }
    }

    fn path_item(&mut self, item: NodeRef<'a>) {
        if !self.first_visit(item, 0) {
            return;
        }
        if let Some(ps) = self.get(item, "parameters") {
            for p in self.doc.items(ps).collect::<Vec<_>>() {
                self.parameter(p);
            }
        }
        let mut ops: Vec<NodeRef<'a>> = METHODS.iter().filter_map(|m| self.get(item, m)).collect();
        ops.extend(self.values(self.get(item, "additionalOperations")));
        for op in ops {
            self.operation(op);
        }
    }

    fn operation(&mut self, op: NodeRef<'a>) {
        if !self.first_visit(op, 1) {
            return;
        }
        self.doc.operations.push(op);
        if let Some(ps) = self.get(op, "parameters") {
            for p in self.doc.items(ps).collect::<Vec<_>>() {
                self.parameter(p);
            }
        }
        if let Some(body) = self.get(op, "requestBody") {
            self.content(self.get(body, "content"));
        }
        for r in self.values(self.get(op, "responses")) {
            self.response(r);
        }
        for cb in self.values(self.get(op, "callbacks")) {
            for item in self.values(Some(cb)) {
                self.path_item(item);
            }
        }
    }

    fn parameter(&mut self, p: NodeRef<'a>) {
        if self.get(p, "$ref").is_some() || !self.first_visit(p, 2) {
            return;
        }
        self.doc.parameters.push(p);
        if let Some(s) = self.get(p, "schema") {
            self.schema(s, false, 0);
        }
        self.content(self.get(p, "content"));
    }

    fn response(&mut self, r: NodeRef<'a>) {
        if self.get(r, "$ref").is_some() || !self.first_visit(r, 3) {
            return;
        }
        if let Some(s) = self.get(r, "schema") {
            self.schema(s, false, 0);
        }
        if self.doc.is_swagger() {
            self.doc.swagger_responses.push(r);
        }
        for h in self.values(self.get(r, "headers")) {
            self.parameter(h);
        }
        self.content(self.get(r, "content"));
    }

    fn content(&mut self, content: Option<NodeRef<'a>>) {
        let Some(content) = content else { return };
        for (k, m) in self.doc.entries(content).collect::<Vec<_>>() {
            if !self.first_visit(m, 4) {
                continue;
            }
            let name = k.node.key_text().unwrap_or_default().into_owned();
            self.doc.media_types.push((name, m));
            if let Some(s) = self.get(m, "schema") {
                self.schema(s, false, 0);
            }
            for e in self.values(self.get(m, "encoding")) {
                for h in self.values(self.get(e, "headers")) {
                    self.parameter(h);
                }
            }
        }
    }

    fn schema(&mut self, s: NodeRef<'a>, in_composition: bool, depth: usize) {
        if depth > MAX_SCHEMA_DEPTH || !self.first_visit(s, 5) {
            return;
        }
        self.doc.schemas.push((s, SchemaCtx { in_composition }));
        let mut children: Vec<(NodeRef<'a>, bool)> = Vec::new();
        for (k, v) in self.doc.entries(s) {
            let Some(key) = k.node.key_text() else {
                continue;
            };
            match &*key {
                "properties" | "patternProperties" | "definitions" | "$defs"
                | "dependentSchemas" => {
                    children.extend(self.doc.entries(v).map(|(_, c)| (c, false)));
                }
                "allOf" | "anyOf" | "oneOf" => {
                    children.extend(self.doc.items(v).map(|c| (c, true)));
                }
                "prefixItems" => children.extend(self.doc.items(v).map(|c| (c, false))),
                "items" => match v.node.kind() {
                    NodeKind::Sequence(_) => children.extend(self.doc.items(v).map(|c| (c, false))),
                    _ => children.push((v, false)),
                },
                k if ONE_SUBSCHEMA.contains(&k) => children.push((v, false)),
                _ => {}
            }
        }
        for (c, comp) in children {
            self.schema(c, comp, depth + 1);
        }
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::analysis::Diagnostic;
    use crate::syntax::Lang;

    /// The diagnostics one check gives on a YAML text: (code, the text of the range).
    pub fn found(
        text: &str,
        check: impl Fn(&Doc<'_>, &mut Vec<Diagnostic>),
    ) -> Vec<(&'static str, String)> {
        let parsed = Parsed::new(Lang::Yaml, text);
        let kind = crate::spec::detect(&parsed.tree, &parsed.rope, None);
        let doc = Doc::new(&parsed, kind.line).unwrap();
        let mut out = Vec::new();
        check(&doc, &mut out);
        crate::analysis::sort_diagnostics(&mut out);
        out.into_iter()
            .map(|d| (d.code, text[d.range].to_string()))
            .collect()
    }

    /// The messages of one check on a YAML text.
    pub fn messages(text: &str, check: impl Fn(&Doc<'_>, &mut Vec<Diagnostic>)) -> Vec<String> {
        let parsed = Parsed::new(Lang::Yaml, text);
        let kind = crate::spec::detect(&parsed.tree, &parsed.rope, None);
        let doc = Doc::new(&parsed, kind.line).unwrap();
        let mut out = Vec::new();
        check(&doc, &mut out);
        out.into_iter().map(|d| d.message).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Lang;

    #[test]
    fn local_references_resolve_and_others_do_not() {
        let text = "openapi: 3.0.3\ncomponents:\n  parameters:\n    Id: {name: id, in: path}\n    Alias: {$ref: '#/components/parameters/Id'}\n    Ext: {$ref: 'other.yaml#/Id'}\n    'a/b{c}': {name: x}\n";
        let parsed = Parsed::new(Lang::Yaml, text);
        let doc = Doc::new(&parsed, Line::OpenApi30).unwrap();
        let name = |ptr: &str| match doc.resolve(doc.local(ptr).unwrap()) {
            Target::Found(n) => doc.get(n, "name").and_then(|n| doc.str_of(n)),
            Target::Unknown => None,
        };
        assert_eq!(name("#/components/parameters/Alias"), Some("id"));
        assert_eq!(name("#/components/parameters/Ext"), None);
        assert_eq!(name("#/components/parameters/a~1b%7Bc%7D"), Some("x"));
        assert!(doc.local("#/nope").is_none());
        assert_eq!(doc.parameters.len(), 2, "`$ref`s are found where they lead");
    }
}
