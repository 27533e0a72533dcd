//! Text positions: byte offsets ⇄ (line, column) in UTF-8 or UTF-16 code units, over a rope.
//!
//! Lines end at `\n`, `\r\n` or `\r`, as in LSP. Positions past the end of a line or of the text,
//! and columns inside a multi-byte character or a surrogate pair, are clamped, never a panic.

use ropey::Rope;

/// How columns are counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PositionEncoding {
    Utf8,
    #[default]
    Utf16,
}

/// A zero-based line and column, the column counted in the encoding's code units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// The byte offset of a position, clamped into the text.
pub fn offset_of(rope: &Rope, pos: LineCol, enc: PositionEncoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let line_start_char = rope.line_to_char(line);
    let line_slice = rope.line(line);
    // Columns count up to the end of the line's content, not into its line break.
    let content_chars = line_slice.len_chars() - line_break_chars(&line_slice);
    let col = pos.col as usize;
    let char_in_line = match enc {
        PositionEncoding::Utf8 => {
            let content_bytes = line_slice.char_to_byte(content_chars);
            // A byte inside a multi-byte character rounds down to that character.
            line_slice.byte_to_char(col.min(content_bytes))
        }
        PositionEncoding::Utf16 => {
            let content_cu = line_slice.char_to_utf16_cu(content_chars);
            // A code unit inside a surrogate pair rounds down to the character.
            line_slice.utf16_cu_to_char(col.min(content_cu))
        }
    };
    rope.char_to_byte(line_start_char + char_in_line)
}

/// The position of a byte offset (clamped to the text, rounded down to a character boundary).
pub fn position_of(rope: &Rope, offset: usize, enc: PositionEncoding) -> LineCol {
    let offset = offset.min(rope.len_bytes());
    let char_idx = rope.byte_to_char(offset);
    let line = rope.char_to_line(char_idx);
    let line_start_char = rope.line_to_char(line);
    let col = match enc {
        PositionEncoding::Utf8 => offset_at_char(rope, char_idx) - rope.line_to_byte(line),
        PositionEncoding::Utf16 => {
            rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(line_start_char)
        }
    };
    LineCol {
        line: line as u32,
        col: col as u32,
    }
}

fn offset_at_char(rope: &Rope, char_idx: usize) -> usize {
    rope.char_to_byte(char_idx)
}

fn line_break_chars(line: &ropey::RopeSlice<'_>) -> usize {
    let n = line.len_chars();
    if n == 0 {
        return 0;
    }
    match line.char(n - 1) {
        '\n' if n >= 2 && line.char(n - 2) == '\r' => 2,
        '\n' | '\r' => 1,
        _ => 0,
    }
}

/// The text of a byte range, clamped to the text and widened to whole characters, so that any
/// range is safe to ask for.
pub fn slice(rope: &Rope, range: std::ops::Range<usize>) -> std::borrow::Cow<'_, str> {
    let len = rope.len_bytes();
    // Most ranges (keys, scalars) lie in one chunk of the rope: one lookup instead of five.
    // Chunks start and end on character boundaries, so widening stays inside the chunk.
    let (first, last) = (range.start.min(len), range.end.min(len));
    let (chunk, chunk_start, _, _) = rope.chunk_at_byte(first);
    if last.max(first) - chunk_start <= chunk.len() {
        let mut a = first - chunk_start;
        while !chunk.is_char_boundary(a) {
            a -= 1;
        }
        let mut b = (last.max(chunk_start) - chunk_start).max(a);
        while !chunk.is_char_boundary(b) {
            b += 1;
        }
        return std::borrow::Cow::Borrowed(&chunk[a..b]);
    }
    let start = rope.char_to_byte(rope.byte_to_char(range.start.min(len)));
    let end_char = rope.byte_to_char(range.end.min(len).max(start));
    // Round the end up to the end of the character it falls in.
    let end = if rope.char_to_byte(end_char) < range.end.min(len) {
        rope.char_to_byte(end_char + 1)
    } else {
        rope.char_to_byte(end_char)
    };
    rope.byte_slice(start..end).into()
}

/// Line and column for people: one-based line, one-based column in characters.
pub fn human_position(rope: &Rope, offset: usize) -> (usize, usize) {
    let offset = offset.min(rope.len_bytes());
    let char_idx = rope.byte_to_char(offset);
    let line = rope.char_to_line(char_idx);
    (line + 1, char_idx - rope.line_to_char(line) + 1)
}

/// The tree-sitter point of a byte offset (row counted by the rope's lines, column in bytes).
pub fn ts_point(rope: &Rope, offset: usize) -> tree_sitter::Point {
    let offset = offset.min(rope.len_bytes());
    let line = rope.byte_to_line(offset);
    tree_sitter::Point {
        row: line,
        column: offset - rope.line_to_byte(line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PositionEncoding::*;

    fn lc(line: u32, col: u32) -> LineCol {
        LineCol { line, col }
    }

    #[test]
    fn non_ascii_round_trips_in_both_encodings() {
        // "é" is 2 bytes / 1 UTF-16 unit; "😀" 4 bytes / 2 units; "中" 3 / 1; "e\u{301}" 1+2 / 1+1.
        let text = "a: é😀中e\u{301}x\r\nb: 😀\rc\n";
        let rope = Rope::from_str(text);
        let x = text.find('x').unwrap();
        assert_eq!(position_of(&rope, x, Utf16), lc(0, 3 + 1 + 2 + 1 + 2));
        assert_eq!(position_of(&rope, x, Utf8), lc(0, 3 + 2 + 4 + 3 + 3));
        for enc in [Utf8, Utf16] {
            // (The middle of a `\r\n` is no position: it clamps to the line's end.)
            for (offset, _) in text
                .char_indices()
                .filter(|&(i, c)| !(c == '\n' && text[..i].ends_with('\r')))
            {
                let pos = position_of(&rope, offset, enc);
                assert_eq!(
                    offset_of(&rope, pos, enc),
                    offset,
                    "{enc:?} {offset} {pos:?}"
                );
            }
        }
        // `\r` alone ends a line, as in LSP.
        assert_eq!(position_of(&rope, text.find('c').unwrap(), Utf16), lc(2, 0));
    }

    #[test]
    fn positions_are_clamped() {
        let text = "ab😀\nxy";
        let rope = Rope::from_str(text);
        // Past the end of a line: the end of that line's content, not its line break.
        assert_eq!(offset_of(&rope, lc(0, 99), Utf16), 6);
        // Past the last line: the end of the text.
        assert_eq!(offset_of(&rope, lc(99, 0), Utf16), text.len());
        // Inside the surrogate pair of 😀: the start of the emoji.
        assert_eq!(offset_of(&rope, lc(0, 3), Utf16), 2);
        // Inside the UTF-8 bytes of 😀: the start of the emoji.
        assert_eq!(offset_of(&rope, lc(0, 4), Utf8), 2);
        assert_eq!(position_of(&rope, 1000, Utf8), lc(1, 2));
        // A byte inside a character rounds down.
        assert_eq!(position_of(&rope, 3, Utf16), lc(0, 2));
    }

    #[test]
    fn cjk_and_combining_marks() {
        let text = "名前: 値\ne\u{301}\u{301}: 1";
        let rope = Rope::from_str(text);
        let colon = text.rfind(':').unwrap();
        assert_eq!(position_of(&rope, colon, Utf16), lc(1, 3));
        assert_eq!(position_of(&rope, colon, Utf8), lc(1, 5));
        assert_eq!(offset_of(&rope, lc(0, 4), Utf16), text.find('値').unwrap());
    }

    /// Any byte range, over chunk boundaries and inside multi-byte characters, gives the text
    /// from the start of the character the range starts in to the end of the one it ends in.
    #[test]
    fn slice_widens_to_whole_characters_within_and_across_chunks() {
        let text: String = (0..20_000)
            .map(|i| ["a", "é", "値", "😀", "\n"][i % 5])
            .collect();
        let rope = Rope::from_str(&text);
        assert!(rope.chunks().count() > 10, "the text spans many chunks");
        let floor = |mut i: usize| {
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let ceil = |mut i: usize| {
            while !text.is_char_boundary(i) {
                i += 1;
            }
            i
        };
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let len = text.len();
        for _ in 0..20_000 {
            let a = rng.random_range(0..=len + 3);
            let b = if rng.random_bool(0.8) {
                a.saturating_add(rng.random_range(0..40))
            } else {
                rng.random_range(0..=len + 3)
            };
            let start = floor(a.min(len));
            let end = ceil(b.min(len).max(start));
            assert_eq!(slice(&rope, a..b), &text[start..end], "range {a}..{b}");
        }
    }
}
