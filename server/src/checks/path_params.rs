//! Path templates and their parameters: every `{name}` of a path needs an `in: path` parameter
//! of that name (in the path item's or the operation's `parameters`), every `in: path` parameter
//! must appear in the template, and two paths that differ only in their variables' names are
//! one path.

use std::collections::{HashMap, HashSet};

use serde_json::json;

use super::{Doc, Target, METHODS};
use crate::analysis::{Applicability, Diagnostic, Fix, Related, Severity};
use crate::lint::edit::{At, Editor};
use crate::syntax::NodeRef;

/// One entry of a `parameters` list, as far as it can be known.
struct Param<'a> {
    /// Where it is written in the list (an inline object or a `$ref`).
    site: NodeRef<'a>,
    /// The list, and the item's index in it.
    list: NodeRef<'a>,
    index: usize,
    /// `None` when it is a `$ref` that cannot be followed in this document.
    resolved: Option<Resolved<'a>>,
}

struct Resolved<'a> {
    name: String,
    location: String,
    /// The `name` value, when the parameter is written inline here.
    name_node: Option<NodeRef<'a>>,
}

impl Param<'_> {
    fn is_path(&self) -> bool {
        self.resolved.as_ref().is_some_and(|r| r.location == "path")
    }
}

fn params<'a>(doc: &Doc<'a>, holder: NodeRef<'a>) -> Vec<Param<'a>> {
    let Some(list) = doc.get(holder, "parameters") else {
        return Vec::new();
    };
    doc.items(list)
        .enumerate()
        .map(|(index, site)| {
            let inline = doc.get(site, "$ref").is_none();
            let resolved = match doc.resolve(site) {
                Target::Found(p) => {
                    let name = doc.get(p, "name").and_then(|n| doc.str_of(n));
                    let location = doc.get(p, "in").and_then(|n| doc.str_of(n));
                    match (name, location) {
                        (Some(name), Some(location)) => Some(Resolved {
                            name: name.to_string(),
                            location: location.to_string(),
                            name_node: if inline { doc.get(p, "name") } else { None },
                        }),
                        _ => None,
                    }
                }
                Target::Unknown => None,
            };
            Param {
                site,
                list,
                index,
                resolved,
            }
        })
        .collect()
}

/// The variables of a path template, in order: `/a/{x}/b/{y}` → `x`, `y`.
pub(crate) fn template_names(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.push(&after[..close]);
        rest = &after[close + 1..];
    }
    out
}

/// `/a/{x}/b` → `/a/{}/b`: paths equal under this are the same path.
fn normalized(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.push_str(&rest[..open]);
        out.push_str("{}");
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
pub(crate) fn check(doc: &Doc<'_>, out: &mut Vec<Diagnostic>) {
    equivalent_paths(doc, out);
    if let Some(paths) = doc.get(doc.root, "paths") {
        for (key, item) in doc.entries(paths) {
            check_item(doc, key, item, out);
        }
    }
}

/// Two paths that differ only in their variables' names: each later one is reported.
pub(crate) fn equivalent_paths(doc: &Doc<'_>, out: &mut Vec<Diagnostic>) {
    let Some(paths) = doc.get(doc.root, "paths") else {
        return;
    };
    let mut seen_shapes: HashMap<String, (String, std::ops::Range<usize>)> = HashMap::new();
    for (key, _) in doc.entries(paths) {
        let Some(path) = key.node.as_str() else {
            continue;
        };
        if !path.starts_with('/') || template_names(path).is_empty() {
            continue;
        }
        let shape = normalized(path);
        match seen_shapes.get(&shape) {
            Some((first, first_range)) if first != path => out.push(Diagnostic {
                range: key.range(),
                severity: Severity::Error,
                code: "spec/path-equivalent",
                message: format!(
                    "`{path}` is the same path as `{first}` (only the names of the variables differ): merge their operations into one path item"
                ),
                related: vec![Related {
                    range: first_range.clone(),
                    message: format!("`{first}` is defined here"),
                }],
                fix: None,
            }),
            Some(_) => {}
            None => {
                seen_shapes.insert(shape, (path.to_string(), key.range()));
            }
        }
    }
}

/// The parameters of one entry of `paths` against its template.
pub(crate) fn check_item<'a>(
    doc: &Doc<'a>,
    key: NodeRef<'a>,
    item: NodeRef<'a>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(path) = key.node.as_str() else {
        return;
    };
    if !path.starts_with('/') {
        return; // `x-…` extensions
    }
    let names = template_names(path);
    let Target::Found(item) = doc.resolve(item) else {
        return;
    };
    check_path(doc, key, path, &names, item, out);
}

fn check_path<'a>(
    doc: &Doc<'a>,
    key: NodeRef<'a>,
    path: &str,
    names: &[&str],
    item: NodeRef<'a>,
    out: &mut Vec<Diagnostic>,
) {
    let shared = params(doc, item);
    let mut ops: Vec<(String, NodeRef<'a>)> = METHODS
        .iter()
        .filter_map(|m| doc.get(item, m).map(|op| (m.to_uppercase(), op)))
        .collect();
    if let Some(extra) = doc.get(item, "additionalOperations") {
        ops.extend(
            doc.entries(extra)
                .map(|(k, op)| (k.node.key_text().unwrap_or_default().into_owned(), op)),
        );
    }
    let template: HashSet<&str> = names.iter().copied().collect();
    let mut unused_reported: HashSet<usize> = HashSet::new();
    let mut report_unused = |p: &Param<'a>, out: &mut Vec<Diagnostic>| {
        let Some(r) = &p.resolved else { return };
        if r.location != "path" || template.contains(r.name.as_str()) {
            return;
        }
        if !unused_reported.insert(p.site.start) {
            return;
        }
        let range = match r.name_node {
            Some(n) => n.value_range(),
            None => doc
                .get(p.site, "$ref")
                .map(|n| n.value_range())
                .unwrap_or_else(|| p.site.range()),
        };
        let message = if names.is_empty() {
            format!(
                "`{}` is an `in: path` parameter, but the path `{path}` has no `{{…}}` variables: add `{{{}}}` to the path, or remove the parameter",
                r.name, r.name
            )
        } else {
            let listed = names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let to = if names.len() == 1 {
                listed
            } else {
                format!("one of {listed}")
            };
            format!(
                "`{}` is an `in: path` parameter, but the path `{path}` has no `{{{}}}`: rename it to {to}, or remove it",
                r.name, r.name
            )
        };
        let fix = Editor::new(doc.parsed)
            .remove_item(p.list, p.index)
            .map(|cut| {
                Fix::new(
                    format!("Remove the parameter `{}`", r.name),
                    vec![(cut, String::new())],
                    Applicability::Unsafe,
                )
            });
        out.push(
            Diagnostic::new(
                range,
                Severity::Error,
                "spec/path-param-not-in-template",
                message,
            )
            .with_fix(fix),
        );
    };
    for p in &shared {
        report_unused(p, out);
    }
    // Which operations lack each variable.
    let mut missing: Vec<(&str, Vec<String>)> = names.iter().map(|n| (*n, Vec::new())).collect();
    let mut checked_ops = 0;
    for (method, op) in &ops {
        // An operation written as a `$ref` (some bundlers allow it) is not known here.
        let Target::Found(op) = doc.resolve(*op) else {
            continue;
        };
        let own = params(doc, op);
        for p in &own {
            report_unused(p, out);
        }
        if own.iter().chain(&shared).any(|p| p.resolved.is_none()) {
            continue; // a parameter from another file might be the one
        }
        checked_ops += 1;
        for (name, lacking) in missing.iter_mut() {
            let declared = own
                .iter()
                .chain(&shared)
                .filter(|p| p.is_path())
                .any(|p| p.resolved.as_ref().is_some_and(|r| r.name == *name));
            if !declared {
                lacking.push(method.clone());
            }
        }
    }
    if checked_ops == 0 {
        return;
    }
    let raw = doc.text(key.range());
    let mut seen_names = HashSet::new();
    for (name, lacking) in missing {
        if lacking.is_empty() || !seen_names.insert(name) {
            continue;
        }
        let needle = format!("{{{name}}}");
        let range = match raw.find(&needle) {
            Some(i) => key.start + i..key.start + i + needle.len(),
            None => key.range(),
        };
        let which = if lacking.len() == checked_ops && ops.len() == checked_ops {
            String::new()
        } else {
            format!(" (in {})", lacking.join(", "))
        };
        out.push(
            Diagnostic::new(
                range,
                Severity::Error,
                "spec/path-param-undeclared",
                format!(
                    "`{{{name}}}` has no `in: path` parameter named `{name}`{which}: declare one (`name: {name}`, `in: path`, `required: true`) in the path item's or the operation's `parameters`"
                ),
            )
            .with_fix(declare(doc, item, name)),
        );
    }
}

/// A fix that declares `name` as a string path parameter of the path item.
fn declare(doc: &Doc<'_>, item: NodeRef<'_>, name: &str) -> Option<Fix> {
    let e = Editor::new(doc.parsed);
    let param = if doc.is_swagger() {
        json!({"name": name, "in": "path", "required": true, "type": "string"})
    } else {
        json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}})
    };
    let value = e.value(&param);
    let edit = match doc.get(item, "parameters") {
        Some(list) => e.append_item(list, &value)?,
        None => e.insert_entry(item, "parameters", &format!("[{value}]"), At::First)?,
    };
    // The type is a guess: offered, not applied by "fix all".
    Some(Fix::new(
        format!("Declare the path parameter `{name}`"),
        vec![edit],
        Applicability::Unsafe,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{found, messages};

    #[test]
    fn templates() {
        assert_eq!(template_names("/a/{x}/b/{y}.json"), ["x", "y"]);
        assert_eq!(normalized("/a/{x}/b/{y}"), "/a/{}/b/{}");
        assert!(template_names("/a/{x").is_empty());
    }

    #[test]
    fn undeclared_and_unused_path_parameters() {
        let text = "\
openapi: 3.0.3
paths:
  /pets/{id}:
    get:
      parameters:
        - {name: petId, in: path, required: true}
  /owners/{ownerId}/pets/{petId}:
    parameters:
      - $ref: '#/components/parameters/OwnerId'
    get:
      parameters:
        - {name: petId, in: path, required: true}
    delete: {}
  /ok/{id}:
    parameters:
      - $ref: '#/components/parameters/Id'
    get: {}
  /ext/{id}:
    get:
      parameters:
        - $ref: 'common.yaml#/Id'
  /bundled/{id}:
    get: {$ref: 'operations/get.yaml'}
  /none:
    get:
      parameters:
        - $ref: '#/components/parameters/Id'
components:
  parameters:
    Id: {name: id, in: path, required: true}
    OwnerId: {name: ownerId, in: path, required: true}
";
        let found = found(text, check);
        assert_eq!(
            found,
            [
                ("spec/path-param-undeclared", "{id}".to_string()),
                ("spec/path-param-not-in-template", "petId".to_string()),
                ("spec/path-param-undeclared", "{petId}".to_string()),
                (
                    "spec/path-param-not-in-template",
                    "'#/components/parameters/Id'".to_string()
                ),
            ]
        );
        let msgs = messages(text, check);
        assert!(msgs.iter().any(|m| m.contains("(in DELETE)")), "{msgs:?}");
    }

    #[test]
    fn swagger_and_equivalent_paths() {
        let text = "\
swagger: '2.0'
paths:
  /a/{x}:
    get:
      parameters: [{$ref: '#/parameters/X'}]
  /a/{y}:
    get:
      parameters: [{name: y, in: path, required: true, type: string}]
parameters:
  X: {name: x, in: path, required: true, type: string}
";
        assert_eq!(
            found(text, check),
            [("spec/path-equivalent", "/a/{y}".to_string())]
        );
    }
}
