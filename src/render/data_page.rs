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
