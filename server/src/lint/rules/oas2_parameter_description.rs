//! `oas2-parameter-description`: parameters have a `description`.

use crate::analysis::{Diagnostic, Severity};
use crate::lint::{Check, Docs, Rule, Visit, OAS2};

pub(crate) static RULE: Rule = Rule {
    id: "oas2-parameter-description",
    description: "Parameter objects must have \"description\".",
    severity: Severity::Warning,
    recommended: false,
    formats: OAS2,
    fix: Some(crate::analysis::Applicability::Unsafe),
    docs: Docs {
        what: "A Parameter Object written inline (with `in`) in a `parameters` list or map without a `description`.",
        why: "A parameter's name rarely says enough: its unit, its format, what happens when it is left out.",
        invalid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      parameters:\n        - {name: limit, in: query, type: integer}\n      responses:\n        '200':\n          description: ok\n",
        valid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      parameters:\n        - {name: limit, in: query, type: integer, description: How many pets to list.}\n      responses:\n        '200':\n          description: ok\n",
        fix: "Inserts a placeholder `description: TODO`. Unsafe: a placeholder to edit.",
    },
    check: Check::Node(check),
};

fn check(v: &Visit<'_, '_>, out: &mut Vec<Diagnostic>) {
    super::parameter_descriptions(&RULE, v, out);
}
