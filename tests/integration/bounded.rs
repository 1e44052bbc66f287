//! Very long reports: the page folds rows past its limits, `report.json`
//! keeps them all and says which are folded.

use serde_json::Value;

use crate::common::{unspun, OutputExt};

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

#[test]
fn a_report_past_its_limits_folds_rows_on_the_page_and_says_so_in_report_json() {
    let site = long_copy_site(2_300);
    let root = site.path().to_str().unwrap();
    unspun(&["build", "--root", root]).success();
    let report_dir = site.path().join("public/reports/ferry-tidings");
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(report_dir.join("report.json")).unwrap())
            .unwrap();
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
