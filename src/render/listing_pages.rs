//! The listing pages: the index of all reports, a page per original with
//! its copies, and a page per publisher of copies.
//!
//! The long lists are templates of their own: the index's row per report
//! (`index_rows.html`, shown by `index.html` as `rows_html`) and a source
//! page's row per sentence (`source_coverage.html`, shown by `source.html`
//! as `coverage_html`). The pages see the lists' data too, as `reports`
//! and `sentences`.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Value};

use super::coverage::{row_words, Kept};
use super::figures::{pct, plural};
use super::kinds::KindCount;
use super::markdown;
use super::renderer::Renderer;
use super::site_context::{PageMeta, SourceRef};
use super::summary::{site_groups, totals, ReportSummary};
use crate::content::Source;
use crate::error::Diagnostic;
use crate::pagination::{page_items, Pager};
use crate::paths::{self, listing_page};

/// The template that renders the index's row per report.
const INDEX_ROWS_TEMPLATE: &str = "index_rows.html";
/// The template that renders a source page's row per sentence.
const COVERAGE_TEMPLATE: &str = "source_coverage.html";

#[derive(Serialize)]
struct Named {
    name: String,
    slug: String,
    path: String,
    count: usize,
}

/// `index.html`'s context, with `reports` and `rows_html` besides.
#[derive(Serialize)]
struct IndexPage {
    page: PageMeta,
    /// Which page of the index this is.
    pager: Pager,
    report_count: usize,
    sites: Vec<Named>,
    sources: Vec<Named>,
    totals: Vec<KindCount>,
}

/// One copy's box in a sentence's row of a source page.
#[derive(Serialize)]
struct CoverageCell<'a> {
    pub slug: &'a str,
    pub site: &'a str,
    /// The copy kept some of the sentence (part or whole).
    pub taken: bool,
    /// How much of the sentence the copy kept, in percent.
    pub kept_pct: u32,
    /// `cov-taken` (kept), `cov-partly` or `cov-missing` (left out).
    pub class: &'static str,
    /// `kept`, `partly kept` or `left out`.
    pub said: &'static str,
    #[serde(skip)]
    kept: Kept,
}

impl<'a> CoverageCell<'a> {
    /// The box of `copy` for sentence `i` of its original.
    fn new(copy: &'a ReportSummary, i: usize) -> CoverageCell<'a> {
        let share = copy.coverage.get(i).copied().unwrap_or(0.0);
        let kept = Kept::of(share);
        CoverageCell {
            slug: &copy.slug,
            site: &copy.site,
            taken: kept != Kept::None,
            kept_pct: pct(f64::from(share)),
            class: kept.class(),
            said: kept.words(),
            kept,
        }
    }
}

/// A sentence of an original, with which copies took it.
#[derive(Serialize)]
struct CoverageSentence<'a> {
    pub id: usize,
    pub text: &'a str,
    pub role: &'static str,
    pub taken_count: usize,
    pub cells: Vec<CoverageCell<'a>>,
    /// What the row of boxes says, in one sentence ("Kept by copies 1 to 3;
    /// left out by 4."), for a screen reader in place of the boxes.
    pub said: String,
}

/// `source.html`'s context, with `sentences` and `coverage_html` besides.
#[derive(Serialize)]
struct SourcePage<'a> {
    page: PageMeta,
    /// Which page of the source's copies this is.
    pager: Pager,
    source: SourceRef,
    /// The copies on this page.
    copies: Vec<&'a ReportSummary>,
    /// All of the source's copies.
    copy_count: usize,
    /// The original as rendered Markdown, shown when no copy has cut it into sentences.
    body_html: Option<String>,
}

#[derive(Serialize)]
struct SiteTotals {
    reports: usize,
    sources: usize,
    findings_total: usize,
    /// The copies' "Copy taken from the original", on average.
    avg_derived_pct: u32,
    /// Their "Original kept in the copy", on average.
    avg_kept_pct: u32,
    kinds: Vec<KindCount>,
}

#[derive(Serialize)]
struct SitePage<'a> {
    page: PageMeta,
    /// Which page of the publisher's reports this is.
    pager: Pager,
    publisher: Named,
    /// The reports on this page.
    reports: Vec<&'a ReportSummary>,
    totals: SiteTotals,
}

impl Renderer {
    /// Renders list template `name` with `key` set to `items` (and `site`
    /// and the page's `pager`), and gives the items' template value back for
    /// the page to show too.
    fn render_list<T: Serialize>(
        &self,
        name: &str,
        key: &'static str,
        items: &T,
        pager: &Pager,
    ) -> Result<(Value, Value), Diagnostic> {
        let value = self.value(name, items)?;
        let mut context = Context::new();
        context.insert_value(key, value.clone());
        context.insert("pager", pager);
        self.insert_site(&mut context);
        let html = self.render(name, &context)?;
        Ok((value, Value::safe_string(&html)))
    }

    /// Page `number` (from 1) of the index of all reports; `reports` must be
    /// sorted newest first.
    pub fn index_page(
        &self,
        reports: &[ReportSummary],
        number: usize,
    ) -> Result<String, Diagnostic> {
        let site = self.site();
        let size = site.page_size;
        let first_page = paths::index_page();
        let pager = Pager::new(&self.urls, &first_page, number, reports.len(), size);
        let rel = listing_page(&first_page, pager.number);
        let page = self.meta(
            site.title.clone(),
            site.description.clone(),
            rel.url(),
            "index",
        );
        let sites = site_groups(reports)
            .into_iter()
            .map(|(slug, rs)| Named {
                name: rs[0].site.clone(),
                path: self.urls.path(paths::publisher_page(&slug).url()),
                slug,
                count: rs.len(),
            })
            .collect();
        let mut by_source: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
        for r in reports {
            by_source
                .entry(&r.source_slug)
                .or_insert((&r.source_title, 0))
                .1 += 1;
        }
        let sources = by_source
            .into_iter()
            .map(|(slug, (title, count))| Named {
                name: title.to_string(),
                slug: slug.to_string(),
                path: self.urls.path(paths::source_page(slug).url()),
                count,
            })
            .collect();
        let all: Vec<&ReportSummary> = reports.iter().collect();
        let report_count = reports.len();
        let reports = page_items(reports, size, pager.number);
        let (reports_value, rows_html) =
            self.render_list(INDEX_ROWS_TEMPLATE, "reports", &reports, &pager)?;
        let page = IndexPage {
            page,
            pager,
            report_count,
            sites,
            sources,
            totals: totals(&all),
        };
        let mut context = self.context("index.html", &page)?;
        context.insert_value("reports", reports_value);
        context.insert_value("rows_html", rows_html);
        self.render("index.html", &context)
    }

    /// Page `number` (from 1) of a source and its copies; `copies` (all of
    /// them) sorted newest first.
    pub fn source_page(
        &self,
        source: &Source,
        copies: &[&ReportSummary],
        number: usize,
    ) -> Result<String, Diagnostic> {
        let first_page = paths::source_page(&source.slug);
        let size = self.site().page_size;
        let pager = Pager::new(&self.urls, &first_page, number, copies.len(), size);
        let all_copies = copies;
        let source_ref = SourceRef::new(source, &self.urls);
        let description = format!(
            "\u{201c}{}\u{201d} ({}, {}) and {}.",
            source.meta.title,
            source.meta.publisher,
            source.meta.date,
            plural(copies.len(), "copy", "copies")
        );
        let page = self.meta(
            source.meta.title.clone(),
            description,
            listing_page(&first_page, pager.number).url(),
            "source",
        );
        // Sentences as cut by the first copy (by slug); all copies cut the same file the same way.
        let first = copies.iter().min_by(|a, b| a.slug.cmp(&b.slug));
        let copies = page_items(copies, size, pager.number);
        let mut sentences = Vec::new();
        if let Some(first) = first {
            for (i, (text, role)) in first.source_sentences.iter().enumerate() {
                let cells: Vec<CoverageCell> =
                    copies.iter().map(|c| CoverageCell::new(c, i)).collect();
                let boxes: Vec<(Kept, u32)> = cells.iter().map(|c| (c.kept, c.kept_pct)).collect();
                sentences.push(CoverageSentence {
                    id: i,
                    text,
                    role: role.as_str(),
                    taken_count: cells.iter().filter(|c| c.taken).count(),
                    said: row_words(&boxes),
                    cells,
                });
            }
        }
        let (sentences, coverage_html) =
            self.render_list(COVERAGE_TEMPLATE, "sentences", &sentences, &pager)?;
        let body_html = if first.is_none() {
            Some(markdown::render(
                source.text.get(source.body_start..).unwrap_or(""),
            ))
        } else {
            None
        };
        let page = SourcePage {
            page,
            pager,
            source: source_ref,
            copies: copies.to_vec(),
            copy_count: all_copies.len(),
            body_html,
        };
        let mut context = self.context("source.html", &page)?;
        context.insert_value("sentences", sentences);
        context.insert_value("coverage_html", coverage_html);
        self.render("source.html", &context)
    }

    /// Page `number` (from 1) of one publisher of copies; `reports` (all of
    /// them) sorted newest first, all with the same `site_slug`.
    pub fn site_page(
        &self,
        slug: &str,
        reports: &[&ReportSummary],
        number: usize,
    ) -> Result<String, Diagnostic> {
        let first_page = paths::publisher_page(slug);
        let size = self.site().page_size;
        let pager = Pager::new(&self.urls, &first_page, number, reports.len(), size);
        let name = reports
            .first()
            .map(|r| r.site.clone())
            .unwrap_or_else(|| slug.to_string());
        let findings_total = reports.iter().map(|r| r.findings_total).sum();
        let average = |pct: fn(&ReportSummary) -> u32| match reports.len() {
            0 => 0,
            n => (reports.iter().map(|r| u64::from(pct(r))).sum::<u64>() as f64 / n as f64).round()
                as u32,
        };
        let mut sources: Vec<&str> = reports.iter().map(|r| r.source_slug.as_str()).collect();
        sources.sort_unstable();
        sources.dedup();
        let description = format!(
            "{} by {name}.",
            plural(reports.len(), "copied article", "copied articles")
        );
        let page = self.meta(
            name.clone(),
            description,
            listing_page(&first_page, pager.number).url(),
            "site",
        );
        let totals = SiteTotals {
            reports: reports.len(),
            sources: sources.len(),
            findings_total,
            avg_derived_pct: average(|r| r.derived_pct),
            avg_kept_pct: average(|r| r.kept_pct),
            kinds: totals(reports),
        };
        let publisher = Named {
            name,
            slug: slug.to_string(),
            path: self.urls.path(paths::publisher_page(slug).url()),
            count: reports.len(),
        };
        self.render_page(
            "site.html",
            &SitePage {
                page,
                publisher,
                reports: page_items(reports, size, pager.number).to_vec(),
                pager,
                totals,
            },
        )
    }
}
