//! `quote_changed` and `quote_dropped`: what happened to the words inside
//! quotation marks.
//!
//! A source quotation is matched with the most similar quotation of the
//! rewrite group. If their words differ (case, punctuation, quote-mark style
//! and spacing ignored) the quote was altered while still being presented as
//! the speaker's words. If no rewrite quotation matches and its words are
//! no rewrite quotation matches, the quotation was dropped, even when its
//! words survive as unquoted paraphrase or reported speech: the reader can
//! no longer tell what the speaker actually said. A whole omitted sentence is
//! reported as `omitted` only.

use crate::align::tokens::{comparable_words, script, Script};
use crate::report::{Finding, FindingKind};

use super::{finding, GroupView};

/// A quoted passage: byte ranges in the sentence text, marks included and
/// excluded.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Quote {
    pub start: usize,
    pub end: usize,
    pub inner_start: usize,
    pub inner_end: usize,
}

fn opens(c: char) -> Option<&'static [char]> {
    match c {
        '“' => Some(&['”', '"', '“']),
        '"' => Some(&['"', '”']),
        '«' => Some(&['»']),
        '„' => Some(&['“', '”', '"']),
        '‹' => Some(&['›']),
        '「' => Some(&['」']),
        '『' => Some(&['』']),
        '‚' => Some(&['‘', '’']),
        '‘' => Some(&['’', '\'']),
        '\'' => Some(&['\'', '’']),
        _ => None,
    }
}

/// Quoted passages of a sentence, in order. A quotation that opens and does
/// not close in the sentence runs to its end (quotations spanning sentences).
pub(crate) fn quotes(text: &str) -> Vec<Quote> {
    // Most sentences have no mark that could open a quotation.
    if !text.chars().any(|c| opens(c).is_some()) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let n = chars.len();
    while i < n && out.len() < 200 {
        let (b, c) = chars[i];
        let prev = if i == 0 { ' ' } else { chars[i - 1].1 };
        let next = if i + 1 < n { chars[i + 1].1 } else { ' ' };
        // Chinese and Japanese text has no space before a quotation.
        let context_ok = prev.is_whitespace()
            || matches!(prev, '(' | '[' | '—' | '–' | ':' | '-' | '：' | '，')
            || script(prev) != Script::Spaced;
        let Some(closers) = opens(c) else {
            i += 1;
            continue;
        };
        let single = c == '\'' || c == '‘';
        if (matches!(c, '"' | '\'') && !context_ok) || (single && !next.is_alphanumeric()) {
            i += 1;
            continue;
        }
        // Find the closer.
        let mut j = i + 1;
        let mut found = None;
        while j < n {
            let (_, cj) = chars[j];
            let after = if j + 1 < n { chars[j + 1].1 } else { ' ' };
            if closers.contains(&cj)
                && !(single && after.is_alphanumeric())
                && !(cj == '“' && c == '“')
            {
                found = Some(j);
                break;
            }
            j += 1;
        }
        let inner_start = b + c.len_utf8();
        match found {
            Some(j) => {
                let (eb, ec) = chars[j];
                out.push(Quote {
                    start: b,
                    end: eb + ec.len_utf8(),
                    inner_start,
                    inner_end: eb,
                });
                i = j + 1;
            }
            None if !single => {
                out.push(Quote {
                    start: b,
                    end: text.len(),
                    inner_start,
                    inner_end: text.len(),
                });
                break;
            }
            None => i += 1,
        }
    }
    out.retain(|q| words(&text[q.inner_start..q.inner_end]).len() >= 2);
    out
}

/// Lower-case words of a passage, apostrophes unified (each Han or Kana
/// character a word).
pub(crate) fn words(s: &str) -> Vec<String> {
    comparable_words(s)
}

/// Dice similarity of two word lists (as multisets).
fn dice(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut used = vec![false; b.len()];
    let mut common = 0;
    for w in a {
        if let Some(k) = (0..b.len()).find(|&k| !used[k] && b[k] == *w) {
            used[k] = true;
            common += 1;
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

struct Q {
    sent: usize,
    q: Quote,
    words: Vec<String>,
}

pub(super) fn find(g: &GroupView) -> Vec<Finding> {
    let mut a = Vec::new();
    for &s in g.s_ids {
        let text = &g.src.segs[s].text;
        for q in quotes(text) {
            let words = words(&text[q.inner_start..q.inner_end]);
            a.push(Q { sent: s, q, words });
        }
    }
    if a.is_empty() {
        return Vec::new();
    }
    let mut b = Vec::new();
    for &r in g.r_ids {
        let text = &g.rw.segs[r].text;
        for q in quotes(text) {
            let words = words(&text[q.inner_start..q.inner_end]);
            b.push(Q { sent: r, q, words });
        }
    }
    // Greedy one-to-one matching, best pairs first.
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            let d = dice(&x.words, &y.words);
            if d >= 0.3 {
                pairs.push((d, i, j));
            }
        }
    }
    pairs.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
    let mut a_match: Vec<Option<usize>> = vec![None; a.len()];
    let mut b_used = vec![false; b.len()];
    for (_, i, j) in pairs {
        if a_match[i].is_none() && !b_used[j] {
            a_match[i] = Some(j);
            b_used[j] = true;
        }
    }
    let mut out = Vec::new();
    for (i, x) in a.iter().enumerate() {
        let stext = &g.src.segs[x.sent].text[x.q.start..x.q.end];
        match a_match[i] {
            Some(j) => {
                let y = &b[j];
                if x.words != y.words {
                    let rtext = &g.rw.segs[y.sent].text[y.q.start..y.q.end];
                    let sinner = &g.src.segs[x.sent].text[x.q.inner_start..x.q.inner_end];
                    let rinner = &g.rw.segs[y.sent].text[y.q.inner_start..y.q.inner_end];
                    out.push(finding(
                        FindingKind::QuoteChanged,
                        Some(x.sent),
                        Some(y.sent),
                        Some(stext),
                        Some(rtext),
                        format!(
                            "The copy still presents these as the speaker's words, but {}.",
                            describe_changes(sinner, rinner)
                        ),
                    ));
                }
            }
            None => {
                let r = best_rewrite(g, x.sent);
                let inner = g.src.segs[x.sent].text[x.q.inner_start..x.q.inner_end]
                    .trim()
                    .trim_end_matches([',', '.', ';', ':']);
                let note = match survives_unquoted(g, &x.words) {
                    true => format!("The quotation \u{201c}{inner}\u{201d} is no longer quoted: its words survive in the copy only as the copy's own, so the reader cannot tell what was actually said."),
                    false => format!("The quotation \u{201c}{inner}\u{201d} is gone from the copy."),
                };
                out.push(finding(
                    FindingKind::QuoteDropped,
                    Some(x.sent),
                    r,
                    Some(stext),
                    None,
                    note,
                ));
            }
        }
    }
    out
}

/// Whether most of a dropped quotation's words are still in the copy's group
/// (paraphrased or reported, no longer quoted).
fn survives_unquoted(g: &GroupView, quote_words: &[String]) -> bool {
    let r_words: Vec<String> = g
        .r_ids
        .iter()
        .flat_map(|&r| words(&g.rw.segs[r].text))
        .collect();
    let kept = quote_words.iter().filter(|w| r_words.contains(w)).count();
    kept * 3 >= quote_words.len() * 2
}

/// Words of a passage with their byte ranges, for quoting the changed ones
/// as written.
fn word_spans(s: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        let in_word = c.is_alphanumeric() || c == '\'' || c == '’';
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(b)) => {
                let w = &s[b..i];
                let lower = words(w).join(" ");
                if !lower.is_empty() {
                    // Trim quote-like apostrophes at the word's edges.
                    let t = w.trim_matches(['\'', '’']);
                    let off = w.len() - w.trim_start_matches(['\'', '’']).len();
                    out.push((b + off, b + off + t.len(), lower));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Says which words of a quotation were replaced, added or lost: "“raise
/// the rate” became “increase rates”; “this year” was dropped".
pub(crate) fn describe_changes(old: &str, new: &str) -> String {
    let (a, b) = (word_spans(old), word_spans(new));
    let ka: Vec<&str> = a.iter().map(|w| w.2.as_str()).collect();
    let kb: Vec<&str> = b.iter().map(|w| w.2.as_str()).collect();
    let text = |s: &str, v: &[(usize, usize, String)], r: std::ops::Range<usize>| -> String {
        s[v[r.start].0..v[r.end - 1].1].to_string()
    };
    let mut parts: Vec<String> = Vec::new();
    let mut open: Option<(std::ops::Range<usize>, std::ops::Range<usize>)> = None;
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &ka, &kb);
    let flush = |h: (std::ops::Range<usize>, std::ops::Range<usize>), parts: &mut Vec<String>| {
        let (o, n) = h;
        parts.push(match (o.is_empty(), n.is_empty()) {
            (false, false) => format!(
                "\u{201c}{}\u{201d} became \u{201c}{}\u{201d}",
                text(old, &a, o),
                text(new, &b, n)
            ),
            (false, true) => format!("\u{201c}{}\u{201d} was dropped", text(old, &a, o)),
            (true, false) => format!("\u{201c}{}\u{201d} was added", text(new, &b, n)),
            (true, true) => return,
        });
    };
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            if let Some(h) = open.take() {
                flush(h, &mut parts);
            }
            continue;
        }
        match open.as_mut() {
            Some(h) => {
                h.0.end = h.0.end.max(o.end);
                h.1.end = h.1.end.max(n.end);
            }
            None => open = Some((o, n)),
        }
    }
    if let Some(h) = open.take() {
        flush(h, &mut parts);
    }
    const SHOWN: usize = 3;
    let more = parts.len().saturating_sub(SHOWN);
    parts.truncate(SHOWN);
    let mut out = match parts.len() {
        0 => "its wording differs".to_string(),
        _ => parts.join("; "),
    };
    if more > 0 {
        out.push_str(&format!(
            " (and {more} more change{})",
            if more == 1 { "" } else { "s" }
        ));
    }
    out
}

/// The rewrite sentence of the group closest to source sentence `s`.
fn best_rewrite(g: &GroupView, s: usize) -> Option<usize> {
    let sw = words(&g.src.segs[s].text);
    g.r_ids
        .iter()
        .map(|&r| (dice(&sw, &words(&g.rw.segs[r].text)), r))
        .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)))
        .map(|(_, r)| r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qs(text: &str) -> Vec<&str> {
        quotes(text)
            .into_iter()
            .map(|q| &text[q.start..q.end])
            .collect()
    }

    #[test]
    fn finds_quotes() {
        assert_eq!(
            qs("“We will not raise it,” she said."),
            vec!["“We will not raise it,”"]
        );
        assert_eq!(
            qs("He said the plan \"stays on the table.\""),
            vec!["\"stays on the table.\""]
        );
        assert_eq!(qs("It's the minister's 'big idea' now"), vec!["'big idea'"]);
        assert_eq!(qs("“The quote runs on"), vec!["“The quote runs on"]);
        assert!(qs("a \"word\" only").is_empty());
    }

    #[test]
    fn changes_are_named_word_for_word() {
        assert_eq!(
            describe_changes(
                "We will not raise the rate this year,",
                "We will not increase rates this year."
            ),
            "\u{201c}raise the rate\u{201d} became \u{201c}increase rates\u{201d}"
        );
        assert_eq!(
            describe_changes(
                "The plan stays on the table for now",
                "The plan stays on the table"
            ),
            "\u{201c}for now\u{201d} was dropped"
        );
        assert_eq!(
            describe_changes("It was a hard year", "It was a very hard year, we admit"),
            "\u{201c}very\u{201d} was added; \u{201c}we admit\u{201d} was added"
        );
    }

    #[test]
    fn quote_style_is_not_a_change() {
        let a = words("“We will not raise the rate,”");
        let b = words("\"We will not raise the rate\"");
        assert_eq!(a, b);
    }
}
