//! Which rows of a very long report its page folds, so that no page grows
//! without bound.
//!
//! A report page shows every aligned group as a row, with the text of both
//! sides. A news article has tens of rows; a pair of 15 MB files has
//! thousands, megabytes each side, which no browser shows usably. So a
//! page shows at most [`MAX_SHOWN_ROWS`] rows holding at most
//! [`MAX_SHOWN_TEXT`] bytes of sentence text (both sides). Rows that carry
//! a finding are kept first, in reading order, then the other rows in
//! reading order, each while it fits; the rest are `folded`: the page shows
//! each run of them as one line with a count and a link to `report.json`,
//! which always holds every row. A report within both limits folds nothing.

use crate::report::Report;

/// Most rows a report page shows.
pub const MAX_SHOWN_ROWS: usize = 2_000;

/// Most bytes of sentence text (both sides together) in the rows a report
/// page shows: about a megabyte of text makes a page of a few megabytes.
pub const MAX_SHOWN_TEXT: usize = 1 << 20;

/// Marks the rows of `report` that its page folds (see the module
/// comment), sets `stats.folded_rows`, and returns how many were folded.
/// Run again after findings are added (the author's notes): it starts
/// afresh.
pub fn fold_long_report(report: &mut Report) -> usize {
    let sizes: Vec<usize> = report
        .alignment
        .iter()
        .map(|g| {
            let text = |ids: &[usize], side: &crate::report::Side| -> usize {
                ids.iter()
                    .filter_map(|&i| side.sentences.get(i))
                    .map(|s| s.text.len())
                    .sum()
            };
            text(&g.source, &report.source) + text(&g.rewrite, &report.rewrite)
        })
        .collect();
    let shown = shown_rows(&sizes, &has_finding(report));
    let mut folded = 0;
    for (g, shown) in report.alignment.iter_mut().zip(shown) {
        g.folded = !shown;
        folded += usize::from(!shown);
    }
    report.stats.folded_rows = folded;
    folded
}

/// Whether each row of `report` has a finding beside it.
fn has_finding(report: &Report) -> Vec<bool> {
    let mut has = vec![false; report.alignment.len()];
    for row in crate::reading_order::finding_rows(report)
        .into_iter()
        .flatten()
    {
        has[row] = true;
    }
    has
}

/// Which rows a page shows, given each row's text size and whether it has
/// a finding: all when they fit, else the rows with findings first and then
/// the others, in order, each while it fits.
fn shown_rows(sizes: &[usize], has_finding: &[bool]) -> Vec<bool> {
    let total: usize = sizes.iter().sum();
    if sizes.len() <= MAX_SHOWN_ROWS && total <= MAX_SHOWN_TEXT {
        return vec![true; sizes.len()];
    }
    let mut shown = vec![false; sizes.len()];
    let (mut rows, mut text) = (0, 0);
    for wanted in [true, false] {
        for (i, &size) in sizes.iter().enumerate() {
            if rows == MAX_SHOWN_ROWS {
                return shown;
            }
            if has_finding[i] == wanted && text + size <= MAX_SHOWN_TEXT {
                shown[i] = true;
                rows += 1;
                text += size;
            }
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_within_the_limits_folds_nothing() {
        let sizes = vec![200; MAX_SHOWN_ROWS];
        assert!(shown_rows(&sizes, &vec![false; sizes.len()])
            .iter()
            .all(|&s| s));
    }

    #[test]
    fn rows_with_findings_are_shown_first_then_the_others_in_order() {
        let n = MAX_SHOWN_ROWS + 10;
        let sizes = vec![10; n];
        let mut has = vec![false; n];
        has[n - 1] = true;
        let shown = shown_rows(&sizes, &has);
        assert!(shown[n - 1], "the row with a finding is shown");
        assert_eq!(shown.iter().filter(|&&s| s).count(), MAX_SHOWN_ROWS);
        assert!(shown[..MAX_SHOWN_ROWS - 1].iter().all(|&s| s));
        assert!(!shown[MAX_SHOWN_ROWS - 1..n - 1].iter().any(|&s| s));
    }

    #[test]
    fn the_text_shown_stays_within_its_budget() {
        // Three rows of a third of the budget and one of more than all of it.
        let third = MAX_SHOWN_TEXT / 3;
        let sizes = vec![third, MAX_SHOWN_TEXT + 1, third, third];
        let shown = shown_rows(&sizes, &[false; 4]);
        assert_eq!(shown, vec![true, false, true, true]);
    }
}
