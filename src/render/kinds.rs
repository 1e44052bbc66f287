//! Finding kinds as readers see them: label, a non-colour letter, counts.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::report::{Finding, FindingKind};

/// A finding kind as shown to readers.
#[derive(Debug, Clone, Serialize)]
pub struct KindInfo {
    /// e.g. `name_changed` (also the CSS class suffix `kind-name_changed`).
    pub kind: &'static str,
    pub label: &'static str,
    /// A short non-colour marker, e.g. `N`.
    pub letter: &'static str,
}

impl KindInfo {
    pub fn new(kind: FindingKind) -> KindInfo {
        KindInfo {
            kind: kind.as_str(),
            label: kind.label(),
            letter: letter(kind),
        }
    }
}

/// A kind and how many findings of it.
#[derive(Debug, Clone, Serialize)]
pub struct KindCount {
    pub kind: &'static str,
    pub label: &'static str,
    pub letter: &'static str,
    pub count: usize,
}

impl KindCount {
    pub fn new(kind: FindingKind, count: usize) -> KindCount {
        KindCount {
            kind: kind.as_str(),
            label: kind.label(),
            letter: letter(kind),
            count,
        }
    }
}

/// A short marker of `kind` that does not rely on colour, e.g. `N`.
pub fn letter(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::NameChanged => "N",
        FindingKind::QuoteChanged => "Q",
        FindingKind::QuoteDropped => "Q\u{2212}",
        FindingKind::NumberChanged => "#",
        FindingKind::AttributionDropped => "A\u{2212}",
        FindingKind::AttributionChanged => "A",
        FindingKind::RoleChanged => "R",
        FindingKind::MeaningChanged => "M",
        FindingKind::Omitted => "\u{2212}",
        FindingKind::Added => "+",
        FindingKind::Note => "i",
    }
}

/// The counts of findings per kind, counted from the findings themselves.
pub fn kind_counts(findings: &[Finding]) -> Vec<KindCount> {
    let mut counts: BTreeMap<FindingKind, usize> = BTreeMap::new();
    for f in findings {
        *counts.entry(f.kind).or_default() += 1;
    }
    FindingKind::ALL
        .iter()
        .map(|k| KindCount::new(*k, counts.get(k).copied().unwrap_or(0)))
        .collect()
}
