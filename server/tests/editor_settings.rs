//! One source for the settings: the VS Code extension's `specls.*` settings (its package.json and
//! the list its code sends to the server) are the server's `Settings`, one to one, with the same
//! defaults and types; the `kinds` values are the server's kind names. Fails when they drift.
//! (The Neovim plugin's table is compared with package.json by editors/nvim/tests/workspace.lua.)

use std::path::Path;

use serde_json::Value;
use specls::settings::Settings;

fn editors() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../editors")
}

/// The extension's settings for the server: every `specls.*` key but the client's own
/// (`specls.server.*`, `specls.trace.*`).
fn vscode_settings() -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(editors().join("vscode/package.json")).unwrap();
    let pkg: Value = serde_json::from_str(&text).unwrap();
    let mut out = serde_json::Map::new();
    for section in pkg["contributes"]["configuration"].as_array().unwrap() {
        for (key, p) in section["properties"].as_object().unwrap() {
            let name = key.strip_prefix("specls.").expect(key);
            if !name.starts_with("server.") && !name.starts_with("trace.") {
                out.insert(name.to_string(), p.clone());
            }
        }
    }
    out
}

#[test]
fn vscode_settings_are_the_servers() {
    let server = serde_json::to_value(Settings::default()).unwrap();
    let server = server.as_object().unwrap();
    let vscode = vscode_settings();
    let names = |m: &serde_json::Map<String, Value>| {
        let mut v: Vec<_> = m.keys().cloned().collect();
        v.sort();
        v
    };
    assert_eq!(names(&vscode), names(server), "editors/vscode/package.json");
    for (name, default) in server {
        let p = &vscode[name];
        assert_eq!(&p["default"], default, "default of specls.{name}");
        let ty = match default {
            Value::Bool(_) => "boolean",
            Value::Number(_) => "integer",
            Value::String(_) => "string",
            Value::Object(_) => "object",
            Value::Array(_) => "array",
            Value::Null => "null",
        };
        assert_eq!(p["type"], ty, "type of specls.{name}");
    }
    let kinds: Vec<&str> = vscode["kinds"]["additionalProperties"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(kinds, specls::spec::KIND_NAMES, "specls.kinds values");
}

#[test]
fn the_extension_sends_every_server_setting() {
    let code = std::fs::read_to_string(editors().join("vscode/src/extension.ts")).unwrap();
    let line = code
        .lines()
        .find(|l| l.contains("SERVER_SETTINGS = ["))
        .expect("SERVER_SETTINGS in extension.ts");
    let list = &line[line.find('[').unwrap() + 1..line.find(']').unwrap()];
    let mut sent: Vec<String> = list
        .split(',')
        .map(|s| s.trim().trim_matches('\'').to_string())
        .collect();
    sent.sort();
    let server = serde_json::to_value(Settings::default()).unwrap();
    let mut want: Vec<String> = server.as_object().unwrap().keys().cloned().collect();
    want.sort();
    assert_eq!(sent, want);
}
