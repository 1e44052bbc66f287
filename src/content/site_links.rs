//! Links from the author's Markdown (summaries and notes) to pages of the
//! site, written `@/reports/<slug>`, `@/sources/<slug>` or `@/sites/<slug>`
//! with an optional `#fragment`, as in Zola. They are checked when content
//! loads, so a link to a page that does not exist is an error at the
//! content file and line, and resolved when pages render, under whatever
//! base URL the site is built for.

use pulldown_cmark::{Event, Parser, Tag};

use super::slug::slugify;
use super::{Library, Rewrite};
use crate::error::{Diagnostic, Diagnostics};
use crate::paths;
use crate::suggest::closest;

/// What starts a link to a page of the site.
pub const PREFIX: &str = "@/";

/// The kinds of page a link can name, as they stand in the address (see [`paths`]).
const SECTIONS: [&str; 3] = ["reports", "sources", "sites"];

/// A link to a page of the site, as the author wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteLink<'a> {
    /// `reports`, `sources` or `sites`.
    pub section: &'a str,
    pub slug: &'a str,
    /// After `#`, without it.
    pub fragment: Option<&'a str>,
}

impl<'a> SiteLink<'a> {
    /// Reads a link destination: `None` when it is not an `@/` link, an
    /// error (message and hint) when it is one but not of a known form.
    pub fn parse(dest: &'a str) -> Option<Result<SiteLink<'a>, (String, String)>> {
        let rest = dest.strip_prefix(PREFIX)?;
        let (path, fragment) = match rest.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (rest, None),
        };
        let form = "write `@/reports/<slug>`, `@/sources/<slug>` or `@/sites/<slug>`, optionally with `#fragment`";
        let mut parts = path.trim_end_matches('/').splitn(2, '/');
        let (section, slug) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        if !SECTIONS.contains(&section) {
            let hint = match closest(section, &SECTIONS) {
                Some(meant) => format!("did you mean `@/{meant}/`? {form}"),
                None => form.to_string(),
            };
            return Some(Err((
                format!("the link `{dest}` names no kind of page"),
                hint,
            )));
        }
        if slug.is_empty() || slug.contains('/') {
            return Some(Err((
                format!("the link `{dest}` does not name one page"),
                form.to_string(),
            )));
        }
        Some(Ok(SiteLink {
            section,
            slug,
            fragment,
        }))
    }

    /// The page's path under the site's base, e.g. `reports/x/#finding-2`.
    pub fn path(&self) -> String {
        let page = match self.section {
            "reports" => paths::report_page(self.slug),
            "sources" => paths::source_page(self.slug),
            _ => paths::publisher_page(self.slug),
        };
        let mut path = page.url().to_string();
        if let Some(fragment) = self.fragment {
            path.push('#');
            path.push_str(fragment);
        }
        path
    }
}

/// The destinations of every link in `markdown`, in order.
pub fn destinations(markdown: &str) -> Vec<String> {
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.into_string()),
            _ => None,
        })
        .collect()
}

/// The pages a site has, by section, that `@/` links may name.
pub struct SitePages<'a> {
    reports: Vec<&'a str>,
    sources: Vec<&'a str>,
    sites: Vec<String>,
    /// Copies left out of this build (drafts without `--drafts`).
    drafts: Vec<&'a str>,
}

impl<'a> SitePages<'a> {
    /// The pages of `library` that a build makes: drafts only when `drafts`.
    pub fn of(library: &'a Library, drafts: bool) -> SitePages<'a> {
        let sources = library.sources.iter().map(|s| s.slug.as_str());
        SitePages::new(library.rewrites.iter(), sources, drafts)
    }

    /// The pages a build of these copies and sources makes: drafts only when `drafts`.
    pub fn new(
        rewrites: impl Iterator<Item = &'a Rewrite>,
        sources: impl Iterator<Item = &'a str>,
        drafts: bool,
    ) -> SitePages<'a> {
        let mut pages = SitePages {
            reports: Vec::new(),
            sources: sources.collect(),
            sites: Vec::new(),
            drafts: Vec::new(),
        };
        for rewrite in rewrites {
            if drafts || !rewrite.meta.draft {
                pages.reports.push(&rewrite.slug);
                pages.sites.push(slugify(&rewrite.meta.site));
            } else {
                pages.drafts.push(&rewrite.slug);
            }
        }
        pages.sites.sort();
        pages.sites.dedup();
        pages
    }

    /// Checks each `@/` link in the copy's summary and notes: an error for
    /// each that names no page of the site, at the line where it is written.
    pub fn check(&self, rewrite: &Rewrite, errors: &mut Diagnostics) {
        let meta = &rewrite.meta;
        let texts = meta
            .summary
            .iter()
            .chain(meta.notes.iter().map(|n| &n.text));
        let mut seen: Vec<String> = Vec::new();
        for dest in texts.flat_map(|text| destinations(text)) {
            if seen.contains(&dest) {
                continue;
            }
            if let Some((message, hint)) = self.problem(&dest) {
                let d = Diagnostic::new(&rewrite.path, message)
                    .at_line(line_of(&rewrite.text, &dest))
                    .with_hint(hint);
                errors.push(d);
            }
            seen.push(dest);
        }
    }

    fn problem(&self, dest: &str) -> Option<(String, String)> {
        let link = match SiteLink::parse(dest)? {
            Ok(link) => link,
            Err(problem) => return Some(problem),
        };
        let (known, what): (Vec<&str>, &str) = match link.section {
            "reports" => (self.reports.clone(), "report (a copy in content/rewrites/)"),
            "sources" => (self.sources.clone(), "source (in content/sources/)"),
            _ => (
                self.sites.iter().map(String::as_str).collect(),
                "site (the slug of a copy's `site`)",
            ),
        };
        if known.contains(&link.slug) {
            return None;
        }
        let message = format!(
            "the link `{dest}` names no page: there is no {what} `{}`",
            link.slug
        );
        if link.section == "reports" && self.drafts.contains(&link.slug) {
            let hint = "it is a draft, built only with --drafts: link to it once it is published";
            return Some((message, hint.to_string()));
        }
        let hint = match closest(link.slug, &known) {
            Some(slug) => format!("did you mean `@/{}/{slug}`?", link.section),
            None => "the slug is the file name without .md (for `@/sites/`, the `site` as in its page's address)".to_string(),
        };
        Some((message, hint))
    }
}

/// Every `@/` link of a known form in the copies' summaries and notes: the
/// address it resolves to under `base_path`, as written, and where.
pub fn written<'a>(
    rewrites: impl Iterator<Item = &'a Rewrite>,
    base_path: &str,
) -> Vec<(String, String, std::path::PathBuf, usize)> {
    let mut out = Vec::new();
    for rewrite in rewrites {
        let meta = &rewrite.meta;
        let texts = meta
            .summary
            .iter()
            .chain(meta.notes.iter().map(|n| &n.text));
        for dest in texts.flat_map(|text| destinations(text)) {
            if let Some(url) = resolve(&dest, base_path) {
                let line = line_of(&rewrite.text, &dest);
                out.push((url, dest, rewrite.path.clone(), line));
            }
        }
    }
    out
}

/// The 1-based line of the front matter (or file) where `dest` is written,
/// or 1 when it is not found as written (an escaped or wrapped link).
fn line_of(text: &str, dest: &str) -> usize {
    text.lines()
        .position(|l| l.contains(dest))
        .map_or(1, |i| i + 1)
}

/// `dest` resolved to an address under `base_path` (which ends with `/`),
/// if it is an `@/` link of a known form.
pub fn resolve(dest: &str, base_path: &str) -> Option<String> {
    match SiteLink::parse(dest)? {
        Ok(link) => Some(format!("{base_path}{}", link.path())),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_read_and_resolved_under_a_subpath() {
        assert_eq!(
            resolve("@/reports/dailybuzz-budget#finding-2", "/project/"),
            Some("/project/reports/dailybuzz-budget/#finding-2".to_string())
        );
        assert_eq!(
            resolve("@/sources/olvansky/", "/"),
            Some("/sources/olvansky/".to_string())
        );
        assert_eq!(resolve("https://example.org/", "/"), None);
        assert_eq!(resolve("@/report/x", "/"), None);
        let (message, hint) = SiteLink::parse("@/report/x").unwrap().unwrap_err();
        assert!(message.contains("names no kind of page"), "{message}");
        assert!(hint.starts_with("did you mean `@/reports/`?"), "{hint}");
        assert!(SiteLink::parse("@/reports/").unwrap().is_err());
    }

    #[test]
    fn destinations_skip_code() {
        let md = "See [the copy](@/reports/a) and `[not](@/reports/b)`.\n\n<@/x> [c][c]\n\n[c]: @/sources/c";
        assert_eq!(destinations(md), ["@/reports/a", "@/sources/c"]);
    }
}
