//! Every file of `../shared/corpus` goes through the analysis without a panic, and the values
//! specls reads agree with other parsers: serde_json for JSON, saphyr for YAML.

use rayon::prelude::*;
use serde_json::Value;
use specls::cli::{self, dump};
use specls::settings::Settings;
use specls::syntax::{Lang, Parsed};

mod support;

use support::values::{normalize, saphyr_json};

fn spec_files() -> Vec<std::path::PathBuf> {
    let corpus = support::corpus_dir();
    let files: Vec<_> = support::walk(&corpus)
        .into_iter()
        .filter(|p| Lang::from_path(p).is_some())
        .collect();
    assert!(
        files.len() > 3000,
        "the corpus should hold thousands of specs, found {}",
        files.len()
    );
    files
}

#[test]
fn every_corpus_file_is_checked_without_a_panic() {
    let settings = Settings::default();
    let results: Vec<_> = spec_files()
        .par_iter()
        .map(|path| {
            let r = std::panic::catch_unwind(|| cli::check_file(path, &settings));
            (path.clone(), r)
        })
        .collect();
    let mut panicked = Vec::new();
    for (path, r) in results {
        match r {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => panic!("{}: {e}", path.display()),
            Err(_) => panicked.push(path),
        }
    }
    assert!(panicked.is_empty(), "panics on: {panicked:?}");
}

#[test]
fn values_agree_with_serde_json_and_saphyr() {
    let files = spec_files();
    let outcomes: Vec<(String, &'static str)> = files
        .par_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(path).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            let lang = Lang::from_path(path)?;
            let parsed = Parsed::new(lang, &text);
            if !parsed.errors().is_empty() {
                return Some((path.display().to_string(), "skipped: syntax errors"));
            }
            let ours = normalize(dump::to_json(&parsed.tree).ok()?);
            let theirs = match lang {
                Lang::Json => serde_json::from_str::<Value>(&text).ok(),
                Lang::Yaml => {
                    use saphyr::LoadableYamlNode;
                    let docs = saphyr::Yaml::load_from_str(&text).ok()?;
                    docs.first().and_then(saphyr_json)
                }
            };
            let theirs = theirs.map(normalize);
            let Some(theirs) = theirs else {
                return Some((path.display().to_string(), "skipped: not comparable"));
            };
            if ours == theirs {
                return Some((path.display().to_string(), "same"));
            }
            eprintln!(
                "{}: {}",
                path.display(),
                first_difference(&ours, &theirs, String::new())
            );
            Some((path.display().to_string(), "DIFFERENT"))
        })
        .collect();
    let compared = outcomes
        .iter()
        .filter(|(_, o)| *o == "same" || *o == "DIFFERENT")
        .count();
    let different: Vec<_> = outcomes
        .iter()
        .filter(|(_, o)| *o == "DIFFERENT")
        .map(|(p, _)| p.clone())
        .collect();
    assert!(compared > 2500, "too few files compared: {compared}");
    assert!(
        different.is_empty(),
        "{} of {compared} files read differently: {different:#?}",
        different.len()
    );
}

/// Where two values first differ, for the failure message.
fn first_difference(a: &Value, b: &Value, at: String) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let xk: Vec<_> = x.keys().collect();
            let yk: Vec<_> = y.keys().collect();
            if xk != yk {
                return format!("{at}: keys {xk:?} vs {yk:?}");
            }
            for (k, v) in x {
                if v != &y[k] {
                    return first_difference(v, &y[k], format!("{at}/{k}"));
                }
            }
            String::new()
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                if v != w {
                    return first_difference(v, w, format!("{at}/{i}"));
                }
            }
            String::new()
        }
        _ => format!("{at}: specls {a} vs {b}"),
    }
}

/// The corpus manifest (`sources.tsv`) records each file's kind and version: specls must detect
/// the same for every one of them, and call the files without a marker fragments.
#[test]
fn spec_kinds_match_the_corpus_manifest() {
    use specls::spec::{detect, Family};
    let corpus = support::corpus_dir();
    let tsv = std::fs::read_to_string(corpus.join("sources.tsv")).unwrap();
    let rows: Vec<Vec<&str>> = tsv
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    let mismatches: Vec<String> = rows
        .par_iter()
        .filter_map(|row| {
            let (dest, kind, version) = (row[0], row[7], row.get(8).copied().unwrap_or(""));
            let path = corpus.join(dest);
            let lang = Lang::from_path(&path)?;
            let text = std::fs::read_to_string(&path).ok()?;
            let parsed = Parsed::new(lang, &text);
            let found = detect(&parsed.tree, &parsed.rope, Some(std::path::Path::new(dest)));
            // The test-suite files are arrays of test cases whose schemas carry `$schema`; the
            // manifest names that dialect, but the file itself is no schema document.
            let kind = if dest.contains("JSON-Schema-Test-Suite/tests/") {
                "-"
            } else {
                kind
            };
            let want = match kind {
                "openapi" => Family::OpenApi,
                "swagger" => Family::Swagger,
                "asyncapi" => Family::AsyncApi,
                "jsonschema" => Family::JsonSchema,
                _ => Family::Fragment,
            };
            let ok = if want == Family::Fragment {
                matches!(found.family, Family::Fragment | Family::JsonSchema)
            } else {
                found.family == want && found.version == version
            };
            (!ok).then(|| {
                format!(
                    "{dest}: manifest {kind} {version}, specls {:?} {}",
                    found.family, found.version
                )
            })
        })
        .collect();
    assert!(rows.len() > 3900, "{} rows", rows.len());
    assert!(
        mismatches.is_empty(),
        "{} kinds differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// Every YAML file of the corpus parses without a syntax error, except the files that really
/// are broken YAML; for those, an independent parser (saphyr) must reject them too.
#[test]
fn every_yaml_file_parses_without_an_error_unless_it_is_broken() {
    // Quoted scalars whose continuation lines are not indented more than their key (YAML 1.2
    // requires it; js-yaml, which wrote these files, does not check it).
    const BROKEN: &[&str] = &[
        "openapi/ably/control-v1.yaml",
        "openapi/go-swagger-canary/docker-v1.41/swagger.yaml",
    ];
    let corpus = support::corpus_dir();
    let files: Vec<_> = spec_files()
        .into_iter()
        .filter(|p| Lang::from_path(p) == Some(Lang::Yaml))
        .collect();
    assert!(files.len() > 3000, "{} YAML files", files.len());
    let mut failing: Vec<String> = files
        .par_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(path).ok()?;
            let parsed = Parsed::new(Lang::Yaml, &text);
            let has_error = parsed.cst().root_node().has_error()
                || !parsed.errors().is_empty()
                || specls::analysis::diagnostics(&parsed)
                    .iter()
                    .any(|d| d.code.starts_with("syntax/"));
            has_error.then(|| {
                path.strip_prefix(&corpus)
                    .unwrap_or(path)
                    .to_string_lossy()
                    .replace('\\', "/")
            })
        })
        .collect();
    failing.sort();
    assert_eq!(failing, BROKEN, "YAML files with syntax errors");
    for rel in BROKEN {
        let text = std::fs::read_to_string(corpus.join(rel)).unwrap();
        use saphyr::LoadableYamlNode;
        assert!(
            saphyr::Yaml::load_from_str(&text).is_err(),
            "{rel}: saphyr reads it, so it is not broken"
        );
    }
}
