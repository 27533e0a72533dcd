//! Completion: keys allowed where the cursor is and not yet written (with their documentation
//! and a snippet of the shape they need), values (enums, booleans, status codes, media types,
//! formats, security scheme names, tags, path parameters), and `$ref` targets.

use std::collections::HashSet;

use super::context::{cursor_at, Cursor, Place, Seg, Style};
use super::fields::{self, Field, Obj, Val};
use super::model::{Model, Ty};
use super::snippet::{self, Ph, Shape, Writer};
use super::values;
use super::{Completion, Env, ItemKind};
use crate::spec::{Family, Line};

/// At most this many items are answered; the client asks again as the word grows.
pub const LIMIT: usize = 300;

/// The completions at a byte offset, and whether the list was cut to [`LIMIT`] (the client
/// should ask again as the word grows). A long list is first narrowed to the items whose last
/// word holds what is typed of it.
pub fn completions(env: &Env<'_>, offset: usize) -> (Vec<Completion>, bool) {
    let Some(cursor) = cursor_at(env.parsed, offset) else {
        return (Vec::new(), false);
    };
    let mut items = all_completions(env, &cursor);
    if items.len() <= LIMIT {
        return (items, false);
    }
    // Long lists (the schemas of a large description): those whose last word holds what is
    // typed of it, the most relevant first.
    let word = cursor
        .typed
        .rsplit(['/', '#'])
        .next()
        .unwrap_or_default()
        .to_lowercase();
    items.retain(|c| {
        let last = c.label.rsplit(['/', '#']).next().unwrap_or_default();
        last.to_lowercase().contains(&word)
    });
    items.sort_by(|a, b| (&a.sort, &a.label).cmp(&(&b.sort, &b.label)));
    // What is left holds every item that can still match as the word grows: complete unless
    // it is cut here.
    let cut = items.len() > LIMIT;
    items.truncate(LIMIT);
    (items, cut)
}

fn all_completions(env: &Env<'_>, cursor: &Cursor) -> Vec<Completion> {
    let model = Model::new(env.kind, env.parsed);
    let mut out = Out {
        cursor,
        items: Vec::new(),
    };
    match &cursor.place {
        Place::Key { bare_item } => {
            let (ty, _) = model.walk(&cursor.path);
            if *bare_item && !matches!(ty, Ty::Obj(_)) && !cursor.path.is_empty() {
                // `- word`: a scalar item of the sequence.
                let list = &cursor.path[..cursor.path.len() - 1];
                items(env, &model, &mut out, list);
            } else {
                keys(env, &model, &mut out, ty);
            }
        }
        Place::Value { key } => value(env, &model, &mut out, key),
        Place::Item => items(env, &model, &mut out, &cursor.path),
    }
    out.items
}

pub(super) struct Out<'a> {
    pub cursor: &'a Cursor,
    pub items: Vec<Completion>,
}

impl Out<'_> {
    /// What the client filters on: the label, behind the quote the user typed.
    fn filter(&self, label: &str) -> String {
        match (self.cursor.style, self.cursor.quote) {
            (Style::Json, _) => format!("\"{label}\""),
            (_, Some(q)) => format!("{q}{label}"),
            _ => label.to_string(),
        }
    }

    fn push(&mut self, c: Completion) {
        self.items.push(c);
    }

    /// A key completion: `key` with the value `shape`, written for the cursor's style.
    #[allow(clippy::too_many_arguments)]
    fn key(
        &mut self,
        label: &str,
        shape: &Shape,
        kind: ItemKind,
        detail: Option<String>,
        doc: Option<String>,
        sort: String,
        env: &Env<'_>,
    ) {
        let c = self.cursor;
        let mut w = Writer::new(c.style, c.indent_unit);
        let indent = match c.style {
            Style::Block => c.key_col,
            _ => line_indent(env, c.token.start),
        };
        let mut insert = if c.colon_after {
            snippet::key_text(label, c.style)
        } else {
            w.entry(label, shape, indent)
        };
        if c.style == Style::Json && !c.colon_after && next_char(env, c.token.end) == Some('"') {
            insert.push(',');
        }
        // After a value with no comma yet (`{"a": 1 |`), the comma comes first.
        if c.style == Style::Json
            && !matches!(prev_char(env, c.token.start), Some('{' | ',') | None)
        {
            insert.insert_str(0, ", ");
        }
        self.push(Completion {
            label: label.to_string(),
            kind,
            detail,
            doc,
            insert,
            snippet: true,
            filter: self.filter(label),
            sort,
            range: c.token.clone(),
        });
    }

    /// A scalar value completion (`string` says whether it is a string to quote).
    /// String values in the order given (the first is the most relevant), each with `detail`.
    fn ordered<'v>(&mut self, labels: impl IntoIterator<Item = &'v str>, detail: &str) {
        for (i, v) in labels.into_iter().enumerate() {
            self.value(v, true, Some(detail.into()), None, format!("0{i:03}"));
        }
    }

    fn value(
        &mut self,
        label: &str,
        string: bool,
        detail: Option<String>,
        doc: Option<String>,
        sort: String,
    ) {
        self.value_as(ItemKind::Value, label, string, detail, doc, sort)
    }

    pub(super) fn value_as(
        &mut self,
        kind: ItemKind,
        label: &str,
        string: bool,
        detail: Option<String>,
        doc: Option<String>,
        sort: String,
    ) {
        let c = self.cursor;
        let text = match (c.style, c.quote, string) {
            (Style::Json, _, true) => snippet::json_str(label),
            (_, Some('"'), true) => snippet::json_str(label),
            (_, Some(_), true) => format!("'{}'", label.replace('\'', "''")),
            (_, _, true) => snippet::yaml_str(label),
            _ => label.to_string(),
        };
        let insert = if c.needs_space {
            format!(" {text}")
        } else {
            text
        };
        self.push(Completion {
            label: label.to_string(),
            kind,
            detail,
            doc,
            insert,
            snippet: false,
            filter: self.filter(label),
            sort,
            range: c.token.clone(),
        });
    }
}

/// The indentation of the line that holds `offset`.
fn line_indent(env: &Env<'_>, offset: usize) -> usize {
    let rope = &env.parsed.rope;
    let line = rope.byte_to_line(offset.min(rope.len_bytes()));
    rope.line(line)
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .count()
}

/// The last character before `offset` that is not white space.
fn prev_char(env: &Env<'_>, offset: usize) -> Option<char> {
    let rope = &env.parsed.rope;
    let at = rope.byte_to_char(offset.min(rope.len_bytes()));
    let mut chars = rope.chars_at(at);
    for _ in 0..4096 {
        match chars.prev() {
            Some(c) if c.is_whitespace() => continue,
            other => return other,
        }
    }
    None
}

/// The first character after `offset` that is not white space.
fn next_char(env: &Env<'_>, offset: usize) -> Option<char> {
    let rope = &env.parsed.rope;
    let from = rope.byte_to_char(offset.min(rope.len_bytes()));
    rope.chars_at(from).take(4096).find(|c| !c.is_whitespace())
}

fn present(cursor: &Cursor) -> HashSet<&str> {
    cursor
        .siblings
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| *k != cursor.typed)
        .collect()
}

fn field_doc(obj: Obj, line: Line, f: &Field) -> String {
    let (title, url) = fields::section(obj, line);
    let req = if f.required { " Required." } else { "" };
    format!("{}{req}\n\n[{title}]({url})", f.doc)
}

/// The shape a key's value gets when completed.
fn shape_of(f: &Field, model: &Model, depth: usize) -> Shape {
    if let Some(s) = special_shape(f.name, f.val, model) {
        return s;
    }
    match f.val {
        Val::Text => Shape::Leaf(Ph::Text(String::new())),
        Val::Ref => Shape::Leaf(Ph::Quoted(String::new())),
        Val::Bool => Shape::Leaf(Ph::Choice(vec!["true".into(), "false".into()], false)),
        Val::Number | Val::Any => Shape::Leaf(Ph::Word(String::new())),
        Val::Enum(vs) => Shape::Leaf(Ph::Choice(vs.iter().map(|v| v.to_string()).collect(), true)),
        Val::Obj(o) => Shape::Map(required_of(o, model, depth)),
        Val::Map(_) => Shape::Map(Vec::new()),
        Val::List(o) => Shape::List(Box::new(Shape::Map(required_of(o, model, depth)))),
        Val::Texts => Shape::List(Box::new(Shape::Leaf(Ph::Text(String::new())))),
    }
}

/// The required fields of an object, with their shapes (two levels deep at most).
fn required_of(obj: Obj, model: &Model, depth: usize) -> Vec<(String, Shape)> {
    if depth >= 2 {
        return Vec::new();
    }
    fields::fields_of(obj, model.line)
        .filter(|f| f.required)
        .map(|f| (f.name.to_string(), shape_of(f, model, depth + 1)))
        .collect()
}

fn text(d: &str) -> Shape {
    Shape::Leaf(Ph::Text(d.into()))
}

fn map(entries: Vec<(&str, Shape)>) -> Shape {
    Shape::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn ok_response() -> Shape {
    map(vec![("description", text("OK"))])
}

/// Hand-made shapes where the generic one would say too little.
fn special_shape(name: &str, val: Val, model: &Model) -> Option<Shape> {
    let swagger = model.line == Line::Swagger2;
    Some(match (name, val) {
        ("responses", Val::Obj(Obj::Responses)) => map(vec![("200", ok_response())]),
        (m, Val::Obj(Obj::Operation)) if fields::METHODS.contains(&m) => operation(m, swagger),
        ("parameters", Val::List(Obj::Parameter)) => {
            let ins = if swagger {
                fields::PARAM_IN_SW2
            } else {
                fields::PARAM_IN_OA3
            };
            let mut e = vec![
                ("name", text("")),
                (
                    "in",
                    Shape::Leaf(Ph::Choice(
                        ins.iter().map(|s| s.to_string()).collect(),
                        true,
                    )),
                ),
            ];
            if swagger {
                e.push(("type", text("string")));
            } else {
                e.push(("schema", map(vec![("type", text("string"))])));
            }
            Shape::List(Box::new(map(e)))
        }
        ("requestBody", Val::Obj(Obj::RequestBody)) => map(vec![("content", json_content())]),
        ("content", Val::Map(Obj::MediaType)) => json_content(),
        (
            "schema" | "payload" | "items" | "additionalProperties" | "not",
            Val::Obj(Obj::Schema),
        ) => map(vec![("type", text("object"))]),
        ("info", Val::Obj(Obj::Info)) => map(vec![("title", text("")), ("version", text("1.0.0"))]),
        _ => return None,
    })
}

fn json_content() -> Shape {
    map(vec![(
        "application/json",
        map(vec![("schema", map(vec![("type", text("object"))]))]),
    )])
}

fn operation(method: &str, swagger: bool) -> Shape {
    let mut e = vec![("summary", text("")), ("operationId", text(""))];
    let body = matches!(method, "post" | "put" | "patch");
    if body && !swagger {
        e.push(("requestBody", map(vec![("content", json_content())])));
    }
    let code = if method == "post" { "201" } else { "200" };
    let desc = if code == "201" { "Created" } else { "OK" };
    e.push((
        "responses",
        map(vec![(code, map(vec![("description", text(desc))]))]),
    ));
    map(e)
}

/// Keys for the mapping at the cursor.
fn keys(env: &Env<'_>, model: &Model, out: &mut Out<'_>, ty: Ty) {
    let cursor = out.cursor;
    let mut have = present(cursor);
    // The tree's keys of that mapping too (the text's look is bounded; the tree is not), but
    // the one being typed.
    let tree_keys: Vec<String> = node_at(env, &cursor.path)
        .map(|n| {
            n.entries()
                .filter(|(k, _)| {
                    !(k.start <= cursor.token.end && cursor.token.start <= k.range().end)
                })
                .filter_map(|(k, _)| k.node.key_text().map(|t| t.into_owned()))
                .collect()
        })
        .unwrap_or_default();
    have.extend(tree_keys.iter().map(String::as_str));
    match ty {
        Ty::Obj(obj) => {
            for (i, f) in fields::fields_of(obj, model.line).enumerate() {
                if have.contains(f.name) || out.items.iter().any(|c| c.label == f.name) {
                    continue;
                }
                let common = fields::common(obj).iter().position(|c| *c == f.name);
                let sort = match (f.required, common) {
                    (true, _) => format!("0{i:03}"),
                    (false, Some(c)) => format!("1{c:03}"),
                    (false, None) => format!("2{i:03}"),
                };
                let shape = shape_of(f, model, 0);
                let (title, _) = fields::section(obj, model.line);
                out.key(
                    f.name,
                    &shape,
                    ItemKind::Field,
                    Some(title.to_string()),
                    Some(field_doc(obj, model.line, f)),
                    sort,
                    env,
                );
            }
            match obj {
                Obj::Responses => status_codes(env, out, &have),
                Obj::SecurityRequirement => {
                    for (i, name) in security_schemes(env).iter().enumerate() {
                        if have.contains(name.as_str()) {
                            continue;
                        }
                        out.key(
                            name,
                            &Shape::Leaf(Ph::Raw("[]".into())),
                            ItemKind::Value,
                            Some("security scheme".into()),
                            None,
                            format!("0{i:03}"),
                            env,
                        );
                    }
                }
                _ => {}
            }
        }
        Ty::Map(Obj::MediaType) => {
            for (i, (m, doc)) in values::MEDIA_TYPES.iter().enumerate() {
                if have.contains(m) {
                    continue;
                }
                let shape = map(vec![("schema", map(vec![("type", text("object"))]))]);
                out.key(
                    m,
                    &shape,
                    ItemKind::Value,
                    Some("media type".into()),
                    Some(doc.to_string()),
                    format!("0{i:03}"),
                    env,
                );
            }
        }
        Ty::Unknown if cursor.path.is_empty() && env.kind.family == Family::Fragment => {
            // An empty document: what it can start as.
            for (i, (marker, version, rest)) in [
                ("openapi", "3.1.1", "OpenAPI 3.1 document"),
                ("openapi", "3.0.4", "OpenAPI 3.0 document"),
                ("asyncapi", "3.0.0", "AsyncAPI 3.0 document"),
                ("swagger", "2.0", "Swagger 2.0 document"),
            ]
            .into_iter()
            .enumerate()
            {
                if !cursor.siblings.is_empty() {
                    break;
                }
                let shape = Shape::Leaf(Ph::Text(version.into()));
                out.key(
                    marker,
                    &shape,
                    ItemKind::Field,
                    Some(rest.into()),
                    Some(format!("Starts an {rest}.")),
                    format!("0{i:03}"),
                    env,
                );
                if let Some(last) = out.items.last_mut() {
                    last.label = format!("{marker}: {version}");
                    last.filter = out_filter(cursor, marker);
                }
            }
        }
        _ => {}
    }
}

fn out_filter(cursor: &Cursor, label: &str) -> String {
    match (cursor.style, cursor.quote) {
        (Style::Json, _) => format!("\"{label}\""),
        (_, Some(q)) => format!("{q}{label}"),
        _ => label.to_string(),
    }
}

fn status_codes(env: &Env<'_>, out: &mut Out<'_>, have: &HashSet<&str>) {
    if !have.contains("default") {
        out.key(
            "default",
            &ok_response(),
            ItemKind::Value,
            Some("any other status".into()),
            Some("The response for every status code not declared on its own.".into()),
            "1000".into(),
            env,
        );
    }
    for (i, (code, reason, meaning)) in values::STATUS_CODES.iter().enumerate() {
        if have.contains(code) {
            continue;
        }
        let shape = map(vec![("description", text(reason))]);
        out.key(
            code,
            &shape,
            ItemKind::Value,
            Some(reason.to_string()),
            Some(format!("**{code} {reason}**: {meaning}")),
            format!("0{i:03}"),
            env,
        );
    }
}

/// Values for `key` in the mapping at the cursor.
fn value(env: &Env<'_>, model: &Model, out: &mut Out<'_>, key: &str) {
    let cursor = out.cursor;
    let (ty, _) = model.walk(&cursor.path);
    if key == "$ref" {
        // Where the kind of object is not known, pointers and files are still offered.
        let obj = match ty {
            Ty::Obj(o) => o,
            _ => Obj::Free,
        };
        super::refs::complete(env, model, out, obj);
        return;
    }
    let Ty::Obj(obj) = ty else { return };
    let field = fields::field(obj, model.line, key);
    let sibling = |name: &str| {
        cursor
            .siblings
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.clone())
    };
    let simple = |out: &mut Out<'_>, list: &[(&str, &str)], what: &str| {
        for (i, (v, doc)) in list.iter().enumerate() {
            out.value(
                v,
                true,
                Some(what.into()),
                Some(doc.to_string()),
                format!("0{i:03}"),
            );
        }
    };
    match (obj, key) {
        (Obj::Schema | Obj::Parameter | Obj::Header | Obj::Items, "format") => {
            simple(out, values::FORMATS, "format");
            return;
        }
        (Obj::SecurityScheme, "scheme") => {
            simple(out, values::HTTP_SCHEMES, "HTTP authentication scheme");
            return;
        }
        (Obj::Encoding | Obj::AaMessage, "contentType") | (Obj::AaRoot, "defaultContentType") => {
            simple(out, values::MEDIA_TYPES, "media type");
            return;
        }
        (Obj::Parameter, "name") if sibling("in").as_deref() == Some("path") => {
            let names = path_params(&cursor.path);
            out.ordered(names.iter().map(String::as_str), "path template parameter");
            return;
        }
        (Obj::OaRoot, "openapi") => {
            out.ordered(["3.1.1", "3.0.4", "3.2.0"], "OpenAPI version");
            return;
        }
        (Obj::AaRoot, "asyncapi") => {
            out.ordered(["3.0.0", "2.6.0"], "AsyncAPI version");
            return;
        }
        _ => {}
    }
    let Some(field) = field else { return };
    let doc = Some(field_doc(obj, model.line, field));
    match field.val {
        Val::Enum(vs) => {
            let old_types = matches!(model.line, Line::OpenApi30 | Line::Swagger2);
            for (i, v) in vs.iter().enumerate() {
                if key == "type" && *v == "null" && old_types {
                    continue;
                }
                out.value(
                    v,
                    true,
                    Some(field.name.into()),
                    doc.clone(),
                    format!("0{i:03}"),
                );
            }
        }
        Val::Bool => {
            for (i, v) in ["true", "false"].iter().enumerate() {
                out.value(
                    v,
                    false,
                    Some("boolean".into()),
                    doc.clone(),
                    format!("0{i:03}"),
                );
            }
        }
        _ => {}
    }
}

/// Scalar items of the sequence at `list` (its last step is the sequence's key).
fn items(env: &Env<'_>, model: &Model, out: &mut Out<'_>, list: &[Seg]) {
    let Some((Seg::Key(key), parent)) = list.split_last() else {
        return;
    };
    let (ty, _) = model.walk(parent);
    let Ty::Obj(obj) = ty else { return };
    // The items the list already has (where the tree can find it) are not offered again.
    let listed: HashSet<String> = node_at(env, list)
        .map(|n| {
            n.items()
                .filter(|i| {
                    !(i.start <= out.cursor.token.end && out.cursor.token.start <= i.range().end)
                })
                .filter_map(|i| i.node.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    match (obj, key.as_str()) {
        (Obj::Operation, "tags") => {
            let tags = top_tags(env)
                .into_iter()
                .filter(|(n, _)| !listed.contains(n));
            for (i, (name, desc)) in tags.enumerate() {
                out.value(&name, true, Some("tag".into()), desc, format!("0{i:03}"));
            }
        }
        (_, "consumes" | "produces") => {
            let media = values::MEDIA_TYPES
                .iter()
                .filter(|(m, _)| !listed.contains(*m));
            for (i, (m, doc)) in media.enumerate() {
                out.value(
                    m,
                    true,
                    Some("media type".into()),
                    Some(doc.to_string()),
                    format!("0{i:03}"),
                );
            }
        }
        (_, "schemes") => {
            for (i, s) in fields::SCHEMES_SW2.iter().enumerate() {
                out.value(s, true, Some("scheme".into()), None, format!("0{i:03}"));
            }
        }
        (Obj::Schema, "required") => {
            // The schema's property names not yet required.
            let have: HashSet<String> = required_names(env, parent);
            for (i, name) in property_names(env, parent).into_iter().enumerate() {
                if have.contains(&name) {
                    continue;
                }
                out.value(
                    &name,
                    true,
                    Some("property".into()),
                    None,
                    format!("0{i:03}"),
                );
            }
        }
        (Obj::Schema, "type") => {
            for (i, s) in fields::TYPES.iter().enumerate() {
                out.value(s, true, Some("type".into()), None, format!("0{i:03}"));
            }
        }
        (Obj::AaChannel, "servers") => {
            if let Some(root) = env.parsed.tree.root() {
                if let Some(servers) = root.child("servers") {
                    for (i, (k, _)) in servers.entries().enumerate() {
                        let name = k.node.key_text().unwrap_or_default().into_owned();
                        out.value(&name, true, Some("server".into()), None, format!("0{i:03}"));
                    }
                }
            }
        }
        _ => {}
    }
}

/// The node at a path without sequence items (those have no index in a [`Seg`] path).
fn node_at<'a>(env: &'a Env<'_>, path: &[Seg]) -> Option<crate::syntax::NodeRef<'a>> {
    let mut node = env.parsed.tree.root()?;
    for seg in path {
        node = env.parsed.tree.follow_alias(node).child(seg.key()?)?;
    }
    Some(env.parsed.tree.follow_alias(node))
}

/// The names under a schema's `properties`.
fn property_names(env: &Env<'_>, schema: &[Seg]) -> Vec<String> {
    node_at(env, schema)
        .and_then(|n| n.child("properties"))
        .map(|p| {
            p.entries()
                .filter_map(|(k, _)| k.node.key_text().map(|t| t.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// The names a schema's `required` already lists.
fn required_names(env: &Env<'_>, schema: &[Seg]) -> HashSet<String> {
    node_at(env, schema)
        .and_then(|n| n.child("required"))
        .map(|r| {
            r.items()
                .filter_map(|i| i.node.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The tags declared at the top of the document (AsyncAPI 3: under `info`), with descriptions.
fn top_tags(env: &Env<'_>) -> Vec<(String, Option<String>)> {
    let Some(root) = env.parsed.tree.root() else {
        return Vec::new();
    };
    let tags = root
        .child("tags")
        .or_else(|| root.child("info").and_then(|i| i.child("tags")));
    let Some(tags) = tags else { return Vec::new() };
    tags.items()
        .filter_map(|t| {
            let name = t.child("name")?.node.as_str()?.to_string();
            let desc = t
                .child("description")
                .and_then(|d| d.node.as_str().map(str::to_string));
            Some((name, desc))
        })
        .collect()
}

/// The security schemes declared in the document.
fn security_schemes(env: &Env<'_>) -> Vec<String> {
    let Some(root) = env.parsed.tree.root() else {
        return Vec::new();
    };
    let section = root
        .child("components")
        .and_then(|c| c.child("securitySchemes"))
        .or_else(|| root.child("securityDefinitions"));
    section
        .map(|s| {
            s.entries()
                .map(|(k, _)| k.node.key_text().unwrap_or_default().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The `{names}` of the path template of the path item the cursor is in.
fn path_params(path: &[Seg]) -> Vec<String> {
    let template = match path {
        [Seg::Key(root), Seg::Key(t), ..] if root == "paths" => t,
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    let mut rest = template.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        if !name.is_empty() && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
        rest = &rest[open + close + 1..];
    }
    out
}
