//! A node tree's value as plain JSON (`serde_json::Value`), for `dump`, schema validation and the
//! tests that compare specls with other parsers.

use serde_json::{Map, Value};

use super::node::{NodeKind, NodeRef, ScalarValue, Tree};

/// Aliases are expanded up to this many nodes in all (an alias bomb stops here with an error).
pub const MAX_EXPANDED_NODES: usize = 10_000_000;

/// The value of the document's first document as JSON, aliases expanded (with a size limit).
pub fn to_json(tree: &Tree) -> Result<Value, String> {
    let Some(root) = tree.root() else {
        return Ok(Value::Null);
    };
    node_to_json(tree, root)
}

/// The value of one node as JSON, aliases expanded (with the same size limit).
pub fn node_to_json(tree: &Tree, node: NodeRef<'_>) -> Result<Value, String> {
    node_to_json_with(tree, node, &|_| None)
}

/// Like [`node_to_json`], with some nodes replaced: `substitute` gives the value to use instead of
/// a node (and its subtree), or `None` to convert it.
pub fn node_to_json_with(
    tree: &Tree,
    node: NodeRef<'_>,
    substitute: &dyn Fn(NodeRef<'_>) -> Option<Value>,
) -> Result<Value, String> {
    let mut budget = MAX_EXPANDED_NODES;
    value(tree, node, &mut budget, 0, substitute)
}

/// Longest text a collection key becomes (JSON has string keys only).
const MAX_KEY_TEXT: usize = 256;

/// A collection key as a JSON object key: its JSON, cut at [`MAX_KEY_TEXT`] bytes. Uncut, keys
/// nested in keys would grow exponentially: each level escapes the quotes of the one inside.
fn key_text(v: &Value) -> String {
    let mut s = serde_json::to_string(v).unwrap_or_default();
    if s.len() > MAX_KEY_TEXT {
        let mut end = MAX_KEY_TEXT;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        s.push('…');
    }
    s
}

fn value(
    tree: &Tree,
    node: NodeRef<'_>,
    budget: &mut usize,
    depth: usize,
    substitute: &dyn Fn(NodeRef<'_>) -> Option<Value>,
) -> Result<Value, String> {
    if let Some(v) = substitute(node) {
        return Ok(v);
    }
    if *budget == 0 {
        return Err(format!(
            "expanding aliases gives more than {MAX_EXPANDED_NODES} nodes: not dumped"
        ));
    }
    *budget -= 1;
    Ok(match node.node.kind() {
        NodeKind::Mapping(_) => {
            let mut map = Map::new();
            for (k, v) in node.entries() {
                let key = match k.node.kind() {
                    NodeKind::Scalar(_) => k.node.key_text().unwrap_or_default().into_owned(),
                    // An alias key is the text of its target; a collection key, its JSON.
                    _ => match value(tree, k, budget, depth + 1, substitute)? {
                        Value::String(s) => s,
                        v => key_text(&v),
                    },
                };
                map.insert(key, value(tree, v, budget, depth + 1, substitute)?);
            }
            Value::Object(map)
        }
        NodeKind::Sequence(_) => Value::Array(
            node.items()
                .map(|i| value(tree, i, budget, depth + 1, substitute))
                .collect::<Result<_, _>>()?,
        ),
        NodeKind::Scalar(s) => scalar(&s.value),
        NodeKind::Alias(name) => {
            if depth > 1000 {
                return Err("aliases nest too deeply".into());
            }
            match tree.resolve_alias(name, node.start) {
                // An alias cannot name a node that contains it (its anchor is defined before it
                // and the anchored node ends before the alias when it is complete).
                Some(target) if !target.range().contains(&node.start) => {
                    value(tree, target, budget, depth + 1, substitute)?
                }
                _ => Value::Null,
            }
        }
        NodeKind::Invalid => Value::Null,
    })
}

fn scalar(v: &ScalarValue) -> Value {
    match v {
        ScalarValue::Null => Value::Null,
        ScalarValue::Bool(b) => Value::Bool(*b),
        ScalarValue::Int(i) => Value::from(*i),
        ScalarValue::BigInt(s) => s.parse::<u64>().map(Value::from).unwrap_or_else(|_| {
            serde_json::Number::from_f64(s.parse().unwrap_or(f64::NAN))
                .map(Value::Number)
                .unwrap_or(Value::Null)
        }),
        // JSON has no NaN or infinity: they become null.
        ScalarValue::Float(f) => serde_json::Number::from_f64(*f)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        ScalarValue::Str(s) => Value::String(s.to_string()),
    }
}
