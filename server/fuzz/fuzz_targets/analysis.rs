//! Schema validation, spec checks and lint rules: see `specls::fuzzing::analysis`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| specls::fuzzing::analysis(data));
