//! The query files of both languages, run on a small OpenAPI document: the exact keys, `$ref`
//! values, `operationId` values, fold ranges and highlights they produce.

use specls_grammars::Lang;
use tree_sitter::{Parser, Query, QueryCursor, StreamingIterator, Tree};
use tree_sitter_highlight::{HighlightConfiguration, HighlightEvent, Highlighter};

const YAML: &str = r##"%YAML 1.2
---
# A small API
openapi: 3.0.0
info:
  title: Pets
  version: "1.0"
  description: "Lists the pets
    in the store"
  x-logo: &logo {url: 'logo.png', alt: Pets}
  x-summary: >
    A folded
    block scalar.
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - $ref: '#/components/parameters/Limit'
        - {$ref: "#/components/parameters/Offset"}
        - name: verbose
          in: query
      responses:
        200:
          description: OK
          content: {application/json: {schema: {$ref: '#/components/schemas/Pets'}}}
        '404': {description: Not found}
    post:
      "operationId": "createPet"
      summary: $ref
      x-flags: [true, null, 42, ~,
        -1.5e3, 0x1F, .inf, False, 3.0.0]
      x-logo: *logo
      x-count: !!int "7"
components:
  schemas:
    Pets:
      type: array
      items:
        "$ref": "#/components/schemas/Pet"
...
"##;

const JSON: &str = r##"{
  "openapi": "3.0.0",
  "info": {"title": "Pets", "version": "1.0"},
  "paths": {
    "/pets": {
      "get": {
        "operationId": "listPets", "summary": "$ref",
        "parameters": [
          {"$ref": "#/components/parameters/Limit"}
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pets"}}}
          }
        },
        "deprecated": true,
        "x-count": 42,
        "x-empty": null
      }
    }
  }
}
"##;

fn parse(lang: Lang, src: &str) -> Tree {
    let mut parser = Parser::new();
    parser.set_language(&lang.language()).unwrap();
    let tree = parser.parse(src, None).unwrap();
    assert!(
        !tree.root_node().has_error(),
        "{}",
        tree.root_node().to_sexp()
    );
    tree
}

/// A captured node: the capture's name, the node's kind and text, and the rows of its start and
/// of its last character that is not whitespace (a node's range can run on over the whitespace
/// after it, into the next line's indentation).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Capture {
    name: String,
    kind: String,
    text: String,
    start_row: usize,
    last_row: usize,
}

/// The captures of every match of `query` over `src`, match by match, in document order.
fn matches(lang: Lang, query: &str, src: &str) -> Vec<Vec<Capture>> {
    let tree = parse(lang, src);
    let query = Query::new(&lang.language(), query).unwrap();
    let mut cursor = QueryCursor::new();
    let mut it = cursor.matches(&query, tree.root_node(), src.as_bytes());
    let mut out = Vec::new();
    while let Some(m) = it.next() {
        let mut captures: Vec<(usize, Capture)> = m
            .captures()
            .iter()
            .map(|c| {
                let node = c.node;
                let text = &src[node.byte_range()];
                let start_row = node.start_position().row;
                (
                    node.start_byte(),
                    Capture {
                        name: query.capture_names()[c.index as usize].to_string(),
                        kind: node.kind().to_string(),
                        text: text.to_string(),
                        start_row,
                        last_row: start_row + text.trim_end().matches('\n').count(),
                    },
                )
            })
            .collect();
        captures.sort_by_key(|(start, _)| *start);
        let start = captures.first().map_or(0, |(start, _)| *start);
        out.push((start, captures.into_iter().map(|(_, c)| c).collect()));
    }
    out.sort_by_key(|(start, _): &(usize, Vec<Capture>)| *start);
    out.into_iter().map(|(_, m)| m).collect()
}

/// The texts captured as `name`, in document order.
fn texts(lang: Lang, query: &str, src: &str, name: &str) -> Vec<String> {
    let mut all: Vec<Capture> = matches(lang, query, src).into_iter().flatten().collect();
    all.retain(|c| c.name == name);
    all.into_iter().map(|c| c.text).collect()
}

/// The (key, value) texts of the matches that capture `<prefix>.key` and `<prefix>.value`.
fn key_values(lang: Lang, src: &str, prefix: &str) -> Vec<(String, String)> {
    let key = format!("{prefix}.key");
    let value = format!("{prefix}.value");
    let mut out = Vec::new();
    for m in matches(lang, lang.locations_query(), src) {
        let find = |name: &str| m.iter().find(|c| c.name == name).map(|c| c.text.clone());
        match (find(&key), find(&value)) {
            (Some(k), Some(v)) => out.push((k, v)),
            (None, None) => {}
            other => panic!("a {prefix} match with only one side: {other:?}"),
        }
    }
    out
}

/// The folds of `src` that span rows: (node kind, first row, last row with text).
fn folds(lang: Lang, src: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for m in matches(lang, lang.folds_query(), src) {
        for c in m {
            assert_eq!(c.name, "fold");
            if c.last_row > c.start_row {
                out.push((c.kind, c.start_row, c.last_row));
            }
        }
    }
    out
}

/// The highlight names the client knows (tree-sitter-highlight maps each capture to the longest
/// of these that prefixes it; captures that map to none, like `@_ref_key`, highlight nothing).
const HIGHLIGHT_NAMES: &[&str] = &[
    "boolean",
    "comment",
    "constant.builtin",
    "keyword.directive",
    "label",
    "number",
    "property",
    "punctuation.bracket",
    "punctuation.delimiter",
    "punctuation.special",
    "string",
    "string.escape",
    "string.special.url",
    "type",
];

/// Every highlighted span of `src` as tree-sitter-highlight resolves it (one highlight per node,
/// the later pattern winning): (highlight name, text), in document order.
fn highlights(lang: Lang, src: &str) -> Vec<(&'static str, String)> {
    let mut config = HighlightConfiguration::new(
        lang.language(),
        lang.name(),
        lang.highlights_query(),
        "",
        "",
    )
    .unwrap();
    config.configure(HIGHLIGHT_NAMES);
    let mut highlighter = Highlighter::new();
    let events = highlighter
        .highlight(&config, src.as_bytes(), None, None, |_| None)
        .unwrap();
    let (mut pos, mut open, mut spans) = (0, Vec::new(), Vec::new());
    for event in events {
        match event.unwrap() {
            HighlightEvent::Source { end, .. } => pos = end,
            HighlightEvent::HighlightStart(h) => open.push((HIGHLIGHT_NAMES[h.0], pos)),
            HighlightEvent::HighlightEnd => {
                let (name, start) = open.pop().unwrap();
                spans.push((start, name, src[start..pos].to_string()));
            }
        }
    }
    assert!(open.is_empty());
    spans.sort_by_key(|(start, _, _)| *start);
    spans.into_iter().map(|(_, n, t)| (n, t)).collect()
}

/// The texts highlighted as `name`.
fn highlighted(spans: &[(&str, String)], name: &str) -> Vec<String> {
    spans
        .iter()
        .filter(|(n, _)| *n == name)
        .map(|(_, t)| t.clone())
        .collect()
}

/// The highlights of every span whose text is `text`.
fn highlight_of<'a>(spans: &[(&'a str, String)], text: &str) -> Vec<&'a str> {
    spans
        .iter()
        .filter(|(_, t)| t == text)
        .map(|(n, _)| *n)
        .collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

const YAML_KEYS: &[&str] = &[
    "openapi",
    "info",
    "title",
    "version",
    "description",
    "x-logo",
    "url",
    "alt",
    "x-summary",
    "paths",
    "/pets",
    "get",
    "operationId",
    "parameters",
    "$ref",
    "$ref",
    "name",
    "in",
    "responses",
    "200",
    "description",
    "content",
    "application/json",
    "schema",
    "$ref",
    "'404'",
    "description",
    "post",
    "\"operationId\"",
    "summary",
    "x-flags",
    "x-logo",
    "x-count",
    "components",
    "schemas",
    "Pets",
    "type",
    "items",
    "\"$ref\"",
];

const JSON_KEYS: &[&str] = &[
    "\"openapi\"",
    "\"info\"",
    "\"title\"",
    "\"version\"",
    "\"paths\"",
    "\"/pets\"",
    "\"get\"",
    "\"operationId\"",
    "\"summary\"",
    "\"parameters\"",
    "\"$ref\"",
    "\"responses\"",
    "\"200\"",
    "\"description\"",
    "\"content\"",
    "\"application/json\"",
    "\"schema\"",
    "\"$ref\"",
    "\"deprecated\"",
    "\"x-count\"",
    "\"x-empty\"",
];

#[test]
fn yaml_locations_capture_every_key_with_its_pair() {
    let lang = Lang::Yaml;
    assert_eq!(
        texts(lang, lang.locations_query(), YAML, "key"),
        strings(YAML_KEYS)
    );
    let mut pairs = 0;
    for m in matches(lang, lang.locations_query(), YAML) {
        let Some(key) = m.iter().find(|c| c.name == "key") else {
            continue;
        };
        let pair = m
            .iter()
            .find(|c| c.name == "pair")
            .expect("a key without its pair");
        assert!(
            ["block_mapping_pair", "flow_pair"].contains(&pair.kind.as_str()),
            "{pair:?}"
        );
        assert!(pair.text.starts_with(&key.text), "{key:?} in {pair:?}");
        pairs += 1;
    }
    assert_eq!(pairs, YAML_KEYS.len());
}

#[test]
fn yaml_locations_capture_refs_block_and_flow_and_operation_ids() {
    let lang = Lang::Yaml;
    let pairs = |items: &[(&str, &str)]| -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    // `summary: $ref` has `$ref` as a value, not as a key: it is no reference.
    assert_eq!(
        key_values(lang, YAML, "ref"),
        pairs(&[
            ("$ref", "'#/components/parameters/Limit'"),
            ("$ref", "\"#/components/parameters/Offset\""),
            ("$ref", "'#/components/schemas/Pets'"),
            ("\"$ref\"", "\"#/components/schemas/Pet\""),
        ])
    );
    assert_eq!(
        key_values(lang, YAML, "operation_id"),
        pairs(&[
            ("operationId", "listPets"),
            ("\"operationId\"", "\"createPet\""),
        ])
    );
}

#[test]
fn yaml_folds_cover_pairs_items_flow_collections_and_multi_line_scalars() {
    let fold = |kind: &str, start: usize, end: usize| (kind.to_string(), start, end);
    let pair = "block_mapping_pair";
    assert_eq!(
        folds(Lang::Yaml, YAML),
        vec![
            fold(pair, 4, 12), // info
            fold(pair, 7, 8),  // description: "…
            fold("double_quote_scalar", 7, 8),
            fold(pair, 10, 12), // x-summary: >
            fold("block_scalar", 10, 12),
            fold(pair, 13, 33), // paths
            fold(pair, 14, 33), // /pets
            fold(pair, 15, 26), // get
            fold(pair, 17, 21), // parameters
            fold("block_sequence_item", 20, 21),
            fold(pair, 22, 26), // responses
            fold(pair, 23, 25), // 200
            fold(pair, 27, 33), // post
            fold(pair, 30, 31), // x-flags: [ …
            fold("flow_sequence", 30, 31),
            fold(pair, 34, 39), // components
            fold(pair, 35, 39), // schemas
            fold(pair, 36, 39), // Pets
            fold(pair, 38, 39), // items
        ]
    );
}

#[test]
fn yaml_highlights_set_keys_apart_and_resolve_core_schema_scalars() {
    let spans = highlights(Lang::Yaml, YAML);
    // Keys are properties, even `200` (a number as a value) and `$ref` (whose value is a link).
    assert_eq!(highlighted(&spans, "property"), strings(YAML_KEYS));
    assert_eq!(highlight_of(&spans, "openapi"), ["property"]);
    assert_eq!(highlight_of(&spans, "200"), ["property"]);
    assert_eq!(
        highlight_of(&spans, "$ref"),
        ["property", "property", "property", "string"]
    );
    assert_eq!(
        highlighted(&spans, "string.special.url"),
        strings(&[
            "'#/components/parameters/Limit'",
            "\"#/components/parameters/Offset\"",
            "'#/components/schemas/Pets'",
            "\"#/components/schemas/Pet\"",
        ])
    );
    // YAML 1.2 core schema: only whole plain scalars; `3.0.0` and quoted numbers are strings.
    assert_eq!(highlight_of(&spans, "3.0.0"), ["string", "string"]);
    assert_eq!(highlight_of(&spans, "\"1.0\""), ["string"]);
    assert_eq!(
        highlighted(&spans, "number"),
        strings(&["42", "-1.5e3", "0x1F", ".inf"])
    );
    assert_eq!(highlighted(&spans, "boolean"), strings(&["true", "False"]));
    assert_eq!(
        highlighted(&spans, "constant.builtin"),
        strings(&["null", "~"])
    );
    assert_eq!(
        highlighted(&spans, "string"),
        strings(&[
            "3.0.0",
            "Pets",
            "\"1.0\"",
            "\"Lists the pets\n    in the store\"",
            "'logo.png'",
            "Pets",
            ">\n    A folded\n    block scalar.",
            "listPets",
            "verbose",
            "query",
            "OK",
            "Not found",
            "\"createPet\"",
            "$ref",
            "3.0.0",
            "\"7\"",
            "array",
        ])
    );
    assert_eq!(highlighted(&spans, "comment"), strings(&["# A small API"]));
    assert_eq!(highlighted(&spans, "label"), strings(&["&logo", "*logo"]));
    assert_eq!(highlighted(&spans, "type"), strings(&["!!int"]));
    assert_eq!(
        highlighted(&spans, "keyword.directive"),
        strings(&["%YAML 1.2"])
    );
    assert_eq!(
        highlighted(&spans, "punctuation.special"),
        strings(&["---", "..."])
    );
    // No quoted scalar of the sample holds a bracket or a comma: every one is punctuation.
    let brackets: Vec<String> = YAML
        .chars()
        .filter(|c| "[]{}".contains(*c))
        .map(String::from)
        .collect();
    assert_eq!(highlighted(&spans, "punctuation.bracket"), brackets);
    let delimiters = highlighted(&spans, "punctuation.delimiter");
    assert_eq!(delimiters.iter().filter(|d| *d == "-").count(), 3);
    assert_eq!(
        delimiters.iter().filter(|d| *d == ",").count(),
        YAML.matches(',').count()
    );
    assert_eq!(
        delimiters.iter().filter(|d| *d == ":").count(),
        YAML_KEYS.len()
    );
}

#[test]
fn json_locations_capture_every_key_refs_and_operation_ids() {
    let lang = Lang::Json;
    assert_eq!(
        texts(lang, lang.locations_query(), JSON, "key"),
        strings(JSON_KEYS)
    );
    let mut pairs = 0;
    for m in matches(lang, lang.locations_query(), JSON) {
        let Some(key) = m.iter().find(|c| c.name == "key") else {
            continue;
        };
        let pair = m
            .iter()
            .find(|c| c.name == "pair")
            .expect("a key without its pair");
        assert_eq!(pair.kind, "pair");
        assert!(pair.text.starts_with(&key.text), "{key:?} in {pair:?}");
        pairs += 1;
    }
    assert_eq!(pairs, JSON_KEYS.len());
    // `"summary": "$ref"` has `$ref` as a value, not as a key: it is no reference.
    assert_eq!(
        key_values(lang, JSON, "ref"),
        vec![
            (
                "\"$ref\"".to_string(),
                "\"#/components/parameters/Limit\"".to_string()
            ),
            (
                "\"$ref\"".to_string(),
                "\"#/components/schemas/Pets\"".to_string()
            ),
        ]
    );
    assert_eq!(
        key_values(lang, JSON, "operation_id"),
        vec![("\"operationId\"".to_string(), "\"listPets\"".to_string())]
    );
}

#[test]
fn json_folds_cover_multi_line_objects_and_arrays() {
    let fold = |kind: &str, start: usize, end: usize| (kind.to_string(), start, end);
    assert_eq!(
        folds(Lang::Json, JSON),
        vec![
            fold("object", 0, 22),
            fold("object", 3, 21),  // paths
            fold("object", 4, 20),  // /pets
            fold("object", 5, 19),  // get
            fold("array", 7, 9),    // parameters
            fold("object", 10, 15), // responses
            fold("object", 11, 14), // 200
        ]
    );
}

#[test]
fn json_highlights_set_keys_apart() {
    let spans = highlights(Lang::Json, JSON);
    assert_eq!(highlighted(&spans, "property"), strings(JSON_KEYS));
    assert_eq!(
        highlight_of(&spans, "\"$ref\""),
        ["string", "property", "property"]
    );
    assert_eq!(
        highlighted(&spans, "string.special.url"),
        strings(&[
            "\"#/components/parameters/Limit\"",
            "\"#/components/schemas/Pets\"",
        ])
    );
    assert_eq!(
        highlighted(&spans, "string"),
        strings(&[
            "\"3.0.0\"",
            "\"Pets\"",
            "\"1.0\"",
            "\"listPets\"",
            "\"$ref\"",
            "\"OK\""
        ])
    );
    assert_eq!(highlighted(&spans, "number"), strings(&["42"]));
    assert_eq!(highlighted(&spans, "boolean"), strings(&["true"]));
    assert_eq!(highlighted(&spans, "constant.builtin"), strings(&["null"]));
}
