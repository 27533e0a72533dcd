//! "Disable this rule here" and "disable this rule in the workspace": for a lint finding, the
//! edit to the workspace's Spectral ruleset that turns its rule off in the finding's file (an
//! `overrides` entry) or everywhere (the ruleset's `rules`). Editor-free: byte ranges into the
//! ruleset's text, or the whole text of a ruleset to create.
//!
//! Both go to the ruleset, for built-in rules too, rather than to `specls.toml`'s `[lint]`:
//! the ruleset is the one place both kinds of rule are set (`[lint]` rejects custom rule ids),
//! the place `overrides` live, and the file `spectral lint` reads too, so the editor, `specls
//! check` and Spectral in CI agree that the rule is off. A built-in rule that `specls.toml` or
//! the editor's settings set by id wins over the ruleset (docs/rulesets.md, "Precedence"):
//! no ruleset edit would turn it off, so [`rule_to_disable`] offers nothing for it (the
//! setting that pins it is where to change it). A file-level `overrides` entry that sets the
//! rule again for a file wins over the top-level `rules`, as in Spectral.
//!
//! These are never fixes: they are not in a [`super::Diagnostic`]'s `fix`, so neither "fix
//! all" nor `specls check --fix` applies them, and the editor never marks them preferred.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::lint::edit::{At, Editor};
use crate::lint::LintSettings;
use crate::syntax::{Lang, NodeKind, NodeRef, Parsed};

/// Where the rule is turned off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// In the finding's file: an `overrides` entry for it.
    File,
    /// Everywhere: the ruleset's top-level `rules`.
    Workspace,
}

/// An edit to the ruleset that turns a rule off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesetEdit {
    /// For the editor's menu: "Disable rule `info-contact` in this file".
    pub title: String,
    pub scope: Scope,
    /// The ruleset file (absolute).
    pub file: PathBuf,
    /// The file does not exist: it is created, and `edits` is its whole text, inserted at 0.
    pub create: bool,
    /// Edits to the ruleset's text (sorted, not overlapping).
    pub edits: Vec<(Range<usize>, String)>,
}

/// The workspace's ruleset as the edits see it: its file, and its text (the editor's, when it
/// is open) parsed, or `None` when there is no such file yet.
pub struct RulesetFile<'a> {
    pub path: &'a Path,
    pub parsed: Option<&'a Parsed>,
}

/// The rule id a finding's code names in a document of `line`, if the ruleset can turn that
/// rule off: a built-in rule (by its id, or the rule that stands for a specls check in that
/// kind of document: `spec/media-example-mismatch` is `oas3-valid-media-example` in OpenAPI
/// 3.x) that `specls.toml` and the editor's settings do not set by id, or a rule of the ruleset
/// (its own or one it extends, such as `spectral:asyncapi`'s).
pub fn rule_to_disable(
    code: &'static str,
    lint: &LintSettings,
    line: crate::spec::Line,
) -> Option<&'static str> {
    let custom = lint.ruleset.as_ref().is_some_and(|rs| {
        rs.0.rules
            .iter()
            .chain(rs.0.overrides.iter().flat_map(|o| &o.rules))
            .any(|r| r.id == code)
    });
    if custom {
        return Some(code);
    }
    let rule = crate::lint::rule(code).or_else(|| crate::lint::rule_of(code, line))?;
    (!lint.pinned.contains(rule.id)).then_some(rule.id)
}

/// Both actions for rule `id` found in the document at `doc` (absolute), those that can be
/// written: "in this file" needs the document inside the ruleset's folder (overrides' globs are
/// relative to it).
pub fn disable_rule(id: &str, doc: &Path, ruleset: &RulesetFile<'_>) -> Vec<RulesetEdit> {
    [Scope::File, Scope::Workspace]
        .into_iter()
        .filter_map(|scope| disable_rule_in(id, scope, doc, ruleset))
        .collect()
}

/// The edit that turns rule `id` off in `scope`.
pub fn disable_rule_in(
    id: &str,
    scope: Scope,
    doc: &Path,
    ruleset: &RulesetFile<'_>,
) -> Option<RulesetEdit> {
    let title = match scope {
        Scope::File => format!("Disable rule `{id}` in this file"),
        Scope::Workspace => format!("Disable rule `{id}` in the workspace"),
    };
    let glob = match scope {
        Scope::File => Some(glob_for(ruleset.path, doc)?),
        Scope::Workspace => None,
    };
    let (create, edits) = match ruleset.parsed {
        Some(parsed) => (false, edit_existing(parsed, id, glob.as_deref())?),
        None => (
            true,
            vec![(0..0, new_ruleset(ruleset.path, id, glob.as_deref()))],
        ),
    };
    Some(RulesetEdit {
        title,
        scope,
        file: ruleset.path.to_path_buf(),
        create,
        edits,
    })
}

/// The `overrides` glob that matches exactly `doc`: its path relative to the ruleset's folder,
/// with `/` separators and the glob's special characters escaped (the loader matches globs
/// against that relative path). `None` outside that folder.
fn glob_for(ruleset: &Path, doc: &Path) -> Option<String> {
    let dir = ruleset.parent()?;
    let rel = crate::refs::normalize(doc)
        .strip_prefix(crate::refs::normalize(dir))
        .ok()?
        .to_path_buf();
    let parts: Vec<String> = rel
        .components()
        .map(|c| Some(globset::escape(c.as_os_str().to_str()?)))
        .collect::<Option<_>>()?;
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The `off` severity, as a value in this language.
fn off(e: &Editor<'_>) -> String {
    if e.json() { "\"off\"" } else { "off" }.to_string()
}

/// The text of a ruleset created to hold the setting. It extends what is in effect without a
/// ruleset, Spectral's recommended `spectral:oas` rules (a ruleset that does not extend
/// `spectral:oas` turns the built-in rules off); without a ruleset no `spectral:asyncapi` rule
/// runs, so it does not extend that.
fn new_ruleset(path: &Path, id: &str, glob: Option<&str>) -> String {
    let json = Lang::from_path(path) == Some(Lang::Json);
    let mut doc = serde_json::Map::new();
    doc.insert("extends".into(), json!([["spectral:oas", "recommended"]]));
    match glob {
        Some(g) => doc.insert(
            "overrides".into(),
            json!([{"files": [g], "rules": {id: "off"}}]),
        ),
        None => doc.insert("rules".into(), json!({id: "off"})),
    };
    if json {
        let mut text = serde_json::to_string_pretty(&Value::Object(doc)).unwrap_or_default();
        text.push('\n');
        return text;
    }
    let id = crate::lint::edit::yaml_scalar(id);
    let mut text = String::from("extends: [[spectral:oas, recommended]]\n");
    match glob {
        Some(g) => text.push_str(&format!(
            "overrides:\n  - files: [{}]\n    rules:\n      {id}: off\n",
            crate::lint::edit::yaml_scalar(g)
        )),
        None => text.push_str(&format!("rules:\n  {id}: off\n")),
    }
    text
}

fn get<'a>(n: NodeRef<'a>, key: &str) -> Option<(NodeRef<'a>, NodeRef<'a>)> {
    n.entries()
        .find(|(k, _)| k.node.key_text().as_deref() == Some(key))
}

/// The edits to an existing ruleset: `rules: {id: off}` at the top (`glob` is `None`), or in
/// the `overrides` entry for exactly `glob` (added if there is none).
fn edit_existing(
    parsed: &Parsed,
    id: &str,
    glob: Option<&str>,
) -> Option<Vec<(Range<usize>, String)>> {
    let e = Editor::new(parsed);
    let root = parsed.tree.root()?;
    if !root.node.is_mapping() {
        return None;
    }
    let edit = match glob {
        None => set_off_in(&e, root, "rules", id)?,
        Some(g) => override_off(&e, root, g, id)?,
    };
    Some(vec![edit])
}

/// Sets `id: off` in the mapping under `key` of `parent` (adding `key` if it is missing).
fn set_off_in(
    e: &Editor<'_>,
    parent: NodeRef<'_>,
    key: &str,
    id: &str,
) -> Option<(Range<usize>, String)> {
    match get(parent, key) {
        Some((_, rules)) if rules.node.is_mapping() => set_off(e, rules, id),
        Some(_) => None,
        None => {
            let last = parent.entries().count().checked_sub(1)?;
            if e.is_flow(parent) {
                let value = e.value(&json!({id: "off"})).replace("'off'", "off");
                e.insert_entry(parent, key, &value, At::After(last))
            } else {
                let line = format!("{}: off", e.key(id));
                e.insert_block_entry(parent, key, &[line], At::After(last))
            }
        }
    }
}

/// Sets `id: off` in a `rules` mapping: the severity of an entry that is there is replaced (in
/// a rule definition, its `severity`), else an entry is added.
fn set_off(e: &Editor<'_>, rules: NodeRef<'_>, id: &str) -> Option<(Range<usize>, String)> {
    let off = off(e);
    let Some((_, value)) = get(rules, id) else {
        let at = match rules.entries().count() {
            0 => At::First,
            n => At::After(n - 1),
        };
        return e.insert_entry(rules, id, &off, at);
    };
    if !value.node.is_mapping() {
        return Some((value.value_range(), off));
    }
    // A definition, or `{severity: …}`: its severity.
    match get(value, "severity") {
        Some((_, s)) => Some((s.value_range(), off)),
        None => {
            let last = value.entries().count().checked_sub(1)?;
            e.insert_entry(value, "severity", &off, At::After(last))
        }
    }
}

/// Turns `id` off for the files `glob` matches: in the last `overrides` entry whose `files` is
/// exactly `[glob]` (unless an entry after it sets `id` again, which would win), else in a new
/// entry at the end of `overrides` (added if missing), where it wins over the others.
fn override_off(
    e: &Editor<'_>,
    root: NodeRef<'_>,
    glob: &str,
    id: &str,
) -> Option<(Range<usize>, String)> {
    let entry_value = json!({"files": [glob], "rules": {id: "off"}});
    let flow_value = |v: &Value| e.value(v).replace("'off'", "off");
    let block_lines = |first: &str| {
        vec![
            format!("{first}files: {}", e.value(&json!([glob]))),
            format!("{}rules:", if first.is_empty() { "" } else { "  " }),
            format!(
                "{}  {}: off",
                if first.is_empty() { "" } else { "  " },
                e.key(id)
            ),
        ]
    };
    let Some((_, overrides)) = get(root, "overrides") else {
        let last = root.entries().count().checked_sub(1)?;
        return if e.is_flow(root) {
            e.insert_entry(
                root,
                "overrides",
                &flow_value(&json!([entry_value])),
                At::After(last),
            )
        } else {
            e.insert_block_entry(root, "overrides", &block_lines("- "), At::After(last))
        };
    };
    if !matches!(overrides.node.kind(), NodeKind::Sequence(_)) {
        return None;
    }
    let items: Vec<NodeRef<'_>> = overrides.items().collect();
    let exact = items.iter().rposition(|o| {
        o.node.is_mapping()
            && get(*o, "files").is_some_and(|(_, files)| {
                let globs: Vec<NodeRef<'_>> = files.items().collect();
                globs.len() == 1
                    && globs[0]
                        .node
                        .as_str()
                        .is_some_and(|g| g.trim_start_matches("./") == glob)
            })
    });
    let later_sets_it = |i: usize| {
        items[i + 1..]
            .iter()
            .any(|o| get(*o, "rules").is_some_and(|(_, rules)| get(rules, id).is_some()))
    };
    if let Some(i) = exact.filter(|&i| !later_sets_it(i)) {
        return set_off_in(e, items[i], "rules", id);
    }
    if e.is_flow(overrides) {
        e.append_item(overrides, &flow_value(&entry_value))
    } else {
        e.append_block_item(overrides, &block_lines(""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "info-contact";

    fn run(name: &str, text: &str, doc: &str, scope: Scope, id: &str) -> String {
        let root = Path::new("/ws");
        let path = root.join(name);
        let lang = Lang::from_path(&path).unwrap();
        let parsed = Parsed::new(lang, text);
        let rs = RulesetFile {
            path: &path,
            parsed: Some(&parsed),
        };
        let edit = disable_rule_in(id, scope, &root.join(doc), &rs).expect("an edit");
        assert!(!edit.create);
        let out = crate::analysis::fix::apply_edits(text, &edit.edits).unwrap();
        // What the edit writes is a ruleset the loader reads without a problem.
        let loaded = crate::lint::ruleset::load(&path, &out, root);
        assert!(
            loaded
                .diagnostics
                .iter()
                .all(|d| !d.code.starts_with("ruleset/")),
            "{out}\n{:?}",
            loaded.diagnostics
        );
        out
    }

    fn level(out: &str, name: &str, doc: &str, id: &str) -> Option<crate::lint::Level> {
        let root = Path::new("/ws");
        let rs = crate::lint::ruleset::load(&root.join(name), out, root);
        let mut levels = rs.levels.clone();
        levels.extend(rs.override_levels(Some(Path::new(doc))));
        levels.get(id).copied()
    }

    #[test]
    fn yaml_without_overrides() {
        let text = "# the team's rules\nextends: [[spectral:oas, recommended]]\nrules:\n  info-license: error # loud\n";
        let out = run(".spectral.yaml", text, "api.yaml", Scope::File, ID);
        assert_eq!(
            out,
            "# the team's rules\nextends: [[spectral:oas, recommended]]\nrules:\n  info-license: error # loud\noverrides:\n  - files: [api.yaml]\n    rules:\n      info-contact: off\n"
        );
        assert_eq!(
            level(&out, ".spectral.yaml", "api.yaml", ID),
            Some(crate::lint::Level::Off)
        );
        assert_eq!(level(&out, ".spectral.yaml", "other.yaml", ID), None);
        let out = run(".spectral.yaml", text, "api.yaml", Scope::Workspace, ID);
        assert_eq!(
            out,
            "# the team's rules\nextends: [[spectral:oas, recommended]]\nrules:\n  info-license: error # loud\n  info-contact: off\n"
        );
        assert_eq!(
            level(&out, ".spectral.yaml", "other.yaml", ID),
            Some(crate::lint::Level::Off)
        );
        // No `rules` yet: added.
        let out = run(
            ".spectral.yaml",
            "extends: spectral:oas\n",
            "a.yaml",
            Scope::Workspace,
            ID,
        );
        assert_eq!(out, "extends: spectral:oas\nrules:\n  info-contact: off\n");
    }

    #[test]
    fn yaml_with_overrides_appends_an_entry() {
        let text = "extends: spectral:oas\noverrides:\n  - files: ['legacy/**/*.yaml']\n    rules:\n      info-contact: warn\n";
        let out = run(".spectral.yaml", text, "api/pets.yaml", Scope::File, ID);
        assert_eq!(
            out,
            "extends: spectral:oas\noverrides:\n  - files: ['legacy/**/*.yaml']\n    rules:\n      info-contact: warn\n  - files: [api/pets.yaml]\n    rules:\n      info-contact: off\n"
        );
        assert_eq!(
            level(&out, ".spectral.yaml", "api/pets.yaml", ID),
            Some(crate::lint::Level::Off)
        );
    }

    #[test]
    fn an_existing_entry_for_the_file_takes_the_rule() {
        let text = "extends: spectral:oas\noverrides:\n  - files: [./api.yaml]\n    rules:\n      info-license: off\n  - files: ['*.json']\n    rules: {operation-tags: off}\n";
        let out = run(".spectral.yaml", text, "api.yaml", Scope::File, ID);
        assert_eq!(
            out,
            "extends: spectral:oas\noverrides:\n  - files: [./api.yaml]\n    rules:\n      info-license: off\n      info-contact: off\n  - files: ['*.json']\n    rules: {operation-tags: off}\n"
        );
        // Set there already at another severity: replaced.
        let text = "extends: spectral:oas\noverrides:\n  - files: [api.yaml]\n    rules: {info-contact: error}\n";
        let out = run(".spectral.yaml", text, "api.yaml", Scope::File, ID);
        assert_eq!(
            out,
            "extends: spectral:oas\noverrides:\n  - files: [api.yaml]\n    rules: {info-contact: off}\n"
        );
        // A later entry that sets the rule would win over the exact one: a new last entry.
        let text = "extends: spectral:oas\noverrides:\n  - files: [api.yaml]\n    rules: {info-license: off}\n  - files: ['*.yaml']\n    rules: {info-contact: error}\n";
        let out = run(".spectral.yaml", text, "api.yaml", Scope::File, ID);
        assert!(
            out.ends_with("  - files: [api.yaml]\n    rules:\n      info-contact: off\n"),
            "{out}"
        );
        assert_eq!(
            level(&out, ".spectral.yaml", "api.yaml", ID),
            Some(crate::lint::Level::Off)
        );
    }

    #[test]
    fn json_ruleset() {
        let text = "{\n  \"extends\": [[\"spectral:oas\", \"all\"]],\n  \"rules\": {\n    \"info-license\": \"error\"\n  }\n}\n";
        let out = run(".spectral.json", text, "api.yaml", Scope::Workspace, ID);
        assert_eq!(
            out,
            "{\n  \"extends\": [[\"spectral:oas\", \"all\"]],\n  \"rules\": {\n    \"info-license\": \"error\",\n    \"info-contact\": \"off\"\n  }\n}\n"
        );
        let out = run(".spectral.json", text, "api.yaml", Scope::File, ID);
        assert_eq!(
            out,
            "{\n  \"extends\": [[\"spectral:oas\", \"all\"]],\n  \"rules\": {\n    \"info-license\": \"error\"\n  },\n  \"overrides\": [{\"files\": [\"api.yaml\"], \"rules\": {\"info-contact\": \"off\"}}]\n}\n"
        );
        assert_eq!(
            level(&out, ".spectral.json", "api.yaml", ID),
            Some(crate::lint::Level::Off)
        );
        // And again, for another file: a second entry.
        let again = run(".spectral.json", &out, "b.yaml", Scope::File, ID);
        assert!(
            again.contains("}, {\"files\": [\"b.yaml\"], \"rules\": {\"info-contact\": \"off\"}}]"),
            "{again}"
        );
    }

    #[test]
    fn no_ruleset_creates_one_that_keeps_the_defaults() {
        let path = Path::new("/ws/.spectral.yaml");
        let rs = RulesetFile { path, parsed: None };
        let doc = Path::new("/ws/api/pets.yaml");
        let edits = disable_rule(ID, doc, &rs);
        assert_eq!(edits.len(), 2);
        assert!(edits.iter().all(|e| e.create && e.file == path));
        let file = &edits[0].edits[0].1;
        assert_eq!(
            file,
            "extends: [[spectral:oas, recommended]]\noverrides:\n  - files: [api/pets.yaml]\n    rules:\n      info-contact: off\n"
        );
        let loaded = crate::lint::ruleset::load(path, file, Path::new("/ws"));
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        assert_eq!(loaded.preset, crate::lint::Preset::Recommended);
        assert_eq!(
            loaded
                .override_levels(Some(Path::new("api/pets.yaml")))
                .get(ID),
            Some(&crate::lint::Level::Off)
        );
        assert_eq!(
            edits[1].edits[0].1,
            "extends: [[spectral:oas, recommended]]\nrules:\n  info-contact: off\n"
        );
        // A `.json` name (from `rulesetPath`): JSON.
        let path = Path::new("/ws/style.spectral.json");
        let rs = RulesetFile { path, parsed: None };
        let e = disable_rule_in(ID, Scope::Workspace, doc, &rs).unwrap();
        let v: Value = serde_json::from_str(&e.edits[0].1).unwrap();
        assert_eq!(
            v,
            json!({"extends": [["spectral:oas", "recommended"]], "rules": {ID: "off"}})
        );
    }

    #[test]
    fn custom_rules() {
        // Defined in `rules`: the definition gets `severity: off` (a second `my-rule` key would
        // be a duplicate key).
        let text =
            "rules:\n  my-rule:\n    given: $.info\n    then: {field: title, function: truthy}\n";
        let out = run(
            ".spectral.yaml",
            text,
            "api.yaml",
            Scope::Workspace,
            "my-rule",
        );
        assert_eq!(
            out,
            "rules:\n  my-rule:\n    given: $.info\n    then: {field: title, function: truthy}\n    severity: off\n"
        );
        let loaded =
            crate::lint::ruleset::load(Path::new("/ws/.spectral.yaml"), &out, Path::new("/ws"));
        assert_eq!(loaded.rules[0].severity, None);
        // Its severity, if written, is replaced.
        let text = "rules:\n  my-rule:\n    severity: error\n    given: $.info\n    then: {field: title, function: truthy}\n";
        let out = run(
            ".spectral.yaml",
            text,
            "api.yaml",
            Scope::Workspace,
            "my-rule",
        );
        assert!(out.contains("    severity: off\n    given"), "{out}");
        // In a file: an override that sets it off.
        let out = run(".spectral.yaml", text, "api.yaml", Scope::File, "my-rule");
        assert!(
            out.ends_with("overrides:\n  - files: [api.yaml]\n    rules:\n      my-rule: off\n"),
            "{out}"
        );
        assert_eq!(
            level(&out, ".spectral.yaml", "api.yaml", "my-rule"),
            None,
            "custom levels are not built-in levels"
        );
        let rs =
            crate::lint::ruleset::load(Path::new("/ws/.spectral.yaml"), &out, Path::new("/ws"));
        assert_eq!(
            rs.overrides[0].levels.get("my-rule"),
            Some(&crate::lint::Level::Off)
        );
    }

    #[test]
    fn a_file_in_a_subfolder_and_a_ruleset_in_a_subfolder() {
        let text = "extends: spectral:oas\n";
        let out = run(
            ".spectral.yaml",
            text,
            "api/v1/pets [old].yaml",
            Scope::File,
            ID,
        );
        assert!(
            out.contains("  - files: ['api/v1/pets [[]old[]].yaml']\n"),
            "{out}"
        );
        assert_eq!(
            level(&out, ".spectral.yaml", "api/v1/pets [old].yaml", ID),
            Some(crate::lint::Level::Off)
        );
        assert_eq!(
            level(&out, ".spectral.yaml", "api/v1/pets o.yaml", ID),
            None
        );
        // The ruleset in `config/` (`rulesetPath`): globs are relative to its folder.
        let out = run(
            "config/style.yaml",
            text,
            "config/specs/a.yaml",
            Scope::File,
            ID,
        );
        assert!(out.contains("  - files: [specs/a.yaml]\n"), "{out}");
        assert_eq!(
            level(&out, "config/style.yaml", "config/specs/a.yaml", ID),
            Some(crate::lint::Level::Off)
        );
        // A document outside the ruleset's folder: no glob reaches it.
        let parsed = Parsed::new(Lang::Yaml, text);
        let path = Path::new("/ws/config/style.yaml");
        let rs = RulesetFile {
            path,
            parsed: Some(&parsed),
        };
        let all = disable_rule(ID, Path::new("/ws/api.yaml"), &rs);
        assert_eq!(
            all.iter().map(|e| e.scope).collect::<Vec<_>>(),
            [Scope::Workspace]
        );
    }

    #[test]
    fn which_codes_can_be_disabled() {
        use crate::spec::Line;
        let oas3 = Line::OpenApi30;
        let mut lint = LintSettings::default();
        assert_eq!(
            rule_to_disable("info-contact", &lint, oas3),
            Some("info-contact")
        );
        // A specls check that a Spectral rule stands for: that rule, by the document's kind.
        assert_eq!(
            rule_to_disable("spec/media-example-mismatch", &lint, oas3),
            Some("oas3-valid-media-example")
        );
        assert_eq!(
            rule_to_disable("spec/media-example-mismatch", &lint, Line::Swagger2),
            Some("oas2-valid-media-example")
        );
        assert_eq!(
            rule_to_disable("schema/type", &lint, Line::OpenApi31),
            Some("oas3-schema")
        );
        // No rule stands for it there, or at all.
        assert_eq!(rule_to_disable("schema/type", &lint, Line::Draft07), None);
        assert_eq!(rule_to_disable("syntax/trailing-comma", &lint, oas3), None);
        assert_eq!(rule_to_disable("my-rule", &lint, oas3), None);
        // Set by id in `specls.toml` (or the editor): the ruleset cannot turn it off.
        lint.pinned.insert("info-contact".into());
        assert_eq!(rule_to_disable("info-contact", &lint, oas3), None);
        lint.pinned.insert("oas3-schema".into());
        assert_eq!(rule_to_disable("schema/type", &lint, oas3), None);
        let rs = crate::lint::ruleset::load(
            Path::new("/ws/.spectral.yaml"),
            "rules:\n  my-rule:\n    given: $.info\n    then: {function: truthy}\n",
            Path::new("/ws"),
        );
        lint.ruleset = Some(crate::lint::ruleset::RulesetRef(std::sync::Arc::new(rs)));
        assert_eq!(rule_to_disable("my-rule", &lint, oas3), Some("my-rule"));
    }
}
