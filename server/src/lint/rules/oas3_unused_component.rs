//! `oas3-unused-component`: the existing check `ref/unused-component` in OpenAPI 3.x.

use crate::analysis::{Applicability, Severity};
use crate::lint::{Check, Docs, Rule, OAS3};

pub(crate) static RULE: Rule = Rule {
    id: "oas3-unused-component",
    description: "Potentially unused component has been detected.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS3,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "A component that no `$ref` names, in any file of the workspace. Reported by specls's check `ref/unused-component`, as a hint (faded in the editor) unless this rule is given a severity in the settings (Spectral's default is `warn`). What only unused components name (on the corpus: Twilio's `JobResult`, named only by the unused `LookupJobResponse`) is told apart, as `ref/used-only-by-unused` (specls's own hint, which Spectral does not report). Unlike Spectral, a schema that a discriminator `mapping` names, or whose `allOf` names a schema with a `discriminator`, counts as used.",
        why: "Unused components are dead weight: they are reviewed, documented and generated for nothing, and often are a `$ref` someone forgot to write.",
        invalid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Pet'\ncomponents:\n  schemas:\n    Pet:\n      type: object\n    OldPet:\n      type: object\n",
        valid: "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Pet'\ncomponents:\n  schemas:\n    Pet:\n      type: object\n",
        fix: "Removes the component. Unsafe: another file outside the workspace may use it.",
    },
    check: Check::Existing(&["ref/unused-component"]),
};
