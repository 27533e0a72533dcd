//! Parsing to the node tree: see `specls::fuzzing::syntax`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| specls::fuzzing::syntax(data));
