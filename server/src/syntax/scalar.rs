//! Scalar values: YAML 1.2 scalar styles decoded to their real value, plain scalars typed by the
//! YAML 1.2 core schema, and JSON strings and numbers.
//!
//! The tree-sitter tree gives the source range of every scalar; these functions turn the source
//! text into the value. They never fail: a malformed escape is kept as written and reported.

use super::node::ScalarValue;

/// A plain scalar's value: lines folded, then typed by the core schema.
/// The characters of `src` that YAML 1.2 does not allow in a stream (outside `c-printable`): C0
/// controls other than tab and line breaks, DEL, C1 controls other than NEL, U+FFFE and U+FFFF.
pub fn non_printable(src: &str) -> impl Iterator<Item = (std::ops::Range<usize>, char)> + '_ {
    // Fast path: most scalars are printable ASCII.
    let all_printable = src.bytes().all(|b| (0x20..0x7f).contains(&b) || b == b'\t');
    src.char_indices()
        .filter(move |_| !all_printable)
        .filter(|&(_, c)| {
            matches!(c, '\0'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f' | '\x7f' | '\u{fffe}' | '\u{ffff}')
                || (('\u{80}'..='\u{9f}').contains(&c) && c != '\u{85}')
        })
        .map(|(i, c)| (i..i + c.len_utf8(), c))
}

pub fn plain(src: &str) -> ScalarValue {
    let text = fold_flow_lines(src);
    core_schema(&text)
}

/// The YAML 1.2 core schema's resolution of an untagged plain scalar.
pub fn core_schema(text: &str) -> ScalarValue {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarValue::Null,
        "true" | "True" | "TRUE" => return ScalarValue::Bool(true),
        "false" | "False" | "FALSE" => return ScalarValue::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return ScalarValue::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return ScalarValue::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return ScalarValue::Float(f64::NAN),
        _ => {}
    }
    let bytes = text.as_bytes();
    if let Some(hex) = text.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return int_from_radix(hex, 16, text);
        }
    }
    if let Some(oct) = text.strip_prefix("0o") {
        if !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            return int_from_radix(oct, 8, text);
        }
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return decimal_int(text);
    }
    if is_core_float(bytes) {
        if let Ok(f) = text.parse::<f64>() {
            return ScalarValue::Float(f);
        }
    }
    ScalarValue::Str(text.into())
}

fn decimal_int(text: &str) -> ScalarValue {
    match text.parse::<i64>() {
        Ok(i) => ScalarValue::Int(i),
        Err(_) => ScalarValue::BigInt(text.trim_start_matches('+').into()),
    }
}

fn int_from_radix(digits: &str, radix: u32, original: &str) -> ScalarValue {
    match i64::from_str_radix(digits, radix) {
        Ok(i) => ScalarValue::Int(i),
        Err(_) => ScalarValue::Str(original.into()),
    }
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_core_float(b: &[u8]) -> bool {
    let mut i = 0;
    if matches!(b.first(), Some(b'-' | b'+')) {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - s;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s {
            return false;
        }
    }
    i == b.len()
}

/// Line folding of flow scalars (plain and quoted, after unquoting): whitespace around a line
/// break is dropped; one break becomes a space, `n` breaks in a row become `n - 1` newlines.
fn fold_flow_lines(src: &str) -> String {
    if !src.contains(['\n', '\r']) {
        return src.to_string();
    }
    let mut out = String::with_capacity(src.len());
    let mut empty_run = 0usize;
    let line_count = split_lines(src).count();
    for (i, line) in split_lines(src).enumerate() {
        // White space around line breaks goes; the last line's end is the scalar's end.
        let last = i + 1 == line_count;
        let trimmed = match (i == 0, last) {
            (true, _) => line.trim_end_matches([' ', '\t']),
            (false, true) => line.trim_start_matches([' ', '\t']),
            (false, false) => line.trim_matches([' ', '\t']),
        };
        if i == 0 {
            out.push_str(trimmed);
            continue;
        }
        if trimmed.is_empty() {
            empty_run += 1;
            continue;
        }
        if empty_run == 0 {
            out.push(' ');
        } else {
            out.extend(std::iter::repeat_n('\n', empty_run));
        }
        empty_run = 0;
        out.push_str(trimmed);
    }
    // Line breaks right before a closing quote fold like any others.
    match empty_run {
        0 => {}
        1 => out.push(' '),
        n => out.extend(std::iter::repeat_n('\n', n - 1)),
    }
    out
}

fn split_lines(s: &str) -> impl Iterator<Item = &str> {
    s.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l))
}

/// A single-quoted scalar (`src` includes the quotes): `''` is a quote; lines fold.
pub fn single_quoted(src: &str) -> String {
    let inner = strip_quotes(src, '\'');
    fold_flow_lines(inner).replace("''", "'")
}

fn strip_quotes(src: &str, q: char) -> &str {
    let s = src.strip_prefix(q).unwrap_or(src);
    s.strip_suffix(q)
        .filter(|_| s.len() < src.len())
        .unwrap_or(s)
}

/// A double-quoted scalar (`src` includes the quotes). Returns the value and the byte ranges
/// (relative to `src`) of malformed escapes, which are kept as written.
pub fn double_quoted(src: &str) -> (String, Vec<std::ops::Range<usize>>) {
    let inner = strip_quotes(src, '"');
    let base = if src.starts_with('"') { 1 } else { 0 };
    let mut out = String::with_capacity(inner.len());
    let mut bad = Vec::new();
    // Fold line by line; an escaped line break (`\` at the end of a line) joins without a space.
    let lines: Vec<&str> = inner.split('\n').collect();
    let mut offset = 0usize;
    let mut empty_run = 0usize;
    let mut joined = false;
    for (i, raw_line) in lines.iter().enumerate() {
        let line_offset = offset;
        offset += raw_line.len() + 1;
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        let last = i + 1 == lines.len();
        let mut content = if i == 0 {
            line
        } else {
            line.trim_start_matches([' ', '\t'])
        };
        let lead = line.len() - content.len();
        if !last {
            // Trailing white space before a line break is dropped, unless it was escaped.
            let trimmed = content.trim_end_matches([' ', '\t']);
            if !trimmed.ends_with('\\') || ends_with_escaped_backslash(trimmed) {
                content = trimmed;
            }
        }
        if i > 0 {
            if content.is_empty() && !last {
                empty_run += 1;
                continue;
            }
            if !joined {
                if empty_run == 0 {
                    out.push(' ');
                } else {
                    out.extend(std::iter::repeat_n('\n', empty_run));
                }
            }
            empty_run = 0;
        }
        let escaped_break =
            !last && content.ends_with('\\') && !ends_with_escaped_backslash(content);
        let body = if escaped_break {
            &content[..content.len() - 1]
        } else {
            content
        };
        unescape_yaml(body, base + line_offset + lead, &mut out, &mut bad);
        joined = escaped_break;
    }
    (out, bad)
}

fn ends_with_escaped_backslash(s: &str) -> bool {
    let n = s.bytes().rev().take_while(|&b| b == b'\\').count();
    n % 2 == 0
}

fn unescape_yaml(s: &str, base: usize, out: &mut String, bad: &mut Vec<std::ops::Range<usize>>) {
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, e)) = chars.next() else {
            bad.push(base + i..base + i + 1);
            out.push('\\');
            break;
        };
        let simple = match e {
            '0' => Some('\0'),
            'a' => Some('\x07'),
            'b' => Some('\x08'),
            't' | '\t' => Some('\t'),
            'n' => Some('\n'),
            'v' => Some('\x0b'),
            'f' => Some('\x0c'),
            'r' => Some('\r'),
            'e' => Some('\x1b'),
            ' ' => Some(' '),
            '"' => Some('"'),
            '/' => Some('/'),
            '\\' => Some('\\'),
            'N' => Some('\u{85}'),
            '_' => Some('\u{a0}'),
            'L' => Some('\u{2028}'),
            'P' => Some('\u{2029}'),
            _ => None,
        };
        if let Some(ch) = simple {
            out.push(ch);
            continue;
        }
        let width = match e {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => 0,
        };
        let start = i + 2;
        let hex = s
            .get(start..start + width)
            .filter(|h| width > 0 && h.bytes().all(|b| b.is_ascii_hexdigit()));
        match hex
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32)
        {
            Some(ch) => {
                out.push(ch);
                for _ in 0..width {
                    chars.next();
                }
            }
            None => {
                let end = if hex.is_some() { start + width } else { start };
                bad.push(base + i..base + end);
                out.push('\\');
                out.push(e);
            }
        }
    }
}

/// A block scalar (`src` from the `|`/`>` indicator to the end of its content).
/// `parent_indent` is the indentation of the collection that holds it (for an explicit
/// indentation indicator); `trailing` is the text after the node, for `+` (keep) chomping.
pub fn block(src: &str, parent_indent: usize, trailing: &str) -> (String, bool) {
    let (header, body) = match src.find('\n') {
        Some(i) => (&src[..i], &src[i + 1..]),
        None => (src, ""),
    };
    let header = header.split(" #").next().unwrap_or(header).trim_end();
    let folded = header.starts_with('>');
    let mut explicit: Option<usize> = None;
    let mut chomp = 'c';
    for ch in header.chars().skip(1) {
        match ch {
            '+' => chomp = '+',
            '-' => chomp = '-',
            '1'..='9' => explicit = Some(ch as usize - '0' as usize),
            _ => {}
        }
    }
    let mut lines: Vec<&str> = split_lines(body).collect();
    if body.is_empty() || body.ends_with('\n') {
        lines.pop();
    }
    // Blank lines after the node still belong to the scalar: lines of spaces beyond its
    // indentation are content, and chomping decides about the empty ones.
    let mut rest: Vec<&str> = split_lines(trailing).skip(1).collect();
    rest.pop(); // the last piece is not a whole line
    for l in rest {
        if l.trim_matches([' ', '\t']).is_empty() {
            lines.push(l);
        } else {
            break;
        }
    }
    let indent = match explicit {
        Some(n) => parent_indent + n,
        None => lines
            .iter()
            .find(|l| !l.trim_start_matches(' ').is_empty())
            .map(|l| l.len() - l.trim_start_matches(' ').len())
            // No content line: every line is empty, whatever spaces it holds.
            .unwrap_or(usize::MAX),
    };
    let content: Vec<&str> = lines
        .iter()
        .map(|l| {
            let spaces = l.len() - l.trim_start_matches(' ').len();
            if spaces >= indent {
                &l[indent..]
            } else {
                l.trim_start_matches(' ')
            }
        })
        .collect();
    // Split off trailing empty lines: they are what chomping decides about.
    let last_content = content.iter().rposition(|l| !l.is_empty());
    let (body_lines, trailing_empty) = match last_content {
        Some(i) => (&content[..=i], content.len() - i - 1),
        None => (&content[..0], content.len()),
    };
    let mut out = String::new();
    if folded {
        let mut prev_more_indented = false;
        let mut empty_run = 0usize;
        let mut first = true;
        for l in body_lines {
            if l.is_empty() {
                empty_run += 1;
                continue;
            }
            let more = l.starts_with([' ', '\t']);
            if first {
                out.extend(std::iter::repeat_n('\n', empty_run));
            } else if more || prev_more_indented {
                out.extend(std::iter::repeat_n('\n', empty_run + 1));
            } else if empty_run == 0 {
                out.push(' ');
            } else {
                out.extend(std::iter::repeat_n('\n', empty_run));
            }
            out.push_str(l);
            first = false;
            empty_run = 0;
            prev_more_indented = more;
        }
    } else {
        out = body_lines.join("\n");
    }
    let has_content = last_content.is_some();
    match chomp {
        '-' => {}
        '+' => {
            if has_content {
                out.push('\n');
            }
            out.extend(std::iter::repeat_n('\n', trailing_empty));
        }
        _ => {
            if has_content {
                out.push('\n');
            }
        }
    }
    (out, folded)
}

/// A JSON string (`src` includes the quotes). Returns the value and malformed escapes.
pub fn json_string(src: &str) -> (String, Vec<std::ops::Range<usize>>) {
    let inner = strip_quotes(src, '"');
    let mut out = String::with_capacity(inner.len());
    let mut bad = Vec::new();
    let b = inner.as_bytes();
    let mut i = 0;
    let mut plain_start = 0;
    while i < b.len() {
        if b[i] < 0x20 {
            // A raw control character (a line break, a tab): JSON wants it escaped.
            bad.push(1 + i..1 + i + 1);
            i += 1;
            continue;
        }
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        out.push_str(&inner[plain_start..i]);
        let e = b.get(i + 1).copied();
        let simple = match e {
            Some(b'"') => Some('"'),
            Some(b'\\') => Some('\\'),
            Some(b'/') => Some('/'),
            Some(b'b') => Some('\x08'),
            Some(b'f') => Some('\x0c'),
            Some(b'n') => Some('\n'),
            Some(b'r') => Some('\r'),
            Some(b't') => Some('\t'),
            _ => None,
        };
        if let Some(c) = simple {
            out.push(c);
            i += 2;
        } else if e == Some(b'u') {
            match hex4(inner, i + 2) {
                Some(hi) if (0xD800..0xDC00).contains(&hi) => {
                    let lo = (inner.get(i + 6..i + 8) == Some("\\u"))
                        .then(|| hex4(inner, i + 8))
                        .flatten();
                    match lo {
                        Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                            let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                            out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                            i += 12;
                        }
                        _ => {
                            out.push('\u{fffd}');
                            i += 6;
                        }
                    }
                }
                Some(cp) => {
                    out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                    i += 6;
                }
                None => {
                    bad.push(1 + i..1 + (i + 2).min(b.len()));
                    out.push('\\');
                    i += 1;
                }
            }
        } else {
            bad.push(1 + i..1 + (i + 2).min(b.len()));
            out.push('\\');
            i += 1;
        }
        plain_start = i;
    }
    out.push_str(&inner[plain_start.min(inner.len())..]);
    (out, bad)
}

fn hex4(s: &str, at: usize) -> Option<u32> {
    let h = s.get(at..at + 4)?;
    if h.bytes().all(|b| b.is_ascii_hexdigit()) {
        u32::from_str_radix(h, 16).ok()
    } else {
        None
    }
}

/// A JSON number. `None` if the text is not a JSON number (tree-sitter-json is lenient).
pub fn json_number(src: &str) -> Option<ScalarValue> {
    let b = src.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'-') {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_len = i - int_start;
    if int_len == 0 || (int_len > 1 && b[int_start] == b'0') {
        return None;
    }
    let mut is_float = false;
    if i < b.len() && b[i] == b'.' {
        is_float = true;
        i += 1;
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s {
            return None;
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        is_float = true;
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    Some(if is_float {
        ScalarValue::Float(src.parse().ok()?)
    } else {
        decimal_int(src)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ScalarValue::*;

    fn s(v: &str) -> ScalarValue {
        Str(v.into())
    }

    #[test]
    fn core_schema_types() {
        for (text, want) in [
            ("~", Null),
            ("", Null),
            ("NULL", Null),
            ("True", Bool(true)),
            ("FALSE", Bool(false)),
            ("yes", s("yes")),
            ("200", Int(200)),
            ("-17", Int(-17)),
            ("+5", Int(5)),
            ("0x1F", Int(31)),
            ("0o17", Int(15)),
            ("0o9", s("0o9")),
            ("1.5", Float(1.5)),
            ("1e3", Float(1000.0)),
            (".5", Float(0.5)),
            ("-.inf", Float(f64::NEG_INFINITY)),
            (".NaN", Float(f64::NAN)),
            ("1.0.0", s("1.0.0")),
            ("3.0.3", s("3.0.3")),
            (
                "99999999999999999999",
                BigInt("99999999999999999999".into()),
            ),
            ("e3", s("e3")),
            (".", s(".")),
        ] {
            assert_eq!(core_schema(text), want, "{text:?}");
        }
    }

    #[test]
    fn plain_multi_line_folds() {
        assert_eq!(plain("a\n  b\n\n  c"), s("a b\nc"));
        assert_eq!(plain("1\r\n  2"), s("1 2"));
    }

    #[test]
    fn quoted_scalars() {
        assert_eq!(single_quoted("'it''s\n  here'"), "it's here");
        assert_eq!(single_quoted("'end\n  space '"), "end space ");
        assert_eq!(
            double_quoted(r#""a\tb\u00e9\x41\U0001F600 \"q\"""#).0,
            "a\tbéA😀 \"q\""
        );
        assert_eq!(double_quoted("\"line \\\n   joined\"").0, "line joined");
        assert_eq!(double_quoted("\"a\n\n  b\"").0, "a\nb");
        let (v, bad) = double_quoted(r#""bad \q here""#);
        assert_eq!(v, "bad \\q here");
        assert_eq!(bad, vec![5..7]);
    }

    #[test]
    fn block_scalars() {
        assert_eq!(block("|\n  a\n   b\n\n", 0, "").0, "a\n b\n");
        assert_eq!(block("|-\n  a\n  b\n", 0, "").0, "a\nb");
        assert_eq!(block(">\n  a\n  b\n\n  c\n", 0, "").0, "a b\nc\n");
        assert_eq!(block(">\n  a\n    more\n  b\n", 0, "").0, "a\n  more\nb\n");
        assert_eq!(block("|2\n    x\n", 2, "").0, "x\n");
        assert_eq!(block("|1\n  x\n", 0, "").0, " x\n");
        assert_eq!(block("|+\n  a\n", 0, "\n\nb: 1").0, "a\n\n");
        assert_eq!(block("| # comment\n  a\n", 0, "").0, "a\n");
        // Lines of spaces after the node: content when beyond the indentation.
        assert_eq!(block("|\n  a", 0, "\n     \n\nb: 1").0, "a\n   \n");
        assert_eq!(block("|+\n  a", 0, "\n").0, "a\n");
    }

    #[test]
    fn json_values() {
        assert_eq!(json_string(r#""a\n\u00e9\ud83d\ude00\/""#).0, "a\né😀/");
        assert_eq!(json_string(r#""\ud800x""#).0, "\u{fffd}x");
        assert_eq!(json_string(r#""\x""#).1, vec![1..3]);
        assert_eq!(json_number("-0.5e2"), Some(Float(-50.0)));
        assert_eq!(json_number("12"), Some(Int(12)));
        assert_eq!(json_number("012"), None);
        assert_eq!(json_number("1."), None);
        assert_eq!(
            json_number("18446744073709551616"),
            Some(BigInt("18446744073709551616".into()))
        );
    }
}
