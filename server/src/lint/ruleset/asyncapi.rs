//! Spectral's AsyncAPI functions (`@stoplight/spectral-rulesets`, `asyncapi/functions` and the
//! shared ones its rules use), natively over specls's node tree: the `spectral:asyncapi` rules
//! that are not expressed by core functions run through them.
//!
//! Spectral runs them on the resolved document; specls walks the written tree and follows the
//! `$ref`s that point into the linted document itself (`#/…`), a few hops at most. A message or
//! operation reached twice through `$ref`s is one object: its id is counted once.

use std::collections::HashSet;

use serde_json::Value;

use super::functions::Finding;
use crate::syntax::{NodeKind, NodeRef, ScalarValue, Tree};

/// How many `$ref`s in a row are followed before giving up (cycles, long chains).
const MAX_HOPS: usize = 8;
/// How many channels, messages or traits are looked at: bounded work on huge documents.
const MAX_ITEMS: usize = 10_000;

/// A finding whose message is Spectral's whole sentence (the rules say `message: '{{error}}'`).
fn sentence<'a>(message: impl Into<String>, at: NodeRef<'a>) -> Finding<'a> {
    Finding {
        message: message.into(),
        at: Some(at),
        property: None,
        whole: true,
    }
}

fn text<'a>(tree: &'a Tree, n: NodeRef<'a>) -> Option<&'a str> {
    let n = tree.follow_alias(n);
    match n.node.as_scalar()? {
        ScalarValue::Str(s) => Some(s),
        _ => None,
    }
}

/// A node with its aliases and local `$ref`s followed (`root` is the document it is in).
pub(super) fn local<'a>(tree: &'a Tree, root: NodeRef<'a>, n: NodeRef<'a>) -> NodeRef<'a> {
    let mut cur = tree.follow_alias(n);
    for _ in 0..MAX_HOPS {
        let Some(r) = cur.child("$ref").and_then(|r| text(tree, r)) else {
            break;
        };
        let Some(next) = r
            .strip_prefix('#')
            .and_then(|p| tree.at_pointer_from(root, p))
        else {
            break;
        };
        cur = tree.follow_alias(next);
    }
    cur
}

/// A child, with local `$ref`s followed.
fn get<'a>(tree: &'a Tree, root: NodeRef<'a>, n: NodeRef<'a>, key: &str) -> Option<NodeRef<'a>> {
    Some(local(tree, root, n.child(key)?))
}

/// The operations of an AsyncAPI 2 document: `channels.*.subscribe` and `.publish`, in the
/// order Spectral's `getAllOperations` gives them.
fn operations<'a>(tree: &'a Tree, root: NodeRef<'a>) -> Vec<NodeRef<'a>> {
    let mut out = Vec::new();
    let Some(channels) = get(tree, root, root, "channels").filter(|c| c.node.is_mapping()) else {
        return out;
    };
    for (_, channel) in channels.entries().take(MAX_ITEMS) {
        let channel = local(tree, root, channel);
        for kind in ["subscribe", "publish"] {
            if let Some(op) = get(tree, root, channel, kind).filter(|o| o.node.is_mapping()) {
                out.push(op);
            }
        }
    }
    out
}

/// The messages of the operations: each operation's `message`, or the items of its `oneOf`.
fn messages<'a>(tree: &'a Tree, root: NodeRef<'a>) -> Vec<NodeRef<'a>> {
    let mut out = Vec::new();
    for op in operations(tree, root) {
        let Some(message) = get(tree, root, op, "message").filter(|m| m.node.is_mapping()) else {
            continue;
        };
        match message.child("oneOf").map(|o| tree.follow_alias(o)) {
            Some(one_of) if matches!(one_of.node.kind(), NodeKind::Sequence(_)) => out.extend(
                one_of
                    .items()
                    .take(MAX_ITEMS)
                    .map(|m| local(tree, root, m))
                    .filter(|m| m.node.is_mapping()),
            ),
            _ => out.push(message),
        }
    }
    out
}

/// The id an object gets: the last trait's that sets it as a string, else its own (Spectral's
/// `retrieveMessageId` / `retrieveOperationId`).
fn id_of<'a>(tree: &'a Tree, root: NodeRef<'a>, n: NodeRef<'a>, key: &str) -> Option<NodeRef<'a>> {
    if let Some(traits) = n.child("traits").map(|t| tree.follow_alias(t)) {
        let items: Vec<_> = traits.items().take(MAX_ITEMS).collect();
        for t in items.into_iter().rev() {
            let t = local(tree, root, t);
            if let Some(id) = t.child(key).filter(|i| text(tree, *i).is_some()) {
                return Some(id);
            }
        }
    }
    n.child(key).filter(|i| text(tree, *i).is_some())
}

/// The ids after the first of each value: Spectral reports every repeat.
fn repeated_ids<'a>(
    tree: &'a Tree,
    root: NodeRef<'a>,
    objects: Vec<NodeRef<'a>>,
    key: &str,
    message: &str,
    out: &mut Vec<Finding<'a>>,
) {
    let mut objects_seen = HashSet::new();
    let mut ids_seen = HashSet::new();
    for o in objects {
        if !objects_seen.insert(o.start) {
            continue;
        }
        let Some(id) = id_of(tree, root, o, key) else {
            continue;
        };
        let Some(value) = text(tree, id) else {
            continue;
        };
        if !ids_seen.insert(value) {
            out.push(sentence(message, id));
        }
    }
}

/// `asyncApi2MessageIdUniqueness`: a `messageId` used by two messages (given the document).
pub(super) fn message_id_uniqueness<'a>(
    tree: &'a Tree,
    t: NodeRef<'a>,
    out: &mut Vec<Finding<'a>>,
) {
    let msgs = messages(tree, t);
    let message = "\"messageId\" must be unique across all the messages.";
    repeated_ids(tree, t, msgs, "messageId", message, out);
}

/// `asyncApi2OperationIdUniqueness`: an `operationId` used by two operations (given the
/// document).
pub(super) fn operation_id_uniqueness<'a>(
    tree: &'a Tree,
    t: NodeRef<'a>,
    out: &mut Vec<Finding<'a>>,
) {
    let ops = operations(tree, t);
    let message = "\"operationId\" must be unique across all the operations.";
    repeated_ids(tree, t, ops, "operationId", message, out);
}

/// `uniquenessTags`: a tag name listed twice in a `tags` list. As Spectral, a list that is not
/// all tags with string names is not looked at.
pub(super) fn uniqueness_tags<'a>(tree: &'a Tree, t: NodeRef<'a>, out: &mut Vec<Finding<'a>>) {
    if !matches!(t.node.kind(), NodeKind::Sequence(_)) {
        return;
    }
    let mut names = Vec::new();
    for item in t.items().take(MAX_ITEMS) {
        let item = tree.follow_alias(item);
        let Some(name) = item.child("name").filter(|_| item.node.is_mapping()) else {
            return;
        };
        let Some(s) = text(tree, name) else { return };
        names.push((s, name));
    }
    let mut seen = HashSet::new();
    for (s, name) in names {
        if !seen.insert(s) {
            out.push(sentence(
                format!("\"tags\" object contains duplicate tag name \"{s}\"."),
                name,
            ));
        }
    }
}

/// `asyncApi2ChannelServers`: a channel's `servers` naming a server the document's `servers`
/// does not define (given the document).
pub(super) fn channel_servers<'a>(tree: &'a Tree, t: NodeRef<'a>, out: &mut Vec<Finding<'a>>) {
    let Some(channels) = get(tree, t, t, "channels").filter(|c| c.node.is_mapping()) else {
        return;
    };
    let servers = get(tree, t, t, "servers");
    let defined: HashSet<String> = servers
        .filter(|s| s.node.is_mapping())
        .map(|s| {
            s.entries()
                .filter_map(|(k, _)| k.node.key_text().map(|k| k.into_owned()))
                .collect()
        })
        .unwrap_or_default();
    for (_, channel) in channels.entries().take(MAX_ITEMS) {
        let channel = local(tree, t, channel);
        let Some(list) = channel.child("servers").map(|s| tree.follow_alias(s)) else {
            continue;
        };
        for item in list.items().take(MAX_ITEMS) {
            if text(tree, item).is_some_and(|name| !defined.contains(name)) {
                out.push(sentence(
                    "Channel contains server that are not defined on the \"servers\" object.",
                    item,
                ));
            }
        }
    }
}

/// The `{name}`s of a URL or channel address, in order (Spectral's `parseUrlVariables`).
fn url_variables(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        // `{(.+?)}`: at least one character before the closing brace.
        let Some(j) = after
            .char_indices()
            .skip(1)
            .find(|(_, c)| *c == '}')
            .map(|(j, _)| j)
        else {
            break;
        };
        out.push(&after[..j]);
        rest = &after[j + 1..];
    }
    out
}

/// The keys of a mapping with their key nodes.
fn keys<'a>(n: NodeRef<'a>) -> Vec<(String, NodeRef<'a>)> {
    n.entries()
        .take(MAX_ITEMS)
        .filter_map(|(k, _)| Some((k.node.key_text()?.into_owned(), k)))
        .collect()
}

/// The `{name}`s of an address that `defined` (a mapping's keys) does not describe, in order.
fn undescribed<'s>(used: &[&'s str], defined: &[(String, NodeRef<'_>)]) -> Vec<&'s str> {
    used.iter()
        .copied()
        .filter(|u| !defined.iter().any(|(d, _)| d == u))
        .collect()
}

/// The key node of a mapping's entry.
fn key_node<'a>(n: NodeRef<'a>, key: &str) -> Option<NodeRef<'a>> {
    n.entries()
        .find(|(k, _)| k.node.key_text().as_deref() == Some(key))
        .map(|(k, _)| k)
}

/// `asyncApiChannelParameters`: the parameters of a channel's address (its `address`, else its
/// name) that its `parameters` does not describe, and those it describes that the address does
/// not use. As Spectral, a channel without `parameters` is not looked at.
pub(super) fn channel_parameters<'a>(
    tree: &'a Tree,
    t: NodeRef<'a>,
    name: Option<&str>,
    out: &mut Vec<Finding<'a>>,
) {
    if !t.node.is_mapping() {
        return;
    }
    let Some(params) = t.child("parameters").map(|p| tree.follow_alias(p)) else {
        return;
    };
    if !params.node.is_mapping() {
        return;
    }
    let address = match t.child("address").map(|a| tree.follow_alias(a)) {
        Some(a) if !matches!(a.node.as_scalar(), Some(ScalarValue::Null)) => text(tree, a),
        _ => name,
    };
    let Some(address) = address else { return };
    let used = url_variables(address);
    if used.is_empty() {
        return;
    }
    let defined = keys(params);
    let missing = undescribed(&used, &defined);
    if !missing.is_empty() {
        out.push(sentence(
            format!(
                "Not all channel's parameters are described with \"parameters\" object. Missed: {}.",
                missing.join(", ")
            ),
            key_node(t, "parameters").unwrap_or(params),
        ));
    }
    for (d, k) in defined {
        if !used.contains(&d.as_str()) {
            out.push(sentence(
                format!("Channel's \"parameters\" object has redundant defined \"{d}\" parameter."),
                k,
            ));
        }
    }
}

/// `serverVariables`: the variables of a server's `url` that its `variables` does not define,
/// those it defines that the URL does not use, and defaults outside their `enum` (and, with
/// `requireDefault`, variables without a default).
pub(super) fn server_variables<'a>(
    tree: &'a Tree,
    t: NodeRef<'a>,
    require_default: bool,
    out: &mut Vec<Finding<'a>>,
) {
    if !t.node.is_mapping() {
        return;
    }
    let Some(url_node) = t.child("url") else {
        return;
    };
    let Some(url) = text(tree, url_node) else {
        return;
    };
    let found = url_variables(url);
    let variables = t
        .child("variables")
        .map(|v| tree.follow_alias(v))
        .filter(|v| v.node.is_mapping());
    let defined = variables.map(keys).unwrap_or_default();
    for (d, k) in &defined {
        if !found.contains(&d.as_str()) {
            out.push(sentence(
                format!("Server's \"variables\" object has unused defined \"{d}\" url variable."),
                *k,
            ));
        }
    }
    if found.is_empty() {
        return;
    }
    let missing = undescribed(&found, &defined);
    if !missing.is_empty() {
        out.push(sentence(
            format!(
                "Not all server's variables are described with \"variables\" object. Missed: {}.",
                missing.join(", ")
            ),
            key_node(t, "variables").unwrap_or(url_node),
        ));
    }
    let Some(variables) = variables else { return };
    for (d, k) in &defined {
        if !found.contains(&d.as_str()) {
            continue;
        }
        let Some(var) = variables.child(d).map(|v| tree.follow_alias(v)) else {
            continue;
        };
        let default = var.child("default");
        let en = var.child("enum").map(|e| tree.follow_alias(e));
        // An `enum` that is not a list is the meta-schema's to report.
        let en = en.filter(|e| matches!(e.node.kind(), NodeKind::Sequence(_)));
        if let (Some(en), Some(def)) = (en, default) {
            let value = super::functions::json_of(tree, def);
            if !en
                .items()
                .take(MAX_ITEMS)
                .any(|i| super::functions::json_of(tree, i) == value)
            {
                out.push(sentence(
                    format!("Server Variable \"{d}\" has a default not listed in the enum."),
                    def,
                ));
            }
        }
        if default.is_none() && require_default {
            out.push(sentence(
                format!("Server Variable \"{d}\" has a missing default."),
                *k,
            ));
        }
    }
}

/// The OAuth 2 flows whose `scopes` a requirement may name.
const OAUTH2_FLOWS: [&str; 4] = [
    "implicit",
    "password",
    "clientCredentials",
    "authorizationCode",
];

/// `asyncApiSecurity`: a security requirement naming a scheme that `components.securitySchemes`
/// does not define, or (for an OAuth 2 scheme) a scope none of its flows has. `object_type` is
/// `Server` or `Operation`, for the message. `root` is the linted document's tree and root.
pub(super) fn security<'a>(
    tree: &'a Tree,
    t: NodeRef<'a>,
    object_type: &str,
    (root_tree, root): (&'a Tree, NodeRef<'a>),
    out: &mut Vec<Finding<'a>>,
) {
    // Spectral's input schema: a mapping of lists of strings (2.x's requirements). Anything
    // else (3.x's Security Scheme objects and `$ref`s) is not looked at.
    let requirement = |v: NodeRef<'a>| {
        let v = tree.follow_alias(v);
        matches!(v.node.kind(), NodeKind::Sequence(_)) && v.items().all(|i| text(tree, i).is_some())
    };
    if !t.node.is_mapping() || !t.entries().all(|(_, v)| requirement(v)) {
        return;
    }
    let schemes = get(root_tree, root, root, "components")
        .and_then(|c| get(root_tree, root, c, "securitySchemes"))
        .filter(|s| s.node.is_mapping());
    for (k, v) in t.entries().take(MAX_ITEMS) {
        let Some(name) = k.node.key_text() else {
            continue;
        };
        let Some(scheme) = schemes.and_then(|s| get(root_tree, root, s, &name)) else {
            out.push(sentence(
                format!("{object_type} must not reference an undefined security scheme."),
                k,
            ));
            continue;
        };
        if scheme.child("type").and_then(|ty| text(root_tree, ty)) != Some("oauth2") {
            continue;
        }
        // In the order Spectral lists them, each once.
        let mut available: Vec<String> = Vec::new();
        let mut listed = HashSet::new();
        if let Some(flows) = get(root_tree, root, scheme, "flows") {
            for flow in OAUTH2_FLOWS {
                let Some(scopes) = flows
                    .child(flow)
                    .map(|f| root_tree.follow_alias(f))
                    .and_then(|f| f.child("scopes"))
                    .map(|s| root_tree.follow_alias(s))
                else {
                    continue;
                };
                for (scope, _) in keys(scopes) {
                    if listed.insert(scope.clone()) {
                        available.push(scope);
                    }
                }
            }
        }
        for item in tree.follow_alias(v).items().take(MAX_ITEMS) {
            if text(tree, item).is_some_and(|s| !listed.contains(s)) {
                out.push(sentence(
                    format!(
                        "Non-existing security scope for the specified security scheme. Available: [{}]",
                        available.join(", ")
                    ),
                    item,
                ));
            }
        }
    }
}

/// How many `$ref`s one schema may inline before the rest count as any value (cycles, fan-out).
const MAX_INLINED: usize = 1_000;
/// How many examples of a schema are validated.
const MAX_EXAMPLES: usize = 100;

/// A schema's `$ref`s into its own file replaced by what they point at (`resolve` gives the value
/// at a JSON pointer of that file), so that the `jsonschema` crate can validate against it
/// alone. A `$ref` that cannot be inlined (to another file, missing, past [`MAX_INLINED`] or too
/// deep) becomes `true`: any value, nothing reported.
fn inline_refs(
    v: &mut Value,
    resolve: &dyn Fn(&str) -> Option<Value>,
    depth: usize,
    budget: &mut usize,
) {
    match v {
        Value::Object(o) => {
            if let Some(r) = o.get("$ref").and_then(Value::as_str) {
                let target = r
                    .strip_prefix('#')
                    .filter(|_| depth < 32 && *budget > 0)
                    .and_then(resolve);
                *v = match target {
                    Some(mut t) => {
                        *budget -= 1;
                        inline_refs(&mut t, resolve, depth + 1, budget);
                        t
                    }
                    None => Value::Bool(true),
                };
                return;
            }
            for x in o.values_mut() {
                inline_refs(x, resolve, depth + 1, budget);
            }
        }
        Value::Array(a) => {
            for x in a {
                inline_refs(x, resolve, depth + 1, budget);
            }
        }
        _ => {}
    }
}

/// The value at a JSON pointer of a file (for [`inline_refs`]): only what is referenced is
/// converted, not the whole document.
fn resolver(tree: &Tree) -> impl Fn(&str) -> Option<Value> + '_ {
    move |pointer: &str| {
        let root = tree.root()?;
        let n = tree.at_pointer_from(root, pointer)?;
        Some(super::functions::json_of(tree, n))
    }
}

fn has_ref(v: &Value) -> bool {
    match v {
        Value::Object(o) => o.contains_key("$ref") || o.values().any(has_ref),
        Value::Array(a) => a.iter().any(has_ref),
        _ => false,
    }
}

/// `asyncApiSchemaValidation`: a schema's `default` (`examples` false) or each of its `examples`
/// that the schema itself rejects (as draft 7, which AsyncAPI 2 schemas extend). As Spectral, a
/// value that is a string is not reported, and a schema the validator cannot read is not
/// looked at (the meta-schema checks report it).
pub(super) fn schema_validation<'a>(
    tree: &'a Tree,
    t: NodeRef<'a>,
    examples: bool,
    out: &mut Vec<Finding<'a>>,
) {
    if !t.node.is_mapping() {
        return;
    }
    let values: Vec<NodeRef<'a>> = if examples {
        match t.child("examples").map(|e| tree.follow_alias(e)) {
            Some(e) if matches!(e.node.kind(), NodeKind::Sequence(_)) => {
                e.items().take(MAX_EXAMPLES).collect()
            }
            _ => return,
        }
    } else {
        t.child("default").into_iter().collect()
    };
    let values: Vec<NodeRef<'a>> = values
        .into_iter()
        .filter(|n| text(tree, *n).is_none())
        .collect();
    if values.is_empty() {
        return;
    }
    let mut schema = super::functions::json_of(tree, t);
    if has_ref(&schema) {
        inline_refs(&mut schema, &resolver(tree), 0, &mut MAX_INLINED.clone());
    }
    let Ok(validator) = jsonschema::draft7::new(&schema) else {
        return;
    };
    for n in values {
        let v = super::functions::json_of(tree, n);
        for e in validator.iter_errors(&v).take(50) {
            let pointer = e.instance_path().to_string();
            let at = tree.at_pointer_from(n, &pointer).unwrap_or(n);
            let property = match pointer.rsplit('/').next().filter(|s| !s.is_empty()) {
                Some(p) => crate::syntax::node::unescape_pointer_token(p).into_owned(),
                None if examples => "examples".to_string(),
                None => "default".to_string(),
            };
            out.push(Finding {
                message: e.to_string(),
                at: Some(at),
                property: Some(property),
                whole: false,
            });
        }
    }
}

/// Spectral's `mergeTraits`' merge: a patch that is not a mapping replaces, `null` deletes.
fn merge(origin: Value, patch: &Value, depth: usize) -> Value {
    let Value::Object(p) = patch else {
        return patch.clone();
    };
    let mut result = match origin {
        Value::Object(o) => o,
        _ => serde_json::Map::new(),
    };
    for (k, v) in p {
        if v.is_null() {
            result.remove(k);
        } else if depth < 64 {
            let old = result.remove(k).unwrap_or(Value::Null);
            result.insert(k.clone(), merge(old, v, depth + 1));
        }
    }
    Value::Object(result)
}

/// The node at a JSON pointer under `n`, or the deepest one on its way.
fn deepest<'a>(tree: &'a Tree, n: NodeRef<'a>, pointer: &str) -> NodeRef<'a> {
    let mut cur = n;
    for token in pointer.split('/').skip(1) {
        let token = crate::syntax::node::unescape_pointer_token(token);
        match tree.follow_alias(cur).child(&token) {
            Some(c) => cur = c,
            None => break,
        }
    }
    cur
}

/// `asyncApi2MessageExamplesValidation`: a message's (or trait's) `examples` whose `payload` or
/// `headers` its `payload` or `headers` schema rejects, with its traits merged into it first
/// (Spectral's `mergeTraits`). Schemas are read as draft 7, their `$ref`s into their own file
/// inlined.
pub(super) fn message_examples<'a>(tree: &'a Tree, t: NodeRef<'a>, out: &mut Vec<Finding<'a>>) {
    if !t.node.is_mapping() {
        return;
    }
    let resolve = resolver(tree);
    let mut budget = MAX_INLINED;
    let mut message = super::functions::json_of(tree, t);
    if let Some(Value::Array(traits)) = message.get("traits").cloned() {
        for mut tr in traits.into_iter().take(MAX_ITEMS) {
            if has_ref(&tr) {
                inline_refs(&mut tr, &resolve, 0, &mut budget);
            }
            if let Value::Object(tr) = tr {
                for (k, v) in tr {
                    let old = message
                        .as_object_mut()
                        .and_then(|m| m.remove(&k))
                        .unwrap_or(Value::Null);
                    let merged = merge(old, &v, 0);
                    if let Some(m) = message.as_object_mut() {
                        m.insert(k, merged);
                    }
                }
            }
        }
    }
    let Some(Value::Array(examples)) = message.get("examples") else {
        return;
    };
    for (i, example) in examples.iter().enumerate().take(MAX_EXAMPLES) {
        for part in ["payload", "headers"] {
            let Some(value) = example.get(part) else {
                continue;
            };
            let mut schema = message
                .get(part)
                .cloned()
                .unwrap_or_else(|| Value::Object(Default::default()));
            if has_ref(&schema) {
                inline_refs(&mut schema, &resolve, 0, &mut budget);
            }
            let Ok(validator) = jsonschema::draft7::new(&schema) else {
                continue;
            };
            for e in validator.iter_errors(value).take(50) {
                let pointer = e.instance_path().to_string();
                let at = deepest(tree, t, &format!("/examples/{i}/{part}{pointer}"));
                let property = match pointer.rsplit('/').next().filter(|s| !s.is_empty()) {
                    Some(p) => crate::syntax::node::unescape_pointer_token(p).into_owned(),
                    None => part.to_string(),
                };
                out.push(Finding {
                    message: e.to_string(),
                    at: Some(at),
                    property: Some(property),
                    whole: false,
                });
            }
        }
    }
}

/// The validators of AsyncAPI 2 Schema objects, by version (`2.6`), built once (Spectral's
/// `preparePayloadSchema`: the version's Schema object definition with its meta-schema's
/// `definitions`). `None`: no shipped meta-schema, or one the validator cannot read.
fn payload_validator(minor: &str) -> Option<std::sync::Arc<jsonschema::Validator>> {
    type Cache = std::sync::Mutex<
        std::collections::HashMap<String, Option<std::sync::Arc<jsonschema::Validator>>>,
    >;
    static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(v) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(minor) {
        return v.clone();
    }
    let built = (|| {
        let text = crate::validate::metaschemas::asyncapi_text(minor)?;
        let meta: Value = serde_json::from_str(text).ok()?;
        let schema = serde_json::json!({
            "$ref": format!("http://asyncapi.com/definitions/{minor}.0/schema.json"),
            "definitions": meta.get("definitions")?,
        });
        jsonschema::draft7::new(&schema)
            .ok()
            .map(std::sync::Arc::new)
    })();
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(minor.to_string(), built.clone());
    built
}

/// `asyncApiPayloadValidation`: a message's `payload` that is not an AsyncAPI Schema object of
/// the document's version (2.0 to 2.6, read from its `asyncapi`; another version is not looked
/// at, as Spectral).
pub(super) fn payload<'a>(
    tree: &'a Tree,
    t: NodeRef<'a>,
    (doc_tree, doc): (&'a Tree, NodeRef<'a>),
    out: &mut Vec<Finding<'a>>,
) {
    let Some(version) = doc.child("asyncapi").and_then(|v| text(doc_tree, v)) else {
        return;
    };
    let minor = match version.split('.').collect::<Vec<_>>()[..] {
        ["2", m, _] if m.len() == 1 => format!("2.{m}"),
        _ => return,
    };
    let Some(validator) = payload_validator(&minor) else {
        return;
    };
    let v = super::functions::json_of(tree, t);
    for e in validator.iter_errors(&v).take(50) {
        let pointer = e.instance_path().to_string();
        let at = deepest(tree, t, &pointer);
        let property = pointer
            .rsplit('/')
            .next()
            .filter(|s| !s.is_empty())
            .map(|p| crate::syntax::node::unescape_pointer_token(p).into_owned())
            .unwrap_or_else(|| "payload".to_string());
        out.push(Finding {
            message: e.to_string(),
            at: Some(at),
            property: Some(property),
            whole: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::{load, run};
    use crate::syntax::{Lang, Parsed};

    /// The diagnostics of one `spectral:asyncapi` rule (all of its rules on) on a YAML document.
    fn diagnostics(rule: &str, doc: &str) -> Vec<crate::analysis::Diagnostic> {
        let dir = std::env::temp_dir();
        let r = load(
            &dir.join(".spectral.yaml"),
            "extends: [[spectral:asyncapi, all]]\n",
            &dir,
        );
        let parsed = Parsed::new(Lang::Yaml, doc);
        let kind = crate::spec::detect(&parsed.tree, &parsed.rope, None);
        run(&r, &parsed, &kind, None)
            .into_iter()
            .filter(|d| d.code == rule)
            .collect()
    }

    /// The findings of one rule: the text each is on, and its message.
    fn lint(rule: &str, doc: &str) -> Vec<(String, String)> {
        diagnostics(rule, doc)
            .into_iter()
            .map(|d| (doc[d.range.clone()].to_string(), d.message))
            .collect()
    }

    /// Where the findings of one rule start.
    fn starts(rule: &str, doc: &str) -> Vec<usize> {
        diagnostics(rule, doc)
            .into_iter()
            .map(|d| d.range.start)
            .collect()
    }

    fn texts(found: &[(String, String)]) -> Vec<&str> {
        found.iter().map(|(t, _)| t.as_str()).collect()
    }

    #[test]
    fn message_ids_are_unique_with_traits_and_refs() {
        let rule = "asyncapi-message-messageId-uniqueness";
        let doc = "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nchannels:\n  a:\n    subscribe:\n      message: {messageId: one}\n    publish:\n      message:\n        oneOf:\n          - {messageId: two}\n          - {messageId: dup1}\n  b:\n    subscribe:\n      message:\n        messageId: two\n        traits: [{messageId: one}]\n    publish:\n      message: {$ref: '#/components/messages/M'}\n  c:\n    publish:\n      message: {$ref: '#/components/messages/M'}\ncomponents:\n  messages:\n    M: {messageId: three}\n";
        let found = lint(rule, doc);
        assert_eq!(texts(&found), ["one"], "{found:?}");
        assert_eq!(
            found[0].1,
            "\"messageId\" must be unique across all the messages."
        );
        // The repeat is the trait's id (it wins over the message's own `two`).
        assert_eq!(starts(rule, doc), [doc.find("one}]").unwrap()]);
        let fine = doc.replace("traits: [{messageId: one}]", "traits: [{messageId: four}]");
        assert!(lint(rule, &fine).is_empty());
    }

    #[test]
    fn operation_ids_are_unique() {
        let rule = "asyncapi-operation-operationId-uniqueness";
        let doc = "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nchannels:\n  a:\n    subscribe: {operationId: op}\n    publish: {operationId: op2}\n  b:\n    publish: {operationId: op}\n";
        let found = lint(rule, doc);
        assert_eq!(texts(&found), ["op"], "{found:?}");
        assert_eq!(
            found[0].1,
            "\"operationId\" must be unique across all the operations."
        );
        assert!(
            lint(
                rule,
                &doc.replace("{operationId: op}\n", "{operationId: op3}\n")
            )
            .len()
                < 2
        );
        assert!(lint(
            rule,
            &doc.replace("publish: {operationId: op}", "publish: {}")
        )
        .is_empty());
    }

    #[test]
    fn tag_names_are_unique() {
        let rule = "asyncapi-tags-uniqueness";
        let doc = "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\ntags:\n  - name: a\n  - name: b\n  - name: a\nchannels: {}\n";
        let found = lint(rule, doc);
        assert_eq!(texts(&found), ["a"], "{found:?}");
        assert_eq!(
            found[0].1,
            "\"tags\" object contains duplicate tag name \"a\"."
        );
        assert_eq!(starts(rule, doc), [doc.rfind("name: a").unwrap() + 6]);
        assert!(lint(
            rule,
            &doc.replace("  - name: a\nchannels", "  - name: c\nchannels")
        )
        .is_empty());
        // Not all tags: not looked at, as Spectral.
        assert!(lint(rule, &doc.replace("  - name: b\n", "  - 7\n")).is_empty());
    }

    #[test]
    fn channel_servers_are_defined() {
        let rule = "asyncapi-channel-servers";
        let doc = "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nservers:\n  prod: {url: a.org, protocol: kafka}\nchannels:\n  a:\n    servers: [prod, staging]\n";
        let found = lint(rule, doc);
        assert_eq!(texts(&found), ["staging"], "{found:?}");
        assert_eq!(
            found[0].1,
            "Channel contains server that are not defined on the \"servers\" object."
        );
        assert!(lint(rule, &doc.replace(", staging", "")).is_empty());
    }

    #[test]
    fn channel_parameters_match_the_address() {
        let rule = "asyncapi-channel-parameters";
        let doc = "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nchannels:\n  'users/{id}/{kind}':\n    parameters:\n      id: {}\n      extra: {}\n  'plain/{x}': {}\n";
        let found = lint(rule, doc);
        assert_eq!(texts(&found), ["parameters", "extra"], "{found:?}");
        assert_eq!(
            found[0].1,
            "Not all channel's parameters are described with \"parameters\" object. Missed: kind."
        );
        assert_eq!(
            found[1].1,
            "Channel's \"parameters\" object has redundant defined \"extra\" parameter."
        );
        let fine = doc.replace("extra", "kind");
        assert!(lint(rule, &fine).is_empty());
        // 3.0: the `address` is read, not the channel's name.
        let v3 = "asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\nchannels:\n  user:\n    address: 'users/{id}'\n    parameters:\n      userId: {}\n";
        let found = lint(rule, v3);
        assert_eq!(texts(&found), ["parameters", "userId"], "{found:?}");
        assert!(lint(rule, &v3.replace("userId", "id")).is_empty());
    }

    #[test]
    fn server_variables_match_the_url() {
        let rule = "asyncapi-server-variables";
        let doc = "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nservers:\n  prod:\n    url: '{host}.org:{port}'\n    protocol: kafka\n    variables:\n      host: {enum: [a, b], default: c}\n      unused: {}\n";
        let found = lint(rule, doc);
        assert_eq!(texts(&found), ["unused", "variables", "c"], "{found:?}");
        assert_eq!(
            found[0].1,
            "Server's \"variables\" object has unused defined \"unused\" url variable."
        );
        assert_eq!(
            found[1].1,
            "Not all server's variables are described with \"variables\" object. Missed: port."
        );
        assert_eq!(
            found[2].1,
            "Server Variable \"host\" has a default not listed in the enum."
        );
        let fine = doc
            .replace("unused", "port")
            .replace("default: c", "default: a");
        assert!(lint(rule, &fine).is_empty());
    }

    #[test]
    fn security_requirements_name_defined_schemes_and_scopes() {
        let doc = "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nservers:\n  prod:\n    url: a.org\n    protocol: kafka\n    security:\n      - oauth: [read, admin]\n      - nope: []\nchannels:\n  a:\n    publish:\n      security:\n        - ghost: []\ncomponents:\n  securitySchemes:\n    oauth:\n      type: oauth2\n      flows:\n        implicit: {authorizationUrl: 'https://a.org', scopes: {read: r, write: w}}\n";
        let found = lint("asyncapi-server-security", doc);
        assert_eq!(texts(&found), ["admin", "nope"], "{found:?}");
        assert_eq!(
            found[0].1,
            "Non-existing security scope for the specified security scheme. Available: [read, write]"
        );
        assert_eq!(
            found[1].1,
            "Server must not reference an undefined security scheme."
        );
        let found = lint("asyncapi-operation-security", doc);
        assert_eq!(texts(&found), ["ghost"], "{found:?}");
        assert_eq!(
            found[0].1,
            "Operation must not reference an undefined security scheme."
        );
        let fine = doc
            .replace("admin", "write")
            .replace("nope", "oauth")
            .replace("ghost", "oauth");
        assert!(lint("asyncapi-server-security", &fine).is_empty());
        assert!(lint("asyncapi-operation-security", &fine).is_empty());
    }

    #[test]
    fn security_of_asyncapi_3_is_schemes_not_requirements() {
        // 3.x lists Security Scheme objects (or `$ref`s to them): not Spectral's input (a
        // mapping of lists of strings), so nothing is reported, as in Spectral.
        let doc = "asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\noperations:\n  send:\n    action: send\n    channel: {$ref: '#/channels/a'}\n    security:\n      - type: httpApiKey\n        name: key\n        in: header\n        description: A key.\n      - $ref: '#/components/securitySchemes/oauth'\nchannels:\n  a: {address: a}\ncomponents:\n  securitySchemes:\n    oauth: {type: oauth2, flows: {}}\n";
        let found = lint("asyncapi-3-operation-security", doc);
        assert!(found.is_empty(), "{found:?}");
        // A 2.x-style requirement there is still read.
        let found = lint(
            "asyncapi-3-operation-security",
            &doc.replace(
                "      - $ref: '#/components/securitySchemes/oauth'\n",
                "      - ghost: []\n",
            )
            .replace(
                "      - type: httpApiKey\n        name: key\n        in: header\n        description: A key.\n",
                "",
            ),
        );
        assert_eq!(texts(&found), ["ghost"], "{found:?}");
    }

    #[test]
    fn servers_must_exist() {
        // Spectral's `schema` function reports a missing field: `asyncapi-servers`.
        let doc = "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nchannels: {}\n";
        let found = lint("asyncapi-servers", doc);
        assert_eq!(
            found,
            [(
                "asyncapi: 2.6.0".to_string(),
                "AsyncAPI object must have non-empty \"servers\" object.".to_string()
            )]
        );
        let with = doc.replace(
            "channels",
            "servers:\n  prod: {url: a.org, protocol: kafka}\nchannels",
        );
        assert!(lint("asyncapi-servers", &with).is_empty());
    }

    #[test]
    fn latest_version_and_unused_servers() {
        let doc = "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nservers:\n  prod: {$ref: '#/components/servers/used'}\ncomponents:\n  servers:\n    used: {url: a.org, protocol: kafka}\n    spare: {url: b.org, protocol: kafka}\n";
        let found = lint("asyncapi-latest-version", doc);
        assert_eq!(texts(&found), ["2.6.0"], "{found:?}");
        assert_eq!(
            found[0].1,
            "The latest version is not used. You should update to the \"3.1.0\" version."
        );
        assert!(lint("asyncapi-latest-version", &doc.replace("2.6.0", "3.1.0")).is_empty());
        let found = lint("asyncapi-unused-components-server", doc);
        assert_eq!(texts(&found), ["spare"], "{found:?}");
        assert!(lint(
            "asyncapi-unused-components-server",
            &doc.replace("    spare: {url: b.org, protocol: kafka}\n", "")
        )
        .is_empty());
    }

    #[test]
    fn defaults_and_examples_follow_their_schema() {
        let doc = "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nchannels:\n  a:\n    publish:\n      message:\n        payload:\n          type: object\n          properties: {n: {$ref: '#/components/schemas/Count'}}\n          default: {n: -1}\n          examples: [{n: 2}, {n: 1.5}, text]\ncomponents:\n  schemas:\n    Count: {type: integer, minimum: 0, default: 7, examples: [3, true, words]}\n";
        let found = lint("asyncapi-payload-default", doc);
        assert_eq!(texts(&found), ["-1"], "{found:?}");
        assert!(found[0].1.starts_with("`n` "), "{found:?}");
        let found = lint("asyncapi-payload-examples", doc);
        assert_eq!(texts(&found), ["1.5"], "{found:?}");
        // A string is not reported, as Spectral (`words`, `text`).
        let found = lint("asyncapi-schema-examples", doc);
        assert_eq!(texts(&found), ["true"], "{found:?}");
        assert!(lint("asyncapi-schema-default", doc).is_empty());
        let fine = doc
            .replace("{n: -1}", "{n: 1}")
            .replace("{n: 1.5}", "{n: 5}")
            .replace("true, words", "4");
        for rule in [
            "asyncapi-payload-default",
            "asyncapi-payload-examples",
            "asyncapi-schema-examples",
        ] {
            assert!(lint(rule, &fine).is_empty(), "{rule}");
        }
        // Another `schemaFormat`: not looked at.
        let avro = doc.replace(
            "      message:\n",
            "      message:\n        schemaFormat: application/vnd.apache.avro;version=1.9.0\n",
        );
        assert!(lint("asyncapi-payload-default", &avro).is_empty());
        // A cycle of `$ref`s is bounded.
        let cycle = doc.replace(
            "Count: {type: integer",
            "Count: {items: {$ref: '#/components/schemas/Count'}, type: integer",
        );
        assert_eq!(texts(&lint("asyncapi-payload-default", &cycle)), ["-1"]);
        let mut v = serde_json::json!({"$ref": "#/a"});
        let whole = serde_json::json!({"a": {"b": {"$ref": "#/a"}}});
        super::inline_refs(&mut v, &|p: &str| whole.pointer(p).cloned(), 0, &mut 5);
        assert!(v.to_string().contains("true"), "{v}");
    }

    #[test]
    fn message_examples_follow_payload_and_headers_with_traits_merged() {
        let rule = "asyncapi-message-examples";
        let doc = "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nchannels:\n  a:\n    publish:\n      message:\n        payload: {type: object, properties: {n: {type: integer}}}\n        traits: [{$ref: '#/components/messageTraits/H'}]\n        examples:\n          - payload: {n: 1}\n            headers: {id: 2}\n          - payload: {n: one}\n            headers: {id: x}\ncomponents:\n  messageTraits:\n    H:\n      headers: {type: object, properties: {id: {type: integer}}}\n";
        let found = lint(rule, doc);
        // The trait's headers schema is merged in: `x` is reported against it, and the trait
        // itself has no examples.
        assert_eq!(texts(&found), ["one", "x"], "{found:?}");
        assert!(found[0].1.starts_with("`n` "), "{found:?}");
        let fine = doc
            .replace("{n: one}", "{n: 3}")
            .replace("{id: x}", "{id: 4}");
        assert!(lint(rule, &fine).is_empty());
        // Without the trait, headers are not constrained.
        let untraited = doc.replace(
            "        traits: [{$ref: '#/components/messageTraits/H'}]\n",
            "",
        );
        assert_eq!(texts(&lint(rule, &untraited)), ["one"]);
        let merged = super::merge(
            serde_json::json!({"a": {"b": 1, "c": 2}, "d": 3}),
            &serde_json::json!({"a": {"b": null, "e": 4}, "d": [5]}),
            0,
        );
        assert_eq!(merged, serde_json::json!({"a": {"c": 2, "e": 4}, "d": [5]}));
    }

    #[test]
    fn payloads_are_asyncapi_schema_objects() {
        let rule = "asyncapi-payload";
        let doc = "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nchannels:\n  a:\n    publish:\n      message:\n        payload: {type: object, properties: {n: {type: integr}}, required: yes}\n";
        let found = lint(rule, doc);
        assert_eq!(texts(&found), ["integr", "yes"], "{found:?}");
        let fine = doc.replace("integr", "integer").replace("yes", "[n]");
        assert!(lint(rule, &fine).is_empty());
        // Another version than 2.0 to 2.6: not looked at.
        assert!(lint(rule, &doc.replace("2.6.0", "2.9.0")).is_empty());
        assert!(super::payload_validator("2.0").is_some());
        assert!(super::payload_validator("2.6").is_some());
    }

    #[test]
    fn url_variables_are_read_as_spectral_reads_them() {
        assert_eq!(super::url_variables("{a}/{}/x{b}}{c"), ["a", "}/x{b"]);
        assert_eq!(super::url_variables("a/{b}/{c}"), ["b", "c"]);
        assert!(super::url_variables("none{").is_empty());
    }
}
