//! Marking up one sentence: changed words (`<del>`/`<ins>`) and findings
//! (`<mark>`), built from escaped text so article text can never become markup.

use std::fmt::Write;

use crate::report::{DiffSpan, FindingKind};

use super::escape::push_html_escaped;

/// A finding to mark within a sentence, in character offsets of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkSpan {
    pub start: usize,
    pub end: usize,
    /// The finding's number ([`Finding::id`](crate::report::Finding::id)).
    pub finding: usize,
    pub kind: FindingKind,
    /// A minor finding's mark: styled quieter, left out of walking through
    /// the changes and of the exercise (it is no `finding-mark`).
    pub minor: bool,
}

/// Which side a sentence is on, deciding how changed words are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentenceSide {
    /// Source side: words the copy removed are `<del>`.
    Source,
    /// Rewrite side: words the copy added are `<ins>`.
    Rewrite,
}

/// Character range of the first occurrence of `needle` in `haystack`.
pub fn find_chars(haystack: &str, needle: &str) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    let byte = haystack.find(needle)?;
    let start = haystack[..byte].chars().count();
    Some((start, start + needle.chars().count()))
}

/// Spreads a group's word diff over the sentences of one side: for each
/// sentence, whether each character was changed. The diff's spans cover the
/// side's sentences joined by one space, each by its length
/// ([`Group::diff`](crate::report::Group::diff)); `None` when their lengths
/// do not add up to these sentences (then no words are marked rather than
/// wrong ones).
pub fn map_diff(
    diff: &[DiffSpan],
    side: SentenceSide,
    sentences: &[&str],
) -> Option<Vec<Vec<bool>>> {
    let joined_len = sentences.iter().map(|s| s.chars().count()).sum::<usize>()
        + sentences.len().saturating_sub(1);
    let mut changed: Vec<bool> = Vec::with_capacity(joined_len);
    for span in diff {
        let is_changed = match (span, side) {
            (DiffSpan::Equal { .. }, _) => false,
            (DiffSpan::Delete { .. }, SentenceSide::Source)
            | (DiffSpan::Insert { .. }, SentenceSide::Rewrite) => true,
            // The other side's words.
            _ => continue,
        };
        if changed.len() + span.len() > joined_len {
            return None;
        }
        changed.resize(changed.len() + span.len(), is_changed);
    }
    if changed.len() != joined_len {
        return None;
    }
    let mut out = Vec::with_capacity(sentences.len());
    let mut at = 0;
    for sentence in sentences {
        let n = sentence.chars().count();
        let mut flags = changed[at..at + n].to_vec();
        settle_white(&mut flags, sentence.chars().map(char::is_whitespace));
        out.push(flags);
        // Past the space that joins it to the next.
        at += n + 1;
    }
    Some(out)
}

/// Whitespace belongs to a change only when the characters on both sides
/// of it in the sentence are changed: sets each run of it (`white`, a flag
/// per character) to that, and a run at either end to unchanged.
fn settle_white(flags: &mut [bool], white: impl Iterator<Item = bool>) {
    let mut before = false;
    let mut run_start = None;
    for (i, white) in white.enumerate() {
        if white {
            run_start.get_or_insert(i);
        } else {
            let here = flags[i];
            if let Some(run) = run_start.take() {
                flags[run..i].fill(before && here);
            }
            before = here;
        }
    }
    if let Some(run) = run_start {
        flags[run..].fill(false);
    }
}

/// HTML for one sentence's text with changed words and findings marked.
/// `changed` has one flag per character (or is `None`); `marks` may overlap,
/// in which case the later one is dropped (its card still lists it).
pub fn annotate_sentence(
    text: &str,
    side: SentenceSide,
    changed: Option<&[bool]>,
    marks: &[MarkSpan],
) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    push_annotated_sentence(&mut out, text, side, changed, marks);
    out
}

/// Appends [`annotate_sentence`]'s HTML to `out`.
pub fn push_annotated_sentence(
    out: &mut String,
    text: &str,
    side: SentenceSide,
    changed: Option<&[bool]>,
    marks: &[MarkSpan],
) {
    let changed = changed.filter(|flags| flags.contains(&true));
    if changed.is_none() && marks.is_empty() {
        // Nothing to mark, as in most sentences.
        push_html_escaped(out, text);
        return;
    }
    // Byte offset of each character, and of the end: marks and flags count
    // characters, slices take bytes. In ASCII text they are the same.
    let offsets: Vec<usize> = match text.is_ascii() {
        true => Vec::new(),
        false => text
            .char_indices()
            .map(|(at, _)| at)
            .chain(std::iter::once(text.len()))
            .collect(),
    };
    let byte_at = |i: usize| if offsets.is_empty() { i } else { offsets[i] };
    let char_count = match offsets.len() {
        0 => text.len(),
        n => n - 1,
    };
    // Where grapheme clusters start (and the end): a mark or a change never
    // stops inside one, so an accent typed apart, an emoji sequence or a
    // flag is never split (empty for ASCII text: every character is one).
    let clusters = cluster_starts(text, offsets.len());
    let at_cluster = |i: usize| clusters.is_empty() || clusters[i];
    let snapped: Vec<MarkSpan> = marks
        .iter()
        .filter(|m| m.start < m.end && m.end <= char_count)
        .map(|m| {
            let (mut start, mut end) = (m.start, m.end);
            while !at_cluster(start) {
                start -= 1;
            }
            while !at_cluster(end) {
                end += 1;
            }
            MarkSpan {
                start,
                end,
                ..m.clone()
            }
        })
        .collect();
    let mut marks: Vec<&MarkSpan> = snapped.iter().collect();
    marks.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end), m.finding));
    // Overlapping findings share the first mark: it lists them in `data-also`.
    let mut kept: Vec<(&MarkSpan, Vec<&MarkSpan>)> = Vec::with_capacity(marks.len());
    for m in marks {
        match kept.last_mut() {
            Some((k, also)) if m.start < k.end => also.push(m),
            _ => kept.push((m, Vec::new())),
        }
    }
    // What a screen reader says before a changed word ("removed in the
    // copy: ", "added in the copy: ") is the theme's style's to add
    // (`del::before`, `ins::before`), once rather than in every word.
    let tag = match side {
        SentenceSide::Source => "del",
        SentenceSide::Rewrite => "ins",
    };

    // Characters past the flags are unchanged.
    let flags = changed.unwrap_or(&[]);
    let is_changed = |i: usize| flags.get(i).copied().unwrap_or(false);
    // Characters `from..to`, changed words wrapped in `tag`.
    let push_run = |out: &mut String, from: usize, to: usize| {
        let mut i = from;
        while i < to {
            let run_changed = is_changed(i);
            // The end of the run of characters changed alike.
            let flagged = to.min(flags.len());
            let mut j = i + 1;
            while j < flagged && (flags[j] == run_changed || !at_cluster(j)) {
                j += 1;
            }
            if j >= flagged && !run_changed {
                j = to;
            }
            while j < to && !at_cluster(j) {
                j += 1;
            }
            let piece = &text[byte_at(i)..byte_at(j)];
            if run_changed && !piece.trim().is_empty() {
                out.push('<');
                out.push_str(tag);
                out.push('>');
                push_html_escaped(out, piece);
                out.push_str("</");
                out.push_str(tag);
                out.push('>');
            } else {
                push_html_escaped(out, piece);
            }
            i = j;
        }
    };
    let mut pos = 0;
    for (m, also) in kept {
        push_run(out, pos, m.start);
        push_mark_start(out, m, &also);
        push_run(out, m.start, m.end);
        out.push_str("</mark>");
        pos = m.end;
    }
    push_run(out, pos, char_count);
}

/// For each of the `n - 1` characters of `text` and its end, whether a
/// grapheme cluster starts there; empty when `n` is 0 (ASCII text, where
/// each character is a cluster of its own).
fn cluster_starts(text: &str, n: usize) -> Vec<bool> {
    use unicode_segmentation::UnicodeSegmentation;
    if n == 0 {
        return Vec::new();
    }
    let mut starts = vec![false; n];
    let mut chars = 0;
    for g in text.graphemes(true) {
        starts[chars] = true;
        chars += g.chars().count();
    }
    starts[chars] = true;
    starts
}

/// Opens the `<mark>` of finding `m`, listing the findings it hides in `also`.
fn push_mark_start(out: &mut String, m: &MarkSpan, also: &[&MarkSpan]) {
    let kind = m.kind.as_str();
    out.push_str(if m.minor {
        "<mark class=\"minor-mark kind-"
    } else {
        "<mark class=\"finding-mark kind-"
    });
    out.push_str(kind);
    out.push_str("\" data-finding=\"");
    let _ = write!(out, "{}", m.finding);
    out.push('"');
    if !also.is_empty() {
        out.push_str(" data-also=\"");
        for (i, a) in also.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let _ = write!(out, "{}", a.finding);
        }
        out.push('"');
    }
    out.push_str("><span class=\"sr-only\">[");
    if m.minor {
        out.push_str("Minor: ");
    }
    push_html_escaped(out, m.kind.label());
    for a in also {
        out.push_str(", ");
        push_html_escaped(out, a.kind.label());
    }
    out.push_str("] </span>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::DiffOp;

    fn span(op: DiffOp, text: &str) -> DiffSpan {
        DiffSpan::new(op, text)
    }

    #[test]
    fn text_is_escaped() {
        let html = annotate_sentence(
            "<script>alert(1)</script> & \"x\"",
            SentenceSide::Source,
            None,
            &[],
        );
        assert_eq!(
            html,
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"
        );
    }

    #[test]
    fn diff_maps_over_sentences() {
        let diff = vec![
            span(DiffOp::Equal, "The minister "),
            span(DiffOp::Delete, "Margarethe"),
            span(DiffOp::Insert, "Margret"),
            span(DiffOp::Equal, " spoke. She left."),
        ];
        let src = map_diff(
            &diff,
            SentenceSide::Source,
            &["The minister Margarethe spoke.", "She left."],
        )
        .unwrap();
        assert!(src[0][13..23].iter().all(|c| *c));
        assert!(!src[0][0..13].iter().any(|c| *c));
        assert!(!src[1].iter().any(|c| *c));
        let rw = map_diff(
            &diff,
            SentenceSide::Rewrite,
            &["The minister Margret spoke. She left."],
        )
        .unwrap();
        let html = annotate_sentence(
            "The minister Margret spoke. She left.",
            SentenceSide::Rewrite,
            Some(&rw[0]),
            &[],
        );
        assert!(html.contains("<ins>Margret</ins>"), "{html}");
        assert!(map_diff(&diff, SentenceSide::Source, &["Something else."]).is_none());
    }

    #[test]
    fn marks_nest_around_diffs() {
        let text = "said Ilan Baro today";
        let changed: Vec<bool> = text
            .chars()
            .enumerate()
            .map(|(i, _)| (5..9).contains(&i))
            .collect();
        let marks = [
            MarkSpan {
                start: 5,
                end: 14,
                finding: 2,
                kind: FindingKind::NameChanged,
                minor: false,
            },
            MarkSpan {
                start: 7,
                end: 16,
                finding: 3,
                kind: FindingKind::Note,
                minor: false,
            },
        ];
        let html = annotate_sentence(text, SentenceSide::Source, Some(&changed), &marks);
        assert_eq!(
            html,
            "said <mark class=\"finding-mark kind-name_changed\" data-finding=\"2\" data-also=\"3\">\
             <span class=\"sr-only\">[Name changed, Author&#39;s note] </span><del>Ilan</del> Baro</mark> today"
        );
    }

    #[test]
    fn marks_and_changes_count_characters_not_bytes() {
        let text = "Zürich – sagte Müller";
        let changed: Vec<bool> = (0..text.chars().count()).map(|i| i >= 15).collect();
        let marks = [MarkSpan {
            start: 9,
            end: 14,
            finding: 0,
            kind: FindingKind::Note,
            minor: false,
        }];
        let html = annotate_sentence(text, SentenceSide::Rewrite, Some(&changed), &marks);
        assert_eq!(
            html,
            "Zürich – <mark class=\"finding-mark kind-note\" data-finding=\"0\">\
             <span class=\"sr-only\">[Author&#39;s note] </span>sagte</mark> \
             <ins>Müller</ins>"
        );
        // Nothing to mark: the text, escaped.
        let plain = annotate_sentence("a < ü", SentenceSide::Source, Some(&[false; 5]), &[]);
        assert_eq!(plain, "a &lt; ü");
    }

    #[test]
    fn a_diff_maps_onto_the_sentences_it_spells() {
        let diff = vec![
            span(DiffOp::Equal, "The  minister "),
            span(DiffOp::Delete, "Margarethe Olvansky"),
            span(DiffOp::Insert, "Margret Olvanskiy"),
            span(DiffOp::Equal, " spoke. She left"),
            span(DiffOp::Insert, " early"),
            span(DiffOp::Equal, "."),
        ];
        // The changed words and the space between two of them are flagged.
        let text = "The  minister Margret Olvanskiy spoke. She left early.";
        let flags = map_diff(&diff, SentenceSide::Rewrite, &[text]).unwrap();
        let marked: String = text
            .chars()
            .zip(&flags[0])
            .map(|(c, &changed)| if changed { c } else { '_' })
            .collect();
        assert_eq!(
            marked,
            "______________Margret Olvanskiy_________________early_"
        );
        // Two sentences, joined by one space as the diff spells them.
        let source = ["The  minister Margarethe Olvansky spoke.", "She left."];
        let flags = map_diff(&diff, SentenceSide::Source, &source).unwrap();
        assert_eq!(flags.iter().map(Vec::len).collect::<Vec<_>>(), [40, 9]);
        assert!(flags[0][14..33].iter().all(|&changed| changed));
        assert!(flags[1].iter().all(|&changed| !changed));
        // Sentences the diff does not spell: nothing is marked.
        assert!(map_diff(&diff, SentenceSide::Source, &["The minister"]).is_none());
        assert!(map_diff(&diff, SentenceSide::Rewrite, &["She left early."]).is_none());
        let more = ["The  minister Margarethe Olvansky spoke. She left. More"];
        assert!(map_diff(&diff, SentenceSide::Source, &more).is_none());
        // The spans give lengths, not words: the sentences are the text, so
        // a changed word of the same length is simply what the span covers.
        let renamed = ["The  minister Margarethe Olvanski spoke. She left."];
        assert!(map_diff(&diff, SentenceSide::Source, &renamed).is_some());
    }

    #[test]
    fn the_aligners_diff_always_maps_onto_its_sentences() {
        let pairs: [(&[&str], &[&str]); 4] = [
            (
                &[
                    "Finance minister Margarethe Olvansky said the plan stays.",
                    "It rose 4.2%.",
                ],
                &[
                    "Finance minister Margret Olvanskiy said: the plan is on hold.",
                    "It rose 2.4%.",
                ],
            ),
            (
                &["We will not raise the rate this year, she said."],
                &["We will not increase rates this year,  she stated ."],
            ),
            (&["A  B C.", "D E F."], &["A X C.", "D", "E G."]),
            (&["Kept whole."], &["Kept whole."]),
        ];
        for (old, new) in pairs {
            let diff = crate::align::diff::diff(&old.join(" "), &new.join(" ")).spans;
            for (side, sentences) in [(SentenceSide::Source, old), (SentenceSide::Rewrite, new)] {
                let flags = map_diff(&diff, side, sentences);
                let lengths: Option<Vec<usize>> = flags.map(|f| f.iter().map(Vec::len).collect());
                let expected: Vec<usize> = sentences.iter().map(|s| s.chars().count()).collect();
                assert_eq!(lengths, Some(expected), "{sentences:?}");
            }
        }
    }

    #[test]
    fn marks_and_changes_never_split_a_grapheme() {
        // "Nguyễn" typed with combining marks, a family emoji and a flag.
        let text = "Ông Nguye\u{302}\u{303}n 👩\u{200d}👩\u{200d}👧 🇻🇳 nói";
        let n = text.chars().count();
        // A change flagged on the base letter only, and on one person of
        // the emoji; a mark ending inside the name.
        let changed: Vec<bool> = (0..n).map(|i| i == 8 || i == 13).collect();
        let marks = [MarkSpan {
            start: 4,
            end: 9,
            finding: 0,
            kind: FindingKind::NameChanged,
            minor: false,
        }];
        let html = annotate_sentence(text, SentenceSide::Rewrite, Some(&changed), &marks);
        assert!(
            html.contains("e\u{302}\u{303}</ins></mark>n"),
            "the letter with its accents is changed and marked whole: {html}"
        );
        assert!(
            html.contains("<ins>👩\u{200d}👩\u{200d}👧</ins>"),
            "the emoji sequence is changed whole: {html}"
        );
        // Every tag boundary falls between clusters: no tag is followed
        // by a combining mark or a joiner.
        for bad in [">\u{302}", ">\u{303}", ">\u{200d}", ">🇳"] {
            assert!(!html.contains(bad), "{bad:?} in {html}");
        }
    }

    #[test]
    fn find_chars_counts_characters() {
        assert_eq!(find_chars("Zürich said x", "said"), Some((7, 11)));
        assert_eq!(find_chars("abc", ""), None);
    }
}
