//! Moving or renaming files and folders: the `$ref` edits that keep every reference pointing at
//! the same target (relative references to the moved files, in every other file, and the
//! relative references inside the moved files themselves).

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use super::index::{OpenFn, RefIndex};
use super::{ref_sites, target_of, RefSite, Target};

/// The edits (file as it is now, range, new text) that keep the workspace's `$ref`s pointing
/// at the same files once each `(old, new)` of `moves` is done. A move of a folder moves the
/// indexed files under it. Paths are normalized and absolute.
pub fn file_move_edits(
    index: &RefIndex,
    open: &OpenFn<'_>,
    moves: &[(PathBuf, PathBuf)],
) -> Vec<(PathBuf, Range<usize>, String)> {
    let snapshot = index.snapshot();
    // Where each moved file goes (files, and the indexed files under a moved folder).
    let moved = |p: &Path| -> Option<PathBuf> {
        moves.iter().find_map(|(old, new)| {
            if p == old {
                Some(new.clone())
            } else {
                p.strip_prefix(old).ok().map(|rest| new.join(rest))
            }
        })
    };
    let mut edits = Vec::new();
    for (from, sites) in snapshot {
        let sites: Vec<RefSite> = match open(&from) {
            Some(p) => ref_sites(&p),
            None => sites.to_vec(),
        };
        let new_from = moved(&from);
        for site in &sites {
            let (file_part, fragment) = match site.raw.split_once('#') {
                Some((f, frag)) => (f, Some(frag)),
                None => (&*site.raw, None),
            };
            // Only relative references to another file move.
            if file_part.is_empty() || file_part.starts_with('/') {
                continue;
            }
            let Target::At { file: target, .. } = target_of(&site.raw, &from) else {
                continue;
            };
            let new_target = moved(&target);
            if new_from.is_none() && new_target.is_none() {
                continue;
            }
            let base = new_from.as_deref().unwrap_or(&from);
            let to = new_target.as_deref().unwrap_or(&target);
            let Some(dir) = base.parent() else {
                continue;
            };
            let written = rewritten(file_part, dir, to);
            let new_raw = match fragment {
                Some(f) => format!("{written}#{f}"),
                None => written,
            };
            if *new_raw != *site.raw {
                edits.push((from.clone(), site.value_text_range(), new_raw));
            }
        }
    }
    edits
}

/// The path to write for `to` from the folder `dir`, in place of `written`, keeping as much of
/// what the author wrote as still leads there: the longest run of `written`'s leading folders
/// that reaches a folder holding `to` (so `../common/a.json` becomes `../common/b.json` when
/// `a.json` is renamed, not `b.json`, and a move and its way back give the text that was there),
/// then the way down from it. Where no such run exists, `to` relative to `dir`, with the `./`
/// that `written` started with.
fn rewritten(written: &str, dir: &Path, to: &Path) -> String {
    let folders: Vec<&str> = written.split('/').collect();
    let folders = &folders[..folders.len().saturating_sub(1)];
    for k in (1..=folders.len()).rev() {
        let at = super::normalize(&dir.join(folders[..k].join("/")));
        if to.starts_with(&at) && to != at {
            return format!("{}/{}", folders[..k].join("/"), relative(&at, to));
        }
    }
    let plain = relative(dir, to);
    if written.starts_with("./") && !plain.starts_with("../") {
        format!("./{plain}")
    } else {
        plain
    }
}

/// `to` relative to the folder `dir`, with `/` separators (`../schemas/Pet.yaml`).
pub fn relative(dir: &Path, to: &Path) -> String {
    let a: Vec<Component> = dir.components().collect();
    let b: Vec<Component> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::{relative, rewritten};
    use std::path::Path;

    #[test]
    fn rewritten_paths_keep_what_was_written() {
        let dir = Path::new("/w/schemas/common");
        // A file renamed in its folder: the folders written stay.
        assert_eq!(
            rewritten(
                "../common/a.json",
                dir,
                Path::new("/w/schemas/common/b.json")
            ),
            "../common/b.json"
        );
        assert_eq!(
            rewritten("./a.json", dir, Path::new("/w/schemas/common/b.json")),
            "./b.json"
        );
        assert_eq!(
            rewritten("a.json", dir, Path::new("/w/schemas/common/b.json")),
            "b.json"
        );
        // Moved elsewhere: as far as the written folders still lead, then down.
        assert_eq!(
            rewritten("../../lib/a.yaml", dir, Path::new("/w/lib/deep/a.yaml")),
            "../../lib/deep/a.yaml"
        );
        assert_eq!(
            rewritten("../../lib/a.yaml", dir, Path::new("/w/other/a.yaml")),
            "../../other/a.yaml"
        );
        assert_eq!(
            rewritten("./x/a.yaml", dir, Path::new("/w/y/a.yaml")),
            "../../y/a.yaml"
        );
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative(Path::new("/w/a"), Path::new("/w/a/b.yaml")),
            "b.yaml"
        );
        assert_eq!(
            relative(Path::new("/w/a/c"), Path::new("/w/b/x.yaml")),
            "../../b/x.yaml"
        );
        assert_eq!(
            relative(Path::new("/w"), Path::new("/w/lib/x.yaml")),
            "lib/x.yaml"
        );
    }
}
