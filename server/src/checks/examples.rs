//! Examples that do not match their schema: Schema Object `example` (and `examples` in OpenAPI
//! 3.1+) and `default` (where there is no `enum`: `defaults.rs`), and the `example`/`examples` of
//! Media Type, Parameter and Header Objects (OpenAPI 3.x).
//!
//! A Schema Object is turned into a plain JSON Schema for the `jsonschema` crate: local `$ref`s
//! become `definitions`/`$defs` of a synthetic root, and OpenAPI 3.0's own keywords are honoured
//! (`nullable: true` allows `null`; `discriminator`, `example`, `xml`, `externalDocs`, `deprecated`
//! are annotations; a `readOnly`/`writeOnly` property is not required of an example, which may be
//! a request or a response). Formats are annotations here. Whatever cannot be converted for
//! sure (a `$ref` to another file, `$dynamicRef`, a schema too deep or too large, a schema the
//! validator refuses) is skipped, not guessed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, JsonType, Validator};
use serde_json::{Map, Value};

use super::{addr, same, Doc, Followed, Target};
use crate::analysis::{Diagnostic, Severity};
use crate::syntax::node::FLAG_PROBLEMS;
use crate::syntax::value::node_to_json;
use crate::syntax::{NodeKind, NodeRef, ScalarValue};

/// At most this many examples are validated in one document.
const MAX_EXAMPLES: usize = 20_000;
/// A converted schema (with everything it references) larger than this many JSON values is
/// not validated.
const MAX_SCHEMA_VALUES: usize = 200_000;
/// An example with more values than this (aliases expanded) is not validated.
const MAX_EXAMPLE_VALUES: usize = 100_000;
/// Nesting of one schema beyond this is not converted.
const MAX_DEPTH: usize = 64;

/// The outcome of checking one example against one schema, kept for the next run: valid while
/// the schema node, the example node and every node the schema's `$ref`s led to are the same
/// (shared) nodes.
#[derive(Default)]
pub(crate) struct Cache {
    entries: HashMap<(usize, usize, String), Entry>,
}

struct Entry {
    /// Keep the nodes alive, so that their addresses stay theirs.
    _schema: crate::syntax::Node,
    _example: crate::syntax::Node,
    /// The local references followed, and what each named (kept alive, so that an address is
    /// never taken for another node's).
    deps: Followed,
    /// The finding, its range relative to the example's start.
    found: Option<(std::ops::Range<usize>, String)>,
}

/// The example validators of one run, shared by the units it checks (on several threads).
#[derive(Default)]
pub(crate) struct Shared {
    /// By the start of the schema node (or of the schema a bare `$ref` names).
    validators: Mutex<HashMap<usize, Built>>,
    /// By the text of the converted schema.
    by_text: Mutex<Validators>,
    /// The previous run's, by the text of the converted schema (those this run uses are copied
    /// to `by_text`; the rest are dropped with the run).
    previous: Validators,
}

impl Shared {
    /// The validators of the previous run, for this one.
    pub(crate) fn after(previous: Validators) -> Shared {
        Shared {
            previous,
            ..Shared::default()
        }
    }

    /// The validators this run used, for the next.
    pub(crate) fn used(self) -> Validators {
        self.by_text.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// A lock that a panic elsewhere (caught by the request that had it) does not make unusable:
/// what it guards is a cache, whole after every insert.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A schema's validator (none where it cannot be built), and the references its conversion
/// followed.
type Built = (Option<Arc<Validator>>, Followed);

/// Validators by the text of the converted schema they were built from.
pub(crate) type Validators = HashMap<String, Option<Arc<Validator>>>;

/// A Schema Object's `example`, `examples` or `default` that does not match it (Spectral's
/// `*-valid-schema-example`).
pub const SCHEMA_EXAMPLE: &str = "spec/example-mismatch";
/// A Media Type's, Parameter's or Header's example (a Swagger 2.0 Response's `examples`) that
/// does not match its schema (Spectral's `*-valid-media-example`).
pub const MEDIA_EXAMPLE: &str = "spec/media-example-mismatch";

/// Checks the examples of the objects `doc` holds (at most [`MAX_EXAMPLES`] of them).
pub(crate) fn check(doc: &Doc<'_>, out: &mut Vec<Diagnostic>, cache: &mut Cache, shared: &Shared) {
    let mut ex = Examples {
        doc,
        shared,
        checked: 0,
        old: std::mem::take(&mut cache.entries),
        new: HashMap::new(),
    };
    let is_31 = doc.is_31_or_later();
    for (schema, _) in &doc.schemas {
        // In 3.0 and 2.0, the siblings of a `$ref` (its `example` too) are ignored.
        if !is_31 && doc.get(*schema, "$ref").is_some() {
            continue;
        }
        if let Some(e) = doc.get(*schema, "example") {
            ex.validate(*schema, e, "example", SCHEMA_EXAMPLE, out);
        }
        // A `default` is a value of its schema too (Spectral's `*-valid-schema-example` checks
        // it). One beside an `enum` is `spec/default-not-in-enum`'s (`defaults.rs`).
        if let Some(d) = doc
            .get(*schema, "default")
            .filter(|_| doc.get(*schema, "enum").is_none())
        {
            ex.validate(*schema, d, "default", SCHEMA_EXAMPLE, out);
        }
        if is_31 {
            if let Some(list) = doc
                .get(*schema, "examples")
                .filter(|l| matches!(l.node.kind(), NodeKind::Sequence(_)))
            {
                for e in doc.items(list) {
                    ex.validate(*schema, e, "example", SCHEMA_EXAMPLE, out);
                }
            }
        }
    }
    if doc.is_swagger() {
        // A 2.0 response's `examples` hold one example per media type, as written.
        for r in &doc.swagger_responses {
            let (Some(schema), Some(examples)) = (doc.get(*r, "schema"), doc.get(*r, "examples"))
            else {
                continue;
            };
            for (k, e) in doc.entries(examples) {
                let name = k.node.key_text().unwrap_or_default();
                if checkable(e, name.contains("json")) {
                    ex.validate(schema, e, &format!("example `{name}`"), MEDIA_EXAMPLE, out);
                }
            }
        }
        cache.entries = ex.new;
        return;
    }
    for (name, media) in &doc.media_types {
        ex.holder(*media, name.contains("json"), out);
    }
    for p in &doc.parameters {
        ex.holder(*p, true, out);
    }
    cache.entries = ex.new;
}

/// Whether an example is checked against its schema: a string example of a body that is not
/// JSON (`json`: the media type is) is its serialized form (XML, CSV…), not the value.
fn checkable(example: NodeRef<'_>, json: bool) -> bool {
    json || !matches!(example.node.as_scalar(), Some(ScalarValue::Str(_)))
}

struct Examples<'d, 'a> {
    doc: &'d Doc<'a>,
    shared: &'d Shared,
    checked: usize,
    /// The previous run's outcomes, and this run's.
    old: HashMap<(usize, usize, String), Entry>,
    new: HashMap<(usize, usize, String), Entry>,
}

impl<'a> Examples<'_, 'a> {
    /// The `example` and `examples` of a Media Type, Parameter or Header Object, against its
    /// `schema`.
    fn holder(&mut self, holder: NodeRef<'a>, strings: bool, out: &mut Vec<Diagnostic>) {
        let doc = self.doc;
        let Some(schema) = doc.get(holder, "schema") else {
            return;
        };
        let fine = |e: NodeRef<'_>| checkable(e, strings);
        if let Some(e) = doc.get(holder, "example").filter(|e| fine(*e)) {
            self.validate(schema, e, "example", MEDIA_EXAMPLE, out);
        }
        let Some(examples) = doc.get(holder, "examples") else {
            return;
        };
        for (k, e) in doc.entries(examples) {
            let Target::Found(e) = doc.resolve(e) else {
                continue;
            };
            let Some(value) = doc.get(e, "value").filter(|e| fine(*e)) else {
                continue;
            };
            let what = format!("example `{}`", k.node.key_text().unwrap_or_default());
            self.validate(schema, value, &what, MEDIA_EXAMPLE, out);
        }
    }

    fn validate(
        &mut self,
        schema: NodeRef<'a>,
        example: NodeRef<'a>,
        what: &str,
        code: &'static str,
        out: &mut Vec<Diagnostic>,
    ) {
        if self.checked >= MAX_EXAMPLES {
            return;
        }
        self.checked += 1;
        let doc = self.doc;
        let example = doc.tree.follow_alias(example);
        let key = (addr(schema.node), addr(example.node), what.to_string());
        if let Some(hit) = self.old.remove(&key) {
            let still = hit.deps.iter().all(|(r, then)| same(doc.local(r), then));
            if still {
                if let Some((r, message)) = &hit.found {
                    out.push(Diagnostic::new(
                        example.start + r.start..example.start + r.end,
                        Severity::Warning,
                        code,
                        message.clone(),
                    ));
                }
                self.new.insert(key, hit);
                return;
            }
        }
        let mut deps = Vec::new();
        let found = self.validate_uncached(schema, example, what, &mut deps);
        if let Some((r, message)) = &found {
            out.push(Diagnostic::new(
                r.clone(),
                Severity::Warning,
                code,
                message.clone(),
            ));
        }
        self.new.insert(
            key,
            Entry {
                _schema: schema.node.clone(),
                _example: example.node.clone(),
                deps,
                found: found.map(|(r, m)| (r.start - example.start..r.end - example.start, m)),
            },
        );
    }

    /// The finding of one example (absolute range and message), recording in `deps` the local
    /// references its schema's conversion followed.
    fn validate_uncached(
        &mut self,
        schema: NodeRef<'a>,
        example: NodeRef<'a>,
        what: &str,
        deps: &mut Followed,
    ) -> Option<(std::ops::Range<usize>, String)> {
        let doc = self.doc;
        // A bare `$ref` is keyed by what it names, so that every use shares one validator.
        let mut chain = Vec::new();
        let key = match doc.get(schema, "$ref") {
            Some(_) if doc.entries(schema).count() == 1 => {
                // The references followed to the named schema are dependencies too.
                let mut node = schema;
                for _ in 0..32 {
                    let Some(r) = doc.get(node, "$ref").and_then(|r| doc.str_of(r)) else {
                        break;
                    };
                    let t = doc.local(r)?;
                    chain.push((r.to_string(), Some(t.node.clone())));
                    node = t;
                }
                match doc.resolve(schema) {
                    Target::Found(t) => t.start,
                    Target::Unknown => return None,
                }
            }
            _ => schema.start,
        };
        deps.extend(chain);
        let known = lock(&self.shared.validators).get(&key).cloned();
        let (validator, schema_deps) = match known {
            Some(v) => {
                // Built for another unit: the references it followed are this unit's too.
                for (r, _) in &v.1 {
                    doc.local(r);
                }
                v
            }
            None => {
                let (converted, schema_deps) = convert(doc, schema);
                let v = converted.and_then(|(wrapper, draft)| {
                    // Inline schemas written alike (`{type: array, items: {$ref: …}}` in many
                    // responses) share one validator.
                    // The previous run's validators serve again: an edit to a description of a
                    // schema that hundreds of examples use changes nothing a validator sees.
                    let text = wrapper.to_string();
                    if let Some(v) = lock(&self.shared.by_text).get(&text) {
                        return v.clone();
                    }
                    // Built without the lock held: two threads may build the same one at once,
                    // and the second one made is dropped.
                    let v = match self.shared.previous.get(&text) {
                        Some(v) => v.clone(),
                        None => build(&wrapper, draft).map(Arc::new),
                    };
                    lock(&self.shared.by_text).entry(text).or_insert(v).clone()
                });
                lock(&self.shared.validators)
                    .entry(key)
                    .or_insert((v, schema_deps))
                    .clone()
            }
        };
        deps.extend(schema_deps);
        let validator = validator?;
        // A broken example (a syntax error inside) is the syntax diagnostics' business.
        let example = doc.tree.follow_alias(example);
        let span = example.range();
        // An empty value (`example:` with nothing after it, or a value the parser could not
        // read) is no example.
        if example.node.is_empty()
            || matches!(example.node.kind(), NodeKind::Invalid)
            || example.node.flags() & FLAG_PROBLEMS != 0
            || doc
                .parsed
                .errors()
                .iter()
                .any(|e| e.range.start < span.end && span.start <= e.range.start)
        {
            return None;
        }
        // JSON has no infinity or NaN (`.inf`, `.nan` in YAML): such an example is not JSON.
        let mut budget = MAX_EXAMPLE_VALUES;
        if has_non_finite(doc, example, 0, &mut budget) {
            return None;
        }
        let Ok(instance) = node_to_json(doc.tree, example) else {
            return None;
        };
        if validator.is_valid(&instance) {
            return None;
        }
        // Of the first errors, the one deepest in the value: the most precise place.
        let error = validator
            .iter_errors(&instance)
            .take(32)
            .enumerate()
            .max_by_key(|(i, e)| (depth(e), std::cmp::Reverse(*i)))
            .map(|(_, e)| e)?;
        let (range, message) = describe(doc, example, &error);
        Some((
            range,
            format!("{what} does not match its schema: {message}"),
        ))
    }
}

/// A Schema Object as a standalone JSON Schema and its draft, or `None` when it cannot be
/// converted for sure.
fn convert(doc: &Doc<'_>, schema: NodeRef<'_>) -> (Option<(Value, Draft)>, Followed) {
    let mut c = Converter {
        doc,
        names: HashMap::new(),
        queue: Vec::new(),
        values: 0,
        legacy: !doc.is_31_or_later(),
        deps: Vec::new(),
    };
    let converted = convert_with(&mut c, schema);
    (converted, c.deps)
}

fn convert_with<'a>(c: &mut Converter<'_, 'a>, schema: NodeRef<'a>) -> Option<(Value, Draft)> {
    let root = c.schema(schema, 0)?;
    let mut defs = Map::new();
    let mut i = 0;
    while i < c.queue.len() {
        let (name, target) = (c.queue[i].0.clone(), c.queue[i].1);
        let converted = c.schema(target, 0)?;
        defs.insert(name, converted);
        i += 1;
    }
    let mut wrapper = Map::new();
    let (defs_key, draft) = if c.legacy {
        ("definitions", Draft::Draft4)
    } else {
        ("$defs", Draft::Draft202012)
    };
    defs.sort_keys();
    if !defs.is_empty() {
        wrapper.insert(defs_key.into(), Value::Object(defs));
    }
    wrapper.insert("allOf".into(), Value::Array(vec![root]));
    Some((Value::Object(wrapper), draft))
}

/// The formats an example is held to (as Spectral's ajv-formats holds it): those whose meaning
/// no one disputes. Others (`int64`, `byte`, `password`, custom ones) are annotations here.
const ASSERTED_FORMATS: &[&str] = &["date", "date-time", "email", "uri", "uuid", "ipv4", "ipv6"];

fn build(schema: &Value, draft: Draft) -> Option<Validator> {
    jsonschema::options()
        .with_draft(draft)
        .should_validate_formats(true)
        .build(schema)
        .ok()
}

struct Converter<'d, 'a> {
    doc: &'d Doc<'a>,
    /// The definition name of every referenced schema, by its start.
    names: HashMap<usize, String>,
    queue: Vec<(String, NodeRef<'a>)>,
    values: usize,
    /// OpenAPI 3.0 and Swagger 2.0: draft-04 with OpenAPI's own keywords.
    legacy: bool,
    /// Every local reference followed, with the address of the node it named.
    deps: Followed,
}

impl<'a> Converter<'_, 'a> {
    fn count(&mut self) -> Option<()> {
        self.values += 1;
        (self.values <= MAX_SCHEMA_VALUES).then_some(())
    }

    /// `#/definitions/s3` for a local reference (the target is converted later).
    fn reference(&mut self, reference: &str) -> Option<Value> {
        let target = self.doc.local(reference)?;
        self.deps
            .push((reference.to_string(), Some(target.node.clone())));
        // Named after its place, so that one schema has one name whoever refers to it.
        let next = self.names.len();
        let name = self
            .names
            .entry(target.start)
            .or_insert_with(|| format!("at{}", target.start))
            .clone();
        if self.names.len() > next {
            self.queue.push((name.clone(), target));
        }
        let prefix = if self.legacy {
            "#/definitions/"
        } else {
            "#/$defs/"
        };
        Some(Value::String(format!("{prefix}{name}")))
    }

    fn schema(&mut self, node: NodeRef<'a>, depth: usize) -> Option<Value> {
        self.count()?;
        if depth > MAX_DEPTH {
            return None;
        }
        let doc = self.doc;
        let node = doc.tree.follow_alias(node);
        if !matches!(node.node.kind(), NodeKind::Mapping(_)) {
            return node_to_json(doc.tree, node).ok();
        }
        let flag = |key: &str| {
            doc.get(node, key)
                .is_some_and(|v| matches!(v.node.as_scalar(), Some(ScalarValue::Bool(true))))
        };
        let nullable = self.legacy && (flag("nullable") || flag("x-nullable"));
        let has_discriminator = doc.get(node, "discriminator").is_some();
        let mut map = Map::new();
        if let Some(r) = doc.get(node, "$ref") {
            let r = self.reference(doc.str_of(r)?)?;
            map.insert("$ref".into(), r);
            if self.legacy {
                return Some(with_null(Value::Object(map), nullable));
            }
        }
        for (k, v) in doc.entries(node) {
            let key = k.node.key_text()?.into_owned();
            let value = match key.as_str() {
                "$ref" => continue,
                "$dynamicRef" | "$recursiveRef" => return None,
                // Annotations are left out, so that schemas that differ only in them share a
                // validator, also across edits; so are the formats not asserted.
                "nullable" | "discriminator" | "example" | "xml" | "externalDocs"
                | "deprecated" | "readOnly" | "writeOnly" | "$id" | "id" | "$schema"
                | "$anchor" | "$dynamicAnchor" | "$recursiveAnchor" | "$comment"
                | "description" | "title" | "default" | "examples" => continue,
                "format" if !doc.str_of(v).is_some_and(|f| ASSERTED_FORMATS.contains(&f)) => {
                    continue
                }
                _ if key.starts_with("x-") => continue,
                "type" if self.legacy && doc.str_of(v) == Some("file") => return None,
                "properties" | "patternProperties" | "definitions" | "$defs"
                | "dependentSchemas" => self.schema_map(v, depth)?,
                "allOf" | "anyOf" | "oneOf" | "prefixItems" => self.schema_list(v, depth)?,
                "items" if matches!(v.node.kind(), NodeKind::Sequence(_)) => {
                    self.schema_list(v, depth)?
                }
                k if k == "items" || super::ONE_SUBSCHEMA.contains(&k) => {
                    self.schema(v, depth + 1)?
                }
                "dependencies" => {
                    let mut deps = Map::new();
                    for (dk, dv) in doc.entries(v) {
                        let dk = dk.node.key_text()?.into_owned();
                        let dv = if matches!(dv.node.kind(), NodeKind::Mapping(_)) {
                            self.schema(dv, depth + 1)?
                        } else {
                            node_to_json(doc.tree, dv).ok()?
                        };
                        deps.insert(dk, dv);
                    }
                    Value::Object(deps)
                }
                "required" => self.required(node, v)?,
                _ => node_to_json(doc.tree, v).ok()?,
            };
            let key = if key == "oneOf" && has_discriminator {
                // The discriminator picks the one: schemas that overlap are no mistake.
                "anyOf".to_string()
            } else {
                key
            };
            map.insert(key, value);
        }
        Some(nullable_30(map, nullable))
    }

    fn schema_map(&mut self, v: NodeRef<'a>, depth: usize) -> Option<Value> {
        let mut m = Map::new();
        for (k, s) in self.doc.entries(v) {
            m.insert(k.node.key_text()?.into_owned(), self.schema(s, depth + 1)?);
        }
        Some(Value::Object(m))
    }

    fn schema_list(&mut self, v: NodeRef<'a>, depth: usize) -> Option<Value> {
        let items: Vec<Value> = self
            .doc
            .items(v)
            .map(|s| self.schema(s, depth + 1))
            .collect::<Option<_>>()?;
        Some(Value::Array(items))
    }

    /// `required` without the properties that are `readOnly` or `writeOnly`: an example may be
    /// a request or a response, and each leaves one kind out.
    fn required(&mut self, schema: NodeRef<'a>, list: NodeRef<'a>) -> Option<Value> {
        let doc = self.doc;
        let props = doc.get(schema, "properties");
        let one_way = |name: &str| {
            let Some(p) = props.and_then(|p| doc.get(p, name)) else {
                return false;
            };
            let Target::Found(p) = doc.resolve(p) else {
                return false;
            };
            ["readOnly", "writeOnly"].iter().any(|k| {
                doc.get(p, k)
                    .is_some_and(|v| matches!(v.node.as_scalar(), Some(ScalarValue::Bool(true))))
            })
        };
        let Value::Array(names) = node_to_json(doc.tree, list).ok()? else {
            return None;
        };
        Some(Value::Array(
            names
                .into_iter()
                .filter(|n| n.as_str().is_none_or(|n| !one_way(n)))
                .collect(),
        ))
    }
}

/// OpenAPI 3.0's `nullable: true` in JSON Schema: `null` joins the `type` and the `enum`; a
/// schema with no `type` (composition) is wrapped in an `anyOf` with `null`.
fn nullable_30(mut map: Map<String, Value>, nullable: bool) -> Value {
    if !nullable {
        return Value::Object(map);
    }
    if let Some(Value::Array(values)) = map.get_mut("enum") {
        if !values.contains(&Value::Null) {
            values.push(Value::Null);
        }
    }
    match map.get_mut("type") {
        Some(Value::String(t)) => {
            let t = std::mem::take(t);
            map.insert("type".into(), serde_json::json!([t, "null"]));
        }
        Some(Value::Array(ts)) => {
            if !ts.contains(&Value::from("null")) {
                ts.push(Value::from("null"));
            }
        }
        _ => {
            let composed = ["allOf", "anyOf", "oneOf", "not", "$ref"]
                .iter()
                .any(|k| map.contains_key(*k));
            if composed {
                return with_null(Value::Object(map), true);
            }
        }
    }
    Value::Object(map)
}

fn with_null(schema: Value, nullable: bool) -> Value {
    if !nullable {
        return schema;
    }
    serde_json::json!({"anyOf": [{"type": "null"}, schema]})
}

/// The range and the message of a validation error, on the smallest node of the example.
fn describe(
    doc: &Doc<'_>,
    example: NodeRef<'_>,
    error: &jsonschema::ValidationError<'_>,
) -> (std::ops::Range<usize>, String) {
    let mut node = doc.tree.follow_alias(example);
    let mut names: Vec<String> = Vec::new();
    let mut label = String::new();
    for segment in error.instance_path().as_str().split('/').skip(1) {
        let token = crate::syntax::node::unescape_pointer_token(segment).into_owned();
        let next = match node.node.kind() {
            NodeKind::Sequence(_) => {
                label.push_str(&format!("[{token}]"));
                token.parse().ok().and_then(|i| doc.items(node).nth(i))
            }
            _ => {
                if !label.is_empty() {
                    label.push('.');
                }
                label.push_str(&token);
                doc.get(node, &token)
            }
        };
        names.push(token);
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    let what = if label.is_empty() {
        "the value".to_string()
    } else {
        format!("'{label}'")
    };
    let instance = error.instance();
    let mut range = node.value_range();
    let message = match error.kind() {
        ValidationErrorKind::Type { kind } => {
            let expected: Vec<&str> = match kind {
                TypeKind::Single(t) => vec![article(*t)],
                TypeKind::Multiple(ts) => ts.iter().map(article).collect(),
            };
            format!(
                "{what} must be {}, found {}",
                expected.join(" or "),
                article(type_of(instance))
            )
        }
        ValidationErrorKind::Enum { options } => {
            format!("{what} must be one of {}", listing(options))
        }
        ValidationErrorKind::Format { format } => {
            format!("{what} is not a valid `{format}`")
        }
        ValidationErrorKind::Constant { expected_value } => {
            format!("{what} must be {}", short(expected_value))
        }
        ValidationErrorKind::Required { property } => {
            format!(
                "{what} lacks the required property {}",
                property
                    .as_str()
                    .map(|p| format!("'{p}'"))
                    .unwrap_or_else(|| property.to_string())
            )
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let first = unexpected.first().cloned().unwrap_or_default();
            if let Some((k, _)) = doc
                .entries(node)
                .find(|(k, _)| k.node.key_text().as_deref() == Some(first.as_str()))
            {
                range = k.range();
            }
            let label = if label.is_empty() {
                first.clone()
            } else {
                format!("{label}.{first}")
            };
            format!(
                "'{label}' is not a property of the schema (it does not allow other properties)"
            )
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            let keyword = error.kind().keyword();
            match closest(context) {
                Some(inner) => {
                    let (inner_range, inner_message) = describe(doc, example, inner);
                    if depth(inner) > depth(error) {
                        range = inner_range;
                    }
                    format!("{what} matches none of the `{keyword}` schemas; the closest: {inner_message}")
                }
                None => error.masked_with(what).to_string(),
            }
        }
        _ => error.masked_with(what).to_string(),
    };
    (range, message)
}

/// Of the errors of each `anyOf`/`oneOf` branch, the one that went furthest into the value (a
/// type mismatch at the top counts least): what the author most likely meant.
fn closest<'e>(
    branches: &'e [Vec<jsonschema::ValidationError<'static>>],
) -> Option<&'e jsonschema::ValidationError<'static>> {
    // The branch the value was meant for: not one whose `enum`/`const` it fails (that is
    // usually the tag that picks a branch: `type: ukLocal` is not the `usLocal` branch), then
    // the one with the fewest errors; in it, the deepest error (not a mere type error).
    let wrong_tag = |errors: &[jsonschema::ValidationError<'static>]| {
        errors.iter().any(|e| {
            matches!(
                e.kind(),
                ValidationErrorKind::Enum { .. } | ValidationErrorKind::Constant { .. }
            )
        })
    };
    let branch = branches
        .iter()
        .filter(|errors| !errors.is_empty())
        .min_by_key(|errors| (wrong_tag(errors), errors.len()))?;
    branch.iter().max_by_key(|e| {
        (
            depth(e),
            !matches!(e.kind(), ValidationErrorKind::Type { .. }),
        )
    })
}

/// Whether a value holds a float that JSON cannot hold, or is too large or deep to look at
/// (aliases can make a small text a huge value).
fn has_non_finite(doc: &Doc<'_>, node: NodeRef<'_>, depth: usize, budget: &mut usize) -> bool {
    if depth > 256 || *budget == 0 {
        return true;
    }
    *budget -= 1;
    let node = doc.tree.follow_alias(node);
    match node.node.kind() {
        NodeKind::Scalar(s) => matches!(s.value, ScalarValue::Float(f) if !f.is_finite()),
        NodeKind::Mapping(_) => doc
            .entries(node)
            .any(|(_, v)| has_non_finite(doc, v, depth + 1, budget)),
        NodeKind::Sequence(_) => doc
            .items(node)
            .any(|v| has_non_finite(doc, v, depth + 1, budget)),
        _ => false,
    }
}

fn depth(e: &jsonschema::ValidationError<'_>) -> usize {
    e.instance_path().as_str().matches('/').count()
}

fn type_of(v: &Value) -> JsonType {
    match v {
        Value::Null => JsonType::Null,
        Value::Bool(_) => JsonType::Boolean,
        Value::Number(n) if n.is_i64() || n.is_u64() => JsonType::Integer,
        Value::Number(_) => JsonType::Number,
        Value::String(_) => JsonType::String,
        Value::Array(_) => JsonType::Array,
        Value::Object(_) => JsonType::Object,
    }
}

fn article(t: JsonType) -> &'static str {
    match t {
        JsonType::Array => "an array",
        JsonType::Boolean => "a boolean",
        JsonType::Integer => "an integer",
        JsonType::Null => "null",
        JsonType::Number => "a number",
        JsonType::Object => "an object",
        JsonType::String => "a string",
    }
}

fn listing(options: &Value) -> String {
    let Value::Array(list) = options else {
        return short(options);
    };
    let mut shown: Vec<String> = list.iter().take(6).map(short).collect();
    if list.len() > 6 {
        shown.push(format!("… ({} in all)", list.len()));
    }
    shown.join(", ")
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{found, messages};

    const OAS30: &str = "\
openapi: 3.0.3
paths:
  /pets:
    get:
      parameters:
        - name: limit
          in: query
          schema: {type: integer}
          example: ten
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
              example: {id: '7', name: Rex}
              examples:
                good: {value: {id: 7, name: Rex, tag: null}}
                extra: {value: {id: 7, name: Rex, color: red}}
                ref: {$ref: '#/components/examples/NoName'}
            application/xml:
              schema: {$ref: '#/components/schemas/Pet'}
              example: '<pet/>'
components:
  examples:
    NoName: {value: {id: 7}}
  schemas:
    Pet:
      type: object
      required: [id, name, created]
      additionalProperties: false
      properties:
        id: {type: integer}
        name: {type: string, example: 12}
        tag: {type: string, nullable: true, example: null}
        created: {type: string, format: date-time, readOnly: true, example: not-a-date}
        kind:
          type: string
          enum: [cat, dog]
          example: bird
          xml: {name: k}
    Shape:
      oneOf: [{$ref: '#/components/schemas/Pet'}, {type: object}]
      discriminator: {propertyName: kind}
      example: {kind: cat}
    Remote:
      $ref: 'other.yaml#/Pet'
    UsesRemote:
      type: object
      properties: {r: {$ref: 'other.yaml#/Pet'}}
      example: {r: 1}
";

    /// Of a `oneOf` none of whose branches takes the value, the one it was meant for is
    /// described: not a branch whose tag (`enum`, `const`) it fails, and then the branch with
    /// the fewest errors (Adyen's UK bank account with `sortCode: 090102`, an integer).
    #[test]
    fn a_one_of_is_described_by_the_branch_the_value_was_meant_for() {
        let text = "\
openapi: 3.0.3
components:
  schemas:
    Account:
      oneOf:
        - type: object
          additionalProperties: false
          required: [type, accountNumber]
          properties:
            type: {type: string, enum: [usLocal]}
            accountNumber: {type: string}
            routingNumber: {type: string}
        - type: object
          additionalProperties: false
          required: [type, sortCode]
          properties:
            type: {type: string, enum: [ukLocal]}
            accountNumber: {type: string}
            sortCode: {type: string}
      example:
        type: ukLocal
        accountNumber: '00000123'
        sortCode: 090102
";
        let check = |d: &Doc<'_>, o: &mut Vec<Diagnostic>| {
            check(d, o, &mut Cache::default(), &Shared::default())
        };
        assert_eq!(
            found(text, check),
            [("spec/example-mismatch", "090102".to_string())]
        );
        let msgs = messages(text, check);
        assert!(
            msgs[0].ends_with("the closest: 'sortCode' must be a string, found an integer"),
            "{msgs:?}"
        );
    }

    #[test]
    fn openapi_30_examples() {
        assert_eq!(
            found(OAS30, |d, o| check(
                d,
                o,
                &mut Cache::default(),
                &Shared::default()
            )),
            [
                ("spec/media-example-mismatch", "ten".to_string()),
                ("spec/media-example-mismatch", "'7'".to_string()),
                ("spec/media-example-mismatch", "color".to_string()),
                ("spec/media-example-mismatch", "{id: 7}".to_string()),
                ("spec/example-mismatch", "12".to_string()),
                // `date-time` is a format that examples are held to.
                ("spec/example-mismatch", "not-a-date".to_string()),
                ("spec/example-mismatch", "bird".to_string()),
            ]
        );
        let msgs = messages(OAS30, |d, o| {
            check(d, o, &mut Cache::default(), &Shared::default())
        });
        assert!(
            msgs.contains(
                &"example does not match its schema: the value is not a valid `date-time`"
                    .to_string()
            ),
            "{msgs:?}"
        );
        assert!(
            msgs.contains(
                &"example does not match its schema: 'id' must be an integer, found a string"
                    .to_string()
            ),
            "{msgs:?}"
        );
        assert!(
            msgs.contains(
                &"example `ref` does not match its schema: the value lacks the required property 'name'"
                    .to_string()
            ),
            "{msgs:?}"
        );
    }

    #[test]
    fn openapi_31_and_swagger_examples() {
        let text = "\
openapi: 3.1.0
components:
  schemas:
    Id:
      type: [integer, 'null']
      examples: [1, null, x]
      exclusiveMinimum: 0
    List:
      type: array
      items: {$ref: '#/components/schemas/Id'}
      examples: [[1, 2], [1, -1]]
    Tree:
      type: object
      properties:
        children: {type: array, items: {$ref: '#/components/schemas/Tree'}}
      examples: [{children: [{children: []}]}, {children: [{children: 3}]}]
";
        assert_eq!(
            found(text, |d, o| check(
                d,
                o,
                &mut Cache::default(),
                &Shared::default()
            )),
            [
                ("spec/example-mismatch", "x".to_string()),
                ("spec/example-mismatch", "-1".to_string()),
                ("spec/example-mismatch", "3".to_string()),
            ]
        );
        let text = "\
swagger: '2.0'
definitions:
  Pet:
    type: object
    properties:
      id: {type: integer, format: int64, example: 1}
      name: {type: string, x-nullable: true, example: null}
      age: {type: integer, minimum: 0, example: -1}
";
        assert_eq!(
            found(text, |d, o| check(
                d,
                o,
                &mut Cache::default(),
                &Shared::default()
            )),
            [("spec/example-mismatch", "-1".to_string())]
        );
        let msgs = messages(text, |d, o| {
            check(d, o, &mut Cache::default(), &Shared::default())
        });
        assert!(
            msgs[0].contains("'age'") || msgs[0].contains("the value"),
            "{msgs:?}"
        );
    }
}
