//! `path-params`: the existing checks `spec/path-param-…` and `spec/path-equivalent`.

use crate::analysis::{Applicability, Severity};
use crate::lint::{Check, Docs, Rule, OAS};

pub(crate) static RULE: Rule = Rule {
    id: "path-params",
    description: "Path parameters must be defined and valid.",
    severity: Severity::Error,
    recommended: true,
    formats: OAS,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "A path variable `{name}` without an `in: path` parameter of that name (`spec/path-param-undeclared`), an `in: path` parameter the path does not have (`spec/path-param-not-in-template`), and two paths that differ only in their variables' names (`spec/path-equivalent`). Reported by specls's checks of those codes; `$ref`s to other files are not guessed at.",
        why: "A variable without its parameter has no type and cannot be documented; a parameter without its variable can never be sent; two equivalent paths match the same requests.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets/{petId}:\n    get:\n      responses:\n        '200':\n          description: ok\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets/{petId}:\n    get:\n      parameters:\n        - {name: petId, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n",
        fix: "An undeclared variable: declares it in the path item's `parameters` (`{name: …, in: path, required: true}` with `type: string`). A parameter not in the template: removes it. Both unsafe: the type is a guess, and a removed parameter may have been meant for a renamed variable.",
    },
    check: Check::Existing(&[
        "spec/path-param-undeclared",
        "spec/path-param-not-in-template",
        "spec/path-equivalent",
    ]),
};
