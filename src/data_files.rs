//! The site's data files besides `report.json`: the findings as CSV and as
//! W3C Web Annotations ([`crate::export`]), and the search index
//! ([`crate::search`]). This module only connects those pure parts to the
//! build: what each needs from the content and the site's URLs, and where
//! each file goes.
//!
//! | file | what | `[exports]` key |
//! |---|---|---|
//! | `findings.csv` | every finding of every report | `findings_csv` |
//! | `annotations.jsonld` | every finding as a Web Annotation | `annotations` |
//! | `reports/<slug>/annotations.jsonld` | one report's findings as Web Annotations | `report_annotations` |
//! | `search/index.json`, `search/text-<n>.json` | what the index page's search box searches | `search` |
//!
//! A file that is switched off is neither written nor kept in memory.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::config::{Config, Exports};
use crate::content::{Rewrite, Source};
use crate::error::Diagnostic;
use crate::export::{self, ReportExports, ReportInfo};
use crate::paths;
use crate::paths::Urls;
use crate::render::is_web_url;
use crate::report::Report;
use crate::search::{self, EntryInfo};
use crate::spool::{Piece, Spool};

/// One report's share of the data files, made while its pages are written.
/// Serialised without its shares for the report cache, which keeps their
/// bytes apart ([`ReportData::kept_shares`], [`ReportData::with_shares`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportData {
    slug: String,
    /// The copy's date, for ordering the search index like the index page.
    date: String,
    source_slug: String,
    /// `reports/<slug>/annotations.jsonld`, until it is written.
    collection: String,
    /// How many annotations this report adds to the site-wide collection.
    annotations: usize,
    /// Whether this report carries its original's search entry and text.
    carries_source: bool,
    #[serde(skip)]
    shares: Shares,
}

/// The report's shares of the site-wide files, in memory or spilled to disk.
#[derive(Debug, Clone)]
enum Shares {
    /// All of them one after the other in a buffer of their exact size (a
    /// build keeps a thousand reports' shares to the end), and where each
    /// ends, indexed by the `CSV_ROWS`... constants.
    Kept {
        bytes: Box<[u8]>,
        ends: [usize; SHARES],
    },
    Spooled(Piece),
}

impl Default for Shares {
    fn default() -> Shares {
        Shares::Kept {
            bytes: Box::default(),
            ends: [0; SHARES],
        }
    }
}

impl Shares {
    /// The shares kept in memory, in the order of the `CSV_ROWS`...
    /// constants.
    fn kept<'a>(bytes: &'a [u8], ends: &[usize; SHARES]) -> [&'a [u8]; SHARES] {
        let start = |which: usize| if which == 0 { 0 } else { ends[which - 1] };
        std::array::from_fn(|which| &bytes[start(which)..ends[which]])
    }
}

/// Rows of `findings.csv`.
const CSV_ROWS: usize = 0;
/// Items of `annotations.jsonld`.
const ANNOTATION_ITEMS: usize = 1;
/// The report's entry in the search index, as JSON.
const SEARCH_REPORT: usize = 2;
/// The copy's sentences for the search's text parts, as a JSON array.
const SEARCH_REPORT_TEXT: usize = 3;
/// Its original's entry in the search index, as JSON.
const SEARCH_SOURCE: usize = 4;
/// The original's sentences for the text parts, as a JSON array.
const SEARCH_SOURCE_TEXT: usize = 5;
/// How many shares there are.
pub const SHARES: usize = 6;

impl ReportData {
    /// Prepares one report's rows, annotations and search entry, and its
    /// original's search entry if `with_source_entry` (the index takes it
    /// from the first of the original's copies in slug order, so a build
    /// makes it for that one alone): each only if `exports` asks for the
    /// file it goes to.
    pub fn new(
        report: &Report,
        rewrite: &Rewrite,
        source: &Source,
        urls: &Urls,
        with_source_entry: bool,
        exports: &Exports,
    ) -> ReportData {
        let web = |u: &Option<String>| u.clone().filter(|u| is_web_url(u));
        let info = ReportInfo {
            slug: rewrite.slug.clone(),
            title: rewrite.meta.title.clone(),
            date: rewrite.meta.date.clone(),
            site: rewrite.meta.site.clone(),
            source_slug: source.slug.clone(),
            report_url: urls.absolute(paths::report_page(&rewrite.slug).url()),
            source_page_url: urls.absolute(paths::source_page(&source.slug).url()),
            copy_url: web(&rewrite.meta.url),
            source_url: web(&source.meta.url),
        };
        let entry = EntryInfo {
            slug: &rewrite.slug,
            title: &rewrite.meta.title,
            date: &rewrite.meta.date,
            site: &rewrite.meta.site,
            source_slug: &source.slug,
            source_title: &source.meta.title,
            publisher: &source.meta.publisher,
            author: source.meta.author.as_deref(),
        };
        let wanted = exports;
        let exports = ReportExports::new(&info, report);
        let lines = &exports.annotation_lines;
        let mut bytes = Vec::new();
        let mut ends = [0; SHARES];
        let with_source = wanted.search && with_source_entry;
        // The original's text, searched in its own part and read for the
        // copy's sentences it has word for word.
        let original = if wanted.search {
            search::searchable_text(&report.source)
        } else {
            Vec::new()
        };
        // Each share that is switched on, in the order of the constants.
        for (which, end) in ends.iter_mut().enumerate() {
            match which {
                CSV_ROWS if wanted.findings_csv => {
                    bytes.extend_from_slice(exports.csv_rows.as_bytes())
                }
                ANNOTATION_ITEMS if wanted.annotations => exports.push_annotation_items(&mut bytes),
                SEARCH_REPORT if wanted.search => {
                    push_json(&mut bytes, &search::report_entry(&entry, report))
                }
                SEARCH_REPORT_TEXT if wanted.search => push_json(
                    &mut bytes,
                    &search::searchable_copy_text(&report.rewrite, &original),
                ),
                SEARCH_SOURCE if with_source => {
                    push_json(&mut bytes, &search::source_entry(&entry))
                }
                SEARCH_SOURCE_TEXT if with_source => push_json(&mut bytes, &original),
                _ => {}
            }
            *end = bytes.len();
        }
        ReportData {
            annotations: if wanted.annotations { lines.len() } else { 0 },
            carries_source: with_source_entry,
            shares: Shares::Kept {
                // A copy of the exact size: shrinking in place would keep
                // the whole allocation.
                bytes: Box::from(bytes.as_slice()),
                ends,
            },
            slug: exports.slug,
            date: rewrite.meta.date.clone(),
            source_slug: source.slug.clone(),
            collection: if wanted.report_annotations {
                exports.collection
            } else {
                String::new()
            },
        }
    }

    /// Frees what [`files`](Self::files) returned once it is written: only the
    /// share of the site-wide files needs to stay until the end.
    pub fn release_written_files(&mut self) {
        self.collection = String::new();
    }

    /// The shares of the site-wide files, one after the other, and where
    /// each ends; None once they have gone to the spool.
    pub fn kept_shares(&self) -> Option<(&[u8], &[usize; SHARES])> {
        match &self.shares {
            Shares::Kept { bytes, ends } => Some((bytes, ends)),
            Shares::Spooled(_) => None,
        }
    }

    /// This report's data with the shares [`kept_shares`](Self::kept_shares)
    /// gave; None if `ends` do not fit `bytes`.
    pub fn with_shares(mut self, bytes: &[u8], ends: [usize; SHARES]) -> Option<ReportData> {
        let in_order = ends.windows(2).all(|w| w[0] <= w[1]);
        if !in_order || ends[SHARES - 1] != bytes.len() {
            return None;
        }
        self.shares = Shares::Kept {
            bytes: Box::from(bytes),
            ends,
        };
        Some(self)
    }

    /// Moves the shares of the site-wide files out of memory into `spool`,
    /// unless the spool's memory budget still has room for them.
    pub fn spool(&mut self, spool: &Spool) -> io::Result<()> {
        if let Shares::Kept { bytes, ends } = &self.shares {
            if spool.keeps(bytes.len()) {
                return Ok(());
            }
            self.shares = Shares::Spooled(spool.put(&Shares::kept(bytes, ends))?);
        }
        Ok(())
    }

    /// The report's own data files: path relative to the output, and bytes
    /// (none when `[exports] report_annotations` is off).
    pub fn files(&self) -> Vec<(String, &[u8])> {
        if self.collection.is_empty() {
            return Vec::new();
        }
        vec![(
            paths::report_annotations(&self.slug),
            self.collection.as_bytes(),
        )]
    }

    /// One of the shares, read back from the spool if it went there.
    fn share(&self, which: usize, spool: Option<&Spool>) -> io::Result<Cow<'_, [u8]>> {
        match (&self.shares, spool) {
            (Shares::Kept { bytes, ends }, _) => {
                Ok(Cow::Borrowed(Shares::kept(bytes, ends)[which]))
            }
            (Shares::Spooled(piece), Some(spool)) => spool.get(piece, which).map(Cow::Owned),
            (Shares::Spooled(_), None) => Err(io::Error::other("the spool is gone")),
        }
    }
}

/// Appends `value` as JSON; nothing if it cannot be serialised (the
/// search index then goes without the entry).
fn push_json(bytes: &mut Vec<u8>, value: &impl serde::Serialize) {
    let start = bytes.len();
    if serde_json::to_writer(&mut *bytes, value).is_err() {
        bytes.truncate(start);
    }
}

/// The site-wide data files, in memory (see [`write_site_files`]).
pub fn site_files(reports: &[&ReportData], config: &Config) -> Vec<(String, String)> {
    let mut files = Vec::new();
    // Writing to memory cannot fail, nor can shares kept in memory.
    let _ = write_site_files(reports, config, None, |rel, write| {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(|e| Diagnostic::new(rel, e.to_string()))?;
        files.push((
            rel.to_string(),
            String::from_utf8(bytes).unwrap_or_default(),
        ));
        Ok(())
    });
    files
}

/// Writes the site-wide data files from every report's share, whether kept
/// or in `spool` (reports in any order: the files list them by slug, the
/// search index newest first like the index page). `emit(path, write)` makes
/// the file at `path` (relative to the output) and has `write` fill it.
pub fn write_site_files<E>(
    reports: &[&ReportData],
    config: &Config,
    spool: Option<&Spool>,
    mut emit: E,
) -> Result<(), Diagnostic>
where
    E: FnMut(&str, &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) -> Result<(), Diagnostic>,
{
    let exports = &config.exports;
    let mut by_slug = reports.to_vec();
    by_slug.sort_by(|a, b| a.slug.cmp(&b.slug));
    if exports.findings_csv {
        let parts = export::csv_part_count(by_slug.len());
        for (i, part) in by_slug.chunks(export::CSV_PART_REPORTS).enumerate() {
            let name = match parts {
                1 => paths::FINDINGS_CSV.to_string(),
                _ => paths::findings_csv_part(i + 1),
            };
            emit(&name, &mut |out: &mut dyn Write| {
                export::write_csv(out, part.iter().map(|r| r.share(CSV_ROWS, spool)))
            })?;
        }
        if by_slug.is_empty() {
            emit(paths::FINDINGS_CSV, &mut |out: &mut dyn Write| {
                export::write_csv(out, std::iter::empty::<io::Result<&[u8]>>())
            })?;
        }
    }
    if exports.annotations {
        let total = by_slug.iter().map(|r| r.annotations).sum();
        emit(paths::ANNOTATIONS, &mut |out: &mut dyn Write| {
            let items = by_slug.iter().map(|r| r.share(ANNOTATION_ITEMS, spool));
            export::write_annotations(out, &config.base_url, &config.title, total, items)
        })?;
    }
    if exports.search {
        write_search_files(reports, spool, &mut emit)?;
    }
    Ok(())
}

/// Writes the search index and its text parts (see [`crate::search`]).
fn write_search_files<E>(
    reports: &[&ReportData],
    spool: Option<&Spool>,
    emit: &mut E,
) -> Result<(), Diagnostic>
where
    E: FnMut(&str, &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) -> Result<(), Diagnostic>,
{
    let mut newest_first = reports.to_vec();
    newest_first.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    // Each original once, from the first of its copies that carries it.
    let mut sources: Vec<&ReportData> = reports
        .iter()
        .copied()
        .filter(|r| r.carries_source)
        .collect();
    sources.sort_by(|a, b| {
        a.source_slug
            .cmp(&b.source_slug)
            .then_with(|| a.slug.cmp(&b.slug))
    });
    sources.dedup_by(|a, b| a.source_slug == b.source_slug);
    let parts: Vec<&[&ReportData]> = newest_first.chunks(search::TEXT_PART_REPORTS).collect();
    emit(paths::SEARCH_INDEX, &mut |out: &mut dyn Write| {
        search::write_index(
            out,
            newest_first.iter().map(|r| r.share(SEARCH_REPORT, spool)),
            sources
                .iter()
                .map(|r| Ok((r.source_slug.clone(), r.share(SEARCH_SOURCE, spool)?))),
            parts.len(),
        )
    })?;
    for (i, part) in parts.iter().enumerate() {
        let mut by_slug = part.to_vec();
        by_slug.sort_by(|a, b| a.slug.cmp(&b.slug));
        // An original's text goes in the part of the copy that carries its entry.
        let mut carried: Vec<&ReportData> = by_slug
            .iter()
            .copied()
            .filter(|r| sources.iter().any(|s| std::ptr::eq(*s, *r)))
            .collect();
        carried.sort_by(|a, b| a.source_slug.cmp(&b.source_slug));
        emit(
            &paths::search_text_part(i + 1),
            &mut |out: &mut dyn Write| {
                search::write_text_part(
                    out,
                    by_slug
                        .iter()
                        .map(|r| Ok((r.slug.clone(), r.share(SEARCH_REPORT_TEXT, spool)?))),
                    carried
                        .iter()
                        .map(|r| Ok((r.source_slug.clone(), r.share(SEARCH_SOURCE_TEXT, spool)?))),
                )
            },
        )?;
    }
    Ok(())
}
