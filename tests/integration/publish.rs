//! Publishing: a site built at a GitHub Pages project subpath, checked the
//! way a reader's browser and a feed reader would see it. Every internal
//! link and asset resolves (with `unspun::links`), the Atom feed and the
//! sitemap are well-formed XML with absolute URLs under `base_url`, and the
//! data exports (CSV, Web Annotations, search index) parse and match each
//! report's `report.json`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use unspun::links::LinkChecker;
use unspun::render::INLINE_SCRIPTS;
use unspun::report::{Report, Side};
use unspun::site::{build, check, BuildOptions, CheckOptions};

const BASE: &str = "https://example.org/project/";

const SOURCE_A: &str = r#"---
title: Olvansky freezes income tax and sets aside 4.2 billion crowns for housing
publisher: The Northgate Tribune
author: Annika Threlfall
date: 2026-10-13
url: https://tribune.example/olvansky
---

Finance minister Margarethe Olvansky on Tuesday froze the basic rate of income tax for a second year. She set aside 4.2 billion crowns for a national housing fund.

"We will not raise the rate this year," Olvansky told reporters. The property levy "stays on the table," she added.

The ministry expects 640 million crowns a year from new tax inspectors, said the ministry's spokesman, Ilan Baro.
"#;

const SOURCE_B: &str = r#"---
title: Calder valley evacuated as river breaks its banks
publisher: Valley Echo
date: 2026-09-02
---

About 1,200 residents of the Calder valley left their homes overnight after the river broke its banks near Holm Bridge.

"The water rose faster than any of us had seen," said fire officer Dana Whitcombe.

Schools in the valley will stay closed until Friday.
"#;

const REWRITE_A1: &str = r#"---
title: "Finance Minister Freezes Income Tax, \"Again\""
site: DailyBuzz24.net
url: https://dailybuzz24.example/finance-minister-freezes-tax
date: 2026-10-14
source: olvansky
summary: A copy *without credit*, see [the original](https://tribune.example/olvansky).
notes:
  - quote: 2.4 billion crowns
    text: "=The Tribune reported **4.2 billion**, not 2.4."
  - quote: stays on the table
    text: Dropped from the copy.
---

Finance minister Margret Olvanskiy on Tuesday froze the basic rate of income tax for a second year. She set aside 2.4 billion crowns for a national housing fund.

"We will not increase rates this year," Olvanskiy told journalists.

The ministry expects 640 million crowns a year from new tax inspectors, it was said.
"#;

const REWRITE_A2: &str = r#"---
title: Tax rate frozen as minister funds housing
site: trendwire.example
date: 2026-10-15
source: olvansky
---

The basic rate of income tax was frozen on Tuesday by finance minister Margarethe Olvansky, for a second year.

She also set aside 4.2 billion crowns for a national housing fund, the ministry said.
"#;

const REWRITE_B1: &str = r#"---
title: Thousands flee as Calder river floods
site: DailyBuzz24.net
date: 2026-09-03
source: calder
notes:
  - quote: said a fire officer
    text: "Named Dana Whitcombe in the original; see [the report](#main)."
---

About 1,200 residents of the Calder valley fled their homes overnight after the river burst near Holm Bridge.

"The water rose faster than anyone had ever seen," said a fire officer.

Schools in the valley will stay closed until Friday.
"#;

fn site(base_url: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("site.toml"),
        // Two reports a page, so that the index has a second page; the
        // site-wide and the reports' annotations (off by default) on.
        format!("title = \"Spin Watch\"\ndescription = \"Copies, compared.\"\nbase_url = \"{base_url}\"\npage_size = 2\n\n[exports]\nannotations = true\nreport_annotations = true\n"),
    )
    .unwrap();
    for (path, text) in [
        ("content/sources/olvansky.md", SOURCE_A),
        ("content/sources/calder.md", SOURCE_B),
        ("content/rewrites/olvansky-dailybuzz.md", REWRITE_A1),
        ("content/rewrites/olvansky-trendwire.md", REWRITE_A2),
        ("content/rewrites/calder-dailybuzz.md", REWRITE_B1),
        (
            "static/img/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ] {
        let p = root.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

fn built(base_url: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = site(base_url);
    build(dir.path(), &BuildOptions::default()).unwrap_or_else(|d| panic!("{d}"));
    let out = dir.path().join("public");
    (dir, out)
}

fn text(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const SLUGS: [&str; 3] = [
    "calder-dailybuzz",
    "olvansky-dailybuzz",
    "olvansky-trendwire",
];

fn reports(out: &Path) -> BTreeMap<String, Report> {
    SLUGS
        .iter()
        .map(|s| {
            let json = text(&out.join(format!("reports/{s}/report.json")));
            (s.to_string(), serde_json::from_str(&json).unwrap())
        })
        .collect()
}

// ---------------------------------------------------------------- links

#[test]
fn every_link_and_asset_resolves_at_a_subpath() {
    let (_dir, out) = built(BASE);
    let checker = LinkChecker::from_dir(&out, BASE).unwrap();
    assert!(checker.file_count() > 20);
    let problems = checker.check();
    assert!(problems.is_empty(), "{problems}");

    // The search box knows the base path, and its script and index are there.
    let index = text(&out.join("index.html"));
    assert!(index.contains("data-base=\"/project/\""), "{index}");
    assert!(index.contains("data-index=\"/project/search/index.json\""));
    assert!(index.contains("src=\"/project/static/search.js\""));
    for f in [
        "static/search.js",
        "static/search.css",
        "search/index.json",
        "search/text-1.json",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
}

#[test]
fn the_same_site_checked_for_another_address_is_broken() {
    // Pages made for /project/ do not work at the root of a host: the
    // checker sees that, as GitHub Pages would.
    let (_dir, out) = built(BASE);
    let problems = LinkChecker::from_dir(&out, "https://example.org/")
        .unwrap()
        .check();
    assert!(!problems.is_empty());
    assert!(problems.to_string().contains("index.html"), "{problems}");
}

#[test]
fn check_reports_a_broken_link_written_in_content() {
    let dir = site(BASE);
    let root = dir.path();
    let bad = REWRITE_A2.replace(
        "source: olvansky\n",
        "source: olvansky\nsummary: See [the other copy](/project/reports/no-such-report/) and [its note](../olvansky-dailybuzz/#finding-999).\n",
    );
    fs::write(root.join("content/rewrites/olvansky-trendwire.md"), bad).unwrap();
    let err = check(root, &CheckOptions::default()).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("reports/olvansky-trendwire/index.html"),
        "{msg}"
    );
    assert!(msg.contains("no-such-report"), "{msg}");
    assert!(msg.contains("finding-999"), "{msg}");
    assert!(!root.join("public").exists(), "check writes nothing");
}

// ---------------------------------------------------------------- XML

/// A small XML reader for the tests: well-formedness (nesting, quoted
/// attributes, known entities, no bare `<` or `&`) and a tree to inspect.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn child(&self, name: &str) -> &Element {
        self.children
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("<{}> has no <{name}>", self.name))
    }
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').expect("an entity ends with ;") + i;
        let name = &rest[i + 1..end];
        out.push(match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            n if n.starts_with("#x") => {
                char::from_u32(u32::from_str_radix(&n[2..], 16).unwrap()).unwrap()
            }
            n if n.starts_with('#') => char::from_u32(n[1..].parse().unwrap()).unwrap(),
            n => panic!("unknown entity &{n};"),
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn parse_xml(xml: &str) -> Element {
    let body = xml.trim_start_matches('\u{feff}');
    assert!(body.starts_with("<?xml"), "an XML declaration first");
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut rest = &body[body.find("?>").unwrap() + 2..];
    loop {
        let Some(lt) = rest.find('<') else {
            assert!(rest.trim().is_empty(), "text after the root: {rest:?}");
            break;
        };
        let txt = &rest[..lt];
        assert!(!txt.contains('>') || stack.len() > 1, "stray > {txt:?}");
        if stack.len() > 1 {
            stack.last_mut().unwrap().text.push_str(&unescape(txt));
        } else {
            assert!(txt.trim().is_empty(), "text outside the root: {txt:?}");
        }
        rest = &rest[lt..];
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->").unwrap() + 3..];
            continue;
        }
        let gt = rest.find('>').expect("a tag ends");
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let done = stack.pop().unwrap();
            assert_eq!(done.name, name.trim(), "mismatched end tag");
            stack.last_mut().unwrap().children.push(done);
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (name, mut attrs_src) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
        let mut el = Element {
            name: name.to_string(),
            ..Element::default()
        };
        loop {
            attrs_src = attrs_src.trim_start();
            if attrs_src.is_empty() {
                break;
            }
            let eq = attrs_src.find('=').expect("attribute=value");
            let key = attrs_src[..eq].trim().to_string();
            let q = attrs_src[eq + 1..].chars().next().unwrap();
            assert!(q == '"' || q == '\'', "attribute {key} is quoted");
            let v_start = eq + 2;
            let v_end = attrs_src[v_start..].find(q).unwrap() + v_start;
            let value = &attrs_src[v_start..v_end];
            assert!(!value.contains('<'), "< in an attribute");
            assert!(
                el.attrs.insert(key, unescape(value)).is_none(),
                "duplicate attribute"
            );
            attrs_src = &attrs_src[v_end + 1..];
        }
        if self_closing {
            stack.last_mut().unwrap().children.push(el);
        } else {
            stack.push(el);
        }
    }
    assert_eq!(stack.len(), 1, "every element is closed");
    let mut doc = stack.pop().unwrap();
    assert_eq!(doc.children.len(), 1, "one root element");
    doc.children.pop().unwrap()
}

fn is_rfc3339(s: &str) -> bool {
    // YYYY-MM-DDTHH:MM:SS(.fff)?(Z|±HH:MM)
    let b = s.as_bytes();
    b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
        && (s.ends_with('Z') || s[s.len() - 6..].starts_with(['+', '-']))
}

fn front_matter_date(md: &str) -> String {
    md.lines()
        .find_map(|l| l.strip_prefix("date: "))
        .unwrap()
        .trim()
        .to_string()
}

#[test]
fn the_atom_feed_is_valid() {
    let (_dir, out) = built(BASE);
    let feed = parse_xml(&text(&out.join("atom.xml")));
    assert_eq!(feed.name, "feed");
    assert_eq!(feed.attrs["xmlns"], "http://www.w3.org/2005/Atom");
    assert_eq!(feed.child("id").text.trim(), BASE);
    assert_eq!(feed.child("title").text.trim(), "Spin Watch");
    assert!(!feed.child("author").child("name").text.trim().is_empty());
    let links: Vec<&Element> = feed.all("link").collect();
    let self_link = links.iter().find(|l| l.attrs["rel"] == "self").unwrap();
    assert_eq!(self_link.attrs["href"], format!("{BASE}atom.xml"));
    let alternate = links
        .iter()
        .find(|l| l.attrs["rel"] == "alternate")
        .unwrap();
    assert_eq!(alternate.attrs["href"], BASE);

    // Dates come from front matter, never from the clock: the feed's
    // `updated` is its newest entry's.
    let dates: BTreeMap<&str, String> = [
        ("olvansky-dailybuzz", front_matter_date(REWRITE_A1)),
        ("olvansky-trendwire", front_matter_date(REWRITE_A2)),
        ("calder-dailybuzz", front_matter_date(REWRITE_B1)),
    ]
    .into_iter()
    .collect();
    let updated = feed.child("updated").text.trim().to_string();
    assert!(is_rfc3339(&updated), "{updated}");
    assert_eq!(updated, "2026-10-15T00:00:00Z");

    let entries: Vec<&Element> = feed.all("entry").collect();
    assert_eq!(entries.len(), SLUGS.len());
    let mut seen = BTreeSet::new();
    for e in &entries {
        let id = e.child("id").text.trim().to_string();
        let link = e
            .all("link")
            .find(|l| l.attrs.get("rel").is_none_or(|r| r == "alternate"))
            .unwrap();
        assert_eq!(link.attrs["href"], id);
        let slug = id
            .strip_prefix(&format!("{BASE}reports/"))
            .and_then(|s| s.strip_suffix('/'))
            .unwrap_or_else(|| panic!("entry id {id} is a report URL under base_url"));
        assert!(seen.insert(slug.to_string()));
        assert!(!e.child("title").text.trim().is_empty());
        let up = e.child("updated").text.trim();
        assert!(is_rfc3339(up), "{up}");
        assert_eq!(up, format!("{}T00:00:00Z", dates[slug]));
        assert!(
            !e.child("summary").text.trim().is_empty(),
            "entry {slug} has a summary"
        );
    }
    assert_eq!(seen, SLUGS.iter().map(|s| s.to_string()).collect());
    // Newest first.
    let order: Vec<&str> = entries
        .iter()
        .map(|e| e.child("updated").text.trim())
        .collect();
    let mut sorted = order.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(order, sorted);
    // Titles with quotes and markup survive escaping.
    assert!(entries
        .iter()
        .any(|e| e.child("title").text.trim() == "Finance Minister Freezes Income Tax, \"Again\""));
}

#[test]
fn the_sitemap_lists_every_page() {
    let (_dir, out) = built(BASE);
    let sitemap = parse_xml(&text(&out.join("sitemap.xml")));
    assert_eq!(sitemap.name, "urlset");
    assert_eq!(
        sitemap.attrs["xmlns"],
        "http://www.sitemaps.org/schemas/sitemap/0.9"
    );
    let mut locs = BTreeSet::new();
    for url in sitemap.all("url") {
        let loc = url.child("loc").text.trim().to_string();
        assert!(loc.starts_with(BASE), "{loc} is under base_url");
        if let Some(lastmod) = url.all("lastmod").next() {
            let d = lastmod.text.trim().as_bytes();
            assert!(d.len() == 10 && d[4] == b'-' && d[7] == b'-', "W3C date");
        }
        // Every listed page exists.
        let rel = &loc[BASE.len()..];
        assert!(out.join(rel).join("index.html").is_file(), "{loc}");
        assert!(locs.insert(loc), "listed once");
    }
    let expected: BTreeSet<String> = [
        "",
        "page/2/",
        "reports/calder-dailybuzz/",
        "reports/olvansky-dailybuzz/",
        "reports/olvansky-trendwire/",
        "sources/calder/",
        "sources/olvansky/",
        "sites/dailybuzz24-net/",
        "sites/trendwire-example/",
    ]
    .iter()
    .map(|p| format!("{BASE}{p}"))
    .collect();
    assert_eq!(locs, expected);
}

// ---------------------------------------------------------------- exports

/// RFC 4180, strictly: CRLF record ends, quoted fields with doubled quotes.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let (mut quoted, mut at_start) = (false, true);
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
            continue;
        }
        match c {
            '"' if at_start => (quoted, at_start) = (true, false),
            '"' => panic!("bare quote"),
            ',' => {
                row.push(std::mem::take(&mut cell));
                at_start = true;
            }
            '\r' => {
                assert_eq!(chars.next(), Some('\n'));
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                at_start = true;
            }
            '\n' => panic!("bare LF"),
            c => {
                cell.push(c);
                at_start = false;
            }
        }
    }
    assert!(row.is_empty() && cell.is_empty() && !quoted);
    rows
}

/// The exact text of a cell that was defused against formula injection.
fn undefuse(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

#[test]
fn the_findings_csv_matches_every_report() {
    let (_dir, out) = built(BASE);
    let reports = reports(&out);
    let rows = parse_csv(&text(&out.join("findings.csv")));
    assert_eq!(rows[0], unspun::export::CSV_COLUMNS.to_vec());
    let col = |name: &str| {
        unspun::export::CSV_COLUMNS
            .iter()
            .position(|c| *c == name)
            .unwrap()
    };
    let total: usize = reports.values().map(|r| r.findings.len()).sum();
    assert_eq!(rows.len() - 1, total);
    let mut by_report: BTreeMap<&str, Vec<&Vec<String>>> = BTreeMap::new();
    for row in &rows[1..] {
        assert_eq!(row.len(), unspun::export::CSV_COLUMNS.len());
        for cell in row {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "defused: {cell}");
        }
        by_report.entry(&row[0]).or_default().push(row);
    }
    let mut noted = false;
    for (slug, report) in &reports {
        let rows = by_report.remove(slug.as_str()).unwrap_or_default();
        assert_eq!(rows.len(), report.findings.len(), "{slug}");
        for (i, (row, f)) in rows.iter().zip(&report.findings).enumerate() {
            let num = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
            // One numbering: report.json's id, the CSV, the page's #finding-N.
            assert_eq!(f.id, i + 1, "{slug}: findings are numbered in order");
            assert_eq!(row[col("finding")], f.id.to_string());
            let role = |side: &Side, id: Option<usize>| {
                id.map(|i| side.sentences[i].role.as_str().to_string())
                    .unwrap_or_default()
            };
            assert_eq!(
                row[col("source_role")],
                role(&report.source, f.source_sentence)
            );
            assert_eq!(
                row[col("rewrite_role")],
                role(&report.rewrite, f.rewrite_sentence)
            );
            assert_eq!(row[col("kind")], f.kind.as_str());
            assert_eq!(row[col("source_sentence")], num(f.source_sentence));
            assert_eq!(row[col("rewrite_sentence")], num(f.rewrite_sentence));
            assert_eq!(
                undefuse(&row[col("source_text")]),
                f.source_text.as_deref().unwrap_or("")
            );
            assert_eq!(
                undefuse(&row[col("rewrite_text")]),
                f.rewrite_text.as_deref().unwrap_or("")
            );
            assert_eq!(undefuse(&row[col("note")]), f.note);
            if f.note.starts_with('=') {
                assert_eq!(row[col("note")], format!("'{}", f.note));
                noted = true;
            }
        }
    }
    assert!(by_report.is_empty(), "rows of no report: {by_report:?}");
    // Each row's finding on its report page, at the address the README
    // says to form from the row.
    let mut checker = LinkChecker::from_dir(&out, BASE).unwrap();
    let links: String = rows[1..]
        .iter()
        .map(|r| {
            let (slug, n) = (&r[col("report_slug")], &r[col("finding")]);
            format!("<a href=\"{BASE}reports/{slug}/#finding-{n}\">f</a>\n")
        })
        .collect();
    checker.add_page("csv-links.html", &links);
    let problems = checker.check();
    assert!(problems.is_empty(), "{problems}");
    assert!(noted, "the note starting with = was written");
    // Rows of olvansky-dailybuzz carry the site and source as written.
    let row = rows[1..]
        .iter()
        .find(|r| r[0] == "olvansky-dailybuzz")
        .unwrap();
    assert_eq!(
        (row[col("site")].as_str(), row[col("source_slug")].as_str()),
        ("DailyBuzz24.net", "olvansky")
    );
}

#[test]
fn web_annotations_match_every_report() {
    let (_dir, out) = built(BASE);
    let reports = reports(&out);
    let site: Value = serde_json::from_str(&text(&out.join("annotations.jsonld"))).unwrap();
    assert_eq!(site["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(site["type"], "AnnotationCollection");
    let all = site["first"]["items"].as_array().unwrap();
    assert_eq!(site["total"], all.len());
    assert_eq!(
        all.len(),
        reports.values().map(|r| r.findings.len()).sum::<usize>()
    );

    let copy_urls: BTreeMap<&str, &str> = [
        (
            "olvansky-dailybuzz",
            "https://dailybuzz24.example/finance-minister-freezes-tax",
        ),
        (
            "olvansky-trendwire",
            "https://example.org/project/reports/olvansky-trendwire/",
        ),
        (
            "calder-dailybuzz",
            "https://example.org/project/reports/calder-dailybuzz/",
        ),
    ]
    .into_iter()
    .collect();
    let source_urls: BTreeMap<&str, &str> = [
        ("olvansky-dailybuzz", "https://tribune.example/olvansky"),
        ("olvansky-trendwire", "https://tribune.example/olvansky"),
        (
            "calder-dailybuzz",
            "https://example.org/project/sources/calder/",
        ),
    ]
    .into_iter()
    .collect();
    let mut ids = BTreeSet::new();
    let mut in_site = 0;
    for (slug, report) in &reports {
        let coll: Value = serde_json::from_str(&text(
            &out.join(format!("reports/{slug}/annotations.jsonld")),
        ))
        .unwrap();
        assert_eq!(coll["@context"], "http://www.w3.org/ns/anno.jsonld");
        assert_eq!(
            coll["id"],
            format!("{BASE}reports/{slug}/annotations.jsonld")
        );
        let items = coll["first"]["items"].as_array().unwrap();
        assert_eq!(coll["total"], report.findings.len());
        assert_eq!(items.len(), report.findings.len());
        for (a, f) in items.iter().zip(&report.findings) {
            assert_eq!(a["type"], "Annotation");
            assert!(
                ids.insert(a["id"].as_str().unwrap().to_string()),
                "unique ids"
            );
            assert!(all.contains(a), "the site collection holds it");
            in_site += 1;
            let bodies = a["body"].as_array().unwrap();
            assert!(bodies
                .iter()
                .any(|b| b["purpose"] == "tagging" && b["value"] == f.kind.as_str()));
            if !f.note.is_empty() {
                assert!(bodies
                    .iter()
                    .any(|b| b["purpose"] == "commenting" && b["value"] == f.note.as_str()));
            }
            let target = &a["target"];
            let sel = &target["selector"];
            if let Some(rt) = f.rewrite_text.as_deref() {
                assert_eq!(target["source"], copy_urls[slug.as_str()]);
                assert_eq!(sel["type"], "TextQuoteSelector");
                assert_eq!(sel["exact"], rt);
                let sentence = &report.rewrite.sentences[f.rewrite_sentence.unwrap()].text;
                let prefix = sel["prefix"].as_str().unwrap_or("");
                let suffix = sel["suffix"].as_str().unwrap_or("");
                assert!(prefix.chars().count() <= 32 && suffix.chars().count() <= 32);
                assert!(
                    sentence.contains(&format!("{prefix}{rt}{suffix}")),
                    "{sentence:?}"
                );
            } else if let Some(st) = f.source_text.as_deref() {
                assert_eq!(target["source"], source_urls[slug.as_str()]);
                assert_eq!(sel["exact"], st);
            }
        }
    }
    assert_eq!(in_site, all.len());
}

#[test]
fn the_search_index_lists_every_report_and_its_texts_come_apart() {
    let (_dir, out) = built(BASE);
    let index: Value = serde_json::from_str(&text(&out.join("search/index.json"))).unwrap();
    assert_eq!(index["version"], 4);
    let entries = index["reports"].as_array().unwrap();
    let slugs: Vec<&str> = entries
        .iter()
        .map(|e| e["slug"].as_str().unwrap())
        .collect();
    // Newest first, as on the index page.
    assert_eq!(
        slugs,
        [
            "olvansky-trendwire",
            "olvansky-dailybuzz",
            "calder-dailybuzz"
        ]
    );
    for e in entries {
        let path = e["path"].as_str().unwrap();
        assert!(
            !path.starts_with('/'),
            "paths are relative to the base: {path}"
        );
        assert!(out.join(path).join("index.html").is_file());
        let source = e["source"].as_str().unwrap();
        assert!(index["sources"][source]["title"].is_string(), "{source}");
        assert!(e.get("text").is_none(), "the texts are not in the index");
    }
    assert_eq!(index["sources"]["olvansky"]["author"], "Annika Threlfall");
    assert_eq!(
        index["sources"].as_object().unwrap().len(),
        2,
        "each original once"
    );
    // The texts, in the parts the index names.
    let parts = index["text"].as_array().unwrap();
    assert_eq!(parts.len(), 1);
    let part: Value = serde_json::from_str(&text(&out.join(parts[0].as_str().unwrap()))).unwrap();
    let mut kept_word_for_word = 0;
    for (slug, entry) in slugs.iter().zip(entries) {
        // Each sentence stands at its id, the anchor of its passage on the
        // report page (#r<id>), which a phrase found links to; furniture,
        // not searched, is empty; a sentence the original has word for word
        // is the id of that sentence of the original.
        let original = &part["sources"][entry["source"].as_str().unwrap()];
        let sentences = part["reports"][slug].as_array().unwrap();
        let report: Value =
            serde_json::from_str(&text(&out.join(format!("reports/{slug}/report.json")))).unwrap();
        let page = text(&out.join(format!("reports/{slug}/index.html")));
        let ids = report["rewrite"]["sentences"].as_array().unwrap();
        assert_eq!(sentences.len(), ids.len(), "{slug}");
        for (held, sentence) in sentences.iter().zip(ids) {
            let id = sentence["id"].as_u64().unwrap();
            let held = match held.as_u64() {
                Some(same) => {
                    kept_word_for_word += 1;
                    &original[same as usize]
                }
                None => held,
            };
            let words = |v: &Value| {
                let t = v.as_str().unwrap().split_whitespace().collect::<Vec<_>>();
                t.join(" ")
            };
            if sentence["role"] == "furniture" {
                assert_eq!(held, "", "{slug} r{id}");
            } else {
                assert_eq!(words(held), words(&sentence["text"]), "{slug} r{id}");
                assert!(page.contains(&format!("id=\"r{id}\"")), "{slug} r{id}");
            }
        }
        // The kinds the index's kind filter goes by.
        let mut kinds: Vec<&str> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["minor"] != true)
            .map(|f| f["kind"].as_str().unwrap())
            .collect();
        kinds.sort();
        kinds.dedup();
        let mut listed: Vec<&str> = entry["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        listed.sort();
        assert_eq!(listed, kinds, "{slug}");
    }
    assert!(kept_word_for_word > 0);
    assert_eq!(part["sources"].as_object().unwrap().len(), 2);
    let texts = serde_json::to_string(&part["sources"]["olvansky"]).unwrap();
    assert!(
        texts.contains("stays on the table"),
        "the original's text is searchable"
    );
}

#[test]
fn exports_are_deterministic() {
    let (_a, out_a) = built(BASE);
    let (_b, out_b) = built(BASE);
    for f in [
        "findings.csv",
        "annotations.jsonld",
        "search/index.json",
        "search/text-1.json",
        "reports/olvansky-dailybuzz/annotations.jsonld",
        "atom.xml",
        "sitemap.xml",
    ] {
        assert_eq!(text(&out_a.join(f)), text(&out_b.join(f)), "{f}");
    }
}

// ---------------------------------------------------------------- sharing

#[test]
fn every_page_has_a_canonical_link_and_sharing_cards() {
    let (_dir, out) = built(BASE);
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        pages += 1;
        let tags = unspun::links::start_tags(&text(entry.path()));
        let canonical = tags
            .iter()
            .find(|t| t.name == "link" && t.attr("rel") == Some("canonical"))
            .and_then(|t| t.attr("href"))
            .unwrap_or_else(|| panic!("{rel}: no canonical link"));
        assert!(canonical.starts_with(BASE), "{rel}: {canonical}");
        let expected = format!("{BASE}{}", rel.trim_end_matches("index.html"));
        assert_eq!(canonical, expected, "{rel}");
        let meta = |key: &str| {
            tags.iter()
                .find(|t| {
                    t.name == "meta"
                        && (t.attr("property") == Some(key) || t.attr("name") == Some(key))
                })
                .and_then(|t| t.attr("content"))
                .map(str::to_string)
        };
        for key in ["og:title", "og:type", "og:url", "twitter:card"] {
            let value = meta(key).unwrap_or_else(|| panic!("{rel}: no {key}"));
            assert!(!value.trim().is_empty(), "{rel}: empty {key}");
        }
        assert_eq!(meta("og:url").as_deref(), Some(canonical), "{rel}");
        if rel.starts_with("reports/") {
            assert_eq!(meta("og:type").as_deref(), Some("article"));
            let description =
                meta("og:description").unwrap_or_else(|| panic!("{rel}: no og:description"));
            assert!(!description.trim().is_empty());
        }
    }
    // 2 index pages, 3 reports, 2 sources, 2 sites, the data page
    assert_eq!(pages, 10);
}

// ---------------------------------------------------------------- a light site

/// The in-site paths of the report rows on an index page.
fn listed_reports(html: &str) -> Vec<String> {
    unspun::links::start_tags(html)
        .iter()
        .filter(|t| t.name == "tr" && t.attr("class") == Some("report-row"))
        .filter_map(|t| t.attr("data-slug").map(str::to_string))
        .collect()
}

fn link_rel(html: &str, tag: &str, rel: &str) -> Option<String> {
    unspun::links::start_tags(html)
        .iter()
        .find(|t| t.name == tag && t.attr("rel") == Some(rel))
        .and_then(|t| t.attr("href").map(str::to_string))
}

#[test]
fn the_index_goes_on_over_pages_linked_both_ways() {
    let (_dir, out) = built(BASE);
    let first = text(&out.join("index.html"));
    let second = text(&out.join("page/2/index.html"));
    assert!(!out.join("page/1").exists(), "page 1 is the index itself");
    assert!(!out.join("page/3").exists());
    // Newest first, two a page.
    assert_eq!(
        listed_reports(&first),
        ["olvansky-trendwire", "olvansky-dailybuzz"]
    );
    assert_eq!(listed_reports(&second), ["calder-dailybuzz"]);
    // Linked in the head and in the page, each way.
    assert_eq!(
        link_rel(&first, "link", "next").as_deref(),
        Some("/project/page/2/")
    );
    assert_eq!(
        link_rel(&first, "a", "next").as_deref(),
        Some("/project/page/2/")
    );
    assert_eq!(link_rel(&first, "link", "prev"), None);
    assert_eq!(link_rel(&second, "a", "prev").as_deref(), Some("/project/"));
    assert_eq!(link_rel(&second, "link", "next"), None);
    // Both pages count every report, and the second says which it shows.
    for page in [&first, &second] {
        assert!(page.contains("3 reports on copies"), "{page}");
    }
    assert!(second.contains("3&ndash;3 of 3, page 2 of 2"), "{second}");
    // A table of many pages is not sorted: its rows carry no sort keys
    // (an index of one page does: report_data's and render_report's tests).
    for page in [&first, &second] {
        assert!(page.contains("data-paged=\"true\""), "{page}");
        assert!(!page.contains("data-title="), "{page}");
        assert!(!page.contains("data-findings="), "{page}");
    }
    // One page for the publisher with two copies: no links to other pages.
    let site = text(&out.join("sites/dailybuzz24-net/index.html"));
    assert_eq!(link_rel(&site, "link", "next"), None);
    assert!(!out.join("sites/dailybuzz24-net/page").exists());
}

/// Builds the example site of this module with `exports` as its
/// `[exports]` table; returns the output.
fn built_with_exports(exports: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = site(BASE);
    let config = dir.path().join("site.toml");
    let toml = text(&config);
    let toml = toml.split("[exports]").next().unwrap().to_string();
    fs::write(&config, format!("{toml}[exports]\n{exports}")).unwrap();
    build(dir.path(), &BuildOptions::default()).unwrap_or_else(|d| panic!("{d}"));
    let out = dir.path().join("public");
    (dir, out)
}

#[test]
fn exports_switched_off_are_not_written() {
    let (_d, defaults) = built_with_exports("");
    for f in ["findings.csv", "search/index.json"] {
        assert!(defaults.join(f).is_file(), "{f} is written by default");
    }
    for f in [
        "annotations.jsonld",
        "reports/olvansky-dailybuzz/annotations.jsonld",
        "embed",
    ] {
        assert!(!defaults.join(f).exists(), "{f} is written by default");
    }
    // The data page says how to have them.
    let data = text(&defaults.join("data/index.html"));
    assert!(data.contains("report_annotations = true"), "{data}");

    let (_d, out) = built_with_exports(
        "findings_csv = false\nreport_annotations = false\nembed = false\nsearch = false\n",
    );
    for f in [
        "findings.csv",
        "annotations.jsonld",
        "search",
        "reports/olvansky-dailybuzz/annotations.jsonld",
        "embed",
    ] {
        assert!(
            !out.join(f).exists(),
            "{f} is written although switched off"
        );
    }
    let index = text(&out.join("index.html"));
    assert!(!index.contains("site-search"), "the search box stays");
    let problems = LinkChecker::from_dir(&out, BASE).unwrap().check();
    assert!(problems.is_empty(), "{problems}");
}

/// Without a page per report at `embed/<slug>/`, the site's 404.html (what
/// GitHub Pages shows at an address with no file) leads those addresses on
/// to the report's embed view; `[exports] embed = true` writes the pages
/// for hosts that show no 404.html, with the same script.
#[test]
fn old_embed_addresses_are_led_on_by_404_or_by_pages_of_their_own() {
    let (_d, defaults) = built_with_exports("");
    let not_found = text(&defaults.join("404.html"));
    let script = format!("<script>{}</script>", INLINE_SCRIPTS.embed_redirect);
    assert!(not_found.contains(&script), "{not_found}");
    assert!(
        not_found.contains("<noscript><p>A report for iframes once at"),
        "{not_found}"
    );
    let report = text(&defaults.join("reports/olvansky-dailybuzz/index.html"));
    assert!(
        report.contains(
            "<a href=\"/project/reports/olvansky-dailybuzz/?embed\">Embeddable version</a>"
        ),
        "{report}"
    );

    let (_d, out) = built_with_exports("embed = true\n");
    let page = text(&out.join("embed/olvansky-dailybuzz/index.html"));
    assert!(page.contains(&script), "{page}");
    assert!(
        page.contains("<a id=\"to\" href=\"/project/reports/olvansky-dailybuzz/?embed\">"),
        "{page}"
    );
    let problems = LinkChecker::from_dir(&out, BASE).unwrap().check();
    assert!(problems.is_empty(), "{problems}");
}
