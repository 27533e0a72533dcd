//! Completion, hover, folding, selection ranges and semantic tokens at offsets the input picks,
//! in any (often half-typed) document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use specls::assist::{self, Env};
use specls::syntax::{Lang, Parsed};

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let Ok(text) = std::str::from_utf8(&data[2..]) else {
        return;
    };
    for lang in [Lang::Yaml, Lang::Json] {
        let parsed = Parsed::new(lang, text);
        let kind = specls::spec::detect(&parsed.tree, &parsed.rope, None);
        let env = Env {
            parsed: &parsed,
            kind: &kind,
            file: None,
            loader: None,
            files: &[],
        };
        let mut offset = (u16::from_le_bytes([data[0], data[1]]) as usize).min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let _ = assist::completions(&env, offset);
        let _ = assist::hover(&env, offset);
        let _ = assist::selection_ranges(&parsed, offset);
        let _ = assist::folding_ranges(&parsed);
        let _ = assist::semantic_tokens(&parsed, None);
    }
});
