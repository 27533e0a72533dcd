//! Remote (`http(s)://`) `$ref`s, fetched only when the `remoteRefs` setting allows their URL:
//! in the background (the analysis never waits on the network), with a timeout and a size limit,
//! each URL once per session (successes and failures are remembered; a new session tries again).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::syntax::{Lang, Parsed};

/// Which URLs may be fetched, and how.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    /// URL prefixes (`https://schemas.example.com/`); none: nothing is fetched.
    pub allowed: Vec<String>,
    pub timeout: Duration,
    /// The largest body read, in bytes.
    pub max_size: u64,
}

impl Policy {
    pub fn from_settings(s: &crate::settings::Settings) -> Policy {
        Policy {
            allowed: s.remote_refs.clone(),
            timeout: Duration::from_millis(s.remote_refs_timeout_ms),
            max_size: s.max_file_size(),
        }
    }

    pub fn allows(&self, url: &str) -> bool {
        super::uri::is_http(url) && self.allowed.iter().any(|p| url.starts_with(p.as_str()))
    }
}

/// What is known of a remote document.
#[derive(Clone, Debug)]
pub enum Fetch {
    /// Not allowed by the settings: not fetched.
    Off,
    /// Being fetched.
    Pending,
    Loaded(Arc<Parsed>),
    /// Why it could not be had (a timeout, an HTTP status, too large, not YAML or JSON).
    Failed(String),
}

#[derive(Clone)]
enum Entry {
    Pending,
    Done(Result<Arc<Parsed>, String>),
}

/// The remote documents of a session, by URL (without fragment).
#[derive(Clone, Default)]
pub struct RemoteCache {
    entries: Arc<Mutex<HashMap<String, Entry>>>,
}

impl RemoteCache {
    fn entry(&self, url: &str) -> Option<Entry> {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(url)
            .cloned()
    }

    fn known(entry: Entry) -> Fetch {
        match entry {
            Entry::Pending => Fetch::Pending,
            Entry::Done(Ok(p)) => Fetch::Loaded(p),
            Entry::Done(Err(e)) => Fetch::Failed(e),
        }
    }

    fn store(&self, url: &str, entry: Entry) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(url.to_string(), entry);
    }

    /// The document at `url` if it was fetched; else starts fetching it on a thread of its own
    /// (`arrived` is called when it is known) and says it is pending.
    pub fn get(
        &self,
        url: &str,
        policy: &Policy,
        arrived: impl FnOnce() + Send + 'static,
    ) -> Fetch {
        if !policy.allows(url) {
            return Fetch::Off;
        }
        {
            let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(e) = entries.get(url) {
                return Self::known(e.clone());
            }
            entries.insert(url.to_string(), Entry::Pending);
        }
        let (cache, key, policy) = (self.clone(), url.to_string(), policy.clone());
        let spawned = std::thread::Builder::new()
            .name("specls-fetch".into())
            .spawn(move || {
                let result = fetch(&key, &policy);
                cache.store(&key, Entry::Done(result));
                arrived();
            });
        if let Err(e) = spawned {
            let e = format!("cannot start a thread to fetch it: {e}");
            self.store(url, Entry::Done(Err(e.clone())));
            return Fetch::Failed(e);
        }
        Fetch::Pending
    }

    /// The document at `url`, fetched now if needed (the CLI, which may wait).
    pub fn get_blocking(&self, url: &str, policy: &Policy) -> Fetch {
        if !policy.allows(url) {
            return Fetch::Off;
        }
        match self.entry(url) {
            Some(Entry::Pending) | None => {
                let result = fetch(url, policy);
                self.store(url, Entry::Done(result.clone()));
                Self::known(Entry::Done(result))
            }
            Some(e) => Self::known(e),
        }
    }

    /// The parse of a document already fetched.
    pub fn loaded(&self, url: &str) -> Option<Arc<Parsed>> {
        match self.entry(url)? {
            Entry::Done(Ok(p)) => Some(p),
            _ => None,
        }
    }
}

/// The URL a resolved target names when it is a fetched document (targets are paths; a remote
/// document's is its URL).
pub fn url_of(file: &Path) -> Option<&str> {
    file.to_str().filter(|s| super::uri::is_http(s))
}

/// Fetches and parses one document.
fn fetch(url: &str, policy: &Policy) -> Result<Arc<Parsed>, String> {
    let secs = policy.timeout.as_secs_f64();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(policy.timeout))
        // A redirect could leave the allowed prefixes: not followed.
        .max_redirects(0)
        .build()
        .into();
    let started = std::time::Instant::now();
    let mut response = agent.get(url).call().map_err(|e| match e {
        ureq::Error::Timeout(_) => format!("no answer within {secs} s"),
        ureq::Error::StatusCode(code) => format!("the server answered HTTP {code}"),
        other => other.to_string(),
    })?;
    let status = response.status();
    if status.is_redirection() {
        let to = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("?");
        return Err(format!(
            "the server redirects to {to} (redirects are not followed)"
        ));
    }
    let text = response
        .body_mut()
        .with_config()
        .limit(policy.max_size)
        .read_to_string()
        .map_err(|e| match e {
            ureq::Error::Timeout(_) => format!("no answer within {secs} s"),
            ureq::Error::BodyExceedsLimit(n) => format!("larger than the limit ({n} bytes)"),
            other => other.to_string(),
        })?;
    tracing::info!(
        url,
        bytes = text.len(),
        ms = started.elapsed().as_millis() as u64,
        "fetched a remote $ref"
    );
    let json = text.trim_start().starts_with(['{', '[']);
    let lang = if json { Lang::Json } else { Lang::Yaml };
    let parsed = Parsed::new(lang, &text);
    if parsed.tree.root().is_none() {
        return Err("not a YAML or JSON document".into());
    }
    Ok(parsed)
}
