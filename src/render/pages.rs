//! Page contexts: the plain data each template receives, and the functions
//! that build them from reports and library metadata.
//!
//! Every string here is plain text that templates escape, except fields named
//! `*_html`, which hold HTML this module made itself from escaped text or
//! sanitised Markdown.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Value};

use super::annotate::{find_chars, map_diff, push_annotated_sentence, Annotation, MarkSpan};
use super::{
    listing_parts, markdown, push_escaped, report_parts, report_shell, set_aside, slugify,
    Renderer, Urls,
};
use crate::config::Config;
use crate::content::{Rewrite, Source};
use crate::error::Diagnostic;
use crate::report::{Finding, FindingKind, Relation, Report, SentenceRole};
use crate::text::push_number;

/// The Content-Security-Policy of every page except the embed page.
pub const CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/// Site-wide values, available to every template as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteContext {
    pub title: String,
    pub description: String,
    pub language: String,
    /// Path prefix for in-site links, e.g. `/project/`.
    pub base_path: String,
    /// Absolute base URL, e.g. `https://example.org/project/`.
    pub base_url: String,
    /// In-site path of the theme's static files, e.g. `/project/static/`.
    pub static_path: String,
    pub csp: String,
    pub feed_url: String,
    /// In-site path of the data page, which every page's footer links to.
    pub data_path: String,
    /// Every finding kind, in a fixed order, for legends and filters.
    pub kinds: Vec<KindInfo>,
}

impl SiteContext {
    pub fn new(config: &Config, urls: &Urls) -> SiteContext {
        SiteContext {
            title: config.title.clone(),
            description: config.description.clone(),
            language: config.language.clone(),
            base_path: urls.path(""),
            base_url: urls.absolute(""),
            static_path: urls.path("static/"),
            csp: CSP.to_string(),
            feed_url: urls.absolute("atom.xml"),
            data_path: urls.path(crate::paths::data_page().url()),
            kinds: FindingKind::ALL.iter().map(|k| KindInfo::new(*k)).collect(),
        }
    }
}

/// A finding kind as shown to readers.
#[derive(Debug, Clone, Serialize)]
pub struct KindInfo {
    /// e.g. `name_changed` (also the CSS class suffix `kind-name_changed`).
    pub kind: &'static str,
    pub label: &'static str,
    /// A short non-colour marker, e.g. `N`.
    pub letter: &'static str,
}

impl KindInfo {
    pub fn new(kind: FindingKind) -> KindInfo {
        KindInfo {
            kind: kind.as_str(),
            label: kind.label(),
            letter: letter(kind),
        }
    }
}

/// A kind and how many findings of it.
#[derive(Debug, Clone, Serialize)]
pub struct KindCount {
    pub kind: &'static str,
    pub label: &'static str,
    pub letter: &'static str,
    pub count: usize,
}

fn letter(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::NameChanged => "N",
        FindingKind::QuoteChanged => "Q",
        FindingKind::QuoteDropped => "Q\u{2212}",
        FindingKind::NumberChanged => "#",
        FindingKind::AttributionDropped => "A\u{2212}",
        FindingKind::AttributionChanged => "A",
        FindingKind::RoleChanged => "R",
        FindingKind::MeaningChanged => "M",
        FindingKind::Omitted => "\u{2212}",
        FindingKind::Added => "+",
        FindingKind::Note => "i",
    }
}

/// Metadata of the page being rendered (title, canonical URL, sharing cards).
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    /// Absolute URL of this page.
    pub canonical: String,
    /// In-site path of this page.
    pub path: String,
    /// `index`, `report`, `embed`, `source`, `site`, `404`.
    pub kind: &'static str,
    /// Open Graph type: `website` or `article`.
    pub og_type: &'static str,
}

/// A source as linked from other pages.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRef {
    pub slug: String,
    pub title: String,
    pub url: Option<String>,
    pub publisher: String,
    pub author: Option<String>,
    pub date: String,
    pub path: String,
}

impl SourceRef {
    pub fn new(source: &Source, urls: &Urls) -> SourceRef {
        SourceRef {
            slug: source.slug.clone(),
            title: source.meta.title.clone(),
            url: source.meta.url.clone().filter(|u| is_web_url(u)),
            publisher: source.meta.publisher.clone(),
            author: source.meta.author.clone(),
            date: source.meta.date.clone(),
            path: urls.path(&format!("sources/{}/", source.slug)),
        }
    }
}

/// Only http(s) URLs from front matter become links.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

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
}

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

/// One aligned group: source sentences beside rewrite sentences.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub index: usize,
    /// `identical`, `light_edit`, `paraphrase`, `omitted`, `added`.
    pub relation: &'static str,
    pub relation_label: &'static str,
    pub similarity_pct: u32,
    /// False for identical story rows without findings (folded in "changes
    /// only"; set-aside rows have their own fold).
    pub changed: bool,
    /// For an unchanged row: the id of its run of unchanged rows.
    pub run: Option<usize>,
    /// On the first row of a run of unchanged rows: how many rows the run has.
    pub fold_count: usize,
    /// The role of the row's first sentence: `story`, `heading`, `caption`, `furniture`.
    pub role: &'static str,
    /// The row holds only captions and furniture: it is folded with the
    /// rows of the same kind next to it.
    pub set_aside: bool,
    /// On the first row of a run of set-aside rows: what the run is, for
    /// the fold's summary ("Set aside: share prompts, 3 sentences").
    pub aside_summary: Option<String>,
    /// On the first row of such a run: its number of sentences.
    pub aside_sentences: usize,
    /// On the last row of such a run.
    pub aside_end: bool,
    pub source_html: String,
    pub rewrite_html: String,
    pub findings: Vec<FindingItem>,
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
    // The lists below are rendered once for both pages, and are added to
    // the templates' `report` only when the site overrides a template that
    // may show them (see `Renderer::share_report`).
    #[serde(skip)]
    pub rows: Vec<Row>,
    /// All findings in reading order, but the minor ones.
    #[serde(skip)]
    pub findings: Vec<FindingItem>,
    /// The minor findings (a place name's spelling convention, a name's
    /// grammatical form), shown folded and not counted.
    #[serde(skip)]
    pub minor: Vec<FindingItem>,
    /// Findings that could not be placed beside a passage.
    #[serde(skip)]
    pub unplaced: Vec<FindingItem>,
    pub path: String,
    pub json_path: String,
    pub embed_path: String,
    pub absolute_url: String,
    pub embed_url: String,
}

fn relation_str(r: Relation) -> (&'static str, &'static str) {
    match r {
        Relation::Identical => ("identical", "Copied unchanged"),
        Relation::LightEdit => ("light_edit", "Lightly edited"),
        Relation::Paraphrase => ("paraphrase", "Reworded"),
        Relation::Omitted => ("omitted", "Left out of the copy"),
        Relation::Added => ("added", "Added in the copy"),
    }
}

fn role_str(r: SentenceRole) -> &'static str {
    r.as_str()
}

fn pct(x: f64) -> u32 {
    if x.is_finite() {
        (x.clamp(0.0, 1.0) * 100.0).round() as u32
    } else {
        0
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The counts of findings per kind, counted from the findings themselves.
pub fn kind_counts(findings: &[Finding]) -> Vec<KindCount> {
    let mut counts: BTreeMap<FindingKind, usize> = BTreeMap::new();
    for f in findings {
        *counts.entry(f.kind).or_default() += 1;
    }
    FindingKind::ALL
        .iter()
        .map(|k| KindCount {
            kind: k.as_str(),
            label: k.label(),
            letter: letter(*k),
            count: counts.get(k).copied().unwrap_or(0),
        })
        .collect()
}

fn finding_note_html(f: &Finding) -> String {
    if f.kind == FindingKind::Note {
        markdown::render(&f.note)
    } else if f.note.is_empty() {
        String::new()
    } else {
        let mut html = String::with_capacity(f.note.len() + "<p></p>".len());
        html.push_str("<p>");
        push_escaped(&mut html, &f.note);
        html.push_str("</p>");
        html
    }
}

/// The element id of the finding numbered `i` in the report page (`finding-3`).
fn finding_id(i: usize) -> String {
    let mut id = String::with_capacity(12);
    id.push_str("finding-");
    push_number(&mut id, i);
    id
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
    let rows_of = crate::reading_order::finding_rows(report);
    let mut items: Vec<FindingItem> = Vec::with_capacity(report.findings.len());
    for (i, (f, row)) in report.findings.iter().zip(rows_of).enumerate() {
        items.push(FindingItem {
            index: i,
            id: finding_id(f.id),
            number: f.id,
            kind: f.kind.as_str(),
            label: f.kind.label(),
            letter: letter(f.kind),
            source_text: f.source_text.clone(),
            rewrite_text: f.rewrite_text.clone(),
            note_html: finding_note_html(f),
            row,
            minor: f.minor,
            places: place_links(f),
        });
    }

    // Marks per sentence.
    let mut src_marks: BTreeMap<usize, Vec<MarkSpan>> = BTreeMap::new();
    let mut rw_marks: BTreeMap<usize, Vec<MarkSpan>> = BTreeMap::new();
    for f in &report.findings {
        // The finding's further places are marked as belonging to it too,
        // wherever a place quotes its text.
        for p in &f.places {
            for (sentence, text, sentences, marks) in [
                (
                    p.source_sentence,
                    &p.source_text,
                    &report.source.sentences,
                    &mut src_marks,
                ),
                (
                    p.rewrite_sentence,
                    &p.rewrite_text,
                    &report.rewrite.sentences,
                    &mut rw_marks,
                ),
            ] {
                let (Some(sid), Some(t)) = (sentence, text) else {
                    continue;
                };
                let Some(s) = sentences.get(sid) else {
                    continue;
                };
                if let Some((start, end)) = find_chars(&s.text, t) {
                    marks.entry(sid).or_default().push(MarkSpan {
                        start,
                        end,
                        finding: f.id,
                        kind: f.kind,
                        minor: f.minor,
                    });
                }
            }
        }
        let mut placed = false;
        for (sentence, text, sentences, marks) in [
            (
                f.source_sentence,
                &f.source_text,
                &report.source.sentences,
                &mut src_marks,
            ),
            (
                f.rewrite_sentence,
                &f.rewrite_text,
                &report.rewrite.sentences,
                &mut rw_marks,
            ),
        ] {
            let Some(sid) = sentence else { continue };
            let Some(s) = sentences.get(sid) else {
                continue;
            };
            let range = match text {
                Some(t) => find_chars(&s.text, t),
                None => None,
            };
            if let Some((start, end)) = range {
                marks.entry(sid).or_default().push(MarkSpan {
                    start,
                    end,
                    finding: f.id,
                    kind: f.kind,
                    minor: f.minor,
                });
                placed = true;
            }
        }
        if !placed {
            // Nothing quoted: mark the whole sentence on the side that has one.
            let target = f
                .rewrite_sentence
                .and_then(|s| {
                    report
                        .rewrite
                        .sentences
                        .get(s)
                        .map(|x| (s, x, &mut rw_marks))
                })
                .or_else(|| {
                    f.source_sentence.and_then(|s| {
                        report
                            .source
                            .sentences
                            .get(s)
                            .map(|x| (s, x, &mut src_marks))
                    })
                });
            if let Some((sid, s, marks)) = target {
                let end = s.text.chars().count();
                marks.entry(sid).or_default().push(MarkSpan {
                    start: 0,
                    end,
                    finding: f.id,
                    kind: f.kind,
                    minor: f.minor,
                });
            }
        }
    }

    let mut by_row: BTreeMap<usize, Vec<FindingItem>> = BTreeMap::new();
    // Minor findings get no card beside their row: they are folded under
    // the list of all changes.
    for item in items.iter().filter(|f| !f.minor) {
        if let Some(row) = item.row {
            by_row.entry(row).or_default().push(item.clone());
        }
    }
    let mut rows: Vec<Row> = Vec::with_capacity(report.alignment.len());
    for (gi, g) in report.alignment.iter().enumerate() {
        let (relation, relation_label) = relation_str(g.relation);
        let show_diff = matches!(g.relation, Relation::LightEdit | Relation::Paraphrase);
        let cell = |ids: &[usize], side: Annotation| -> String {
            let sentences = match side {
                Annotation::Source => &report.source.sentences,
                Annotation::Rewrite => &report.rewrite.sentences,
            };
            let texts: Vec<&str> = ids
                .iter()
                .filter_map(|i| sentences.get(*i))
                .map(|s| s.text.as_str())
                .collect();
            let flags = if show_diff {
                map_diff(&g.diff, side, &texts)
            } else {
                None
            };
            let marks_map = match side {
                Annotation::Source => &src_marks,
                Annotation::Rewrite => &rw_marks,
            };
            let prefix = match side {
                Annotation::Source => "s",
                Annotation::Rewrite => "r",
            };
            let mut html = String::with_capacity(texts.iter().map(|t| 2 * t.len() + 64).sum());
            for (k, id) in ids.iter().enumerate() {
                let Some(s) = sentences.get(*id) else {
                    continue;
                };
                let marks = marks_map.get(id).map(Vec::as_slice).unwrap_or(&[]);
                let changed = flags.as_ref().and_then(|f| f.get(k)).map(Vec::as_slice);
                if k > 0 {
                    html.push(' ');
                }
                html.push_str("<span class=\"sentence role-");
                html.push_str(role_str(s.role));
                html.push_str("\" id=\"");
                html.push_str(prefix);
                push_number(&mut html, *id);
                html.push_str("\">");
                push_annotated_sentence(&mut html, &s.text, side, changed, marks);
                html.push_str("</span>");
            }
            html
        };
        let findings: Vec<FindingItem> = by_row.remove(&gi).unwrap_or_default();
        let role = g
            .source
            .first()
            .and_then(|i| report.source.sentences.get(*i))
            .or_else(|| {
                g.rewrite
                    .first()
                    .and_then(|i| report.rewrite.sentences.get(*i))
            })
            .map_or("story", |s| role_str(s.role));
        rows.push(Row {
            index: gi,
            relation,
            relation_label,
            // A changed row never reads "100% alike".
            similarity_pct: if g.relation == Relation::Identical {
                pct(g.similarity)
            } else {
                pct(g.similarity).min(99)
            },
            changed: g.relation != Relation::Identical || !findings.is_empty(),
            run: None,
            fold_count: 0,
            role,
            set_aside: false,
            aside_summary: None,
            aside_sentences: 0,
            aside_end: false,
            source_html: cell(&g.source, Annotation::Source),
            rewrite_html: cell(&g.rewrite, Annotation::Rewrite),
            findings,
        });
    }
    set_aside::fold_set_aside_rows(&mut rows, report);
    // Runs of unchanged rows, folded in the "changes only" view.
    let mut run_id = 0;
    let mut i = 0;
    while i < rows.len() {
        if rows[i].changed {
            i += 1;
            continue;
        }
        let start = i;
        while i < rows.len() && !rows[i].changed {
            rows[i].run = Some(run_id);
            i += 1;
        }
        rows[start].fold_count = i - start;
        run_id += 1;
    }

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
        set_aside_line: set_aside::set_aside_line(report),
        kinds,
        present,
    };
    let source_ref = SourceRef::new(source, urls);
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
    let unplaced = items
        .iter()
        .filter(|f| f.row.is_none() && !f.minor)
        .cloned()
        .collect();
    let (minor, items): (Vec<FindingItem>, Vec<FindingItem>) =
        items.into_iter().partition(|f| f.minor);
    ReportContext {
        slug: rewrite.slug.clone(),
        title: meta.title.clone(),
        url: meta.url.clone().filter(|u| is_web_url(u)),
        site: meta.site.clone(),
        site_path: urls.path(&format!("sites/{site_slug}/")),
        site_slug,
        date: meta.date.clone(),
        draft: meta.draft,
        summary_html: meta.summary.as_deref().map(markdown::render),
        summary_text: meta
            .summary
            .as_deref()
            .map(markdown::plain_text)
            .unwrap_or_default(),
        headline,
        source: source_ref,
        stats,
        rows,
        findings: items,
        minor,
        unplaced,
        path: urls.path(&format!("reports/{}/", rewrite.slug)),
        json_path: urls.path(&format!("reports/{}/report.json", rewrite.slug)),
        embed_path: urls.path(&format!("embed/{}/", rewrite.slug)),
        absolute_url: urls.absolute(&format!("reports/{}/", rewrite.slug)),
        embed_url: urls.absolute(&format!("embed/{}/", rewrite.slug)),
    }
}

/// What the index, source, site and feed pages need to know about a report,
/// kept after its own pages are written.
#[derive(Debug, Clone, Serialize)]
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
    /// Names and passages the findings point at, for the index's search box.
    pub search_text: String,
    /// For each source sentence: the share of it this copy kept (0..=1).
    #[serde(skip)]
    pub coverage: Vec<f32>,
    /// The source's sentences (text, role) as this report cut them.
    #[serde(skip)]
    pub source_sentences: Vec<(String, SentenceRole)>,
}

impl ReportSummary {
    pub fn new(ctx: &ReportContext, report: &Report) -> ReportSummary {
        let coverage = super::coverage::source_kept(report);
        let mut search_text = String::new();
        let mut seen = std::collections::BTreeSet::new();
        for f in &report.findings {
            for t in [&f.source_text, &f.rewrite_text].into_iter().flatten() {
                let t: String = t.chars().take(160).collect();
                if search_text.len() < 4000 && seen.insert(t.clone()) {
                    search_text.push_str(&t);
                    search_text.push_str(" | ");
                }
            }
        }
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
            search_text,
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

fn totals(reports: &[&ReportSummary]) -> Vec<KindCount> {
    let mut out: Vec<KindCount> = FindingKind::ALL
        .iter()
        .map(|k| KindCount {
            kind: k.as_str(),
            label: k.label(),
            letter: letter(*k),
            count: 0,
        })
        .collect();
    for r in reports {
        for (o, k) in out.iter_mut().zip(&r.kinds) {
            o.count += k.count;
        }
    }
    out
}

/// One of a report's two pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportPage {
    /// `reports/<slug>/index.html`.
    Report,
    /// `embed/<slug>/index.html`.
    Embed,
}

/// A rendered page, or why it could not be.
type PageBytes = Result<Vec<u8>, Diagnostic>;

/// A report's two pages, each rendered or failed on its own.
#[derive(Debug)]
pub struct ReportPages {
    /// `reports/<slug>/index.html`.
    pub report: Result<Vec<u8>, Diagnostic>,
    /// `embed/<slug>/index.html`.
    pub embed: Result<Vec<u8>, Diagnostic>,
}

/// The template that renders the rows of the comparison, once for both pages.
const ROWS_TEMPLATE: &str = "report_rows.html";
/// The template that renders the index's row per report.
const INDEX_ROWS_TEMPLATE: &str = "index_rows.html";
/// The template that renders a source page's row per sentence.
const COVERAGE_TEMPLATE: &str = "source_coverage.html";
/// The template that renders the unplaced notes and the list of all changes,
/// once for both pages.
const FINDINGS_TEMPLATE: &str = "report_findings.html";

/// What the report page and the embed page share: the report as templates see
/// it, made once (a Tera value is cheap to copy), and the parts that both
/// pages show alike, rendered once.
struct SharedReport {
    report: Value,
    rows_html: Value,
    findings_html: Value,
    /// Bytes of `rows_html` and `findings_html` together.
    html_len: usize,
}

/// Room for a report page around its rows and findings lists (the header,
/// key figures and filters take a few kilobytes).
const REPORT_PAGE_MARGIN: usize = 16 * 1024;

/// A generous guess at the size of a report's rendered rows: their cells'
/// HTML and notes plus the markup around each row and finding card.
fn rows_html_guess(rows: &[Row]) -> usize {
    const ROW_MARKUP: usize = 768;
    const FINDING_MARKUP: usize = 512;
    rows.iter()
        .map(|r| {
            let cards: usize = r
                .findings
                .iter()
                .map(|f| FINDING_MARKUP + f.note_html.len())
                .sum();
            ROW_MARKUP + r.source_html.len() + r.rewrite_html.len() + cards
        })
        .sum()
}

/// The default theme's rows and findings lists, written without Tera.
fn builtin_lists(ctx: &ReportContext) -> (String, String) {
    let mut rows = String::with_capacity(rows_html_guess(&ctx.rows));
    report_parts::push_rows(&mut rows, &ctx.rows);
    (rows, report_parts::findings_html(ctx))
}

/// Whether the report shows a code block, which needs the highlighting
/// stylesheet: only the author's Markdown (summary and notes) can hold one.
pub(super) fn shows_code(ctx: &ReportContext) -> bool {
    ctx.summary_html
        .iter()
        .chain(ctx.findings.iter().chain(&ctx.minor).map(|f| &f.note_html))
        .any(|html| markdown::has_code_block(html))
}

/// The embed page's inline style and script, and the CSP that admits exactly them.
#[derive(Debug, Clone, Serialize)]
pub struct EmbedAssets {
    pub css: String,
    pub js: String,
    pub csp: String,
}

impl EmbedAssets {
    /// Inlines the stylesheets (one after the other, a line break between)
    /// and the script; `</` is escaped so neither can close its element early.
    pub fn new(stylesheets: &[&str], script: &str) -> EmbedAssets {
        let css = stylesheets.join("\n").replace("</", "<\\/");
        let js = script.replace("</", "<\\/");
        let csp = format!(
            "default-src 'none'; script-src {}; style-src {}; img-src 'self' data:; base-uri 'none'; form-action 'none'",
            super::hash::csp_hash(&js),
            super::hash::csp_hash(&css)
        );
        EmbedAssets { css, js, csp }
    }
}

#[derive(Serialize)]
struct Named {
    name: String,
    slug: String,
    path: String,
    count: usize,
}

#[derive(Serialize)]
struct IndexPage<'a> {
    page: PageMeta,
    report_count: usize,
    /// For a site's own `index.html` or `base.html`, which may list them;
    /// the default's rows come as `rows_html`.
    #[serde(skip_serializing_if = "Option::is_none")]
    reports: Option<&'a [ReportSummary]>,
    /// The table's rows (`index_rows.html`).
    rows_html: String,
    sites: Vec<Named>,
    sources: Vec<Named>,
    totals: Vec<KindCount>,
}

/// One copy's box in a sentence's row of a source page.
#[derive(Serialize)]
pub(super) struct CoverageCell<'a> {
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
}

impl<'a> CoverageCell<'a> {
    /// The box of `copy` for sentence `i` of its original.
    fn new(copy: &'a ReportSummary, i: usize) -> CoverageCell<'a> {
        let share = copy.coverage.get(i).copied().unwrap_or(0.0);
        let kept = super::coverage::Kept::of(share);
        CoverageCell {
            slug: &copy.slug,
            site: &copy.site,
            taken: kept != super::coverage::Kept::None,
            kept_pct: pct(f64::from(share)),
            class: kept.class(),
            said: kept.words(),
        }
    }
}

/// A sentence of an original, with which copies took it.
#[derive(Serialize)]
pub(super) struct CoverageSentence<'a> {
    pub id: usize,
    pub text: &'a str,
    pub role: &'static str,
    pub taken_count: usize,
    pub cells: Vec<CoverageCell<'a>>,
}

#[derive(Serialize)]
struct SourcePage<'a> {
    page: PageMeta,
    source: SourceRef,
    copies: Vec<&'a ReportSummary>,
    /// For a site's own `source.html` or `base.html`; the default's rows
    /// come as `coverage_html`.
    #[serde(skip_serializing_if = "Option::is_none")]
    sentences: Option<Vec<CoverageSentence<'a>>>,
    /// A list item per sentence (`source_coverage.html`).
    coverage_html: String,
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
    publisher: Named,
    reports: Vec<&'a ReportSummary>,
    totals: SiteTotals,
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    /// A permanent identifier: the absolute URL, or a `urn:` when `base_url` is only a path.
    id: String,
    url: &'a str,
    updated: String,
    summary: String,
    site: &'a str,
    source_title: &'a str,
}

#[derive(Serialize)]
struct FeedPage<'a> {
    page: PageMeta,
    /// The feed's permanent identifier (see `FeedEntry::id`).
    id: String,
    updated: String,
    entries: Vec<FeedEntry<'a>>,
}

#[derive(Serialize)]
struct SitemapPage {
    page: PageMeta,
    urls: Vec<SitemapUrl>,
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

#[derive(Serialize)]
struct PlainPage {
    page: PageMeta,
}

/// A publisher of copies: the name shown and its page slug.
pub fn site_groups(reports: &[ReportSummary]) -> BTreeMap<String, Vec<&ReportSummary>> {
    let mut out: BTreeMap<String, Vec<&ReportSummary>> = BTreeMap::new();
    for r in reports {
        out.entry(r.site_slug.clone()).or_default().push(r);
    }
    out
}

/// Atom ids must be absolute IRIs: the URL when `base_url` is absolute,
/// otherwise a stable `urn:` made from the site's title and the page.
fn feed_id(url: &str, what: &str, site_title: &str) -> String {
    if url.starts_with("http://") || url.starts_with("https://") {
        url.to_string()
    } else {
        // A title with no letter or digit names no site: "site" stands in.
        let name = Some(slugify(site_title)).filter(|s| !s.is_empty());
        format!("urn:unspun:{}:{what}", name.as_deref().unwrap_or("site"))
    }
}

/// A report page's description: the summary, or the headline without one.
fn report_description(ctx: &ReportContext) -> String {
    if ctx.summary_text.is_empty() {
        ctx.headline.clone()
    } else {
        ctx.summary_text.clone()
    }
}

fn rfc3339(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

impl Renderer {
    pub(super) fn meta(
        &self,
        title: String,
        description: String,
        rel: &str,
        kind: &'static str,
    ) -> PageMeta {
        PageMeta {
            title,
            description,
            canonical: self.urls.absolute(rel),
            path: self.urls.path(rel),
            kind,
            og_type: if kind == "report" {
                "article"
            } else {
                "website"
            },
        }
    }

    /// The report page and the embed page of one report. Prefer this to
    /// [`report_page`](Self::report_page) and [`embed_page`](Self::embed_page)
    /// when both are wanted: what they share is made once.
    pub fn report_pages(&self, ctx: &ReportContext) -> ReportPages {
        if self.builtin_report_templates {
            let (rows, findings) = builtin_lists(ctx);
            return ReportPages {
                report: Ok(self.builtin_report_page(ctx, &rows, &findings)),
                embed: Ok(self.builtin_embed_page(ctx, &rows, &findings)),
            };
        }
        let (report, embed) = self.tera_report_pages(ctx);
        ReportPages { report, embed }
    }

    /// Renders the report page, then the embed page, handing each to `put`
    /// as the pieces it is made of: the default theme's pages splice in the
    /// rows, the findings and the embed's style and script rather than copy
    /// them, and a build writes the pieces as they are.
    pub fn each_report_page(
        &self,
        ctx: &ReportContext,
        mut put: impl FnMut(ReportPage, Result<&[&[u8]], Diagnostic>),
    ) {
        if self.builtin_report_templates {
            let (rows, findings) = builtin_lists(ctx);
            let report = self.builtin_report_shell(ctx, &rows, &findings);
            put(ReportPage::Report, Ok(&report.pieces()));
            let embed = self.builtin_embed_shell(ctx, &rows, &findings);
            put(ReportPage::Embed, Ok(&embed.pieces()));
            return;
        }
        let (report, embed) = self.tera_report_pages(ctx);
        for (which, page) in [(ReportPage::Report, report), (ReportPage::Embed, embed)] {
            match page {
                Ok(bytes) => put(which, Ok(&[bytes.as_slice()])),
                Err(d) => put(which, Err(d)),
            }
        }
    }

    /// Both pages through the site's templates.
    fn tera_report_pages(&self, ctx: &ReportContext) -> (PageBytes, PageBytes) {
        match self.share_report(ctx) {
            Ok(shared) => (
                self.render_report_page(ctx, &shared),
                self.render_embed_page(ctx, &shared),
            ),
            Err(d) => (Err(d.clone()), Err(d)),
        }
    }

    /// The report page.
    pub fn report_page(&self, ctx: &ReportContext) -> Result<String, Diagnostic> {
        let page = if self.builtin_report_templates {
            let (rows, findings) = builtin_lists(ctx);
            self.builtin_report_page(ctx, &rows, &findings)
        } else {
            self.render_report_page(ctx, &self.share_report(ctx)?)?
        };
        self.page_text("report.html", page)
    }

    /// The self-contained embed page: theme CSS and script inline, admitted by hash.
    pub fn embed_page(&self, ctx: &ReportContext) -> Result<String, Diagnostic> {
        let page = if self.builtin_report_templates {
            let (rows, findings) = builtin_lists(ctx);
            self.builtin_embed_page(ctx, &rows, &findings)
        } else {
            self.render_embed_page(ctx, &self.share_report(ctx)?)?
        };
        self.page_text("embed.html", page)
    }

    /// The default theme's report page, without Tera.
    fn builtin_report_page(&self, ctx: &ReportContext, rows: &str, findings: &str) -> Vec<u8> {
        self.builtin_report_shell(ctx, rows, findings).into_bytes()
    }

    /// The default theme's embed page, without Tera.
    fn builtin_embed_page(&self, ctx: &ReportContext, rows: &str, findings: &str) -> Vec<u8> {
        self.builtin_embed_shell(ctx, rows, findings).into_bytes()
    }

    /// [`builtin_report_page`](Self::builtin_report_page) in its pieces.
    fn builtin_report_shell<'a>(
        &self,
        ctx: &ReportContext,
        rows: &'a str,
        findings: &'a str,
    ) -> report_shell::Spliced<'a> {
        report_shell::report_page(&self.site, &self.report_meta(ctx), ctx, rows, findings)
    }

    /// [`builtin_embed_page`](Self::builtin_embed_page) in its pieces.
    fn builtin_embed_shell<'a>(
        &'a self,
        ctx: &ReportContext,
        rows: &'a str,
        findings: &'a str,
    ) -> report_shell::Spliced<'a> {
        let (page, assets) = (self.embed_meta(ctx), &self.embed_assets(ctx).raw);
        report_shell::embed_page(&self.site, &page, ctx, rows, findings, assets)
    }

    /// Makes the report's template value, with its lists, and renders the
    /// rows and the findings lists through the site's templates (they see
    /// `report` and `site`).
    fn share_report(&self, ctx: &ReportContext) -> Result<SharedReport, Diagnostic> {
        let head =
            Value::try_from_serializable(ctx).map_err(|e| self.context_error(ROWS_TEMPLATE, &e))?;
        let report = self.with_lists(head, ctx)?;
        let mut context = Context::new();
        context.insert_value("report", report.clone());
        self.insert_site(&mut context);
        let rows = self.render_sized(ROWS_TEMPLATE, &context, rows_html_guess(&ctx.rows))?;
        let rows = self.page_text(ROWS_TEMPLATE, rows)?;
        let findings = self.render(FINDINGS_TEMPLATE, &context)?;
        Ok(SharedReport {
            report,
            rows_html: Value::safe_string(&rows),
            findings_html: Value::safe_string(&findings),
            html_len: rows.len() + findings.len(),
        })
    }

    /// The report's value with its `rows`, `findings` and `unplaced`, which
    /// only templates overridden by the site may need.
    fn with_lists(&self, head: Value, ctx: &ReportContext) -> Result<Value, Diagnostic> {
        let error = |e: tera::Error| self.context_error(ROWS_TEMPLATE, &e);
        let mut map = head.into_map().unwrap_or_default();
        map.insert(
            "rows".into(),
            Value::try_from_serializable(&ctx.rows).map_err(error)?,
        );
        map.insert(
            "findings".into(),
            Value::try_from_serializable(&ctx.findings).map_err(error)?,
        );
        map.insert(
            "unplaced".into(),
            Value::try_from_serializable(&ctx.unplaced).map_err(error)?,
        );
        map.insert(
            "minor".into(),
            Value::try_from_serializable(&ctx.minor).map_err(error)?,
        );
        Ok(Value::from(map))
    }

    /// The context of `report.html` and `embed.html`: `page`, `site`,
    /// `report`, and the shared parts as `rows_html` and `findings_html`.
    fn report_page_context(&self, page: &PageMeta, shared: &SharedReport) -> Context {
        let mut context = Context::new();
        context.insert("page", page);
        context.insert_value("report", shared.report.clone());
        context.insert_value("rows_html", shared.rows_html.clone());
        context.insert_value("findings_html", shared.findings_html.clone());
        self.insert_site(&mut context);
        context
    }

    /// The report page's `page`.
    fn report_meta(&self, ctx: &ReportContext) -> PageMeta {
        self.meta(
            ctx.title.clone(),
            report_description(ctx),
            &format!("reports/{}/", ctx.slug),
            "report",
        )
    }

    /// The embed page's `page`.
    fn embed_meta(&self, ctx: &ReportContext) -> PageMeta {
        let mut page = self.meta(
            ctx.title.clone(),
            report_description(ctx),
            &format!("embed/{}/", ctx.slug),
            "embed",
        );
        // The canonical page of an embed is the report itself.
        page.canonical = ctx.absolute_url.clone();
        page
    }

    fn render_report_page(
        &self,
        ctx: &ReportContext,
        shared: &SharedReport,
    ) -> Result<Vec<u8>, Diagnostic> {
        let page = self.report_meta(ctx);
        self.render_sized(
            "report.html",
            &self.report_page_context(&page, shared),
            shared.html_len + REPORT_PAGE_MARGIN,
        )
    }

    fn render_embed_page(
        &self,
        ctx: &ReportContext,
        shared: &SharedReport,
    ) -> Result<Vec<u8>, Diagnostic> {
        let page = self.embed_meta(ctx);
        let mut context = self.report_page_context(&page, shared);
        let assets = self.embed_assets(ctx);
        context.insert_value("embed", assets.value.clone());
        let size = shared.html_len + assets.len + REPORT_PAGE_MARGIN;
        self.render_sized("embed.html", &context, size)
    }

    /// The index of all reports; `reports` must be sorted newest first.
    pub fn index_page(&self, reports: &[ReportSummary]) -> Result<String, Diagnostic> {
        let site = self.site();
        let page = self.meta(site.title.clone(), site.description.clone(), "", "index");
        let sites = site_groups(reports)
            .into_iter()
            .map(|(slug, rs)| Named {
                name: rs[0].site.clone(),
                path: self.urls.path(&format!("sites/{slug}/")),
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
                path: self.urls.path(&format!("sources/{slug}/")),
                count,
            })
            .collect();
        let all: Vec<&ReportSummary> = reports.iter().collect();
        let rows_html = if self.changes(INDEX_ROWS_TEMPLATE) {
            let mut context = Context::new();
            context.insert("reports", reports);
            self.insert_site(&mut context);
            self.render(INDEX_ROWS_TEMPLATE, &context)?
        } else {
            let mut rows = String::with_capacity(reports.len() * 1536);
            listing_parts::push_index_rows(&mut rows, reports);
            rows
        };
        let page_sees_reports = self.changes("index.html") || self.changes("base.html");
        self.render_page(
            "index.html",
            &IndexPage {
                page,
                report_count: reports.len(),
                reports: page_sees_reports.then_some(reports),
                rows_html,
                sites,
                sources,
                totals: totals(&all),
            },
        )
    }

    /// A source and all its copies; `copies` sorted newest first.
    pub fn source_page(
        &self,
        source: &Source,
        copies: &[&ReportSummary],
    ) -> Result<String, Diagnostic> {
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
            &format!("sources/{}/", source.slug),
            "source",
        );
        // Sentences as cut by the first copy (by slug); all copies cut the same file the same way.
        let first = copies.iter().min_by(|a, b| a.slug.cmp(&b.slug));
        let mut sentences = Vec::new();
        if let Some(first) = first {
            for (i, (text, role)) in first.source_sentences.iter().enumerate() {
                let cells: Vec<CoverageCell> =
                    copies.iter().map(|c| CoverageCell::new(c, i)).collect();
                sentences.push(CoverageSentence {
                    id: i,
                    text,
                    role: role_str(*role),
                    taken_count: cells.iter().filter(|c| c.taken).count(),
                    cells,
                });
            }
        }
        let coverage_html = if self.changes(COVERAGE_TEMPLATE) {
            let mut context = Context::new();
            context.insert("sentences", &sentences);
            self.insert_site(&mut context);
            self.render(COVERAGE_TEMPLATE, &context)?
        } else {
            let mut rows = String::with_capacity(sentences.len() * (256 + 160 * copies.len()));
            listing_parts::push_coverage(&mut rows, &sentences);
            rows
        };
        let page_sees_sentences = self.changes("source.html") || self.changes("base.html");
        let body_html = if first.is_none() {
            Some(markdown::render(
                source.text.get(source.body_start..).unwrap_or(""),
            ))
        } else {
            None
        };
        self.render_page(
            "source.html",
            &SourcePage {
                page,
                source: source_ref,
                copies: copies.to_vec(),
                sentences: page_sees_sentences.then_some(sentences),
                coverage_html,
                body_html,
            },
        )
    }

    /// One publisher of copies; `reports` sorted newest first, all with the same `site_slug`.
    pub fn site_page(&self, slug: &str, reports: &[&ReportSummary]) -> Result<String, Diagnostic> {
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
        let page = self.meta(name.clone(), description, &format!("sites/{slug}/"), "site");
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
            path: self.urls.path(&format!("sites/{slug}/")),
            count: reports.len(),
        };
        self.render_page(
            "site.html",
            &SitePage {
                page,
                publisher,
                reports: reports.to_vec(),
                totals,
            },
        )
    }

    /// The Atom feed; `reports` sorted newest first.
    pub fn atom_feed(&self, reports: &[ReportSummary]) -> Result<String, Diagnostic> {
        let site = self.site();
        let page = self.meta(
            site.title.clone(),
            site.description.clone(),
            "atom.xml",
            "atom",
        );
        let updated = reports
            .iter()
            .map(|r| r.date.as_str())
            .max()
            .map(rfc3339)
            .unwrap_or_else(|| rfc3339("1970-01-01"));
        let entries = reports
            .iter()
            .map(|r| FeedEntry {
                title: &r.title,
                id: feed_id(&r.absolute_url, &format!("reports:{}", r.slug), &site.title),
                url: &r.absolute_url,
                updated: rfc3339(&r.date),
                summary: if r.summary_text.is_empty() {
                    r.headline.clone()
                } else {
                    r.summary_text.clone()
                },
                site: &r.site,
                source_title: &r.source_title,
            })
            .collect();
        self.render_page(
            "atom.xml",
            &FeedPage {
                id: feed_id(&site.base_url, "feed", &site.title),
                page,
                updated,
                entries,
            },
        )
    }

    /// The sitemap of every page.
    pub fn sitemap(
        &self,
        reports: &[ReportSummary],
        sources: &[&Source],
    ) -> Result<String, Diagnostic> {
        let page = self.meta(String::new(), String::new(), "sitemap.xml", "sitemap");
        let mut urls = vec![SitemapUrl {
            loc: self.urls.absolute(""),
            lastmod: reports.iter().map(|r| r.date.clone()).max(),
        }];
        let mut sorted: Vec<&ReportSummary> = reports.iter().collect();
        sorted.sort_by(|a, b| a.slug.cmp(&b.slug));
        for r in &sorted {
            urls.push(SitemapUrl {
                loc: r.absolute_url.clone(),
                lastmod: Some(r.date.clone()),
            });
        }
        for s in sources {
            urls.push(SitemapUrl {
                loc: self.urls.absolute(&format!("sources/{}/", s.slug)),
                lastmod: Some(s.meta.date.clone()),
            });
        }
        for (slug, rs) in site_groups(reports) {
            urls.push(SitemapUrl {
                loc: self.urls.absolute(&format!("sites/{slug}/")),
                lastmod: rs.iter().map(|r| r.date.clone()).max(),
            });
        }
        self.render_page("sitemap.xml", &SitemapPage { page, urls })
    }

    /// The "not found" page.
    pub fn not_found_page(&self) -> Result<String, Diagnostic> {
        let page = self.meta(
            "Page not found".to_string(),
            String::new(),
            "404.html",
            "404",
        );
        self.render_page("404.html", &PlainPage { page })
    }
}
