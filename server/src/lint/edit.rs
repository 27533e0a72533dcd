//! Text edits for the fixes: insert an entry into a mapping, append an item to a sequence,
//! remove an entry or an item, in YAML (block and flow) and JSON, keeping the indentation and
//! the rest of the text as written. Each returns `None` where it cannot be sure of the result
//! (the fix is then not offered).

use std::borrow::Cow;
use std::ops::Range;

use serde_json::Value;

use crate::syntax::{Lang, NodeKind, NodeRef, Parsed};

pub(crate) type Edit = (Range<usize>, String);

pub(crate) struct Editor<'a> {
    parsed: &'a Parsed,
}

/// Where [`Editor::insert_entry`] puts the new entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum At {
    First,
    /// After the entry with this index.
    After(usize),
}

const MARK: &str = "\u{1}";

impl<'a> Editor<'a> {
    pub fn new(parsed: &'a Parsed) -> Editor<'a> {
        Editor { parsed }
    }

    pub fn json(&self) -> bool {
        self.parsed.lang == Lang::Json
    }

    fn text(&self, r: Range<usize>) -> Cow<'a, str> {
        crate::syntax::text::slice(&self.parsed.rope, r)
    }

    fn line_start(&self, offset: usize) -> usize {
        let rope = &self.parsed.rope;
        rope.line_to_byte(rope.byte_to_line(offset.min(rope.len_bytes())))
    }

    /// The end of the line holding `offset`, before its line break.
    fn line_end(&self, offset: usize) -> usize {
        let rope = &self.parsed.rope;
        let line = rope.byte_to_line(offset.min(rope.len_bytes()));
        let start = rope.line_to_byte(line);
        start
            + rope
                .line(line)
                .to_string()
                .trim_end_matches(['\n', '\r'])
                .len()
    }

    /// The text from the start of its line to `offset`.
    fn before(&self, offset: usize) -> Cow<'a, str> {
        self.text(self.line_start(offset)..offset)
    }

    /// The line break the text uses.
    pub fn newline(&self) -> &'static str {
        let rope = &self.parsed.rope;
        if rope.len_lines() > 1 && rope.line(0).to_string().ends_with("\r\n") {
            "\r\n"
        } else {
            "\n"
        }
    }

    /// A flow collection (`{…}`, `[…]`, or any JSON one).
    pub fn is_flow(&self, node: NodeRef<'_>) -> bool {
        let r = node.value_range();
        self.json()
            || matches!(
                self.text(r.start..(r.start + 1).min(r.end)).as_ref(),
                "{" | "["
            )
    }

    /// A key as written in this language.
    pub fn key(&self, key: &str) -> String {
        if self.json() {
            Value::String(key.to_string()).to_string()
        } else {
            yaml_scalar(key)
        }
    }

    /// A value on one line: JSON, or YAML flow style with plain scalars where they read the same.
    pub fn value(&self, v: &Value) -> String {
        if self.json() {
            return compact_json(v);
        }
        match v {
            Value::String(s) => yaml_scalar(s),
            Value::Array(items) => {
                let inner: Vec<String> = items.iter().map(|i| self.value(i)).collect();
                format!("[{}]", inner.join(", "))
            }
            Value::Object(map) => {
                let inner: Vec<String> = map
                    .iter()
                    .map(|(k, v)| format!("{}: {}", yaml_scalar(k), self.value(v)))
                    .collect();
                format!("{{{}}}", inner.join(", "))
            }
            other => other.to_string(),
        }
    }

    /// An edit that inserts `key: value` (value already rendered) into a mapping.
    pub fn insert_entry(&self, map: NodeRef<'_>, key: &str, value: &str, at: At) -> Option<Edit> {
        if !matches!(map.node.kind(), NodeKind::Mapping(_)) {
            return None;
        }
        let entry = format!("{}: {value}", self.key(key));
        let entries: Vec<(NodeRef<'_>, NodeRef<'_>)> = map.entries().collect();
        let nl = self.newline();
        let flow = self.is_flow(map);
        if entries.is_empty() {
            let r = map.value_range();
            let t = self.text(r.clone());
            if flow && t.starts_with('{') && t.ends_with('}') && t[1..t.len() - 1].trim().is_empty()
            {
                return Some((r, format!("{{{entry}}}")));
            }
            return None;
        }
        match at {
            At::First => {
                let k0 = entries[0].0;
                let before = self.before(k0.start);
                if flow {
                    if before.trim().is_empty() {
                        Some((k0.start..k0.start, format!("{entry},{nl}{before}")))
                    } else {
                        Some((k0.start..k0.start, format!("{entry}, ")))
                    }
                } else {
                    // Block: the first key's column, whether the line starts with it or with `- `.
                    if !before.chars().all(|c| c == ' ' || c == '-') {
                        return None;
                    }
                    let indent = " ".repeat(before.len());
                    Some((k0.start..k0.start, format!("{entry}{nl}{indent}")))
                }
            }
            At::After(i) => {
                let (k, v) = *entries.get(i)?;
                let first = entries[0].0;
                let before = self.before(first.start);
                if flow {
                    let end = v.range().end;
                    if before.trim().is_empty() {
                        Some((end..end, format!(",{nl}{before}{entry}")))
                    } else {
                        Some((end..end, format!(", {entry}")))
                    }
                } else {
                    if !before.chars().all(|c| c == ' ' || c == '-') {
                        return None;
                    }
                    let indent = " ".repeat(before.len());
                    let end = v.range().end.max(k.range().end);
                    let last = self.text(end.saturating_sub(1)..end);
                    if last == "\n" {
                        Some((end..end, format!("{indent}{entry}{nl}")))
                    } else {
                        let e = self.line_end(end.saturating_sub(1).max(k.start));
                        Some((e..e, format!("{nl}{indent}{entry}")))
                    }
                }
            }
        }
    }

    /// [`Editor::insert_entry`] into a block mapping, with a block value: `key:` and then
    /// `lines`, each on its own line, indented one step (two spaces) more than the mapping's
    /// keys. `None` in a flow mapping (render a flow value and use `insert_entry` there).
    pub fn insert_block_entry(
        &self,
        map: NodeRef<'_>,
        key: &str,
        lines: &[String],
        at: At,
    ) -> Option<Edit> {
        if self.is_flow(map) || lines.is_empty() {
            return None;
        }
        let first = map.entries().next()?.0;
        let pad = " ".repeat(self.before(first.start).chars().count() + 2);
        let nl = self.newline();
        let (r, text) = self.insert_entry(map, key, MARK, at)?;
        let body: String = lines.iter().map(|l| format!("{nl}{pad}{l}")).collect();
        Some((r, text.replace(&format!(" {MARK}"), &body)))
    }

    /// [`Editor::append_item`] of an item written over several lines in a block sequence
    /// (`- first`, then the other lines under it, at the item's column). `None` in a flow
    /// sequence.
    pub fn append_block_item(&self, seq: NodeRef<'_>, lines: &[String]) -> Option<Edit> {
        if self.is_flow(seq) || lines.is_empty() {
            return None;
        }
        let last = seq.items().last()?;
        let dash = self.dash_before(last)?;
        let pad = " ".repeat(dash - self.line_start(dash) + 2);
        let item = lines.join(&format!("{}{pad}", self.newline()));
        self.append_item(seq, &item)
    }

    /// [`Editor::insert_entry`] at the first place, as the text before and after the value.
    pub fn insert_entry_parts(
        &self,
        map: NodeRef<'_>,
        key: &str,
    ) -> Option<(Range<usize>, String, String)> {
        let (r, text) = self.insert_entry(map, key, MARK, At::First)?;
        let (a, b) = text.split_once(MARK)?;
        Some((r, a.to_string(), b.to_string()))
    }

    /// An edit that appends an item (rendered) to a sequence.
    pub fn append_item(&self, seq: NodeRef<'_>, item: &str) -> Option<Edit> {
        if !matches!(seq.node.kind(), NodeKind::Sequence(_)) {
            return None;
        }
        let items: Vec<NodeRef<'_>> = seq.items().collect();
        let nl = self.newline();
        if self.is_flow(seq) {
            let Some(last) = items.last() else {
                let r = seq.value_range();
                let t = self.text(r.clone());
                if t.starts_with('[') && t.ends_with(']') && t[1..t.len() - 1].trim().is_empty() {
                    return Some((r, format!("[{item}]")));
                }
                return None;
            };
            let before = self.before(items[0].start);
            let end = last.range().end;
            return Some(if before.trim().is_empty() {
                (end..end, format!(",{nl}{before}{item}"))
            } else {
                (end..end, format!(", {item}"))
            });
        }
        let last = items.last()?;
        let dash = self.dash_before(*last)?;
        let indent = " ".repeat(dash - self.line_start(dash));
        let end = last.range().end;
        if self.text(end.saturating_sub(1)..end) == "\n" {
            return Some((end..end, format!("{indent}- {item}{nl}")));
        }
        let e = self.line_end(end.saturating_sub(1).max(last.start));
        Some((e..e, format!("{nl}{indent}- {item}")))
    }

    /// The offset of the `-` of a block sequence item, if only spaces are around it on its line.
    fn dash_before(&self, item: NodeRef<'_>) -> Option<usize> {
        let before = self.before(item.start);
        let trimmed = before.trim_end_matches(' ');
        if !trimmed.ends_with('-') || !trimmed[..trimmed.len() - 1].chars().all(|c| c == ' ') {
            return None;
        }
        Some(self.line_start(item.start) + trimmed.len() - 1)
    }

    /// The range to delete to remove item `i` of a sequence. A block sequence keeps at least one
    /// item (none would turn it into `null`).
    pub fn remove_item(&self, seq: NodeRef<'_>, i: usize) -> Option<Range<usize>> {
        let items: Vec<NodeRef<'_>> = seq.items().collect();
        let item = *items.get(i)?;
        if self.is_flow(seq) {
            return Some(match (i.checked_sub(1), items.get(i + 1)) {
                (_, Some(next)) => item.start..next.start,
                (Some(prev), None) => items[prev].range().end..item.range().end,
                (None, None) => item.range(),
            });
        }
        if items.len() < 2 {
            return None;
        }
        let dash = self.dash_before(item)?;
        let rope = &self.parsed.rope;
        let first = rope.byte_to_line(dash);
        let last = rope.byte_to_line(item.range().end.saturating_sub(1).max(item.start));
        if let Some(next) = items.get(i + 1) {
            if rope.byte_to_line(next.start) <= last {
                return None;
            }
        }
        if i > 0 && rope.byte_to_line(items[i - 1].range().end.saturating_sub(1)) >= first {
            return None;
        }
        Some(self.line_start(dash)..self.next_line_start(last))
    }

    /// The ranges to delete to remove several items of a sequence (not all of them).
    pub fn remove_items(&self, seq: NodeRef<'_>, which: &[usize]) -> Option<Vec<Range<usize>>> {
        let items: Vec<NodeRef<'_>> = seq.items().collect();
        let mut which: Vec<usize> = which.to_vec();
        which.sort_unstable();
        which.dedup();
        if which.is_empty() || which.len() >= items.len() || *which.last()? >= items.len() {
            return None;
        }
        if !self.is_flow(seq) {
            return which.iter().map(|&i| self.remove_item(seq, i)).collect();
        }
        // Flow: an item and the separator after it; a run at the end, from the last kept item.
        let mut out = Vec::new();
        let mut tail = items.len();
        while tail > 0 && which.contains(&(tail - 1)) {
            tail -= 1;
        }
        for &i in which.iter().filter(|&&i| i < tail) {
            out.push(items[i].start..items[i + 1].start);
        }
        if tail < items.len() {
            let kept = tail.checked_sub(1)?;
            out.push(items[kept].range().end..items[items.len() - 1].range().end);
        }
        Some(out)
    }

    fn next_line_start(&self, line: usize) -> usize {
        let rope = &self.parsed.rope;
        if line + 1 < rope.len_lines() {
            rope.line_to_byte(line + 1)
        } else {
            rope.len_bytes()
        }
    }

    /// The range to delete to remove entry `i` of a mapping: whole lines in YAML block style
    /// (not the only entry, which would leave `null`), the member and a comma in flow style.
    pub fn remove_entry(&self, map: NodeRef<'_>, i: usize) -> Option<Range<usize>> {
        let entries: Vec<(NodeRef<'_>, NodeRef<'_>)> = map.entries().collect();
        let (k, v) = *entries.get(i)?;
        if self.is_flow(map) {
            return Some(match (i.checked_sub(1), entries.get(i + 1)) {
                (_, Some((next, _))) => k.range().start..next.range().start,
                (Some(prev), None) => entries[prev].1.range().end..v.range().end,
                (None, None) => k.range().start..v.range().end,
            });
        }
        if entries.len() < 2 {
            return None;
        }
        let rope = &self.parsed.rope;
        let first = rope.byte_to_line(k.start);
        let last = rope.byte_to_line(v.range().end.saturating_sub(1).max(k.start));
        if !self.before(k.start).chars().all(|c| c == ' ') {
            return None;
        }
        if let Some((next, _)) = entries.get(i + 1) {
            if rope.byte_to_line(next.start) <= last {
                return None;
            }
        }
        if i > 0 && rope.byte_to_line(entries[i - 1].1.range().end.saturating_sub(1)) >= first {
            return None;
        }
        Some(self.line_start(k.start)..self.next_line_start(last))
    }

    /// The range of a trailing `/` of a string scalar (inside its quotes), if it has one.
    pub fn trailing_slash(&self, scalar: NodeRef<'_>) -> Option<Range<usize>> {
        let r = scalar.value_range();
        let raw = self.text(r.clone());
        let inner = raw.trim_end_matches(['"', '\'']);
        if !inner.ends_with('/') || raw.len() - inner.len() > 1 {
            return None;
        }
        let at = r.start + inner.len() - 1;
        Some(at..at + 1)
    }

    /// Edits that put the items of a sequence in the order `order` (indexes of the items as
    /// they are), each item's text moved as written.
    pub fn reorder(&self, seq: NodeRef<'_>, order: &[usize]) -> Option<Vec<Edit>> {
        let items: Vec<NodeRef<'_>> = seq.items().collect();
        if order.len() != items.len() {
            return None;
        }
        if !self.is_flow(seq) {
            // Items moved between lines keep their text: they must all start at one column.
            let cols: Vec<usize> = items
                .iter()
                .map(|i| self.dash_before(*i).map(|d| i.start - self.line_start(d)))
                .collect::<Option<_>>()?;
            if cols.windows(2).any(|w| w[0] != w[1]) {
                return None;
            }
        }
        let mut edits = Vec::new();
        for (at, &from) in order.iter().enumerate() {
            if at != from {
                edits.push((
                    items[at].range(),
                    self.text(items[from].range()).into_owned(),
                ));
            }
        }
        Some(edits)
    }
}

/// JSON on one line, with a space after `:` and `,`.
fn compact_json(v: &Value) -> String {
    match v {
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(compact_json).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Object(map) => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", Value::String(k.clone()), compact_json(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        other => other.to_string(),
    }
}

/// A YAML scalar that reads back as the string `s`: plain where that is safe, else quoted.
pub(crate) fn yaml_scalar(s: &str) -> String {
    let plain_safe = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ' ' | '$'))
        && !s.starts_with(['-', ' ', '.'])
        && !s.ends_with(' ')
        && !looks_typed(s);
    if plain_safe {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

/// Whether a plain scalar would read as something other than a string.
fn looks_typed(s: &str) -> bool {
    matches!(
        s.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off" | ".nan" | ".inf"
    ) || s.parse::<f64>().is_ok()
        || s.starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Parsed;

    fn apply(text: &str, e: Edit) -> String {
        let mut t = text.to_string();
        t.replace_range(e.0, &e.1);
        t
    }

    fn at<'a>(p: &'a Parsed, ptr: &str) -> NodeRef<'a> {
        p.tree.at_pointer(ptr).unwrap()
    }

    #[test]
    fn insert_into_mappings() {
        let yaml = "a:\n  - x: 1\n    y: 2\nb: {c: 1}\nd: {}\n";
        let p = Parsed::new(Lang::Yaml, yaml);
        let e = Editor::new(&p);
        let first = e.insert_entry(at(&p, "/a/0"), "k", "v", At::First).unwrap();
        assert_eq!(
            apply(yaml, first),
            "a:\n  - k: v\n    x: 1\n    y: 2\nb: {c: 1}\nd: {}\n"
        );
        let flow = e.insert_entry(at(&p, "/b"), "k", "v", At::First).unwrap();
        assert_eq!(
            apply(yaml, flow),
            "a:\n  - x: 1\n    y: 2\nb: {k: v, c: 1}\nd: {}\n"
        );
        let empty = e.insert_entry(at(&p, "/d"), "k", "v", At::First).unwrap();
        assert_eq!(
            apply(yaml, empty),
            "a:\n  - x: 1\n    y: 2\nb: {c: 1}\nd: {k: v}\n"
        );
        let after = e.insert_entry(at(&p, ""), "k", "v", At::After(0)).unwrap();
        assert_eq!(
            apply(yaml, after),
            "a:\n  - x: 1\n    y: 2\nk: v\nb: {c: 1}\nd: {}\n"
        );
        let json = "{\n  \"a\": 1,\n  \"b\": {}\n}\n";
        let p = Parsed::new(Lang::Json, json);
        let e = Editor::new(&p);
        let first = e.insert_entry(at(&p, ""), "k", "\"v\"", At::First).unwrap();
        assert_eq!(
            apply(json, first),
            "{\n  \"k\": \"v\",\n  \"a\": 1,\n  \"b\": {}\n}\n"
        );
        let after = e.insert_entry(at(&p, ""), "k", "1", At::After(1)).unwrap();
        assert_eq!(
            apply(json, after),
            "{\n  \"a\": 1,\n  \"b\": {},\n  \"k\": 1\n}\n"
        );
    }

    #[test]
    fn items_removed_appended_reordered() {
        let yaml = "e:\n  - a\n  - b\n  - c\nf: [1, 2, 3]\n";
        let p = Parsed::new(Lang::Yaml, yaml);
        let e = Editor::new(&p);
        let r = e.remove_item(at(&p, "/e"), 1).unwrap();
        assert_eq!(
            apply(yaml, (r, String::new())),
            "e:\n  - a\n  - c\nf: [1, 2, 3]\n"
        );
        let r = e.remove_item(at(&p, "/f"), 2).unwrap();
        assert_eq!(
            apply(yaml, (r, String::new())),
            "e:\n  - a\n  - b\n  - c\nf: [1, 2]\n"
        );
        let r = e.remove_item(at(&p, "/f"), 0).unwrap();
        assert_eq!(
            apply(yaml, (r, String::new())),
            "e:\n  - a\n  - b\n  - c\nf: [2, 3]\n"
        );
        let a = e.append_item(at(&p, "/e"), "d").unwrap();
        assert_eq!(
            apply(yaml, a),
            "e:\n  - a\n  - b\n  - c\n  - d\nf: [1, 2, 3]\n"
        );
        let a = e.append_item(at(&p, "/f"), "4").unwrap();
        assert_eq!(apply(yaml, a), "e:\n  - a\n  - b\n  - c\nf: [1, 2, 3, 4]\n");
        let mut edits = e.reorder(at(&p, "/e"), &[2, 0, 1]).unwrap();
        edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
        let mut t = yaml.to_string();
        for (r, s) in edits {
            t.replace_range(r, &s);
        }
        assert_eq!(t, "e:\n  - c\n  - a\n  - b\nf: [1, 2, 3]\n");
    }

    #[test]
    fn scalars() {
        assert_eq!(yaml_scalar("getPets"), "getPets");
        assert_eq!(yaml_scalar("200"), "'200'");
        assert_eq!(yaml_scalar("yes"), "'yes'");
        assert_eq!(yaml_scalar("a: b"), "'a: b'");
        assert_eq!(yaml_scalar("it's"), "'it''s'");
        let p = Parsed::new(Lang::Yaml, "a: 'https://x/'\nb: /p/\n");
        let e = Editor::new(&p);
        assert_eq!(e.trailing_slash(at(&p, "/a")), Some(13..14));
        assert_eq!(e.trailing_slash(at(&p, "/b")), Some(21..22));
    }
}
