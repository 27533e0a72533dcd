//! The `$ref` resolver: see `specls::fuzzing::refs`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| specls::fuzzing::refs(data));
