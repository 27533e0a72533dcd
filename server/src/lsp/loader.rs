//! Files for `$ref` resolution in the server: the editor's open documents first (their newest
//! analyzed text), else the disk (parsed once, again when the file changes), and only inside
//! the workspace folders.

use std::path::Path;
use std::sync::Arc;

use super::Shared;
use crate::refs::{self, Loader};
use crate::syntax::Parsed;

pub(crate) struct WorkspaceLoader<'a> {
    pub shared: &'a Shared,
    pub roots: refs::Roots,
}

impl<'a> WorkspaceLoader<'a> {
    pub fn new(shared: &'a Shared) -> WorkspaceLoader<'a> {
        let roots = refs::Roots::new(&shared.roots.read().unwrap_or_else(|e| e.into_inner()));
        WorkspaceLoader { shared, roots }
    }
}

impl Loader for WorkspaceLoader<'_> {
    fn load(&self, path: &Path) -> Option<Arc<Parsed>> {
        if let Some(parsed) = self.shared.docs.latest_by_path(path) {
            return Some(parsed);
        }
        self.shared.disk.load(path)
    }

    fn exists(&self, path: &Path) -> bool {
        self.shared.docs.latest_by_path(path).is_some() || path.is_file()
    }

    fn inside(&self, path: &Path) -> bool {
        self.roots.contain(path)
    }
}
