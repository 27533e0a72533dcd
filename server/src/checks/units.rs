//! The checks, unit by unit: each path item, webhook and component is checked on its own and its
//! findings are kept until it changes, or until something one of its local `$ref`s leads to
//! changes. What needs the whole document (duplicate operation ids, equivalent paths, `required`
//! of a schema that a composition elsewhere extends) is computed over the kept per-unit facts, so
//! that a keystroke inside one operation re-checks that path item only.
//!
//! A unit is known by its section, its key as written and which occurrence of that key it is; it
//! is the same unit while its value is the same (shared) node of the node tree and every local
//! reference it followed still names the same node. Ranges are kept as found and moved by how
//! far the unit's key or value moved.

use std::ops::Range;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::{addr, defaults, examples, operation_ids, path_params, required, Doc, Followed};
use crate::analysis::Diagnostic;
use crate::spec::Line;
use crate::syntax::node::FLAG_ALIASES;
use crate::syntax::{Node, NodeKind, NodeRef};

/// What a unit is, which says how its value is walked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum UnitKind {
    /// An entry of `paths` (path templates are checked on it).
    Path,
    /// A webhook or `components/pathItems` entry.
    PathItem,
    Schema,
    /// A Parameter or Header Object.
    Parameter,
    Response,
    RequestBody,
    Callback,
    /// An entry of a part that holds no object the checks look at (`components/examples`,
    /// `links`, `securitySchemes`, the entries of a top-level `x-…` mapping): only the lint
    /// rules walk it. `in_extension`: it is inside a specification extension.
    Other {
        in_extension: bool,
    },
}

pub(crate) struct Unit<'a> {
    pub kind: UnitKind,
    pub key: NodeRef<'a>,
    pub value: NodeRef<'a>,
}

/// The units of a document, in the order they are written by section.
pub(crate) fn units<'a>(doc: &Doc<'a>, root: NodeRef<'a>) -> Vec<Unit<'a>> {
    let mut out = Vec::new();
    let mut section = |node: Option<NodeRef<'a>>, kind: UnitKind| {
        if let Some(node) = node {
            out.extend(
                doc.entries(node)
                    .map(|(key, value)| Unit { kind, key, value }),
            );
        }
    };
    section(doc.get(root, "paths"), UnitKind::Path);
    section(doc.get(root, "webhooks"), UnitKind::PathItem);
    // Large parts only the lint rules look at (GitHub's `x-webhooks` is 0.6 MB) are units too,
    // so that a keystroke elsewhere does not walk them again.
    for (key, value) in doc.entries(root) {
        if value.node.is_mapping() && key.node.key_text().is_some_and(|k| k.starts_with("x-")) {
            section(Some(value), UnitKind::Other { in_extension: true });
        }
    }
    if doc.is_swagger() {
        section(doc.get(root, "definitions"), UnitKind::Schema);
        section(doc.get(root, "parameters"), UnitKind::Parameter);
        section(doc.get(root, "responses"), UnitKind::Response);
        return out;
    }
    let Some(c) = doc.get(root, "components") else {
        return out;
    };
    for (key, value) in doc.entries(c) {
        let Some(name) = key.node.key_text() else {
            continue;
        };
        let kind = match name.as_ref() {
            "schemas" => UnitKind::Schema,
            "parameters" | "headers" => UnitKind::Parameter,
            "responses" => UnitKind::Response,
            "requestBodies" => UnitKind::RequestBody,
            "pathItems" => UnitKind::PathItem,
            "callbacks" => UnitKind::Callback,
            // `examples` (GitHub's: 1.5 MB), `links`, `securitySchemes`, extensions…
            _ if value.node.is_mapping() => UnitKind::Other {
                in_extension: name.starts_with("x-"),
            },
            _ => continue,
        };
        section(Some(value), kind);
    }
    out
}

/// The findings of every unit of one document, kept between runs.
#[derive(Default)]
pub struct Cache {
    line: Option<Line>,
    units: HashMap<UnitId, Entry>,
    /// The example validators the last run used.
    validators: examples::Validators,
    /// The node each mapping that local references went through was, in the last run (kept
    /// alive, so that its address stays its own): where it is the same node now, every
    /// reference into it names what it named then.
    parents: HashMap<String, Option<Node>>,
    /// How many units the last run checked (the others' findings were kept).
    pub(crate) checked: usize,
}

/// Section, a hash of the key (its text and length as written), and which occurrence of that
/// key it is (a duplicated key is two units). Two keys with the same hash only cost a check:
/// an entry is kept only while its value is the very same node.
type UnitId = (UnitKind, u64, usize);

fn key_hash(ctx: &Doc<'_>, key: NodeRef<'_>) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = foldhash::fast::FixedState::default().build_hasher();
    match key.node.key_text() {
        Some(text) => text.hash(&mut h),
        None => ctx.text(key.range()).hash(&mut h),
    }
    key.node.len().hash(&mut h);
    h.finish()
}

struct Entry {
    /// The unit's value when it was checked (kept alive, so that its address stays its own).
    value: Node,
    key_start: usize,
    value_range: Range<usize>,
    /// Every local reference followed, and the node it named.
    followed: Followed,
    /// The nodes outside the unit that its references led to (a referenced example its
    /// findings may lie in): the reference, and the node's range then.
    remote: Vec<(String, Range<usize>)>,
    found: Found,
    /// The example outcomes of this unit, for its next check.
    examples: examples::Cache,
}

/// What one unit's checks found, with ranges as they were then.
#[derive(Default)]
struct Found {
    diagnostics: Vec<Diagnostic>,
    /// `required` findings, by the schema they are on (dropped when a composition elsewhere
    /// extends that schema).
    required: Vec<(usize, Diagnostic)>,
    /// The schemas that compositions in this unit extend through `$ref`.
    composed: Vec<usize>,
    operation_ids: Vec<(String, Range<usize>)>,
    /// What the lint rules keep for the document-wide rules (their findings are in
    /// `diagnostics`).
    tags: Vec<(String, Range<usize>)>,
    missing_ids: Vec<crate::lint::MissingId>,
    security: Vec<crate::lint::SecurityUse>,
}

/// Where a unit is now: its key's and its value's start, and how far each node outside it that
/// holds a finding (`Entry::remote`) moved.
#[derive(Clone, Copy)]
struct Now<'r> {
    key_start: usize,
    value_start: usize,
    remote: &'r [(Range<usize>, isize)],
}

impl Entry {
    /// How far each node of [`Entry::remote`] moved since the unit was checked: one lookup each.
    /// The entry is kept only while each reference names the same node (`still_valid`), so each
    /// one is found.
    fn remote_moves(&self, ctx: &Doc<'_>) -> Vec<(Range<usize>, isize)> {
        self.remote
            .iter()
            .filter_map(|(reference, then)| {
                let now = ctx.local(reference)?;
                Some((then.clone(), now.start as isize - then.start as isize))
            })
            .collect()
    }

    /// `range` as it is now. A range in the unit's value moves with the value; one in a node
    /// outside the unit that a reference led to (a referenced example) moves with that node;
    /// any other (the key) with the key.
    fn moved(&self, range: &Range<usize>, now: Now<'_>) -> Range<usize> {
        let inside = |r: &Range<usize>| r.start <= range.start && range.end <= r.end;
        let by = if inside(&self.value_range) {
            now.value_start as isize - self.value_range.start as isize
        } else if let Some((_, by)) = now
            .remote
            .iter()
            .filter(|(then, _)| inside(then))
            .min_by_key(|(then, _)| then.len())
        {
            *by
        } else {
            now.key_start as isize - self.key_start as isize
        };
        range.start.saturating_add_signed(by)..range.end.saturating_add_signed(by)
    }

    fn diagnostic(&self, d: &Diagnostic, now: Now<'_>) -> Diagnostic {
        let mut d = d.clone();
        d.range = self.moved(&d.range, now);
        for r in &mut d.related {
            r.range = self.moved(&r.range, now);
        }
        if let Some(fix) = &mut d.fix {
            for (r, _) in &mut fix.edits {
                *r = self.moved(r, now);
            }
        }
        d
    }
}

/// Runs the checks of every unit that changed, and the document-wide ones over all units.
pub(crate) fn run(ctx: &Doc<'_>, cache: &mut Cache) -> Vec<Diagnostic> {
    if cache.line != Some(ctx.line) {
        *cache = Cache {
            line: Some(ctx.line),
            ..Cache::default()
        };
    }
    let mut old = std::mem::take(&mut cache.units);
    cache.units.reserve(old.len());
    let mut names = Names::new(ctx, std::mem::take(&mut cache.parents));
    let mut occurrences: HashMap<(UnitKind, u64), usize> = HashMap::new();
    let mut kept: Vec<(UnitId, usize, usize)> = Vec::new();
    let mut unit_values: Vec<Range<usize>> = Vec::new();
    let mut entries: Vec<Option<Entry>> = Vec::new();
    let mut todo = Vec::new();

    for unit in units(ctx, ctx.root) {
        let hash = key_hash(ctx, unit.key);
        let n = occurrences.entry((unit.kind, hash)).or_insert(0);
        let id = (unit.kind, hash, *n);
        *n += 1;
        let previous = old.remove(&id);
        kept.push((id, unit.key.start, unit.value.start));
        unit_values.push(unit.value.range());
        match previous {
            Some(e) if still_valid(ctx, &e, unit.value, &mut names) => entries.push(Some(e)),
            previous => {
                todo.push((entries.len(), unit, previous.map(|e| e.examples)));
                entries.push(None);
            }
        }
    }
    let checked = todo.len();
    let (done, validators) = check_units(ctx, todo, std::mem::take(&mut cache.validators));
    for (i, entry) in done {
        entries[i] = Some(entry);
    }
    for ((id, _, _), entry) in kept.iter().zip(entries) {
        cache
            .units
            .insert(*id, entry.expect("every unit kept or checked"));
    }

    cache.parents = names.parents_now();
    cache.validators = validators;
    cache.checked = checked;
    tracing::debug!(checked, units = kept.len(), "checks: units checked");
    let mut out = Vec::new();
    let mut composed = HashSet::new();
    for (id, _, _) in &kept {
        composed.extend(cache.units[id].found.composed.iter().copied());
    }
    let mut ids = Vec::new();
    let mut facts = crate::lint::Facts::default();
    for (id, key_start, value_start) in &kept {
        let e = &cache.units[id];
        let remote = e.remote_moves(ctx);
        let now = Now {
            key_start: *key_start,
            value_start: *value_start,
            remote: &remote,
        };
        out.extend(e.found.diagnostics.iter().map(|d| e.diagnostic(d, now)));
        out.extend(
            e.found
                .required
                .iter()
                .filter(|(schema, _)| !composed.contains(schema))
                .map(|(_, d)| e.diagnostic(d, now)),
        );
        ids.extend(
            e.found
                .operation_ids
                .iter()
                .map(|(id, r)| (id.clone(), e.moved(r, now))),
        );
        facts.tags.extend(
            e.found
                .tags
                .iter()
                .map(|(t, r)| (t.clone(), e.moved(r, now))),
        );
        facts
            .missing_ids
            .extend(e.found.missing_ids.iter().map(|m| {
                let mut m = m.clone();
                m.range = e.moved(&m.range, now);
                if let Some((r, _, _)) = &mut m.insert {
                    *r = e.moved(r, now);
                }
                m
            }));
        facts.security.extend(
            e.found
                .security
                .iter()
                .map(|u| u.moved(|r| e.moved(r, now))),
        );
    }
    facts.ids = ids.iter().map(|(id, _)| id.clone()).collect();
    operation_ids::report(ctx, ids, &mut out);
    path_params::equivalent_paths(ctx, &mut out);
    out.extend(crate::lint::document(ctx, &facts, &unit_values));
    out
}

/// Whether a unit's kept findings hold: its value is the same node, and each reference it
/// followed names the same node as then.
fn still_valid<'a>(
    ctx: &Doc<'a>,
    entry: &Entry,
    value: NodeRef<'a>,
    names: &mut Names<'a>,
) -> bool {
    // A unit that holds an alias may change with text outside it: it is checked each time.
    if addr(&entry.value) != addr(value.node) || entry.value.flags() & FLAG_ALIASES != 0 {
        return false;
    }
    entry
        .followed
        .iter()
        .all(|(reference, then)| match names.get(ctx, reference) {
            Named::Same => true,
            Named::Now(now) => now == then.as_ref().map(addr),
        })
}

/// What a local reference names now.
#[derive(Clone, Copy)]
enum Named {
    /// What it named in the last run (the mapping it points into is the same node).
    Same,
    /// This node (by address), or nothing.
    Now(Option<usize>),
}

/// What each local reference names now, each looked up once per run, through an index of the
/// large mappings (`components/schemas` has thousands of entries).
///
/// Every entry kept in the cache held in the last run: each reference it followed named then the
/// node it named when the entry was made. So a reference into a mapping (`#/components/schemas`
/// for `#/components/schemas/Pet`) that is the same node as in the last run names what it named
/// then, and needs no lookup.
struct Names<'a> {
    found: HashMap<String, Named>,
    /// The mappings references went through, this run and the last.
    parents: HashMap<String, Option<NodeRef<'a>>>,
    before: HashMap<String, Option<Node>>,
    /// Whether the document has aliases: then a lookup may lead anywhere, and none is skipped.
    aliases: bool,
    /// By the address of a mapping: its entries by key (the first of a duplicated key).
    maps: HashMap<usize, HashMap<std::borrow::Cow<'a, str>, NodeRef<'a>>>,
}

/// Mappings with more entries than this are looked up through an index.
const INDEXED: usize = 16;

impl<'a> Names<'a> {
    fn new(ctx: &Doc<'a>, before: HashMap<String, Option<Node>>) -> Names<'a> {
        Names {
            found: HashMap::new(),
            parents: HashMap::new(),
            before,
            aliases: ctx.root.node.flags() & FLAG_ALIASES != 0,
            maps: HashMap::new(),
        }
    }

    fn get(&mut self, ctx: &Doc<'a>, reference: &str) -> Named {
        if let Some(found) = self.found.get(reference) {
            return *found;
        }
        let found = self.name(ctx, reference);
        self.found.insert(reference.to_string(), found);
        found
    }

    fn name(&mut self, ctx: &Doc<'a>, reference: &str) -> Named {
        // `%2F` decodes to a separator: such references are looked up whole.
        let parent = reference
            .rsplit_once('/')
            .map(|(parent, _)| parent)
            .filter(|p| p.len() > 1 && !reference.contains('%') && !self.aliases);
        if let Some(parent) = parent {
            let now = match self.parents.get(parent) {
                Some(now) => *now,
                None => {
                    let now = self.lookup(ctx, parent);
                    self.parents.insert(parent.to_string(), now);
                    now
                }
            };
            let then = self.before.get(parent).map(|n| n.as_ref().map(addr));
            if then.is_some_and(|then| then == now.map(|n| addr(n.node))) {
                return Named::Same;
            }
        }
        Named::Now(self.lookup(ctx, reference).map(|n| addr(n.node)))
    }

    fn lookup(&mut self, ctx: &Doc<'a>, reference: &str) -> Option<NodeRef<'a>> {
        let maps = &mut self.maps;
        ctx.lookup_with(reference, |node, token| {
            let node = ctx.tree.follow_alias(node);
            if !matches!(node.node.kind(), NodeKind::Mapping(_)) {
                return ctx.get(node, token);
            }
            let index = maps.entry(addr(node.node)).or_insert_with(|| {
                let mut index = HashMap::new();
                if node.entries().nth(INDEXED).is_some() {
                    for (k, v) in ctx.entries(node) {
                        if let Some(k) = k.node.key_text() {
                            index.entry(k).or_insert(v);
                        }
                    }
                }
                index
            });
            if index.is_empty() {
                ctx.get(node, token)
            } else {
                index.get(token).copied()
            }
        })
    }

    /// The mappings looked up this run, for the next.
    fn parents_now(self) -> HashMap<String, Option<Node>> {
        self.parents
            .into_iter()
            .map(|(k, v)| (k, v.map(|n| n.node.clone())))
            .collect()
    }
}

/// From this many units to check on, they are checked on all cores (a first check, a large
/// paste); a keystroke's one or two units are checked where the run is.
const PARALLEL_FROM: usize = 64;

#[cfg(test)]
thread_local! {
    /// Set by a test: this thread checks its units one after the other, however many.
    static SEQUENTIAL: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Checks `todo` (each unit with its place and its previous example outcomes), with the
/// previous run's example validators; returns each unit's entry by its place, and the
/// validators this run used.
fn check_units<'a>(
    ctx: &Doc<'a>,
    todo: Vec<(usize, Unit<'a>, Option<examples::Cache>)>,
    previous: examples::Validators,
) -> (Vec<(usize, Entry)>, examples::Validators) {
    let shared = examples::Shared::after(previous);
    let sequential = todo.len() < PARALLEL_FROM;
    #[cfg(test)]
    let sequential = sequential || SEQUENTIAL.with(std::cell::Cell::get);
    let done = if sequential {
        todo.into_iter()
            .map(|(i, unit, ex)| (i, check_unit(ctx, &unit, ex, &shared)))
            .collect()
    } else {
        use rayon::prelude::*;
        let (parsed, line) = (ctx.parsed, ctx.line);
        todo.into_par_iter()
            .with_min_len(8)
            .map_init(
                || Doc::context(parsed, line).expect("the context has a root"),
                |ctx, (i, unit, ex)| (i, check_unit(ctx, &unit, ex, &shared)),
            )
            .collect()
    };
    (done, shared.used())
}

fn check_unit(
    ctx: &Doc<'_>,
    unit: &Unit<'_>,
    examples_cache: Option<examples::Cache>,
    shared: &examples::Shared,
) -> Entry {
    let mut doc = ctx.unit(unit.kind, unit.value);
    let mut found = Found::default();
    if unit.kind == UnitKind::Path {
        path_params::check_item(&doc, unit.key, unit.value, &mut found.diagnostics);
    }
    defaults::check(&doc, &mut found.diagnostics);
    let mut examples_cache = examples_cache.unwrap_or_default();
    examples::check(&doc, &mut found.diagnostics, &mut examples_cache, shared);
    required::check_by_schema(&doc, &mut found.required);
    found.composed = required::composed(&doc);
    found.operation_ids = operation_ids::ids(&doc);
    let schemas: std::collections::HashSet<usize> =
        doc.schemas.iter().map(|(s, _)| s.start).collect();
    let lint = crate::lint::unit(&doc, unit.kind, unit.key, unit.value, &schemas);
    found.diagnostics.extend(lint.diagnostics);
    found.tags = lint.tags;
    found.missing_ids = lint.missing_ids;
    found.security = lint.security;
    let followed = doc.take_followed();
    // The nodes outside the unit that hold a finding: each costs a lookup on every run.
    let value_range = unit.value.range();
    let outside: Vec<&Range<usize>> = (found.diagnostics.iter())
        .chain(found.required.iter().map(|(_, d)| d))
        .map(|d| &d.range)
        .filter(|r| r.start < unit.key.start || r.end > value_range.end)
        .collect();
    let remote = if outside.is_empty() {
        Vec::new()
    } else {
        followed
            .iter()
            .filter_map(|(reference, _)| {
                let node = ctx.local(reference)?.range();
                // A node around the unit (`#/components/schemas`) moves as the unit does not.
                let apart = node.end <= unit.key.start || node.start >= value_range.end;
                let holds = |r: &&Range<usize>| node.start <= r.start && r.end <= node.end;
                (apart && outside.iter().any(holds)).then(|| (reference.clone(), node))
            })
            .collect()
    };
    Entry {
        value: unit.value.node.clone(),
        key_start: unit.key.start,
        value_range,
        followed,
        remote,
        found,
        examples: examples_cache,
    }
}

#[cfg(test)]
mod tests {
    use crate::spec::detect;
    use crate::syntax::text::{LineCol, PositionEncoding};
    use crate::syntax::{Lang, SourceFile, TextChange};

    const SPEC: &str = "\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets/{id}:
    parameters: [{$ref: '#/components/parameters/Id'}]
    get:
      operationId: getPet
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
              example: {id: 1}
  /owners:
    get:
      operationId: listOwners
      responses: {'200': {description: ok}}
components:
  parameters:
    Id: {name: id, in: path, required: true, schema: {type: integer}}
  schemas:
    Pet:
      type: object
      properties: {id: {type: integer}}
";

    fn at(text: &str, offset: usize) -> LineCol {
        let before = &text[..offset];
        let line = before.matches('\n').count();
        let col = offset - before.rfind('\n').map_or(0, |i| i + 1);
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// The checks of the file's text with `cache`, which must equal a fresh run's.
    fn kept_as_fresh(
        text: &str,
        file: &mut SourceFile,
        cache: &mut super::Cache,
    ) -> Vec<crate::analysis::Diagnostic> {
        let parsed = file.parsed();
        let kind = detect(&parsed.tree, &parsed.rope, None);
        let kept = crate::checks::run_with(&parsed, &kind, cache);
        assert_eq!(kept, crate::checks::run(&parsed, &kind), "on\n{text}");
        kept
    }

    /// Replaces the `nth` occurrence of `from` with `to`, in the text and in the file.
    fn replace(text: &mut String, file: &mut SourceFile, from: &str, nth: usize, to: &str) {
        let start = text.match_indices(from).nth(nth).expect("in the text").0;
        let change = TextChange {
            range: Some((at(text, start), at(text, start + from.len()))),
            text: to.to_string(),
        };
        text.replace_range(start..start + from.len(), to);
        file.edit(&change, PositionEncoding::Utf8);
    }

    /// Edits elsewhere than in a unit (a component its `$ref`s lead to, another path) change
    /// its findings; the kept findings always equal a fresh run's.
    #[test]
    fn kept_findings_follow_what_references_lead_to() {
        let mut text = SPEC.to_string();
        let mut file = SourceFile::new(Lang::Yaml, &text);
        let mut cache = super::Cache::default();
        let checked = std::cell::Cell::new(0);
        let mut step = |text: &str, file: &mut SourceFile| -> Vec<(&'static str, String)> {
            let parsed = file.parsed();
            assert_eq!(parsed.rope.to_string(), text);
            let kind = detect(&parsed.tree, &parsed.rope, None);
            let kept = crate::checks::run_with(&parsed, &kind, &mut cache);
            checked.set(cache.checked);
            let fresh = crate::checks::run(&parsed, &kind);
            assert_eq!(
                kept, fresh,
                "kept findings differ from a fresh run on\n{text}"
            );
            // The lint rules' findings are kept too (compared above); the steps below look at
            // the spec checks'.
            assert!(kept.iter().any(|d| d.code == "operation-description"));
            kept.into_iter()
                .filter(|d| crate::lint::rule(d.code).is_none())
                .map(|d| (d.code, text[d.range].to_string()))
                .collect()
        };
        assert_eq!(step(&text, &mut file), []);
        // The schema the example's `$ref` names changes: the path's example no longer matches.
        replace(
            &mut text,
            &mut file,
            "{id: {type: integer}}",
            0,
            "{id: {type: string}}",
        );
        assert_eq!(
            step(&text, &mut file),
            [("spec/media-example-mismatch", "1".to_string())]
        );
        // The shared parameter the path item names is renamed: the template lacks it.
        replace(&mut text, &mut file, "name: id", 0, "name: ident");
        let found = step(&text, &mut file);
        assert!(
            found.contains(&(
                "spec/path-param-not-in-template",
                "'#/components/parameters/Id'".to_string()
            )),
            "{found:?}"
        );
        // Text inserted above moves every unit: the findings move with it.
        replace(&mut text, &mut file, "paths:\n", 0, "# moved\npaths:\n");
        assert_eq!(step(&text, &mut file), found);
        // An edit inside one operation checks that path item only (its lint rules included).
        replace(&mut text, &mut file, "listOwners", 0, "listOwners2");
        step(&text, &mut file);
        assert_eq!(checked.get(), 1);
        replace(&mut text, &mut file, "listOwners2", 0, "listOwners");
        step(&text, &mut file);
        // Another path takes the same operation id.
        replace(&mut text, &mut file, "listOwners", 0, "getPet");
        let found = step(&text, &mut file);
        assert!(
            found.contains(&("spec/duplicate-operation-id", "getPet".to_string())),
            "{found:?}"
        );
        // And the schema is put back: the example matches again.
        replace(
            &mut text,
            &mut file,
            "{id: {type: string}}",
            0,
            "{id: {type: integer}}",
        );
        let found = step(&text, &mut file);
        assert!(
            !found
                .iter()
                .any(|(c, _)| *c == "spec/media-example-mismatch"),
            "{found:?}"
        );
    }

    /// `components/examples` and the entries of a top-level extension are units of the lint
    /// rules: an edit in one example walks that example only, and the rules see an extension's
    /// content as inside an extension, as the walk of the whole document did.
    #[test]
    fn examples_and_extensions_are_units_of_the_lint_rules() {
        let mut text = format!(
            "{SPEC}  examples:
    Scripted:
      value:
        description: '<script>alert(1)</script>'
    Plain:
      value:
        id: 7
x-things:
  a:
    examples:
      foo: {{}}
"
        );
        let mut file = SourceFile::new(Lang::Yaml, &text);
        let mut cache = super::Cache::default();
        let mut step = |text: &str, file: &mut SourceFile| {
            let kept = kept_as_fresh(text, file, &mut cache);
            let codes: Vec<(&str, String)> = kept
                .iter()
                .map(|d| (d.code, text[d.range.clone()].to_string()))
                .collect();
            (codes, cache.checked)
        };
        let (found, _) = step(&text, &mut file);
        assert!(
            found.contains(&(
                "no-script-tags-in-markdown",
                "'<script>alert(1)</script>'".to_string()
            )),
            "{found:?}"
        );
        // `examples` inside an extension is no Example Object map.
        assert!(
            !found
                .iter()
                .any(|(c, _)| *c == "oas3-examples-value-or-externalValue"),
            "{found:?}"
        );
        replace(&mut text, &mut file, "id: 7", 0, "id: 8");
        let (again, checked) = step(&text, &mut file);
        assert_eq!(checked, 1, "only the edited example is walked again");
        assert_eq!(again, found);
        replace(&mut text, &mut file, "alert(1)", 0, "alert(2)");
        let (after, checked) = step(&text, &mut file);
        assert_eq!(checked, 1);
        assert!(
            after.contains(&(
                "no-script-tags-in-markdown",
                "'<script>alert(2)</script>'".to_string()
            )),
            "{after:?}"
        );
    }
    /// Units checked on all cores (a first check of a large document) find what they find one
    /// after the other, example validators shared between threads and all.
    #[test]
    fn units_checked_in_parallel_find_what_they_find_in_turn() {
        let mut text = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n");
        for i in 0..300 {
            // Every third example is wrong for its schema; ten schemas serve 300 examples.
            let example = if i % 3 == 0 { "{id: x}" } else { "{id: 1}" };
            text.push_str(&format!(
                "  /p{i}:\n    get:\n      operationId: op{}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/S{}'}}\n              example: {example}\n",
                i % 290,
                i % 10
            ));
        }
        text.push_str("components:\n  schemas:\n");
        for i in 0..10 {
            text.push_str(&format!(
                "    S{i}:\n      type: object\n      required: [id]\n      properties: {{id: {{type: integer}}}}\n"
            ));
        }
        text.push_str("    T: {type: object, required: [gone], properties: {a: {type: string}}}\n");
        let file = SourceFile::new(Lang::Yaml, &text);
        let parsed = file.clone().parsed();
        let kind = detect(&parsed.tree, &parsed.rope, None);
        let mut cache = super::Cache::default();
        let parallel = crate::checks::run_with(&parsed, &kind, &mut cache);
        assert_eq!(cache.checked, 311, "every unit checked");
        super::SEQUENTIAL.with(|s| s.set(true));
        let mut cache = super::Cache::default();
        let in_turn = crate::checks::run_with(&parsed, &kind, &mut cache);
        super::SEQUENTIAL.with(|s| s.set(false));
        assert_eq!(parallel, in_turn);
        let count = |code: &str| parallel.iter().filter(|d| d.code == code).count();
        assert_eq!(count("spec/media-example-mismatch"), 100);
        assert_eq!(count("spec/duplicate-operation-id"), 10);
        assert_eq!(count("spec/required-undefined"), 1);
    }
    /// A finding in a node outside its unit (an example the unit's `$ref` leads to) moves with
    /// that node, not with the unit, when an edit between them moves one and not the other.
    #[test]
    fn a_finding_in_a_referenced_example_moves_with_the_example() {
        let mut text = "\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: integer}}}
              examples: {one: {$ref: '#/components/examples/Bad'}}
  /b:
    get:
      responses: {'200': {description: ok}}
components:
  examples:
    Bad:
      value: {id: seven}
"
        .to_string();
        let mut file = SourceFile::new(Lang::Yaml, &text);
        let mut cache = super::Cache::default();
        let mut step = |text: &str, file: &mut SourceFile| {
            let kept = kept_as_fresh(text, file, &mut cache);
            let found: Vec<String> = kept
                .iter()
                .filter(|d| d.code == "spec/media-example-mismatch")
                .map(|d| text[d.range.clone()].to_string())
                .collect();
            (found, cache.checked)
        };
        assert_eq!(step(&text, &mut file).0, ["seven"]);
        // `/b` grows by a description: `/a`'s findings are kept, and the example moved.
        replace(
            &mut text,
            &mut file,
            "{'200': {description: ok}}",
            0,
            "{'200': {description: all fine}}",
        );
        let (found, checked) = step(&text, &mut file);
        assert_eq!(found, ["seven"]);
        assert_eq!(checked, 1, "only `/b` checked again");
    }
}
