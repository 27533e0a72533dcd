//! Randomized editing: thousands of random edits (single and batched, at random UTF-16 positions,
//! including positions past the end of lines and inside surrogate pairs) on real specs from
//! `../shared/corpus`. After each batch, the incrementally maintained text, syntax tree, node tree
//! and syntax errors must equal those of a fresh parse of the same text.
//! `SPECLS_SEED=<n>` replays one seed.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use specls::syntax::{Lang, LineCol, Parsed, PositionEncoding, SourceFile, TextChange};

mod support;

use support::edits::{random_edit, RandomEdit, Units};

fn random_change(rng: &mut StdRng, text: &str, enc: PositionEncoding) -> (TextChange, RandomEdit) {
    let units = match enc {
        PositionEncoding::Utf16 => Units::Utf16,
        PositionEncoding::Utf8 => Units::Utf8,
    };
    let edit = random_edit(rng, text, units);
    let at = |(line, col): (u32, u32)| LineCol { line, col };
    let change = TextChange {
        range: Some((at(edit.start), at(edit.end))),
        text: edit.insert.clone(),
    };
    (change, edit)
}

#[derive(Default, Debug)]
struct Stats {
    batches: usize,
    /// Incremental reparses with syntax errors, redone from scratch before the comparison.
    unsettled: usize,
    /// Of those, the ones whose tree differed from a fresh parse before they were redone.
    recovered_differently: usize,
}

fn fuzz_file(path: &str, lang: Lang, seed: u64, batches: usize, stats: &mut Stats) {
    let original = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut rng = StdRng::seed_from_u64(seed);
    let enc = if seed.is_multiple_of(2) {
        PositionEncoding::Utf16
    } else {
        PositionEncoding::Utf8
    };
    let mut file = SourceFile::new(lang, &original);
    let mut text = original.clone();
    let mut history: Vec<String> = Vec::new();
    for batch in 0..batches {
        // Now and then, undo: go back to an earlier text by replacing everything in one change
        // (as an editor's undo of a large edit does), else 1–3 random edits.
        if !history.is_empty() && rng.random_bool(0.05) {
            let back = history.swap_remove(rng.random_range(0..history.len()));
            file.edit(
                &TextChange {
                    range: None,
                    text: back.clone(),
                },
                enc,
            );
            text = back;
        } else {
            let n = rng.random_range(1..=3);
            for _ in 0..n {
                let (change, edit) = random_change(&mut rng, &text, enc);
                file.edit(&change, enc);
                text.replace_range(edit.bytes, &edit.insert);
            }
        }
        if rng.random_bool(0.1) {
            history.push(text.clone());
        }
        let incremental = file.parsed();
        let context = || format!("{path} seed {seed} batch {batch}");
        assert_eq!(
            incremental.rope.to_string(),
            text,
            "text differs: {}",
            context()
        );
        let fresh = Parsed::new(lang, &text);
        stats.batches += 1;
        let same = incremental.cst().root_node().to_sexp() == fresh.cst().root_node().to_sexp();
        if !incremental.settled {
            stats.unsettled += 1;
        }
        let incremental = if same {
            incremental
        } else {
            // Only an incremental reparse with syntax errors may differ: tree-sitter can recover
            // from errors differently when it reuses the old tree. The server redoes such a
            // parse from scratch when typing pauses (`SourceFile::settle`); so does this test.
            assert!(!incremental.settled, "syntax tree differs: {}", context());
            stats.recovered_differently += 1;
            file.settle()
        };
        assert_eq!(
            incremental.cst().root_node().to_sexp(),
            fresh.cst().root_node().to_sexp(),
            "syntax tree differs: {}",
            context()
        );
        assert_eq!(
            incremental.tree,
            fresh.tree,
            "node tree differs: {}",
            context()
        );
        assert_eq!(
            incremental.errors(),
            fresh.errors(),
            "syntax errors differ: {}",
            context()
        );
    }
}

/// Real specs of moderate size (a fresh parse per batch must stay cheap).
const FILES: &[&str] = &[
    "openapi/redocly-museum/openapi.yaml",
    "openapi/realworld/openapi.yml",
    "openapi/prometheus-alertmanager/openapi.yaml",
    "openapi/swagger-petstore/openapi.yaml",
    "asyncapi/asyncapi-spec-examples-2.6.0/streetlights-kafka.yml",
    "openapi/oai-learn/webhook-example.json",
    "openapi/ruter/api-spec.json",
    "multifile/sendgrid-v3/spec/paths/alerts.json",
];

#[test]
fn incremental_parse_equals_fresh_parse_after_random_edits() {
    let corpus = support::corpus_dir();
    let seeds: Vec<u64> = match std::env::var("SPECLS_SEED") {
        Ok(s) => vec![s.parse().expect("SPECLS_SEED is a number")],
        Err(_) => (0..FILES.len() as u64).collect(),
    };
    let mut total = 0;
    let mut stats = Stats::default();
    for (i, rel) in FILES.iter().enumerate() {
        let path = support::find_in_corpus(&corpus, rel);
        let lang = Lang::from_path(&path).unwrap();
        for &seed in &seeds {
            let seed = seed * 1000 + i as u64;
            fuzz_file(path.to_str().unwrap(), lang, seed, 250, &mut stats);
            total += 250;
        }
    }
    assert!(total >= 2000, "ran {total} batches");
    assert_eq!(stats.batches, total);
    // Error recovery that depends on what was reused is rare: a few in ten thousand batches.
    eprintln!("random edits: {stats:?}");
    assert!(
        stats.recovered_differently * 100 <= stats.unsettled.max(1),
        "incremental error recovery differs from a fresh parse too often: {stats:?}"
    );
}
