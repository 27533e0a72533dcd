//! The node tree's reuse across edits actually happens: after a small edit deep inside a large
//! document, the incremental node tree shares almost all of its nodes with the previous one (and
//! still equals a fresh build). The randomized test (`random_edits.rs`) checks that reuse is
//! correct, not that it happens; without this test a reuse that never matches (as once on YAML,
//! where every keystroke rebuilt the whole tree) would go unnoticed.

use std::collections::HashSet;

use specls::syntax::{Lang, LineCol, NodeRef, Parsed, PositionEncoding, SourceFile, TextChange};

mod support;

fn addr(n: NodeRef<'_>) -> usize {
    std::ptr::from_ref(n.node.data()) as usize
}

fn children(n: NodeRef<'_>) -> Vec<NodeRef<'_>> {
    let mut out: Vec<NodeRef<'_>> = Vec::new();
    for (k, v) in n.entries() {
        out.push(k);
        out.push(v);
    }
    out.extend(n.items());
    out
}

fn collect(n: NodeRef<'_>, out: &mut HashSet<usize>) {
    out.insert(addr(n));
    for c in children(n) {
        collect(c, out);
    }
}

/// `(nodes, nodes taken from the old tree)`: a node is taken when it is the very node (the same
/// allocation) of the old tree, and then so is everything under it.
fn count(n: NodeRef<'_>, old: &HashSet<usize>) -> (usize, usize) {
    let shared = old.contains(&addr(n));
    let (mut total, mut taken) = (1, shared as usize);
    for c in children(n) {
        let (t, k) = count(c, old);
        total += t;
        taken += if shared { t } else { k };
    }
    (total, taken)
}

/// Edits at a few lines spread over the file; each must leave all but a few nodes shared.
fn check_file(rel: &str, edit_line: impl Fn(&str) -> Option<(u32, String)>) {
    let path = support::find_in_corpus(&support::corpus_dir(), rel);
    let lang = Lang::from_path(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    let mut file = SourceFile::new(lang, &text);
    let mut checked = 0;
    for at in [0.2, 0.45, 0.6, 0.8, 0.95] {
        let mut line = (lines.len() as f64 * at) as usize;
        let (col, insert) = loop {
            // The line as it is now (earlier edits inserted text, never lines, except newlines
            // at line ends, which only shift the lines below by one).
            let current = file.rope().line(line).to_string();
            if let Some(e) = edit_line(current.trim_end_matches(['\n', '\r'])) {
                break e;
            }
            line += 1;
        };
        let before = file.parsed();
        let mut old = HashSet::new();
        collect(before.tree.root().unwrap(), &mut old);
        let pos = LineCol {
            line: line as u32,
            col,
        };
        file.edit(
            &TextChange {
                range: Some((pos, pos)),
                text: insert.clone(),
            },
            PositionEncoding::Utf8,
        );
        let after = file.parsed();
        let fresh = Parsed::new(lang, &after.rope.to_string());
        assert_eq!(
            after.tree,
            fresh.tree,
            "{rel}: {insert:?} at {}:{col}: node tree differs from a fresh build",
            line + 1
        );
        let (total, taken) = count(after.tree.root().unwrap(), &old);
        let built = total - taken;
        eprintln!(
            "{rel}: {insert:?} at {}:{col}: {built} of {total} nodes built",
            line + 1
        );
        assert!(
            built * 100 <= total,
            "{rel}: {insert:?} at {}:{col}: {built} of {total} nodes built anew (reuse does not match)",
            line + 1
        );
        checked += 1;
    }
    assert_eq!(checked, 5);
}

/// A letter at the start of a key (`key: value` lines), and a new empty line after an entry.
fn yaml_edit(line: &str) -> Option<(u32, String)> {
    let content = line.trim_start_matches(' ');
    let indent = (line.len() - content.len()) as u32;
    if content.starts_with(['-', '#', '"', '\'', '[', '{', '?', '&', '*', '!', '|', '>'])
        || !content.contains(": ")
        || indent < 4
    {
        return None;
    }
    if line.len().is_multiple_of(3) {
        Some((line.len() as u32, "\n".into()))
    } else {
        Some((indent, "x".into()))
    }
}

/// A letter inside a string.
fn json_edit(line: &str) -> Option<(u32, String)> {
    let quote = line.find('"')?;
    (line.trim_start().len() + 8 < line.len()).then(|| (quote as u32 + 1, "x".into()))
}

#[test]
fn yaml_edit_deep_inside_reuses_the_rest() {
    check_file("openapi/sendgrid/oai.yaml", yaml_edit);
    check_file("openapi/xero/xero_accounting.yaml", yaml_edit);
}

#[test]
fn json_edit_deep_inside_reuses_the_rest() {
    check_file("openapi/box/openapi.json", json_edit);
}
