//! Summary figures of a report.

use crate::report::{Finding, FindingKind, Passage, Side, Span, Stats};

/// How much of the copy's story text (body and headings, not captions or
/// furniture) lies in reused passages, how much of the original's story
/// text the passages kept, and the number of findings of each kind (every
/// kind present; minor findings not counted). Both shares count characters of the files, so a sentence
/// of which only a clause was reused counts for that clause.
pub fn stats(source: &Side, rewrite: &Side, passages: &[Passage], findings: &[Finding]) -> Stats {
    let (r_kept, r_total) = covered(rewrite, passages.iter().map(|p| p.rewrite));
    let (s_kept, s_total) = covered(source, passages.iter().map(|p| p.source));
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
    // Minor findings are listed but not counted, as on the report page.
    for f in findings.iter().filter(|f| !f.minor) {
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
        folded_rows: 0,
    }
}

/// Characters of a side's story sentences inside `spans`, and in all.
fn covered(side: &Side, spans: impl Iterator<Item = Span>) -> (usize, usize) {
    let mut spans: Vec<Span> = spans.filter(|s| s.end > s.start).collect();
    spans.sort_unstable_by_key(|s| s.start);
    // Merged into disjoint spans, in order.
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match merged.last_mut() {
            Some(m) if s.start <= m.end => m.end = m.end.max(s.end),
            _ => merged.push(s),
        }
    }
    let (mut kept, mut total) = (0, 0);
    for s in side.sentences.iter().filter(|s| s.role.is_story()) {
        total += s.end - s.start;
        // Spans that may overlap this sentence: from the first ending after
        // its start (sentences do not overlap, but need not be sorted).
        let from = merged.partition_point(|m| m.end <= s.start);
        for m in merged[from..].iter().take_while(|m| m.start < s.end) {
            kept += m.end.min(s.end) - m.start.max(s.start);
        }
    }
    (kept, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_findings_are_not_counted() {
        let side = Side::of_body_sentences(&["Oslo is cold."]);
        let name = |minor| Finding {
            kind: FindingKind::NameChanged,
            minor,
            ..Finding::default()
        };
        let s = stats(&side, &side, &[], &[name(false), name(true), name(true)]);
        assert_eq!(s.findings[&FindingKind::NameChanged], 1);
        assert_eq!(s.findings[&FindingKind::Omitted], 0);
    }
}
