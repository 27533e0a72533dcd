//! OpenAPI 3.x and Swagger 2.0: servers, components, then each operation (path + method).

use std::collections::HashMap;

use super::edit;
use super::schema::{Place, Schemas, Subject};
use super::{Change, ChangeFix, Direction, Scope, Sink, N};

pub(crate) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

pub fn diff(o: N<'_>, n: N<'_>, sink: &mut Sink) {
    let mut schemas = Schemas::default();
    if sink.enter(Scope::Document) {
        servers(o, n, sink);
    }
    components(o, n, sink);
    paths(o, n, sink, &mut schemas);
    schemas.finish();
}

fn restore(title: String, parent: N<'_>, key: N<'_>, value: N<'_>) -> Vec<ChangeFix> {
    edit::fix(
        title,
        parent,
        edit::restore_entry(parent, key, value, false),
    )
    .into_iter()
    .collect()
}

fn servers(o: N<'_>, n: N<'_>, sink: &mut Sink) {
    if let Some(os) = o.get("servers") {
        let ns = n.get("servers");
        let (ou, nu) = (urls(os), ns.map(urls).unwrap_or_default());
        for (url, item) in &ou {
            if nu.iter().any(|(u, _)| u == url) {
                continue;
            }
            let parent = ns.unwrap_or(n);
            sink.removed(
                "server-removed",
                format!("server `{url}` removed"),
                parent,
                *item,
                &item.text(),
                || {
                    ns.and_then(|ns| {
                        edit::fix(
                            format!("Restore the server `{url}`"),
                            ns,
                            edit::restore_item(ns, *item),
                        )
                    })
                    .into_iter()
                    .collect()
                },
            );
        }
        for (url, item) in &nu {
            if !ou.iter().any(|(u, _)| u == url) {
                sink.push("server-added", format!("server `{url}` added"), *item, None);
            }
        }
    }
    for key in ["host", "basePath"] {
        if let (Some(a), Some(b)) = (o.string(key), n.string(key)) {
            if a != b {
                sink.push(
                    "base-path-changed",
                    format!("`{key}` changed from `{a}` to `{b}`"),
                    n.get_raw(key).unwrap_or(n),
                    o.get_raw(key),
                );
            }
        }
    }
}

fn urls<'s>(s: N<'s>) -> Vec<(String, N<'s>)> {
    s.items()
        .filter_map(|i| Some((i.deref().string("url")?.to_string(), i)))
        .collect()
}

fn section<'s>(root: N<'s>, path: &[&str]) -> Option<N<'s>> {
    let mut n = root;
    for p in path {
        n = n.get(p)?;
    }
    Some(n)
}

fn components(o: N<'_>, n: N<'_>, sink: &mut Sink) {
    for (path, pointer) in [
        (&["components", "schemas"][..], "#/components/schemas"),
        (&["definitions"][..], "#/definitions"),
    ] {
        let Some(os) = section(o, path) else { continue };
        let ns = section(n, path);
        for (name, okey, oval) in os.entries() {
            if ns.is_some_and(|ns| ns.get_raw(&name).is_some()) {
                continue;
            }
            if !sink.enter(Scope::Component(format!("{pointer}/{name}"))) {
                continue;
            }
            let parent = ns.unwrap_or(n);
            sink.removed(
                "api-schema-removed",
                format!("schema `{name}` removed"),
                parent,
                okey,
                &edit::entry_text(okey, oval),
                || restore(format!("Restore the schema `{name}`"), parent, okey, oval),
            );
        }
    }
    for (path, pointer) in [
        (
            &["components", "securitySchemes"][..],
            "#/components/securitySchemes",
        ),
        (&["securityDefinitions"][..], "#/securityDefinitions"),
    ] {
        let (os, ns) = (section(o, path), section(n, path));
        if os.is_none() && ns.is_none() {
            continue;
        }
        if let Some(os) = os {
            for (name, okey, oval) in os.entries() {
                if !sink.enter(Scope::Component(format!("{pointer}/{name}"))) {
                    continue;
                }
                match ns.and_then(|ns| ns.get(&name)) {
                    None => {
                        let parent = ns.unwrap_or(n);
                        sink.removed(
                            "api-security-component-removed",
                            format!("security scheme `{name}` removed"),
                            parent,
                            okey,
                            &edit::entry_text(okey, oval),
                            || {
                                restore(
                                    format!("Restore the security scheme `{name}`"),
                                    parent,
                                    okey,
                                    oval,
                                )
                            },
                        );
                    }
                    Some(nval) => {
                        let (a, b) = (oval.deref().string("type"), nval.string("type"));
                        if let (Some(a), Some(b)) = (a, b) {
                            if a != b {
                                sink.push(
                                    "api-security-component-type-changed",
                                    format!("security scheme `{name}`: type changed from `{a}` to `{b}`"),
                                    nval.get_raw("type").unwrap_or(nval),
                                    Some(oval),
                                );
                            }
                        }
                    }
                }
            }
        }
        if let Some(ns) = ns {
            for (name, nkey, _) in ns.entries() {
                if os.is_some_and(|os| os.get_raw(&name).is_some()) {
                    continue;
                }
                if !sink.enter(Scope::Component(format!("{pointer}/{name}"))) {
                    continue;
                }
                sink.push(
                    "api-security-component-added",
                    format!("security scheme `{name}` added"),
                    nkey,
                    None,
                );
            }
        }
    }
    sink.scope = Scope::Document;
}

/// `/pets/{id}` and `/pets/{petId}` are the same path.
fn normalize_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut depth = 0;
    for c in p.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push('{');
            }
            '}' => {
                depth -= 1;
                out.push('}');
            }
            _ if depth > 0 => {}
            c => out.push(c),
        }
    }
    out
}

fn methods<'s>(item: N<'s>) -> Vec<(&'static str, N<'s>, N<'s>)> {
    METHODS
        .iter()
        .filter_map(|m| Some((*m, item.key_of(m)?, item.get(m)?)))
        .filter(|(_, _, op)| op.is_map())
        .collect()
}

fn paths(o: N<'_>, n: N<'_>, sink: &mut Sink, schemas: &mut Schemas) {
    let op = o.get("paths");
    let np = n.get("paths");
    let new_paths: HashMap<String, (String, N<'_>, N<'_>)> = np
        .map(|np| {
            np.entries()
                .filter(|(k, _, _)| k.starts_with('/'))
                .map(|(k, key, v)| (normalize_path(&k), (k.into_owned(), key, v)))
                .collect()
        })
        .unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    if let Some(op) = op {
        for (path, okey, oitem_raw) in op.entries() {
            if !path.starts_with('/') {
                continue;
            }
            let norm = normalize_path(&path);
            seen.insert(norm.clone());
            let oitem = oitem_raw.deref();
            match new_paths.get(&norm) {
                None => {
                    let ops = methods(oitem);
                    for (m, _, _) in &ops {
                        if !sink.enter(Scope::Operation(format!("{} {path}", m.to_uppercase()))) {
                            continue;
                        }
                        let deprecated = ops.iter().all(|(_, _, op)| op.flag("deprecated"));
                        let id = if deprecated {
                            "api-path-removed-with-deprecation"
                        } else {
                            "api-path-removed-without-deprecation"
                        };
                        let parent = np.unwrap_or(n);
                        sink.removed(
                            id,
                            format!("path `{path}` removed"),
                            parent,
                            okey,
                            &edit::entry_text(okey, oitem_raw),
                            || {
                                restore(
                                    format!("Restore the path `{path}`"),
                                    parent,
                                    okey,
                                    oitem_raw,
                                )
                            },
                        );
                    }
                }
                Some((npath, _, nitem_raw)) => {
                    let nitem = nitem_raw.deref();
                    for (m, okey, oop) in methods(oitem) {
                        let label = format!("{} {npath}", m.to_uppercase());
                        if !sink.enter(Scope::Operation(label.clone())) {
                            continue;
                        }
                        match nitem.get(m).filter(|x| x.is_map()) {
                            None => {
                                let (id, title) = if oop.flag("deprecated") {
                                    ("api-removed-with-deprecation", "deprecated ")
                                } else {
                                    ("api-removed-without-deprecation", "")
                                };
                                sink.removed(
                                    id,
                                    format!("{title}operation `{label}` removed"),
                                    nitem,
                                    okey,
                                    &edit::entry_text(okey, oop),
                                    || {
                                        let mut fixes =
                                            restore(format!("Restore `{label}`"), nitem, okey, oop);
                                        if !oop.flag("deprecated") {
                                            fixes.extend(edit::fix(
                                                format!("Restore `{label}` as deprecated"),
                                                nitem,
                                                edit::restore_entry(nitem, okey, oop, true),
                                            ));
                                        }
                                        fixes
                                    },
                                );
                            }
                            Some(nop) => operation(
                                (&path, npath),
                                o,
                                n,
                                oitem,
                                nitem,
                                oop,
                                nop,
                                sink,
                                schemas,
                            ),
                        }
                    }
                    for (m, nkey, _) in methods(nitem) {
                        if oitem.get(m).is_none() {
                            let label = format!("{} {npath}", m.to_uppercase());
                            if !sink.enter(Scope::Operation(label.clone())) {
                                continue;
                            }
                            sink.push(
                                "endpoint-added",
                                format!("operation `{label}` added"),
                                nkey,
                                None,
                            );
                        }
                    }
                }
            }
        }
    }
    let mut added: Vec<_> = new_paths
        .iter()
        .filter(|(norm, _)| !seen.contains(*norm))
        .collect();
    added.sort_by_key(|(_, (p, _, _))| p.clone());
    for (_, (path, _, item)) in added {
        for (m, nkey, _) in methods(item.deref()) {
            let label = format!("{} {path}", m.to_uppercase());
            if !sink.enter(Scope::Operation(label.clone())) {
                continue;
            }
            sink.push(
                "endpoint-added",
                format!("operation `{label}` added"),
                nkey,
                None,
            );
        }
    }
    sink.scope = Scope::Document;
}

type Param<'s> = (String, String, N<'s>, N<'s>);

/// The position of `{name}` among the template's parameters: path parameters are matched by
/// place (`/pets/{id}` and `/pets/{petId}` name the same one).
fn template_index(path: &str, name: &str) -> Option<usize> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(n, _)| n))
        .position(|n| n == name)
}

/// An operation's parameters (the path item's, overridden by the operation's): in, key (the
/// name; a path parameter's place in the template), the parameter (`$ref` followed) and the
/// node as written.
fn parameters<'s>(path: &str, item: N<'s>, op: N<'s>) -> Vec<Param<'s>> {
    let mut out: Vec<Param<'s>> = Vec::new();
    for list in [item.get("parameters"), op.get("parameters")]
        .into_iter()
        .flatten()
    {
        for raw in list.items() {
            let p = raw.deref();
            let (Some(name), Some(loc)) = (p.string("name"), p.string("in")) else {
                continue;
            };
            let name = match (loc, template_index(path, name)) {
                ("header", _) => name.to_ascii_lowercase(),
                ("path", Some(i)) => format!("{{{i}}}"),
                _ => name.to_string(),
            };
            out.retain(|(i, nm, _, _)| !(i == loc && *nm == name));
            out.push((loc.to_string(), name, p, raw));
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn operation<'s>(
    paths: (&str, &str),
    oroot: N<'s>,
    nroot: N<'s>,
    oitem: N<'s>,
    nitem: N<'s>,
    o: N<'s>,
    n: N<'s>,
    sink: &mut Sink,
    schemas: &mut Schemas,
) {
    match (o.flag("deprecated"), n.flag("deprecated")) {
        (false, true) => {
            sink.push(
                "endpoint-deprecated",
                "operation deprecated".into(),
                n.get_raw("deprecated").unwrap_or(n),
                None,
            );
        }
        (true, false) => {
            sink.push(
                "endpoint-reactivated",
                "operation no longer deprecated".into(),
                n,
                o.get_raw("deprecated"),
            );
        }
        _ => {}
    }
    match (o.string("operationId"), n.string("operationId")) {
        (Some(a), Some(b)) if a != b => {
            let nid = n.get_raw("operationId").unwrap_or(n);
            if let Some(c) = sink.push(
                "operation-id-changed",
                format!("operationId changed from `{a}` to `{b}`"),
                nid,
                o.get_raw("operationId"),
            ) {
                c.fixes.extend(edit::fix(
                    format!("Change back to `{a}`"),
                    nid,
                    Some(edit::replace(
                        nid,
                        &o.get_raw("operationId")
                            .map(|x| x.text().into_owned())
                            .unwrap_or_default(),
                    )),
                ));
            }
        }
        (Some(a), None) => {
            if let (Some(k), Some(v)) = (o.key_of("operationId"), o.get_raw("operationId")) {
                sink.removed(
                    "operation-id-changed",
                    format!("operationId `{a}` removed"),
                    n,
                    k,
                    &edit::entry_text(k, v),
                    || restore(format!("Restore the operationId `{a}`"), n, k, v),
                );
            }
        }
        (None, Some(b)) => {
            sink.push(
                "api-operation-id-added",
                format!("operationId `{b}` added"),
                n.get_raw("operationId").unwrap_or(n),
                None,
            );
        }
        _ => {}
    }
    let tags = |x: N<'s>| -> Vec<(String, N<'s>)> {
        x.get("tags")
            .map(|t| {
                t.items()
                    .filter_map(|i| Some((i.str()?.to_string(), i)))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (ot, nt) = (tags(o), tags(n));
    for (t, item) in &ot {
        if !nt.iter().any(|(x, _)| x == t) {
            sink.push(
                "api-tag-removed",
                format!("tag `{t}` removed"),
                n.get_raw("tags").unwrap_or(n),
                Some(*item),
            );
        }
    }
    for (t, item) in &nt {
        if !ot.iter().any(|(x, _)| x == t) {
            sink.push("api-tag-added", format!("tag `{t}` added"), *item, None);
        }
    }
    params(paths, oitem, nitem, o, n, sink, schemas);
    if oroot.get_raw("swagger").is_some() {
        swagger_media_types(oroot, nroot, o, n, sink);
    }
    request_body(o, n, sink, schemas);
    responses(o, n, sink, schemas);
    security(oroot, nroot, o, n, sink);
}

#[allow(clippy::too_many_arguments)]
fn params<'s>(
    paths: (&str, &str),
    oitem: N<'s>,
    nitem: N<'s>,
    o: N<'s>,
    n: N<'s>,
    sink: &mut Sink,
    schemas: &mut Schemas,
) {
    let (op, np) = (parameters(paths.0, oitem, o), parameters(paths.1, nitem, n));
    let shown = |p: N<'s>, key: &str| p.string("name").unwrap_or(key).to_string();
    let nlist = n.get("parameters");
    for (loc, key, p, raw) in &op {
        if loc == "body" {
            continue;
        }
        let name = &shown(*p, key);
        let label = format!("{loc} parameter `{name}`");
        match np.iter().find(|(l, nm, _, _)| l == loc && nm == key) {
            None => {
                // Moved: the same name in another place, where the old version had none.
                if let Some((l2, _, np2, _)) = np.iter().find(|(l, nm, _, _)| {
                    l != "body"
                        && nm == key
                        && !op.iter().any(|(l0, n0, _, _)| l0 == l && n0 == key)
                }) {
                    sink.push(
                        "request-parameter-in-changed",
                        format!("{label} moved to the {l2}"),
                        np2.get_raw("in").unwrap_or(*np2),
                        p.get_raw("in"),
                    );
                    continue;
                }
                let id = if p.flag("deprecated") {
                    "request-parameter-removed-with-deprecation"
                } else {
                    "request-parameter-removed"
                };
                let parent = nlist.unwrap_or(n);
                sink.removed(
                    id,
                    format!("{label} removed"),
                    parent,
                    *raw,
                    &raw.text(),
                    || {
                        nlist
                            .and_then(|l| {
                                edit::fix(
                                    format!("Restore the {label}"),
                                    l,
                                    edit::restore_item(l, *raw),
                                )
                            })
                            .into_iter()
                            .collect()
                    },
                );
            }
            Some((_, _, q, _)) => {
                let (was, is) = (p.flag("required"), q.flag("required"));
                if !was && is {
                    let at = q.get_raw("required").unwrap_or(*q);
                    if let Some(c) = sink.push(
                        "request-parameter-became-required",
                        format!("{label} became required"),
                        at,
                        Some(*p),
                    ) {
                        if loc != "path" {
                            c.fixes.extend(edit::fix(
                                format!("Make the {label} optional again"),
                                at,
                                Some(edit::replace(at, "false")),
                            ));
                        }
                    }
                } else if was && !is {
                    sink.push(
                        "request-parameter-became-optional",
                        format!("{label} became optional"),
                        *q,
                        Some(*p),
                    );
                }
                if !p.flag("deprecated") && q.flag("deprecated") {
                    sink.push(
                        "request-parameter-deprecated",
                        format!("{label} deprecated"),
                        q.get_raw("deprecated").unwrap_or(*q),
                        None,
                    );
                }
                // 3.x: `schema`; 2.0: the parameter itself.
                let (os, ns) = match (p.get_raw("schema"), q.get_raw("schema")) {
                    (Some(a), Some(b)) => (a, b),
                    (None, None) => (*p, *q),
                    _ => continue,
                };
                let place = Place {
                    dir: Direction::Request,
                    subject: Subject::Parameter,
                    label: &label,
                    prefix: name.as_str(),
                };
                schemas.compare(sink, os, ns, &place, 0);
            }
        }
    }
    for (loc, key, q, _) in &np {
        // Not new: there before, or moved here (reported above) from a place it left.
        let moved_from =
            |l: &str| l != "body" && !np.iter().any(|(l1, n1, _, _)| l1 == l && n1 == key);
        if loc == "body"
            || op
                .iter()
                .any(|(l, nm, _, _)| nm == key && (l == loc || moved_from(l)))
        {
            continue;
        }
        let name = shown(*q, key);
        let label = format!("{loc} parameter `{name}`");
        let key = q.key_of("name").unwrap_or(*q);
        if q.flag("required") {
            let fix = match q.get_raw("required") {
                Some(r) if loc != "path" => edit::fix(
                    format!("Make the {label} optional"),
                    r,
                    Some(edit::replace(r, "false")),
                ),
                _ => None,
            };
            if let Some(c) = sink.push(
                "new-required-request-parameter",
                format!("required {label} added"),
                key,
                None,
            ) {
                c.fixes.extend(fix);
            }
        } else {
            sink.push(
                "new-optional-request-parameter",
                format!("optional {label} added"),
                key,
                None,
            );
        }
    }
    // Swagger 2.0: the body parameter is the request body.
    let body = |ps: &[Param<'s>]| {
        ps.iter()
            .find(|(l, _, _, _)| l == "body")
            .map(|(_, _, p, raw)| (*p, *raw))
    };
    match (body(&op), body(&np)) {
        (None, Some((nb, nraw))) => body_added(nb.flag("required"), nraw, sink),
        (Some((_, oraw)), None) => {
            let parent = nlist.unwrap_or(n);
            sink.removed(
                "request-body-removed",
                "request body removed".into(),
                parent,
                oraw,
                &oraw.text(),
                || {
                    nlist
                        .and_then(|l| {
                            edit::fix("Restore the request body", l, edit::restore_item(l, oraw))
                        })
                        .into_iter()
                        .collect()
                },
            );
        }
        (Some((ob, _)), Some((nb, _))) => {
            body_required(ob, nb, sink);
            if let (Some(os), Some(ns)) = (ob.get_raw("schema"), nb.get_raw("schema")) {
                let place = Place {
                    dir: Direction::Request,
                    subject: Subject::Body,
                    label: "request body",
                    prefix: "",
                };
                schemas.compare(sink, os, ns, &place, 0);
            }
        }
        (None, None) => {}
    }
}

/// A request body added (OpenAPI 3's `requestBody`, Swagger's body parameter), at `at`.
fn body_added(required: bool, at: N<'_>, sink: &mut Sink) {
    let (id, what) = if required {
        ("request-body-added-required", "required")
    } else {
        ("request-body-added-optional", "optional")
    };
    sink.push(id, format!("{what} request body added"), at, None);
}

/// A request body's `required` changed from `a` to `b`. Gives the "became required" change when
/// it is new, and where its flag is (to add a fix).
fn body_required<'c, 's>(
    a: N<'s>,
    b: N<'s>,
    sink: &'c mut Sink,
) -> Option<(&'c mut Change, N<'s>)> {
    match (a.flag("required"), b.flag("required")) {
        (false, true) => {
            let at = b.get_raw("required").unwrap_or(b);
            sink.push(
                "request-body-became-required",
                "request body became required".into(),
                at,
                Some(a),
            )
            .map(|c| (c, at))
        }
        (true, false) => {
            sink.push(
                "request-body-became-optional",
                "request body became optional".into(),
                b,
                Some(a),
            );
            None
        }
        _ => None,
    }
}

fn request_body<'s>(o: N<'s>, n: N<'s>, sink: &mut Sink, schemas: &mut Schemas) {
    match (o.get("requestBody"), n.get("requestBody")) {
        (None, Some(b)) => body_added(
            b.flag("required"),
            n.key_of("requestBody").unwrap_or(b),
            sink,
        ),
        (Some(_), None) => {
            let (k, v) = (o.key_of("requestBody"), o.get_raw("requestBody"));
            if let (Some(k), Some(v)) = (k, v) {
                sink.removed(
                    "request-body-removed",
                    "request body removed".into(),
                    n,
                    k,
                    &edit::entry_text(k, v),
                    || restore("Restore the request body".into(), n, k, v),
                );
            }
        }
        (Some(a), Some(b)) => {
            if let Some((c, at)) = body_required(a, b, sink) {
                c.fixes.extend(edit::fix(
                    "Make the request body optional again",
                    at,
                    Some(edit::replace(at, "false")),
                ));
            }
            content(a, b, Direction::Request, "request body", sink, schemas);
        }
        (None, None) => {}
    }
}

/// The media types of a request body or response, and their schemas.
fn content<'s>(
    a: N<'s>,
    b: N<'s>,
    dir: Direction,
    what: &str,
    sink: &mut Sink,
    schemas: &mut Schemas,
) {
    let (removed_id, added_id) = match dir {
        Direction::Response => ("response-media-type-removed", "response-media-type-added"),
        _ => (
            "request-body-media-type-removed",
            "request-body-media-type-added",
        ),
    };
    let (Some(oc), nc) = (a.get("content"), b.get("content")) else {
        if let (None, Some(nc)) = (a.get("content"), b.get("content")) {
            for (mt, key, _) in nc.entries() {
                sink.push(
                    added_id,
                    format!("{what}: media type `{mt}` added"),
                    key,
                    None,
                );
            }
        }
        return;
    };
    let several = oc.entries().count() > 1;
    for (mt, okey, omedia) in oc.entries() {
        match nc.and_then(|nc| nc.get(&mt)) {
            None => {
                let parent = nc.unwrap_or(b);
                sink.removed(
                    removed_id,
                    format!("{what}: media type `{mt}` removed"),
                    parent,
                    okey,
                    &edit::entry_text(okey, omedia),
                    || {
                        restore(
                            format!("Restore the media type `{mt}`"),
                            parent,
                            okey,
                            omedia,
                        )
                    },
                );
            }
            Some(nmedia) => {
                let (Some(os), Some(ns)) =
                    (omedia.deref().get_raw("schema"), nmedia.get_raw("schema"))
                else {
                    continue;
                };
                let label = if several {
                    format!("{what} (`{mt}`)")
                } else {
                    what.to_string()
                };
                let place = Place {
                    dir,
                    subject: Subject::Body,
                    label: &label,
                    prefix: "",
                };
                schemas.compare(sink, os, ns, &place, 0);
            }
        }
    }
    if let Some(nc) = nc {
        for (mt, key, _) in nc.entries() {
            if oc.get_raw(&mt).is_none() {
                sink.push(
                    added_id,
                    format!("{what}: media type `{mt}` added"),
                    key,
                    None,
                );
            }
        }
    }
}

fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

fn responses<'s>(o: N<'s>, n: N<'s>, sink: &mut Sink, schemas: &mut Schemas) {
    let (Some(or), nr) = (o.get("responses"), n.get("responses")) else {
        return;
    };
    for (status, okey, oresp_raw) in or.entries() {
        let success = is_success(&status);
        match nr.and_then(|nr| nr.get(&status)) {
            None => {
                let id = if success {
                    "response-success-status-removed"
                } else {
                    "response-non-success-status-removed"
                };
                let parent = nr.unwrap_or(n);
                sink.removed(
                    id,
                    format!("response `{status}` removed"),
                    parent,
                    okey,
                    &edit::entry_text(okey, oresp_raw),
                    || {
                        restore(
                            format!("Restore the response `{status}`"),
                            parent,
                            okey,
                            oresp_raw,
                        )
                    },
                );
            }
            Some(nresp) => {
                let oresp = oresp_raw.deref();
                let what = format!("response `{status}`");
                content(oresp, nresp, Direction::Response, &what, sink, schemas);
                if let (Some(os), Some(ns)) = (oresp.get_raw("schema"), nresp.get_raw("schema")) {
                    let place = Place {
                        dir: Direction::Response,
                        subject: Subject::Body,
                        label: &what,
                        prefix: "",
                    };
                    schemas.compare(sink, os, ns, &place, 0);
                }
                headers(oresp, nresp, &status, sink);
            }
        }
    }
    if let Some(nr) = nr {
        for (status, key, _) in nr.entries() {
            if or.get_raw(&status).is_none() {
                let id = if is_success(&status) {
                    "response-success-status-added"
                } else {
                    "response-non-success-status-added"
                };
                sink.push(id, format!("response `{status}` added"), key, None);
            }
        }
    }
}

fn headers<'s>(o: N<'s>, n: N<'s>, status: &str, sink: &mut Sink) {
    let Some(oh) = o.get("headers") else {
        if let Some(nh) = n.get("headers") {
            for (name, key, _) in nh.entries() {
                sink.push(
                    "response-header-added",
                    format!("response `{status}`: header `{name}` added"),
                    key,
                    None,
                );
            }
        }
        return;
    };
    let nh = n.get("headers");
    let find = |h: N<'s>, name: &str| {
        h.entries()
            .find(|(k, _, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, _, v)| v.deref())
    };
    for (name, okey, oval) in oh.entries() {
        let ov = oval.deref();
        match nh.and_then(|nh| find(nh, &name)) {
            None => {
                let id = if ov.flag("required") {
                    "required-response-header-removed"
                } else {
                    "optional-response-header-removed"
                };
                let parent = nh.unwrap_or(n);
                sink.removed(
                    id,
                    format!("response `{status}`: header `{name}` removed"),
                    parent,
                    okey,
                    &edit::entry_text(okey, oval),
                    || restore(format!("Restore the header `{name}`"), parent, okey, oval),
                );
            }
            Some(nv) => {
                if ov.flag("required") && !nv.flag("required") {
                    sink.push(
                        "response-header-became-optional",
                        format!("response `{status}`: header `{name}` became optional"),
                        nv,
                        Some(ov),
                    );
                }
            }
        }
    }
    if let Some(nh) = nh {
        for (name, key, _) in nh.entries() {
            if find(oh, &name).is_none() {
                sink.push(
                    "response-header-added",
                    format!("response `{status}`: header `{name}` added"),
                    key,
                    None,
                );
            }
        }
    }
}

/// A security requirement: scheme names and their scopes.
type Requirement = Vec<(String, Vec<String>)>;

fn requirements(list: N<'_>) -> Vec<Requirement> {
    list.items()
        .map(|r| {
            r.entries()
                .map(|(k, _, v)| {
                    (
                        k.into_owned(),
                        v.items()
                            .filter_map(|s| s.str().map(str::to_string))
                            .collect(),
                    )
                })
                .collect()
        })
        .collect()
}

fn covers(old: &Requirement, new: &Requirement) -> bool {
    new.iter().all(|(s, scopes)| {
        old.iter()
            .any(|(o, os)| o == s && scopes.iter().all(|x| os.contains(x)))
    })
}

fn security<'s>(oroot: N<'s>, nroot: N<'s>, o: N<'s>, n: N<'s>, sink: &mut Sink) {
    let ol = o.get("security").or_else(|| oroot.get("security"));
    let nl = n.get("security").or_else(|| nroot.get("security"));
    let at = n
        .get_raw("security")
        .or(nroot.get_raw("security"))
        .unwrap_or(n);
    let old = ol.map(requirements).unwrap_or_default();
    let new = nl.map(requirements).unwrap_or_default();
    let anonymous = |l: &[Requirement]| l.is_empty() || l.iter().any(Vec::is_empty);
    let old_alternatives: Vec<Requirement> = if anonymous(&old) {
        vec![Vec::new()]
    } else {
        old.clone()
    };
    if !anonymous(&new) {
        for a in &old_alternatives {
            if new.iter().any(|b| covers(a, b)) {
                continue;
            }
            // The new alternative closest to this one: what it asks for in addition.
            let Some(b) = new.iter().max_by_key(|b| {
                b.iter()
                    .filter(|(s, _)| a.iter().any(|(x, _)| x == s))
                    .count()
            }) else {
                continue;
            };
            for (scheme, scopes) in b {
                match a.iter().find(|(x, _)| x == scheme) {
                    None => {
                        sink.push(
                            "api-security-added",
                            format!("security scheme `{scheme}` now required"),
                            at,
                            None,
                        );
                    }
                    Some((_, os)) => {
                        for s in scopes.iter().filter(|s| !os.contains(s)) {
                            sink.push(
                                "api-security-scope-added",
                                format!("scope `{s}` of `{scheme}` now required"),
                                at,
                                None,
                            );
                        }
                    }
                }
            }
        }
    }
    let schemes = |l: &[Requirement]| -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for (s, scopes) in l.iter().flatten() {
            match out.iter_mut().find(|(x, _)| x == s) {
                Some((_, v)) => v.extend(scopes.iter().cloned()),
                None => out.push((s.clone(), scopes.clone())),
            }
        }
        out
    };
    let (os, ns) = (schemes(&old), schemes(&new));
    for (s, scopes) in &os {
        match ns.iter().find(|(x, _)| x == s) {
            None => {
                sink.push(
                    "api-security-removed",
                    format!("security scheme `{s}` no longer required"),
                    at,
                    None,
                );
            }
            Some((_, nscopes)) => {
                for sc in scopes.iter().filter(|x| !nscopes.contains(x)) {
                    sink.push(
                        "api-security-scope-removed",
                        format!("scope `{sc}` of `{s}` no longer required"),
                        at,
                        None,
                    );
                }
            }
        }
    }
}

/// Swagger 2.0: the media types an operation consumes (its body or form) and produces (its
/// responses), its own list else the document's.
fn swagger_media_types<'s>(oroot: N<'s>, nroot: N<'s>, o: N<'s>, n: N<'s>, sink: &mut Sink) {
    let takes_body = o.get("parameters").is_some_and(|ps| {
        ps.items()
            .any(|p| matches!(p.deref().string("in"), Some("body" | "formData")))
    });
    for (key, removed, added, what) in [
        (
            "consumes",
            "request-body-media-type-removed",
            "request-body-media-type-added",
            "request body",
        ),
        (
            "produces",
            "response-media-type-removed",
            "response-media-type-added",
            "responses",
        ),
    ] {
        if key == "consumes" && !takes_body {
            continue;
        }
        let (Some(ol), Some(nl)) = (
            o.get(key).or_else(|| oroot.get(key)),
            n.get(key).or_else(|| nroot.get(key)),
        ) else {
            continue;
        };
        let own = n.get(key);
        let at = n.get_raw(key).or(nroot.get_raw(key)).unwrap_or(n);
        let types = |l: N<'s>| -> Vec<(String, N<'s>)> {
            l.items()
                .filter_map(|i| Some((i.str()?.to_string(), i)))
                .collect()
        };
        let (ot, nt) = (types(ol), types(nl));
        for (t, item) in &ot {
            if nt.iter().any(|(x, _)| x == t) {
                continue;
            }
            sink.removed(
                removed,
                format!("{what}: media type `{t}` removed"),
                at,
                *item,
                &item.text(),
                || {
                    own.and_then(|l| {
                        edit::fix(
                            format!("Restore the media type `{t}`"),
                            l,
                            edit::restore_item(l, *item),
                        )
                    })
                    .into_iter()
                    .collect()
                },
            );
        }
        for (t, item) in &nt {
            if !ot.iter().any(|(x, _)| x == t) {
                sink.push(
                    added,
                    format!("{what}: media type `{t}` added"),
                    *item,
                    None,
                );
            }
        }
    }
}
