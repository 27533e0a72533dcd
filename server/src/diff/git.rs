//! A git revision as a [`Loader`]: the files of `REV` read from the object store with the `git`
//! binary (`git cat-file blob REV:path`), never from or into the working tree.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use crate::analysis::{self, Loaded};
use crate::refs::{self, Loader};
use crate::syntax::{Lang, Parsed};

pub struct GitLoader {
    /// The repository's top folder (canonical).
    pub top: PathBuf,
    pub rev: String,
    /// The commit `rev` names now.
    pub commit: String,
    max_size: u64,
    cache: Mutex<HashMap<PathBuf, Option<Arc<Parsed>>>>,
}

fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, String> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git ({e}): install git, or run `specls diff OLD NEW` with two files instead"))
}

impl GitLoader {
    /// The repository holding `dir`, at revision `rev` (checked to name a commit).
    pub fn new(dir: &Path, rev: &str, max_size: u64) -> Result<GitLoader, String> {
        let out = git(dir, &["rev-parse", "--show-toplevel"])?;
        if !out.status.success() {
            return Err(format!(
                "{} is not in a git repository: run `specls diff OLD NEW` with two files instead",
                dir.display()
            ));
        }
        let top = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        let top = std::fs::canonicalize(&top).unwrap_or(top);
        let spec = format!("{rev}^{{commit}}");
        let out = git(
            &top,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &spec,
            ],
        )?;
        if rev.starts_with('-') || !out.status.success() {
            return Err(format!(
                "`{rev}` is not a revision of the repository at {}: give a commit, branch or tag (`HEAD`, `origin/main`, `v1.2.0`)",
                top.display()
            ));
        }
        let commit = String::from_utf8_lossy(&out.stdout).trim().to_string();
        Ok(GitLoader {
            top,
            rev: rev.to_string(),
            commit,
            max_size,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// The path of a file of the working tree as the repository names it (`specs/api.yaml`).
    pub fn relative(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(&self.top).ok()?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    }

    /// The canonical form of a working-tree path (symbolic links in its folders resolved), so
    /// that it lies under [`GitLoader::top`]; the file itself need not exist.
    pub fn canonical(&self, path: &Path) -> PathBuf {
        let abs = refs::normalize(&refs::absolute(path));
        if let Ok(c) = std::fs::canonicalize(&abs) {
            return c;
        }
        match (abs.parent(), abs.file_name()) {
            (Some(dir), Some(name)) => std::fs::canonicalize(dir)
                .map(|d| d.join(name))
                .unwrap_or(abs.clone()),
            _ => abs,
        }
    }

    fn read(&self, path: &Path) -> Option<Arc<Parsed>> {
        let rel = self.relative(path)?;
        let lang = Lang::from_path(path)?;
        let out = git(
            &self.top,
            &["cat-file", "blob", &format!("{}:{rel}", self.rev)],
        )
        .ok()?;
        if !out.status.success() {
            return None;
        }
        match analysis::load::from_bytes(out.stdout, self.max_size) {
            Loaded::Text(text) => Some(Parsed::new(lang, &text)),
            Loaded::Skipped { .. } => None,
        }
    }
}

impl Loader for GitLoader {
    fn load(&self, path: &Path) -> Option<Arc<Parsed>> {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(path.to_path_buf())
            .or_insert_with(|| self.read(path))
            .clone()
    }
    fn exists(&self, path: &Path) -> bool {
        self.load(path).is_some()
    }
    fn inside(&self, path: &Path) -> bool {
        path.starts_with(&self.top)
    }
    fn siblings(&self, _dir: &Path) -> Vec<String> {
        Vec::new()
    }
}
