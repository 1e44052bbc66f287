//! Where each finding is marked: the characters of the sentences its text
//! (and the texts of its further places) was found in.

use std::collections::BTreeMap;

use super::annotate::{find_chars, MarkSpan};
use crate::report::Report;

/// The marks of each sentence of one side, by sentence id.
pub type SideMarks = BTreeMap<usize, Vec<MarkSpan>>;

/// The marks of both sides of a report: (original, copy).
pub fn place_marks(report: &Report) -> (SideMarks, SideMarks) {
    let mut src_marks = SideMarks::new();
    let mut rw_marks = SideMarks::new();
    for f in &report.findings {
        // The finding's further places are marked as belonging to it too,
        // wherever a place quotes its text.
        for p in &f.places {
            for (sentence, text, sentences, marks) in [
                (
                    p.source_sentence,
                    &p.source_text,
                    &report.source.sentences,
                    &mut src_marks,
                ),
                (
                    p.rewrite_sentence,
                    &p.rewrite_text,
                    &report.rewrite.sentences,
                    &mut rw_marks,
                ),
            ] {
                let (Some(sid), Some(t)) = (sentence, text) else {
                    continue;
                };
                let Some(s) = sentences.get(sid) else {
                    continue;
                };
                if let Some((start, end)) = find_chars(&s.text, t) {
                    marks.entry(sid).or_default().push(MarkSpan {
                        start,
                        end,
                        finding: f.id,
                        kind: f.kind,
                        minor: f.minor,
                    });
                }
            }
        }
        let mut placed = false;
        for (sentence, text, sentences, marks) in [
            (
                f.source_sentence,
                &f.source_text,
                &report.source.sentences,
                &mut src_marks,
            ),
            (
                f.rewrite_sentence,
                &f.rewrite_text,
                &report.rewrite.sentences,
                &mut rw_marks,
            ),
        ] {
            let Some(sid) = sentence else { continue };
            let Some(s) = sentences.get(sid) else {
                continue;
            };
            let range = match text {
                Some(t) => find_chars(&s.text, t),
                None => None,
            };
            if let Some((start, end)) = range {
                marks.entry(sid).or_default().push(MarkSpan {
                    start,
                    end,
                    finding: f.id,
                    kind: f.kind,
                    minor: f.minor,
                });
                placed = true;
            }
        }
        if !placed {
            // Nothing quoted: mark the whole sentence on the side that has one.
            let target = f
                .rewrite_sentence
                .and_then(|s| {
                    report
                        .rewrite
                        .sentences
                        .get(s)
                        .map(|x| (s, x, &mut rw_marks))
                })
                .or_else(|| {
                    f.source_sentence.and_then(|s| {
                        report
                            .source
                            .sentences
                            .get(s)
                            .map(|x| (s, x, &mut src_marks))
                    })
                });
            if let Some((sid, s, marks)) = target {
                let end = s.text.chars().count();
                marks.entry(sid).or_default().push(MarkSpan {
                    start: 0,
                    end,
                    finding: f.id,
                    kind: f.kind,
                    minor: f.minor,
                });
            }
        }
    }
    (src_marks, rw_marks)
}
