//! Where the cursor is, as completion and hover need it: the path of keys from the root to the
//! mapping or sequence being typed in, whether a key, a value or a sequence item is being typed,
//! and the range of the word being typed.
//!
//! Typing leaves the document broken most of the time, so the text around the cursor decides,
//! and the node tree only helps where it can be trusted:
//! - YAML block style: the lines above the cursor, by indentation, up to the first parent key
//!   the node tree knows at that very place (its path from there up is the tree's).
//! - JSON, and YAML flow style (`{...}`, `[...]`): a small tokenizer from the innermost
//!   mapping or sequence of the node tree that holds the cursor (for YAML flow, from the bracket
//!   on the cursor's line); it steps over the complete values the tree knows.

use std::ops::Range;

use crate::syntax::node::{NodeKind, NodeRef, PathSegment};
use crate::syntax::{Lang, Parsed};

/// One step of a path: a mapping key, or some item of a sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Item,
}

impl Seg {
    pub fn key(&self) -> Option<&str> {
        match self {
            Seg::Key(k) => Some(k),
            Seg::Item => None,
        }
    }
}

/// What is being typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A key of the mapping at `path`. `bare_item`: a YAML `- word` line, where the word may as
    /// well be a scalar item of the sequence that holds the mapping.
    Key { bare_item: bool },
    /// The value of `key` in the mapping at `path`.
    Value { key: String },
    /// An item of the sequence at `path`.
    Item,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Block,
    Flow,
    Json,
}

#[derive(Clone, Debug)]
pub struct Cursor {
    /// The path of the mapping (for `Key` and `Value`) or sequence (for `Item`).
    pub path: Vec<Seg>,
    pub place: Place,
    pub style: Style,
    /// What a completion replaces: the word being typed, with its quotes.
    pub token: Range<usize>,
    /// The word before the cursor, without its opening quote.
    pub typed: String,
    pub quote: Option<char>,
    /// YAML block: the column of the keys of the mapping (for the indentation of snippets).
    pub key_col: usize,
    /// The document's indentation step (YAML), or 2.
    pub indent_unit: usize,
    /// The cursor is right after a `:` (a value must start with a space).
    pub needs_space: bool,
    /// A `:` already follows the key being typed.
    pub colon_after: bool,
    /// The keys of the mapping, with the text of scalar values.
    pub siblings: Vec<(String, Option<String>)>,
}

/// How many lines the YAML walks look at before giving up on the text (the node tree answers).
const LINE_BUDGET: usize = 4000;

/// The cursor context at a byte offset (clamped to the text).
pub fn cursor_at(parsed: &Parsed, offset: usize) -> Option<Cursor> {
    let offset = offset.min(parsed.rope.len_bytes());
    // A position inside a character is rounded down to it.
    let offset = parsed.rope.char_to_byte(parsed.rope.byte_to_char(offset));
    match parsed.lang {
        Lang::Json => json(parsed, offset),
        Lang::Yaml => yaml(parsed, offset),
    }
}

fn line_text(rope: &ropey::Rope, line: usize) -> String {
    let mut s = rope.line(line).to_string();
    while s.ends_with(['\n', '\r']) {
        s.pop();
    }
    s
}

/// The document's indentation step: the first indentation of a key under another.
fn indent_unit(rope: &ropey::Rope) -> usize {
    for i in 0..rope.len_lines().min(200) {
        let l = line_text(rope, i);
        let n = l.len() - l.trim_start_matches(' ').len();
        if n > 0 && !l.trim().is_empty() && !l.trim_start().starts_with('#') {
            return n.clamp(1, 8);
        }
    }
    2
}

// ---------------------------------------------------------------- YAML block style

/// What opens a level on a YAML line: a `- ` sequence entry or a `key:`.
#[derive(Clone, Debug)]
enum Opener {
    Item,
    /// The key, and the scalar value written after it on the same line (if any).
    Key(String, Option<String>),
}

/// The indentation and openers of a line (`  - name: x` → 2, [(2, Item), (4, Key name)]).
fn openers(line: &str) -> (usize, Vec<(usize, Opener)>) {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut ops = Vec::new();
    let mut pos = indent;
    loop {
        let rest = &line[pos..];
        if rest == "-" || rest.starts_with("- ") || rest.starts_with("-\t") {
            ops.push((pos, Opener::Item));
            pos += 1 + rest[1..].len() - rest[1..].trim_start().len();
            continue;
        }
        break;
    }
    if let Some((key, after)) = key_of(&line[pos..]) {
        let value = line[pos + after..].trim();
        let value = strip_comment(value);
        let value = (!value.is_empty()).then(|| unquote(value));
        ops.push((pos, Opener::Key(key, value)));
    }
    (indent, ops)
}

/// A value without a trailing ` # comment`.
fn strip_comment(v: &str) -> &str {
    if v.starts_with(['"', '\'']) {
        return v;
    }
    match v.find(" #") {
        Some(i) => v[..i].trim_end(),
        None => v,
    }
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return v[1..v.len() - 1].to_string();
        }
    }
    v.to_string()
}

/// A `key:` at the start of `s`: the key (unquoted) and the offset after the colon.
fn key_of(s: &str) -> Option<(String, usize)> {
    let b = s.as_bytes();
    if b.is_empty() || matches!(b[0], b'#' | b'{' | b'[' | b'|' | b'>' | b'*' | b'&') {
        return None;
    }
    // `- ` starts a sequence entry; `-x` is a plain scalar.
    if b[0] == b'-' && b.get(1).is_none_or(|c| c.is_ascii_whitespace()) {
        return None;
    }
    if b[0] == b'"' || b[0] == b'\'' {
        let q = b[0];
        let mut i = 1;
        while i < b.len() {
            if b[i] == b'\\' && q == b'"' {
                i += 2;
                continue;
            }
            if b[i] == q {
                if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                break;
            }
            i += 1;
        }
        let close = i.min(b.len());
        let after = s[(close + 1).min(s.len())..].trim_start();
        let colon = s.len() - after.len();
        if after.starts_with(':') && after[1..].chars().next().is_none_or(|c| c.is_whitespace()) {
            return Some((s[1..close].to_string(), colon + 1));
        }
        return None;
    }
    let mut from = 0;
    while let Some(i) = s[from..].find(':') {
        let at = from + i;
        let next = s[at + 1..].chars().next();
        if next.is_none_or(|c| c == ' ' || c == '\t') {
            let key = s[..at].trim_end();
            if key.contains(" #") {
                return None;
            }
            return Some((key.to_string(), at + 1));
        }
        from = at + 1;
    }
    None
}

/// The path of the mapping whose keys are at column `limit` on line `line`, from the lines
/// above (and the node tree, once a parent key is found where the tree has it).
fn parents(parsed: &Parsed, line: usize, mut limit: usize) -> Vec<Seg> {
    let rope = &parsed.rope;
    let mut rev: Vec<Seg> = Vec::new();
    let mut budget = LINE_BUDGET;
    let mut i = line;
    while limit > 0 && i > 0 {
        i -= 1;
        budget -= 1;
        if budget == 0 {
            break;
        }
        let text = line_text(rope, i);
        let trimmed = text.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if text.starts_with("---") || text.starts_with("...") {
            break;
        }
        let (indent, ops) = openers(&text);
        if indent >= limit {
            continue;
        }
        for (col, op) in ops.iter().rev() {
            if *col >= limit {
                continue;
            }
            match op {
                Opener::Item => rev.push(Seg::Item),
                Opener::Key(k, _) => {
                    let at = rope.line_to_byte(i) + col;
                    if let Some(mut path) = tree_path_of_key(parsed, at, k) {
                        rev.reverse();
                        path.extend(rev);
                        return path;
                    }
                    rev.push(Seg::Key(k.clone()));
                }
            }
            limit = *col;
        }
        if indent == 0 && ops.is_empty() {
            // A root-level scalar or something unreadable: no parent above it counts.
            break;
        }
    }
    rev.reverse();
    rev
}

/// The tree's path to the key that starts at `at`, if the tree has that key there.
fn tree_path_of_key(parsed: &Parsed, at: usize, name: &str) -> Option<Vec<Seg>> {
    let (path, node, on_key) = parsed.tree.path_at(at)?;
    if !on_key || node.value_range().start != at && node.start != at {
        return None;
    }
    if node.node.key_text().as_deref() != Some(name) {
        return None;
    }
    Some(segs(&path))
}

fn segs(path: &[PathSegment]) -> Vec<Seg> {
    path.iter()
        .map(|s| match s {
            PathSegment::Key(k) => Seg::Key(k.clone()),
            PathSegment::Index(_) => Seg::Item,
        })
        .collect()
}

/// The keys at column `col` of the mapping around line `line` (lines above up to the start of
/// the mapping, lines below up to its end), with their inline scalar values.
fn yaml_siblings(
    rope: &ropey::Rope,
    line: usize,
    col: usize,
    scan_up: bool,
) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut visit = |i: usize, up: bool| -> bool {
        let text = line_text(rope, i);
        let trimmed = text.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return true;
        }
        let (indent, ops) = openers(&text);
        if indent < col && !up {
            return false;
        }
        for (c, op) in &ops {
            if let (true, Opener::Key(k, v)) = (*c == col, op) {
                out.push((k.clone(), v.clone()));
            }
        }
        indent >= col
    };
    if scan_up {
        let mut i = line;
        let mut budget = LINE_BUDGET;
        while i > 0 && budget > 0 {
            i -= 1;
            budget -= 1;
            if !visit(i, true) {
                break;
            }
        }
    }
    let mut budget = LINE_BUDGET;
    for i in line + 1..rope.len_lines() {
        budget -= 1;
        if budget == 0 || !visit(i, false) {
            break;
        }
    }
    out
}

fn yaml(parsed: &Parsed, offset: usize) -> Option<Cursor> {
    let rope = &parsed.rope;
    let line = rope.byte_to_line(offset);
    let line_start = rope.line_to_byte(line);
    let text = line_text(rope, line);
    let col = (offset - line_start).min(text.len());
    let prefix = &text[..col];
    // The line's block part: indentation, `- ` entries.
    let indent = prefix.len() - prefix.trim_start_matches(' ').len();
    let mut pos = indent;
    let mut dashes = Vec::new();
    loop {
        let rest = &prefix[pos..];
        if rest.starts_with("- ") || rest.starts_with("-\t") {
            dashes.push(pos);
            pos += 1 + rest[1..].len() - rest[1..].trim_start().len();
            continue;
        }
        break;
    }
    if prefix[pos..].trim_start().starts_with('#') {
        return None;
    }
    let unit = indent_unit(rope);
    // The mapping the line's key belongs to (or the sequence of a `- ` with nothing after it).
    let first_col = dashes.first().copied().unwrap_or(pos);
    let mut path = parents(parsed, line, first_col);
    for _ in &dashes {
        path.push(Seg::Item);
    }
    let content = &text[pos..];
    let key = key_of(content).filter(|(_, after)| pos + after <= col);
    let mut cursor = Cursor {
        path,
        place: Place::Key {
            bare_item: !dashes.is_empty(),
        },
        style: Style::Block,
        token: offset..offset,
        typed: String::new(),
        quote: None,
        key_col: pos,
        indent_unit: unit,
        needs_space: false,
        colon_after: false,
        siblings: Vec::new(),
    };
    match key {
        Some((key, after)) => {
            // A value: `key: va|`, or a flow collection after the key.
            let value_start = pos + after;
            let raw = &text[value_start..col];
            let lead = raw.len() - raw.trim_start().len();
            let vstart = value_start + lead;
            if text[vstart..col].starts_with(['{', '[']) {
                let mut base = cursor.path.clone();
                base.push(Seg::Key(key));
                return flow(parsed, line_start + vstart, offset, base, unit);
            }
            cursor.needs_space = lead == 0;
            cursor.siblings = yaml_siblings(rope, line, pos, dashes.is_empty());
            cursor.place = Place::Value { key };
            set_token(&mut cursor, &text, line_start, vstart, col, false);
        }
        None => {
            if content.starts_with(['{', '[']) {
                return flow(parsed, line_start + pos, offset, cursor.path, unit);
            }
            if content.starts_with('-') && col == pos + 1 {
                // `-|`: an item is starting; nothing to offer yet.
                return None;
            }
            cursor.siblings = yaml_siblings(rope, line, pos, dashes.is_empty());
            // Keys a bare `- ` line cannot start are still offered as the mapping's keys.
            set_token(&mut cursor, &text, line_start, pos, col, true);
        }
    }
    Some(cursor)
}

/// Sets the token (the word from `start` on the line, through the cursor at `col`, and on to
/// its end), the text typed and the quote.
fn set_token(
    cursor: &mut Cursor,
    text: &str,
    line_start: usize,
    start: usize,
    col: usize,
    key: bool,
) {
    let quote = text[start..]
        .chars()
        .next()
        .filter(|c| *c == '"' || *c == '\'');
    let mut end = col;
    let bytes = text.as_bytes();
    match quote {
        Some(q) => {
            // Through the closing quote, if it is on the line.
            if let Some(i) = text[col.max(start + 1)..].find(q) {
                end = col.max(start + 1) + i + 1;
            }
        }
        None => {
            while end < bytes.len() {
                let c = bytes[end];
                if key && c == b':' {
                    break;
                }
                if !key && (c == b' ' && text[end..].trim_start().starts_with('#')) {
                    break;
                }
                if key && c == b' ' {
                    break;
                }
                end += 1;
            }
            if !key {
                end = start + text[start..end].trim_end().len();
                end = end.max(col);
            }
        }
    }
    if key {
        cursor.colon_after = text[end..].trim_start().starts_with(':');
    }
    let typed_from = start + quote.map_or(0, |_| 1);
    cursor.typed = text[typed_from.min(col)..col].to_string();
    cursor.quote = quote;
    cursor.token = line_start + start..line_start + end;
}

// ---------------------------------------------------------------- JSON and YAML flow style

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum St {
    Key,
    Colon,
    Value,
    After,
}

struct Frame {
    obj: bool,
    key: Option<String>,
    st: St,
    /// Keys seen (with scalar values), for siblings.
    seen: Vec<(String, Option<String>)>,
}

/// The innermost mapping or sequence of the tree that holds `offset` inside its brackets, and
/// its path; `None` when the root is not such a collection around the offset.
fn anchor<'a>(parsed: &'a Parsed, offset: usize) -> Option<(NodeRef<'a>, Vec<Seg>)> {
    let bytes_at =
        |o: usize| -> Option<u8> { (o < parsed.rope.len_bytes()).then(|| parsed.rope.byte(o)) };
    let opens = |n: &NodeRef<'_>| {
        let s = n.value_range().start;
        matches!(
            (n.node.kind(), bytes_at(s)),
            (NodeKind::Mapping(_), Some(b'{')) | (NodeKind::Sequence(_), Some(b'['))
        )
    };
    let holds = |n: &NodeRef<'_>| {
        let r = n.value_range();
        let closed = matches!(bytes_at(r.end.saturating_sub(1)), Some(b'}' | b']'));
        r.start < offset && (offset < r.end || offset == r.end && !closed)
    };
    let root = parsed.tree.root()?;
    if !opens(&root) || !holds(&root) {
        return None;
    }
    let mut node = root;
    let mut path = Vec::new();
    'down: loop {
        for (k, v) in node.entries() {
            if opens(&v) && holds(&v) {
                path.push(Seg::Key(k.node.key_text().unwrap_or_default().into_owned()));
                node = v;
                continue 'down;
            }
        }
        for v in node.items() {
            if opens(&v) && holds(&v) {
                path.push(Seg::Item);
                node = v;
                continue 'down;
            }
        }
        return Some((node, path));
    }
}

fn json(parsed: &Parsed, offset: usize) -> Option<Cursor> {
    match anchor(parsed, offset) {
        Some((node, path)) => {
            // Complete children before the cursor are stepped over.
            let mut skip: Vec<(usize, usize, Option<String>)> = Vec::new();
            for (k, v) in node.entries() {
                skip.push((
                    k.range().start,
                    k.range().end,
                    Some(k.node.key_text().unwrap_or_default().into_owned()),
                ));
                skip.push((v.range().start, v.range().end, None));
            }
            for v in node.items() {
                skip.push((v.range().start, v.range().end, None));
            }
            skip.retain(|(_, e, _)| *e < offset);
            let siblings = node
                .entries()
                .map(|(k, v)| {
                    (
                        k.node.key_text().unwrap_or_default().into_owned(),
                        v.node.as_str().map(str::to_string),
                    )
                })
                .collect();
            scan(
                parsed,
                node.value_range().start,
                offset,
                path,
                Style::Json,
                &skip,
                Some(siblings),
                2,
            )
        }
        None => {
            // No collection of the tree holds the cursor: scan the text from its first bracket
            // (a small document being written, most likely).
            let limit = offset.min(1 << 20);
            let head = crate::syntax::text::slice(&parsed.rope, 0..limit);
            let start = head.find(['{', '['])?;
            if start >= offset {
                return None;
            }
            scan(parsed, start, offset, Vec::new(), Style::Json, &[], None, 2)
        }
    }
}

fn flow(
    parsed: &Parsed,
    start: usize,
    offset: usize,
    base: Vec<Seg>,
    unit: usize,
) -> Option<Cursor> {
    let mut c = scan(parsed, start, offset, base, Style::Flow, &[], None, unit)?;
    c.indent_unit = unit;
    Some(c)
}

/// Tokenizes from the bracket at `start` to the cursor. `skip`: complete children of the first
/// collection (start, end, key text for keys), stepped over whole.
#[allow(clippy::too_many_arguments)]
fn scan(
    parsed: &Parsed,
    start: usize,
    offset: usize,
    base: Vec<Seg>,
    style: Style,
    skip: &[(usize, usize, Option<String>)],
    first_siblings: Option<Vec<(String, Option<String>)>>,
    unit: usize,
) -> Option<Cursor> {
    let text = crate::syntax::text::slice(&parsed.rope, start..offset);
    let text: &str = &text;
    let b = text.as_bytes();
    let lenient = style == Style::Flow;
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    // The token the cursor is in: (start, quote, is a complete quoted string before cursor).
    let mut in_token: Option<(usize, Option<char>)> = None;
    let mut skip_i = 0;
    while i < b.len() {
        if stack.len() == 1 {
            while skip_i < skip.len() && skip[skip_i].0 < start + i {
                skip_i += 1;
            }
            if let Some((s, e, key)) = skip.get(skip_i) {
                if *s == start + i {
                    let top = stack.last_mut().expect("one frame");
                    match key {
                        Some(k) if top.obj => {
                            top.key = Some(k.clone());
                            top.seen.push((k.clone(), None));
                            top.st = St::Colon;
                        }
                        _ => top.st = St::After,
                    }
                    i = e - start;
                    skip_i += 1;
                    continue;
                }
            }
        }
        let c = b[i];
        match c {
            // Every byte the token loop below stops at as whitespace (a form feed too).
            c if c.is_ascii_whitespace() => i += 1,
            b'#' if lenient => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'{' | b'[' => {
                stack.push(Frame {
                    obj: c == b'{',
                    key: None,
                    st: if c == b'{' { St::Key } else { St::Value },
                    seen: Vec::new(),
                });
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                if stack.is_empty() {
                    return None;
                }
                if let Some(top) = stack.last_mut() {
                    top.st = St::After;
                }
                i += 1;
            }
            b',' => {
                if let Some(top) = stack.last_mut() {
                    top.st = if top.obj { St::Key } else { St::Value };
                    top.key = if top.obj { None } else { top.key.take() };
                }
                i += 1;
            }
            b':' => {
                if let Some(top) = stack.last_mut() {
                    if top.st == St::Colon || top.st == St::Key {
                        top.st = St::Value;
                    }
                }
                i += 1;
            }
            b'"' | b'\'' if c == b'"' || lenient => {
                let q = c;
                let mut j = i + 1;
                let mut closed = false;
                while j < b.len() {
                    if b[j] == b'\\' && q == b'"' {
                        j += 2;
                        continue;
                    }
                    if b[j] == q {
                        closed = true;
                        break;
                    }
                    j += 1;
                }
                if !closed {
                    in_token = Some((i, Some(q as char)));
                    break;
                }
                let s = text[i + 1..j].to_string();
                complete_token(&mut stack, s);
                i = j + 1;
            }
            _ => {
                let mut j = i;
                while j < b.len() {
                    let d = b[j];
                    if matches!(d, b',' | b'{' | b'}' | b'[' | b']') {
                        break;
                    }
                    if d == b':' && (!lenient || j + 1 >= b.len() || b[j + 1] == b' ') {
                        break;
                    }
                    if !lenient && d.is_ascii_whitespace() {
                        break;
                    }
                    if lenient && d == b'\n' {
                        break;
                    }
                    j += 1;
                }
                if j >= b.len() {
                    in_token = Some((i, None));
                    break;
                }
                if j == i {
                    // Nothing to read here (cannot happen with the arms above; never loop).
                    i += 1;
                    continue;
                }
                let s = text[i..j].trim().to_string();
                complete_token(&mut stack, s);
                i = j;
            }
        }
    }
    let depth = stack.len();
    let top = stack.last()?;
    let mut path = base;
    for f in &stack[..depth - 1] {
        path.push(if f.obj {
            Seg::Key(f.key.clone().unwrap_or_default())
        } else {
            Seg::Item
        });
    }
    let place = match (top.obj, top.st) {
        (true, St::Key) | (true, St::After) => Place::Key { bare_item: false },
        (true, St::Colon) if in_token.is_none() => {
            // `"key" |` with no colon yet: a value is wanted after one.
            Place::Value {
                key: top.key.clone().unwrap_or_default(),
            }
        }
        (true, _) => Place::Value {
            key: top.key.clone().unwrap_or_default(),
        },
        (false, _) => Place::Item,
    };
    let siblings = if depth == 1 {
        first_siblings.unwrap_or_else(|| top.seen.clone())
    } else {
        top.seen.clone()
    };
    let (tok_start, quote) = in_token.unwrap_or((b.len(), None));
    let abs = start + tok_start;
    // The token goes on after the cursor to its end (a closing quote, the word's end).
    let rope = &parsed.rope;
    let line = rope.byte_to_line(offset);
    let line_start = rope.line_to_byte(line);
    let line_txt = line_text(rope, line);
    let col = offset - line_start;
    let mut end = col;
    let lb = line_txt.as_bytes();
    match quote {
        Some(q) => {
            if let Some(k) = line_txt[col.min(lb.len())..].find(q) {
                end = col + k + 1;
            }
        }
        None if in_token.is_some() => {
            while end < lb.len() && !matches!(lb[end], b',' | b'}' | b']' | b':' | b' ' | b'"') {
                end += 1;
            }
        }
        None => {}
    }
    let end = (line_start + end).max(offset);
    let colon_after = line_txt
        .get(end - line_start..)
        .is_some_and(|r| r.trim_start().starts_with(':'));
    let typed_from = abs + quote.map_or(0, |_| 1);
    let typed = crate::syntax::text::slice(rope, typed_from.min(offset)..offset).into_owned();
    Some(Cursor {
        path,
        place,
        style,
        token: abs.min(offset)..end,
        typed,
        quote,
        key_col: 0,
        indent_unit: unit,
        needs_space: false,
        colon_after,
        siblings,
    })
}

fn complete_token(stack: &mut [Frame], s: String) {
    let Some(top) = stack.last_mut() else { return };
    match (top.obj, top.st) {
        (true, St::Key) | (true, St::After) => {
            top.key = Some(s.clone());
            top.seen.push((s, None));
            top.st = St::Colon;
        }
        (true, St::Value) => {
            if let Some(last) = top.seen.last_mut() {
                last.1 = Some(s);
            }
            top.st = St::After;
        }
        _ => top.st = St::After,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lang: Lang, marked: &str) -> Cursor {
        let offset = marked.find('|').unwrap();
        let text = marked.replacen('|', "", 1);
        let p = Parsed::new(lang, &text);
        cursor_at(&p, offset).unwrap_or_else(|| panic!("no cursor in {marked:?}"))
    }

    fn keys(c: &Cursor) -> Vec<String> {
        c.path
            .iter()
            .map(|s| s.key().unwrap_or("[]").to_string())
            .collect()
    }

    #[test]
    fn yaml_block_keys_and_values() {
        let c = at(
            Lang::Yaml,
            "openapi: 3.1.0\npaths:\n  /pets:\n    get:\n      res|\n",
        );
        assert_eq!(keys(&c), ["paths", "/pets", "get"]);
        assert_eq!(c.place, Place::Key { bare_item: false });
        assert_eq!(c.typed, "res");
        let c = at(
            Lang::Yaml,
            "paths:\n  /a/{id}:\n    get:\n      parameters:\n        - name: id\n          in: |\n",
        );
        assert_eq!(keys(&c), ["paths", "/a/{id}", "get", "parameters", "[]"]);
        assert_eq!(c.place, Place::Value { key: "in".into() });
        assert!(c
            .siblings
            .iter()
            .any(|(k, v)| k == "name" && v.as_deref() == Some("id")));
        let c = at(Lang::Yaml, "tags:\n  - na|\n");
        assert_eq!(keys(&c), ["tags", "[]"]);
        assert_eq!(c.place, Place::Key { bare_item: true });
    }

    #[test]
    fn json_half_typed() {
        let c = at(
            Lang::Json,
            "{\"openapi\": \"3.1.0\", \"paths\": {\"/a\": {\"get\": {\"res|",
        );
        assert_eq!(keys(&c), ["paths", "/a", "get"]);
        assert_eq!(c.place, Place::Key { bare_item: false });
        assert_eq!(c.quote, Some('"'));
        assert_eq!(c.typed, "res");
        let c = at(
            Lang::Json,
            "{\"paths\": {\"/a\": {\"get\": {\"parameters\": [{\"in\": \"|\"}]}}}}",
        );
        assert_eq!(keys(&c), ["paths", "/a", "get", "parameters", "[]"]);
        assert_eq!(c.place, Place::Value { key: "in".into() });
    }

    #[test]
    fn yaml_flow() {
        let c = at(Lang::Yaml, "paths:\n  /a:\n    get: {responses: {'2|\n");
        assert_eq!(keys(&c), ["paths", "/a", "get", "responses"]);
        assert_eq!(c.place, Place::Key { bare_item: false });
        assert_eq!(c.typed, "2");
    }

    /// Far below its parents (beyond the lines the text walk reads), the path still comes
    /// whole: the tree gives it from the first parent key it has.
    #[test]
    fn long_documents_take_the_path_from_the_tree() {
        let mut text = String::from("openapi: 3.1.0\npaths:\n");
        for i in 0..3000 {
            text.push_str(&format!("  /p{i}:\n    get:\n      summary: s\n"));
        }
        text.push_str("      |\n");
        let c = at(Lang::Yaml, &text);
        assert_eq!(keys(&c), ["paths", "/p2999", "get"]);
        assert!(c.siblings.iter().any(|(k, _)| k == "summary"));
    }

    #[test]
    fn odd_positions_do_not_panic() {
        for (lang, text) in [
            (Lang::Yaml, ""),
            (Lang::Json, ""),
            (Lang::Yaml, "a: [\n"),
            (Lang::Json, "{\"a\": [1, {\"b\": \"é"),
            (Lang::Yaml, "- - - x: 'é\n  \"q"),
            (Lang::Json, "]]]}}}"),
        ] {
            let p = Parsed::new(lang, text);
            for o in 0..=text.len() + 3 {
                let _ = cursor_at(&p, o);
            }
        }
    }
}
