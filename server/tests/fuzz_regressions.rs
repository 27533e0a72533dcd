//! Every input a fuzzer found a problem with (`server/fuzz/regressions/<target>/`), and the
//! committed seeds (`server/fuzz/seeds/<target>/`), run through the fuzz targets' own code
//! (`specls::fuzzing`): none may panic. The fuzzers themselves run in `.ci/fuzz`.

use std::path::Path;

#[test]
fn fuzz_regressions_and_seeds_run_clean() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut ran = 0;
    for (name, target) in specls::fuzzing::TARGETS {
        for kind in ["regressions", "seeds"] {
            let dir = fuzz.join(kind).join(name);
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                let data = std::fs::read(e.path()).unwrap();
                let path = e.path();
                let result = std::panic::catch_unwind(|| target(&data));
                assert!(result.is_ok(), "{name}: {} panics", path.display());
                ran += 1;
            }
        }
    }
    // The refs seed at least: a test that ran nothing would prove nothing.
    assert!(ran >= 1, "no fuzz input found under {}", fuzz.display());
}
