//! HTTP: mapping request paths to the served files, safely, with the right
//! content types, and the live-reload endpoints.
//!
//! A request path is decoded one segment at a time, and a segment that
//! decodes to `.`/`..`, or contains a slash, a backslash or a NUL byte, ends
//! the lookup with 404: `/../`, `/%2e%2e/` and `/a%2fb` can never climb out of
//! the site. The decoded path then names a key of the in-memory
//! [`SiteFiles`]; nothing else on disk is reachable.

use std::io::{Cursor, Read, Write};
use std::sync::Arc;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::files::{Body, SiteFiles};
use super::livereload::{self, Hub, EVENTS_PATH, SCRIPT_PATH};
use super::State;
use crate::paths::{NOT_FOUND, PAGE_FILE};

/// URL prefix reserved for unspun's own endpoints in `serve` (the live
/// reload's [`EVENTS_PATH`] and [`SCRIPT_PATH`]).
pub const RESERVED_PREFIX: &str = "/__unspun/";

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
        let path = url.split(['?', '#']).next().unwrap_or("/");
        return Target::Redirect(format!("{path}/"));
    }
    Target::NotFound
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
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
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
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header is valid")
}

type Reply = Response<Cursor<Vec<u8>>>;

fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn text(status: u16, message: &str) -> Reply {
    reply(
        status,
        "text/plain; charset=utf-8",
        message.as_bytes().to_vec(),
    )
}

/// Reads a body: memory as is, a static file from disk (refusing links).
fn read_body(body: &Body) -> Option<Vec<u8>> {
    match body {
        Body::Memory(packed) => Some(packed.unpack()),
        Body::Disk(path) => {
            let meta = std::fs::symlink_metadata(path).ok()?;
            if !meta.file_type().is_file() {
                return None;
            }
            let mut out = Vec::with_capacity(meta.len() as usize);
            std::fs::File::open(path).ok()?.read_to_end(&mut out).ok()?;
            Some(out)
        }
    }
}

/// Answers one request. SSE requests are handed to the hub, which keeps the
/// connection; everything else is answered here.
pub fn handle(request: Request, state: &State) {
    let method = request.method().clone();
    if method != Method::Get && method != Method::Head {
        let _ = request.respond(
            text(405, "405 Method Not Allowed\n").with_header(header("Allow", "GET, HEAD")),
        );
        return;
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS_PATH {
        connect_events(request, &state.hub);
        return;
    }
    if path == SCRIPT_PATH {
        let body = livereload::CLIENT_JS.as_bytes().to_vec();
        let _ = request.respond(reply(200, "text/javascript; charset=utf-8", body));
        return;
    }
    if path.starts_with(RESERVED_PREFIX) {
        let _ = request.respond(text(404, "404 Not Found\n"));
        return;
    }
    let files = state.files();
    let build = state.hub.build();
    let response = match resolve(&files, &url) {
        Target::File(path) => match files.get(&path).and_then(read_body) {
            Some(body) => page(200, &path, body, build),
            None => not_found(&files, build),
        },
        Target::Redirect(location) => {
            text(301, "301 Moved Permanently\n").with_header(header("Location", &location))
        }
        Target::NotFound => not_found(&files, build),
    };
    let _ = request.respond(response);
}

/// A file's response; HTML gets the live-reload script.
fn page(status: u16, path: &str, body: Vec<u8>, build: u64) -> Reply {
    let content_type = content_type(path);
    let body = if content_type.starts_with("text/html") {
        livereload::inject(&String::from_utf8_lossy(&body), build).into_bytes()
    } else {
        body
    };
    reply(status, content_type, body)
}

/// The site's own 404 page with status 404, or a bare one while the site
/// has not built yet (still a page, so the error overlay can show on it).
fn not_found(files: &Arc<SiteFiles>, build: u64) -> Reply {
    let body = files
        .get(NOT_FOUND)
        .and_then(read_body)
        .unwrap_or_else(|| FALLBACK_404.as_bytes().to_vec());
    page(404, NOT_FOUND, body, build)
}

const FALLBACK_404: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body><h1>Not found</h1><p>unspun serve: there is no page here (yet).</p></body></html>\n";

fn connect_events(request: Request, hub: &Hub) {
    if hub.is_full() {
        let _ = request.respond(text(503, "too many live-reload connections\n"));
        return;
    }
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n\r\n";
    if writer.write_all(head.as_bytes()).is_err() || writer.flush().is_err() {
        return;
    }
    hub.add(writer);
}

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

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("report.json"), "application/json");
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("static/x.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type(".nojekyll"), "application/octet-stream");
    }
}
