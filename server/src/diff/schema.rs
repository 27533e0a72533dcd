//! Schemas compared with their direction: in a request, what the server accepts must not
//! shrink; in a response, what clients get must not grow.
//!
//! Properties are named from the nearest named schema (`Pet.owner.name`), so that the walk
//! of a referenced schema's properties gives the same findings from every operation that uses
//! it: that walk is done once per pair of schemas and direction, and replayed for the others
//! (which also stops cycles).

use std::collections::{HashMap, HashSet};

use super::edit;
use super::{Direction, Sink, N};
use crate::syntax::ScalarValue;

/// What the schema describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Subject {
    Parameter,
    Body,
    Property,
}

impl Subject {
    fn part(self) -> &'static str {
        match self {
            Subject::Parameter => "parameter",
            Subject::Body => "body",
            Subject::Property => "property",
        }
    }
}

type Key = ((usize, usize), (usize, usize), Direction);

/// The state of the schema walks of one diff.
pub struct Schemas {
    memo: HashMap<Key, Vec<usize>>,
    visiting: HashSet<Key>,
    /// Schema pairs still to be compared in this diff: YAML aliases can make a small text a
    /// huge tree (an alias bomb), and the walk stops when this runs out.
    budget: usize,
}

impl Default for Schemas {
    fn default() -> Self {
        Schemas {
            memo: HashMap::new(),
            visiting: HashSet::new(),
            budget: MAX_PAIRS,
        }
    }
}

const MAX_DEPTH: usize = 64;
/// At most this many schema pairs per diff (GitHub's description needs about 14,000).
const MAX_PAIRS: usize = 200_000;

/// A schema's place, for messages: `query parameter `status``, `request body`,
/// `response property `Pet.id``.
pub struct Place<'a> {
    pub dir: Direction,
    pub subject: Subject,
    /// The label of this schema.
    pub label: &'a str,
    /// The prefix of its properties' names (`Pet`, `Pet.owner`; empty at an inline body).
    pub prefix: &'a str,
}

fn child_name(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

/// The name a `$ref` gives its target: the last pointer token, or the file's stem.
fn ref_name(raw: &str) -> String {
    let (file, frag) = raw.split_once('#').unwrap_or((raw, ""));
    if let Some(last) = frag.rsplit('/').next().filter(|s| !s.is_empty()) {
        return crate::syntax::node::unescape_pointer_token(last).into_owned();
    }
    let name = file.rsplit('/').next().unwrap_or(file);
    name.split('.').next().unwrap_or(name).to_string()
}

fn dir_word(d: Direction) -> &'static str {
    match d {
        Direction::Response => "response",
        _ => "request",
    }
}

/// The types a schema allows (without `null`), and whether it allows `null`.
fn types(s: N<'_>) -> (Vec<String>, bool) {
    let mut out = Vec::new();
    let mut null = s.flag("nullable") || s.flag("x-nullable");
    if let Some(t) = s.get("type") {
        if let Some(t) = t.str() {
            out.push(t.to_string());
        } else {
            out.extend(t.items().filter_map(|i| i.str().map(str::to_string)));
        }
    }
    if let Some(pos) = out.iter().position(|t| t == "null") {
        out.remove(pos);
        null = true;
    }
    if s.get("enum")
        .is_some_and(|e| e.items().any(|i| i.scalar() == Some(&ScalarValue::Null)))
    {
        null = true;
    }
    (out, null)
}

fn accepts(types: &[String], t: &str) -> bool {
    types
        .iter()
        .any(|x| x == t || (x == "number" && t == "integer"))
}

impl Schemas {
    /// How many schema pairs were compared.
    pub fn compared(&self) -> usize {
        MAX_PAIRS - self.budget
    }

    /// Logs the walk's size, and says when it was cut short.
    pub fn finish(&self) {
        if self.budget == 0 {
            tracing::warn!("breaking changes: more than {MAX_PAIRS} schema pairs to compare (YAML aliases?): the rest was not compared");
        }
        tracing::debug!(
            pairs = self.compared(),
            "breaking changes: schema pairs compared"
        );
    }

    /// Compares two schemas (`$ref`s not yet followed).
    pub fn compare(
        &mut self,
        sink: &mut Sink,
        o: N<'_>,
        n: N<'_>,
        place: &Place<'_>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH || self.budget == 0 {
            return;
        }
        self.budget -= 1;
        let named = n.get_raw("$ref").and_then(|r| r.str()).map(ref_name);
        let (od, nd) = (o.deref(), n.deref());
        if !od.is_map() || !nd.is_map() {
            return;
        }
        self.node_checks(sink, od, nd, place);
        match named {
            Some(name) => {
                let key = (od.id(), nd.id(), place.dir);
                if let Some(found) = self.memo.get(&key) {
                    for &i in found {
                        sink.touch(i);
                        sink.log.push(i);
                    }
                    return;
                }
                if !self.visiting.insert(key) {
                    return;
                }
                let start = sink.log.len();
                self.children(sink, od, nd, place.dir, &name, depth);
                let found = sink.log[start..].to_vec();
                self.visiting.remove(&key);
                self.memo.insert(key, found);
            }
            None => self.children(sink, od, nd, place.dir, place.prefix, depth),
        }
    }

    fn id(place: &Place<'_>, what: &str) -> String {
        format!("{}-{}-{what}", dir_word(place.dir), place.subject.part())
    }

    /// The checks of the schema itself: type, format, null, enum, bounds, pattern,
    /// `additionalProperties`.
    fn node_checks(&mut self, sink: &mut Sink, o: N<'_>, n: N<'_>, place: &Place<'_>) {
        let req = place.dir != Direction::Response;
        let label = place.label;
        let (ot, onull) = types(o);
        let (nt, nnull) = types(n);
        if !ot.is_empty() && !nt.is_empty() && ot != nt {
            let widened = ot.iter().all(|t| accepts(&nt, t));
            let narrowed = nt.iter().all(|t| accepts(&ot, t));
            if (req && !widened) || (!req && !narrowed) {
                sink.push(
                    &Self::id(place, "type-changed"),
                    format!(
                        "{label}: type changed from `{}` to `{}`",
                        ot.join("|"),
                        nt.join("|")
                    ),
                    n.get_raw("type").unwrap_or(n),
                    o.get_raw("type"),
                );
            }
        }
        if let (Some(of), Some(nf)) = (o.string("format"), n.string("format")) {
            if of != nf {
                sink.push(
                    &Self::id(place, "format-changed"),
                    format!("{label}: format changed from `{of}` to `{nf}`"),
                    n.get_raw("format").unwrap_or(n),
                    o.get_raw("format"),
                );
            }
        }
        if req && onull && !nnull {
            sink.push(
                &Self::id(place, "became-not-nullable"),
                format!("{label}: no longer accepts null"),
                n,
                Some(o),
            );
        }
        if !req && !onull && nnull {
            sink.push(
                &Self::id(place, "became-nullable"),
                format!("{label}: may now be null"),
                n.get_raw("nullable").or(n.get_raw("type")).unwrap_or(n),
                Some(o),
            );
        }
        self.enums(sink, o, n, place);
        self.bounds(sink, o, n, place);
        if req {
            match (o.string("pattern"), n.string("pattern")) {
                (None, Some(p)) => {
                    sink.push(
                        &Self::id(place, "pattern-added"),
                        format!("{label}: pattern `{p}` added"),
                        n.get_raw("pattern").unwrap_or(n),
                        None,
                    );
                }
                (Some(a), Some(b)) if a != b => {
                    sink.push(
                        &Self::id(place, "pattern-changed"),
                        format!("{label}: pattern changed from `{a}` to `{b}`"),
                        n.get_raw("pattern").unwrap_or(n),
                        o.get_raw("pattern"),
                    );
                }
                _ => {}
            }
            let closed = |s: N<'_>| {
                s.get("additionalProperties")
                    .and_then(|a| a.scalar())
                    .is_some_and(|v| *v == ScalarValue::Bool(false))
            };
            if !closed(o) && closed(n) {
                sink.push(
                    &Self::id(place, "additional-properties-closed"),
                    format!("{label}: other properties are no longer accepted"),
                    n.get_raw("additionalProperties").unwrap_or(n),
                    None,
                );
            }
        }
    }

    fn enums(&mut self, sink: &mut Sink, o: N<'_>, n: N<'_>, place: &Place<'_>) {
        let req = place.dir != Direction::Response;
        let label = place.label;
        let (oe, ne) = (o.get("enum"), n.get("enum"));
        match (oe, ne) {
            (None, Some(ne)) if req => {
                sink.push(
                    &Self::id(place, "became-enum"),
                    format!("{label}: restricted to the values of `enum`"),
                    ne,
                    None,
                );
            }
            (Some(oe), Some(ne)) => {
                let (ov, nv) = (values(oe), values(ne));
                for (v, item) in &ov {
                    if nv.iter().any(|(x, _)| x == v) {
                        continue;
                    }
                    let msg = format!("{label}: enum value `{v}` removed");
                    let id = Self::id(place, "enum-value-removed");
                    sink.removed(&id, msg, ne, *item, &item.text(), || {
                        edit::fix(
                            format!("Restore the enum value `{v}`"),
                            ne,
                            edit::restore_item(ne, *item),
                        )
                        .into_iter()
                        .collect()
                    });
                }
                for (v, item) in &nv {
                    if !ov.iter().any(|(x, _)| x == v) {
                        sink.push(
                            &Self::id(place, "enum-value-added"),
                            format!("{label}: enum value `{v}` added"),
                            *item,
                            Some(oe),
                        );
                    }
                }
            }
            _ => {}
        }
    }

    fn bounds(&mut self, sink: &mut Sink, o: N<'_>, n: N<'_>, place: &Place<'_>) {
        let req = place.dir != Direction::Response;
        let label = place.label;
        // keyword, name in ids, whether a larger value is tighter.
        const BOUNDS: &[(&str, &str, bool)] = &[
            ("maximum", "max", false),
            ("minimum", "min", true),
            ("maxLength", "max-length", false),
            ("minLength", "min-length", true),
            ("maxItems", "max-items", false),
            ("minItems", "min-items", true),
        ];
        for &(kw, name, larger_is_tighter) in BOUNDS {
            let (a, b) = (o.number(kw), n.number(kw));
            let (moved, word) = match (a, b) {
                (None, None) => continue,
                (Some(a), Some(b)) if a == b => continue,
                (Some(a), Some(b)) => {
                    let up = b > a;
                    (Some((a, b)), if up { "increased" } else { "decreased" })
                }
                (None, Some(_)) => (None, "set"),
                // Unset: the bound is gone, as loose as can be.
                (Some(_), None) => (
                    None,
                    if larger_is_tighter {
                        "decreased"
                    } else {
                        "increased"
                    },
                ),
            };
            let tighter = match word {
                "set" => true,
                "increased" => larger_is_tighter,
                _ => !larger_is_tighter,
            };
            // Requests report tightening (breaking) and loosening (info); responses report
            // loosening only (what clients get grows).
            if !req && tighter {
                continue;
            }
            let what = match moved {
                Some((a, b)) => format!("`{kw}` {word} from {} to {}", fmt(a), fmt(b)),
                None if word == "set" => format!("`{kw}` set to {}", fmt(b.unwrap_or_default())),
                None => format!("`{kw}` removed (was {})", fmt(a.unwrap_or_default())),
            };
            sink.push(
                &Self::id(place, &format!("{name}-{word}")),
                format!("{label}: {what}"),
                n.get_raw(kw).unwrap_or(n),
                o.get_raw(kw),
            );
        }
    }

    /// Properties and items.
    fn children(
        &mut self,
        sink: &mut Sink,
        o: N<'_>,
        n: N<'_>,
        dir: Direction,
        prefix: &str,
        depth: usize,
    ) {
        let req = dir != Direction::Response;
        let d = dir_word(dir);
        let (oreq, nreq) = (required(o), required(n));
        let is_req =
            |list: &[(String, N<'_>, N<'_>)], name: &str| list.iter().any(|(x, _, _)| x == name);
        let (op, np) = (properties(o), properties(n));
        let skip = |s: N<'_>| {
            if req {
                s.deref().flag("readOnly")
            } else {
                s.deref().flag("writeOnly")
            }
        };
        if let (Some((_, op)), Some((nmap, np))) = (op, np) {
            let np_parent = nmap.unwrap_or(n);
            for (name, okey, oval, _) in op.iter().cloned() {
                let found = find(&np, &name).map(|(_, k, v, named)| (*k, *v, named.clone()));
                let from = found
                    .as_ref()
                    .and_then(|f| f.2.clone())
                    .or_else(|| find(&op, &name).and_then(|p| p.3.clone()));
                let full = child_name(from.as_deref().unwrap_or(prefix), &name);
                let label = format!("{d} property `{full}`");
                match found.map(|(k, v, _)| (k, v)) {
                    None => {
                        if skip(oval) {
                            continue;
                        }
                        let was_required = is_req(&oreq, &name);
                        let id = match (req, was_required) {
                            (true, _) => "request-property-removed",
                            (false, true) => "response-required-property-removed",
                            (false, false) => "response-optional-property-removed",
                        };
                        let quote = edit::entry_text(okey, oval);
                        sink.removed(
                            id,
                            format!("{label} removed"),
                            np_parent,
                            okey,
                            &quote,
                            || {
                                edit::fix(
                                    format!("Restore the property `{name}`"),
                                    np_parent,
                                    edit::restore_entry(np_parent, okey, oval, false),
                                )
                                .into_iter()
                                .collect()
                            },
                        );
                    }
                    Some((nkey, nval)) => {
                        if skip(nval) {
                            continue;
                        }
                        let (was, is) = (is_req(&oreq, &name), is_req(&nreq, &name));
                        if !was && is {
                            let item = nreq
                                .iter()
                                .find(|(x, _, _)| *x == *name)
                                .map(|(_, i, l)| (*l, *i));
                            let id = format!("{d}-property-became-required");
                            let fixes = match (req, item) {
                                (true, Some((list, item))) => edit::fix(
                                    format!("Make `{name}` optional again"),
                                    list,
                                    edit::remove_item(list, item),
                                ),
                                _ => None,
                            };
                            if let Some(c) =
                                sink.push(&id, format!("{label} became required"), nkey, Some(o))
                            {
                                c.fixes.extend(fixes);
                            }
                        } else if was && !is {
                            let id = format!("{d}-property-became-optional");
                            let fixes = match (req, n.get("required")) {
                                (false, Some(list)) => edit::fix(
                                    format!("Make `{name}` required again"),
                                    list,
                                    edit::add_item(list, &name),
                                ),
                                _ => None,
                            };
                            if let Some(c) =
                                sink.push(&id, format!("{label} became optional"), nkey, Some(o))
                            {
                                c.fixes.extend(fixes);
                            }
                        }
                        let place = Place {
                            dir,
                            subject: Subject::Property,
                            label: &label,
                            prefix: &full,
                        };
                        self.compare(sink, oval, nval, &place, depth + 1);
                    }
                }
            }
            for (name, nkey, nval, from) in np.iter().cloned() {
                if find(&op, &name).is_some() || skip(nval) {
                    continue;
                }
                let full = child_name(from.as_deref().unwrap_or(prefix), &name);
                let label = format!("{d} property `{full}`");
                let required = is_req(&nreq, &name);
                let id = match (req, required) {
                    (true, true) => "new-required-request-property",
                    (true, false) => "new-optional-request-property",
                    (false, true) => "response-required-property-added",
                    (false, false) => "response-optional-property-added",
                };
                let what = if required { "required" } else { "optional" };
                let fixes = if req && required {
                    nreq.iter()
                        .find(|(x, _, _)| *x == *name)
                        .and_then(|(_, item, list)| {
                            edit::fix(
                                format!("Make `{name}` optional"),
                                *list,
                                edit::remove_item(*list, *item),
                            )
                        })
                } else {
                    None
                };
                if let Some(c) = sink.push(id, format!("{label} added ({what})"), nkey, None) {
                    c.fixes.extend(fixes);
                }
            }
        }
        if let (Some(oi), Some(ni)) = (o.get_raw("items"), n.get_raw("items")) {
            let full = format!("{prefix}[]");
            let label = format!("{d} property `{full}`");
            let place = Place {
                dir,
                subject: Subject::Property,
                label: &label,
                prefix: &full,
            };
            self.compare(sink, oi, ni, &place, depth + 1);
        }
        // `allOf` members are merged above; the alternatives are compared by position.
        for kw in ["oneOf", "anyOf"] {
            let (Some(ol), Some(nl)) = (o.get(kw), n.get(kw)) else {
                continue;
            };
            let (ov, nv): (Vec<_>, Vec<_>) = (ol.items().collect(), nl.items().collect());
            if ov.len() != nv.len() {
                continue;
            }
            for (a, b) in ov.into_iter().zip(nv) {
                let label = if prefix.is_empty() {
                    format!("{d} schema")
                } else {
                    format!("{d} property `{prefix}`")
                };
                let place = Place {
                    dir,
                    subject: Subject::Property,
                    label: &label,
                    prefix,
                };
                self.compare(sink, a, b, &place, depth + 1);
            }
        }
    }
}

fn values<'s>(e: N<'s>) -> Vec<(String, N<'s>)> {
    e.items().map(|i| (i.value_text(), i)).collect()
}

/// How deep `allOf` members are merged.
const ALL_OF_DEPTH: usize = 8;

/// The `allOf` members of a schema (`$ref`s followed), recursively, the schema first; with the
/// name of the `$ref` that led to a member, which names its properties.
fn merged<'s>(s: N<'s>) -> Vec<(N<'s>, Option<String>)> {
    let mut out = vec![(s, None)];
    let mut i = 0;
    while i < out.len() && out.len() < 64 {
        let depth_ok = i < ALL_OF_DEPTH * 8;
        let (member, name) = out[i].clone();
        if let (true, Some(list)) = (depth_ok, member.get("allOf")) {
            for raw in list.items() {
                let m = raw.deref();
                let named = raw.get_raw("$ref").and_then(|r| r.str()).map(ref_name);
                if m.is_map() && !out.iter().any(|(x, _)| x.id() == m.id()) {
                    out.push((m, named.or(name.clone())));
                }
            }
        }
        i += 1;
    }
    out
}

/// The required property names of a schema and its `allOf` members: name, item, list.
fn required<'s>(s: N<'s>) -> Vec<(String, N<'s>, N<'s>)> {
    let mut out: Vec<(String, N<'s>, N<'s>)> = Vec::new();
    for (m, _) in merged(s) {
        if let Some(list) = m.get("required") {
            for i in list.items() {
                if let Some(name) = i.str() {
                    if !out.iter().any(|(x, _, _)| x == name) {
                        out.push((name.to_string(), i, list));
                    }
                }
            }
        }
    }
    out
}

/// A property: name, key, value, and the name of the `allOf` member's `$ref` it comes from.
type Prop<'s> = (String, N<'s>, N<'s>, Option<String>);
type Props<'s> = (Option<N<'s>>, Vec<Prop<'s>>);

/// The properties of a schema and its `allOf` members (the first definition of a name wins),
/// with the schema's own `properties` mapping; `None` when none has `properties`.
fn properties<'s>(s: N<'s>) -> Option<Props<'s>> {
    let mut own = None;
    let mut found = false;
    let mut out: Vec<Prop<'s>> = Vec::new();
    for (i, (m, named)) in merged(s).into_iter().enumerate() {
        let Some(props) = m.get("properties") else {
            continue;
        };
        found = true;
        if i == 0 || own.is_none() {
            own = Some(props);
        }
        for (name, k, v) in props.entries() {
            if !out.iter().any(|(x, _, _, _)| *x == *name) {
                out.push((name.into_owned(), k, v, named.clone()));
            }
        }
    }
    found.then_some((own, out))
}

fn find<'a, 's>(props: &'a [Prop<'s>], name: &str) -> Option<&'a Prop<'s>> {
    props.iter().find(|(x, _, _, _)| x == name)
}

fn fmt(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}
