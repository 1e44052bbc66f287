//! The hostile and broken input corpus: every case under `tests/hostile/cases/`
//! is a small site (laid over `tests/hostile/base/`) with its expected outcome
//! in `case.toml`, run through the real binary. Big inputs (book-length
//! articles, megabyte lines, deep nesting) are generated here instead of
//! being stored.
//!
//! Every case, whatever its outcome, must:
//! - never panic (no "panicked" on stderr) and exit with the expected status;
//! - leave a previous output untouched when the build fails;
//! - read and write nothing outside the site and its output: a directory
//!   `outside/` next to the site holds a secret that must appear nowhere;
//! - when it builds, produce output with no markup injected by content (see
//!   [`scan_html`]), valid JSON, and XML whose elements are the feed's own.
//!
//! `case.toml` keys (all optional but `exit`):
//! ```toml
//! description = "what the case is about"
//! exit = 1                         # expected exit status
//! stderr = ["file.md:3:8", "hint"] # fragments stderr must contain
//! args = ["check"]                 # command before `--root SITE` (default: build)
//! symlinks = [["content/sources/x.md", "{outside}/secret.md"]]  # link, target
//! written = ["reports/x/index.html"]   # output files that must exist
//! contains = [["reports/x/index.html", "text"]]  # output file, text it contains
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use unspun::render::INLINE_SCRIPTS;

use crate::common::tree_bytes;

const SECRET: &str = "SECRET-OUTSIDE-THE-SITE";

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    #[serde(default)]
    description: String,
    exit: i32,
    #[serde(default)]
    stderr: Vec<String>,
    #[serde(default)]
    args: Option<Vec<String>>,
    #[serde(default)]
    symlinks: Vec<(String, String)>,
    #[serde(default)]
    written: Vec<String>,
    #[serde(default)]
    contains: Vec<(String, String)>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        if rel == Path::new("case.toml") {
            continue;
        }
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A site made for one case, with `outside/` beside it and a previous output.
struct Stage {
    dir: tempfile::TempDir,
}

impl Stage {
    fn new() -> Stage {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        for rel in [
            "secret.md",
            "templates/base.html",
            "templates/report.html",
            "static/secret.css",
            "sources/secret.md",
            "rewrites/secret.md",
            "default/templates/base.html",
        ] {
            let path = outside.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, format!("---\ntitle: {SECRET}\n---\n\n{SECRET}\n")).unwrap();
        }
        copy_tree(&corpus_dir().join("base"), &dir.path().join("site"));
        // A previous, good output that a failed build must leave as it was.
        let public = dir.path().join("site/public");
        std::fs::create_dir_all(&public).unwrap();
        std::fs::write(public.join(".nojekyll"), "").unwrap();
        std::fs::write(public.join("previous.html"), "previous build").unwrap();
        std::fs::write(
            public.join(".unspun-manifest.json"),
            r#"{"generator": "unspun", "files": [".nojekyll", "previous.html"]}"#,
        )
        .unwrap();
        Stage { dir }
    }
    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }
    fn outside(&self) -> PathBuf {
        self.dir.path().join("outside")
    }
    fn write(&self, rel: &str, text: &str) {
        let path = self.site().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    fn symlink(&self, link: &str, target: &str) {
        let link = self.site().join(link);
        let target = target.replace("{outside}", self.outside().to_str().unwrap());
        if link.is_dir() {
            std::fs::remove_dir_all(&link).unwrap();
        } else if link.exists() {
            std::fs::remove_file(&link).unwrap();
        }
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, link).unwrap();
    }
}

struct Outcome {
    code: Option<i32>,
    stderr: String,
    elapsed: Duration,
}

/// Runs `unspun ARGS --root SITE` and checks what every case must satisfy.
fn run(stage: &Stage, args: &[String], name: &str) -> Outcome {
    let before_output = tree_bytes(&stage.site().join("public"));
    let before_outside = tree_bytes(&stage.outside());
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_unspun"))
        .args(args)
        .arg("--root")
        .arg(stage.site())
        .env("NO_COLOR", "1")
        .current_dir(stage.dir.path())
        .output()
        .expect("the unspun binary runs");
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{name}: panicked:\n{stderr}");
    assert!(
        !stderr.chars().any(unsafe_char),
        "{name}: a control or direction character reached the terminal:\n{stderr:?}"
    );
    assert!(
        !stderr.contains(SECRET),
        "{name}: a file outside the site was shown:\n{stderr}"
    );
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{name}: exit {:?}\n{stderr}",
        out.status
    );
    // Nothing next to the site but the site and `outside/`.
    let mut beside: Vec<String> = std::fs::read_dir(stage.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["outside", "site"], "{name}: wrote beside the site");
    assert_eq!(
        tree_bytes(&stage.outside()),
        before_outside,
        "{name}: changed outside/"
    );
    let public = stage.site().join("public");
    if out.status.code() == Some(0) && args.first().is_some_and(|a| a == "build") {
        assert!(
            !public.join("previous.html").exists(),
            "{name}: output not replaced"
        );
        check_output(&public, name);
    } else {
        assert_eq!(tree_bytes(&public), before_output, "{name}: output changed");
    }
    // Nothing from outside the site anywhere in the site.
    for (path, bytes) in tree_bytes(&stage.site()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(SECRET),
            "{name}: {} holds the secret",
            path.display()
        );
    }
    Outcome {
        code: out.status.code(),
        stderr,
        elapsed,
    }
}

#[test]
fn corpus() {
    let mut names: Vec<PathBuf> = std::fs::read_dir(corpus_dir().join("cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(names.len() >= 30, "the corpus lost cases");
    let mut failures = Vec::new();
    for dir in names {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let spec = std::fs::read_to_string(dir.join("case.toml"))
            .unwrap_or_else(|e| panic!("{name}/case.toml: {e}"));
        let case: Case = toml::from_str(&spec).unwrap_or_else(|e| panic!("{name}/case.toml: {e}"));
        assert!(!case.description.is_empty(), "{name}: describe the case");
        let stage = Stage::new();
        copy_tree(&dir, &stage.site());
        for (link, target) in &case.symlinks {
            stage.symlink(link, target);
        }
        let args = case.args.clone().unwrap_or_else(|| vec!["build".into()]);
        let outcome = run(&stage, &args, &name);
        let mut problems = Vec::new();
        if outcome.code != Some(case.exit) {
            problems.push(format!("exit {:?}, expected {}", outcome.code, case.exit));
        }
        for fragment in &case.stderr {
            if !outcome.stderr.contains(fragment.as_str()) {
                problems.push(format!("stderr lacks {fragment:?}"));
            }
        }
        let public = stage.site().join("public");
        for rel in &case.written {
            if !public.join(rel).is_file() {
                problems.push(format!("{rel} was not written"));
            }
        }
        for (rel, text) in &case.contains {
            let got = std::fs::read_to_string(public.join(rel)).unwrap_or_default();
            if !got.contains(text.as_str()) {
                problems.push(format!("{rel} lacks {text:?}"));
            }
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{name} ({}): {}\n--- stderr:\n{}",
                case.description,
                problems.join("; "),
                outcome.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

// ---------------------------------------------------------------------------
// Checking the output of a successful build.

/// A character no output or message may carry raw: a control character
/// other than tab and line ends, or a bidirectional override or isolate.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Checks every file of a built site for markup that content could have
/// injected, and for characters that break formats or reorder text.
fn check_output(public: &Path, name: &str) {
    for (rel, bytes) in tree_bytes(public) {
        let path = rel.to_string_lossy().into_owned();
        let text = String::from_utf8_lossy(&bytes);
        let written = [".html", ".xml", ".json", ".jsonld", ".csv"];
        if written.iter().any(|ext| path.ends_with(ext)) {
            let bad: Vec<char> = text.chars().filter(|&c| unsafe_char(c)).collect();
            assert!(bad.is_empty(), "{name}: {path} carries {bad:?}");
        }
        if path.ends_with(".html") {
            let problems = scan_html(&text);
            assert!(problems.is_empty(), "{name}: {path}: {problems:#?}");
            assert_csp(&text, &format!("{name}: {path}"));
        } else if path.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{name}: {path} is not JSON: {e}"));
        } else if path.ends_with(".xml") {
            let problems = scan_xml(&text);
            assert!(problems.is_empty(), "{name}: {path}: {problems:#?}");
            roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{name}: {path} is not well-formed XML: {e}"));
        }
    }
}

/// A start tag: its lower-cased name and attributes (values entity-decoded).
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    /// The raw text between `<script>`/`<style>` and its end tag.
    raw: Option<String>,
}

/// Decodes the character references that matter for scheme checks.
fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e < 12);
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            let n = if let Some(hex) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok()
            } else if let Some(dec) = ent.strip_prefix('#') {
                dec.parse().ok()
            } else {
                match ent {
                    "amp" => Some('&' as u32),
                    "lt" => Some('<' as u32),
                    "gt" => Some('>' as u32),
                    "quot" => Some('"' as u32),
                    "apos" => Some('\'' as u32),
                    "Tab" => Some(9),
                    "NewLine" => Some(10),
                    "colon" => Some(':' as u32),
                    _ => None,
                }
            };
            n.and_then(char::from_u32).map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
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

/// Every start tag of an HTML document, with raw-text elements' contents.
fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        if !bytes.get(i).is_some_and(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        let name_end = html[i..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |e| i + e);
        let name = html[i..name_end].to_ascii_lowercase();
        // Attributes, honouring quotes.
        let mut attrs = Vec::new();
        let mut j = name_end;
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                break;
            }
            let a_end = html[j..]
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>')
                .map_or(html.len(), |e| j + e);
            let attr = html[j..a_end].to_ascii_lowercase();
            j = a_end;
            let mut value = String::new();
            if bytes.get(j) == Some(&b'=') {
                j += 1;
                match bytes.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let v_end = html[j + 1..]
                            .find(q as char)
                            .map_or(html.len(), |e| j + 1 + e);
                        value = html[j + 1..v_end].to_string();
                        j = (v_end + 1).min(html.len());
                    }
                    _ => {
                        let v_end = html[j..]
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .map_or(html.len(), |e| j + e);
                        value = html[j..v_end].to_string();
                        j = v_end;
                    }
                }
            }
            attrs.push((attr, decode_entities(&value)));
        }
        i = (j + 1).min(html.len());
        let mut raw = None;
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            let end = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |e| i + e);
            raw = Some(html[i..end].to_string());
            i = end;
        }
        out.push(Tag { name, attrs, raw });
    }
    out
}

/// What content must never produce in a page. The theme's own markup is
/// allowed by shape: external scripts from `static/`, the theme's own inline
/// scripts (`INLINE_SCRIPTS`, admitted by hash in the CSP) and no other, no
/// inline style, and on `embed/<slug>/` a `<noscript>` refresh to the
/// report's embed view in the site.
fn scan_html(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for tag in tags(html) {
        let attr = |n: &str| {
            tag.attrs
                .iter()
                .find(|(a, _)| a == n)
                .map(|(_, v)| v.as_str())
        };
        let shown = format!("<{} {:?}>", tag.name, tag.attrs);
        match tag.name.as_str() {
            "script" => {
                let raw = tag.raw.as_deref().unwrap_or("");
                let theirs = [INLINE_SCRIPTS.embed_view, INLINE_SCRIPTS.embed_redirect];
                match attr("src") {
                    Some(src) if src.contains("/static/") && raw.trim().is_empty() => {}
                    None if theirs.contains(&raw) => {}
                    _ => problems.push(format!("script: {shown}")),
                }
            }
            "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "style" | "base"
            | "svg" | "math" | "img" | "image" | "video" | "audio" | "source" | "portal"
            | "template" | "xmp" => problems.push(format!("element: {shown}")),
            "meta"
                if attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
                    && !attr("content").is_some_and(is_refresh_to_embed_view) =>
            {
                problems.push(format!("refresh: {shown}"))
            }
            "form" if attr("action").is_some() => problems.push(format!("form: {shown}")),
            _ => {}
        }
        for (a, v) in &tag.attrs {
            let scheme: String = v
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            let theme_icon = tag.name == "link" && a == "href" && v == "data:,";
            if a.starts_with("on") || a == "style" || a == "srcdoc" || a == "formaction" {
                problems.push(format!("attribute {a}: {shown}"));
            } else if !theme_icon
                && ["javascript:", "data:", "vbscript:"]
                    .iter()
                    .any(|s| scheme.starts_with(s))
            {
                problems.push(format!("scheme in {a}: {shown}"));
            }
        }
    }
    problems
}

/// A refresh at once to a report's embed view in the site, as
/// `embed/<slug>/` has for readers without script.
fn is_refresh_to_embed_view(content: &str) -> bool {
    content.strip_prefix("0; url=").is_some_and(|url| {
        url.starts_with('/')
            && !url.starts_with("//")
            && url.contains("/reports/")
            && url.ends_with("/?embed")
            && !url.contains(|c: char| c == ':' || c == '\\' || c.is_whitespace())
    })
}

/// Every page carries a CSP that forbids inline script.
fn assert_csp(html: &str, what: &str) {
    let csp = tags(html)
        .into_iter()
        .find(|t| {
            t.name == "meta"
                && t.attrs.iter().any(|(a, v)| {
                    a == "http-equiv" && v.eq_ignore_ascii_case("content-security-policy")
                })
        })
        .and_then(|t| {
            t.attrs
                .into_iter()
                .find(|(a, _)| a == "content")
                .map(|(_, v)| v)
        })
        .unwrap_or_else(|| panic!("{what}: no Content-Security-Policy"));
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src") || d.starts_with("default-src"))
        .unwrap_or_else(|| panic!("{what}: CSP without script-src: {csp}"));
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{what}: {csp}"
    );
    assert!(
        script_src.contains("'self'") || script_src.contains("'none'"),
        "{what}: {csp}"
    );
}

/// XML output: only the feed's and sitemap's own elements, and every `&`
/// starts a character reference.
fn scan_xml(xml: &str) -> Vec<String> {
    const ELEMENTS: &[&str] = &[
        "feed",
        "title",
        "subtitle",
        "id",
        "link",
        "updated",
        "author",
        "name",
        "generator",
        "entry",
        "published",
        "summary",
        "category",
        "content",
        "urlset",
        "url",
        "loc",
        "lastmod",
        "rights",
        "icon",
        "logo",
        "uri",
        "email",
        "contributor",
    ];
    let mut problems = Vec::new();
    for tag in tags(xml) {
        if !ELEMENTS.contains(&tag.name.as_str()) {
            problems.push(format!("element <{}>", tag.name));
        }
    }
    if xml.contains("<![CDATA[") {
        problems.push("CDATA section".into());
    }
    for (i, _) in xml.match_indices('&') {
        let rest = &xml[i..];
        let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#"]
            .iter()
            .any(|e| rest.starts_with(e));
        if !ok {
            problems.push(format!("bare & at {i}: {:?}", &rest[..rest.len().min(20)]));
        }
    }
    problems
}

#[test]
fn the_scanner_catches_what_it_must() {
    let bad = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\" JaVaScRiPt:alert(1)\">x</a>",
        "<a href='data:text/html,x'>x</a>",
        "<iframe src=x></iframe>",
        "<p style=\"color:red\">x</p>",
        "<svg onload=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<meta http-equiv=\"refresh\" content=\"0;url=x\">",
        "<script src=\"https://evil.example/x.js\"></script>",
        "<script>var to=document.getElementById('to');location.replace('javascript:x')</script>",
        "<noscript><meta http-equiv=\"refresh\" content=\"0; url=https://evil.example/reports/x/?embed\"></noscript>",
        "<meta http-equiv=\"refresh\" content=\"0; url=/reports/x/?embed&amp;go=javascript:x\">",
    ];
    for html in bad {
        assert!(!scan_html(html).is_empty(), "missed {html}");
    }
    let good = "<p>&lt;script&gt;alert(1)&lt;/script&gt; <a href=\"https://x.example/?a=1&amp;b=2\">x</a></p>\
        <script src=\"/static/unspun.js\" defer></script>";
    assert!(scan_html(good).is_empty(), "{:?}", scan_html(good));
    let embed = format!(
        "<noscript><meta http-equiv=\"refresh\" content=\"0; url=/project/reports/x/?embed\"></noscript>\
         <a id=\"to\" href=\"/project/reports/x/?embed\">x</a><script>{}</script>",
        INLINE_SCRIPTS.embed_redirect
    );
    assert!(scan_html(&embed).is_empty(), "{:?}", scan_html(&embed));
    assert!(!scan_xml("<feed><title>a]]><x/></title></feed>").is_empty());
    assert!(!scan_xml("<feed><title>a & b</title></feed>").is_empty());
}

// ---------------------------------------------------------------------------
// Generated cases: inputs too big to keep in the repository.

fn source_md(body: &str) -> String {
    format!("---\ntitle: \"Source\"\npublisher: \"Pub\"\ndate: 2026-01-01\n---\n\n{body}")
}

fn rewrite_md(body: &str, extra: &str) -> String {
    format!(
        "---\ntitle: \"Copy\"\nsite: \"copies.example\"\nsource: harbour-ferry-upgrade\ndate: 2026-01-02\n{extra}---\n\n{body}"
    )
}

/// Builds a site whose only source and rewrite have these bodies; returns the outcome.
fn build_generated(name: &str, source: &str, rewrite: &str, extra: &str) -> Outcome {
    let stage = Stage::new();
    stage.write(
        "content/sources/harbour-ferry-upgrade.md",
        &source_md(source),
    );
    stage.write(
        "content/rewrites/newsrush-ferry-overhaul.md",
        &rewrite_md(rewrite, extra),
    );
    let outcome = run(&stage, &["build".to_string()], name);
    assert_eq!(outcome.code, Some(0), "{name}:\n{}", outcome.stderr);
    outcome
}

/// A deterministic article of `n` sentences, in paragraphs of five, and a
/// spun copy of it: some sentences dropped, some words changed, a few moved.
fn book(n: usize) -> (String, String) {
    const WORDS: &[&str] = &[
        "council",
        "ferry",
        "budget",
        "harbour",
        "minister",
        "plan",
        "vote",
        "island",
        "residents",
        "cost",
        "year",
        "service",
        "decision",
        "opposition",
        "mainland",
        "leader",
        "spokesman",
        "approved",
        "rejected",
        "argued",
        "crossing",
        "evening",
        "upgrade",
        "dispute",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut source = Vec::with_capacity(n);
    for i in 0..n {
        let len = 6 + (next() % 14) as usize;
        let mut words: Vec<&str> = (0..len)
            .map(|_| WORDS[(next() % WORDS.len() as u64) as usize])
            .collect();
        words[0] = "The";
        source.push(format!(
            "{} said \"{}\" on day {i}.",
            words.join(" "),
            WORDS[i % WORDS.len()]
        ));
    }
    let mut copy: Vec<String> = Vec::with_capacity(n);
    for s in &source {
        match next() % 10 {
            0 => {}
            1..=3 => copy.push(s.replace("council", "board")),
            _ => copy.push(s.clone()),
        }
    }
    for k in (0..copy.len().saturating_sub(1)).step_by(37) {
        copy.swap(k, k + 1);
    }
    let paragraphs = |v: &[String]| -> String {
        v.chunks(5)
            .map(|c| c.join(" "))
            .collect::<Vec<_>>()
            .join("\n\n")
            + "\n"
    };
    (paragraphs(&source), paragraphs(&copy))
}

#[test]
fn a_long_article_builds() {
    let (s, r) = book(1_000);
    let outcome = build_generated("book-1000", &s, &r, "");
    assert!(
        outcome.elapsed < Duration::from_secs(60),
        "{:?}",
        outcome.elapsed
    );
}

/// 20,000 sentences a side; run with `cargo test --release -- --ignored`.
#[test]
#[ignore = "book-length; takes minutes in debug"]
fn a_book_length_article_builds() {
    let (s, r) = book(20_000);
    let outcome = build_generated("book-20000", &s, &r, "");
    assert!(
        outcome.elapsed < Duration::from_secs(120),
        "{:?}",
        outcome.elapsed
    );
}

fn long_line(bytes: usize, spaces: bool) -> String {
    let unit = if spaces {
        "The ferry council met again today, and said so. "
    } else {
        "x"
    };
    let mut s = unit.repeat(bytes / unit.len() + 1);
    s.truncate(bytes);
    s.push('\n');
    s
}

#[test]
fn long_lines_build() {
    build_generated(
        "line-200k",
        &long_line(200_000, true),
        &long_line(150_000, true),
        "",
    );
    build_generated(
        "word-200k",
        &long_line(200_000, false),
        &long_line(200_000, false),
        "",
    );
}

#[test]
#[ignore = "5 MB lines; slow in debug"]
fn five_megabyte_lines_build() {
    build_generated(
        "line-5m",
        &long_line(5_000_000, true),
        &long_line(5_000_000, true),
        "",
    );
    build_generated(
        "word-5m",
        &long_line(5_000_000, false),
        &long_line(5_000_000, false),
        "",
    );
}

fn deep(n: usize) -> String {
    format!(
        "{}deep quote.\n\n{}deep list.\n\n{}deep div.\n\nA plain closing sentence.\n",
        "> ".repeat(n),
        "- ".repeat(n),
        "<div>".repeat(n)
    )
}

fn copy_of_deep(n: usize) -> String {
    deep(n) + "\nOnly the copy says this.\n"
}

fn deep_notes(n: usize) -> String {
    format!(
        "summary: \"{}summary\"\nnotes:\n  - quote: \"Only the copy says this.\"\n    text: \"{}note\"\n",
        "> ".repeat(n),
        "<div><blockquote>".repeat(n)
    )
}

#[test]
fn deep_nesting_builds() {
    // Rendering and the rayon threads it runs in must not overflow the stack.
    let outcome = build_generated(
        "deep-2000",
        &deep(2_000),
        &copy_of_deep(2_000),
        &deep_notes(2_000),
    );
    assert!(
        outcome.elapsed < Duration::from_secs(60),
        "{:?}",
        outcome.elapsed
    );
}

#[test]
#[ignore = "10,000 levels; slow in debug"]
fn very_deep_nesting_builds() {
    let outcome = build_generated(
        "deep-10000",
        &deep(10_000),
        &copy_of_deep(10_000),
        &deep_notes(10_000),
    );
    assert!(
        outcome.elapsed < Duration::from_secs(60),
        "{:?}",
        outcome.elapsed
    );
}

#[test]
fn thousands_of_quotation_marks_build() {
    let marks = |n| {
        format!(
            "She said \"{}\" today.\n\n{}\n\n{}\n\nHe said: “{}”\n",
            "a \"b\" ".repeat(n),
            "\"".repeat(n),
            " “ « ‘ „".repeat(n),
            "“".repeat(n)
        )
    };
    let outcome = build_generated("quotes", &marks(3_000), &marks(2_500), "");
    assert!(
        outcome.elapsed < Duration::from_secs(60),
        "{:?}",
        outcome.elapsed
    );
}

#[test]
fn many_small_problems_are_all_reported() {
    let stage = Stage::new();
    let mut expected = BTreeMap::new();
    for i in 0..50 {
        let rel = format!("content/rewrites/broken-{i:02}.md");
        stage.write(
            &rel,
            &rewrite_md("Text.\n", "").replace("2026-01-02", "2026-13-01"),
        );
        expected.insert(rel, ());
    }
    let outcome = run(&stage, &["build".to_string()], "many-problems");
    assert_eq!(outcome.code, Some(1));
    for rel in expected.keys() {
        assert!(
            outcome.stderr.contains(&format!("{rel}:5")),
            "{rel} not reported"
        );
    }
}

// ---------------------------------------------------------------------------
// `unspun align` on hostile files (no site).

fn align_cmd(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_unspun"))
        .arg("align")
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the unspun binary runs")
}

#[test]
fn align_refuses_devices_directories_and_binary_files() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("a.txt");
    std::fs::write(&text, "The council said so.\n").unwrap();
    let binary = dir.path().join("b.bin");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x80]).unwrap();
    let text = text.to_str().unwrap();
    for (bad, fragment) in [
        ("/dev/zero", "/dev/zero: file is over 16 MiB"),
        (dir.path().to_str().unwrap(), "cannot read"),
        (binary.to_str().unwrap(), "b.bin: file is not valid UTF-8"),
        ("/nonexistent/x.md", "/nonexistent/x.md: cannot read"),
    ] {
        let out = align_cmd(&[bad, text]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{bad}: {stderr}");
        assert!(stderr.contains(fragment), "{bad}: {stderr}");
        assert!(!stderr.contains("panicked"), "{bad}: {stderr}");
    }
}

#[test]
fn align_into_a_closed_pipe_is_not_a_panic() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let (s, r) = book(3_000);
    let (sp, rp) = (dir.path().join("s.md"), dir.path().join("r.md"));
    std::fs::write(&sp, s).unwrap();
    std::fs::write(&rp, r).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_unspun"))
        .args(["align", sp.to_str().unwrap(), rp.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then hang up, as `| head -c 1` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut one = [0u8; 1];
    stdout.read_exact(&mut one).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

// ---------------------------------------------------------------------------
// Special files and names git cannot hold, made here.

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

#[test]
fn a_fifo_as_site_toml_or_an_article_is_an_error_not_a_hang() {
    for (rel, args) in [
        ("site.toml", vec!["build"]),
        ("content/rewrites/stalled.md", vec!["build"]),
        ("content/sources/stalled.md", vec!["check"]),
    ] {
        let stage = Stage::new();
        let path = stage.site().join(rel);
        let _ = std::fs::remove_file(&path);
        mkfifo(&path);
        let args: Vec<String> = args.into_iter().map(String::from).collect();
        let outcome = run(&stage, &args, rel);
        assert_eq!(outcome.code, Some(1), "{rel}:\n{}", outcome.stderr);
        assert!(
            outcome
                .stderr
                .contains(&format!("{rel}: is not a regular file")),
            "{rel}:\n{}",
            outcome.stderr
        );
        assert!(outcome.elapsed < Duration::from_secs(20), "{rel}: hung");
    }
}

#[test]
fn escape_sequences_in_a_file_name_are_shown_escaped() {
    let stage = Stage::new();
    stage.write(
        "content/rewrites/x\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}.md",
        &rewrite_md("Text.\n", "").replace("harbour-ferry-upgrade", "no-such-source"),
    );
    let outcome = run(&stage, &["build".to_string()], "escape-in-name");
    assert_eq!(outcome.code, Some(1), "{}", outcome.stderr);
    assert!(
        outcome
            .stderr
            .contains("x\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{202e}.md"),
        "{}",
        outcome.stderr
    );
}
