//! `omitted` and `added`: sentences with no counterpart on the other side.
//!
//! A run of consecutive omitted story sentences is one finding (its first
//! sentence is the place, the others are further places), so a dropped
//! paragraph is one change to read, not five. Each note says what the
//! sentences were about, with the words a reader can look for: the names,
//! numbers and rarest words of the run.

use foldhash::{HashMap, HashSet, HashSetExt};

use crate::align::calendar;
use crate::align::tokens::Token;
use crate::align::Prepared;
use crate::report::{Finding, FindingKind, Place, SentenceRole};

use super::name_variants::fold;

/// The findings for a side's unmatched sentences: `omitted` for the
/// original, `added` for the copy. `ids` are the unmatched sentences.
pub(super) fn omitted(src: &Prepared, ids: &[usize]) -> Vec<Finding> {
    let mut out = Vec::new();
    let spread = spread(src);
    let unmatched = |s: usize| ids.binary_search(&s).is_ok();
    let mut run: Vec<usize> = Vec::new();
    let flush = |run: &mut Vec<usize>, out: &mut Vec<Finding>| {
        if let Some((&first, rest)) = run.split_first() {
            let text = src.segs[first].text.clone();
            out.push(Finding {
                kind: FindingKind::Omitted,
                source_sentence: Some(first),
                source_text: Some(text),
                note: omitted_note(src, &spread, run),
                places: rest
                    .iter()
                    .map(|&s| Place {
                        source_sentence: Some(s),
                        rewrite_sentence: None,
                        source_text: Some(src.segs[s].text.clone()),
                        rewrite_text: None,
                    })
                    .collect(),
                ..Finding::default()
            });
        }
        run.clear();
    };
    for s in 0..src.segs.len() {
        // Captions and furniture are not story: they neither join nor
        // break a run, and are no finding.
        if !src.segs[s].role.is_story() {
            continue;
        }
        match unmatched(s) {
            true => run.push(s),
            false => flush(&mut run, &mut out),
        }
    }
    flush(&mut run, &mut out);
    out
}

pub(super) fn added(rw: &Prepared, ids: &[usize]) -> Vec<Finding> {
    let spread = spread(rw);
    ids.iter()
        .filter(|&&r| rw.segs[r].role.is_story())
        .map(|&r| Finding {
            kind: FindingKind::Added,
            rewrite_sentence: Some(r),
            rewrite_text: Some(rw.segs[r].text.clone()),
            note: added_note(rw, &spread, r),
            ..Finding::default()
        })
        .collect()
}

/// Longest heading quoted whole in a note, in characters.
const QUOTED_HEADING: usize = 80;
/// Added sentences up to this many characters are quoted whole.
const QUOTED_SHORT_SENTENCE: usize = 32;

fn omitted_note(src: &Prepared, spread: &Spread, run: &[usize]) -> String {
    if let [s] = run {
        let seg = &src.segs[*s];
        if seg.role == SentenceRole::Heading && seg.text.chars().count() <= QUOTED_HEADING {
            return format!(
                "The heading \u{201c}{}\u{201d} of the original is not in the copy.",
                seg.text
            );
        }
    }
    let about = salient(src, spread, run);
    let what = match run.len() {
        1 => "This sentence of the original is not in the copy".to_string(),
        n => format!("These {n} consecutive sentences of the original are not in the copy"),
    };
    match about.is_empty() {
        // No name, number or rare word stood out (text without capitals,
        // a script read by character pairs): its opening words say which.
        true => format!(
            "{what}: it began \u{201c}{}\u{201d}.",
            opening(&src.segs[run[0]].text)
        ),
        false => format!(
            "{what}: {} about {}.",
            if run.len() == 1 {
                "it was"
            } else {
                "they were"
            },
            list(&about)
        ),
    }
}

fn added_note(rw: &Prepared, spread: &Spread, r: usize) -> String {
    let seg = &rw.segs[r];
    let length = seg.text.chars().count();
    if seg.role == SentenceRole::Heading && length <= QUOTED_HEADING {
        return format!(
            "The copy adds the heading \u{201c}{}\u{201d}, which the original does not have.",
            seg.text
        );
    }
    // A short sentence ("What happened?") says more quoted whole than by
    // its salient words, which two such questions may share.
    if length <= QUOTED_SHORT_SENTENCE {
        return format!(
            "The copy adds \u{201c}{}\u{201d}, which has no source in the original.",
            seg.text
        );
    }
    let about = salient(rw, spread, &[r]);
    match about.is_empty() {
        true => format!(
            "This sentence of the copy has no source in the original: it begins \u{201c}{}\u{201d}.",
            opening(&seg.text)
        ),
        false => format!(
            "This sentence of the copy has no source in the original: it adds {}.",
            list(&about)
        ),
    }
}

/// The first words of a sentence, up to about 40 letters, cut at a
/// space where there is one (or between characters in scripts without
/// spaces), with an ellipsis when cut.
fn opening(text: &str) -> String {
    const LONGEST: usize = 40;
    use unicode_segmentation::UnicodeSegmentation;
    // Cut between grapheme clusters, never inside an accented letter.
    let Some((cut, _)) = text.grapheme_indices(true).nth(LONGEST) else {
        return text.to_string();
    };
    let head = &text[..cut];
    let head = match head.rfind(' ') {
        Some(space) if space > cut / 2 => &head[..space],
        _ => head,
    };
    format!("{}\u{2026}", head.trim_end_matches([',', ';', ':', ' ']))
}

/// "“A”", "“A” and “B”", "“A”, “B” and “C”".
fn list(items: &[String]) -> String {
    let q: Vec<String> = items
        .iter()
        .map(|x| format!("\u{201c}{x}\u{201d}"))
        .collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        n => format!("{} and {}", q[..n - 1].join(", "), q[n - 1]),
    }
}

/// Most words named in a note.
const SALIENT: usize = 4;
/// Of which names, at most.
const NAMES: usize = 2;
/// And numbers.
const NUMBERS: usize = 1;

/// How many sentences of a whole side use each stem: rare words tell a few
/// sentences apart from the rest. Counted once per side, not per note (per
/// note, a text of thousands of unmatched sentences took minutes).
type Spread<'a> = HashMap<&'a str, usize>;

/// Whether [`salient`] may name `t` as a content word (and so asks for the
/// spread of its stem).
fn content_word(t: &Token) -> bool {
    !t.stop() && !t.cap() && t.number().is_none() && t.lower().chars().count() >= 4
}

fn spread<'a>(side: &Prepared<'a>) -> Spread<'a> {
    // Only the stems of content words are ever asked for: counting every
    // stem held one entry per distinct word of the side (150 MB for 15 MB
    // of Chinese, whose character pairs are never content words).
    let mut spread: Spread = side
        .toks
        .iter()
        .flatten()
        .filter(|t| content_word(t))
        .map(|t| (t.stem(), 0))
        .collect();
    for toks in side.toks.iter() {
        let mut seen: Vec<&str> = toks
            .iter()
            .map(|t| t.stem())
            .filter(|stem| spread.contains_key(stem))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for w in seen {
            *spread.entry(w).or_default() += 1;
        }
    }
    spread
}

/// What sentences are about, in their own words: names first (runs of
/// capitalised words inside sentences), then numbers with the word they
/// count, then the content words the rest of the text uses least.
fn salient(side: &Prepared, spread: &Spread, ids: &[usize]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut numbers: Vec<String> = Vec::new();
    let mut words: Vec<(usize, bool, usize, usize, String)> = Vec::new();
    let mut listed: HashSet<String> = HashSet::new();
    for &s in ids {
        let text = &side.segs[s].text;
        let toks = &side.toks[s];
        let mut k = 0;
        while k < toks.len() {
            let t = &toks[k];
            if t.cap() && k > 0 && !t.stop() && !is_calendar_word(t.lower()) {
                let mut last = k;
                while last + 1 < toks.len()
                    && toks[last + 1].cap()
                    && text[toks[last].end..toks[last + 1].start].trim().is_empty()
                {
                    last += 1;
                }
                push_new(&mut names, NAMES, &text[t.start..toks[last].end]);
                k = last + 1;
                continue;
            }
            if t.number().is_some() && t.lower().starts_with(|c: char| c.is_ascii_digit()) {
                push_new(&mut numbers, NUMBERS, &number_phrase(text, toks, k));
            } else if content_word(t) {
                let n = spread.get(t.stem()).copied().unwrap_or(1);
                let w = fold(t.lower()).into_owned();
                // Nouns say best what a passage is about; verb and adverb
                // endings are a cheap sign of the rest.
                let verbish = ["ing", "ed", "ly"].iter().any(|e| w.ends_with(e));
                if listed.insert(w.clone()) {
                    words.push((n, verbish, usize::MAX - t.lower().len(), words.len(), w));
                }
            }
            k += 1;
        }
    }
    words.sort();
    let mut out: Vec<String> = Vec::new();
    out.extend(names);
    out.extend(numbers);
    for (_, _, _, _, w) in words {
        if out.len() >= SALIENT {
            break;
        }
        if !out.iter().any(|x| x.to_lowercase().contains(&w)) {
            out.push(w);
        }
    }
    out
}

/// A number with the word after it when that word is what it counts or
/// measures ("640 jobs", "4.2 billion", "8 percent").
fn number_phrase(text: &str, toks: &[Token], k: usize) -> String {
    let end = match toks.get(k + 1) {
        Some(n) if text[toks[k].end..n.start].trim().is_empty() && !n.stop() => n.end,
        _ => toks[k].end,
    };
    text[toks[k].start..end].to_string()
}

/// Adds `x` to `v` unless it is there or `v` holds `max` already (a run of
/// thousands of sentences has thousands of names: only the first few are
/// told, and looking each up in all the others would take the square of
/// their count).
fn push_new(v: &mut Vec<String>, max: usize, x: &str) {
    if v.len() < max && !v.iter().any(|y| y == x) {
        v.push(x.to_string());
    }
}

/// Days and months: capitalised, but no name a passage is about.
fn is_calendar_word(w: &str) -> bool {
    calendar::MONTHS.contains(&w) || calendar::WEEKDAYS.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::super::found;
    use crate::report::FindingKind;

    const SRC: &str = "The harbour of Kestrelford will be dredged next spring, the port authority said.\n\nThe work will cost 12 million crowns and take four months.\n\nFishing boats will use the northern quay while it lasts.\n\nLocal divers found an eighteenth-century cannon in the silt last year.\n\nThe cannon is now on show at the Kestrelford maritime museum.\n\nThe port authority will publish a timetable in January.\n";
    const RW: &str = "The harbour of Kestrelford will be dredged next spring, the port authority said.\n\nThe port authority will publish a timetable in January.\n\nResidents can comment on the plans online.\n";

    #[test]
    fn a_run_of_omitted_sentences_is_one_finding_saying_what_it_was_about() {
        let text = |file| crate::align::Text::plain("t", file);
        let rep = crate::align::align(
            &text(SRC),
            &text(RW),
            &crate::align::AlignOptions::default(),
        );
        let omitted: Vec<_> = rep
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::Omitted)
            .collect();
        assert_eq!(omitted.len(), 1, "{omitted:?}");
        assert_eq!(omitted[0].source_sentence, Some(1));
        let rest: Vec<_> = omitted[0]
            .places
            .iter()
            .map(|p| p.source_sentence)
            .collect();
        assert_eq!(rest, vec![Some(2), Some(3), Some(4)]);
        let note = &omitted[0].note;
        assert!(note.contains("4 consecutive sentences"), "{note}");
        assert!(
            note.contains("Kestrelford") && note.contains("12 million"),
            "{note}"
        );
    }

    #[test]
    fn short_added_questions_are_quoted_whole_and_told_apart() {
        let rw = format!("{RW}\nWhat happened?\n\nHas this happened before?\n");
        let f = found(SRC, &rw, FindingKind::Added);
        let notes: Vec<&str> = f.iter().map(|x| x.2.as_str()).collect();
        assert!(
            notes.contains(&"The copy adds \u{201c}What happened?\u{201d}, which has no source in the original."),
            "{notes:?}"
        );
        assert!(
            notes
                .iter()
                .any(|n| n.contains("\u{201c}Has this happened before?\u{201d}")),
            "{notes:?}"
        );
    }

    #[test]
    fn added_sentences_say_what_they_add() {
        let f = found(SRC, RW, FindingKind::Added);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].2.contains("\u{201c}comment\u{201d}")
                || f[0].2.contains("\u{201c}plans\u{201d}")
                || f[0].2.contains("\u{201c}online\u{201d}"),
            "{}",
            f[0].2
        );
    }
}
