//! The rows of a report's comparison and its lists of findings, written
//! straight to HTML.
//!
//! They are most of a report page. Rendering them through Tera meant turning
//! every row, cell and finding into a template value first, and that cost
//! more than writing the markup itself. These functions write exactly what
//! the default theme's `report_rows.html` and `report_findings.html` render,
//! byte for byte (a test in `tests/integration/render_report.rs` renders a report both
//! ways). A site that changes any of the templates a report is rendered with
//! gets Tera's rendering, with the whole report in the templates' context.

use std::fmt::Write;

use super::pages::{FindingItem, ReportContext, Row};
use super::templates::push_template_escaped as push_escaped;
use crate::text::push_number;

/// The templates whose text these functions stand for, and those that see
/// the report they render (an override of any of them may use its rows).
pub const REPORT_TEMPLATES: &[&str] = &[
    "base.html",
    "report.html",
    "report_body.html",
    "report_rows.html",
    "report_findings.html",
    "embed.html",
];

/// `report_rows.html`: the rows of the side-by-side comparison, appended to `out`.
pub fn push_rows(out: &mut String, rows: &[Row]) {
    for row in rows {
        if let Some(summary) = &row.aside_summary {
            out.push_str("<details class=\"set-aside-fold\" data-sentences=\"");
            push_number(out, row.aside_sentences);
            out.push_str("\"><summary class=\"set-aside-summary\">");
            push_escaped(out, summary);
            out.push_str("</summary>\n");
        }
        if row.fold_count > 0 {
            let run = row.run.map(|r| r.to_string()).unwrap_or_default();
            let _ = writeln!(
                out,
                "<div class=\"fold-marker\" data-run=\"{run}\"><button type=\"button\" class=\"unfold\" data-run=\"{run}\">Show {} unchanged passage{}</button></div>",
                row.fold_count,
                if row.fold_count != 1 { "s" } else { "" }
            );
        }
        out.push_str("<div class=\"row rel-");
        push_escaped(out, row.relation);
        out.push_str(" role-");
        push_escaped(out, row.role);
        if !row.changed {
            out.push_str(" is-unchanged");
        }
        out.push_str("\" id=\"row-");
        push_number(out, row.index);
        out.push_str("\" data-relation=\"");
        push_escaped(out, row.relation);
        out.push('"');
        if let Some(run) = row.run {
            out.push_str(" data-run=\"");
            push_number(out, run);
            out.push('"');
        }
        out.push_str(
            ">\n<div class=\"cell cell-source\"><span class=\"cell-label\">Original</span>",
        );
        push_cell(out, &row.source_html, "Not in the original");
        out.push_str(
            "</div>\n<div class=\"cell cell-rewrite\"><span class=\"cell-label\">Copy</span>",
        );
        push_cell(out, &row.rewrite_html, "Left out of the copy");
        out.push_str("</div>\n<div class=\"cell cell-notes\">\n<span class=\"relation relation-");
        push_escaped(out, row.relation);
        out.push_str("\">");
        push_escaped(out, row.relation_label);
        if matches!(row.relation, "light_edit" | "paraphrase") {
            out.push_str(" · ");
            push_number(out, row.similarity_pct);
            out.push_str("% alike");
        }
        out.push_str("</span>\n");
        if !row.findings.is_empty() {
            out.push_str("<ul class=\"finding-cards\">\n");
            for f in &row.findings {
                push_card(out, f, "finding-card");
            }
            out.push_str("</ul>");
        }
        out.push_str("\n</div>\n</div>\n");
        if row.aside_end {
            out.push_str("</details>\n");
        }
    }
}

/// A cell's sentences, or its placeholder when the side has none.
fn push_cell(out: &mut String, html: &str, placeholder: &str) {
    if html.is_empty() {
        out.push_str("<span class=\"placeholder\">");
        out.push_str(placeholder);
        out.push_str("</span>");
    } else {
        out.push_str(html);
    }
}

/// A finding's card, and the line break after it. `class` is `finding-card`,
/// or `minor-card` for a minor finding (not walked through nor counted).
fn push_card(out: &mut String, f: &FindingItem, class: &str) {
    out.push_str("<li class=\"");
    out.push_str(class);
    out.push_str(" kind-");
    push_escaped(out, f.kind);
    out.push_str("\" id=\"");
    push_escaped(out, &f.id);
    out.push_str("\" data-finding=\"");
    push_number(out, f.number);
    out.push_str("\" data-kind=\"");
    push_escaped(out, f.kind);
    out.push_str("\" data-number=\"");
    push_number(out, f.number);
    out.push_str("\" tabindex=\"-1\">\n<a class=\"finding-link\" href=\"#");
    push_escaped(out, &f.id);
    out.push_str("\"><span class=\"finding-number\">");
    push_number(out, f.number);
    out.push_str("</span> ");
    push_letter(out, f);
    out.push_str("<span class=\"finding-label\">");
    push_escaped(out, f.label);
    out.push_str("</span></a>\n");
    if !f.note_html.is_empty() {
        out.push_str("<div class=\"finding-note prose\">");
        out.push_str(&f.note_html);
        out.push_str("</div>");
    }
    push_places(out, f);
    out.push_str("\n</li>\n");
}

/// "Also in: sentence 8 of the copy, ...": links to the further places of
/// the same change.
fn push_places(out: &mut String, f: &FindingItem) {
    if f.places.is_empty() {
        return;
    }
    out.push_str("<p class=\"finding-places\">Also in: ");
    for (i, p) in f.places.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str("<a href=\"");
        push_escaped(out, &p.href);
        out.push_str("\">");
        push_escaped(out, &p.label);
        out.push_str("</a>");
    }
    out.push_str("</p>");
}

/// The kind's letter in a link to a finding, and the space after it.
fn push_letter(out: &mut String, f: &FindingItem) {
    out.push_str("<span class=\"kind-letter\" aria-hidden=\"true\">");
    push_escaped(out, f.letter);
    out.push_str("</span> ");
}

/// `report_findings.html`: the notes placed beside no passage, and the list
/// of all changes.
pub fn findings_html(ctx: &ReportContext) -> String {
    let mut out = String::with_capacity(512 * (ctx.findings.len() + ctx.unplaced.len()) + 256);
    if !ctx.unplaced.is_empty() {
        out.push_str("\n<section class=\"unplaced\" aria-labelledby=\"unplaced-heading\">\n<h2 id=\"unplaced-heading\">Other notes</h2>\n<ul class=\"finding-cards\">\n");
        for f in &ctx.unplaced {
            push_card(&mut out, f, "finding-card");
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str("\n\n");
    if !ctx.findings.is_empty() {
        out.push_str("\n<section class=\"findings-index\" aria-labelledby=\"findings-heading\">\n<h2 id=\"findings-heading\">All changes</h2>\n<ol class=\"findings-list\">\n");
        for f in &ctx.findings {
            push_list_item(&mut out, f);
        }
        out.push_str("</ol>\n</section>\n");
    }
    out.push('\n');
    if !ctx.minor.is_empty() {
        out.push_str("\n<details class=\"minor-notes\">\n<summary>");
        push_minor_summary(&mut out, ctx.minor.len());
        out.push_str("</summary>\n<ul class=\"finding-cards\">\n");
        for f in &ctx.minor {
            push_card(&mut out, f, "minor-card");
        }
        out.push_str("</ul>\n</details>\n");
    }
    out
}

/// The fold's summary over the minor findings.
fn push_minor_summary(out: &mut String, n: usize) {
    out.push_str("Minor: spelling conventions and name forms (");
    push_number(out, n);
    out.push(')');
}

/// One entry of the list of all changes, and the line break after it.
fn push_list_item(out: &mut String, f: &FindingItem) {
    out.push_str("<li class=\"findings-item kind-");
    push_escaped(out, f.kind);
    out.push_str("\" value=\"");
    push_number(out, f.number);
    out.push_str("\" data-finding=\"");
    push_number(out, f.number);
    out.push_str("\" data-kind=\"");
    push_escaped(out, f.kind);
    out.push_str("\">\n<a href=\"#");
    push_escaped(out, &f.id);
    out.push_str("\">");
    push_letter(out, f);
    push_escaped(out, f.label);
    out.push_str("</a>");
    // Template truthiness: an empty text counts as none.
    let source = f.source_text.as_deref().filter(|t| !t.is_empty());
    let rewrite = f.rewrite_text.as_deref().filter(|t| !t.is_empty());
    if source.is_some() || rewrite.is_some() {
        out.push_str(":\n");
        if let Some(text) = source {
            out.push_str("<q class=\"quote-source\">");
            push_escaped(out, &truncate(text, QUOTE_CHARS));
            out.push_str("</q>");
        }
        if source.is_some() && rewrite.is_some() {
            out.push_str(
                " <span aria-hidden=\"true\">&#8594;</span><span class=\"sr-only\">became</span> ",
            );
        }
        if let Some(text) = rewrite {
            out.push_str("<q class=\"quote-rewrite\">");
            push_escaped(out, &truncate(text, QUOTE_CHARS));
            out.push_str("</q>");
        }
    }
    out.push_str("\n</li>\n");
}

/// Characters of a quotation shown in the list of all changes.
const QUOTE_CHARS: usize = 160;

/// Tera's `truncate` filter (built without its `unicode` feature): the
/// first `length` characters and an ellipsis, or the whole text if no longer.
pub(super) fn truncate(text: &str, length: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(length) {
        Some((at, _)) => format!("{}…", &text[..at]).into(),
        None => text.into(),
    }
}
