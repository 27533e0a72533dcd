//! Completion, hover, folding, selection ranges, semantic tokens: see `specls::fuzzing::assist_at`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| specls::fuzzing::assist_at(data));
