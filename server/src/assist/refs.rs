//! `$ref` values: the components of the kind the place expects, in this file and across the
//! workspace (with the relative path written), file paths relative to the current file, and
//! pointers inside a file after `#`.

use std::path::Path;
use std::sync::Arc;

use super::completion::Out;
use super::fields::Obj;
use super::model::{self, Model};
use super::{Env, ItemKind};
use crate::refs::moves::relative;
use crate::spec::Family;
use crate::syntax::node::{pointer_of, PathSegment};
use crate::syntax::Parsed;

/// At most this many workspace files are read for one completion, and this many items given.
const MAX_FILES: usize = 400;
const MAX_ITEMS: usize = 2000;

pub(super) fn complete(env: &Env<'_>, model: &Model, out: &mut Out<'_>, obj: Obj) {
    let typed = out.cursor.typed.clone();
    let sections = model::sections_for(obj, env.kind.family, model.line);
    if let Some((file_part, pointer)) = typed.split_once('#') {
        if file_part.is_empty() {
            // `#/…` in this file: its components of the expected kind first.
            components(out, env.parsed, &sections, "", "0", "this file");
        }
        pointers(env, out, file_part, pointer);
        return;
    }
    // This file's components.
    components(out, env.parsed, &sections, "", "0", "this file");
    // Other files of the workspace.
    if let (Some(file), Some(loader)) = (env.file, env.loader) {
        let dir = file.parent().unwrap_or(Path::new("/"));
        let mut read = 0;
        for other in env.files {
            if other == file || out.items.len() >= MAX_ITEMS {
                continue;
            }
            read += 1;
            if read > MAX_FILES {
                break;
            }
            // A large file not parsed yet is left out rather than parsed within the request.
            let Some(parsed) = loader.load_quick(other) else {
                continue;
            };
            let rel = relative(dir, other);
            components(out, &parsed, &sections, &rel, "1", &rel);
            // A whole file that is such an object.
            let kind = crate::spec::detect(&parsed.tree, &parsed.rope, Some(other));
            if kind.family == Family::Fragment
                && parsed.tree.root().and_then(model::guess) == Some(obj)
            {
                out.value_as(
                    ItemKind::File,
                    &rel,
                    true,
                    Some("whole file".into()),
                    None,
                    format!("2{rel}"),
                );
            }
        }
        files(out, dir, &typed, file);
    }
}

/// `#/section/name` (with `prefix` before the `#`) for each component of the sections.
fn components(
    out: &mut Out<'_>,
    parsed: &Parsed,
    sections: &[&str],
    prefix: &str,
    tier: &str,
    detail: &str,
) {
    for section in sections {
        let Some(node) = parsed.tree.at_pointer(section) else {
            continue;
        };
        let node = parsed.tree.follow_alias(node);
        for (k, _) in node.entries() {
            let Some(name) = k.node.key_text() else {
                continue;
            };
            let mut path: Vec<PathSegment> = section
                .split('/')
                .skip(1)
                .map(|t| {
                    PathSegment::Key(crate::syntax::node::unescape_pointer_token(t).into_owned())
                })
                .collect();
            path.push(PathSegment::Key(name.into_owned()));
            let target = format!("{prefix}#{}", pointer_of(&path));
            out.value_as(
                ItemKind::Reference,
                &target,
                true,
                Some(detail.to_string()),
                None,
                format!("{tier}{target}"),
            );
            if out.items.len() >= MAX_ITEMS {
                return;
            }
        }
    }
}

/// After `#`: the keys under the pointer typed so far, in this file or the one named.
fn pointers(env: &Env<'_>, out: &mut Out<'_>, file_part: &str, pointer: &str) {
    let target: Arc<Parsed> = if file_part.is_empty() {
        env.parsed.clone()
    } else {
        let (Some(file), Some(loader)) = (env.file, env.loader) else {
            return;
        };
        let path = crate::refs::normalize(
            &file
                .parent()
                .unwrap_or(Path::new("/"))
                .join(crate::refs::percent_decode(file_part)),
        );
        if !loader.inside(&path) {
            return;
        }
        match loader.load(&path) {
            Some(p) => p,
            None => return,
        }
    };
    let parent = match pointer.rfind('/') {
        Some(i) => &pointer[..i],
        None => "",
    };
    let Some(node) = target.tree.at_pointer(parent) else {
        return;
    };
    let node = target.tree.follow_alias(node);
    let children: Vec<String> = node
        .entries()
        .filter_map(|(k, _)| k.node.key_text().map(|t| t.into_owned()))
        .chain((0..node.node.items().len()).map(|i| i.to_string()))
        .collect();
    let offered: std::collections::HashSet<String> =
        out.items.iter().map(|c| c.label.clone()).collect();
    for (i, name) in children.iter().take(MAX_ITEMS).enumerate() {
        let token = crate::syntax::node::escape_pointer_token(name);
        let full = format!("{file_part}#{parent}/{token}");
        if offered.contains(&full) {
            continue;
        }
        out.value_as(
            ItemKind::Reference,
            &full,
            true,
            None,
            None,
            format!("0{i:05}"),
        );
    }
}

/// The YAML/JSON files and the folders in the folder the typed path names (but this file).
fn files(out: &mut Out<'_>, dir: &Path, typed: &str, this: &Path) {
    let (folder, _) = match typed.rfind('/') {
        Some(i) => (&typed[..i + 1], &typed[i + 1..]),
        None => ("", typed),
    };
    let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
        return;
    };
    let mut names: Vec<(String, bool)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            if name.starts_with('.') {
                return None;
            }
            if crate::refs::normalize(&e.path()) == this {
                return None;
            }
            let is_dir = e.file_type().ok()?.is_dir();
            let spec = crate::syntax::Lang::from_path(Path::new(&name)).is_some();
            (is_dir || spec).then_some((name, is_dir))
        })
        .collect();
    names.sort();
    for (name, is_dir) in names {
        let label = if is_dir {
            format!("{folder}{name}/")
        } else {
            format!("{folder}{name}")
        };
        if out.items.iter().any(|c| c.label == label) {
            continue;
        }
        out.value_as(
            if is_dir {
                ItemKind::Folder
            } else {
                ItemKind::File
            },
            &label,
            true,
            None,
            None,
            format!("3{label}"),
        );
    }
}
