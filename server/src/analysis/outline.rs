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
