//! `unspun align` on small invented pairs in many scripts (tests/scripts):
//! sentences split, and a changed number, quotation and name found, in
//! Chinese, Japanese, Arabic, Persian, Hebrew, Russian, Greek, text without
//! capitals, and text typed with combining marks (NFD).

use std::path::{Path, PathBuf};

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;
use unspun::report::{spell_diff, DiffOp, DiffSpan};

/// What must come out of one pair.
struct Case {
    dir: &'static str,
    /// Sentences of the source (the copy has as many).
    sentences: usize,
    /// The changed number, as written in the original and in the copy.
    number: (&'static str, &'static str),
    /// The changed name, where this script's names are found.
    name: Option<(&'static str, &'static str)>,
}

const CASES: &[Case] = &[
    Case {
        dir: "zh",
        sentences: 5,
        number: ("35亿", "53亿"),
        name: None,
    },
    Case {
        dir: "ja",
        sentences: 4,
        number: ("120億", "210億"),
        name: Some(("スミス", "スミッス")),
    },
    Case {
        dir: "ar",
        sentences: 5,
        number: ("٤٫٢ مليار", "٢٫٤ مليار"),
        name: Some(("محمد", "محمود")),
    },
    Case {
        dir: "fa",
        sentences: 4,
        number: ("۳۵۰", "۵۳۰"),
        name: Some(("مریم", "مریام")),
    },
    Case {
        dir: "he",
        sentences: 4,
        number: ("1,200", "2,100"),
        name: Some(("כהן", "כוהן")),
    },
    Case {
        dir: "ru",
        sentences: 4,
        number: ("4,2 млрд", "2,4 млрд"),
        name: Some(("Маргарита Ольванская", "Маргарита Ольванскайя")),
    },
    Case {
        dir: "el",
        sentences: 4,
        number: ("350 εκατομμυρίων", "530 εκατομμυρίων"),
        name: Some(("Μαργαρίτα Παπαδοπούλου", "Μαργαρίτα Παπαδοπούλλου")),
    },
    Case {
        dir: "lower",
        sentences: 4,
        number: ("4.2 million", "2.4 million"),
        name: None,
    },
    Case {
        dir: "nfd",
        sentences: 4,
        number: ("4,2", "2,4"),
        name: Some(("Nguyễn Văn Toàn", "Nguyễn Văn Tuấn")),
    },
];

fn fixture(dir: &str, file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scripts")
        .join(dir)
        .join(file)
}

/// `unspun align SOURCE REWRITE --format json`, parsed.
fn align(dir: &str, source: &str, rewrite: &str) -> Value {
    let (s, r) = (fixture(dir, source), fixture(dir, rewrite));
    let out = crate::common::unspun(&[
        "align",
        s.to_str().unwrap(),
        r.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{dir}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON report")
}

/// Each sentence's text is where its offsets point in the file as read
/// (in NFC: the fixtures have no markup).
fn assert_offsets(dir: &str, file: &str, side: &Value) {
    let chars: Vec<char> = std::fs::read_to_string(fixture(dir, file))
        .unwrap()
        .chars()
        .collect();
    for s in side["sentences"].as_array().unwrap() {
        let (start, end) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
        let span: String = chars[start as usize..end as usize].iter().collect();
        assert_eq!(
            span.nfc().collect::<String>(),
            s["text"].as_str().unwrap(),
            "{dir}/{file}"
        );
    }
}

/// The findings of one kind, as (original text, copy text).
fn found(report: &Value, kind: &str) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == kind)
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (text("source_text"), text("rewrite_text"))
        })
        .collect()
}

#[test]
fn every_script_splits_sentences_and_finds_changes() {
    for case in CASES {
        let dir = case.dir;
        let report = align(dir, "source.md", "rewrite.md");
        for (side, file) in [("source", "source.md"), ("rewrite", "rewrite.md")] {
            let n = report[side]["sentences"].as_array().unwrap().len();
            assert_eq!(n, case.sentences, "{dir}: {side} sentences");
            assert_offsets(dir, file, &report[side]);
        }
        // Every sentence is linked: one pair a sentence, nothing omitted or added.
        for g in report["alignment"].as_array().unwrap() {
            assert_eq!(g["source"].as_array().unwrap().len(), 1, "{dir}: {g}");
            assert_eq!(g["rewrite"].as_array().unwrap().len(), 1, "{dir}: {g}");
        }
        let number = (case.number.0.to_string(), case.number.1.to_string());
        assert_eq!(found(&report, "number_changed"), vec![number], "{dir}");
        assert_eq!(found(&report, "quote_changed").len(), 1, "{dir}");
        assert!(found(&report, "quote_dropped").is_empty(), "{dir}");
        let names = found(&report, "name_changed");
        match case.name {
            Some((a, b)) => assert_eq!(names, vec![(a.to_string(), b.to_string())], "{dir}"),
            None => assert!(names.is_empty(), "{dir}: {names:?}"),
        }
    }
}

#[test]
fn text_typed_with_combining_marks_equals_it_precomposed() {
    let report = align("nfd", "source.md", "same.md");
    assert!(report["findings"].as_array().unwrap().is_empty());
    for g in report["alignment"].as_array().unwrap() {
        assert_eq!(g["relation"], "identical", "{g}");
    }
    assert_offsets("nfd", "same.md", &report["rewrite"]);
}

/// A row's diff as a reader of the JSON spells it: each span's op and its
/// text, walked over the row's sentences on each side (joined by one space).
fn spelt_diff(report: &Value, row: &Value) -> Vec<(DiffOp, String)> {
    let diff: Vec<DiffSpan> = serde_json::from_value(row["diff"].clone()).expect("diff spans");
    let (source, rewrite) = (
        row_text(report, row, "source"),
        row_text(report, row, "rewrite"),
    );
    spell_diff(&diff, &source, &rewrite)
        .unwrap_or_else(|| panic!("the spans do not cover the row's texts: {row}"))
        .into_iter()
        .map(|(op, text)| (op, text.to_string()))
        .collect()
}

/// A row's text on one side: its sentences joined by one space.
fn row_text(report: &Value, row: &Value, side: &str) -> String {
    let sentences = report[side]["sentences"].as_array().unwrap();
    let ids = row[side].as_array().unwrap();
    let texts: Vec<&str> = ids
        .iter()
        .map(|id| {
            sentences[id.as_u64().unwrap() as usize]["text"]
                .as_str()
                .unwrap()
        })
        .collect();
    texts.join(" ")
}

#[test]
fn a_script_spells_each_rows_diff_from_the_sentences() {
    let mut pairs: Vec<(&str, &str)> = CASES.iter().map(|c| (c.dir, "rewrite.md")).collect();
    pairs.extend([("nfd", "rewrite.md"), ("nfd", "same.md")]);
    let (mut equal, mut changed) = (0, 0);
    for (dir, rewrite) in pairs {
        let report = align(dir, "source.md", rewrite);
        assert_eq!(report["format"], 2, "{dir}");
        for row in report["alignment"].as_array().unwrap() {
            let spans = spelt_diff(&report, row);
            let side = |skip: DiffOp| -> String {
                spans
                    .iter()
                    .filter(|(op, _)| *op != skip)
                    .map(|(_, text)| text.as_str())
                    .collect()
            };
            assert_eq!(
                side(DiffOp::Insert),
                row_text(&report, row, "source"),
                "{dir}: {row}"
            );
            assert_eq!(
                side(DiffOp::Delete),
                row_text(&report, row, "rewrite"),
                "{dir}: {row}"
            );
            equal += spans.iter().filter(|(op, _)| *op == DiffOp::Equal).count();
            changed += spans.iter().filter(|(op, _)| *op != DiffOp::Equal).count();
        }
    }
    assert!(
        equal > 20 && changed > 20,
        "{equal} equal spans, {changed} changes"
    );
}

#[test]
fn word_changes_never_cut_inside_a_letter() {
    let report = align("nfd", "source.md", "rewrite.md");
    for g in report["alignment"].as_array().unwrap() {
        // A change never starts with a combining mark nor stops before one.
        for (op, text) in spelt_diff(&report, g) {
            if op == DiffOp::Equal {
                continue;
            }
            let first = text.chars().next().unwrap();
            assert!(
                !unicode_normalization::char::is_combining_mark(first),
                "a change starts with a combining mark: {g}"
            );
            assert!(!text.ends_with("Nguye"), "{g}");
        }
    }
}
