//! What every page knows: the site (`site` in templates), the page itself
//! (`page`) and how a source is linked.

use serde::Serialize;

use super::kinds::KindInfo;
use crate::config::{Config, Exports};
use crate::content::Source;
use crate::paths::{self, Urls};
use crate::report::FindingKind;

/// The Content-Security-Policy of every page: the site's own files, and the
/// two [`InlineScripts`] by their hashes.
pub const CSP: &str = "default-src 'self'; script-src 'self' \
'sha256-oG6OHmZOnMAPw20iKDpwo6AJYjA9j9h1/E4hA3ZgAGY=' \
'sha256-KIBRiJhaD3VsnP85mKn1zcCfCeLiv7UfTh1Jhq3UskE='; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/// The only inline scripts pages have (`site.scripts` in templates), each
/// admitted by its SHA-256 in [`CSP`]: change one and its hash there too
/// (`printf %s "$SCRIPT" | openssl dgst -sha256 -binary | base64`; the
/// browser tests check every inline script of every page against its CSP).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct InlineScripts {
    /// In a report page's head: `?embed` in its address turns the page into
    /// the report for iframes (the class `embed` on `<html>`, which the style
    /// and `unspun.js` read) before anything is drawn, so the site's header
    /// never flashes in a frame.
    pub embed_view: &'static str,
    /// In `404.html` (which GitHub Pages and `unspun serve` show at any
    /// address with no file) and at the end of `embed/<slug>/` when
    /// `[exports] embed` writes it: an address `…/embed/<slug>/` goes on to
    /// `…/reports/<slug>/?embed`, the report's embed view, with its query
    /// (`?exercise`) and fragment; any other address stays. Read from the
    /// address, not the site's base path, so that one script (one hash)
    /// serves every site; leading slashes are collapsed so that `//host/`
    /// in a path can never lead off the site.
    pub embed_redirect: &'static str,
}

/// The inline scripts, as [`CSP`] admits them.
pub const INLINE_SCRIPTS: InlineScripts = InlineScripts {
    embed_view: "if(/[?&]embed([=&]|$)/.test(location.search))document.documentElement.classList.add('embed')",
    embed_redirect: r"var m=/^\/*(.*\/)?embed\/([^\/]+)(\/|\/index\.html)?$/.exec(location.pathname);if(m)location.replace('/'+(m[1]||'')+'reports/'+m[2]+'/?embed'+location.search.replace('?','&')+location.hash)",
};

/// Site-wide values, available to every template as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteContext {
    pub title: String,
    pub description: String,
    pub language: String,
    /// Path prefix for in-site links, e.g. `/project/`.
    pub base_path: String,
    /// Absolute base URL, e.g. `https://example.org/project/`.
    pub base_url: String,
    /// In-site path of the theme's static files, e.g. `/project/static/`.
    pub static_path: String,
    pub csp: String,
    /// The inline scripts the CSP admits.
    pub scripts: InlineScripts,
    pub feed_url: String,
    /// In-site path of the data page, which every page's footer links to.
    pub data_path: String,
    /// Every finding kind, in a fixed order, for legends and filters.
    pub kinds: Vec<KindInfo>,
    /// In-site path of the search index, empty when `[exports] search` is off.
    pub search_index: String,
    /// Which optional files the site has (`[exports]`).
    pub exports: Exports,
    /// Reports a page on the index, source and publisher pages.
    pub page_size: usize,
}

impl SiteContext {
    pub fn new(config: &Config, urls: &Urls) -> SiteContext {
        SiteContext {
            title: config.title.clone(),
            description: config.description.clone(),
            language: config.language.clone(),
            base_path: urls.path(""),
            base_url: urls.absolute(""),
            static_path: urls.path(paths::THEME_DIR),
            csp: CSP.to_string(),
            scripts: INLINE_SCRIPTS,
            feed_url: urls.absolute(paths::ATOM),
            data_path: urls.path(crate::paths::data_page().url()),
            kinds: FindingKind::ALL.iter().map(|k| KindInfo::new(*k)).collect(),
            search_index: if config.exports.search {
                urls.path(crate::paths::SEARCH_INDEX)
            } else {
                String::new()
            },
            exports: config.exports.clone(),
            page_size: config.page_size,
        }
    }
}

/// Metadata of the page being rendered (title, canonical URL, sharing cards).
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    /// Absolute URL of this page.
    pub canonical: String,
    /// In-site path of this page.
    pub path: String,
    /// `index`, `report`, `embed` (the page of `embed/<slug>/`), `source`,
    /// `site`, `404`.
    pub kind: &'static str,
    /// Open Graph type: `website` or `article`.
    pub og_type: &'static str,
}

/// A source as linked from other pages.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRef {
    pub slug: String,
    pub title: String,
    pub url: Option<String>,
    pub publisher: String,
    pub author: Option<String>,
    pub date: String,
    pub path: String,
}

impl SourceRef {
    pub fn new(source: &Source, urls: &Urls) -> SourceRef {
        SourceRef {
            slug: source.slug.clone(),
            title: source.meta.title.clone(),
            url: source.meta.url.clone().filter(|u| is_web_url(u)),
            publisher: source.meta.publisher.clone(),
            author: source.meta.author.clone(),
            date: source.meta.date.clone(),
            path: urls.path(paths::source_page(&source.slug).url()),
        }
    }
}

/// Only http(s) URLs from front matter become links.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}
