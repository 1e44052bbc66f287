//! A researcher reading `report.json` gets every changed word back from the
//! sentences: each diff span gives only its length, and walking a row's
//! spans over its sentences (joined by one space) spells both sides exactly,
//! in rows of several sentences a side and in text other than ASCII.

use unspun::report::{DiffOp, Group, Report};

use crate::common::{walk_diff, OutputExt, Site};

const SOURCE: &str = r#"---
title: Lindqvist harbour festival draws record crowds
publisher: The Fenwick Courier
date: 2026-06-01
url: https://courier.example/lindqvist-harbour-festival
---

The Lindqvist harbour festival drew a record 48,000 visitors over the weekend, organisers said on Monday. Festival director Zoë Brännström said the crowds had exceeded every forecast. "We planned for thirty thousand people and we ran out of programmes by Saturday noon," she said.

A delegation from the twin city of Hakodate, led by deputy mayor 山田花子, opened the fish market on Sunday morning. The delegation brought a banner reading 函館と友情 and presented it to the harbour master, José Núñez. Núñez said the banner would hang in the harbour office.

Ticket revenue reached 1.2 million crowns. The council will decide in August whether the festival returns next year.
"#;

const REWRITE: &str = r#"---
title: Record crowds at the Lindqvist harbour festival
site: dailybuzz24.example
date: 2026-06-02
source: lindqvist-harbour-festival
url: https://dailybuzz24.example/lindqvist-festival
---

The Lindqvist harbour festival drew a record 48,000 visitors over the weekend, and festival director Zoe Branstrom said the crowds had exceeded every forecast. "We planned for thirty thousand people and we ran out of programmes by Saturday noon," she said.

A delegation from the twin city of Hakodate opened the fish market on Sunday morning. It was led by deputy mayor 山田花江. The delegation brought a banner reading 函館と友情 and presented it to harbour master José Nuñez, who said the banner would hang in the harbour office.

Ticket revenue reached 2.1 million crowns. The council will decide in August whether the festival returns next year.
"#;

/// The site's one `report.json`, as built.
fn built_report_json() -> String {
    let site = Site::scaffold();
    site.write("content/sources/lindqvist-harbour-festival.md", SOURCE);
    site.write("content/rewrites/lindqvist-dailybuzz24.md", REWRITE);
    site.build().success();
    site.read("public/reports/lindqvist-dailybuzz24/report.json")
}

#[test]
fn walking_each_rows_spans_spells_its_sentences() {
    let json = built_report_json();
    // Every span is an op and a length, nothing more.
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    for row in value["alignment"].as_array().unwrap() {
        for span in row["diff"].as_array().unwrap() {
            let span = span.as_object().unwrap();
            assert!(span["len"].as_u64().is_some_and(|n| n > 0), "{span:?}");
            assert_eq!(span.len(), 2, "only `op` and `len`: {span:?}");
        }
    }
    let report: Report = serde_json::from_str(&json).expect("report.json reads back");
    let mut changes = Vec::new();
    for g in &report.alignment {
        changes.extend(
            walk_diff(&report, g)
                .into_iter()
                .filter(|(op, _)| *op != DiffOp::Equal),
        );
    }
    // The merge and the split are rows of several sentences on one side.
    let many = |g: &&Group| {
        !g.source.is_empty() && !g.rewrite.is_empty() && g.source.len() + g.rewrite.len() > 2
    };
    assert!(
        report.alignment.iter().filter(many).count() >= 2,
        "{:#?}",
        report.alignment
    );
    // Changed words of several bytes a character: lengths count characters.
    let changed =
        |op: DiffOp, word: &str| changes.iter().any(|(o, t)| *o == op && t.contains(word));
    assert!(changed(DiffOp::Delete, "Brännström"), "{changes:?}");
    assert!(changed(DiffOp::Insert, "Branstrom"), "{changes:?}");
    assert!(changed(DiffOp::Delete, "子"), "{changes:?}");
    assert!(changed(DiffOp::Insert, "江"), "{changes:?}");
    assert!(changed(DiffOp::Delete, "Núñez"), "{changes:?}");
    assert!(changed(DiffOp::Insert, "Nuñez"), "{changes:?}");
}
