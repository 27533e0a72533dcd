//! Spectral rulesets (`.spectral.yaml`, `.spectral.yml`, `.spectral.json` at the workspace
//! root, or the file the `rulesetPath` setting names): read into plain types, with diagnostics
//! in the ruleset file for what specls cannot use.
//!
//! What a ruleset does in specls:
//! - `extends: spectral:oas` (with `recommended`, `all` or `off`) and `rules: {id: severity}`
//!   set the built-in rules as `[lint]`'s `preset` and `rules` would; a ruleset that does not
//!   extend `spectral:oas` turns the built-in rules off, as in Spectral;
//! - `overrides` (by glob, relative to the ruleset's folder) re-grade rules in matching files,
//!   and may define rules (full `given` / `then` definitions) that run only there;
//! - custom rules (`given` / `then` with a core function) run on every OpenAPI and AsyncAPI
//!   document ([`run_with`]), seeing through its `$ref`s, to other files of the workspace too
//!   (`resolved: false`: the document as written);
//! - `specls.toml`'s `[lint]` and the editor's `lint` settings win over the ruleset.
//!
//! A broken ruleset never stops the rest: what cannot be used gets a diagnostic in the ruleset
//! file and is skipped.

mod asyncapi;
pub mod functions;
pub mod jsonpath;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::Value;

use super::{Level, Preset};
use crate::analysis::{Diagnostic, Severity};
use crate::spec::{Family, Line, SpecKind};
use crate::syntax::{Lang, NodeKind, NodeRef, Parsed};

use functions::Function;
use jsonpath::Seg;

/// The names looked up at the workspace root, in this order.
pub const DEFAULT_NAMES: &[&str] = &[".spectral.yaml", ".spectral.yml", ".spectral.json"];

/// `spectral:asyncapi`: the rules of Spectral's AsyncAPI ruleset that core functions express.
const ASYNCAPI: &str = include_str!("asyncapi.yaml");

/// How many rulesets deep `extends` may go.
const MAX_EXTENDS_DEPTH: usize = 8;

/// Findings of one custom rule in one document, at most.
const MAX_FINDINGS: usize = 10_000;

/// A loaded ruleset: what it sets, its custom rules, and its own diagnostics.
#[derive(Debug, Default)]
pub struct Ruleset {
    /// The ruleset file (absolute).
    pub file: PathBuf,
    /// The workspace root it was loaded for (absolute): relative paths are relative to it.
    pub root: PathBuf,
    /// Its text, which [`Ruleset::diagnostics`]' ranges refer to.
    pub text: String,
    /// Problems found in the ruleset file.
    pub diagnostics: Vec<Diagnostic>,
    /// Every file read for it (the ruleset and the rulesets it extends), to reload on change.
    pub files: Vec<PathBuf>,
    /// The built-in rules' preset the `extends` give.
    pub preset: Preset,
    /// Built-in rules set by id.
    pub levels: BTreeMap<String, Level>,
    pub rules: Vec<CustomRule>,
    pub overrides: Vec<Override>,
    pub documentation_url: Option<String>,
    /// Which remote rulesets `extends` may fetch: the `remoteRefs` setting's URLs.
    pub remote: crate::refs::remote::Policy,
}

/// A custom rule.
#[derive(Debug)]
pub struct CustomRule {
    pub id: &'static str,
    pub description: Option<String>,
    pub message: Option<String>,
    /// `None`: off.
    pub severity: Option<Severity>,
    /// `recommended: false`: off unless the extending ruleset says `all`.
    pub recommended: bool,
    pub given: Vec<jsonpath::Path>,
    pub then: Vec<Then>,
    /// The spec versions it runs on (`None`: every OpenAPI and AsyncAPI document).
    pub formats: Option<Vec<Line>>,
    pub documentation_url: Option<String>,
    /// `resolved` (default true): local `$ref`s are followed, as in Spectral's resolved
    /// document; `false`: the document as written.
    pub resolved: bool,
}

#[derive(Debug)]
pub struct Then {
    pub field: Option<Field>,
    pub function: Function,
}

#[derive(Debug)]
pub enum Field {
    /// `@key`: the key of the matched node.
    Key,
    /// A property name, or a dotted path of names.
    Names(Vec<String>),
    /// A JSONPath (`$…`) from the matched node.
    Path(jsonpath::Path),
}

/// `overrides`: rules re-graded, or defined, in the files that match.
#[derive(Debug)]
pub struct Override {
    pub files: globset::GlobSet,
    pub levels: BTreeMap<String, Level>,
    /// Rules defined here: for the matching files, each replaces the rule of its id (a custom
    /// rule of the ruleset, or a built-in rule), or adds one.
    pub rules: Vec<CustomRule>,
}

/// A ruleset in the settings: compared by identity.
#[derive(Clone)]
pub struct RulesetRef(pub Arc<Ruleset>);

// A loaded ruleset is never changed (a reload makes a new one), so a panic cannot leave it
// half-changed; the schema validators it holds are what keeps the compiler from seeing that.
impl std::panic::UnwindSafe for RulesetRef {}
impl std::panic::RefUnwindSafe for RulesetRef {}

impl PartialEq for RulesetRef {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for RulesetRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Ruleset({})", self.0.file.display())
    }
}

/// A custom rule's id as a diagnostic code (codes are `&'static str`): each distinct id is
/// kept once for the life of the process.
fn intern(s: &str) -> &'static str {
    static SET: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut set = SET
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(s) = set.get(s) {
        return s;
    }
    let leaked: &'static str = Box::leak(s.to_string().into_boxed_str());
    set.insert(leaked);
    leaked
}

/// The documentation page of each custom rule, from the rulesets loaded (`documentationUrl`
/// of the rule, else the ruleset's with `#rule-id`): what an editor links a finding's code to.
fn doc_urls() -> &'static Mutex<std::collections::HashMap<&'static str, String>> {
    static URLS: OnceLock<Mutex<std::collections::HashMap<&'static str, String>>> = OnceLock::new();
    URLS.get_or_init(Default::default)
}

/// The documentation page of a custom rule's findings, if its ruleset gives one.
pub fn doc_url(code: &str) -> Option<String> {
    doc_urls()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(code)
        .cloned()
}

/// The ruleset file for a workspace root: the `rulesetPath` setting (relative to the root),
/// else the first of [`DEFAULT_NAMES`] that exists.
pub fn find(root: &Path, ruleset_path: Option<&str>) -> Option<PathBuf> {
    if let Some(p) = ruleset_path.filter(|p| !p.is_empty()) {
        return Some(root.join(p));
    }
    DEFAULT_NAMES
        .iter()
        .map(|n| root.join(n))
        .find(|p| p.is_file())
}

/// Loads the ruleset of a workspace root, if there is one. `Err`: the file named by
/// `rulesetPath` cannot be read. No remote ruleset is fetched (see [`load_for_with`]).
pub fn load_for(root: &Path, ruleset_path: Option<&str>) -> Result<Option<Ruleset>, String> {
    load_for_with(root, ruleset_path, &Default::default())
}

/// [`load_for`], fetching the remote rulesets that `extends` names when `remote` (the
/// `remoteRefs` setting) allows their URLs.
pub fn load_for_with(
    root: &Path,
    ruleset_path: Option<&str>,
    remote: &crate::refs::remote::Policy,
) -> Result<Option<Ruleset>, String> {
    let Some(file) = find(root, ruleset_path) else {
        return Ok(None);
    };
    let inside = match (file.canonicalize(), root.canonicalize()) {
        (Ok(f), Ok(r)) => f.starts_with(r),
        _ => crate::refs::normalize(&file).starts_with(crate::refs::normalize(root)),
    };
    if !inside {
        return Err(format!(
            "the ruleset {} (setting `rulesetPath`) is outside the workspace folder: specls does not read it",
            file.display()
        ));
    }
    let text = std::fs::read_to_string(&file)
        .map_err(|e| format!("the ruleset {}: {e}", file.display()))?;
    Ok(Some(load_with(&file, &text, root, remote)))
}

/// Reads a ruleset from its text. `root`: the workspace folder, outside which no `extends` is
/// read. No remote ruleset is fetched.
pub fn load(file: &Path, text: &str, root: &Path) -> Ruleset {
    load_with(file, text, root, &Default::default())
}

/// [`load`], fetching the remote rulesets `remote` allows.
pub fn load_with(
    file: &Path,
    text: &str,
    root: &Path,
    remote: &crate::refs::remote::Policy,
) -> Ruleset {
    let file = crate::refs::normalize(&crate::refs::absolute(file));
    let root = crate::refs::normalize(&crate::refs::absolute(root));
    let mut r = Ruleset {
        file: file.clone(),
        root: root.clone(),
        text: text.to_string(),
        files: vec![file.clone()],
        preset: Preset::Off,
        remote: remote.clone(),
        ..Default::default()
    };
    let mut seen = vec![file.clone()];
    let mut diags = Vec::new();
    read_into(&mut r, &file, text, &root, &mut seen, 0, &mut diags);
    r.diagnostics = diags;
    let mut urls = doc_urls().lock().unwrap_or_else(|e| e.into_inner());
    for rule in r
        .rules
        .iter()
        .chain(r.overrides.iter().flat_map(|o| &o.rules))
    {
        let url = rule.documentation_url.clone().or_else(|| {
            r.documentation_url
                .as_ref()
                .map(|u| format!("{u}#{}", rule.id))
        });
        if let Some(url) = url {
            urls.insert(rule.id, url);
        }
    }
    drop(urls);
    crate::analysis::sort_diagnostics(&mut r.diagnostics);
    r
}

/// Diagnostics of a ruleset file.
struct Ctx<'t> {
    parsed: &'t Parsed,
    out: &'t mut Vec<Diagnostic>,
    /// Names of the JavaScript functions the ruleset declares.
    js_functions: Vec<String>,
    aliases: BTreeMap<String, Vec<String>>,
}

impl<'t> Ctx<'t> {
    fn push(&mut self, range: Range<usize>, severity: Severity, code: &'static str, msg: String) {
        self.out.push(Diagnostic::new(range, severity, code, msg));
    }
    fn error(&mut self, n: NodeRef<'_>, code: &'static str, msg: impl Into<String>) {
        self.push(n.value_range(), Severity::Error, code, msg.into());
    }
    fn warn(&mut self, n: NodeRef<'_>, code: &'static str, msg: impl Into<String>) {
        self.push(n.value_range(), Severity::Warning, code, msg.into());
    }
    fn str(&self, n: NodeRef<'t>) -> Option<&'t str> {
        self.parsed.tree.follow_alias(n).node.as_str()
    }
    fn json(&self, n: NodeRef<'_>) -> Value {
        crate::syntax::value::node_to_json(&self.parsed.tree, n).unwrap_or(Value::Null)
    }
}

fn get<'a>(n: NodeRef<'a>, key: &str) -> Option<(NodeRef<'a>, NodeRef<'a>)> {
    n.entries()
        .find(|(k, _)| k.node.key_text().as_deref() == Some(key))
}

#[allow(clippy::too_many_arguments)]
fn read_into(
    r: &mut Ruleset,
    file: &Path,
    text: &str,
    root: &Path,
    seen: &mut Vec<PathBuf>,
    depth: usize,
    out: &mut Vec<Diagnostic>,
) {
    let lang = Lang::from_path(file).unwrap_or(Lang::Yaml);
    let parsed = Parsed::new(lang, text);
    out.extend(crate::analysis::diagnostics(&parsed));
    let Some(top) = parsed.tree.root() else {
        return;
    };
    let mut cx = Ctx {
        parsed: &parsed,
        out,
        js_functions: Vec::new(),
        aliases: builtin_aliases(),
    };
    if !top.node.is_mapping() {
        cx.error(
            top,
            "ruleset/invalid",
            "a ruleset is a mapping (`extends`, `rules`, …)",
        );
        return;
    }
    // `functions` and `aliases` first: rules use them.
    for (k, v) in top.entries() {
        match k.node.key_text().as_deref() {
            Some("functions") => {
                for f in v.items() {
                    if let Some(name) = cx.str(f) {
                        cx.js_functions.push(name.to_string());
                    }
                }
                cx.push(
                    k.range(),
                    Severity::Warning,
                    "ruleset/js-function",
                    "custom JavaScript functions are not run by specls: the rules that use them are skipped (the others run)".into(),
                );
            }
            Some("aliases") => {
                for (name, targets) in v.entries() {
                    let Some(name) = name.node.key_text() else {
                        continue;
                    };
                    let list: Vec<String> = match targets.node.kind() {
                        NodeKind::Sequence(_) => targets
                            .items()
                            .filter_map(|t| cx.str(t).map(str::to_string))
                            .collect(),
                        _ => match cx.str(targets) {
                            Some(s) => vec![s.to_string()],
                            None => {
                                cx.warn(targets, "ruleset/unsupported", "specls reads aliases given as a list of paths (scoped aliases with `targets` are not supported)");
                                continue;
                            }
                        },
                    };
                    cx.aliases.insert(name.into_owned(), list);
                }
            }
            _ => {}
        }
    }
    let mut formats: Option<Vec<Line>> = None;
    if let Some((_, v)) = get(top, "formats") {
        formats = read_formats(&mut cx, v);
    }
    // What it extends first: this ruleset's `rules` may set the severity of their rules.
    if let Some((_, v)) = get(top, "extends") {
        if v.node.as_scalar() != Some(&crate::syntax::ScalarValue::Null) {
            read_extends(r, &mut cx, v, file, root, seen, depth);
        }
    }
    let mut overrides = None;
    for (k, v) in top.entries() {
        let key = k.node.key_text().unwrap_or_default().into_owned();
        // `rules:` with nothing after it (while it is written): nothing to read.
        if v.node.as_scalar() == Some(&crate::syntax::ScalarValue::Null) {
            continue;
        }
        match key.as_str() {
            "extends" => {}
            "rules" => read_rules(r, &mut cx, v, &formats),
            // After `rules`, wherever it is written: its severities may name their rules.
            "overrides" => overrides = Some(v),
            "documentationUrl" => match cx.str(v) {
                Some(s) => r.documentation_url = Some(s.to_string()),
                None => cx.error(v, "ruleset/invalid", "`documentationUrl` is a URL string"),
            },
            "formats" | "functions" | "aliases" | "description" | "parserOptions" => {}
            "functionsDir" => {}
            other => cx.push(
                k.range(),
                Severity::Warning,
                "ruleset/unknown-key",
                format!("unknown ruleset key `{other}` (a ruleset has `extends`, `rules`, `overrides`, `formats`, `documentationUrl`, `aliases`, `functions`)"),
            ),
        }
    }
    if let Some(v) = overrides {
        read_overrides(r, &mut cx, v, &formats);
    }
}

fn builtin_aliases() -> BTreeMap<String, Vec<String>> {
    let mut m = BTreeMap::new();
    m.insert("PathItem".into(), vec!["$.paths[*]".into()]);
    m.insert(
        "OperationObject".into(),
        vec!["$.paths[*][get,put,post,delete,options,head,patch,trace]".into()],
    );
    m
}

fn format_lines(name: &str) -> Option<Vec<Line>> {
    use Line::*;
    Some(match name {
        "oas2" => vec![Swagger2],
        "oas3" => vec![OpenApi30, OpenApi31, OpenApi32],
        "oas3.0" | "oas3_0" => vec![OpenApi30],
        "oas3.1" | "oas3_1" => vec![OpenApi31],
        "oas3.2" | "oas3_2" => vec![OpenApi32],
        "asyncapi2" | "aas2" => vec![AsyncApi2],
        "asyncapi3" | "aas3" => vec![AsyncApi3],
        "jsonSchema" | "json-schema" => vec![Draft04, Draft06, Draft07, Draft201909, Draft202012],
        "jsonSchemaDraft4" | "json-schema-draft4" => vec![Draft04],
        "jsonSchemaDraft6" | "json-schema-draft6" => vec![Draft06],
        "jsonSchemaDraft7" | "json-schema-draft7" => vec![Draft07],
        "jsonSchemaDraft2019_09" | "json-schema-2019-09" => vec![Draft201909],
        "jsonSchemaDraft2020_12" | "json-schema-2020-12" => vec![Draft202012],
        _ => return None,
    })
}

fn read_formats(cx: &mut Ctx<'_>, v: NodeRef<'_>) -> Option<Vec<Line>> {
    let mut lines = Vec::new();
    for f in v.items() {
        match cx.str(f).and_then(format_lines) {
            Some(l) => lines.extend(l),
            None => cx.error(
                f,
                "ruleset/unknown-format",
                "unknown format: use oas2, oas3, oas3.0, oas3.1, asyncapi2, asyncapi3 or a JSON Schema draft",
            ),
        }
    }
    if !matches!(v.node.kind(), NodeKind::Sequence(_)) {
        cx.error(v, "ruleset/invalid", "`formats` is a list");
        return None;
    }
    Some(lines)
}

fn read_extends(
    r: &mut Ruleset,
    cx: &mut Ctx<'_>,
    v: NodeRef<'_>,
    file: &Path,
    root: &Path,
    seen: &mut Vec<PathBuf>,
    depth: usize,
) {
    let dir = file.parent().unwrap_or(Path::new(""));
    // A remote ruleset's relative `extends` are relative to its URL.
    let base_url = crate::refs::remote::url_of(file);
    let entries: Vec<NodeRef<'_>> = match v.node.kind() {
        NodeKind::Sequence(_) => v.items().collect(),
        _ => vec![v],
    };
    for e in entries {
        let (name_node, mode) = match e.node.kind() {
            NodeKind::Sequence(_) => {
                let mut it = e.items();
                let (Some(n), m) = (it.next(), it.next()) else {
                    cx.error(
                        e,
                        "ruleset/invalid",
                        "an `extends` entry is a name or `[name, recommended|all|off]`",
                    );
                    continue;
                };
                let mode = match m.map(|m| (m, cx.str(m))) {
                    None => "recommended",
                    Some((_, Some(s @ ("recommended" | "all" | "off")))) => s,
                    Some((m, _)) => {
                        cx.error(
                            m,
                            "ruleset/invalid",
                            "the mode of an `extends` entry is `recommended`, `all` or `off`",
                        );
                        continue;
                    }
                };
                (n, mode)
            }
            _ => (e, "recommended"),
        };
        let Some(name) = cx.str(name_node) else {
            cx.error(
                name_node,
                "ruleset/invalid",
                "an `extends` entry names a ruleset",
            );
            continue;
        };
        match name {
            // `spectral:oas2` and `spectral:oas3` are Spectral 5's names of the same rules.
            "spectral:oas" | "spectral:oas2" | "spectral:oas3" => {
                r.preset = match mode {
                    "all" => Preset::All,
                    "off" => Preset::Off,
                    _ => Preset::Recommended,
                };
            }
            "spectral:asyncapi" => {
                let mut inner = Ruleset {
                    preset: Preset::Off,
                    ..Default::default()
                };
                let mut inner_diags = Vec::new();
                read_into(
                    &mut inner,
                    Path::new("spectral-asyncapi.yaml"),
                    ASYNCAPI,
                    root,
                    seen,
                    depth + 1,
                    &mut inner_diags,
                );
                debug_assert!(inner_diags.is_empty(), "{inner_diags:?}");
                merge_extended(r, inner, mode);
                cx.push(
                    name_node.value_range(),
                    Severity::Hint,
                    "ruleset/unsupported",
                    "specls runs the rules of `spectral:asyncapi` but its meta-schema rules: `asyncapi-schema`, `asyncapi-3-document-resolved` and `asyncapi-3-document-unresolved` are skipped, their checks are specls's own meta-schema validation (`schema/…`; docs/rulesets.md)".into(),
                );
            }
            "spectral:arazzo" => cx.push(
                name_node.value_range(),
                Severity::Info,
                "ruleset/unsupported",
                format!("`{name}` is not yet supported by specls; its rules are skipped"),
            ),
            _ if name.starts_with("https://")
                || name.starts_with("http://")
                || (base_url.is_some() && looks_like_path(name)) =>
            {
                let url = match base_url {
                    Some(base) => crate::refs::uri::join(base, name),
                    None => name.to_string(),
                };
                if !r.remote.allows(&url) {
                    cx.warn(
                        name_node,
                        "ruleset/remote-extends",
                        format!("specls fetches a remote ruleset only from a URL the `remoteRefs` setting allows (`remote_refs = [\"{}\"]` in specls.toml, or `specls.remoteRefs` in the editor): this `extends` is skipped (or copy the ruleset into the workspace and extend it by path)", url_prefix(&url)),
                    );
                    continue;
                }
                let path = PathBuf::from(&url);
                if seen.contains(&path) || depth >= MAX_EXTENDS_DEPTH {
                    cx.error(name_node, "ruleset/extends", "this `extends` makes a cycle (or goes too deep): skipped");
                    continue;
                }
                let policy = r.remote.clone();
                let text = match remote_rulesets().get_blocking(&url, &policy) {
                    crate::refs::remote::Fetch::Loaded(p) => p.rope.to_string(),
                    crate::refs::remote::Fetch::Failed(e) => {
                        cx.warn(name_node, "ruleset/remote-extends", format!("cannot fetch `{url}`: {e}; this `extends` is skipped (check the URL, or copy the ruleset into the workspace)"));
                        continue;
                    }
                    crate::refs::remote::Fetch::Off | crate::refs::remote::Fetch::Pending => continue,
                };
                extend_with(r, cx, name_node, name, &path, &text, root, seen, depth, mode);
            }
            _ if !looks_like_path(name) =>
            {
                cx.warn(
                    name_node,
                    "ruleset/unsupported",
                    format!("`{name}` looks like a package: specls reads local ruleset files only (extend it by path); skipped"),
                )
            }
            _ => {
                let path = crate::refs::normalize(&dir.join(name));
                let inside = match (path.canonicalize(), root.canonicalize()) {
                    (Ok(p), Ok(root)) => p.starts_with(root),
                    _ => path.starts_with(root),
                };
                if !inside {
                    cx.error(name_node, "ruleset/extends", "this ruleset is outside the workspace folder: specls does not read it");
                    continue;
                }
                if seen.contains(&path) || depth >= MAX_EXTENDS_DEPTH {
                    cx.error(name_node, "ruleset/extends", "this `extends` makes a cycle (or goes too deep): skipped");
                    continue;
                }
                let text = match std::fs::read_to_string(&path) {
                    Ok(t) => t,
                    Err(e) => {
                        cx.error(name_node, "ruleset/extends", format!("cannot read `{name}`: {e}"));
                        continue;
                    }
                };
                r.files.push(path.clone());
                extend_with(r, cx, name_node, name, &path, &text, root, seen, depth, mode);
            }
        }
    }
}

/// The remote rulesets fetched in this process (each URL once; a new process tries again).
fn remote_rulesets() -> &'static crate::refs::remote::RemoteCache {
    static CACHE: OnceLock<crate::refs::remote::RemoteCache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// The scheme and host of a URL, with a `/`: the prefix a user would allow.
fn url_prefix(url: &str) -> String {
    let after = url.find("://").map(|i| i + 3).unwrap_or(0);
    match url[after..].find('/') {
        Some(j) => url[..after + j + 1].to_string(),
        None => format!("{url}/"),
    }
}

/// Reads an extended ruleset (a file, or a fetched URL) and merges it under `r`; its problems
/// are reported on the `extends` entry that names it.
#[allow(clippy::too_many_arguments)]
fn extend_with(
    r: &mut Ruleset,
    cx: &mut Ctx<'_>,
    name_node: NodeRef<'_>,
    name: &str,
    path: &Path,
    text: &str,
    root: &Path,
    seen: &mut Vec<PathBuf>,
    depth: usize,
    mode: &str,
) {
    seen.push(path.to_path_buf());
    let mut inner = Ruleset {
        preset: Preset::Off,
        remote: r.remote.clone(),
        ..Default::default()
    };
    let mut inner_diags = Vec::new();
    read_into(
        &mut inner,
        path,
        text,
        root,
        seen,
        depth + 1,
        &mut inner_diags,
    );
    seen.pop();
    let rope = ropey::Rope::from_str(text);
    for d in inner_diags
        .iter()
        .filter(|d| d.severity <= Severity::Warning)
    {
        let line = rope.byte_to_line(d.range.start.min(text.len())) + 1;
        cx.push(
            name_node.value_range(),
            d.severity,
            d.code,
            format!("in `{name}` line {line}: {}", d.message),
        );
    }
    merge_extended(r, inner, mode);
}

/// What an extended ruleset sets, under what the extending one sets after it. `mode`:
/// `recommended`, `all` (its `recommended: false` rules on too) or `off` (its rules off).
fn merge_extended(r: &mut Ruleset, inner: Ruleset, mode: &str) {
    if inner.preset != Preset::Off {
        r.preset = inner.preset;
    }
    r.levels.extend(inner.levels);
    r.files.extend(inner.files);
    r.overrides.extend(inner.overrides);
    for mut rule in inner.rules {
        match mode {
            "all" => rule.recommended = true,
            "off" => rule.severity = None,
            _ => {}
        }
        // Its rules keep their ruleset's documentation.
        if rule.documentation_url.is_none() {
            rule.documentation_url = inner
                .documentation_url
                .as_ref()
                .map(|u| format!("{u}#{}", rule.id));
        }
        r.rules.retain(|x| x.id != rule.id);
        r.rules.push(rule);
    }
}

/// A local ruleset file, rather than a package name.
fn looks_like_path(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('/')
        || [".yaml", ".yml", ".json"].iter().any(|e| name.ends_with(e))
}

/// A severity as a ruleset writes it: a name, 0–3, or `true` / `false`.
fn read_level(cx: &Ctx<'_>, v: NodeRef<'_>) -> Option<Level> {
    let v = cx.parsed.tree.follow_alias(v);
    match v.node.as_scalar()? {
        crate::syntax::ScalarValue::Str(s) => match &**s {
            "off" => Some(Level::Off),
            "error" => Some(Level::Error),
            "warn" | "warning" => Some(Level::Warn),
            "info" | "information" => Some(Level::Info),
            "hint" => Some(Level::Hint),
            _ => None,
        },
        crate::syntax::ScalarValue::Int(i) => match i {
            -1 => Some(Level::Off),
            0 => Some(Level::Error),
            1 => Some(Level::Warn),
            2 => Some(Level::Info),
            3 => Some(Level::Hint),
            _ => None,
        },
        crate::syntax::ScalarValue::Bool(true) => Some(Level::On),
        crate::syntax::ScalarValue::Bool(false) => Some(Level::Off),
        _ => None,
    }
}

const BAD_SEVERITY: &str =
    "a severity is `error`, `warn`, `info`, `hint` or `off` (or 0–3, `true`, `false`)";

fn severity_of(level: Level, default: Severity) -> Option<Severity> {
    match level {
        Level::Off => None,
        Level::On => Some(default),
        Level::Error => Some(Severity::Error),
        Level::Warn => Some(Severity::Warning),
        Level::Info => Some(Severity::Info),
        Level::Hint => Some(Severity::Hint),
    }
}

fn unknown_rule(r: &Ruleset, id: &str) -> String {
    let closest = super::all()
        .iter()
        .map(|x| x.id)
        .chain(r.rules.iter().map(|x| x.id))
        .map(|x| (strsim::levenshtein(id, x), x))
        .min()
        .filter(|(d, _)| *d <= 3)
        .map(|(_, x)| format!(" (did you mean `{x}`?)"))
        .unwrap_or_default();
    format!(
        "unknown rule `{id}`{closest}: neither a specls built-in rule nor a rule of this ruleset"
    )
}

fn read_rules(r: &mut Ruleset, cx: &mut Ctx<'_>, v: NodeRef<'_>, formats: &Option<Vec<Line>>) {
    if !v.node.is_mapping() {
        cx.error(v, "ruleset/invalid", "`rules` is a mapping of rule ids");
        return;
    }
    // Definitions first: a severity may name a rule defined further down.
    let mut severities = Vec::new();
    for (k, def) in v.entries() {
        let id = k.node.key_text().unwrap_or_default().into_owned();
        if def.node.is_mapping() && (get(def, "given").is_some() || get(def, "then").is_some()) {
            if let Some(rule) = read_rule(cx, &id, k, def, formats) {
                if super::rule(&id).is_some() {
                    // A rule of the same id replaces the built-in one.
                    r.levels.insert(id.clone(), Level::Off);
                }
                r.rules.retain(|x| x.id != rule.id);
                r.rules.push(rule);
            } else if super::rule(&id).is_some() {
                r.levels.insert(id.clone(), Level::Off);
            }
        } else {
            severities.push((id, k, def));
        }
    }
    for (id, k, def) in severities {
        let (level_node, level) = if def.node.is_mapping() {
            match get(def, "severity") {
                Some((_, s)) => (s, read_level(cx, s)),
                None => {
                    // `{recommended: false}` or a description only: nothing specls changes.
                    continue;
                }
            }
        } else {
            (def, read_level(cx, def))
        };
        let Some(level) = level else {
            cx.error(level_node, "ruleset/bad-severity", BAD_SEVERITY);
            continue;
        };
        if super::rule(&id).is_some() {
            r.levels.insert(id, level);
        } else if let Some(rule) = r.rules.iter_mut().find(|x| x.id == id) {
            rule.severity = severity_of(level, rule.severity.unwrap_or(Severity::Warning));
            rule.recommended = true;
        } else {
            cx.push(
                k.range(),
                Severity::Error,
                "ruleset/unknown-rule",
                unknown_rule(r, &id),
            );
        }
    }
}

fn read_rule(
    cx: &mut Ctx<'_>,
    id: &str,
    key: NodeRef<'_>,
    def: NodeRef<'_>,
    formats: &Option<Vec<Line>>,
) -> Option<CustomRule> {
    let mut rule = CustomRule {
        id: intern(id),
        description: None,
        message: None,
        severity: Some(Severity::Warning),
        recommended: true,
        given: Vec::new(),
        then: Vec::new(),
        formats: formats.clone(),
        documentation_url: None,
        resolved: true,
    };
    let mut ok = true;
    let mut has_given = false;
    for (k, v) in def.entries() {
        match k.node.key_text().as_deref().unwrap_or_default() {
            "description" => rule.description = cx.str(v).map(str::to_string),
            "message" => rule.message = cx.str(v).map(str::to_string),
            "severity" => match read_level(cx, v) {
                Some(l) => rule.severity = severity_of(l, Severity::Warning),
                None => {
                    cx.error(v, "ruleset/bad-severity", BAD_SEVERITY);
                }
            },
            "recommended" => rule.recommended = v.node.as_scalar() != Some(&crate::syntax::ScalarValue::Bool(false)),
            "formats" => rule.formats = read_formats(cx, v),
            "given" => {
                has_given = true;
                let list: Vec<NodeRef<'_>> = match v.node.kind() {
                    NodeKind::Sequence(_) => v.items().collect(),
                    _ => vec![v],
                };
                for g in list {
                    let Some(text) = cx.str(g) else {
                        cx.error(g, "ruleset/bad-jsonpath", "`given` is a JSONPath string or a list of them");
                        ok = false;
                        continue;
                    };
                    match expand_alias(cx, text) {
                        Err(e) => {
                            cx.error(g, "ruleset/bad-jsonpath", e);
                            ok = false;
                        }
                        Ok(paths) => {
                            for p in paths {
                                match jsonpath::parse(&p) {
                                    Ok(p) => rule.given.push(p),
                                    Err(e) => {
                                        cx.error(g, "ruleset/bad-jsonpath", format!("invalid JSONPath: {e}"));
                                        ok = false;
                                    }
                                }
                            }
                        }
                    }
                }
            }
            "then" => {
                let list: Vec<NodeRef<'_>> = match v.node.kind() {
                    NodeKind::Sequence(_) => v.items().collect(),
                    _ => vec![v],
                };
                for t in list {
                    match read_then(cx, t) {
                        Some(t) => rule.then.push(t),
                        None => ok = false,
                    }
                }
            }
            "documentationUrl" => rule.documentation_url = cx.str(v).map(str::to_string),
            "resolved" => {
                rule.resolved =
                    v.node.as_scalar() != Some(&crate::syntax::ScalarValue::Bool(false))
            }
            "type" | "tags" | "extensions" => {}
            other => cx.push(
                k.range(),
                Severity::Warning,
                "ruleset/unknown-key",
                format!("unknown rule key `{other}` (a rule has `description`, `message`, `severity`, `given`, `then`, `formats`, `recommended`, `resolved`)"),
            ),
        }
    }
    if !has_given {
        cx.push(
            key.range(),
            Severity::Error,
            "ruleset/invalid",
            format!("the rule `{id}` has no `given`"),
        );
        return None;
    }
    if get(def, "then").is_none() {
        cx.push(
            key.range(),
            Severity::Error,
            "ruleset/invalid",
            format!("the rule `{id}` has no `then`"),
        );
        return None;
    }
    (ok && !rule.then.is_empty()).then_some(rule)
}

/// `#Alias` (and `#Alias.rest`) as the paths the alias stands for.
fn expand_alias(cx: &Ctx<'_>, text: &str) -> Result<Vec<String>, String> {
    let Some(rest) = text.strip_prefix('#') else {
        return Ok(vec![text.to_string()]);
    };
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    let (name, tail) = rest.split_at(end);
    let Some(targets) = cx.aliases.get(name) else {
        return Err(format!(
            "unknown alias `#{name}`: define it under `aliases`"
        ));
    };
    let mut out = Vec::new();
    for t in targets {
        if t.starts_with('#') {
            return Err(format!(
                "the alias `#{name}` names another alias: not supported by specls"
            ));
        }
        out.push(format!("{t}{tail}"));
    }
    Ok(out)
}

fn read_then(cx: &mut Ctx<'_>, t: NodeRef<'_>) -> Option<Then> {
    if !t.node.is_mapping() {
        cx.error(t, "ruleset/invalid", "`then` is a mapping with `function` (and `field`, `functionOptions`), or a list of them");
        return None;
    }
    let field = match get(t, "field") {
        None => None,
        Some((_, f)) => match cx.str(f) {
            Some("@key") => Some(Field::Key),
            Some(s) if s.starts_with('$') => match jsonpath::parse(s) {
                Ok(p) => Some(Field::Path(p)),
                Err(e) => {
                    cx.error(f, "ruleset/bad-jsonpath", format!("invalid JSONPath: {e}"));
                    return None;
                }
            },
            Some(s) => Some(Field::Names(s.split('.').map(str::to_string).collect())),
            None => {
                cx.error(
                    f,
                    "ruleset/invalid",
                    "`field` is a property name, `@key` or a JSONPath",
                );
                return None;
            }
        },
    };
    let Some((_, f)) = get(t, "function") else {
        cx.error(t, "ruleset/invalid", "`then` needs a `function`");
        return None;
    };
    let Some(name) = cx.str(f) else {
        cx.error(f, "ruleset/invalid", "`function` names a function");
        return None;
    };
    let options = get(t, "functionOptions").map(|(_, o)| (o, cx.json(o)));
    if !functions::NAMES.contains(&name) {
        if cx.js_functions.iter().any(|j| j == name) {
            cx.warn(f, "ruleset/js-function", format!("`{name}` is a custom JavaScript function, which specls does not run: this rule is skipped"));
        } else if functions::UNSUPPORTED.contains(&name) {
            cx.warn(
                f,
                "ruleset/unsupported",
                format!("Spectral's function `{name}` is not run by specls: this rule is skipped"),
            );
        } else {
            let closest = functions::NAMES
                .iter()
                .map(|n| (strsim::levenshtein(name, n), *n))
                .min()
                .filter(|(d, _)| *d <= 3)
                .map(|(_, n)| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            cx.error(
                f,
                "ruleset/unknown-function",
                format!(
                    "unknown function `{name}`{closest}; specls runs {}",
                    functions::NAMES.join(", ")
                ),
            );
        }
        return None;
    }
    let empty = Value::Object(Default::default());
    let opts = options.as_ref().map(|(_, v)| v).unwrap_or(&empty);
    match functions::build(name, opts) {
        Ok(function) => Some(Then { field, function }),
        Err(e) => {
            let at = options.map(|(n, _)| n).unwrap_or(f);
            cx.error(at, "ruleset/bad-options", e);
            None
        }
    }
}

fn read_overrides(r: &mut Ruleset, cx: &mut Ctx<'_>, v: NodeRef<'_>, formats: &Option<Vec<Line>>) {
    for o in v.items() {
        if !o.node.is_mapping() {
            cx.error(
                o,
                "ruleset/invalid",
                "an `overrides` entry is a mapping with `files` and `rules`",
            );
            continue;
        }
        let mut set = globset::GlobSetBuilder::new();
        let mut any = false;
        if let Some((_, files)) = get(o, "files") {
            for f in files.items() {
                let Some(g) = cx.str(f) else { continue };
                if g.contains('#') {
                    cx.warn(f, "ruleset/unsupported", "overrides by JSON pointer (`file#/pointer`) are not supported by specls: skipped");
                    continue;
                }
                let g = g.trim_start_matches("./");
                match globset::Glob::new(g) {
                    Ok(g) => {
                        set.add(g);
                        any = true;
                    }
                    Err(e) => cx.error(f, "ruleset/invalid", format!("invalid glob: {e}")),
                }
            }
        } else {
            cx.error(o, "ruleset/invalid", "an `overrides` entry needs `files`");
        }
        let mut levels = BTreeMap::new();
        let mut rules: Vec<CustomRule> = Vec::new();
        for (k, val) in o.entries() {
            match k.node.key_text().as_deref().unwrap_or_default() {
                "files" => {}
                "rules" => {
                    if !val.node.is_mapping() {
                        cx.error(val, "ruleset/invalid", "`rules` is a mapping of rule ids");
                        continue;
                    }
                    // Definitions first (read as the top-level `rules` are, with the same
                    // diagnostics): a severity may name a rule defined further down.
                    let mut severities = Vec::new();
                    for (id_node, def) in val.entries() {
                        let id = id_node.node.key_text().unwrap_or_default().into_owned();
                        if def.node.is_mapping() && (get(def, "given").is_some() || get(def, "then").is_some()) {
                            // A definition that cannot be read is skipped: the rule of that id
                            // (if any) stays as it is in these files.
                            if let Some(rule) = read_rule(cx, &id, id_node, def, formats) {
                                rules.retain(|x| x.id != rule.id);
                                rules.push(rule);
                            }
                        } else {
                            severities.push((id, id_node, def));
                        }
                    }
                    for (id, id_node, def) in severities {
                        let level_node = if def.node.is_mapping() {
                            match get(def, "severity") {
                                Some((_, s)) => s,
                                // `{recommended: false}` or a description only: nothing to set.
                                None => continue,
                            }
                        } else {
                            def
                        };
                        let Some(level) = read_level(cx, level_node) else {
                            cx.error(level_node, "ruleset/bad-severity", BAD_SEVERITY);
                            continue;
                        };
                        let known = super::rule(&id).is_some()
                            || r.rules.iter().any(|x| x.id == id)
                            || rules.iter().any(|x| x.id == id)
                            || r.overrides.iter().any(|o| o.rules.iter().any(|x| x.id == id));
                        if !known {
                            cx.push(id_node.range(), Severity::Error, "ruleset/unknown-rule", unknown_rule(r, &id));
                            continue;
                        }
                        levels.insert(id, level);
                    }
                }
                other => cx.push(
                    k.range(),
                    Severity::Warning,
                    "ruleset/unsupported",
                    format!("`{other}` in `overrides` is not supported by specls (only `files` and `rules`)"),
                ),
            }
        }
        if any {
            if let Ok(files) = set.build() {
                r.overrides.push(Override {
                    files,
                    levels,
                    rules,
                });
            }
        }
    }
}

/// What the `overrides` that match a file make of the ruleset there.
#[derive(Default)]
struct ForFile<'r> {
    /// The custom rules that run on the file: the ruleset's, replaced or joined by those the
    /// overrides define.
    rules: Vec<&'r CustomRule>,
    /// The levels the overrides set for custom rules.
    custom: BTreeMap<&'r str, Level>,
    /// The levels the overrides set for built-in rules (`off` for one an override redefines).
    builtin: BTreeMap<String, Level>,
}

impl Ruleset {
    /// The overrides whose globs match a file (its path relative to `root`, or absolute).
    fn matching(&self, path: Option<&Path>) -> Vec<&Override> {
        let Some(path) = path.filter(|_| !self.overrides.is_empty()) else {
            return Vec::new();
        };
        // Globs are relative to the ruleset's folder; a relative path, to the workspace root.
        let dir = self.file.parent().unwrap_or(Path::new(""));
        let path = crate::refs::normalize(&self.root.join(path));
        let rel = path.strip_prefix(dir).unwrap_or(&path);
        self.overrides
            .iter()
            .filter(|o| o.files.is_match(rel))
            .collect()
    }

    /// The rules and levels for a file, the overrides applied in the order they are written.
    fn for_file(&self, path: Option<&Path>) -> ForFile<'_> {
        let mut out = ForFile {
            rules: self.rules.iter().collect(),
            ..Default::default()
        };
        for o in self.matching(path) {
            for rule in &o.rules {
                out.rules.retain(|x| x.id != rule.id);
                out.rules.push(rule);
                // A new definition starts from its own severity.
                out.custom.remove(rule.id);
                if super::rule(rule.id).is_some() {
                    out.builtin.insert(rule.id.to_string(), Level::Off);
                }
            }
            for (id, level) in &o.levels {
                match out.rules.iter().find(|x| x.id == id) {
                    Some(rule) => {
                        out.custom.insert(rule.id, *level);
                    }
                    None => {
                        out.builtin.insert(id.clone(), *level);
                    }
                }
            }
        }
        out
    }

    /// The levels `overrides` set for the built-in rules in a file (its path relative to
    /// `root`, or absolute): `off` for a built-in rule an override redefines there.
    pub fn override_levels(&self, path: Option<&Path>) -> BTreeMap<String, Level> {
        self.for_file(path).builtin
    }
}

impl Ruleset {
    /// Whether `path` (relative to the workspace root, or absolute) is this ruleset's file.
    pub fn is_file(&self, path: &Path) -> bool {
        crate::refs::normalize(&self.root.join(path)) == self.file
    }
}

/// When `parsed` is the ruleset file: the ruleset's own diagnostics (`ruleset/…`) in this text
/// (which may be ahead of the disk's, in an editor).
pub fn own_diagnostics(ruleset: &Ruleset, parsed: &Parsed, path: Option<&Path>) -> Vec<Diagnostic> {
    if !path.is_some_and(|p| ruleset.is_file(p)) {
        return Vec::new();
    }
    let text = parsed.rope.to_string();
    let mut found = if text == ruleset.text {
        ruleset.diagnostics.clone()
    } else {
        load_with(&ruleset.file, &text, &ruleset.root, &ruleset.remote).diagnostics
    };
    // The syntax errors are the document's own.
    found.retain(|d| d.code.starts_with("ruleset/"));
    found
}

/// Runs the custom rules on a document. `path`: for `overrides`. The `$ref`s to other files
/// are not followed (see [`run_with`]).
pub fn run(
    ruleset: &Ruleset,
    parsed: &Parsed,
    kind: &SpecKind,
    path: Option<&Path>,
) -> Vec<Diagnostic> {
    run_with(ruleset, parsed, kind, path, None)
}

/// How many files the `$ref`s of a linted document may bring into its resolved document.
const MAX_REF_FILES: usize = 256;

/// Runs the custom rules on a document. `path`: for `overrides`; `files`: the document's
/// absolute path and the loader the `$ref`s to other files are followed through (as the
/// server and `specls check` follow them), for the rules that see the resolved document.
pub fn run_with(
    ruleset: &Ruleset,
    parsed: &Parsed,
    kind: &SpecKind,
    path: Option<&Path>,
    files: Option<InWorkspace<'_>>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let here = ruleset.for_file(path);
    if here.rules.is_empty() {
        return out;
    }
    let Some(root) = parsed.tree.root() else {
        return out;
    };
    let spec = matches!(
        kind.family,
        Family::OpenApi | Family::Swagger | Family::AsyncApi
    );
    let rules: Vec<&CustomRule> = here
        .rules
        .into_iter()
        .filter(|rule| match &rule.formats {
            Some(f) => f.contains(&kind.line),
            None => spec,
        })
        .collect();
    // The files the resolved document takes in: loaded once, if a rule sees it.
    let file = files.as_ref().map(|w| w.file);
    let loaded = match files {
        Some(w) if rules.iter().any(|r| r.resolved) => {
            let sites = crate::refs::ref_sites_with(parsed, w.sites);
            referenced_files(sites, w.file, w.loader)
        }
        _ => Vec::new(),
    };
    let docs = jsonpath::Docs::new(
        std::iter::once((file.map(Path::to_path_buf), &parsed.tree))
            .chain(loaded.iter().map(|(p, f)| (Some(p.clone()), &f.tree)))
            .collect(),
    );
    let lines = |doc: usize, offset: usize| -> usize {
        let rope = &loaded[doc - 1].1.rope;
        rope.byte_to_line(offset.min(rope.len_bytes())) + 1
    };
    let ctx = RunCtx {
        parsed,
        docs: &docs,
        root,
        base: file.and_then(Path::parent),
        line_of: &lines,
    };
    for rule in rules {
        let severity = match here.custom.get(rule.id) {
            Some(l) => severity_of(*l, rule.severity.unwrap_or(Severity::Warning)),
            None if rule.recommended => rule.severity,
            None => None,
        };
        let Some(severity) = severity else { continue };
        let start = out.len();
        let mut notes = Vec::new();
        run_rule(rule, &ctx, severity, &mut out, &mut notes);
        if out.len() - start > MAX_FINDINGS {
            out.truncate(start + MAX_FINDINGS);
            out.push(Diagnostic::new(
                first_line(parsed),
                Severity::Info,
                rule.id,
                format!("`{}`: more than {MAX_FINDINGS} findings in this document; the rest are not shown", rule.id),
            ));
        }
        out.extend(notes);
    }
    out
}

/// The workspace a linted document is in: its absolute path, the loader its `$ref`s to other
/// files are followed through, and the analysis's cache of its `$ref`s (the `$ref` diagnostics
/// of the same analysis find them there again).
pub struct InWorkspace<'a> {
    pub file: &'a Path,
    pub loader: &'a dyn crate::refs::Loader,
    pub sites: &'a mut crate::refs::SitesCache,
}

/// The other files a document's `$ref`s (`sites`) reach, directly or through each other (inside
/// the workspace, as the loader allows; [`MAX_REF_FILES`] at most), with their absolute paths.
fn referenced_files(
    mut sites: Vec<crate::refs::RefSite>,
    file: &Path,
    loader: &dyn crate::refs::Loader,
) -> Vec<(PathBuf, Arc<Parsed>)> {
    let mut out: Vec<(PathBuf, Arc<Parsed>)> = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::from([file.to_path_buf()]);
    let mut next = 0;
    let mut from = file.to_path_buf();
    loop {
        for site in &sites {
            let crate::refs::Target::At { file: target, .. } =
                crate::refs::target_of(&site.raw, &from)
            else {
                continue;
            };
            if out.len() >= MAX_REF_FILES || !seen.insert(target.clone()) {
                continue;
            }
            if !loader.inside(&target) {
                continue;
            }
            if let Some(p) = loader.load(&target) {
                out.push((target, p));
            }
        }
        let Some((path, p)) = out.get(next) else {
            break;
        };
        sites = crate::refs::ref_sites(p);
        from = path.clone();
        next += 1;
    }
    out
}

fn first_line(parsed: &Parsed) -> Range<usize> {
    let text = parsed.rope.line(0).to_string();
    0..text.trim_end_matches(['\n', '\r']).len()
}

/// What every rule of a run shares: the linted document and the resolved one's files.
struct RunCtx<'a, 'r> {
    parsed: &'a Parsed,
    docs: &'r jsonpath::Docs<'a>,
    root: NodeRef<'a>,
    /// The linted document's folder: other files are named relative to it.
    base: Option<&'r Path>,
    /// The line (from 1) of an offset in another file (document 1 on).
    line_of: &'r dyn Fn(usize, usize) -> usize,
}

/// What a `then` looks at: the node (none: a missing field), the document it is in, the `$ref`
/// of the linted document it was reached through (in another file), where it is (the trail
/// and the names of a `field` below it) and its key.
struct Target<'a> {
    node: Option<NodeRef<'a>>,
    doc: usize,
    site: Option<NodeRef<'a>>,
    via: jsonpath::Via,
    trail: jsonpath::Trail<'a>,
    below: Vec<Seg>,
    key: Option<NodeRef<'a>>,
}

fn run_rule<'a>(
    rule: &CustomRule,
    cx: &RunCtx<'a, '_>,
    severity: Severity,
    out: &mut Vec<Diagnostic>,
    notes: &mut Vec<Diagnostic>,
) {
    let (parsed, docs, root) = (cx.parsed, cx.docs, cx.root);
    // Operations that reference one response (say) reach its problem once each: it is said
    // once (per `then` and property).
    let mut said = HashSet::new();
    let follow = if rule.resolved {
        jsonpath::Follow::All
    } else {
        jsonpath::Follow::No
    };
    for given in &rule.given {
        let found = given.eval(docs, rule.resolved);
        if found.truncated {
            notes.push(Diagnostic::new(
                first_line(parsed),
                Severity::Info,
                rule.id,
                format!(
                    "`{}`: its `given` visits more than {} nodes in this document; it stopped there",
                    rule.id,
                    jsonpath::MAX_VISITS
                ),
            ));
        }
        for m in &found.matches {
            for (then_index, then) in rule.then.iter().enumerate() {
                // Through a `$ref`, a missing field is reported where the referenced object
                // is written (its document, and the `$ref` it was reached through).
                let mut anchor: Option<(usize, NodeRef<'a>)> = None;
                let at_match = |node: NodeRef<'a>, key: Option<NodeRef<'a>>| Target {
                    node: Some(node),
                    doc: m.doc,
                    site: m.site,
                    via: m.via.clone(),
                    trail: m.trail.clone(),
                    below: Vec::new(),
                    key,
                };
                let targets: Vec<Target<'a>> = match &then.field {
                    None => vec![at_match(m.node, m.key)],
                    Some(Field::Key) => match m.key {
                        Some(k) => vec![at_match(k, Some(k))],
                        None => Vec::new(),
                    },
                    Some(Field::Names(names)) => {
                        let mut cur = Some((m.doc, m.node));
                        let mut key = m.key;
                        let mut site = m.site;
                        let mut via = m.via.clone();
                        let mut unresolved = false;
                        // The document of the last node looked at (where `key` is).
                        let mut last = m.doc;
                        for n in names {
                            let Some((doc, c)) = cur else { break };
                            let seen = jsonpath::deref(docs, doc, c, &via, follow);
                            last = seen.doc;
                            unresolved |= rule.resolved && jsonpath::is_unresolved_ref(seen.node);
                            site = site.or(seen.site);
                            via = seen.via;
                            if seen.doc != doc
                                || seen.node.start != docs.tree(doc).follow_alias(c).start
                            {
                                anchor = Some((seen.doc, seen.node));
                                key = None;
                            }
                            match seen
                                .node
                                .entries()
                                .find(|(k, _)| k.node.key_text().as_deref() == Some(n.as_str()))
                            {
                                Some((k, v)) => {
                                    cur = Some((seen.doc, v));
                                    key = Some(k);
                                }
                                None => cur = None,
                            }
                        }
                        if unresolved {
                            // Under a `$ref` that cannot be followed: not known here.
                            Vec::new()
                        } else {
                            let (doc, node) = match cur {
                                Some((d, n)) => (d, Some(n)),
                                None => (last, None),
                            };
                            vec![Target {
                                node,
                                doc,
                                site,
                                via,
                                trail: m.trail.clone(),
                                below: names.iter().map(|n| Seg::Key(n.clone())).collect(),
                                key,
                            }]
                        }
                    }
                    Some(Field::Path(p)) => p
                        .eval_budget(docs, m.clone(), jsonpath::MAX_VISITS, rule.resolved)
                        .matches
                        .into_iter()
                        .map(|x| Target {
                            node: Some(x.node),
                            doc: x.doc,
                            site: x.site,
                            via: x.via,
                            trail: x.trail,
                            below: Vec::new(),
                            key: x.key,
                        })
                        .collect(),
                };
                for t in targets {
                    let seen = t
                        .node
                        .map(|n| jsonpath::deref(docs, t.doc, n, &t.via, follow));
                    let (doc, site) = match &seen {
                        Some(s) => (s.doc, t.site.or(s.site)),
                        None => (t.doc, t.site),
                    };
                    let target = seen.as_ref().map(|s| s.node);
                    // Found through a `$ref`: the finding is where the target is written.
                    let key = if target.map(|n| (doc, n.start)) != t.node.map(|n| (t.doc, n.start))
                    {
                        None
                    } else {
                        t.key
                    };
                    if rule.resolved && target.is_some_and(jsonpath::is_unresolved_ref) {
                        continue;
                    }
                    let tree = docs.tree(doc);
                    let head_in = |d: usize, n: NodeRef<'a>| {
                        if d == 0 {
                            head(parsed, n)
                        } else {
                            n.value_range()
                        }
                    };
                    // The target's key, for the functions that read it (a channel's address).
                    let name = match then.function.needs_name() {
                        true => match t.trail.segs().last() {
                            Some(Seg::Key(k)) if t.below.is_empty() => Some(k.clone()),
                            _ => None,
                        },
                        false => None,
                    };
                    let found =
                        then.function
                            .run(tree, target, name.as_deref(), (docs.tree(0), root));
                    for f in found {
                        let mut path = t.trail.segs();
                        path.extend(t.below.iter().cloned());
                        let at = f.at.or(target);
                        // Where it is written: in the linted document, or (for what a `$ref`
                        // brings from another file) in that file.
                        let (written, range) = match at {
                            Some(n) if n.node.as_scalar().is_some() => (doc, n.value_range()),
                            Some(n) => match key.filter(|_| f.at.is_none()) {
                                Some(k) => (doc, k.range()),
                                None => (doc, head_in(doc, n)),
                            },
                            None => match (key, anchor) {
                                (Some(k), _) => (doc, k.range()),
                                (None, Some((d, a))) => (d, head_in(d, a)),
                                (None, None) => match m.key {
                                    Some(k) => (m.doc, k.range()),
                                    None => (m.doc, head_in(m.doc, m.node)),
                                },
                            },
                        };
                        // Spectral lints the resolved document: what a `$ref` brings from
                        // another file is reported on that `$ref`, in the document linted (the
                        // message says where in the other file it is).
                        let (range, elsewhere) = if written == 0 {
                            (range, None)
                        } else {
                            let file = docs.path(written).map(|p| {
                                cx.base
                                    .and_then(|b| p.strip_prefix(b).ok())
                                    .unwrap_or(p)
                                    .to_string_lossy()
                                    .replace('\\', "/")
                            });
                            let where_ = format!(
                                " (in `{}` line {})",
                                file.unwrap_or_default(),
                                (cx.line_of)(written, range.start)
                            );
                            let range = site
                                .map(|s| head(parsed, s))
                                .unwrap_or_else(|| first_line(parsed));
                            (range, Some(where_))
                        };
                        let property = f.property.clone().or_else(|| match path.last() {
                            Some(Seg::Key(k)) => Some(k.clone()),
                            Some(Seg::Index(i)) => Some(i.to_string()),
                            None => None,
                        });
                        let error = match &property {
                            _ if f.whole => f.message.clone(),
                            Some(p) => format!("`{p}` {}", f.message),
                            None => format!("the document {}", f.message),
                        };
                        let mut message = match (&rule.message, &rule.description) {
                            // As Spectral: the message, else the description, else the
                            // function's message.
                            (Some(tpl), _) => template(
                                tpl,
                                &error,
                                &path,
                                property.as_deref(),
                                target,
                                tree,
                                rule,
                            ),
                            (None, Some(d)) => d.clone(),
                            (None, None) => error,
                        };
                        if let Some(w) = &elsewhere {
                            message.push_str(w);
                        }
                        if said.insert((range.clone(), then_index, property.clone(), elsewhere)) {
                            out.push(Diagnostic::new(range, severity, rule.id, message));
                        }
                    }
                }
            }
        }
    }
}

/// The first line of a node, for findings on a mapping or list.
fn head(parsed: &Parsed, n: NodeRef<'_>) -> Range<usize> {
    let r = n.value_range();
    let rope = &parsed.rope;
    let start = r.start.min(rope.len_bytes());
    let line = rope.byte_to_line(start);
    let end = if line + 1 < rope.len_lines() {
        rope.line_to_byte(line + 1)
    } else {
        rope.len_bytes()
    };
    let text = crate::syntax::text::slice(rope, start..end.min(r.end).max(start));
    start..start + text.trim_end_matches(['\n', '\r']).len()
}

fn template(
    t: &str,
    error: &str,
    path: &[Seg],
    property: Option<&str>,
    target: Option<NodeRef<'_>>,
    tree: &crate::syntax::Tree,
    rule: &CustomRule,
) -> String {
    let value = || match target {
        Some(n) => match crate::syntax::value::node_to_json(tree, n) {
            Ok(Value::String(s)) => s,
            Ok(v) => {
                let s = v.to_string();
                if s.len() > 80 {
                    format!(
                        "{}…",
                        &s[..s.char_indices().nth(77).map(|c| c.0).unwrap_or(s.len())]
                    )
                } else {
                    s
                }
            }
            Err(_) => String::new(),
        },
        None => String::new(),
    };
    let mut out = String::new();
    let mut rest = t;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let Some(j) = after.find("}}") else {
            out.push_str(&rest[i..]);
            rest = "";
            break;
        };
        match after[..j].trim() {
            "error" => out.push_str(error),
            "path" => out.push_str(&jsonpath::pointer_path(path)),
            "property" => out.push_str(property.unwrap_or_default()),
            "value" => out.push_str(&value()),
            "description" => out.push_str(rule.description.as_deref().unwrap_or_default()),
            other => {
                out.push_str("{{");
                out.push_str(other);
                out.push_str("}}");
            }
        }
        rest = &after[j + 2..];
    }
    out.push_str(rest);
    out.trim().to_string()
}
