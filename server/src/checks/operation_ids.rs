//! `operationId`s are unique in a document: each later occurrence is reported, pointing at the
//! first.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::Doc;
use crate::analysis::{Applicability, Diagnostic, Fix, Related, Severity};

/// A fix that writes a new id, not used in the document, over the value at `range`.
fn rename(
    doc: &Doc<'_>,
    id: &str,
    range: &Range<usize>,
    taken: &mut HashSet<String>,
) -> Option<Fix> {
    let raw = doc.text(range.clone());
    // Only a value written as it reads (plain, or quoted without escapes) is rewritten.
    let q = usize::from(raw.starts_with(['"', '\'']));
    if raw.get(q..raw.len() - q) != Some(id) {
        return None;
    }
    let mut n = 2;
    let new = loop {
        let candidate = format!("{id}{n}");
        if !taken.contains(&candidate) {
            break candidate;
        }
        n += 1;
    };
    taken.insert(new.clone());
    Some(Fix::new(
        format!("Rename to `{new}`"),
        vec![(range.start + q..range.end - q, new)],
        Applicability::Unsafe,
    ))
}

#[cfg(test)]
pub(crate) fn check(doc: &Doc<'_>, out: &mut Vec<Diagnostic>) {
    report(doc, ids(doc), out);
}

/// The operation ids of the operations `doc` holds, with their ranges.
pub(crate) fn ids(doc: &Doc<'_>) -> Vec<(String, Range<usize>)> {
    doc.operations
        .iter()
        .filter_map(|op| {
            let id = doc.get(*op, "operationId")?;
            Some((doc.str_of(id)?.to_string(), id.value_range()))
        })
        .collect()
}

/// Reports every later use of an id among all the operations of a document, with a fix that
/// renames it (`listPets2`), unique in the document (Spectral's `operation-operationId-unique`).
pub(crate) fn report(
    doc: &Doc<'_>,
    mut ids: Vec<(String, Range<usize>)>,
    out: &mut Vec<Diagnostic>,
) {
    ids.sort_by_key(|(_, r)| r.start);
    let mut taken: HashSet<String> = ids.iter().map(|(id, _)| id.clone()).collect();
    let mut first: HashMap<&str, &Range<usize>> = HashMap::new();
    for (id, range) in &ids {
        match first.get(id.as_str()) {
            Some(f) if *f != range => out.push(Diagnostic {
                range: range.clone(),
                severity: Severity::Error,
                code: "spec/duplicate-operation-id",
                message: format!(
                    "operationId `{id}` is already used by another operation: operation ids must be unique in the document (code generators name methods after them); rename one"
                ),
                related: vec![Related {
                    range: (*f).clone(),
                    message: format!("`{id}` is first used here"),
                }],
                fix: rename(doc, id, range, &mut taken),
            }),
            Some(_) => {}
            None => {
                first.insert(id, range);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::found;

    #[test]
    fn later_duplicates_are_reported() {
        let text = "\
openapi: 3.1.0
paths:
  /a:
    get: {operationId: getA}
    put: {operationId: getA}
  /b:
    get: &op {operationId: shared}
    post:
      operationId: getA
      callbacks:
        cb:
          '{$url}':
            post: {operationId: hook}
  /c:
    get: *op
webhooks:
  w:
    post: {operationId: hook}
";
        let found = found(text, check);
        assert_eq!(
            found,
            [
                ("spec/duplicate-operation-id", "getA".to_string()),
                ("spec/duplicate-operation-id", "getA".to_string()),
                ("spec/duplicate-operation-id", "hook".to_string()),
            ]
        );
    }
}
