//! The fixes' text edits on the new side: put back an entry or an item from the old side (as
//! it was, or marked deprecated), set a scalar, take an item out of a list. Block YAML and
//! JSON (flow collections) are handled; anything else gives no fix.

use std::ops::Range;

use super::{ChangeFix, N};
use crate::syntax::Lang;

type Edit = (Range<usize>, String);

fn rope<'s>(n: N<'s>) -> &'s ropey::Rope {
    &n.side.files[n.file].1.rope
}

fn lang(n: N<'_>) -> Lang {
    n.side.files[n.file].1.lang
}

fn line_start(n: N<'_>, pos: usize) -> usize {
    let r = rope(n);
    let pos = pos.min(r.len_bytes());
    r.line_to_byte(r.byte_to_line(pos))
}

fn column(n: N<'_>, pos: usize) -> usize {
    pos - line_start(n, pos)
}

/// The start of the line after the one holding `pos` (the end of the text if it is the last).
fn next_line(n: N<'_>, pos: usize) -> usize {
    let r = rope(n);
    let pos = pos.min(r.len_bytes());
    let line = r.byte_to_line(pos);
    if line + 1 >= r.len_lines() {
        r.len_bytes()
    } else {
        r.line_to_byte(line + 1)
    }
}

fn is_flow(n: N<'_>) -> bool {
    let t = n.side.text(n.file, n.node.value_range());
    t.starts_with('{') || t.starts_with('[')
}

/// `text` (whose first line starts at column `from` in its file) moved to column `to`: the
/// first line as it is, the others shifted.
fn reindent(text: &str, from: usize, to: usize) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            let spaces = line.len() - line.trim_start_matches(' ').len();
            let strip = spaces.min(from);
            if !line[strip..].is_empty() {
                out.push_str(&" ".repeat(to));
            }
            out.push_str(&line[strip..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The old text of an entry: from its key to the end of its value.
pub fn entry_text(key: N<'_>, value: N<'_>) -> String {
    key.side
        .text(key.file, key.range().start..value.range().end)
        .into_owned()
}

/// Puts the old entry `key: value` back at the end of the new mapping `parent`; with
/// `deprecate`, the value (a mapping) gets `deprecated: true` first.
pub fn restore_entry(parent: N<'_>, key: N<'_>, value: N<'_>, deprecate: bool) -> Option<Edit> {
    if !parent.is_map() || (lang(parent) == Lang::Json && lang(key) != Lang::Json) {
        return None;
    }
    let old_col = column(key, key.range().start);
    let text = entry_text(key, value);
    let last = parent.node.entries().last();
    if is_flow(parent) {
        let (pos, col, comma) = match last {
            Some((k, v)) => (v.range().end, column(parent, k.start), ","),
            None => (
                parent.node.value_range().start + 1,
                column(parent, parent.range().start) + 2,
                "",
            ),
        };
        let mut body = reindent(&text, old_col, col);
        if deprecate {
            body = deprecate_flow(&body)?;
        }
        return Some((pos..pos, format!("{comma}\n{}{body}", " ".repeat(col))));
    }
    let (k, v) = last?;
    let col = column(parent, k.start);
    let pos = next_line(parent, v.range().end.saturating_sub(1).max(k.start));
    let mut body = reindent(&text, old_col, col);
    if deprecate {
        let value_col = value
            .node
            .entries()
            .next()
            .map(|(k, _)| column(value, k.start))?;
        let child = col + value_col.checked_sub(old_col)?;
        let (first, rest) = body.split_once('\n')?;
        body = format!("{first}\n{}deprecated: true\n{rest}", " ".repeat(child));
    }
    let r = rope(parent);
    let lead = if pos == r.len_bytes() && r.len_bytes() > 0 && r.byte(r.len_bytes() - 1) != b'\n' {
        "\n"
    } else {
        ""
    };
    Some((pos..pos, format!("{lead}{}{body}\n", " ".repeat(col))))
}

/// `"key": { … }` with `"deprecated": true,` first in the value.
fn deprecate_flow(entry: &str) -> Option<String> {
    let brace = entry.find('{')?;
    Some(format!(
        "{}{{\"deprecated\": true, {}",
        &entry[..brace],
        entry[brace + 1..].trim_start()
    ))
}

/// Puts the old item `item` back at the end of the new sequence `seq`.
pub fn restore_item(seq: N<'_>, item: N<'_>) -> Option<Edit> {
    if lang(seq) == Lang::Json && lang(item) != Lang::Json {
        return None;
    }
    let old_col = column(item, item.range().start);
    add_item_text(seq, &item.text(), old_col)
}

/// Adds `text` (a scalar, as written) at the end of the sequence `seq`.
pub fn add_item(seq: N<'_>, text: &str) -> Option<Edit> {
    add_item_text(seq, text, 0)
}

fn add_item_text(seq: N<'_>, text: &str, old_col: usize) -> Option<Edit> {
    if !seq.is_seq() {
        return None;
    }
    let last = seq.node.items().last();
    if is_flow(seq) {
        return Some(match last {
            Some(i) => {
                let multiline = seq.text().contains('\n');
                let col = column(seq, i.start);
                let body = reindent(text, old_col, col);
                if multiline {
                    (
                        i.range().end..i.range().end,
                        format!(",\n{}{body}", " ".repeat(col)),
                    )
                } else {
                    (i.range().end..i.range().end, format!(", {body}"))
                }
            }
            None => {
                let p = seq.node.value_range().start + 1;
                (p..p, text.to_string())
            }
        });
    }
    let i = last?;
    let col = column(seq, i.start);
    let dash = col.checked_sub(2)?;
    let pos = next_line(seq, i.range().end.saturating_sub(1).max(i.start));
    let body = reindent(text, old_col, col);
    Some((pos..pos, format!("{}- {body}\n", " ".repeat(dash))))
}

/// Takes `item` out of the sequence `seq`.
pub fn remove_item(seq: N<'_>, item: N<'_>) -> Option<Edit> {
    let items: Vec<_> = seq.node.items().collect();
    let i = items.iter().position(|x| x.start == item.node.start)?;
    if is_flow(seq) {
        let r = if items.len() == 1 {
            item.range()
        } else if i + 1 < items.len() {
            item.range().start..items[i + 1].start
        } else {
            items[i - 1].range().end..item.range().end
        };
        return Some((r, String::new()));
    }
    if items.len() == 1 {
        // `required: [x]` emptied: an empty flow list keeps the key valid.
        let dash = line_start(seq, item.range().start);
        let prev_end = dash.saturating_sub(1);
        return Some((
            prev_end..next_line(seq, item.range().end.saturating_sub(1)).saturating_sub(1),
            " []".into(),
        ));
    }
    let start = line_start(seq, item.range().start);
    let end = next_line(
        seq,
        item.range().end.saturating_sub(1).max(item.range().start),
    );
    Some((start..end, String::new()))
}

/// Replaces a scalar's text.
pub fn replace(node: N<'_>, text: &str) -> Edit {
    (node.node.value_range(), text.to_string())
}

/// A fix from one edit of the new side.
pub fn fix(title: impl Into<String>, at: N<'_>, edit: Option<Edit>) -> Option<ChangeFix> {
    Some(ChangeFix {
        title: title.into(),
        file: at.side.path(at.file).to_path_buf(),
        edits: vec![edit?],
    })
}
