//! `attribution_dropped`: the original says who said something ("said the
//! ministry's spokesman, Ilan Baro", "according to the agency", "she said")
//! and the copy's matching sentences no longer do.
//!
//! A source attribution is a verb of saying with its speaker: the words
//! between the verb and the nearest clause boundary, before or after it. The
//! speaker is kept when most of its content words (or a spelling variant of
//! its name) are still in the rewrite group, or when the rewrite attributes
//! the words to a person by pronoun ("she said"). An impersonal "it was
//! said" is no attribution.

use foldhash::{HashSet, HashSetExt};

use crate::align::similarity::fuzzy_same;
use crate::align::tokens::{is_stopword, Token};
use crate::report::{Finding, FindingKind};

use super::name_variants::fold;
use super::names::WordSet;
use super::{finding, GroupView};

const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "states",
    "announced",
    "announces",
    "explained",
    "explains",
    "noted",
    "notes",
    "warned",
    "warns",
    "claimed",
    "claims",
    "argued",
    "argues",
    "insisted",
    "insists",
    "confirmed",
    "confirms",
    "wrote",
    "writes",
    "replied",
    "replies",
    "stressed",
    "stresses",
    "emphasised",
    "emphasized",
    "acknowledged",
    "admitted",
    "admits",
    "declared",
    "declares",
    "commented",
    "remarked",
    "tweeted",
    "posted",
    "according",
    "asserted",
    "asserts",
    "maintained",
    "maintains",
    "revealed",
    "reveals",
    "conceded",
    "concedes",
    "predicted",
    "cautioned",
    "urged",
    "urges",
    "promised",
    "pledged",
    "vowed",
    "denied",
    "denies",
    "suggested",
    "suggests",
    "reported",
    "reports",
    "quoted",
    "quoting",
    "blamed",
    "blames",
    "cited",
    "cites",
    "accused",
    "accuses",
];

const PERSONAL: &[&str] = &["he", "she", "they", "we", "i", "you"];

/// Where a speaker phrase stands: token range in the sentence.
#[derive(Debug, Clone)]
pub(crate) struct Attribution {
    /// Token range of the verb and the speaker, inclusive.
    first: usize,
    last: usize,
    /// Token indexes of the speaker's words.
    speaker: Vec<usize>,
}

fn is_speech_verb(w: &str) -> bool {
    static SET: std::sync::OnceLock<foldhash::HashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| SPEECH_VERBS.iter().copied().collect())
        .contains(w)
}

fn boundary(gap: &str) -> bool {
    gap.contains([
        ',', ';', ':', '“', '”', '"', '—', '–', '(', ')', '.', '!', '?',
    ]) && !gap.trim().eq("'s")
}

/// Attributions in a sentence.
pub(crate) fn attributions(text: &str, toks: &[Token]) -> Vec<Attribution> {
    let mut out = Vec::new();
    for (v, t) in toks.iter().enumerate() {
        // "States" in "the United States" or "Reports" in a title is a
        // name, not a verb of saying.
        if !is_speech_verb(t.lower()) || t.cap() && v > 0 {
            continue;
        }
        let according = t.lower() == "according";
        if according && toks.get(v + 1).is_none_or(|n| n.lower() != "to") {
            continue;
        }
        // Speaker before the verb: back to a clause boundary, at most 8 words.
        // A passive ("it was said", "the plan was blamed") has none.
        let passive = v > 0
            && matches!(
                toks[v - 1].lower(),
                "was" | "were" | "is" | "are" | "be" | "been" | "being"
            );
        let mut before = Vec::new();
        if !according && !passive {
            let mut k = v;
            while k > 0 && v - k < 8 {
                let gap = &text[toks[k - 1].end..toks[k].start];
                if boundary(gap) {
                    break;
                }
                if is_speech_verb(toks[k - 1].lower()) {
                    break;
                }
                k -= 1;
                before.push(k);
            }
            before.reverse();
            // "... the plan, she said" -> only the words next to the verb
            // that form a noun phrase; drop a leading "that"/"which" clause.
            if let Some(p) = before.iter().rposition(|&k| {
                matches!(
                    toks[k].lower(),
                    "that"
                        | "which"
                        | "who"
                        | "and"
                        | "but"
                        | "what"
                        | "how"
                        | "why"
                        | "where"
                        | "when"
                        | "whether"
                        | "if"
                )
            }) {
                before.drain(..=p);
            }
        }
        // Speaker after the verb ("said the spokesman, Ilan Baro"; "according to X").
        let mut after = Vec::new();
        let start = if according { v + 2 } else { v + 1 };
        if !passive
            && before
                .iter()
                .all(|&k| is_stopword(toks[k].lower()) && !PERSONAL.contains(&toks[k].lower()))
        {
            let mut k = start;
            let mut commas = 0;
            while k < toks.len() && k - start < 10 {
                if k > start || according {
                    let gap = &text[toks[k - 1].end..toks[k].start];
                    if gap.contains(',') && commas == 0 && toks[k].cap() {
                        // Apposition: "the spokesman, Ilan Baro".
                        commas += 1;
                    } else if boundary(gap) {
                        break;
                    }
                }
                if matches!(
                    toks[k].lower(),
                    "that"
                        | "on"
                        | "in"
                        | "at"
                        | "after"
                        | "before"
                        | "when"
                        | "while"
                        | "as"
                        | "if"
                        | "to"
                ) && k > start
                {
                    break;
                }
                if matches!(toks[k].lower(), "that" | "reporters" | "journalists") {
                    break;
                }
                after.push(k);
                k += 1;
            }
        }
        let mut speaker: Vec<usize> = if before
            .iter()
            .any(|&k| !is_stopword(toks[k].lower()) || PERSONAL.contains(&toks[k].lower()))
        {
            before
        } else {
            after
        };
        if speaker.is_empty() && !passive && !according {
            speaker = apposition_before(text, toks, v);
        }
        if speaker.is_empty() {
            continue;
        }
        let first = speaker[0].min(v);
        let last = (*speaker.last().unwrap_or(&v)).max(if according { v + 1 } else { v });
        out.push(Attribution {
            first,
            last,
            speaker,
        });
        if out.len() > 50 {
            break;
        }
    }
    out
}

/// A speaker set off by commas before the verb: `"...," the Ostrovan
/// spokesman, Pavel Dunai, told reporters` -> "the Ostrovan spokesman,
/// Pavel Dunai". The name right before the verb must be capitalised words;
/// a description before it is taken when it follows a quotation.
fn apposition_before(text: &str, toks: &[Token], v: usize) -> Vec<usize> {
    let segment_before = |end: usize| -> Option<(usize, usize)> {
        // Tokens [start, end) back to the previous boundary, at most five.
        if end == 0 || !text[toks[end - 1].end..toks[end].start].trim().eq(",") {
            return None;
        }
        let mut start = end - 1;
        while start > 0
            && end - start < 5
            && !boundary(&text[toks[start - 1].end..toks[start].start])
        {
            start -= 1;
        }
        Some((start, end))
    };
    let Some((ns, ne)) = segment_before(v) else {
        return Vec::new();
    };
    if !(ns..ne).all(|k| toks[k].cap()) || ns == 0 {
        return Vec::new();
    }
    let mut out: Vec<usize> = (ns..ne).collect();
    if let Some((ds, de)) = segment_before(ns) {
        let after_quote =
            ds > 0 && text[toks[ds - 1].end..toks[ds].start].contains(['”', '"', '’']);
        if after_quote {
            out = (ds..de).chain(ns..ne).collect();
        }
    }
    out
}

/// Whether a rewrite sentence attributes words to someone.
fn has_personal_attribution(found: &[Attribution], toks: &[Token]) -> bool {
    found.iter().any(|a| {
        a.speaker
            .iter()
            .any(|&k| PERSONAL.contains(&toks[k].lower()) || !is_stopword(toks[k].lower()))
    })
}

pub(super) fn find(g: &GroupView, known: &WordSet) -> Vec<Finding> {
    let source_attributions: Vec<(usize, &[Attribution])> = g
        .s_ids
        .iter()
        .map(|&s| (s, g.src.attributions[s].as_slice()))
        .filter(|(_, a)| !a.is_empty())
        .collect();
    // Most passages attribute nothing on either side: skip the rest.
    let r_attributes = g.r_ids.iter().any(|&r| !g.rw.attributions[r].is_empty());
    if source_attributions.is_empty() && !r_attributes {
        return Vec::new();
    }
    let s_tokens = g.s_ids.iter().map(|&s| g.src.toks[s].len()).sum();
    let mut s_words = WordSet::with_capacity(s_tokens);
    let mut s_stems = HashSet::with_capacity(s_tokens);
    for &s in g.s_ids {
        for t in &g.src.toks[s] {
            s_words.insert(fold(t.lower()));
            s_stems.insert(t.stem_word());
            // Synonyms too: "the company" / "the firm" is one speaker.
            s_stems.extend(crate::align::lexicon().term_key(t));
        }
    }
    // Sized up front: sets grown word by word are rehashed again and again.
    let tokens = g.r_ids.iter().map(|&r| g.rw.toks[r].len()).sum();
    let mut r_words = WordSet::with_capacity(tokens);
    let mut r_stems = HashSet::with_capacity(tokens);
    for &r in g.r_ids {
        for t in &g.rw.toks[r] {
            r_words.insert(fold(t.lower()));
            r_stems.insert(t.stem_word());
        }
    }
    let r_personal = g
        .r_ids
        .iter()
        .any(|&r| has_personal_attribution(&g.rw.attributions[r], &g.rw.toks[r]));
    let r_named = has_named_attribution(g);
    let mut out = Vec::new();
    for &(s, found) in &source_attributions {
        let text = &g.src.segs[s].text;
        let toks = &g.src.toks[s];
        for a in found {
            let content: Vec<&Token> = a
                .speaker
                .iter()
                .map(|&k| &toks[k])
                .filter(|t| !is_stopword(t.lower()))
                .collect();
            let pronoun = content.is_empty();
            if pronoun {
                if !a
                    .speaker
                    .iter()
                    .any(|&k| PERSONAL.contains(&toks[k].lower()))
                {
                    continue;
                }
                if r_personal || r_named {
                    continue;
                }
            } else {
                let kept = content
                    .iter()
                    .filter(|t| {
                        let f = fold(t.lower());
                        r_words.contains(f.as_ref())
                            || r_stems.contains(t.stem())
                            || t.cap() && r_words.iter().any(|w| fuzzy_same(w, &f))
                    })
                    .count();
                let names: Vec<&&Token> = content.iter().filter(|t| t.cap()).collect();
                let name_kept = names.iter().any(|t| {
                    let f = fold(t.lower());
                    r_words.contains(f.as_ref()) || r_words.iter().any(|w| fuzzy_same(w, &f))
                });
                if name_kept || kept * 2 >= content.len() && names.is_empty() {
                    continue;
                }
                // The copy names another speaker: the words are given to
                // someone else.
                let named = a.speaker.iter().any(|&k| is_name(text, toks, k, known));
                // "Castellan said" at a sentence's start: a name or a
                // description ("Experts said")? Too unsure to say who changed.
                let unsure = !named && a.speaker.first().is_some_and(|&k| k == 0 && toks[0].cap());
                let changed = match unsure {
                    true => None,
                    false => new_speaker(g, &s_words, &s_stems, known, Some(named)),
                };
                if let Some((r, rtext)) = changed {
                    let stext = &text[toks[a.first].start..toks[a.last].end];
                    let who = speaker_text(text, toks, a);
                    out.push(finding(
                        FindingKind::AttributionChanged,
                        Some(s),
                        Some(r),
                        Some(stext),
                        Some(rtext),
                        format!("The copy gives these words to someone else: the original has \u{201c}{stext}\u{201d}, the copy \u{201c}{rtext}\u{201d} (\u{201c}{who}\u{201d} is no longer named)."),
                    ));
                    continue;
                }
                // The same speaker otherwise described, or a person behind
                // a pronoun: a replaced attribution is not a dropped one.
                if r_named || names.is_empty() && r_personal {
                    continue;
                }
            }
            let stext = &text[toks[a.first].start..toks[a.last].end];
            let r = g.r_ids.first().copied();
            let who = speaker_text(text, toks, a);
            let note = match impersonal_in(g) {
                Some(said) => format!("The copy no longer says who said this: the original has \u{201c}{stext}\u{201d}; the copy says only \u{201c}{said}\u{201d}, and \u{201c}{who}\u{201d} is gone."),
                None => format!("The copy no longer says who said this: the original has \u{201c}{stext}\u{201d}, and \u{201c}{who}\u{201d} is gone from the copy."),
            };
            out.push(finding(
                FindingKind::AttributionDropped,
                Some(s),
                r,
                Some(stext),
                None,
                note,
            ));
        }
    }
    out.extend(added_speakers(
        g,
        &s_words,
        &s_stems,
        known,
        &source_attributions,
    ));
    out
}

/// The speaker's own words of an attribution ("the ministry's spokesman,
/// Ilan Baro" of "said the ministry's spokesman, Ilan Baro").
fn speaker_text<'t>(text: &'t str, toks: &[Token], a: &Attribution) -> &'t str {
    match (a.speaker.first(), a.speaker.last()) {
        (Some(&f), Some(&l)) => &text[toks[f].start..toks[l].end],
        _ => "",
    }
}

/// An impersonal stand-in for a speaker in the copy: "it was said",
/// "reportedly".
fn impersonal_in<'a>(g: &GroupView<'a>) -> Option<&'a str> {
    for &r in g.r_ids {
        let toks = &g.rw.toks[r];
        let text = &g.rw.segs[r].text;
        for (k, t) in toks.iter().enumerate() {
            if matches!(
                t.lower(),
                "reportedly" | "allegedly" | "purportedly" | "supposedly"
            ) {
                return Some(&text[t.start..t.end]);
            }
            if k >= 2
                && is_speech_verb(t.lower())
                && matches!(toks[k - 1].lower(), "was" | "is" | "been")
                && toks[k - 2].lower() == "it"
            {
                return Some(&text[toks[k - 2].start..t.end]);
            }
        }
    }
    None
}

/// The content words of a speaker (not function words or pronouns).
fn speaker_content<'t>(toks: &'t [Token], a: &Attribution) -> Vec<&'t Token> {
    a.speaker
        .iter()
        .map(|&k| &toks[k])
        .filter(|t| !is_stopword(t.lower()))
        .collect()
}

/// Whether none of a speaker's content words (or spellings of its names)
/// is in a word set: a speaker the other side never mentions.
fn unknown_speaker(
    content: &[&Token],
    words: &WordSet,
    stems: &HashSet<crate::align::tokens::Word>,
) -> bool {
    let lex = crate::align::lexicon();
    !content.is_empty()
        && content.iter().all(|t| {
            let f = fold(t.lower());
            let office = super::offices::office(t.lower());
            !(words.contains(f.as_ref())
                || stems.contains(t.stem())
                || lex.term_key(t).is_some_and(|k| stems.contains(&k))
                || office.is_some() && words.iter().any(|w| super::offices::office(w) == office)
                || t.cap() && words.iter().any(|w| name_variant(w, &f)))
        })
}

/// Whether two words may be one name as a spinner mangles it: a spelling
/// variant, letters glued to the front or back ("Brandvold" /
/// "Sabrandvold"), two letters swapped ("Solberg" / "Solbreg"). The name is
/// then changed, not the speaker.
fn name_variant(a: &str, b: &str) -> bool {
    if fuzzy_same(a, b) {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.chars().count() >= 4 && (long.ends_with(short) || long.starts_with(short)) {
        return true;
    }
    let mut x: Vec<char> = a.chars().collect();
    let mut y: Vec<char> = b.chars().collect();
    x.sort_unstable();
    y.sort_unstable();
    x.len() >= 4 && x == y
}

/// Words that name a speaker too vaguely to tell one from another
/// ("officials said" for "police said").
fn is_vague(w: &str) -> bool {
    matches!(
        w,
        "official"
            | "officials"
            | "authorities"
            | "authority"
            | "officers"
            | "officer"
            | "sources"
            | "source"
            | "people"
            | "person"
            | "statement"
            | "spokesperson"
            | "representative"
            | "representatives"
    )
}

/// Whether token `k` is part of a name: capitalised inside the sentence, or
/// opening it and known as a name elsewhere; not an office ("Sen.") and not
/// the owner of one ("Canada's Sports Minister" is a description).
fn is_name(text: &str, toks: &[Token], k: usize, known: &WordSet) -> bool {
    let t = &toks[k];
    let possessive = text[t.end..].starts_with(['\'', '\u{2019}'])
        || text[t.start..t.end].ends_with("'s")
        || text[t.start..t.end].ends_with("\u{2019}s");
    t.cap()
        && !possessive
        && !is_stopword(t.lower())
        && super::offices::office(t.lower()).is_none()
        && (k > 0 || known.contains(fold(t.lower()).as_ref()))
}

/// A speaker in the copy's group that the original's group never mentions:
/// its sentence and the attribution's text. With `named`, only a speaker
/// of the same sort (a name for a name, a description for a description):
/// "Castellan said" / "the company said" may well be one speaker.
fn new_speaker<'a>(
    g: &GroupView<'a>,
    s_words: &WordSet,
    s_stems: &HashSet<crate::align::tokens::Word>,
    known: &WordSet,
    named: Option<bool>,
) -> Option<(usize, &'a str)> {
    g.r_ids.iter().find_map(|&r| {
        let toks = &g.rw.toks[r];
        let text = &g.rw.segs[r].text;
        g.rw.attributions[r].iter().find_map(|a| {
            let content = speaker_content(toks, a);
            let r_named = a.speaker.iter().any(|&k| is_name(text, toks, k, known));
            let unsure = !r_named && a.speaker.first().is_some_and(|&k| k == 0 && toks[0].cap());
            if unsure && named.is_some() {
                return None;
            }
            let sort_ok = named.is_none_or(|n| n == r_named);
            let vague = content.iter().any(|t| is_vague(t.lower()));
            (sort_ok && !vague && unknown_speaker(&content, s_words, s_stems))
                .then(|| (r, &text[toks[a.first].start..toks[a.last].end]))
        })
    })
}

/// Speakers the copy adds to words the original attributes to no one: a
/// named person, or anyone given a quotation.
fn added_speakers(
    g: &GroupView,
    s_words: &WordSet,
    s_stems: &HashSet<crate::align::tokens::Word>,
    known: &WordSet,
    source_attributions: &[(usize, &[Attribution])],
) -> Vec<Finding> {
    if !source_attributions.is_empty() {
        return Vec::new();
    }
    let quoted = g
        .r_ids
        .iter()
        .any(|&r| !super::quotes::quotes(&g.rw.segs[r].text).is_empty());
    let found = match quoted {
        true => new_speaker(g, s_words, s_stems, known, None),
        false => new_speaker(g, s_words, s_stems, known, Some(true)),
    };
    let Some((r, rtext)) = found else {
        return Vec::new();
    };
    let s = g.s_ids.first().copied();
    vec![finding(
        FindingKind::AttributionChanged,
        s,
        Some(r),
        None,
        Some(rtext),
        format!("The copy attributes this to a speaker the original does not name here: \u{201c}{rtext}\u{201d}."),
    )]
}

/// Does the rewrite group attribute anything to a named or described speaker?
fn has_named_attribution(g: &GroupView) -> bool {
    g.r_ids.iter().any(|&r| {
        let toks = &g.rw.toks[r];
        g.rw.attributions[r]
            .iter()
            .any(|a| a.speaker.iter().any(|&k| !is_stopword(toks[k].lower())))
    })
}

/// Token indexes of the speakers named in a sentence's attributions (the
/// aligner gives these words less weight: two different statements by the
/// same person are not the same sentence).
pub(crate) fn speaker_tokens(found: &[Attribution]) -> Vec<usize> {
    let mut out: Vec<usize> = found
        .iter()
        .flat_map(|a| a.speaker.iter().copied())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod speaker_tests {
    use super::super::found;
    use crate::report::FindingKind;

    #[test]
    fn a_quotation_given_to_someone_else() {
        let f = found(
            "\"The budget is balanced,\" said the finance minister, Margarethe Olvansky.\n",
            "\"The budget is balanced,\" said the opposition leader, Karl Brenner.\n",
            FindingKind::AttributionChanged,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "said the finance minister, Margarethe Olvansky");
        assert_eq!(f[0].1, "said the opposition leader, Karl Brenner");
        // Not also reported as dropped.
        let dropped = found(
            "\"The budget is balanced,\" said the finance minister, Margarethe Olvansky.\n",
            "\"The budget is balanced,\" said the opposition leader, Karl Brenner.\n",
            FindingKind::AttributionDropped,
        );
        assert!(dropped.is_empty(), "{dropped:?}");
    }

    #[test]
    fn a_speaker_added_to_a_quotation() {
        let f = found(
            "\"Every day that passes makes recovery less likely.\"\n",
            "\"Every day that passes makes recovery less likely,\" said Petra Lind.\n",
            FindingKind::AttributionChanged,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].1, "said Petra Lind");
    }

    #[test]
    fn a_dropped_speaker_is_named_even_when_the_quote_changed() {
        let f = found(
            "\"We will not raise the rate this year,\" the spokesman told reporters on Monday.\n",
            "\"We will not increase rates this year.\"\n",
            FindingKind::AttributionDropped,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].2.contains("\u{201c}the spokesman\u{201d}"),
            "{}",
            f[0].2
        );
    }

    #[test]
    fn the_same_speaker_otherwise_described_is_not_flagged() {
        for (a, b) in [
            (
                "The mill will close next March, the company announced on Tuesday.\n",
                "The mill will close next March, the firm revealed on Tuesday.\n",
            ),
            (
                "Castellan said it would offer redundancy payments above the legal minimum.\n",
                "The company said it would offer redundancy payments above the legal minimum.\n",
            ),
            (
                "The road will stay closed until Friday, police said.\n",
                "The road will stay closed until Friday, officials said.\n",
            ),
            (
                "The pool will stay closed all summer, Charest said.\n",
                "The pool will stay closed all summer, Canada's sports minister said.\n",
            ),
            (
                "The harbour will reopen in May, Brandvold said.\n",
                "The harbour will reopen in May, Sabrandvold said.\n",
            ),
            (
                "\"We will rebuild,\" Olvansky said at the harbour.\n",
                "\"We will rebuild,\" she said at the harbour.\n",
            ),
        ] {
            let f = found(a, b, FindingKind::AttributionChanged);
            assert!(f.is_empty(), "{a} / {b}: {f:?}");
        }
    }
}
