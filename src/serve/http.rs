//! HTTP answers: mapping request paths to the served files, safely, with
//! the right content types; the connections themselves are [`super::server`]'s.
//!
//! A request path is decoded one segment at a time, and a segment that
//! decodes to `.`/`..`, or contains a slash, a backslash or a NUL byte, ends
//! the lookup with 404: `/../`, `/%2e%2e/` and `/a%2fb` can never climb out of
//! the site. The decoded path then names a key of the in-memory
//! [`SiteFiles`]; nothing else on disk is reachable.

use std::io::Read;
use std::sync::Arc;

use super::files::{Body, Packed, SiteFiles};
use super::livereload::{self, CLIENT_JS, EVENTS_PATH, RESERVED_PREFIX, SCRIPT_PATH};
use super::State;
use crate::paths::{NOT_FOUND, PAGE_FILE};

/// A request as the server hands it over: method and target as sent (the
/// `Host` header is checked before).
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub target: String,
    /// `Accept-Encoding` names gzip: files are then sent as they are kept,
    /// gzipped, with no copy (pages with the script put in on the way).
    pub takes_gzip: bool,
}

/// The bytes of a response body.
#[derive(Debug, Clone)]
pub enum Payload {
    Owned(Vec<u8>),
    /// A file held in memory, sent without a copy.
    Shared(Arc<[u8]>),
}

impl AsRef<[u8]> for Payload {
    fn as_ref(&self) -> &[u8] {
        match self {
            Payload::Owned(v) => v,
            Payload::Shared(a) => a,
        }
    }
}

/// One response; the server adds `Content-Length` and `Connection`.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    /// The body, in parts sent one after the other.
    pub body: Vec<Payload>,
}

impl Response {
    fn new(status: u16, content_type: &str, body: Payload) -> Response {
        Response::in_parts(status, content_type, vec![body])
    }

    fn in_parts(status: u16, content_type: &str, body: Vec<Payload>) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("Cache-Control", "no-store".to_string()),
                ("X-Content-Type-Options", "nosniff".to_string()),
            ],
            body,
        }
    }

    /// A plain-text answer (errors, refusals).
    pub fn text(status: u16, message: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            Payload::Owned(message.as_bytes().to_vec()),
        )
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    /// The length of the body.
    pub fn body_len(&self) -> usize {
        self.body.iter().map(|part| part.as_ref().len()).sum()
    }
}

/// What a request path resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file of the site, by its output path.
    File(String),
    /// A directory asked for without its trailing slash: redirect here.
    Redirect(String),
    NotFound,
}

/// Splits a request URL's path into decoded segments, or `None` when any
/// segment is unsafe or undecodable. Empty segments (`//`) are dropped; the
/// flag says whether the path ended with `/`.
pub fn decode_path(url: &str) -> Option<(Vec<String>, bool)> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return None;
    }
    let mut segments = Vec::new();
    for raw in path.split('/') {
        if raw.is_empty() {
            continue;
        }
        let bytes = percent_decode(raw)?;
        let segment = String::from_utf8(bytes).ok()?;
        if segment == "." || segment == ".." || segment.contains(['/', '\\', '\0']) {
            return None;
        }
        segments.push(segment);
    }
    Some((segments, path.ends_with('/')))
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Resolves a request URL against the served files.
pub fn resolve(files: &SiteFiles, url: &str) -> Target {
    let Some((segments, trailing_slash)) = decode_path(url) else {
        return Target::NotFound;
    };
    let joined = segments.join("/");
    if segments.is_empty() || trailing_slash {
        let index = if joined.is_empty() {
            PAGE_FILE.to_string()
        } else {
            format!("{joined}/{PAGE_FILE}")
        };
        return if files.contains(&index) {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if files.contains(&joined) {
        return Target::File(joined);
    }
    if files.contains(&format!("{joined}/{PAGE_FILE}")) {
        return Target::Redirect(directory_location(&segments, url));
    }
    Target::NotFound
}

/// Where a directory asked for without its slash is: rebuilt from the
/// decoded segments, so `//x` or `/a//b` never gives `//x/`, which a browser
/// would read as another host. The query string is kept.
fn directory_location(segments: &[String], url: &str) -> String {
    let mut location = String::new();
    for segment in segments {
        location.push('/');
        location.push_str(&percent_encode(segment));
    }
    location.push('/');
    if let Some((_, query)) = url.split('#').next().unwrap_or("").split_once('?') {
        location.push('?');
        location.push_str(query);
    }
    location
}

/// Percent-encodes a decoded path segment (all but unreserved characters).
fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for &b in segment.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `Content-Type` for an output path, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "jsonld" => "application/ld+json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "tsv" => "text/tab-separated-values; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "wav" => "audio/wav",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        _ => "application/octet-stream",
    }
}

/// Reads one of the site's own static files from disk (refusing links).
fn read_static(path: &std::path::Path) -> Option<Payload> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_file() {
        return None;
    }
    let mut out = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path).ok()?.read_to_end(&mut out).ok()?;
    Some(Payload::Owned(out))
}

/// Answers one request (any but the opening of an event stream, which the
/// server keeps). A `HEAD` is answered as a `GET`; the server sends only the
/// head.
pub fn answer(request: &Request, state: &State) -> Response {
    if request.method != "GET" && request.method != "HEAD" {
        return Response::text(405, "405 Method Not Allowed\n").with_header("Allow", "GET, HEAD");
    }
    let url = request.target.as_str();
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS_PATH {
        // Only a HEAD gets here: the headers of the stream, without a slot.
        return Response::new(200, "text/event-stream", Payload::Owned(Vec::new()));
    }
    if path == SCRIPT_PATH {
        return Response::new(
            200,
            "text/javascript; charset=utf-8",
            Payload::Owned(CLIENT_JS.as_bytes().to_vec()),
        );
    }
    if path.starts_with(RESERVED_PREFIX) {
        return Response::text(404, "404 Not Found\n");
    }
    let files = state.files();
    let build = state.hub.build();
    match resolve(&files, url) {
        Target::File(path) => match files.get(&path) {
            Some(Body::Memory(packed)) => kept_file(200, &path, packed, request, build),
            Some(Body::Disk(disk)) => match read_static(disk) {
                Some(body) => page(200, &path, body, build),
                None => not_found(&files, request, build),
            },
            None => not_found(&files, request, build),
        },
        Target::Redirect(location) => {
            Response::text(301, "301 Moved Permanently\n").with_header("Location", location)
        }
        Target::NotFound => not_found(&files, request, build),
    }
}

/// How much of a page is read to find its policy: its head.
const HEAD_MAX: usize = 16 * 1024;

/// A file kept in memory. To a client that takes gzip it goes as it is
/// kept, a page with the script put in on the way, unless the page's
/// policy must be changed for the script (a theme's own policy).
fn kept_file(status: u16, path: &str, packed: &Packed, request: &Request, build: u64) -> Response {
    let content_type = content_type(path);
    let is_page = content_type.starts_with("text/html");
    let as_kept = request.takes_gzip
        && (!is_page
            || livereload::policy_allows_script(&String::from_utf8_lossy(
                &packed.unpack_start(HEAD_MAX),
            )));
    if !as_kept {
        return page(status, path, Payload::Owned(packed.unpack()), build);
    }
    let insert = if is_page {
        livereload::script_tag(build)
    } else {
        String::new()
    };
    let (start, end) = packed.gzipped(insert.as_bytes());
    Response::in_parts(
        status,
        content_type,
        vec![Payload::Shared(start), Payload::Owned(end)],
    )
    .with_header("Content-Encoding", "gzip")
    .with_header("Vary", "Accept-Encoding")
}

/// A file's response, unpacked; HTML gets the live-reload script, put in
/// place when the page's policy allows it as it is (no copy of the page).
fn page(status: u16, path: &str, body: Payload, build: u64) -> Response {
    let content_type = content_type(path);
    let body = match body {
        Payload::Owned(mut page) if content_type.starts_with("text/html") => {
            let head = &page[..page.len().min(HEAD_MAX)];
            if livereload::policy_allows_script(&String::from_utf8_lossy(head)) {
                let at = livereload::insertion_point(&page);
                page.splice(at..at, livereload::script_tag(build).into_bytes());
                Payload::Owned(page)
            } else {
                let html = String::from_utf8_lossy(&page);
                Payload::Owned(livereload::inject(&html, build).into_bytes())
            }
        }
        body => body,
    };
    Response::new(status, content_type, body)
}

/// The site's own 404 page with status 404, or a bare one while the site
/// has not built yet (still a page, so the error overlay can show on it).
fn not_found(files: &Arc<SiteFiles>, request: &Request, build: u64) -> Response {
    let body = match files.get(NOT_FOUND) {
        Some(Body::Memory(packed)) => return kept_file(404, NOT_FOUND, packed, request, build),
        Some(Body::Disk(disk)) => read_static(disk),
        None => None,
    };
    let body = body.unwrap_or_else(|| Payload::Owned(FALLBACK_404.as_bytes().to_vec()));
    page(404, NOT_FOUND, body, build)
}

const FALLBACK_404: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body><h1>Not found</h1><p>unspun serve: there is no page here (yet).</p></body></html>\n";

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteFiles {
        let mut files = SiteFiles::new();
        for path in [
            "index.html",
            "reports/a/index.html",
            "reports/a/report.json",
            "static/app.css",
            "404.html",
        ] {
            files.insert(path, Body::memory(path.as_bytes().to_vec()));
        }
        files
    }

    #[test]
    fn paths_resolve_to_files_and_indexes() {
        let files = site();
        assert_eq!(resolve(&files, "/"), Target::File("index.html".into()));
        assert_eq!(resolve(&files, "/?x=1"), Target::File("index.html".into()));
        assert_eq!(
            resolve(&files, "/reports/a/"),
            Target::File("reports/a/index.html".into())
        );
        assert_eq!(
            resolve(&files, "/reports//a/"),
            Target::File("reports/a/index.html".into())
        );
        assert_eq!(
            resolve(&files, "/reports/a"),
            Target::Redirect("/reports/a/".into())
        );
        assert_eq!(
            resolve(&files, "/reports/a/report.json"),
            Target::File("reports/a/report.json".into())
        );
        assert_eq!(
            resolve(&files, "/static/app%2Ecss"),
            Target::File("static/app.css".into())
        );
        assert_eq!(resolve(&files, "/nope"), Target::NotFound);
    }

    #[test]
    fn traversal_never_resolves() {
        let files = site();
        for url in [
            "/../index.html",
            "/reports/../index.html",
            "/%2e%2e/index.html",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/reports%2fa/index.html",
            "/reports%2Fa%2Findex.html",
            "/reports%5ca/",
            "/./index.html",
            "/index.html%00",
            "/%",
            "/%zz",
            "index.html",
            "/%ff",
        ] {
            assert_eq!(resolve(&files, url), Target::NotFound, "{url}");
        }
    }

    fn request(takes_gzip: bool) -> Request {
        Request {
            method: "GET".into(),
            target: "/".into(),
            takes_gzip,
        }
    }

    fn gunzip(response: &Response) -> String {
        let bytes: Vec<u8> = response
            .body
            .iter()
            .flat_map(|p| p.as_ref().to_vec())
            .collect();
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    /// A page whose policy allows the script goes gzipped as kept; one whose
    /// policy must change is unpacked and changed; either way, and for a
    /// client without gzip, the page is the same with the script in.
    #[test]
    fn pages_go_gzipped_unless_their_policy_must_change() {
        let page = |policy: &str| {
            format!(
                "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\"></head><body><p>Kesby ferry</p></body></html>\n"
            )
        };
        let tag = livereload::script_tag(3);
        let default = page(&crate::render::CSP.replace('\'', "&#x27;"));
        let packed = Packed::new(default.as_bytes());
        let gzipped = kept_file(200, "a/index.html", &packed, &request(true), 3);
        assert!(gzipped
            .headers
            .contains(&("Content-Encoding", "gzip".into())));
        let want = default.replace("</body>", &format!("{tag}</body>"));
        assert_eq!(gunzip(&gzipped), want);
        let plain = kept_file(200, "a/index.html", &packed, &request(false), 3);
        assert_eq!(plain.body[0].as_ref(), want.as_bytes());

        let strict = page("default-src &#39;none&#39;");
        let packed = Packed::new(strict.as_bytes());
        for takes_gzip in [true, false] {
            let response = kept_file(200, "a/index.html", &packed, &request(takes_gzip), 3);
            assert!(!response
                .headers
                .iter()
                .any(|(n, _)| *n == "Content-Encoding"));
            let text = String::from_utf8_lossy(response.body[0].as_ref()).into_owned();
            assert!(
                text.contains("connect-src 'self'") && text.contains(&tag),
                "{text}"
            );
        }
        // Data files go as kept, nothing put in.
        let json = Packed::new(b"{\"a\": \"</body>\"}");
        let response = kept_file(200, "a/report.json", &json, &request(true), 3);
        assert_eq!(gunzip(&response), "{\"a\": \"</body>\"}");
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("report.json"), "application/json");
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("static/x.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("annotations.jsonld"), "application/ld+json");
        assert_eq!(content_type("findings.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type(".nojekyll"), "application/octet-stream");
    }
}
