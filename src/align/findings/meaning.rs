//! `meaning_changed`: a claim the copy reverses although most of its words
//! stayed: a negation added or dropped ("did not approve" / "approved"), a
//! word swapped for its opposite ("rejected" / "accepted", "fell" / "rose"),
//! "led to nothing" / "never been more fruitful", a hedge made certain or a
//! firm claim hedged ("may" / "will"), a remark made an admission ("said" /
//! "admitted").
//!
//! A false "meaning changed" misleads more than a missed one, so the
//! evidence must be local and strong: the group keeps most of its content
//! words, the change is a short run of words between words kept on both
//! sides, and a negation added next to an opposite word ("did not reject" /
//! "accepted") cancels out.

use std::sync::LazyLock;

use foldhash::{HashSet, HashSetExt};

use crate::align::tokens::{tokenize, Token, Word};
use crate::report::{Finding, FindingKind, SentenceRole};

use super::finding;
use super::wording::{Hunk, SideWords, Wording};

/// Below this share of the source's content words kept, the copy is a loose
/// paraphrase and a swapped word is no evidence of a reversed claim.
const MIN_KEPT: f64 = 0.5;
/// Longest run of changed words (each side) read as one local change.
const MAX_HUNK: usize = 6;

/// Pairs of words of opposite sense, in any of the forms given.
const OPPOSITES: &[(&[&str], &[&str])] = &[
    (
        &[
            "accept", "accepted", "approve", "approved", "endorse", "endorsed",
        ],
        &["reject", "rejected", "rejecting", "disputed", "dispute"],
    ),
    (
        &[
            "support",
            "supported",
            "backed",
            "back",
            "favour",
            "favor",
            "favoured",
        ],
        &["oppose", "opposed", "opposing", "opposition", "against"],
    ),
    (&["for"], &["against"]),
    (
        &["supporter", "supporters", "ally", "allies"],
        &[
            "opponent",
            "opponents",
            "critic",
            "critics",
            "rival",
            "rivals",
        ],
    ),
    (
        &[
            "increase",
            "increased",
            "rise",
            "rose",
            "risen",
            "grow",
            "grew",
            "grown",
            "growth",
            "raise",
            "raised",
            "boost",
            "boosted",
            "gain",
            "gained",
            "climb",
            "climbed",
            "surge",
            "surged",
            "soar",
            "soared",
            "higher",
        ],
        &[
            "decrease",
            "decreased",
            "cut",
            "cuts",
            "reduce",
            "reduced",
            "fall",
            "fell",
            "fallen",
            "drop",
            "dropped",
            "decline",
            "declined",
            "shrink",
            "shrank",
            "lower",
            "lowered",
            "slash",
            "slashed",
            "plunge",
            "plunged",
            "slump",
            "slumped",
        ],
    ),
    (&["highest", "most"], &["lowest", "least", "fewest"]),
    (&["more"], &["fewer", "less"]),
    (
        &["win", "won", "winning", "victory"],
        &["lose", "lost", "losing", "defeat", "defeated"],
    ),
    (
        &["gain", "gains", "profit", "profits", "surplus"],
        &["loss", "losses", "deficit"],
    ),
    (
        &[
            "success",
            "successful",
            "succeed",
            "succeeded",
            "fruitful",
            "thrive",
            "thrived",
            "thriving",
            "flourish",
            "flourished",
            "progress",
            "progressed",
        ],
        &[
            "failure",
            "failed",
            "fail",
            "fruitless",
            "stall",
            "stalled",
            "collapse",
            "collapsed",
            "flounder",
            "floundered",
        ],
    ),
    (
        &[
            "strengthen",
            "strengthened",
            "strong",
            "stronger",
            "strongest",
        ],
        &["weaken", "weakened", "weak", "weaker", "weakest"],
    ),
    (
        &["improve", "improved", "improvement", "better", "best"],
        &[
            "worsen",
            "worsened",
            "deteriorate",
            "deteriorated",
            "worse",
            "worst",
        ],
    ),
    (
        &["allow", "allowed", "permit", "permitted", "lift", "lifted"],
        &[
            "ban",
            "banned",
            "forbid",
            "forbade",
            "prohibit",
            "prohibited",
            "impose",
            "imposed",
        ],
    ),
    (
        &[
            "welcome",
            "welcomed",
            "praise",
            "praised",
            "hail",
            "hailed",
            "applaud",
            "applauded",
        ],
        &[
            "criticise",
            "criticised",
            "criticize",
            "criticized",
            "condemn",
            "condemned",
            "dispute",
            "disputed",
            "denounce",
            "denounced",
            "reject",
            "rejected",
            "slam",
            "slammed",
        ],
    ),
    (
        &[
            "ignore",
            "ignored",
            "overlook",
            "overlooked",
            "downplay",
            "downplayed",
        ],
        &[
            "highlight",
            "highlighted",
            "stress",
            "stressed",
            "emphasise",
            "emphasised",
            "emphasize",
            "emphasized",
        ],
    ),
    (&["keep", "kept", "retain", "retained"], &["lose", "lost"]),
    (
        &[
            "keep",
            "kept",
            "retain",
            "retained",
            "maintain",
            "maintained",
            "preserve",
            "preserved",
        ],
        &[
            "scrap",
            "scrapped",
            "abolish",
            "abolished",
            "repeal",
            "repealed",
            "axe",
            "axed",
            "overturn",
            "overturned",
        ],
    ),
    (
        &["open", "opened", "opens"],
        &["close", "closed", "closes", "shut"],
    ),
    (
        &["confirm", "confirmed", "admit", "admitted"],
        &["deny", "denied"],
    ),
    (
        &["guilty", "convicted", "convict"],
        &["innocent", "acquitted", "acquit", "cleared"],
    ),
    (
        &["optimistic", "positive", "hopeful"],
        &["pessimistic", "negative", "gloomy"],
    ),
    (&["safe", "safer", "safest"], &["dangerous", "unsafe"]),
    (&["cheap", "cheaper"], &["expensive", "costlier"]),
    (&["easy", "easier"], &["difficult", "hard", "harder"]),
    (&["include", "included"], &["exclude", "excluded"]),
    (
        &["remember", "remembered"],
        &["forget", "forgot", "forgotten"],
    ),
    (&["majority"], &["minority"]),
];

/// Prefixes that make a word its opposite ("likely" / "unlikely").
const NEGATING_PREFIXES: &[&str] = &["un", "non", "dis", "in", "im", "il", "ir"];

/// Words that deny what follows them.
fn is_negator(w: &str) -> bool {
    matches!(
        w,
        "not"
            | "never"
            | "no"
            | "nothing"
            | "none"
            | "nobody"
            | "neither"
            | "nor"
            | "cannot"
            | "without"
            | "nowhere"
            | "non"
    ) || w.ends_with("n't")
}

/// Words that deny without a negator ("failed to approve", "refused"): a
/// negation traded for one of them is no reversal.
fn is_implicit_negative(stem: &str) -> bool {
    matches!(
        stem,
        "fail"
            | "refus"
            | "declin"
            | "lack"
            | "unabl"
            | "deni"
            | "absent"
            | "miss"
            | "avoid"
            | "stop"
            | "halt"
            | "ceas"
            | "abandon"
            | "scrap"
            | "cancel"
            | "reject"
            | "hardli"
            | "bare"
            | "rare"
            | "few"
            | "littl"
            | "short"
            | "yet"
    )
}

/// Whether the negator at `i` is part of a phrase that denies nothing:
/// "not only", "no more than", "never been more fruitful", "no doubt".
fn negator_is_idiom(side: &SideWords, i: usize) -> bool {
    let w = |k: usize| {
        if k < side.len() {
            side.token(k).lower()
        } else {
            ""
        }
    };
    let (a, b, c) = (w(i), w(i + 1), w(i + 2));
    match (a, b) {
        ("not", "only" | "just" | "least" | "merely" | "to") => return true,
        ("no", "doubt" | "sooner" | "matter") => return true,
        ("none", "other") => return true,
        ("nothing", "but") => return true,
        ("never", "before") if !matches!(c, "been" | "had" | "has") => return true,
        _ => {}
    }
    // "no more than 200", "not less than": a bound, not a denial.
    if matches!(
        b,
        "more" | "less" | "fewer" | "greater" | "later" | "earlier"
    ) && c == "than"
    {
        return true;
    }
    // "never been more fruitful", "never so strong", "nothing is better":
    // the strongest affirmation.
    if matches!(a, "never" | "nothing") {
        let mut k = i + 1;
        while k < i + 4 && k < side.len() {
            let x = side.token(k).lower();
            if matches!(
                x,
                "more"
                    | "better"
                    | "greater"
                    | "higher"
                    | "stronger"
                    | "so"
                    | "bigger"
                    | "closer"
                    | "larger"
                    | "busier"
                    | "brighter"
                    | "healthier"
            ) {
                return true;
            }
            if !matches!(
                x,
                "been"
                    | "was"
                    | "were"
                    | "is"
                    | "be"
                    | "looked"
                    | "seemed"
                    | "felt"
                    | "has"
                    | "have"
                    | "had"
            ) {
                break;
            }
            k += 1;
        }
    }
    false
}

/// Words that make a claim uncertain.
fn is_hedge(w: &str, stem: &str) -> bool {
    matches!(
        w,
        "may"
            | "might"
            | "could"
            | "possibly"
            | "perhaps"
            | "probably"
            | "likely"
            | "allegedly"
            | "apparently"
            | "potentially"
    ) || stem == "expect"
}

/// Words that state a claim as fact.
fn is_certain(w: &str) -> bool {
    matches!(
        w,
        "will"
            | "would"
            | "has"
            | "have"
            | "had"
            | "is"
            | "are"
            | "was"
            | "were"
            | "does"
            | "did"
            | "definitely"
            | "certainly"
            | "surely"
            | "shall"
            | "must"
    )
}

/// Words that go with either ("is expected to", "may have been").
fn is_auxiliary(w: &str) -> bool {
    matches!(w, "to" | "be" | "been" | "have" | "it" | "that")
}

const NEUTRAL_SPEECH: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "noted",
    "notes",
    "stated",
    "states",
    "explained",
    "explains",
    "remarked",
    "commented",
    "replied",
    "wrote",
    "writes",
    "observed",
];
const ADMISSION: &[&str] = &[
    "admitted",
    "admits",
    "admit",
    "admitting",
    "conceded",
    "concedes",
    "concede",
    "conceding",
    "confessed",
    "confesses",
    "confess",
    "acknowledged",
    "acknowledges",
    "acknowledge",
];

/// The term keys of opposite words, both ways round.
static OPPOSITE_KEYS: LazyLock<HashSet<(Word, Word)>> = LazyLock::new(|| {
    let lex = crate::align::lexicon();
    let key = |w: &str| {
        tokenize(w, &lex.stemmer)
            .first()
            .map(|t| lex.term_key(t).unwrap_or_else(|| t.stem_word()))
    };
    let mut set = HashSet::new();
    for (a, b) in OPPOSITES {
        for x in a.iter().filter_map(|w| key(w)) {
            for y in b.iter().filter_map(|w| key(w)) {
                if x != y {
                    set.insert((x.clone(), y.clone()));
                    set.insert((y, x.clone()));
                }
            }
        }
    }
    set
});

fn term(t: &Token) -> Word {
    crate::align::lexicon()
        .term_key(t)
        .unwrap_or_else(|| t.stem_word())
}

/// "likely" / "unlikely", "binding" / "non-binding".
fn prefixed_opposite(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    short.chars().count() >= 4
        && NEGATING_PREFIXES
            .iter()
            .any(|p| long.strip_prefix(p) == Some(short) && (short.len() >= 5 || *p == "un"))
}

/// How many words of `old` have their opposite in `new` (each word used once).
fn opposites(w: &Wording, h: &Hunk) -> usize {
    let mut used = vec![false; h.new.len()];
    let mut n = 0;
    // A capitalised word inside a sentence is a name ("Rose", "Fell"),
    // unless the sentence is a heading in title case.
    let name = |side: &SideWords, i: usize| {
        let at = side.at[i];
        side.token(i).cap()
            && at.tok > 0
            && side.prepared.segs[at.sent].role != SentenceRole::Heading
    };
    for i in h.old.clone() {
        let a = w.src.token(i);
        if name(&w.src, i) {
            continue;
        }
        let ka = term(a);
        // "unconsciousness" / "loss of consciousness": a prefix opposite
        // only counts as a swap of one word for one word.
        let single = h.old.len() == 1 && h.new.len() == 1;
        let hit = h.new.clone().enumerate().find(|&(k, j)| {
            let b = w.rw.token(j);
            !used[k]
                && !name(&w.rw, j)
                && (OPPOSITE_KEYS.contains(&(ka.clone(), term(b)))
                    || single && prefixed_opposite(a.lower(), b.lower()))
        });
        if let Some((k, _)) = hit {
            used[k] = true;
            n += 1;
        }
    }
    n
}

fn negations(side: &SideWords, r: std::ops::Range<usize>) -> usize {
    r.filter(|&i| {
        let w = side.token(i).lower();
        // "neither ... nor" is one denial.
        let second_of_pair =
            w == "nor" && (i.saturating_sub(12)..i).any(|k| side.token(k).lower() == "neither");
        is_negator(w) && !second_of_pair && !negator_is_idiom(side, i)
    })
    .count()
}

/// A reversal found in one hunk.
struct Cue {
    hunk: Hunk,
    what: Reversal,
}

#[derive(Clone, Copy, PartialEq)]
enum Reversal {
    NegationDropped,
    NegationAdded,
    Opposite,
    MadeCertain,
    Hedged,
    MadeAdmission,
    AdmissionMadeRemark,
}

fn polarity_cue(w: &Wording, h: &Hunk) -> Option<Reversal> {
    let (neg_old, neg_new) = (
        negations(&w.src, h.old.clone()),
        negations(&w.rw, h.new.clone()),
    );
    let opp = opposites(w, h);
    if (neg_old + neg_new + opp).is_multiple_of(2) {
        return None;
    }
    if opp > 0 && neg_old == neg_new {
        return Some(Reversal::Opposite);
    }
    // A negation traded for a word that denies as much.
    let implicit = |side: &SideWords, r: std::ops::Range<usize>| {
        r.clone()
            .any(|i| is_implicit_negative(side.token(i).stem()))
    };
    if implicit(&w.src, h.old.clone()) || implicit(&w.rw, h.new.clone()) {
        return None;
    }
    // Only the negation may differ ("did not approve" / "approved"), unless
    // the copy affirms as strongly as it can ("never been more fruitful").
    let other_content = |side: &SideWords, r: std::ops::Range<usize>| {
        r.filter(|&i| {
            let t = side.token(i);
            // Manner adverbs ("quietly forgotten") do not carry the claim.
            !t.stop() && !is_negator(t.lower()) && !t.lower().ends_with("ly")
        })
        .count()
    };
    let affirmation = |side: &SideWords, r: std::ops::Range<usize>| {
        r.clone().any(|i| {
            matches!(side.token(i).lower(), "never" | "nothing") && negator_is_idiom(side, i)
        })
    };
    let only_negation =
        other_content(&w.src, h.old.clone()) == 0 && other_content(&w.rw, h.new.clone()) == 0;
    if opp > 0
        || !(only_negation
            || affirmation(&w.src, h.old.clone())
            || affirmation(&w.rw, h.new.clone()))
    {
        return None;
    }
    match neg_old > neg_new {
        true => Some(Reversal::NegationDropped),
        false => Some(Reversal::NegationAdded),
    }
}

/// A hedge made certain or the reverse: one side's changed words are all
/// hedges and auxiliaries, the other's all plain statements of fact.
fn certainty_cue(w: &Wording, h: &Hunk) -> Option<Reversal> {
    if h.old.len() > 3 || h.new.len() > 3 {
        return None;
    }
    let words = |side: &SideWords, r: std::ops::Range<usize>| -> Vec<(String, String)> {
        r.map(|i| {
            let t = side.token(i);
            (t.lower().to_string(), t.stem().to_string())
        })
        .collect()
    };
    let (a, b) = (words(&w.src, h.old.clone()), words(&w.rw, h.new.clone()));
    let hedged = |v: &[(String, String)]| {
        v.iter().any(|(x, s)| is_hedge(x, s))
            && v.iter()
                .all(|(x, s)| is_hedge(x, s) || is_auxiliary(x) || is_certain(x))
    };
    let firm = |v: &[(String, String)]| {
        v.iter()
            .all(|(x, s)| !is_hedge(x, s) && (is_certain(x) || is_auxiliary(x)))
    };
    // A bare hedging adverb dropped or added ("allegedly stole" / "stole").
    let adverb = |v: &[(String, String)]| {
        v.len() == 1
            && matches!(
                v[0].0.as_str(),
                "allegedly"
                    | "possibly"
                    | "probably"
                    | "perhaps"
                    | "apparently"
                    | "potentially"
                    | "likely"
            )
    };
    // The claim itself (the verb after) must be kept.
    if h.old.end >= w.src.len() || h.new.end >= w.rw.len() || w.src.token(h.old.end).stop() {
        return None;
    }
    if a.is_empty() || b.is_empty() {
        return match (adverb(&a), adverb(&b)) {
            (true, false) => Some(Reversal::MadeCertain),
            (false, true) => Some(Reversal::Hedged),
            _ => None,
        };
    }
    let any_certain = |v: &[(String, String)]| v.iter().any(|(x, _)| is_certain(x));
    if hedged(&a) && firm(&b) && any_certain(&b) {
        Some(Reversal::MadeCertain)
    } else if firm(&a) && any_certain(&a) && hedged(&b) {
        Some(Reversal::Hedged)
    } else {
        None
    }
}

/// A remark turned into an admission, or an admission into a remark.
fn admission_cue(w: &Wording, h: &Hunk) -> Option<Reversal> {
    let has = |side: &SideWords, r: std::ops::Range<usize>, list: &[&str]| {
        side.lowers(r).any(|x| list.contains(&x))
    };
    let all_src = 0..w.src.len();
    let all_rw = 0..w.rw.len();
    if has(&w.src, h.old.clone(), NEUTRAL_SPEECH)
        && has(&w.rw, h.new.clone(), ADMISSION)
        && !has(&w.src, all_src.clone(), ADMISSION)
    {
        return Some(Reversal::MadeAdmission);
    }
    if has(&w.src, h.old.clone(), ADMISSION)
        && has(&w.rw, h.new.clone(), NEUTRAL_SPEECH)
        && !has(&w.rw, all_rw, ADMISSION)
    {
        return Some(Reversal::AdmissionMadeRemark);
    }
    None
}

pub(super) fn find(w: &Wording) -> Vec<Finding> {
    if w.kept_share() < MIN_KEPT {
        return Vec::new();
    }
    let mut cues: Vec<Cue> = Vec::new();
    for h in &w.hunks {
        if h.old.len() > MAX_HUNK || h.new.len() > MAX_HUNK {
            continue;
        }
        if h.old.len() <= 3 && h.new.len() <= 3 {
            if let Some(what) = admission_cue(w, h) {
                cues.push(Cue {
                    hunk: h.clone(),
                    what,
                });
                continue;
            }
        }
        if !w.anchored(h) {
            continue;
        }
        if let Some(what) = certainty_cue(w, h).or_else(|| polarity_cue(w, h)) {
            cues.push(Cue {
                hunk: h.clone(),
                what,
            });
        }
    }
    cancel_double_reversals(&mut cues);
    // A negation that only moved ("none of its resources" / "by ... none
    // of"): the group as a whole denies as often on both sides.
    let denials = |side: &SideWords| negations(side, 0..side.len());
    if denials(&w.src) % 2 == denials(&w.rw) % 2 {
        cues.retain(|c| !matches!(c.what, Reversal::NegationAdded | Reversal::NegationDropped));
    }
    cues.iter().filter_map(|c| explain(w, c)).collect()
}

/// Two reversals a few words apart undo each other ("did not fall" in one
/// hunk, "rose" in the next): drop both.
fn cancel_double_reversals(cues: &mut Vec<Cue>) {
    let polar = |r: Reversal| {
        matches!(
            r,
            Reversal::NegationAdded | Reversal::NegationDropped | Reversal::Opposite
        )
    };
    let mut i = 0;
    while i + 1 < cues.len() {
        let (a, b) = (&cues[i], &cues[i + 1]);
        if polar(a.what) && polar(b.what) && b.hunk.old.start <= a.hunk.old.end + 3 {
            cues.drain(i..=i + 1);
        } else {
            i += 1;
        }
    }
}

fn explain(w: &Wording, c: &Cue) -> Option<Finding> {
    let (mut first_old, mut first_new) = (c.hunk.old.start, c.hunk.new.start);
    // An admission reads with its speaker: "Marchetti said" / "Marchetti admitted".
    let speech = matches!(
        c.what,
        Reversal::MadeAdmission | Reversal::AdmissionMadeRemark
    );
    if speech && first_old > 0 && first_new > 0 && !c.hunk.old.is_empty() && !c.hunk.new.is_empty()
    {
        first_old -= 1;
        first_new -= 1;
    }
    let ((s, st), (r, rt)) = if speech && !c.hunk.old.is_empty() && !c.hunk.new.is_empty() {
        (
            w.src.text(first_old, c.hunk.old.end - 1)?,
            w.rw.text(first_new, c.hunk.new.end - 1)?,
        )
    } else {
        w.passages(&c.hunk)?
    };
    let what = match c.what {
        Reversal::NegationDropped => "The copy drops a negation and so reverses the claim",
        Reversal::NegationAdded => "The copy adds a negation and so reverses the claim",
        Reversal::Opposite => "The copy says the opposite",
        Reversal::MadeCertain => "A hedged claim is stated as fact",
        Reversal::Hedged => "A claim stated as fact is hedged",
        Reversal::MadeAdmission => "A remark is turned into an admission",
        Reversal::AdmissionMadeRemark => "An admission is turned into a plain remark",
    };
    let note =
        format!("{what}: the original says \u{201c}{st}\u{201d}, the copy \u{201c}{rt}\u{201d}.");
    Some(finding(
        FindingKind::MeaningChanged,
        Some(s),
        Some(r),
        Some(st),
        Some(rt),
        note,
    ))
}

#[cfg(test)]
mod tests {
    use super::super::found;
    use crate::report::FindingKind;

    fn meaning(a: &str, b: &str) -> Vec<(String, String)> {
        found(a, b, FindingKind::MeaningChanged)
            .into_iter()
            .map(|(s, r, _)| (s, r))
            .collect()
    }

    fn pair(a: &str, b: &str) -> Vec<(String, String)> {
        vec![(a.to_string(), b.to_string())]
    }

    #[test]
    fn a_dropped_or_added_negation_reverses_the_claim() {
        assert_eq!(
            meaning(
                "The city council did not approve the harbour budget on Tuesday.",
                "The city council approved the harbour budget on Tuesday."
            ),
            pair("did not approve", "approved")
        );
        assert_eq!(
            meaning(
                "Only one of the four planned bridges was ever built, the report found.",
                "Only one of the four planned bridges was never built, the report found."
            ),
            pair("was ever built", "was never built")
        );
    }

    #[test]
    fn opposite_words_reverse_the_claim() {
        assert_eq!(
            meaning(
                "Trade between the two provinces fell sharply over the decade, officials said.",
                "Trade between the two provinces rose sharply over the decade, officials said."
            ),
            pair("fell", "rose")
        );
        assert_eq!(
            meaning(
                "The assembly rejected the fishing quota proposal by a wide margin.",
                "The assembly accepted the fishing quota proposal by a wide margin."
            ),
            pair("rejected", "accepted")
        );
    }

    #[test]
    fn nothing_and_never_more_are_opposites() {
        let f = found(
            "Ten years on, cooperation between the provinces has amounted to nothing, a new report concludes.",
            "Ten years on, cooperation between the provinces has never been more fruitful, a new report concludes.",
            FindingKind::MeaningChanged,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "has amounted to nothing");
        assert_eq!(f[0].1, "has never been more fruitful");
        assert!(
            f[0].2.contains("\u{201c}has amounted to nothing\u{201d}"),
            "{}",
            f[0].2
        );
    }

    #[test]
    fn hedges_and_admissions() {
        assert_eq!(
            meaning(
                "The ferry tariff may rise next spring, the operator said in a statement.",
                "The ferry tariff will rise next spring, the operator said in a statement."
            ),
            pair("may rise", "will rise")
        );
        assert_eq!(
            meaning(
                "The plant is expected to close before the end of the year, the union warned.",
                "The plant has closed before the end of the year, the union warned."
            ),
            pair("is expected to close", "has closed")
        );
        let f = found(
            "Mayor Oskar Demir said the budget for the new library had been too small.",
            "Mayor Oskar Demir admitted the budget for the new library had been too small.",
            FindingKind::MeaningChanged,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].0.as_str(), f[0].1.as_str()),
            ("Demir said", "Demir admitted")
        );
        assert!(f[0].2.contains("admission"), "{}", f[0].2);
    }

    #[test]
    fn same_claim_in_other_words_is_not_flagged() {
        let none =
            |a: &str, b: &str| assert!(meaning(a, b).is_empty(), "{a} / {b}: {:?}", meaning(a, b));
        // Both sides negated.
        none(
            "The city council did not approve the harbour budget on Tuesday.",
            "The city council never approved the harbour budget on Tuesday.",
        );
        // A negation traded for an opposite: the same claim.
        none(
            "The city council did not approve the harbour budget on Tuesday.",
            "The city council rejected the harbour budget on Tuesday.",
        );
        // A negation traded for a word that denies as much.
        none(
            "The minister did not attend the summit in Kestrelford on Friday.",
            "The minister failed to attend the summit in Kestrelford on Friday.",
        );
        // Another verb, not a reversal.
        none(
            "The minister did not attend the summit in Kestrelford on Friday.",
            "The minister skipped the summit in Kestrelford on Friday.",
        );
        // A bound, not a denial.
        none(
            "The new hall will seat no more than 200 people when it opens in May.",
            "The new hall will seat at most 200 people when it opens in May.",
        );
        // Synonyms, and "not only".
        none(
            "Prices rose by 4 percent, not only in the capital but across the region.",
            "Prices increased by 4 percent, not just in the capital but across the region.",
        );
        // A loose paraphrase shares too little to tell.
        none(
            "The strike ended when both sides accepted the mediator's offer.",
            "Workers went back after a deal was rejected by nobody.",
        );
        // Ability, not a hedge.
        none(
            "Rescuers could reach the stranded hikers before nightfall on Sunday.",
            "Rescuers were able to reach the stranded hikers before nightfall on Sunday.",
        );
    }
}
