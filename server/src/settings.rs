//! One settings model for the server and the CLI: `specls.toml` at the workspace root, which the
//! editor's settings (`specls.*`, from `initializationOptions` or `workspace/didChangeConfiguration`)
//! may override key by key. So the editor and CI judge a spec the same way.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The project file's name, looked up at the workspace root.
pub const PROJECT_FILE: &str = "specls.toml";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Settings {
    /// Files larger than this many megabytes are not analyzed (one diagnostic says so).
    pub max_file_size_mb: u64,
    /// Extra wait, in milliseconds, after an edit before the server analyzes (0: none; edits that
    /// arrive during an analysis are coalesced anyway).
    pub diagnostics_delay_ms: u64,
    /// Spec kinds forced by glob (relative to the workspace root), e.g.
    /// `"schemas/**/*.json" = "jsonschema-2020-12"`; the first matching glob wins.
    pub kinds: BTreeMap<String, String>,
    /// Check documents against the official meta-schema of their kind (`schema/…` diagnostics).
    pub schema_validation: bool,
    /// URL prefixes whose `$ref`s are fetched (`["https://schemas.example.com/"]`;
    /// `["https://", "http://"]` for all): in the background, each once per session. Empty (the
    /// default): nothing is fetched from the network.
    pub remote_refs: Vec<String>,
    /// How long a remote `$ref` may take to arrive, in milliseconds.
    pub remote_refs_timeout_ms: u64,
    /// Which lint rules run, and at which severity (`[lint]` in `specls.toml`). A project
    /// setting: it belongs with the spec in the repository, where CI reads it too, so it is
    /// not among the editor's settings (not serialized with them).
    #[serde(skip_serializing)]
    pub lint: crate::lint::LintSettings,
    /// The Spectral ruleset file, relative to the workspace root (empty, the default: the first
    /// of `.spectral.yaml`, `.spectral.yml`, `.spectral.json` there). `[lint]` wins over it.
    pub ruleset_path: String,
    /// The git revision the breaking-change report compares with (`HEAD`, `origin/main`, a tag
    /// or a commit), read from the object store without touching the working tree.
    pub breaking_baseline: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_file_size_mb: 64,
            diagnostics_delay_ms: 0,
            kinds: BTreeMap::new(),
            schema_validation: true,
            remote_refs: Vec::new(),
            remote_refs_timeout_ms: 5000,
            lint: crate::lint::LintSettings::default(),
            ruleset_path: String::new(),
            breaking_baseline: "HEAD".to_string(),
        }
    }
}

/// Settings as partially given by one source (project file or editor): only what is set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct PartialSettings {
    pub max_file_size_mb: Option<u64>,
    pub diagnostics_delay_ms: Option<u64>,
    pub kinds: Option<BTreeMap<String, String>>,
    pub schema_validation: Option<bool>,
    pub remote_refs: Option<Vec<String>>,
    pub remote_refs_timeout_ms: Option<u64>,
    pub lint: Option<PartialLint>,
    pub ruleset_path: Option<String>,
    pub breaking_baseline: Option<String>,
}

/// The `[lint]` table as one source gives it: a preset, and rules set by id (merged over the
/// rules the sources before set).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct PartialLint {
    pub preset: Option<crate::lint::Preset>,
    pub rules: BTreeMap<String, crate::lint::Level>,
}

impl Settings {
    pub fn max_file_size(&self) -> u64 {
        self.max_file_size_mb.saturating_mul(1024 * 1024)
    }

    /// Settings whose lint rules start from a Spectral ruleset (its `extends` and `rules`);
    /// the sources merged after it win.
    pub fn with_ruleset(
        mut self,
        ruleset: Option<std::sync::Arc<crate::lint::ruleset::Ruleset>>,
    ) -> Settings {
        if let Some(rs) = ruleset {
            self.lint.preset = rs.preset;
            self.lint.rules = rs.levels.clone();
            self.lint.ruleset = Some(crate::lint::ruleset::RulesetRef(rs));
        }
        self
    }

    /// Applies what `p` sets over `self`.
    pub fn merged(mut self, p: &PartialSettings) -> Settings {
        if let Some(v) = p.max_file_size_mb {
            self.max_file_size_mb = v;
        }
        if let Some(v) = p.diagnostics_delay_ms {
            self.diagnostics_delay_ms = v;
        }
        if let Some(v) = &p.kinds {
            self.kinds = v.clone();
        }
        if let Some(v) = p.schema_validation {
            self.schema_validation = v;
        }
        if let Some(v) = &p.remote_refs {
            self.remote_refs = v.clone();
        }
        if let Some(v) = p.remote_refs_timeout_ms {
            self.remote_refs_timeout_ms = v;
        }
        if let Some(lint) = &p.lint {
            if let Some(preset) = lint.preset {
                self.lint.preset = preset;
            }
            self.lint
                .rules
                .extend(lint.rules.iter().map(|(k, v)| (k.clone(), *v)));
            self.lint.pinned.extend(lint.rules.keys().cloned());
        }
        if let Some(v) = &p.ruleset_path {
            self.ruleset_path = v.clone();
        }
        if let Some(v) = &p.breaking_baseline {
            self.breaking_baseline = v.clone();
        }
        self
    }

    /// The kind the settings force for a path relative to the workspace root, if any.
    pub fn forced_kind(&self, relative: &Path) -> Option<crate::spec::SpecKind> {
        if self.kinds.is_empty() {
            return None;
        }
        // `./schemas/a.json` as given on a command line is `schemas/a.json` to a glob.
        let relative: PathBuf = relative
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect();
        self.kinds.iter().find_map(|(glob, kind)| {
            let matcher = globset::Glob::new(glob).ok()?.compile_matcher();
            matcher
                .is_match(&relative)
                .then(|| crate::spec::parse_kind_name(kind))
                .flatten()
        })
    }
}

impl PartialSettings {
    /// Rejects what cannot be used, with a message that names the key and says what would do.
    fn validated(self) -> Result<PartialSettings, String> {
        for (glob, kind) in self.kinds.iter().flatten() {
            globset::Glob::new(glob).map_err(|e| format!("invalid glob in `kinds`: {e}"))?;
            if crate::spec::parse_kind_name(kind).is_none() {
                return Err(format!(
                    "unknown kind `{kind}` for `{glob}` in `kinds`; use one of: {}",
                    crate::spec::KIND_NAMES.join(", ")
                ));
            }
        }
        if let Some(lint) = &self.lint {
            crate::lint::LintSettings {
                preset: lint.preset.unwrap_or_default(),
                rules: lint.rules.clone(),
                ..Default::default()
            }
            .validated()?;
        }
        for prefix in self.remote_refs.iter().flatten() {
            if !crate::refs::uri::is_http(prefix) {
                return Err(format!(
                    "`remoteRefs` holds URL prefixes that start with `https://` or `http://`, not `{prefix}`"
                ));
            }
        }
        Ok(self)
    }
}

/// The settings of a workspace: the defaults, the Spectral ruleset found in `root` (under the
/// `rulesetPath` that `layers` give), then `layers` in order (project file, editor), which win
/// over the ruleset. `Err`: the ruleset that `rulesetPath` names cannot be read.
pub fn for_workspace(root: &Path, layers: &[&PartialSettings]) -> Result<Settings, String> {
    let merge = |s: Settings| layers.iter().fold(s, |s, p| s.merged(p));
    let plain = merge(Settings::default());
    // A remote `extends` is fetched only from the URLs `remoteRefs` allows, as a remote `$ref`.
    let remote = crate::refs::remote::Policy::from_settings(&plain);
    let ruleset = crate::lint::ruleset::load_for_with(root, Some(&plain.ruleset_path), &remote)?;
    Ok(merge(
        Settings::default().with_ruleset(ruleset.map(std::sync::Arc::new)),
    ))
}

/// The project file's settings (`specls.toml` in `root`), if there is one. Its keys are the
/// same as the editor's, in snake_case or camelCase.
pub fn load_project_file(root: &Path) -> Result<Option<(PathBuf, PartialSettings)>, String> {
    let path = root.join(PROJECT_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    parse_project_file(&text)
        .map(|s| Some((path.clone(), s)))
        .map_err(|e| format!("{}: {e}", path.display()))
}

pub fn parse_project_file(text: &str) -> Result<PartialSettings, String> {
    let value: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    // Accept snake_case keys (TOML's custom) as well as the editor's camelCase.
    let mut json = serde_json::Map::new();
    for (k, v) in value {
        let v = serde_json::to_value(v).map_err(|e| e.to_string())?;
        json.insert(snake_to_camel(&k), v);
    }
    let partial: PartialSettings = serde_json::from_value(serde_json::Value::Object(json))
        .map_err(|e| format!("invalid setting: {e}"))?;
    partial.validated()
}

/// Editor settings: the `specls` section of the client's settings, or the section's content.
pub fn parse_editor_settings(value: &serde_json::Value) -> Result<PartialSettings, String> {
    let section = value.get("specls").unwrap_or(value);
    if section.is_null() {
        return Ok(PartialSettings::default());
    }
    let partial: PartialSettings = serde_json::from_value(section.clone())
        .map_err(|e| format!("invalid specls setting: {e}"))?;
    partial.validated()
}

fn snake_to_camel(s: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in s.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_file_then_editor_overrides() {
        let project =
            parse_project_file("max_file_size_mb = 8\ndiagnostics_delay_ms = 5\n").unwrap();
        let editor =
            parse_editor_settings(&serde_json::json!({"specls": {"diagnosticsDelayMs": 0}}))
                .unwrap();
        let s = Settings::default().merged(&project).merged(&editor);
        assert_eq!(
            s,
            Settings {
                max_file_size_mb: 8,
                diagnostics_delay_ms: 0,
                ..Settings::default()
            }
        );
    }

    #[test]
    fn kinds_by_glob() {
        let p = parse_project_file("[kinds]\n\"schemas/**/*.json\" = \"jsonschema-draft-07\"\n")
            .unwrap();
        let s = Settings::default().merged(&p);
        let k = s.forced_kind(Path::new("schemas/a/b.json")).unwrap();
        assert_eq!(k.line, crate::spec::Line::Draft07);
        assert!(s.forced_kind(Path::new("./schemas/a/b.json")).is_some());
        assert!(s.forced_kind(Path::new("other/b.json")).is_none());
        let e = parse_project_file("[kinds]\n\"*.json\" = \"openapi-9\"\n").unwrap_err();
        assert!(
            e.contains("unknown kind `openapi-9`") && e.contains("openapi-3.1"),
            "{e}"
        );
    }

    #[test]
    fn schema_validation_can_be_turned_off() {
        assert!(Settings::default().schema_validation);
        let p = parse_project_file("schema_validation = false\n").unwrap();
        assert!(!Settings::default().merged(&p).schema_validation);
        let e = parse_editor_settings(&serde_json::json!({"schemaValidation": true})).unwrap();
        assert!(Settings::default().merged(&p).merged(&e).schema_validation);
    }

    #[test]
    fn remote_refs_are_off_unless_listed() {
        assert!(Settings::default().remote_refs.is_empty());
        let p = parse_project_file("remote_refs = [\"https://schemas.example.com/\"]\n").unwrap();
        let s = Settings::default().merged(&p);
        assert_eq!(s.remote_refs, ["https://schemas.example.com/"]);
        let e =
            parse_editor_settings(&serde_json::json!({"remoteRefs": ["ftp://x/"]})).unwrap_err();
        assert!(e.contains("remoteRefs"), "{e}");
    }

    #[test]
    fn lint_rules_by_id() {
        use crate::lint::{Level, Preset};
        let p = parse_project_file(
            "[lint]\npreset = \"all\"\nrules = { \"info-contact\" = \"off\", \"info-license\" = \"error\" }\n",
        )
        .unwrap();
        let e = parse_editor_settings(
            &serde_json::json!({"lint": {"rules": {"info-contact": "warn"}}}),
        )
        .unwrap();
        let s = Settings::default().merged(&p).merged(&e);
        assert_eq!(s.lint.preset, Preset::All);
        assert_eq!(s.lint.rules["info-contact"], Level::Warn);
        assert_eq!(s.lint.rules["info-license"], Level::Error);
        let e = parse_project_file("[lint.rules]\n\"info-contac\" = \"off\"\n").unwrap_err();
        assert!(
            e.contains("`info-contac`") && e.contains("`info-contact`"),
            "{e}"
        );
        let e = parse_project_file("[lint.rules]\n\"info-contact\" = \"loud\"\n").unwrap_err();
        assert!(e.contains("loud"), "{e}");
    }

    #[test]
    fn unknown_keys_are_errors_that_name_the_key() {
        let e = parse_project_file("max_file_size = 8").unwrap_err();
        assert!(e.contains("maxFileSize"), "{e}");
    }
}
