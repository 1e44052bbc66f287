//! Live reload over Server-Sent Events, and the error overlay's data.
//!
//! Every page served by `unspun serve` gets one `<script>` (served from
//! [`SCRIPT_PATH`]) that listens on the event stream:
//! `reload` after a good rebuild, `build-error` with the diagnostics after a
//! failed one. The script is never part of `unspun build` output.
//!
//! The hub below keeps what a newly connected page is told (the build number
//! and any errors) and numbers every event; the server's connection thread
//! queues each event for every open stream and writes it without ever
//! blocking, so a page that stops reading is dropped and delays no one.

use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::error::Diagnostics;

/// URL prefix reserved for unspun's own endpoints in `serve`.
pub const RESERVED_PREFIX: &str = "/__unspun/";
/// The Server-Sent Events stream of rebuild and error events.
pub const EVENTS_PATH: &str = "/__unspun/events";
/// The live-reload and error-overlay client script.
pub const SCRIPT_PATH: &str = "/__unspun/livereload.js";

/// The client script: reload with scroll position kept, and the overlay.
pub const CLIENT_JS: &str = include_str!("livereload.js");

/// Most event-stream clients served at once (open tabs).
pub const MAX_CLIENTS: usize = 64;

/// One diagnostic as the overlay shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorItem {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

/// The payload of a `build-error` event.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorReport {
    pub errors: Vec<ErrorItem>,
}

impl ErrorReport {
    pub fn new(diagnostics: &Diagnostics) -> ErrorReport {
        let errors = diagnostics
            .0
            .iter()
            .map(|d| ErrorItem {
                file: d.file.display().to_string(),
                line: d.line,
                column: d.column,
                message: d.message.clone(),
                hint: d.hint.clone(),
            })
            .collect();
        ErrorReport { errors }
    }
}

/// One event as the connection thread gets it: its number (a stream opened
/// after it was numbered already knows of it) and its text.
#[derive(Debug, Clone)]
pub struct Event {
    pub seq: u64,
    pub text: Arc<[u8]>,
}

/// Where the hub sends events: the server's connection thread.
pub type Outlet = Box<dyn Fn(Event) + Send + Sync>;

#[derive(Default)]
struct Inner {
    build: u64,
    errors: Option<ErrorReport>,
    /// Number of the last event sent.
    seq: u64,
    outlet: Option<Outlet>,
}

/// What live-reload clients are told, on connect and after each rebuild.
#[derive(Default)]
pub struct Hub {
    inner: Mutex<Inner>,
}

/// Formats one event; `data` is JSON, which never contains a raw newline.
fn event(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

impl Hub {
    pub fn new() -> Hub {
        Hub::default()
    }

    /// The number of the current good build (goes into injected script URLs).
    pub fn build(&self) -> u64 {
        self.lock().build
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sends every later event to `outlet`.
    pub fn connect(&self, outlet: Outlet) {
        self.lock().outlet = Some(outlet);
    }

    /// What a newly opened stream is told first (the current build and
    /// errors), with the number of the last event it thereby knows of.
    pub fn hello(&self) -> (u64, String) {
        let inner = self.lock();
        let hello = serde_json::json!({ "build": inner.build, "errors": inner.errors });
        let text = format!("retry: 1000\n\n{}", event("hello", &hello.to_string()));
        (inner.seq, text)
    }

    /// A good rebuild: clear any error and, if anything changed, reload the
    /// pages showing `paths` (output paths such as `reports/x/index.html`;
    /// `None` reloads every page).
    pub fn rebuilt(&self, changed: bool, paths: Option<&[String]>) {
        let mut inner = self.lock();
        let had_errors = inner.errors.take().is_some();
        if changed {
            inner.build += 1;
            let data = serde_json::json!({ "build": inner.build, "paths": paths }).to_string();
            send(&mut inner, &event("reload", &data));
        } else if had_errors {
            send(&mut inner, &event("build-ok", "{}"));
        }
    }

    /// A failed rebuild: show the overlay in every open page.
    pub fn failed(&self, report: ErrorReport) {
        let mut inner = self.lock();
        let data = serde_json::to_string(&report).unwrap_or_else(|_| "{\"errors\":[]}".into());
        inner.errors = Some(report);
        send(&mut inner, &event("build-error", &data));
    }

    /// A comment line, so connections through idle-closing proxies stay open.
    pub fn ping(&self) {
        let mut inner = self.lock();
        send(&mut inner, ": ping\n\n");
    }
}

/// Numbers an event and hands it over, under the hub's lock, so that a
/// stream opening meanwhile gets either it or a hello that includes it.
fn send(inner: &mut Inner, text: &str) {
    inner.seq += 1;
    if let Some(outlet) = &inner.outlet {
        outlet(Event {
            seq: inner.seq,
            text: Arc::from(text.as_bytes()),
        });
    }
}

/// The tag that loads the live-reload script into a page of `build`.
pub fn script_tag(build: u64) -> String {
    format!("<script src=\"{SCRIPT_PATH}?build={build}\"></script>")
}

/// Where the script goes in a page: before the last `</body>`, or at the
/// end of a page without one.
pub fn insertion_point(bytes: &[u8]) -> usize {
    const BODY_END: &[u8] = b"</body>";
    bytes
        .windows(BODY_END.len())
        .rposition(|w| w.eq_ignore_ascii_case(BODY_END))
        .unwrap_or(bytes.len())
}

/// Adds the live-reload script to a page, and lets it run under the page's
/// Content-Security-Policy (serve only): `'self'` joins `script-src` and
/// `connect-src`.
pub fn inject(html: &str, build: u64) -> String {
    let html = relax_csp_meta(html);
    let (start, end) = html.split_at(insertion_point(html.as_bytes()));
    format!("{start}{}{end}", script_tag(build))
}

/// Whether the page starting with `start` (its head, at least) needs no
/// change to its Content-Security-Policy for the script to run: the default
/// theme's policy allows it already. `false` when the head does not end
/// within `start`.
pub fn policy_allows_script(start: &str) -> bool {
    find_ascii_ci(start, "</head>", 0).is_some_and(|end| {
        let head = &start[..end];
        relax_csp_meta(head) == head
    })
}

fn find_ascii_ci(haystack: &str, needle: &str, from: usize) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    (from..=h.len().checked_sub(n.len())?).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Rewrites the `content` of every `<meta http-equiv="Content-Security-Policy">`
/// in the head (browsers ignore the policy anywhere else, and the index of a
/// large site is megabytes long).
fn relax_csp_meta(html: &str) -> String {
    let head_end = find_ascii_ci(html, "</head>", 0).unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + 64);
    let mut pos = 0;
    while let Some(at) = find_ascii_ci(&html[..head_end], "content-security-policy", pos) {
        let tag_start = html[..at].rfind('<').unwrap_or(at);
        let Some(tag_len) = html[at..].find('>') else {
            break;
        };
        let tag_end = at + tag_len;
        let tag = &html[tag_start..tag_end];
        let is_meta = tag.len() > 5 && tag[..5].eq_ignore_ascii_case("<meta");
        let content = find_ascii_ci(tag, "content=", 0).and_then(|i| {
            let quote = tag[i + 8..]
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'')?;
            let start = i + 9;
            let len = tag[start..].find(quote)?;
            Some((start, start + len))
        });
        let allowed = content.is_some_and(|(s, e)| allows_script(&tag[s..e]));
        match (is_meta, content) {
            (true, Some((s, e))) if !allowed => {
                out.push_str(&html[pos..tag_start + s]);
                let quote_char = tag.as_bytes()[s - 1];
                let policy = relax_csp(&html[tag_start + s..tag_start + e]);
                // Inside a single-quoted attribute, write the quotes escaped.
                if quote_char == b'\'' {
                    out.push_str(&policy.replace('\'', "&#39;"));
                } else {
                    out.push_str(&policy);
                }
                pos = tag_start + e;
            }
            _ => {
                out.push_str(&html[pos..tag_end]);
                pos = tag_end;
            }
        }
    }
    out.push_str(&html[pos..]);
    out
}

/// A policy's directives, with the quotes the page escaped decoded.
fn directives(policy: &str) -> Vec<(String, Vec<String>)> {
    let decoded = policy.replace("&#39;", "'").replace("&#x27;", "'");
    decoded
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace().map(str::to_string);
            let name = words.next()?.to_ascii_lowercase();
            Some((name, words.collect()))
        })
        .collect()
}

/// Whether a policy lets the page load the script and open the stream from
/// its own origin already (the default theme's does): it is then left as
/// it is.
fn allows_script(policy: &str) -> bool {
    let directives = directives(policy);
    let find = |name: &str| directives.iter().find(|(n, _)| n == name);
    ["script-src", "connect-src"].iter().all(|name| {
        find(name)
            .or_else(|| find("default-src"))
            .is_none_or(|(_, values)| values.iter().any(|v| v == "'self'"))
    })
}

/// Adds `'self'` to a policy's `script-src` and `connect-src` (falling back
/// to `default-src` as the browser would).
pub fn relax_csp(policy: &str) -> String {
    let mut directives = directives(policy);
    let default = directives
        .iter()
        .find(|(n, _)| n == "default-src")
        .map(|(_, v)| v.clone());
    for name in ["script-src", "connect-src"] {
        match directives.iter_mut().find(|(n, _)| n == name) {
            Some((_, values)) => allow_self(values),
            None => {
                if let Some(mut values) = default.clone() {
                    allow_self(&mut values);
                    directives.push((name.to_string(), values));
                }
            }
        }
    }
    directives
        .iter()
        .map(|(n, v)| {
            if v.is_empty() {
                n.clone()
            } else {
                format!("{n} {}", v.join(" "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn allow_self(values: &mut Vec<String>) {
    values.retain(|v| v != "'none'");
    if !values.iter().any(|v| v == "'self'") {
        values.push("'self'".to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_gains_self_for_scripts_and_events() {
        assert_eq!(
            relax_csp("default-src 'none'; style-src 'self'; script-src 'sha256-abc'"),
            "default-src 'none'; style-src 'self'; script-src 'sha256-abc' 'self'; connect-src 'self'"
        );
        assert_eq!(
            relax_csp("default-src 'self'"),
            "default-src 'self'; script-src 'self'; connect-src 'self'"
        );
        assert_eq!(relax_csp("img-src 'self'"), "img-src 'self'");
    }

    #[test]
    fn script_goes_before_the_body_ends() {
        let html = "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;\"></head><body><p>x</p></BODY></html>";
        let out = inject(html, 7);
        assert!(
            out.contains("<script src=\"/__unspun/livereload.js?build=7\"></script></BODY>"),
            "{out}"
        );
        assert!(
            out.contains("content=\"default-src 'none'; script-src 'self'; connect-src 'self'\""),
            "{out}"
        );
        assert_eq!(
            inject("plain", 1),
            "plain<script src=\"/__unspun/livereload.js?build=1\"></script>"
        );
    }

    #[test]
    fn a_policy_that_already_allows_the_script_is_left_alone() {
        let page = |policy: &str| {
            format!("<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\"></head><body></body></html>")
        };
        let default = page(crate::render::CSP);
        assert!(policy_allows_script(&default));
        assert_eq!(
            inject(&default, 1),
            default.replace("</body>", &format!("{}</body>", script_tag(1)))
        );
        assert!(!policy_allows_script(&page("default-src &#39;none&#39;")));
        assert!(policy_allows_script("<html><head></head><body>"));
        assert!(!policy_allows_script("<html><head><title>cut short"));
    }

    #[test]
    fn events_are_single_data_lines() {
        let report = ErrorReport {
            errors: vec![ErrorItem {
                file: "content/rewrites/a.md".into(),
                line: Some(3),
                column: None,
                message: "bad\n<script>alert(1)</script>".into(),
                hint: None,
            }],
        };
        let data = serde_json::to_string(&report).unwrap();
        let text = event("build-error", &data);
        assert_eq!(text.matches('\n').count(), 3);
    }
}
