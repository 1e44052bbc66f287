//! The rows of a report's side-by-side comparison: each aligned group's
//! sentences, annotated, with the findings placed beside it and how the
//! page folds it.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use super::annotate::{map_diff, push_annotated_sentence, SentenceSide};
use super::figures::pct;
use super::findings::FindingItem;
use super::marks::SideMarks;
use super::set_aside::set_aside_runs;
use crate::report::{Group, Relation, Report};

/// One aligned group: source sentences beside rewrite sentences.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub index: usize,
    /// `identical`, `light_edit`, `paraphrase`, `omitted`, `added`.
    pub relation: &'static str,
    pub relation_label: &'static str,
    pub similarity_pct: u32,
    /// False for identical story rows without findings (folded in "changes
    /// only"; set-aside rows have their own fold).
    pub changed: bool,
    /// The role of the row's first sentence: `story`, `heading`, `caption`, `furniture`.
    pub role: &'static str,
    /// The row holds only captions and furniture: it is folded with the
    /// rows of the same kind next to it.
    pub set_aside: bool,
    /// On the first row of a run of set-aside rows: what the run is, for
    /// the fold's summary ("Set aside: share prompts, 3 sentences").
    pub aside_summary: Option<String>,
    /// On the first row of such a run: its number of sentences.
    pub aside_sentences: usize,
    /// On the last row of such a run.
    pub aside_end: bool,
    pub source_html: String,
    pub rewrite_html: String,
    pub findings: Vec<FindingItem>,
    /// Non-zero on a row that stands for a run of rows the page folds (a
    /// very long report, see `align::fold`): how many rows it stands for.
    /// Such a row has no text; `report.json` has the rows.
    pub folded_rows: usize,
    /// On such a row: how many findings the folded rows have.
    pub folded_findings: usize,
}

fn relation_str(r: Relation) -> (&'static str, &'static str) {
    match r {
        Relation::Identical => ("identical", "Copied unchanged"),
        Relation::LightEdit => ("light_edit", "Lightly edited"),
        Relation::Paraphrase => ("paraphrase", "Reworded"),
        Relation::Omitted => ("omitted", "Left out of the copy"),
        Relation::Added => ("added", "Added in the copy"),
    }
}

/// The rows of `report`, with `findings` (all but the minor ones) beside
/// the rows they belong to, and the marks of each side's sentences.
pub fn rows(report: &Report, findings: &[FindingItem], marks: &(SideMarks, SideMarks)) -> Vec<Row> {
    let mut by_row: BTreeMap<usize, Vec<FindingItem>> = BTreeMap::new();
    for item in findings {
        if let Some(row) = item.row {
            by_row.entry(row).or_default().push(item.clone());
        }
    }
    let mut rows: Vec<Row> = Vec::with_capacity(report.alignment.len());
    for (gi, g) in report.alignment.iter().enumerate() {
        let (relation, relation_label) = relation_str(g.relation);
        let findings: Vec<FindingItem> = by_row.remove(&gi).unwrap_or_default();
        if g.folded {
            push_folded(&mut rows, gi, findings.len());
            continue;
        }
        let role = g
            .source
            .first()
            .and_then(|i| report.source.sentences.get(*i))
            .or_else(|| {
                g.rewrite
                    .first()
                    .and_then(|i| report.rewrite.sentences.get(*i))
            })
            .map_or("story", |s| s.role.as_str());
        rows.push(Row {
            index: gi,
            relation,
            relation_label,
            // A changed row never reads "100% alike".
            similarity_pct: if g.relation == Relation::Identical {
                pct(g.similarity)
            } else {
                pct(g.similarity).min(99)
            },
            changed: g.relation != Relation::Identical || !findings.is_empty(),
            role,
            set_aside: false,
            aside_summary: None,
            aside_sentences: 0,
            aside_end: false,
            source_html: cell_html(report, g, SentenceSide::Source, &marks.0),
            rewrite_html: cell_html(report, g, SentenceSide::Rewrite, &marks.1),
            findings,
            folded_rows: 0,
            folded_findings: 0,
        });
    }
    fold_set_aside(&mut rows, report);
    rows
}

/// Counts folded row `gi` (with `findings` findings) into the row that
/// stands for its run, making one when it opens a run.
fn push_folded(rows: &mut Vec<Row>, gi: usize, findings: usize) {
    if let Some(last) = rows.last_mut().filter(|r| r.folded_rows > 0) {
        last.folded_rows += 1;
        last.folded_findings += findings;
        return;
    }
    rows.push(Row {
        index: gi,
        relation: "folded",
        relation_label: "Folded",
        similarity_pct: 0,
        // Never in a run of unchanged or set-aside rows.
        changed: true,
        role: "story",
        set_aside: false,
        aside_summary: None,
        aside_sentences: 0,
        aside_end: false,
        source_html: String::new(),
        rewrite_html: String::new(),
        findings: Vec::new(),
        folded_rows: 1,
        folded_findings: findings,
    });
}

/// One side's sentences of group `g`, each in a `<span>` that anchors it,
/// with its changed words and findings marked.
fn cell_html(report: &Report, g: &Group, side: SentenceSide, marks: &SideMarks) -> String {
    let (sentences, ids, prefix) = match side {
        SentenceSide::Source => (&report.source.sentences, &g.source, "s"),
        SentenceSide::Rewrite => (&report.rewrite.sentences, &g.rewrite, "r"),
    };
    let texts: Vec<&str> = ids
        .iter()
        .filter_map(|i| sentences.get(*i))
        .map(|s| s.text.as_str())
        .collect();
    // Changed words are shown only where the texts differ but are alike.
    let flags = match g.relation {
        Relation::LightEdit | Relation::Paraphrase => map_diff(&g.diff, side, &texts),
        _ => None,
    };
    let mut html = String::new();
    for (k, id) in ids.iter().enumerate() {
        let Some(s) = sentences.get(*id) else {
            continue;
        };
        let marks = marks.get(id).map(Vec::as_slice).unwrap_or(&[]);
        let changed = flags.as_ref().and_then(|f| f.get(k)).map(Vec::as_slice);
        if k > 0 {
            html.push(' ');
        }
        let _ = write!(html, "<span class=\"sentence\" id=\"{prefix}{id}\">");
        push_annotated_sentence(&mut html, &s.text, side, changed, marks);
        html.push_str("</span>");
    }
    html
}

/// Folds each run of rows that hold only captions and furniture: its first
/// row gets the summary, its last row closes the fold.
fn fold_set_aside(rows: &mut [Row], report: &Report) {
    // Rows are indexed by group here; folded groups share one row.
    let at: BTreeMap<usize, usize> = rows.iter().enumerate().map(|(k, r)| (r.index, k)).collect();
    let row_of = |gi: usize| at.get(&gi).copied().filter(|&k| rows[k].folded_rows == 0);
    // A run never spans a folded row.
    let runs = set_aside_runs(report, |i| {
        row_of(i).is_none_or(|k| !rows[k].findings.is_empty())
    });
    for run in runs {
        let (first, end) = (at[&run.first], at[&(run.end - 1)] + 1);
        for row in &mut rows[first..end] {
            row.set_aside = true;
            // Folded on their own, never with the unchanged story rows.
            row.changed = true;
        }
        rows[first].aside_summary = Some(run.summary);
        rows[first].aside_sentences = run.sentences;
        rows[end - 1].aside_end = true;
    }
}
