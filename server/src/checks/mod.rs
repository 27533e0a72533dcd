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

use std::collections::HashSet;

use crate::analysis::Diagnostic;
use crate::spec::{Family, Line, SpecKind};
use crate::syntax::node::unescape_pointer_token;
use crate::syntax::{NodeKind, NodeRef, Parsed, Tree};

pub use examples::Cache;

/// The spec checks of a Swagger 2.0 or OpenAPI 3.x document (nothing for other kinds).
pub fn run(parsed: &Parsed, kind: &SpecKind) -> Vec<Diagnostic> {
    run_with(parsed, kind, &mut Cache::default())
}

/// [`run`], reusing the example checks of examples and schemas that did not change since
/// `cache` was last used for this document.
pub fn run_with(parsed: &Parsed, kind: &SpecKind, cache: &mut Cache) -> Vec<Diagnostic> {
    if !matches!(kind.family, Family::Swagger | Family::OpenApi)
        || !matches!(
            kind.line,
            Line::Swagger2 | Line::OpenApi30 | Line::OpenApi31 | Line::OpenApi32
        )
    {
        return Vec::new();
    }
    let Some(doc) = Doc::new(parsed, kind.line) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    path_params::check(&doc, &mut out);
    operation_ids::check(&doc, &mut out);
    required::check(&doc, &mut out);
    defaults::check(&doc, &mut out);
    examples::check(&doc, &mut out, cache);
    crate::analysis::sort_diagnostics(&mut out);
    out
}

/// Adds the spec checks' diagnostics to `diagnostics`, keeping them in text order (for
/// [`crate::analysis::check`]).
pub fn add_to(
    diagnostics: &mut Vec<Diagnostic>,
    parsed: &Parsed,
    kind: &SpecKind,
    cache: &mut Cache,
) {
    let found = run_with(parsed, kind, cache);
    if !found.is_empty() {
        diagnostics.extend(found);
        crate::analysis::sort_diagnostics(diagnostics);
    }
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
}

/// What a `$ref` leads to.
pub(crate) enum Target<'a> {
    /// The node itself was no reference, or a local reference was followed to this node.
    Found(NodeRef<'a>),
    /// A reference to another file, or one that cannot be followed: do not guess.
    Unknown,
}

impl<'a> Doc<'a> {
    fn new(parsed: &'a Parsed, line: Line) -> Option<Doc<'a>> {
        let tree = &parsed.tree;
        let root = tree.root()?;
        let mut doc = Doc {
            parsed,
            tree,
            root,
            line,
            schemas: Vec::new(),
            media_types: Vec::new(),
            parameters: Vec::new(),
            operations: Vec::new(),
        };
        let mut walk = Walk {
            doc: &mut doc,
            seen: HashSet::new(),
        };
        walk.document(root);
        Some(doc)
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
        let fragment = reference.strip_prefix('#')?;
        let decoded = percent_decode(fragment)?;
        if decoded.is_empty() {
            return Some(self.root);
        }
        let mut node = self.root;
        for raw in decoded.strip_prefix('/')?.split('/') {
            node = self.get(node, &unescape_pointer_token(raw))?;
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

    fn document(&mut self, root: NodeRef<'a>) {
        for item in self.values(self.get(root, "paths")) {
            self.path_item(item);
        }
        for item in self.values(self.get(root, "webhooks")) {
            self.path_item(item);
        }
        if self.doc.is_swagger() {
            for s in self.values(self.get(root, "definitions")) {
                self.schema(s, false, 0);
            }
            for p in self.values(self.get(root, "parameters")) {
                self.parameter(p);
            }
            for r in self.values(self.get(root, "responses")) {
                self.response(r);
            }
            return;
        }
        let Some(c) = self.get(root, "components") else {
            return;
        };
        for s in self.values(self.get(c, "schemas")) {
            self.schema(s, false, 0);
        }
        for p in self.values(self.get(c, "parameters")) {
            self.parameter(p);
        }
        for h in self.values(self.get(c, "headers")) {
            self.parameter(h);
        }
        for r in self.values(self.get(c, "responses")) {
            self.response(r);
        }
        for b in self.values(self.get(c, "requestBodies")) {
            self.content(self.get(b, "content"));
        }
        for item in self.values(self.get(c, "pathItems")) {
            self.path_item(item);
        }
        for cb in self.values(self.get(c, "callbacks")) {
            for item in self.values(Some(cb)) {
                self.path_item(item);
            }
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
