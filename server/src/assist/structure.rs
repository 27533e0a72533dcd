//! Folding ranges and selection ranges, from the node tree.

use std::ops::Range;

use crate::syntax::node::{NodeKind, NodeRef};
use crate::syntax::Parsed;

/// A foldable region: first and last line (zero-based), the last one shown folded away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub start_line: usize,
    pub end_line: usize,
}

/// At most this many regions (editors show no more).
const MAX_FOLDS: usize = 20_000;

/// Every mapping entry and sequence item whose value spans lines, and in JSON every bracketed
/// collection, folds from its first line to its last.
pub fn folding_ranges(parsed: &Parsed) -> Vec<Fold> {
    let rope = &parsed.rope;
    let json = parsed.lang == crate::syntax::Lang::Json;
    let line_of = |o: usize| rope.byte_to_line(o.min(rope.len_bytes()));
    // The last line of a range: its end, not counting a line break it ends with.
    let end_line = |r: &Range<usize>| {
        let mut end = r.end.min(rope.len_bytes());
        while end > r.start && matches!(rope.byte(end - 1), b'\n' | b'\r' | b' ') {
            end -= 1;
        }
        line_of(end)
    };
    let mut out = Vec::new();
    let mut stack: Vec<(usize, NodeRef<'_>)> = Vec::new();
    if let Some(root) = parsed.tree.root() {
        stack.push((line_of(root.start), root));
    }
    while let Some((from_line, node)) = stack.pop() {
        if out.len() >= MAX_FOLDS {
            break;
        }
        let node = parsed.tree.follow_alias(node);
        if !matches!(
            node.node.kind(),
            NodeKind::Mapping(_) | NodeKind::Sequence(_)
        ) {
            continue;
        }
        let r = node.range();
        let mut last = end_line(&r);
        // In JSON the closing bracket stays in view.
        if json && last > from_line {
            last -= 1;
        }
        if last > from_line {
            out.push(Fold {
                start_line: from_line,
                end_line: last,
            });
        }
        for (k, v) in node.entries() {
            stack.push((line_of(k.start), v));
        }
        for i in node.items() {
            stack.push((line_of(i.start), i));
        }
    }
    out.sort_by_key(|f| (f.start_line, f.end_line));
    out.dedup_by_key(|f| f.start_line);
    out
}

/// The ranges around `offset`, innermost first: the scalar or key, its entry (key and value),
/// the mapping or sequence, its entry, … up to the whole document.
pub fn selection_ranges(parsed: &Parsed, offset: usize) -> Vec<Range<usize>> {
    let mut chain: Vec<Range<usize>> = Vec::new();
    let Some(root) = parsed.tree.root() else {
        return chain;
    };
    let push = |chain: &mut Vec<Range<usize>>, r: Range<usize>| {
        if chain.last() != Some(&r) {
            chain.push(r);
        }
    };
    push(&mut chain, 0..parsed.rope.len_bytes());
    push(&mut chain, root.range());
    let mut node = root;
    for _ in 0..256 {
        let mut next = None;
        for (k, v) in node.entries() {
            let entry = k.start..v.range().end.max(k.range().end);
            if entry.start <= offset && offset <= entry.end {
                push(&mut chain, entry);
                if k.range().contains(&offset) || offset == k.range().end {
                    push(&mut chain, k.range());
                    return finish(chain);
                }
                next = Some(v);
                break;
            }
        }
        if next.is_none() {
            next = node
                .items()
                .find(|i| i.start <= offset && offset <= i.range().end);
        }
        match next {
            Some(n) => {
                push(&mut chain, n.range());
                node = n;
            }
            None => break,
        }
    }
    finish(chain)
}

/// Outermost first → innermost first, each range inside the next.
fn finish(mut chain: Vec<Range<usize>>) -> Vec<Range<usize>> {
    chain.reverse();
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in chain {
        match out.last() {
            Some(inner) if !(r.start <= inner.start && inner.end <= r.end) => continue,
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Lang;

    #[test]
    fn folds_and_selections() {
        let text = "a:\n  b:\n    c: 1\n    d: 2\n  e: [1,\n    2]\nf: x\n";
        let p = Parsed::new(Lang::Yaml, text);
        let folds: Vec<(usize, usize)> = folding_ranges(&p)
            .iter()
            .map(|f| (f.start_line, f.end_line))
            .collect();
        assert_eq!(folds, [(0, 5), (1, 3), (4, 5)]);
        let at = text.find("2\n").unwrap();
        let sel: Vec<&str> = selection_ranges(&p, at)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(sel[0], "2");
        assert_eq!(sel[1], "d: 2");
        assert!(sel[2].starts_with("c: 1"));
        assert!(sel.last().unwrap().starts_with("a:"));
        let json = "{\n  \"a\": {\n    \"b\": 1\n  }\n}\n";
        let p = Parsed::new(Lang::Json, json);
        let folds: Vec<(usize, usize)> = folding_ranges(&p)
            .iter()
            .map(|f| (f.start_line, f.end_line))
            .collect();
        assert_eq!(folds, [(0, 3), (1, 2)]);
    }
}
