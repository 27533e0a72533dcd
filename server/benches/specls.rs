//! Benchmarks: see BENCHMARKS.md (being written).
fn main() {}
