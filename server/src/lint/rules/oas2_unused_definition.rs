//! `oas2-unused-definition`: the existing check `ref/unused-component` in Swagger 2.0.

use crate::analysis::{Applicability, Severity};
use crate::lint::{Check, Docs, Rule, OAS2};

pub(crate) static RULE: Rule = Rule {
    id: "oas2-unused-definition",
    description: "Potentially unused definition has been detected.",
    severity: Severity::Warning,
    recommended: true,
    formats: OAS2,
    fix: Some(Applicability::Unsafe),
    docs: Docs {
        what: "A definition that no `$ref` names, in any file of the workspace. Reported by specls's check `ref/unused-component`, which also looks at the top-level `parameters` and `responses` (Spectral looks at `definitions` only), as a hint unless this rule is given a severity in the settings (Spectral's default is `warn`). What only unused definitions name is told apart, as `ref/used-only-by-unused` (specls's own hint, which Spectral does not report). Unlike Spectral, a definition that a discriminator `mapping` names, or whose `allOf` names a schema with a `discriminator`, counts as used.",
        why: "Unused definitions are dead weight, and often a `$ref` someone forgot to write.",
        invalid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          schema:\n            $ref: '#/definitions/Pet'\ndefinitions:\n  Pet:\n    type: object\n  OldPet:\n    type: object\n",
        valid: "swagger: '2.0'\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          schema:\n            $ref: '#/definitions/Pet'\ndefinitions:\n  Pet:\n    type: object\n",
        fix: "Removes the definition. Unsafe: another file outside the workspace may use it.",
    },
    check: Check::Existing(&["ref/unused-component"]),
};
