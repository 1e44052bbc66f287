//! What the listing pages and the feed need to know about a report, kept
//! after its own pages are written.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::coverage;
use super::kinds::KindCount;
use super::report_context::ReportContext;
use crate::report::{FindingKind, Report, SentenceRole};

/// Deserialised only from the report cache, which keeps the fields that
/// templates do not see apart.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportSummary {
    pub slug: String,
    pub title: String,
    pub date: String,
    pub path: String,
    pub absolute_url: String,
    pub site: String,
    pub site_slug: String,
    pub site_path: String,
    pub source_slug: String,
    pub source_title: String,
    pub source_path: String,
    pub publisher: String,
    pub summary_text: String,
    pub headline: String,
    pub derived_pct: u32,
    pub kept_pct: u32,
    pub findings_total: usize,
    /// Kinds that occur, with counts.
    pub present: Vec<KindCount>,
    /// Every kind with its count (zero included), in fixed order.
    pub kinds: Vec<KindCount>,
    /// Space-separated kinds that occur, for filtering (`data-kinds`).
    pub kind_list: String,
    /// For each source sentence: the share of it this copy kept (0..=1).
    #[serde(skip)]
    pub coverage: Vec<f32>,
    /// The source's sentences (text, role) as this report cut them.
    #[serde(skip)]
    pub source_sentences: Vec<(String, SentenceRole)>,
}

impl ReportSummary {
    pub fn new(ctx: &ReportContext, report: &Report) -> ReportSummary {
        let coverage = coverage::source_kept(report);
        ReportSummary {
            slug: ctx.slug.clone(),
            title: ctx.title.clone(),
            date: ctx.date.clone(),
            path: ctx.path.clone(),
            absolute_url: ctx.absolute_url.clone(),
            site: ctx.site.clone(),
            site_slug: ctx.site_slug.clone(),
            site_path: ctx.site_path.clone(),
            source_slug: ctx.source.slug.clone(),
            source_title: ctx.source.title.clone(),
            source_path: ctx.source.path.clone(),
            publisher: ctx.source.publisher.clone(),
            summary_text: ctx.summary_text.clone(),
            headline: ctx.headline.clone(),
            derived_pct: ctx.stats.derived_pct,
            kept_pct: ctx.stats.kept_pct,
            findings_total: ctx.stats.findings_total,
            present: ctx.stats.present.clone(),
            kinds: ctx.stats.kinds.clone(),
            kind_list: ctx
                .stats
                .present
                .iter()
                .map(|k| k.kind)
                .collect::<Vec<_>>()
                .join(" "),
            coverage,
            source_sentences: report
                .source
                .sentences
                .iter()
                .map(|s| (s.text.clone(), s.role))
                .collect(),
        }
    }
}

/// Newest first, then by slug, so output order never depends on build order.
pub fn sort_newest_first(reports: &mut [ReportSummary]) {
    reports.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
}

/// The findings of `reports` per kind, every kind in fixed order.
pub fn totals(reports: &[&ReportSummary]) -> Vec<KindCount> {
    let mut out: Vec<KindCount> = FindingKind::ALL
        .iter()
        .map(|k| KindCount::new(*k, 0))
        .collect();
    for r in reports {
        for (o, k) in out.iter_mut().zip(&r.kinds) {
            o.count += k.count;
        }
    }
    out
}

/// The reports of each publisher of copies, by the slug of its page.
pub fn site_groups(reports: &[ReportSummary]) -> BTreeMap<String, Vec<&ReportSummary>> {
    let mut out: BTreeMap<String, Vec<&ReportSummary>> = BTreeMap::new();
    for r in reports {
        out.entry(r.site_slug.clone()).or_default().push(r);
    }
    out
}
