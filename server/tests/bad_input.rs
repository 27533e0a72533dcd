//! Hostile and broken input: a diagnostic or an error message, never a panic or a hang.

use std::io::Write;

use specls::analysis::{self, Loaded};
use specls::cli;
use specls::settings::Settings;
use specls::syntax::{Lang, Parsed};

fn codes(lang: Lang, text: &str) -> Vec<&'static str> {
    analysis::diagnostics(&Parsed::new(lang, text))
        .into_iter()
        .map(|d| d.code)
        .collect()
}

/// Runs `f` on a thread with a 2 MiB stack, Rust's default for spawned threads (the server's
/// own threads have 8 MiB).
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .expect("no panic, no stack overflow")
}

#[test]
fn ten_thousand_levels_of_nesting_do_not_overflow_the_stack() {
    for (lang, open, close) in [
        (Lang::Json, "[", "]"),
        (Lang::Json, "{\"a\":", "}"),
        (Lang::Yaml, "[", "]"),
        (Lang::Yaml, "{a: ", "}"),
    ] {
        let closed = format!("{}1{}", open.repeat(10_000), close.repeat(10_000));
        let c = on_small_stack(move || codes(lang, &closed));
        assert!(c.contains(&"document/too-deep"), "{lang:?} {open}: {c:?}");
        let unclosed = open.repeat(10_000);
        let c = on_small_stack(move || codes(lang, &unclosed));
        assert!(
            !c.is_empty(),
            "{lang:?} {open} unclosed: an error is reported"
        );
    }
}

#[test]
fn an_alias_bomb_costs_nothing_to_check_and_is_refused_by_dump() {
    let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let names = ["b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"];
    let mut prev = "a";
    for n in names {
        text.push_str(&format!(
            "{n}: &{n} [{}]\n",
            vec![format!("*{prev}"); 9].join(", ")
        ));
        prev = n;
    }
    let parsed = Parsed::new(Lang::Yaml, &text);
    assert!(analysis::diagnostics(&parsed).is_empty());
    let err = cli::dump::to_json(&parsed.tree).unwrap_err();
    assert!(err.contains("expanding aliases"), "{err}");
}

#[test]
fn a_recursive_alias_is_not_followed_forever() {
    let parsed = Parsed::new(Lang::Yaml, "a: &x [1, *x]\n");
    let v = cli::dump::to_json(&parsed.tree).unwrap();
    assert_eq!(v, serde_json::json!({"a": [1, null]}));
}

#[test]
fn files_over_the_size_limit_get_one_diagnostic() {
    let dir = tempdir();
    let path = dir.join("big.json");
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(b"[").unwrap();
    for _ in 0..200_000 {
        f.write_all(b"12345,").unwrap();
    }
    f.write_all(b"1]").unwrap();
    drop(f);
    let settings = Settings {
        max_file_size_mb: 1,
        ..Settings::default()
    };
    let r = cli::check_file(&path, &settings).unwrap();
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(r.diagnostics[0].code, "file/too-large");
    assert!(r.diagnostics[0].message.contains("maxFileSizeMb"));
    let r = cli::check_file(&path, &Settings::default()).unwrap();
    assert!(r.diagnostics.is_empty());
}

#[test]
fn empty_binary_and_invalid_utf8_files() {
    let dir = tempdir();
    let empty = dir.join("empty.yaml");
    std::fs::write(&empty, "").unwrap();
    assert!(cli::check_file(&empty, &Settings::default())
        .unwrap()
        .diagnostics
        .is_empty());
    assert_eq!(
        cli::dump::to_json(&Parsed::new(Lang::Yaml, "").tree).unwrap(),
        serde_json::Value::Null
    );

    let nul = dir.join("nul.json");
    std::fs::write(&nul, b"{\"a\": \"\0\"}").unwrap();
    let d = cli::check_file(&nul, &Settings::default())
        .unwrap()
        .diagnostics;
    assert_eq!(
        d.iter().map(|d| d.code).collect::<Vec<_>>(),
        ["file/binary"]
    );

    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, b"a: 1\nb: caf\xe9\n").unwrap();
    match analysis::load_file(&bad, u64::MAX).unwrap() {
        Loaded::Skipped { text, diagnostic } => {
            assert_eq!(text, "a: 1\nb: caf");
            assert_eq!(diagnostic.code, "file/invalid-utf8");
            assert_eq!(diagnostic.range, 11..11);
        }
        Loaded::Text(_) => panic!("invalid UTF-8 read as text"),
    }
}

#[test]
fn tabs_crlf_and_a_bom() {
    assert_eq!(codes(Lang::Yaml, "a:\n\tb: 1\n"), ["syntax/tab-indent"]);
    assert!(codes(Lang::Yaml, "\u{feff}a: 1\r\nb: 2\r\n").is_empty());
    let v =
        cli::dump::to_json(&Parsed::new(Lang::Yaml, "\u{feff}a: 1\r\nb: |\r\n  x\r\n  y\r\n").tree)
            .unwrap();
    assert_eq!(v, serde_json::json!({"a": 1, "b": "x\ny\n"}));
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "specls-test-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
