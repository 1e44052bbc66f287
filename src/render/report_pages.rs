//! A report's pages, both rendered from the theme's templates: the report
//! page, which is also the report for iframes (`?embed` in its address: see
//! `site.scripts.embed_view`), and, with `[exports] embed`, the small page
//! at `embed/<slug>/` that takes the reader there (`embed.html`).
//!
//! The report page's comparison rows (`report_rows.html`) and lists of
//! findings (`report_findings.html`) are rendered first and shown by
//! `report_body.html` as `rows_html` and `findings_html`; those two
//! templates see `report` and `site`.

use serde::Serialize;
use tera::{Context, Value};

use super::renderer::Renderer;
use super::report_context::ReportContext;
use super::site_context::PageMeta;
use crate::error::Diagnostic;
use crate::paths;

/// The template that renders the rows of the comparison.
const ROWS_TEMPLATE: &str = "report_rows.html";
/// The template that renders the unplaced notes, the list of all changes
/// and the minor findings.
const FINDINGS_TEMPLATE: &str = "report_findings.html";

/// What the report page shows: the report as templates see it and its rows
/// and findings lists.
struct Shared {
    report: Value,
    rows_html: Value,
    findings_html: Value,
}

impl Renderer {
    /// The report page.
    pub fn report_page(&self, ctx: &ReportContext) -> Result<String, Diagnostic> {
        self.render_report_page(ctx, &self.shared(ctx)?)
    }

    /// Makes the report's template value and renders its rows and findings.
    fn shared(&self, ctx: &ReportContext) -> Result<Shared, Diagnostic> {
        let report = self.value(ROWS_TEMPLATE, ctx)?;
        let mut context = Context::new();
        context.insert_value("report", report.clone());
        self.insert_site(&mut context);
        let rows = self.render(ROWS_TEMPLATE, &context)?;
        let findings = self.render(FINDINGS_TEMPLATE, &context)?;
        Ok(Shared {
            report,
            rows_html: Value::safe_string(&rows),
            findings_html: Value::safe_string(&findings),
        })
    }

    /// The context of `report.html` and `embed.html`: `page`, `site`,
    /// `report`, `rows_html` and `findings_html`.
    fn page_context(&self, page: &PageMeta, shared: &Shared) -> Context {
        let mut context = Context::new();
        context.insert("page", page);
        context.insert_value("report", shared.report.clone());
        context.insert_value("rows_html", shared.rows_html.clone());
        context.insert_value("findings_html", shared.findings_html.clone());
        self.insert_site(&mut context);
        context
    }

    fn render_report_page(
        &self,
        ctx: &ReportContext,
        shared: &Shared,
    ) -> Result<String, Diagnostic> {
        let page = self.meta(
            ctx.title.clone(),
            description(ctx),
            paths::report_page(&ctx.slug).url(),
            "report",
        );
        self.render("report.html", &self.page_context(&page, shared))
    }

    /// The page of `embed/<slug>/`: a link to the report's embed view, which
    /// its script follows at once (and its `<noscript>` refresh without
    /// script). Its canonical page is the report.
    pub fn embed_page(&self, ctx: &ReportContext) -> Result<String, Diagnostic> {
        let mut page = self.meta(
            ctx.title.clone(),
            description(ctx),
            paths::embed_page(&ctx.slug).url(),
            "embed",
        );
        page.canonical = ctx.absolute_url.clone();
        let mut context = Context::new();
        context.insert("page", &page);
        context.insert(
            "report",
            &EmbedLink {
                title: &ctx.title,
                slug: &ctx.slug,
                embed_path: &ctx.embed_path,
            },
        );
        self.insert_site(&mut context);
        self.render("embed.html", &context)
    }
}

/// What `embed.html` knows of its report (`report`): no more than it links.
#[derive(Serialize)]
struct EmbedLink<'a> {
    title: &'a str,
    slug: &'a str,
    /// Where the page leads: the report page's embed view.
    embed_path: &'a str,
}

/// A report page's description: the summary, or the headline without one.
fn description(ctx: &ReportContext) -> String {
    if ctx.summary_text.is_empty() {
        ctx.headline.clone()
    } else {
        ctx.summary_text.clone()
    }
}
