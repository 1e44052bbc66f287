//! The readable terminal listing of a report (`unspun align --format text`).

use std::fmt::Write;

use crate::report::{Relation, Report, Sentence};

fn relation_name(r: Relation) -> &'static str {
    match r {
        Relation::Identical => "identical",
        Relation::LightEdit => "light edit",
        Relation::Paraphrase => "paraphrase",
        Relation::Omitted => "omitted",
        Relation::Added => "added",
    }
}

/// " (caption)" or " (furniture)" after a sentence that is set aside, so a
/// reader of the listing can tell page furniture from dropped story.
fn set_aside(sentence: &Sentence) -> String {
    match sentence.role.is_story() {
        true => String::new(),
        false => format!(" ({})", sentence.role.as_str()),
    }
}

fn ids(v: &[usize]) -> String {
    if v.is_empty() {
        return "-".to_string();
    }
    v.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Pairs with their relation and similarity, then the reused passages
/// (character offsets into the files, and the sentences they touch), then
/// findings, then figures.
pub fn format_text(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "source:  {} ({} sentences)",
        report.source.title,
        report.source.sentences.len()
    );
    let _ = writeln!(
        out,
        "rewrite: {} ({} sentences)",
        report.rewrite.title,
        report.rewrite.sentences.len()
    );
    let _ = writeln!(out, "\nALIGNMENT");
    for g in &report.alignment {
        let _ = writeln!(
            out,
            "\n[{}] source {} -> rewrite {}  (similarity {:.2})",
            relation_name(g.relation),
            ids(&g.source),
            ids(&g.rewrite),
            g.similarity
        );
        for &s in &g.source {
            let sentence = &report.source.sentences[s];
            let _ = writeln!(out, "  - S{s}{}: {}", set_aside(sentence), sentence.text);
        }
        for &r in &g.rewrite {
            let sentence = &report.rewrite.sentences[r];
            let _ = writeln!(out, "  + R{r}{}: {}", set_aside(sentence), sentence.text);
        }
    }
    let _ = writeln!(out, "\nPASSAGES ({})", report.passages.len());
    for p in &report.passages {
        let sentences = |side: &crate::report::Side, span: crate::report::Span| {
            let ids: Vec<usize> = side
                .sentences
                .iter()
                .filter(|s| s.start < span.end && span.start < s.end)
                .map(|s| s.id)
                .collect();
            ids
        };
        let _ = writeln!(
            out,
            "source {}..{} (S{}) -> rewrite {}..{} (R{})  (similarity {:.2})",
            p.source.start,
            p.source.end,
            ids(&sentences(&report.source, p.source)).replace(',', ",S"),
            p.rewrite.start,
            p.rewrite.end,
            ids(&sentences(&report.rewrite, p.rewrite)).replace(',', ",R"),
            p.similarity
        );
    }
    let minor = report.findings.iter().filter(|f| f.minor).count();
    let _ = match minor {
        0 => writeln!(out, "\nFINDINGS ({})", report.findings.len()),
        _ => writeln!(
            out,
            "\nFINDINGS ({}, and {minor} minor)",
            report.findings.len() - minor
        ),
    };
    for f in &report.findings {
        let side = |o: Option<usize>, p: char| o.map_or("-".to_string(), |i| format!("{p}{i}"));
        let _ = writeln!(
            out,
            "\n{}{} [{} / {}]: {}",
            f.kind.label(),
            if f.minor { " (minor)" } else { "" },
            side(f.source_sentence, 'S'),
            side(f.rewrite_sentence, 'R'),
            f.note
        );
        for place in &f.places {
            let _ = writeln!(
                out,
                "  also [{} / {}]",
                side(place.source_sentence, 'S'),
                side(place.rewrite_sentence, 'R')
            );
        }
        if let Some(t) = &f.source_text {
            let _ = writeln!(out, "  - {t}");
        }
        if let Some(t) = &f.rewrite_text {
            let _ = writeln!(out, "  + {t}");
        }
    }
    let st = &report.stats;
    let _ = writeln!(
        out,
        "\nSTATS: copy taken from the original {:.0}%; original kept in the copy {:.0}% (story text only).",
        st.rewrite_derived * 100.0,
        st.source_kept * 100.0
    );
    if st.source_set_aside + st.rewrite_set_aside > 0 {
        let _ = writeln!(
            out,
            "Set aside as captions or page furniture, not counted: {} sentences of the original, {} of the copy.",
            st.source_set_aside, st.rewrite_set_aside
        );
    }
    let counts: Vec<String> = st
        .findings
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| format!("{}: {n}", k.as_str()))
        .collect();
    if !counts.is_empty() {
        let _ = writeln!(out, "{}", counts.join(", "));
    }
    out
}
