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
            let mut written = relative(dir, to);
            if file_part.starts_with("./") && !written.starts_with("../") {
                written = format!("./{written}");
            }
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
    use super::relative;
    use std::path::Path;

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
