//! Comparing again after an edit, only what the edit touched.
//!
//! A [`Hinted`] keeps one comparison of an OpenAPI, Swagger or AsyncAPI root file with its
//! baseline: the new side it was made on, its changes, and which operations and components
//! reference which others through `$ref`s. Given a later text of the root, [`Hinted::rediff`]
//! finds the one span where the texts differ and what it lies in:
//! - an operation: that operation is compared again ([`diff_only`]); in AsyncAPI 2.x, a
//!   channel's `publish` or `subscribe`; in 3.x, an entry of `operations`;
//! - what a path item holds besides its operations (`parameters`): the path's operations;
//! - a component: every operation that reaches it through `$ref`s, and the component itself
//!   (in AsyncAPI, a channel is one too, and so is every component on the way: a channel's
//!   messages are compared in the channel's scope);
//! - AsyncAPI's `servers`: the document's own scope, which compares them;
//! - something the comparison never reads (`info`, a `description`, an `example`, an `x-`
//!   extension, the layout between entries): nothing is compared again.
//!
//! The other changes are kept, moved by the edit's length. On the way down, every entry beside
//! the one holding the edit must hold the same values at the same places in both texts (mostly
//! the very same node: the incremental rebuild shares what an edit did not touch), and every
//! node holding the edit must keep its extent, so an edit that changed more than its span (an
//! unclosed quote that swallows what follows, error recovery stretching a node) is seen. When it
//! cannot tell what an edit touched (a key renamed, an entry added, the top level, security
//! schemes, YAML aliases, a path item or an AsyncAPI 2 channel that is a `$ref`, another file
//! changed), it says why, and the caller compares the whole spec.
//!
//! What it takes as unread (`info`, prose keys, `x-`) must stay what `openapi.rs`,
//! `asyncapi.rs` and `schema.rs` never read: the random-edit test below and the `diff` fuzz
//! target compare every rediff with a whole comparison.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use ropey::Rope;

use super::openapi::METHODS;
use super::{diff_only, Change, Location, Scope, Side};
use crate::refs::{self, Loader, Target};
use crate::spec::Family;
use crate::syntax::node::{unescape_pointer_token, FLAG_ALIASES};
use crate::syntax::{NodeKind, NodeRef, Parsed};

/// Which spec's layout the paths down the root file follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dialect {
    /// OpenAPI 3.x and Swagger 2.0: `paths`, and `components` or the flat sections.
    OpenApi,
    /// AsyncAPI 2.x: the operations (`publish`, `subscribe`) inside the channels.
    AsyncApi2,
    /// AsyncAPI 3.x: `operations` beside `channels`. As `asyncapi.rs` tells them apart: a
    /// top-level `operations` in either text.
    AsyncApi3,
}

impl Dialect {
    fn of(side: &Side) -> Result<Dialect, Why> {
        match side.kind.family {
            Family::OpenApi | Family::Swagger => Ok(Dialect::OpenApi),
            Family::AsyncApi if has_operations(&side.files[0].1) => Ok(Dialect::AsyncApi3),
            Family::AsyncApi => Ok(Dialect::AsyncApi2),
            _ => Err("not an OpenAPI or AsyncAPI description"),
        }
    }
}

/// Whether a root text has a top-level `operations` (AsyncAPI 3's layout).
fn has_operations(parsed: &Parsed) -> bool {
    parsed
        .tree
        .root()
        .is_some_and(|r| r.child("operations").is_some())
}

/// A part of the root file, as the comparison reads it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Unit {
    /// An operation, labelled as the comparison labels its scope: `GET /pets`; AsyncAPI 2's
    /// `publish user/signedup`.
    Op(String),
    /// An AsyncAPI 3 operation, by its id: its scope's label starts with its `action`, which
    /// is read from the texts.
    AsyncOp(String),
    /// What the document's own scope compares: AsyncAPI's `servers`.
    Doc,
    /// What a path item holds besides its operations (`parameters`, `servers`): read with each
    /// of the path's operations. The path as written.
    PathLevel(String),
    /// A component, named as the comparison names its scope (`#/components/schemas/Pet`).
    Comp(String),
    /// Another file of the spec, as a whole.
    File(PathBuf),
}

/// Which units each unit references (`$ref`s), and the other way round.
struct Graph {
    dialect: Dialect,
    out: HashMap<Unit, Vec<Unit>>,
    into: HashMap<Unit, HashSet<Unit>>,
}

impl Graph {
    fn new(dialect: Dialect) -> Graph {
        Graph {
            dialect,
            out: HashMap::new(),
            into: HashMap::new(),
        }
    }

    fn set(&mut self, from: Unit, to: Vec<Unit>) {
        if let Some(old) = self.out.remove(&from) {
            for t in old {
                if let Some(s) = self.into.get_mut(&t) {
                    s.remove(&from);
                }
            }
        }
        for t in &to {
            self.into.entry(t.clone()).or_default().insert(from.clone());
        }
        self.out.insert(from, to);
    }

    /// Every unit from which `unit` can be reached through `$ref`s, `unit` included.
    fn reaching(&self, unit: Unit) -> HashSet<Unit> {
        let mut seen = HashSet::from([unit.clone()]);
        let mut todo = vec![unit];
        while let Some(u) = todo.pop() {
            for from in self.into.get(&u).into_iter().flatten() {
                if seen.insert(from.clone()) {
                    todo.push(from.clone());
                }
            }
        }
        seen
    }
}

/// Why an edit is compared as a whole.
pub type Why = &'static str;

/// Top-level keys the comparison never reads.
fn unread_top(dialect: Dialect, key: &str) -> bool {
    key.starts_with("x-")
        || match dialect {
            Dialect::OpenApi => matches!(key, "info" | "externalDocs" | "tags" | "webhooks"),
            Dialect::AsyncApi2 | Dialect::AsyncApi3 => matches!(
                key,
                "info" | "externalDocs" | "tags" | "id" | "defaultContentType"
            ),
        }
}

/// Swagger 2.0's sections of named components (one level: `#/definitions/Pet`).
const FLAT_SECTIONS: &[&str] = &["definitions", "parameters", "responses"];

/// Keys whose value is a map from names to objects: a key inside one is a name, not a keyword.
const NAMED_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "dependentSchemas",
    "$defs",
    "definitions",
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "examples",
    "securitySchemes",
    "securityDefinitions",
    "links",
    "callbacks",
    "pathItems",
    "paths",
    "webhooks",
    "content",
    "encoding",
    "mapping",
    "variables",
    "scopes",
    // AsyncAPI.
    "channels",
    "operations",
    "messages",
    "servers",
];

/// Keywords whose value the comparison never reads (prose and examples).
fn prose(key: &str) -> bool {
    matches!(
        key,
        "description" | "summary" | "title" | "example" | "examples" | "externalDocs"
    ) || key.starts_with("x-")
}

/// One step down from the root: a key, or a sequence item.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Key(String),
    Item,
}

/// Whether `key`, the next step after `path`, is a keyword of the object `path` leads to (not
/// the name of a property, a media type, a security requirement...).
fn keyword_position(path: &[Step]) -> bool {
    match path {
        [.., Step::Key(k), Step::Item] if k == "security" => false,
        [.., Step::Key(k)] => !NAMED_MAPS.contains(&k.as_str()),
        _ => true,
    }
}

/// The operation's label, as the comparison writes its scope.
fn label(method: &str, path: &str) -> String {
    format!("{} {path}", method.to_uppercase())
}

/// What the unit of a path down the root file is, as far as the path goes: `Ok(None)` when a
/// deeper step is needed.
fn classify(dialect: Dialect, path: &[Step]) -> Result<Option<Option<Unit>>, Why> {
    let key = |i: usize| match path.get(i) {
        Some(Step::Key(k)) => Some(k.as_str()),
        _ => None,
    };
    if dialect != Dialect::OpenApi {
        return classify_asyncapi(dialect, path);
    }
    Ok(match (key(0), path.len()) {
        (_, 0) => None,
        (Some(k), _) if unread_top(dialect, k) => Some(None),
        (Some("paths"), 1) | (Some("components"), 1..=2) => None,
        (Some(s), 1) if FLAT_SECTIONS.contains(&s) => None,
        (Some("paths"), _) => match (key(1), key(2)) {
            (Some(p), _) if !p.starts_with('/') => Some(None),
            (Some(_), None) if path.len() == 2 => None,
            (Some(_), Some("$ref")) => return Err("a path item that is a `$ref`"),
            (Some(p), Some(m)) if METHODS.contains(&m) => Some(Some(Unit::Op(label(m, p)))),
            (Some(p), Some(_)) => Some(Some(Unit::PathLevel(p.to_string()))),
            _ => return Err("not a path"),
        },
        (Some("components"), _) => match (key(1), key(2)) {
            (Some("securitySchemes"), _) => return Err("security schemes"),
            (Some(s), Some(name)) => Some(Some(Unit::Comp(format!("#/components/{s}/{name}")))),
            _ => return Err("not a component"),
        },
        (Some(s), _) if FLAT_SECTIONS.contains(&s) => match key(1) {
            Some(name) => Some(Some(Unit::Comp(format!("#/{s}/{name}")))),
            None => return Err("not a component"),
        },
        _ => return Err("the top level"),
    })
}

/// [`classify`] for AsyncAPI: channels, operations, components, servers.
fn classify_asyncapi(dialect: Dialect, path: &[Step]) -> Result<Option<Option<Unit>>, Why> {
    let key = |i: usize| match path.get(i) {
        Some(Step::Key(k)) => Some(k.as_str()),
        _ => None,
    };
    let v3 = dialect == Dialect::AsyncApi3;
    Ok(match (key(0), path.len()) {
        (_, 0) => None,
        (Some(k), _) if unread_top(dialect, k) => Some(None),
        (Some("servers"), _) => Some(Some(Unit::Doc)),
        (Some("channels"), 1) | (Some("components"), 1..=2) => None,
        (Some("operations"), 1) if v3 => None,
        (Some("channels"), _) => match (key(1), key(2)) {
            (None, _) => return Err("not a channel"),
            (Some(c), _) if v3 => Some(Some(Unit::Comp(format!("#/channels/{c}")))),
            (Some(_), None) if path.len() == 2 => None,
            (Some(_), Some("$ref")) => return Err("a channel that is a `$ref`"),
            (Some(c), Some(verb @ ("publish" | "subscribe"))) => {
                Some(Some(Unit::Op(format!("{verb} {c}"))))
            }
            (Some(c), _) => Some(Some(Unit::Comp(format!("#/channels/{c}")))),
        },
        (Some("operations"), _) if v3 => match key(1) {
            Some(id) => Some(Some(Unit::AsyncOp(id.to_string()))),
            None => return Err("not an operation"),
        },
        (Some("components"), _) => match (key(1), key(2)) {
            (Some(s), Some(name)) => Some(Some(Unit::Comp(format!("#/components/{s}/{name}")))),
            _ => return Err("not a component"),
        },
        _ => return Err("the top level"),
    })
}

/// Where two texts differ: `start..old_end` of the old became `start..new_end` of the new.
#[derive(Clone, Copy, Debug)]
struct Span {
    start: usize,
    old_end: usize,
    new_end: usize,
}

impl Span {
    fn of(old: &Rope, new: &Rope) -> Option<Span> {
        let prefix = common_prefix(old, new);
        if prefix == old.len_bytes() && prefix == new.len_bytes() {
            return None;
        }
        let max = old.len_bytes().min(new.len_bytes()) - prefix;
        let suffix = common_suffix(old, new).min(max);
        Some(Span {
            start: prefix,
            old_end: old.len_bytes() - suffix,
            new_end: new.len_bytes() - suffix,
        })
    }

    /// Where a range's start moves; `None` inside what the edit replaced.
    fn start(&self, x: usize) -> Option<usize> {
        if x < self.start {
            Some(x)
        } else if x >= self.old_end {
            Some(x - self.old_end + self.new_end)
        } else {
            None
        }
    }

    /// Where a range's end moves; `None` inside what the edit replaced, or where text was
    /// inserted right at the end (it may have grown the node).
    fn end(&self, x: usize) -> Option<usize> {
        if x < self.start || (x == self.start && self.start < self.old_end) {
            Some(x)
        } else if x >= self.old_end && x > self.start {
            Some(x - self.old_end + self.new_end)
        } else {
            None
        }
    }

    /// Whether `new` is `old`, a node around the edit, with the edit made: the same start, and
    /// whatever follows the edit in it moved by the edit's length (error recovery can give a
    /// node another extent, and so move what is placed after it by more).
    fn holds(&self, old: std::ops::Range<usize>, new: std::ops::Range<usize>) -> bool {
        old.start == new.start
            && if new.end > self.new_end {
                old.end >= self.old_end && new.end - self.new_end == old.end - self.old_end
            } else {
                old.end <= self.old_end
            }
    }

    fn range(&self, r: &std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
        if r.is_empty() {
            let x = self.start(r.start)?;
            return Some(x..x);
        }
        Some(self.start(r.start)?..self.end(r.end)?)
    }
}

/// How many bytes two texts have in common at their start.
fn common_prefix(a: &Rope, b: &Rope) -> usize {
    common(a.chunks(), b.chunks(), false)
}

/// How many bytes two texts have in common at their end.
fn common_suffix(a: &Rope, b: &Rope) -> usize {
    fn from_end(r: &Rope) -> ropey::iter::Chunks<'_> {
        r.chunks_at_byte(r.len_bytes()).0.reversed()
    }
    common(from_end(a), from_end(b), true)
}

/// How many bytes two sequences of chunks have in common, from their start (or, `backwards`,
/// from their end: the chunks come last first). Whole runs compare as slices.
fn common<'a>(
    mut a: impl Iterator<Item = &'a str>,
    mut b: impl Iterator<Item = &'a str>,
    backwards: bool,
) -> usize {
    let (mut x, mut y): (&[u8], &[u8]) = (&[], &[]);
    let mut n = 0;
    loop {
        if x.is_empty() {
            match a.next() {
                Some(c) => x = c.as_bytes(),
                None => return n,
            }
        } else if y.is_empty() {
            match b.next() {
                Some(c) => y = c.as_bytes(),
                None => return n,
            }
        } else {
            let m = x.len().min(y.len());
            // The `m` bytes to compare, and what is left of each chunk after them.
            let split = |c: &'a [u8]| match backwards {
                false => (&c[..m], &c[m..]),
                true => (&c[c.len() - m..], &c[..c.len() - m]),
            };
            let ((xs, xr), (ys, yr)) = (split(x), split(y));
            if xs != ys {
                let pairs = xs.iter().zip(ys);
                let same = |(p, q): &(&u8, &u8)| p == q;
                return n + match backwards {
                    false => pairs.take_while(same).count(),
                    true => pairs.rev().take_while(same).count(),
                };
            }
            n += m;
            (x, y) = (xr, yr);
        }
    }
}

/// What an edit lies in.
#[derive(Debug, PartialEq)]
enum Region {
    /// Nothing the comparison reads.
    Unread,
    /// One unit (what else it touches comes from the [`Graph`]), and the path down to it.
    In(Unit, Vec<Step>),
}

/// What an edit lies in.
struct Found<'a> {
    region: Region,
    /// The innermost node of each text that holds all of the edit (`None` when only the layout
    /// between entries changed).
    nodes: Option<(NodeRef<'a>, NodeRef<'a>)>,
    /// When only the layout changed, the old range of the collection whose layout it is: the
    /// fixes of the changes in it are placed by its indentation.
    layout: Option<std::ops::Range<usize>>,
}

impl<'a> Found<'a> {
    fn new(region: Region, nodes: Option<(NodeRef<'a>, NodeRef<'a>)>) -> Found<'a> {
        Found {
            region,
            nodes,
            layout: None,
        }
    }
    fn layout(of: NodeRef<'_>) -> Found<'a> {
        Found {
            region: Region::Unread,
            nodes: None,
            layout: Some(of.range()),
        }
    }
}

/// A step down both texts: the key (or item), and the value in each.
type Down<'a> = (Step, NodeRef<'a>, NodeRef<'a>);

/// One entry (or item) of a collection: its key, where its slot begins (just after the key: an
/// edit right at its end changes it; or at the item), where the entry begins, and its value.
struct Slot<'a> {
    key: Option<String>,
    from: usize,
    start: usize,
    value: NodeRef<'a>,
}

fn slots(x: NodeRef<'_>) -> Vec<Slot<'_>> {
    match x.node.kind() {
        NodeKind::Mapping(_) => x
            .entries()
            .map(|(k, v)| Slot {
                key: k.node.key_text().map(|t| t.into_owned()),
                from: k.range().end + 1,
                start: k.range().start,
                value: v,
            })
            .collect(),
        NodeKind::Sequence(_) => x
            .items()
            .map(|i| Slot {
                key: None,
                from: i.start,
                start: i.start,
                value: i,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The entries (or items) of two versions of one collection: the step to the one whose slot
/// (from its `from` to just before the next entry) holds the span in both texts, with its two
/// values, and whether every other entry holds the same values ([`same`]). No step when no
/// single entry holds the span in both. An error when the keys differ.
fn holder<'a>(o: NodeRef<'a>, n: NodeRef<'a>, span: Span) -> Result<(Option<Down<'a>>, bool), Why> {
    let (os, ns) = (slots(o), slots(n));
    if os.len() != ns.len() {
        return Err("an entry was added or removed");
    }
    if os.iter().zip(&ns).any(|(a, b)| a.key != b.key) {
        return Err("a key changed");
    }
    let find = |list: &[Slot<'_>], node_end: usize, end: usize| {
        (0..list.len()).find(|&i| {
            let to = list.get(i + 1).map_or(node_end + 1, |next| next.start);
            list[i].from <= span.start && end < to
        })
    };
    let i = find(&os, o.range().end, span.old_end);
    let j = find(&ns, n.range().end, span.new_end);
    // The others: the same values, where the edit moved them (their places are where the
    // changes and fixes found in them go).
    let same_others = |skip: Option<usize>| {
        let mut budget = SAME_BUDGET;
        os.iter().zip(&ns).enumerate().all(|(k, (a, b))| {
            Some(k) == skip
                || (span.start(a.start) == Some(b.start)
                    && span.start(a.value.start) == Some(b.value.start)
                    && same(a.value.node, b.value.node, &mut budget))
        })
    };
    match (i, j) {
        (Some(i), Some(j)) if i == j => {
            let step = match &os[i].key {
                Some(k) => Step::Key(k.clone()),
                None if matches!(o.node.kind(), NodeKind::Mapping(_)) => {
                    return Err("a key that is not text")
                }
                None => Step::Item,
            };
            Ok((Some((step, os[i].value, ns[i].value)), same_others(Some(i))))
        }
        _ => Ok((None, same_others(None))),
    }
}

/// How many nodes [`same`] compares, at most, on one level of [`region`]'s walk down.
const SAME_BUDGET: usize = 20_000;

/// Whether two nodes hold the same values at the same places relative to their start: the very
/// same node (the incremental rebuild shares the collections an edit did not touch), or equal
/// scalars, or collections of such (within `budget` nodes: the rebuild does not share scalars,
/// nor collections holding comments). Error recovery can give the same values other extents.
fn same(a: &crate::syntax::Node, b: &crate::syntax::Node, budget: &mut usize) -> bool {
    if a.ptr_eq(b) {
        return true;
    }
    if *budget == 0 || a.len() != b.len() || a.data().value_offset != b.data().value_offset {
        return false;
    }
    *budget -= 1;
    match (a.kind(), b.kind()) {
        (NodeKind::Mapping(x), NodeKind::Mapping(y)) => {
            x.len() == y.len()
                && x.iter().zip(y.iter()).all(|(p, q)| {
                    p.key_offset == q.key_offset
                        && p.value_offset == q.value_offset
                        && p.key.key_text().is_some()
                        && same(&p.key, &q.key, budget)
                        && same(&p.value, &q.value, budget)
                })
        }
        (NodeKind::Sequence(x), NodeKind::Sequence(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|(p, q)| p.offset == q.offset && same(&p.node, &q.node, budget))
        }
        (NodeKind::Scalar(_), NodeKind::Scalar(_)) => a.as_scalar() == b.as_scalar(),
        _ => false,
    }
}

/// What the edit `span` from `old` to `new` (two texts of the root) lies in.
fn region<'a>(
    dialect: Dialect,
    old: &'a Parsed,
    new: &'a Parsed,
    span: Span,
) -> Result<Found<'a>, Why> {
    let (Some(mut o), Some(mut n)) = (old.tree.root(), new.tree.root()) else {
        return Err("an empty document");
    };
    let mut path: Vec<Step> = Vec::new();
    let mut unit: Option<(Unit, Vec<Step>)> = None;
    // Where the walk stops: in the unit (all of it may have changed), or with an error.
    let stop = |unit: Option<(Unit, Vec<Step>)>, o, n, why: Why| match unit {
        Some((u, p)) => Ok(Found::new(Region::In(u, p), Some((o, n)))),
        None => Err(why),
    };
    loop {
        let collection = |x: NodeRef<'_>| match x.node.kind() {
            NodeKind::Mapping(_) => Some(true),
            NodeKind::Sequence(_) => Some(false),
            _ => None,
        };
        if collection(o).is_none() || collection(o) != collection(n) {
            return stop(unit, o, n, "a value at the top level");
        }
        let (inside, same_others) = match holder(o, n, span) {
            Ok(h) => h,
            Err(why) => return stop(unit, o, n, why),
        };
        if !same_others {
            return stop(unit, o, n, "an edit beyond one entry");
        }
        let Some((step, ov, nv)) = inside else {
            // Between entries, all the same: only the layout changed.
            return Ok(Found::layout(o));
        };
        if !span.holds(ov.range(), nv.range()) {
            // Error recovery gave it another extent: what is placed after it (fixes at the
            // end of a parent) moves by more than the edit.
            return Err("an edit that changed the extent of what holds it");
        }
        if unit.is_some() {
            if let Step::Key(k) = &step {
                if prose(k) && keyword_position(&path) {
                    return Ok(Found::new(Region::Unread, Some((ov, nv))));
                }
            }
        }
        path.push(step);
        if unit.is_none() {
            match classify(dialect, &path)? {
                None => {}
                Some(None) => return Ok(Found::new(Region::Unread, Some((ov, nv)))),
                Some(Some(u)) => unit = Some((u, path.clone())),
            }
        }
        if same(ov.node, nv.node, &mut SAME_BUDGET.clone()) {
            // The entry itself is the same: the edit is in the layout around it.
            return Ok(Found::layout(o));
        }
        (o, n) = (ov, nv);
    }
}

/// The unit a `$ref` written in file `from` of `side` names: a component of the root, or another
/// file; `None` for what the comparison does not follow (a URL).
fn target(dialect: Dialect, side: &Side, from: usize, raw: &str) -> Result<Option<Unit>, Why> {
    let Target::At { file, fragment } = refs::target_of(raw, side.path(from)) else {
        return Ok(None);
    };
    if file != side.root {
        return Ok(Some(Unit::File(file)));
    }
    let Some(pointer) = fragment.strip_prefix('/') else {
        return Err("a `$ref` to the root or to an anchor");
    };
    let path: Vec<Step> = pointer
        .split('/')
        .map(|t| Step::Key(unescape_pointer_token(t).into_owned()))
        .collect();
    for len in 1..=path.len() {
        match classify(dialect, &path[..len])? {
            None => continue,
            Some(Some(u @ Unit::Comp(_))) => return Ok(Some(u)),
            Some(Some(_)) => return Err("a `$ref` into the paths"),
            // The comparison reads what it names, whatever the key.
            Some(None) => return Err("a `$ref` into a part the comparison does not read"),
        }
    }
    Err("a `$ref` to a whole section")
}

/// The `$ref`s of the root, by unit, and those of the other files.
fn graph(side: &Side) -> Result<Graph, Why> {
    let dialect = Dialect::of(side)?;
    let root = side.files[0].1.tree.root().ok_or("an empty document")?;
    if root.node.flags() & FLAG_ALIASES != 0 {
        return Err("YAML aliases");
    }
    let mut units: HashMap<Unit, HashSet<Unit>> = HashMap::new();
    fn walk(
        dialect: Dialect,
        side: &Side,
        node: NodeRef<'_>,
        path: &mut Vec<Step>,
        units: &mut HashMap<Unit, HashSet<Unit>>,
    ) -> Result<(), Why> {
        let unit = match classify(dialect, path) {
            Ok(None) => {
                for (k, v) in node.entries() {
                    let key = k.node.key_text().ok_or("a key that is not text")?;
                    path.push(Step::Key(key.into_owned()));
                    let r = walk(dialect, side, v, path, units);
                    path.pop();
                    r?;
                }
                return Ok(());
            }
            Ok(Some(None)) => return Ok(()),
            Ok(Some(Some(u))) => u,
            // Edits there are compared as a whole: only a `$ref` there matters.
            Err(why) => {
                return match refs::ref_sites_under(node).is_empty() {
                    true => Ok(()),
                    false => Err(why),
                }
            }
        };
        let to = units.entry(unit).or_default();
        for site in refs::ref_sites_under(node) {
            to.extend(target(dialect, side, 0, &site.raw)?);
        }
        Ok(())
    }
    if root.child("$ref").is_some() {
        return Err("a root that is a `$ref`");
    }
    walk(dialect, side, root, &mut Vec::new(), &mut units)?;
    for (i, (file, parsed)) in side.files.iter().enumerate().skip(1) {
        let to = units.entry(Unit::File(file.clone())).or_default();
        for site in refs::ref_sites(parsed) {
            to.extend(target(dialect, side, i, &site.raw)?);
        }
    }
    let mut g = Graph::new(dialect);
    for (from, to) in units {
        g.set(from, to.into_iter().collect());
    }
    Ok(g)
}

/// The operations of path item `path` in a root text.
fn operations(parsed: &Parsed, path: &str) -> Vec<String> {
    let item = parsed
        .tree
        .root()
        .and_then(|r| r.child("paths"))
        .and_then(|p| p.child(path));
    item.map(|item| {
        item.entries()
            .filter_map(|(k, v)| {
                let m = k.node.key_text()?;
                (METHODS.contains(&&*m) && matches!(v.node.kind(), NodeKind::Mapping(_)))
                    .then(|| label(&m, path))
            })
            .collect()
    })
    .unwrap_or_default()
}

/// The node a path of keys leads to.
fn node_at<'a>(parsed: &'a Parsed, path: &[Step]) -> Option<NodeRef<'a>> {
    let mut n = parsed.tree.root()?;
    for s in path {
        match s {
            Step::Key(k) => n = n.child(k)?,
            Step::Item => return None,
        }
    }
    Some(n)
}

/// A comparison kept for the next text of its root file.
pub struct Hinted {
    /// The new side the changes are of.
    side: Side,
    pub changes: Vec<Change>,
    /// The units' `$ref`s; why edits cannot be followed otherwise.
    graph: Result<Graph, Why>,
}

/// What [`Hinted::rediff`] compared again.
#[derive(Debug)]
pub struct Redone {
    pub scopes: Vec<Scope>,
    /// Some kept changes lost their fixes (their edits could not be moved across the edit): a
    /// whole comparison gives them back.
    pub fixes_dropped: bool,
}

impl Hinted {
    /// After a comparison of the whole spec.
    pub fn new(side: Side, changes: Vec<Change>) -> Hinted {
        let graph = graph(&side);
        Hinted {
            side,
            changes,
            graph,
        }
    }

    /// The new side of the changes.
    pub fn side(&self) -> &Side {
        &self.side
    }

    /// Why edits are compared as a whole, if they are.
    pub fn whole_only(&self) -> Option<Why> {
        self.graph.as_ref().err().copied()
    }

    /// The changes from `old` to `parsed`, a later text of the root, comparing again only what
    /// the edit touched; `loader` gives the other files if the edit changed the root's `$ref`s.
    /// On an error nothing changed, and the caller compares the whole spec.
    pub fn rediff(
        &mut self,
        old: &Side,
        parsed: Arc<Parsed>,
        loader: &dyn Loader,
    ) -> Result<Redone, Why> {
        let graph = self.graph.as_ref().map_err(|w| *w)?;
        let dialect = graph.dialect;
        if dialect != Dialect::OpenApi
            && (dialect == Dialect::AsyncApi3)
                != (has_operations(&old.files[0].1) || has_operations(&parsed))
        {
            // `asyncapi.rs` would read the two texts in the other version's layout.
            return Err("AsyncAPI texts of two layouts (`operations` at the top level in one)");
        }
        let before = self.side.files[0].1.clone();
        let root = self.side.root.clone();
        let span = Span::of(&before.rope, &parsed.rope).ok_or("the same text")?;
        let Found {
            region,
            nodes,
            layout,
        } = region(dialect, &before, &parsed, span)?;
        // The root's `$ref`s are the same unless they changed inside the edit.
        let refs_changed = nodes.is_some_and(|(a, b)| {
            let raw = |x| -> Vec<Arc<str>> {
                refs::ref_sites_under(x)
                    .into_iter()
                    .map(|s| s.raw)
                    .collect()
            };
            raw(a) != raw(b)
        });
        if refs_changed && region == Region::Unread {
            // A `$ref` in prose or an extension: the comparison does not follow it, but the
            // side reads the files it names.
            return Err("a `$ref` changed where the comparison does not read");
        }
        let mut scopes: HashSet<Scope> = HashSet::new();
        // AsyncAPI 3 operations to compare again, by id.
        let mut async_ops: Vec<String> = Vec::new();
        // The unit's new `$ref`s, when they changed.
        let mut edges = None;
        let mut new = None;
        if let Region::In(unit, path) = &region {
            for u in graph.reaching(unit.clone()) {
                match &u {
                    Unit::Op(l) => {
                        scopes.insert(Scope::Operation(l.clone()));
                    }
                    Unit::AsyncOp(id) => async_ops.push(id.clone()),
                    Unit::Doc => {
                        scopes.insert(Scope::Document);
                    }
                    Unit::PathLevel(p) => {
                        for op in operations(&before, p)
                            .into_iter()
                            .chain(operations(&parsed, p))
                        {
                            scopes.insert(Scope::Operation(op));
                        }
                    }
                    // OpenAPI compares each component in its own scope (what the operations
                    // reach of it, in theirs); AsyncAPI compares a channel's messages in the
                    // channel's scope, which may reach them through components.
                    Unit::Comp(c) if &u == unit || dialect != Dialect::OpenApi => {
                        scopes.insert(Scope::Component(c.clone()));
                    }
                    Unit::Comp(_) | Unit::File(_) => {}
                }
            }
            if refs_changed {
                let side = Side::with_root(root.clone(), parsed.clone(), loader);
                let same_files = side.files.len() == self.side.files.len()
                    && side.files[1..]
                        .iter()
                        .zip(&self.side.files[1..])
                        .all(|(a, b)| a.0 == b.0 && Arc::ptr_eq(&a.1, &b.1));
                if !same_files {
                    return Err("the files the spec references changed");
                }
                let node = node_at(&parsed, path).ok_or("the unit is gone")?;
                let values: Vec<NodeRef<'_>> = match unit {
                    // The path item's own entries, besides its operations.
                    Unit::PathLevel(_) => node
                        .entries()
                        .filter(|(k, _)| !k.node.key_text().is_some_and(|m| METHODS.contains(&&*m)))
                        .map(|(_, v)| v)
                        .collect(),
                    _ => vec![node],
                };
                let mut to = HashSet::new();
                for site in values.into_iter().flat_map(refs::ref_sites_under) {
                    to.extend(target(dialect, &side, 0, &site.raw)?);
                }
                edges = Some((unit.clone(), to.into_iter().collect::<Vec<_>>()));
                new = Some(side);
            }
        }
        let new = new.unwrap_or_else(|| self.side.replacing_root(parsed.clone()));
        if new.kind != self.side.kind {
            return Err("the kind of spec changed");
        }
        // An AsyncAPI 3 operation's scope is labelled with its action, as the baseline has it
        // (or, when added, as the text has it; the previous text's may be in kept changes).
        for id in async_ops {
            for side in [old, &self.side, &new] {
                let op = side.root_node().and_then(|r| r.get("operations")?.get(&id));
                if let Some(op) = op {
                    let action = op.string("action").unwrap_or("send");
                    scopes.insert(Scope::Operation(format!("{action} {id}")));
                }
            }
        }
        let scopes: Vec<Scope> = scopes.into_iter().collect();
        let fresh = if scopes.is_empty() {
            Vec::new()
        } else {
            diff_only(old, &new, &scopes).map_err(|_| "the comparison failed")?
        };
        let (mut kept, fixes_dropped) = self.kept(&before.rope, &root, span, layout, &scopes)?;
        // Merged: a change found again gets the scopes it is found from now.
        let mut at: HashMap<(&'static str, Location, String), usize> = kept
            .iter()
            .enumerate()
            .map(|(i, c)| ((c.check.id, c.at.clone(), c.message.clone()), i))
            .collect();
        for c in fresh {
            match at.get(&(c.check.id, c.at.clone(), c.message.clone())) {
                Some(&i) => {
                    let k = &mut kept[i];
                    for s in c.scopes {
                        if !k.scopes.contains(&s) {
                            k.scopes.push(s);
                        }
                    }
                    k.fixes = c.fixes;
                    k.removed = c.removed;
                }
                None => {
                    at.insert((c.check.id, c.at.clone(), c.message.clone()), kept.len());
                    kept.push(c);
                }
            }
        }
        super::sort_changes(&mut kept);
        if let (Some((unit, to)), Ok(g)) = (edges, self.graph.as_mut()) {
            g.set(unit, to);
        }
        self.side = new;
        self.changes = kept;
        Ok(Redone {
            scopes,
            fixes_dropped,
        })
    }

    /// The changes of the other scopes, moved across the edit; whether some lost their fixes.
    fn kept(
        &self,
        text: &Rope,
        root: &std::path::Path,
        span: Span,
        layout: Option<std::ops::Range<usize>>,
        touched: &[Scope],
    ) -> Result<(Vec<Change>, bool), Why> {
        let mut dropped = false;
        let mut kept = Vec::new();
        for c in &self.changes {
            let scopes: Vec<Scope> = c
                .scopes
                .iter()
                .filter(|s| !touched.contains(s))
                .cloned()
                .collect();
            if scopes.is_empty() {
                continue;
            }
            let mut c = Change {
                scopes,
                ..c.clone()
            };
            if c.at.file == root {
                c.at.range = span
                    .range(&c.at.range)
                    .ok_or("a change of another scope where the edit is")?;
            }
            let before = c.fixes.len();
            // A fix's edits are placed by the layout around them (line ends, indentation):
            // those on the lines next to the edit are worked out again.
            let near = |r: &std::ops::Range<usize>| {
                let line = |x: usize| text.byte_to_line(x.min(text.len_bytes()));
                let next_to =
                    line(r.start) + 1 >= line(span.start) && line(r.end) <= line(span.old_end) + 1;
                let relaid = layout
                    .as_ref()
                    .is_some_and(|l| r.start <= l.end && l.start <= r.end);
                next_to || relaid
            };
            if layout.as_ref().is_some_and(|l| {
                c.at.file == root && c.at.range.start <= l.end && l.start <= c.at.range.end
            }) {
                dropped |= !c.fixes.is_empty();
                c.fixes.clear();
            }
            c.fixes.retain_mut(|f| {
                f.file != root
                    || f.edits.iter_mut().all(|(r, _)| match span.range(r) {
                        Some(moved) if !near(r) => {
                            *r = moved;
                            true
                        }
                        _ => false,
                    })
            });
            dropped |= c.fixes.len() != before;
            kept.push(c);
        }
        Ok((kept, dropped))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff;
    use crate::refs::DiskLoader;
    use crate::syntax::{Lang, PositionEncoding, SourceFile, TextChange};
    use std::path::Path;

    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n.max(1) as u64) as usize
        }
    }

    /// The span where two texts differ, across chunk boundaries that fall differently in each.
    #[test]
    fn the_span_of_an_edit_in_a_long_text() {
        let text: String = (0..3000).map(|i| format!("line {i}\n")).collect();
        let mut rng = Rng(7);
        for _ in 0..200 {
            let at = rng.below(text.len());
            let del = rng.below(40).min(text.len() - at);
            let ins = ["", "x", "line 1\n", "ééé"][rng.below(4)];
            let edited = format!("{}{ins}{}", &text[..at], &text[at + del..]);
            let (a, b) = (Rope::from_str(&text), Rope::from_str(&edited));
            let naive_prefix = text
                .bytes()
                .zip(edited.bytes())
                .take_while(|(p, q)| p == q)
                .count();
            let naive_suffix = text
                .bytes()
                .rev()
                .zip(edited.bytes().rev())
                .take_while(|(p, q)| p == q)
                .count();
            assert_eq!(common_prefix(&a, &b), naive_prefix);
            assert_eq!(common_suffix(&a, &b), naive_suffix);
            match Span::of(&a, &b) {
                None => assert_eq!(text, edited),
                Some(s) => assert_eq!(
                    format!(
                        "{}{}{}",
                        &text[..s.start],
                        &edited[s.start..s.new_end],
                        &text[s.old_end..]
                    ),
                    edited
                ),
            }
        }
    }

    /// The roots of a case: `before.*`/`after.*`, or the `spec.*` of `before/` and `after/`.
    fn roots(case: &Path) -> Option<(PathBuf, PathBuf)> {
        for (a, b) in [
            ("before.yaml", "after.yaml"),
            ("before.json", "after.json"),
            ("before/spec.yaml", "after/spec.yaml"),
            ("before/spec.json", "after/spec.json"),
        ] {
            if case.join(a).exists() {
                return Some((case.join(a), case.join(b)));
            }
        }
        None
    }

    fn described(changes: &[Change], fixes: bool) -> Vec<String> {
        changes
            .iter()
            .map(|c| {
                let mut s = format!(
                    "{} {:?} {:?} {} {:?}",
                    c.check.id,
                    c.at,
                    c.old,
                    c.full_message(),
                    c.removed
                );
                if fixes {
                    s.push_str(&format!(" {:?}", c.fixes));
                }
                s
            })
            .collect()
    }

    /// A random edit of `text`: a character or a line typed, a few characters deleted, or a
    /// word the comparison reads replaced by another (so that changes come and go).
    fn edit(rng: &mut Rng, text: &str) -> (usize, usize, String) {
        const WORDS: &[&str] = &[
            "string",
            "integer",
            "true",
            "false",
            "required",
            "get",
            "post",
            "200",
            "400",
            "query",
            "path",
            "enum",
            "minimum",
            "maxLength",
            "deprecated",
            "type",
            "object",
        ];
        let boundary = |mut i: usize| {
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let at = boundary(rng.below(text.len() + 1));
        match rng.below(10) {
            0..=3 => {
                let typed = [
                    "a", " ", "\n", "1", "\"", "-", ":", "x: 1\n", "{", "#", "  ",
                ];
                (at, at, typed[rng.below(typed.len())].to_string())
            }
            4..=5 => (
                at,
                boundary((at + 1 + rng.below(4)).min(text.len())),
                String::new(),
            ),
            _ => {
                let w = WORDS[rng.below(WORDS.len())];
                let found: Vec<usize> = text.match_indices(w).map(|(i, _)| i).collect();
                if found.is_empty() {
                    return (at, at, " ".into());
                }
                let i = found[rng.below(found.len())];
                (i, i + w.len(), WORDS[rng.below(WORDS.len())].to_string())
            }
        }
    }

    /// After random edits of each breaking-change case's new side (the grouped cases of
    /// `breaking/`, 160 edits each, and the per-check cases of `breaking-checks/`, 48 each),
    /// comparing again only what the edit touched gives what comparing the whole spec gives: the
    /// same changes, at the same places, with the same scopes (and the same fixes, unless some
    /// were dropped).
    #[test]
    fn rediff_equals_a_whole_comparison_after_random_edits() {
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-workspaces");
        let mut cases: Vec<(PathBuf, usize)> = Vec::new();
        for (dir, steps) in [("breaking", 160), ("breaking-checks", 48)] {
            let mut found: Vec<PathBuf> = std::fs::read_dir(base.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            found.sort();
            cases.extend(found.into_iter().map(|c| (c, steps)));
        }
        let (mut redone, mut whole, mut compared_again) = (0, 0, 0);
        // Rediffs of AsyncAPI documents that compared some scopes again.
        let mut asyncapi_again = 0;
        let mut why: HashMap<Why, usize> = HashMap::new();
        for (case, steps) in cases {
            let Some((before, after)) = roots(&case) else {
                continue;
            };
            let loader = DiskLoader::new(vec![case.clone()], 1 << 20);
            let old = Side::load(&before, &loader).unwrap();
            let after = refs::normalize(&after);
            let lang = if after.extension().is_some_and(|e| e == "json") {
                Lang::Json
            } else {
                Lang::Yaml
            };
            let original = std::fs::read_to_string(&after).unwrap();
            let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ original.len() as u64);
            let (mut text, mut file) = (original.clone(), SourceFile::new(lang, &original));
            let (mut hinted, mut fixes_whole): (Option<Hinted>, bool) = (None, true);
            // Rounds of a few edits from the file as it is (many random edits leave no spec).
            for step in 0..steps {
                if step % 16 == 0 {
                    text = original.clone();
                    file = SourceFile::new(lang, &text);
                    hinted = None;
                }
                let parsed = file.parsed();
                let side = Side::with_root(after.clone(), parsed.clone(), &loader);
                let Ok(full) = diff::diff(&old, &side) else {
                    hinted = None;
                    continue;
                };
                match hinted
                    .as_mut()
                    .map(|h| h.rediff(&old, parsed.clone(), &loader))
                {
                    Some(Ok(r)) => {
                        redone += 1;
                        compared_again += usize::from(!r.scopes.is_empty());
                        if old.kind.family == Family::AsyncApi {
                            asyncapi_again += usize::from(!r.scopes.is_empty());
                        }
                        fixes_whole &= !r.fixes_dropped;
                        let h = hinted.as_ref().unwrap();
                        assert_eq!(
                            described(&h.changes, fixes_whole),
                            described(&full, fixes_whole),
                            "{} after edit {step} (compared again: {:?}):\n{text}",
                            case.display(),
                            r.scopes
                        );
                    }
                    Some(Err(w)) => {
                        whole += 1;
                        *why.entry(w).or_default() += 1;
                        hinted = Some(Hinted::new(side, full));
                        fixes_whole = true;
                    }
                    None => {
                        hinted = Some(Hinted::new(side, full));
                        fixes_whole = true;
                    }
                }
                let (from, to, with) = edit(&mut rng, &text);
                let pos = |o: usize| {
                    crate::syntax::text::position_of(file.rope(), o, PositionEncoding::Utf8)
                };
                let change = TextChange {
                    range: Some((pos(from), pos(to))),
                    text: with.clone(),
                };
                file.edit(&change, PositionEncoding::Utf8);
                text.replace_range(from..to, &with);
                assert_eq!(file.rope().to_string(), text);
            }
        }
        eprintln!("rediffs {redone} (comparing some scopes again: {compared_again}, of AsyncAPI documents {asyncapi_again}), whole comparisons {whole}: {why:?}");
        // Many edits of these small specs are at the top level (`servers`, `security`),
        // compared as a whole; the rest must be followed.
        assert!(
            redone * 10 >= (redone + whole) * 4,
            "rediffs {redone}, whole comparisons {whole}: {why:?}"
        );
        assert!(compared_again > 300, "{compared_again}");
        assert!(asyncapi_again > 30, "{asyncapi_again}");
    }
}
