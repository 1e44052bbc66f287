//! The site-wide files a reader may download, as the data page lists them.

use serde::Serialize;

use crate::config::Config;
use crate::export::CSV_COLUMNS;
use crate::paths;
use crate::paths::Urls;

/// The site-wide files a build writes, as the data page links them (in-site
/// paths). A file the build does not write is `None` and not listed.
#[derive(Debug, Clone, Serialize)]
pub struct DataFiles {
    /// `findings.csv`, or its first part when it comes in parts.
    pub csv: Option<String>,
    /// Its parts, when there are more than one (see
    /// `export::csv_part_count`).
    pub csv_parts: Vec<String>,
    pub annotations: Option<String>,
    pub search_index: Option<String>,
    pub schema: String,
    /// The columns of `findings.csv`, in order.
    pub csv_columns: &'static [&'static str],
    /// `site.toml`'s `data_licence` (empty when not given).
    pub licence: String,
}

impl DataFiles {
    /// What the data page lists for a site with `config`, at `urls`.
    pub(super) fn new(config: &Config, urls: &Urls) -> DataFiles {
        let exports = &config.exports;
        let path = |on: bool, rel: &str| on.then(|| urls.path(rel));
        DataFiles {
            csv: path(exports.findings_csv, paths::FINDINGS_CSV),
            csv_parts: Vec::new(),
            annotations: path(exports.annotations, paths::ANNOTATIONS),
            search_index: path(exports.search, paths::SEARCH_INDEX),
            schema: urls.path(paths::REPORT_SCHEMA),
            csv_columns: &CSV_COLUMNS,
            licence: config.data_licence.trim().to_string(),
        }
    }
}
