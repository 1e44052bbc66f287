//! How much of each sentence of an original a copy kept, for the source
//! page's strip of boxes per sentence.
//!
//! A sentence is kept as far as the report's reused passages cover it: a
//! sentence half inside a passage is half kept. A report without passages
//! (made by an aligner that does not list them) counts a sentence as kept
//! whole when it is linked to a sentence of the copy, and left out if not.

use crate::report::{Report, Span};

/// The share (0..=1) of each source sentence that the copy kept, by
/// sentence id.
pub fn source_kept(report: &Report) -> Vec<f32> {
    let sentences = &report.source.sentences;
    if report.passages.is_empty() {
        let mut kept = vec![0.0; sentences.len()];
        for g in report.alignment.iter().filter(|g| !g.rewrite.is_empty()) {
            for &s in &g.source {
                if let Some(k) = kept.get_mut(s) {
                    *k = 1.0;
                }
            }
        }
        return kept;
    }
    let covered = merged(report.passages.iter().map(|p| p.source).collect());
    sentences
        .iter()
        .map(|s| {
            let len = s.end.saturating_sub(s.start);
            if len == 0 {
                return 0.0;
            }
            // The first stretch that ends after the sentence starts.
            let first = covered.partition_point(|c| c.end <= s.start);
            let inside: usize = covered[first..]
                .iter()
                .take_while(|c| c.start < s.end)
                .map(|c| c.end.min(s.end) - c.start.max(s.start))
                .sum();
            (inside as f32 / len as f32).min(1.0)
        })
        .collect()
}

/// `spans` sorted and joined where they overlap or touch: disjoint, in order.
fn merged(mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|s| s.start < s.end);
    spans.sort_by_key(|s| (s.start, s.end));
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// How a copy treated one sentence, in a source page's box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// Most of it (four fifths or more).
    Whole,
    /// A real part of it, not most.
    Part,
    /// None of it, or a few words at most.
    None,
}

impl Kept {
    /// From the share of the sentence inside reused passages.
    pub fn of(share: f32) -> Kept {
        if share >= 0.8 {
            Kept::Whole
        } else if share >= 0.1 {
            Kept::Part
        } else {
            Kept::None
        }
    }

    /// The box's CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Kept::Whole => "cov-taken",
            Kept::Part => "cov-partly",
            Kept::None => "cov-missing",
        }
    }

    /// What the box says to a reader.
    pub fn words(self) -> &'static str {
        match self {
            Kept::Whole => "kept",
            Kept::Part => "partly kept",
            Kept::None => "left out",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Group, Passage, Relation, Sentence, SentenceRole, Side};

    fn sentence(id: usize, start: usize, end: usize) -> Sentence {
        Sentence {
            id,
            text: "x".repeat(end - start),
            start,
            end,
            paragraph: 0,
            role: SentenceRole::Story,
            set_aside: None,
        }
    }

    fn passage(start: usize, end: usize) -> Passage {
        Passage {
            source: Span { start, end },
            rewrite: Span { start: 0, end: 1 },
            similarity: 1.0,
            alignment: vec![0],
        }
    }

    #[test]
    fn a_sentence_is_kept_as_far_as_passages_cover_it() {
        let report = Report {
            source: Side {
                title: "t".into(),
                sentences: vec![
                    sentence(0, 0, 100),
                    sentence(1, 101, 201),
                    sentence(2, 202, 302),
                ],
            },
            // Two overlapping passages over the first sentence and half the
            // second; nothing of the third.
            passages: vec![passage(0, 80), passage(60, 151)],
            alignment: vec![Group {
                source: vec![0, 1, 2],
                rewrite: vec![0],
                relation: Relation::Paraphrase,
                similarity: 0.5,
                diff: vec![],
                folded: false,
            }],
            ..Report::default()
        };
        let kept = source_kept(&report);
        assert_eq!(kept, [1.0, 0.5, 0.0]);
        let shown: Vec<Kept> = kept.iter().map(|k| Kept::of(*k)).collect();
        assert_eq!(shown, [Kept::Whole, Kept::Part, Kept::None]);
        // Without passages, the linked sentences count whole.
        let linked = Report {
            passages: vec![],
            ..report
        };
        assert_eq!(source_kept(&linked), [1.0, 1.0, 1.0]);
    }
}
