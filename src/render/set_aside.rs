//! What a report sets aside: runs of caption and furniture rows folded into
//! one row that says what they are, and the line under the headline that
//! says how much was set aside.

use super::figures::{listed, plural};
use crate::report::{Report, Sentence, SentenceRole, SetAside};

/// Kinds of furniture named in a fold's summary before "and more".
const NAMED_KINDS: usize = 3;

/// A run of consecutive rows that hold only captions and furniture: folded
/// into one, which says what they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsideRun {
    /// The rows `first..end` (indices of `report.alignment`).
    pub first: usize,
    pub end: usize,
    /// What the run is: "Set aside: share prompts, 3 sentences".
    pub summary: String,
    /// Its number of sentences.
    pub sentences: usize,
}

/// The runs of consecutive rows that hold only captions and furniture and
/// no finding (`has_findings(i)` says whether row `i` shows one).
pub fn set_aside_runs(report: &Report, has_findings: impl Fn(usize) -> bool) -> Vec<AsideRun> {
    let sentences = |i: usize| {
        let g = &report.alignment[i];
        let source = g
            .source
            .iter()
            .filter_map(|&s| report.source.sentences.get(s));
        let rewrite = g
            .rewrite
            .iter()
            .filter_map(|&r| report.rewrite.sentences.get(r));
        source.chain(rewrite)
    };
    let aside = |i: usize| {
        !has_findings(i)
            && sentences(i).next().is_some()
            && sentences(i).all(|s| !s.role.is_story())
    };
    let mut runs = Vec::new();
    let mut i = 0;
    while i < report.alignment.len() {
        if !aside(i) {
            i += 1;
            continue;
        }
        let first = i;
        let mut kinds: Vec<&'static str> = Vec::new();
        let mut count = 0;
        while i < report.alignment.len() && aside(i) {
            for s in sentences(i) {
                count += 1;
                let kind = kind_label(s);
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
            i += 1;
        }
        runs.push(AsideRun {
            first,
            end: i,
            summary: format!("Set aside: {}, {}", list(&kinds), sentences_count(count)),
            sentences: count,
        });
    }
    runs
}

/// What a set-aside sentence is, as a fold's summary names it.
fn kind_label(s: &Sentence) -> &'static str {
    match (s.set_aside, s.role) {
        (Some(why), _) => why.label(),
        (None, SentenceRole::Caption) => SetAside::Caption.label(),
        _ => "page furniture",
    }
}

/// "a", "a and b", "a, b and c", "a, b, c and more".
fn list(kinds: &[&str]) -> String {
    match kinds {
        [] => "page furniture".to_string(),
        _ if kinds.len() > NAMED_KINDS => format!("{} and more", kinds[..NAMED_KINDS].join(", ")),
        _ => listed(kinds),
    }
}

fn sentences_count(n: usize) -> String {
    plural(n, "sentence", "sentences")
}

/// The line under a report's headline: how many sentences were set aside
/// as captions and page furniture on each side; empty when none were.
pub fn set_aside_line(report: &Report) -> String {
    let count = |sentences: &[Sentence]| sentences.iter().filter(|s| !s.role.is_story()).count();
    let (source, rewrite) = (
        count(&report.source.sentences),
        count(&report.rewrite.sentences),
    );
    let total = sentences_count(source + rewrite);
    match (source, rewrite) {
        (0, 0) => String::new(),
        (_, 0) => format!(
            "{total} of captions and page furniture in the original set aside, not counted."
        ),
        (0, _) => {
            format!("{total} of captions and page furniture in the copy set aside, not counted.")
        }
        _ => format!(
            "{total} of captions and page furniture set aside, not counted ({source} in the original, {rewrite} in the copy)."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_listed_as_a_reader_says_them() {
        assert_eq!(list(&["a"]), "a");
        assert_eq!(list(&["a", "b"]), "a and b");
        assert_eq!(list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(list(&["a", "b", "c", "d"]), "a, b, c and more");
    }
}
