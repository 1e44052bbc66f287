//! Data out: every finding of the site as CSV, and as W3C Web Annotations.
//!
//! Both are made from the same [`Report`]s that `report.json` holds, one
//! report at a time (so a build need not keep reports in memory), then
//! joined in slug order so two builds of the same input give the same bytes.
//!
//! Files written by a build (see [`paths`](crate::paths)):
//!
//! - `findings.csv`: one row per finding of every report, RFC 4180 (CRLF
//!   line ends, fields quoted when they hold `,` `"` CR or LF, quotes
//!   doubled), UTF-8 without a byte-order mark. Columns are [`CSV_COLUMNS`].
//!   A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
//!   return gets a leading `'`, so a spreadsheet shows it as text instead of
//!   running it as a formula (CSV formula injection); strip a leading `'`
//!   from those cells to get the exact text back. `report.json` always has
//!   the exact text.
//! - `annotations.jsonld`: an `AnnotationCollection` of every finding.
//! - `reports/<slug>/annotations.jsonld`: the same for one report.
//!
//! Each annotation targets the passage in the copy (the rewrite's `url`) with
//! a `TextQuoteSelector` (`exact`, and up to [`CONTEXT_CHARS`] characters of
//! `prefix` and `suffix` from the sentence around it). Findings about a
//! passage that only the original has (`omitted`, `quote_dropped`, notes on
//! the original) target the source's `url` instead. Where front matter has
//! no `url`, the site's own page is the target: the report page for the copy,
//! the source page for the original.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::paths;
use crate::report::{Finding, FindingKind, Report, Sentence};

/// Reports whose findings one `findings.csv` holds: at the benchmark's
/// 9 KB of rows a report, some 23 MB, well under GitHub Pages' 100 MB limit
/// for a file. A larger site gets its findings in parts
/// ([`paths::findings_csv_part`]).
pub const CSV_PART_REPORTS: usize = 2500;

/// How many parts `findings.csv` comes in for a site of `reports` reports:
/// one, `findings.csv` itself, up to [`CSV_PART_REPORTS`].
pub fn csv_part_count(reports: usize) -> usize {
    reports.div_ceil(CSV_PART_REPORTS).max(1)
}

/// The JSON-LD context of the W3C Web Annotation Data Model.
pub const ANNO_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// At most this many characters of prefix and suffix in a selector.
pub const CONTEXT_CHARS: usize = 32;

/// The columns of `findings.csv`, in order. `finding` is the finding's
/// number ([`Finding::id`]); new columns are added at the end. There is no
/// column of the finding's address: `reports/<report_slug>/#finding-<finding>`
/// under the site's address says it (unspun 0.1 wrote it on every row, a
/// fifth of the file).
pub const CSV_COLUMNS: [&str; 15] = [
    "report_slug",
    "finding",
    "date",
    "site",
    "source_slug",
    "kind",
    "source_sentence",
    "rewrite_sentence",
    "source_text",
    "rewrite_text",
    "note",
    "source_role",
    "rewrite_role",
    "also_in",
    "minor",
];

/// A W3C Web Annotation (the subset unspun writes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// `commenting` when the finding has a note, `tagging` otherwise.
    pub motivation: String,
    /// The note (purpose `commenting`), the kind (purpose `tagging`), and
    /// the finding in the report page (purpose `linking`).
    pub body: Vec<Body>,
    pub target: Target,
}

/// One body of an annotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Body {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    pub purpose: String,
}

/// What an annotation is about: a document, and where there is one, a passage in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<TextQuoteSelector>,
}

/// A passage by its text and the text around it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextQuoteSelector {
    #[serde(rename = "type")]
    pub kind: String,
    pub exact: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
}

/// An `AnnotationCollection` with its annotations in one embedded page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Collection {
    #[serde(rename = "@context")]
    pub context: String,
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub label: String,
    pub total: usize,
    pub first: Page,
}

/// An `AnnotationPage`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(rename = "startIndex")]
    pub start_index: usize,
    pub items: Vec<Annotation>,
}

/// What the exports need to know about a report besides its findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportInfo {
    pub slug: String,
    pub title: String,
    /// The copy's date, `YYYY-MM-DD`.
    pub date: String,
    /// Who published the copy, as written in front matter.
    pub site: String,
    pub source_slug: String,
    /// Absolute URL of the report page (ends with `/`).
    pub report_url: String,
    /// Absolute URL of the source page in this site.
    pub source_page_url: String,
    /// Where the copy was published (front matter `url`), if known.
    pub copy_url: Option<String>,
    /// Where the original was published, if known.
    pub source_url: Option<String>,
}

impl ReportInfo {
    /// The annotation target for passages of the copy.
    pub fn copy_target(&self) -> &str {
        self.copy_url.as_deref().unwrap_or(&self.report_url)
    }
    /// The annotation target for passages only the original has.
    pub fn source_target(&self) -> &str {
        self.source_url.as_deref().unwrap_or(&self.source_page_url)
    }
    /// The URL of this report's annotation collection.
    pub fn annotations_url(&self) -> String {
        [self.report_url.as_str(), paths::REPORT_ANNOTATIONS_FILE].concat()
    }
}

/// One report's exports, made while its pages are written and kept (small)
/// until the site-wide files are joined.
#[derive(Debug, Clone)]
pub struct ReportExports {
    pub slug: String,
    /// This report's rows of `findings.csv`, each ending in CRLF, no header.
    pub csv_rows: String,
    /// This report's annotations, in `findings` order, each as one line of
    /// compact JSON: text is far smaller in memory than the structs, and the
    /// site-wide file holds them one a line anyway.
    pub annotation_lines: Vec<String>,
    /// `reports/<slug>/annotations.jsonld`.
    pub collection: String,
}

impl ReportExports {
    pub fn new(info: &ReportInfo, report: &Report) -> ReportExports {
        let report = &*crate::reading_order::numbered(report);
        let csv_rows = csv_rows(info, report);
        let annotations: Vec<Annotation> = report
            .findings
            .iter()
            .map(|f| annotation(info, report, f))
            .collect();
        let label = format!(
            "Changes in \u{201c}{}\u{201d} ({}) compared with its original",
            info.title, info.site
        );
        let (annotation_lines, collection) =
            annotation_texts(&info.annotations_url(), &label, annotations);
        ReportExports {
            slug: info.slug.clone(),
            csv_rows,
            annotation_lines,
            collection,
        }
    }
}

impl ReportExports {
    /// This report's annotations as they stand in the site-wide file: one a
    /// line, separated by `,`.
    pub fn annotation_items(&self) -> String {
        self.annotation_lines.join(ANNOTATION_SEPARATOR)
    }

    /// Appends [`annotation_items`](Self::annotation_items) to `out`.
    pub fn push_annotation_items(&self, out: &mut Vec<u8>) {
        for (i, line) in self.annotation_lines.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(ANNOTATION_SEPARATOR.as_bytes());
            }
            out.extend_from_slice(line.as_bytes());
        }
    }
}

/// What stands between two annotation lines of a collection.
const ANNOTATION_SEPARATOR: &str = ",\n";

/// Each annotation as one line of compact JSON, and the collection of them
/// (`reports/<slug>/annotations.jsonld`) in the layout of the site-wide
/// file: one annotation a line.
fn annotation_texts(id: &str, label: &str, annotations: Vec<Annotation>) -> (Vec<String>, String) {
    let lines: Vec<String> = annotations
        .iter()
        .map(|a| {
            let mut line = Vec::with_capacity(1024);
            match serde_json::to_writer(&mut line, a) {
                // serde_json writes UTF-8 only.
                Ok(()) => String::from_utf8(line).unwrap_or_default(),
                Err(_) => String::new(),
            }
        })
        .collect();
    let mut text = Vec::with_capacity(512 + lines.iter().map(|l| l.len() + 2).sum::<usize>());
    let items = lines.iter().map(|l| Ok(l.as_bytes()));
    if write_collection(&mut text, id, label, lines.len(), items).is_err() {
        return (lines, String::new());
    }
    // serde_json writes only UTF-8.
    (lines, String::from_utf8(text).unwrap_or_default())
}

/// Writes `findings.csv` from each report's rows, in slug order.
pub fn write_csv<R: AsRef<[u8]>>(
    out: &mut dyn Write,
    rows: impl Iterator<Item = io::Result<R>>,
) -> io::Result<()> {
    out.write_all(csv_header().as_bytes())?;
    for r in rows {
        out.write_all(r?.as_ref())?;
    }
    Ok(())
}

/// Writes `annotations.jsonld` from each report's
/// [`ReportExports::annotation_items`], in slug order; `total` is the number
/// of annotations of all reports.
pub fn write_annotations<I: AsRef<[u8]>>(
    out: &mut dyn Write,
    base_url: &str,
    site_title: &str,
    total: usize,
    items: impl Iterator<Item = io::Result<I>>,
) -> io::Result<()> {
    let id = format!("{base_url}{}", paths::ANNOTATIONS);
    let label = format!("Changes found in the copies, by {site_title}");
    write_collection(out, &id, &label, total, items)
}

/// Writes a collection of `total` annotations around `items` (runs of
/// annotation lines, see [`ReportExports::annotation_items`]).
fn write_collection<I: AsRef<[u8]>>(
    out: &mut dyn Write,
    id: &str,
    label: &str,
    total: usize,
    items: impl Iterator<Item = io::Result<I>>,
) -> io::Result<()> {
    let mut coll = collection(id, label, Vec::new());
    coll.total = total;
    // Written by hand around the items so each annotation is one line: the
    // file stays compact yet diffs and greps well.
    let mut head = serde_json::to_string(&coll).map_err(io::Error::from)?;
    // `coll` ends with `"items":[]}}`: put the items inside.
    head.truncate(head.len() - "]}}".len());
    head.push('\n');
    out.write_all(head.as_bytes())?;
    let mut first = true;
    for report_items in items {
        let report_items = report_items?;
        if report_items.as_ref().is_empty() {
            continue;
        }
        if !first {
            out.write_all(ANNOTATION_SEPARATOR.as_bytes())?;
        }
        first = false;
        out.write_all(report_items.as_ref())?;
    }
    out.write_all(b"\n]}}\n")
}

/// An `AnnotationCollection` holding `items` in one embedded `AnnotationPage`.
fn collection(id: &str, label: &str, items: Vec<Annotation>) -> Collection {
    Collection {
        context: ANNO_CONTEXT.to_string(),
        id: id.to_string(),
        kind: "AnnotationCollection".to_string(),
        label: label.to_string(),
        total: items.len(),
        first: Page {
            id: format!("{id}#page-1"),
            kind: "AnnotationPage".to_string(),
            start_index: 0,
            items,
        },
    }
}

/// The header line of `findings.csv`, ending in CRLF.
pub fn csv_header() -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    out
}

/// The rows of `findings.csv` for one report (its findings numbered), each
/// ending in CRLF.
pub fn csv_rows(info: &ReportInfo, report: &Report) -> String {
    let mut out = String::with_capacity(400 * report.findings.len());
    let number = |n: Option<usize>| n.map(|n| n.to_string());
    let role = |sentences: &[Sentence], id: Option<usize>| {
        id.and_then(|i| sentences.get(i))
            .map_or("", |s| s.role.as_str())
    };
    for f in &report.findings {
        let id = f.id.to_string();
        let source_sentence = number(f.source_sentence).unwrap_or_default();
        let rewrite_sentence = number(f.rewrite_sentence).unwrap_or_default();
        let also_in = also_in(f);
        let cells: [&str; CSV_COLUMNS.len()] = [
            &info.slug,
            &id,
            &info.date,
            &info.site,
            &info.source_slug,
            f.kind.as_str(),
            &source_sentence,
            &rewrite_sentence,
            f.source_text.as_deref().unwrap_or_default(),
            f.rewrite_text.as_deref().unwrap_or_default(),
            &f.note,
            role(&report.source.sentences, f.source_sentence),
            role(&report.rewrite.sentences, f.rewrite_sentence),
            &also_in,
            if f.minor { "true" } else { "" },
        ];
        for (j, cell) in cells.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            push_csv_cell(&mut out, cell);
        }
        out.push_str("\r\n");
    }
    out
}

/// Appends one cell: defused against formula injection, then quoted if needed.
pub fn push_csv_cell(out: &mut String, cell: &str) {
    let defused;
    let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        defused = format!("'{cell}");
        defused.as_str()
    } else {
        cell
    };
    // Bytes, not characters: none of these four is ever part of another
    // character in UTF-8.
    if cell
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        out.push('"');
        for (i, piece) in cell.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(piece);
        }
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

/// Where a finding's passage stands: the document, the sentence, the exact
/// text. An exact passage in the copy comes first, then one in the original
/// (so a dropped quotation targets the original), then a whole sentence of
/// the copy, then one of the original.
fn passage<'a>(
    info: &'a ReportInfo,
    report: &'a Report,
    f: &'a Finding,
) -> Option<(&'a str, Option<&'a Sentence>, &'a str)> {
    let copy = (
        info.copy_target(),
        &report.rewrite.sentences,
        f.rewrite_sentence,
        &f.rewrite_text,
    );
    let original = (
        info.source_target(),
        &report.source.sentences,
        f.source_sentence,
        &f.source_text,
    );
    for (target, sentences, id, text) in [copy, original] {
        if let Some(text) = text.as_deref().filter(|t| !t.is_empty()) {
            return Some((target, id.and_then(|i| sentences.get(i)), text));
        }
    }
    for (target, sentences, id, _) in [copy, original] {
        if let Some(s) = id.and_then(|i| sentences.get(i)) {
            return Some((target, Some(s), s.text.as_str()));
        }
    }
    None
}

/// The text just before and after `exact` in `sentence` (its first
/// occurrence), each at most [`CONTEXT_CHARS`] characters.
pub fn context(sentence: &str, exact: &str) -> (String, String) {
    let Some(at) = sentence.find(exact) else {
        return (String::new(), String::new());
    };
    let before = &sentence[..at];
    let after = &sentence[at + exact.len()..];
    // Where the n-th character starts (the end if there are fewer), so the
    // context is sliced rather than collected a character at a time.
    let char_at =
        |text: &str, n: usize| text.char_indices().nth(n).map_or(text.len(), |(at, _)| at);
    let skip = before.chars().count().saturating_sub(CONTEXT_CHARS);
    let prefix = before[char_at(before, skip)..].to_string();
    let suffix = after[..char_at(after, CONTEXT_CHARS)].to_string();
    (prefix, suffix)
}

/// The `also_in` cell: the finding's further places, separated by spaces,
/// each `source/rewrite` with the sentence ids of the `source_sentence` and
/// `rewrite_sentence` columns (a side without a sentence left empty: `/9`).
fn also_in(f: &Finding) -> String {
    let mut out = String::new();
    for p in &f.places {
        if !out.is_empty() {
            out.push(' ');
        }
        if let Some(s) = p.source_sentence {
            out.push_str(&s.to_string());
        }
        out.push('/');
        if let Some(r) = p.rewrite_sentence {
            out.push_str(&r.to_string());
        }
    }
    out
}

/// "Also in: the copy's sentence 9, the original's sentence 4": the further
/// places of a finding in words, sentences counted from 1 as on the page.
fn places_note(f: &Finding) -> Option<String> {
    let places: Vec<String> = f
        .places
        .iter()
        .filter_map(|p| match (p.rewrite_sentence, p.source_sentence) {
            (Some(r), _) => Some(format!("sentence {} of the copy", r + 1)),
            (None, Some(s)) => Some(format!("sentence {} of the original", s + 1)),
            (None, None) => None,
        })
        .collect();
    (!places.is_empty()).then(|| format!("Also in: {}.", places.join(", ")))
}

/// `base`'s fragment for the finding numbered `id` (`...#finding-3`).
fn finding_url(base: &str, id: usize) -> String {
    format!("{base}#finding-{id}")
}

/// One finding (of a numbered report) as a Web Annotation; its id ends in
/// `#finding-N` with the finding's number, as its link to the report page.
pub fn annotation(info: &ReportInfo, report: &Report, f: &Finding) -> Annotation {
    let mut body = Vec::new();
    if !f.note.is_empty() {
        let format = if f.kind == FindingKind::Note {
            "text/markdown"
        } else {
            "text/plain"
        };
        body.push(Body {
            id: None,
            kind: "TextualBody".into(),
            value: Some(f.note.clone()),
            format: Some(format.into()),
            purpose: "commenting".into(),
        });
    }
    if let Some(also) = places_note(f) {
        // The further places of the same change, as a second comment: the
        // target stays the first place.
        body.push(Body {
            id: None,
            kind: "TextualBody".into(),
            value: Some(also),
            format: Some("text/plain".into()),
            purpose: "commenting".into(),
        });
    }
    body.push(Body {
        id: None,
        kind: "TextualBody".into(),
        value: Some(f.kind.as_str().into()),
        format: None,
        purpose: "tagging".into(),
    });
    body.push(Body {
        id: Some(finding_url(&info.report_url, f.id)),
        kind: "Text".into(),
        value: None,
        format: Some("text/html".into()),
        purpose: "linking".into(),
    });
    let target = match passage(info, report, f) {
        Some((source, sentence, exact)) => {
            let (prefix, suffix) = sentence
                .map(|s| context(&s.text, exact))
                .unwrap_or_default();
            let some = |s: String| (!s.is_empty()).then_some(s);
            Target {
                source: source.to_string(),
                selector: Some(TextQuoteSelector {
                    kind: "TextQuoteSelector".into(),
                    exact: exact.to_string(),
                    prefix: some(prefix),
                    suffix: some(suffix),
                }),
            }
        }
        None => Target {
            source: info.copy_target().to_string(),
            selector: None,
        },
    };
    Annotation {
        id: finding_url(&info.annotations_url(), f.id),
        kind: "Annotation".into(),
        motivation: if f.note.is_empty() && f.places.is_empty() {
            "tagging"
        } else {
            "commenting"
        }
        .into(),
        body,
        target,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::report::{Format, Place, SentenceRole, Side, Stats};
    use serde_json::Value;

    /// The site-wide files made in memory from these reports, in slug order
    /// (the build streams them through `data_files`).
    fn site_files(
        mut reports: Vec<&ReportExports>,
        base_url: &str,
        site_title: &str,
    ) -> Vec<(&'static str, String)> {
        reports.sort_by(|a, b| a.slug.cmp(&b.slug));
        let total = reports.iter().map(|r| r.annotation_lines.len()).sum();
        let (mut csv, mut json) = (Vec::new(), Vec::new());
        // Writing to memory cannot fail.
        let _ = write_csv(&mut csv, reports.iter().map(|r| Ok(r.csv_rows.as_bytes())));
        let items = reports.iter().map(|r| Ok(r.annotation_items()));
        let _ = write_annotations(&mut json, base_url, site_title, total, items);
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap_or_default();
        vec![
            (paths::FINDINGS_CSV, text(csv)),
            (paths::ANNOTATIONS, text(json)),
        ]
    }

    fn side(texts: &[&str]) -> Side {
        Side::of_body_sentences(texts)
    }

    fn finding(
        kind: FindingKind,
        s: Option<usize>,
        r: Option<usize>,
        st: Option<&str>,
        rt: Option<&str>,
        note: &str,
    ) -> Finding {
        Finding {
            kind,
            source_sentence: s,
            rewrite_sentence: r,
            source_text: st.map(Into::into),
            rewrite_text: rt.map(Into::into),
            note: note.into(),
            ..Finding::default()
        }
    }

    fn fixture() -> (ReportInfo, Report) {
        let info = ReportInfo {
            slug: "olvansky-dailybuzz".into(),
            title: "Olvanskiy freezes tax".into(),
            date: "2026-03-04".into(),
            site: "dailybuzz24.net".into(),
            source_slug: "olvansky".into(),
            report_url: "https://example.org/project/reports/olvansky-dailybuzz/".into(),
            source_page_url: "https://example.org/project/sources/olvansky/".into(),
            copy_url: Some("https://dailybuzz24.example/olvanskiy".into()),
            source_url: None,
        };
        let mut report = Report {
            format: Format,
            source: side(&[
                "Finance minister Margarethe Olvansky said the rate stays.",
                "\"We will not raise the rate this year,\" she said, adding that the plan \"stays on the table.\"",
                "Photo: Northgate Tribune",
            ]),
            rewrite: side(&[
                "Finance minister Margret Olvanskiy said the rate stays.",
                "\"We will not increase rates this year,\" she said.",
            ]),
            alignment: vec![],
            findings: vec![
                finding(
                    FindingKind::NameChanged,
                    Some(0),
                    Some(0),
                    Some("Margarethe Olvansky"),
                    Some("Margret Olvanskiy"),
                    "The name \"Margarethe Olvansky\" became \"Margret Olvanskiy\", a spelling, no person.",
                ),
                finding(
                    FindingKind::QuoteDropped,
                    Some(1),
                    Some(1),
                    Some("stays on the table."),
                    None,
                    "=HYPERLINK(\"http://evil\")",
                ),
                finding(FindingKind::Omitted, Some(2), None, None, None, ""),
                finding(
                    FindingKind::Note,
                    None,
                    Some(1),
                    None,
                    Some("increase rates"),
                    "- a *list*\n- of notes, with commas",
                ),
                finding(FindingKind::Note, None, None, None, None, "@unplaced"),
            ],
            stats: Stats::default(),
            ..Report::default()
        };
        report.source.sentences[2].role = SentenceRole::Caption;
        crate::reading_order::number_findings(&mut report);
        (info, report)
    }

    /// A small RFC 4180 reader for the tests.
    fn parse_csv(text: &str) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let mut row = Vec::new();
        let mut cell = String::new();
        let mut chars = text.chars().peekable();
        let mut quoted = false;
        let mut at_start = true;
        while let Some(c) = chars.next() {
            if quoted {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        cell.push('"');
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.push(c);
                }
                continue;
            }
            match c {
                '"' if at_start => {
                    quoted = true;
                    at_start = false;
                }
                '"' => panic!("a bare quote inside an unquoted field: {text}"),
                ',' => {
                    row.push(std::mem::take(&mut cell));
                    at_start = true;
                }
                '\r' => {
                    assert_eq!(chars.next(), Some('\n'), "CR without LF");
                    row.push(std::mem::take(&mut cell));
                    rows.push(std::mem::take(&mut row));
                    at_start = true;
                }
                '\n' => panic!("a bare LF ends a record"),
                c => {
                    cell.push(c);
                    at_start = false;
                }
            }
        }
        assert!(
            cell.is_empty() && row.is_empty(),
            "the last record ends in CRLF"
        );
        rows
    }

    fn undefuse(cell: &str) -> &str {
        match cell.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
            _ => cell,
        }
    }

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        let cell = |text: &str| {
            let mut out = String::new();
            push_csv_cell(&mut out, text);
            out
        };
        assert_eq!(cell("plain – Zürich"), "plain – Zürich");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("\"Quoted\" «word»"), "\"\"\"Quoted\"\" «word»\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(cell("-1, said \"x\""), "\"'-1, said \"\"x\"\"\"");
    }

    #[test]
    fn a_finding_with_places_lists_them_in_the_csv_and_its_annotation() {
        let (info, mut report) = fixture();
        report.findings[0].places = vec![
            Place {
                source_sentence: Some(1),
                rewrite_sentence: Some(1),
                source_text: None,
                rewrite_text: None,
            },
            Place {
                source_sentence: None,
                rewrite_sentence: Some(4),
                source_text: None,
                rewrite_text: None,
            },
        ];
        report.findings[2].minor = true;
        let rows = parse_csv(&format!("{}{}", csv_header(), csv_rows(&info, &report)));
        let col = |name: &str| CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
        assert_eq!(rows[1][col("also_in")], "1/1 /4");
        assert_eq!(rows[2][col("also_in")], "");
        let minor: Vec<&str> = rows[1..].iter().map(|r| r[col("minor")].as_str()).collect();
        assert_eq!(minor, ["", "", "true", "", ""]);

        let a = annotation(&info, &report, &report.findings[0]);
        let also: Vec<&str> = a
            .body
            .iter()
            .filter(|b| b.purpose == "commenting")
            .filter_map(|b| b.value.as_deref())
            .collect();
        assert_eq!(
            also[1],
            "Also in: sentence 2 of the copy, sentence 5 of the copy."
        );
        // The target is still the first place.
        assert_eq!(a.target.selector.unwrap().exact, "Margret Olvanskiy");
        let b = annotation(&info, &report, &report.findings[1]);
        assert!(!b
            .body
            .iter()
            .any(|b| b.value.as_deref().is_some_and(|v| v.starts_with("Also in"))));
    }

    #[test]
    fn csv_rows_parse_back_to_the_findings() {
        let (info, report) = fixture();
        let ex = ReportExports::new(&info, &report);
        let files = site_files(vec![&ex], "https://example.org/project/", "Spin Watch");
        let (name, csv) = &files[0];
        assert_eq!(*name, "findings.csv");
        let rows = parse_csv(csv);
        assert_eq!(rows[0], CSV_COLUMNS.to_vec());
        assert_eq!(rows.len(), 1 + report.findings.len());
        for (i, (row, f)) in rows[1..].iter().zip(&report.findings).enumerate() {
            assert_eq!(row.len(), CSV_COLUMNS.len());
            assert_eq!(row[0], info.slug);
            // The finding's number, as on the page: 1, 2, ...
            assert_eq!(row[1], (i + 1).to_string());
            assert_eq!(row[5], f.kind.as_str());
            let num = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
            assert_eq!(row[6], num(f.source_sentence));
            assert_eq!(row[7], num(f.rewrite_sentence));
            assert_eq!(undefuse(&row[8]), f.source_text.clone().unwrap_or_default());
            assert_eq!(
                undefuse(&row[9]),
                f.rewrite_text.clone().unwrap_or_default()
            );
            assert_eq!(undefuse(&row[10]), f.note);
        }
        // Each sentence's role, empty where the finding has no sentence.
        let roles: Vec<(&str, &str)> = rows[1..]
            .iter()
            .map(|r| (r[11].as_str(), r[12].as_str()))
            .collect();
        assert_eq!(
            roles,
            [
                ("story", "story"),
                ("story", "story"),
                ("caption", ""),
                ("", "story"),
                ("", "")
            ]
        );
        // Formula injection: cells that a spreadsheet would run start with '.
        assert_eq!(rows[2][10], "'=HYPERLINK(\"http://evil\")");
        assert_eq!(rows[4][10], "'- a *list*\n- of notes, with commas");
        assert_eq!(rows[5][10], "'@unplaced");
        assert!(csv.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""));
    }

    #[test]
    fn annotations_target_the_copy_or_the_original() {
        let (info, report) = fixture();
        let ex = ReportExports::new(&info, &report);
        let coll: Value = serde_json::from_str(&ex.collection).unwrap();
        assert_eq!(coll["@context"], ANNO_CONTEXT);
        assert_eq!(coll["type"], "AnnotationCollection");
        assert_eq!(coll["id"], format!("{}annotations.jsonld", info.report_url));
        assert_eq!(coll["total"], report.findings.len());
        let items = coll["first"]["items"].as_array().unwrap();
        assert_eq!(coll["first"]["type"], "AnnotationPage");
        assert_eq!(items.len(), report.findings.len());

        let a = &items[0];
        assert_eq!(a["type"], "Annotation");
        assert_eq!(a["motivation"], "commenting");
        assert_eq!(
            a["target"]["source"],
            "https://dailybuzz24.example/olvanskiy"
        );
        let sel = &a["target"]["selector"];
        assert_eq!(sel["type"], "TextQuoteSelector");
        assert_eq!(sel["exact"], "Margret Olvanskiy");
        assert_eq!(sel["prefix"], "Finance minister ");
        assert_eq!(sel["suffix"], " said the rate stays.");
        assert_eq!(a["body"][0]["value"], report.findings[0].note);
        assert_eq!(a["body"][0]["purpose"], "commenting");
        assert_eq!(a["body"][1]["value"], "name_changed");
        assert_eq!(a["body"][1]["purpose"], "tagging");

        // A dropped quote has no text in the copy: it targets the original
        // (its url is unknown, so the source page of the site).
        let b = &items[1];
        assert_eq!(b["target"]["source"], info.source_page_url);
        assert_eq!(b["target"]["selector"]["exact"], "stays on the table.");
        let prefix = b["target"]["selector"]["prefix"].as_str().unwrap();
        assert_eq!(prefix.chars().count(), CONTEXT_CHARS);
        assert!(report.source.sentences[1]
            .text
            .contains(&format!("{prefix}stays on the table.")));
        assert_eq!(b["target"]["selector"]["suffix"], "\"");

        // Omitted with no passage text: the whole sentence is the passage.
        assert_eq!(
            items[2]["target"]["selector"]["exact"],
            "Photo: Northgate Tribune"
        );
        assert_eq!(items[2]["motivation"], "tagging");
        assert_eq!(items[3]["body"][0]["format"], "text/markdown");
        assert_eq!(items[3]["target"]["selector"]["exact"], "increase rates");
        // A note placed nowhere targets the copy as a whole.
        assert_eq!(
            items[4]["target"]["source"],
            "https://dailybuzz24.example/olvanskiy"
        );
        assert!(items[4]["target"].get("selector").is_none());
        // Numbered as on the page: the annotation and its link to the page
        // end in the same #finding-N.
        for (i, a) in items.iter().enumerate() {
            let fragment = format!("#finding-{}", i + 1);
            assert!(a["id"].as_str().unwrap().ends_with(&fragment), "{a}");
            let link = a["body"].as_array().unwrap().last().unwrap();
            assert_eq!(link["purpose"], "linking");
            assert_eq!(link["id"], format!("{}{fragment}", info.report_url));
        }
    }

    #[test]
    fn the_site_collection_holds_every_annotation_in_slug_order() {
        let (info, report) = fixture();
        let mut info2 = info.clone();
        info2.slug = "a-first".into();
        info2.report_url = "https://example.org/project/reports/a-first/".into();
        info2.copy_url = None;
        let files = site_files(
            vec![
                &ReportExports::new(&info, &report),
                &ReportExports::new(&info2, &report),
            ],
            "https://example.org/project/",
            "Spin Watch",
        );
        let (name, text) = &files[1];
        assert_eq!(*name, "annotations.jsonld");
        let coll: Value = serde_json::from_str(text).unwrap();
        let items = coll["first"]["items"].as_array().unwrap();
        assert_eq!(items.len(), 2 * report.findings.len());
        assert_eq!(coll["total"], items.len());
        assert_eq!(coll["id"], "https://example.org/project/annotations.jsonld");
        // Without a url for the copy, the report page is the target.
        assert_eq!(items[0]["target"]["source"], info2.report_url);
        assert!(items[0]["id"].as_str().unwrap().contains("/a-first/"));
        let csv = parse_csv(&files[0].1);
        assert_eq!(csv[1][0], "a-first");
        assert_eq!(csv.last().unwrap()[0], "olvansky-dailybuzz");
    }

    #[test]
    fn each_annotation_is_printed_as_serde_json_would_print_it() {
        let (info, mut report) = fixture();
        report.findings[0].note = "a\\b \"q\" \t tab,\r\n\u{1}{ [x]: y } – ü".into();
        let ex = ReportExports::new(&info, &report);
        let annotations: Vec<Annotation> = report
            .findings
            .iter()
            .map(|f| annotation(&info, &report, f))
            .collect();
        let lines: Vec<String> = annotations
            .iter()
            .map(|a| serde_json::to_string(a).unwrap())
            .collect();
        assert_eq!(ex.annotation_lines, lines);
        let label = format!(
            "Changes in \u{201c}{}\u{201d} ({}) compared with its original",
            info.title, info.site
        );
        // The report's collection: the same lines, inside the collection.
        let whole: Value = serde_json::from_str(&ex.collection).unwrap();
        let expected = collection(&info.annotations_url(), &label, annotations.clone());
        assert_eq!(whole, serde_json::to_value(&expected).unwrap());
        assert!(ex
            .collection
            .ends_with(&format!("\n{}\n]}}}}\n", lines.join(",\n"))));

        report.findings.clear();
        let empty = ReportExports::new(&info, &report);
        let whole: Value = serde_json::from_str(&empty.collection).unwrap();
        let expected = collection(&info.annotations_url(), &label, Vec::new());
        assert_eq!(whole, serde_json::to_value(&expected).unwrap());
        assert!(empty.annotation_lines.is_empty());
    }

    #[test]
    fn context_is_cut_on_characters() {
        let (p, s) = context("ÄÖÜ äöü – Müller sagte: «ja»", "Müller");
        assert_eq!(p, "ÄÖÜ äöü – ");
        assert_eq!(s, " sagte: «ja»");
        let long = "x".repeat(100);
        let (p, s) = context(&format!("{long}AB{long}"), "AB");
        assert_eq!((p.len(), s.len()), (CONTEXT_CHARS, CONTEXT_CHARS));
        assert_eq!(context("abc", "zz"), (String::new(), String::new()));
    }
}
