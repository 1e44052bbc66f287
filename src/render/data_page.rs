//! The data page (`/data/`): every file of the site a researcher may take,
//! what each holds, and the terms of reuse from `site.toml`'s
//! `data_licence`. Every page's footer links to it.

use serde::Serialize;

use super::pages::PageMeta;
use super::{Renderer, Urls};
use crate::config::Config;
use crate::error::Diagnostic;
use crate::export::CSV_COLUMNS;
use crate::paths;

/// The site-wide files a build writes, as the data page links them (in-site
/// paths). A file the build does not write is `None` and not listed.
#[derive(Debug, Clone, Serialize)]
pub struct DataFiles {
    pub csv: Option<String>,
    pub annotations: Option<String>,
    pub search_index: Option<String>,
    pub schema: String,
    /// The columns of `findings.csv`, in order.
    pub csv_columns: &'static [&'static str],
    /// `site.toml`'s `data_licence` (empty when not given).
    pub licence: String,
}

#[derive(Serialize)]
struct DataPage {
    page: PageMeta,
    data: DataFiles,
}

impl DataFiles {
    /// What the data page lists for a site with `config`, at `urls`.
    pub(super) fn new(config: &Config, urls: &Urls) -> DataFiles {
        let path = |rel: &str| Some(urls.path(rel));
        DataFiles {
            csv: path(paths::FINDINGS_CSV),
            annotations: path(paths::ANNOTATIONS),
            search_index: path(paths::SEARCH_INDEX),
            schema: urls.path(paths::REPORT_SCHEMA),
            csv_columns: &CSV_COLUMNS,
            licence: config.data_licence.trim().to_string(),
        }
    }
}

impl Renderer {
    /// The data page.
    pub fn data_page(&self) -> Result<String, Diagnostic> {
        let data = self.data_files.clone();
        let page = self.meta(
            "Data".to_string(),
            "The data behind these reports: what each file holds and how it may be reused."
                .to_string(),
            paths::data_page().url(),
            "data",
        );
        self.render_page("data.html", &DataPage { page, data })
    }
}
