//! Findings: the changes a reader should be told about.
//!
//! Each detector looks at one linked group at a time (the source sentences
//! and the rewrite sentences that derive from them), except `omitted` and
//! `added`, which come from the unlinked sentences. Every finding carries the
//! exact passage on each side (a substring of that sentence's text).
//!
//! Captions and page furniture (see [`roles`](super::roles)) are not story:
//! no finding is made for them, omitted, added or changed. A finding stays
//! when either of its sentences is story (a caption the copy turned into a
//! story sentence). A run of consecutive omitted story sentences is one
//! finding whose note says what the run was about (see `unmatched`).

pub(crate) mod attribution;
mod caseless_names;
mod meaning;
mod name_variants;
mod names;
mod nicknames;
mod numbers;
mod offices;
pub(crate) mod quotes;
mod unmatched;
mod wording;

use crate::report::{Finding, FindingKind, Group, Relation};

use super::Prepared;

/// A linked group seen from the detectors.
pub(crate) struct GroupView<'a> {
    pub src: &'a Prepared<'a>,
    pub rw: &'a Prepared<'a>,
    pub s_ids: &'a [usize],
    pub r_ids: &'a [usize],
}

/// Lists the findings for a set of groups, sorted by rewrite position, then
/// source position, then kind.
pub(crate) fn find(src: &Prepared, rw: &Prepared, groups: &[Group]) -> Vec<Finding> {
    let mut out = Vec::new();
    // Capitalised words used inside sentences anywhere, for telling a name
    // at the start of a sentence from an ordinary word.
    let known = names::known_names(src, rw);
    let usage = caseless_names::Usage::default();
    let mut omitted: Vec<usize> = Vec::new();
    let mut added: Vec<usize> = Vec::new();
    for g in groups {
        match g.relation {
            Relation::Omitted => omitted.extend(&g.source),
            Relation::Added => added.extend(&g.rewrite),
            _ => {
                let story = |segs: &[super::segment::Segment], ids: &[usize]| {
                    ids.iter().any(|&i| segs[i].role.is_story())
                };
                if !story(src.segs, &g.source) && !story(rw.segs, &g.rewrite) {
                    continue;
                }
                let view = GroupView {
                    src,
                    rw,
                    s_ids: &g.source,
                    r_ids: &g.rewrite,
                };
                // Words copied unchanged cannot have changed a name.
                if g.relation != Relation::Identical {
                    out.extend(names::find(&view, &known));
                    out.extend(caseless_names::find(&view, &usage));
                }
                out.extend(numbers::find(&view));
                out.extend(quotes::find(&view));
                out.extend(attribution::find(&view, &known));
                // Copied words cannot have reversed a claim or an office.
                if g.relation != Relation::Identical {
                    if let Some(w) = wording::Wording::new(&view) {
                        out.extend(meaning::find(&w));
                        out.extend(offices::find(&w));
                    }
                }
            }
        }
    }
    omitted.sort_unstable();
    omitted.dedup();
    added.sort_unstable();
    added.dedup();
    out.extend(unmatched::omitted(src, &omitted));
    out.extend(unmatched::added(rw, &added));
    names::one_finding_per_name(&mut out);
    sort(&mut out);
    out
}

/// Deterministic order: rewrite sentence (none last... first for omitted
/// placed by source), then source sentence, then kind, then texts.
pub(crate) fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let ka = (
            a.rewrite_sentence.map_or(usize::MAX, |x| x),
            a.source_sentence.map_or(usize::MAX, |x| x),
            a.kind,
        );
        let kb = (
            b.rewrite_sentence.map_or(usize::MAX, |x| x),
            b.source_sentence.map_or(usize::MAX, |x| x),
            b.kind,
        );
        ka.cmp(&kb)
            .then_with(|| a.source_text.cmp(&b.source_text))
            .then_with(|| a.rewrite_text.cmp(&b.rewrite_text))
    });
}

/// Makes a finding.
pub(crate) fn finding(
    kind: FindingKind,
    s: Option<usize>,
    r: Option<usize>,
    source_text: Option<&str>,
    rewrite_text: Option<&str>,
    note: String,
) -> Finding {
    Finding {
        kind,
        source_sentence: s,
        rewrite_sentence: r,
        source_text: source_text.map(str::to_string),
        rewrite_text: rewrite_text.map(str::to_string),
        note,
        ..Finding::default()
    }
}

/// Aligns two small texts and lists one kind's findings as (source
/// passage, rewrite passage, note), for the detectors' tests.
#[cfg(test)]
pub(crate) fn found(
    source: &str,
    rewrite: &str,
    kind: FindingKind,
) -> Vec<(String, String, String)> {
    let text = |file| super::Text::plain("t", file);
    super::align(
        &text(source),
        &text(rewrite),
        &super::AlignOptions::default(),
    )
    .findings
    .into_iter()
    .filter(|f| f.kind == kind)
    .map(|f| {
        (
            f.source_text.unwrap_or_default(),
            f.rewrite_text.unwrap_or_default(),
            f.note,
        )
    })
    .collect()
}
