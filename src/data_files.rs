//! The site's data files besides `report.json`: the findings as CSV and as
//! W3C Web Annotations ([`crate::export`]), and the search index
//! ([`crate::search`]). This module only connects those pure parts to the
//! build: what each needs from the content and the site's URLs, and where
//! each file goes.
//!
//! | file | what |
//! |---|---|
//! | `findings.csv` | every finding of every report |
//! | `annotations.jsonld` | every finding as a Web Annotation |
//! | `reports/<slug>/annotations.jsonld` | one report's findings as Web Annotations |
//! | `search-index.json` | what the index page's search box searches |

use std::borrow::Cow;
use std::io::{self, Write};

use crate::config::Config;
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
#[derive(Debug, Clone)]
pub struct ReportData {
    slug: String,
    /// The copy's date, for ordering the search index like the index page.
    date: String,
    source_slug: String,
    /// `reports/<slug>/annotations.jsonld`, until it is written.
    collection: String,
    /// How many annotations this report adds to the site-wide collection.
    annotations: usize,
    shares: Shares,
}

/// The report's shares of the site-wide files, in memory or spilled to disk.
#[derive(Debug, Clone)]
enum Shares {
    /// All four one after the other in a buffer of their exact size (a
    /// build keeps a thousand reports' shares to the end), and where each
    /// ends, indexed by the `CSV_ROWS`... constants.
    Kept {
        bytes: Box<[u8]>,
        ends: [usize; 4],
    },
    Spooled(Piece),
}

impl Shares {
    /// The shares kept in memory, in the order of the `CSV_ROWS`...
    /// constants.
    fn kept<'a>(bytes: &'a [u8], ends: &[usize; 4]) -> [&'a [u8]; 4] {
        let start = |which: usize| if which == 0 { 0 } else { ends[which - 1] };
        std::array::from_fn(|which| &bytes[start(which)..ends[which]])
    }
}

/// Rows of `findings.csv`.
const CSV_ROWS: usize = 0;
/// Items of `annotations.jsonld`.
const ANNOTATION_ITEMS: usize = 1;
/// The report's entry in `search-index.json`, as JSON.
const SEARCH_REPORT: usize = 2;
/// Its original's entry in `search-index.json`, as JSON.
const SEARCH_SOURCE: usize = 3;

impl ReportData {
    /// Prepares one report's rows, annotations and search entry, and its
    /// original's search entry if `with_source_entry` (the index takes it
    /// from the first of the original's copies in slug order, so a build
    /// makes it for that one alone).
    pub fn new(
        report: &Report,
        rewrite: &Rewrite,
        source: &Source,
        urls: &Urls,
        with_source_entry: bool,
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
        let exports = ReportExports::new(&info, report);
        let lines = &exports.annotation_lines;
        let items_len = lines.iter().map(|l| l.len() + 2).sum::<usize>();
        let mut bytes = Vec::with_capacity(exports.csv_rows.len() + items_len + (8 << 10));
        let mut ends = [0; 4];
        bytes.extend_from_slice(exports.csv_rows.as_bytes());
        ends[CSV_ROWS] = bytes.len();
        exports.push_annotation_items(&mut bytes);
        ends[ANNOTATION_ITEMS] = bytes.len();
        push_json(&mut bytes, &search::report_entry(&entry, report));
        ends[SEARCH_REPORT] = bytes.len();
        if with_source_entry {
            push_json(&mut bytes, &search::source_entry(&entry, report));
        }
        ends[SEARCH_SOURCE] = bytes.len();
        ReportData {
            annotations: lines.len(),
            shares: Shares::Kept {
                // A copy of the exact size: shrinking in place would keep
                // the whole allocation.
                bytes: Box::from(bytes.as_slice()),
                ends,
            },
            slug: exports.slug,
            date: rewrite.meta.date.clone(),
            source_slug: source.slug.clone(),
            collection: exports.collection,
        }
    }

    /// Frees what [`files`](Self::files) returned once it is written: only the
    /// share of the site-wide files needs to stay until the end.
    pub fn release_written_files(&mut self) {
        self.collection = String::new();
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

    /// The report's own data files: path relative to the output, and bytes.
    pub fn files(&self) -> Vec<(String, &[u8])> {
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
    let mut by_slug = reports.to_vec();
    by_slug.sort_by(|a, b| a.slug.cmp(&b.slug));
    let total = by_slug.iter().map(|r| r.annotations).sum();
    emit(paths::FINDINGS_CSV, &mut |out: &mut dyn Write| {
        export::write_csv(out, by_slug.iter().map(|r| r.share(CSV_ROWS, spool)))
    })?;
    emit(paths::ANNOTATIONS, &mut |out: &mut dyn Write| {
        let items = by_slug.iter().map(|r| r.share(ANNOTATION_ITEMS, spool));
        export::write_annotations(out, &config.base_url, &config.title, total, items)
    })?;

    let mut newest_first = reports.to_vec();
    newest_first.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    // Each original once, from the first of its copies in slug order.
    let mut sources: Vec<&ReportData> = by_slug.clone();
    sources.sort_by(|a, b| a.source_slug.cmp(&b.source_slug));
    sources.dedup_by(|a, b| a.source_slug == b.source_slug);
    emit(paths::SEARCH_INDEX, &mut |out: &mut dyn Write| {
        search::write_index(
            out,
            newest_first.iter().map(|r| r.share(SEARCH_REPORT, spool)),
            sources
                .iter()
                .map(|r| Ok((r.source_slug.clone(), r.share(SEARCH_SOURCE, spool)?))),
        )
    })
}
