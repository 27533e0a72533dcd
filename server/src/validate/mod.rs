//! Schema validation: a document checked against the official meta-schema of its kind, with each
//! error turned into one precise diagnostic (see `findings.rs`).
//!
//! Incremental by design: the document is cut into *units* (each path item, each component, …)
//! whose schema is known on its own (see [`metaschemas::MetaSchema::unit`]). Each unit is
//! validated alone, and its diagnostics are kept in a [`Cache`] keyed by the unit's node; the
//! node tree shares unchanged subtrees between edits, so after a keystroke only the unit that
//! holds it is validated again. The rest of the document (the *skeleton*, with every unit
//! replaced by a value its schema accepts) is small and validated every time. Both give the same
//! diagnostics as validating the whole document at once ([`validate_whole`]); a test checks it.

mod findings;
pub mod metaschemas;

use foldhash::{HashMap, HashMapExt};
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value;

use crate::analysis::Diagnostic;
use crate::spec::{Family, SpecKind};
use crate::syntax::node::{Node, NodeKind, NodeRef, FLAG_ALIASES, FLAG_ANCHORS};
use crate::syntax::value::{node_to_json, node_to_json_with};
use crate::syntax::Parsed;

pub use findings::did_you_mean;
use findings::Base;
use metaschemas::{MetaSchema, UnitSchema};

/// Diagnostics of units validated before, by unit node.
#[derive(Default)]
pub struct Cache {
    /// The spec line and version the entries were made for.
    kind: Option<(crate::spec::Line, String)>,
    /// By the address of the unit's node (kept alive by `CachedUnit::node`).
    units: HashMap<usize, CachedUnit>,
}

struct CachedUnit {
    /// Keeps the node alive, so that its address is not reused while it is a key.
    _node: Node,
    /// Where the node was (a renamed key keeps its value node, not its findings).
    path: Vec<String>,
    diagnostics: Vec<UnitDiagnostic>,
}

/// A diagnostic of a unit, placed relative to the unit.
#[derive(Clone)]
struct UnitDiagnostic {
    /// `None`: on the unit's key; else relative to the start of the unit's value.
    range: Option<Range<usize>>,
    diagnostic: Diagnostic,
}

/// How many units were validated and how many were taken from the cache (for tests and logs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub validated: usize,
    pub reused: usize,
}

/// The schema diagnostics of a document, reusing what `cache` holds for unchanged units.
pub fn validate(parsed: &Parsed, kind: &SpecKind, cache: &mut Cache) -> (Vec<Diagnostic>, Stats) {
    let mut stats = Stats::default();
    let Some(root) = parsed.tree.root() else {
        return (Vec::new(), stats);
    };
    if kind.family == Family::JsonSchema {
        return (validate_json_schema(parsed, kind), stats);
    }
    let Some(meta) = metaschemas::for_kind(kind) else {
        return (Vec::new(), stats);
    };
    let wanted = Some((kind.line, kind.version.clone()));
    if cache.kind != wanted {
        cache.units.clear();
        cache.kind = wanted;
    }
    let units = find_units(parsed, kind.family, meta, root);

    // The skeleton: the document with every unit replaced by its placeholder.
    let placeholders: HashMap<usize, &Value> = units
        .iter()
        .filter_map(|u| Some((u.value.start, u.schema.placeholder.as_ref()?)))
        .collect();
    let by_node: HashMap<usize, usize> = units
        .iter()
        .map(|u| (u.value.start, u.value.node.0.as_ref() as *const _ as usize))
        .collect();
    let substitute = |n: NodeRef<'_>| -> Option<Value> {
        let p = placeholders.get(&n.start)?;
        (by_node.get(&n.start) == Some(&(n.node.0.as_ref() as *const _ as usize)))
            .then(|| (*p).clone())
    };
    let mut out = match node_to_json_with(&parsed.tree, root, &substitute) {
        Ok(value) => findings::diagnostics(
            parsed,
            meta,
            Base::root(root),
            meta.root().iter_errors(&value),
        ),
        Err(_) => return (Vec::new(), stats),
    };

    // The units: from the cache, or validated (in parallel).
    let mut todo = Vec::new();
    let mut fresh: HashMap<usize, CachedUnit> = HashMap::with_capacity(units.len());
    for (i, u) in units.iter().enumerate() {
        let key = u.key();
        if let Some(hit) = cache.units.remove(&key).filter(|hit| hit.path == u.path) {
            stats.reused += 1;
            out.extend(place(&hit.diagnostics, u));
            fresh.insert(key, hit);
        } else {
            todo.push(i);
        }
    }
    stats.validated = todo.len();
    let done: Vec<(usize, Vec<UnitDiagnostic>)> = todo
        .par_iter()
        .map(|&i| (i, validate_unit(parsed, meta, &units[i])))
        .collect();
    for (i, diagnostics) in done {
        let u = &units[i];
        out.extend(place(&diagnostics, u));
        if u.cacheable() {
            fresh.insert(
                u.key(),
                CachedUnit {
                    _node: u.value.node.clone(),
                    path: u.path.clone(),
                    diagnostics,
                },
            );
        }
    }
    cache.units = fresh;
    tracing::debug!(
        validated = stats.validated,
        reused = stats.reused,
        "schema: units validated"
    );
    (finish(out), stats)
}

/// The schema diagnostics of a document validated as a whole, without units: what [`validate`]
/// must always equal.
pub fn validate_whole(parsed: &Parsed, kind: &SpecKind) -> Vec<Diagnostic> {
    let Some(root) = parsed.tree.root() else {
        return Vec::new();
    };
    if kind.family == Family::JsonSchema {
        return validate_json_schema(parsed, kind);
    }
    let Some(meta) = metaschemas::for_kind(kind) else {
        return Vec::new();
    };
    let Ok(value) = node_to_json(&parsed.tree, root) else {
        return Vec::new();
    };
    finish(findings::diagnostics(
        parsed,
        meta,
        Base::root(root),
        meta.root().iter_errors(&value),
    ))
}

fn validate_json_schema(parsed: &Parsed, kind: &SpecKind) -> Vec<Diagnostic> {
    let (Some(root), Some(draft)) = (
        parsed.tree.root(),
        metaschemas::json_schema_draft(kind.line),
    ) else {
        return Vec::new();
    };
    let Ok(value) = node_to_json(&parsed.tree, root) else {
        return Vec::new();
    };
    let validator = match draft {
        jsonschema::Draft::Draft4 => jsonschema::draft4::meta::validator(),
        jsonschema::Draft::Draft6 => jsonschema::draft6::meta::validator(),
        jsonschema::Draft::Draft7 => jsonschema::draft7::meta::validator(),
        jsonschema::Draft::Draft201909 => jsonschema::draft201909::meta::validator(),
        _ => jsonschema::draft202012::meta::validator(),
    };
    let errors: Vec<_> = validator.iter_errors(&value).collect();
    finish(findings::diagnostics_without_meta(
        parsed,
        Base::root(root),
        errors.into_iter(),
    ))
}

/// Sorted by place; at most one schema diagnostic per range.
fn finish(mut out: Vec<Diagnostic>) -> Vec<Diagnostic> {
    out.sort_by(|a, b| {
        (a.range.start, a.range.end)
            .cmp(&(b.range.start, b.range.end))
            .then_with(|| a.message.cmp(&b.message))
    });
    out.dedup_by(|b, a| a.range == b.range);
    out
}

/// A unit of a document: a value whose schema is known on its own.
struct Unit<'a> {
    key: NodeRef<'a>,
    value: NodeRef<'a>,
    path: Vec<String>,
    schema: Arc<UnitSchema>,
}

impl Unit<'_> {
    fn key(&self) -> usize {
        self.value.node.0.as_ref() as *const _ as usize
    }

    /// A unit that holds an alias may change with text outside it: it is not cached.
    fn cacheable(&self) -> bool {
        self.value.node.flags() & FLAG_ALIASES == 0
    }
}

/// Where units are: the keys of these mappings (a `*` takes every key of that level; the root,
/// `[]`, only for its extensions).
fn unit_containers(family: Family) -> &'static [&'static [&'static str]] {
    match family {
        Family::OpenApi => &[&[], &["paths"], &["webhooks"], &["components", "*"]],
        Family::Swagger => &[
            &[],
            &["paths"],
            &["definitions"],
            &["parameters"],
            &["responses"],
        ],
        Family::AsyncApi => &[&[], &["channels"], &["operations"], &["components", "*"]],
        _ => &[],
    }
}

fn find_units<'a>(
    parsed: &'a Parsed,
    family: Family,
    meta: &MetaSchema,
    root: NodeRef<'a>,
) -> Vec<Unit<'a>> {
    let mut out = Vec::new();
    for container in unit_containers(family) {
        let mut level: Vec<(NodeRef<'a>, Vec<String>)> = vec![(root, Vec::new())];
        for step in *container {
            let mut next = Vec::new();
            for (node, path) in level {
                for (k, v) in node.entries() {
                    let Some(key) = k.node.key_text() else {
                        continue;
                    };
                    if (*step == "*" || key == *step)
                        && matches!(v.node.kind(), NodeKind::Mapping(_))
                    {
                        let mut p = path.clone();
                        p.push(key.into_owned());
                        next.push((v, p));
                    }
                }
            }
            level = next;
        }
        for (node, path) in level {
            let last: HashMap<_, usize> = node
                .entries()
                .enumerate()
                .filter_map(|(i, (k, _))| Some((k.node.key_text()?, i)))
                .collect();
            for (i, (k, v)) in node.entries().enumerate() {
                let Some(key) = k.node.key_text() else {
                    continue;
                };
                // Of a duplicated key, the value that counts is the last (as in JSON): an
                // earlier one is not validated, as a unit or otherwise.
                if last.get(&key) != Some(&i) {
                    continue;
                }
                // A map replaced by a `$ref` (`schemas: {$ref: ./schemas.yaml}`) holds no unit.
                if key == "$ref" {
                    continue;
                }
                // At the root, only extensions (`x-webhooks` can be large).
                if path.is_empty() && container.is_empty() && !key.starts_with("x-") {
                    continue;
                }
                // An anchor inside a unit may be expanded elsewhere: keep such units whole.
                if v.node.flags() & FLAG_ANCHORS != 0 || matches!(v.node.kind(), NodeKind::Alias(_))
                {
                    continue;
                }
                let mut p = path.clone();
                p.push(key.into_owned());
                if let Some(schema) = meta.unit(&p) {
                    out.push(Unit {
                        key: k,
                        value: v,
                        path: p,
                        schema,
                    });
                }
            }
        }
    }
    let _ = parsed;
    out
}

fn validate_unit(parsed: &Parsed, meta: &MetaSchema, u: &Unit<'_>) -> Vec<UnitDiagnostic> {
    let Ok(value) = node_to_json(&parsed.tree, u.value) else {
        return Vec::new();
    };
    let base = Base {
        node: u.value,
        key_range: Some(u.key.range()),
        path: u.path.clone(),
    };
    let start = u.value.start;
    let key_range = u.key.range();
    findings::diagnostics(parsed, meta, base, u.schema.validator.iter_errors(&value))
        .into_iter()
        .map(|d| UnitDiagnostic {
            range: (d.range != key_range && d.range.start >= start)
                .then(|| d.range.start - start..d.range.end - start),
            diagnostic: d,
        })
        .collect()
}

/// A unit's cached diagnostics at the unit's current place.
fn place<'a>(
    diagnostics: &'a [UnitDiagnostic],
    u: &'a Unit<'_>,
) -> impl Iterator<Item = Diagnostic> + 'a {
    diagnostics.iter().map(move |d| {
        let mut out = d.diagnostic.clone();
        out.range = match &d.range {
            Some(r) => u.value.start + r.start..u.value.start + r.end,
            None => u.key.range(),
        };
        out
    })
}

/// A use of a fragment: the kind of the spec that uses it, where (keys from that spec's root),
/// and by which file.
#[derive(Clone, Debug)]
pub struct Use {
    pub kind: SpecKind,
    pub path: Vec<String>,
    pub by: std::path::PathBuf,
}

/// The schema diagnostics of a fragment, checked as what the specs that reference it use it as
/// (a Path Item, a Schema, …), in their version. When two specs use it differently, an
/// information diagnostic says so (it is checked as the first use).
pub fn fragment_diagnostics(fragment: &Parsed, uses: &[Use]) -> Vec<Diagnostic> {
    let Some(root) = fragment.tree.root() else {
        return Vec::new();
    };
    let mut checked: Vec<(String, &Use, Arc<UnitSchema>, &'static MetaSchema)> = Vec::new();
    for u in uses {
        let Some(meta) = metaschemas::for_kind(&u.kind) else {
            continue;
        };
        let path: Vec<&str> = u.path.iter().map(String::as_str).collect();
        if let Some((schema, label)) = meta.fragment_schema(&path) {
            if !checked.iter().any(|(l, ..)| *l == label) {
                checked.push((label, u, schema, meta));
            }
        }
    }
    let Some((label, first, schema, meta)) = checked.first() else {
        return Vec::new();
    };
    let Ok(value) = node_to_json(&fragment.tree, root) else {
        return Vec::new();
    };
    let by = |u: &Use| {
        u.by.file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned()
    };
    let mut out: Vec<Diagnostic> = findings::diagnostics(
        fragment,
        meta,
        Base::root(root),
        schema.validator.iter_errors(&value),
    )
    .into_iter()
    .map(|mut d| {
        d.message = format!("{} (as a {label} of {})", d.message, by(first));
        d
    })
    .collect();
    if checked.len() > 1 {
        let uses: Vec<String> = checked
            .iter()
            .map(|(l, u, ..)| format!("as a {l} by {}", by(u)))
            .collect();
        let start = root.range().start;
        let first_line = fragment
            .rope
            .line(fragment.rope.byte_to_line(start))
            .len_bytes();
        out.push(Diagnostic::new(
            start..start + first_line.saturating_sub(1).max(1).min(root.range().len()),
            crate::analysis::Severity::Info,
            "schema/used-differently",
            format!(
                "this fragment is used {}; it is checked as the first",
                uses.join(" and ")
            ),
        ));
    }
    finish(out)
}
