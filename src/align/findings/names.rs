//! `name_changed`: a person's, place's or organisation's name spelled or
//! rendered differently in the copy, a different first name in front of the
//! same surname, or a different title in front of the same name.
//!
//! Names are runs of capitalised words. A capitalised word that opens a
//! sentence (or a quotation, or a Title Case heading) counts only when the
//! same word is also capitalised in the middle of some sentence of either
//! text, so "Officials" at the start of a sentence is not a name. Only words
//! missing from the other side are compared: a name written the same way
//! (in any case, with or without a possessive, with or without diacritics)
//! is never reported.

use std::borrow::Cow;

use foldhash::{HashSet, HashSetExt};

use crate::align::similarity::fuzzy_same;
use crate::align::tokens::{is_stopword, Token};
use crate::align::Prepared;
use crate::report::{Finding, FindingKind, SentenceRole};

use super::numbers::MONTHS;
use super::{finding, GroupView};

/// Words (folded, see [`fold`]) for membership tests.
pub(crate) type WordSet<'a> = HashSet<Cow<'a, str>>;

/// Words that stand before a name as a title.
pub(crate) const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sen",
    "senator",
    "rep",
    "representative",
    "gov",
    "governor",
    "gen",
    "general",
    "president",
    "minister",
    "secretary",
    "chancellor",
    "mayor",
    "judge",
    "justice",
    "king",
    "queen",
    "prince",
    "princess",
    "sir",
    "dame",
    "lord",
    "lady",
    "pope",
    "bishop",
    "rev",
    "father",
    "sister",
    "brother",
    "captain",
    "capt",
    "colonel",
    "col",
    "lieutenant",
    "lt",
    "sergeant",
    "sgt",
    "officer",
    "detective",
    "inspector",
    "chief",
    "commissioner",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "ceo",
    "premier",
    "ambassador",
    "councillor",
    "councilor",
    "deputy",
    "vice",
    "prime",
    "speaker",
    "admiral",
];

const NOT_NAMES: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "i",
    "ok",
];

/// Capitalised words that are not names: days, months, "I", "OK".
fn is_not_a_name(lower: &str) -> bool {
    NOT_NAMES.contains(&lower) || MONTHS.contains(&lower)
}

/// Folds common Latin diacritics (é -> e) so "Zoë" and "Zoe" agree. ASCII
/// words, nearly all, are returned as they are.
pub(crate) fn fold(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
            'ý' | 'ÿ' => 'y',
            'ś' | 'š' | 'ş' => 's',
            'ź' | 'ż' | 'ž' => 'z',
            'ł' => 'l',
            'ř' => 'r',
            'ť' => 't',
            'ď' => 'd',
            'ß' => 's',
            _ => c,
        })
        .collect::<String>()
        .into()
}

/// Does token `i` open a sentence, a quotation or a clause after a colon?
pub(crate) fn is_initial(text: &str, toks: &[Token], i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let gap = &text[toks[i - 1].end..toks[i].start];
    if gap.contains(['“', '"', '«', '„', '‘', '(', ':', '[', '—', '!', '?']) {
        return true;
    }
    // Inside a segmented sentence a full stop mostly ends an abbreviation,
    // an initial or a title ("Ms. Carla Ruiz", "J. R. Smith", "U.S. Army").
    if gap.contains('.') {
        let prev = &toks[i - 1];
        let abbrev = prev.cap && prev.lower.chars().count() <= 4 || prev.lower.chars().count() == 1;
        return !abbrev;
    }
    false
}

/// Lower-case words written capitalised in the middle of a body sentence
/// somewhere in either text.
pub(crate) fn known_names<'a>(src: &Prepared<'a>, rw: &Prepared<'a>) -> WordSet<'a> {
    // Room for a capitalised word in ten: growing the set would rehash it.
    let tokens: usize = [src, rw].iter().flat_map(|p| p.toks).map(Vec::len).sum();
    let mut out = WordSet::with_capacity(tokens / 10);
    for p in [src, rw] {
        for (seg, toks) in p.segs.iter().zip(p.toks) {
            if seg.role == SentenceRole::Heading {
                continue;
            }
            for (i, t) in toks.iter().enumerate() {
                if t.cap && !is_initial(&seg.text, toks, i) && !is_stopword(&t.lower) {
                    out.insert(fold(&t.lower));
                }
            }
        }
    }
    out
}

/// A run of name words in one sentence: token index range.
#[derive(Debug, Clone)]
struct Phrase {
    sent: usize,
    first: usize,
    last: usize,
}

/// Whether a token is a name word.
#[derive(Debug, Clone, Copy, PartialEq)]
enum NameWord {
    Yes,
    No,
    /// No, because the names known so far do not have it (it opens a
    /// sentence or stands in a heading): more known names may make it one.
    NotKnown,
}

fn name_word(text: &str, toks: &[Token], i: usize, heading: bool, known: &Known) -> NameWord {
    let t = &toks[i];
    if !t.cap || t.number.is_some() && t.lower.chars().all(|c| c.is_ascii_digit()) {
        return NameWord::No;
    }
    if is_stopword(&t.lower) || is_not_a_name(&t.lower) {
        return NameWord::No;
    }
    if heading || is_initial(text, toks, i) {
        let title_before_name =
            TITLES.contains(&t.lower.as_str()) && toks.get(i + 1).is_some_and(|n| n.cap);
        return match title_before_name || known.has(&fold(&t.lower)) {
            true => NameWord::Yes,
            false => NameWord::NotKnown,
        };
    }
    NameWord::Yes
}

/// Names known from the texts, plus spelling variants of the other side's names.
struct Known<'a> {
    words: &'a WordSet<'a>,
    variants_of: Vec<String>,
}

impl Known<'_> {
    fn has(&self, w: &str) -> bool {
        self.words.contains(w) || self.variants_of.iter().any(|v| fuzzy_same(v, w))
    }
}

/// The name phrases of a sentence, and whether a word was left out only
/// for not being known (see [`NameWord::NotKnown`]).
fn phrases(
    sent: usize,
    text: &str,
    toks: &[Token],
    heading: bool,
    known: &Known,
) -> (Vec<Phrase>, bool) {
    let mut out = Vec::new();
    let mut not_known = false;
    let mut i = 0;
    while i < toks.len() {
        let word = name_word(text, toks, i, heading, known);
        not_known |= word == NameWord::NotKnown;
        if word != NameWord::Yes {
            i += 1;
            continue;
        }
        let first = i;
        let mut last = i;
        let mut j = i + 1;
        while j < toks.len() {
            let gap = &text[toks[j - 1].end..toks[j].start];
            let joinable = gap == " " || gap == ". " || gap == "-" || gap == "." || gap == "\u{a0}";
            if !joinable {
                break;
            }
            if toks[j].cap && !is_stopword(&toks[j].lower) && !is_not_a_name(&toks[j].lower) {
                last = j;
                j += 1;
            } else if matches!(
                toks[j].lower.as_str(),
                "de" | "van"
                    | "von"
                    | "bin"
                    | "al"
                    | "da"
                    | "del"
                    | "der"
                    | "la"
                    | "le"
                    | "di"
                    | "du"
            ) && j + 1 < toks.len()
                && toks[j + 1].cap
            {
                j += 1;
            } else {
                break;
            }
        }
        out.push(Phrase { sent, first, last });
        i = last + 1;
    }
    (out, not_known)
}

pub(super) fn find<'a>(g: &GroupView<'a>, known: &WordSet<'a>) -> Vec<Finding> {
    let phrases_of = |p: &crate::align::Prepared, s: usize, k: &Known| {
        let seg = &p.segs[s];
        phrases(
            s,
            &seg.text,
            &p.toks[s],
            seg.role == SentenceRole::Heading,
            k,
        )
    };
    // Each sentence's phrases, and whether more known names could add to them.
    let collect = |p: &crate::align::Prepared, ids: &[usize], k: &Known| {
        ids.iter().map(|&s| phrases_of(p, s, k)).collect::<Vec<_>>()
    };
    // Again with more known names: only the sentences they could change.
    let recollect =
        |p: &crate::align::Prepared, ids: &[usize], before: &[(Vec<Phrase>, bool)], k: &Known| {
            let mut v = Vec::new();
            for (&s, (found, not_known)) in ids.iter().zip(before) {
                match *not_known && !k.variants_of.is_empty() {
                    true => v.extend(phrases_of(p, s, k).0),
                    false => v.extend(found.iter().cloned()),
                }
            }
            v
        };
    let plain = Known {
        words: known,
        variants_of: Vec::new(),
    };
    let words_of = |p: &crate::align::Prepared, v: &[(Vec<Phrase>, bool)]| -> Vec<String> {
        v.iter()
            .flat_map(|(found, _)| found)
            .flat_map(|ph| {
                p.toks[ph.sent][ph.first..=ph.last]
                    .iter()
                    .map(|t| fold(&t.lower).into_owned())
            })
            .collect()
    };
    let ps0 = collect(g.src, g.s_ids, &plain);
    let qs0 = collect(g.rw, g.r_ids, &plain);
    // A capitalised word opening a sentence is a name when it is a spelling
    // variant of a name on the other side ("Olvanski will present...").
    let ps = recollect(
        g.src,
        g.s_ids,
        &ps0,
        &Known {
            words: known,
            variants_of: words_of(g.rw, &qs0),
        },
    );
    let qs = recollect(
        g.rw,
        g.r_ids,
        &qs0,
        &Known {
            words: known,
            variants_of: words_of(g.src, &ps0),
        },
    );
    if ps.len() > 200 || qs.len() > 200 || ps.is_empty() || qs.is_empty() {
        return Vec::new();
    }
    let words = |p: &'a Prepared, ids: &[usize]| -> WordSet<'a> {
        // Sized up front: a set grown word by word is rehashed again and again.
        let mut set = WordSet::with_capacity(ids.iter().map(|&i| p.toks[i].len()).sum());
        set.extend(
            ids.iter()
                .flat_map(|&i| p.toks[i].iter().map(|t| fold(&t.lower))),
        );
        set
    };
    let (s_words, r_words) = (words(g.src, g.s_ids), words(g.rw, g.r_ids));
    let mut out: Vec<Finding> = Vec::new();
    let mut used_q = vec![false; qs.len()];
    for p in &ps {
        let ptoks = &g.src.toks[p.sent][p.first..=p.last];
        let missing: Vec<usize> = (0..ptoks.len())
            .filter(|&k| !r_words.contains(fold(&ptoks[k].lower).as_ref()))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let mut best: Option<(usize, u8)> = None;
        for (qi, q) in qs.iter().enumerate() {
            if used_q[qi] {
                continue;
            }
            let qtoks = &g.rw.toks[q.sent][q.first..=q.last];
            let qmissing: Vec<usize> = (0..qtoks.len())
                .filter(|&k| !s_words.contains(fold(&qtoks[k].lower).as_ref()))
                .collect();
            if qmissing.is_empty() {
                continue;
            }
            // A spelling variant of a missing word.
            let spelled = missing.iter().any(|&a| {
                qmissing
                    .iter()
                    .any(|&b| fuzzy_same(&fold(&ptoks[a].lower), &fold(&qtoks[b].lower)))
            });
            // The same name with another first name or title: the phrases
            // share a word and differ in a word at the same place.
            let shared = ptoks
                .iter()
                .any(|a| qtoks.iter().any(|b| fold(&a.lower) == fold(&b.lower)));
            let swapped = shared
                && ptoks.len() >= 2
                && qtoks.len() >= 2
                && missing.iter().any(|&a| {
                    qmissing.iter().any(|&b| {
                        // Same position counted from the end of the phrase (surnames last).
                        ptoks.len() - a == qtoks.len() - b
                    })
                });
            let score = if spelled {
                2
            } else if swapped {
                1
            } else {
                0
            };
            if score > 0 && best.is_none_or(|(_, s)| score > s) {
                best = Some((qi, score));
            }
        }
        let Some((qi, _)) = best else { continue };
        used_q[qi] = true;
        let q = &qs[qi];
        let qtoks = &g.rw.toks[q.sent][q.first..=q.last];
        // Trim words that neither differ nor belong to the other phrase
        // (a title written the same way on both sides).
        let (pa, pb) = trim(ptoks, qtoks, &r_words);
        let (qa, qb) = trim(qtoks, ptoks, &s_words);
        let stext = &g.src.segs[p.sent].text[ptoks[pa].start..ptoks[pb].end];
        let rtext = &g.rw.segs[q.sent].text[qtoks[qa].start..qtoks[qb].end];
        out.push(finding(
            FindingKind::NameChanged,
            Some(p.sent),
            Some(q.sent),
            Some(stext),
            Some(rtext),
            format!("The original names \u{201c}{stext}\u{201d}; the copy writes \u{201c}{rtext}\u{201d}."),
        ));
    }
    out
}

/// The token range of `a` from its first to its last word that is either
/// missing on the other side or also in phrase `b`.
fn trim(a: &[Token], b: &[Token], other_words: &WordSet) -> (usize, usize) {
    let keep = |t: &Token| {
        let f = fold(&t.lower);
        !other_words.contains(f.as_ref()) || b.iter().any(|x| fold(&x.lower) == f)
    };
    let first = a.iter().position(keep).unwrap_or(0);
    let last = a.iter().rposition(keep).unwrap_or(a.len() - 1);
    (first, last.max(first))
}
