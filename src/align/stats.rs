//! Summary figures of a report.

use crate::report::{Finding, FindingKind, Group, Relation, SentenceRole, Side, Stats};

/// How much of the copy derives from the original (share of the rewrite's
/// characters in linked sentences), how much of the original's story text
/// (body and headings, not captions or boilerplate) the copy kept, and the
/// number of findings of each kind (every kind present).
pub fn stats(source: &Side, rewrite: &Side, groups: &[Group], findings: &[Finding]) -> Stats {
    let mut s_linked = vec![false; source.sentences.len()];
    let mut r_linked = vec![false; rewrite.sentences.len()];
    for g in groups {
        if matches!(g.relation, Relation::Omitted | Relation::Added) {
            continue;
        }
        for &s in &g.source {
            s_linked[s] = true;
        }
        for &r in &g.rewrite {
            r_linked[r] = true;
        }
    }
    let len = |t: &str| t.chars().count();
    let r_total: usize = rewrite.sentences.iter().map(|s| len(&s.text)).sum();
    let r_kept: usize = rewrite
        .sentences
        .iter()
        .filter(|s| r_linked[s.id])
        .map(|s| len(&s.text))
        .sum();
    let story = |s: &&crate::report::Sentence| {
        matches!(s.role, SentenceRole::Story | SentenceRole::Heading)
    };
    let s_total: usize = source
        .sentences
        .iter()
        .filter(story)
        .map(|s| len(&s.text))
        .sum();
    let s_kept: usize = source
        .sentences
        .iter()
        .filter(story)
        .filter(|s| s_linked[s.id])
        .map(|s| len(&s.text))
        .sum();
    let ratio = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            ((a as f64 / b as f64) * 10_000.0).round() / 10_000.0
        }
    };
    let mut counts = std::collections::BTreeMap::new();
    for k in FindingKind::ALL {
        counts.insert(k, 0);
    }
    for f in findings {
        *counts.entry(f.kind).or_insert(0) += 1;
    }
    Stats {
        source_sentences: source.sentences.len(),
        rewrite_sentences: rewrite.sentences.len(),
        source_set_aside: source
            .sentences
            .iter()
            .filter(|s| !s.role.is_story())
            .count(),
        rewrite_set_aside: rewrite
            .sentences
            .iter()
            .filter(|s| !s.role.is_story())
            .count(),
        rewrite_derived: ratio(r_kept, r_total),
        source_kept: ratio(s_kept, s_total),
        findings: counts,
    }
}
