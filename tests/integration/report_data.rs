//! What a report says of itself, built from a small site: the author's notes
//! on a passage the copy kept word for word, the one numbering of findings
//! (the page, `#finding-N`, `findings.csv`, the annotations), what
//! `report.json` is about, and the two figures named alike on every page.

use std::fs;
use std::path::Path;

use serde_json::Value;
use unspun::report::{FindingKind, Report};
use unspun::site::{build, BuildOptions};

const SOURCE: &str = r#"---
title: Kellmoor water board delays the reservoir repair to spring
publisher: The Fenwick Courier
date: 2026-05-02
url: https://courier.example/kellmoor-reservoir
---

The Kellmoor water board on Monday delayed the repair of the Ashby reservoir dam until next spring. The work was due to start in October.

Board chair Dagny Rusk said the delay would cost 1.8 million euro. "We cannot start before the survey is finished," Rusk said.

Residents near the dam will be told of any risk by letter.
"#;

/// The copy: reworded, a number swapped, the last sentence kept as it was.
const REWRITE: &str = r#"---
title: Water board puts off dam repair
site: quicknews-hub.example
date: 2026-05-03
source: kellmoor-reservoir
url: https://quicknews-hub.example/dam-repair
notes:
  - quote: told of any risk by letter
    text: The copy kept this sentence as it was.
  - quote: Ashby reservoir dam
    side: source
    text: The dam's name, as the Courier gives it.
  - quote: 8.1 million euro
    text: The Courier said **1.8 million**.
---

The water board in Kellmoor on Monday put off the repair of the Ashby reservoir dam until next spring. The work had been planned for October.

Chair Dagny Rusk said the delay would cost 8.1 million euro. "We cannot start before the survey is done," Rusk said.

Residents near the dam will be told of any risk by letter.
"#;

const SLUG: &str = "kellmoor-quicknews";
const BASE: &str = "https://watch.example/";

fn write_site(root: &Path, rewrite: &str) {
    fs::write(
        root.join("site.toml"),
        format!(
            "title = \"Spin Watch\"\nbase_url = \"{BASE}\"\n\n[align]\nlink_threshold = 0.31\n\n[exports]\nannotations = true\n"
        ),
    )
    .unwrap();
    fs::create_dir_all(root.join("content/sources")).unwrap();
    fs::create_dir_all(root.join("content/rewrites")).unwrap();
    fs::write(root.join("content/sources/kellmoor-reservoir.md"), SOURCE).unwrap();
    fs::write(root.join(format!("content/rewrites/{SLUG}.md")), rewrite).unwrap();
}

/// The built site: its directory (kept alive) and its output.
fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), REWRITE);
    let summary = build(dir.path(), &BuildOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    (dir, summary.output_dir)
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn report_json(out: &Path) -> Report {
    serde_json::from_str(&read(out, &format!("reports/{SLUG}/report.json"))).unwrap()
}

/// The side (`s` for the original, `r` for the copy) of each mark of
/// finding `n` in the page (its own, or one it shares as `data-also`), in
/// page order.
fn marked_sides(html: &str, n: usize) -> Vec<char> {
    let (own, also) = (format!("data-finding=\"{n}\""), n.to_string());
    html.match_indices("<mark class=\"finding-mark")
        .filter(|(at, _)| {
            let tag = &html[*at..*at + html[*at..].find('>').unwrap()];
            tag.contains(&own)
                || tag.split("data-also=\"").nth(1).is_some_and(|list| {
                    list.split('"')
                        .next()
                        .unwrap()
                        .split(' ')
                        .any(|x| x == also)
                })
        })
        .map(|(at, _)| {
            let sentence = html[..at].rfind("<span class=\"sentence\"").unwrap();
            let id = html[sentence..].find(" id=\"").unwrap() + sentence + " id=\"".len();
            html[id..].chars().next().unwrap()
        })
        .collect()
}

/// The records of an RFC 4180 text (quoted fields may hold `,`, `"` and
/// line breaks).
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let (mut records, mut record, mut field) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (_, '"') => quoted = !quoted,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (_, c) => field.push(c),
        }
    }
    records
}

#[test]
fn a_note_on_kept_text_is_marked_on_both_sides_or_the_side_it_names() {
    let (_dir, out) = built();
    let report = report_json(&out);
    let html = read(&out, &format!("reports/{SLUG}/index.html"));
    let notes: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Note)
        .collect();
    assert_eq!(notes.len(), 3);
    let note = |text: &str| *notes.iter().find(|f| f.note.contains(text)).unwrap();

    // The sentence the copy kept: the note stands on both of its sides.
    let kept = note("kept this sentence");
    let (s, r) = (
        kept.source_sentence.unwrap(),
        kept.rewrite_sentence.unwrap(),
    );
    assert_eq!(
        report.source.sentences[s].text,
        "Residents near the dam will be told of any risk by letter."
    );
    assert_eq!(
        report.source.sentences[s].text,
        report.rewrite.sentences[r].text
    );
    assert_eq!(
        kept.source_text.as_deref(),
        Some("told of any risk by letter")
    );
    assert_eq!(kept.rewrite_text, kept.source_text);
    assert_eq!(marked_sides(&html, kept.id), ['s', 'r']);
    // Its card is in the row of those two sentences.
    let card = html.find(&format!("id=\"finding-{}\"", kept.id)).unwrap();
    let row = html[..card].rfind("<div class=\"row ").unwrap();
    assert!(html[row..card].contains(&format!("id=\"s{s}\"")));
    assert!(html[row..card].contains(&format!("id=\"r{r}\"")));

    // In both texts too, but `side: source` keeps it to the original.
    let named = note("as the Courier gives it");
    assert!(report
        .rewrite
        .sentences
        .iter()
        .any(|s| s.text.contains("Ashby reservoir dam")));
    assert_eq!(named.rewrite_sentence, None);
    assert_eq!(named.source_text.as_deref(), Some("Ashby reservoir dam"));
    assert_eq!(marked_sides(&html, named.id), ['s']);

    // Only in the copy: only there.
    let copy_only = note("1.8 million");
    assert_eq!(copy_only.source_sentence, None);
    assert_eq!(copy_only.rewrite_text.as_deref(), Some("8.1 million euro"));
    assert_eq!(marked_sides(&html, copy_only.id), ['r']);
}

/// Builds the site with `notes` instead of the copy's notes and returns the
/// error (empty if it built), and the line of the first note's `quote:`.
fn build_error(notes: &str) -> (String, usize) {
    let start = REWRITE.find("notes:\n").unwrap();
    let end = REWRITE[start..].find("---").unwrap() + start;
    let rewrite = format!("{}notes:\n{notes}{}", &REWRITE[..start], &REWRITE[end..]);
    let line = rewrite
        .lines()
        .position(|l| l.trim_start().starts_with("- quote:"))
        .unwrap()
        + 1;
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), &rewrite);
    let error = match build(dir.path(), &BuildOptions::default()) {
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    };
    (error, line)
}

#[test]
fn a_note_ambiguous_within_one_text_or_off_its_side_is_an_error_with_a_hint() {
    // "the delay" stands once in each text: fine without `side`. "Rusk"
    // stands twice in each: which one is meant?
    let (error, line) = build_error("  - quote: Rusk\n    text: Who?\n");
    let file = format!("content/rewrites/{SLUG}.md:{line}");
    assert!(error.contains(&file), "{error}");
    assert!(
        error.contains("\"Rusk\" occurs 2 times in the copy"),
        "{error}"
    );
    assert!(error.contains("`prefix:` or `suffix:`"), "{error}");

    // With a prefix, one place in each text.
    let (error, _) = build_error("  - quote: Rusk\n    prefix: Dagny\n    text: x\n");
    assert_eq!(error, "", "the prefix picks one in each text");
    let (error, _) = build_error("  - quote: the\n    prefix: \"Residents near\"\n    text: x\n");
    assert_eq!(error, "");

    // A side named where the quote is not.
    let (error, line) =
        build_error("  - quote: The work was due to start\n    side: rewrite\n    text: x\n");
    assert!(error.contains(&format!("{SLUG}.md:{line}")), "{error}");
    assert!(error.contains("is not in the copy"), "{error}");
    assert!(error.contains("`side: source`"), "{error}");
    let (error, _) = build_error("  - quote: 8.1 million euro\n    side: both\n    text: x\n");
    assert!(error.contains("is not in the original"), "{error}");
}

#[test]
fn findings_have_one_number_on_the_page_in_urls_the_csv_and_the_annotations() {
    let (_dir, out) = built();
    let report = report_json(&out);
    let html = read(&out, &format!("reports/{SLUG}/index.html"));
    let csv = read(&out, "findings.csv");
    let annotations: Value = serde_json::from_str(&read(&out, "annotations.jsonld")).unwrap();
    let items = annotations["first"]["items"].as_array().unwrap();
    assert!(report.findings.len() >= 4, "{:?}", report.findings);
    assert_eq!(items.len(), report.findings.len());

    let records = csv_records(&csv);
    let (header, rows) = records.split_first().unwrap();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    // The columns of the first contract stay in their order (but for the
    // finding's address, which the slug and number give); roles follow,
    // then the further places and the minor flag.
    assert_eq!(&header[..2], ["report_slug", "finding"]);
    assert!(!header.iter().any(|h| h == "report_url"));
    assert_eq!(
        &header[11..],
        ["source_role", "rewrite_role", "also_in", "minor"]
    );
    assert_eq!(rows.len(), report.findings.len());

    let report_url = format!("{BASE}reports/{SLUG}/");
    let mut last_card = 0;
    for (i, f) in report.findings.iter().enumerate() {
        let n = f.id;
        assert_eq!(n, i + 1, "report.json lists the findings in page order");
        let kind = f.kind.as_str();
        // The page: the card, its visible number, the list of all changes.
        let page = &html;
        let class = if f.minor {
            "minor-card"
        } else {
            "finding-card"
        };
        let card = format!("<li class=\"{class} kind-{kind}\" id=\"finding-{n}\" tabindex=\"-1\">");
        assert!(page.contains(&card), "{card}");
        assert!(page.contains(&format!(
            "href=\"#finding-{n}\"><span class=\"finding-number\">{n}</span>"
        )));
        // A minor finding is folded under the list, not in it.
        assert_eq!(
            page.contains(&format!(
                "<li class=\"findings-item kind-{kind}\" value=\"{n}\">"
            )),
            !f.minor
        );
        // In reading order down the page (the minor ones folded at its end).
        if !f.minor {
            let at = html.find(&format!("id=\"finding-{n}\"")).unwrap();
            assert!(at > last_card, "finding {n} comes after finding {}", n - 1);
            last_card = at;
        }
        // The CSV and the annotations.
        let row = &rows[i];
        assert_eq!(row[col("finding")], n.to_string());
        assert_eq!(row[col("kind")], kind);
        let a = &items[i];
        assert_eq!(
            a["id"],
            format!("{report_url}annotations.jsonld#finding-{n}")
        );
        let bodies = a["body"].as_array().unwrap();
        assert!(bodies
            .iter()
            .any(|b| b["purpose"] == "tagging" && b["value"] == kind));
        assert!(bodies
            .iter()
            .any(|b| b["purpose"] == "linking" && b["id"] == format!("{report_url}#finding-{n}")));
        // Each sentence's role.
        let role = |sentences: &[unspun::report::Sentence], id: Option<usize>| {
            id.map_or("", |i| sentences[i].role.as_str())
        };
        assert_eq!(
            row[col("source_role")],
            role(&report.source.sentences, f.source_sentence)
        );
        assert_eq!(
            row[col("rewrite_role")],
            role(&report.rewrite.sentences, f.rewrite_sentence)
        );
    }
    assert!(rows.iter().any(|r| r[col("source_role")] == "story"));
}

#[test]
fn report_json_says_what_it_is_about() {
    let (dir, out) = built();
    let report = report_json(&out);
    let about = report.about.expect("about");
    assert_eq!(about.slug, SLUG);
    assert_eq!(about.source.slug, "kellmoor-reservoir");
    assert_eq!(
        about.source.title,
        "Kellmoor water board delays the reservoir repair to spring"
    );
    assert_eq!(
        about.source.publisher.as_deref(),
        Some("The Fenwick Courier")
    );
    assert_eq!(
        about.source.url.as_deref(),
        Some("https://courier.example/kellmoor-reservoir")
    );
    assert_eq!(about.source.date.as_deref(), Some("2026-05-02"));
    assert_eq!(about.rewrite.slug, SLUG);
    assert_eq!(about.rewrite.title, "Water board puts off dam repair");
    assert_eq!(
        about.rewrite.publisher.as_deref(),
        Some("quicknews-hub.example")
    );
    assert_eq!(
        about.rewrite.url.as_deref(),
        Some("https://quicknews-hub.example/dam-repair")
    );
    assert_eq!(about.rewrite.date.as_deref(), Some("2026-05-03"));
    assert_eq!(
        about.generator,
        format!("unspun {}", env!("CARGO_PKG_VERSION"))
    );
    // The site's own [align] options, as site.toml spells them.
    assert_eq!(about.align_options["link_threshold"], 0.31);
    assert_eq!(about.align_options["light_edit_threshold"], 0.7);

    // `unspun align` on the two files says the same, from their front matter.
    let rewrite = dir.path().join(format!("content/rewrites/{SLUG}.md"));
    let source = dir.path().join("content/sources/kellmoor-reservoir.md");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_unspun"))
        .args(["align", "--format", "json"])
        .arg(&source)
        .arg(&rewrite)
        .output()
        .unwrap();
    assert!(output.status.success());
    let aligned: Report = serde_json::from_slice(&output.stdout).unwrap();
    let about = aligned.about.expect("about");
    assert_eq!(about.slug, SLUG);
    assert_eq!(about.source.slug, "kellmoor-reservoir");
    assert_eq!(
        about.source.publisher.as_deref(),
        Some("The Fenwick Courier")
    );
    assert_eq!(
        about.rewrite.publisher.as_deref(),
        Some("quicknews-hub.example")
    );
    assert_eq!(about.rewrite.date.as_deref(), Some("2026-05-03"));
    assert_eq!(about.align_options["link_threshold"], 0.3);
    let ids: Vec<usize> = aligned.findings.iter().map(|f| f.id).collect();
    assert_eq!(ids, (1..=aligned.findings.len()).collect::<Vec<_>>());
}

#[test]
fn the_two_figures_have_the_same_names_on_every_page() {
    let (_dir, out) = built();
    let report = report_json(&out);
    let pct = |x: f64| (x * 100.0).round() as u32;
    let (derived, kept) = (
        pct(report.stats.rewrite_derived),
        pct(report.stats.source_kept),
    );
    let pages = [
        "index.html".to_string(),
        "sources/kellmoor-reservoir/index.html".to_string(),
        "sites/quicknews-hub-example/index.html".to_string(),
        format!("reports/{SLUG}/index.html"),
    ];
    for rel in &pages {
        let page = read(&out, rel);
        for name in ["Copy taken from the original", "Original kept in the copy"] {
            assert!(page.contains(name), "{rel} names {name:?}");
        }
        // No other name for them.
        for other in [">Taken<", "share taken", "took "] {
            assert!(!page.contains(other), "{rel} says {other:?}");
        }
    }
    let index = read(&out, "index.html");
    assert!(index.contains(&format!("data-derived=\"{derived}\" data-kept=\"{kept}\"")));
    let source = read(&out, "sources/kellmoor-reservoir/index.html");
    assert!(source.contains(&format!("Copy taken from the original {derived}%")));
    assert!(source.contains(&format!("Original kept in the copy {kept}%")));
    // Every sentence of the original has a box for the eye and a sentence
    // for a screen reader saying what the copy (copy 1 in the list) kept.
    let sentences = report.source.sentences.len();
    let rows = &source[source.find("<ol class=\"coverage\"").unwrap()..];
    let boxes = rows.matches("<span class=\"cov cov-").count();
    assert_eq!(boxes, sentences);
    let said = rows.matches(" by copy 1").count();
    assert_eq!(said, sentences);
    assert!(source.contains("<span class=\"sr-only\">Kept by copy 1.</span>"));
}
