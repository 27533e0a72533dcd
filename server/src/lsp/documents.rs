//! Open documents and the scheduling of their analysis.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use dashmap::DashMap;
use ropey::Rope;
use tower_lsp_server::ls_types::Uri;

use super::unused::Hints;
use super::{convert, Shared};
use crate::analysis::{self, load, Diagnostic};
use crate::settings::Settings;
use crate::spec::SpecKind;
use crate::syntax::{Lang, Parsed, PositionEncoding, SourceFile, TextChange};

/// Every change to any document gets a new generation: analysis results are kept and published
/// only if the document's generation is still the one they were computed for.
static GENERATION: AtomicU64 = AtomicU64::new(1);

enum Content {
    Source(SourceFile),
    /// Not analyzed (too large): the text is still kept in step with the edits.
    Skipped {
        lang: Lang,
        rope: Rope,
        diagnostic: Diagnostic,
    },
}

struct Doc {
    version: i32,
    /// This opening of the document (a document closed and opened again is another one): a
    /// worker serves one opening only.
    epoch: u64,
    generation: u64,
    content: Content,
    /// The newest finished parse (maybe of an older generation) and its kind, for requests.
    latest: Option<(Arc<Parsed>, SpecKind)>,
    /// The diagnostics published last (their fixes answer code-action requests), and the
    /// generation of the text they were for.
    published: Arc<Vec<Diagnostic>>,
    published_generation: u64,
    /// The parse and the version of the text the published diagnostics are for (their fixes'
    /// ranges are in that text, and the edits are sent for that version).
    published_text: Option<(Arc<Parsed>, i32)>,
    /// The version of the text of `latest`.
    latest_version: i32,
    /// The generation whose text the documents that reference this one last heard of.
    notified: u64,
    /// Whether a worker is analyzing this document, and the flag that cancels its current run.
    running: bool,
    /// Another document asked for an analysis while the worker was busy (its text, which this
    /// one references, changed): the worker runs once more.
    again: bool,
    cancel: Arc<AtomicBool>,
    /// Wakes a worker that waits for typing to pause (an edit, a request for another analysis).
    wake: Arc<tokio::sync::Notify>,
    /// The parse of this generation's text, made once by whoever needs it first (the analysis,
    /// or a request typed right after the edit) and shared with the other.
    parse: Arc<ParseCell>,
    /// What the analyses of this opening keep for the next (per unit: schema diagnostics,
    /// check findings, `$ref`s). It lives as long as the document is open, not as long as a
    /// worker: the first keystroke after a pause must not check GitHub's 2,850 units again.
    cache: Arc<std::sync::Mutex<crate::analysis::Cache>>,
}

/// One generation's parse: the first to ask runs it, the others wait for it. `None` inside when
/// the analysis that ran it was cancelled (a newer edit came: the cell is stale).
type ParseCell = std::sync::OnceLock<Option<Arc<Parsed>>>;

impl Doc {
    /// The text (or how it is analyzed) changed: a new generation; the current analysis is
    /// cancelled and a waiting worker woken.
    fn bump(&mut self) {
        self.generation = GENERATION.fetch_add(1, Ordering::SeqCst);
        self.cancel.store(true, Ordering::SeqCst);
        self.wake.notify_one();
        self.parse = Default::default();
    }
}

#[derive(Default)]
pub struct Documents {
    map: DashMap<Uri, Doc>,
}

fn lang_of(uri: &Uri, language_id: &str) -> Lang {
    Lang::from_language_id(language_id)
        .or_else(|| uri.to_file_path().and_then(|p| Lang::from_path(&p)))
        .unwrap_or(Lang::Yaml)
}

/// A document's content: analyzed, or kept as text only (the whole text, never dropped).
fn content_for(lang: Lang, text: String, settings: &Settings) -> Content {
    match load::size_limit(text.len() as u64, settings.max_file_size()) {
        None => Content::Source(SourceFile::unparsed(lang, &text)),
        Some(diagnostic) => Content::Skipped {
            lang,
            rope: Rope::from_str(&text),
            diagnostic,
        },
    }
}

impl Content {
    fn lang(&self) -> Lang {
        match self {
            Content::Source(s) => s.lang(),
            Content::Skipped { lang, .. } => *lang,
        }
    }
}

impl Documents {
    pub fn open(
        &self,
        uri: &Uri,
        language_id: &str,
        version: i32,
        text: String,
        settings: &Settings,
    ) {
        let lang = lang_of(uri, language_id);
        let doc = Doc {
            version,
            epoch: GENERATION.load(Ordering::SeqCst),
            generation: GENERATION.fetch_add(1, Ordering::SeqCst),
            content: content_for(lang, text, settings),
            latest: None,
            published: Default::default(),
            published_generation: 0,
            published_text: None,
            latest_version: version,
            notified: 0,
            running: false,
            again: false,
            cancel: Arc::new(AtomicBool::new(false)),
            wake: Default::default(),
            parse: Default::default(),
            cache: Default::default(),
        };
        if let Some(old) = self.map.insert(uri.clone(), doc) {
            old.cancel.store(true, Ordering::SeqCst);
        }
    }

    /// Applies a `didChange` batch, edit by edit, synchronously.
    pub fn change(
        &self,
        uri: &Uri,
        version: i32,
        changes: &[TextChange],
        enc: PositionEncoding,
        settings: &Settings,
    ) -> Result<(), String> {
        let mut doc = self
            .map
            .get_mut(uri)
            .ok_or("the document was never opened (no didOpen): change ignored")?;
        if version <= doc.version {
            return Err(format!(
                "stale version {version} (the document is at {}): change ignored",
                doc.version
            ));
        }
        for change in changes {
            match &mut doc.content {
                Content::Source(file) => file.edit(change, enc),
                Content::Skipped { rope, .. } => {
                    crate::syntax::apply_change(rope, change, enc);
                }
            }
        }
        doc.version = version;
        doc.bump();
        let size = match &doc.content {
            Content::Source(f) => f.rope().len_bytes(),
            Content::Skipped { rope, .. } => rope.len_bytes(),
        };
        let skipped = matches!(doc.content, Content::Skipped { .. });
        if skipped != (size as u64 > settings.max_file_size()) {
            self.resettle_doc(&mut doc, settings);
        }
        Ok(())
    }

    /// Re-decides, after a settings change, whether a document is analyzed.
    pub fn resettle(&self, uri: &Uri, settings: &Settings) {
        if let Some(mut doc) = self.map.get_mut(uri) {
            self.resettle_doc(&mut doc, settings);
            doc.bump();
        }
    }

    fn resettle_doc(&self, doc: &mut Doc, settings: &Settings) {
        let lang = doc.content.lang();
        let text = match &doc.content {
            Content::Source(f) => f.rope().to_string(),
            Content::Skipped { rope, .. } => rope.to_string(),
        };
        let fresh = content_for(lang, text, settings);
        // Keep the parsed state when the document stays analyzed.
        if !(matches!(fresh, Content::Source(_)) && matches!(doc.content, Content::Source(_))) {
            doc.content = fresh;
        }
    }

    pub fn close(&self, uri: &Uri) {
        if let Some((_, doc)) = self.map.remove(uri) {
            doc.cancel.store(true, Ordering::SeqCst);
            doc.wake.notify_one();
        }
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn is_open(&self, uri: &Uri) -> bool {
        self.map.contains_key(uri)
    }

    pub fn uris(&self) -> Vec<Uri> {
        self.map.iter().map(|e| e.key().clone()).collect()
    }

    /// The text the server holds for an open document, and its version.
    pub fn text(&self, uri: &Uri) -> Option<(i32, String)> {
        let d = self.map.get(uri)?;
        let rope = match &d.content {
            Content::Source(s) => s.rope(),
            Content::Skipped { rope, .. } => rope,
        };
        Some((d.version, rope.to_string()))
    }

    pub fn latest(&self, uri: &Uri) -> Option<(Arc<Parsed>, SpecKind)> {
        self.map.get(uri)?.latest.clone()
    }

    /// The parse of the document's current text, for a request: the one the analysis made or is
    /// making, else made now and shared with the analysis. Blocking: call it off the async
    /// runtime.
    pub fn parse_now(&self, uri: &Uri) -> Option<Arc<Parsed>> {
        // An analysis that began this generation's parse may be cancelled by a newer edit (its
        // cell then holds `None`): take the newest cell then, a few times, and at last parse
        // without sharing.
        for _ in 0..3 {
            let (pending, cell) = self.pending(uri)?;
            if let Some(parsed) = cell.get_or_init(|| pending.run(None)) {
                return Some(parsed.clone());
            }
        }
        self.pending(uri)?.0.run(None)
    }

    /// The parse to run for a document's current text, and the cell it is shared through.
    fn pending(&self, uri: &Uri) -> Option<(crate::syntax::PendingParse, Arc<ParseCell>)> {
        let doc = self.map.get(uri)?;
        match &doc.content {
            Content::Source(f) => Some((f.pending(), doc.parse.clone())),
            Content::Skipped { .. } => None,
        }
    }

    /// Whether the documents that reference this one have not yet heard of `generation` (and
    /// marks that they now have).
    fn take_news(&self, uri: &Uri, generation: u64) -> bool {
        match self.map.get_mut(uri) {
            Some(mut d) if d.notified != generation => {
                d.notified = generation;
                true
            }
            _ => false,
        }
    }

    /// The open documents (other than `file`'s) with a `$ref` into `file`.
    fn dependents(&self, file: &Path) -> Vec<Uri> {
        self.map
            .iter()
            .filter_map(|e| {
                let (parsed, _) = e.latest.as_ref()?;
                let own = crate::refs::normalize(&e.key().to_file_path()?);
                if own == file {
                    return None;
                }
                crate::refs::ref_sites(parsed)
                    .iter()
                    .any(|site| match crate::refs::target_of(&site.raw, &own) {
                        crate::refs::Target::At { file: f, .. } => f == file,
                        crate::refs::Target::Remote(_) => false,
                    })
                    .then(|| e.key().clone())
            })
            .collect()
    }

    /// The diagnostics published last for a document, with the text they refer to and its
    /// version.
    pub fn published(&self, uri: &Uri) -> Option<(Arc<Vec<Diagnostic>>, Arc<Parsed>, i32)> {
        let d = self.map.get(uri)?;
        let (parsed, version) = d.published_text.clone()?;
        Some((d.published.clone(), parsed, version))
    }

    /// Whether every open document that is analyzed has its newest text parsed (so that edits
    /// worked out now are for the texts the editor has).
    pub fn all_current(&self) -> bool {
        self.map.iter().all(|d| match &d.content {
            Content::Source(_) => d.latest.is_some() && d.latest_version == d.version,
            Content::Skipped { .. } => true,
        })
    }

    /// The version of the newest analyzed parse of the open document at `path` (the text that
    /// `latest_by_path` gives), if one is open.
    pub fn latest_version_by_path(&self, path: &Path) -> Option<i32> {
        self.map.iter().find_map(|e| {
            let p = e.key().to_file_path()?;
            (crate::refs::normalize(&p) == path && e.latest.is_some()).then_some(e.latest_version)
        })
    }

    /// The open documents last analyzed as fragments (their diagnostics depend on the index).
    pub fn fragments(&self) -> Vec<Uri> {
        self.map
            .iter()
            .filter(|e| {
                e.latest
                    .as_ref()
                    .is_some_and(|(_, k)| k.family == crate::spec::Family::Fragment)
            })
            .map(|e| e.key().clone())
            .collect()
    }

    /// The newest analyzed parse of the open document at `path`, if one is open.
    /// Makes a new parse of `generation` the one requests and other documents see, before its
    /// analysis is done; `false` if the text changed since.
    fn install(&self, uri: &Uri, generation: u64, parsed: &Arc<Parsed>, kind: SpecKind) -> bool {
        match self.map.get_mut(uri) {
            Some(mut doc) if doc.generation == generation => {
                // The next edit's parse starts from this one, and requests take it (after typing
                // paused this is the fresh parse that replaces the incremental one).
                if let Content::Source(f) = &mut doc.content {
                    f.install(parsed.clone());
                }
                doc.parse = Arc::new(ParseCell::from(Some(parsed.clone())));
                doc.latest = Some((parsed.clone(), kind));
                doc.latest_version = doc.version;
                true
            }
            _ => false,
        }
    }

    pub fn latest_by_path(&self, path: &Path) -> Option<Arc<Parsed>> {
        self.map.iter().find_map(|e| {
            let p = e.key().to_file_path()?;
            (crate::refs::normalize(&p) == path)
                .then(|| e.latest.as_ref().map(|(p, _)| p.clone()))
                .flatten()
        })
    }

    pub fn cancel_all(&self) {
        for doc in self.map.iter() {
            doc.cancel.store(true, Ordering::SeqCst);
        }
    }

    /// Marks that a worker should run. If none runs yet, the opening it serves and that
    /// opening's cache (the caller starts the worker); else the running one is told to run once
    /// more.
    fn claim_worker(
        &self,
        uri: &Uri,
    ) -> Option<(u64, Arc<std::sync::Mutex<crate::analysis::Cache>>)> {
        let mut doc = self.map.get_mut(uri)?;
        if doc.running {
            doc.again = true;
            doc.wake.notify_one();
            return None;
        }
        doc.running = true;
        Some((doc.epoch, doc.cache.clone()))
    }

    /// Whether the analysis of `generation` is still the one wanted (no edit, and no other
    /// document asked for another since).
    fn wanted(&self, uri: &Uri, generation: u64) -> bool {
        self.map
            .get(uri)
            .is_some_and(|d| d.generation == generation && !d.again)
    }

    /// The work for the document's current text, or `None` (and the worker stops) if the
    /// document is closed or already analyzed.
    fn take_job(&self, uri: &Uri, epoch: u64) -> Option<Job> {
        let mut doc = self.map.get_mut(uri).filter(|d| d.epoch == epoch)?;
        doc.again = false;
        let cancel = Arc::new(AtomicBool::new(false));
        doc.cancel = cancel.clone();
        let work = match &doc.content {
            Content::Source(f) => Work::Parse(f.pending(), Some(doc.parse.clone())),
            Content::Skipped {
                rope, diagnostic, ..
            } => Work::Skipped(rope.clone(), diagnostic.clone()),
        };
        Some(Job {
            generation: doc.generation,
            version: doc.version,
            work,
            cancel,
        })
    }

    /// A fresh parse of the document, if its newest parse is an incremental one with syntax
    /// errors and nothing changed since `generation` (see `Parsed::settled`).
    fn take_settle_job(&self, uri: &Uri, epoch: u64, generation: u64) -> Option<Job> {
        let mut doc = self
            .map
            .get_mut(uri)
            .filter(|d| d.epoch == epoch && d.generation == generation)?;
        let Content::Source(f) = &doc.content else {
            return None;
        };
        let pending = f.settle_pending()?;
        let cancel = Arc::new(AtomicBool::new(false));
        doc.cancel = cancel.clone();
        Some(Job {
            generation,
            version: doc.version,
            work: Work::Parse(pending, None),
            cancel,
        })
    }

    /// Keeps a finished analysis if the document has not changed since: `Kept::New` if its
    /// diagnostics should be published, `Kept::Same` if the same text already got the same
    /// diagnostics (a re-analysis caused by another document), `Kept::No` if it is stale.
    fn finish(&self, uri: &Uri, generation: u64, outcome: &Outcome) -> Kept {
        let parsed = outcome.parsed.as_ref();
        let Some(mut doc) = self.map.get_mut(uri) else {
            return Kept::No;
        };
        if doc.generation != generation {
            return Kept::No;
        }
        let same = doc.published_generation == generation && *doc.published == outcome.diagnostics;
        doc.published = Arc::new(outcome.diagnostics.clone());
        doc.published_generation = generation;
        doc.published_text = parsed.map(|(p, _)| (p.clone(), doc.version));
        if let Some((parsed, kind)) = parsed {
            if let Content::Source(f) = &mut doc.content {
                f.install(parsed.clone());
            }
            doc.latest = Some((parsed.clone(), kind.clone()));
            doc.latest_version = doc.version;
        }
        if same {
            Kept::Same
        } else {
            Kept::New
        }
    }

    /// Ends the worker if nothing changed since `generation` and no other document asked for an
    /// analysis (else it runs again).
    fn done(&self, uri: &Uri, generation: u64, epoch: u64) -> bool {
        match self.map.get_mut(uri).filter(|d| d.epoch == epoch) {
            Some(mut doc) => {
                if doc.generation == generation && !doc.again {
                    doc.running = false;
                    true
                } else {
                    false
                }
            }
            None => true,
        }
    }

    fn stop(&self, uri: &Uri, epoch: u64) {
        if let Some(mut doc) = self.map.get_mut(uri).filter(|d| d.epoch == epoch) {
            doc.running = false;
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kept {
    No,
    Same,
    New,
}

enum Work {
    /// The parse to run, and the cell that shares it with requests (none for a fresh parse
    /// after typing paused, which is not the generation's incremental one).
    Parse(crate::syntax::PendingParse, Option<Arc<ParseCell>>),
    Skipped(Rope, Diagnostic),
}

struct Job {
    generation: u64,
    version: i32,
    work: Work,
    cancel: Arc<AtomicBool>,
}

struct Outcome {
    parsed: Option<(Arc<Parsed>, SpecKind)>,
    rope: Rope,
    diagnostics: Vec<Diagnostic>,
    /// Whether the unused-component hints among the diagnostics are of this text.
    hints: Hints,
    /// Whether the breaking-change hints among them stand in from an earlier text.
    breaking_stale: bool,
}

impl Job {
    /// Runs on a blocking thread. `None` if cancelled.
    fn run(
        work: Work,
        cancel: &AtomicBool,
        (path, shared, uri, generation): (Option<&Path>, &Arc<Shared>, &Uri, u64),
        settings: &Settings,
        cache: &std::sync::Mutex<crate::analysis::Cache>,
        hints_now: bool,
    ) -> Option<Outcome> {
        let mut hints = Hints::Fresh;
        let mut breaking_stale = false;
        match work {
            Work::Parse(pending, cell) => {
                let started = std::time::Instant::now();
                let parsed = match cell {
                    Some(cell) => cell.get_or_init(|| pending.run(Some(cancel))).clone()?,
                    None => pending.run(Some(cancel))?,
                };
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let parse = started.elapsed();
                // The open documents that reference this one are analyzed with its new text at
                // once, beside this analysis (not after its slower checks).
                let kind = analysis::kind_of(&parsed, path, settings);
                if shared.docs.install(uri, generation, &parsed, kind) {
                    news(shared, uri, generation);
                }
                let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
                let file = uri.to_file_path().map(|f| crate::refs::normalize(&f));
                let loader = super::loader::WorkspaceLoader::new(shared);
                let files = file
                    .as_deref()
                    .map(|f| (f, &loader as &dyn crate::refs::Loader));
                let mut report = analysis::check_in(&parsed, path, settings, &mut cache, files);
                let checked = started.elapsed();
                if let Some(file) = file {
                    report.diagnostics.extend(crate::refs::diagnostics_with(
                        &parsed,
                        &file,
                        &loader,
                        &mut cache.refs,
                    ));
                    let refs = started.elapsed();
                    let (unused, fresh) =
                        super::unused::diagnostics(shared, &parsed, &file, hints_now);
                    report.diagnostics.extend(unused);
                    hints = fresh;
                    // Stand-ins while typing; this text's own come from `refresh_breaking`.
                    let (breaking, fresh) =
                        super::breaking::hints(shared, &file, &parsed, &report.kind, false);
                    report.diagnostics.extend(breaking);
                    breaking_stale = !fresh;
                    tracing::debug!(
                        parse_ms = parse.as_secs_f64() * 1e3,
                        check_ms = (checked - parse).as_secs_f64() * 1e3,
                        refs_ms = (refs - checked).as_secs_f64() * 1e3,
                        unused_ms = (started.elapsed() - refs).as_secs_f64() * 1e3,
                        "analysis phases"
                    );
                    // A fragment: checked as what the workspace's specs use it as.
                    if settings.schema_validation
                        && report.kind.family == crate::spec::Family::Fragment
                    {
                        let open = |p: &Path| shared.docs.latest_by_path(p);
                        // One pass over the workspace answers every file asked about.
                        let naming = std::sync::OnceLock::new();
                        let users = |f: &Path| {
                            naming
                                .get_or_init(|| shared.index.naming(&open))
                                .users_of(f, &loader, &open)
                        };
                        report
                            .diagnostics
                            .extend(crate::refs::index::fragment_in_context(
                                &parsed, &file, &loader, &open, &users,
                            ));
                    }
                    analysis::sort_diagnostics(&mut report.diagnostics);
                }
                Some(Outcome {
                    rope: parsed.rope.clone(),
                    parsed: Some((parsed, report.kind)),
                    diagnostics: report.diagnostics,
                    hints,
                    breaking_stale,
                })
            }
            Work::Skipped(rope, d) => Some(Outcome {
                parsed: None,
                rope,
                diagnostics: vec![d],
                hints,
                breaking_stale,
            }),
        }
    }
}

/// The open documents that reference this one see its new text (once per text: a re-analysis
/// they cause does not come back to them).
fn news(shared: &Arc<Shared>, uri: &Uri, generation: u64) {
    if !shared.docs.take_news(uri, generation) {
        return;
    }
    // References into this document may lead elsewhere now.
    shared.touch(uri);
    if let Some(file) = uri.to_file_path().map(|p| crate::refs::normalize(&p)) {
        for dependent in shared.docs.dependents(&file) {
            schedule(shared, dependent);
        }
        // What the components of other documents are used by may have changed.
        for holder in super::unused::holders(shared, Some(uri)) {
            schedule(shared, holder);
        }
    }
}

/// Makes sure a worker analyzes the document's newest text.
pub fn schedule(shared: &Arc<Shared>, uri: Uri) {
    if let Some((epoch, cache)) = shared.docs.claim_worker(&uri) {
        let shared = shared.clone();
        tokio::spawn(async move {
            use futures::FutureExt;
            let run =
                std::panic::AssertUnwindSafe(worker(shared.clone(), uri.clone(), epoch, cache));
            if run.catch_unwind().await.is_err() {
                // Logged by the panic hook; free the document for the next edit's worker.
                tracing::error!("the analysis worker of {} panicked", uri.as_str());
                shared.docs.stop(&uri, epoch);
            }
            // The worker of a closed document held its last parse until now (a close can come
            // while its analysis still runs, for longer than the trim's quiet time): the trim
            // the close asked for may have come too early, and the validation may have noted
            // paths of the document after the close forgot them.
            if !shared.docs.is_open(&uri) {
                if shared.docs.is_empty() {
                    crate::validate::metaschemas::forget_document_paths();
                }
                shared.trimmer.request();
            }
        });
    }
}

/// How long typing must pause before an incremental parse with syntax errors is redone from
/// scratch (`Parsed::settled`).
const SETTLE_DELAY: std::time::Duration = std::time::Duration::from_millis(300);

async fn worker(
    shared: Arc<Shared>,
    uri: Uri,
    epoch: u64,
    cache: Arc<std::sync::Mutex<crate::analysis::Cache>>,
) {
    loop {
        let delay = shared.settings().diagnostics_delay_ms;
        if delay > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
        }
        let Some(job) = shared.docs.take_job(&uri, epoch) else {
            return;
        };
        let (generation, version, cancel) = (job.generation, job.version, job.cancel.clone());
        let work = job.work;
        let started = std::time::Instant::now();
        let result = run_job(&shared, &uri, work, cancel, generation, &cache, false).await;
        let outcome = match result {
            Ok(Some(outcome)) => outcome,
            // Cancelled by a newer edit: take the newest text.
            Ok(None) => {
                tracing::debug!(version, "analysis cancelled");
                if shared.docs.done(&uri, generation, epoch) {
                    return;
                }
                continue;
            }
            Err(e) => {
                tracing::error!("analysis of {} failed: {e}", uri.as_str());
                shared.docs.stop(&uri, epoch);
                let d = tower_lsp_server::ls_types::Diagnostic {
                    message: "specls failed to analyze this document (an internal error; see the server log)".into(),
                    source: Some("specls".into()),
                    ..Default::default()
                };
                shared
                    .client
                    .publish_diagnostics(uri, vec![d], Some(version))
                    .await;
                return;
            }
        };
        let kept = shared.docs.finish(&uri, generation, &outcome);
        if kept != Kept::No {
            // References into this document may lead elsewhere now (a parse was installed, and
            // the index told, when the analysis began).
            if outcome.parsed.is_none() {
                shared.touch(&uri);
            }
            if kept == Kept::New {
                tracing::debug!(
                    version,
                    ms = started.elapsed().as_secs_f64() * 1e3,
                    "publish diagnostics"
                );
                publish(&shared, &uri, &outcome, version).await;
            }
            news(&shared, &uri, generation);
            if outcome.breaking_stale {
                tokio::spawn(refresh_breaking(shared.clone(), uri.clone(), generation));
            }
            let unsettled = outcome.parsed.as_ref().is_some_and(|(p, _)| !p.settled);
            if unsettled {
                settle(
                    &shared,
                    &uri,
                    epoch,
                    generation,
                    &outcome.diagnostics,
                    &cache,
                )
                .await;
            } else if outcome.hints == Hints::Stale {
                refresh_hints(&shared, &uri, generation, outcome, version).await;
            }
        }
        if shared.docs.done(&uri, generation, epoch) {
            return;
        }
    }
}

/// When typing pauses on a document whose newest parse is an incremental one with syntax errors,
/// parses it again from scratch and publishes the diagnostics if they changed: the editor then
/// shows what a fresh open of the text shows.
async fn settle(
    shared: &Arc<Shared>,
    uri: &Uri,
    epoch: u64,
    generation: u64,
    published: &[Diagnostic],
    cache: &Arc<std::sync::Mutex<crate::analysis::Cache>>,
) {
    if !paused(shared, uri, generation).await {
        return;
    }
    let Some(job) = shared.docs.take_settle_job(uri, epoch, generation) else {
        return;
    };
    let (version, cancel) = (job.version, job.cancel.clone());
    let result = run_job(shared, uri, job.work, cancel, generation, cache, true).await;
    let Ok(Some(outcome)) = result else {
        return;
    };
    let kept = shared.docs.finish(uri, generation, &outcome);
    if kept != Kept::No {
        // A parse of its own (the fresh one), which references into the document now see.
        shared.touch(uri);
    }
    if kept != Kept::No && outcome.diagnostics != published {
        tracing::debug!(version, "diagnostics changed after a fresh parse");
        publish(shared, uri, &outcome, version).await;
    }
    if kept != Kept::No && outcome.breaking_stale {
        tokio::spawn(refresh_breaking(shared.clone(), uri.clone(), generation));
    }
}

/// The breaking-change hints of a text whose analysis published stand-ins: worked out once
/// typing has paused, beside the worker (which goes on with the next edit; a result for a text
/// that changed meanwhile is dropped), and published with the rest if they differ.
async fn refresh_breaking(shared: Arc<Shared>, uri: Uri, generation: u64) {
    tokio::time::sleep(SETTLE_DELAY).await;
    if !shared.docs.wanted(&uri, generation) {
        return;
    }
    let Some((parsed, kind)) = shared.docs.latest(&uri) else {
        return;
    };
    let Some(file) = uri.to_file_path().map(|f| crate::refs::normalize(&f)) else {
        return;
    };
    let (s, p, k) = (shared.clone(), parsed.clone(), kind.clone());
    let Ok(fresh) =
        tokio::task::spawn_blocking(move || super::breaking::hints(&s, &file, &p, &k, true).0)
            .await
    else {
        return;
    };
    // What is published now, for this very text (an unused-component refresh may have come).
    let Some((published, published_parsed, version)) = shared.docs.published(&uri) else {
        return;
    };
    if !Arc::ptr_eq(&published_parsed, &parsed) {
        return;
    }
    let mut diagnostics: Vec<Diagnostic> = published
        .iter()
        .filter(|d| crate::diff::checks::check(d.code).is_none())
        .cloned()
        .collect();
    diagnostics.extend(fresh);
    analysis::sort_diagnostics(&mut diagnostics);
    let outcome = Outcome {
        rope: parsed.rope.clone(),
        parsed: Some((parsed, kind)),
        diagnostics,
        hints: Hints::Fresh,
        breaking_stale: false,
    };
    if shared.docs.finish(&uri, generation, &outcome) == Kept::New {
        tracing::debug!(version, "breaking-change hints changed");
        publish(&shared, &uri, &outcome, version).await;
    }
}

/// Runs an analysis ([`Job::run`]) on a blocking thread, with the settings of now.
async fn run_job(
    shared: &Arc<Shared>,
    uri: &Uri,
    work: Work,
    cancel: Arc<AtomicBool>,
    generation: u64,
    cache: &Arc<std::sync::Mutex<crate::analysis::Cache>>,
    hints_now: bool,
) -> Result<Option<Outcome>, tokio::task::JoinError> {
    let settings = shared.settings();
    let path = shared.workspace_path(uri);
    let (s, u, units) = (shared.clone(), uri.clone(), cache.clone());
    tokio::task::spawn_blocking(move || {
        Job::run(
            work,
            &cancel,
            (path.as_deref(), &s, &u, generation),
            &settings,
            &units,
            hints_now,
        )
    })
    .await
}

/// Waits until typing has paused on a document ([`SETTLE_DELAY`] without an edit); `false` as
/// soon as an edit comes (the worker then analyzes it).
async fn paused(shared: &Arc<Shared>, uri: &Uri, generation: u64) -> bool {
    let Some(wake) = shared.docs.map.get(uri).map(|d| d.wake.clone()) else {
        return false;
    };
    let deadline = tokio::time::Instant::now() + SETTLE_DELAY;
    loop {
        if !shared.docs.wanted(uri, generation) {
            return false;
        }
        // A wake-up left from before is no edit: `wanted` says.
        if tokio::time::timeout_at(deadline, wake.notified())
            .await
            .is_err()
        {
            return shared.docs.wanted(uri, generation);
        }
    }
}

/// When typing pauses on a document published with the unused-component hints of an earlier
/// state of the workspace, works out its own and publishes them if they differ.
async fn refresh_hints(
    shared: &Arc<Shared>,
    uri: &Uri,
    generation: u64,
    mut outcome: Outcome,
    version: i32,
) {
    if !paused(shared, uri, generation).await {
        return;
    }
    let (Some((parsed, _)), Some(file)) = (outcome.parsed.clone(), uri.to_file_path()) else {
        return;
    };
    let file = crate::refs::normalize(&file);
    let s = shared.clone();
    let fresh =
        tokio::task::spawn_blocking(move || super::unused::diagnostics(&s, &parsed, &file, true).0)
            .await;
    let Ok(fresh) = fresh else {
        return;
    };
    outcome
        .diagnostics
        .retain(|d| !crate::refs::unused::is_unused_code(d.code));
    outcome.diagnostics.extend(fresh);
    analysis::sort_diagnostics(&mut outcome.diagnostics);
    outcome.hints = Hints::Fresh;
    if shared.docs.finish(uri, generation, &outcome) == Kept::New {
        tracing::debug!(version, "unused-component hints changed");
        publish(shared, uri, &outcome, version).await;
    }
}

/// Publishes an outcome's diagnostics, converted to LSP positions.
async fn publish(shared: &Arc<Shared>, uri: &Uri, outcome: &Outcome, version: i32) {
    let enc = shared.encoding();
    let diagnostics = outcome
        .diagnostics
        .iter()
        .map(|d| convert::diagnostic(uri, &outcome.rope, d, enc))
        .collect();
    shared
        .client
        .publish_diagnostics(uri.clone(), diagnostics, Some(version))
        .await;
}
