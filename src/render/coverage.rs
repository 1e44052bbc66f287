//! How much of each sentence of an original a copy kept, for the source
//! page's strip of boxes per sentence.
//!
//! A sentence is kept as far as the report's reused passages cover it: a
//! sentence half inside a passage is half kept. A report without passages
//! (made by an aligner that does not list them) counts a sentence as kept
//! whole when it is linked to a sentence of the copy, and left out if not.

use super::figures::listed;
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

/// What a sentence's row of boxes says, in one sentence for a screen
/// reader: `boxes` are the copies in their numbered order (from 1), each
/// with how it treated the sentence and the percent of it kept. "Kept by
/// copies 1 to 3 and 5; partly by 4 (45%)." One sentence a row reads far
/// quicker than a site name and a verdict for every box, and it weighs a
/// tenth as much.
pub fn row_words(boxes: &[(Kept, u32)]) -> String {
    let numbered = |kept: Kept| -> Vec<(usize, u32)> {
        boxes
            .iter()
            .enumerate()
            .filter(|(_, b)| b.0 == kept)
            .map(|(i, b)| (i + 1, b.1))
            .collect()
    };
    let (whole, part, none) = (
        numbered(Kept::Whole),
        numbered(Kept::Part),
        numbered(Kept::None),
    );
    let n = boxes.len();
    if n == 0 {
        return String::new();
    }
    if whole.len() == n || none.len() == n {
        let verb = if whole.len() == n { "Kept" } else { "Left out" };
        return match n {
            1 => format!("{verb} by copy 1."),
            2 => format!("{verb} by both copies."),
            _ => format!("{verb} by all {n} copies."),
        };
    }
    let mut clauses = Vec::new();
    if !whole.is_empty() {
        let noun = if whole.len() == 1 { "copy" } else { "copies" };
        clauses.push(format!("Kept by {noun} {}", runs(&whole)));
    }
    if !part.is_empty() {
        let each: Vec<String> = part.iter().map(|(i, p)| format!("{i} ({p}%)")).collect();
        let by = if whole.is_empty() {
            let noun = if part.len() == 1 { "copy" } else { "copies" };
            format!("Partly kept by {noun}")
        } else {
            "partly by".to_string()
        };
        clauses.push(format!("{by} {}", listed(&each)));
    }
    if !none.is_empty() {
        clauses.push(format!("left out by {}", runs(&none)));
    }
    format!("{}.", clauses.join("; "))
}

/// "1, 2 and 4", with three or more numbers in a row as "1 to 3".
fn runs(numbers: &[(usize, u32)]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len() && numbers[j + 1].0 == numbers[j].0 + 1 {
            j += 1;
        }
        if j >= i + 2 {
            parts.push(format!("{} to {}", numbers[i].0, numbers[j].0));
        } else {
            parts.extend(numbers[i..=j].iter().map(|n| n.0.to_string()));
        }
        i = j + 1;
    }
    listed(&parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Format, Group, Passage, Relation, Sentence, SentenceRole, Side};

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
    fn a_row_of_boxes_reads_as_one_sentence() {
        use Kept::{None as Out, Part, Whole};
        assert_eq!(row_words(&[(Whole, 100)]), "Kept by copy 1.");
        assert_eq!(row_words(&[(Out, 0), (Out, 0)]), "Left out by both copies.");
        assert_eq!(row_words(&[(Whole, 90); 5]), "Kept by all 5 copies.");
        let mixed = [
            (Whole, 100),
            (Whole, 95),
            (Whole, 100),
            (Part, 45),
            (Whole, 100),
            (Out, 0),
            (Part, 12),
        ];
        assert_eq!(
            row_words(&mixed),
            "Kept by copies 1 to 3 and 5; partly by 4 (45%) and 7 (12%); left out by 6."
        );
        assert_eq!(
            row_words(&[(Out, 0), (Part, 30)]),
            "Partly kept by copy 2 (30%); left out by 1."
        );
        assert_eq!(
            row_words(&[(Whole, 100), (Out, 0), (Whole, 100)]),
            "Kept by copies 1 and 3; left out by 2."
        );
    }

    #[test]
    fn a_sentence_is_kept_as_far_as_passages_cover_it() {
        let report = Report {
            format: Format,
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
