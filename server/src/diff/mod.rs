//! Breaking changes: a semantic diff between two versions of an OpenAPI (2.0, 3.x) or AsyncAPI
//! (2.x, 3.x) description, multi-file, with `$ref`s followed on both sides (cycles stop).
//!
//! Plain Rust types and byte ranges, no LSP. A [`Side`] is one version: its root file and every
//! file it references, loaded through a [`refs::Loader`] (the disk, or a git revision:
//! [`git::GitLoader`]). [`diff`] walks both sides per operation (path + method) and per component
//! ([`Scope`]), compares schemas with their direction (what clients send, what they receive), and
//! gives [`Change`]s named by the [`checks`] catalogue.

pub mod asyncapi;
pub mod checks;
pub mod docs;
pub mod edit;
pub mod editor;
pub mod git;
pub mod incremental;
pub mod openapi;
pub mod report;
pub mod schema;

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::refs::{self, Loader, Target};
use crate::spec::{self, Family, SpecKind};
use crate::syntax::{NodeKind, NodeRef, Parsed, ScalarValue};

pub use checks::{Check, Direction, Level};

/// One version of a spec: the root file and the files its `$ref`s reach, parsed.
pub struct Side {
    /// The root file (normalized, absolute).
    pub root: PathBuf,
    pub files: Vec<(PathBuf, Arc<Parsed>)>,
    index: HashMap<PathBuf, usize>,
    pub kind: SpecKind,
    /// References to files that could not be read (`file: reason`).
    pub missing: Vec<String>,
}

/// How many files one side may reach through `$ref`s.
const MAX_FILES: usize = 10_000;

impl Side {
    /// Reads `root` and every file its `$ref`s (transitively) name, through `loader`.
    pub fn load(root: &Path, loader: &dyn Loader) -> Result<Side, String> {
        let root = refs::normalize(&refs::absolute(root));
        let parsed = loader
            .load(&root)
            .ok_or_else(|| format!("{}: cannot be read as YAML or JSON", root.display()))?;
        Ok(Side::with_root(root, parsed, loader))
    }

    /// A side whose root is already parsed (an editor's buffer); the other files come from
    /// `loader`.
    pub fn with_root(root: PathBuf, parsed: Arc<Parsed>, loader: &dyn Loader) -> Side {
        let kind = spec::detect(&parsed.tree, &parsed.rope, Some(&root));
        let mut side = Side {
            root: root.clone(),
            files: vec![(root.clone(), parsed)],
            index: HashMap::from([(root, 0)]),
            kind,
            missing: Vec::new(),
        };
        let mut next = 0;
        while next < side.files.len() && side.files.len() < MAX_FILES {
            let (from, parsed) = side.files[next].clone();
            next += 1;
            for site in refs::ref_sites(&parsed) {
                let Target::At { file, .. } = refs::target_of(&site.raw, &from) else {
                    continue;
                };
                if side.index.contains_key(&file) {
                    continue;
                }
                if !loader.inside(&file) {
                    side.missing
                        .push(format!("{}: outside the folders read", file.display()));
                    side.index.insert(file, usize::MAX);
                    continue;
                }
                match loader.load(&file) {
                    Some(p) => {
                        side.index.insert(file.clone(), side.files.len());
                        side.files.push((file, p));
                    }
                    None => {
                        side.missing
                            .push(format!("{}: cannot be read", file.display()));
                        side.index.insert(file, usize::MAX);
                    }
                }
            }
        }
        side
    }

    /// This side with a later text of its root, whose `$ref`s name the same files (the caller
    /// knows): the other files are this side's.
    pub fn replacing_root(&self, parsed: Arc<Parsed>) -> Side {
        let mut files = self.files.clone();
        files[0].1 = parsed;
        Side {
            root: self.root.clone(),
            kind: spec::detect(&files[0].1.tree, &files[0].1.rope, Some(&self.root)),
            files,
            index: self.index.clone(),
            missing: self.missing.clone(),
        }
    }

    pub fn root_node(&self) -> Option<N<'_>> {
        let node = self.files[0].1.tree.root()?;
        Some(N {
            side: self,
            file: 0,
            node,
        })
    }

    pub fn path(&self, file: usize) -> &Path {
        &self.files[file].0
    }

    pub fn text(&self, file: usize, range: Range<usize>) -> Cow<'_, str> {
        crate::syntax::text::slice(&self.files[file].1.rope, range)
    }

    /// The node a `$ref` written in `file` names.
    fn resolve(&self, file: usize, raw: &str) -> Option<N<'_>> {
        let from = &self.files[file].0;
        let Target::At {
            file: target,
            fragment,
        } = refs::target_of(raw, from)
        else {
            return None;
        };
        let &index = self.index.get(&target)?;
        let (_, parsed) = self.files.get(index)?;
        let node = if fragment.is_empty() || fragment.starts_with('/') {
            parsed.tree.at_pointer(&fragment)?
        } else {
            return None;
        };
        Some(N {
            side: self,
            file: index,
            node: parsed.tree.follow_alias(node),
        })
    }
}

/// A node of one side: its file and the node.
#[derive(Clone, Copy)]
pub struct N<'s> {
    pub side: &'s Side,
    pub file: usize,
    pub node: NodeRef<'s>,
}

impl std::fmt::Debug for N<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "N({}, {:?})", self.file, self.node.range())
    }
}

impl<'s> N<'s> {
    fn at(self, node: NodeRef<'s>) -> N<'s> {
        let node = self.side.files[self.file].1.tree.follow_alias(node);
        N { node, ..self }
    }
    pub fn range(self) -> Range<usize> {
        self.node.range()
    }
    /// Where the node is, as a [`Location`].
    pub fn loc(self) -> Location {
        Location {
            file: self.side.path(self.file).to_path_buf(),
            range: self.range(),
        }
    }
    /// Where a finding about what this node lost is shown: the key it is the value of
    /// (`responses:`), else (the root, a sequence item) its first line, not all of it.
    pub fn anchor(self) -> Location {
        let parsed = &self.side.files[self.file].1;
        let target = self.range();
        let mut key = None;
        let mut node = parsed.tree.root();
        while let Some(n) = node {
            node = None;
            for (k, v) in n.entries() {
                let r = v.range();
                if v.node.ptr_eq(self.node.node) && r == target {
                    key = Some(k.range());
                    break;
                }
                if r.start <= target.start && target.end <= r.end && r != n.range() {
                    node = Some(v);
                    break;
                }
            }
            if key.is_some() {
                break;
            }
            if node.is_none() {
                node = n.items().find(|i| {
                    let r = i.range();
                    r.start <= target.start && target.end <= r.end && r != n.range()
                });
            }
        }
        let range = key.unwrap_or_else(|| {
            let end = crate::analysis::line_end(parsed, target.start);
            target.start..end.clamp(target.start, target.end)
        });
        Location {
            file: self.side.path(self.file).to_path_buf(),
            range,
        }
    }
    /// A stable identity of the node within its side.
    pub fn id(self) -> (usize, usize) {
        (self.file, self.node.start)
    }
    pub fn text(self) -> Cow<'s, str> {
        self.side.text(self.file, self.range())
    }
    pub fn is_map(self) -> bool {
        matches!(self.node.node.kind(), NodeKind::Mapping(_))
    }
    pub fn is_seq(self) -> bool {
        matches!(self.node.node.kind(), NodeKind::Sequence(_))
    }
    pub fn scalar(self) -> Option<&'s ScalarValue> {
        self.node.node.as_scalar()
    }
    pub fn str(self) -> Option<&'s str> {
        self.node.node.as_str()
    }
    /// The value of a mapping's entry `key` (aliases followed, `$ref`s not).
    pub fn get_raw(self, key: &str) -> Option<N<'s>> {
        self.node
            .entries()
            .find(|(k, _)| k.node.key_text().as_deref() == Some(key))
            .map(|(_, v)| self.at(v))
    }
    /// The value of a mapping's entry `key`, `$ref`s followed.
    pub fn get(self, key: &str) -> Option<N<'s>> {
        self.get_raw(key).map(N::deref)
    }
    /// The key node of entry `key`.
    pub fn key_of(self, key: &str) -> Option<N<'s>> {
        self.node
            .entries()
            .find(|(k, _)| k.node.key_text().as_deref() == Some(key))
            .map(|(k, _)| N { node: k, ..self })
    }
    /// Entries: key text, key node, value node (aliases followed, `$ref`s not). A key written
    /// twice counts once, its first entry (as [`N::get`] reads it): else which copy a finding
    /// names would depend on the order the scopes are walked in, and a comparison of some scopes
    /// ([`diff_only`], a rediff) would differ from the whole one.
    pub fn entries(self) -> impl Iterator<Item = (Cow<'s, str>, N<'s>, N<'s>)> + 's {
        let mut seen = std::collections::HashSet::new();
        self.node.entries().filter_map(move |(k, v)| {
            let key = k.node.key_text()?;
            seen.insert(key.clone())
                .then(|| (key, N { node: k, ..self }, self.at(v)))
        })
    }
    pub fn items(self) -> impl Iterator<Item = N<'s>> + 's {
        self.node.items().map(move |i| self.at(i))
    }
    pub fn flag(self, key: &str) -> bool {
        self.get(key)
            .and_then(|v| v.scalar())
            .is_some_and(|v| *v == ScalarValue::Bool(true))
    }
    pub fn number(self, key: &str) -> Option<f64> {
        match self.get(key)?.scalar()? {
            ScalarValue::Int(i) => Some(*i as f64),
            ScalarValue::Float(f) => Some(*f),
            ScalarValue::BigInt(s) => s.parse().ok(),
            _ => None,
        }
    }
    pub fn string(self, key: &str) -> Option<&'s str> {
        self.get(key)?.str()
    }
    /// Follows `$ref`s (a chain of at most 32), staying put when one cannot be followed.
    pub fn deref(self) -> N<'s> {
        let mut n = self;
        for _ in 0..32 {
            let Some(raw) = n.get_raw("$ref").and_then(|r| r.str()) else {
                return n;
            };
            match self.side.resolve(n.file, raw) {
                Some(t) => n = t,
                None => return n,
            }
        }
        n
    }
    /// A value as JSON-ish text for messages and comparisons: a scalar plainly (`pending`,
    /// `42`), a collection as compact JSON built from the node tree, so that neither its layout
    /// nor the text error recovery skipped inside it counts.
    pub fn value_text(self) -> String {
        match self.scalar() {
            Some(ScalarValue::Str(s)) => s.to_string(),
            Some(ScalarValue::Int(i)) => i.to_string(),
            Some(ScalarValue::Float(f)) => f.to_string(),
            Some(ScalarValue::Bool(b)) => b.to_string(),
            Some(ScalarValue::Null) => "null".into(),
            Some(ScalarValue::BigInt(s)) => s.to_string(),
            None => {
                let tree = &self.side.files[self.file].1.tree;
                match crate::syntax::value::node_to_json(tree, self.node) {
                    Ok(v) => v.to_string(),
                    // More than the alias expansion limit: the text, as written.
                    Err(_) => self.text().split_whitespace().collect::<Vec<_>>().join(" "),
                }
            }
        }
    }
}

/// A place in a file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: PathBuf,
    pub range: Range<usize>,
}

/// What a change belongs to: an operation or a component (what an editor re-diffs after an edit
/// of it), or the document as a whole.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// `GET /pets` (OpenAPI), `send onUserSignup` or `publish user/signedup` (AsyncAPI).
    Operation(String),
    /// `#/components/schemas/Pet`.
    Component(String),
    /// Servers, global security, tags, channels as a whole.
    Document,
}

impl Scope {
    pub fn label(&self) -> String {
        match self {
            Scope::Operation(s) => s.clone(),
            Scope::Component(s) => s.clone(),
            Scope::Document => "document".into(),
        }
    }
}

/// A fix: edits of the new side's file that undo the change, or soften it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeFix {
    pub title: String,
    pub file: PathBuf,
    pub edits: Vec<(Range<usize>, String)>,
}

/// One finding.
#[derive(Clone, Debug)]
pub struct Change {
    pub check: &'static Check,
    /// For people: "removed the enum value `pending` of the query parameter `status`".
    pub message: String,
    /// Where it applies on the new side; for a removal, the key of the nearest surviving parent
    /// ([`N::anchor`]: a squiggle on `responses:`, not over every response).
    pub at: Location,
    /// Where it was on the old side.
    pub old: Option<Location>,
    /// For a removal, the old text (abridged).
    pub removed: Option<String>,
    /// The operations (or component) the change reaches, sorted.
    pub scopes: Vec<Scope>,
    pub fixes: Vec<ChangeFix>,
}

impl Change {
    pub fn level(&self) -> Level {
        self.check.level
    }
    /// The message with the operations it reaches: "…, in GET /pets and POST /pets".
    pub fn full_message(&self) -> String {
        let ops: Vec<String> = self
            .scopes
            .iter()
            .filter(|s| !matches!(s, Scope::Document))
            .map(Scope::label)
            .collect();
        match ops.len() {
            0 => self.message.clone(),
            1..=3 => format!("{} (in {})", self.message, ops.join(", ")),
            n => format!(
                "{} (in {} and {} more)",
                self.message,
                ops[..3].join(", "),
                n - 3
            ),
        }
    }
}

/// Collects findings; one finding per check, place and message, with every scope that reaches it.
pub struct Sink {
    pub changes: Vec<Change>,
    seen: HashMap<(&'static str, Location, String), usize>,
    pub scope: Scope,
    /// Every finding made or met again, in order (what a memoized walk replays).
    pub log: Vec<usize>,
    /// The scopes to walk (all when `None`).
    pub only: Option<Vec<Scope>>,
}

impl Default for Sink {
    fn default() -> Self {
        Sink::new()
    }
}

impl Sink {
    pub fn new() -> Sink {
        Sink {
            changes: Vec::new(),
            seen: HashMap::new(),
            scope: Scope::Document,
            log: Vec::new(),
            only: None,
        }
    }

    /// Enters a scope; false when it is not to be walked ([`diff_only`]).
    pub fn enter(&mut self, scope: Scope) -> bool {
        let wanted = self.only.as_ref().is_none_or(|o| o.contains(&scope));
        self.scope = scope;
        wanted
    }

    /// Records a finding of check `id`; gives the finding when it is new (to add a quote or
    /// fixes). Ids not in the catalogue are not reported (the schema walk forms ids from parts;
    /// the catalogue says which of them are checks).
    pub fn push(
        &mut self,
        id: &str,
        message: String,
        at: N<'_>,
        old: Option<N<'_>>,
    ) -> Option<&mut Change> {
        let check = checks::check(id)?;
        let at = at.loc();
        let key = (check.id, at.clone(), message.clone());
        if let Some(&i) = self.seen.get(&key) {
            self.log.push(i);
            self.touch(i);
            return None;
        }
        let i = self.changes.len();
        self.seen.insert(key, i);
        self.log.push(i);
        self.changes.push(Change {
            check,
            message,
            at,
            old: old.map(N::loc),
            removed: None,
            scopes: vec![self.scope.clone()],
            fixes: Vec::new(),
        });
        self.changes.last_mut()
    }

    /// Marks finding `i` as reached from the current scope too.
    pub fn touch(&mut self, i: usize) {
        let scope = &self.scope;
        let c = &mut self.changes[i];
        if !c.scopes.contains(scope) {
            c.scopes.push(scope.clone());
        }
    }

    /// Records a removal: quoted old text, and the fixes `fixes` gives.
    pub fn removed(
        &mut self,
        id: &str,
        message: String,
        parent: N<'_>,
        old: N<'_>,
        quote: &str,
        fixes: impl FnOnce() -> Vec<ChangeFix>,
    ) {
        if let Some(c) = self.push(id, message, parent, Some(old)) {
            c.at = parent.anchor();
            c.removed = Some(abridge(quote));
            c.fixes = fixes();
        }
    }
}

/// The first lines of a text, for quoting what was removed.
pub fn abridge(text: &str) -> String {
    const LINES: usize = 8;
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= LINES {
        return text.trim_end().to_string();
    }
    format!("{}\n…", lines[..LINES].join("\n"))
}

/// The changes from `old` to `new`, sorted by file and position.
pub fn diff(old: &Side, new: &Side) -> Result<Vec<Change>, String> {
    run(old, new, None)
}

/// The changes of some scopes only (the operations and components an edit touched): the
/// OpenAPI walk skips the others. A change is kept when one of its scopes is named.
pub fn diff_only(old: &Side, new: &Side, scopes: &[Scope]) -> Result<Vec<Change>, String> {
    let mut changes = run(old, new, Some(scopes.to_vec()))?;
    changes.retain(|c| c.scopes.iter().any(|s| scopes.contains(s)));
    Ok(changes)
}

fn run(old: &Side, new: &Side, only: Option<Vec<Scope>>) -> Result<Vec<Change>, String> {
    let (Some(o), Some(n)) = (old.root_node(), new.root_node()) else {
        return Err("one of the two documents is empty".into());
    };
    let mut sink = Sink::new();
    sink.only = only;
    match (old.kind.family, new.kind.family) {
        (Family::OpenApi | Family::Swagger, Family::OpenApi | Family::Swagger) => {
            openapi::diff(o, n, &mut sink)
        }
        (Family::AsyncApi, Family::AsyncApi) => asyncapi::diff(o, n, &mut sink),
        (a, b) if a != b => {
            return Err(format!(
                "the old document is {} and the new one {}: only two versions of the same kind of spec can be compared",
                old.kind.label(),
                new.kind.label()
            ))
        }
        _ => {
            return Err(format!(
                "{} is not an OpenAPI, Swagger or AsyncAPI description: nothing to compare",
                new.root.display()
            ))
        }
    }
    let mut changes = sink.changes;
    sort_changes(&mut changes);
    Ok(changes)
}

/// Changes in the order of the text: by file and position, each with its scopes sorted.
fn sort_changes(changes: &mut [Change]) {
    for c in changes.iter_mut() {
        c.scopes.sort();
    }
    changes.sort_by(|a, b| {
        (&a.at.file, a.at.range.start, a.check.id, &a.message).cmp(&(
            &b.at.file,
            b.at.range.start,
            b.check.id,
            &b.message,
        ))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::refs::DiskLoader;

    fn case(name: &str) -> (Side, Side) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../test-workspaces/breaking")
            .join(name);
        let loader = DiskLoader::new(vec![dir.clone()], 1 << 20);
        (
            Side::load(&dir.join("before.yaml"), &loader).unwrap(),
            Side::load(&dir.join("after.yaml"), &loader).unwrap(),
        )
    }

    #[test]
    fn diff_only_gives_the_changes_of_the_scopes_named() {
        let (old, new) = case("paths-and-operations");
        let all = diff(&old, &new).unwrap();
        for scope in [
            Scope::Operation("GET /pets".into()),
            Scope::Operation("POST /pets".into()),
            Scope::Operation("GET /vets".into()),
        ] {
            let some = diff_only(&old, &new, std::slice::from_ref(&scope)).unwrap();
            let expected: Vec<String> = all
                .iter()
                .filter(|c| c.scopes.contains(&scope))
                .map(|c| c.full_message())
                .collect();
            let got: Vec<String> = some.iter().map(|c| c.full_message()).collect();
            assert!(!got.is_empty(), "{scope:?}");
            assert_eq!(got, expected, "{scope:?}");
        }
    }

    #[test]
    fn a_shared_schema_gives_one_finding_per_change_and_direction() {
        let (old, new) = case("enum-direction");
        let all = diff(&old, &new).unwrap();
        assert!(all
            .iter()
            .all(|c| c.scopes == [Scope::Operation("POST /jobs".into())]));
        assert_eq!(all.len(), 4);
    }
}
