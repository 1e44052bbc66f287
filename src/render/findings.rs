//! A report's findings as its page shows them: cards beside their rows,
//! the list of all changes, the minor ones folded.

use serde::Serialize;

use super::escape::escape_html;
use super::kinds::letter;
use super::markdown;
use crate::content::site_links;
use crate::paths::Urls;
use crate::report::{Finding, FindingKind, Report};

/// One finding as shown in the page.
#[derive(Debug, Clone, Serialize)]
pub struct FindingItem {
    /// Index in `report.json`'s `findings` (which are in reading order).
    pub index: usize,
    /// The element id, `finding-<number>`.
    pub id: String,
    /// The finding's number ([`Finding::id`]: 1, 2, ... in reading order),
    /// as in `#finding-N`, `findings.csv` and the annotations.
    pub number: usize,
    pub kind: &'static str,
    pub label: &'static str,
    pub letter: &'static str,
    pub source_text: Option<String>,
    pub rewrite_text: Option<String>,
    /// The explanation: the author's Markdown for notes, escaped text otherwise.
    pub note_html: String,
    /// The row it belongs to, if it could be placed.
    pub row: Option<usize>,
    /// Shown folded under the list of all changes and not counted.
    pub minor: bool,
    /// The further places of the same change ("Also in: ...").
    pub places: Vec<PlaceLink>,
}

/// A link to one more place of a finding: a sentence of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceLink {
    /// The sentence's element id as a fragment (`#r7`, `#s3`).
    pub href: String,
    /// What the link says: "sentence 8 of the copy" (sentences counted from 1).
    pub label: String,
}

/// Links to the further places of `f`, on the copy's side where a place has
/// a sentence there.
fn place_links(f: &Finding) -> Vec<PlaceLink> {
    f.places
        .iter()
        .filter_map(|p| {
            let (prefix, id, side) = match (p.rewrite_sentence, p.source_sentence) {
                (Some(r), _) => ("r", r, "copy"),
                (None, Some(s)) => ("s", s, "original"),
                (None, None) => return None,
            };
            Some(PlaceLink {
                href: format!("#{prefix}{id}"),
                label: format!("sentence {} of the {side}", id + 1),
            })
        })
        .collect()
}

fn finding_note_html(f: &Finding, urls: &Urls) -> String {
    if f.kind == FindingKind::Note {
        markdown::render_linking(&f.note, &|dest| site_links::resolve(dest, urls.base_path()))
    } else if f.note.is_empty() {
        String::new()
    } else {
        format!("<p>{}</p>", escape_html(&f.note))
    }
}

/// The element id of the finding numbered `i` in the report page (`finding-3`).
fn finding_id(i: usize) -> String {
    format!("finding-{i}")
}

/// The report's findings in reading order, each with the row it belongs to
/// (`report` must be numbered in reading order).
/// An author's `@/` links in notes resolve under `urls`.
pub fn finding_items(report: &Report, urls: &Urls) -> Vec<FindingItem> {
    let rows_of = crate::reading_order::finding_rows(report);
    report
        .findings
        .iter()
        .zip(rows_of)
        .enumerate()
        .map(|(i, (f, row))| FindingItem {
            index: i,
            id: finding_id(f.id),
            number: f.id,
            kind: f.kind.as_str(),
            label: f.kind.label(),
            letter: letter(f.kind),
            source_text: f.source_text.clone(),
            rewrite_text: f.rewrite_text.clone(),
            note_html: finding_note_html(f, urls),
            row,
            minor: f.minor,
            places: place_links(f),
        })
        .collect()
}
