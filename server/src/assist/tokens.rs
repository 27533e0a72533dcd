//! Semantic tokens that set keys apart from values and `$ref`s, from the node tree. Tokens that
//! would span lines (block scalars, long flow strings) are left to the editor's grammar.

use std::ops::Range;

use crate::syntax::node::{NodeKind, NodeRef};
use crate::syntax::{Parsed, ScalarValue};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Key,
    String,
    Number,
    /// `true`, `false`, `null`.
    Keyword,
    /// The value of a `$ref`.
    Reference,
}

impl TokenKind {
    /// Every kind, in the order of the legend the server announces.
    pub const ALL: [TokenKind; 5] = [
        TokenKind::Key,
        TokenKind::String,
        TokenKind::Number,
        TokenKind::Keyword,
        TokenKind::Reference,
    ];
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    pub kind: TokenKind,
}

/// The tokens inside `within` (the whole document when `None`), in text order.
pub fn semantic_tokens(parsed: &Parsed, within: Option<Range<usize>>) -> Vec<Token> {
    let within = within.unwrap_or(0..usize::MAX);
    let mut out = Vec::new();
    let Some(root) = parsed.tree.root() else {
        return out;
    };
    let one_line = |r: &Range<usize>| {
        let rope = &parsed.rope;
        let end = r.end.min(rope.len_bytes());
        r.start < end && rope.byte_to_line(r.start) == rope.byte_to_line(end.saturating_sub(1))
    };
    let mut stack: Vec<(NodeRef<'_>, bool)> = vec![(root, false)];
    while let Some((node, is_ref)) = stack.pop() {
        let r = node.range();
        if r.end < within.start || r.start > within.end {
            continue;
        }
        match node.node.kind() {
            NodeKind::Mapping(_) => {
                // Entries pushed in reverse, so that they come out in text order.
                let entries: Vec<_> = node.entries().collect();
                for (k, v) in entries.into_iter().rev() {
                    let key_is_ref = k.node.as_str() == Some("$ref");
                    stack.push((v, key_is_ref));
                    stack.push((k, false));
                }
            }
            NodeKind::Sequence(_) => {
                let items: Vec<_> = node.items().collect();
                for i in items.into_iter().rev() {
                    stack.push((i, false));
                }
            }
            NodeKind::Scalar(_) => {
                let vr = node.value_range();
                if !one_line(&vr) || vr.end < within.start || vr.start > within.end {
                    continue;
                }
                let kind = match node.node.as_scalar() {
                    _ if is_ref => TokenKind::Reference,
                    Some(ScalarValue::Str(_)) => TokenKind::String,
                    Some(ScalarValue::Int(_) | ScalarValue::Float(_) | ScalarValue::BigInt(_)) => {
                        TokenKind::Number
                    }
                    Some(ScalarValue::Bool(_) | ScalarValue::Null) if !vr.is_empty() => {
                        TokenKind::Keyword
                    }
                    _ => continue,
                };
                out.push(Token { range: vr, kind });
            }
            _ => {}
        }
    }
    // Keys: a second, cheap pass marks the scalars that are keys.
    let mut keys = Vec::new();
    collect_keys(root, &within, &mut keys);
    for t in &mut out {
        if keys.binary_search(&t.range.start).is_ok() {
            t.kind = TokenKind::Key;
        }
    }
    out.sort_by_key(|t| t.range.start);
    out
}

/// The starts of the keys inside `within`, sorted.
fn collect_keys(root: NodeRef<'_>, within: &Range<usize>, out: &mut Vec<usize>) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        let r = node.range();
        if r.end < within.start || r.start > within.end {
            continue;
        }
        for (k, v) in node.entries() {
            out.push(k.value_range().start);
            stack.push(v);
        }
        stack.extend(node.items());
    }
    out.sort_unstable();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Lang;

    #[test]
    fn keys_values_and_refs() {
        let text = "a: 1\nb: {$ref: '#/x', c: true}\nd: [x, null]\ne: |\n  text\n";
        let p = Parsed::new(Lang::Yaml, text);
        let got: Vec<(&str, TokenKind)> = semantic_tokens(&p, None)
            .into_iter()
            .map(|t| (&text[t.range], t.kind))
            .collect();
        use TokenKind::*;
        assert_eq!(
            got,
            [
                ("a", Key),
                ("1", Number),
                ("b", Key),
                ("$ref", Key),
                ("'#/x'", Reference),
                ("c", Key),
                ("true", Keyword),
                ("d", Key),
                ("x", String),
                ("null", Keyword),
                ("e", Key),
            ]
        );
        let second_line = text.find("b:").unwrap()..text.find("d:").unwrap() - 1;
        let some = semantic_tokens(&p, Some(second_line));
        assert_eq!(some.first().map(|t| &text[t.range.clone()]), Some("b"));
        assert!(some.iter().all(|t| t.range.start >= 5 && t.range.end <= 30));
    }
}
