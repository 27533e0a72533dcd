//! `$ref`s: where they are in a document, what they point at, and whether that exists, across
//! files. Knows nothing of LSP: files come from a [`Loader`] (the CLI reads the disk; the server
//! prefers the editor's open documents).
//!
//! A reference is read as the specs use it: `#/json/pointer` in the same document,
//! `other.yaml` (the whole file) or `other.yaml#/pointer` relative to the referencing file,
//! with JSON-pointer escapes (`~0`, `~1`) and percent-encoding; a pointer that meets a `$ref` on
//! its way follows it (`components.schemas: {$ref: ./schemas.yaml}`); `#name` names a JSON
//! Schema `$anchor`. In a JSON Schema, references are read against the nearest enclosing `$id`
//! (RFC 3986): an `$id` embedded in the document names that schema, and the root `$id` of another
//! workspace file names that file ([`Loader::by_id`]). Remote (`http(s)://`) references are
//! fetched only where the `remoteRefs` setting allows ([`remote`]), and files outside the
//! workspace folders are not read.

pub mod index;
pub mod moves;
pub mod remote;
pub mod unused;
pub mod uri;

use foldhash::{HashMap, HashMapExt};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::analysis::{Diagnostic, Fix, Severity};
use crate::syntax::node::{
    unescape_pointer_token, NodeKind, NodeRef, ScalarStyle, FLAG_ALIASES, FLAG_IDS, FLAG_REFS,
};
use crate::syntax::Parsed;

/// A `$ref` in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefSite {
    /// The range of the reference's value (with its quotes, if any).
    pub range: Range<usize>,
    /// The reference as written.
    pub raw: Arc<str>,
    /// The value is quoted (single, double, or a JSON string).
    pub quoted: bool,
}

/// Every `$ref` of a document, in text order. Literal values (`example`, `enum`, `const`,
/// `default`) are not looked into.
pub fn ref_sites(parsed: &Parsed) -> Vec<RefSite> {
    ref_sites_with(parsed, &mut SitesCache::default())
}

/// The `$ref`s found under the nodes of one analysis of a document, for the next: the nodes two
/// and three levels down (a path item, a components section, a component), by address, with
/// their `$ref`s' ranges relative to the node. A node the node tree shared with the previous
/// parse holds the same `$ref`s, so a keystroke walks only what it changed.
#[derive(Default)]
pub struct SitesCache {
    nodes: HashMap<usize, (crate::syntax::Node, Arc<[RefSite]>)>,
    /// How local references (`#/components/schemas/Pet`) resolved, with the mapping they point
    /// into (kept alive, so that its address stays its own): while that mapping is the same
    /// node, they resolve the same way (see [`Local`]).
    local: HashMap<Arc<str>, (crate::syntax::Node, Resolution)>,
}

/// Indexes of large mappings' entries, by the mapping's address.
type Indexes<'a> = HashMap<usize, HashMap<std::borrow::Cow<'a, str>, NodeRef<'a>>>;

/// A mapping that is nothing but a `$ref`: a reference to it leads on to what that names.
fn is_bare_ref(node: NodeRef<'_>) -> bool {
    node.node.entries().len() == 1 && node.child("$ref").is_some()
}

/// A local reference `#/a/b/last` whose resolution depends on the node at `#/a/b` only: reached
/// without a `$ref` or alias on the way, in a document without `$id`s or aliases, and (checked
/// after resolving) with a target that is no bare `$ref` or, if missing, with no `$ref` beside.
struct Local<'a> {
    parent: NodeRef<'a>,
    last: std::borrow::Cow<'a, str>,
}

impl<'a> Local<'a> {
    fn of(
        raw: &'a str,
        root: NodeRef<'a>,
        parents: &mut HashMap<&'a str, Option<NodeRef<'a>>>,
    ) -> Option<Local<'a>> {
        let pointer = raw.strip_prefix('#').filter(|p| p.starts_with('/'))?;
        if pointer.contains('%') {
            return None;
        }
        let (parent, last) = pointer.rsplit_once('/')?;
        let parent = *parents.entry(parent).or_insert_with(|| {
            let mut node = root;
            for token in parent.split('/').skip(1) {
                node = node.child(&unescape_pointer_token(token))?;
            }
            Some(node)
        });
        Some(Local {
            parent: parent?,
            last: unescape_pointer_token(last),
        })
    }

    /// The node the reference names in its parent, through an index of the parent's entries
    /// when it has many (`components/schemas`), made once per analysis.
    fn target(&self, indexes: &mut Indexes<'a>) -> Option<NodeRef<'a>> {
        const INDEXED: usize = 16;
        if self.parent.node.entries().len() <= INDEXED {
            return self.parent.child(&self.last);
        }
        let index = indexes
            .entry(Arc::as_ptr(&self.parent.node.0) as usize)
            .or_insert_with(|| {
                let mut index = HashMap::new();
                for (k, v) in self.parent.entries() {
                    if let Some(k) = k.node.key_text() {
                        // The first of a duplicated key, as `NodeRef::child` finds it.
                        index.entry(k).or_insert(v);
                    }
                }
                index
            });
        index.get(&*self.last).copied()
    }
}

/// The depths (the root's entries are at depth 1) whose nodes [`SitesCache`] keeps.
const CACHED_DEPTHS: std::ops::RangeInclusive<usize> = 2..=3;

type SitesByNode = HashMap<usize, (crate::syntax::Node, Arc<[RefSite]>)>;

/// The `$ref`s under `n` (at `depth`), in text order; the nodes at [`CACHED_DEPTHS`] are taken
/// from `old` when there, and all of them kept in `new`.
fn collect(
    n: NodeRef<'_>,
    depth: usize,
    out: &mut Vec<RefSite>,
    old: &mut SitesByNode,
    new: &mut SitesByNode,
) {
    if depth > 512 {
        return;
    }
    let mut inside = |v: NodeRef<'_>, out: &mut Vec<RefSite>| {
        if v.node.flags() & FLAG_REFS == 0 {
            return;
        }
        if !CACHED_DEPTHS.contains(&(depth + 1)) {
            return collect(v, depth + 1, out, old, new);
        }
        let addr = Arc::as_ptr(&v.node.0) as usize;
        let sites = match old.remove(&addr).or_else(|| new.remove(&addr)) {
            Some((_, sites)) => sites,
            None => {
                let mut found = Vec::new();
                collect(v, depth + 1, &mut found, old, new);
                for s in &mut found {
                    s.range = s.range.start - v.start..s.range.end - v.start;
                }
                found.into()
            }
        };
        out.extend(sites.iter().map(|s| RefSite {
            range: s.range.start + v.start..s.range.end + v.start,
            ..s.clone()
        }));
        new.insert(addr, (v.node.clone(), sites));
    };
    for (k, v) in n.entries() {
        let key = k.node.key_text();
        match key.as_deref() {
            Some(key) if is_literal(key, v) => {}
            Some("$ref") => {
                if let Some(s) = v.node.as_str() {
                    let quoted = matches!(
                        v.node.kind(),
                        NodeKind::Scalar(sc) if matches!(
                            sc.style,
                            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
                        )
                    );
                    out.push(RefSite {
                        range: v.value_range(),
                        raw: s.into(),
                        quoted,
                    });
                }
            }
            _ => inside(v, out),
        }
    }
    for i in n.items() {
        inside(i, out);
    }
}

/// The `$ref`s under one node (a subtree of a document), in text order.
pub fn ref_sites_under(n: NodeRef<'_>) -> Vec<RefSite> {
    let mut out = Vec::new();
    // Below the cached depths: nothing is cached.
    let depth = *CACHED_DEPTHS.end() + 1;
    collect(n, depth, &mut out, &mut HashMap::new(), &mut HashMap::new());
    out
}

/// [`ref_sites`], reusing what `cache` kept of the previous analysis of the same document.
pub fn ref_sites_with(parsed: &Parsed, cache: &mut SitesCache) -> Vec<RefSite> {
    let mut out = Vec::new();
    let mut new = HashMap::new();
    if let Some(root) = parsed.tree.root() {
        collect(root, 0, &mut out, &mut cache.nodes, &mut new);
    }
    cache.nodes = new;
    out
}

/// Whether the value of `key` is a literal, not looked into for `$ref`s: `example`, `enum`,
/// `const`, and a schema's `default`. `default` is also the key of the default response of a
/// Responses Object: a mapping with a `$ref` or a `description` there is taken as one.
fn is_literal(key: &str, v: NodeRef<'_>) -> bool {
    match key {
        "example" | "enum" | "const" => true,
        "default" => v.child("$ref").is_none() && v.child("description").is_none(),
        _ => false,
    }
}

/// Visits every mapping entry of a document (key, value), in text order, but inside literal
/// values (`example`, `enum`, `const`, `default`); `visit` says whether to look inside the value.
pub(crate) fn walk_entries(
    parsed: &Parsed,
    visit: &mut dyn FnMut(Option<&str>, NodeRef<'_>) -> bool,
) {
    fn walk(
        n: NodeRef<'_>,
        visit: &mut dyn FnMut(Option<&str>, NodeRef<'_>) -> bool,
        depth: usize,
    ) {
        if depth > 512 {
            return;
        }
        for (k, v) in n.entries() {
            let key = k.node.key_text();
            if key.as_deref().is_some_and(|key| is_literal(key, v)) {
                continue;
            }
            if visit(key.as_deref(), v) {
                walk(v, visit, depth + 1);
            }
        }
        for i in n.items() {
            walk(i, visit, depth + 1);
        }
    }
    if let Some(root) = parsed.tree.root() {
        walk(root, visit, 0);
    }
}

/// The `$ref` whose value holds `offset` (its ends included), if any.
pub fn site_at(parsed: &Parsed, offset: usize) -> Option<RefSite> {
    ref_sites(parsed)
        .into_iter()
        .find(|s| s.range.start <= offset && offset <= s.range.end)
}

/// Files for resolution.
pub trait Loader: Sync {
    /// The parse of a YAML/JSON file, if it exists and can be read.
    fn load(&self, path: &Path) -> Option<Arc<Parsed>>;
    /// Like [`Loader::load`] for a request that looks at many files (completion across the
    /// workspace): a file already parsed, or one small enough to parse now; `None` for a large
    /// file not yet parsed (a 13 MB description costs a second, far beyond a request's budget).
    fn load_quick(&self, path: &Path) -> Option<Arc<Parsed>> {
        self.load(path)
    }
    /// Whether a file exists (for references to files that are not YAML or JSON).
    fn exists(&self, path: &Path) -> bool {
        path.is_file()
    }
    /// Whether a path is inside the workspace folders (nothing outside is read).
    fn inside(&self, path: &Path) -> bool;
    /// The workspace file whose root `$id` is `uri` (absolute, without fragment), if any.
    fn by_id(&self, _uri: &str) -> Option<PathBuf> {
        None
    }
    /// A remote document (fetched only where the settings allow it).
    fn remote(&self, _url: &str) -> remote::Fetch {
        remote::Fetch::Off
    }
    /// The YAML/JSON file names in a folder, for suggestions.
    fn siblings(&self, dir: &Path) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .collect()
    }
}

/// What a reference names, before looking at the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A pointer (or `$anchor` name, without `#`) in `file`.
    At { file: PathBuf, fragment: String },
    /// An `http(s)://` or other URL: not fetched.
    Remote(String),
}

/// Where a reference leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// The target node: its file and range (the whole file for a non-YAML/JSON file).
    Found {
        file: PathBuf,
        range: Range<usize>,
    },
    MissingFile {
        file: PathBuf,
        suggestion: Option<String>,
    },
    MissingPointer {
        file: PathBuf,
        /// The tokens that could be followed, then the one that could not.
        found: String,
        missing: String,
        suggestion: Option<String>,
    },
    /// A pointer into a file that is not YAML or JSON (Markdown used as a description).
    NotStructured {
        file: PathBuf,
    },
    Outside(PathBuf),
    /// A remote document's reference that is not (or not yet) followed.
    Remote {
        url: String,
        state: RemoteState,
    },
    /// A cycle of bare references, or references nested too deeply.
    Cycle,
}

/// Why a remote reference is not followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RemoteState {
    /// The `remoteRefs` setting does not allow its URL.
    Off,
    /// Being fetched (the documents are analyzed again when it arrives).
    Pending,
    /// It could not be fetched: why.
    Failed(String),
}

/// Removes `.` and resolves `..` without touching the disk (no symlinks are followed).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `%20` → ` ` (a malformed escape is kept as written).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            if let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// What `raw`, written in `from`, names.
pub fn target_of(raw: &str, from: &Path) -> Target {
    let (file, fragment) = raw.split_once('#').unwrap_or((raw, ""));
    if let Some(scheme_end) = file.find("://") {
        if file[..scheme_end]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
        {
            return Target::Remote(raw.to_string());
        }
    }
    if file.starts_with("file:") || file.starts_with("urn:") {
        return Target::Remote(raw.to_string());
    }
    let fragment = percent_decode(fragment);
    let file = if file.is_empty() {
        from.to_path_buf()
    } else {
        let relative = percent_decode(file);
        normalize(&from.parent().unwrap_or(Path::new("")).join(relative))
    };
    Target::At { file, fragment }
}

/// Follows a reference written in `from` (whose parse is `this`), read against the document's
/// base URI (its root `$id`, else its own).
pub fn resolve(raw: &str, from: &Path, this: &Arc<Parsed>, loader: &dyn Loader) -> Resolution {
    resolve_depth(raw, from, this, None, loader, 0)
}

/// Follows a `$ref` of `this`, read against the base URI of its place: in a JSON Schema, the
/// nearest enclosing `$id`.
pub fn resolve_site(
    site: &RefSite,
    from: &Path,
    this: &Arc<Parsed>,
    loader: &dyn Loader,
) -> Resolution {
    resolve_depth(&site.raw, from, this, Some(site.range.start), loader, 0)
}

const MAX_HOPS: usize = 32;

/// A schema resource of a document: a node with an `$id` (the whole document first), and the
/// absolute URI (without fragment) it is known by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Resource {
    pub range: Range<usize>,
    pub uri: String,
}

/// The base URI of a document: its URL if it was fetched, else its `file://` URI.
fn document_uri(from: &Path) -> String {
    remote::url_of(from)
        .map(str::to_string)
        .unwrap_or_else(|| uri::file_uri(from))
}

/// Whether the document has an `$id` that gives a base URI (one flag on the root).
fn has_ids(parsed: &Parsed) -> bool {
    parsed
        .tree
        .root()
        .is_some_and(|r| r.node.flags() & FLAG_IDS != 0)
}

/// Whether `$ref`s are read against the nearest enclosing `$id` (JSON Schema and fragment
/// files). OpenAPI and AsyncAPI documents read theirs against the document, as their authors
/// mean; an embedded `$id` there is still found by its absolute URI.
pub(crate) fn scoped(parsed: &Parsed, from: &Path) -> bool {
    !matches!(
        crate::spec::detect(&parsed.tree, &parsed.rope, Some(from)).family,
        crate::spec::Family::OpenApi | crate::spec::Family::Swagger | crate::spec::Family::AsyncApi
    )
}

/// The schema resources of a document, outer ones before the ones inside them; the first is the
/// whole document (known by its root `$id`, else by its own URI).
pub(crate) fn resources(parsed: &Parsed, from: &Path) -> Vec<Resource> {
    fn walk(n: NodeRef<'_>, base: &str, out: &mut Vec<Resource>, depth: usize) {
        if depth > 512 || n.node.flags() & FLAG_IDS == 0 {
            return;
        }
        let mut base = base.to_string();
        if let Some(id) = n
            .child("$id")
            .and_then(|v| v.node.as_str())
            .filter(|id| !id.starts_with('#'))
        {
            base = uri::join(&base, id.split('#').next().unwrap_or(id));
            out.push(Resource {
                range: n.range(),
                uri: base.clone(),
            });
        }
        for (k, v) in n.entries() {
            if !matches!(
                k.node.key_text().as_deref(),
                Some("example" | "examples" | "enum" | "const" | "default")
            ) {
                walk(v, &base, out, depth + 1);
            }
        }
        for i in n.items() {
            walk(i, &base, out, depth + 1);
        }
    }
    let Some(root) = parsed.tree.root() else {
        return Vec::new();
    };
    let own = document_uri(from);
    let mut out = Vec::new();
    walk(root, &own, &mut out, 0);
    if out.first().is_none_or(|r| r.range != root.range()) {
        out.insert(
            0,
            Resource {
                range: root.range(),
                uri: own,
            },
        );
    }
    out
}

/// The resource whose base URI applies at `offset`: the innermost one that holds it.
fn scope_at(resources: &[Resource], offset: usize) -> Option<&Resource> {
    resources
        .iter()
        .rev()
        .find(|r| r.range.start <= offset && offset < r.range.end.max(r.range.start + 1))
}

/// The root `$id` of a document, as an absolute URI (without fragment), if it has one.
pub fn root_id(parsed: &Parsed, from: &Path) -> Option<String> {
    let id = parsed.tree.root()?.child("$id")?.node.as_str()?.to_string();
    if id.starts_with('#') {
        return None;
    }
    let id = uri::join(&document_uri(from), id.split('#').next().unwrap_or(&id));
    uri::has_scheme(&id)
        .then_some(id)
        .filter(|id| !id.starts_with("file:"))
}

fn resolve_depth(
    raw: &str,
    from: &Path,
    this: &Arc<Parsed>,
    at: Option<usize>,
    loader: &dyn Loader,
    hops: usize,
) -> Resolution {
    if hops > MAX_HOPS {
        return Resolution::Cycle;
    }
    let ids = has_ids(this);
    let fetched = remote::url_of(from).is_some();
    // Most documents: no `$id`, and relative references to files.
    if !ids && !fetched {
        if let Target::At { file, fragment } = target_of(raw, from) {
            return resolve_in_file(file, fragment, from, this, loader, hops);
        }
    }
    let (written, fragment) = raw.split_once('#').unwrap_or((raw, ""));
    let fragment = percent_decode(fragment);
    let own = document_uri(from);
    let resources = if ids {
        resources(this, from)
    } else {
        Vec::new()
    };
    let base = match at {
        _ if !ids || !scoped(this, from) => own.clone(),
        Some(at) => scope_at(&resources, at).map_or(own.clone(), |r| r.uri.clone()),
        None => resources.first().map_or(own.clone(), |r| r.uri.clone()),
    };
    let target = uri::join(&base, written);
    // This document, or a resource inside it.
    let here = if target == own {
        this.tree.root()
    } else {
        resources
            .iter()
            .rev()
            .find(|r| r.uri == target)
            .and_then(|r| node_with_range(this, &r.range))
    };
    if let Some(node) = here {
        return resolve_from(node, fragment, from.to_path_buf(), this, loader, hops);
    }
    let relative = !uri::has_scheme(written);
    if relative && !fetched {
        if let Some(file) = uri::to_path(&target) {
            return resolve_in_file(file, fragment, from, this, loader, hops);
        }
    }
    // A workspace file known by its root `$id`.
    if let Some(file) = loader.by_id(&target) {
        return resolve_in_file(file, fragment, from, this, loader, hops);
    }
    // A relative reference under an `http(s)` `$id` that no resource answers: the file beside
    // the document, if there is one (schemas published at their `$id` and kept side by side).
    if relative && !fetched {
        if let Target::At { file, fragment } = target_of(raw, from) {
            if loader.exists(&file) {
                return resolve_in_file(file, fragment, from, this, loader, hops);
            }
        }
    }
    if !uri::is_http(&target) {
        return Resolution::Remote {
            url: raw.to_string(),
            state: RemoteState::Off,
        };
    }
    let shown = if fragment.is_empty() {
        target.clone()
    } else {
        format!("{target}#{fragment}")
    };
    match loader.remote(&target) {
        remote::Fetch::Off => Resolution::Remote {
            url: if relative { shown } else { raw.to_string() },
            state: RemoteState::Off,
        },
        remote::Fetch::Pending => Resolution::Remote {
            url: shown,
            state: RemoteState::Pending,
        },
        remote::Fetch::Failed(why) => Resolution::Remote {
            url: shown,
            state: RemoteState::Failed(why),
        },
        remote::Fetch::Loaded(doc) => match doc.tree.root() {
            Some(root) => resolve_from(root, fragment, PathBuf::from(&target), &doc, loader, hops),
            None => Resolution::Remote {
                url: shown,
                state: RemoteState::Failed("an empty document".into()),
            },
        },
    }
}

/// Follows `fragment` in `file` (a local file: read through the loader, inside the workspace).
fn resolve_in_file(
    file: PathBuf,
    fragment: String,
    from: &Path,
    this: &Arc<Parsed>,
    loader: &dyn Loader,
    hops: usize,
) -> Resolution {
    let doc = if file == from {
        this.clone()
    } else {
        if !loader.inside(&file) {
            return Resolution::Outside(file);
        }
        let Some(doc) = loader.load(&file) else {
            if crate::syntax::Lang::from_path(&file).is_none() && loader.exists(&file) {
                return if fragment.is_empty() {
                    Resolution::Found { file, range: 0..0 }
                } else {
                    Resolution::NotStructured { file }
                };
            }
            let suggestion = file.file_name().and_then(|name| {
                let name = name.to_string_lossy();
                let siblings = loader.siblings(file.parent()?);
                crate::validate::did_you_mean(&name, siblings.iter().map(String::as_str))
                    .map(str::to_string)
            });
            return Resolution::MissingFile { file, suggestion };
        };
        doc
    };
    let Some(root) = doc.tree.root() else {
        return Resolution::MissingPointer {
            file,
            found: String::new(),
            missing: fragment,
            suggestion: None,
        };
    };
    resolve_from(root, fragment, file, &doc, loader, hops)
}

/// Follows `fragment` (a JSON pointer, an anchor name, or nothing) from `start`, a node of `doc`
/// (the document, or a schema resource inside it) in `file`.
fn resolve_from(
    start: NodeRef<'_>,
    fragment: String,
    file: PathBuf,
    doc: &Arc<Parsed>,
    loader: &dyn Loader,
    hops: usize,
) -> Resolution {
    if fragment.is_empty() {
        return follow_bare(start, file, doc, loader, hops);
    }
    let Some(pointer) = fragment.strip_prefix('/') else {
        // A JSON Schema `$anchor` (or a draft-04/06/07 `$id: '#name'`).
        return match find_anchor(start, &fragment) {
            Some(r) => Resolution::Found { file, range: r },
            None => Resolution::MissingPointer {
                file,
                found: String::new(),
                missing: fragment,
                suggestion: None,
            },
        };
    };
    let mut node = start;
    let mut found = String::new();
    for raw_token in pointer.split('/') {
        let token = unescape_pointer_token(raw_token);
        node = doc.tree.follow_alias(node);
        if let Some(child) = node.child(&token) {
            node = child;
            found.push('/');
            found.push_str(raw_token);
            continue;
        }
        // A `$ref` on the way: continue in what it names.
        if let Some(inner) = node.child("$ref") {
            if let Some(inner_raw) = inner.node.as_str() {
                let rest = pointer_rest(pointer, &found);
                let (base, base_fragment) = inner_raw.split_once('#').unwrap_or((inner_raw, ""));
                let combined = format!("{base}#{base_fragment}{rest}");
                let at = Some(inner.range().start);
                return resolve_depth(&combined, &file, doc, at, loader, hops + 1);
            }
        }
        let keys = node
            .entries()
            .filter_map(|(k, _)| k.node.key_text().map(|c| c.into_owned()))
            .collect::<Vec<_>>();
        // A key with a `/` in it, written unescaped (`a/b` for `a~1b`): the rest of the pointer
        // names it exactly.
        let rest = pointer_rest(pointer, &found);
        let rest = unescape_pointer_token(rest.trim_start_matches('/')).into_owned();
        let suggestion = keys
            .iter()
            .find(|k| k.contains('/') && **k == rest)
            .cloned()
            .or_else(|| {
                crate::validate::did_you_mean(&token, keys.iter().map(String::as_str))
                    .map(str::to_string)
            });
        return Resolution::MissingPointer {
            file,
            found,
            missing: token.into_owned(),
            suggestion,
        };
    }
    follow_bare(node, file, doc, loader, hops)
}

/// A target that is itself nothing but a `$ref` (a "bare" reference) leads on to what that names,
/// so that navigation lands on a value and a cycle of bare references is found.
fn follow_bare(
    node: NodeRef<'_>,
    file: PathBuf,
    doc: &Arc<Parsed>,
    loader: &dyn Loader,
    hops: usize,
) -> Resolution {
    let node = doc.tree.follow_alias(node);
    if node.node.entries().len() == 1 {
        if let Some(inner) = node.child("$ref") {
            if let Some(raw) = inner.node.as_str() {
                let at = Some(inner.range().start);
                return resolve_depth(raw, &file, doc, at, loader, hops + 1);
            }
        }
    }
    Resolution::Found {
        range: node.range(),
        file,
    }
}

/// The part of `pointer` (without its leading `/`) after the tokens in `found` (`/a/b`).
fn pointer_rest(pointer: &str, found: &str) -> String {
    let done = found.len().saturating_sub(1);
    let rest = pointer.get(done..).unwrap_or("");
    if rest.is_empty() || rest.starts_with('/') {
        rest.to_string()
    } else {
        format!("/{rest}")
    }
}

fn find_anchor(n: NodeRef<'_>, name: &str) -> Option<Range<usize>> {
    fn walk(n: NodeRef<'_>, name: &str, depth: usize) -> Option<Range<usize>> {
        if depth > 512 {
            return None;
        }
        if matches!(n.node.kind(), NodeKind::Mapping(_)) {
            let hash = format!("#{name}");
            for (k, v) in n.entries() {
                match (k.node.key_text().as_deref(), v.node.as_str()) {
                    (Some("$anchor" | "$dynamicAnchor"), Some(a)) if a == name => {
                        return Some(n.range())
                    }
                    (Some("$id" | "id"), Some(a)) if a == hash => return Some(n.range()),
                    _ => {}
                }
            }
        }
        n.entries()
            .map(|(_, v)| v)
            .chain(n.items())
            .find_map(|c| walk(c, name, depth + 1))
    }
    walk(n, name, 0)
}

/// The diagnostics of a document's references: unresolved ones (missing file, missing pointer,
/// with a suggestion), references that leave the workspace, remote ones, cycles.
pub fn diagnostics(parsed: &Arc<Parsed>, path: &Path, loader: &dyn Loader) -> Vec<Diagnostic> {
    diagnostics_with(parsed, path, loader, &mut SitesCache::default())
}

/// [`diagnostics`], finding the `$ref`s with what `sites` kept of the previous analysis.
pub fn diagnostics_with(
    parsed: &Arc<Parsed>,
    path: &Path,
    loader: &dyn Loader,
    sites_cache: &mut SitesCache,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let sites = ref_sites_with(parsed, sites_cache);
    // Thousands of `$ref`s name the same few hundred targets: each is resolved once (per schema
    // resource: the same text can name other things under another `$id`).
    let resources = if has_ids(parsed) && scoped(parsed, path) {
        resources(parsed, path)
    } else {
        Vec::new()
    };
    let mut resolved: HashMap<(&str, usize), Resolution> = HashMap::new();
    // Local references resolve as in the last analysis while the mapping they point into is the
    // same node (a `Found` kept so has the range of then: only whether it was found is read).
    let root = parsed.tree.root();
    let memo = root.filter(|r| {
        r.node.flags() & (FLAG_IDS | FLAG_ALIASES) == 0 && remote::url_of(path).is_none()
    });
    let before = std::mem::take(&mut sites_cache.local);
    let mut parents = HashMap::new();
    let mut indexes = HashMap::new();
    // The diagnostic of each reference text, made once: a key renamed while typing, or a
    // quote opened in JSON, can leave thousands of references dangling, many with one text.
    let mut made: HashMap<(&str, usize), Diagnostic> = HashMap::new();
    for site in &sites {
        let scope = scope_at(&resources, site.range.start).map_or(0, |r| r.range.start + 1);
        let key = (&*site.raw, scope);
        if let Some(d) = made.get(&key) {
            out.push(at_site(d, site));
            continue;
        }
        let resolution = resolved.entry(key).or_insert_with(|| {
            let Some(local) = memo.and_then(|root| Local::of(&site.raw, root, &mut parents)) else {
                return resolve_site(site, path, parsed, loader);
            };
            let kept = before
                .get(&site.raw)
                .filter(|(then, _)| Arc::ptr_eq(&then.0, &local.parent.node.0));
            let (resolution, keep) = match kept {
                Some((_, r)) => (r.clone(), true),
                None => match local.target(&mut indexes) {
                    Some(target) if !is_bare_ref(target) => {
                        let found = Resolution::Found {
                            file: path.to_path_buf(),
                            range: target.range(),
                        };
                        (found, true)
                    }
                    Some(_) => (resolve_site(site, path, parsed, loader), false),
                    // Missing: the same while the parent is, unless a `$ref` beside leads on.
                    None => {
                        let keep = local.parent.child("$ref").is_none();
                        (resolve_site(site, path, parsed, loader), keep)
                    }
                },
            };
            if keep {
                sites_cache.local.insert(
                    site.raw.clone(),
                    (local.parent.node.clone(), resolution.clone()),
                );
            }
            resolution
        });
        if matches!(resolution, Resolution::Found { .. }) {
            continue;
        }
        let (resolution, site) = (resolution.clone(), site.clone());
        let d = match resolution {
            Resolution::Found { .. } => continue,
            Resolution::MissingFile { file, suggestion } => {
                let written = site.raw.split('#').next().unwrap_or_default();
                let _ = file;
                let fix = suggestion.as_ref().map(|s| {
                    // Replace the last path segment of the file part.
                    let dir_len = written.rfind('/').map_or(0, |i| i + 1);
                    let fragment = site.raw.get(written.len()..).unwrap_or_default();
                    replace_ref(&site, format!("{}{s}{fragment}", &written[..dir_len]))
                });
                Diagnostic::new(
                    site.range,
                    Severity::Error,
                    "ref/missing-file",
                    match suggestion {
                        Some(s) => format!(
                            "`$ref` to a file that does not exist: '{written}' — did you mean '{s}'?"
                        ),
                        None => format!("`$ref` to a file that does not exist: '{written}'"),
                    },
                )
                .with_fix(fix)
            }
            Resolution::MissingPointer {
                file,
                found,
                missing,
                suggestion,
            } => {
                let at = if found.is_empty() {
                    "at the top of the document".to_string()
                } else {
                    format!("under `{found}`")
                };
                // A fix only when the pointer failed in the file the reference names (not
                // after a `$ref` on the way, where `found` is a pointer of another file).
                let same_file = matches!(
                    target_of(&site.raw, path),
                    Target::At { file: ref f, .. } if *f == file
                );
                let fix = suggestion.as_ref().filter(|_| same_file).map(|s| {
                    let (base, _) = site.raw.split_once('#').unwrap_or((&site.raw, ""));
                    let escaped = crate::syntax::node::escape_pointer_token(s);
                    replace_ref(&site, format!("{base}#{found}/{escaped}"))
                });
                let in_file = if file == path {
                    String::new()
                } else {
                    format!(
                        " of '{}'",
                        file.file_name().unwrap_or_default().to_string_lossy()
                    )
                };
                Diagnostic::new(
                    site.range,
                    Severity::Error,
                    "ref/missing-pointer",
                    match suggestion {
                        Some(s) if s.contains('/') => format!(
                            "`$ref` target not found: no '{missing}' {at}{in_file} — did you mean the key '{s}'? (a `/` inside a key is written `~1` in a pointer)"
                        ),
                        Some(s) => format!(
                            "`$ref` target not found: no '{missing}' {at}{in_file} — did you mean '{s}'?"
                        ),
                        None => format!("`$ref` target not found: no '{missing}' {at}{in_file}"),
                    },
                )
                .with_fix(fix)
            }
            Resolution::NotStructured { file } => Diagnostic::new(
                site.range,
                Severity::Error,
                "ref/not-structured",
                format!(
                    "`$ref` with a pointer into '{}', which is not YAML or JSON",
                    file.file_name().unwrap_or_default().to_string_lossy()
                ),
            ),
            Resolution::Outside(_) => Diagnostic::new(
                site.range,
                Severity::Warning,
                "ref/outside-workspace",
                format!(
                    "`$ref` to '{}', outside the workspace folders: specls does not read it",
                    site.raw.split('#').next().unwrap_or_default()
                ),
            ),
            Resolution::Remote {
                url,
                state: RemoteState::Off,
            } => Diagnostic::new(
                site.range,
                Severity::Info,
                "ref/remote",
                format!("remote `$ref` not followed: the `remoteRefs` setting does not allow fetching it ({url})"),
            ),
            // Diagnosed again when it arrives.
            Resolution::Remote {
                state: RemoteState::Pending,
                ..
            } => continue,
            Resolution::Remote {
                url,
                state: RemoteState::Failed(why),
            } => Diagnostic::new(
                site.range,
                Severity::Warning,
                "ref/remote-failed",
                format!("remote `$ref` could not be fetched: {why} ({url})"),
            ),
            Resolution::Cycle => Diagnostic::new(
                site.range,
                Severity::Error,
                "ref/cycle",
                "this `$ref` leads through more than 32 references without reaching a value (a cycle?)",
            ),
        };
        made.insert(key, d.clone());
        out.push(d);
    }
    out
}

/// The diagnostic made for another reference with the same text, placed on `site` (its fix,
/// if any, rewrites `site`'s value).
fn at_site(d: &Diagnostic, site: &RefSite) -> Diagnostic {
    let mut d = d.clone();
    d.range = site.range.clone();
    if let Some(fix) = &mut d.fix {
        for (range, _) in &mut fix.edits {
            *range = site.value_text_range();
        }
    }
    d
}

/// A fix that writes `new` as the reference's value, quoted as the old value was.
fn replace_ref(site: &RefSite, new: String) -> Fix {
    // The closest name is a guess: offered (and preferred), not applied by "fix all".
    Fix::new(
        format!("Change to '{new}'"),
        vec![(site.value_text_range(), new)],
        crate::analysis::Applicability::Unsafe,
    )
}

impl RefSite {
    /// The range of the reference's text inside its quotes, if it is quoted.
    pub fn value_text_range(&self) -> Range<usize> {
        if self.quoted && self.range.len() >= 2 {
            self.range.start + 1..self.range.end - 1
        } else {
            self.range.clone()
        }
    }
}

/// A loader that reads files from disk inside some folders, and remembers each parse until the
/// file's modification time or size changes. In the server ([`DiskLoader::bounded`]), the parse
/// of a large file (a single-file spec of megabytes, whose trees take some twenty times its
/// size) is remembered only for the large files loaded last, up to [`BIG_KEPT`] bytes of text
/// in all.
pub struct DiskLoader {
    roots: Roots,
    /// The root `$id`s of the files under the roots, found the first time one is asked for.
    ids: std::sync::OnceLock<HashMap<String, PathBuf>>,
    /// Remote documents, fetched (waiting for them) when the policy allows.
    remote: Option<(remote::RemoteCache, remote::Policy)>,
    max_size: u64,
    cache: dashmap::DashMap<PathBuf, (Stamp, Option<Arc<Parsed>>)>,
    /// The large files whose parse is remembered, with their sizes, the one loaded last at the
    /// end.
    big: std::sync::Mutex<std::collections::VecDeque<(PathBuf, usize)>>,
    /// Whether large files are forgotten beyond [`BIG_KEPT`].
    bounded: bool,
}

/// Files larger than this (in bytes) are large.
const BIG: usize = 1 << 20;
/// How much text (in bytes) of large files is remembered as parses.
const BIG_KEPT: usize = 8 << 20;

type Stamp = Option<(std::time::SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

impl DiskLoader {
    pub fn new(roots: Vec<PathBuf>, max_size: u64) -> DiskLoader {
        DiskLoader {
            roots: Roots::new(&roots),
            ids: Default::default(),
            remote: None,
            max_size,
            cache: Default::default(),
            big: Default::default(),
            bounded: false,
        }
    }

    /// A loader that remembers the parses of large files only up to [`BIG_KEPT`] bytes of text
    /// (a long-running server; [`DiskLoader::new`] remembers every parse, for a run of the CLI).
    pub fn bounded(roots: Vec<PathBuf>, max_size: u64) -> DiskLoader {
        DiskLoader {
            bounded: true,
            ..DiskLoader::new(roots, max_size)
        }
    }

    /// Remembers that a large file was loaded last; forgets the parses of the ones loaded first
    /// beyond [`BIG_KEPT`] (this one's too, if it is larger than that alone).
    fn loaded_big(&self, path: &Path, size: usize) {
        if !self.bounded {
            return;
        }
        let mut big = self.big.lock().unwrap_or_else(|e| e.into_inner());
        big.retain(|(p, _)| p != path);
        big.push_back((path.to_path_buf(), size));
        while big.iter().map(|(_, s)| s).sum::<usize>() > BIG_KEPT {
            if let Some((old, _)) = big.pop_front() {
                self.cache.remove(&old);
            }
        }
    }

    /// Fetches the remote `$ref`s that `policy` allows (waiting for each, up to its timeout).
    pub fn with_remote(mut self, policy: remote::Policy) -> DiskLoader {
        if !policy.allowed.is_empty() {
            self.remote = Some((Default::default(), policy));
        }
        self
    }

    /// Makes a parse known (a file already parsed by the caller).
    pub fn insert(&self, path: &Path, parsed: Arc<Parsed>) {
        let path = normalize(&absolute(path));
        let s = stamp(&path);
        self.cache.insert(path, (s, Some(parsed)));
    }

    /// Forgets a file (it changed on disk, or it is open in the editor, which has its own parse).
    pub fn forget(&self, path: &Path) {
        self.cache.remove(path);
        let mut big = self.big.lock().unwrap_or_else(|e| e.into_inner());
        big.retain(|(p, _)| p != path);
    }
}

/// A path made absolute against the current folder, without touching the disk.
pub fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Workspace folders, as written and where they really are (symbolic links resolved), worked
/// out once.
#[derive(Clone, Debug, Default)]
pub struct Roots {
    written: Vec<PathBuf>,
    real: Vec<PathBuf>,
}

impl Roots {
    pub fn new(roots: &[PathBuf]) -> Roots {
        let written: Vec<PathBuf> = roots.iter().map(|r| normalize(&absolute(r))).collect();
        let real = written
            .iter()
            .map(|r| std::fs::canonicalize(r).unwrap_or_else(|_| r.clone()))
            .collect();
        Roots { written, real }
    }

    /// Whether `path` is inside a root: by its written path, and, when it exists, by where it
    /// really is (a symbolic link inside a workspace folder can point out of it).
    pub fn contain(&self, path: &Path) -> bool {
        if !self.written.iter().any(|r| path.starts_with(r)) {
            return false;
        }
        match std::fs::canonicalize(path) {
            Ok(real) => self.real.iter().any(|r| real.starts_with(r)),
            // Not on disk (an unsaved document, or a missing file): the written path decides.
            Err(_) => true,
        }
    }
}

impl DiskLoader {
    /// The parse of a file made earlier, if the file has not changed since.
    fn cached(&self, path: &Path) -> Option<Option<Arc<Parsed>>> {
        let now = stamp(path);
        self.cache
            .get(path)
            .filter(|hit| hit.0 == now)
            .map(|hit| hit.1.clone())
    }
}

impl Loader for DiskLoader {
    fn load_quick(&self, path: &Path) -> Option<Arc<Parsed>> {
        if let Some(hit) = self.cached(path) {
            return hit;
        }
        let small = std::fs::metadata(path).is_ok_and(|m| m.len() <= BIG as u64);
        if small {
            self.load(path)
        } else {
            None
        }
    }

    fn load(&self, path: &Path) -> Option<Arc<Parsed>> {
        if let Some(url) = remote::url_of(path) {
            return self.remote.as_ref()?.0.loaded(url);
        }
        let now = stamp(path);
        if let Some(hit) = self
            .cache
            .get(path)
            .filter(|hit| hit.0 == now)
            .map(|hit| hit.1.clone())
        {
            if let Some(size) = hit
                .as_ref()
                .map(|p| p.rope.len_bytes())
                .filter(|s| *s > BIG)
            {
                self.loaded_big(path, size);
            }
            return hit;
        }
        let lang = crate::syntax::Lang::from_path(path)?;
        let parsed = match crate::analysis::load_file(path, self.max_size) {
            Ok(crate::analysis::Loaded::Text(text)) => Some(Parsed::new(lang, &text)),
            _ => None,
        };
        self.cache.insert(path.to_path_buf(), (now, parsed.clone()));
        if let Some(size) = parsed
            .as_ref()
            .map(|p| p.rope.len_bytes())
            .filter(|s| *s > BIG)
        {
            self.loaded_big(path, size);
        }
        parsed
    }

    fn inside(&self, path: &Path) -> bool {
        self.roots.contain(path)
    }

    fn by_id(&self, uri: &str) -> Option<PathBuf> {
        let ids = self.ids.get_or_init(|| {
            let mut ids = HashMap::new();
            for root in &self.roots.written {
                for file in index::spec_files_under(root).unwrap_or_default() {
                    let file = normalize(&file);
                    // Schemas with a root `$id` are small; the large specs are not read for it.
                    let small = std::fs::metadata(&file).is_ok_and(|m| m.len() <= BIG as u64);
                    let id = small
                        .then(|| std::fs::read_to_string(&file).ok())
                        .flatten()
                        .filter(|text| text.contains("$id"))
                        .and_then(|_| self.load(&file))
                        .and_then(|parsed| index::schema_root_id(&parsed, &file));
                    if let Some(id) = id {
                        ids.entry(id).or_insert(file);
                    }
                }
            }
            ids
        });
        ids.get(uri).cloned()
    }

    fn remote(&self, url: &str) -> remote::Fetch {
        match &self.remote {
            Some((cache, policy)) => cache.get_blocking(url, policy),
            None => remote::Fetch::Off,
        }
    }
}

/// The node of `parsed` whose range is `range` (the target of a resolution).
pub fn node_with_range<'a>(parsed: &'a Parsed, range: &Range<usize>) -> Option<NodeRef<'a>> {
    let mut node = parsed.tree.root()?;
    for _ in 0..1024 {
        if node.range() == *range {
            return Some(node);
        }
        let next = node
            .entries()
            .map(|(_, v)| v)
            .chain(node.items())
            .find(|c| c.range().start <= range.start && range.end <= c.range().end)?;
        node = next;
    }
    None
}

/// A short Markdown preview of a `$ref`'s target: its name, type, description, required fields,
/// properties, and its first lines.
pub fn preview(target: &Path, parsed: &Parsed, range: &Range<usize>, pointer_hint: &str) -> String {
    let name = pointer_hint
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
        .map(|s| unescape_pointer_token(s).into_owned())
        .unwrap_or_else(|| {
            target
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        });
    let file = match remote::url_of(target) {
        Some(url) => std::borrow::Cow::Borrowed(url),
        None => target.file_name().unwrap_or_default().to_string_lossy(),
    };
    let mut out = format!("**{name}** — `{file}`\n");
    if let Some(node) = node_with_range(parsed, range) {
        let node = parsed.tree.follow_alias(node);
        let text_of = |key: &str| {
            node.child(key)
                .and_then(|v| v.node.as_str().map(str::to_string))
        };
        if let Some(t) = text_of("type") {
            out.push_str(&format!("\ntype: `{t}`\n"));
        }
        if let Some(d) = text_of("description").or_else(|| text_of("summary")) {
            let first: String = d
                .split("\n\n")
                .next()
                .unwrap_or_default()
                .chars()
                .take(300)
                .collect();
            out.push_str(&format!("\n{first}\n"));
        }
        let names = |key: &str| -> Vec<String> {
            match node.child(key) {
                Some(v) => v
                    .items()
                    .filter_map(|i| i.node.as_str().map(str::to_string))
                    .chain(
                        v.entries()
                            .filter_map(|(k, _)| k.node.key_text().map(|c| c.into_owned())),
                    )
                    .collect(),
                None => Vec::new(),
            }
        };
        let required = names("required");
        if !required.is_empty() {
            out.push_str(&format!("\nrequired: {}\n", required.join(", ")));
        }
        let props = names("properties");
        if !props.is_empty() {
            let shown: Vec<_> = props.iter().take(12).cloned().collect();
            let more = if props.len() > 12 { ", …" } else { "" };
            out.push_str(&format!("\nproperties: {}{more}\n", shown.join(", ")));
        }
        // Only the first lines are read (a whole-file target can be megabytes).
        let rope = &parsed.rope;
        let first = rope.byte_to_line(range.start.min(rope.len_bytes()));
        let upto = if first + 12 < rope.len_lines() {
            rope.line_to_byte(first + 12)
        } else {
            rope.len_bytes()
        };
        let text = crate::syntax::text::slice(rope, range.start..range.end.min(upto));
        let lines: Vec<&str> = text.lines().take(12).collect();
        let lang = match parsed.lang {
            crate::syntax::Lang::Json => "json",
            _ => "yaml",
        };
        out.push_str(&format!("\n```{lang}\n{}\n```\n", lines.join("\n")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A request that looks at many files parses small ones and takes large ones only once
    /// they were parsed for something else.
    #[test]
    fn quick_loads_leave_large_unparsed_files_out() {
        let dir = std::env::temp_dir().join(format!("specls-quick-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let small = dir.join("small.yaml");
        let large = dir.join("large.yaml");
        std::fs::write(&small, "components:\n  schemas:\n    A: {type: string}\n").unwrap();
        let mut text = String::from("components:\n  schemas:\n");
        while text.len() <= BIG {
            text.push_str(&format!("    S{}: {{type: string}}\n", text.len()));
        }
        std::fs::write(&large, &text).unwrap();
        let loader = DiskLoader::new(vec![dir.clone()], 64 << 20);
        assert!(loader.load_quick(&small).is_some());
        assert!(
            loader.load_quick(&large).is_none(),
            "a large file is not parsed"
        );
        assert!(loader.load(&large).is_some());
        assert!(
            loader.load_quick(&large).is_some(),
            "once parsed, it is taken"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Local references are resolved again only where the mapping they point into changed; the
    /// kept diagnostics always equal a fresh run's, through renames, a bare `$ref` target, a `$ref`
    /// replacing the mapping, and text moved above.
    #[test]
    fn kept_local_resolutions_equal_fresh_ones() {
        use crate::syntax::{Lang, LineCol, PositionEncoding, SourceFile, TextChange};
        let mut text = String::from(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Pet'}\n  /b:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Ok'}\ncomponents:\n  schemas:\n    Pet: {type: object}\n    Owner: {$ref: '#/components/schemas/Pet'}\n  responses:\n    Ok: {description: ok}\n",
        );
        // Enough schemas for their mapping to be looked up through an index.
        let filler: String = (0..20)
            .map(|i| format!("    F{i}: {{type: string}}\n"))
            .collect();
        text = text.replace("  schemas:\n", &format!("  schemas:\n{filler}"));
        let path = Path::new("/ws/api.yaml");
        let loader = DiskLoader::new(vec![PathBuf::from("/ws")], 1 << 20);
        let mut file = SourceFile::new(Lang::Yaml, &text);
        let mut cache = SitesCache::default();
        let at = |text: &str, offset: usize| {
            let before = &text[..offset];
            LineCol {
                line: before.matches('\n').count() as u32,
                col: (offset - before.rfind('\n').map_or(0, |i| i + 1)) as u32,
            }
        };
        let steps: [(&str, &str); 7] = [
            ("Pet: {type", "Pat: {type"),
            ("schemas/Pet'}\n  /b", "schemas/Owner'}\n  /b"),
            (
                "Owner: {$ref: '#/components/schemas/Pet'}",
                "Owner: {$ref: '#/components/schemas/Pat'}",
            ),
            ("Pat: {type", "Pet: {type"),
            ("info:", "# moved\ninfo:"),
            ("Ok: {description: ok}", "Okay: {description: ok}"),
            (
                "  responses:\n    Okay",
                "  responses: {$ref: './r.yaml'}\n  x-old:\n    Okay",
            ),
        ];
        let mut seen = Vec::new();
        for (from, to) in steps {
            let start = text.find(from).expect("in the text");
            let change = TextChange {
                range: Some((at(&text, start), at(&text, start + from.len()))),
                text: to.to_string(),
            };
            text.replace_range(start..start + from.len(), to);
            file.edit(&change, PositionEncoding::Utf8);
            let parsed = file.parsed();
            assert_eq!(parsed.rope.to_string(), text);
            let kept = diagnostics_with(&parsed, path, &loader, &mut cache);
            let fresh = diagnostics(&parsed, path, &loader);
            assert_eq!(kept, fresh, "after '{from}' -> '{to}' in\n{text}");
            seen.push(kept.len());
        }
        // The edits do break and mend references (the test could fail).
        assert_eq!(seen, [2, 2, 0, 2, 2, 3, 4], "{seen:?}");
    }

    /// A default response is looked into; a schema's `default` value and examples are not.
    #[test]
    fn references_under_a_default_response_are_found() {
        let text = "paths:\n  /a:\n    get:\n      responses:\n        default:\n          description: error\n          content: {application/json: {schema: {$ref: '#/E'}}}\n        '200': {$ref: '#/R'}\ncomponents:\n  schemas:\n    S: {type: object, default: {a: {$ref: '#/no'}}, example: {$ref: '#/no'}}\n";
        let parsed = Parsed::new(crate::syntax::Lang::Yaml, text);
        let found: Vec<String> = ref_sites(&parsed)
            .into_iter()
            .map(|s| s.raw.to_string())
            .collect();
        assert_eq!(found, ["#/E", "#/R"]);
    }

    /// Small files stay parsed; of the large ones, only the last loaded, up to the budget.
    #[test]
    fn the_disk_loader_keeps_only_the_last_large_parses() {
        let dir = std::env::temp_dir().join(format!("specls-loader-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let big = |n: usize| {
            "x-filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n".repeat(n)
        };
        let (a, b, small) = (
            dir.join("a.yaml"),
            dir.join("b.yaml"),
            dir.join("small.yaml"),
        );
        // 5 MiB each: two do not fit in the 8 MiB budget.
        std::fs::write(&a, big(5 << 20 >> 6)).unwrap();
        std::fs::write(&b, big(5 << 20 >> 6)).unwrap();
        std::fs::write(&small, "openapi: 3.1.0\n").unwrap();
        let loader = DiskLoader::bounded(vec![dir.clone()], 64 << 20);
        let kept = |p: &Path| loader.cache.get(p).is_some_and(|e| e.1.is_some());
        assert!(loader.load(&small).is_some() && loader.load(&a).is_some());
        assert!(kept(&small) && kept(&a));
        assert!(loader.load(&b).is_some(), "a large file is still given");
        assert!(
            !kept(&a) && kept(&b) && kept(&small),
            "the first large one is forgotten"
        );
        // Loaded again: parsed again, and now `b` goes.
        assert!(loader.load(&a).is_some());
        assert!(kept(&a) && !kept(&b));
        loader.forget(&a);
        assert!(!kept(&a));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
