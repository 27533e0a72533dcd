//! The node tree of a strict JSON text (RFC 8259), read straight from the text by `jiter`
//! without a syntax tree: several times faster than tree-sitter's parse and the build from it,
//! for the texts that are only read (the files `specls check` lints, the workspace's files on
//! disk). Anything else — a syntax error, a comment, a trailing comma, a byte-order mark,
//! nesting deeper than [`MAX_DEPTH`] — gives `None`, and the text goes through tree-sitter,
//! which recovers and reports. The tree is the one [`super::build::build`] makes of the same
//! text (a test compares them on every JSON file of the corpus).

use jiter::{Jiter, Peek};

use super::build::{collect_anchors, mapping, scalar_kind, sequence, NodeBuilder, MAX_DEPTH};
use super::node::{Node, ScalarStyle, ScalarValue, Tree};
use super::scalar;

/// The node tree of `text` if it is strict JSON.
pub fn build(text: &str) -> Option<Tree> {
    let mut j = Jiter::new(text.as_bytes());
    let peek = j.peek().ok()?;
    let start = j.current_index();
    let root = value(&mut j, text, peek, 0)?;
    j.finish().ok()?;
    let mut tree = Tree {
        root: Some((start as u32, root)),
        extra_documents: Vec::new(),
        anchors: Vec::new(),
        comments: Vec::new(),
        invalid: Vec::new(),
    };
    if let Some(root) = tree.root() {
        let mut anchors = Vec::new();
        collect_anchors(root, &mut anchors);
        tree.anchors = anchors;
    }
    Some(tree)
}

/// The value `peek` announces, which starts at the parser's index.
fn value(j: &mut Jiter, text: &str, peek: Peek, depth: usize) -> Option<Node> {
    if depth > MAX_DEPTH {
        return None;
    }
    let start = j.current_index();
    let kind = match peek {
        Peek::Object => {
            let mut entries = Vec::new();
            let mut next = j.next_object_bytes().ok()?.map(|k| inner_range(text, k));
            while let Some(inner) = next {
                let key_range = inner.start - 1..inner.end + 1;
                let key = string(text, key_range.clone())?;
                let peek = j.peek().ok()?;
                let value_start = j.current_index();
                let value = value(j, text, peek, depth + 1)?;
                entries.push((key_range.start, key, value_start, value));
                next = j.next_key_bytes().ok()?.map(|k| inner_range(text, k));
            }
            let mut nb = NodeBuilder::new(start..j.current_index());
            let kind = mapping(&mut nb, entries);
            return Some(nb.finish(kind));
        }
        Peek::Array => {
            let mut items = Vec::new();
            let mut next = j.known_array().ok()?;
            while let Some(peek) = next {
                let item_start = j.current_index();
                items.push((item_start, value(j, text, peek, depth + 1)?));
                next = j.array_step().ok()?;
            }
            let mut nb = NodeBuilder::new(start..j.current_index());
            let kind = sequence(&mut nb, items);
            return Some(nb.finish(kind));
        }
        Peek::String => {
            j.known_bytes().ok()?;
            return string(text, start..j.current_index());
        }
        Peek::True | Peek::False => {
            let b = j.known_bool(peek).ok()?;
            scalar_kind(ScalarValue::Bool(b), ScalarStyle::JsonLiteral)
        }
        Peek::Null => {
            j.known_null().ok()?;
            scalar_kind(ScalarValue::Null, ScalarStyle::JsonLiteral)
        }
        _ => {
            j.next_number_bytes().ok()?;
            let n = scalar::json_number(&text[start..j.current_index()])?;
            scalar_kind(n, ScalarStyle::JsonLiteral)
        }
    };
    let end = j.current_index();
    Some(NodeBuilder::new(start..end).finish(kind))
}

/// A string node of the quoted text at `range`, decoded as the tree-sitter build decodes it.
fn string(text: &str, range: std::ops::Range<usize>) -> Option<Node> {
    let (decoded, bad) = scalar::json_string(text.get(range.clone())?);
    if !bad.is_empty() {
        return None;
    }
    let kind = scalar_kind(ScalarValue::Str(decoded.into()), ScalarStyle::DoubleQuoted);
    Some(NodeBuilder::new(range).finish(kind))
}

/// Where `inner` (a string's content between its quotes, a slice of `text`) lies in `text`.
fn inner_range(text: &str, inner: &[u8]) -> std::ops::Range<usize> {
    let start = inner.as_ptr() as usize - text.as_ptr() as usize;
    start..start + inner.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Lang;

    fn via_tree_sitter(text: &str) -> Tree {
        let rope = ropey::Rope::from_str(text);
        let cst = crate::syntax::parse_cst(Lang::Json, &rope, None, None).unwrap();
        crate::syntax::build::build(Lang::Json, &rope, &cst, None)
    }

    #[test]
    fn the_tree_is_the_tree_sitter_build_s() {
        for text in [
            r#"{"a": 1, "b": [true, false, null, -2.5e3, "x\u00e9\n"], "a": {}}"#,
            "  [ ]  ",
            "\"top\"",
            "12345678901234567890123",
            r##"{"$ref": "#/x", "$id": "https://e/x", "k\"q": [[[]]], "é": "ü"}"##,
            "\n\n{\n  \"paths\": {\n    \"/p\": {}\n  }\n}\n",
        ] {
            let fast = build(text).unwrap_or_else(|| panic!("strict JSON: {text}"));
            assert_eq!(fast, via_tree_sitter(text), "{text}");
        }
    }

    #[test]
    fn what_is_not_strict_json_is_left_to_tree_sitter() {
        for text in [
            "",
            "{",
            r#"{"a": 1,}"#,
            "[1, 2,]",
            "{\"a\": 1} // note",
            "/* c */ {}",
            "\u{feff}{}",
            "{} {}",
            r#"{"a": "\q"}"#,
            r#"{"a": "tab	in"}"#,
            "[01]",
            "[NaN]",
            "{'a': 1}",
            r#"{"a" 1}"#,
        ] {
            assert!(build(text).is_none(), "{text:?}");
        }
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 2), "]".repeat(MAX_DEPTH + 2));
        assert!(build(&deep).is_none());
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(build(&ok).unwrap(), via_tree_sitter(&ok));
    }

    /// Every JSON file of the shared corpus gives the tree tree-sitter's build gives.
    #[test]
    fn corpus_json_files_give_the_tree_sitter_build_s_tree() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
        assert!(
            corpus.is_dir(),
            "the shared corpus beside the repo: {}",
            corpus.display()
        );
        let mut strict = 0;
        let mut files = 0;
        for entry in ignore::WalkBuilder::new(&corpus)
            .standard_filters(false)
            .build()
        {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "json") || !path.is_file() {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            files += 1;
            if let Some(fast) = build(&text) {
                strict += 1;
                assert!(fast == via_tree_sitter(&text), "{}", path.display());
            }
        }
        assert!(
            files > 50 && strict * 10 > files * 9,
            "{strict} of {files} strict"
        );
    }
}
