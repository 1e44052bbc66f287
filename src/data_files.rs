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

use crate::config::Config;
use crate::content::{Rewrite, Source};
use crate::export::{self, ReportExports, ReportInfo, REPORT_ANNOTATIONS_FILE};
use crate::render::{is_web_url, Urls};
use crate::report::Report;
use crate::search::{self, EntryInfo, ReportEntry, SourceEntry};

/// One report's share of the data files, made while its pages are written.
#[derive(Debug, Clone)]
pub struct ReportData {
    exports: ReportExports,
    search: (ReportEntry, SourceEntry),
}

impl ReportData {
    /// Prepares one report's rows, annotations and search entry.
    pub fn new(report: &Report, rewrite: &Rewrite, source: &Source, urls: &Urls) -> ReportData {
        let web = |u: &Option<String>| u.clone().filter(|u| is_web_url(u));
        let info = ReportInfo {
            slug: rewrite.slug.clone(),
            title: rewrite.meta.title.clone(),
            date: rewrite.meta.date.clone(),
            site: rewrite.meta.site.clone(),
            source_slug: source.slug.clone(),
            report_url: urls.absolute(&format!("reports/{}/", rewrite.slug)),
            source_page_url: urls.absolute(&format!("sources/{}/", source.slug)),
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
        ReportData {
            exports: ReportExports::new(&info, report),
            search: search::entries(&entry, report),
        }
    }

    /// Frees what [`files`](Self::files) returned once it is written: only the
    /// share of the site-wide files needs to stay in memory until the end.
    pub fn release_written_files(&mut self) {
        self.exports.collection = String::new();
    }

    /// The report's own data files: path relative to the output, and bytes.
    pub fn files(&self) -> Vec<(String, &[u8])> {
        vec![(
            format!("reports/{}/{REPORT_ANNOTATIONS_FILE}", self.exports.slug),
            self.exports.collection.as_bytes(),
        )]
    }
}

/// The site-wide data files, from every report's share (in any order: the
/// files are sorted by slug, the search index newest first like the index page).
pub fn site_files(reports: &[&ReportData], config: &Config) -> Vec<(String, String)> {
    let exports: Vec<&ReportExports> = reports.iter().map(|r| &r.exports).collect();
    let mut entries: Vec<&(ReportEntry, SourceEntry)> = reports.iter().map(|r| &r.search).collect();
    entries.sort_by(|(a, _), (b, _)| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    let mut files: Vec<(String, String)> =
        export::site_files(exports, &config.base_url, &config.title)
            .into_iter()
            .map(|(name, text)| (name.to_string(), text))
            .collect();
    files.push((search::INDEX_FILE.to_string(), search::index_json(&entries)));
    files
}
