//! Finding kinds as readers see them: label, a non-colour letter, counts.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

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

/// Read back from its kind and count (the report cache): the label and
/// letter come from the kind.
impl<'de> Deserialize<'de> for KindCount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<KindCount, D::Error> {
        #[derive(Deserialize)]
        struct Stored {
            kind: FindingKind,
            count: usize,
        }
        let stored = Stored::deserialize(deserializer)?;
        Ok(KindCount::new(stored.kind, stored.count))
    }
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

/// A short marker of `kind` that does not rely on colour, e.g. `N`. The
/// default theme draws it from the style (`--letter` of the class
/// `kind-<kind>`, which a test keeps equal to this); templates get it as
/// `letter` for a site's own markup.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The `--letter` the theme's style gives the class `kind-<kind>`, its
    /// CSS escapes (`\2212`) read.
    fn css_letter(css: &str, kind: &str) -> String {
        let rule = css
            .lines()
            .find(|l| l.starts_with(&format!(".kind-{kind} {{")))
            .unwrap_or_else(|| panic!("no rule for kind-{kind}"));
        let value = rule.split("--letter: \"").nth(1).unwrap();
        let value = &value[..value.find('"').unwrap()];
        let mut out = String::new();
        let mut parts = value.split('\\');
        out.push_str(parts.next().unwrap());
        for p in parts {
            let hex = p.len() - p.trim_start_matches(|c: char| c.is_ascii_hexdigit()).len();
            let code = u32::from_str_radix(&p[..hex], 16).unwrap();
            out.push(char::from_u32(code).unwrap());
            out.push_str(&p[hex..]);
        }
        out
    }

    #[test]
    fn the_themes_style_draws_each_kinds_letter() {
        let css = include_str!("../../themes/default/static/style.css");
        for kind in FindingKind::ALL {
            assert_eq!(css_letter(css, kind.as_str()), letter(kind), "{kind:?}");
        }
    }
}
