//! The breaking-change diff: see `specls::fuzzing::diff`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| specls::fuzzing::diff(data));
