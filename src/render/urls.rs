//! In-site paths and absolute URLs.

use crate::config::Config;

/// In-site paths and absolute URLs, both honouring `base_url` with a subpath.
#[derive(Debug, Clone)]
pub struct Urls {
    base_url: String,
    base_path: String,
}

impl Urls {
    pub fn new(config: &Config) -> Urls {
        let mut base_path = config.base_path().to_string();
        if !base_path.ends_with('/') {
            base_path.push('/');
        }
        Urls {
            base_url: config.base_url.clone(),
            base_path,
        }
    }

    /// The in-site path for `rel` (no leading slash), e.g. `/project/reports/x/`.
    pub fn path(&self, rel: &str) -> String {
        format!("{}{}", self.base_path, rel.trim_start_matches('/'))
    }

    /// The absolute URL for `rel`, for canonical links, feeds and the sitemap.
    pub fn absolute(&self, rel: &str) -> String {
        format!("{}{}", self.base_url, rel.trim_start_matches('/'))
    }

    /// The in-site path of an author's `@/reports/<slug>` (or `@/sources/`,
    /// `@/sites/`) link; `None` for any other link.
    pub fn site_link(&self, dest: &str) -> Option<String> {
        crate::content::site_links::resolve(dest, &self.base_path)
    }

    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}
