//! The official meta-schemas, shipped inside the binary (`server/schemas/`), compiled lazily once
//! per spec line, and the validators of the *units* of a document (a path item, a component) that
//! are checked on their own so that an edit re-validates only the unit it touched.

use foldhash::{HashMap, HashMapExt};
use std::sync::{Arc, Mutex, OnceLock};

use jsonschema::{Registry, Validator};
use serde_json::{json, Value};

use crate::spec::{Line, SpecKind};
use crate::syntax::{Lang, Parsed};

/// One meta-schema: its resources (by `$id`), its compiled validator, and the validators of unit
/// locations found so far.
pub struct MetaSchema {
    /// The resources by `$id` (without a trailing `#`): the root first.
    resources: Vec<(String, Value)>,
    /// Schemas with an `$id` of their own inside a resource (bundled meta-schemas such as
    /// AsyncAPI's): the resource's index and the JSON pointer to them.
    embedded: HashMap<String, (usize, String)>,
    registry: Option<Registry<'static>>,
    root: Validator,
    draft: jsonschema::Draft,
    /// Extra `$defs` for the wrapper of a unit validator (OpenAPI 3.1/3.2's `schema-base`
    /// `$dynamicAnchor: meta`, so that Schema Objects are checked as strictly as in the whole).
    wrapper_defs: Option<Value>,
    units: Mutex<HashMap<Vec<String>, Option<Arc<UnitSchema>>>>,
    /// The unit (or none) of each document path asked for, so that the schemas are walked once
    /// per path and not on every keystroke.
    by_path: Mutex<HashMap<Vec<String>, Option<Arc<UnitSchema>>>>,
}

/// A sub-schema and the index of the resource it lives in.
type SubSchema = (usize, Value);

/// The validator of one unit location and a value that it accepts, to stand in for the unit when
/// the rest of the document (the skeleton) is validated (none: not usable as a unit).
pub struct UnitSchema {
    pub validator: Validator,
    pub placeholder: Option<Value>,
}

/// Whether a conditional keyword (`anyOf: [{required: [paths]}, …]`) only constrains the object
/// itself (which keys it has), never the values of its keys: then a key's value can still be
/// validated on its own.
fn only_about_the_object(keyword: &str, v: &Value) -> bool {
    const REACHES_VALUES: [&str; 18] = [
        "properties",
        "patternProperties",
        "additionalProperties",
        "unevaluatedProperties",
        "items",
        "prefixItems",
        "additionalItems",
        "contains",
        "$ref",
        "$dynamicRef",
        "$recursiveRef",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
    ];
    if matches!(
        keyword,
        "$dynamicRef" | "$recursiveRef" | "dependentSchemas"
    ) {
        return false;
    }
    let schema_ok = |s: &Value| match s {
        Value::Bool(_) => true,
        Value::Object(o) => !o.keys().any(|k| {
            REACHES_VALUES.contains(&k.as_str()) || k == "dependentSchemas" || k == "dependencies"
        }),
        _ => false,
    };
    match (keyword, v) {
        ("oneOf" | "anyOf", Value::Array(branches)) => branches.iter().all(schema_ok),
        // draft-04 `dependencies`: lists of names only constrain keys.
        ("dependencies", Value::Object(d)) => d.values().all(|x| x.is_array() || schema_ok(x)),
        ("not" | "if", s) => schema_ok(s),
        _ => false,
    }
}

/// `{"$ref": "…/Reference"}` or a schema that requires `$ref`: the "Reference" alternative.
fn is_reference_schema(s: &Value) -> bool {
    let by_name = s
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
        .is_some_and(|n| n.to_ascii_lowercase().contains("reference"));
    let by_required = s
        .get("required")
        .is_some_and(|r| r == &serde_json::json!(["$ref"]));
    by_name || by_required
}

impl MetaSchema {
    pub fn root(&self) -> &Validator {
        &self.root
    }

    /// The schema object at an absolute keyword location (`<id>#/json/pointer`) inside one of
    /// this meta-schema's resources, for messages (e.g. the properties a mapping may have).
    pub fn schema_at(&self, location: &str) -> Option<&Value> {
        let (base, fragment) = location.split_once('#').unwrap_or((location, ""));
        let (idx, at) = self.locate(base)?;
        let pointer = format!("{at}{}", crate::refs::percent_decode(fragment));
        self.resources[idx].1.pointer(&pointer)
    }

    /// The resource index and the pointer inside it of a schema with this `$id`.
    fn locate(&self, id: &str) -> Option<(usize, &str)> {
        if let Some(i) = self.resources.iter().position(|(r, _)| r == id) {
            return Some((i, ""));
        }
        self.embedded.get(id).map(|(i, p)| (*i, p.as_str()))
    }

    /// The validator for the value at `path` (keys from the document root), if its schema can be
    /// found without passing a conditional keyword (`oneOf`, `if`, …) on the way, so that
    /// validating it alone gives the same errors as validating it inside the whole document.
    pub fn unit(&self, path: &[String]) -> Option<Arc<UnitSchema>> {
        if let Some(found) = self
            .by_path
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
        {
            return found.clone();
        }
        let refs: Vec<&str> = path.iter().map(String::as_str).collect();
        let found = self.unit_uncached(&refs);
        let mut by_path = self.by_path.lock().unwrap_or_else(|e| e.into_inner());
        // Keys typed one character at a time make many paths: start over now and then.
        if by_path.len() > 200_000 {
            by_path.clear();
        }
        by_path.insert(path.to_vec(), found.clone());
        found
    }

    fn unit_uncached(&self, path: &[&str]) -> Option<Arc<UnitSchema>> {
        let (schemas, shape) = self.applicable(path, false)?;
        let mut units = self.units.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = units.get(&shape) {
            return found.clone();
        }
        let made = self
            .compile_unit(schemas)
            .filter(|u| u.placeholder.is_some())
            .map(Arc::new);
        units.insert(shape, made.clone());
        made
    }

    /// The validator of what a fragment is used as when a spec references it at `path`, and a
    /// name for that (`PathItem`, `Schema`, …). Unlike [`Self::unit`], "X or a Reference"
    /// alternatives on the way are taken as X.
    pub fn fragment_schema(&self, path: &[&str]) -> Option<(Arc<UnitSchema>, String)> {
        let (schemas, mut shape) = self.applicable(path, true)?;
        let label = schemas
            .iter()
            .find_map(|(_, s)| {
                let r = s.get("$ref").and_then(Value::as_str).or_else(|| {
                    s.get("oneOf")
                        .or(s.get("anyOf"))
                        .and_then(Value::as_array)
                        .and_then(|b| b.iter().find(|b| !is_reference_schema(b)))
                        .and_then(|b| b.get("$ref"))
                        .and_then(Value::as_str)
                })?;
                Some(r.rsplit('/').next()?.to_string())
            })
            .unwrap_or_else(|| format!("the value at /{}", path.join("/")));
        shape.insert(0, "fragment".into());
        let mut units = self.units.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = units.get(&shape) {
            return found.clone().map(|u| (u, label));
        }
        let made = self.compile_unit(schemas).map(Arc::new);
        units.insert(shape, made.clone());
        made.map(|u| (u, label))
    }

    fn compile_unit(&self, schemas: Vec<SubSchema>) -> Option<UnitSchema> {
        let mut parts: Vec<Value> = schemas
            .into_iter()
            .map(|(res, mut s)| {
                absolutize_refs(&mut s, &self.resources[res].0);
                s
            })
            .collect();
        let mut wrapper = if parts.len() == 1 {
            parts.pop()?
        } else {
            json!({ "allOf": parts })
        };
        let Value::Object(map) = &mut wrapper else {
            return None;
        };
        if let Some(defs) = &self.wrapper_defs {
            map.insert("$defs".into(), defs.clone());
        }
        let validator = options(self.draft, self.registry.as_ref())
            .build(&wrapper)
            .ok()?;
        let placeholder = [json!({}), json!({ "$ref": "#/specls-placeholder" })]
            .into_iter()
            .find(|p| validator.is_valid(p));
        Some(UnitSchema {
            validator,
            placeholder,
        })
    }

    /// The sub-schemas that apply to the value at `path` (with the index of the resource each
    /// lives in), and a key that names the location (with each document key replaced by the
    /// schema key that matched it), or `None` if a conditional keyword is in the way.
    fn applicable(&self, path: &[&str], narrow: bool) -> Option<(Vec<SubSchema>, Vec<String>)> {
        let mut current: Vec<(usize, &Value)> = vec![(0, &self.resources[0].1)];
        let mut shape = Vec::new();
        for key in path {
            let mut next = Vec::new();
            let mut matched_by = None;
            let mut seen = 0;
            let mut stack = current.clone();
            while let Some((res, schema)) = stack.pop() {
                seen += 1;
                if seen > 64 {
                    return None;
                }
                let Value::Object(obj) = schema else {
                    return None;
                };
                // A value that the document holds at this place is not a reference (a
                // fragment is used *through* it): of "X or a Reference", X applies.
                let mut narrowed = false;
                if narrow {
                    if let Some(Value::Array(branches)) = obj.get("oneOf").or(obj.get("anyOf")) {
                        let kept: Vec<&Value> = branches
                            .iter()
                            .filter(|b| !is_reference_schema(b))
                            .collect();
                        if kept.len() == 1 && kept.len() < branches.len() {
                            stack.push((res, kept[0]));
                            narrowed = true;
                        }
                    }
                    let if_ref = obj
                        .get("if")
                        .and_then(|i| i.get("required"))
                        .is_some_and(|r| r == &serde_json::json!(["$ref"]));
                    if if_ref {
                        if let Some(e) = obj.get("else") {
                            stack.push((res, e));
                            narrowed = true;
                        }
                    }
                }
                for k in [
                    "oneOf",
                    "anyOf",
                    "not",
                    "if",
                    "dependentSchemas",
                    "dependencies",
                    "$dynamicRef",
                    "$recursiveRef",
                ] {
                    let handled = narrowed && matches!(k, "oneOf" | "anyOf" | "if");
                    if let Some(v) = obj.get(k) {
                        if !handled && !only_about_the_object(k, v) {
                            return None;
                        }
                    }
                }
                if let Some(Value::String(r)) = obj.get("$ref") {
                    stack.push(self.resolve(res, r)?);
                }
                if let Some(Value::Array(all)) = obj.get("allOf") {
                    stack.extend(all.iter().map(|s| (res, s)));
                }
                let mut own = false;
                // An item of a list (only when narrowing: units are never list items).
                if narrow && key.parse::<usize>().is_ok() {
                    if let Some(items) = obj.get("items").filter(|i| i.is_object()) {
                        next.push((res, items));
                        own = true;
                        matched_by.get_or_insert_with(|| "[]".to_string());
                    }
                }
                if let Some(s) = obj.get("properties").and_then(|p| p.get(*key)) {
                    next.push((res, s));
                    own = true;
                    matched_by.get_or_insert_with(|| key.to_string());
                }
                if let Some(Value::Object(pp)) = obj.get("patternProperties") {
                    for (pattern, s) in pp {
                        let re = regex_lite(pattern)?;
                        if re.is_match(key) {
                            next.push((res, s));
                            own = true;
                            matched_by.get_or_insert_with(|| format!("~{pattern}"));
                        }
                    }
                }
                if !own {
                    match obj.get("additionalProperties") {
                        None | Some(Value::Bool(true)) => {}
                        Some(Value::Bool(false)) => return None,
                        Some(s) => {
                            next.push((res, s));
                            matched_by.get_or_insert_with(|| "*".to_string());
                        }
                    }
                }
            }
            // A key that nothing evaluates may meet `unevaluatedProperties`: not a unit.
            shape.push(matched_by?);
            if next.is_empty() {
                return None;
            }
            current = next;
        }
        Some((
            current.into_iter().map(|(r, s)| (r, s.clone())).collect(),
            shape,
        ))
    }

    /// Resolves a `$ref` found in resource `res`: a local pointer or another resource.
    fn resolve<'s>(&'s self, res: usize, r: &str) -> Option<(usize, &'s Value)> {
        let (base, fragment) = r.split_once('#').unwrap_or((r, ""));
        let (idx, at) = if base.is_empty() {
            (res, "")
        } else {
            self.locate(base)?
        };
        // A local pointer inside an embedded resource would be relative to it: not followed.
        if base.is_empty() && !fragment.is_empty() && self.embedded.values().any(|(i, _)| *i == res)
        {
            return None;
        }
        let pointer = format!("{at}{}", crate::refs::percent_decode(fragment));
        Some((idx, self.resources[idx].1.pointer(&pointer)?))
    }
}

/// Compiles a pattern of the meta-schemas (simple ECMA-262 regexes) with the `regex` engine that
/// `jsonschema` brings.
fn regex_lite(pattern: &str) -> Option<regex::Regex> {
    static CACHE: OnceLock<Mutex<HashMap<String, Option<regex::Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    map.entry(pattern.to_string())
        .or_insert_with(|| regex::Regex::new(pattern).ok())
        .clone()
}

/// Makes every local `$ref` (`#/…`) inside a sub-schema absolute, so that it still points into
/// its own resource when the sub-schema is compiled on its own.
fn absolutize_refs(v: &mut Value, base: &str) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                match (k.as_str(), &mut *child) {
                    ("$ref", Value::String(r)) if r.starts_with('#') => {
                        *r = format!("{base}{r}");
                    }
                    ("enum" | "const" | "default" | "examples" | "example", _) => {}
                    _ => absolutize_refs(child, base),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| absolutize_refs(i, base)),
        _ => {}
    }
}

// --- the shipped files -------------------------------------------------------------------------

const SWAGGER_20: &str = include_str!("../../schemas/openapi/2.0/schema.json");
const OPENAPI_30: &str = include_str!("../../schemas/openapi/3.0/schema.json");
const OPENAPI_31: &str = include_str!("../../schemas/openapi/3.1/schema.json");
const OPENAPI_31_BASE: &str = include_str!("../../schemas/openapi/3.1/schema-base.json");
const OPENAPI_31_DIALECT: &str = include_str!("../../schemas/openapi/3.1/dialect.json");
const OPENAPI_31_META: &str = include_str!("../../schemas/openapi/3.1/meta.json");
const OPENAPI_32: &str = include_str!("../../schemas/openapi/3.2/schema.yaml");
const OPENAPI_32_BASE: &str = include_str!("../../schemas/openapi/3.2/schema-base.yaml");
const OPENAPI_32_DIALECT: &str = include_str!("../../schemas/openapi/3.2/dialect.yaml");
const OPENAPI_32_META: &str = include_str!("../../schemas/openapi/3.2/meta.yaml");

const ASYNCAPI: [(&str, &str); 9] = [
    ("2.0", include_str!("../../schemas/asyncapi/2.0.0.json")),
    ("2.1", include_str!("../../schemas/asyncapi/2.1.0.json")),
    ("2.2", include_str!("../../schemas/asyncapi/2.2.0.json")),
    ("2.3", include_str!("../../schemas/asyncapi/2.3.0.json")),
    ("2.4", include_str!("../../schemas/asyncapi/2.4.0.json")),
    ("2.5", include_str!("../../schemas/asyncapi/2.5.0.json")),
    ("2.6", include_str!("../../schemas/asyncapi/2.6.0.json")),
    ("3.0", include_str!("../../schemas/asyncapi/3.0.0.json")),
    ("3.1", include_str!("../../schemas/asyncapi/3.1.0.json")),
];

/// The shipped AsyncAPI meta-schema of a version (`2.6`, `3.0`: major and minor), as JSON text.
pub fn asyncapi_text(minor: &str) -> Option<&'static str> {
    ASYNCAPI.iter().find(|(v, _)| *v == minor).map(|(_, t)| *t)
}

/// The validation options of every meta-schema validator. `format: regex` is not checked: specs
/// write ECMA-262 patterns, which Rust's regex engines read differently (`{1-2}` is a literal
/// there and an error here), so a check would report valid patterns.
fn options<'r>(
    draft: jsonschema::Draft,
    registry: Option<&'r Registry<'static>>,
) -> jsonschema::ValidationOptions<'r> {
    let mut o = jsonschema::options()
        .with_draft(draft)
        .with_format("regex", |_: &str| true);
    if let Some(r) = registry {
        o = o.with_registry(r);
    }
    o
}

fn parse_json(text: &str) -> Value {
    serde_json::from_str(text).expect("a shipped meta-schema is valid JSON")
}

fn parse_yaml(text: &str) -> Value {
    let parsed = Parsed::new(Lang::Yaml, text);
    crate::syntax::value::to_json(&parsed.tree).expect("a shipped meta-schema is valid YAML")
}

fn id_of(v: &Value) -> String {
    v.get("$id")
        .or_else(|| v.get("id"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim_end_matches('#')
        .to_string()
}

/// Records every nested `$id` (an absolute URI) with where it is.
fn collect_ids(v: &Value, res: usize, at: &mut String, out: &mut HashMap<String, (usize, String)>) {
    match v {
        Value::Object(map) => {
            if !at.is_empty() {
                if let Some(Value::String(id)) = map.get("$id") {
                    if id.contains("://") {
                        out.entry(id.trim_end_matches('#').to_string())
                            .or_insert((res, at.clone()));
                    }
                }
            }
            for (k, child) in map {
                if matches!(
                    k.as_str(),
                    "enum" | "const" | "default" | "examples" | "example"
                ) {
                    continue;
                }
                let len = at.len();
                at.push('/');
                at.push_str(&crate::syntax::node::escape_pointer_token(k));
                collect_ids(child, res, at, out);
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = at.len();
                at.push('/');
                at.push_str(&i.to_string());
                collect_ids(child, res, at, out);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

fn compile(
    resources: Vec<Value>,
    draft: jsonschema::Draft,
    wrapper_defs: Option<Value>,
) -> Option<MetaSchema> {
    let resources: Vec<(String, Value)> = resources.into_iter().map(|v| (id_of(&v), v)).collect();
    // Every resource, the root too: unit validators reach into it by absolute references.
    let registry = {
        let mut builder = Registry::new().draft(draft);
        for (id, v) in &resources {
            builder = builder.add(id, v.clone()).ok()?;
        }
        Some(builder.prepare().ok()?)
    };
    let root = match options(draft, registry.as_ref()).build(&resources[0].1) {
        Ok(v) => v,
        Err(e) => {
            tracing::error!("a shipped meta-schema does not compile: {e}");
            return None;
        }
    };
    let mut embedded = HashMap::new();
    for (i, (_, v)) in resources.iter().enumerate() {
        collect_ids(v, i, &mut String::new(), &mut embedded);
    }
    Some(MetaSchema {
        embedded,
        resources,
        registry,
        root,
        draft,
        wrapper_defs,
        units: Mutex::new(HashMap::new()),
        by_path: Mutex::new(HashMap::new()),
    })
}

/// OpenAPI 3.1/3.2: validation starts at `schema-base` (which checks Schema Objects with the
/// OpenAPI dialect); `schema.json` comes next so that units are found under its `properties`.
fn openapi_31_like(base: Value, schema: Value, dialect: Value, meta: Value) -> Option<MetaSchema> {
    let defs = base.get("$defs").cloned();
    // Units start from `schema.json`, reached through `schema-base`'s `$ref`.
    compile(
        vec![base, schema, dialect, meta],
        jsonschema::Draft::Draft202012,
        defs,
    )
}

static SWAGGER: OnceLock<Option<MetaSchema>> = OnceLock::new();
static OAS30: OnceLock<Option<MetaSchema>> = OnceLock::new();
static OAS31: OnceLock<Option<MetaSchema>> = OnceLock::new();
static OAS32: OnceLock<Option<MetaSchema>> = OnceLock::new();
static ASYNC: [OnceLock<Option<MetaSchema>>; 9] = [const { OnceLock::new() }; 9];

/// Forgets the units found for the paths of documents (the walks are cheap to redo; the compiled
/// validators are kept): called when no document is open, so that what a closed document
/// added does not stay.
pub fn forget_document_paths() {
    let all = [&SWAGGER, &OAS30, &OAS31, &OAS32]
        .into_iter()
        .chain(ASYNC.iter());
    for meta in all.filter_map(|m| m.get()?.as_ref()) {
        *meta.by_path.lock().unwrap_or_else(|e| e.into_inner()) = HashMap::new();
    }
}

/// The meta-schema for a spec kind, compiled the first time it is asked for; `None` for kinds
/// that are not validated as a whole (fragments, unknown versions) and JSON Schema documents
/// (see [`json_schema_draft`]).
pub fn for_kind(kind: &SpecKind) -> Option<&'static MetaSchema> {
    match kind.line {
        Line::Swagger2 => SWAGGER
            .get_or_init(|| {
                compile(
                    vec![parse_json(SWAGGER_20)],
                    jsonschema::Draft::Draft4,
                    None,
                )
            })
            .as_ref(),
        Line::OpenApi30 => OAS30
            .get_or_init(|| {
                compile(
                    vec![parse_json(OPENAPI_30)],
                    jsonschema::Draft::Draft4,
                    None,
                )
            })
            .as_ref(),
        Line::OpenApi31 => OAS31
            .get_or_init(|| {
                openapi_31_like(
                    parse_json(OPENAPI_31_BASE),
                    parse_json(OPENAPI_31),
                    parse_json(OPENAPI_31_DIALECT),
                    parse_json(OPENAPI_31_META),
                )
            })
            .as_ref(),
        Line::OpenApi32 => OAS32
            .get_or_init(|| {
                openapi_31_like(
                    parse_yaml(OPENAPI_32_BASE),
                    parse_yaml(OPENAPI_32),
                    parse_yaml(OPENAPI_32_DIALECT),
                    parse_yaml(OPENAPI_32_META),
                )
            })
            .as_ref(),
        Line::AsyncApi2 | Line::AsyncApi3 => {
            let mut parts = kind.version.split('.');
            let minor = format!(
                "{}.{}",
                parts.next().unwrap_or(""),
                parts.next().unwrap_or("")
            );
            let i = ASYNCAPI.iter().position(|(v, _)| *v == minor)?;
            ASYNC[i]
                .get_or_init(|| {
                    compile(
                        vec![parse_json(ASYNCAPI[i].1)],
                        jsonschema::Draft::Draft7,
                        None,
                    )
                })
                .as_ref()
        }
        _ => None,
    }
}

/// The draft whose meta-schema checks a JSON Schema document of this line.
pub fn json_schema_draft(line: Line) -> Option<jsonschema::Draft> {
    Some(match line {
        Line::Draft04 => jsonschema::Draft::Draft4,
        Line::Draft06 => jsonschema::Draft::Draft6,
        Line::Draft07 => jsonschema::Draft::Draft7,
        Line::Draft201909 => jsonschema::Draft::Draft201909,
        Line::Draft202012 => jsonschema::Draft::Draft202012,
        _ => return None,
    })
}
