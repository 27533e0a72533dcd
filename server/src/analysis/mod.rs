//! Analysis: what specls says about a document, in editor-free terms (byte ranges, plain structs).
//! The LSP layer and the CLI both call this.

pub mod disable;
pub mod fix;
pub mod load;
pub mod outline;

use std::ops::Range;

use std::path::Path;

use crate::settings::Settings;
use crate::spec::{self, Family, Line, SpecKind};
use crate::syntax::node::{NodeProblem, FLAG_ALIASES, FLAG_PROBLEMS};
use crate::syntax::{NodeKind, NodeRef, Parsed};

pub use load::{load_file, Loaded};

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
}

/// A finding, with byte ranges into the document's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub range: Range<usize>,
    pub severity: Severity,
    /// A stable code: `syntax/…`, `document/…`, `file/…`.
    pub code: &'static str,
    pub message: String,
    /// Other places in the same document that explain this one.
    pub related: Vec<Related>,
    /// A change that fixes it, if specls knows one.
    pub fix: Option<Fix>,
}

/// A fix: edits to the document the diagnostic is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, for the editor's menu: "Change to '#/components/schemas/Pet'".
    pub title: String,
    pub edits: Vec<(Range<usize>, String)>,
    pub applicability: Applicability,
}

/// How far a fix can be trusted (as ruff and Biome say it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Applicability {
    /// Keeps what the document means: preferred in the editor, applied by "fix all" and
    /// `specls check --fix`.
    Safe,
    /// May change what the document means, or inserts a placeholder to edit: offered, applied
    /// only when picked.
    Unsafe,
    /// Shown to explain a change; never applied by specls.
    DisplayOnly,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

impl Fix {
    pub fn new(
        title: impl Into<String>,
        edits: Vec<(Range<usize>, String)>,
        applicability: Applicability,
    ) -> Fix {
        Fix {
            title: title.into(),
            edits,
            applicability,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
}

/// Where the docs of every diagnostic code live (`docs/diagnostics.md` in the repository).
pub const DOCS_URL: &str = "https://github.com/specls/specls/blob/main/docs/diagnostics.md";

/// Where the page of each lint rule lives (`docs/rules/<id>.md` in the repository).
pub const RULES_URL: &str = "https://github.com/specls/specls/blob/main/docs/rules";

/// The page (and section) that documents a code: `…/diagnostics.md#schema` for `schema/type`,
/// `…/rules/info-contact.md` for a lint rule.
pub fn doc_url(code: &str) -> String {
    if crate::lint::rule(code).is_some() {
        return format!("{RULES_URL}/{code}.md");
    }
    if let Some(url) = crate::lint::ruleset::doc_url(code) {
        return url;
    }
    let section = match code.split('/').next().unwrap_or_default() {
        "file" => "files",
        other => other,
    };
    format!("{DOCS_URL}#{section}")
}

/// Whether a code marks something that can go (an unused component): editors fade it out.
pub fn unnecessary(code: &str) -> bool {
    crate::refs::unused::is_unused_code(code)
}

impl Diagnostic {
    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    pub fn new(
        range: Range<usize>,
        severity: Severity,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            range,
            severity,
            code,
            message: message.into(),
            related: Vec::new(),
            fix: None,
        }
    }
}

/// Puts diagnostics in text order (by range), the order every report and publish uses.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.range.start, d.range.end));
}

/// What the analysis of a document keeps for the next analysis of the same document: the
/// schema diagnostics of its units, the findings of the spec checks and the `$ref`s, all keyed by the
/// node tree's shared nodes, so that an edit recomputes only what it touched.
#[derive(Default)]
pub struct Cache {
    pub schema: crate::validate::Cache,
    pub checks: crate::checks::Cache,
    /// The `$ref`s found under the document's nodes.
    pub refs: crate::refs::SitesCache,
}

/// What specls says about one document: its kind and its diagnostics.
#[derive(Clone, Debug)]
pub struct Report {
    pub kind: SpecKind,
    pub diagnostics: Vec<Diagnostic>,
}

/// The analysis of a document. `path` is relative to the workspace root (for the `kinds`
/// setting and for `*.schema.json` names).
pub fn check(parsed: &Parsed, path: Option<&Path>, settings: &Settings) -> Report {
    check_with(parsed, path, settings, &mut Cache::default())
}

/// [`check`], reusing the schema diagnostics of the units (path items, components) that did not
/// change since the cache was last used for this document.
/// What a document is: the kind the settings force for its path, else the one it says.
pub fn kind_of(parsed: &Parsed, path: Option<&Path>, settings: &Settings) -> spec::SpecKind {
    path.and_then(|p| settings.forced_kind(p))
        .unwrap_or_else(|| spec::detect(&parsed.tree, &parsed.rope, path))
}

pub fn check_with(
    parsed: &Parsed,
    path: Option<&Path>,
    settings: &Settings,
    cache: &mut Cache,
) -> Report {
    check_in(parsed, path, settings, cache, None)
}

/// [`check_with`], for a file of a workspace: `files` gives its absolute path and the loader its
/// `$ref`s to other files are followed through (the custom rules of a ruleset see through them).
pub fn check_in(
    parsed: &Parsed,
    path: Option<&Path>,
    settings: &Settings,
    cache: &mut Cache,
    files: Option<(&Path, &dyn crate::refs::Loader)>,
) -> Report {
    let kind = kind_of(parsed, path, settings);
    let mut diagnostics = diagnostics(parsed);
    // The spec checks and the schema validation are independent: both at once (the validation
    // spreads its units over the cores too).
    let (checks, schema) = (&mut cache.checks, &mut cache.schema);
    let (found, schema) = rayon::join(
        || crate::checks::run_with(parsed, &kind, checks),
        || {
            settings
                .schema_validation
                .then(|| crate::validate::validate(parsed, &kind, schema).0)
        },
    );
    diagnostics.extend(found);
    if let (Line::Unknown, spec::Source::Marker(range)) = (kind.line, &kind.source) {
        let what = match kind.family {
            Family::OpenApi => Some("OpenAPI 3.0, 3.1 and 3.2"),
            Family::Swagger => Some("Swagger 2.0"),
            Family::AsyncApi => Some("AsyncAPI 2.0–2.6, 3.0 and 3.1"),
            Family::JsonSchema => Some("JSON Schema draft-04, -06, -07, 2019-09 and 2020-12"),
            Family::Fragment => None,
        };
        if let Some(what) = what {
            diagnostics.push(Diagnostic::new(
                range.clone(),
                Severity::Warning,
                "spec/unknown-version",
                format!(
                    "specls knows {what}, not `{}`: this file is checked for syntax only",
                    kind.version
                ),
            ));
        }
    }
    diagnostics.extend(schema.unwrap_or_default());
    let lint = settings.lint.for_path(path);
    crate::lint::configure(&mut diagnostics, &lint, kind.line);
    if let Some(rs) = &settings.lint.ruleset {
        let workspace = files.map(|(file, loader)| crate::lint::ruleset::InWorkspace {
            file,
            loader,
            sites: &mut cache.refs,
        });
        diagnostics.extend(crate::lint::ruleset::run_with(
            &rs.0, parsed, &kind, path, workspace,
        ));
        // The ruleset file itself (open in the editor): its problems, in its text as it is now.
        diagnostics.extend(crate::lint::ruleset::own_diagnostics(&rs.0, parsed, path));
    }
    sort_diagnostics(&mut diagnostics);
    Report { kind, diagnostics }
}

/// Every diagnostic of a parsed document: syntax errors, then what the node tree shows (duplicate
/// keys, aliases without anchors, extra documents, nesting too deep), in text order.
pub fn diagnostics(parsed: &Parsed) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = parsed
        .errors()
        .iter()
        .map(|e| Diagnostic::new(e.range.clone(), Severity::Error, e.code, e.message.clone()))
        .collect();
    let tree = &parsed.tree;
    if let Some(root) = tree.root() {
        node_diagnostics(parsed, root, &mut out);
    }
    for r in &tree.invalid {
        let e =
            crate::syntax::errors::yaml_error_at(&parsed.rope, r.start as usize..r.end as usize);
        out.push(Diagnostic::new(e.range, Severity::Error, e.code, e.message));
    }
    for doc in &tree.extra_documents {
        let start = doc.start as usize;
        let end = line_end(parsed, start).min(doc.end as usize).max(start);
        out.push(Diagnostic::new(
            start..end,
            Severity::Warning,
            "document/extra-document",
            "a spec file holds one document: this one (after `---`) is ignored; move it to a file of its own",
        ));
    }
    sort_diagnostics(&mut out);
    // The grammar and the node tree may both see one mistake (a bad escape): say it once.
    out.dedup_by(|b, a| a.range == b.range && a.code == b.code);
    out
}

/// The end of the line `offset` is on, before its line break.
pub(crate) fn line_end(parsed: &Parsed, offset: usize) -> usize {
    let rope = &parsed.rope;
    let line = rope.byte_to_line(offset.min(rope.len_bytes()));
    let start = rope.line_to_byte(line);
    // Without copying the line: a minified JSON document is one line of megabytes.
    let mut end = start + rope.line(line).len_bytes();
    while end > start && matches!(rope.byte(end - 1), b'\n' | b'\r') {
        end -= 1;
    }
    end
}

/// Walks only the subtrees whose flags say they hold something to report.
fn node_diagnostics(parsed: &Parsed, node: NodeRef<'_>, out: &mut Vec<Diagnostic>) {
    let flags = node.node.flags();
    if flags & (FLAG_PROBLEMS | FLAG_ALIASES) == 0 {
        return;
    }
    let abs = |r: &Range<u32>| node.start + r.start as usize..node.start + r.end as usize;
    if let Some(meta) = node.node.meta() {
        for p in &meta.problems {
            out.push(match p {
                NodeProblem::DuplicateKey { key, range, first } => Diagnostic {
                    range: abs(range),
                    severity: Severity::Error,
                    code: "document/duplicate-key",
                    message: format!("duplicate key `{key}`: a mapping holds each key once; rename or remove one"),
                    related: vec![Related { range: abs(first), message: format!("`{key}` is first defined here") }],
                    fix: None,
                },
                NodeProblem::TooDeep { range } => Diagnostic::new(
                    abs(range),
                    Severity::Warning,
                    "document/too-deep",
                    format!("nesting deeper than {} levels is not analyzed", crate::syntax::build::MAX_DEPTH),
                ),
                NodeProblem::Invalid { range } => {
                    let e = crate::syntax::errors::yaml_error_at(&parsed.rope, abs(range));
                    Diagnostic::new(e.range, Severity::Error, e.code, e.message)
                }
                NodeProblem::ControlChar { range, ch } => {
                    let code = *ch as u32;
                    let escape = if code <= 0xff {
                        format!("\\x{code:02X}")
                    } else {
                        format!("\\u{code:04X}")
                    };
                    Diagnostic::new(
                        abs(range),
                        Severity::Error,
                        "syntax/control-character",
                        format!("a control character (U+{code:04X}) that YAML does not allow: remove it, or write it as the escape `{escape}` in a double-quoted string"),
                    )
                }
                NodeProblem::MissingColon { range } => Diagnostic::new(
                    abs(range),
                    Severity::Error,
                    "syntax/missing-colon",
                    "missing `:` after this key (or, if this line continues the value above, indent it further)",
                ),
                NodeProblem::Unclosed { range, bracket } => Diagnostic::new(
                    abs(range),
                    Severity::Error,
                    "syntax/unclosed-bracket",
                    format!("this flow collection is never closed: add the matching `{bracket}` (or indent its lines further than the key it belongs to)"),
                ),
                NodeProblem::BadNumber { range } => Diagnostic::new(
                    abs(range),
                    Severity::Error,
                    "syntax/bad-number",
                    "not a valid JSON number (no leading zeros, `+` or trailing `.`)",
                ),
                NodeProblem::BadEscape { range } => {
                    let r = abs(range);
                    let written = crate::syntax::text::slice(&parsed.rope, r.clone()).into_owned();
                    if written.starts_with('\\') {
                        Diagnostic::new(
                            r,
                            Severity::Error,
                            "syntax/bad-escape",
                            if parsed.lang == crate::syntax::Lang::Yaml {
                                format!("unknown escape `{written}` in a double-quoted string; write `\\\\` for a backslash, or use single quotes")
                            } else {
                                format!("unknown escape `{written}` in a double-quoted string; write `\\\\` for a backslash")
                            },
                        )
                    } else {
                        Diagnostic::new(
                            r,
                            Severity::Error,
                            "syntax/control-character",
                            "a raw control character (a line break or a tab) in a JSON string: write it as an escape such as `\\n` or `\\t`",
                        )
                    }
                }
            });
        }
    }
    if let NodeKind::Alias(name) = node.node.kind() {
        if parsed.tree.resolve_alias(name, node.start).is_none() {
            out.push(Diagnostic::new(
                node.value_range(),
                Severity::Error,
                "document/unknown-alias",
                format!("alias `*{name}` names no anchor: define `&{name}` on a node before it"),
            ));
        }
    }
    for (k, v) in node.entries() {
        node_diagnostics(parsed, k, out);
        node_diagnostics(parsed, v, out);
    }
    for item in node.items() {
        node_diagnostics(parsed, item, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Lang;

    fn codes(lang: Lang, text: &str) -> Vec<(&'static str, String)> {
        let parsed = Parsed::new(lang, text);
        diagnostics(&parsed)
            .into_iter()
            .map(|d| (d.code, text[d.range].to_string()))
            .collect()
    }

    #[test]
    fn a_syntax_error_does_not_hide_the_rest_of_the_document() {
        let text = "{\n  \"a\": [1, 2,],\n  \"b\": {\"x\": 1, \"x\": 2},\n  \"c\": \"\\q\"\n}\n";
        assert_eq!(
            codes(Lang::Json, text),
            [
                ("syntax/trailing-comma", ",".to_string()),
                ("document/duplicate-key", "\"x\"".to_string()),
                ("syntax/bad-escape", "\\q".to_string()),
            ]
        );
        let text = "a: [1, 2\nb: {x: 1, x: 2}\n";
        let found = codes(Lang::Yaml, text);
        assert!(
            found.iter().any(|(c, _)| *c == "syntax/unclosed-bracket"),
            "{found:?}"
        );
    }

    #[test]
    fn kinds_and_unknown_versions() {
        let settings = Settings::default();
        let text = "openapi: 4.0.0\ninfo: {}\n";
        let r = check(
            &Parsed::new(Lang::Yaml, text),
            Some(Path::new("a.yaml")),
            &settings,
        );
        assert_eq!(r.kind.family, Family::OpenApi);
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(
            (r.diagnostics[0].code, &text[r.diagnostics[0].range.clone()]),
            ("spec/unknown-version", "4.0.0")
        );
        let r = check(
            &Parsed::new(Lang::Yaml, "type: object\n"),
            Some(Path::new("schemas/Pet.yaml")),
            &settings,
        );
        assert_eq!((r.kind.family, r.diagnostics.len()), (Family::Fragment, 0));
    }

    #[test]
    fn duplicate_keys_point_at_the_first_one() {
        let text = "a: 1\nb: 2\na: 3\n";
        let d = diagnostics(&Parsed::new(Lang::Yaml, text));
        assert_eq!(d.len(), 1);
        assert_eq!(&text[d[0].range.clone()], "a");
        assert_eq!(d[0].range.start, 10);
        assert_eq!(d[0].related[0].range, 0..1);
    }
}
