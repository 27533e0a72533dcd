//! The command line: `specls check`, `specls diff`, `specls dump`, `specls serve`.

pub mod diff;
pub mod dump;
pub mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::analysis::{self, Diagnostic, Loaded, Severity};
use crate::refs;
use crate::settings::{self, Settings};
use crate::spec::SpecKind;
use crate::syntax::{Lang, Parsed};

#[derive(Parser, Debug)]
#[command(
    name = "specls",
    version,
    about = "Language server and checker for OpenAPI, AsyncAPI and JSON Schema files"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Accepted for editors that pass it: the server always speaks over stdio.
    #[arg(long, hide = true, global = true)]
    pub stdio: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Speak the Language Server Protocol over stdin/stdout (the default with no command).
    Serve,
    /// Check files and folders (a folder means every YAML/JSON file inside, respecting .gitignore).
    Check(CheckArgs),
    /// Breaking changes between two versions of an OpenAPI or AsyncAPI spec: `specls diff OLD NEW`
    /// (files or folders), or `specls diff --base REV [SPEC]` against a git revision.
    Diff(diff::DiffArgs),
    /// Print a document's value as JSON (YAML 1.2 core types, aliases expanded), or its syntax tree.
    Dump(DumpArgs),
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or folders (default: the current folder).
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// The lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Also print hints (unused components); they never make the exit code 1.
    #[arg(long)]
    pub hints: bool,
    /// The project file (default: `specls.toml` in the current folder, if present).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Apply the safe fixes (those a quick-fix marks preferred) to the files, then report what
    /// is left.
    #[arg(long)]
    pub fix: bool,
}

#[derive(clap::Args, Debug)]
pub struct DumpArgs {
    pub file: PathBuf,
    /// Print the tree-sitter syntax tree instead of the value.
    #[arg(long)]
    pub tree: bool,
    /// Print the node tree with the ranges of keys and values.
    #[arg(long, conflicts_with = "tree")]
    pub nodes: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    fn fails(self, s: Severity) -> bool {
        match self {
            FailOn::Error => s == Severity::Error,
            FailOn::Warning => s <= Severity::Warning,
            FailOn::Info => s <= Severity::Info,
        }
    }
}

/// The findings of one file, with its text for positions and excerpts.
pub struct FileReport {
    /// As given on the command line or found under a folder (relative where the input was).
    pub path: PathBuf,
    pub text: ropey::Rope,
    /// The spec kind, when the file could be read.
    pub kind: Option<SpecKind>,
    pub diagnostics: Vec<Diagnostic>,
    /// The JSON pointer of the node each diagnostic starts on, by its start offset (the
    /// `pointer` of `--format json`, which tools match with other linters' paths).
    pub pointers: std::collections::HashMap<usize, String>,
}

/// Notes in `pointers` the JSON pointer of the node where each diagnostic not yet noted starts.
fn note_pointers(
    diagnostics: &[Diagnostic],
    parsed: &Parsed,
    pointers: &mut std::collections::HashMap<usize, String>,
) {
    for d in diagnostics {
        pointers
            .entry(d.range.start)
            .or_insert_with(|| parsed.tree.pointer_at(d.range.start).unwrap_or_default());
    }
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        None | Some(Command::Serve) => crate::lsp::run_stdio(),
        Some(Command::Check(args)) => check(args),
        Some(Command::Dump(args)) => dump::run(args),
        Some(Command::Diff(args)) => diff::run(args),
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let settings = match load_settings(args.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("specls: {e}");
            return ExitCode::from(2);
        }
    };
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut usage_error = false;
    let mut files = Vec::new();
    for p in &paths {
        match collect_files(p) {
            Ok(mut f) => files.append(&mut f),
            Err(e) => {
                eprintln!("specls: {}: {e}", p.display());
                usage_error = true;
            }
        }
    }
    // `$ref`s are followed inside the current folder and the folders named on the command line.
    let mut roots = vec![PathBuf::from(".")];
    for p in &paths {
        roots.push(if p.is_dir() {
            p.clone()
        } else {
            p.parent().map(Path::to_path_buf).unwrap_or_default()
        });
    }
    let run = |usage_error: &mut bool| {
        let loader = refs::DiskLoader::new(roots.clone(), settings.max_file_size())
            .with_remote(refs::remote::Policy::from_settings(&settings));
        let mut ok = Vec::new();
        for r in check_all(&files, &settings, &loader) {
            match r {
                Ok(r) => ok.push(r),
                Err(e) => {
                    eprintln!("specls: {e}");
                    *usage_error = true;
                }
            }
        }
        // The loader holds every parse it made or was given: freed off the critical path too.
        drop_later(loader);
        ok
    };
    let mut ok = run(&mut usage_error);
    if args.fix {
        // A fix can make room for another (two that touched the same text): a few rounds.
        let mut applied = 0;
        for _ in 0..5 {
            match fix_files(&ok) {
                Ok(0) => break,
                Ok(n) => applied += n,
                Err(e) => {
                    eprintln!("specls: {e}");
                    return ExitCode::from(2);
                }
            }
            ok = run(&mut usage_error);
        }
        eprintln!(
            "specls: {applied} fix edit{} applied",
            if applied == 1 { "" } else { "s" }
        );
    }
    ok.extend(ruleset_report(&settings, Path::new(".")));
    if !args.hints {
        drop_hints(&mut ok);
    }
    if let Err(e) = report::write(args.format, &ok) {
        eprintln!("specls: cannot write the report: {e}");
        return ExitCode::from(2);
    }
    if usage_error {
        return ExitCode::from(2);
    }
    let failed = ok
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| args.fail_on.fails(d.severity));
    ExitCode::from(u8::from(failed))
}

/// Applies the safe, non-overlapping fixes of each report to its file; returns how many edits
/// were written.
pub fn fix_files(reports: &[FileReport]) -> Result<usize, String> {
    let mut applied = 0;
    for r in reports {
        let edits = analysis::fix::fix_all_edits(&r.diagnostics);
        if edits.is_empty() {
            continue;
        }
        let text = r.text.to_string();
        let Some(fixed) = analysis::fix::apply_edits(&text, &edits) else {
            continue;
        };
        if fixed != text {
            write_fixed(&r.path, &text, &fixed)
                .map_err(|e| format!("{}: {e}; the file is left as it was", r.path.display()))?;
            applied += edits.len();
        }
    }
    Ok(applied)
}

/// Writes a fixed file through a temporary file beside it and a rename, so that the file is
/// either the old text or the new, never half written; and only if it still holds the text the
/// fixes were made for (else it changed since it was read, and is left alone).
fn write_fixed(path: &Path, read: &str, fixed: &str) -> std::io::Result<()> {
    use std::io::Write;
    if std::fs::read(path)? != read.as_bytes() {
        return Err(std::io::Error::other(
            "the file changed since specls read it; run the check again",
        ));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.specls-fix-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(fixed.as_bytes())?;
        f.sync_all()?;
        // The fixed file keeps the original's permissions.
        std::fs::set_permissions(&tmp, std::fs::metadata(path)?.permissions())?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Leaves out hints (unused components): `specls check` prints them only with `--hints`, as
/// they are suggestions for the editor rather than problems.
pub fn drop_hints(reports: &mut [FileReport]) {
    for r in reports {
        r.diagnostics.retain(|d| d.severity != Severity::Hint);
    }
}

/// Settings for the CLI: defaults, then the project file.
pub fn load_settings(config: Option<&Path>) -> Result<Settings, String> {
    let partial = match config {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            settings::parse_project_file(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => settings::load_project_file(Path::new("."))?
            .map(|(_, s)| s)
            .unwrap_or_default(),
    };
    settings::for_workspace(Path::new("."), &[&partial])
}

/// The ruleset file's own findings, as a report of its own (none without findings); its path
/// relative to `base` (the current folder for `specls check`).
pub fn ruleset_report(settings: &Settings, base: &Path) -> Option<FileReport> {
    let rs = &settings.lint.ruleset.as_ref()?.0;
    if rs.diagnostics.is_empty() {
        return None;
    }
    let cwd = refs::normalize(&refs::absolute(base));
    Some(FileReport {
        path: rs
            .file
            .strip_prefix(&cwd)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| rs.file.clone()),
        text: ropey::Rope::from_str(&rs.text),
        kind: None,
        diagnostics: rs.diagnostics.clone(),
        pointers: Default::default(),
    })
}

/// The YAML/JSON files under a path (a file is taken as it is, whatever its extension).
pub fn collect_files(path: &Path) -> Result<Vec<PathBuf>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    refs::index::spec_files_under(path)
}

/// The analysis of files on disk, their `$ref`s followed through `loader`; fragments (files
/// with no root marker) are also checked as what the specs among `files` use them as.
pub fn check_all(
    files: &[PathBuf],
    settings: &Settings,
    loader: &refs::DiskLoader,
) -> Vec<Result<FileReport, String>> {
    let mut reports: Vec<Result<FileReport, String>> = files
        .par_iter()
        .map(|path| check_file_with(path, settings, loader))
        .collect();
    let family = |r: &Result<FileReport, String>| {
        r.as_ref()
            .ok()
            .and_then(|r| r.kind.as_ref().map(|k| k.family))
    };
    use crate::spec::Family;
    let fragments =
        settings.schema_validation && reports.iter().any(|r| family(r) == Some(Family::Fragment));
    let specs = reports.iter().any(|r| {
        matches!(
            family(r),
            Some(Family::OpenApi | Family::Swagger | Family::AsyncApi)
        )
    });
    if !fragments && !specs {
        return reports;
    }
    let index = refs::index::RefIndex::default();
    let absolute: Vec<PathBuf> = files
        .iter()
        .map(|f| refs::normalize(&refs::absolute(f)))
        .collect();
    index.scan(&absolute, loader, &|_| {});
    let users = if fragments {
        index.whole_file_users(loader)
    } else {
        Default::default()
    };
    let users_of = |f: &Path| users.get(f).cloned().unwrap_or_default();
    let unused = refs::unused::unused_components(&index, loader, &|_| None, None);
    reports
        .par_iter_mut()
        .zip(absolute.par_iter())
        .for_each(|(report, file)| {
            let Ok(report) = report else { return };
            let Some(kind) = report.kind.as_ref() else {
                return;
            };
            let fragment = fragments && kind.family == Family::Fragment;
            if !fragment && !unused.by_file.contains_key(file) {
                return;
            }
            let Some(parsed) = refs::Loader::load(loader, file) else {
                return;
            };
            let mut more = Vec::new();
            if fragment {
                more.extend(refs::index::fragment_in_context(
                    &parsed,
                    file,
                    loader,
                    &|_| None,
                    &users_of,
                ));
            }
            more.extend(refs::unused::diagnostics(&parsed, file, &unused));
            // The rules that name `ref/unused-component` may set its severity (the findings
            // already in the report are configured).
            crate::lint::configure(&mut more, &settings.lint.for_path(Some(file)), kind.line);
            report.diagnostics.extend(more);
            analysis::sort_diagnostics(&mut report.diagnostics);
            note_pointers(&report.diagnostics, &parsed, &mut report.pointers);
        });
    reports
}

/// The analysis of one file on disk; its `$ref`s are followed inside its own folder.
pub fn check_file(path: &Path, settings: &Settings) -> Result<FileReport, String> {
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let loader = refs::DiskLoader::new(vec![root], settings.max_file_size());
    check_file_with(path, settings, &loader)
}

/// The analysis of one file on disk, its `$ref`s followed through `loader`.
pub fn check_file_with(
    path: &Path,
    settings: &Settings,
    loader: &refs::DiskLoader,
) -> Result<FileReport, String> {
    let loaded = analysis::load_file(path, settings.max_file_size())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let lang = Lang::from_path(path).unwrap_or(Lang::Yaml);
    let mut pointers = Default::default();
    let (text, kind, diagnostics) = match loaded {
        Loaded::Text(text) => {
            let parsed = Parsed::new(lang, &text);
            let abs = refs::normalize(&refs::absolute(path));
            // The index and the `$ref`s into this file use this parse (none is made again).
            loader.insert(&abs, parsed.clone());
            let mut report = analysis::check_in(
                &parsed,
                Some(path),
                settings,
                &mut Default::default(),
                Some((&abs, loader)),
            );
            report
                .diagnostics
                .extend(refs::diagnostics(&parsed, &abs, loader));
            analysis::sort_diagnostics(&mut report.diagnostics);
            note_pointers(&report.diagnostics, &parsed, &mut pointers);
            let rope = parsed.rope.clone();
            drop_later(parsed);
            (rope, Some(report.kind), report.diagnostics)
        }
        Loaded::Skipped { text, diagnostic } => {
            (ropey::Rope::from_str(&text), None, vec![diagnostic])
        }
    };
    Ok(FileReport {
        path: path.to_path_buf(),
        text,
        kind,
        diagnostics,
        pointers,
    })
}

/// Frees a parse on a thread of its own: freeing a large tree takes a while (about a sixth of a
/// check of a 13 MB file), and nothing waits for it. The process may exit before it is done.
fn drop_later<T: Send + 'static>(value: T) {
    use std::sync::mpsc::{channel, Sender};
    use std::sync::{Mutex, OnceLock};
    static DROPPER: OnceLock<Mutex<Sender<Box<dyn Send>>>> = OnceLock::new();
    let sender = DROPPER.get_or_init(|| {
        let (tx, rx) = channel::<Box<dyn Send>>();
        std::thread::Builder::new()
            .name("specls-drop".into())
            .spawn(move || rx.into_iter().for_each(drop))
            .expect("start a thread");
        Mutex::new(tx)
    });
    let boxed: Box<dyn Send> = Box::new(value);
    if let Err(e) = sender.lock().unwrap_or_else(|e| e.into_inner()).send(boxed) {
        drop(e.0);
    }
}

#[cfg(test)]
mod tests {
    use super::write_fixed;
    use std::os::unix::fs::PermissionsExt;

    fn scratch(tag: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("specls-fix-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_fix_replaces_the_file_whole_and_keeps_its_permissions() {
        let dir = scratch("ok");
        let path = dir.join("spec.yaml");
        std::fs::write(&path, "a: 1\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_fixed(&path, "a: 1\n", "a: 2\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a: 2\n");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_left_alone() {
        let dir = scratch("changed");
        let path = dir.join("spec.yaml");
        std::fs::write(&path, "a: 1 # edited meanwhile\n").unwrap();
        let err = write_fixed(&path, "a: 1\n", "a: 2\n").unwrap_err();
        assert!(err.to_string().contains("changed since"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "a: 1 # edited meanwhile\n"
        );
        // A file that cannot be read back (gone) is an error too, and nothing is created.
        let gone = dir.join("gone.yaml");
        assert!(write_fixed(&gone, "a: 1\n", "a: 2\n").is_err());
        assert!(!gone.exists());
    }
}
