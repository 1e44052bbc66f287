//! The internal link and anchor checker behind `unspun check`.
//!
//! Given the pages of a built site (in memory or in an output directory) and
//! the site's `base_url`, it finds every `href`/`src` that points inside the
//! site and reports each one whose target file does not exist, or whose
//! `#fragment` names no element (`id`, or `name` on `<a>`) of the target page.
//!
//! A link points inside the site when it is relative (`../x/`), root-relative
//! under the base path (`/project/x/`), or absolute under `base_url`
//! (`https://user.github.io/project/x/`). A root-relative link outside the
//! base path (`/x/` on a site published at `/project/`) is reported too: it
//! works on a local server at `/` and breaks on GitHub Pages.
//!
//! The HTML scanner is small and hand-written: it reads start tags and their
//! attributes (quoted or not, entities decoded), skips comments and the raw
//! text of `<script>` and `<style>`, and ignores everything else. It is
//! enough for pages that unspun's templates make; it is not a validator.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::{Diagnostic, Diagnostics};

/// One link found in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The attribute value as written, entities decoded (e.g. `../x/#finding-3`).
    pub url: String,
    /// The element and attribute it came from, e.g. `a href`.
    pub from: String,
    /// 1-based line in the page.
    pub line: usize,
}

/// What the checker keeps of one HTML (or XML) page.
#[derive(Debug, Clone, Default)]
struct PageInfo {
    /// Every `id` in the page, and every `name` of an `<a>`.
    anchors: BTreeSet<String>,
    links: Vec<Link>,
}

/// Collects a site's files and pages, then checks every internal link.
///
/// Pages are scanned when added, so only their anchors and links are kept,
/// never their text: a site of thousands of pages is checked in little memory.
#[derive(Debug, Clone)]
pub struct LinkChecker {
    /// `base_url` as configured, always ending with `/` (may be a bare path).
    base_url: String,
    /// Its path part, e.g. `/project/`.
    base_path: String,
    /// Shown before each page's path in diagnostics, e.g. `public`.
    display_root: PathBuf,
    /// Every file of the site (path relative to the output, `/`-separated).
    files: BTreeSet<String>,
    /// The pages that were scanned, by path.
    pages: BTreeMap<String, PageInfo>,
    /// Links the author wrote in content (`@/` links, as resolved in pages):
    /// where each is written, and how.
    written: BTreeMap<String, Written>,
}

/// Where an author wrote a link in content, and how they wrote it.
#[derive(Debug, Clone)]
struct Written {
    file: PathBuf,
    line: usize,
    as_written: String,
}

/// The page GitHub Pages (and `serve`) answer with at any missing address.
pub const NOT_FOUND_PAGE: &str = "404.html";

impl LinkChecker {
    /// A checker for a site published at `base_url` (e.g.
    /// `https://user.github.io/project/` or `/`). `display_root` is put
    /// before page paths in diagnostics (e.g. `public`).
    pub fn new(base_url: &str, display_root: impl AsRef<Path>) -> LinkChecker {
        let mut checker = LinkChecker {
            base_url: String::new(),
            base_path: String::new(),
            display_root: display_root.as_ref().to_path_buf(),
            files: BTreeSet::new(),
            pages: BTreeMap::new(),
            written: BTreeMap::new(),
        };
        checker.set_base_url(base_url);
        checker
    }

    /// Changes the address the site is checked for (pages already added are
    /// kept: scanning does not depend on it).
    pub fn set_base_url(&mut self, base_url: &str) {
        let mut base_url = base_url.trim().to_string();
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        self.base_path = match base_url.find("://") {
            Some(i) => {
                let rest = &base_url[i + 3..];
                rest.find('/').map_or("/", |j| &rest[j..]).to_string()
            }
            None => base_url.clone(),
        };
        self.base_url = base_url;
    }

    /// Reads every file under `dir` (a built site): HTML and XML files are
    /// scanned, others only recorded as existing.
    pub fn from_dir(dir: &Path, base_url: &str) -> Result<LinkChecker, Diagnostic> {
        let mut checker = LinkChecker::new(base_url, dir);
        for entry in WalkDir::new(dir).follow_links(false).sort_by_file_name() {
            let entry =
                entry.map_err(|e| Diagnostic::new(dir, format!("cannot read the site: {e}")))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(dir) else {
                continue;
            };
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let rel = rel.join("/");
            if is_scanned(&rel) {
                let bytes = std::fs::read(entry.path())
                    .map_err(|e| Diagnostic::new(entry.path(), format!("cannot read: {e}")))?;
                checker.add_page(&rel, &String::from_utf8_lossy(&bytes));
            } else {
                checker.add_file(&rel);
            }
        }
        Ok(checker)
    }

    /// Says that pages link to `url` because an author wrote `as_written`
    /// in `file` (a content file) on `line`: a broken one is then reported
    /// there, once, rather than on each page that shows it.
    pub fn written_at(&mut self, url: String, as_written: String, file: PathBuf, line: usize) {
        let place = Written {
            file,
            line,
            as_written,
        };
        self.written.entry(url).or_insert(place);
    }

    /// Records a file that exists but is not scanned (CSS, images, JSON...).
    pub fn add_file(&mut self, rel: &str) {
        self.files.insert(rel.trim_start_matches('/').to_string());
    }

    /// Records a file scanned by [`scan`] (which may run on another thread,
    /// outside any lock around the checker).
    pub fn insert(&mut self, file: Scanned) {
        self.files.insert(file.rel.clone());
        if let Some(info) = file.info {
            self.pages.insert(file.rel, info);
        }
    }

    /// Records a page and scans it for anchors and links. Files ending in
    /// `.xml` are read as feeds and sitemaps (`<link href>` and `<loc>`),
    /// files ending in `.css` as stylesheets (`url(...)` and `@import`).
    pub fn add_page(&mut self, rel: &str, text: &str) {
        let rel = rel.trim_start_matches('/').to_string();
        let info = scan_text(&rel, text);
        self.files.insert(rel.clone());
        self.pages.insert(rel, info);
    }

    /// Records a file by path and scans it if it is HTML or XML (a convenience
    /// for builds that see every file's bytes as they are written).
    pub fn add(&mut self, rel: &str, bytes: &[u8]) {
        self.insert(scan(rel, bytes));
    }

    /// How many files the checker knows of.
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// Every internal link of every page, checked; one diagnostic per broken
    /// link, sorted by page and line.
    pub fn check(&self) -> Diagnostics {
        let mut diags = Diagnostics::default();
        let mut reported_written = BTreeSet::new();
        for (page, info) in &self.pages {
            for link in &info.links {
                if let Some(problem) = self.check_link(page, link) {
                    let mut d = match self.written.get(&link.url) {
                        Some(written) => {
                            if !reported_written.insert(&link.url) {
                                continue;
                            }
                            Diagnostic::new(
                                &written.file,
                                format!(
                                    "the link `{}` is broken: {}",
                                    written.as_written, problem.0
                                ),
                            )
                            .at_line(written.line)
                        }
                        None => Diagnostic::new(
                            self.display_root.join(page),
                            format!("broken link {:?} ({}): {}", link.url, link.from, problem.0),
                        )
                        .at_line(link.line),
                    };
                    if let Some(hint) = problem.1 {
                        d = d.with_hint(hint);
                    }
                    diags.push(d);
                }
            }
        }
        diags.into_result(()).err().unwrap_or_default()
    }

    /// Why `link` in `page` is broken (message, hint), or `None` if it is fine
    /// or points outside the site.
    fn check_link(&self, page: &str, link: &Link) -> Option<(String, Option<String>)> {
        let url = link.url.trim();
        let (rest, fragment) = match url.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (url, None),
        };
        let rest = rest.split_once('?').map_or(rest, |(r, _)| r);
        let target = match self.resolve(page, rest) {
            Resolved::External => return None,
            Resolved::Path(p) => p,
            Resolved::Broken(why, hint) => return Some((why, hint)),
        };
        if page == NOT_FOUND_PAGE && is_relative(rest) && !rest.is_empty() {
            return Some((
                "a relative link in 404.html resolves differently at every missing address"
                    .to_string(),
                Some(
                    "use a root-relative link under the base path (e.g. {{ site.base_path }})"
                        .into(),
                ),
            ));
        }
        // Directory URLs are answered with their index.html.
        let file = if target.is_empty() || target.ends_with('/') {
            format!("{target}index.html")
        } else if !self.files.contains(&target)
            && self.files.contains(&format!("{target}/index.html"))
        {
            format!("{target}/index.html")
        } else {
            target
        };
        if !self.files.contains(&file) {
            return Some((format!("no file {file:?} in the site"), None));
        }
        let fragment = fragment.map(percent_decode).unwrap_or_default();
        if fragment.is_empty() || fragment == "top" {
            return None;
        }
        match self.pages.get(&file) {
            Some(info) if file.ends_with(".html") || file.ends_with(".htm") => {
                if info.anchors.contains(&fragment) {
                    None
                } else {
                    Some((format!("no element with id {fragment:?} in {file:?}"), None))
                }
            }
            _ => None,
        }
    }

    /// The site-relative path a link's path part points at.
    fn resolve(&self, page: &str, path: &str) -> Resolved {
        let lower = path.to_ascii_lowercase();
        // In-site absolute URLs: under base_url (compared without the scheme).
        if lower.starts_with("http://") || lower.starts_with("https://") || path.starts_with("//") {
            let strip = |u: &str| -> String {
                let u = u.split_once("://").map_or(u, |(_, r)| r);
                u.trim_start_matches('/').to_string()
            };
            if !self.base_url.contains("://") {
                return Resolved::External;
            }
            let base = strip(&self.base_url);
            let this = strip(path);
            let base_host = base.split('/').next().unwrap_or("").to_ascii_lowercase();
            let this_host = this.split('/').next().unwrap_or("").to_ascii_lowercase();
            if base_host != this_host {
                return Resolved::External;
            }
            let this_path = format!("/{}", this.split_once('/').map_or("", |(_, p)| p));
            // Elsewhere on the same host (another project on github.io, say) is not this site.
            if !this_path.starts_with(self.base_path.trim_end_matches('/')) {
                return Resolved::External;
            }
            return self.under_base(&this_path, path);
        }
        if has_scheme(path) {
            // mailto:, data:, javascript:, tel: ... are not pages of the site.
            return Resolved::External;
        }
        if path.starts_with('/') {
            return self.under_base(path, path);
        }
        // Relative: against the page's directory.
        let mut segments: Vec<String> = page.split('/').map(str::to_string).collect();
        segments.pop();
        if path.is_empty() {
            return Resolved::Path(page.to_string());
        }
        let decoded = percent_decode(path);
        walk(segments, &decoded, decoded.ends_with('/'))
    }

    /// A root-relative path, which must be under the base path.
    fn under_base(&self, abs_path: &str, shown: &str) -> Resolved {
        let decoded = percent_decode(abs_path);
        let base = &self.base_path;
        let rel = if let Some(rest) = decoded.strip_prefix(base.as_str()) {
            rest.to_string()
        } else if decoded == base.trim_end_matches('/') {
            String::new()
        } else {
            return Resolved::Broken(
                format!("it is outside the site's base path {base:?}"),
                Some(format!(
                    "the site is published under {base}; build links from {{{{ site.base_path }}}} rather than \"/\" (link: {shown})"
                )),
            );
        };
        walk(Vec::new(), &rel, rel.ends_with('/'))
    }
}

/// Follows the `/`-separated `path` from the directory `segments`: empty
/// and `.` segments stay put, `..` goes up (broken above the site's root).
/// The result ends in `/` when `trailing` and it is not the root.
fn walk(mut segments: Vec<String>, path: &str, trailing: bool) -> Resolved {
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if segments.pop().is_none() {
                    return Resolved::Broken(
                        "it climbs above the root of the site".to_string(),
                        None,
                    );
                }
            }
            s => segments.push(s.to_string()),
        }
    }
    let mut joined = segments.join("/");
    if trailing && !joined.is_empty() {
        joined.push('/');
    }
    Resolved::Path(joined)
}

/// Checks a site already written to `dir` (built for `base_url`): every
/// broken internal link and anchor, one diagnostic each, naming the file
/// under `dir` and the line.
pub fn check_dir(dir: &Path, base_url: &str) -> Diagnostics {
    match LinkChecker::from_dir(dir, base_url) {
        Ok(checker) => checker.check(),
        Err(d) => d.into(),
    }
}

/// One file of the site, scanned for [`LinkChecker::insert`].
#[derive(Debug, Clone)]
pub struct Scanned {
    rel: String,
    /// Anchors and links, for HTML, XML and CSS files.
    info: Option<PageInfo>,
}

/// Scans one file of the site (path relative to the output, `/`-separated):
/// HTML, XML and CSS files for anchors and links, others not at all.
pub fn scan(rel: &str, bytes: &[u8]) -> Scanned {
    let rel = rel.trim_start_matches('/').to_string();
    let info = is_scanned(&rel).then(|| scan_text(&rel, &String::from_utf8_lossy(bytes)));
    Scanned { rel, info }
}

fn scan_text(rel: &str, text: &str) -> PageInfo {
    if rel.ends_with(".xml") {
        scan_xml(text)
    } else if rel.ends_with(".css") {
        scan_css(text)
    } else {
        scan_html(text)
    }
}

enum Resolved {
    /// Not a page of this site.
    External,
    /// Site-relative path; empty or ending in `/` for a directory.
    Path(String),
    Broken(String, Option<String>),
}

fn is_scanned(rel: &str) -> bool {
    [".html", ".htm", ".xml", ".css"]
        .iter()
        .any(|ext| rel.ends_with(ext))
}

fn is_relative(path: &str) -> bool {
    !path.starts_with('/') && !has_scheme(path)
}

/// `scheme:` at the start of a URL (letters, digits, `+ - .`, starting with a letter).
fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Decodes `%XX` escapes (invalid escapes are kept as they are; the result
/// is read as UTF-8, lossily).
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Decodes the character references that matter in attribute values:
/// `&amp; &lt; &gt; &quot; &apos; &#39; &#x27;` and any numeric reference.
/// Unknown named references are kept as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|j| j + 1)
            .unwrap_or(rest.len());
        let name = &rest[1..end];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            n if n.starts_with("#x") || n.starts_with("#X") => u32::from_str_radix(&n[2..], 16)
                .ok()
                .and_then(char::from_u32),
            n if n.starts_with('#') => n[1..].parse::<u32>().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end..];
                if rest.starts_with(';') {
                    rest = &rest[1..];
                }
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// One start tag: its lowercase name, attributes (lowercase name, decoded
/// value) and the 1-based line where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub line: usize,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every start tag of an HTML document, in order. Comments, doctypes,
/// processing instructions, end tags and the raw text of `<script>`,
/// `<style>`, `<textarea>` and `<title>` are skipped.
pub fn start_tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    let mut line = 1;
    let mut counted = 0; // bytes[..counted] have been counted into `line`
    let mut line_at = |pos: usize, counted: &mut usize| {
        line += bytes[*counted..pos].iter().filter(|b| **b == b'\n').count();
        *counted = pos;
        line
    };
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let after = &html[start + 1..];
        if let Some(comment) = after.strip_prefix("!--") {
            i = match comment.find("-->") {
                Some(j) => start + 1 + 3 + j + 3,
                None => html.len(),
            };
            continue;
        }
        if after.starts_with('!') || after.starts_with('?') || after.starts_with('/') {
            i = match after.find('>') {
                Some(j) => start + 1 + j + 1,
                None => html.len(),
            };
            continue;
        }
        if !after.starts_with(|c: char| c.is_ascii_alphabetic()) {
            i = start + 1;
            continue;
        }
        let tag_line = line_at(start, &mut counted);
        let (tag, end) = parse_tag(html, start + 1, tag_line);
        i = end;
        let raw = matches!(tag.name.as_str(), "script" | "style" | "textarea" | "title");
        if raw {
            let close = format!("</{}", tag.name);
            let lower_rest = html[i..].to_ascii_lowercase();
            i = match lower_rest.find(&close) {
                Some(j) => i + j,
                None => html.len(),
            };
        }
        tags.push(tag);
    }
    tags
}

/// Parses a start tag whose name begins at `pos`; returns it and the offset
/// just after its `>`.
fn parse_tag(html: &str, pos: usize, line: usize) -> (Tag, usize) {
    let bytes = html.as_bytes();
    let mut i = pos;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' && bytes[i] != b'/'
    {
        i += 1;
    }
    let name = html[pos..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        if bytes[i] == b'>' {
            i += 1;
            break;
        }
        let name_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let attr_name = html[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let vstart = i + 1;
                let vend = html[vstart..]
                    .find(quote as char)
                    .map_or(html.len(), |j| vstart + j);
                value = decode_entities(&html[vstart..vend]);
                i = (vend + 1).min(html.len());
            } else {
                let vstart = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = decode_entities(&html[vstart..i]);
            }
        }
        if !attr_name.is_empty() {
            attrs.push((attr_name, value));
        } else {
            i += 1;
        }
    }
    (Tag { name, attrs, line }, i)
}

/// The link-bearing attributes of the elements the checker follows.
fn link_attrs(tag: &str) -> &'static [&'static str] {
    match tag {
        "a" | "area" | "link" => &["href"],
        "script" | "iframe" | "audio" | "embed" | "track" => &["src"],
        "img" | "source" => &["src", "srcset"],
        "video" => &["src", "poster"],
        _ => &[],
    }
}

fn scan_html(html: &str) -> PageInfo {
    let mut info = PageInfo::default();
    for tag in start_tags(html) {
        for (name, value) in &tag.attrs {
            if name == "id" || (name == "name" && tag.name == "a") {
                info.anchors.insert(value.clone());
            }
        }
        for attr in link_attrs(&tag.name) {
            let Some(value) = tag.attr(attr) else {
                continue;
            };
            let from = format!("{} {}", tag.name, attr);
            if *attr == "srcset" {
                for candidate in value.split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        info.links.push(Link {
                            url: url.to_string(),
                            from: from.clone(),
                            line: tag.line,
                        });
                    }
                }
            } else {
                info.links.push(Link {
                    url: value.to_string(),
                    from,
                    line: tag.line,
                });
            }
        }
    }
    info
}

/// Feeds and sitemaps: `<link href>` elements and the text of `<loc>` and of
/// Atom `<id>` is not a link (ids need not resolve), so only those two.
fn scan_xml(xml: &str) -> PageInfo {
    let mut info = PageInfo::default();
    for tag in start_tags(xml) {
        if tag.name == "link" {
            if let Some(href) = tag.attr("href") {
                info.links.push(Link {
                    url: href.to_string(),
                    from: "link href".into(),
                    line: tag.line,
                });
            }
        }
    }
    let mut line = 1;
    let mut last = 0;
    for (at, _) in xml.match_indices("<loc>") {
        line += xml[last..at].matches('\n').count();
        last = at;
        let text = &xml[at + 5..];
        let end = text.find("</loc>").unwrap_or(text.len());
        info.links.push(Link {
            url: decode_entities(text[..end].trim()),
            from: "sitemap loc".into(),
            line,
        });
    }
    info
}

/// Stylesheets: every `url(...)` and `@import "..."`, resolved against the
/// stylesheet's own place (as browsers do). Comments are skipped.
fn scan_css(css: &str) -> PageInfo {
    let mut info = PageInfo::default();
    // Blank out comments, keeping line breaks so line numbers stay right.
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("/*") {
        text.push_str(&rest[..i]);
        let end = rest[i + 2..]
            .find("*/")
            .map_or(rest.len(), |j| i + 2 + j + 2);
        text.extend(rest[i..end].chars().filter(|c| *c == '\n'));
        rest = &rest[end..];
    }
    text.push_str(rest);
    let line_of = |at: usize| text[..at].matches('\n').count() + 1;
    let unquote = |v: &str| {
        v.trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .trim()
            .to_string()
    };
    let lower = text.to_ascii_lowercase();
    for (at, _) in lower.match_indices("url(") {
        let after = &text[at + 4..];
        let Some(end) = after.find(')') else { continue };
        let url = unquote(&after[..end]);
        if !url.is_empty() && !url.starts_with('#') {
            info.links.push(Link {
                url,
                from: "css url()".into(),
                line: line_of(at),
            });
        }
    }
    for (at, _) in lower.match_indices("@import") {
        let after = text[at + 7..].trim_start();
        if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
            if let Some(end) = after[1..].find(q) {
                info.links.push(Link {
                    url: after[1..1 + end].to_string(),
                    from: "css @import".into(),
                    line: line_of(at),
                });
            }
        }
    }
    info
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(d: &Diagnostics) -> Vec<String> {
        d.0.iter().map(|d| d.to_string()).collect()
    }

    fn site(base: &str) -> LinkChecker {
        let mut c = LinkChecker::new(base, "public");
        c.add_page(
            "index.html",
            r##"<!DOCTYPE html><html><head>
<link rel="stylesheet" href="/project/static/style.css">
<script src="/project/static/unspun.js" defer></script>
<!-- <a href="commented-out/">x</a> -->
</head><body><main id="main">
<a href="reports/one/">one</a>
<a href='reports/one/#finding-0'>first</a>
<a href="/project/reports/one/index.html?x=1&amp;y=2#finding-1">second</a>
<a href="https://example.org/project/sources/s/">source</a>
<a href="https://elsewhere.example/x">ext</a>
<a href="mailto:x@example.org">mail</a>
<a href="#main">skip</a>
<a href=reports/one/report.json>json</a>
<img src="static/a%20b.png" srcset="static/a%20b.png 1x, static/a%20b.png 2x" alt="">
<script>var s = '<a href="nowhere/">';</script>
</main></body></html>"##,
        );
        c.add_page(
            "reports/one/index.html",
            r#"<html><body><p id="finding-0">x</p><a name="finding-1"></a>
<a href="../../">home</a> <a href="../../sources/s/#top">s</a></body></html>"#,
        );
        c.add_page("sources/s/index.html", "<p>s</p>");
        c.add_file("reports/one/report.json");
        c.add_file("static/style.css");
        c.add_file("static/unspun.js");
        c.add_file("static/a b.png");
        c
    }

    #[test]
    fn a_sound_site_has_no_problems() {
        let c = site("https://example.org/project/");
        let d = c.check();
        assert!(d.is_empty(), "{}", d);
    }

    #[test]
    fn finds_a_planted_broken_link_and_anchor() {
        let mut c = site("https://example.org/project");
        c.add_page(
            "reports/two/index.html",
            "<html><body>\n<a href=\"../one/#finding-9\">bad anchor</a>\n\
             <a href=\"../three/\">missing page</a>\n\
             <link href=\"/static/style.css\" rel=stylesheet>\n\
             <a href=\"https://example.org/project/missing.html\">x</a>\n\
             <a href=\"../../../up\">up</a></body></html>",
        );
        let d = c.check();
        let m = messages(&d);
        assert_eq!(d.len(), 5, "{m:#?}");
        assert!(
            m[0].starts_with("public/reports/two/index.html:2: broken link \"../one/#finding-9\"")
        );
        assert!(m[0].contains("no element with id \"finding-9\""));
        assert!(m[1].contains(":3:") && m[1].contains("reports/three/index.html"));
        assert!(
            m[2].contains(":4:") && m[2].contains("outside the site's base path \"/project/\"")
        );
        assert!(m[3].contains("missing.html"));
        assert!(m[4].contains("climbs above the root"));
    }

    #[test]
    fn relative_links_in_404_are_reported() {
        let mut c = LinkChecker::new("/", "public");
        c.add_page("index.html", "");
        c.add_page(
            "404.html",
            r#"<a href="/">home</a><a href="index.html">bad</a>"#,
        );
        let d = c.check();
        assert_eq!(d.len(), 1, "{d}");
        assert!(d.0[0].message.contains("404.html"));
    }

    #[test]
    fn feeds_and_sitemaps_are_checked() {
        let mut c = LinkChecker::new("https://example.org/p/", "public");
        c.add_page("reports/a/index.html", "");
        c.add_page(
            "atom.xml",
            "<feed>\n<link rel=\"self\" href=\"https://example.org/p/atom.xml\"/>\n<entry><link href=\"https://example.org/p/reports/b/\"/></entry></feed>",
        );
        c.add_page(
            "sitemap.xml",
            "<urlset>\n<url><loc>https://example.org/p/reports/a/</loc></url>\n<url><loc>https://example.org/p/x/</loc></url>\n</urlset>",
        );
        let m = messages(&c.check());
        assert_eq!(m.len(), 2, "{m:#?}");
        assert!(m[0].starts_with("public/atom.xml:3:"));
        assert!(m[1].starts_with("public/sitemap.xml:3:"));
    }

    #[test]
    fn stylesheets_are_checked() {
        let mut c = LinkChecker::new("/p/", "public");
        c.add_file("static/fonts/a.woff2");
        c.add_file("static/base.css");
        c.add(
            "static/style.css",
            b"@import 'base.css';\n/* url(commented.png) */\nbody { background: url(\"img/missing.png\"); }\n\
              @font-face { src: url(fonts/a.woff2) format('woff2'), url(data:font/woff2;base64,AA==); }\n\
              .x { mask: url(#m); }",
        );
        let d = c.check();
        assert_eq!(d.len(), 1, "{d}");
        assert!(
            d.0[0].to_string().starts_with("public/static/style.css:3:"),
            "{d}"
        );
        assert!(d.0[0].message.contains("static/img/missing.png"));
    }

    #[test]
    fn entities_and_percent_escapes() {
        assert_eq!(
            decode_entities("a&amp;b&#39;c&#x27;&lt;&bogus;&"),
            "a&b'c'<&bogus;&"
        );
        assert_eq!(percent_decode("a%20b%zz%4"), "a b%zz%4");
        assert_eq!(percent_decode("%C3%BCber"), "über");
        let tags = start_tags("<A HREF=x TITLE='a>b' data-x=\"&quot;\"><br/><p\nid=y>");
        assert_eq!(tags[0].name, "a");
        assert_eq!(tags[0].attr("href"), Some("x"));
        assert_eq!(tags[0].attr("title"), Some("a>b"));
        assert_eq!(tags[0].attr("data-x"), Some("\""));
        assert_eq!(tags[1].name, "br");
        assert_eq!((tags[2].name.as_str(), tags[2].line), ("p", 1));
        assert_eq!(tags[2].attr("id"), Some("y"));
    }

    #[test]
    fn bare_path_base_url() {
        let mut c = LinkChecker::new("/", "out");
        c.add_page(
            "index.html",
            r#"<a href="/reports/a/">a</a><a href="https://anywhere.example/">x</a><a href="/reports/b">b</a>"#,
        );
        c.add_page("reports/a/index.html", "");
        c.add_page("reports/b/index.html", "");
        assert!(c.check().is_empty());
    }

    #[test]
    fn reads_an_output_directory() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("reports/a")).unwrap();
        std::fs::write(
            dir.path().join("index.html"),
            r#"<a href="reports/a/">a</a> <a href="reports/b/">b</a>"#,
        )
        .unwrap();
        std::fs::write(dir.path().join("reports/a/index.html"), "").unwrap();
        let d = check_dir(dir.path(), "/");
        assert_eq!(d.len(), 1, "{d}");
        assert!(d.0[0].message.contains("reports/b/index.html"));
    }
}
