//! `name_changed` in scripts without capital letters (Arabic, Hebrew,
//! Persian, Japanese Katakana), where [`super::names`] cannot tell a name
//! by its capital.
//!
//! Without capitals a name cannot be told from any other word, so only one
//! change is taken for a changed name: in a run of words kept word for word,
//! one or two words replaced by the same number of words that are another
//! spelling of them. In Arabic, Persian and Hebrew that is the same word
//! with long-vowel letters added or left out inside it, the usual variation
//! of a transliterated name ("محمد" and "محمود", "כהן" and "כוהן"); in
//! Katakana (foreign names and loanwords) it is a word spelled alike
//! ("スミス" and "スミッス"), long-vowel marks ignored. Han names are
//! not found: without a dictionary one changed ideograph is as likely a
//! changed word as a changed name.

use similar::{capture_diff_slices, Algorithm, DiffTag};

use crate::align::similarity::word_similarity;
use crate::align::tokens::{is_caseless_letter, script, Script, Token};
use crate::report::{Finding, FindingKind};

use super::{finding, GroupView};

/// Longest replaced run taken for a name, in words.
const MAX_NAME_WORDS: usize = 2;

/// Letters written for long vowels inside words (Arabic alif, waw, ya,
/// alif maqsura; Persian ya; Hebrew vav, yod, alef): transliterations of one
/// name differ in them.
fn is_vowel_letter(c: char) -> bool {
    matches!(c, 'ا' | 'و' | 'ي' | 'ى' | 'ی' | 'ו' | 'י' | 'א')
}

/// A word's letters without the vowel letters inside it (the first and last
/// letters are kept) and without marks.
fn skeleton(word: &str) -> String {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    let last = letters.len().saturating_sub(1);
    letters
        .iter()
        .enumerate()
        .filter(|&(i, &c)| i == 0 || i == last || !is_vowel_letter(c))
        .map(|(_, &c)| c)
        .collect()
}

/// Is this a word of a caseless script that this detector reads?
fn caseless_word(t: &Token) -> bool {
    t.number.is_none()
        && t.lower
            .chars()
            .next()
            .is_some_and(|c| is_caseless_letter(c) && script(c) != Script::Ideographic)
}

/// Are two differing words spellings of one name?
fn spelled_alike(a: &str, b: &str) -> bool {
    // Vowel points and other marks (written or left out at will) do not
    // make another name.
    let letters = |w: &str| w.chars().filter(|c| c.is_alphabetic()).collect::<String>();
    let (a, b) = (&letters(a), &letters(b));
    if a == b {
        return false;
    }
    let (ka, kb) = (a.chars().next().map(script), b.chars().next().map(script));
    if ka != kb {
        return false;
    }
    if ka == Some(Script::Katakana) {
        let plain = |w: &str| w.replace(['ー', '・'], "");
        let (pa, pb) = (plain(a), plain(b));
        return pa != pb && pa.chars().count() >= 2 && word_similarity(&pa, &pb) >= 0.4;
    }
    a.chars().count() >= 3 && skeleton(a) == skeleton(b)
}

pub(super) fn find(g: &GroupView) -> Vec<Finding> {
    let side = |p: &crate::align::Prepared, ids: &[usize]| -> Vec<(usize, usize)> {
        ids.iter()
            .flat_map(|&s| (0..p.toks[s].len()).map(move |i| (s, i)))
            .collect()
    };
    // Most text is cased: nothing to do without a caseless word.
    let caseless = g
        .s_ids
        .iter()
        .any(|&s| !g.src.segs[s].text.is_ascii() && g.src.toks[s].iter().any(caseless_word));
    if !caseless {
        return Vec::new();
    }
    let (a, b) = (side(g.src, g.s_ids), side(g.rw, g.r_ids));
    if a.len() > 5_000 || b.len() > 5_000 {
        return Vec::new();
    }
    let tok_a = |k: usize| &g.src.toks[a[k].0][a[k].1];
    let tok_b = |k: usize| &g.rw.toks[b[k].0][b[k].1];
    let wa: Vec<&str> = (0..a.len()).map(|k| tok_a(k).lower.as_str()).collect();
    let wb: Vec<&str> = (0..b.len()).map(|k| tok_b(k).lower.as_str()).collect();
    let ops = capture_diff_slices(Algorithm::Myers, &wa, &wb);
    let mut out = Vec::new();
    for (n, op) in ops.iter().enumerate() {
        let (tag, ra, rb) = op.as_tag_tuple();
        let between_kept = n > 0
            && n + 1 < ops.len()
            && ops[n - 1].tag() == DiffTag::Equal
            && ops[n + 1].tag() == DiffTag::Equal;
        if tag != DiffTag::Replace
            || !between_kept
            || ra.len() != rb.len()
            || ra.len() > MAX_NAME_WORDS
        {
            continue;
        }
        let all_names = ra.clone().zip(rb.clone()).all(|(x, y)| {
            let (tx, ty) = (tok_a(x), tok_b(y));
            caseless_word(tx)
                && caseless_word(ty)
                && (tx.lower == ty.lower || spelled_alike(&tx.lower, &ty.lower))
        });
        // The words of one run must stand in one sentence on each side.
        let (first_a, last_a) = (a[ra.start], a[ra.end - 1]);
        let (first_b, last_b) = (b[rb.start], b[rb.end - 1]);
        if !all_names || first_a.0 != last_a.0 || first_b.0 != last_b.0 {
            continue;
        }
        let stext = &g.src.segs[first_a.0].text[tok_a(ra.start).start..tok_a(ra.end - 1).end];
        let rtext = &g.rw.segs[first_b.0].text[tok_b(rb.start).start..tok_b(rb.end - 1).end];
        out.push(finding(
            FindingKind::NameChanged,
            Some(first_a.0),
            Some(first_b.0),
            Some(stext),
            Some(rtext),
            format!("The original names \u{201c}{stext}\u{201d}; the copy writes \u{201c}{rtext}\u{201d}."),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterations_of_one_name_are_alike() {
        assert!(spelled_alike("محمد", "محمود"));
        assert!(spelled_alike("כהן", "כוהן"));
        assert!(spelled_alike("スミス", "スミッス"));
        // Another word, or the same word with another ending, is not a name.
        assert!(!spelled_alike("الضرائب", "الرسوم"));
        assert!(!spelled_alike("قال", "قالت"));
        // The same name with and without vowel points.
        assert!(!spelled_alike("مُحَمَّد", "محمد"));
        // A long-vowel mark added to a loanword is the same spelling.
        assert!(!spelled_alike("コンピュータ", "コンピューター"));
    }
}
