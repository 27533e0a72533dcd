//! Random edits for the randomized editing tests: positions in the editor's terms (line and
//! column in UTF-16 or UTF-8 code units, maybe past the end of a line or inside a character),
//! and an independent conversion to byte offsets with the server's clamping rules.

use rand::rngs::StdRng;
use rand::Rng;

/// Which code units a column counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Units {
    Utf16,
    Utf8,
}

/// A position → byte offset conversion written independently of the server's, with the same
/// clamping rules: past the line's end → the end of its content; inside a character → its start;
/// past the last line → the end of the text.
pub fn naive_offset(text: &str, line: u32, col: u32, units: Units) -> usize {
    let mut start = 0usize;
    let mut l = 0u32;
    let bytes = text.as_bytes();
    while l < line {
        match bytes[start..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
        {
            Some(i) => {
                let nl = start + i;
                start = if bytes[nl] == b'\r' && bytes.get(nl + 1) == Some(&b'\n') {
                    nl + 2
                } else {
                    nl + 1
                };
                l += 1;
            }
            None => return text.len(),
        }
    }
    let line_text = &text[start..];
    let end = line_text.find(['\n', '\r']).unwrap_or(line_text.len());
    let mut count = 0u32;
    for (i, c) in line_text[..end].char_indices() {
        let w = match units {
            Units::Utf16 => c.len_utf16() as u32,
            Units::Utf8 => c.len_utf8() as u32,
        };
        if count + w > col {
            return start + i;
        }
        count += w;
    }
    start + end
}

/// What random edits insert: structure, quotes, multi-byte characters (an emoji is a surrogate
/// pair in UTF-16), tabs, CRLF, anchors and aliases, block scalars, JSON.
pub const INSERTS: &[&str] = &[
    "a",
    " ",
    "\n",
    ":",
    ": ",
    "- ",
    "\"",
    "'",
    "{",
    "}",
    "[",
    "]",
    ",",
    "#",
    "😀",
    "é",
    "中",
    "\t",
    "\r\n",
    "key: value\n",
    "  ",
    "&x ",
    "*x",
    "|\n  text\n",
    "{\"a\": 1}",
    "0",
    "true",
    "$ref: '#/components/schemas/",
];

/// One random edit: its range in editor terms (start, end; possibly past the end of a line or
/// inside a character), the bytes it replaces, and the text it inserts.
#[derive(Clone, Debug)]
pub struct RandomEdit {
    pub start: (u32, u32),
    pub end: (u32, u32),
    pub bytes: std::ops::Range<usize>,
    pub insert: String,
}

/// A random edit of `text`: an insertion (60%) or a deletion or replacement of up to a few lines.
pub fn random_edit(rng: &mut StdRng, text: &str, units: Units) -> RandomEdit {
    let lines = text.split('\n').count() as u32;
    let line = rng.random_range(0..lines + 1);
    let col = rng.random_range(0..120);
    let (end_line, end_col) = if rng.random_bool(0.4) {
        (line + rng.random_range(0..3), rng.random_range(0..120))
    } else {
        (line, col)
    };
    let (a, b) = (
        naive_offset(text, line, col, units),
        naive_offset(text, end_line, end_col, units),
    );
    let (start, end, bytes) = if b < a {
        ((end_line, end_col), (line, col), b..a)
    } else {
        ((line, col), (end_line, end_col), a..b)
    };
    let insert = if rng.random_bool(0.3) {
        String::new()
    } else {
        INSERTS[rng.random_range(0..INSERTS.len())].to_string()
    };
    RandomEdit {
        start,
        end,
        bytes,
        insert,
    }
}
