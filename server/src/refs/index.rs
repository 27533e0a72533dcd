//! The workspace's `$ref`s, file by file, for "find references": built in the background when
//! the server starts, and kept current file by file as files change.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use dashmap::DashMap;
use rayon::prelude::*;

use super::{normalize, ref_sites, resolve_site, DiskLoader, Loader, RefSite, Resolution};
use crate::syntax::{Lang, Parsed};

/// The `$ref`s of every YAML/JSON file of the workspace.
#[derive(Default)]
pub struct RefIndex {
    files: DashMap<PathBuf, Arc<[RefSite]>>,
    /// Where each file's `$ref`s lead, computed by a references query and kept while the files
    /// the resolution read (the file itself, the files its `$ref`s name or pass through) keep
    /// their versions, and nothing changed everywhere at once (`epoch`). When another file
    /// changes, only the `$ref`s whose resolution read it are resolved again.
    resolved: DashMap<PathBuf, Resolved>,
    /// Moves on whenever anything in the workspace changes.
    generation: std::sync::atomic::AtomicU64,
    /// The generation of each file's newest change (its text, on disk or in the editor).
    versions: DashMap<PathBuf, u64>,
    /// Moves on with a change that may move any resolution (a file's root `$id`, a remote
    /// document arriving, a change whose file is not known).
    epoch: std::sync::atomic::AtomicU64,
    /// The whole workspace was scanned once (before that, nothing can be said to be unused).
    complete: std::sync::atomic::AtomicBool,
    /// The unused components of the newest generation (see [`super::unused`]).
    pub(crate) unused: super::unused::Cache,
    /// The root `$id` of each JSON Schema file that has one, and the file of each.
    id_of: DashMap<PathBuf, String>,
    ids: DashMap<String, PathBuf>,
}

/// The root `$id` of a JSON Schema (or fragment) file by which other files can reference it.
pub fn schema_root_id(parsed: &Parsed, file: &Path) -> Option<String> {
    super::scoped(parsed, file)
        .then(|| super::root_id(parsed, file))
        .flatten()
}

/// Where each `$ref` of a file leads (none: unresolved), in the order of its sites.
type Targets = Arc<[Option<(PathBuf, Range<usize>)>]>;

/// A file's resolved `$ref`s, with what they were read from: the epoch, the file's own version,
/// and for each `$ref` the other files its resolution read, with their versions then.
#[derive(Clone)]
struct Resolved {
    epoch: u64,
    own: u64,
    read: Vec<Box<[(PathBuf, u64)]>>,
    targets: Targets,
}

impl Resolved {
    /// Whether `$ref` `i` still leads where it led: every file it read has its version then.
    fn current(&self, i: usize, version: impl Fn(&Path) -> u64) -> bool {
        self.read[i].iter().all(|(f, v)| version(f) == *v)
    }
}

/// A loader that notes every path asked of it (what a resolution depends on).
struct Noting<'a> {
    base: &'a dyn Loader,
    paths: std::sync::Mutex<Vec<PathBuf>>,
    /// A remote document or a root `$id` was asked for: the result is not kept.
    elsewhere: std::sync::atomic::AtomicBool,
}

impl Noting<'_> {
    fn note(&self, path: &Path) {
        self.paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(path.to_path_buf());
    }

    /// The paths noted since the last call, sorted and without repeats.
    fn take(&self) -> Vec<PathBuf> {
        let mut read = std::mem::take(&mut *self.paths.lock().unwrap_or_else(|e| e.into_inner()));
        read.sort();
        read.dedup();
        read
    }
}

impl Loader for Noting<'_> {
    fn load(&self, path: &Path) -> Option<Arc<Parsed>> {
        self.note(path);
        self.base.load(path)
    }
    fn exists(&self, path: &Path) -> bool {
        self.note(path);
        self.base.exists(path)
    }
    fn inside(&self, path: &Path) -> bool {
        self.base.inside(path)
    }
    fn by_id(&self, uri: &str) -> Option<PathBuf> {
        self.elsewhere
            .store(true, std::sync::atomic::Ordering::Relaxed);
        self.base.by_id(uri)
    }
    fn remote(&self, url: &str) -> super::remote::Fetch {
        self.elsewhere
            .store(true, std::sync::atomic::Ordering::Relaxed);
        self.base.remote(url)
    }
    fn siblings(&self, dir: &Path) -> Vec<String> {
        self.note(dir);
        self.base.siblings(dir)
    }
}

/// A place that references a target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub file: PathBuf,
    /// The `$ref` value's range.
    pub range: Range<usize>,
}

/// The YAML/JSON files under a folder, sorted: `.gitignore` respected, hidden folders,
/// `node_modules` and `target` skipped, symbolic links not followed. An error if the walk fails.
pub fn spec_files_under(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let walker = ignore::WalkBuilder::new(dir)
        .follow_links(false)
        .filter_entry(|e| {
            !matches!(
                e.file_name().to_str(),
                Some("node_modules") | Some("target")
            )
        })
        .build();
    for entry in walker {
        let entry = entry.map_err(|e| e.to_string())?;
        if entry.file_type().is_some_and(|t| t.is_file()) && Lang::from_path(entry.path()).is_some()
        {
            out.push(entry.into_path());
        }
    }
    out.sort();
    Ok(out)
}

/// The YAML/JSON files of the workspace folders (normalized paths; unreadable parts skipped).
pub fn workspace_files(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = roots
        .iter()
        .flat_map(|r| spec_files_under(r).unwrap_or_default())
        .map(|p| normalize(&p))
        .collect();
    out.sort();
    out.dedup();
    out
}

impl RefIndex {
    /// Indexes `files` (in parallel), keeping their parses in `disk` for later resolution.
    /// `progress` is called with the number of files done so far, now and then.
    pub fn scan(&self, files: &[PathBuf], disk: &DiskLoader, progress: &(dyn Fn(usize) + Sync)) {
        let done = std::sync::atomic::AtomicUsize::new(0);
        files.par_iter().for_each(|f| {
            // A parse the loader already has (the CLI's own) is as good as a new one.
            match disk.load(f) {
                Some(parsed) => self.update(f, &parsed),
                None => self.remove(f),
            }
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if n.is_multiple_of(64) {
                progress(n);
            }
        });
        progress(files.len());
        self.complete
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Whether the whole workspace has been scanned.
    pub fn is_complete(&self) -> bool {
        self.complete.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The current generation: it changes whenever anything in the workspace changes.
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The indexed `$ref`s of one file (as on disk).
    pub fn sites_of(&self, file: &Path) -> Option<Arc<[RefSite]>> {
        self.files.get(file).map(|e| e.value().clone())
    }

    /// Every indexed file with its `$ref`s, at this moment.
    pub(crate) fn snapshot(&self) -> Vec<(PathBuf, Arc<[RefSite]>)> {
        self.files
            .iter()
            .map(|e| (e.key().clone(), e.value().clone()))
            .collect()
    }

    /// Re-reads one file (created or changed on disk).
    pub fn update_from_disk(&self, file: &Path, disk: &DiskLoader) {
        disk.forget(file);
        match disk.load(file) {
            Some(parsed) => self.update(file, &parsed),
            None => self.remove(file),
        }
    }

    pub fn update(&self, file: &Path, parsed: &Parsed) {
        self.files
            .insert(file.to_path_buf(), ref_sites(parsed).into());
        let before = self.id_of.get(file).map(|e| e.value().clone());
        self.forget_id(file);
        let after = schema_root_id(parsed, file);
        if let Some(id) = &after {
            self.id_of.insert(file.to_path_buf(), id.clone());
            self.ids.insert(id.clone(), file.to_path_buf());
        }
        if before != after {
            self.touch();
        } else {
            self.touch_file(file);
        }
    }

    pub fn remove(&self, file: &Path) {
        self.files.remove(file);
        let had_id = self.id_of.contains_key(file);
        self.forget_id(file);
        if had_id {
            self.touch();
        } else {
            self.touch_file(file);
        }
    }

    fn forget_id(&self, file: &Path) {
        if let Some((_, id)) = self.id_of.remove(file) {
            self.ids.remove_if(&id, |_, f| f == file);
        }
    }

    /// The indexed file whose root `$id` is `uri` (absolute, without fragment).
    pub fn file_with_id(&self, uri: &str) -> Option<PathBuf> {
        self.ids.get(uri).map(|e| e.value().clone())
    }

    /// Something in the workspace changed (a file, or an open document's text): where references
    /// lead must be worked out again.
    pub fn touch(&self) {
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.epoch.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// One file's text changed (on disk or in the editor): the resolutions that read it are
    /// worked out again, the others are kept.
    pub fn touch_file(&self, file: &Path) {
        let g = self
            .generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1;
        self.versions.insert(file.to_path_buf(), g);
    }

    fn version(&self, file: &Path) -> u64 {
        self.versions.get(file).map_or(0, |v| *v)
    }

    /// The indexed files.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = self.files.iter().map(|e| e.key().clone()).collect();
        v.sort();
        v
    }

    /// How many files and `$ref`s are indexed.
    pub fn size(&self) -> (usize, usize) {
        (
            self.files.len(),
            self.files.iter().map(|e| e.value().len()).sum(),
        )
    }

    /// Every `$ref` in the workspace that leads to the node at `range` of `target`. `open` gives
    /// the editor's newer `$ref`s of an open document, when it has them.
    pub fn references(
        &self,
        target: &Path,
        range: &Range<usize>,
        loader: &dyn Loader,
        open: &OpenFn<'_>,
    ) -> Vec<Reference> {
        self.references_many(&[(target.to_path_buf(), range.clone())], loader, open)
            .pop()
            .unwrap_or_default()
    }

    /// [`RefIndex::references`] of several targets in one pass over the workspace: for each
    /// target (file and node range), the `$ref`s that lead to it, sorted.
    pub fn references_many(
        &self,
        targets: &[(PathBuf, Range<usize>)],
        loader: &dyn Loader,
        open: &OpenFn<'_>,
    ) -> Vec<Vec<Reference>> {
        let wanted: std::collections::HashMap<(&Path, &Range<usize>), usize> = targets
            .iter()
            .enumerate()
            .map(|(i, (f, r))| ((f.as_path(), r), i))
            .collect();
        let files = self.snapshot();
        let generation = self.generation();
        let found: Vec<(usize, Reference)> = files
            .par_iter()
            .flat_map_iter(|(file, sites)| {
                let (sites, targets) = self.resolved_sites(file, sites, generation, loader, open);
                sites
                    .iter()
                    .zip(targets.iter())
                    .filter_map(|(site, t)| {
                        let (f, r) = t.as_ref()?;
                        let i = *wanted.get(&(f.as_path(), r))?;
                        Some((
                            i,
                            Reference {
                                file: file.clone(),
                                range: site.range.clone(),
                            },
                        ))
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut out = vec![Vec::new(); targets.len()];
        for (i, r) in found {
            out[i].push(r);
        }
        for v in &mut out {
            v.sort_by(|a, b| (&a.file, a.range.start).cmp(&(&b.file, b.range.start)));
        }
        out
    }

    /// A file's `$ref`s (the editor's, if it is open) and where each leads, cached: each `$ref`
    /// is resolved again only when a file its resolution read changed (all of them when the
    /// file itself changed, or everything at once).
    fn resolved_sites(
        &self,
        file: &PathBuf,
        sites: &Arc<[RefSite]>,
        generation: u64,
        loader: &dyn Loader,
        open: &OpenFn<'_>,
    ) -> (Arc<[RefSite]>, Targets) {
        let opened = open(file);
        let epoch = self.epoch.load(std::sync::atomic::Ordering::SeqCst);
        let version = |f: &Path| self.version(f);
        // The kept resolutions of this text of the file, if any (copied out: the map is not
        // held while resolving).
        let kept = match opened {
            Some(_) => None,
            None => match self.resolved.get(file).filter(|h| {
                h.epoch == epoch && h.own == self.version(file) && h.targets.len() == sites.len()
            }) {
                Some(hit) if (0..sites.len()).all(|i| hit.current(i, version)) => {
                    return (sites.clone(), hit.targets.clone());
                }
                hit => hit.map(|h| h.clone()),
            },
        };
        let noting = Noting {
            base: loader,
            paths: Default::default(),
            elsewhere: Default::default(),
        };
        let (parsed, sites) = match &opened {
            Some(p) => (Some(p.clone()), ref_sites(p).into()),
            None => (loader.load(file), sites.clone()),
        };
        let Some(parsed) = parsed else {
            return (sites, Arc::from(Vec::new()));
        };
        let mut targets = Vec::with_capacity(sites.len());
        let mut read = Vec::with_capacity(sites.len());
        for (i, site) in sites.iter().enumerate() {
            if let Some(hit) = kept.as_ref().filter(|h| h.current(i, version)) {
                targets.push(hit.targets[i].clone());
                read.push(hit.read[i].clone());
                continue;
            }
            targets.push(match resolve_site(site, file, &parsed, &noting) {
                Resolution::Found { file, range } => Some((file, range)),
                _ => None,
            });
            let paths = noting.take();
            read.push(
                paths
                    .into_iter()
                    .filter(|f| f != file)
                    .map(|f| {
                        let v = self.version(&f);
                        (f, v)
                    })
                    .collect(),
            );
        }
        let targets: Targets = targets.into();
        // Kept unless something changed meanwhile (the versions read now would be too new).
        let unchanged = self.generation() == generation;
        if opened.is_none() && unchanged && !noting.elsewhere.into_inner() {
            self.resolved.insert(
                file.clone(),
                Resolved {
                    epoch,
                    own: self.version(file),
                    read,
                    targets: targets.clone(),
                },
            );
        }
        (sites, targets)
    }
}

/// The editor's newest parse of a file, if it is open.
pub type OpenFn<'a> = dyn Fn(&Path) -> Option<Arc<Parsed>> + Sync + 'a;

/// The edits that rename the key at `key_path` (tokens from the root) of `file` to `new_name`:
/// the key itself, and every `$ref` in the workspace whose pointer goes through it (to the
/// renamed node or inside it), written directly against `file`.
pub fn rename_edits(
    index: &RefIndex,
    open: &(dyn Fn(&Path) -> Option<Arc<Parsed>> + Sync),
    file: &Path,
    parsed: &Parsed,
    key_path: &[String],
    new_name: &str,
) -> Option<Vec<(PathBuf, Range<usize>, String)>> {
    let (old, parent) = key_path.split_last()?;
    let parent_node = parsed.tree.at_pointer(&crate::syntax::node::pointer_of(
        &parent
            .iter()
            .map(|k| crate::syntax::node::PathSegment::Key(k.clone()))
            .collect::<Vec<_>>(),
    ))?;
    if parent_node.child(new_name).is_some() {
        return None;
    }
    let key = parent_node
        .entries()
        .find(|(k, _)| k.node.key_text().as_deref() == Some(old.as_str()))?
        .0;
    // A quoted key keeps its quotes.
    let kr = key.value_range();
    let written = crate::syntax::text::slice(&parsed.rope, kr.clone());
    let kr = if written.len() >= 2 && (written.starts_with('"') || written.starts_with('\'')) {
        kr.start + 1..kr.end - 1
    } else {
        kr
    };
    let mut edits = vec![(file.to_path_buf(), kr, new_name.to_string())];
    let depth = key_path.len() - 1;
    let escaped = crate::syntax::node::escape_pointer_token(new_name).into_owned();
    for (from, sites) in index.snapshot() {
        let sites: Arc<[RefSite]> = match open(&from) {
            Some(p) => ref_sites(&p).into(),
            None => sites,
        };
        for site in sites.iter() {
            let super::Target::At {
                file: target,
                fragment,
            } = super::target_of(&site.raw, &from)
            else {
                continue;
            };
            if target != file {
                continue;
            }
            let Some(rest) = fragment.strip_prefix('/') else {
                continue;
            };
            let tokens: Vec<&str> = rest.split('/').collect();
            let matches = tokens.len() > depth
                && tokens[..=depth]
                    .iter()
                    .zip(key_path)
                    .all(|(t, k)| unescape_token(t) == *k);
            if !matches {
                continue;
            }
            let mut new_tokens: Vec<String> = tokens.iter().map(|t| t.to_string()).collect();
            new_tokens[depth] = escaped.clone();
            let (base, _) = site.raw.split_once('#').unwrap_or((&site.raw, ""));
            let new_raw = format!("{base}#/{}", new_tokens.join("/"));
            edits.push((from.clone(), site.value_text_range(), new_raw));
        }
    }
    Some(edits)
}

fn unescape_token(t: &str) -> String {
    crate::syntax::node::unescape_pointer_token(t).into_owned()
}

/// How the specs of the workspace use a fragment file: for each `$ref` to the whole file, the
/// kind of the spec it is in and the place (keys from that spec's root), through fragments that
/// are themselves referenced (up to a few levels). `users` gives the `$ref`s to a whole file.
pub fn uses_of(
    loader: &dyn Loader,
    open: &(dyn Fn(&Path) -> Option<Arc<Parsed>> + Sync),
    users: &dyn Fn(&Path) -> Vec<Reference>,
    file: &Path,
) -> Vec<crate::validate::Use> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    uses_rec(loader, open, users, file, &[], 0, &mut out, &mut seen);
    out
}

#[allow(clippy::too_many_arguments)]
fn uses_rec(
    loader: &dyn Loader,
    open: &(dyn Fn(&Path) -> Option<Arc<Parsed>> + Sync),
    users: &dyn Fn(&Path) -> Vec<Reference>,
    file: &Path,
    suffix: &[String],
    depth: usize,
    out: &mut Vec<crate::validate::Use>,
    seen: &mut std::collections::HashSet<PathBuf>,
) {
    // A few uses say what the fragment is; each file is followed once.
    if depth > 6 || out.len() >= 8 || !seen.insert(file.to_path_buf()) {
        return;
    }
    for r in users(file) {
        let Some(by) = open(&r.file).or_else(|| loader.load(&r.file)) else {
            continue;
        };
        let Some((segments, _, _)) = by.tree.path_at(r.range.start) else {
            continue;
        };
        let mut path: Vec<String> = segments.iter().map(|s| s.token()).collect();
        if path.last().is_some_and(|k| k == "$ref") {
            path.pop();
        }
        path.extend(suffix.iter().cloned());
        let kind = crate::spec::detect(&by.tree, &by.rope, Some(&r.file));
        if kind.family == crate::spec::Family::Fragment {
            uses_rec(loader, open, users, &r.file, &path, depth + 1, out, seen);
        } else {
            out.push(crate::validate::Use {
                kind,
                path,
                by: r.file.clone(),
            });
        }
        if out.len() >= 8 {
            return;
        }
    }
}

/// The schema diagnostics of a fragment checked as what the workspace's specs use it as (see
/// [`crate::validate::fragment_diagnostics`]); nothing if no spec references the whole file.
pub fn fragment_in_context(
    parsed: &Parsed,
    file: &Path,
    loader: &dyn Loader,
    open: &(dyn Fn(&Path) -> Option<Arc<Parsed>> + Sync),
    users: &dyn Fn(&Path) -> Vec<Reference>,
) -> Vec<crate::analysis::Diagnostic> {
    let mut uses = uses_of(loader, open, users, file);
    // A fragment that references itself says nothing about what it is used as.
    uses.retain(|u| u.by != file);
    if uses.is_empty() {
        return Vec::new();
    }
    crate::validate::fragment_diagnostics(parsed, &uses)
}

impl RefIndex {
    /// The `$ref`s to each whole file of the workspace (by target file), all at once.
    pub fn whole_file_users(
        &self,
        loader: &dyn Loader,
    ) -> std::collections::HashMap<PathBuf, Vec<Reference>> {
        let mut out: std::collections::HashMap<PathBuf, Vec<Reference>> = Default::default();
        let found: Vec<(PathBuf, Reference)> = self
            .snapshot()
            .par_iter()
            .flat_map_iter(|(from, sites)| {
                let parsed = loader.load(from);
                let mut v = Vec::new();
                if let Some(parsed) = parsed {
                    for site in sites.iter() {
                        if let Resolution::Found { file, range } =
                            resolve_site(site, from, &parsed, loader)
                        {
                            let whole = loader
                                .load(&file)
                                .and_then(|t| t.tree.root().map(|r| r.range()))
                                .is_some_and(|r| r == range);
                            if whole && file != *from {
                                v.push((
                                    file,
                                    Reference {
                                        file: from.clone(),
                                        range: site.range.clone(),
                                    },
                                ));
                            }
                        }
                    }
                }
                v
            })
            .collect();
        for (target, r) in found {
            out.entry(target).or_default().push(r);
        }
        for v in out.values_mut() {
            v.sort_by(|a, b| (&a.file, a.range.start).cmp(&(&b.file, b.range.start)));
        }
        out
    }

    /// The `$ref`s to the whole of `file`.
    pub fn users_of(
        &self,
        file: &Path,
        loader: &dyn Loader,
        open: &(dyn Fn(&Path) -> Option<Arc<Parsed>> + Sync),
    ) -> Vec<Reference> {
        self.naming(open).users_of(file, loader, open)
    }

    /// Which file each `$ref` of the workspace names as written (open documents as they are in
    /// the editor), from one pass over the workspace: for many [`Naming::users_of`] questions.
    pub fn naming(&self, open: &(dyn Fn(&Path) -> Option<Arc<Parsed>> + Sync)) -> Naming {
        let found: Vec<(Option<PathBuf>, PathBuf, RefSite)> = self
            .snapshot()
            .par_iter()
            .flat_map_iter(|(from, sites)| {
                let sites: Arc<[RefSite]> = match open(from) {
                    Some(p) => ref_sites(&p).into(),
                    None => sites.clone(),
                };
                let from = from.clone();
                (0..sites.len()).map(move |i| {
                    let site = &sites[i];
                    // Only a `$ref` that names a file (or an absolute URI, which a JSON Schema
                    // `$id` may answer) can lead to a file's root.
                    let named = match super::target_of(&site.raw, &from) {
                        super::Target::At { file, .. } => Some(file),
                        super::Target::Remote(_) => None,
                    };
                    (named, from.clone(), site.clone())
                })
            })
            .collect();
        let mut naming = Naming::default();
        for (named, from, site) in found {
            match named {
                Some(file) => naming.by_file.entry(file).or_default().push((from, site)),
                None => naming.uris.push((from, site)),
            }
        }
        naming
    }
}

/// The `$ref`s of the workspace by the file they name (see [`RefIndex::naming`]).
#[derive(Default)]
pub struct Naming {
    by_file: std::collections::HashMap<PathBuf, Vec<(PathBuf, RefSite)>>,
    /// `$ref`s by absolute URI: any file may answer them (by its `$id`).
    uris: Vec<(PathBuf, RefSite)>,
}

impl Naming {
    /// The `$ref`s to the whole of `file` (a chain of whole-file `$ref`s through another file is
    /// not followed).
    pub fn users_of(
        &self,
        file: &Path,
        loader: &dyn Loader,
        open: &(dyn Fn(&Path) -> Option<Arc<Parsed>> + Sync),
    ) -> Vec<Reference> {
        let Some(root) = open(file)
            .or_else(|| loader.load(file))
            .and_then(|p| p.tree.root().map(|r| r.range()))
        else {
            return Vec::new();
        };
        let candidates: Vec<&(PathBuf, RefSite)> = self
            .by_file
            .get(file)
            .into_iter()
            .flatten()
            .chain(&self.uris)
            .collect();
        let mut out: Vec<Reference> = candidates
            .par_iter()
            .filter_map(|(from, site)| {
                let parsed = open(from).or_else(|| loader.load(from))?;
                matches!(
                    resolve_site(site, from, &parsed, loader),
                    Resolution::Found { file: ref t, ref range } if t == file && *range == root
                )
                .then(|| Reference {
                    file: from.clone(),
                    range: site.range.clone(),
                })
            })
            .collect();
        out.sort_by(|a, b| (&a.file, a.range.start).cmp(&(&b.file, b.range.start)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A loader that notes which files were loaded.
    struct Counting<'a> {
        base: &'a DiskLoader,
        loaded: std::sync::Mutex<Vec<PathBuf>>,
    }

    impl Loader for Counting<'_> {
        fn load(&self, path: &Path) -> Option<Arc<Parsed>> {
            self.loaded.lock().unwrap().push(path.to_path_buf());
            self.base.load(path)
        }
        fn exists(&self, path: &Path) -> bool {
            self.base.exists(path)
        }
        fn inside(&self, path: &Path) -> bool {
            self.base.inside(path)
        }
    }

    /// A changed file's resolutions, and those that read it, are worked out again; the others
    /// are kept (the same result without a new resolution).
    #[test]
    fn a_change_re_resolves_what_read_the_changed_file() {
        let dir = std::env::temp_dir().join(format!("specls-index-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
        write("a.yaml", "x: {$ref: 'b.yaml#/X'}\n");
        write("b.yaml", "X: {type: string}\n");
        write("c.yaml", "y: {$ref: 'd.yaml#/Y'}\n");
        write("d.yaml", "Y: {type: string}\n");
        let files: Vec<PathBuf> = ["a.yaml", "b.yaml", "c.yaml", "d.yaml"]
            .iter()
            .map(|f| normalize(&dir.join(f)))
            .collect();
        let disk = DiskLoader::new(vec![dir.clone()], 1 << 20);
        let index = RefIndex::default();
        index.scan(&files, &disk, &|_| {});
        let none = |_: &Path| None;
        let target = |file: &PathBuf, key: &str| {
            let parsed = disk.load(file).unwrap();
            let root = parsed.tree.root().unwrap();
            root.child(key).unwrap().range()
        };
        let (b, d) = (&files[1], &files[3]);
        assert_eq!(index.references(b, &target(b, "X"), &disk, &none).len(), 1);
        assert_eq!(index.references(d, &target(d, "Y"), &disk, &none).len(), 1);
        let kept_c = index.resolved.get(&files[2]).unwrap().targets.clone();
        // `X` is renamed in b.yaml: a.yaml's `$ref` leads nowhere now.
        write("b.yaml", "Z: {type: string}\n");
        index.update_from_disk(b, &disk);
        assert!(index
            .references(b, &target(b, "Z"), &disk, &none)
            .is_empty());
        let a = index.resolved.get(&files[0]).unwrap().targets.clone();
        assert_eq!(a.len(), 1);
        assert!(a[0].is_none(), "a.yaml read b.yaml: resolved again");
        let c = index.resolved.get(&files[2]).unwrap().targets.clone();
        assert!(Arc::ptr_eq(&c, &kept_c), "c.yaml read only d.yaml: kept");
        // Within a file, only the `$ref`s whose resolution read the changed file are resolved
        // again: e.yaml names b.yaml and d.yaml; after a change of b.yaml, d.yaml is not read.
        write("e.yaml", "p: {$ref: 'b.yaml#/Z'}\nq: {$ref: 'd.yaml#/Y'}\n");
        let e = normalize(&dir.join("e.yaml"));
        index.update_from_disk(&e, &disk);
        assert_eq!(index.references(d, &target(d, "Y"), &disk, &none).len(), 2);
        write("b.yaml", "Z: {type: integer}\n");
        index.update_from_disk(b, &disk);
        let counting = Counting {
            base: &disk,
            loaded: Default::default(),
        };
        assert_eq!(
            index.references(b, &target(b, "Z"), &counting, &none).len(),
            1
        );
        let loaded = counting.loaded.into_inner().unwrap();
        assert!(loaded.contains(b), "{loaded:?}");
        assert!(!loaded.contains(d), "d.yaml is not read again: {loaded:?}");
        let both = index.resolved.get(&e).unwrap().targets.clone();
        assert!(both[0].is_some() && both[1].is_some());
        // A change everywhere at once (`touch`) drops every kept resolution.
        index.touch();
        assert_eq!(index.references(d, &target(d, "Y"), &disk, &none).len(), 2);
        let c = index.resolved.get(&files[2]).unwrap().targets.clone();
        assert!(!Arc::ptr_eq(&c, &kept_c));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
