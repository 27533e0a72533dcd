//! `specls diff OLD NEW` and `specls diff --base REV [SPEC]`: the breaking changes between two
//! versions of a spec.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use serde_json::json;

use super::report;
use super::FileReport;
use crate::analysis::Diagnostic;
use crate::diff::{self, git::GitLoader, Change, Level, Location, Side};
use crate::refs::{self, Loader};
use crate::spec::Family;
use crate::syntax::text::human_position;

#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// OLD and NEW, two files or two folders; with `--base`, at most one spec (default: every
    /// spec root under the current folder).
    pub paths: Vec<PathBuf>,
    /// Compare with this git revision (`HEAD`, `origin/main`): the old versions of the spec and
    /// of every file it references are read from git's object store, not from the working tree.
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
    /// The lowest level that makes the exit code 1.
    #[arg(long, value_enum, default_value = "breaking")]
    pub fail_on: DiffFailOn,
    /// The project file (default: `specls.toml` in the current folder, if present).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
    Markdown,
    Sarif,
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFailOn {
    Breaking,
    Warning,
}

/// One compared pair.
pub struct Pair {
    pub old: Side,
    pub new: Side,
    pub changes: Vec<Change>,
}

fn display(path: &Path) -> String {
    let cwd = std::env::current_dir()
        .map(|d| refs::normalize(&d))
        .unwrap_or_default();
    let canonical_cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd.clone());
    let shown = path
        .strip_prefix(&cwd)
        .or_else(|_| path.strip_prefix(&canonical_cwd))
        .unwrap_or(path);
    shown.display().to_string().replace('\\', "/")
}

impl Pair {
    fn side(&self, file: &Path, old: bool) -> Option<(&Side, usize)> {
        let order = if old {
            [&self.old, &self.new]
        } else {
            [&self.new, &self.old]
        };
        for side in order {
            if let Some(i) = side.files.iter().position(|(p, _)| p == file) {
                return Some((side, i));
            }
        }
        None
    }

    /// Display path, line and column of a location (on the old side if `old`).
    pub fn place(&self, loc: &Location, old: bool) -> (String, usize, usize) {
        let (line, col) = self
            .side(&loc.file, old)
            .map(|(s, i)| human_position(&s.files[i].1.rope, loc.range.start))
            .unwrap_or((1, 1));
        (display(&loc.file), line, col)
    }
}

pub fn run(args: DiffArgs) -> ExitCode {
    let settings = match super::load_settings(args.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("specls: {e}");
            return ExitCode::from(2);
        }
    };
    let max = settings.max_file_size();
    let pairs = match &args.base {
        Some(rev) => with_base(rev, &args.paths, max),
        None => two_paths(&args.paths, max),
    };
    let pairs = match pairs {
        Ok(p) => p,
        Err(e) => {
            eprintln!("specls: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = write(args.format, &pairs) {
        eprintln!("specls: cannot write the report: {e}");
        return ExitCode::from(2);
    }
    let failed = pairs
        .iter()
        .flat_map(|p| &p.changes)
        .any(|c| match args.fail_on {
            DiffFailOn::Breaking => c.level() == Level::Breaking,
            DiffFailOn::Warning => c.level() <= Level::Warning,
        });
    // Freeing two large parses takes a good part of a second; the process ends here.
    std::mem::forget(pairs);
    ExitCode::from(u8::from(failed))
}

fn is_spec(side: &Side) -> bool {
    matches!(
        side.kind.family,
        Family::OpenApi | Family::Swagger | Family::AsyncApi
    )
}

/// The pairs of `specls diff OLD NEW`.
fn two_paths(paths: &[PathBuf], max: u64) -> Result<Vec<Pair>, String> {
    let [old, new] = paths else {
        return Err(format!(
            "give two files or folders to compare (OLD NEW), or `--base REV [SPEC]` to compare with git; {} given",
            paths.len()
        ));
    };
    for p in [old, new] {
        if !p.exists() {
            return Err(format!("{}: no such file or folder", p.display()));
        }
    }
    let roots = |p: &Path| {
        vec![
            PathBuf::from("."),
            if p.is_dir() {
                p.to_path_buf()
            } else {
                p.parent().map(Path::to_path_buf).unwrap_or_default()
            },
        ]
    };
    let old_loader = refs::DiskLoader::new(roots(old), max);
    let new_loader = refs::DiskLoader::new(roots(new), max);
    match (old.is_dir(), new.is_dir()) {
        (false, false) => Ok(vec![pair(old, new, &old_loader, &new_loader)?]),
        (true, true) => {
            let mut out = Vec::new();
            let old_specs = spec_roots(old, &old_loader)?;
            let new_specs = spec_roots(new, &new_loader)?;
            for (rel, side) in old_specs {
                match new_specs.iter().find(|(r, _)| *r == rel) {
                    Some(_) => {
                        let new_side = Side::load(&new.join(&rel), &new_loader)?;
                        out.push(compare(side, new_side)?);
                    }
                    None => eprintln!(
                        "specls: {} is only in {}: the whole spec was removed",
                        rel.display(),
                        old.display()
                    ),
                }
            }
            for (rel, _) in &new_specs {
                if !out.iter().any(|p| p.new.root.ends_with(rel)) {
                    eprintln!("specls: {} is new in {}", rel.display(), new.display());
                }
            }
            Ok(out)
        }
        _ => Err("give two files or two folders, not one of each".into()),
    }
}

/// The spec roots under a folder (OpenAPI, Swagger, AsyncAPI), by their path in it.
fn spec_roots(dir: &Path, loader: &dyn Loader) -> Result<Vec<(PathBuf, Side)>, String> {
    let mut out = Vec::new();
    for f in refs::index::spec_files_under(dir)? {
        let Ok(side) = Side::load(&f, loader) else {
            continue;
        };
        if is_spec(&side) {
            let rel = f.strip_prefix(dir).unwrap_or(&f).to_path_buf();
            out.push((rel, side));
        }
    }
    Ok(out)
}

fn pair(old: &Path, new: &Path, ol: &dyn Loader, nl: &dyn Loader) -> Result<Pair, String> {
    // The two sides are read and parsed side by side (a large spec takes most of the time).
    let (o, n) = rayon::join(|| Side::load(old, ol), || Side::load(new, nl));
    let o = o.map_err(|e| format!("{e} (old side)"))?;
    let n = n.map_err(|e| format!("{e} (new side)"))?;
    compare(o, n)
}

fn compare(old: Side, new: Side) -> Result<Pair, String> {
    for side in [&old, &new] {
        for m in &side.missing {
            eprintln!(
                "specls: warning: {m} (referenced from {})",
                display(&side.root)
            );
        }
    }
    let changes = diff::diff(&old, &new)
        .map_err(|e| format!("{} and {}: {e}", display(&old.root), display(&new.root)))?;
    Ok(Pair { old, new, changes })
}

/// The pairs of `specls diff --base REV [SPEC]`.
fn with_base(rev: &str, paths: &[PathBuf], max: u64) -> Result<Vec<Pair>, String> {
    if paths.len() > 1 {
        return Err("with `--base REV`, give at most one spec (the new version is the working tree's); to compare two files, leave out `--base`".into());
    }
    let here = std::env::current_dir().map_err(|e| e.to_string())?;
    let dir = match paths.first() {
        Some(p) if p.is_dir() => p.clone(),
        Some(p) => p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or(here.clone()),
        None => here.clone(),
    };
    let git = GitLoader::new(&dir, rev, max)?;
    let new_loader = refs::DiskLoader::new(vec![git.top.clone(), here], max);
    let specs: Vec<PathBuf> = match paths.first() {
        Some(p) if !p.is_dir() => vec![p.clone()],
        Some(p) => spec_roots(p, &new_loader)?
            .into_iter()
            .map(|(r, _)| p.join(r))
            .collect(),
        None => spec_roots(Path::new("."), &new_loader)?
            .into_iter()
            .map(|(r, _)| r)
            .collect(),
    };
    if specs.is_empty() {
        return Err(
            "no OpenAPI or AsyncAPI spec here: name one (`specls diff --base REV spec.yaml`)"
                .into(),
        );
    }
    let mut out = Vec::new();
    for spec in specs {
        let root = git.canonical(&spec);
        if !root.starts_with(&git.top) {
            return Err(format!(
                "{} is outside the repository at {}",
                spec.display(),
                git.top.display()
            ));
        }
        let new = Side::load(&root, &new_loader).map_err(|e| format!("{e} (working tree)"))?;
        let Some(old_parsed) = git.load(&root) else {
            eprintln!(
                "specls: {} is not in {rev}: a new spec, nothing to compare",
                display(&root)
            );
            continue;
        };
        let old = Side::with_root(root, old_parsed, &git);
        out.push(compare(old, new)?);
    }
    Ok(out)
}

/// The changes as `specls check` reports, per new-side file (for SARIF and GitHub).
fn file_reports(pairs: &[Pair]) -> Vec<FileReport> {
    let mut out: Vec<FileReport> = Vec::new();
    for p in pairs {
        for c in &p.changes {
            let path = PathBuf::from(display(&c.at.file));
            let i = match out.iter().position(|r| r.path == path) {
                Some(i) => i,
                None => {
                    let text = p
                        .side(&c.at.file, false)
                        .map(|(s, i)| s.files[i].1.rope.clone())
                        .unwrap_or_default();
                    out.push(FileReport {
                        path,
                        text,
                        kind: Some(p.new.kind.clone()),
                        diagnostics: Vec::new(),
                        pointers: Default::default(),
                    });
                    out.len() - 1
                }
            };
            let d = Diagnostic::new(
                c.at.range.clone(),
                diff::editor::severity(c.level()),
                c.check.id,
                diff::editor::message(c),
            );
            out[i].diagnostics.push(d);
        }
    }
    out
}

fn title(p: &Pair) -> String {
    format!("{} → {}", display(&p.old.root), display(&p.new.root))
}

fn write(format: DiffFormat, pairs: &[Pair]) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let all: Vec<&Change> = pairs.iter().flat_map(|p| &p.changes).collect();
    match format {
        DiffFormat::Text => {
            let mut s = String::new();
            for p in pairs {
                diff::report::text(&mut s, &p.changes, &|l, old| p.place(l, old));
            }
            let owned: Vec<Change> = all.iter().map(|c| (*c).clone()).collect();
            s.push_str(&format!(
                "{} compared: {}\n",
                pairs.len(),
                diff::report::summary(&owned)
            ));
            out.write_all(s.as_bytes())?;
        }
        DiffFormat::Markdown => {
            for p in pairs {
                let md = diff::report::markdown(
                    &format!("API changes: {}", title(p)),
                    &p.changes,
                    &|l, old| p.place(l, old),
                );
                writeln!(out, "{md}")?;
            }
        }
        DiffFormat::Json => {
            let v = json!({
                "pairs": pairs.iter().map(|p| json!({
                    "old": display(&p.old.root),
                    "new": display(&p.new.root),
                    "changes": p.changes.iter().map(|c| change_json(p, c)).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            });
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        DiffFormat::Sarif => {
            serde_json::to_writer_pretty(&mut out, &report::sarif(&file_reports(pairs)))?;
            writeln!(out)?;
        }
        DiffFormat::Github => report::github(&mut out, &file_reports(pairs))?,
    }
    out.flush()
}

fn change_json(p: &Pair, c: &Change) -> serde_json::Value {
    let (file, line, column) = p.place(&c.at, false);
    let mut v = json!({
        "id": c.check.id,
        "level": c.level().as_str(),
        "oasdiff": c.check.oasdiff,
        "message": c.message,
        "file": file, "line": line, "column": column,
        "scopes": c.scopes.iter().map(|s| s.label()).collect::<Vec<_>>(),
        "fixes": c.fixes.iter().map(|f| f.title.clone()).collect::<Vec<_>>(),
    });
    if let Some(old) = &c.old {
        let (file, line, column) = p.place(old, true);
        v["old"] = json!({"file": file, "line": line, "column": column});
    }
    if let Some(r) = &c.removed {
        v["removed"] = json!(r);
    }
    v
}
