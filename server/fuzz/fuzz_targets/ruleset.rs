//! Spectral rulesets, loaded and run: see `specls::fuzzing::ruleset`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| specls::fuzzing::ruleset(data));
