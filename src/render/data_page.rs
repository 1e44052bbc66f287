//! The data page (`/data/`): every file of the site a researcher may take,
//! what each holds, and the terms of reuse from `site.toml`'s
//! `data_licence`. Every page's footer links to it.

use serde::Serialize;

use super::downloads::DataFiles;
use super::renderer::Renderer;
use super::site_context::PageMeta;
use crate::error::Diagnostic;
use crate::paths;

#[derive(Serialize)]
struct DataPage {
    page: PageMeta,
    data: DataFiles,
}

impl Renderer {
    /// The data page of a site of `reports` reports.
    pub fn data_page(&self, reports: usize) -> Result<String, Diagnostic> {
        let mut data = self.data_files.clone();
        let parts = crate::export::csv_part_count(reports);
        if data.csv.is_some() && parts > 1 {
            data.csv_parts = (1..=parts)
                .map(|n| self.urls.path(&paths::findings_csv_part(n)))
                .collect();
            data.csv = data.csv_parts.first().cloned();
        }
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
