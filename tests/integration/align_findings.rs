//! Each finding kind on small pairs, including the cases that must NOT be
//! flagged, plus the invariants of the report (offsets, diffs, passages,
//! determinism).

use unspun::align::{align, AlignOptions, Text};
use unspun::report::{FindingKind, Relation, Report, SentenceRole};

use crate::common::walk_diff;

fn run(source: &str, rewrite: &str) -> Report {
    align(
        &Text::plain("source", source),
        &Text::plain("rewrite", rewrite),
        &AlignOptions::default(),
    )
}

fn kinds(rep: &Report, k: FindingKind) -> Vec<(Option<String>, Option<String>)> {
    rep.findings
        .iter()
        .filter(|f| f.kind == k)
        .map(|f| (f.source_text.clone(), f.rewrite_text.clone()))
        .collect()
}

const SRC: &str = "Finance minister Margarethe Olvansky said on Tuesday that the government would keep a budget of 4.2 billion crowns for the coming year.\n\n\"We will not raise the rate this year,\" she said at a news conference in Kestrelford.\n\nThe plan was welcomed by three unions, said the ministry's spokesman, Ilan Baro.\n\nCritics said the plan \"stays on the table\" for now, according to the opposition leader.\n\nPhoto: Reuters/Anna Berg\n";

#[test]
fn name_changed_is_flagged_with_exact_passages() {
    let rw = SRC.replace("Margarethe Olvansky", "Margret Olvanskiy");
    let rep = run(SRC, &rw);
    assert_eq!(
        kinds(&rep, FindingKind::NameChanged),
        vec![(
            Some("Margarethe Olvansky".into()),
            Some("Margret Olvanskiy".into())
        )]
    );
}

#[test]
fn changed_first_name_is_flagged_and_a_changed_title_is_no_name_change() {
    let src = "Her deputy, Tobias Wendt, will chair the committee on housing and transport next spring.\n\nThe motion was tabled by Sen. Laura Calloway of the northern district on Friday.\n";
    let rw = "Her deputy, Thomas Wendt, will chair the committee on housing and transport next spring.\n\nThe motion was tabled by Rep. Laura Calloway of the northern district on Friday.\n";
    let rep = run(src, rw);
    let names = kinds(&rep, FindingKind::NameChanged);
    // Sen. -> Rep. is an office changed (role_changed), not a name.
    assert_eq!(
        names,
        vec![(Some("Tobias Wendt".into()), Some("Thomas Wendt".into()))]
    );
}

#[test]
fn same_names_are_not_flagged() {
    // Moved, possessive vs of-phrase, sentence-initial capitals of ordinary words.
    let src =
        "Officials in Kestrelford said Olvansky's plan was approved by the Meridian Bank board.\n";
    let rw = "Authorities said the plan from Olvansky was approved by the board of Meridian Bank in Kestrelford.\n";
    let rep = run(src, rw);
    assert_eq!(
        rep.alignment
            .iter()
            .filter(|g| g.relation == Relation::Paraphrase)
            .count(),
        1
    );
    assert!(
        kinds(&rep, FindingKind::NameChanged).is_empty(),
        "{:?}",
        rep.findings
    );
}

#[test]
fn number_changed_compares_values() {
    let rw = SRC.replace("4.2 billion", "2.4 billion");
    let rep = run(SRC, &rw);
    assert_eq!(
        kinds(&rep, FindingKind::NumberChanged),
        vec![(Some("4.2 billion".into()), Some("2.4 billion".into()))]
    );
    // Same values in another form are not a change.
    let rw = SRC
        .replace("4.2 billion", "4.2bn")
        .replace("three unions", "3 unions");
    let rep = run(SRC, &rw);
    assert!(
        kinds(&rep, FindingKind::NumberChanged).is_empty(),
        "{:?}",
        rep.findings
    );
    // 3 against 4 is.
    let rw = SRC.replace("three unions", "4 unions");
    let rep = run(SRC, &rw);
    assert_eq!(
        kinds(&rep, FindingKind::NumberChanged),
        vec![(Some("three".into()), Some("4".into()))]
    );
}

#[test]
fn quote_changed_but_not_for_quote_marks() {
    let rw = SRC.replace(
        "We will not raise the rate this year",
        "We will not increase rates this year",
    );
    let rep = run(SRC, &rw);
    let q = kinds(&rep, FindingKind::QuoteChanged);
    assert_eq!(q.len(), 1, "{:?}", rep.findings);
    assert!(q[0].0.as_deref().unwrap().contains("raise the rate"));
    // Curly quotes and doubled spaces only: no finding.
    let rw = SRC.replace(
        "\"We will not raise the rate this year,\"",
        "\u{201c}We will not  raise the rate this year\u{201d},",
    );
    let rep = run(SRC, &rw);
    assert!(
        kinds(&rep, FindingKind::QuoteChanged).is_empty(),
        "{:?}",
        rep.findings
    );
}

#[test]
fn quote_dropped() {
    let rw = SRC.replace(
        "Critics said the plan \"stays on the table\" for now",
        "Critics said the plan remains possible for now",
    );
    let rep = run(SRC, &rw);
    assert_eq!(
        kinds(&rep, FindingKind::QuoteDropped),
        vec![(Some("\"stays on the table\"".into()), None)]
    );
    let rep = run(SRC, SRC);
    assert!(rep.findings.is_empty(), "{:?}", rep.findings);
}

#[test]
fn attribution_dropped_but_not_when_moved_or_replaced() {
    let rw = SRC.replace("said the ministry's spokesman, Ilan Baro", "it was said");
    let rep = run(SRC, &rw);
    let a = kinds(&rep, FindingKind::AttributionDropped);
    assert_eq!(a.len(), 1, "{:?}", rep.findings);
    assert!(a[0].0.as_deref().unwrap().contains("Ilan Baro"));
    // Moved to the front of the sentence: kept.
    let rw = SRC.replace(
        "The plan was welcomed by three unions, said the ministry's spokesman, Ilan Baro.",
        "Ilan Baro, the ministry's spokesman, said the plan was welcomed by three unions.",
    );
    let rep = run(SRC, &rw);
    assert!(
        kinds(&rep, FindingKind::AttributionDropped).is_empty(),
        "{:?}",
        rep.findings
    );
}

#[test]
fn captions_and_furniture_are_set_aside_not_findings() {
    let rw = SRC.replace(
        "Photo: Reuters/Anna Berg\n",
        "Sign up for our newsletter to get the best deals on mortgages today.\n",
    );
    let rep = run(SRC, &rw);
    // The caption the copy left out and the prompt it added are not story:
    // no finding for either, and both are counted as set aside.
    assert!(
        kinds(&rep, FindingKind::Omitted).is_empty(),
        "{:?}",
        rep.findings
    );
    assert!(
        kinds(&rep, FindingKind::Added).is_empty(),
        "{:?}",
        rep.findings
    );
    let caption = rep
        .source
        .sentences
        .iter()
        .find(|s| s.text.starts_with("Photo:"))
        .unwrap();
    assert_eq!(caption.role, SentenceRole::Caption);
    let prompt = rep
        .rewrite
        .sentences
        .iter()
        .find(|s| s.text.starts_with("Sign up"))
        .unwrap();
    assert_eq!(prompt.role, SentenceRole::Furniture);
    assert_eq!(rep.stats.source_set_aside, 1);
    assert_eq!(rep.stats.rewrite_set_aside, 1);
    // The deprecated option is still accepted and changes nothing.
    let opts = AlignOptions {
        flag_boilerplate_omissions: false,
        ..AlignOptions::default()
    };
    let text = |file| Text::plain("t", file);
    assert_eq!(align(&text(SRC), &text(&rw), &opts).findings, rep.findings);
}

#[test]
fn unrelated_text_stays_unlinked() {
    let src = "The council approved a new budget for road repairs on Monday.\n\nThe mayor said the works would begin in the spring.\n";
    let rw = "Football fans celebrated a late winner on Saturday night.\n\nThe club's manager praised the young striker.\n";
    let rep = run(src, rw);
    assert!(
        rep.alignment
            .iter()
            .all(|g| g.source.is_empty() || g.rewrite.is_empty()),
        "{:?}",
        rep.alignment
    );
    assert_eq!(rep.stats.rewrite_derived, 0.0);
}

#[test]
fn merges_splits_and_reordering() {
    let src = "The mill, which opened in 1914, is the largest private employer in the Ardle valley.\n\nIts owners announced the closure on Tuesday. About 400 workers will lose their jobs.\n\nThe union called the decision a betrayal of the town.\n";
    let rw = "The union described the decision as a betrayal of the town.\n\nThe owners announced on Tuesday that the mill would close, with about 400 workers losing their jobs.\n\nThe mill opened in 1914. It is the largest private employer in the Ardle valley.\n";
    let rep = run(src, rw);
    let linked: Vec<(Vec<usize>, Vec<usize>)> = rep
        .alignment
        .iter()
        .filter(|g| !g.source.is_empty() && !g.rewrite.is_empty())
        .map(|g| (g.source.clone(), g.rewrite.clone()))
        .collect();
    assert_eq!(
        linked,
        vec![
            (vec![3], vec![0]),
            (vec![1, 2], vec![1]),
            (vec![0], vec![2, 3])
        ]
    );
}

#[test]
fn report_invariants_hold_on_the_evaluation_set() {
    // Both parts of the evaluation set (tests/eval/tuning, tests/eval/held-out).
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/eval");
    let parts = ["tuning", "held-out"]
        .iter()
        .filter_map(|part| std::fs::read_dir(format!("{root}/{part}")).ok());
    for e in parts.flatten() {
        let p = e.unwrap().path();
        let (Ok(s), Ok(r)) = (
            std::fs::read_to_string(p.join("source.md")),
            std::fs::read_to_string(p.join("rewrite.md")),
        ) else {
            continue;
        };
        let bs = unspun::content::split_front_matter(&s)
            .map(|x| x.1)
            .unwrap_or(0);
        let br = unspun::content::split_front_matter(&r)
            .map(|x| x.1)
            .unwrap_or(0);
        let st = Text {
            title: "s",
            file: &s,
            body_start: bs,
        };
        let rt = Text {
            title: "r",
            file: &r,
            body_start: br,
        };
        let rep = align(&st, &rt, &AlignOptions::default());
        // Deterministic, byte for byte.
        let again = align(&st, &rt, &AlignOptions::default());
        assert_eq!(
            serde_json::to_string(&rep).unwrap(),
            serde_json::to_string(&again).unwrap()
        );
        for (side, file) in [(&rep.source, &s), (&rep.rewrite, &r)] {
            let chars: Vec<char> = file.chars().collect();
            for sen in &side.sentences {
                assert!(sen.start < sen.end && sen.end <= chars.len());
                let span: String = chars[sen.start..sen.end].iter().collect();
                // Every word of the plain text stands in the span, in order.
                let mut rest = span.as_str();
                for w in sen
                    .text
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                {
                    match rest.find(w) {
                        Some(i) => rest = &rest[i + w.len()..],
                        None => panic!(
                            "{}: {w:?} of {:?} not in span {span:?}",
                            p.display(),
                            sen.text
                        ),
                    }
                }
            }
        }
        // Every sentence is in exactly one group; diffs spell both texts.
        let mut seen_s = vec![0; rep.source.sentences.len()];
        let mut seen_r = vec![0; rep.rewrite.sentences.len()];
        for g in &rep.alignment {
            g.source.iter().for_each(|&i| seen_s[i] += 1);
            g.rewrite.iter().for_each(|&i| seen_r[i] += 1);
            walk_diff(&rep, g);
            assert!((0.0..=1.0).contains(&g.similarity));
        }
        assert!(seen_s.iter().all(|&n| n == 1) && seen_r.iter().all(|&n| n == 1));
        // Finding passages are substrings of their sentences.
        for f in &rep.findings {
            if let (Some(i), Some(t)) = (f.source_sentence, &f.source_text) {
                assert!(rep.source.sentences[i].text.contains(t.as_str()), "{f:?}");
            }
            if let (Some(i), Some(t)) = (f.rewrite_sentence, &f.rewrite_text) {
                assert!(rep.rewrite.sentences[i].text.contains(t.as_str()), "{f:?}");
            }
        }
    }
}

#[test]
fn hostile_input_completes() {
    let quotes = "\"".repeat(5_000) + " word \u{201c} ".repeat(3_000).as_str();
    let long_line = "alpha beta gamma, ".repeat(20_000);
    let rep = run(&quotes, &long_line);
    assert!(rep.source.sentences.len() < 100);
    let rep = run(&long_line, &long_line);
    assert!(rep
        .alignment
        .iter()
        .all(|g| g.relation == Relation::Identical));
}

/// Every explanation says what changed: across the bundled example's copies
/// and every evaluation pair, no two findings of one report share a note
/// unless they are the same change (same kind and the same passages).
#[test]
fn no_two_findings_of_a_report_share_a_stock_explanation() {
    use std::collections::HashMap;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pairs: Vec<(String, String)> = Vec::new();
    for part in ["tests/eval/tuning", "tests/eval/held-out"] {
        for dir in std::fs::read_dir(root.join(part)).unwrap() {
            let dir = dir.unwrap().path();
            let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
            pairs.push((read("source.md"), read("rewrite.md")));
        }
    }
    let mut checked = 0;
    for (source, rewrite) in &pairs {
        let rep = run(source, rewrite);
        let mut seen: HashMap<&str, (FindingKind, &Option<String>, &Option<String>)> =
            HashMap::new();
        for f in &rep.findings {
            let change = (f.kind, &f.source_text, &f.rewrite_text);
            if let Some(other) = seen.insert(&f.note, change) {
                assert_eq!(other, change, "two changes share the note {:?}", f.note);
            }
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} findings checked");
}
