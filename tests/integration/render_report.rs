//! Rendering report pages from hand-built reports: markup, escaping, links
//! under a base-url subpath, and the Content-Security-Policy.
//!
//! Set `UNSPUN_PREVIEW_DIR=/some/dir` to also write the pages there for a look
//! in a browser.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::all_between;
use unspun::config::Config;
use unspun::content::{Note, Rewrite, RewriteMeta, Source, SourceMeta};
use unspun::render::{report_context, Renderer, ReportSummary, CSP, INLINE_SCRIPTS};
use unspun::report::*;

fn sentence(id: usize, text: &str, role: SentenceRole) -> Sentence {
    Sentence {
        id,
        text: text.to_string(),
        start: 0,
        end: 0,
        paragraph: id,
        role,
        set_aside: None,
    }
}

/// A sentence of page furniture, set aside as `why`.
fn aside(id: usize, text: &str, why: SetAside) -> Sentence {
    Sentence {
        set_aside: Some(why),
        ..sentence(id, text, SentenceRole::Furniture)
    }
}

fn span(op: DiffOp, text: &str) -> DiffSpan {
    DiffSpan::new(op, text)
}

fn finding(
    kind: FindingKind,
    s: Option<usize>,
    r: Option<usize>,
    st: Option<&str>,
    rt: Option<&str>,
    note: &str,
) -> Finding {
    Finding {
        kind,
        source_sentence: s,
        rewrite_sentence: r,
        source_text: st.map(Into::into),
        rewrite_text: rt.map(Into::into),
        note: note.to_string(),
        ..Finding::default()
    }
}

fn fixture() -> (Report, Source, Rewrite) {
    let source = Side {
        title: "Olvansky freezes income tax".into(),
        sentences: vec![
            sentence(
                0,
                "Finance minister Margarethe Olvansky on Tuesday froze the basic rate.",
                SentenceRole::Story,
            ),
            sentence(
                1,
                "She set aside 4.2 billion crowns for housing.",
                SentenceRole::Story,
            ),
            sentence(
                2,
                "\"We will not raise the rate this year,\" she said.",
                SentenceRole::Story,
            ),
            sentence(
                3,
                "The unit will report to parliament, said the ministry's spokesman, Ilan Baro.",
                SentenceRole::Story,
            ),
            sentence(
                4,
                "Photo: <script>alert('caption')</script> Northgate Tribune",
                SentenceRole::Caption,
            ),
            sentence(5, "The levy stays on the table.", SentenceRole::Story),
            aside(6, "Share this article", SetAside::SharePrompt),
            aside(
                7,
                "<script>alert('related')</script> Tax row deepens",
                SetAside::RelatedStories,
            ),
        ],
    };
    let rewrite = Side {
        title: "Finance Minister Freezes Income Tax".into(),
        sentences: vec![
            sentence(
                0,
                "Finance minister Margret Olvanskiy on Tuesday froze the basic rate.",
                SentenceRole::Story,
            ),
            sentence(
                1,
                "She set aside 2.4 billion crowns for housing.",
                SentenceRole::Story,
            ),
            sentence(
                2,
                "\"We will not increase rates this year,\" she said.",
                SentenceRole::Story,
            ),
            sentence(
                3,
                "The unit will report to parliament, it was said.",
                SentenceRole::Story,
            ),
            sentence(
                4,
                "Click <img src=x onerror=alert(1)> for more!",
                SentenceRole::Story,
            ),
            sentence(5, "The levy stays on the table.", SentenceRole::Story),
            aside(6, "Share this article", SetAside::SharePrompt),
        ],
    };
    let alignment = vec![
        Group {
            source: vec![0],
            rewrite: vec![0],
            relation: Relation::LightEdit,
            similarity: 0.82,
            diff: vec![
                span(DiffOp::Equal, "Finance minister "),
                span(DiffOp::Delete, "Margarethe Olvansky"),
                span(DiffOp::Insert, "Margret Olvanskiy"),
                span(DiffOp::Equal, " on Tuesday froze the basic rate."),
            ],
            folded: false,
        },
        Group {
            source: vec![1],
            rewrite: vec![1],
            relation: Relation::LightEdit,
            similarity: 0.9,
            diff: vec![
                span(DiffOp::Equal, "She set aside "),
                span(DiffOp::Delete, "4.2"),
                span(DiffOp::Insert, "2.4"),
                span(DiffOp::Equal, " billion crowns for housing."),
            ],
            folded: false,
        },
        Group {
            source: vec![2],
            rewrite: vec![2],
            relation: Relation::Paraphrase,
            similarity: 0.7,
            diff: vec![],
            folded: false,
        },
        Group {
            source: vec![3],
            rewrite: vec![3],
            relation: Relation::Paraphrase,
            similarity: 0.6,
            diff: vec![],
            folded: false,
        },
        Group {
            source: vec![4],
            rewrite: vec![],
            relation: Relation::Omitted,
            similarity: 0.0,
            diff: vec![],
            folded: false,
        },
        Group {
            source: vec![],
            rewrite: vec![4],
            relation: Relation::Added,
            similarity: 0.0,
            diff: vec![],
            folded: false,
        },
        Group {
            source: vec![5],
            rewrite: vec![5],
            relation: Relation::Identical,
            similarity: 1.0,
            diff: vec![],
            folded: false,
        },
        // Page furniture: folded into one row.
        Group {
            source: vec![6],
            rewrite: vec![6],
            relation: Relation::Identical,
            similarity: 1.0,
            diff: vec![],
            folded: false,
        },
        Group {
            source: vec![7],
            rewrite: vec![],
            relation: Relation::Omitted,
            similarity: 0.0,
            diff: vec![],
            folded: false,
        },
    ];
    let findings = vec![
        finding(FindingKind::NameChanged, Some(0), Some(0), Some("Margarethe Olvansky"), Some("Margret Olvanskiy"), "The minister's name was altered."),
        finding(FindingKind::NumberChanged, Some(1), Some(1), Some("4.2"), Some("2.4"), "4.2 became 2.4."),
        finding(FindingKind::QuoteChanged, Some(2), Some(2), Some("We will not raise the rate this year"), Some("We will not increase rates this year"), "<b>reworded</b>"),
        finding(FindingKind::AttributionDropped, Some(3), Some(3), Some("said the ministry's spokesman, Ilan Baro"), None, ""),
        finding(FindingKind::Omitted, Some(4), None, Some("Photo: <script>alert('caption')</script> Northgate Tribune"), None, ""),
        finding(FindingKind::Added, None, Some(4), None, Some("Click <img src=x onerror=alert(1)> for more!"), ""),
        finding(
            FindingKind::Note,
            None,
            Some(1),
            None,
            Some("2.4 billion"),
            "The Tribune said **4.2**. <script>alert(2)</script>[x](javascript:alert(3))\n\n```rust\nlet x = 1;\n```",
        ),
    ];
    let mut counts = BTreeMap::new();
    for f in &findings {
        *counts.entry(f.kind).or_insert(0) += 1;
    }
    let report = Report {
        source,
        rewrite,
        alignment,
        findings,
        stats: Stats {
            source_sentences: 6,
            rewrite_sentences: 6,
            rewrite_derived: 0.83,
            source_kept: 0.8,
            findings: counts,
            ..Stats::default()
        },
        ..Report::default()
    };
    let src = Source {
        slug: "olvansky-budget".into(),
        path: PathBuf::from("content/sources/olvansky-budget.md"),
        text: "---\n---\nBody".into(),
        body_start: 8,
        meta: SourceMeta {
            title: "Olvansky freezes income tax <em>now</em>".into(),
            url: Some("https://tribune.example/olvansky".into()),
            publisher: "The Northgate Tribune".into(),
            author: Some("Ana Pell".into()),
            date: "2026-10-13".into(),
            ..SourceMeta::default()
        },
    };
    let rw = Rewrite {
        slug: "olvansky-dailybuzz".into(),
        path: PathBuf::from("content/rewrites/olvansky-dailybuzz.md"),
        text: String::new(),
        body_start: 0,
        meta: RewriteMeta {
            title: "Finance Minister Freezes Income Tax \"><script>alert(9)</script>".into(),
            url: Some("javascript:alert(4)".into()),
            site: "DailyBuzz24.net".into(),
            date: "2026-10-14".into(),
            source: "olvansky-budget".into(),
            summary: Some("A copy *without credit*. <img src=x onerror=alert(5)>".into()),
            notes: vec![Note {
                quote: "2.4 billion".into(),
                prefix: None,
                suffix: None,
                side: None,
                text: "n".into(),
            }],
            draft: false,
            ..RewriteMeta::default()
        },
    };
    (report, src, rw)
}

/// The fixture with the renamed minister mentioned again by surname in the
/// last story sentence and named in a sentence of the original the copy
/// reworded (two further places of the name finding), and one minor
/// finding: a spelling convention of the copy's "parlament".
fn with_places_and_minor(mut report: Report) -> Report {
    report.source.sentences[5].text = "Olvansky said the levy stays on the table.".into();
    report.rewrite.sentences[5].text = "Olvanskiy said the levy stays on the table.".into();
    report.rewrite.sentences[3].text = "The unit will report to parlament, it was said.".into();
    report.alignment[6] = Group {
        source: vec![5],
        rewrite: vec![5],
        relation: Relation::LightEdit,
        similarity: 0.9,
        diff: vec![
            span(DiffOp::Delete, "Olvansky"),
            span(DiffOp::Insert, "Olvanskiy"),
            span(DiffOp::Equal, " said the levy stays on the table."),
        ],
        folded: false,
    };
    report.findings[0].places = vec![
        Place {
            source_sentence: Some(5),
            rewrite_sentence: Some(5),
            source_text: Some("Olvansky".into()),
            rewrite_text: Some("Olvanskiy".into()),
        },
        Place {
            source_sentence: Some(3),
            rewrite_sentence: None,
            source_text: None,
            rewrite_text: None,
        },
    ];
    report.findings.push(Finding {
        minor: true,
        ..finding(
            FindingKind::NameChanged,
            Some(3),
            Some(3),
            Some("parliament"),
            Some("parlament"),
            "Spelled \"parlament\" in the copy.",
        )
    });
    report
}

fn renderer(base_url: &str) -> (Renderer, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::parse(
        &format!(
            "title = \"Spin <Watch>\"\nbase_url = \"{base_url}\"\ndescription = \"Test site\"\n"
        ),
        Path::new("site.toml"),
    )
    .unwrap();
    (Renderer::new(dir.path(), &config).unwrap(), dir)
}

fn assert_no_injection(html: &str) {
    for bad in ["<script>alert", "<img", "javascript:", " onerror=alert(1)>"] {
        assert!(!html.contains(bad), "found {bad:?} in output");
    }
}

#[test]
fn report_page_has_rows_marks_and_no_injection() {
    let (report, source, rewrite) = fixture();
    let (r, _dir) = renderer("https://example.org/project/");
    let ctx = report_context(&report, &rewrite, &source, &r.urls);
    let html = r.report_page(&ctx).unwrap();
    preview("reports/olvansky-dailybuzz/index.html", &html);

    assert_no_injection(&html);
    // One row per group, with relation classes.
    assert_eq!(html.matches("class=\"row rel-").count(), 9);
    // The run of furniture rows is one fold that says what it holds, and
    // the line under the headline says how much was set aside.
    assert_eq!(html.matches("<details class=\"set-aside-fold\"").count(), 1);
    let fold = between(
        &html,
        "<details class=\"set-aside-fold\" data-sentences=\"3\"><summary class=\"set-aside-summary\">Set aside: share prompts and related stories, 3 sentences</summary>",
        "</details>",
    );
    assert_eq!(fold.matches("class=\"row rel-").count(), 2, "{fold}");
    assert!(fold.contains("&lt;script&gt;alert("), "{fold}");
    assert!(html.contains("<p class=\"set-aside-line\">4 sentences of captions and page furniture set aside, not counted (3 in the original, 1 in the copy).</p>"));
    // A caption row that carries a finding stays in view.
    let caption_row = html.find("rel-omitted role-caption").unwrap();
    assert!(caption_row < html.find("<details").unwrap());
    assert!(html.contains("class=\"row rel-omitted role-caption\""));
    assert!(html.contains("class=\"row rel-identical is-unchanged\""));
    // Word diffs and finding marks.
    assert!(html.contains("<del>4.2</del>"), "del");
    assert!(html.contains("<ins>2.4</ins>"), "ins");
    // Findings are numbered in reading order: the name (row 0), then the
    // number and the author's note (row 1), ...
    assert!(html.contains(
        "<li class=\"finding-card kind-name_changed\" id=\"finding-1\" tabindex=\"-1\">"
    ));
    assert!(
        html.contains("<li class=\"finding-card kind-note\" id=\"finding-3\" tabindex=\"-1\">"),
        "note card"
    );
    // The class and the id say the kind and the number: no attribute repeats them.
    assert!(!html.contains("data-kind="), "data-kind");
    assert!(html.contains("<strong>4.2</strong>"), "note markdown");
    assert!(html.contains("class=\"hl-"), "highlighted code");
    // The aligner's plain-text notes are escaped, not interpreted.
    assert!(
        html.contains("&lt;b&gt;reworded&lt;&#x2F;b&gt;")
            || html.contains("&lt;b&gt;reworded&lt;/b&gt;")
    );
    // Links honour the subpath; canonical and og:url are absolute.
    assert!(html.contains("href=\"/project/static/style.css\""));
    assert!(html.contains("src=\"/project/static/unspun.js\""));
    assert!(html.contains("href=\"/project/sources/olvansky-budget/\""));
    assert!(html.contains("href=\"/project/sites/dailybuzz24-net/\""));
    assert!(html.contains(
        "<link rel=\"canonical\" href=\"https://example.org/project/reports/olvansky-dailybuzz/\">"
    ));
    assert!(html.contains(
        "property=\"og:url\" content=\"https://example.org/project/reports/olvansky-dailybuzz/\""
    ));
    assert!(html.contains("name=\"twitter:card\""));
    // CSP, and no inline script but the embed view's, which it admits.
    assert!(html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;self&#39;; script-src &#39;self&#39;"));
    assert_eq!(
        all_between(&html, "<script>", "</script>"),
        [INLINE_SCRIPTS.embed_view]
    );
    assert!(!html.contains("style="));
    // The exercise and "Save as one file" are there for the embed view
    // (unspun.js shows them there only).
    assert!(html.contains("id=\"exercise\""));
    assert!(html.contains("id=\"save-one-file\" data-file=\"olvansky-dailybuzz.html\""));
    assert!(html
        .contains("<a href=\"/project/reports/olvansky-dailybuzz/?embed\">Embeddable version</a>"));
}

#[test]
fn embed_page_leads_to_the_reports_embed_view_and_holds_nothing_else() {
    let (report, source, rewrite) = fixture();
    let (r, _dir) = renderer("https://example.org/project/");
    let ctx = report_context(&report, &rewrite, &source, &r.urls);
    let html = r.embed_page(&ctx).unwrap();
    preview("embed/olvansky-dailybuzz/index.html", &html);
    assert_no_injection(&html);
    let view = "/project/reports/olvansky-dailybuzz/?embed";
    // With script: on to the link's address, query and fragment kept;
    // without: a refresh to it; and a link to follow in any case.
    assert!(html.contains(&format!("<a id=\"to\" href=\"{view}\">")));
    assert_eq!(
        all_between(&html, "<script>", "</script>"),
        [INLINE_SCRIPTS.embed_redirect]
    );
    assert!(html.contains(&format!(
        "<noscript><meta http-equiv=\"refresh\" content=\"0; url={view}\"></noscript>"
    )));
    assert!(html.contains(
        "<link rel=\"canonical\" href=\"https://example.org/project/reports/olvansky-dailybuzz/\">"
    ));
    // No copy of the report: its rows are on the report page only.
    assert!(!html.contains("class=\"row"));
    assert!(!html.contains("<link rel=\"stylesheet\""));
    let csp = between(
        &html,
        "http-equiv=\"Content-Security-Policy\" content=\"",
        "\"",
    )
    .replace("&#39;", "'");
    assert_eq!(csp, CSP);
    assert!(!csp.contains("unsafe-inline"));
}

#[test]
fn index_source_site_feed_and_sitemap() {
    let (report, source, rewrite) = fixture();
    let (r, _dir) = renderer("https://example.org/project/");
    let ctx = report_context(&report, &rewrite, &source, &r.urls);
    let summaries = vec![ReportSummary::new(&ctx, &report)];
    let index = r.index_page(&summaries, 1).unwrap();
    preview("index.html", &index);
    assert_no_injection(&index);
    // What the column headers sort by; the search filters by site, original
    // and kind from search/index.json, not from the rows.
    assert!(index.contains("data-site-name=\"DailyBuzz24.net\""));
    assert!(index.contains("data-findings=\""));
    assert!(!index.contains("data-kinds="));
    assert!(index.contains("href=\"/project/reports/olvansky-dailybuzz/\""));

    let copies: Vec<&ReportSummary> = summaries.iter().collect();
    let page = r.source_page(&source, &copies, 1).unwrap();
    preview("sources/olvansky-budget/index.html", &page);
    assert_no_injection(&page);
    assert!(page.contains("class=\"cov cov-taken\""));
    assert!(page.contains("class=\"cov cov-missing\""));
    let page = r.site_page("dailybuzz24-net", &copies, 1).unwrap();
    preview("sites/dailybuzz24-net/index.html", &page);
    assert_no_injection(&page);

    let feed = r.atom_feed(&summaries).unwrap();
    assert!(feed.contains("<id>https://example.org/project/reports/olvansky-dailybuzz/</id>"));
    assert!(feed.contains("<updated>2026-10-14T00:00:00Z</updated>"));
    assert!(!feed.contains("<script>"));
    // The feed has the newest 50 reports; the sitemap every one.
    let many: Vec<ReportSummary> = (0..60)
        .map(|i| {
            let mut s = summaries[0].clone();
            s.slug = format!("copy-{i:02}");
            s.absolute_url = format!("https://example.org/project/reports/{}/", s.slug);
            s
        })
        .collect();
    let feed = r.atom_feed(&many).unwrap();
    assert_eq!(feed.matches("<entry>").count(), 50);
    assert!(feed.contains("/reports/copy-49/") && !feed.contains("/reports/copy-50/"));
    let map = r.sitemap(&many, &[&source]).unwrap();
    assert!(map.contains("/reports/copy-59/"));
    let map = r.sitemap(&summaries, &[&source]).unwrap();
    assert!(map.contains("<loc>https://example.org/project/sources/olvansky-budget/</loc>"));
    let nf = r.not_found_page().unwrap();
    preview("404.html", &nf);
    if let Some(dir) = preview_dir() {
        for (name, bytes) in r.static_files() {
            let p = dir.join("static").join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
    }
}

#[test]
fn root_base_url_gives_root_paths() {
    let (report, source, rewrite) = fixture();
    let (r, _dir) = renderer("/");
    let ctx = report_context(&report, &rewrite, &source, &r.urls);
    let html = r.report_page(&ctx).unwrap();
    assert!(html.contains("href=\"/static/style.css\""));
    assert!(html.contains("href=\"/sources/olvansky-budget/\""));
}

#[test]
fn template_errors_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/index.html"),
        "line one\n{% if %}\n",
    )
    .unwrap();
    let config = Config::parse("title = \"x\"\n", Path::new("site.toml")).unwrap();
    let err = Renderer::new(dir.path(), &config)
        .err()
        .expect("syntax error expected");
    let d = &err.0[0];
    assert!(d.file.ends_with("templates/index.html"), "{d}");
    assert_eq!(d.line, Some(2), "{d}");

    // A rendering error (unknown variable) also names the template.
    std::fs::write(dir.path().join("templates/404.html"), "{{ nope.missing }}").unwrap();
    std::fs::remove_file(dir.path().join("templates/index.html")).unwrap();
    let r = Renderer::new(dir.path(), &config).unwrap();
    let d = r.not_found_page().unwrap_err();
    assert!(d.file.ends_with("templates/404.html"), "{d}");
}

#[test]
fn site_templates_override_builtins() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/404.html"), "{% extends \"base.html\" %}{% block content %}Gone: {{ site.title }}{% endblock content %}").unwrap();
    let config = Config::parse("title = \"<T>\"\n", Path::new("site.toml")).unwrap();
    let r = Renderer::new(dir.path(), &config).unwrap();
    let html = r.not_found_page().unwrap();
    assert!(html.contains("Gone: &lt;T&gt;"), "{html}");
}

#[test]
fn the_report_page_renders_its_rows_and_findings_from_their_templates() {
    let (report, source, rewrite) = fixture();
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("report_rows.html"),
        "{% for row in report.rows %}<p class=\"my-row\">{{ row.index }} {{ site.title }}</p>{% endfor %}",
    )
    .unwrap();
    std::fs::write(
        templates.join("report_findings.html"),
        "<p class=\"my-findings\">{{ report.findings | length }}</p>",
    )
    .unwrap();
    let config = Config::parse("title = \"<T>\"\n", Path::new("site.toml")).unwrap();
    let r = Renderer::new(dir.path(), &config).unwrap();
    let ctx = report_context(&report, &rewrite, &source, &r.urls);
    let page = r.report_page(&ctx).unwrap();
    let html = &page;
    assert_eq!(html.matches("<p class=\"my-row\">").count(), 9, "{html}");
    assert!(
        html.contains("<p class=\"my-row\">0 &lt;T&gt;</p>"),
        "{html}"
    );
    let findings = format!("<p class=\"my-findings\">{}</p>", report.findings.len());
    assert!(html.contains(&findings), "{html}");
    // Nothing of the default's rows or lists is left in their place.
    assert!(!html.contains("<div class=\"row "), "{html}");
    assert!(!html.contains("class=\"findings-index\""), "{html}");

    // A report_body.html written before the rows had their own template
    // still finds them in `report.rows`.
    std::fs::write(
        templates.join("report_body.html"),
        "{% for row in report.rows %}<p class=\"old-row\">{{ row.index }}</p>{% endfor %}",
    )
    .unwrap();
    let r = Renderer::new(dir.path(), &config).unwrap();
    let html = r.report_page(&ctx).unwrap();
    assert_eq!(html.matches("<p class=\"old-row\">").count(), 9, "{html}");

    // Errors in the rows' template name the file.
    std::fs::write(templates.join("report_rows.html"), "{{ page.kind }}").unwrap();
    let r = Renderer::new(dir.path(), &config).unwrap();
    let d = r.report_page(&ctx).unwrap_err();
    assert!(d.file.ends_with("templates/report_rows.html"), "{d}");
}

#[test]
fn the_default_templates_show_every_kind_of_row_and_finding() {
    let (report, source, rewrite) = fixture();
    let report = with_places_and_minor(report);
    let dir = tempfile::tempdir().unwrap();
    let config = Config::parse(
        "title = \"<T>\"\ndescription = \"Spin & 'watch'\"\n",
        Path::new("site.toml"),
    )
    .unwrap();
    let builtin = Renderer::new(dir.path(), &config).unwrap();
    let mut ctx = report_context(&report, &rewrite, &source, &builtin.urls);
    // What the fixture lacks: notes beside no passage, texts that template
    // truthiness counts as none, quotations over 160 characters (multi-byte
    // ones too), markup and control characters.
    let mut odd = ctx.findings[0].clone();
    odd.source_text = Some(String::new());
    odd.rewrite_text = Some(format!("{}<b>&\u{1}\"'", "ü".repeat(170)));
    odd.note_html = String::new();
    ctx.unplaced = vec![odd.clone(), ctx.findings[1].clone()];
    ctx.findings.push(odd);
    let mut long = ctx.findings[1].clone();
    long.source_text = Some("x".repeat(161));
    long.rewrite_text = Some("y".repeat(160));
    ctx.findings.push(long);
    ctx.rows[0].findings.push(ctx.unplaced[0].clone());
    // And the page around the rows with what it may leave out: a draft with
    // no summary, author, addresses or findings, described at length.
    let mut bare = ctx.clone();
    bare.draft = true;
    bare.summary_html = None;
    bare.summary_text = String::new();
    bare.headline = format!("{} & <more>", "ü".repeat(320));
    bare.source.author = None;
    bare.source.url = None;
    bare.url = None;
    bare.stats.present.clear();
    bare.minor.clear();

    for ctx in [&ctx, &bare] {
        for html in [builtin.report_page(ctx), builtin.embed_page(ctx)] {
            let html = html.unwrap();
            assert_no_injection(&html);
            assert!(!html.contains('\u{1}'), "control characters are dropped");
        }
    }
    let bare_page = builtin.report_page(&bare).unwrap();
    assert!(bare_page.contains("<span class=\"draft-badge\">Draft</span>"));
    assert!(!bare_page.contains("class=\"minor-notes\""));
    assert!(!bare_page.contains("class=\"summary\""));
    assert!(!bare_page.contains("as published"));
    // The description is cut to 300 characters in the page's head.
    let description = between(&bare_page, "<meta name=\"description\" content=\"", "\">");
    assert_eq!(description.chars().count(), 301, "{description}");
    let html = builtin.report_page(&ctx).unwrap();
    assert!(html.contains("<h2 id=\"unplaced-heading\">Other notes</h2>"));
    assert!(
        html.contains(&format!("{}…</q>", "ü".repeat(160))),
        "{html}"
    );
    assert!(html.contains(&format!(
        "<q class=\"quote-rewrite\">{}</q>",
        "y".repeat(160)
    )));
    // Folding is the script's: no marker of the template's own is left.
    assert!(!html.contains("unchanged passage"));
}

#[test]
fn a_finding_with_places_links_them_and_minor_findings_are_folded_and_not_counted() {
    let (report, source, rewrite) = fixture();
    let report = with_places_and_minor(report);
    let (r, _dir) = renderer("https://example.org/project/");
    let ctx = report_context(&report, &rewrite, &source, &r.urls);
    let html = r.report_page(&ctx).unwrap();
    assert_no_injection(&html);
    // The name's card lists both further places, as links to sentences
    // that are in the page.
    let card = between(
        &html,
        "class=\"finding-card kind-name_changed\" id=\"finding-1\"",
        "</li>",
    );
    assert!(
        card.contains("<p class=\"finding-places\">Also in: <a href=\"#r5\">sentence 6 of the copy</a>, <a href=\"#s3\">sentence 4 of the original</a></p>"),
        "{card}"
    );
    assert!(html.contains("<span class=\"sentence\" id=\"r5\">"));
    assert!(html.contains("<span class=\"sentence\" id=\"s3\">"));
    // The later mention is marked as the same finding on both sides.
    let later = between(&html, "id=\"r5\">", "</span> ");
    assert!(
        later.contains("<mark class=\"finding-mark kind-name_changed\" data-finding=\"1\""),
        "{later}"
    );
    let before = between(&html, "id=\"s5\">", "</span> ");
    assert!(
        before.contains("<mark class=\"finding-mark kind-name_changed\" data-finding=\"1\""),
        "{before}"
    );

    // The minor finding: folded under the list, with a quiet mark, and no
    // card beside its row.
    let fold = between(&html, "<details class=\"minor-notes\">", "</details>");
    assert!(
        fold.starts_with("\n<summary>Minor: spelling conventions and name forms (1)</summary>"),
        "{fold}"
    );
    let minor = ctx.minor[0].number;
    assert!(
        fold.contains(&format!(
            "<li class=\"minor-card kind-name_changed\" id=\"finding-{minor}\""
        )),
        "{fold}"
    );
    assert!(
        fold.contains("Spelled &quot;parlament&quot; in the copy."),
        "{fold}"
    );
    assert!(html.contains(&format!(
        "<mark class=\"minor-mark kind-name_changed\" data-finding=\"{minor}\""
    )));
    assert!(!html.contains(&format!(
        "class=\"finding-card kind-name_changed\" id=\"finding-{minor}\""
    )));
    // Not counted: 7 marked changes (the figure, the cards the walk and
    // the exercise go through), 1 changed name among the kind counts.
    assert!(html.contains("data-findings=\"7\""));
    assert!(
        html.contains("<dt>Marked changes</dt>\n      <dd><span class=\"figure-value\">7</span>"),
        "figure"
    );
    assert_eq!(html.matches("<li class=\"finding-card ").count(), 7);
    assert!(html.contains(
        "<li class=\"kind-count kind-name_changed\"><span class=\"kind-count-n\">1</span>"
    ));
    assert!(html.contains("and has 7 marked changes."));
}

fn between<'a>(s: &'a str, a: &str, b: &str) -> &'a str {
    let start = s.find(a).unwrap() + a.len();
    let end = start + s[start..].find(b).unwrap();
    &s[start..end]
}

fn preview_dir() -> Option<PathBuf> {
    std::env::var_os("UNSPUN_PREVIEW_DIR").map(PathBuf::from)
}

fn preview(rel: &str, html: &str) {
    if let Some(dir) = preview_dir() {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, html).unwrap();
    }
}
