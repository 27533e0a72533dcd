//! `operation-operationId-unique`: the existing check `spec/duplicate-operation-id`.

use crate::analysis::{Applicability, Severity};
use crate::lint::{Check, Docs, Rule, OAS};

pub(crate) static RULE: Rule = Rule {
    id: "operation-operationId-unique",
    description: "Every operation must have unique \"operationId\".",
    severity: Severity::Error,
    recommended: true,
    formats: OAS,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "An `operationId` used by an earlier operation too (in paths, webhooks, callbacks). Reported by specls's check `spec/duplicate-operation-id`, which points at the first use.",
        why: "Operation ids name the methods of generated clients and the targets of links: two operations with one id make one of them unreachable.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n  /owners:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n  /owners:\n    get:\n      operationId: listOwners\n      responses:\n        '200':\n          description: ok\n",
        fix: "Renames the later one by adding a number (`listPets2`), unique in the document. Unsafe: code and links that use the id must follow.",
    },
    check: Check::Existing(&["spec/duplicate-operation-id"]),
};
