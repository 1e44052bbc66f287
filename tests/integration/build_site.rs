//! Building small sites into temporary directories: the output layout, links
//! under a base-url subpath, reproducible bytes, and atomic replacement.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::all_between;
use unspun::cache::CACHE_DIR;
use unspun::render::{CSP, INLINE_SCRIPTS};
use unspun::report::Report;
use unspun::site::{build, check, BuildOptions, CheckOptions};

const SOURCE: &str = r#"---
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

const REWRITE: &str = r#"---
title: Finance Minister Freezes Income Tax <script>alert(1)</script>
site: DailyBuzz24.net
date: 2026-10-14
source: olvansky
summary: |
  A copy *without credit*. <img src=x onerror=alert(2)>

  ```rust
  let fund = 2.4;
  ```
notes:
  - quote: 2.4 billion crowns
    text: The Tribune reported **4.2 billion**. [bad](javascript:alert(3))
---

Finance minister Margret Olvanskiy on Tuesday froze the basic rate of income tax for a second year. She set aside 2.4 billion crowns for a national housing fund.

"We will not increase rates this year," Olvanskiy told journalists.

The ministry expects 640 million crowns a year from new tax inspectors, it was said. Click here for more <script>alert(4)</script> news!
"#;

fn site(base_url: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("site.toml"),
        format!("title = \"Spin Watch\"\ndescription = \"Test\"\nbase_url = \"{base_url}\"\n"),
    )
    .unwrap();
    fs::create_dir_all(root.join("content/sources")).unwrap();
    fs::create_dir_all(root.join("content/rewrites")).unwrap();
    fs::create_dir_all(root.join("static/img")).unwrap();
    fs::write(root.join("content/sources/olvansky.md"), SOURCE).unwrap();
    fs::write(root.join("content/rewrites/olvansky-dailybuzz.md"), REWRITE).unwrap();
    fs::write(root.join("static/CNAME"), "spin.example.org\n").unwrap();
    fs::write(root.join("static/img/logo.svg"), "<svg/>").unwrap();
    dir
}

fn read_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            out.insert(
                entry.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(entry.path()).unwrap(),
            );
        }
    }
    out
}

fn text(path: PathBuf) -> String {
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn builds_the_full_layout_under_a_subpath() {
    let dir = site("https://example.org/project/");
    let root = dir.path();
    let summary = build(root, &BuildOptions::default()).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(summary.reports, 1);
    assert_eq!(summary.sources, 1);
    let out = root.join("public");
    assert_eq!(summary.output_dir, out);
    for f in [
        "index.html",
        "reports/olvansky-dailybuzz/index.html",
        "reports/olvansky-dailybuzz/report.json",
        "sources/olvansky/index.html",
        "sites/dailybuzz24-net/index.html",
        "sitemap.xml",
        "atom.xml",
        "404.html",
        ".nojekyll",
        "static/style.css",
        "static/unspun.js",
        "static/highlight.css",
        "CNAME",
        "img/logo.svg",
    ] {
        assert!(out.join(f).is_file(), "missing {f}");
    }
    // report.json is the Report contract, with the author's note as a finding.
    let report: Report =
        serde_json::from_str(&text(out.join("reports/olvansky-dailybuzz/report.json"))).unwrap();
    let note = report
        .findings
        .iter()
        .find(|f| f.kind == unspun::report::FindingKind::Note)
        .unwrap();
    assert_eq!(note.rewrite_text.as_deref(), Some("2.4 billion crowns"));
    let s = note.rewrite_sentence.unwrap();
    assert!(report.rewrite.sentences[s]
        .text
        .contains("2.4 billion crowns"));

    let page = text(out.join("reports/olvansky-dailybuzz/index.html"));
    for bad in ["<script>alert", "<img", "javascript:"] {
        assert!(!page.contains(bad), "{bad} in report page");
    }
    assert!(page.contains("href=\"/project/static/style.css\""));
    assert!(page.contains("href=\"/project/sources/olvansky/\""));
    assert!(page.contains("href=\"https://example.org/project/reports/olvansky-dailybuzz/\""));
    assert!(
        page.contains("class=\"hl-"),
        "summary code block is highlighted"
    );

    // Every in-site link and asset of every page resolves to a file.
    for (path, bytes) in read_tree(&out) {
        if path.extension().is_some_and(|e| e == "html") {
            let html = String::from_utf8(bytes).unwrap();
            for attr in ["href=\"", "src=\""] {
                for part in html.split(attr).skip(1) {
                    let url = &part[..part.find('"').unwrap()];
                    let Some(rest) = url.strip_prefix("/project/") else {
                        assert!(
                            url.starts_with("https://")
                                || url.starts_with('#')
                                || url.starts_with("data:"),
                            "{}: link {url:?} outside the base path",
                            path.display()
                        );
                        continue;
                    };
                    let rest = rest.split(['#', '?']).next().unwrap();
                    let target = if rest.is_empty() || rest.ends_with('/') {
                        out.join(rest).join("index.html")
                    } else {
                        out.join(rest)
                    };
                    assert!(target.is_file(), "{}: broken link {url}", path.display());
                }
            }
        }
    }

    let feed = text(out.join("atom.xml"));
    assert!(feed.contains("<id>https://example.org/project/reports/olvansky-dailybuzz/</id>"));
    assert!(feed.contains("<updated>2026-10-14T00:00:00Z</updated>"));
    assert!(!feed.contains("<script>"));
    let sitemap = text(out.join("sitemap.xml"));
    assert!(sitemap.contains("<loc>https://example.org/project/sites/dailybuzz24-net/</loc>"));
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = site("https://example.org/");
    let root = dir.path();
    let a = root.join("a");
    let b = root.join("b");
    build(
        root,
        &BuildOptions {
            output_dir: Some(a.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    build(
        root,
        &BuildOptions {
            output_dir: Some(b.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(read_tree(&a), read_tree(&b));
    // Rebuilding into the same directory replaces it with the same bytes.
    build(
        root,
        &BuildOptions {
            output_dir: Some(a.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(read_tree(&a), read_tree(&b));
}

#[test]
fn base_url_override_is_used() {
    let dir = site("/");
    let root = dir.path();
    build(
        root,
        &BuildOptions {
            base_url: Some("https://user.github.io/spin".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let page = text(root.join("public/index.html"));
    assert!(
        page.contains("href=\"/spin/static/style.css\""),
        "subpath from --base-url"
    );
    assert!(
        page.contains("href=\"https://user.github.io/spin/\""),
        "canonical"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output() {
    let dir = site("/");
    let root = dir.path();
    build(root, &BuildOptions::default()).unwrap();
    let before = read_tree(&root.join("public"));

    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(root.join("templates/report.html"), "{% extends \"base.html\" %}\n{% block content %}{{ report.title | nosuchfilter }}{% endblock content %}\n").unwrap();
    let err = build(root, &BuildOptions::default()).unwrap_err();
    assert!(
        err.0
            .iter()
            .any(|d| d.file.ends_with("templates/report.html")),
        "{err}"
    );
    assert_eq!(read_tree(&root.join("public")), before);
    let leftovers: Vec<_> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("unspun") && n != CACHE_DIR)
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn check_writes_nothing_but_the_alignment_cache() {
    let dir = site("/");
    let root = dir.path();
    let names = || -> Vec<_> {
        let mut names: Vec<_> = fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let mut before = names();
    let summary = check(root, &CheckOptions::default()).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(summary.reports, 1);
    before.push(CACHE_DIR.to_string());
    before.sort();
    assert_eq!(names(), before);
}

#[test]
fn refuses_to_replace_a_directory_unspun_did_not_make() {
    let dir = site("/");
    let root = dir.path();
    fs::create_dir_all(root.join("public")).unwrap();
    fs::write(root.join("public/thesis.tex"), "precious").unwrap();
    assert!(build(root, &BuildOptions::default()).is_err());
    assert_eq!(text(root.join("public/thesis.tex")), "precious");
}

#[test]
fn check_finds_a_planted_broken_link() {
    let dir = site("https://example.org/project/");
    let root = dir.path();
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}<a href=\"{{ site.base_path }}reports/nope/\">x</a> <a href=\"{{ site.base_path }}#nowhere\">y</a> <a href=\"{{ site.base_path }}CNAME\">ok</a>{% endblock content %}",
    )
    .unwrap();
    let err = check(root, &CheckOptions::default()).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("404.html"), "{text}");
    assert!(text.contains("/project/reports/nope/"), "{text}");
    assert!(text.contains("nowhere"), "{text}");
    assert!(!text.contains("CNAME"), "{text}");
    assert_eq!(err.len(), 2, "{text}");
}

/// The index's rows and a source page's sentence rows come from
/// `index_rows.html` and `source_coverage.html`: a site that overrides one
/// sees its own markup there and none of the default's. A site's own
/// `index.html` and `source.html` see every report and sentence.
#[test]
fn index_and_source_rows_come_from_their_templates() {
    let dir = site("/");
    let root = dir.path();
    // A second copy, with markup to escape and a summary long enough to be cut.
    let second = REWRITE
        .replace(
            "site: DailyBuzz24.net",
            "site: \"Quick<News> & \\\"Co\\\"\"",
        )
        .replace(
            "  A copy *without credit*.",
            &format!(
                "  {} \"quoted\" & <b>",
                "A longer summary of the copy. ".repeat(8)
            ),
        );
    fs::write(root.join("content/rewrites/olvansky-quick.md"), second).unwrap();
    let out = root.join("public");
    let options = BuildOptions {
        output_dir: Some(out.clone()),
        ..Default::default()
    };
    build(root, &options).unwrap();
    let default = read_tree(&out);
    let index = String::from_utf8(default[Path::new("index.html")].clone()).unwrap();
    assert_eq!(
        index.matches("<tr class=\"report-row\"").count(),
        2,
        "{index}"
    );
    assert!(
        index.contains("Quick&lt;News&gt; &amp; &quot;Co&quot;"),
        "{index}"
    );
    assert!(index.contains("…</p>"), "the long summary is cut: {index}");

    let source = text(out.join("sources/olvansky/index.html"));
    assert!(
        source.contains("<li class=\"coverage-row role-"),
        "{source}"
    );

    let templates = root.join("templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("index_rows.html"),
        "{% for r in reports %}<tr class=\"my-row\"><td>{{ r.site }}</td></tr>{% endfor %}",
    )
    .unwrap();
    fs::write(
        templates.join("source_coverage.html"),
        "{% for s in sentences %}<li class=\"my-sentence\">{{ s.id }}</li>{% endfor %}",
    )
    .unwrap();
    build(root, &options).unwrap();
    let index = text(out.join("index.html"));
    assert_eq!(index.matches("<tr class=\"my-row\">").count(), 2, "{index}");
    assert!(
        index.contains("<td>Quick&lt;News&gt; &amp; &quot;Co&quot;</td>"),
        "{index}"
    );
    assert!(!index.contains("report-row"), "{index}");
    let source = text(out.join("sources/olvansky/index.html"));
    assert!(
        source.contains("<li class=\"my-sentence\">0</li>"),
        "{source}"
    );
    assert!(!source.contains("coverage-row"), "{source}");

    // Pages of a site's own still get the lists to loop over.
    fs::write(
        templates.join("index.html"),
        "{% for r in reports %}<p class=\"mine\">{{ r.slug }}</p>{% endfor %}",
    )
    .unwrap();
    fs::write(
        templates.join("source.html"),
        "{% for s in sentences %}<p class=\"mine\">{{ s.taken_count }}</p>{% endfor %}",
    )
    .unwrap();
    build(root, &options).unwrap();
    let index = text(out.join("index.html"));
    assert_eq!(
        index,
        "<p class=\"mine\">olvansky-dailybuzz</p><p class=\"mine\">olvansky-quick</p>"
    );
    let source = text(out.join("sources/olvansky/index.html"));
    assert!(source.starts_with("<p class=\"mine\">2</p>"), "{source}");
}

/// An original pasted from its news page, with what the page brought along.
const PASTED_SOURCE: &str = r#"---
title: Harbour bridge approved
publisher: Kestrel Times
date: 2026-03-03
story: ["Tickets for the opening ceremony"]
---

By Marta Ilves, Staff Writer

The Kestrelford city council approved a new harbour bridge on Tuesday after four years of debate.

![](https://news.example/bridge.jpg)

An artist's drawing of the planned bridge over the inner harbour.

Photo: Kestrelford City Council/Norpress

The bridge will cost 84 million crowns and should open in 2029, council leader Henrik Saari said.

Opponents said the bridge would block views of the old lighthouse.

Share this article

Visited 1,234 times, 5 visit(s) today

Source link

Related Article

Fishermen protest new quotas in Vestby

Hundreds of fishermen marched through Vestby on Saturday against the new cod quotas.

Tickets for the opening ceremony of the Vestby fish market go on sale on Friday.
"#;

const PASTED_REWRITE: &str = r#"---
title: Kestrelford approves bridge
site: spinfarm.example
date: 2026-03-04
source: bridge
story_ends: "Our partners at"
---

The Kestrelford city council approved a new harbour bridge on Tuesday after four years of debate.

The bridge will cost 84 million crowns and should open in 2029, council leader Henrik Saari said.

Opponents said the bridge would block views of the old lighthouse.

Our partners at Fjordline offer cheap ferry tickets to Kestrelford this month.
"#;

fn pasted_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("site.toml"), "title = \"Spin Watch\"\n").unwrap();
    fs::create_dir_all(root.join("content/sources")).unwrap();
    fs::create_dir_all(root.join("content/rewrites")).unwrap();
    fs::write(root.join("content/sources/bridge.md"), PASTED_SOURCE).unwrap();
    fs::write(root.join("content/rewrites/bridge-spin.md"), PASTED_REWRITE).unwrap();
    dir
}

#[test]
fn page_furniture_is_set_aside_folded_and_left_out_of_figures_and_findings() {
    let dir = pasted_site();
    let root = dir.path();
    build(root, &BuildOptions::default()).unwrap_or_else(|d| panic!("{d}"));
    let json = text(root.join("public/reports/bridge-spin/report.json"));
    let report: Report = serde_json::from_str(&json).unwrap();
    let set_aside = |side: &unspun::report::Side| -> Vec<String> {
        side.sentences
            .iter()
            .filter(|s| !s.role.is_story())
            .map(|s| s.text.clone())
            .collect()
    };
    assert_eq!(
        set_aside(&report.source),
        [
            "By Marta Ilves, Staff Writer",
            "An artist's drawing of the planned bridge over the inner harbour.",
            "Photo: Kestrelford City Council/Norpress",
            "Share this article",
            "Visited 1,234 times, 5 visit(s) today",
            "Source link",
            "Related Article",
            "Fishermen protest new quotas in Vestby",
            "Hundreds of fishermen marched through Vestby on Saturday against the new cod quotas.",
        ]
    );
    // The copy's author marked where its story ends.
    assert_eq!(
        set_aside(&report.rewrite),
        ["Our partners at Fjordline offer cheap ferry tickets to Kestrelford this month."]
    );
    assert!(json.contains("\"set_aside\":\"related_stories\""), "{json}");
    assert!(json.contains("\"set_aside\":\"author_marked\""), "{json}");
    assert_eq!(report.stats.source_set_aside, 9);
    assert_eq!(report.stats.rewrite_set_aside, 1);
    // Only the story sentence the copy left out is a finding: the one the
    // original's author kept as story.
    let findings: Vec<(&str, &str)> = report
        .findings
        .iter()
        .map(|f| {
            let text = f.source_text.as_deref().or(f.rewrite_text.as_deref());
            (f.kind.as_str(), text.unwrap_or(""))
        })
        .collect();
    assert_eq!(
        findings,
        [(
            "omitted",
            "Tickets for the opening ceremony of the Vestby fish market go on sale on Friday."
        )]
    );

    let html = text(root.join("public/reports/bridge-spin/index.html"));
    assert!(
        html.contains("<p class=\"set-aside-line\">10 sentences of captions and page furniture set aside, not counted (9 in the original, 1 in the copy).</p>"),
        "{html}"
    );
    // Each run of furniture rows is one fold that opens on a click.
    let summaries: Vec<&str> = html
        .split("<summary class=\"set-aside-summary\">")
        .skip(1)
        .map(|s| &s[..s.find("</summary>").unwrap()])
        .collect();
    assert_eq!(
        summaries,
        [
            "Set aside: bylines, 1 sentence",
            "Set aside: photo captions and photo credits, 2 sentences",
            "Set aside: share prompts, visit counters, source links and more, 6 sentences",
            "Set aside: passages the author marked as not story, 1 sentence",
        ],
        "{html}"
    );
    assert_eq!(html.matches("</details>").count(), 4);
}

#[test]
fn a_role_quote_that_is_not_in_the_text_is_an_error_with_its_line() {
    let dir = pasted_site();
    let root = dir.path();
    let source = PASTED_SOURCE.replace(
        "story: [\"Tickets for the opening ceremony\"]",
        "furniture:\n  - Share this article\n  - Sign up for our newsletter",
    );
    fs::write(root.join("content/sources/bridge.md"), source).unwrap();
    let err = check(root, &CheckOptions::default()).unwrap_err();
    let text = err.to_string();
    assert_eq!(err.len(), 1, "{text}");
    assert!(text.contains("content/sources/bridge.md:7"), "{text}");
    assert!(
        text.contains(
            "the `furniture` quote \"Sign up for our newsletter\" is not in the article's text"
        ),
        "{text}"
    );
}

/// Names in any script give pages a reader can reach: a publisher named in
/// Japanese gets its own page (not one shared with every other such name),
/// an accented file name its letters without the accents, and every link
/// to them resolves.
#[test]
fn names_in_any_script_give_their_own_pages() {
    let dir = site("/");
    let root = dir.path();
    fs::write(
        root.join("content/rewrites/Café-Copie.md"),
        REWRITE.replace("site: DailyBuzz24.net", "site: 日本ニュース"),
    )
    .unwrap();
    let out = root.join("out");
    build(
        root,
        &BuildOptions {
            output_dir: Some(out.clone()),
            ..BuildOptions::default()
        },
    )
    .unwrap_or_else(|d| panic!("{d}"));
    assert!(out.join("reports/cafe-copie/index.html").is_file());
    assert!(out.join("sites/日本ニュース/index.html").is_file());
    assert!(out.join("sites/dailybuzz24-net/index.html").is_file());
    let summary = check(root, &CheckOptions::default()).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!((summary.reports, summary.sites), (2, 2));

    // A publisher's name with no letter or digit is refused, naming the key.
    fs::write(
        root.join("content/rewrites/Café-Copie.md"),
        REWRITE.replace("site: DailyBuzz24.net", "site: \"!!!\""),
    )
    .unwrap();
    let err = check(root, &CheckOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("Café-Copie.md") && err.contains("`site`"),
        "{err}"
    );
}

/// The default theme's pages, as a reader with a screen reader and a
/// browser enforcing the Content-Security-Policy meet them.
#[test]
fn default_pages_are_accessible_and_run_only_the_code_their_policy_admits() {
    let dir = site("/");
    let root = dir.path();
    let out = root.join("public");
    let options = BuildOptions {
        output_dir: Some(out.clone()),
        ..Default::default()
    };
    build(root, &options).unwrap();
    let pages: Vec<(PathBuf, String)> = read_tree(&out)
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect();
    assert!(pages.len() >= 6, "{pages:?}");
    for (path, html) in &pages {
        let what = path.display();
        let embed = path.starts_with("embed");
        assert!(html.contains("<html lang=\"en\">"), "{what}");
        if !embed {
            assert!(html.contains("<main id=\"main\""), "{what}");
            assert!(
                html.contains("<a class=\"skip-link\" href=\"#main\">"),
                "{what}"
            );
        }
        // Every region's label is in the page.
        for id in all_between(html, "aria-labelledby=\"", "\"") {
            assert!(html.contains(&format!("id=\"{id}\"")), "{what}: #{id}");
        }
        // No page has code of its own but the theme's inline scripts, which
        // its CSP admits by hash (checked against the hashes in a browser:
        // tests/browser/pages.test.mjs).
        let csp = all_between(
            html,
            "http-equiv=\"Content-Security-Policy\" content=\"",
            "\"",
        );
        assert_eq!(csp.len(), 1, "{what}");
        let csp = csp[0].replace("&#39;", "'");
        let inline = |open: &str| all_between(html, open, "</");
        let (styles, scripts) = (inline("<style>"), inline("<script>"));
        assert!(styles.is_empty(), "{what}");
        let theirs = [INLINE_SCRIPTS.embed_view, INLINE_SCRIPTS.embed_redirect];
        assert!(scripts.iter().all(|s| theirs.contains(s)), "{what}");
        assert_eq!(csp, CSP, "{what}");
    }
    let report = &pages
        .iter()
        .find(|(path, _)| path.starts_with("reports"))
        .unwrap()
        .1;
    // Changed words and findings are said, not only coloured: the words by
    // the style (once, not in every word), the findings in the page.
    assert!(report.contains("<del>") && report.contains("<ins>"));
    let style = String::from_utf8(fs::read(out.join("static/style.css")).unwrap()).unwrap();
    assert!(style.contains(".sentence del::before { content: \"removed in the copy: \"; }"));
    assert!(style.contains(".sentence ins::before { content: \"added in the copy: \"; }"));
    assert!(report.contains("<mark class=\"finding-mark kind-"));
    for mark in all_between(report, "<mark class=\"finding-mark", "</mark>") {
        assert!(mark.contains("<span class=\"sr-only\">["), "{mark}");
    }
    assert!(report.contains("<meter min=\"0\" max=\"100\" value=\""));
    assert!(report.contains("aria-label=\"Copy taken from the original\">"));
    assert!(report.contains("aria-live=\"polite\""));
    // Each kind's letter is drawn by the style from the kind's class, with
    // empty alternative text (silent, as the label says the kind).
    assert!(!report.contains("kind-letter"));
    assert!(style.contains("::before {\n  content: var(--letter) / \"\";"));
    assert!(style.contains(".kind-name_changed { --kc: var(--k-name); --letter: \"N\";"));
}
