//! Parsing to the node tree: any bytes, as YAML and as JSON, through the same path a file takes
//! (size limit, binary and UTF-8 checks), then the tree walked (JSON values, pointers at offsets,
//! outline). Also an incremental edit: the input's first bytes say where to insert what.
#![no_main]

use libfuzzer_sys::fuzz_target;
use specls::analysis::load::{from_bytes, Loaded};
use specls::syntax::{Lang, LineCol, Parsed, PositionEncoding, SourceFile, TextChange};

fuzz_target!(|data: &[u8]| {
    let text = match from_bytes(data.to_vec(), 64 << 20) {
        Loaded::Text(t) => t,
        Loaded::Skipped { .. } => String::from_utf8_lossy(data).into_owned(),
    };
    for lang in [Lang::Yaml, Lang::Json] {
        let parsed = Parsed::new(lang, &text);
        let _ = specls::syntax::value::to_json(&parsed.tree);
        for offset in [0, text.len() / 3, text.len() / 2, text.len()] {
            let _ = parsed.tree.path_at(offset);
        }
        let kind = specls::spec::detect(&parsed.tree, &parsed.rope, None);
        let _ = specls::analysis::outline::outline(&parsed, &kind);

        // An edit somewhere, then the incremental parse.
        if data.len() >= 3 {
            let mut file = SourceFile::new(lang, &text);
            let at = LineCol {
                line: data[0] as u32 % 64,
                col: data[1] as u32 % 64,
            };
            let insert = ["\n", "- ", ": ", "{", "\"", "😀", "  "][data[2] as usize % 7];
            file.edit(
                &TextChange {
                    range: Some((at, at)),
                    text: insert.to_string(),
                },
                PositionEncoding::Utf16,
            );
            let _ = file.parsed();
            let _ = file.settle();
        }
    }
});
