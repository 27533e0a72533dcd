//! Files for `$ref` resolution in the server: the editor's open documents first (their newest
//! analyzed text), else the disk (parsed once, again when the file changes), and only inside
//! the workspace folders; remote documents as the `remoteRefs` setting allows.

use std::path::{Path, PathBuf};
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
        if let Some(url) = refs::remote::url_of(path) {
            return self.shared.remote.loaded(url);
        }
        if let Some(parsed) = self.shared.docs.latest_by_path(path) {
            return Some(parsed);
        }
        self.shared.disk.load(path)
    }

    fn load_quick(&self, path: &Path) -> Option<Arc<Parsed>> {
        if refs::remote::url_of(path).is_some() {
            return self.load(path);
        }
        if let Some(parsed) = self.shared.docs.latest_by_path(path) {
            return Some(parsed);
        }
        self.shared.disk.load_quick(path)
    }

    fn exists(&self, path: &Path) -> bool {
        self.shared.docs.latest_by_path(path).is_some() || path.is_file()
    }

    fn inside(&self, path: &Path) -> bool {
        self.roots.contain(path)
    }

    fn by_id(&self, uri: &str) -> Option<PathBuf> {
        self.shared.index.file_with_id(uri)
    }

    /// Never waits: a document not yet fetched is fetched in the background, and the open
    /// documents are analyzed again when it arrives.
    fn remote(&self, url: &str) -> refs::remote::Fetch {
        let policy = refs::remote::Policy::from_settings(&self.shared.settings());
        let arrived = self.shared.remote_arrived.clone();
        self.shared
            .remote
            .get(url, &policy, move || arrived.notify_one())
    }
}
