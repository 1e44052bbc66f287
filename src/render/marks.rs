//! Where each finding is marked: the characters of the sentences its text
//! (and the texts of its further places) was found in.

use std::collections::BTreeMap;

use super::annotate::{find_chars, MarkSpan};
use crate::report::{Finding, Report, Sentence};

/// The marks of each sentence of one side, by sentence id.
pub type SideMarks = BTreeMap<usize, Vec<MarkSpan>>;

/// The marks of both sides of a report: (original, copy).
pub fn place_marks(report: &Report) -> (SideMarks, SideMarks) {
    let mut src_marks = SideMarks::new();
    let mut rw_marks = SideMarks::new();
    let (src, rw) = (&report.source.sentences, &report.rewrite.sentences);
    for f in &report.findings {
        // The finding's further places are marked as belonging to it too,
        // wherever a place quotes its text.
        for p in &f.places {
            mark_quote(&mut src_marks, src, p.source_sentence, &p.source_text, f);
            mark_quote(&mut rw_marks, rw, p.rewrite_sentence, &p.rewrite_text, f);
        }
        let placed_source = mark_quote(&mut src_marks, src, f.source_sentence, &f.source_text, f);
        let placed_rewrite = mark_quote(&mut rw_marks, rw, f.rewrite_sentence, &f.rewrite_text, f);
        if !(placed_source || placed_rewrite) {
            // Nothing quoted: mark the whole sentence on the side that has one.
            let target = f
                .rewrite_sentence
                .and_then(|sid| Some((sid, rw.get(sid)?, &mut rw_marks)))
                .or_else(|| {
                    f.source_sentence
                        .and_then(|sid| Some((sid, src.get(sid)?, &mut src_marks)))
                });
            if let Some((sid, s, marks)) = target {
                push_mark(marks, sid, 0, s.text.chars().count(), f);
            }
        }
    }
    (src_marks, rw_marks)
}

/// Marks `text` where it stands in sentence `sentence` of one side, if both
/// are given and the text is found there; says whether it was.
fn mark_quote(
    marks: &mut SideMarks,
    sentences: &[Sentence],
    sentence: Option<usize>,
    text: &Option<String>,
    f: &Finding,
) -> bool {
    let (Some(sid), Some(t)) = (sentence, text) else {
        return false;
    };
    let Some((start, end)) = sentences.get(sid).and_then(|s| find_chars(&s.text, t)) else {
        return false;
    };
    push_mark(marks, sid, start, end, f);
    true
}

fn push_mark(marks: &mut SideMarks, sid: usize, start: usize, end: usize, f: &Finding) {
    marks.entry(sid).or_default().push(MarkSpan {
        start,
        end,
        finding: f.id,
        kind: f.kind,
        minor: f.minor,
    });
}
