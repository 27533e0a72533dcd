//! Applying fixes: the safe, non-overlapping fixes of a document's diagnostics at once ("fix
//! all" in the editor, `specls check --fix` on the command line).

use std::ops::Range;

use super::{Applicability, Diagnostic, Fix};

/// The edits of every safe fix among `diagnostics` that overlaps no fix taken before it (in
/// text order), sorted by position. Two fixes that touch the same text are not both taken: the
/// second waits for the next round, when its diagnostic may be gone or moved.
pub fn fix_all_edits(diagnostics: &[Diagnostic]) -> Vec<(Range<usize>, String)> {
    let mut fixes: Vec<&Fix> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability == Applicability::Safe && !f.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|(r, _)| r.start).min());
    let mut taken: Vec<(Range<usize>, String)> = Vec::new();
    for fix in fixes {
        let clashes = fix.edits.iter().any(|(r, _)| {
            taken.iter().any(|(t, _)| overlaps(r, t))
                || fix
                    .edits
                    .iter()
                    .filter(|(o, _)| !std::ptr::eq(o, r))
                    .any(|(o, _)| overlaps(r, o))
        });
        if !clashes {
            taken.extend(fix.edits.iter().cloned());
        }
    }
    taken.sort_by_key(|(r, _)| (r.start, r.end));
    taken
}

/// Whether two edits touch: overlapping ranges, or two insertions at one place (their order
/// would be a guess).
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end)
        || a.start == b.start
        || (a.is_empty() && b.contains(&a.start))
        || (b.is_empty() && a.contains(&b.start))
}

/// `text` with `edits` (sorted, not overlapping, byte ranges on char boundaries) applied.
/// `None` if an edit does not fit the text.
pub fn apply_edits(text: &str, edits: &[(Range<usize>, String)]) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, new) in edits {
        if r.start < at || r.end < r.start {
            return None;
        }
        out.push_str(text.get(at..r.start)?);
        out.push_str(new);
        at = r.end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Severity;

    fn with_fix(
        range: Range<usize>,
        edits: Vec<(Range<usize>, &str)>,
        a: Applicability,
    ) -> Diagnostic {
        Diagnostic::new(range, Severity::Warning, "info-contact", "m").with_fix(Some(Fix::new(
            "t",
            edits.into_iter().map(|(r, s)| (r, s.to_string())).collect(),
            a,
        )))
    }

    #[test]
    fn safe_fixes_that_do_not_overlap() {
        let d = [
            with_fix(0..1, vec![(0..1, "A")], Applicability::Safe),
            with_fix(0..1, vec![(0..2, "X")], Applicability::Safe),
            with_fix(3..4, vec![(3..4, "")], Applicability::Unsafe),
            with_fix(5..6, vec![(5..6, "F"), (7..7, "!")], Applicability::Safe),
        ];
        let edits = fix_all_edits(&d);
        assert_eq!(
            edits,
            [
                (0..1, "A".to_string()),
                (5..6, "F".to_string()),
                (7..7, "!".to_string())
            ]
        );
        assert_eq!(apply_edits("abcdefgh", &edits).unwrap(), "AbcdeFg!h");
        assert_eq!(apply_edits("ab", &[(1..5, String::new())]), None);
    }
}
