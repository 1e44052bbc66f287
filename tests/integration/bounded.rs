//! Very long reports: the page folds rows past its limits, `report.json`
//! keeps them all and says which are folded.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{read_json, unspun, OutputExt};

/// A site whose one copy adds `added` sentences of its own to a short
/// original: one row (and one `added` finding) each.
fn long_copy_site(added: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "site.toml",
        "title = \"Long copies\"\nbase_url = \"https://reports.example/\"\n",
    );
    write(
        "content/sources/ferry.md",
        "---\ntitle: Ferry fares rise\npublisher: The Harbour Gazette\ndate: 2026-03-02\n---\n\
         The island ferry will raise its fares by 4 percent in April, the operator said on Monday.\n",
    );
    let mut copy = String::from(
        "---\ntitle: Ferry fares\nsite: tidings.example\ndate: 2026-03-03\nsource: ferry\n---\n\
         The island ferry will raise its fares by 4 percent in April, the operator said on Monday.\n\n",
    );
    for i in 0..added {
        copy.push_str(&format!(
            "The timetable survey {i} counted more boats at pier {i}. "
        ));
        if i % 20 == 19 {
            copy.push_str("\n\n");
        }
    }
    write("content/rewrites/ferry-tidings.md", &copy);
    dir
}

/// Builds the site at `root` and gives its report `slug`'s directory in the
/// output and its `report.json`.
fn build_report(root: &Path, slug: &str) -> (PathBuf, Value) {
    unspun(&["build", "--root", root.to_str().unwrap()]).success();
    let report_dir = root.join("public/reports").join(slug);
    let json = read_json(&report_dir.join("report.json"));
    (report_dir, json)
}

#[test]
fn a_report_past_its_limits_folds_rows_on_the_page_and_says_so_in_report_json() {
    let site = long_copy_site(2_300);
    let (report_dir, json) = build_report(site.path(), "ferry-tidings");
    let groups = json["alignment"].as_array().unwrap();
    let folded = groups.iter().filter(|g| g["folded"] == true).count();
    assert!(groups.len() > 2_300, "one row per sentence");
    assert_eq!(json["stats"]["folded_rows"], folded as u64);
    assert_eq!(groups.len() - folded, 2_000, "the page shows 2,000 rows");
    let shown: Vec<&Value> = groups
        .iter()
        .filter(|g| g.get("folded").is_none())
        .collect();
    assert!(
        shown.iter().all(|g| g["relation"] == "added"),
        "rows with findings are shown first"
    );

    let page = std::fs::read_to_string(report_dir.join("index.html")).unwrap();
    // Each run of folded rows is one line that says how many rows it holds.
    let counted: usize = page
        .split("<p class=\"folded-run\" id=\"row-")
        .skip(1)
        .map(|line| {
            let text = &line[line.find('>').unwrap() + 1..];
            text[..text.find(' ').unwrap()].parse::<usize>().unwrap()
        })
        .sum();
    assert_eq!(counted, folded);
    assert!(page.contains("more changes in folded rows"));
    assert!(page.contains("report.json</a>"));
    assert!(
        !page.contains("The timetable survey 2299 counted"),
        "a folded row's text is not on the page"
    );
}

#[test]
fn a_news_length_report_folds_nothing() {
    let site = long_copy_site(30);
    let out = unspun(&[
        "align",
        "--format",
        "json",
        site.path()
            .join("content/sources/ferry.md")
            .to_str()
            .unwrap(),
        site.path()
            .join("content/rewrites/ferry-tidings.md")
            .to_str()
            .unwrap(),
    ]);
    out.success();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["stats"]["folded_rows"], 0);
    assert!(json["alignment"]
        .as_array()
        .unwrap()
        .iter()
        .all(|g| g.get("folded").is_none()));
}

/// A site whose one pair is two texts past the aligner's bound: `sentences`
/// one-word sentences each, drawn from a few hundred words, then a
/// paragraph of Chinese with no spaces.
fn pathological_site(sentences: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "site.toml",
        "title = \"Bounds\"\nbase_url = \"https://reports.example/\"\n",
    );
    // A fixed pseudo-random sequence, so the texts differ but every run
    // builds the same site.
    let mut state: u64 = 7;
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    let mut text = |sentences: usize| {
        let mut body = String::new();
        for _ in 0..sentences {
            body.push_str(&format!("Harbour{}. ", next(400)));
        }
        body.push_str("\n\n");
        for _ in 0..3_000 {
            body.push(char::from_u32(0x4e00 + next(2_000) as u32).unwrap());
        }
        body.push_str("。\n");
        body
    };
    let source = text(sentences);
    let copy = text(sentences);
    write(
        "content/sources/noise.md",
        &format!("---\ntitle: Noise\npublisher: The Test Gazette\ndate: 2026-03-02\n---\n{source}"),
    );
    write(
        "content/rewrites/noise-copy.md",
        &format!(
            "---\ntitle: Noise copy\nsite: copies.example\ndate: 2026-03-03\nsource: noise\n---\n{copy}"
        ),
    );
    dir
}

#[test]
fn a_pair_of_pathological_texts_builds_a_bounded_report() {
    // Past the 10,000 units a side is aligned in, so its sentences are
    // aligned in runs.
    let site = pathological_site(25_000);
    let (report_dir, json) = build_report(site.path(), "noise-copy");
    for side in ["source", "rewrite"] {
        let n = json[side]["sentences"].as_array().unwrap().len();
        assert!(
            (5_000..=10_000).contains(&n),
            "{side}: 25,000 sentences are aligned as at most 10,000 units, not {n}"
        );
    }
    let shown = json["alignment"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g.get("folded").is_none())
        .count();
    assert!(
        shown <= 2_000,
        "the page shows at most 2,000 rows, not {shown}"
    );
    let page = std::fs::metadata(report_dir.join("index.html"))
        .unwrap()
        .len();
    assert!(page < 8 << 20, "the page is bounded: {page} bytes");
}
