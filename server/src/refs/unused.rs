//! Components nothing uses, over the whole workspace and transitively.
//!
//! A component is *used* when it can be reached from a root: the parts of an OpenAPI 3.x,
//! Swagger 2.0 or AsyncAPI document that are not components (paths, webhooks, channels,
//! operations, servers, …), following `$ref`s across files and discriminator `mapping`s. A
//! schema whose `allOf` names a schema with a `discriminator` counts as used (the discriminator
//! can pick it without naming it). Security schemes are named in `security` requirements, not by
//! `$ref`: they always count as used. A fragment (a components-only library file) is reported
//! only when some root reaches into it. JSON Schema `$defs` are not looked at.
//!
//! An unused component is told one of two ways: no `$ref` anywhere names it (`ref/unused-component`,
//! what Spectral's `oas3-unused-component` and `oas2-unused-definition` report), or `$ref`s name
//! it, but only from components that are unused themselves (`ref/used-only-by-unused`).
//!
//! Reachability is worked out once per generation of the index (anything changed in the
//! workspace) and kept.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::index::{OpenFn, RefIndex};
use super::{ref_sites, resolve, Loader, RefSite, Resolution};
use crate::analysis::{Diagnostic, Fix, Severity};
use crate::spec::Family;
use crate::syntax::node::NodeKind;
use crate::syntax::{NodeRef, Parsed};

/// The code of the hint on an unused component that no `$ref` names.
pub const CODE: &str = "ref/unused-component";
/// The code of the hint on an unused component that only unused components name.
pub const CODE_ONLY_UNUSED: &str = "ref/used-only-by-unused";

/// Whether `code` is one of the unused-component hints.
pub fn is_unused_code(code: &str) -> bool {
    code == CODE || code == CODE_ONLY_UNUSED
}

/// The sections of OpenAPI 3.x `components` whose entries are named by `$ref`.
const OPENAPI_SECTIONS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "links",
    "callbacks",
    "pathItems",
    "mediaTypes",
];

/// The sections of AsyncAPI 2.x/3.x `components` whose entries are named by `$ref`.
const ASYNCAPI_SECTIONS: &[&str] = &[
    "schemas",
    "servers",
    "serverVariables",
    "channels",
    "operations",
    "messages",
    "parameters",
    "correlationIds",
    "replies",
    "replyAddresses",
    "externalDocs",
    "tags",
    "operationTraits",
    "messageTraits",
    "serverBindings",
    "channelBindings",
    "operationBindings",
    "messageBindings",
];

/// The top-level maps of Swagger 2.0 whose entries are named by `$ref`.
const SWAGGER_SECTIONS: &[&str] = &["definitions", "parameters", "responses"];

/// A named component: `components/schemas/Pet`, `definitions/Pet`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Component {
    /// Keys from the document's root: `["components", "schemas", "Pet"]`.
    pub path: Vec<String>,
    /// The key's range.
    pub key: Range<usize>,
    /// The value's range.
    pub value: Range<usize>,
}

/// A document's components, and the parts of it that are roots (for a spec document:
/// everything that is not a component).
#[derive(Clone, Debug, Default)]
pub struct Layout {
    pub components: Vec<Component>,
    pub roots: Vec<Range<usize>>,
}

/// Whether a family's documents are roots of reachability.
fn is_spec(family: Family) -> bool {
    matches!(family, Family::OpenApi | Family::Swagger | Family::AsyncApi)
}

/// The components of a document of `family` (a fragment: under `components/<section>`).
pub fn layout(parsed: &Parsed, family: Family) -> Layout {
    let mut out = Layout::default();
    let Some(root) = parsed.tree.root() else {
        return out;
    };
    if !matches!(root.node.kind(), NodeKind::Mapping(_))
        || !(is_spec(family) || family == Family::Fragment)
    {
        return out;
    }
    let spec = is_spec(family);
    for (k, v) in root.entries() {
        let key = k.node.key_text();
        let key = key.as_deref().unwrap_or_default();
        if family == Family::Swagger && SWAGGER_SECTIONS.contains(&key) && named_map(v) {
            push_entries(&mut out, &[key], v);
            continue;
        }
        if family != Family::Swagger && key == "components" {
            for (sk, sv) in v.entries() {
                let section = sk.node.key_text();
                let section = section.as_deref().unwrap_or_default();
                let known = match family {
                    Family::OpenApi => OPENAPI_SECTIONS.contains(&section),
                    Family::AsyncApi => ASYNCAPI_SECTIONS.contains(&section),
                    _ => {
                        OPENAPI_SECTIONS.contains(&section) || ASYNCAPI_SECTIONS.contains(&section)
                    }
                };
                if known && named_map(sv) {
                    push_entries(&mut out, &["components", section], sv);
                } else if spec {
                    // Security schemes, extensions, a `$ref` to a whole section: roots.
                    out.roots.push(sv.range());
                }
            }
            if spec && v.child("$ref").is_some() {
                out.roots.push(v.range());
            }
            continue;
        }
        if spec {
            out.roots.push(v.range());
        }
    }
    out
}

/// A mapping of named entries (not a `$ref` to one somewhere else).
fn named_map(v: NodeRef<'_>) -> bool {
    matches!(v.node.kind(), NodeKind::Mapping(_)) && v.child("$ref").is_none()
}

fn push_entries(out: &mut Layout, parent: &[&str], map: NodeRef<'_>) {
    for (k, v) in map.entries() {
        let Some(name) = k.node.key_text() else {
            continue;
        };
        let mut path: Vec<String> = parent.iter().map(|s| s.to_string()).collect();
        path.push(name.into_owned());
        out.components.push(Component {
            path,
            key: k.range(),
            value: v.range(),
        });
    }
}

/// The unused components of the workspace, by file (their paths from the root).
#[derive(Debug, Default)]
pub struct Unused {
    pub by_file: HashMap<PathBuf, Vec<UnusedComponent>>,
}

/// A component nothing uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnusedComponent {
    /// Keys from the document's root: `["components", "schemas", "Pet"]`.
    pub path: Vec<String>,
    /// Some `$ref` names it (from unused components only).
    pub named: bool,
}

/// The newest result and what it was computed for: the index generation, and the document
/// whose editor text was used in place of what the loader gives (by pointer).
#[derive(Default)]
pub struct Cache(Mutex<Option<(u64, CacheKey, Arc<Unused>)>>);

/// The document read from the editor instead of the loader, and its parse (by pointer).
type CacheKey = Option<(PathBuf, usize)>;

/// A loader that gives one document's newer parse.
struct Overlay<'a> {
    base: &'a dyn Loader,
    file: &'a Path,
    parsed: &'a Arc<Parsed>,
}

impl Loader for Overlay<'_> {
    fn load(&self, path: &Path) -> Option<Arc<Parsed>> {
        if path == self.file {
            return Some(self.parsed.clone());
        }
        self.base.load(path)
    }
    fn exists(&self, path: &Path) -> bool {
        path == self.file || self.base.exists(path)
    }
    fn inside(&self, path: &Path) -> bool {
        self.base.inside(path)
    }
    fn siblings(&self, dir: &Path) -> Vec<String> {
        self.base.siblings(dir)
    }
}

/// The unused components of the indexed workspace, once per generation of the index. `open`
/// gives the editor's parse of open documents (the loader is expected to give them too);
/// `current` is a document whose parse is newer than both (the one being analyzed). Nothing is
/// unused until the whole workspace has been scanned.
pub fn unused_components(
    index: &RefIndex,
    loader: &dyn Loader,
    open: &OpenFn<'_>,
    current: Option<(&Path, &Arc<Parsed>)>,
) -> Arc<Unused> {
    unused_components_if(index, loader, open, current, true).unwrap_or_default()
}

/// The result for the workspace as it is now, as [`unused_components`] gives it, but only if it
/// is known already, or `compute_now`.
pub fn unused_components_if(
    index: &RefIndex,
    loader: &dyn Loader,
    open: &OpenFn<'_>,
    current: Option<(&Path, &Arc<Parsed>)>,
    compute_now: bool,
) -> Option<Arc<Unused>> {
    if !index.is_complete() {
        return Some(Arc::default());
    }
    // A current parse that the loader already gives changes nothing.
    let current = current.filter(|(f, p)| !loader.load(f).is_some_and(|l| Arc::ptr_eq(&l, p)));
    let key = current.map(|(f, p)| (f.to_path_buf(), Arc::as_ptr(p) as usize));
    let generation = index.generation();
    {
        let cached = index.unused.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, k, hit)) = cached.as_ref() {
            if *g == generation && *k == key {
                return Some(hit.clone());
            }
        }
    }
    if !compute_now {
        return None;
    }
    let started = std::time::Instant::now();
    let found = Arc::new(match current {
        Some((file, parsed)) => {
            let overlay = Overlay {
                base: loader,
                file,
                parsed,
            };
            let open = |p: &Path| {
                if p == file {
                    Some(parsed.clone())
                } else {
                    open(p)
                }
            };
            compute(index, &overlay, &open, Some(file))
        }
        None => compute(index, loader, open, None),
    });
    tracing::debug!(
        ms = started.elapsed().as_secs_f64() * 1e3,
        files = found.by_file.len(),
        "unused components"
    );
    *index.unused.0.lock().unwrap_or_else(|e| e.into_inner()) =
        Some((generation, key, found.clone()));
    Some(found)
}

/// The newest result, whatever state of the workspace it was worked out for (`None` before the
/// first).
pub fn latest(index: &RefIndex) -> Option<Arc<Unused>> {
    let cached = index.unused.0.lock().unwrap_or_else(|e| e.into_inner());
    cached.as_ref().map(|(_, _, hit)| hit.clone())
}

/// What reachability knows of one file.
struct FileInfo {
    parsed: Arc<Parsed>,
    /// `$ref`s and discriminator mappings, by start offset.
    sites: Vec<RefSite>,
    /// Which of `sites` are discriminator mappings.
    mapping: Vec<bool>,
    followed: Vec<bool>,
    layout: Layout,
    used: Vec<bool>,
    /// A spec document, or a fragment some root reaches into: its unused components are told.
    reported: bool,
}

fn compute(
    index: &RefIndex,
    loader: &dyn Loader,
    open: &OpenFn<'_>,
    extra: Option<&Path>,
) -> Unused {
    let mut files: Vec<PathBuf> = index.snapshot().into_iter().map(|(f, _)| f).collect();
    if let Some(f) = extra {
        if !files.iter().any(|g| g == f) {
            files.push(f.to_path_buf());
        }
    }
    files.sort();
    let mut infos: HashMap<PathBuf, Option<FileInfo>> = HashMap::new();
    let mut queue: VecDeque<(PathBuf, Range<usize>)> = VecDeque::new();
    // The roots: every spec document's parts that are not components.
    for file in &files {
        let Some(parsed) = open(file).or_else(|| loader.load(file)) else {
            continue;
        };
        let family = crate::spec::detect(&parsed.tree, &parsed.rope, Some(file)).family;
        if !is_spec(family) {
            continue;
        }
        let info = build(index, loader, open, file, parsed, family, &mut queue);
        for r in &info.layout.roots {
            queue.push_back((file.clone(), r.clone()));
        }
        infos.insert(file.clone(), Some(info));
    }
    // Every node reached, as a `$ref` target or a root.
    let mut reached: std::collections::HashSet<(PathBuf, Range<usize>)> = Default::default();
    // Every node a `$ref` names (discriminator mappings aside), from anywhere.
    let mut named: std::collections::HashSet<(PathBuf, Range<usize>)> = Default::default();
    while let Some((file, range)) = queue.pop_front() {
        if !reached.insert((file.clone(), range.clone())) {
            continue;
        }
        if !infos.contains_key(&file) {
            let built = open(&file).or_else(|| loader.load(&file)).map(|parsed| {
                let family = crate::spec::detect(&parsed.tree, &parsed.rope, Some(&file)).family;
                build(index, loader, open, &file, parsed, family, &mut queue)
            });
            infos.insert(file.clone(), built);
        }
        let Some(Some(info)) = infos.get_mut(&file) else {
            continue;
        };
        info.reported = true;
        for (i, c) in info.layout.components.iter().enumerate() {
            let touches = overlaps(&c.value, &range) || within(&range, &(c.key.start..c.value.end));
            if touches && !info.used[i] {
                info.used[i] = true;
                if !within(&c.value, &range) {
                    queue.push_back((file.clone(), c.value.clone()));
                }
            }
        }
        let first = info.sites.partition_point(|s| s.range.start < range.start);
        for i in first..info.sites.len() {
            let site = &info.sites[i];
            if site.range.start >= range.end {
                break;
            }
            if info.followed[i] || site.range.end > range.end {
                continue;
            }
            info.followed[i] = true;
            if let Resolution::Found { file: t, range: r } =
                super::resolve_site(site, &file, &info.parsed, loader)
            {
                if !info.mapping[i] {
                    named.insert((t.clone(), r.clone()));
                }
                queue.push_back((t, r));
            }
        }
    }
    // What the `$ref`s that no root reaches (inside unused components) name; a component that
    // names itself (`next: {$ref: …/Node}`) is not named by that.
    for (file, info) in infos.iter().filter_map(|(f, i)| Some((f, i.as_ref()?))) {
        for (i, site) in info.sites.iter().enumerate() {
            if info.followed[i] || info.mapping[i] {
                continue;
            }
            if let Resolution::Found { file: t, range } =
                super::resolve_site(site, file, &info.parsed, loader)
            {
                if !(t == *file && within(&site.range, &range)) {
                    named.insert((t, range));
                }
            }
        }
    }
    // A component that only names another file, or a node of another file, that the spec uses
    // directly (`Pet: {$ref: ./schemas/Pet.yaml}` beside paths that name the file) is its name:
    // used. One that names a component of its own file (`Customer2: {$ref: '#/…/Customer'}`)
    // and that nothing names is unused, as in Spectral.
    let mut aliases = Vec::new();
    for (file, info) in infos.iter().filter_map(|(f, i)| Some((f, i.as_ref()?))) {
        for (i, c) in info.layout.components.iter().enumerate() {
            if info.used[i] {
                continue;
            }
            let Some(node) = super::node_with_range(&info.parsed, &c.value) else {
                continue;
            };
            let Some(raw) = node
                .child("$ref")
                .filter(|_| node.node.entries().len() == 1)
                .and_then(|r| r.node.as_str().map(str::to_string))
            else {
                continue;
            };
            if let Resolution::Found { file: t, range } = resolve(&raw, file, &info.parsed, loader)
            {
                if t != *file && reached.contains(&(t, range)) {
                    aliases.push((file.clone(), i));
                }
            }
        }
    }
    for (file, i) in aliases {
        if let Some(Some(info)) = infos.get_mut(&file) {
            info.used[i] = true;
        }
    }
    let mut out = Unused::default();
    for (file, info) in infos {
        let Some(info) = info.filter(|i| i.reported) else {
            continue;
        };
        let unused: Vec<UnusedComponent> = info
            .layout
            .components
            .iter()
            .zip(&info.used)
            .filter(|(_, used)| !**used)
            .map(|(c, _)| UnusedComponent {
                path: c.path.clone(),
                named: named.contains(&(file.clone(), c.value.clone())),
            })
            .collect();
        if !unused.is_empty() {
            out.by_file.insert(file, unused);
        }
    }
    out
}

/// Reads a file for reachability; queues its schemas picked by a discriminator.
#[allow(clippy::too_many_arguments)]
fn build(
    index: &RefIndex,
    loader: &dyn Loader,
    open: &OpenFn<'_>,
    file: &Path,
    parsed: Arc<Parsed>,
    family: Family,
    queue: &mut VecDeque<(PathBuf, Range<usize>)>,
) -> FileInfo {
    let layout = layout(&parsed, family);
    let sites: Vec<RefSite> = match (open(file).is_some(), index.sites_of(file)) {
        (false, Some(s)) => s.to_vec(),
        _ => ref_sites(&parsed),
    };
    let mut sites: Vec<(RefSite, bool)> = sites.into_iter().map(|s| (s, false)).collect();
    sites.extend(mapping_sites(&parsed).into_iter().map(|s| (s, true)));
    sites.sort_by_key(|(s, _)| (s.range.start, s.range.end));
    let (sites, mapping): (Vec<RefSite>, Vec<bool>) = sites.into_iter().unzip();
    for c in &layout.components {
        if picked_by_discriminator(&parsed, file, c, loader) {
            queue.push_back((file.to_path_buf(), c.value.clone()));
        }
    }
    FileInfo {
        followed: vec![false; sites.len()],
        mapping,
        used: vec![false; layout.components.len()],
        sites,
        layout,
        parsed,
        reported: false,
    }
}

/// A schema whose `allOf` names (by `$ref`) a schema with a `discriminator`.
fn picked_by_discriminator(
    parsed: &Arc<Parsed>,
    file: &Path,
    c: &Component,
    loader: &dyn Loader,
) -> bool {
    if c.path.len() < 2 || !matches!(c.path[c.path.len() - 2].as_str(), "schemas" | "definitions") {
        return false;
    }
    let Some(node) = super::node_with_range(parsed, &c.value) else {
        return false;
    };
    let Some(all_of) = node.child("allOf") else {
        return false;
    };
    all_of.items().any(|item| {
        let Some(raw) = item
            .child("$ref")
            .and_then(|r| r.node.as_str().map(str::to_string))
        else {
            return false;
        };
        let Resolution::Found { file: t, range } = resolve(&raw, file, parsed, loader) else {
            return false;
        };
        let target = if t == file {
            Some(parsed.clone())
        } else {
            loader.load(&t)
        };
        target.is_some_and(|tp| {
            super::node_with_range(&tp, &range).is_some_and(|n| n.child("discriminator").is_some())
        })
    })
}

/// The values of discriminator `mapping`s, read as `$ref`s (a bare name is a schema of the same
/// document's components).
fn mapping_sites(parsed: &Parsed) -> Vec<RefSite> {
    let mut out = Vec::new();
    super::walk_entries(parsed, &mut |key, v| {
        if key != Some("discriminator") {
            return true;
        }
        for (_, target) in v.child("mapping").into_iter().flat_map(|m| m.entries()) {
            let Some(s) = target.node.as_str() else {
                continue;
            };
            let raw = if s.contains('#') || s.contains('/') || s.contains('.') {
                s.to_string()
            } else {
                format!("#/components/schemas/{s}")
            };
            out.push(RefSite {
                range: target.value_range(),
                raw: raw.into(),
                quoted: false,
            });
        }
        true
    });
    out
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// `inner` lies inside `outer`.
fn within(inner: &Range<usize>, outer: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// The unused-component hints of a document, each with a fix that removes the entry.
pub fn diagnostics(parsed: &Parsed, file: &Path, unused: &Unused) -> Vec<Diagnostic> {
    let Some(paths) = unused.by_file.get(file) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for UnusedComponent { path, named } in paths {
        let Some((name, parent)) = path.split_last() else {
            continue;
        };
        let Some(mut map) = parsed.tree.root() else {
            continue;
        };
        let mut ok = true;
        for token in parent {
            match map.child(token) {
                Some(n) => map = n,
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            continue;
        }
        let entries: Vec<(NodeRef<'_>, NodeRef<'_>)> = map.entries().collect();
        let Some(i) = entries
            .iter()
            .position(|(k, _)| k.node.key_text().as_deref() == Some(name.as_str()))
        else {
            continue;
        };
        let section = parent.last().map(String::as_str).unwrap_or_default();
        let fix = crate::lint::edit::Editor::new(parsed)
            .remove_entry(map, i)
            .map(|range| {
                // Removing text: offered, never applied by "fix all".
                Fix::new(
                    format!("Remove the unused component '{name}'"),
                    vec![(range, String::new())],
                    crate::analysis::Applicability::Unsafe,
                )
            });
        let (code, message) = if *named {
            (
                CODE_ONLY_UNUSED,
                format!(
                    "'{name}' ({section}) is not used: only components that are unused themselves name it (no `$ref` from the paths, channels or operations of a spec leads to it)"
                ),
            )
        } else {
            (
                CODE,
                format!("'{name}' ({section}) is not used: no `$ref` names it"),
            )
        };
        out.push(
            Diagnostic::new(entries[i].0.range(), Severity::Hint, code, message).with_fix(fix),
        );
    }
    out
}
