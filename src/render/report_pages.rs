//! A report's two pages: the report page and its embed page (which links the
//! site's shared CSS and JS), both rendered from the theme's templates.
//!
//! What both pages show alike is rendered once per report: the comparison's
//! rows (`report_rows.html`) and the lists of findings
//! (`report_findings.html`), which `report_body.html` shows as `rows_html`
//! and `findings_html`. Those two templates see `report` and `site`.

use tera::{Context, Value};

use super::embed_assets::EmbedAssets;
use super::markdown;
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

/// A report's two pages, each rendered or failed on its own.
#[derive(Debug)]
pub struct ReportPages {
    /// `reports/<slug>/index.html`.
    pub report: Result<Vec<u8>, Diagnostic>,
    /// `embed/<slug>/index.html`.
    pub embed: Result<Vec<u8>, Diagnostic>,
}

/// What the report page and the embed page share: the report as templates
/// see it (a Tera value is cheap to copy) and its rows and findings lists.
struct Shared {
    report: Value,
    rows_html: Value,
    findings_html: Value,
}

impl Renderer {
    /// The report page and the embed page of one report.
    pub fn report_pages(&self, ctx: &ReportContext) -> ReportPages {
        match self.shared(ctx) {
            Ok(shared) => ReportPages {
                report: self
                    .render_report_page(ctx, &shared)
                    .map(String::into_bytes),
                embed: self.render_embed_page(ctx, &shared).map(String::into_bytes),
            },
            Err(d) => ReportPages {
                report: Err(d.clone()),
                embed: Err(d),
            },
        }
    }

    /// The report page alone.
    pub fn report_page(&self, ctx: &ReportContext) -> Result<String, Diagnostic> {
        self.render_report_page(ctx, &self.shared(ctx)?)
    }

    /// The embed page alone.
    pub fn embed_page(&self, ctx: &ReportContext) -> Result<String, Diagnostic> {
        self.render_embed_page(ctx, &self.shared(ctx)?)
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

    /// The embed page: the report for iframes, linking the theme's style
    /// and script (the highlighting style only when it shows code).
    fn render_embed_page(
        &self,
        ctx: &ReportContext,
        shared: &Shared,
    ) -> Result<String, Diagnostic> {
        let mut page = self.meta(
            ctx.title.clone(),
            description(ctx),
            paths::embed_page(&ctx.slug).url(),
            "embed",
        );
        // The canonical page of an embed is the report itself.
        page.canonical = ctx.absolute_url.clone();
        let mut context = self.page_context(&page, shared);
        let assets = EmbedAssets {
            code: shows_code(ctx),
        };
        context.insert("embed", &assets);
        self.render("embed.html", &context)
    }
}

/// A report page's description: the summary, or the headline without one.
fn description(ctx: &ReportContext) -> String {
    if ctx.summary_text.is_empty() {
        ctx.headline.clone()
    } else {
        ctx.summary_text.clone()
    }
}

/// Whether the report shows a code block, which needs the highlighting
/// stylesheet: only the author's Markdown (summary and notes) can hold one.
fn shows_code(ctx: &ReportContext) -> bool {
    ctx.summary_html
        .iter()
        .chain(ctx.findings.iter().chain(&ctx.minor).map(|f| &f.note_html))
        .any(|html| markdown::has_code_block(html))
}
