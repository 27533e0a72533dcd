//! From `jsonschema` errors to diagnostics people can act on: `oneOf`/`anyOf` failures collapsed
//! to the branch the author meant, each finding on the smallest range that explains it, and
//! messages that say what to write.

use std::ops::Range;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::ValidationError;
use serde_json::Value;

use super::metaschemas::MetaSchema;
use crate::analysis::{Diagnostic, Severity};
use crate::syntax::node::{unescape_pointer_token, NodeKind, NodeRef};
use crate::syntax::Parsed;

/// Where the validated value sits in the document.
pub struct Base<'a> {
    pub node: NodeRef<'a>,
    /// The range of the key that holds the value (none for the document root).
    pub key_range: Option<Range<usize>>,
    /// The keys from the root down to the value.
    pub path: Vec<String>,
}

impl<'a> Base<'a> {
    pub fn root(node: NodeRef<'a>) -> Base<'a> {
        Base {
            node,
            key_range: None,
            path: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum What {
    /// A key the schema does not allow; the finding's path ends with it.
    Unknown {
        allowed: Vec<String>,
        patterns: Vec<String>,
    },
    /// A key that breaks a `propertyNames` rule; the finding's path ends with it.
    BadKey(String),
    Missing(Vec<String>),
    /// None of several alternative fields is there (`schema` or `content`).
    MissingOneOf(Vec<String>),
    Type {
        expected: Vec<String>,
        found: &'static str,
    },
    Enum {
        options: Vec<Value>,
        found: Value,
    },
    Other {
        code: &'static str,
        message: String,
    },
}

#[derive(Clone, Debug)]
struct Finding {
    /// JSON-pointer tokens from the validated value down to the value the finding is about.
    path: Vec<String>,
    what: What,
}

pub fn diagnostics<'e>(
    parsed: &Parsed,
    meta: &MetaSchema,
    base: Base<'_>,
    errors: impl Iterator<Item = ValidationError<'e>>,
) -> Vec<Diagnostic> {
    to_diagnostics(parsed, Some(meta), base, errors)
}

pub fn diagnostics_without_meta<'e>(
    parsed: &Parsed,
    base: Base<'_>,
    errors: impl Iterator<Item = ValidationError<'e>>,
) -> Vec<Diagnostic> {
    to_diagnostics(parsed, None, base, errors)
}

fn to_diagnostics<'e>(
    parsed: &Parsed,
    meta: Option<&MetaSchema>,
    base: Base<'_>,
    errors: impl Iterator<Item = ValidationError<'e>>,
) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for e in errors.take(10_000) {
        flatten(&e, meta, &mut findings);
    }
    // Several missing fields of one mapping make one finding.
    let mut merged: Vec<Finding> = Vec::with_capacity(findings.len());
    for f in findings {
        if let What::Missing(names) = &f.what {
            if let Some(prev) = merged
                .iter_mut()
                .find(|p| p.path == f.path && matches!(p.what, What::Missing(_)))
            {
                if let What::Missing(prev_names) = &mut prev.what {
                    for n in names {
                        if !prev_names.contains(n) {
                            prev_names.push(n.clone());
                        }
                    }
                }
                continue;
            }
        }
        merged.push(f);
    }
    // A mapping whose field has a value outside its set (`type: apikey`) was judged by the
    // wrong branch: the fields that branch does not know are consequences, not mistakes.
    let judged_wrongly: Vec<Vec<String>> = merged
        .iter()
        .filter(|f| matches!(f.what, What::Enum { .. }) && !f.path.is_empty())
        .map(|f| f.path[..f.path.len() - 1].to_vec())
        .collect();
    merged
        .into_iter()
        .filter(|f| !through_bare_ref(parsed, &base, &f.path))
        .filter(|f| {
            !(matches!(f.what, What::Unknown { .. })
                && !f.path.is_empty()
                && judged_wrongly.contains(&f.path[..f.path.len() - 1].to_vec()))
        })
        .filter_map(|f| diagnostic(parsed, &base, f))
        .collect()
}

/// Whether a finding's path goes through (or ends at) a mapping that is nothing but a `$ref`
/// where the specification expects a value (`get: {$ref: ./get-pets.yaml}`, `properties: {$ref:
/// …}`, `components.schemas: {$ref: ./schemas.yaml}`): real specs do it, the content is in the
/// referenced file (checked there, as what it is used as), so the finding is not the author's.
fn through_bare_ref(parsed: &Parsed, base: &Base<'_>, path: &[String]) -> bool {
    let bare = |n: NodeRef<'_>| {
        n.node.entries().len() == 1
            && n.node.entries().first().is_some_and(|e| {
                e.key.key_text().as_deref() == Some("$ref") && e.value.as_str().is_some()
            })
    };
    let mut node = parsed.tree.follow_alias(base.node);
    if bare(node) {
        return true;
    }
    for t in path {
        let Some(child) = node.child(t) else {
            return false;
        };
        node = parsed.tree.follow_alias(child);
        if bare(node) {
            return true;
        }
    }
    false
}

fn tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .split('/')
        .skip(1)
        .map(|t| unescape_pointer_token(t).into_owned())
        .collect()
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn flatten(e: &ValidationError<'_>, meta: Option<&MetaSchema>, out: &mut Vec<Finding>) {
    let path = tokens(e.instance_path().as_str());
    let other = |code: &'static str, message: String| Finding {
        path: path.clone(),
        what: What::Other { code, message },
    };
    match e.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let (allowed, patterns) = allowed_keys(e, meta);
            for key in unexpected {
                let mut p = path.clone();
                p.push(key.clone());
                out.push(Finding {
                    path: p,
                    what: What::Unknown {
                        allowed: allowed.clone(),
                        patterns: patterns.clone(),
                    },
                });
            }
        }
        ValidationErrorKind::FalseSchema => out.push(Finding {
            path: path.clone(),
            what: What::Unknown {
                allowed: Vec::new(),
                patterns: Vec::new(),
            },
        }),
        ValidationErrorKind::Required { property } => out.push(Finding {
            path,
            what: What::Missing(vec![property.as_str().unwrap_or_default().to_string()]),
        }),
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => vec![t.to_string()],
                TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect(),
            };
            out.push(Finding {
                path,
                what: What::Type {
                    expected,
                    found: type_name(e.instance()),
                },
            })
        }
        ValidationErrorKind::Enum { options } => out.push(Finding {
            path,
            what: What::Enum {
                options: options.as_array().cloned().unwrap_or_default(),
                found: e.instance().clone().into_owned(),
            },
        }),
        ValidationErrorKind::Constant { expected_value } => out.push(Finding {
            path,
            what: What::Enum {
                options: vec![(**expected_value).clone()],
                found: e.instance().clone().into_owned(),
            },
        }),
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            collapse(&path, context, meta, out)
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => out.push(other(
            "schema/ambiguous",
            "this value matches more than one of the shapes allowed here; remove the fields that make it ambiguous".into(),
        )),
        ValidationErrorKind::PropertyNames { error } => {
            let key = error.instance().as_str().unwrap_or_default().to_string();
            let mut p = path.clone();
            p.push(key.clone());
            let why = match error.kind() {
                ValidationErrorKind::Pattern { pattern } => {
                    format!("the name '{key}' is not allowed here: names must match `{pattern}`")
                }
                _ => format!("the name '{key}' is not allowed here: {error}"),
            };
            out.push(Finding {
                path: p,
                what: What::BadKey(why),
            });
        }
        ValidationErrorKind::Not { schema } => {
            let both: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let message = if both.len() >= 2 {
                format!(
                    "{} cannot be used together: keep one",
                    quoted_list(&both.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "and")
                )
            } else {
                "this value is not allowed here".to_string()
            };
            out.push(other("schema/not-allowed", message));
        }
        ValidationErrorKind::MinProperties { limit } => out.push(other(
            "schema/too-few",
            if *limit == 1 {
                "{name} must not be empty".into()
            } else {
                format!("{{name}} needs at least {limit} entries")
            },
        )),
        ValidationErrorKind::MinItems { limit } => out.push(other(
            "schema/too-few",
            if *limit == 1 {
                "{name} must not be empty: give at least one item".into()
            } else {
                format!("{{name}} needs at least {limit} items")
            },
        )),
        ValidationErrorKind::MaxItems { limit } => out.push(other(
            "schema/too-many",
            format!("{{name}} holds more than {limit} items"),
        )),
        ValidationErrorKind::MaxProperties { limit } => out.push(other(
            "schema/too-many",
            format!("{{name}} holds more than {limit} entries"),
        )),
        ValidationErrorKind::Pattern { pattern } => out.push(other(
            "schema/pattern",
            format!("{{name}} must match the pattern `{pattern}`"),
        )),
        ValidationErrorKind::Format { format } => out.push(other(
            "schema/format",
            format!("{{name}} is not a valid {format}"),
        )),
        ValidationErrorKind::MinLength { limit } => out.push(other(
            "schema/length",
            format!("{{name}} must be at least {limit} characters long"),
        )),
        ValidationErrorKind::MaxLength { limit } => out.push(other(
            "schema/length",
            format!("{{name}} must be at most {limit} characters long"),
        )),
        ValidationErrorKind::Minimum { limit } => out.push(other(
            "schema/range",
            format!("{{name}} must be at least {limit}"),
        )),
        ValidationErrorKind::Maximum { limit } => out.push(other(
            "schema/range",
            format!("{{name}} must be at most {limit}"),
        )),
        ValidationErrorKind::ExclusiveMinimum { limit } => out.push(other(
            "schema/range",
            format!("{{name}} must be greater than {limit}"),
        )),
        ValidationErrorKind::ExclusiveMaximum { limit } => out.push(other(
            "schema/range",
            format!("{{name}} must be less than {limit}"),
        )),
        ValidationErrorKind::UniqueItems => out.push(other(
            "schema/unique",
            "the items of {name} must be unique: remove the repeated one".into(),
        )),
        _ => out.push(other("schema/invalid", format!("{{name}}: {e}"))),
    }
}

/// The fields a mapping may have, from the schema object that holds the failing
/// `additionalProperties`/`unevaluatedProperties`.
fn allowed_keys(e: &ValidationError<'_>, meta: Option<&MetaSchema>) -> (Vec<String>, Vec<String>) {
    let Some(schema) = meta
        .zip(e.absolute_keyword_location())
        .and_then(|(m, loc)| {
            let loc = loc.as_str();
            let parent = &loc[..loc.rfind('/').unwrap_or(loc.len())];
            m.schema_at(parent)
        })
    else {
        return (Vec::new(), Vec::new());
    };
    let keys = |k: &str| -> Vec<String> {
        schema
            .get(k)
            .and_then(Value::as_object)
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    (keys("properties"), keys("patternProperties"))
}

/// Picks, among the branches of a failed `oneOf`/`anyOf`, the one the author meant, and reports
/// its findings; or, when every branch is ruled out by the same field (`in: quer`), one finding
/// that lists what that field may be.
fn collapse(
    at: &[String],
    context: &[Vec<ValidationError<'static>>],
    meta: Option<&MetaSchema>,
    out: &mut Vec<Finding>,
) {
    let branches: Vec<Vec<Finding>> = context
        .iter()
        .map(|errors| {
            let mut v = Vec::new();
            for e in errors {
                flatten(e, meta, &mut v);
            }
            v
        })
        .collect();
    if branches.is_empty() {
        return;
    }
    // How strongly a finding rules a branch out: the value is of another type or is not a
    // reference (strongly), or one of its fields has a value that names another branch.
    let rules_out = |f: &Finding| -> usize {
        if f.path.len() == at.len() {
            match &f.what {
                What::Type { .. } | What::Enum { .. } => 100,
                What::Missing(names) if names.iter().any(|n| n == "$ref") => 100,
                _ => 0,
            }
        } else if f.path.len() == at.len() + 1 && matches!(f.what, What::Enum { .. }) {
            1
        } else {
            0
        }
    };
    let scored: Vec<(usize, usize)> = branches
        .iter()
        .map(|b| (b.iter().map(&rules_out).sum(), b.len()))
        .collect();
    let best = scored.iter().copied().min().unwrap_or_default();
    // Each branch asks for one field that is missing, and for nothing else that rules it out
    // (`schema` or `content`): one of them is needed.
    let alternatives: Option<Vec<String>> = branches
        .iter()
        .zip(&scored)
        .map(|(b, score)| {
            let missing: Vec<&String> = b
                .iter()
                .filter(|f| f.path.as_slice() == at)
                .filter_map(|f| match &f.what {
                    What::Missing(names) => Some(names),
                    _ => None,
                })
                .flatten()
                .collect();
            (score.0 == 0 && missing.len() == 1).then(|| missing[0].clone())
        })
        .collect();
    if let Some(mut names) = alternatives.filter(|n| n.len() > 1 && !n.iter().any(|n| n == "$ref"))
    {
        names.dedup();
        out.push(Finding {
            path: at.to_vec(),
            what: What::MissingOneOf(names),
        });
        return;
    }
    if best.0 > 0 {
        // Every branch is ruled out. The same field in each: one finding listing its values.
        let firsts: Vec<&Finding> = branches
            .iter()
            .filter_map(|b| b.iter().find(|f| rules_out(f) > 0))
            .collect();
        let same_field =
            firsts.len() == branches.len() && firsts.iter().all(|f| f.path == firsts[0].path);
        if same_field {
            let mut options: Vec<Value> = Vec::new();
            let mut expected: Vec<String> = Vec::new();
            let mut kinds_agree = true;
            for f in &firsts {
                match &f.what {
                    What::Enum { options: o, .. } => {
                        for v in o {
                            if !options.contains(v) {
                                options.push(v.clone());
                            }
                        }
                    }
                    What::Type { expected: t, .. } => {
                        for v in t {
                            if !expected.contains(v) {
                                expected.push(v.clone());
                            }
                        }
                    }
                    _ => kinds_agree = false,
                }
            }
            // Some branches want one of some values, others another type: if the value is of
            // none of the listed values' types, the type is what is wrong.
            if kinds_agree && !options.is_empty() && !expected.is_empty() {
                let found = firsts.iter().find_map(|f| match &f.what {
                    What::Type { found, .. } => Some(*found),
                    _ => None,
                });
                if let Some(found) = found {
                    let value_types: Vec<&str> = options.iter().map(type_name).collect();
                    let fits = |t: &str| t == found || (t == "number" && found == "integer");
                    if !value_types.iter().any(|t| fits(t)) {
                        for t in value_types {
                            if !expected.iter().any(|e| e == t) {
                                expected.insert(0, t.to_string());
                            }
                        }
                        out.push(Finding {
                            path: firsts[0].path.clone(),
                            what: What::Type { expected, found },
                        });
                        return;
                    }
                    expected.clear();
                }
            }
            if kinds_agree && (options.is_empty() != expected.is_empty()) {
                let what = if !options.is_empty() {
                    match &firsts[0].what {
                        What::Enum { found, .. } => What::Enum {
                            options,
                            found: found.clone(),
                        },
                        _ => unreachable!(),
                    }
                } else {
                    match &firsts[0].what {
                        What::Type { found, .. } => What::Type { expected, found },
                        _ => unreachable!(),
                    }
                };
                out.push(Finding {
                    path: firsts[0].path.clone(),
                    what,
                });
                return;
            }
        }
    }
    let pick = scored
        .iter()
        .enumerate()
        .min_by_key(|(_, s)| **s)
        .map(|(i, _)| i)
        .unwrap_or(0);
    out.extend(branches.into_iter().nth(pick).unwrap_or_default());
}

fn article(t: &str) -> &'static str {
    match t {
        "object" => "a mapping",
        "array" => "a list",
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "true or false",
        "null" => "null",
        _ => "a value of another type",
    }
}

fn quoted_list(items: &[String], last: &str) -> String {
    let q: Vec<String> = items.iter().map(|s| format!("'{s}'")).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        n => format!("{} {last} {}", q[..n - 1].join(", "), q[n - 1]),
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The closest of `candidates` to `word`, if close enough to be a likely typo.
pub fn did_you_mean<'c>(word: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let lower = word.to_lowercase();
    let (len, lower_len) = (word.chars().count(), lower.chars().count());
    candidates
        .filter_map(|c| {
            let limit = (c.chars().count().max(len) / 3).max(1);
            // The distance is at least the difference in length: most of a thousand schema
            // names are ruled out without computing it.
            let c_lower_len = c.chars().flat_map(char::to_lowercase).count();
            if c_lower_len.abs_diff(lower_len) > limit {
                return None;
            }
            let d = strsim::levenshtein(&lower, &c.to_lowercase());
            (d <= limit).then_some((d, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `'in'`, `'parameters[0]'`, or `the document`.
fn name_of(base: &Base<'_>, path: &[String]) -> String {
    let full: Vec<&String> = base.path.iter().chain(path.iter()).collect();
    match full.as_slice() {
        [] => "the document".to_string(),
        [.., parent, last] if last.parse::<usize>().is_ok() => format!("'{parent}[{last}]'"),
        [.., last] => format!("'{last}'"),
    }
}

fn diagnostic(parsed: &Parsed, base: &Base<'_>, f: Finding) -> Option<Diagnostic> {
    let name = name_of(base, &f.path);
    let (code, message, on_key) = match &f.what {
        What::Unknown { allowed, patterns } => {
            let key = f.path.last().cloned().unwrap_or_default();
            let parent = base
                .path
                .iter()
                .chain(f.path.iter())
                .rev()
                .nth(1)
                .cloned()
                .unwrap_or_default();
            let message = if let Some(s) = did_you_mean(&key, allowed.iter().map(String::as_str)) {
                format!("unknown field '{key}' — did you mean '{s}'?")
            } else if patterns
                .iter()
                .any(|p| p.starts_with("^\\/") || p.starts_with("^/"))
                && !key.starts_with('/')
            {
                format!("'{key}' is not a path: paths start with '/'")
            } else if patterns.iter().any(|p| p.starts_with("^[1-5]")) || parent == "responses" {
                format!("'{key}' is not a response code: use 100–599, 1XX–5XX or 'default'")
            } else if patterns.iter().any(|p| p.starts_with("^x-")) {
                if allowed.is_empty() {
                    format!("unknown field '{key}': only extensions ('x-…') are allowed here")
                } else {
                    format!(
                        "unknown field '{key}': allowed here are {} and extensions ('x-…')",
                        short_list(allowed)
                    )
                }
            } else if !allowed.is_empty() {
                format!(
                    "unknown field '{key}': allowed here are {}",
                    short_list(allowed)
                )
            } else {
                format!("the field '{key}' is not allowed here")
            };
            ("schema/unknown-field", message, true)
        }
        What::BadKey(m) => ("schema/bad-name", m.clone(), true),
        What::Missing(names) => {
            let message = if names.len() == 1 {
                format!("missing required field '{}'", names[0])
            } else {
                format!("missing required fields {}", quoted_list(names, "and"))
            };
            ("schema/missing-field", message, true)
        }
        What::MissingOneOf(names) => (
            "schema/missing-field",
            format!("{name} needs {}", quoted_list(names, "or")),
            true,
        ),
        What::Type { expected, found } => {
            let want: Vec<&str> = expected.iter().map(|t| article(t)).collect();
            let want = match want.as_slice() {
                [one] => one.to_string(),
                [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
                [] => "another type".to_string(),
            };
            (
                "schema/type",
                format!("{name} must be {want}, not {}", article(found)),
                false,
            )
        }
        What::Enum { options, found } => {
            let shown: Vec<String> = options.iter().map(show).collect();
            let mut message = if shown.len() == 1 {
                format!("{name} must be {}", shown[0])
            } else if shown.len() <= 12 {
                format!("{name} must be one of {}", shown.join(", "))
            } else {
                format!(
                    "{name} must be one of {}, … ({} values)",
                    shown[..10].join(", "),
                    shown.len()
                )
            };
            if let Value::String(s) = found {
                if let Some(m) = did_you_mean(s, options.iter().filter_map(Value::as_str)) {
                    message.push_str(&format!(" — did you mean '{m}'?"));
                }
            }
            ("schema/enum", message, false)
        }
        What::Other { code, message } => (*code, message.replace("{name}", &name), false),
    };
    let range = range_for(parsed, base, &f.path, on_key)?;
    Some(Diagnostic::new(range, Severity::Error, code, message))
}

fn short_list(allowed: &[String]) -> String {
    let q: Vec<String> = allowed.iter().take(12).map(|s| format!("'{s}'")).collect();
    if allowed.len() > 12 {
        format!("{}, …", q.join(", "))
    } else {
        q.join(", ")
    }
}

/// The node at `path` below the base (following aliases).
fn node_at<'a>(parsed: &'a Parsed, base: NodeRef<'a>, path: &[String]) -> Option<NodeRef<'a>> {
    let mut n = parsed.tree.follow_alias(base);
    for t in path {
        n = parsed.tree.follow_alias(n.child(t)?);
    }
    Some(n)
}

/// Where a finding about the value at `path` is shown: on a scalar, its value; on a collection
/// (or when `on_key`), the key that holds it, so that a whole block is never underlined.
fn range_for(
    parsed: &Parsed,
    base: &Base<'_>,
    path: &[String],
    on_key: bool,
) -> Option<Range<usize>> {
    if !on_key {
        if let Some(n) = node_at(parsed, base.node, path) {
            if !matches!(n.node.kind(), NodeKind::Mapping(_) | NodeKind::Sequence(_)) {
                return Some(n.value_range());
            }
        }
    }
    let Some((last, parent_path)) = path.split_last() else {
        return Some(match &base.key_range {
            Some(r) => r.clone(),
            None => first_line(parsed, base.node),
        });
    };
    let parent = node_at(parsed, base.node, parent_path)?;
    match parent.node.kind() {
        NodeKind::Mapping(_) => parent
            .entries()
            .find(|(k, _)| k.node.key_text().as_deref() == Some(last.as_str()))
            .map(|(k, _)| k.range())
            .or_else(|| Some(first_line(parsed, parent))),
        NodeKind::Sequence(_) => {
            let item = parent.child(last)?;
            Some(first_line(parsed, item))
        }
        _ => Some(parent.value_range()),
    }
}

/// A collection's first key, or the first line of a node.
fn first_line(parsed: &Parsed, n: NodeRef<'_>) -> Range<usize> {
    if let Some((k, _)) = n.entries().next() {
        return k.range();
    }
    let r = n.value_range();
    let rope = &parsed.rope;
    let line = rope.byte_to_line(r.start.min(rope.len_bytes()));
    let line_end = if line + 1 < rope.len_lines() {
        rope.line_to_byte(line + 1)
    } else {
        rope.len_bytes()
    };
    r.start..r.end.min(line_end).max(r.start)
}
