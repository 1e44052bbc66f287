//! Every file a build writes and every in-site link to it, spelled once.
//!
//! A page lives in a directory of its own (`reports/<slug>/index.html`) and
//! is linked by that directory (`reports/<slug>/`), so its address has no
//! `index.html` in it. Paths here are relative to the output directory,
//! `/`-separated; [`Urls`] turns them into links under the site's
//! `base_url`.

use crate::config::Config;

/// The page shown for an address with nothing behind it.
pub const NOT_FOUND: &str = "404.html";
/// The feed of the newest reports.
pub const ATOM: &str = "atom.xml";
pub const SITEMAP: &str = "sitemap.xml";
/// The file a page's directory holds.
pub const PAGE_FILE: &str = "index.html";
/// Where the theme's files (CSS, JS, fonts) go.
pub const THEME_DIR: &str = "static/";
/// A report's Web Annotations, beside its `report.json`.
pub const REPORT_ANNOTATIONS_FILE: &str = "annotations.jsonld";
/// Every finding of every report, as CSV.
pub const FINDINGS_CSV: &str = "findings.csv";

/// Part `n` (from 1) of `findings.csv`, for a site too large for one file
/// (see `export::CSV_PART_REPORTS`).
pub fn findings_csv_part(n: usize) -> String {
    format!("findings-{n}.csv")
}
/// Every finding of every report, as a Web Annotation collection.
pub const ANNOTATIONS: &str = "annotations.jsonld";
/// What the index page's search box searches first (see `search`).
pub const SEARCH_INDEX: &str = "search/index.json";

/// Part `n` (from 1) of the texts the search box looks for phrases in.
pub fn search_text_part(n: usize) -> String {
    format!("search/text-{n}.json")
}
/// The JSON Schema of `report.json`, published with the data.
pub const REPORT_SCHEMA: &str = "report.schema.json";

/// A page: the directory it lives in, ending in `/` (empty for the top
/// of the site).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePath(String);

impl PagePath {
    /// Its address relative to the site: the directory.
    pub fn url(&self) -> &str {
        &self.0
    }

    /// The file it is written to.
    pub fn file(&self) -> String {
        format!("{}{PAGE_FILE}", self.url())
    }
}

/// The list of all reports, at the top of the site.
pub fn index_page() -> PagePath {
    PagePath(String::new())
}

/// What data the site offers and how to read it: `data/`.
pub fn data_page() -> PagePath {
    PagePath("data/".into())
}

/// A report: `reports/<slug>/`.
pub fn report_page(slug: &str) -> PagePath {
    PagePath(format!("reports/{slug}/"))
}

/// A report's data (see `report.json` in the README).
pub fn report_json(slug: &str) -> String {
    format!("reports/{slug}/report.json")
}

/// A report's findings as Web Annotations.
pub fn report_annotations(slug: &str) -> String {
    format!("reports/{slug}/{REPORT_ANNOTATIONS_FILE}")
}

/// A report for iframes: `reports/<slug>/?embed`, the report page itself
/// without the site's header and footer (its script reads the query).
pub fn embed_view(slug: &str) -> String {
    format!("{}?embed", report_page(slug).url())
}

/// The short address of a report for iframes, `embed/<slug>/`: a small
/// page that takes the reader on to [`embed_view`], query and fragment kept.
pub fn embed_page(slug: &str) -> PagePath {
    PagePath(format!("embed/{slug}/"))
}

/// An original and all its copies: `sources/<slug>/`.
pub fn source_page(slug: &str) -> PagePath {
    PagePath(format!("sources/{slug}/"))
}

/// A publisher of copies: `sites/<slug>/`.
pub fn publisher_page(slug: &str) -> PagePath {
    PagePath(format!("sites/{slug}/"))
}

/// Page `n` (from 1) of a listing whose first page is `first`: that page
/// itself, then `page/<n>/` below it.
pub fn listing_page(first: &PagePath, n: usize) -> PagePath {
    match n {
        0 | 1 => first.clone(),
        _ => PagePath(format!("{}page/{n}/", first.url())),
    }
}

/// One of the theme's files, by its path under the theme's `static/`.
pub fn theme_file(name: &str) -> String {
    format!("{THEME_DIR}{name}")
}

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

    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_linked_by_their_directory() {
        let page = report_page("dailybuzz-ferry");
        assert_eq!(page.url(), "reports/dailybuzz-ferry/");
        assert_eq!(page.file(), "reports/dailybuzz-ferry/index.html");
        assert_eq!(index_page().url(), "");
        assert_eq!(index_page().file(), "index.html");
        assert_eq!(publisher_page("buzz").file(), "sites/buzz/index.html");
        assert_eq!(
            report_annotations("a"),
            "reports/a/annotations.jsonld".to_string()
        );
    }
}
