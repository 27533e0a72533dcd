//! Spectral rulesets: the time the custom rules of a ruleset add to an analysis, on a generated
//! spec (or a spec given on the command line): a ruleset of a dozen typical rules, a `$..*`
//! rule, a path that expands past the visit limit, and a regex that backtracks exponentially
//! in JavaScript. What the tests assert about the same rulesets is their results.
//!
//! ```text
//! cargo bench -p specls --bench rulesets [-- SPEC]
//! ```
//! Prints median and p95 of each as a markdown table.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use specls::lint::ruleset;
use specls::syntax::{Lang, Parsed};

const TYPICAL: &str = r#"
rules:
  info-contact-email:
    given: $.info.contact
    then: {field: email, function: truthy}
  paths-kebab:
    given: $.paths[*]~
    then: {function: pattern, functionOptions: {match: '^(/[a-z0-9-]+|/\{[a-zA-Z]+\})+$'}}
  operation-summary:
    given: '#OperationObject'
    then: {field: summary, function: truthy}
  operation-id-camel:
    given: $.paths[*][*].operationId
    then: {function: casing, functionOptions: {type: camel}}
  no-x-headers:
    given: "$..parameters[?(@.in == 'header')].name"
    then: {function: pattern, functionOptions: {notMatch: '/^x-/i'}}
  error-content:
    given: $.paths..responses[?(@property >= 400 && @property < 600)]
    then: {field: content, function: defined}
  descriptions:
    given: $..description
    then: {function: length, functionOptions: {min: 2}}
  schema-names:
    given: $.components.schemas[*]~
    then: {function: casing, functionOptions: {type: pascal}}
  enums-typed:
    given: $..[?(@.enum)]
    then: {function: typedEnum}
  unused-schemas:
    given: $.components.schemas
    then: {function: unreferencedReusableObject, functionOptions: {reusableObjectsLocation: '#/components/schemas'}}
"#;

const EVERYTHING: &str = "rules:\n  all:\n    given: $..*\n    then: {function: defined}\n";
const EXPLODE: &str = "rules:\n  x:\n    given: $..*..*..*..*..*..*\n    then: {function: falsy}\n";
const BACKTRACK: &str =
    "rules:\n  b:\n    given: $..description\n    then: {function: pattern, functionOptions: {match: '^(a+)+$'}}\n";

fn generated() -> String {
    let mut s = String::from(
        "openapi: 3.0.3\ninfo: {title: t, version: '1', contact: {name: n}}\npaths:\n",
    );
    for i in 0..2000 {
        s.push_str(&format!(
            "  /things{i}/{{id}}:\n    get:\n      operationId: GetThing{i}\n      description: {}!\n      parameters:\n        - {{name: X-Trace, in: header, schema: {{type: string}}}}\n      responses:\n        '200':\n          description: ok\n        '404':\n          description: missing\n",
            "a".repeat(30)
        ));
    }
    s.push_str("components:\n  schemas:\n");
    for i in 0..500 {
        s.push_str(&format!(
            "    thing_{i}:\n      type: string\n      enum: [a, b, {i}]\n"
        ));
    }
    s.push_str(&format!(
        "x-deep: {}1{}\n",
        "{a: ".repeat(40),
        "}".repeat(40)
    ));
    s
}

fn main() {
    let arg = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let (name, text) = match arg {
        Some(p) => {
            let text = std::fs::read_to_string(&p).expect("read the spec");
            (p, text)
        }
        None => ("generated (2,000 paths)".to_string(), generated()),
    };
    let lang = Lang::from_path(std::path::Path::new(&name)).unwrap_or(Lang::Yaml);
    let parsed = Parsed::new(lang, &text);
    let kind = specls::spec::detect(&parsed.tree, &parsed.rope, None);
    let root = std::env::temp_dir();
    println!("spec: {name}, {} KB\n", text.len() / 1024);
    println!("| ruleset | findings | median | p95 |\n|---|---|---|---|");
    for (label, rules) in [
        ("typical (10 rules)", TYPICAL),
        ("`$..*`", EVERYTHING),
        ("exploding path", EXPLODE),
        ("backtracking regex", BACKTRACK),
    ] {
        let rs = ruleset::load(&PathBuf::from(".spectral.yaml"), rules, &root);
        assert!(rs.diagnostics.is_empty(), "{:?}", rs.diagnostics);
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..7 {
            let start = Instant::now();
            found = ruleset::run(&rs, &parsed, &kind, None).len();
            times.push(start.elapsed());
        }
        times.sort();
        let (median, p95): (Duration, Duration) = (times[times.len() / 2], times[times.len() - 1]);
        println!(
            "| {label} | {found} | {:.1} ms | {:.1} ms |",
            median.as_secs_f64() * 1e3,
            p95.as_secs_f64() * 1e3
        );
    }
}
