//! `name_changed`: a person's, place's or organisation's name mangled in
//! the copy (see `name_variants` for the ways), or another first name in
//! front of the same surname. One renamed name is one finding, at its first
//! place in the copy, with its later mentions (surname-only ones too) as
//! its `places`.
//!
//! Names are runs of capitalised words. A capitalised word that opens a
//! sentence (or a quotation, or a Title Case heading) counts only when the
//! same word is also capitalised in the middle of some sentence of either
//! text, so "Officials" at the start of a sentence is not a name. A title
//! before a name ("Sen.", "Minister") is not part of it: a changed title is
//! a role change, found elsewhere. Only words missing from the other side
//! are compared: a name written the same way (in any case, with or without
//! a possessive, with or without diacritics or hyphens) is never reported.
//!
//! Deliberately not a name change: a name's grammatical form (possessive,
//! adjective, plural: "Norway's" / "Norwegian", "the Olvanskys") gets no
//! finding at all, since nothing about the name changed; a spelling
//! convention ("Kyiv" / "Kiev", "-burg" / "-burgh", "Harbour" / "Harbor",
//! "Sankt" / "Saint", an umlaut written out, a place after "in"
//! transliterated another way) is a `minor` finding, folded in the page and
//! out of the headline counts, whose note says it is a convention.

use std::borrow::Cow;

use foldhash::{HashSet, HashSetExt};

use crate::align::tokens::{is_stopword, Token};
use crate::align::Prepared;
use crate::report::{Finding, FindingKind, Place, SentenceRole};

use super::name_variants::{classify, fold, Variant};
use super::{finding, GroupView};
use crate::align::calendar::MONTHS;

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
        let abbrev =
            prev.cap() && prev.lower().chars().count() <= 4 || prev.lower().chars().count() == 1;
        return !abbrev;
    }
    false
}

/// Lower-case words written capitalised in the middle of a body sentence
/// somewhere in either text.
pub(crate) fn known_names<'a>(src: &Prepared<'a>, rw: &Prepared<'a>) -> WordSet<'a> {
    // Room for a capitalised word in ten: growing the set would rehash it.
    // Past a news article's, let it grow: 15 MB of Chinese reserved 50 MB
    // for names it has none of.
    const MAX_RESERVED: usize = 1 << 16;
    let tokens: usize = [src, rw].iter().flat_map(|p| p.toks).map(Vec::len).sum();
    let mut out = WordSet::with_capacity((tokens / 10).min(MAX_RESERVED));
    for p in [src, rw] {
        for (seg, toks) in p.segs.iter().zip(p.toks) {
            if seg.role == SentenceRole::Heading {
                continue;
            }
            for (i, t) in toks.iter().enumerate() {
                if t.cap() && !is_initial(&seg.text, toks, i) && !is_stopword(t.lower()) {
                    out.insert(fold(t.lower()));
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
    if !t.cap() || t.number().is_some() && t.lower().chars().all(|c| c.is_ascii_digit()) {
        return NameWord::No;
    }
    if is_stopword(t.lower()) || is_not_a_name(t.lower()) {
        return NameWord::No;
    }
    if heading || is_initial(text, toks, i) {
        let title_before_name =
            TITLES.contains(&t.lower()) && toks.get(i + 1).is_some_and(|n| n.cap());
        return match title_before_name || known.has(&fold(t.lower())) {
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
        self.words.contains(w)
            || self
                .variants_of
                .iter()
                .any(|v| classify(v, w, false).is_some())
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
            if toks[j].cap() && !is_stopword(toks[j].lower()) && !is_not_a_name(toks[j].lower()) {
                last = j;
                j += 1;
            } else if matches!(
                toks[j].lower(),
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
                && toks[j + 1].cap()
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

/// One word of a name as compared: a token, or tokens joined by hyphens
/// ("Ben-Okafor"), folded (lower case, no diacritics).
#[derive(Debug, Clone)]
struct Part {
    /// Token index range in the sentence.
    first: usize,
    last: usize,
    /// Lower case, hyphens and diacritics kept ("müller" is not "mueller"
    /// by convention only if the umlaut is still there to see).
    word: String,
}

/// Letters only, diacritics folded, for telling whether a word is on the
/// other side at all: "Ben-Okafor" and "BenOkafor" are one name, and so
/// are "Zoë" and "Zoe".
fn key(word: &str) -> String {
    fold(word)
        .chars()
        .filter(|c| !matches!(c, '-' | '\'' | '’'))
        .collect()
}

/// The words of tokens `first..=last`, hyphenated tokens joined.
fn parts(text: &str, toks: &[Token], first: usize, last: usize) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::new();
    for i in first..=last {
        let w = &toks[i].lower();
        let hyphen = i > first && &text[toks[i - 1].end..toks[i].start] == "-";
        match out.last_mut() {
            Some(p) if hyphen => {
                p.last = i;
                p.word.push('-');
                p.word.push_str(w);
            }
            _ => out.push(Part {
                first: i,
                last: i,
                word: w.to_string(),
            }),
        }
    }
    out
}

/// The words of a side of a group, as [`key`]s. A capitalised hyphenated
/// name counts as one word, so "Okafor" is missing from "Ben-Okafor".
fn group_keys(p: &Prepared, ids: &[usize]) -> HashSet<String> {
    let mut set = HashSet::with_capacity(ids.iter().map(|&i| p.toks[i].len()).sum());
    for &s in ids {
        let (text, toks) = (&p.segs[s].text, &p.toks[s]);
        let mut i = 0;
        while i < toks.len() {
            let mut j = i;
            while toks[j].cap()
                && j + 1 < toks.len()
                && toks[j + 1].cap()
                && &text[toks[j].end..toks[j + 1].start] == "-"
            {
                j += 1;
            }
            set.insert(
                parts(text, toks, i, j)
                    .iter()
                    .map(|x| key(&x.word))
                    .collect::<String>(),
            );
            i = j + 1;
        }
    }
    set
}

/// Words of an office that stand before a name like a title
/// ("Foreign Affairs Spokesperson Ilan Baro"): the name starts after them.
const ROLES: &[&str] = &[
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "leader",
    "head",
    "executive",
    "officer",
    "manager",
    "editor",
    "founder",
    "coach",
    "commander",
    "correspondent",
    "analyst",
    "economist",
    "adviser",
    "advisor",
    "counsel",
    "attorney",
    "lawyer",
    "spokespeople",
    "candidate",
    "member",
];

/// A name as found in a sentence: the words after any title ("Sen. Ruth
/// Calloway" is the name "Ruth Calloway"; a changed title is a role change,
/// not a name change).
struct Named {
    sent: usize,
    parts: Vec<Part>,
    /// The token before the name, lower case ("in" before a place).
    before: Option<String>,
}

impl Named {
    fn of(p: &Prepared, ph: &Phrase) -> Option<Named> {
        let toks = &p.toks[ph.sent];
        let start = (ph.first..=ph.last)
            .rev()
            .find(|&k| {
                let w = toks[k].lower();
                TITLES.contains(&w) || ROLES.contains(&w)
            })
            .map_or(ph.first, |k| k + 1);
        if start > ph.last {
            return None;
        }
        Some(Named {
            sent: ph.sent,
            parts: parts(&p.segs[ph.sent].text, toks, start, ph.last),
            before: start.checked_sub(1).map(|k| toks[k].lower().to_string()),
        })
    }

    /// Whether word `k` stands before the surname (a first or middle name).
    fn is_first_name(&self, k: usize) -> bool {
        k + 1 < self.parts.len()
    }

    /// The sentence text of words `a..=b`.
    fn text<'t>(&self, p: &'t Prepared, a: usize, b: usize) -> &'t str {
        let toks = &p.toks[self.sent];
        &p.segs[self.sent].text[toks[self.parts[a].first].start..toks[self.parts[b].last].end]
    }

    /// A single word after "in", "near"...: a place, whose spelling
    /// conventions are not spin.
    fn is_place(&self) -> bool {
        self.parts.len() == 1
            && self.before.as_deref().is_some_and(|w| {
                matches!(
                    w,
                    "in" | "near" | "outside" | "across" | "around" | "throughout"
                )
            })
    }
}

/// How one word of a name in the original became one in the copy: `None`
/// for a different word altogether.
struct WordChange {
    src: usize,
    rw: usize,
    how: Option<Variant>,
}

/// How a name of the original compares with a name of the copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Match {
    /// The same person with another first name ("Tobias" / "Thomas Wendt").
    OtherFirstName,
    /// The same name by convention or in another grammatical form.
    SameName,
    /// The same name mangled.
    Mangled,
}

/// Whether a word of `short` is the initials of two or more neighbouring
/// words of `long` ("NY" for "New York").
fn abbreviates(short: &Named, long: &Named) -> bool {
    short.parts.iter().any(|s| {
        let s = key(&s.word);
        let n = s.chars().count();
        n >= 2
            && long.parts.windows(n).any(|w| {
                w.iter()
                    .map(|x| x.word.chars().next().unwrap_or(' '))
                    .eq(s.chars())
            })
    })
}

/// Compares the words of `p` missing from the copy with the words of `q`
/// missing from the original.
fn compare(
    p: &Named,
    q: &Named,
    missing: &[usize],
    qmissing: &[usize],
) -> Option<(Match, Vec<WordChange>)> {
    let joined = |n: &Named| n.parts.iter().map(|x| key(&x.word)).collect::<String>();
    if joined(p) == joined(q) || abbreviates(p, q) || abbreviates(q, p) {
        // The same letters, split or hyphenated another way, or the
        // initials of the other's words ("New York Times" / "NY Times").
        return Some((Match::SameName, Vec::new()));
    }
    let mut changes = Vec::new();
    for &a in missing {
        let found = qmissing.iter().find_map(|&b| {
            let first = p.is_first_name(a) && q.is_first_name(b);
            classify(&p.parts[a].word, &q.parts[b].word, first).map(|v| (b, v))
        });
        if let Some((b, v)) = found {
            changes.push(WordChange {
                src: a,
                rw: b,
                how: Some(v),
            });
        }
    }
    let (lp, lq) = (p.parts.len(), q.parts.len());
    if changes
        .iter()
        .any(|c| c.how.is_some_and(Variant::is_mangling))
    {
        changes.retain(|c| {
            c.how
                .is_some_and(|v| v != Variant::Grammatical && v != Variant::Same)
        });
        // A first name replaced outright beside a mangled surname
        // ("Konstantin Ravelli" / "Kostas Deravelli"): the word at the same
        // place counted from the end.
        for &a in missing {
            if changes.iter().any(|c| c.src == a) {
                continue;
            }
            let free = qmissing
                .iter()
                .find(|&&b| lp - a == lq - b && !changes.iter().any(|c| c.rw == b));
            if let Some(&b) = free {
                changes.push(WordChange {
                    src: a,
                    rw: b,
                    how: None,
                });
            }
        }
        changes.sort_by_key(|c| c.src);
        return Some((Match::Mangled, changes));
    }
    if !changes.is_empty() {
        changes.retain(|c| c.how == Some(Variant::Convention));
        return Some((Match::SameName, changes));
    }
    // Another first (or given) name in the same family: the names share a
    // word and differ in a word at the same place counted from the end.
    let shared = p
        .parts
        .iter()
        .any(|a| q.parts.iter().any(|b| key(&a.word) == key(&b.word)));
    if !shared || lp < 2 || lq < 2 {
        return None;
    }
    let changes: Vec<WordChange> = missing
        .iter()
        .filter_map(|&a| {
            qmissing
                .iter()
                .find(|&&b| lp - a == lq - b)
                .map(|&b| WordChange {
                    src: a,
                    rw: b,
                    how: None,
                })
        })
        .collect();
    (!changes.is_empty()).then_some((Match::OtherFirstName, changes))
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
                    .map(|t| fold(t.lower()).into_owned())
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
    let pn: Vec<Named> = ps.iter().filter_map(|p| Named::of(g.src, p)).collect();
    let qn: Vec<Named> = qs.iter().filter_map(|q| Named::of(g.rw, q)).collect();
    let (s_keys, r_keys) = (group_keys(g.src, g.s_ids), group_keys(g.rw, g.r_ids));
    let missing_from = |n: &Named, other: &HashSet<String>| -> Vec<usize> {
        (0..n.parts.len())
            .filter(|&k| !other.contains(&key(&n.parts[k].word)))
            .collect()
    };
    let mut out: Vec<Finding> = Vec::new();
    let mut used_q = vec![false; qn.len()];
    for p in &pn {
        let missing = missing_from(p, &r_keys);
        if missing.is_empty() {
            continue;
        }
        let mut best: Option<(usize, Match, Vec<WordChange>)> = None;
        for (qi, q) in qn.iter().enumerate() {
            if used_q[qi] {
                continue;
            }
            let qmissing = missing_from(q, &s_keys);
            if qmissing.is_empty() {
                continue;
            }
            if let Some((m, changes)) = compare(p, q, &missing, &qmissing) {
                if best.as_ref().is_none_or(|(_, bm, _)| m > *bm) {
                    best = Some((qi, m, changes));
                }
            }
        }
        let Some((qi, m, changes)) = best else {
            continue;
        };
        used_q[qi] = true;
        if changes.is_empty() {
            // A grammatical form of the same name: no change to report.
            continue;
        }
        let q = &qn[qi];
        let transliterated_place = p.is_place()
            && changes
                .iter()
                .all(|c| c.how == Some(Variant::Transliterated));
        let minor = m == Match::SameName || transliterated_place;
        out.push(name_finding(g, p, q, &changes, minor));
    }
    out
}

/// The finding for one name of the original written another way in the copy.
fn name_finding(
    g: &GroupView,
    p: &Named,
    q: &Named,
    changes: &[WordChange],
    minor: bool,
) -> Finding {
    // The passage: the changed words and the words around them that the two
    // names share (a surname kept after a changed first name).
    let span = |n: &Named, changed: &mut dyn Iterator<Item = usize>, other: &Named| {
        let changed: Vec<usize> = changed.collect();
        let keep = |k: usize| {
            changed.contains(&k)
                || other
                    .parts
                    .iter()
                    .any(|o| key(&o.word) == key(&n.parts[k].word))
        };
        let first = (0..n.parts.len()).find(|&k| keep(k)).unwrap_or(0);
        let last = (0..n.parts.len()).rfind(|&k| keep(k)).unwrap_or(first);
        (first, last.max(first))
    };
    let (pa, pb) = span(p, &mut changes.iter().map(|c| c.src), q);
    let (qa, qb) = span(q, &mut changes.iter().map(|c| c.rw), p);
    let stext = p.text(g.src, pa, pb);
    let rtext = q.text(g.rw, qa, qb);
    let words: Vec<String> = changes
        .iter()
        .map(|c| {
            let (a, b) = (p.text(g.src, c.src, c.src), q.text(g.rw, c.rw, c.rw));
            let how = match c.how {
                None if p.is_first_name(c.src) => "another first name",
                None => "another name",
                Some(Variant::Transliterated) if minor => "another spelling convention",
                Some(v) => v.describe(a, b),
            };
            format!("\u{201c}{a}\u{201d} \u{2192} \u{201c}{b}\u{201d}, {how}")
        })
        .collect();
    let note = if minor {
        format!(
            "\u{201c}{stext}\u{201d} is written \u{201c}{rtext}\u{201d} in the copy ({}): the same name by another convention, a minor difference rather than a change of name.",
            words.join("; ")
        )
    } else {
        format!(
            "{stext} is named {rtext} in the copy ({}).",
            words.join("; ")
        )
    };
    let mut f = finding(
        FindingKind::NameChanged,
        Some(p.sent),
        Some(q.sent),
        Some(stext),
        Some(rtext),
        note,
    );
    f.minor = minor;
    f
}

/// One renamed name is one finding: a name's later mentions written another
/// way (surname-only mentions included) become the `places` of its first
/// finding in the copy, and its note says where else it happens.
pub(super) fn one_finding_per_name(out: &mut Vec<Finding>) {
    let (mut names, rest): (Vec<Finding>, Vec<Finding>) = std::mem::take(out)
        .into_iter()
        .partition(|f| f.kind == FindingKind::NameChanged);
    *out = rest;
    names.sort_by_key(|f| (f.rewrite_sentence, f.source_sentence));
    // Each person (or place, or organisation): surname, first name if any
    // mention has one, minor or not, and the findings in copy order.
    struct Person {
        surname: String,
        first: Option<String>,
        /// The original's words that the copy changed, in any mention.
        changed: Vec<String>,
        minor: bool,
        findings: Vec<Finding>,
    }
    let mut people: Vec<Person> = Vec::new();
    for f in names {
        let words = plain_words(f.source_text.as_deref().unwrap_or(""));
        let kept = plain_words(f.rewrite_text.as_deref().unwrap_or(""));
        let changed: Vec<String> = words
            .iter()
            .filter(|w| !kept.contains(w))
            .cloned()
            .collect();
        let surname = words.last().cloned().unwrap_or_default();
        let first = words.first().cloned().filter(|_| words.len() > 1);
        // A mention joins the nearest name before it that had the same
        // word changed ("Northfield Health Trust", then "Northfield's"), or,
        // by surname alone, the same surname; never a name with another
        // first name (two people of one family).
        let joins = |p: &Person| {
            p.minor == f.minor
                && !surname.is_empty()
                && (changed.iter().any(|w| p.changed.contains(w))
                    || words.len() == 1 && p.surname == surname)
                && match (&first, &p.first) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                }
        };
        match people.iter().rposition(joins) {
            Some(i) => {
                let p = &mut people[i];
                p.first = p.first.take().or(first);
                for w in changed {
                    if !p.changed.contains(&w) {
                        p.changed.push(w);
                    }
                }
                p.findings.push(f);
            }
            None => people.push(Person {
                surname,
                first,
                changed,
                minor: f.minor,
                findings: vec![f],
            }),
        }
    }
    for person in people {
        let mut findings = person.findings.into_iter();
        let Some(mut head) = findings.next() else {
            continue;
        };
        let head_words = plain_words(head.source_text.as_deref().unwrap_or(""));
        for f in findings {
            head.places.push(Place {
                source_sentence: f.source_sentence,
                rewrite_sentence: f.rewrite_sentence,
                source_text: f.source_text,
                rewrite_text: f.rewrite_text,
            });
        }
        if !head.places.is_empty() {
            head.note = where_else(&head.note, &head.places, &head_words);
        }
        out.push(head);
    }
}

/// The note of a name's first finding, extended with its other places:
/// "...; also in 3 later mentions, twice by surname alone (Olvanskiy)."
fn where_else(note: &str, places: &[Place], head: &[String]) -> String {
    let n = places.len();
    let shorter: Vec<Vec<String>> = places
        .iter()
        .map(|p| plain_words(p.source_text.as_deref().unwrap_or("")))
        .filter(|w| w.len() < head.len())
        .collect();
    let alone = shorter.len();
    // A person's later "Olvansky" is the surname; an organisation's
    // "Northfield" for "Northfield Health Trust" is a shorter form.
    let how = match shorter
        .iter()
        .all(|w| w.len() == 1 && head.last() == w.first())
    {
        true => "by surname alone",
        false => "in a shorter form",
    };
    let mut spellings: Vec<&str> = Vec::new();
    for p in places {
        if let Some(t) = p.rewrite_text.as_deref() {
            if !spellings.contains(&t) {
                spellings.push(t);
            }
        }
    }
    let mut s = note.trim_end_matches('.').to_string();
    s.push_str(&format!(
        "; also in {n} later mention{}",
        if n == 1 { "" } else { "s" }
    ));
    if alone > 0 {
        let times = match (alone, n) {
            (1, 1) => how.to_string(),
            (a, n) if a == n && n == 2 => format!("both {how}"),
            (a, n) if a == n => format!("all {how}"),
            (1, _) => format!("once {how}"),
            (2, _) => format!("twice {how}"),
            (a, _) => format!("{a} times {how}"),
        };
        s.push_str(", ");
        s.push_str(&times);
    }
    s.push_str(&format!(" ({}).", spellings.join(", ")));
    s
}

/// The words of a name passage, folded to letters: "Ben-Okafor's" is
/// "benokafor".
fn plain_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            let w = w.to_lowercase();
            let w = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix("’s"))
                .unwrap_or(&w);
            key(w)
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::align::{align, AlignOptions, Text};
    use crate::report::{Finding, FindingKind};

    /// The name findings for an original and its copy.
    fn names(source: &str, rewrite: &str) -> Vec<Finding> {
        let text = |file| Text::plain("t", file);
        align(&text(source), &text(rewrite), &AlignOptions::default())
            .findings
            .into_iter()
            .filter(|f| f.kind == FindingKind::NameChanged)
            .collect()
    }

    /// (original passage, copy passage, minor) of each name finding.
    fn pairs(source: &str, rewrite: &str) -> Vec<(String, String, bool)> {
        names(source, rewrite)
            .into_iter()
            .map(|f| {
                (
                    f.source_text.unwrap_or_default(),
                    f.rewrite_text.unwrap_or_default(),
                    f.minor,
                )
            })
            .collect()
    }

    const LEDE: &str = "Finance minister NAME said on Friday that the government would not raise the national sales tax this year.\n";

    /// The lede with the name as the original and as the copy writes it.
    fn renamed(from: &str, to: &str) -> Vec<(String, String, bool)> {
        pairs(&LEDE.replace("NAME", from), &LEDE.replace("NAME", to))
    }

    fn headline(from: &str, to: &str) -> Vec<(String, String, bool)> {
        vec![(from.to_string(), to.to_string(), false)]
    }

    #[test]
    fn nickname_and_shortened_first_name() {
        let (a, b) = ("Robert Kline", "Bob Kline");
        assert_eq!(renamed(a, b), headline(a, b));
        let (a, b) = ("Maximilian Oduya", "Max Oduya");
        assert_eq!(renamed(a, b), headline(a, b));
        let f = names(
            &LEDE.replace("NAME", "Margarethe Olvansky"),
            &LEDE.replace("NAME", "Greta Olvansky"),
        );
        assert!(f[0].note.contains("nickname"), "{}", f[0].note);
    }

    #[test]
    fn letters_added_dropped_and_swapped() {
        for (a, b, how) in [
            ("Ilan Delgado", "Ilan Delgardo", "a letter added"),
            ("Ilan Delgado", "Ilan Delado", "a letter dropped"),
            ("Ilan Delgado", "Ilan Dlegado", "two letters swapped"),
        ] {
            assert_eq!(renamed(a, b), headline(a, b));
            let f = names(&LEDE.replace("NAME", a), &LEDE.replace("NAME", b));
            assert!(f[0].note.contains(how), "{}", f[0].note);
        }
    }

    #[test]
    fn transliterations() {
        for (a, b) in [
            ("Margarethe Olvansky", "Margarethe Olvanskiy"),
            ("Stefan Kourakis", "Stephan Kurakis"),
            ("Sergej Dimitrov", "Sergei Dimmitrov"),
        ] {
            assert_eq!(renamed(a, b), headline(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn prefixes_glued_to_surnames() {
        let (a, b) = ("Greta Olvansky", "Greta MacOlvansky");
        assert_eq!(renamed(a, b), headline(a, b));
        let (a, b) = ("Amaka Okafor", "Amaka Ben-Okafor");
        assert_eq!(renamed(a, b), headline(a, b));
        // The same name with its hyphen or without: no change.
        assert!(renamed("Amaka Ben-Okafor", "Amaka BenOkafor").is_empty());
    }

    #[test]
    fn title_changes_are_not_name_changes() {
        assert!(renamed("Sen. Ruth Calloway", "Rep. Ruth Calloway").is_empty());
        assert!(renamed(
            "Foreign Affairs Spokesperson Ilan Baro",
            "Defence Spokesperson Ilan Baro"
        )
        .is_empty());
    }

    #[test]
    fn initials_are_not_name_changes() {
        let src = "The report was first published by the New York Tribune on Monday morning.\n";
        let rw = "The report was first published by the NY Tribune on Monday morning.\n";
        assert!(pairs(src, rw).is_empty(), "{:?}", pairs(src, rw));
    }

    #[test]
    fn grammatical_forms_are_not_name_changes() {
        for (src, rw) in [
            // Possessive and of-phrase.
            (
                "Kestrelford's council approved the new harbour budget on Friday after a long debate.\n",
                "The council of Kestrelford approved the new harbour budget on Friday after a long debate.\n",
            ),
            // Possessive turned adjective.
            (
                "The talks on Norway's fishing quotas ended on Friday without an agreement in Kestrelford.\n",
                "The talks on Norwegian fishing quotas ended on Friday without an agreement in Kestrelford.\n",
            ),
            // Plural of the family name.
            (
                "Neighbours said the Olvansky family had lived in the house on Mill Lane since 1984.\n",
                "Neighbours said the Olvanskys had lived in the house on Mill Lane since 1984.\n",
            ),
        ] {
            assert!(pairs(src, rw).is_empty(), "{src}{rw}{:?}", pairs(src, rw));
        }
    }

    #[test]
    fn place_conventions_are_minor() {
        let src = "Delegates met in Kyiv on Friday to discuss grain exports and the reopening of the ports.\n";
        let rw = "Delegates met in Kiev on Friday to discuss grain exports and the reopening of the ports.\n";
        let f = names(src, rw);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].minor);
        assert!(f[0].note.contains("convention"), "{}", f[0].note);
        // A place transliterated another way is a convention too.
        let f = names(&src.replace("Kyiv", "Odesa"), &rw.replace("Kiev", "Odessa"));
        assert!(f.iter().all(|f| f.minor), "{f:?}");
        // An umlaut written out.
        let f = names(
            &LEDE.replace("NAME", "Jana Müller"),
            &LEDE.replace("NAME", "Jana Mueller"),
        );
        assert!(f.iter().all(|f| f.minor), "{f:?}");
    }

    #[test]
    fn a_renamed_person_is_one_finding_with_every_place() {
        let src = "Finance minister Margarethe Olvansky said on Friday that the government would not raise the sales tax.\n\n\
            Olvansky was speaking at a conference organised by the regional chamber of commerce.\n\n\
            Olvansky will present the full budget to parliament on October 8.\n";
        let rw = "Finance minister Margret Olvanskiy said on Friday that the government would not raise the sales tax.\n\n\
            Olvanskiy was speaking at a conference organised by the regional chamber of commerce.\n\n\
            MacOlvansky will present the full budget to parliament on October 8.\n";
        let f = names(src, rw);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].source_text.as_deref(), Some("Margarethe Olvansky"));
        assert_eq!(f[0].rewrite_text.as_deref(), Some("Margret Olvanskiy"));
        let places: Vec<_> = f[0]
            .places
            .iter()
            .map(|p| (p.rewrite_sentence, p.rewrite_text.as_deref()))
            .collect();
        assert_eq!(
            places,
            vec![(Some(1), Some("Olvanskiy")), (Some(2), Some("MacOlvansky"))]
        );
        assert!(
            f[0].note
                .contains("also in 2 later mentions, both by surname alone"),
            "{}",
            f[0].note
        );
    }

    #[test]
    fn two_people_with_one_surname_stay_apart() {
        let src = "On Friday, Tobias Wendt chaired the committee on housing, and Ingrid Wendt led the opposition group.\n";
        let rw = "On Friday, Thomas Wendt chaired the committee on housing, and Astrid Wendt led the opposition group.\n";
        let f = names(src, rw);
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f.iter().all(|f| f.places.is_empty()), "{f:?}");
    }
}
