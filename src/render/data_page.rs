//! The data page (`/data/`): every file of the site a researcher may take,
//! what each holds, and the terms of reuse from `site.toml`'s
//! `data_licence`. Every page's footer links to it.

use serde::Serialize;

use super::pages::PageMeta;
use super::{Renderer, Urls};
use crate::config::Config;
use crate::error::Diagnostic;
use crate::export::{ANNOTATIONS_FILE, CSV_COLUMNS, CSV_FILE};
use crate::report::SCHEMA_FILE;
use crate::search::INDEX_FILE;

/// The data page's directory in the output (and in its URL).
pub const DATA_PAGE_DIR: &str = "data/";
/// The data page's file in the output.
pub const DATA_PAGE: &str = "data/index.html";

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
            csv: path(CSV_FILE),
            annotations: path(ANNOTATIONS_FILE),
            search_index: path(INDEX_FILE),
            schema: urls.path(SCHEMA_FILE),
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
            DATA_PAGE_DIR,
            "data",
        );
        self.render_page("data.html", &DataPage { page, data })
    }
}
