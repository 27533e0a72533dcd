//! The bodies of the fuzz targets (`server/fuzz/`, run with `cargo fuzz`), here so that the
//! regression test (`tests/fuzz_regressions.rs`) runs every input a fuzzer ever found through
//! the very same code. Each takes any bytes and must not panic, hang or exhaust memory.
#![doc(hidden)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::load::{from_bytes, Loaded};
use crate::analysis::Diagnostic;
use crate::assist::{self, Env};
use crate::diff::{Change, Side};
use crate::refs::Loader;
use crate::settings::Settings;
use crate::syntax::{Lang, LineCol, Parsed, PositionEncoding, SourceFile, TextChange};

/// A fuzz target's body.
pub type Target = fn(&[u8]);

/// The targets, by name (the names of `server/fuzz/fuzz_targets/*.rs`).
pub const TARGETS: &[(&str, Target)] = &[
    ("syntax", syntax),
    ("analysis", analysis),
    ("refs", refs),
    ("assist", assist_at),
    ("ruleset", ruleset),
    ("diff", diff),
];

/// Where an input made of several files is cut: a line `---8<---` (the seeds stay readable).
const SPLIT: &str = "\n---8<---\n";

/// Asserts that every diagnostic lies inside `text`.
fn assert_inside(diagnostics: &[Diagnostic], text: &str) {
    for d in diagnostics {
        assert!(
            d.range.start <= d.range.end && d.range.end <= text.len(),
            "a diagnostic out of the text: {d:?}"
        );
    }
}

/// The languages a text is read as: YAML, and JSON too when it starts with `{`.
fn langs(text: &str) -> impl Iterator<Item = Lang> {
    std::iter::once(Lang::Yaml).chain(text.trim_start().starts_with('{').then_some(Lang::Json))
}

/// Parsing to the node tree: any bytes, as YAML and as JSON, through the same path a file takes
/// (size limit, binary and UTF-8 checks), then the tree walked (JSON values, pointers at
/// offsets, outline). Also an incremental edit: the input's first bytes say where to insert what.
pub fn syntax(data: &[u8]) {
    let text = match from_bytes(data.to_vec(), 64 << 20) {
        Loaded::Text(t) => t,
        Loaded::Skipped { .. } => String::from_utf8_lossy(data).into_owned(),
    };
    for lang in [Lang::Yaml, Lang::Json] {
        let parsed = Parsed::new(lang, &text);
        let _ = crate::syntax::value::to_json(&parsed.tree);
        for offset in [0, text.len() / 3, text.len() / 2, text.len()] {
            let _ = parsed.tree.path_at(offset);
        }
        let kind = crate::spec::detect(&parsed.tree, &parsed.rope, None);
        let _ = crate::analysis::outline::outline(&parsed, &kind);

        if data.len() >= 3 {
            let mut file = SourceFile::new(lang, &text);
            let at = LineCol {
                line: data[0] as u32 % 64,
                col: data[1] as u32 % 64,
            };
            let insert = ["\n", "- ", ": ", "{", "\"", "😀", "  "][data[2] as usize % 7];
            file.edit(
                &TextChange {
                    range: Some((at, at)),
                    text: insert.to_string(),
                },
                PositionEncoding::Utf16,
            );
            let _ = file.parsed();
            let _ = file.settle();
        }
    }
}

/// Schema validation, spec checks and lint rules: any text, parsed as YAML and as JSON,
/// analyzed as the kind it says it is (the seeds are real OpenAPI, AsyncAPI and JSON Schema
/// documents), and with its fixes applied. Every diagnostic lies inside the text.
pub fn analysis(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let settings = Settings::default();
    for lang in [Lang::Yaml, Lang::Json] {
        let parsed = Parsed::new(lang, text);
        let report = crate::analysis::check(&parsed, None, &settings);
        assert_inside(&report.diagnostics, text);
        let edits = crate::analysis::fix::fix_all_edits(&report.diagnostics);
        let _ = crate::analysis::fix::apply_edits(text, &edits);
    }
}

/// An in-memory workspace under `/ws` (for `refs` and `diff`).
struct Memory(Vec<(PathBuf, Arc<Parsed>)>);

impl Loader for Memory {
    fn load(&self, path: &Path) -> Option<Arc<Parsed>> {
        self.0
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, d)| d.clone())
    }
    fn exists(&self, path: &Path) -> bool {
        self.0.iter().any(|(p, _)| p == path)
    }
    fn inside(&self, path: &Path) -> bool {
        path.starts_with("/ws")
    }
    fn siblings(&self, _dir: &Path) -> Vec<String> {
        Vec::new()
    }
}

/// The `$ref` resolver: the input is split into up to three files of an in-memory workspace
/// (`/ws/openapi.yaml`, `/ws/common.yaml`, `/ws/schemas/pet.json`) at lines `---8<---`; every
/// `$ref` of every file is resolved and diagnosed, cycles and all.
pub fn refs(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let names = [
        "/ws/openapi.yaml",
        "/ws/common.yaml",
        "/ws/schemas/pet.json",
    ];
    let files: Vec<(PathBuf, Arc<Parsed>)> = text
        .split(SPLIT)
        .zip(names)
        .map(|(part, name)| {
            let lang = if name.ends_with(".json") {
                Lang::Json
            } else {
                Lang::Yaml
            };
            (PathBuf::from(name), Parsed::new(lang, part))
        })
        .collect();
    let memory = Memory(files);
    for (path, parsed) in &memory.0 {
        let _ = crate::refs::diagnostics(parsed, path, &memory);
        for site in crate::refs::ref_sites(parsed) {
            let _ = crate::refs::resolve(&site.raw, path, parsed, &memory);
        }
    }
}

/// Completion, hover, folding, selection ranges and semantic tokens at the offset the first two
/// bytes pick, in the (often half-typed) document the rest is.
pub fn assist_at(data: &[u8]) {
    if data.len() < 2 {
        return;
    }
    let Ok(text) = std::str::from_utf8(&data[2..]) else {
        return;
    };
    for lang in [Lang::Yaml, Lang::Json] {
        let parsed = Parsed::new(lang, text);
        let kind = crate::spec::detect(&parsed.tree, &parsed.rope, None);
        let env = Env {
            parsed: &parsed,
            kind: &kind,
            file: None,
            loader: None,
            files: &[],
        };
        let mut offset = (u16::from_le_bytes([data[0], data[1]]) as usize).min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let _ = assist::completions(&env, offset);
        let _ = assist::hover(&env, offset);
        let _ = assist::selection_ranges(&parsed, offset);
        let _ = assist::folding_ranges(&parsed);
        let _ = assist::semantic_tokens(&parsed, None);
    }
}

/// The folder the `ruleset` target's ruleset is in. `load` reads a local `extends` from the
/// disk, but only inside this folder (the path is normalized, `..` and all, before the check);
/// it does not exist, so such an `extends` is a "cannot read" diagnostic and nothing is read.
const RULESET_ROOT: &str = "/fuzz";

/// What the rules of a ruleset without a document of its own run on: a small OpenAPI 3.1
/// description with what `given` paths usually look for (operations, parameters, responses,
/// components, local `$ref`s, a cycle).
const RULESET_SPEC: &str = "openapi: 3.1.0
info:
  title: Pets
  version: 1.0.0
  contact: {name: API team}
servers:
  - url: https://api.example.com/v1
tags:
  - name: pets
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      tags: [pets]
      summary: One pet
      parameters:
        - $ref: '#/components/parameters/PetId'
        - name: X-Request-Id
          in: header
          schema: {type: string}
      responses:
        '200':
          description: The pet
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
        default:
          $ref: '#/components/responses/Error'
components:
  parameters:
    PetId: {name: petId, in: path, required: true, schema: {type: integer, format: int64}}
  responses:
    Error:
      description: An error
      content:
        application/json:
          schema: {type: object, properties: {message: {type: string}}}
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {type: integer, format: int64}
        name: {type: string, example: Rex}
        tag: {type: string, enum: [dog, cat]}
        parent: {$ref: '#/components/schemas/Pet'}
";

/// Spectral rulesets: the input is a ruleset and, after a line `---8<---`, the document its
/// rules run on (without one, [`RULESET_SPEC`]). The ruleset is loaded as
/// `/fuzz/.spectral.yaml`, and as `/fuzz/.spectral.json` too when it starts with `{`, its own
/// diagnostics computed; its custom rules then run on the document, read as YAML (and as JSON
/// when it starts with `{`). Every diagnostic lies inside its text, and every file the ruleset
/// was read from lies inside [`RULESET_ROOT`].
pub fn ruleset(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (rules, spec) = text.split_once(SPLIT).unwrap_or((text, RULESET_SPEC));
    let root = Path::new(RULESET_ROOT);
    for lang in langs(rules) {
        let file = root.join(match lang {
            Lang::Json => ".spectral.json",
            _ => ".spectral.yaml",
        });
        let ruleset = crate::lint::ruleset::load(&file, rules, root);
        assert!(
            ruleset.files.iter().all(|f| f.starts_with(root)),
            "a ruleset read outside its folder: {:?}",
            ruleset.files
        );
        assert_inside(&ruleset.diagnostics, rules);
        let parsed = Parsed::new(lang, rules);
        let own = crate::lint::ruleset::own_diagnostics(&ruleset, &parsed, Some(&file));
        assert_inside(&own, rules);
        for lang in langs(spec) {
            let path = root.join(match lang {
                Lang::Json => "api.json",
                _ => "api.yaml",
            });
            let doc = Parsed::new(lang, spec);
            let kind = crate::spec::detect(&doc.tree, &doc.rope, Some(&path));
            let found = crate::lint::ruleset::run(&ruleset, &doc, &kind, Some(&path));
            assert_inside(&found, spec);
        }
    }
}

/// The breaking-change diff: the input is two versions of a spec, the old one and, after a
/// line `---8<---`, the new one (without one, the text against itself), as `/ws/before.yaml`
/// and `/ws/after.yaml` of an in-memory workspace (each may `$ref` the other). Both are read as
/// YAML, then again with those that start with `{` read as JSON. Checks:
/// - every change is located in the files of its side, and every fix edits a new-side file
///   inside its text, with edits that do not overlap; the fixed text is parsed again;
/// - [`crate::diff::diff_only`] of each scope found gives the same changes as the full diff
///   has with that scope;
/// - the text and Markdown reports, the hovers and the editor's diagnostics are made, and the
///   diagnostics lie inside the text.
pub fn diff(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (before, after) = text.split_once(SPLIT).unwrap_or((text, text));
    let is_json = |t: &str| t.trim_start().starts_with('{');
    for json in [false, true] {
        if json && !is_json(before) && !is_json(after) {
            continue;
        }
        let file = |name: &str, text: &str| {
            let (lang, ext) = if json && is_json(text) {
                (Lang::Json, "json")
            } else {
                (Lang::Yaml, "yaml")
            };
            (
                PathBuf::from(format!("/ws/{name}.{ext}")),
                Parsed::new(lang, text),
            )
        };
        let memory = Memory(vec![file("before", before), file("after", after)]);
        let side = |i: usize| {
            let (path, parsed) = &memory.0[i];
            Side::with_root(path.clone(), parsed.clone(), &memory)
        };
        diff_sides(&side(0), &side(1));
        rediff_after_an_edit(data, &side(0), &memory.0[1], &memory);
    }
}

/// What the editor's hints do after a keystroke: the new side edited (one of a few strings
/// typed where the input's length says), reparsed incrementally, and compared again only where
/// the edit touched it ([`Hinted::rediff`](crate::diff::incremental::Hinted::rediff)). When it
/// follows the edit, the changes equal those of a whole comparison of the edited text.
fn rediff_after_an_edit(
    data: &[u8],
    old: &Side,
    (path, parsed): &(PathBuf, Arc<Parsed>),
    loader: &dyn Loader,
) {
    use crate::diff::incremental::Hinted;
    let text = parsed.rope.to_string();
    let mut file = SourceFile::new(parsed.lang, &text);
    let side = Side::with_root(path.clone(), file.parsed(), loader);
    let Ok(all) = crate::diff::diff(old, &side) else {
        return;
    };
    let mut hinted = Hinted::new(side, all);
    let mut at = data.len().wrapping_mul(2_654_435_761) % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let typed = ["x", "\n", " ", "1", ": ", "- ", "\"", "{", "#"]
        [data.first().map_or(0, |b| *b as usize) % 9];
    let pos = crate::syntax::text::position_of(file.rope(), at, PositionEncoding::Utf8);
    file.edit(
        &TextChange {
            range: Some((pos, pos)),
            text: typed.into(),
        },
        PositionEncoding::Utf8,
    );
    let edited = file.parsed();
    let Ok(redone) = hinted.rediff(old, edited.clone(), loader) else {
        return;
    };
    let Ok(whole) = crate::diff::diff(old, &Side::with_root(path.clone(), edited, loader)) else {
        panic!("a rediff where the whole comparison fails");
    };
    let found = |c: &Change| {
        let fixes = (!redone.fixes_dropped).then(|| c.fixes.clone());
        (
            c.check.id,
            c.at.clone(),
            c.old.clone(),
            c.full_message(),
            c.removed.clone(),
            fixes,
        )
    };
    assert_eq!(
        hinted.changes.iter().map(found).collect::<Vec<_>>(),
        whole.iter().map(found).collect::<Vec<_>>(),
        "a rediff after typing {typed:?} at {at} differs from a whole comparison"
    );
}

/// The `diff` target's checks on two sides.
fn diff_sides(old: &Side, new: &Side) {
    let Ok(all) = crate::diff::diff(old, new) else {
        return;
    };
    let parsed_of = |side: &Side, file: &Path| -> Arc<Parsed> {
        match side.files.iter().find(|(p, _)| p == file) {
            Some((_, parsed)) => parsed.clone(),
            None => panic!("{} is not a file of its side", file.display()),
        }
    };
    let inside = |side: &Side, loc: &crate::diff::Location| {
        let len = parsed_of(side, &loc.file).rope.len_bytes();
        assert!(
            loc.range.start <= loc.range.end && loc.range.end <= len,
            "a change located out of its file ({len} bytes): {loc:?}"
        );
    };
    for c in &all {
        inside(new, &c.at);
        if let Some(old_at) = &c.old {
            inside(old, old_at);
        }
        for fix in &c.fixes {
            let parsed = parsed_of(new, &fix.file);
            let text = parsed.rope.to_string();
            let mut edits = fix.edits.clone();
            edits.sort_by_key(|(r, _)| (r.start, r.end));
            let Some(fixed) = crate::analysis::fix::apply_edits(&text, &edits) else {
                panic!("a fix whose edits overlap or leave the text: {fix:?}");
            };
            let _ = Parsed::new(parsed.lang, &fixed);
        }
    }

    // What the editor re-diffs after an edit: each scope alone.
    let mut scopes: Vec<&crate::diff::Scope> = all.iter().flat_map(|c| &c.scopes).collect();
    scopes.sort();
    scopes.dedup();
    // A change as it is found, whatever the scopes that reach it.
    let finding = |c: &Change| {
        (
            c.check.id,
            c.message.clone(),
            c.at.clone(),
            c.old.clone(),
            c.removed.clone(),
            c.fixes.clone(),
        )
    };
    for scope in scopes {
        let some = crate::diff::diff_only(old, new, std::slice::from_ref(scope))
            .expect("diff_only fails where diff did not");
        let expected: Vec<&Change> = all.iter().filter(|c| c.scopes.contains(scope)).collect();
        assert_eq!(
            some.iter().map(finding).collect::<Vec<_>>(),
            expected.iter().map(|c| finding(c)).collect::<Vec<_>>(),
            "diff_only({scope:?}) and the full diff differ"
        );
        for (c, full) in some.iter().zip(&expected) {
            assert!(
                c.scopes.contains(scope) && c.scopes.iter().all(|s| full.scopes.contains(s)),
                "diff_only({scope:?}) gives the scopes {:?}, the full diff {:?}",
                c.scopes,
                full.scopes
            );
        }
    }

    let place = |loc: &crate::diff::Location, is_old: bool| {
        let side = if is_old { old } else { new };
        let parsed = parsed_of(side, &loc.file);
        let (line, col) = crate::syntax::text::human_position(&parsed.rope, loc.range.start);
        (loc.file.display().to_string(), line, col)
    };
    let mut report = String::new();
    crate::diff::report::text(&mut report, &all, &place);
    let _ = crate::diff::report::markdown("API changes", &all, &place);
    for c in &all {
        let _ = crate::diff::editor::hover(c);
    }
    for (path, parsed) in &new.files {
        let shown = crate::diff::editor::diagnostics(&all, path);
        let diagnostics: Vec<Diagnostic> = shown.into_iter().map(|(d, _)| d).collect();
        assert_inside(&diagnostics, &parsed.rope.to_string());
    }
}
