//! The report page and the embed page around their rows and findings,
//! written straight to HTML.
//!
//! With the rows and findings lists already written (`report_parts`), what
//! Tera still did for a report was this page around them, twice per report,
//! which took as long as writing the rows. These functions write exactly
//! what the default theme's `base.html`, `report.html`, `report_body.html`
//! and `embed.html` render, byte for byte (the test that renders a report
//! both ways in `tests/integration/render_report.rs` compares the whole pages). A site
//! that changes any of them gets Tera's rendering.

use std::fmt::Write;

use super::pages::{EmbedAssets, PageMeta, ReportContext, SiteContext};
use super::report_parts::truncate;
use super::templates::push_template_escaped as push_escaped;

/// A page as it is written: its own text, with long texts that other pages
/// show too (a report's rows and findings, the embed's style and script)
/// spliced in by reference instead of copied into it.
pub struct Spliced<'a> {
    own: String,
    /// Where in `own` each shared text goes, in order.
    shared: Vec<(usize, &'a str)>,
}

impl<'a> Spliced<'a> {
    fn with_capacity(capacity: usize) -> Spliced<'a> {
        Spliced {
            own: String::with_capacity(capacity),
            shared: Vec::with_capacity(4),
        }
    }

    /// Puts `text` here, by reference.
    fn splice(&mut self, text: &'a str) {
        self.shared.push((self.own.len(), text));
    }

    /// The page's bytes in order, a piece at a time.
    pub fn pieces(&self) -> Vec<&[u8]> {
        let (own, mut from) = (self.own.as_bytes(), 0);
        let mut pieces = Vec::with_capacity(2 * self.shared.len() + 1);
        for &(at, text) in &self.shared {
            pieces.push(&own[from..at]);
            pieces.push(text.as_bytes());
            from = at;
        }
        pieces.push(&own[from..]);
        pieces
    }

    /// The page's bytes, in one piece.
    pub fn into_bytes(self) -> Vec<u8> {
        if self.shared.is_empty() {
            return self.own.into_bytes();
        }
        self.pieces().concat()
    }
}

impl std::ops::Deref for Spliced<'_> {
    type Target = String;
    fn deref(&self) -> &String {
        &self.own
    }
}

impl std::ops::DerefMut for Spliced<'_> {
    fn deref_mut(&mut self) -> &mut String {
        &mut self.own
    }
}

/// Which of the two pages `report_body.html` is part of.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Report,
    Embed,
}

/// `report.html` in `base.html`: the report page.
pub fn report_page<'a>(
    site: &SiteContext,
    page: &PageMeta,
    ctx: &ReportContext,
    rows: &'a str,
    findings: &'a str,
) -> Spliced<'a> {
    let mut out = Spliced::with_capacity(12 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"");
    push_escaped(&mut out, &site.language);
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"");
    push_escaped(&mut out, &site.csp);
    out.push_str("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
    push_escaped(&mut out, &page.title);
    out.push_str(" · ");
    push_escaped(&mut out, &site.title);
    out.push_str("</title>\n");
    let description = truncate(&page.description, 300);
    let describe = |out: &mut String, before: &str| {
        if !page.description.is_empty() {
            out.push_str(before);
            push_escaped(out, &description);
            out.push_str("\">");
        }
        out.push('\n');
    };
    describe(&mut out, "<meta name=\"description\" content=\"");
    out.push_str("<link rel=\"canonical\" href=\"");
    push_escaped(&mut out, &page.canonical);
    out.push_str("\">\n<meta property=\"og:type\" content=\"");
    push_escaped(&mut out, page.og_type);
    out.push_str("\">\n<meta property=\"og:site_name\" content=\"");
    push_escaped(&mut out, &site.title);
    out.push_str("\">\n<meta property=\"og:title\" content=\"");
    push_escaped(&mut out, &page.title);
    out.push_str("\">\n");
    describe(&mut out, "<meta property=\"og:description\" content=\"");
    out.push_str("<meta property=\"og:url\" content=\"");
    push_escaped(&mut out, &page.canonical);
    out.push_str("\">\n<meta property=\"og:locale\" content=\"");
    push_escaped(&mut out, &site.language);
    out.push_str("\">\n<meta name=\"twitter:card\" content=\"summary\">\n<meta name=\"twitter:title\" content=\"");
    push_escaped(&mut out, &page.title);
    out.push_str("\">\n");
    describe(&mut out, "<meta name=\"twitter:description\" content=\"");
    out.push_str("\n<link rel=\"icon\" href=\"");
    push_escaped(&mut out, &site.static_path);
    out.push_str("favicon.svg\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"");
    push_escaped(&mut out, &site.static_path);
    out.push_str("style.css\">\n<link rel=\"stylesheet\" href=\"");
    push_escaped(&mut out, &site.static_path);
    out.push_str(
        "highlight.css\">\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"",
    );
    push_escaped(&mut out, &site.title);
    out.push_str("\" href=\"");
    push_escaped(&mut out, &site.feed_url);
    out.push_str("\">\n<script src=\"");
    push_escaped(&mut out, &site.static_path);
    out.push_str("unspun.js\" defer></script>\n\n</head>\n<body class=\"page-");
    push_escaped(&mut out, page.kind);
    out.push_str("\">\n<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n\n<header class=\"site-header\" role=\"banner\">\n  <a class=\"site-title\" href=\"");
    push_escaped(&mut out, &site.base_path);
    out.push_str("\">");
    push_escaped(&mut out, &site.title);
    out.push_str("</a>\n  <nav aria-label=\"Site\">\n    <ul>\n      <li><a href=\"");
    push_escaped(&mut out, &site.base_path);
    out.push_str("\">All reports</a></li>\n      <li><a href=\"");
    push_escaped(&mut out, &site.base_path);
    out.push_str("atom.xml\">Feed</a></li>\n    </ul>\n  </nav>\n</header>\n\n<main id=\"main\" tabindex=\"-1\">\n\n");
    push_body(&mut out, Kind::Report, ctx, rows, findings);
    out.push_str("\n\n</main>\n\n<footer class=\"site-footer\" role=\"contentinfo\">\n  <p>");
    if !site.description.is_empty() {
        push_escaped(&mut out, &site.description);
        out.push_str(" · ");
    }
    out.push_str("Made with unspun. · <a href=\"");
    push_escaped(&mut out, &site.data_path);
    out.push_str("\">Data and downloads</a></p>\n</footer>\n\n</body>\n</html>\n");
    out
}

/// `embed.html`: the self-contained embed page, its style and script inline.
pub fn embed_page<'a>(
    site: &SiteContext,
    page: &PageMeta,
    ctx: &ReportContext,
    rows: &'a str,
    findings: &'a str,
    assets: &'a EmbedAssets,
) -> Spliced<'a> {
    let mut out = Spliced::with_capacity(12 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"");
    push_escaped(&mut out, &site.language);
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"");
    push_escaped(&mut out, &assets.csp);
    out.push_str("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
    push_escaped(&mut out, &page.title);
    out.push_str(" · ");
    push_escaped(&mut out, &site.title);
    out.push_str("</title>\n<link rel=\"canonical\" href=\"");
    push_escaped(&mut out, &page.canonical);
    out.push_str("\">\n<link rel=\"icon\" href=\"data:,\">\n<style>");
    out.splice(&assets.css);
    out.push_str("</style>\n<script>");
    out.splice(&assets.js);
    out.push_str(
        "</script>\n</head>\n<body class=\"page-embed\" data-embed=\"true\">\n<main id=\"main\">\n",
    );
    push_body(&mut out, Kind::Embed, ctx, rows, findings);
    out.push_str("\n<p class=\"embed-credit\">From <a href=\"");
    push_escaped(&mut out, &ctx.absolute_url);
    out.push_str("\" target=\"_blank\" rel=\"noopener\">");
    push_escaped(&mut out, &site.title);
    out.push_str("</a>.</p>\n</main>\n</body>\n</html>\n");
    out
}

/// `report_body.html`.
fn push_body<'a>(
    out: &mut Spliced<'a>,
    kind: Kind,
    ctx: &ReportContext,
    rows: &'a str,
    findings: &'a str,
) {
    let stats = &ctx.stats;
    // Links that leave an embed open a new tab.
    let away = match kind {
        Kind::Embed => " target=\"_blank\" rel=\"noopener\"",
        Kind::Report => "",
    };
    out.push_str("<article class=\"report\" id=\"report\" data-report=\"");
    push_escaped(out, &ctx.slug);
    let _ = write!(
        out,
        "\" data-findings=\"{}\">\n<header class=\"report-header\">\n  <p class=\"eyebrow\">Report on a copy published by <a href=\"",
        stats.findings_total
    );
    push_link(out, &ctx.site_path, away, &ctx.site);
    out.push_str("</a>");
    if ctx.draft {
        out.push_str(" <span class=\"draft-badge\">Draft</span>");
    }
    out.push_str("</p>\n  <h1 id=\"report-title\">");
    push_escaped(out, &ctx.title);
    out.push_str("</h1>\n  <p class=\"headline\">");
    push_escaped(out, &ctx.headline);
    out.push_str("</p>");
    if !stats.set_aside_line.is_empty() {
        out.push_str("\n  <p class=\"set-aside-line\">");
        push_escaped(out, &stats.set_aside_line);
        out.push_str("</p>");
    }
    let (derived, kept) = (stats.derived_pct, stats.kept_pct);
    let _ = write!(
        out,
        "\n  <dl class=\"key-figures\">\n    <div class=\"figure figure-derived\">\n      <dt>Copy taken from the original</dt>\n      <dd><span class=\"figure-value\">{derived}%</span>\n        <meter min=\"0\" max=\"100\" value=\"{derived}\" aria-label=\"Copy taken from the original\">{derived}%</meter></dd>\n    </div>\n    <div class=\"figure figure-kept\">\n      <dt>Original kept in the copy</dt>\n      <dd><span class=\"figure-value\">{kept}%</span>\n        <meter min=\"0\" max=\"100\" value=\"{kept}\" aria-label=\"Original kept in the copy\">{kept}%</meter></dd>\n    </div>\n    <div class=\"figure figure-findings\">\n      <dt>Marked changes</dt>\n      <dd><span class=\"figure-value\">{}</span></dd>\n    </div>\n  </dl>\n  ",
        stats.findings_total
    );
    if !stats.present.is_empty() {
        out.push_str("\n  <ul class=\"kind-counts\" aria-label=\"Changes by kind\">\n    ");
        for k in &stats.present {
            out.push_str("<li class=\"kind-count kind-");
            push_escaped(out, k.kind);
            out.push_str("\" data-kind=\"");
            push_escaped(out, k.kind);
            out.push_str("\"><span class=\"kind-letter\" aria-hidden=\"true\">");
            push_escaped(out, k.letter);
            let _ = write!(
                out,
                "</span> <span class=\"kind-count-n\">{}</span> ",
                k.count
            );
            push_escaped(out, k.label);
            out.push_str("</li>\n    ");
        }
        out.push_str("\n  </ul>\n  ");
    }
    let source = &ctx.source;
    out.push_str(
        "\n  <dl class=\"provenance\">\n    <div>\n      <dt>Original</dt>\n      <dd><a href=\"",
    );
    push_link(out, &source.path, away, &source.title);
    out.push_str("</a>, ");
    push_escaped(out, &source.publisher);
    if let Some(author) = source.author.as_deref().filter(|a| !a.is_empty()) {
        out.push_str(", by ");
        push_escaped(out, author);
    }
    out.push_str(", ");
    push_time(out, &source.date);
    push_as_published(out, source.url.as_deref());
    out.push_str("</dd>\n    </div>\n    <div>\n      <dt>Copy</dt>\n      <dd><a href=\"");
    push_link(out, &ctx.site_path, away, &ctx.site);
    out.push_str("</a>, ");
    push_time(out, &ctx.date);
    push_as_published(out, ctx.url.as_deref());
    out.push_str("</dd>\n    </div>\n  </dl>\n  ");
    match kind {
        Kind::Embed => {
            out.push_str("<p class=\"report-links\"><a href=\"");
            push_escaped(out, &ctx.absolute_url);
            out.push_str("\" target=\"_blank\" rel=\"noopener\">Full report</a></p>\n  ");
        }
        Kind::Report => {
            out.push_str("<p class=\"report-links\"><a href=\"");
            push_escaped(out, &ctx.json_path);
            out.push_str("\" type=\"application/json\">Data (report.json)</a> · <a href=\"");
            push_escaped(out, &ctx.embed_path);
            out.push_str("\">Embeddable version</a></p>");
        }
    }
    out.push_str("\n</header>\n\n");
    if let Some(summary) = ctx.summary_html.as_deref().filter(|s| !s.is_empty()) {
        out.push_str("\n<section class=\"summary\" aria-labelledby=\"summary-heading\">\n  <h2 id=\"summary-heading\">Summary</h2>\n  <div class=\"prose\">");
        out.push_str(summary);
        out.push_str("</div>\n</section>\n");
    }
    out.push_str("\n\n<section class=\"comparison\" aria-labelledby=\"comparison-heading\">\n  <h2 id=\"comparison-heading\">The original and the copy, side by side</h2>\n  <div class=\"filters\" id=\"filters\" hidden>\n    ");
    if !stats.present.is_empty() {
        out.push_str("\n    <fieldset class=\"kind-filter\" id=\"kind-filter\">\n      <legend>Show</legend>\n      ");
        for k in &stats.present {
            out.push_str("<label class=\"kind-option kind-");
            push_escaped(out, k.kind);
            out.push_str("\"><input type=\"checkbox\" class=\"kind-toggle\" value=\"");
            push_escaped(out, k.kind);
            out.push_str("\" checked> <span class=\"kind-letter\" aria-hidden=\"true\">");
            push_escaped(out, k.letter);
            out.push_str("</span> ");
            push_escaped(out, k.label);
            let _ = write!(out, " ({})</label>\n      ", k.count);
        }
        out.push_str("\n    </fieldset>\n    ");
    }
    out.push_str("\n    <p class=\"keys-help\">Keys: <kbd>j</kbd> or <kbd>n</kbd> next change, <kbd>k</kbd> or <kbd>p</kbd> previous</p>\n  </div>\n  <div class=\"toolbar\" id=\"toolbar\" hidden>\n    <div class=\"toolbar-nav\" role=\"group\" aria-label=\"Walk through the changes\">\n      <button type=\"button\" id=\"prev-finding\" class=\"btn\" aria-keyshortcuts=\"k p\">&#8593; Previous<span class=\"wide-only\"> change</span></button>\n      <span id=\"finding-position\" class=\"finding-position\" aria-live=\"polite\"></span>\n      <button type=\"button\" id=\"next-finding\" class=\"btn\" aria-keyshortcuts=\"j n\">Next<span class=\"wide-only\"> change</span> &#8595;</button>\n    </div>\n    <label class=\"toggle\"><input type=\"checkbox\" id=\"changes-only\"> Changes only</label>\n  </div>\n  ");
    if kind == Kind::Embed {
        out.push_str("\n  <div class=\"exercise\" id=\"exercise\" hidden>\n    <button type=\"button\" class=\"btn\" id=\"exercise-toggle\" aria-pressed=\"false\">Exercise mode</button>\n    <p class=\"exercise-status\" id=\"exercise-status\" aria-live=\"polite\"></p>\n    <button type=\"button\" class=\"btn\" id=\"reveal-next\" hidden>Reveal next change</button>\n    <button type=\"button\" class=\"btn\" id=\"reveal-all\" hidden>Reveal all</button>\n  </div>\n  ");
    }
    out.push_str("\n  <div class=\"columns-head\" aria-hidden=\"true\">\n    <div class=\"col-source\">Original · ");
    push_escaped(out, &source.publisher);
    out.push_str("</div>\n    <div class=\"col-rewrite\">Copy · ");
    push_escaped(out, &ctx.site);
    out.push_str("</div>\n    <div class=\"col-notes\">What changed</div>\n  </div>\n  <div class=\"rows\" id=\"rows\">\n");
    out.splice(rows);
    out.push_str("  </div>\n</section>\n\n");
    out.splice(findings);
    out.push_str("\n</article>\n");
}

/// The rest of `<a href="` for `href` with `attributes`, and its `text`.
fn push_link(out: &mut String, href: &str, attributes: &str, text: &str) {
    push_escaped(out, href);
    out.push('"');
    out.push_str(attributes);
    out.push('>');
    push_escaped(out, text);
}

/// `<time>` for a date as the templates write it.
pub(super) fn push_time(out: &mut String, date: &str) {
    out.push_str("<time datetime=\"");
    push_escaped(out, date);
    out.push_str("\">");
    push_escaped(out, date);
    out.push_str("</time>");
}

/// ` · as published` for a page that has a web address.
fn push_as_published(out: &mut String, url: Option<&str>) {
    if let Some(url) = url.filter(|u| !u.is_empty()) {
        out.push_str(" · <a class=\"external\" href=\"");
        push_escaped(out, url);
        out.push_str("\" rel=\"nofollow noopener noreferrer\">as published</a>");
    }
}
