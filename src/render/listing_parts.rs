//! The long lists of the index and source pages, written straight to HTML:
//! the index's row per report and a source page's row per sentence.
//!
//! Through Tera, each list meant turning every report (or sentence and
//! copy) into a template value and interpreting the loop around it, which
//! cost more than the markup: the index page alone was one thread's work
//! for as long as a hundred reports take. These functions write exactly
//! what the default theme's `index_rows.html` and `source_coverage.html`
//! render, byte for byte (a test in `tests/integration/build_site.rs` renders both
//! ways); a site that changes one of those templates gets Tera's rendering.

use std::fmt::Write;

use super::pages::{CoverageCell, CoverageSentence, ReportSummary};
use super::report_parts::truncate;
use super::templates::{push_pieces, push_template_escaped as push_escaped};

/// `index_rows.html`: a table row per report, appended to `out`.
pub fn push_index_rows(out: &mut String, reports: &[ReportSummary]) {
    for r in reports {
        out.push_str("\n    <tr class=\"report-row\" data-slug=\"");
        push_pieces(
            out,
            &[
                (&r.slug, "\" data-title=\""),
                (&r.title, "\" data-site=\""),
                (&r.site_slug, "\" data-site-name=\""),
                (&r.site, "\" data-source=\""),
                (&r.source_slug, "\" data-source-title=\""),
                (&r.source_title, "\" data-date=\""),
                (&r.date, "\" data-derived=\""),
            ],
        );
        let _ = write!(
            out,
            "{}\" data-kept=\"{}\" data-findings=\"{}\" data-kinds=\"",
            r.derived_pct, r.kept_pct, r.findings_total
        );
        push_escaped(out, &r.kind_list);
        out.push_str("\" data-search=\"");
        push_escaped(out, &r.search_text);
        out.push_str("\">\n      <td class=\"col-title\"><a href=\"");
        push_escaped(out, &r.path);
        out.push_str("\">");
        push_escaped(out, &r.title);
        out.push_str("</a>");
        if !r.summary_text.is_empty() {
            out.push_str("<p class=\"row-summary\">");
            push_escaped(out, &truncate(&r.summary_text, 180));
            out.push_str("</p>");
        }
        out.push_str("</td>\n      <td><a href=\"");
        push_pieces(
            out,
            &[
                (&r.site_path, "\">"),
                (&r.site, "</a></td>\n      <td><a href=\""),
                (&r.source_path, "\">"),
                (&r.source_title, "</a> <span class=\"muted\">("),
                (&r.publisher, ")</span></td>\n      <td><time datetime=\""),
                (&r.date, "\">"),
                (&r.date, ""),
            ],
        );
        let _ = write!(
            out,
            "</time></td>\n      <td class=\"num\">{}%</td>\n      <td class=\"num\">{}%</td>\n      <td class=\"num\"><span class=\"changes-total\">{}</span>\n        ",
            r.derived_pct, r.kept_pct, r.findings_total
        );
        if !r.present.is_empty() {
            out.push_str("<ul class=\"kind-chips\">");
            for k in &r.present {
                out.push_str("<li class=\"kind-chip kind-");
                push_pieces(
                    out,
                    &[
                        (k.kind, "\" title=\""),
                        (
                            k.label,
                            "\"><span class=\"kind-letter\" aria-hidden=\"true\">",
                        ),
                        (k.letter, "</span><span class=\"sr-only\">"),
                        (k.label, ""),
                    ],
                );
                let _ = write!(out, ":</span> {}</li>", k.count);
            }
            out.push_str("</ul>");
        }
        out.push_str("</td>\n    </tr>\n  ");
    }
}

/// `source_coverage.html`: a list item per sentence of the original, with
/// a box per copy saying how much of the sentence it kept, appended to `out`.
pub fn push_coverage(out: &mut String, sentences: &[CoverageSentence]) {
    for s in sentences {
        out.push_str("<li class=\"coverage-row role-");
        push_escaped(out, s.role);
        let _ = write!(
            out,
            "\" id=\"s{}\" data-taken=\"{}\">\n    <span class=\"coverage-strip\">",
            s.id, s.taken_count
        );
        for (i, c) in s.cells.iter().enumerate() {
            let _ = write!(out, "<span class=\"cov {}\" data-slug=\"", c.class);
            push_escaped(out, c.slug);
            let _ = write!(out, "\" data-kept=\"{}\" title=\"", c.kept_pct);
            push_escaped(out, c.site);
            push_said(out, c);
            let _ = write!(
                out,
                "\"><span aria-hidden=\"true\">{}</span><span class=\"sr-only\">",
                i + 1
            );
            push_escaped(out, c.site);
            push_said(out, c);
            out.push_str("</span></span>");
        }
        out.push_str("</span>\n    <span class=\"coverage-text\">");
        push_escaped(out, s.text);
        out.push_str("</span>\n  </li>\n  ");
    }
}

/// What a coverage box says after the copy's site: `: kept`, `: left out`,
/// or `: partly kept (40%)`.
fn push_said(out: &mut String, c: &CoverageCell) {
    let _ = write!(out, ": {}", c.said);
    if c.class == "cov-partly" {
        let _ = write!(out, " ({}%)", c.kept_pct);
    }
}
