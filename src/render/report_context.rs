//! Everything a report page (and its embed page) shows, as the templates
//! see it: `report`.

use serde::Serialize;

use super::figures::{pct, plural};
use super::findings::{finding_items, FindingItem};
use super::kinds::{kind_counts, KindCount};
use super::markdown;
use super::marks::place_marks;
use super::rows::{rows, Row};
use super::set_aside::set_aside_line;
use super::site_context::{is_web_url, SourceRef};
use crate::content::{site_links, slugify, Rewrite, Source};
use crate::paths::{self, Urls};
use crate::report::{Finding, Report};

/// Headline numbers of one report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportStats {
    /// Share of the copy taken from the original, in percent (0-100).
    pub derived_pct: u32,
    /// Share of the original kept in the copy, in percent.
    pub kept_pct: u32,
    pub source_sentences: usize,
    pub rewrite_sentences: usize,
    pub findings_total: usize,
    /// Sentences set aside as captions and furniture, both sides.
    pub set_aside: usize,
    /// The line that says so under the headline (empty when none were).
    pub set_aside_line: String,
    /// Every kind, with zero counts.
    pub kinds: Vec<KindCount>,
    /// Only the kinds that occur.
    pub present: Vec<KindCount>,
    /// Rows the page folds (a very long report), and the findings on them,
    /// which the list of all changes leaves out too.
    pub folded_rows: usize,
    pub folded_findings: usize,
}

/// Everything a report page (and its embed page) shows.
#[derive(Debug, Clone, Serialize)]
pub struct ReportContext {
    pub slug: String,
    pub title: String,
    pub url: Option<String>,
    pub site: String,
    pub site_slug: String,
    pub site_path: String,
    pub date: String,
    pub draft: bool,
    pub summary_html: Option<String>,
    pub summary_text: String,
    /// One plain sentence that says what happened.
    pub headline: String,
    pub source: SourceRef,
    pub stats: ReportStats,
    pub rows: Vec<Row>,
    /// All findings in reading order, but the minor ones.
    pub findings: Vec<FindingItem>,
    /// The minor findings (a place name's spelling convention, a name's
    /// grammatical form), shown folded and not counted.
    pub minor: Vec<FindingItem>,
    /// Findings that could not be placed beside a passage.
    pub unplaced: Vec<FindingItem>,
    pub path: String,
    pub json_path: String,
    /// In-site path of the report for iframes (the report page with
    /// `?embed`), where `embed/<slug>/` leads.
    pub embed_path: String,
    pub absolute_url: String,
    /// The same, absolute.
    pub embed_url: String,
    /// The anchors (`s<id>`, `r<id>`) of the sentences that begin a new
    /// paragraph of either text, space-separated: the exercise shows each
    /// text as its own paragraphs, not as the aligned rows.
    pub paragraph_starts: String,
}

/// Builds the context of a report page.
pub fn report_context(
    report: &Report,
    rewrite: &Rewrite,
    source: &Source,
    urls: &Urls,
) -> ReportContext {
    // Numbered in reading order already when made by a build; a report
    // made some other way is numbered the same way here.
    let report = &*crate::reading_order::numbered(report);
    // Minor findings get no card beside their row: they are folded under
    // the list of all changes.
    let (minor, findings): (Vec<FindingItem>, Vec<FindingItem>) = finding_items(report, urls)
        .into_iter()
        .partition(|f| f.minor);
    let rows = rows(report, &findings, &place_marks(report));
    // The list of all changes leaves out those in folded rows, so that it
    // is bounded too.
    let on_page = |f: &FindingItem| {
        f.row
            .is_none_or(|r| report.alignment.get(r).is_none_or(|g| !g.folded))
    };
    let listed = findings.len();
    let findings: Vec<FindingItem> = findings.into_iter().filter(on_page).collect();
    let minor: Vec<FindingItem> = minor.into_iter().filter(on_page).collect();
    let folded_findings = listed - findings.len();
    let unplaced = findings
        .iter()
        .filter(|f| f.row.is_none())
        .cloned()
        .collect();
    let counted: Vec<Finding> = report
        .findings
        .iter()
        .filter(|f| !f.minor)
        .cloned()
        .collect();
    let kinds = kind_counts(&counted);
    let present: Vec<KindCount> = kinds.iter().filter(|k| k.count > 0).cloned().collect();
    let stats = ReportStats {
        derived_pct: pct(report.stats.rewrite_derived),
        kept_pct: pct(report.stats.source_kept),
        source_sentences: report.source.sentences.len(),
        rewrite_sentences: report.rewrite.sentences.len(),
        findings_total: counted.len(),
        set_aside: [&report.source, &report.rewrite]
            .iter()
            .flat_map(|side| &side.sentences)
            .filter(|s| !s.role.is_story())
            .count(),
        set_aside_line: set_aside_line(report),
        kinds,
        present,
        folded_rows: report.stats.folded_rows,
        folded_findings,
    };
    let meta = &rewrite.meta;
    let headline = format!(
        "{}% of this copy on {} was taken from \u{201c}{}\u{201d} ({}, {}); it keeps {}% of the original and has {}.",
        stats.derived_pct,
        meta.site,
        source.meta.title,
        source.meta.publisher,
        source.meta.date,
        stats.kept_pct,
        plural(stats.findings_total, "marked change", "marked changes"),
    );
    let site_slug = slugify(&meta.site);
    ReportContext {
        slug: rewrite.slug.clone(),
        title: meta.title.clone(),
        url: meta.url.clone().filter(|u| is_web_url(u)),
        site: meta.site.clone(),
        site_path: urls.path(paths::publisher_page(&site_slug).url()),
        site_slug,
        date: meta.date.clone(),
        draft: meta.draft,
        summary_html: (meta.summary.as_deref()).map(|md| {
            markdown::render_linking(md, &|dest| site_links::resolve(dest, urls.base_path()))
        }),
        summary_text: meta
            .summary
            .as_deref()
            .map(markdown::plain_text)
            .unwrap_or_default(),
        headline,
        source: SourceRef::new(source, urls),
        stats,
        rows,
        findings,
        minor,
        unplaced,
        path: urls.path(paths::report_page(&rewrite.slug).url()),
        json_path: urls.path(&paths::report_json(&rewrite.slug)),
        embed_path: urls.path(&paths::embed_view(&rewrite.slug)),
        absolute_url: urls.absolute(paths::report_page(&rewrite.slug).url()),
        embed_url: urls.absolute(&paths::embed_view(&rewrite.slug)),
        paragraph_starts: paragraph_starts(report),
    }
}

/// The anchors of the sentences that begin a paragraph, the first of each
/// text left out (see [`ReportContext::paragraph_starts`]).
fn paragraph_starts(report: &Report) -> String {
    let mut out = String::new();
    for (side, prefix) in [(&report.source, 's'), (&report.rewrite, 'r')] {
        for pair in side.sentences.windows(2) {
            if pair[1].paragraph != pair[0].paragraph {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push(prefix);
                out.push_str(&pair[1].id.to_string());
            }
        }
    }
    out
}
