//! Lint rules: the rules of Spectral's `spectral:oas` ruleset, with the same ids, default
//! severities, `recommended` flags and semantics, most of them with a fix.
//!
//! One file per rule under `rules/`: its metadata, its docs (what, why, an invalid and a valid
//! example, fix safety), its check and its fix. The docs are generated into `docs/rules/`
//! ([`docs`]); the doc examples run as tests.
//!
//! Rules run inside the spec checks (`crate::checks`), so they are incremental the same way:
//! - per-unit rules (an operation, a path key, every node of a path item or component) run with
//!   the unit's other checks, and their findings are kept while the unit is unchanged;
//! - document-wide rules (`info`, `tags`, `servers`, tags used against tags declared, operation ids
//!   to generate) run over the small top-level nodes and the facts the units kept.
//!
//! Every rule runs whatever the settings; [`configure`] then drops or re-grades the findings
//! as the `[lint]` settings say, so a change of settings needs no new check.
//!
//! Some Spectral rules are specls checks that existed before the rules (`path-params` is
//! `spec/path-param-…`): those rules name the existing codes ([`Check::Existing`]) rather than
//! reporting the same problem twice.

pub mod docs;
pub(crate) mod edit;
mod rules;
pub mod ruleset;

use std::collections::BTreeMap;
use std::ops::Range;

use crate::analysis::{Applicability, Diagnostic, Severity};
use crate::checks::units::UnitKind;
use crate::checks::Doc;
use crate::spec::Line;
use crate::syntax::{NodeKind, NodeRef};

/// The spec versions Spectral's formats name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `oas2`: Swagger 2.0.
    Oas2,
    /// `oas3_0`.
    Oas30,
    /// `oas3_1`.
    Oas31,
    /// `oas3_2`.
    Oas32,
}

pub const OAS: &[Format] = &[Format::Oas2, Format::Oas30, Format::Oas31, Format::Oas32];
pub const OAS2: &[Format] = &[Format::Oas2];
pub const OAS3: &[Format] = &[Format::Oas30, Format::Oas31, Format::Oas32];

impl Format {
    pub fn of(line: Line) -> Option<Format> {
        match line {
            Line::Swagger2 => Some(Format::Oas2),
            Line::OpenApi30 => Some(Format::Oas30),
            Line::OpenApi31 => Some(Format::Oas31),
            Line::OpenApi32 => Some(Format::Oas32),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Oas2 => "OpenAPI 2.0 (Swagger)",
            Format::Oas30 => "OpenAPI 3.0",
            Format::Oas31 => "OpenAPI 3.1",
            Format::Oas32 => "OpenAPI 3.2",
        }
    }
}

/// A rule's docs. The examples are YAML documents; each runs as a test.
pub struct Docs {
    /// What the rule reports.
    pub what: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// A document with exactly one finding of this rule.
    pub invalid: &'static str,
    /// The same document without it.
    pub valid: &'static str,
    /// What the fix does and how safe it is ("" without a fix).
    pub fix: &'static str,
}

/// One lint rule.
pub struct Rule {
    /// Spectral's rule id, also the diagnostics' code.
    pub id: &'static str,
    /// Spectral's description of the rule.
    pub description: &'static str,
    /// Spectral's default severity.
    pub severity: Severity,
    /// In Spectral's `recommended` set (what `extends: spectral:oas` turns on).
    pub recommended: bool,
    pub formats: &'static [Format],
    /// The fix's applicability, if the rule has a fix.
    pub fix: Option<Applicability>,
    pub docs: Docs,
    pub(crate) check: Check,
}

/// What a rule looks at, which says when it runs.
pub(crate) enum Check {
    /// The top of the document and the facts the units kept; runs on every analysis.
    Document(fn(&DocCtx<'_, '_>, &mut Vec<Diagnostic>)),
    /// Each Operation Object of `paths`, in its unit.
    Operation(fn(&Op<'_, '_>, &mut Vec<Diagnostic>)),
    /// Each key of `paths`, in its unit.
    PathKey(fn(&Doc<'_>, NodeRef<'_>, &str, &mut Vec<Diagnostic>)),
    /// Each mapping of the document, where it is written (`$ref`s are not followed).
    Node(fn(&Visit<'_, '_>, &mut Vec<Diagnostic>)),
    /// Reported by an existing specls check under these codes.
    Existing(&'static [&'static str]),
}

impl Rule {
    pub fn applies_to(&self, line: Line) -> bool {
        Format::of(line).is_some_and(|f| self.formats.contains(&f))
    }

    /// The codes the rule's findings carry: its id, or the existing check's codes.
    pub fn codes(&self) -> &[&'static str] {
        match &self.check {
            Check::Existing(codes) => codes,
            _ => std::slice::from_ref(&self.id),
        }
    }

    pub(crate) fn diagnostic(&self, range: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(range, self.severity, self.id, message)
    }
}

/// Every rule, sorted by id.
pub fn all() -> &'static [&'static Rule] {
    rules::ALL
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    rules::ALL.iter().copied().find(|r| r.id == id)
}

/// One operation, as the operation rules see it.
pub(crate) struct Op<'d, 'a> {
    pub doc: &'d Doc<'a>,
    pub method_key: NodeRef<'a>,
    pub op: NodeRef<'a>,
}

/// A mapping met by the walk of the node rules.
pub(crate) struct Visit<'d, 'a> {
    pub doc: &'d Doc<'a>,
    /// The key this mapping is the value of, if it is the value of a mapping entry.
    pub key: Option<&'d str>,
    pub node: NodeRef<'a>,
    /// Whether the walk of the spec checks found this mapping as a Schema Object.
    pub is_schema: bool,
    /// Whether it is inside a specification extension (`x-…`): no OpenAPI object there.
    pub in_extension: bool,
}

/// The document and what its units kept, as the document rules see them.
pub(crate) struct DocCtx<'d, 'a> {
    pub doc: &'d Doc<'a>,
    pub facts: &'d Facts,
}

/// What the per-unit pass keeps for the document rules, with ranges as they are now.
#[derive(Clone, Debug, Default)]
pub(crate) struct Facts {
    /// Every tag an operation of `paths` names, with the range of its value.
    pub tags: Vec<(String, Range<usize>)>,
    /// Operations of `paths` without an `operationId`.
    pub missing_ids: Vec<MissingId>,
    /// Every operation id of the document.
    pub ids: Vec<String>,
    /// The security requirements of the operations of `paths`.
    pub security: Vec<SecurityUse>,
}

/// One scheme named in a Security Requirement Object: its name and the range of its key, and
/// the scopes listed, each with its range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SecurityUse {
    pub scheme: String,
    pub range: Range<usize>,
    pub scopes: Vec<(String, Range<usize>)>,
}

impl SecurityUse {
    /// The uses in a `security` list.
    pub(crate) fn of_list(doc: &Doc<'_>, list: NodeRef<'_>) -> Vec<SecurityUse> {
        let mut out = Vec::new();
        for req in doc.items(list) {
            for (k, v) in doc.entries(req) {
                let Some(scheme) = k.node.key_text() else {
                    continue;
                };
                out.push(SecurityUse {
                    scheme: scheme.into_owned(),
                    range: k.range(),
                    scopes: doc
                        .items(v)
                        .filter_map(|s| Some((doc.str_of(s)?.to_string(), s.value_range())))
                        .collect(),
                });
            }
        }
        out
    }

    /// The same, moved by `f`.
    pub(crate) fn moved(&self, f: impl Fn(&Range<usize>) -> Range<usize>) -> SecurityUse {
        SecurityUse {
            scheme: self.scheme.clone(),
            range: f(&self.range),
            scopes: self.scopes.iter().map(|(s, r)| (s.clone(), f(r))).collect(),
        }
    }
}

/// An operation without an `operationId`, and where one would go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MissingId {
    pub method: String,
    pub path: String,
    /// The method's key.
    pub range: Range<usize>,
    /// Where the fix inserts, and the text around the id it inserts.
    pub insert: Option<(Range<usize>, String, String)>,
}

/// What the per-unit rules found in one unit.
#[derive(Default)]
pub(crate) struct UnitFindings {
    pub diagnostics: Vec<Diagnostic>,
    pub tags: Vec<(String, Range<usize>)>,
    pub missing_ids: Vec<MissingId>,
    pub security: Vec<SecurityUse>,
}

/// The HTTP methods whose operations Spectral's rules look at (`#OperationObject`).
pub(crate) const SPECTRAL_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn enabled(line: Line) -> impl Iterator<Item = &'static Rule> {
    rules::ALL
        .iter()
        .copied()
        .filter(move |r| r.applies_to(line))
}

/// The per-unit rules of one unit: the path key and operations of an entry of `paths`, and
/// every mapping of the unit for the node rules. `schemas` are the starts of the Schema Objects
/// the checks' walk found in the unit.
pub(crate) fn unit<'a>(
    doc: &Doc<'a>,
    kind: UnitKind,
    key: NodeRef<'a>,
    value: NodeRef<'a>,
    schemas: &std::collections::HashSet<usize>,
) -> UnitFindings {
    let mut found = UnitFindings::default();
    let out = &mut found.diagnostics;
    // A part that `document` walked before it was a unit is walked as it did (its key named,
    // extensions known).
    let (name, in_ext) = match kind {
        UnitKind::Other { in_extension } => {
            let name = key.node.key_text();
            let ext = in_extension || is_extension(name.as_deref());
            (name, ext)
        }
        _ => (None, false),
    };
    if kind == UnitKind::Path {
        if let Some(path) = key.node.as_str() {
            for r in enabled(doc.line) {
                if let Check::PathKey(f) = r.check {
                    f(doc, key, path, out);
                }
            }
            if path.starts_with('/') {
                operations(doc, path, value, &mut found);
            }
        }
    }
    let rules = node_rules(doc.line);
    walk(
        doc,
        &rules,
        name.as_deref(),
        value,
        schemas,
        &mut found.diagnostics,
        (0, in_ext),
    );
    found
}

fn operations<'a>(doc: &Doc<'a>, path: &str, item: NodeRef<'a>, found: &mut UnitFindings) {
    let item = doc.tree.follow_alias(item);
    if !matches!(item.node.kind(), NodeKind::Mapping(_)) {
        return;
    }
    for (k, op) in doc.entries(item) {
        let Some(method) = k.node.as_str() else {
            continue;
        };
        if !SPECTRAL_METHODS.contains(&method) || !matches!(op.node.kind(), NodeKind::Mapping(_)) {
            continue;
        }
        let o = Op {
            doc,
            method_key: k,
            op,
        };
        for r in enabled(doc.line) {
            if let Check::Operation(f) = r.check {
                f(&o, &mut found.diagnostics);
            }
        }
        if let Some(tags) = doc.get(op, "tags") {
            for t in doc.items(tags) {
                if let Some(name) = doc.str_of(t) {
                    found.tags.push((name.to_string(), t.value_range()));
                }
            }
        }
        if let Some(list) = doc.get(op, "security") {
            found.security.extend(SecurityUse::of_list(doc, list));
        }
        let id = doc.get(op, "operationId");
        if !rules::truthy(id) {
            // Missing: inserted; empty (`''`, `null`): written over.
            let insert = match id {
                None => edit::Editor::new(doc.parsed).insert_entry_parts(op, "operationId"),
                Some(v) => {
                    let q = if doc.parsed.lang == crate::syntax::Lang::Json {
                        "\""
                    } else {
                        ""
                    };
                    Some((v.value_range(), q.to_string(), q.to_string()))
                }
            };
            found.missing_ids.push(MissingId {
                method: method.to_string(),
                path: path.to_string(),
                range: k.range(),
                insert,
            });
        }
    }
}

/// Deeper than this, the node rules do not look (the checks' walk stops earlier still).
const MAX_WALK_DEPTH: usize = 96;

/// A node rule's check.
type NodeFn = fn(&Visit<'_, '_>, &mut Vec<Diagnostic>);

/// The node rules of a document's version, looked up once per walk.
fn node_rules(line: Line) -> Vec<NodeFn> {
    enabled(line)
        .filter_map(|r| match r.check {
            Check::Node(f) => Some(f),
            _ => None,
        })
        .collect()
}

fn visit<'a>(
    doc: &Doc<'a>,
    rules: &[NodeFn],
    key: Option<&str>,
    node: NodeRef<'a>,
    (is_schema, in_extension): (bool, bool),
    out: &mut Vec<Diagnostic>,
) {
    let v = Visit {
        doc,
        key,
        node,
        is_schema,
        in_extension,
    };
    for f in rules {
        f(&v, out);
    }
}

/// Every mapping under `node` (itself included), for the node rules.
fn walk<'a>(
    doc: &Doc<'a>,
    rules: &[NodeFn],
    key: Option<&str>,
    node: NodeRef<'a>,
    schemas: &std::collections::HashSet<usize>,
    out: &mut Vec<Diagnostic>,
    (depth, in_ext): (usize, bool),
) {
    if depth > MAX_WALK_DEPTH {
        return;
    }
    // An alias is looked at where its anchor is written.
    match node.node.kind() {
        NodeKind::Mapping(_) => {
            let is_schema = schemas.contains(&node.start);
            visit(doc, rules, key, node, (is_schema, in_ext), out);
            for (k, child) in node.entries() {
                let name = k.node.key_text();
                let ext = in_ext || is_extension(name.as_deref());
                walk(
                    doc,
                    rules,
                    name.as_deref(),
                    child,
                    schemas,
                    out,
                    (depth + 1, ext),
                );
            }
        }
        NodeKind::Sequence(_) => {
            for child in node.items() {
                walk(doc, rules, None, child, schemas, out, (depth + 1, in_ext));
            }
        }
        _ => {}
    }
}

/// The document rules, and the node rules over the parts of the document that are no unit
/// (`info`, `tags`, `servers`, security schemes…). `units` are the value ranges of the units.
pub(crate) fn document(doc: &Doc<'_>, facts: &Facts, units: &[Range<usize>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let ctx = DocCtx { doc, facts };
    for r in enabled(doc.line) {
        if let Check::Document(f) = r.check {
            f(&ctx, &mut out);
        }
    }
    let mut units: Vec<usize> = units.iter().map(|r| r.start).collect();
    units.sort_unstable();
    let rules = node_rules(doc.line);
    rest(doc, &rules, None, doc.root, &units, &mut out, (0, false));
    out
}

/// [`walk`] outside the units (which are two or three levels down).
fn rest<'a>(
    doc: &Doc<'a>,
    rules: &[NodeFn],
    key: Option<&str>,
    node: NodeRef<'a>,
    units: &[usize],
    out: &mut Vec<Diagnostic>,
    (depth, in_ext): (usize, bool),
) {
    if units.binary_search(&node.start).is_ok() {
        return;
    }
    match node.node.kind() {
        NodeKind::Mapping(_) if depth <= 2 => {
            visit(doc, rules, key, node, (false, in_ext), out);
            for (k, child) in node.entries() {
                let name = k.node.key_text();
                let ext = in_ext || is_extension(name.as_deref());
                rest(
                    doc,
                    rules,
                    name.as_deref(),
                    child,
                    units,
                    out,
                    (depth + 1, ext),
                );
            }
        }
        NodeKind::Sequence(_) if depth <= 2 => {
            for child in node.items() {
                rest(doc, rules, None, child, units, out, (depth + 1, in_ext));
            }
        }
        _ => walk(
            doc,
            rules,
            key,
            node,
            &Default::default(),
            out,
            (depth, in_ext),
        ),
    }
}

/// A specification extension's key (`x-…`).
fn is_extension(key: Option<&str>) -> bool {
    key.is_some_and(|k| k.starts_with("x-"))
}

/// How a rule is set in the settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    /// On, at the rule's default severity.
    On,
    Error,
    #[serde(alias = "warning")]
    Warn,
    #[serde(alias = "information")]
    Info,
    Hint,
}

/// Which rules are on unless a rule says otherwise (Spectral's `extends: [[spectral:oas, …]]`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    /// The rules Spectral marks `recommended`.
    #[default]
    Recommended,
    All,
    /// None (the specls checks that Spectral rules name stay on unless set off by id).
    Off,
}

/// The `[lint]` settings.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct LintSettings {
    pub preset: Preset,
    /// By rule id: `off`, `on`, or a severity (`error`, `warn`, `info`, `hint`).
    pub rules: BTreeMap<String, Level>,
    /// The Spectral ruleset in use (see [`ruleset`]): its `extends` and `rules` are already in
    /// `preset` and `rules`; its `overrides` and custom rules apply per document.
    #[serde(skip)]
    pub ruleset: Option<ruleset::RulesetRef>,
    /// The rule ids `specls.toml` or the editor set: a ruleset's `overrides` leave them alone.
    #[serde(skip)]
    pub pinned: std::collections::BTreeSet<String>,
}

impl LintSettings {
    /// The settings for one document: the ruleset's `overrides` that match its path (relative
    /// to the workspace root) re-grade the rules `specls.toml` and the editor do not set.
    pub fn for_path(&self, path: Option<&std::path::Path>) -> std::borrow::Cow<'_, LintSettings> {
        let Some(rs) = &self.ruleset else {
            return std::borrow::Cow::Borrowed(self);
        };
        let levels = rs.0.override_levels(path);
        if levels.is_empty() {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut s = self.clone();
        for (id, level) in levels {
            if !s.pinned.contains(&id) && rule(&id).is_some() {
                s.rules.insert(id, level);
            }
        }
        std::borrow::Cow::Owned(s)
    }

    /// Rejects unknown rule ids, naming the closest known one.
    pub fn validated(&self) -> Result<(), String> {
        for id in self.rules.keys() {
            if rule(id).is_none() {
                let closest = rules::ALL
                    .iter()
                    .map(|r| (strsim::levenshtein(id, r.id), r.id))
                    .min()
                    .map(|(_, r)| format!(" (did you mean `{r}`?)"))
                    .unwrap_or_default();
                return Err(format!(
                    "unknown lint rule `{id}` in `lint.rules`{closest}; `docs/rules/README.md` lists them"
                ));
            }
        }
        Ok(())
    }
}

/// The rule a finding belongs to, in a document of `line`.
pub(crate) fn rule_of(code: &str, line: Line) -> Option<&'static Rule> {
    rules::ALL
        .iter()
        .copied()
        .find(|r| r.applies_to(line) && r.codes().contains(&code))
}

/// Drops or re-grades the lint findings among `diagnostics` as the settings say: a rule set
/// by id wins; else the preset; the existing checks that a rule names keep their own severity.
/// `diagnostics` holds no finding of the ruleset's custom rules (those are added after): a
/// built-in rule that a custom rule of its id replaces is off, and its findings go.
pub fn configure(diagnostics: &mut Vec<Diagnostic>, settings: &LintSettings, line: Line) {
    if Format::of(line).is_none() {
        return;
    }
    diagnostics.retain_mut(|d| {
        let Some(r) = rule_of(d.code, line) else {
            return true;
        };
        let existing = matches!(r.check, Check::Existing(_));
        let level = settings.rules.get(r.id).copied();
        let severity = match level {
            Some(Level::Off) => return false,
            Some(Level::On) if existing => d.severity,
            Some(Level::On) => r.severity,
            Some(Level::Error) => Severity::Error,
            Some(Level::Warn) => Severity::Warning,
            Some(Level::Info) => Severity::Info,
            Some(Level::Hint) => Severity::Hint,
            None if existing => d.severity,
            None => match settings.preset {
                Preset::All => r.severity,
                Preset::Recommended if r.recommended => r.severity,
                _ => return false,
            },
        };
        d.severity = severity;
        true
    });
}

#[cfg(test)]
mod tests;
