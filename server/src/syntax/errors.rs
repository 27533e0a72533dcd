//! Syntax errors that a person understands: each ERROR or MISSING region of the tree-sitter tree
//! becomes one error on the smallest range that explains it, with a message that says what is
//! wrong and what to do.

use std::ops::Range;

use ropey::Rope;
use specls_grammars::Lang;
use tree_sitter::Node as CstNode;

/// One syntax error. `code` is stable (`syntax/…`), for documentation and filtering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: Range<usize>,
    pub code: &'static str,
    pub message: String,
}

/// The syntax errors of a parsed document, in text order.
pub fn syntax_errors(lang: Lang, rope: &Rope, cst: &tree_sitter::Tree) -> Vec<SyntaxError> {
    let mut out = Vec::new();
    let root = cst.root_node();
    if lang == Lang::Yaml {
        directive_errors(rope, root, &mut out);
    }
    if !root.has_error() {
        return out;
    }
    let mut stack = vec![root];
    // Depth-first, in order, only into subtrees that hold an error.
    while let Some(node) = stack.pop() {
        if node.is_missing() {
            out.push(missing(lang, rope, node));
        } else if node.is_error() {
            out.push(match lang {
                Lang::Json => json_error(rope, node),
                Lang::Yaml => yaml_error(rope, node),
            });
        } else if node.has_error() {
            let mut cursor = node.walk();
            let children: Vec<_> = node.children(&mut cursor).collect();
            stack.extend(
                children
                    .into_iter()
                    .rev()
                    .filter(|c| c.has_error() || c.is_missing()),
            );
        }
    }
    out.dedup_by(|b, a| a.range == b.range);
    out
}

fn text(rope: &Rope, r: Range<usize>) -> String {
    super::text::slice(rope, r).into_owned()
}

fn line_of(rope: &Rope, offset: usize) -> usize {
    rope.byte_to_line(offset.min(rope.len_bytes())) + 1
}

fn short(s: &str) -> String {
    let first = s.lines().next().unwrap_or("").trim();
    let mut out: String = first.chars().take(30).collect();
    if out.len() < first.len() {
        out.push('…');
    }
    out
}

fn missing(lang: Lang, rope: &Rope, node: CstNode) -> SyntaxError {
    let kind = node.kind();
    let at = node.start_byte();
    let parent = node.parent();
    let opened_at = |p: CstNode| line_of(rope, p.start_byte());
    match kind {
        "\"" | "'" => {
            // The unterminated string: from its opening quote to the end of its line.
            let start = parent.map(|p| p.start_byte()).unwrap_or(at);
            let end = line_end(rope, start).max(start + 1).min(at.max(start + 1));
            SyntaxError {
                range: start..end,
                code: "syntax/unterminated-string",
                message: format!("missing closing quote `{kind}`: this string is never closed"),
            }
        }
        "}" | "]" => {
            let p = parent.filter(|p| p.start_byte() < at);
            let open = p.map(|p| p.start_byte()).unwrap_or(at);
            let what = if kind == "}" {
                if lang == Lang::Json {
                    "object"
                } else {
                    "mapping"
                }
            } else if lang == Lang::Json {
                "array"
            } else {
                "sequence"
            };
            SyntaxError {
                range: open..open + 1,
                code: "syntax/unclosed-bracket",
                message: format!(
                    "missing `{kind}`: the {what} opened here (line {}) is never closed",
                    p.map(opened_at).unwrap_or(line_of(rope, at))
                ),
            }
        }
        ":" => SyntaxError {
            range: prev_token_range(node).unwrap_or(at..at),
            code: "syntax/missing-colon",
            message: "missing `:` after this key".into(),
        },
        "," => SyntaxError {
            range: at..at,
            code: "syntax/missing-comma",
            message: "missing `,` between these two values".into(),
        },
        _ => {
            // A value is missing: `[1, 2,]` or `"a": }`.
            let prev = prev_token_range(node);
            let prev_text = prev.clone().map(|r| text(rope, r)).unwrap_or_default();
            if prev_text == "," {
                SyntaxError {
                    range: prev.unwrap(),
                    code: "syntax/trailing-comma",
                    message: "trailing comma: JSON allows no `,` after the last item; remove it"
                        .into(),
                }
            } else {
                SyntaxError {
                    range: prev.unwrap_or(at..at),
                    code: "syntax/missing-value",
                    message: format!("missing value after `{}`", short(&prev_text)),
                }
            }
        }
    }
}

fn prev_token_range(node: CstNode) -> Option<Range<usize>> {
    let mut n = node;
    loop {
        if let Some(p) = n.prev_sibling() {
            let mut last = p;
            while let Some(c) = last
                .child_count()
                .checked_sub(1)
                .and_then(|i| last.child(i))
            {
                last = c;
            }
            return Some(last.byte_range());
        }
        n = n.parent()?;
    }
}

fn line_end(rope: &Rope, offset: usize) -> usize {
    let line = rope.byte_to_line(offset.min(rope.len_bytes()));
    let next = if line + 1 < rope.len_lines() {
        rope.line_to_byte(line + 1)
    } else {
        rope.len_bytes()
    };
    let slice = text(rope, offset.min(next)..next);
    offset + slice.trim_end_matches(['\n', '\r']).len()
}

fn token_end_of(t: &str, start: usize) -> usize {
    start
        + t.find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '+' || c == '-'))
            .unwrap_or(t.len())
}

fn descendants(node: CstNode<'_>) -> impl Iterator<Item = CstNode<'_>> {
    let mut stack = vec![node];
    std::iter::from_fn(move || {
        let n = stack.pop()?;
        for i in (0..n.child_count()).rev() {
            if let Some(c) = n.child(i) {
                stack.push(c);
            }
        }
        Some(n)
    })
}

fn json_error(rope: &Rope, node: CstNode) -> SyntaxError {
    let r = node.byte_range();
    let t = text(rope, r.clone());
    let trimmed = t.trim_start();
    let first = r.start + (t.len() - trimmed.len());
    // What follows the error region, to tell a trailing comma from a stray one.
    let after = text(rope, r.end..(r.end + 64).min(rope.len_bytes()));
    let next_char = after.trim_start().chars().next();
    if trimmed.trim_end() == "," && matches!(next_char, Some('}') | Some(']')) {
        return SyntaxError {
            range: first..first + 1,
            code: "syntax/trailing-comma",
            message: "trailing comma: JSON allows no `,` after the last member; remove it".into(),
        };
    }
    // `"\q"`: an escape JSON does not have.
    if trimmed.starts_with('\\') {
        let len = trimmed.chars().take(2).map(char::len_utf8).sum::<usize>();
        return SyntaxError {
            range: first..first + len,
            code: "syntax/bad-escape",
            message: format!(
                "unknown escape `{}` in a string; JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX (write `\\\\` for a backslash)",
                &trimmed[..len]
            ),
        };
    }
    // A string that runs past the end of its line: JSON strings cannot span lines.
    if let Some(s) = descendants(node)
        .find(|n| n.kind() == "string" && text(rope, n.byte_range()).contains('\n'))
    {
        let start = s.start_byte();
        return SyntaxError {
            range: start..line_end(rope, start).max(start + 1),
            code: "syntax/unterminated-string",
            message:
                "missing closing quote: JSON strings cannot span lines; close this one with `\"`"
                    .into(),
        };
    }
    // `"key" value` without a colon.
    let mut cursor = node.walk();
    let kids: Vec<_> = node
        .children(&mut cursor)
        .skip_while(|c| c.kind() == ",")
        .collect();
    if let [k, v, ..] = kids.as_slice() {
        if k.kind() == "string" && v.kind() != ":" && v.kind() != "," {
            return SyntaxError {
                range: k.byte_range(),
                code: "syntax/missing-colon",
                message: format!(
                    "missing `:` after the key {}",
                    short(&text(rope, k.byte_range()))
                ),
            };
        }
    }
    // `012`: the grammar reads `0`, then stops.
    if let Some(prev) = prev_token_range(node) {
        if prev.end == r.start
            && text(rope, prev.clone()).trim_start_matches('-') == "0"
            && trimmed.starts_with(|c: char| c.is_ascii_digit())
        {
            return SyntaxError {
                range: prev.start..token_end_of(&t, r.start),
                code: "syntax/bad-number",
                message: "JSON numbers cannot have leading zeros; write the number without them (or quote it)".into(),
            };
        }
    }
    let token_end = first
        + trimmed
            .find(|c: char| c.is_whitespace() || c == ',')
            .unwrap_or(trimmed.len())
            .max(1);
    let token = short(&text(rope, first..token_end.min(r.end.max(first + 1))));
    let message = match trimmed.chars().next() {
        Some('\'') => "JSON strings need double quotes (`\"`), not single quotes".to_string(),
        Some(c) if c.is_ascii_alphabetic() => {
            format!("unexpected `{token}`: JSON keys and strings need double quotes, and its only words are true, false and null")
        }
        Some(',') => "unexpected `,`: a value is missing before it, or there is one comma too many"
            .to_string(),
        Some('}') | Some(']') => {
            format!("unexpected `{token}`: it closes nothing that is open here")
        }
        _ => format!("unexpected `{token}`: expected a value, `,` or a closing bracket"),
    };
    SyntaxError {
        range: first..token_end.min(r.end).max(first),
        code: "syntax/unexpected",
        message,
    }
}

/// YAML errors: tree-sitter's ERROR region is often far larger than the mistake (for the published
/// YAML grammar it can start at the top of the file), so take the innermost first ERROR inside it,
/// look for the cause line by line from there, and report that line.
fn yaml_error(rope: &Rope, node: CstNode) -> SyntaxError {
    let mut region = node;
    while let Some(inner) = first_error_child(region) {
        region = inner;
    }
    yaml_error_at(rope, region.byte_range())
}

/// The error of a YAML region that could not be read (an ERROR node's range, or a line the
/// grammar set aside as `invalid`): found line by line from the region's start.
pub fn yaml_error_at(rope: &Rope, r: Range<usize>) -> SyntaxError {
    let first_line = rope.byte_to_line(r.start.min(rope.len_bytes()));
    // The region may also swallow the rest of the file: scan to its end, and a little beyond.
    // (At most a few thousand lines: the cause is near the region's start, and this runs on
    // every keystroke.)
    let last_line = (rope.byte_to_line(r.end.min(rope.len_bytes())) + 2)
        .min(rope.len_lines().saturating_sub(1))
        .min(first_line + 2_000);
    let line_text = |i: usize| -> String {
        let l = rope.line(i).to_string();
        l.trim_end_matches(['\n', '\r']).to_string()
    };
    // Indentation at which the keys of the innermost open mapping stand (after any `- `),
    // starting from the nearest key line above the region.
    let mut prev: Option<(usize, String)> = (first_line.saturating_sub(50)..first_line)
        .rev()
        .map(line_text)
        .find(|t| !t.trim().is_empty() && !t.trim_start().starts_with('#'))
        .and_then(|t| {
            let body = t.trim_start_matches(' ');
            let rest = &body[dash_prefix(body)..];
            looks_like_key(rest).then(|| {
                (
                    t.len() - body.len() + dash_prefix(body),
                    rest.trim_end().to_string(),
                )
            })
        });
    let mut flow_depth: i32 = 0;
    for line_idx in first_line..=last_line {
        let line_start = rope.line_to_byte(line_idx);
        let content = line_text(line_idx);
        let body = content.trim_start_matches(' ');
        let indent = content.len() - body.len();
        if body.starts_with('\t') {
            let tabs = body.len() - body.trim_start_matches([' ', '\t']).len();
            return SyntaxError {
                range: line_start + indent..line_start + indent + tabs,
                code: "syntax/tab-indent",
                message: "tab characters cannot indent YAML; indent with spaces".into(),
            };
        }
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if let Some((at, len)) = bad_yaml_escape(body) {
            let start = line_start + indent + at;
            return SyntaxError {
                range: start..start + len,
                code: "syntax/bad-escape",
                message: format!(
                    "unknown escape `{}` in a double-quoted string; write `\\\\` for a backslash, or use single quotes",
                    &body[at..at + len]
                ),
            };
        }
        if let Some(q) = unterminated_quote(body) {
            let start = line_start + indent + q;
            let quote = body[q..].chars().next().unwrap_or('"');
            let key_indent = indent + dash_prefix(body);
            let limit = (line_idx + 200).min(rope.len_lines());
            // The grammar decided: a region that runs past this line to a closing quote is a
            // string with badly indented lines; one that stops with this line was never closed.
            let region_text = text(rope, r.clone());
            let closes = rope.byte_to_line(r.end.min(rope.len_bytes())) > line_idx
                && region_text.trim_end().ends_with(quote);
            // The string closes on a later line: its continuation lines are the problem.
            for next in (line_idx + 1..limit).take_while(|_| closes) {
                let t = line_text(next);
                let t_indent = t.len() - t.trim_start_matches(' ').len();
                if !t.trim().is_empty() && t_indent <= key_indent {
                    let ls = rope.line_to_byte(next);
                    return SyntaxError {
                        range: ls + t_indent..ls + t.len(),
                        code: "syntax/bad-indent",
                        message: format!(
                            "this line continues the quoted string of line {} but is not indented more than its key; indent it further",
                            line_idx + 1
                        ),
                    };
                }
                if t.contains(quote) {
                    break;
                }
            }
            return SyntaxError {
                range: start..line_start + content.len(),
                code: "syntax/unterminated-string",
                message: "missing closing quote: this string is never closed".into(),
            };
        }
        flow_depth +=
            body.matches(['[', '{']).count() as i32 - body.matches([']', '}']).count() as i32;
        let effective = indent + dash_prefix(body);
        let rest = &body[dash_prefix(body)..];
        if let Some((pindent, ptext)) = &prev {
            let prev_opens_block = ptext.ends_with(':')
                || ptext.ends_with('|')
                || ptext.ends_with('>')
                || ptext.ends_with('-')
                || ptext.contains(": |")
                || ptext.contains(": >");
            if indent > *pindent && !prev_opens_block && looks_like_key(rest) && flow_depth <= 0 {
                return SyntaxError {
                    range: line_start + indent..line_start + content.len(),
                    code: "syntax/bad-indent",
                    message: format!(
                        "this key is indented more than its siblings (the key above is at column {}, this one at {}); align it with them",
                        pindent + 1,
                        indent + 1
                    ),
                };
            }
        }
        if looks_like_key(rest) || rest.is_empty() {
            prev = Some((effective, rest.trim_end().to_string()));
        }
    }
    if flow_depth > 0 {
        let start = r.start + text(rope, r.clone()).find(['[', '{']).unwrap_or(0);
        return SyntaxError {
            range: start..start + 1,
            code: "syntax/unclosed-bracket",
            message: "this flow collection is never closed: add the matching `]` or `}`".into(),
        };
    }
    // No known cause: report the first line of the region (not the whole region).
    let t = text(rope, r.clone());
    let lead = t.len() - t.trim_start().len();
    let start = r.start + lead;
    let end = line_end(rope, start).min(r.end).max(start);
    SyntaxError {
        range: start..end,
        code: "syntax/invalid-yaml",
        message: format!(
            "this is not valid YAML here: `{}` (check the indentation and the `:` and `-` around it)",
            short(&text(rope, start..end))
        ),
    }
}

/// `%YAML` directives: one per document, with a `major.minor` version and nothing else.
fn directive_errors(rope: &Rope, root: CstNode, out: &mut Vec<SyntaxError>) {
    let mut cursor = root.walk();
    for doc in root.children(&mut cursor) {
        if doc.kind() != specls_grammars::yaml::DOCUMENT {
            continue;
        }
        let mut seen = false;
        let mut c = doc.walk();
        for d in doc.children(&mut c) {
            if d.kind() != specls_grammars::yaml::YAML_DIRECTIVE {
                continue;
            }
            let t = text(rope, d.byte_range());
            let words: Vec<&str> = t.split_whitespace().collect();
            let version_ok = words.len() == 2
                && words[1]
                    .split_once('.')
                    .is_some_and(|(a, b)| is_digits(a) && is_digits(b));
            if seen {
                out.push(SyntaxError {
                    range: d.byte_range(),
                    code: "syntax/bad-directive",
                    message: "a document has at most one `%YAML` directive; remove this one".into(),
                });
            } else if !version_ok {
                out.push(SyntaxError {
                    range: d.byte_range(),
                    code: "syntax/bad-directive",
                    message: format!(
                        "`{}` is not a `%YAML` directive: write `%YAML 1.2` (a version, then nothing but a comment)",
                        short(&t)
                    ),
                });
            }
            seen = true;
        }
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// An unknown escape inside a double-quoted scalar on this line: its offset and length.
fn bad_yaml_escape(body: &str) -> Option<(usize, usize)> {
    let mut in_double = false;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => in_double = !in_double,
            '#' if !in_double => return None,
            '\\' if in_double => {
                let (_, e) = chars.next()?;
                if !"0abt\tnvfre \"/\\N_LPxuU".contains(e) {
                    return Some((i, 1 + e.len_utf8()));
                }
            }
            _ => {}
        }
    }
    None
}

/// The first ERROR node below `node` (in text order), if any.
fn first_error_child(node: CstNode) -> Option<CstNode> {
    let mut at = node;
    loop {
        let mut cursor = at.walk();
        let found = at
            .children(&mut cursor)
            .find(|c| c.is_error() || c.has_error() && !c.is_missing())?;
        if found.is_error() {
            return Some(found);
        }
        at = found;
    }
}

/// The length of the leading `- ` (or `- - `) markers of a line's content.
fn dash_prefix(body: &str) -> usize {
    let mut n = 0;
    while body[n..].starts_with("- ") {
        n += 2;
        n += body[n..].len() - body[n..].trim_start_matches(' ').len();
    }
    n
}

fn looks_like_key(body: &str) -> bool {
    let body = body.strip_prefix("- ").unwrap_or(body);
    if let Some(colon) = body.find(':') {
        let after = &body[colon + 1..];
        after.is_empty() || after.starts_with(' ')
    } else {
        false
    }
}

/// The byte index of an opening quote that is not closed on its line, for lines that start a
/// quoted scalar as a key or a value.
fn unterminated_quote(body: &str) -> Option<usize> {
    let body_no_dash = body.strip_prefix("- ").map(|b| (b, 2)).unwrap_or((body, 0));
    let (b, off) = body_no_dash;
    let starts = [Some(0usize), b.find(": ").map(|i| i + 2)];
    for s in starts.into_iter().flatten() {
        let rest = &b[s..];
        let Some(q) = rest.chars().next() else {
            continue;
        };
        if q != '"' && q != '\'' {
            continue;
        }
        let inner = &rest[1..];
        let closed = if q == '"' {
            let mut esc = false;
            inner.chars().any(|c| {
                let end = c == '"' && !esc;
                esc = c == '\\' && !esc;
                end
            })
        } else {
            inner.contains('\'')
        };
        // A multi-line quoted scalar continues on the next lines: only flag a key, or a value
        // whose line has nothing after it that could close it.
        if !closed && s == 0 && b[1..].contains(": ") {
            return Some(off + s);
        }
        if !closed && s > 0 {
            return Some(off + s);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The syntax diagnostics of a text (the tree-sitter errors and the lines the YAML grammar
    /// set aside), as (text, code).
    fn errors(lang: Lang, text: &str) -> Vec<(String, &'static str)> {
        let parsed = crate::syntax::Parsed::new(lang, text);
        crate::analysis::diagnostics(&parsed)
            .into_iter()
            .filter(|d| d.code.split('/').next() == Some("syntax"))
            .map(|d| (text[d.range].to_string(), d.code))
            .collect()
    }

    #[test]
    fn json_errors_are_small_and_named() {
        assert_eq!(
            errors(Lang::Json, r#"{"a": [1, 2,]}"#),
            vec![(",".into(), "syntax/trailing-comma")]
        );
        assert_eq!(
            errors(Lang::Json, "{\"a\": \"x\n}"),
            vec![("\"x".into(), "syntax/unterminated-string")]
        );
        assert_eq!(
            errors(Lang::Json, r#"{"a": 1, "b" 2}"#)[0].1,
            "syntax/missing-colon"
        );
        assert!(errors(Lang::Json, r#"{"a": 1}"#).is_empty());
    }

    #[test]
    fn yaml_errors_say_what_to_do() {
        let e = errors(Lang::Yaml, "a:\n\t- x\n");
        assert_eq!(e[0].1, "syntax/tab-indent");
        let e = errors(Lang::Yaml, "a: 1\n  b: 2\nc: 3\n");
        assert_eq!(e[0], ("b: 2".into(), "syntax/bad-indent"));
        // An unclosed flow collection is kept by the grammar and reported by the node tree.
        let parsed = crate::syntax::Parsed::new(Lang::Yaml, "a: [1, 2\nb: 3\n");
        let codes: Vec<_> = crate::analysis::diagnostics(&parsed)
            .into_iter()
            .map(|d| d.code)
            .collect();
        assert_eq!(codes, ["syntax/unclosed-bracket"]);
    }
}
