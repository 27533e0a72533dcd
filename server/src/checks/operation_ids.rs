//! `operationId`s are unique in a document: each later occurrence is reported, pointing at the
//! first.

use std::collections::HashMap;

use super::Doc;
use crate::analysis::{Diagnostic, Related, Severity};

pub(crate) fn check(doc: &Doc<'_>, out: &mut Vec<Diagnostic>) {
    let mut ids: Vec<(&str, std::ops::Range<usize>)> = doc
        .operations
        .iter()
        .filter_map(|op| {
            let id = doc.get(*op, "operationId")?;
            Some((doc.str_of(id)?, id.value_range()))
        })
        .collect();
    ids.sort_by_key(|(_, r)| r.start);
    let mut first: HashMap<&str, std::ops::Range<usize>> = HashMap::new();
    for (id, range) in ids {
        match first.get(id) {
            Some(f) if *f != range => out.push(Diagnostic {
                range,
                severity: Severity::Error,
                code: "spec/duplicate-operation-id",
                message: format!(
                    "operationId `{id}` is already used by another operation: operation ids must be unique in the document (code generators name methods after them); rename one"
                ),
                related: vec![Related {
                    range: f.clone(),
                    message: format!("`{id}` is first used here"),
                }],
                fix: None,
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
