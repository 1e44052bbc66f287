//! Property tests: no text, however broken, panics the segmenter or the
//! aligner, and what they return keeps the promises of `report.json`.

use proptest::prelude::*;
use unspun::align::roles::sentences;
use unspun::align::{align, AlignOptions, Text};
use unspun::report::{FindingKind, Relation, Report};

/// Text built from pieces that reach the segmenter's and aligner's corners:
/// Markdown blocks, quotation marks of every kind, abbreviations, numbers,
/// names, raw HTML, odd whitespace and arbitrary Unicode.
fn article() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("The council said ".to_string()),
            Just("Finance minister Margarethe Olvansky said ".to_string()),
            Just("4.2 billion ".to_string()),
            Just("12 million euro ".to_string()),
            Just("\"We will not raise the rate,\" she said. ".to_string()),
            Just("“Quoted”, ‘single’, «guillemets», „low“ ".to_string()),
            Just("Dr. Mr. U.S. e.g. ".to_string()),
            Just(". ".to_string()),
            Just("? ".to_string()),
            Just("! ".to_string()),
            Just("...".to_string()),
            Just("\n\n".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("# ".to_string()),
            Just("> ".to_string()),
            Just("- ".to_string()),
            Just("1. ".to_string()),
            Just("```\n".to_string()),
            Just("*Photo: x*".to_string()),
            Just("[link](https://a.example)".to_string()),
            Just("<b>".to_string()),
            Just("</b>".to_string()),
            Just("<!-- c -->".to_string()),
            Just("\u{feff}".to_string()),
            Just("\u{200b}".to_string()),
            Just("\u{0301}".to_string()),
            Just("北京今天下雨。「我们不会加税。」他说35亿！".to_string()),
            Just("スミス氏は「完成させる。」と述べた。".to_string()),
            Just("هل سينجح؟ ٣٬٥٠٠ و٤٫٢ ۱۲٪ «لا». ".to_string()),
            Just("Θα πετύχει; ".to_string()),
            Just("Nguye\u{302}\u{303}n 👩\u{200d}👩\u{200d}👧 🇻🇳 ".to_string()),
            Just("צה\"ל, ‹oui› ‚ja‘ 『引用』 ".to_string()),
            Just("\t".to_string()),
            Just("\"".to_string()),
            Just("*".to_string()),
            Just("_".to_string()),
            "\\PC{0,16}",
            "[a-zA-Z ]{0,30}",
        ],
        0..40,
    );
    pieces.prop_map(|p| p.concat())
}

/// A copy made by editing an article: pieces dropped, duplicated, swapped.
fn article_and_copy() -> impl Strategy<Value = (String, String)> {
    (article(), prop::collection::vec(0u8..4, 0..40)).prop_map(|(a, edits)| {
        let words: Vec<&str> = a.split(' ').collect();
        let mut copy = Vec::new();
        for (i, w) in words.iter().enumerate() {
            match edits.get(i).copied().unwrap_or(0) {
                0 => copy.push(w.to_string()),
                1 => {}
                2 => {
                    copy.push(w.to_string());
                    copy.push(w.to_string());
                }
                _ => copy.push(w.to_uppercase()),
            }
        }
        (a.clone(), copy.join(" "))
    })
}

/// A body start that may fall anywhere, even inside a character.
fn body_start(text: &str, pick: usize) -> usize {
    if text.is_empty() {
        0
    } else {
        pick % (text.len() + 1)
    }
}

fn check_report(report: &Report, source: &str, rewrite: &str) -> Result<(), TestCaseError> {
    for (side, file) in [(&report.source, source), (&report.rewrite, rewrite)] {
        let chars: Vec<char> = file.chars().collect();
        for (i, s) in side.sentences.iter().enumerate() {
            prop_assert_eq!(s.id, i);
            prop_assert!(s.start <= s.end && s.end <= chars.len(), "{:?}", s);
        }
    }
    let (ns, nr) = (
        report.source.sentences.len(),
        report.rewrite.sentences.len(),
    );
    let mut seen_s = vec![0; ns];
    let mut seen_r = vec![0; nr];
    for g in &report.alignment {
        prop_assert!(
            g.similarity.is_finite() && (0.0..=1.0).contains(&g.similarity),
            "{:?}",
            g
        );
        for &s in &g.source {
            prop_assert!(s < ns);
            seen_s[s] += 1;
        }
        for &r in &g.rewrite {
            prop_assert!(r < nr);
            seen_r[r] += 1;
        }
        match g.relation {
            Relation::Omitted => prop_assert!(g.rewrite.is_empty() && !g.source.is_empty()),
            Relation::Added => prop_assert!(g.source.is_empty() && !g.rewrite.is_empty()),
            _ => prop_assert!(!g.source.is_empty() && !g.rewrite.is_empty()),
        }
    }
    // Every sentence stands in exactly one group.
    prop_assert!(
        seen_s.iter().all(|&n| n == 1),
        "source coverage {:?}",
        seen_s
    );
    prop_assert!(
        seen_r.iter().all(|&n| n == 1),
        "rewrite coverage {:?}",
        seen_r
    );
    for f in &report.findings {
        if let Some(s) = f.source_sentence {
            prop_assert!(s < ns, "{:?}", f);
            if let Some(t) = &f.source_text {
                prop_assert!(
                    report.source.sentences[s].text.contains(t.as_str()),
                    "{:?}",
                    f
                );
            }
        }
        if let Some(r) = f.rewrite_sentence {
            prop_assert!(r < nr, "{:?}", f);
            if let Some(t) = &f.rewrite_text {
                prop_assert!(
                    report.rewrite.sentences[r].text.contains(t.as_str()),
                    "{:?}",
                    f
                );
            }
        }
        prop_assert!(f.kind != FindingKind::Note);
    }
    prop_assert!((0.0..=1.0).contains(&report.stats.rewrite_derived));
    prop_assert!((0.0..=1.0).contains(&report.stats.source_kept));
    let json = serde_json::to_string(report).expect("a report serialises");
    let back: Report = serde_json::from_str(&json).expect("and reads back");
    prop_assert_eq!(back.alignment.len(), report.alignment.len());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn segmenting_never_panics_and_offsets_stay_in_the_file(text in article(), pick in any::<usize>()) {
        let start = body_start(&text, pick);
        let chars = text.chars().count();
        let segs = sentences(&text, start);
        let mut previous_end = 0;
        for s in &segs {
            prop_assert!(s.start <= s.end && s.end <= chars, "{:?}", s);
            prop_assert!(s.start >= previous_end, "overlap at {:?}", s);
            prop_assert!(!s.text.trim().is_empty(), "empty sentence {:?}", s);
            previous_end = s.end;
        }
    }

    #[test]
    fn segmenting_arbitrary_unicode_never_panics(text in "\\PC{0,300}", pick in any::<usize>()) {
        let start = body_start(&text, pick);
        let _ = sentences(&text, start);
    }
}

/// Sentences of words with accents, vowel signs and syllables that Unicode
/// can write precomposed or decomposed.
fn accented_article() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("Nguyễn"),
        Just("Zoë"),
        Just("Ελλάδα"),
        Just("Šťastný"),
        Just("café"),
        Just("한국어"),
        Just("がっこう"),
        Just("Ångström"),
        Just("señora"),
        Just("Ольванский"),
        Just("the"),
        Just("4,2"),
    ];
    let sentence = prop::collection::vec(word, 3..8).prop_map(|w| w.join(" ") + ".");
    prop::collection::vec(sentence, 1..6).prop_map(|s| s.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn text_typed_decomposed_equals_it_precomposed(source in accented_article()) {
        use unicode_normalization::UnicodeNormalization;
        let decomposed: String = source.nfd().collect();
        let s = Text::plain("s", &source);
        let r = Text::plain("r", &decomposed);
        let report = align(&s, &r, &AlignOptions::default());
        check_report(&report, &source, &decomposed)?;
        prop_assert!(report.findings.is_empty(), "{:?}", report.findings);
        for g in &report.alignment {
            prop_assert_eq!(g.relation, Relation::Identical, "{:?}", g);
        }
        // Offsets point into the file as typed.
        let chars: Vec<char> = decomposed.chars().collect();
        for sentence in &report.rewrite.sentences {
            let span: String = chars[sentence.start..sentence.end].iter().collect();
            prop_assert_eq!(span.nfc().collect::<String>(), sentence.text.clone());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn aligning_edited_copies_keeps_the_contract((source, rewrite) in article_and_copy()) {
        let s = Text::plain("s", &source);
        let r = Text::plain("r", &rewrite);
        let report = align(&s, &r, &AlignOptions::default());
        check_report(&report, &source, &rewrite)?;
    }

    #[test]
    fn aligning_unrelated_texts_keeps_the_contract(source in article(), rewrite in article()) {
        let s = Text::plain("s", &source);
        let r = Text::plain("r", &rewrite);
        let report = align(&s, &r, &AlignOptions::default());
        check_report(&report, &source, &rewrite)?;
    }

    #[test]
    fn aligning_a_text_with_itself_finds_no_change(source in article()) {
        let s = Text::plain("s", &source);
        let report = align(&s, &s, &AlignOptions::default());
        check_report(&report, &source, &source)?;
        // Sentences with no word of two letters (". அ.") have nothing to link
        // by and may be left unlinked; every other sentence is found again.
        let wordy = |t: &str| {
            t.split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 2)
                .count()
                >= 2
        };
        for g in &report.alignment {
            let texts = g.source.iter().map(|&i| &report.source.sentences[i].text)
                .chain(g.rewrite.iter().map(|&i| &report.rewrite.sentences[i].text));
            if texts.clone().any(|t| wordy(t)) {
                prop_assert!(
                    !matches!(g.relation, Relation::Omitted | Relation::Added),
                    "{:?} in {:?}", g, source
                );
            }
        }
    }

    #[test]
    fn any_thresholds_keep_the_contract(
        (source, rewrite) in article_and_copy(),
        link in -1.0f64..2.0,
        context in -1.0f64..2.0,
        light in -1.0f64..2.0,
    ) {
        let options = AlignOptions {
            link_threshold: link,
            context_threshold: context,
            light_edit_threshold: light,
            ..AlignOptions::default()
        };
        let s = Text::plain("s", &source);
        let r = Text::plain("r", &rewrite);
        let report = align(&s, &r, &options);
        check_report(&report, &source, &rewrite)?;
    }
}
