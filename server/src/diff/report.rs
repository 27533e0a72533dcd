//! The change report as text and as Markdown (the CLI's `text` and `markdown` formats, and
//! what an editor's command returns). Positions come from the caller: `place` gives a
//! location's display path, line and column (one-based).

use std::fmt::Write;

use super::{Change, Level, Location};

/// A location's display path, line and column; `true` for a location on the old side.
pub type Place<'a> = &'a dyn Fn(&Location, bool) -> (String, usize, usize);

/// `[breaking, warning, info]` counts.
pub fn counts(changes: &[Change]) -> [usize; 3] {
    let mut c = [0; 3];
    for ch in changes {
        c[ch.level() as usize] += 1;
    }
    c
}

pub fn summary(changes: &[Change]) -> String {
    let [b, w, i] = counts(changes);
    let n = changes.len();
    format!(
        "{n} change{}: {b} breaking, {w} warning{}, {i} info",
        if n == 1 { "" } else { "s" },
        if w == 1 { "" } else { "s" }
    )
}

/// `file:line:col level[id] message`, with the removed text quoted.
pub fn text(out: &mut String, changes: &[Change], place: Place<'_>) {
    for c in changes {
        let (file, line, col) = place(&c.at, false);
        let _ = writeln!(
            out,
            "{file}:{line}:{col} {}[{}] {}",
            c.level().as_str(),
            c.check.id,
            c.full_message()
        );
        if let Some(old) = &c.old {
            let (f, l, k) = place(old, true);
            if let Some(removed) = &c.removed {
                let first = removed.lines().next().unwrap_or_default().trim();
                let _ = writeln!(out, "  was: {f}:{l}:{k} `{first}`");
            } else {
                let _ = writeln!(out, "  was: {f}:{l}:{k}");
            }
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// A Markdown report: a summary, then one table per level.
pub fn markdown(title: &str, changes: &[Change], place: Place<'_>) -> String {
    let mut s = format!("# {title}\n\n**{}**\n", summary(changes));
    for (level, heading) in [
        (Level::Breaking, "Breaking changes"),
        (Level::Warning, "Potentially breaking changes"),
        (Level::Info, "Non-breaking changes"),
    ] {
        let of: Vec<&Change> = changes.iter().filter(|c| c.level() == level).collect();
        if of.is_empty() {
            continue;
        }
        let _ = write!(
            s,
            "\n## {heading} ({})\n\n| Check | Change | Where |\n|---|---|---|\n",
            of.len()
        );
        for c in of {
            let (file, line, _) = place(&c.at, false);
            let _ = writeln!(
                s,
                "| `{}` | {} | {file}:{line} |",
                c.check.id,
                escape(&c.full_message())
            );
        }
    }
    s
}
