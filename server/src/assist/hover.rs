//! Hover: the specification's documentation of a key (with a link to its section), what a
//! status code or a media type means, and the resolved shape of a schema (properties, types,
//! required), following `$ref`s. The hover on a `$ref` itself is the reference's preview
//! (`refs::preview`), given by the server before this one.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::context::Seg;
use super::fields::{self, Obj};
use super::model::{Model, Ty};
use super::{values, Env};
use crate::refs::{self, Resolution};
use crate::syntax::node::{unescape_pointer_token, NodeKind, NodeRef, PathSegment};
use crate::syntax::Parsed;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverInfo {
    pub markdown: String,
    pub range: Range<usize>,
}

pub fn hover(env: &Env<'_>, offset: usize) -> Option<HoverInfo> {
    let parsed = env.parsed;
    let (path, node, on_key) = parsed.tree.path_at(offset)?;
    let model = Model::new(env.kind, parsed);
    let segs: Vec<Seg> = path
        .iter()
        .map(|s| match s {
            PathSegment::Key(k) => Seg::Key(k.clone()),
            PathSegment::Index(_) => Seg::Item,
        })
        .collect();
    let (last, parent) = segs.split_last()?;
    let (parent_ty, _) = model.walk(parent);
    let mut md = String::new();
    if on_key {
        let key = last.key()?;
        match parent_ty {
            Ty::Obj(obj) => {
                if let Some(f) = fields::field(obj, model.line, key) {
                    let (title, url) = fields::section(obj, model.line);
                    let req = if f.required { " (required)" } else { "" };
                    md.push_str(&format!(
                        "**{key}**{req} — {title}\n\n{}\n\n[{title} in the specification]({url})\n",
                        f.doc
                    ));
                } else if obj == Obj::Responses {
                    if let Some((reason, meaning)) = values::status(key) {
                        md.push_str(&format!("**{key} {reason}**\n\n{meaning}\n"));
                    } else if key == "default" {
                        md.push_str("**default**\n\nThe response for every status code not declared on its own.\n");
                    }
                } else if obj == Obj::Paths {
                    md.push_str(&format!("**{key}** — Path Item\n\nA path, relative to the server URL; `{{names}}` are path parameters.\n"));
                }
            }
            Ty::Map(Obj::MediaType) => {
                if let Some(d) = values::media_type(key) {
                    md.push_str(&format!("**{key}**\n\n{d}\n"));
                }
            }
            _ => {}
        }
        // The value of the key is a schema: its shape.
        if model.walk(&segs).0 == Ty::Obj(Obj::Schema) {
            let value = parsed
                .tree
                .at_pointer(&crate::syntax::node::pointer_of(&path));
            if let Some(value) = value {
                let shape = schema_shape(env, value, key);
                if !shape.is_empty() {
                    if !md.is_empty() {
                        md.push_str("\n---\n\n");
                    }
                    md.push_str(&shape);
                }
            }
        }
    } else {
        let text = node.node.as_str()?;
        let key = last.key().or_else(|| parent.last().and_then(|s| s.key()))?;
        match key {
            "format" => {
                if let Some((_, d)) = values::FORMATS.iter().find(|(f, _)| *f == text) {
                    md.push_str(&format!("**format: {text}**\n\n{d}\n"));
                }
            }
            "scheme" => {
                if let Some((_, d)) = values::HTTP_SCHEMES
                    .iter()
                    .find(|(s, _)| s.eq_ignore_ascii_case(text))
                {
                    md.push_str(&format!("**{text}**\n\n{d}\n"));
                }
            }
            _ => {
                if let Some(d) = values::media_type(text) {
                    md.push_str(&format!("**{text}**\n\n{d}\n"));
                }
            }
        }
    }
    if md.is_empty() {
        return None;
    }
    Some(HoverInfo {
        markdown: md,
        range: node.value_range(),
    })
}

/// Following `$ref`s from one document into others.
struct Follow<'a> {
    env: &'a Env<'a>,
    /// Documents read, kept alive while nodes of theirs are looked at.
    docs: Vec<(PathBuf, Arc<Parsed>)>,
}

impl Follow<'_> {
    /// The target of a `$ref` written in document `doc`: its document index and range.
    fn resolve(&mut self, doc: usize, raw: &str) -> Option<(usize, Range<usize>)> {
        let loader = self.env.loader?;
        let (file, parsed) = self.docs[doc].clone();
        match refs::resolve(raw, &file, &parsed, loader) {
            Resolution::Found { file, range } => {
                let i = match self.docs.iter().position(|(f, _)| *f == file) {
                    Some(i) => i,
                    None => {
                        let p = loader.load(&file)?;
                        self.docs.push((file, p));
                        self.docs.len() - 1
                    }
                };
                Some((i, range))
            }
            _ => None,
        }
    }
}

/// A node of one of the followed documents, by document index and range.
type At = (usize, Range<usize>);

fn node_of<'a>(docs: &'a [(PathBuf, Arc<Parsed>)], at: &At) -> Option<NodeRef<'a>> {
    let parsed = &docs.get(at.0)?.1;
    refs::node_with_range(parsed, &at.1).map(|n| parsed.tree.follow_alias(n))
}

const MAX_PROPS: usize = 30;

/// A compact rendering of a schema's resolved shape.
pub fn schema_shape(env: &Env<'_>, node: NodeRef<'_>, name: &str) -> String {
    let file = env
        .file
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/untitled"));
    let mut f = Follow {
        env,
        docs: vec![(file, env.parsed.clone())],
    };
    let start = (0, node.range());
    let Some(start) = deref(&mut f, start, 0) else {
        return String::new();
    };
    let head = summary(&mut f, &start, 0);
    let mut props = Vec::new();
    let mut required = Vec::new();
    collect(&mut f, &start, &mut props, &mut required, 0);
    if props.is_empty() {
        // An array: the properties of its items.
        let items = node_of(&f.docs, &start)
            .and_then(|n| n.child("items"))
            .map(|i| (start.0, i.range()));
        if let Some(items) = items.and_then(|i| deref(&mut f, i, 0)) {
            collect(&mut f, &items, &mut props, &mut required, 0);
        }
    }
    let mut out = format!("```text\n{name}: {head}\n");
    for (i, (p, ty)) in props.iter().enumerate() {
        if i == MAX_PROPS {
            out.push_str(&format!("  … {} more\n", props.len() - MAX_PROPS));
            break;
        }
        let req = if required.contains(p) {
            " (required)"
        } else {
            ""
        };
        out.push_str(&format!("  {p}: {ty}{req}\n"));
    }
    out.push_str("```\n");
    out
}

/// Follows `$ref`s from a node to what they name (a few hops at most).
fn deref(f: &mut Follow<'_>, mut at: At, depth: usize) -> Option<At> {
    for _ in 0..8 {
        let raw = {
            let n = node_of(&f.docs, &at)?;
            n.child("$ref")
                .and_then(|r| r.node.as_str().map(str::to_string))
        };
        match raw {
            Some(raw) if depth < 8 => at = f.resolve(at.0, &raw)?,
            _ => return Some(at),
        }
    }
    Some(at)
}

/// The properties of a schema, through `allOf`, and its `required` names.
fn collect(
    f: &mut Follow<'_>,
    at: &At,
    props: &mut Vec<(String, String)>,
    required: &mut Vec<String>,
    depth: usize,
) {
    if depth > 4 || props.len() > MAX_PROPS * 2 {
        return;
    }
    let (children, all_of, req): (Vec<(String, At)>, Vec<At>, Vec<String>) = {
        let Some(n) = node_of(&f.docs, at) else {
            return;
        };
        let children = n
            .child("properties")
            .map(|p| {
                p.entries()
                    .map(|(k, v)| {
                        (
                            k.node.key_text().unwrap_or_default().into_owned(),
                            (at.0, v.range()),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let all_of = n
            .child("allOf")
            .map(|a| a.items().map(|i| (at.0, i.range())).collect())
            .unwrap_or_default();
        let req = n
            .child("required")
            .map(|r| {
                r.items()
                    .filter_map(|i| i.node.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        (children, all_of, req)
    };
    required.extend(req);
    for (name, child) in children {
        if props.iter().any(|(p, _)| *p == name) {
            continue;
        }
        let ty = summary(f, &child, depth + 1);
        props.push((name, ty));
    }
    for member in all_of {
        if let Some(m) = deref(f, member, depth) {
            collect(f, &m, props, required, depth + 1);
        }
    }
}

/// A one-line type: `string<date-time>`, `array<Pet>`, `oneOf<Cat, Dog>`, `"a" | "b"`.
fn summary(f: &mut Follow<'_>, at: &At, depth: usize) -> String {
    if depth > 3 {
        return "…".into();
    }
    let Some(n) = node_of(&f.docs, at) else {
        return "?".into();
    };
    if let NodeKind::Scalar(_) = n.node.kind() {
        return match n.node.as_scalar() {
            Some(crate::syntax::ScalarValue::Bool(true)) => "any".into(),
            Some(crate::syntax::ScalarValue::Bool(false)) => "never".into(),
            _ => "?".into(),
        };
    }
    if let Some(raw) = n
        .child("$ref")
        .and_then(|r| r.node.as_str().map(str::to_string))
    {
        let name = raw
            .rsplit(['/', '#'])
            .next()
            .filter(|s| !s.is_empty())
            .map(|s| unescape_pointer_token(s).into_owned())
            .unwrap_or(raw.clone());
        return name;
    }
    let text = |k: &str| n.child(k).and_then(|v| v.node.as_str().map(str::to_string));
    let types: Vec<String> = match n.child("type") {
        Some(t) if !t.node.items().is_empty() => t
            .items()
            .filter_map(|i| i.node.as_str().map(str::to_string))
            .collect(),
        Some(t) => t
            .node
            .as_str()
            .map(|s| vec![s.to_string()])
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let nullable = matches!(
        n.child("nullable")
            .and_then(|v| v.node.as_scalar().cloned()),
        Some(crate::syntax::ScalarValue::Bool(true))
    );
    let enum_values: Vec<String> = n
        .child("enum")
        .map(|e| {
            e.items()
                .take(6)
                .map(|i| match i.node.as_str() {
                    Some(s) => format!("\"{s}\""),
                    None => i.node.key_text().unwrap_or_default().into_owned(),
                })
                .collect()
        })
        .unwrap_or_default();
    let items = n.child("items").map(|i| (at.0, i.range()));
    let mut combos = Vec::new();
    for k in ["allOf", "oneOf", "anyOf"] {
        if let Some(list) = n.child(k) {
            let members: Vec<At> = list.items().map(|i| (at.0, i.range())).collect();
            combos.push((k, members));
        }
    }
    let format = text("format");
    let mut out = if !enum_values.is_empty() {
        enum_values.join(" | ")
    } else if types.is_empty() && combos.is_empty() {
        if n.child("properties").is_some() {
            "object".into()
        } else {
            "any".into()
        }
    } else {
        let mut parts = Vec::new();
        for t in &types {
            let s = match (t.as_str(), &items, &format) {
                ("array", Some(i), _) => format!("array<{}>", summary(f, i, depth + 1)),
                (_, _, Some(fmt)) => format!("{t}<{fmt}>"),
                _ => t.clone(),
            };
            parts.push(s);
        }
        for (k, members) in combos {
            let names: Vec<String> = members.iter().map(|m| summary(f, m, depth + 1)).collect();
            parts.push(format!("{k}<{}>", names.join(", ")));
        }
        parts.join(" | ")
    };
    if nullable {
        out.push_str(" | null");
    }
    out
}
