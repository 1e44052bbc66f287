//! The one numbering of a report's findings. A report page shows them in
//! reading order: down the rows of the comparison and, within a row, in the
//! order the report lists them, with those placed beside no passage last.
//! [`number_findings`] puts `findings` in that order and numbers them 1, 2,
//! ... ([`Finding::id`]); the page, its `#finding-N` links, `findings.csv`
//! and the Web Annotations all use that number.

use std::borrow::Cow;

use crate::report::{Finding, Report};

/// Puts the report's findings in reading order and numbers them from 1.
/// Run once a report has all its findings (the author's notes included).
pub fn number_findings(report: &mut Report) {
    let rows = finding_rows(report);
    let mut order: Vec<(Option<usize>, Finding)> =
        rows.into_iter().zip(report.findings.drain(..)).collect();
    // Stable: within a row, the report's own order stays.
    order.sort_by_key(|(row, _)| row.unwrap_or(usize::MAX));
    report.findings = order
        .into_iter()
        .enumerate()
        .map(|(i, (_, mut f))| {
            f.id = i + 1;
            f
        })
        .collect();
}

/// Whether the findings are in reading order and numbered 1, 2, ...
pub fn is_numbered(report: &Report) -> bool {
    report
        .findings
        .iter()
        .enumerate()
        .all(|(i, f)| f.id == i + 1)
}

/// `report` with its findings numbered: itself when they already are (a
/// report made by `build` or `unspun align`), a numbered copy otherwise.
pub fn numbered(report: &Report) -> Cow<'_, Report> {
    if is_numbered(report) {
        Cow::Borrowed(report)
    } else {
        let mut copy = report.clone();
        number_findings(&mut copy);
        Cow::Owned(copy)
    }
}

/// The row (index into `alignment`) each finding is shown beside: the row
/// of its sentence in the copy, else of its sentence in the original; `None`
/// for a finding on no aligned sentence.
pub fn finding_rows(report: &Report) -> Vec<Option<usize>> {
    let mut source_row = vec![None; report.source.sentences.len()];
    let mut rewrite_row = vec![None; report.rewrite.sentences.len()];
    for (i, g) in report.alignment.iter().enumerate() {
        for (ids, rows) in [(&g.source, &mut source_row), (&g.rewrite, &mut rewrite_row)] {
            for &s in ids {
                if let Some(row @ None) = rows.get_mut(s) {
                    *row = Some(i);
                }
            }
        }
    }
    let row =
        |rows: &[Option<usize>], s: Option<usize>| s.and_then(|s| rows.get(s).copied().flatten());
    report
        .findings
        .iter()
        .map(|f| {
            row(&rewrite_row, f.rewrite_sentence).or_else(|| row(&source_row, f.source_sentence))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{FindingKind, Format, Group, Relation, Side};

    fn group(source: &[usize], rewrite: &[usize]) -> Group {
        Group {
            source: source.to_vec(),
            rewrite: rewrite.to_vec(),
            relation: Relation::Identical,
            similarity: 1.0,
            diff: vec![],
            folded: false,
        }
    }

    fn finding(kind: FindingKind, s: Option<usize>, r: Option<usize>) -> Finding {
        Finding {
            kind,
            source_sentence: s,
            rewrite_sentence: r,
            ..Finding::default()
        }
    }

    #[test]
    fn findings_are_numbered_down_the_rows_with_unplaced_notes_last() {
        let mut report = Report {
            format: Format,
            source: Side::of_body_sentences(&["a", "b", "c"]),
            rewrite: Side::of_body_sentences(&["b", "a"]),
            // The copy swapped the first two sentences; "c" was left out.
            alignment: vec![group(&[1], &[0]), group(&[0], &[1]), group(&[2], &[])],
            findings: vec![
                finding(FindingKind::Note, None, None),
                finding(FindingKind::Omitted, Some(2), None),
                finding(FindingKind::NameChanged, Some(0), Some(1)),
                finding(FindingKind::Note, Some(1), None),
                finding(FindingKind::NumberChanged, Some(0), Some(1)),
            ],
            ..Report::default()
        };
        assert!(!is_numbered(&report));
        number_findings(&mut report);
        let got: Vec<(usize, FindingKind)> =
            report.findings.iter().map(|f| (f.id, f.kind)).collect();
        assert_eq!(
            got,
            [
                (1, FindingKind::Note),
                (2, FindingKind::NameChanged),
                (3, FindingKind::NumberChanged),
                (4, FindingKind::Omitted),
                (5, FindingKind::Note),
            ]
        );
        assert_eq!(report.findings[0].source_sentence, Some(1));
        assert!(is_numbered(&report));
        assert!(matches!(numbered(&report), Cow::Borrowed(_)));
    }
}
