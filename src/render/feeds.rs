//! The Atom feed of the reports and the sitemap of every page.

use std::collections::BTreeMap;

use serde::Serialize;

use super::renderer::Renderer;
use super::site_context::PageMeta;
use super::summary::{site_groups, ReportSummary};
use crate::content::{slugify, Source};
use crate::error::Diagnostic;
use crate::pagination::page_count;
use crate::paths;

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    /// A permanent identifier: the absolute URL, or a `urn:` when `base_url` is only a path.
    id: String,
    url: &'a str,
    updated: String,
    summary: String,
    site: &'a str,
    source_title: &'a str,
}

#[derive(Serialize)]
struct FeedPage<'a> {
    page: PageMeta,
    /// The feed's permanent identifier (see `FeedEntry::id`).
    id: String,
    updated: String,
    entries: Vec<FeedEntry<'a>>,
}

#[derive(Serialize)]
struct SitemapPage {
    page: PageMeta,
    urls: Vec<SitemapUrl>,
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

/// Atom ids must be absolute IRIs: the URL when `base_url` is absolute,
/// otherwise a stable `urn:` made from the site's title and the page.
fn feed_id(url: &str, what: &str, site_title: &str) -> String {
    if url.starts_with("http://") || url.starts_with("https://") {
        url.to_string()
    } else {
        // A title with no letter or digit names no site: "site" stands in.
        let name = Some(slugify(site_title)).filter(|s| !s.is_empty());
        format!("urn:unspun:{}:{what}", name.as_deref().unwrap_or("site"))
    }
}

/// Reports in the feed: the newest, as many as an index page shows by
/// default. A feed tells subscribers what is new, and readers fetch it
/// again and again; the listing and the sitemap have every report.
pub const FEED_ENTRIES: usize = crate::config::DEFAULT_PAGE_SIZE;

fn rfc3339(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

impl Renderer {
    /// The Atom feed of the newest [`FEED_ENTRIES`] reports; `reports`
    /// sorted newest first.
    pub fn atom_feed(&self, reports: &[ReportSummary]) -> Result<String, Diagnostic> {
        let site = self.site();
        let page = self.meta(
            site.title.clone(),
            site.description.clone(),
            paths::ATOM,
            "atom",
        );
        let updated = reports
            .iter()
            .map(|r| r.date.as_str())
            .max()
            .map(rfc3339)
            .unwrap_or_else(|| rfc3339("1970-01-01"));
        let entries = reports
            .iter()
            .take(FEED_ENTRIES)
            .map(|r| FeedEntry {
                title: &r.title,
                id: feed_id(&r.absolute_url, &format!("reports:{}", r.slug), &site.title),
                url: &r.absolute_url,
                updated: rfc3339(&r.date),
                summary: if r.summary_text.is_empty() {
                    r.headline.clone()
                } else {
                    r.summary_text.clone()
                },
                site: &r.site,
                source_title: &r.source_title,
            })
            .collect();
        self.render_page(
            "atom.xml",
            &FeedPage {
                id: feed_id(&site.base_url, "feed", &site.title),
                page,
                updated,
                entries,
            },
        )
    }

    /// The sitemap of every page.
    pub fn sitemap(
        &self,
        reports: &[ReportSummary],
        sources: &[&Source],
    ) -> Result<String, Diagnostic> {
        let page = self.meta(String::new(), String::new(), paths::SITEMAP, "sitemap");
        let size = self.site().page_size;
        let newest = reports.iter().map(|r| r.date.clone()).max();
        let pages = |first: &paths::PagePath, items: usize| {
            (1..=page_count(items, size))
                .map(|n| self.urls.absolute(paths::listing_page(first, n).url()))
                .collect::<Vec<_>>()
        };
        let mut urls: Vec<SitemapUrl> = pages(&paths::index_page(), reports.len())
            .into_iter()
            .map(|loc| SitemapUrl {
                loc,
                lastmod: newest.clone(),
            })
            .collect();
        let mut sorted: Vec<&ReportSummary> = reports.iter().collect();
        sorted.sort_by(|a, b| a.slug.cmp(&b.slug));
        for r in &sorted {
            urls.push(SitemapUrl {
                loc: r.absolute_url.clone(),
                lastmod: Some(r.date.clone()),
            });
        }
        let mut copies: BTreeMap<&str, usize> = BTreeMap::new();
        for r in reports {
            *copies.entry(r.source_slug.as_str()).or_default() += 1;
        }
        for s in sources {
            let n = copies.get(s.slug.as_str()).copied().unwrap_or(0);
            for loc in pages(&paths::source_page(&s.slug), n) {
                urls.push(SitemapUrl {
                    loc,
                    lastmod: Some(s.meta.date.clone()),
                });
            }
        }
        for (slug, rs) in site_groups(reports) {
            let lastmod = rs.iter().map(|r| r.date.clone()).max();
            for loc in pages(&paths::publisher_page(&slug), rs.len()) {
                urls.push(SitemapUrl {
                    loc,
                    lastmod: lastmod.clone(),
                });
            }
        }
        self.render_page("sitemap.xml", &SitemapPage { page, urls })
    }
}
