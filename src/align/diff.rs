//! Word-level differences inside a group, computed with `similar`.
//!
//! `similar`'s own word diff splits on whitespace only, so "rate," and "rate"
//! would differ as whole words; here text is cut into words, whitespace runs
//! and single punctuation marks, and `similar` diffs those slices. Spans
//! cover both texts completely: the `equal` and `delete` spans in order spell
//! the source text, the `equal` and `insert` spans the rewrite text, each
//! span by its length alone, since the texts hold the words.

use similar::{capture_diff_slices, Algorithm, DiffTag};

use unicode_segmentation::UnicodeSegmentation;

use super::tokens;
use crate::report::{DiffOp, DiffSpan};
use crate::text::is_white_byte;

/// What a character is to [`diff_tokens`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Part of a word: a letter, a digit or an apostrophe.
    Word,
    Space,
    /// Anything else, and each Han or Kana character (text written without
    /// spaces): a token of its own.
    Mark,
}

fn class(c: char) -> Class {
    if c.is_alphanumeric() && tokens::script(c) == tokens::Script::Spaced || c == '\'' || c == '’'
    {
        Class::Word
    } else if c.is_whitespace() {
        Class::Space
    } else {
        Class::Mark
    }
}

/// [`class`] of an ASCII byte, from a table.
fn ascii_class(b: u8) -> Class {
    const TABLE: [Class; 128] = {
        let mut t = [Class::Mark; 128];
        let mut b = 0;
        while b < 128 {
            let c = b as u8;
            t[b] = if c.is_ascii_alphanumeric() || c == b'\'' {
                Class::Word
            } else if is_white_byte(c) {
                Class::Space
            } else {
                Class::Mark
            };
            b += 1;
        }
        t
    };
    TABLE[b as usize & 0x7f]
}

/// Cuts text into words, whitespace runs and single other characters; text
/// other than ASCII is cut between grapheme clusters only, so a change never
/// splits a letter from its accents, an emoji sequence or a flag.
pub fn diff_tokens(text: &str) -> Vec<&str> {
    // News prose makes about one token (word, space or mark) per 3 bytes.
    let mut out = Vec::with_capacity(text.len() / 3 + 4);
    // A byte at a time for ASCII (most news in English).
    match text.is_ascii() {
        true => cut(text, text.bytes().map(ascii_class).enumerate(), &mut out),
        false => cut(text, clusters(text), &mut out),
    }
    out
}

/// Each grapheme cluster of `text`: where it starts, and the [`class`] of
/// its first character (a joiner or zero-width mark joins the word it is in).
fn clusters(text: &str) -> impl Iterator<Item = (usize, Class)> + '_ {
    text.grapheme_indices(true).map(|(i, g)| {
        let first = g.chars().next().unwrap_or(' ');
        let k = match first {
            '\u{200C}' | '\u{200D}' => Class::Word,
            _ => class(first),
        };
        (i, k)
    })
}

/// [`diff_tokens`] from the class of each character and the byte where it starts.
fn cut<'a>(text: &'a str, classes: impl Iterator<Item = (usize, Class)>, out: &mut Vec<&'a str>) {
    let mut start = 0;
    let mut kind = Class::Mark;
    for (i, k) in classes {
        if i > start && (k != kind || k == Class::Mark) {
            out.push(&text[start..i]);
            start = i;
        }
        kind = k;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
}

/// How many of [`diff_tokens`]' tokens of `text` hold a letter or a digit
/// (its words), counted without cutting it up.
fn count_words(text: &str) -> usize {
    if !text.is_ascii() {
        return diff_tokens(text)
            .iter()
            .filter(|t| t.chars().any(char::is_alphanumeric))
            .count();
    }
    let (mut words, mut in_run, mut run_has_alnum) = (0, false, false);
    for b in text.bytes() {
        if ascii_class(b) == Class::Word {
            in_run = true;
            run_has_alnum |= b.is_ascii_alphanumeric();
        } else {
            if in_run && run_has_alnum {
                words += 1;
            }
            (in_run, run_has_alnum) = (false, false);
        }
    }
    words + usize::from(in_run && run_has_alnum)
}

/// Above this many tokens on a side, the diff is coarse (delete + insert).
/// No time deadline is used: output must not depend on machine load. The
/// heuristic Myers of `similar` bounds its own work on hard inputs.
const MAX_DIFF_TOKENS: usize = 6_000;

/// A word diff, and how alike it finds the two texts.
#[derive(Debug, Clone, PartialEq)]
pub struct WordDiff {
    pub spans: Vec<DiffSpan>,
    /// Share of word tokens the two texts have in common (0..=1).
    pub ratio: f64,
}

/// Word-level diff of `old` (source text) against `new` (rewrite text).
pub fn diff(old: &str, new: &str) -> WordDiff {
    // Copied sentences are the commonest group of all.
    if old == new {
        let spans = match old.is_empty() {
            true => Vec::new(),
            false => vec![DiffSpan::new(DiffOp::Equal, new)],
        };
        return WordDiff { spans, ratio: 1.0 };
    }
    let a = diff_tokens(old);
    let b = diff_tokens(new);
    let mut raw: Vec<(DiffOp, &str)> = Vec::new();
    if a.len() > MAX_DIFF_TOKENS || b.len() > MAX_DIFF_TOKENS {
        raw.push((DiffOp::Delete, old));
        raw.push((DiffOp::Insert, new));
    } else {
        let ops = capture_diff_slices(Algorithm::Myers, &a, &b);
        raw.reserve(ops.len() + 4);
        for op in ops {
            let (tag, or, nr) = op.as_tag_tuple();
            match tag {
                DiffTag::Equal => raw.push((DiffOp::Equal, spanned(new, &b[nr]))),
                DiffTag::Delete => raw.push((DiffOp::Delete, spanned(old, &a[or]))),
                DiffTag::Insert => raw.push((DiffOp::Insert, spanned(new, &b[nr]))),
                DiffTag::Replace => {
                    raw.push((DiffOp::Delete, spanned(old, &a[or])));
                    raw.push((DiffOp::Insert, spanned(new, &b[nr])));
                }
            }
        }
    }
    let runs = tidy(raw);
    WordDiff {
        ratio: word_ratio(&runs),
        spans: runs
            .iter()
            .map(|(op, text)| DiffSpan::new(*op, text))
            .collect(),
    }
}

/// The text a run of [`diff_tokens`] of `text` spans: their concatenation,
/// borrowed, as the tokens are consecutive slices of `text`.
fn spanned<'t>(text: &'t str, tokens: &[&'t str]) -> &'t str {
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return "";
    };
    let offset = |t: &str| t.as_ptr() as usize - text.as_ptr() as usize;
    &text[offset(first)..offset(last) + last.len()]
}

/// Folds whitespace- or punctuation-only equal runs between changes into the
/// changes, orders each change run as delete-then-insert, and merges: the
/// runs of the diff, each with its text.
fn tidy(raw: Vec<(DiffOp, &str)>) -> Vec<(DiffOp, String)> {
    let n = raw.len();
    let trivial = |s: &str| s.chars().all(|c| !c.is_alphanumeric()) && s.chars().count() <= 2;
    let mut out: Vec<(DiffOp, String)> = Vec::new();
    let mut del = String::new();
    let mut ins = String::new();
    let flush = |out: &mut Vec<(DiffOp, String)>, del: &mut String, ins: &mut String| {
        if !del.is_empty() {
            out.push((DiffOp::Delete, std::mem::take(del)));
        }
        if !ins.is_empty() {
            out.push((DiffOp::Insert, std::mem::take(ins)));
        }
    };
    for i in 0..n {
        let (op, text) = &raw[i];
        match op {
            DiffOp::Delete => del.push_str(text),
            DiffOp::Insert => ins.push_str(text),
            DiffOp::Equal => {
                let inside = (!del.is_empty() || !ins.is_empty())
                    && i + 1 < n
                    && raw[i + 1].0 != DiffOp::Equal;
                if inside && trivial(text) {
                    del.push_str(text);
                    ins.push_str(text);
                } else {
                    flush(&mut out, &mut del, &mut ins);
                    match out.last_mut() {
                        Some((DiffOp::Equal, last)) => last.push_str(text),
                        _ => out.push((DiffOp::Equal, text.to_string())),
                    }
                }
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    out.retain(|(_, text)| !text.is_empty());
    out
}

/// Share of word tokens the two texts have in common (0..=1), from the runs.
fn word_ratio(runs: &[(DiffOp, String)]) -> f64 {
    let words = count_words;
    let (mut eq, mut del, mut ins) = (0, 0, 0);
    for (op, text) in runs {
        match op {
            DiffOp::Equal => eq += words(text),
            DiffOp::Delete => del += words(text),
            DiffOp::Insert => ins += words(text),
        }
    }
    let total = 2 * eq + del + ins;
    if total == 0 {
        1.0
    } else {
        2.0 * eq as f64 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The side of the diff of `old` against `new` that leaves out `skip`'s
    /// spans, spelt by walking the spans over both texts.
    fn side(old: &str, new: &str, spans: &[DiffSpan], skip: DiffOp) -> String {
        crate::report::spell_diff(spans, old, new)
            .expect("the spans cover both texts")
            .into_iter()
            .filter(|(op, _)| *op != skip)
            .map(|(_, text)| text)
            .collect()
    }

    /// The texts of the changed spans, in order.
    fn changes<'t>(old: &'t str, new: &'t str, spans: &[DiffSpan]) -> Vec<&'t str> {
        crate::report::spell_diff(spans, old, new)
            .expect("the spans cover both texts")
            .into_iter()
            .filter(|(op, _)| *op != DiffOp::Equal)
            .map(|(_, text)| text)
            .collect()
    }

    #[test]
    fn spans_cover_both_texts() {
        let a = "We will not raise the rate this year, she said.";
        let b = "We will not increase rates this year, she stated.";
        let d = diff(a, b);
        assert_eq!(side(a, b, &d.spans, DiffOp::Insert), a);
        assert_eq!(side(a, b, &d.spans, DiffOp::Delete), b);
        assert!(changes(a, b, &d.spans).iter().any(|t| t.contains("raise")));
        assert!(d.ratio > 0.5 && d.ratio < 1.0);
        assert_eq!(diff(a, a).ratio, 1.0);
        // Text in any script: lengths count characters, not bytes.
        let (a, b) = (
            "Zürich – «ja» sagte Müller.",
            "Zürich – «nein» sagte Müller.",
        );
        let d = diff(a, b);
        assert_eq!(side(a, b, &d.spans, DiffOp::Insert), a);
        assert_eq!(side(a, b, &d.spans, DiffOp::Delete), b);
    }

    #[test]
    fn a_run_of_tokens_spans_their_concatenation() {
        for text in ["", "The rate rose, said Baro.", "Zürich – «ja»  now\n"] {
            let tokens = diff_tokens(text);
            for i in 0..=tokens.len() {
                for j in i..=tokens.len() {
                    assert_eq!(spanned(text, &tokens[i..j]), tokens[i..j].concat());
                }
            }
        }
    }

    #[test]
    fn ascii_and_other_text_cut_alike() {
        for text in [
            "We will not raise the rate, she said.\t\n  It's 4.2 billion -- (\"no\").",
            "Zürich’s mayor said: «non» ... ok",
            "",
            "'' ' x'y 1,200 ?!",
        ] {
            // The rule, a character at a time (no cluster in these texts
            // has more than one).
            let mut by_char = Vec::new();
            cut(
                text,
                text.char_indices().map(|(i, c)| (i, class(c))),
                &mut by_char,
            );
            assert_eq!(diff_tokens(text), by_char, "{text:?}");
            let words = by_char
                .iter()
                .filter(|t| t.chars().any(|c| c.is_alphanumeric()))
                .count();
            assert_eq!(count_words(text), words, "{text:?}");
        }
    }

    #[test]
    fn punctuation_is_its_own_token() {
        assert_eq!(diff_tokens("rate, she"), vec!["rate", ",", " ", "she"]);
    }
    #[test]
    fn changes_keep_graphemes_whole() {
        // An accent changed on a letter typed with combining marks: the word
        // changes whole, never "Nguye".
        let (a, b) = (
            "Ông Nguye\u{302}\u{303}n nói",
            "Ông Nguye\u{302}\u{301}n nói",
        );
        let d = diff(a, b);
        assert_eq!(
            changes(a, b, &d.spans),
            vec!["Nguye\u{302}\u{303}n", "Nguye\u{302}\u{301}n"]
        );
        // Emoji sequences and flags are one token each.
        assert_eq!(
            diff_tokens("a 👩\u{200d}👩\u{200d}👧 🇻🇳!"),
            vec!["a", " ", "👩\u{200d}👩\u{200d}👧", " ", "🇻🇳", "!"]
        );
    }

    #[test]
    fn ideographs_are_compared_one_by_one() {
        let d = diff("我们不会加税。", "我们将会加税。");
        assert_eq!(
            d.spans,
            vec![
                DiffSpan::Equal { len: 2 },
                DiffSpan::Delete { len: 1 },
                DiffSpan::Insert { len: 1 },
                DiffSpan::Equal { len: 4 },
            ]
        );
        assert!(d.ratio > 0.8);
    }
}
