//! The document outline: the spec kind as the root, the top-level keys under it.

use std::ops::Range;

use crate::spec::{Source, SpecKind};
use crate::syntax::{NodeKind, Parsed};

/// One entry of the outline, with byte ranges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutlineItem {
    pub name: String,
    /// What the value is: `object`, `array`, `string`, … or the kind's label for the root.
    pub detail: String,
    pub range: Range<usize>,
    pub selection: Range<usize>,
    pub is_root: bool,
    pub children: Vec<OutlineItem>,
}

/// The root item names the spec kind (`OpenAPI 3.1.0`, `fragment`); its children are the
/// document's top-level keys.
pub fn outline(parsed: &Parsed, kind: &SpecKind) -> OutlineItem {
    let len = parsed.rope.len_bytes();
    let children = parsed
        .tree
        .root()
        .map(|root| {
            root.entries()
                .map(|(k, v)| {
                    let detail = match v.node.kind() {
                        NodeKind::Mapping(e) => format!("{} keys", e.len()),
                        NodeKind::Sequence(i) => format!("{} items", i.len()),
                        NodeKind::Alias(a) => format!("*{a}"),
                        NodeKind::Scalar(_) => {
                            crate::syntax::text::slice(&parsed.rope, v.value_range())
                                .chars()
                                .take(60)
                                .collect()
                        }
                        NodeKind::Invalid => "invalid".to_string(),
                    };
                    OutlineItem {
                        name: k
                            .node
                            .key_text()
                            .map(|t| t.into_owned())
                            .unwrap_or_default(),
                        detail,
                        range: k.start..v.range().end.max(k.range().end),
                        selection: k.range(),
                        is_root: false,
                        children: Vec::new(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let selection = match &kind.source {
        Source::Marker(r) => r.clone(),
        _ => 0..0,
    };
    OutlineItem {
        name: kind.label(),
        detail: "spec kind".into(),
        range: 0..len,
        selection,
        is_root: true,
        children,
    }
}

/// A named thing of a spec that people look for across files: a component, a path, an operation
/// (by its `operationId`), a channel, a `$defs` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedSymbol {
    pub name: String,
    /// `schema`, `parameter`, `path`, `operation`, `channel`, … (the container's name, singular).
    pub what: String,
    /// The range of the key (or of the `operationId` value).
    pub range: Range<usize>,
}

/// The named things of one document (any kind, fragments included).
pub fn named_symbols(parsed: &Parsed) -> Vec<NamedSymbol> {
    let mut out = Vec::new();
    let Some(root) = parsed.tree.root() else {
        return out;
    };
    let singular = |s: &str| -> String {
        match s {
            "schemas" => "schema".into(),
            "definitions" | "$defs" => "definition".into(),
            "requestBodies" => "request body".into(),
            "securitySchemes" | "securityDefinitions" => "security scheme".into(),
            other => other.trim_end_matches('s').to_string(),
        }
    };
    let mut keys_of = |container: crate::syntax::NodeRef<'_>, what: &str| {
        for (k, _) in container.entries() {
            if let Some(name) = k.node.key_text() {
                out.push(NamedSymbol {
                    name: name.into_owned(),
                    what: what.to_string(),
                    range: k.range(),
                });
            }
        }
    };
    for (k, v) in root.entries() {
        let Some(key) = k.node.key_text() else {
            continue;
        };
        match key.as_ref() {
            "components" => {
                for (kind, map) in v.entries() {
                    if let Some(kind) = kind.node.key_text() {
                        keys_of(map, &singular(&kind));
                    }
                }
            }
            "definitions" | "$defs" | "parameters" | "responses" | "securityDefinitions" => {
                keys_of(v, &singular(&key))
            }
            "paths" | "webhooks" | "channels" => keys_of(v, &singular(&key)),
            _ => {}
        }
    }
    // Operations by their operationId.
    for container in ["paths", "webhooks"] {
        let Some(paths) = root.child(container) else {
            continue;
        };
        for (_, item) in paths.entries() {
            for (_, op) in item.entries() {
                if let Some(id) = op.child("operationId") {
                    if let Some(name) = id.node.as_str() {
                        out.push(NamedSymbol {
                            name: name.to_string(),
                            what: "operation".into(),
                            range: id.value_range(),
                        });
                    }
                }
            }
        }
    }
    if let Some(ops) = root.child("operations") {
        for (k, _) in ops.entries() {
            if let Some(name) = k.node.key_text() {
                out.push(NamedSymbol {
                    name: name.into_owned(),
                    what: "operation".into(),
                    range: k.range(),
                });
            }
        }
    }
    out
}
