//! What an editor shows of the changes, still in plain types: diagnostics of one new-side file
//! (source `specls-breaking`, code = check id, on the node that changed; for a removal, on the
//! key of the nearest surviving parent, quoting what was removed), their hovers (who breaks and how), and
//! the fixes as quick-fixes.

use std::path::Path;

use super::{Change, Level};
use crate::analysis::{Applicability, Diagnostic, Fix, Related, Severity};

/// The diagnostics' source.
pub const SOURCE: &str = "specls-breaking";

/// Where a check's page lives (`docs/breaking/<id>.md` in the repository).
pub const DOCS_URL: &str = "https://github.com/specls/specls/blob/main/docs/breaking";

pub fn doc_url(id: &str) -> String {
    format!("{DOCS_URL}/{id}.md")
}

pub fn severity(l: Level) -> Severity {
    match l {
        Level::Breaking => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Info => Severity::Info,
    }
}

/// The message of a change's diagnostic: the change, and for a removal the first line of what
/// was removed.
pub fn message(c: &Change) -> String {
    let mut m = c.full_message();
    if let Some(removed) = &c.removed {
        let first = removed.lines().next().unwrap_or_default().trim();
        m.push_str(&format!(" (was `{first}`)"));
    }
    m
}

/// The diagnostics of the changes located in `file` (a new-side file), with each change's
/// fixes that edit that file (the first as the diagnostic's fix). A removal's diagnostic has
/// one related information, on its own range (what was removed is in the baseline, which has no
/// file the editor could open), quoting what was removed.
pub fn diagnostics(changes: &[Change], file: &Path) -> Vec<(Diagnostic, Vec<Fix>)> {
    changes
        .iter()
        .filter(|c| c.at.file == file)
        .map(|c| {
            let fixes: Vec<Fix> = c
                .fixes
                .iter()
                .filter(|f| f.file == file)
                .map(|f| Fix::new(f.title.clone(), f.edits.clone(), Applicability::Unsafe))
                .collect();
            let mut d = Diagnostic::new(
                c.at.range.clone(),
                severity(c.level()),
                c.check.id,
                message(c),
            )
            .with_fix(fixes.first().cloned());
            if let Some(removed) = &c.removed {
                d.related.push(Related {
                    range: c.at.range.clone(),
                    message: format!("removed:\n{removed}"),
                });
            }
            (d, fixes)
        })
        .collect()
}

/// The hover of a change: what changed, who it breaks and how, what was there.
pub fn hover(c: &Change) -> String {
    let level = match c.level() {
        Level::Breaking => "Breaking change",
        Level::Warning => "Potentially breaking change",
        Level::Info => "Change",
    };
    let mut s = format!(
        "**{level}** [`{}`]({}): {}\n\n**Who it breaks:** {}",
        c.check.id,
        doc_url(c.check.id),
        c.full_message(),
        who(c)
    );
    if let Some(alias) = c.check.oasdiff {
        s.push_str(&format!("\n\noasdiff: `{alias}`"));
    }
    if let Some(removed) = &c.removed {
        s.push_str(&format!("\n\nRemoved:\n```\n{removed}\n```"));
    }
    s
}

/// The check's impact, made concrete where the change names a value: "Clients that send
/// `pending` for the query parameter `status` get 400."
pub fn who(c: &Change) -> String {
    let value = c
        .message
        .split_once("enum value `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(v, _)| v);
    let subject = c.message.split_once(':').map(|(s, _)| s);
    match (c.check.id, value, subject) {
        (id, Some(v), Some(s))
            if id.starts_with("request-") && id.ends_with("enum-value-removed") =>
        {
            format!("clients that send `{v}` as the {s} get 400.")
        }
        (id, Some(v), Some(s))
            if id.starts_with("response-") && id.ends_with("enum-value-added") =>
        {
            format!("clients that read the {s} may get `{v}`, a value they were never told about, and fail on it.")
        }
        _ => c.check.impact.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{self, Side};
    use crate::refs::DiskLoader;

    #[test]
    fn diagnostics_hovers_and_fixes_of_a_case() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../test-workspaces/breaking/enum-direction");
        let loader = DiskLoader::new(vec![dir.clone()], 1 << 20);
        let old = Side::load(&dir.join("before.yaml"), &loader).unwrap();
        let new = Side::load(&dir.join("after.yaml"), &loader).unwrap();
        let changes = diff::diff(&old, &new).unwrap();
        let ds = diagnostics(&changes, &new.root);
        assert_eq!(ds.len(), changes.len());
        let (removed, fixes) = ds
            .iter()
            .find(|(d, _)| d.code == "request-property-enum-value-removed")
            .unwrap();
        assert_eq!(removed.severity, Severity::Error);
        assert!(
            removed.message.ends_with("(was `running`)"),
            "{}",
            removed.message
        );
        assert_eq!(fixes.len(), 1);
        assert_eq!(
            removed.fix.as_ref().unwrap().title,
            "Restore the enum value `running`"
        );
        let c = changes
            .iter()
            .find(|c| c.check.id == "request-property-enum-value-removed")
            .unwrap();
        let h = hover(c);
        assert!(
            h.contains("clients that send `running` as the request property `Job.status` get 400."),
            "{h}"
        );
        let c = changes
            .iter()
            .find(|c| c.check.id == "response-property-enum-value-added")
            .unwrap();
        assert!(hover(c).contains("may get `failed`"), "{}", hover(c));
        // Nothing for another file.
        assert!(diagnostics(&changes, &old.root).is_empty());
    }
}
