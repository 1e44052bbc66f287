//! `role_changed`: a person's title, office or affiliation changed while the
//! sentence around it stayed: "Sen. Ada Calloway" / "Rep. Ada Calloway",
//! "the transport committee's co-chair" / "the party's deputy leader",
//! "economist at the University of Pellham" / "economist at Meridian Bank",
//! "former minister" / "minister".
//!
//! Spinners swap words for synonyms, so offices are compared by kind
//! ("spokesman" and "spokesperson", "Sen." and "Senator" are one office), and
//! vague words ("official", "lawmaker") never count as a different office.

use crate::align::similarity::fuzzy_same;
use crate::report::{Finding, FindingKind};

use super::finding;
use super::name_variants::fold;
use super::wording::{Hunk, SideWords, Wording};

/// Office words, each with the kind of office it names: words of one kind
/// are synonyms (or abbreviations) of each other.
const OFFICES: &[(&str, &[&str])] = &[
    ("senator", &["senator", "sen"]),
    (
        "representative",
        &[
            "representative",
            "rep",
            "congressman",
            "congresswoman",
            "assemblyman",
            "assemblywoman",
        ],
    ),
    ("governor", &["governor", "gov"]),
    ("mayor", &["mayor"]),
    ("minister", &["minister", "secretary"]),
    ("president", &["president", "pres"]),
    ("chancellor", &["chancellor"]),
    ("premier", &["premier"]),
    ("ambassador", &["ambassador", "envoy"]),
    (
        "councillor",
        &[
            "councillor",
            "councilor",
            "alderman",
            "councilwoman",
            "councilman",
        ],
    ),
    ("commissioner", &["commissioner"]),
    ("director", &["director"]),
    ("chair", &["chair", "chairman", "chairwoman", "chairperson"]),
    ("leader", &["leader", "head", "chief", "boss"]),
    (
        "spokesperson",
        &["spokesman", "spokeswoman", "spokesperson"],
    ),
    ("treasurer", &["treasurer"]),
    ("executive", &["ceo", "executive"]),
    ("founder", &["founder", "co-founder", "cofounder"]),
    ("manager", &["manager"]),
    (
        "expert",
        &[
            "economist",
            "analyst",
            "expert",
            "researcher",
            "scientist",
            "scholar",
            "academic",
            "specialist",
        ],
    ),
    ("professor", &["professor", "prof", "lecturer"]),
    (
        "lawyer",
        &["lawyer", "attorney", "counsel", "solicitor", "barrister"],
    ),
    ("judge", &["judge", "justice", "magistrate"]),
    ("prosecutor", &["prosecutor"]),
    ("general", &["general", "gen"]),
    ("colonel", &["colonel", "col"]),
    ("captain", &["captain", "capt"]),
    ("lieutenant", &["lieutenant", "lt"]),
    ("sergeant", &["sergeant", "sgt"]),
    ("commander", &["commander"]),
    ("detective", &["detective", "inspector"]),
    ("editor", &["editor"]),
    (
        "correspondent",
        &["correspondent", "reporter", "journalist"],
    ),
    ("adviser", &["adviser", "advisor", "aide"]),
    ("speaker", &["speaker"]),
    ("candidate", &["candidate", "nominee"]),
    ("coach", &["coach", "manager"]),
    ("doctor", &["doctor", "physician", "surgeon"]),
    ("nurse", &["nurse"]),
    ("teacher", &["teacher"]),
    ("activist", &["activist", "campaigner"]),
    ("historian", &["historian"]),
    ("owner", &["owner", "proprietor"]),
    ("auditor", &["auditor"]),
];

/// Words that rank an office: "deputy leader", "former minister".
const RANKS: &[&str] = &[
    "vice",
    "deputy",
    "acting",
    "former",
    "ex",
    "assistant",
    "interim",
    "associate",
    "junior",
    "senior",
    "co",
    "prime",
];

/// The kind of office a word names.
pub(super) fn office(w: &str) -> Option<&'static str> {
    OFFICES
        .iter()
        .find(|(_, words)| words.contains(&w))
        .map(|(kind, _)| *kind)
}

/// Longest run of changed words (each side) read as one change of office.
const MAX_HUNK: usize = 6;

pub(super) fn find(w: &Wording) -> Vec<Finding> {
    let mut out = Vec::new();
    for h in &w.joined_hunks() {
        if h.old.len() > MAX_HUNK || h.new.len() > MAX_HUNK {
            continue;
        }
        let found = title_or_office(w, h)
            .or_else(|| rank(w, h))
            .or_else(|| affiliation(w, h));
        out.extend(found);
    }
    out
}

/// Office kinds named in a range, and rank words.
fn offices_in(side: &SideWords, r: std::ops::Range<usize>) -> Vec<&'static str> {
    r.filter_map(|i| office(side.token(i).lower())).collect()
}

fn ranks_in(side: &SideWords, r: std::ops::Range<usize>) -> Vec<String> {
    r.map(|i| side.token(i).lower().to_string())
        .filter(|w| RANKS.contains(&w.as_str()))
        .collect()
}

/// The name of the person a changed title or office belongs to: the
/// capitalised words right after the hunk ("Sen." + "Ada Calloway"), else
/// right before it ("Ada Calloway, the" + "co-chair").
fn holder<'a>(side: &SideWords<'a>, r: &std::ops::Range<usize>) -> Option<&'a str> {
    let cap = |k: usize| side.token(k).cap() && office(side.token(k).lower()).is_none();
    let same_sentence = |k: usize, at: usize| side.at[k].sent == side.at[at].sent;
    if r.end < side.len() && cap(r.end) {
        let mut last = r.end;
        while last + 1 < side.len()
            && last < r.end + 3
            && cap(last + 1)
            && same_sentence(last + 1, r.end)
        {
            last += 1;
        }
        return side.text(r.end, last).map(|(_, t)| t);
    }
    // Back over "the" and at most one more word to a name.
    let mut k = r.start;
    let mut skipped = 0;
    while k > 0 && skipped < 2 && !cap(k - 1) {
        k -= 1;
        skipped += 1;
    }
    if k == 0 || !cap(k - 1) || !same_sentence(k - 1, r.start.min(side.len() - 1)) {
        return None;
    }
    let last = k - 1;
    let mut first = last;
    while first > 0 && first + 3 > last && cap(first - 1) && same_sentence(first - 1, last) {
        first -= 1;
    }
    // A capital opening the sentence is no name unless more follow it.
    if first == last && side.at[first].tok == 0 {
        return None;
    }
    side.text(first, last).map(|(_, t)| t)
}

/// A title before the same name, or an office phrase, replaced by another
/// office.
fn title_or_office(w: &Wording, h: &Hunk) -> Option<Finding> {
    if h.old.is_empty() || h.new.is_empty() {
        return None;
    }
    let (a, b) = (
        offices_in(&w.src, h.old.clone()),
        offices_in(&w.rw, h.new.clone()),
    );
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let same_kind = a.iter().any(|x| b.contains(x));
    let ranks_differ = ranks_in(&w.src, h.old.clone()) != ranks_in(&w.rw, h.new.clone());
    // "the transport committee's co-chair" / "the party's co-chair": whose
    // office it is changed.
    let body_differs = || {
        let owners = |side: &SideWords, r: std::ops::Range<usize>| -> Vec<String> {
            r.map(|i| side.token(i))
                .filter(|t| !t.stop() && office(t.lower()).is_none() && !RANKS.contains(&t.lower()))
                .map(|t| fold(t.lower()).into_owned())
                .collect()
        };
        let (x, y) = (owners(&w.src, h.old.clone()), owners(&w.rw, h.new.clone()));
        !x.is_empty() && !y.is_empty() && !x.iter().any(|p| y.iter().any(|q| fuzzy_same(p, q)))
    };
    if same_kind && !ranks_differ && !body_differs() {
        return None;
    }
    // The hunk must be about the office, not a rewritten clause that
    // happens to hold one: its kept neighbours hold it in place.
    if !w.anchored(h) {
        return None;
    }
    // A changed office ending in "of" or "in" reads with the place or body
    // after it: "mayor of Oxlade" / "police chief in Oxlade".
    let (mut oe, mut ne) = (h.old.end, h.new.end);
    let ends_weak = w.src.token(oe - 1).stop() || w.rw.token(ne - 1).stop();
    while ends_weak
        && oe < w.src.len()
        && ne < w.rw.len()
        && oe < h.old.end + 3
        && w.src.token(oe).cap()
    {
        oe += 1;
        ne += 1;
    }
    let (s, st) = w.src.text(h.old.start, oe - 1)?;
    let (r, rt) = w.rw.text(h.new.start, ne - 1)?;
    // The name after a title ("Sen." + "Ada Calloway"); else before an office.
    let title = office(w.src.token(h.old.end - 1).lower()).is_some();
    let who = match title {
        true => holder(&w.src, &h.old),
        false => holder(&w.src, &(h.old.start..w.src.len())),
    };
    let note = match who {
        Some(name) => format!(
            "The copy gives {name} another office: \u{201c}{st}\u{201d} became \u{201c}{rt}\u{201d}."
        ),
        None => format!(
            "The copy gives a person another office: \u{201c}{st}\u{201d} became \u{201c}{rt}\u{201d}."
        ),
    };
    Some(finding(
        FindingKind::RoleChanged,
        Some(s),
        Some(r),
        Some(st),
        Some(rt),
        note,
    ))
}

/// A rank added to or dropped from the same office: "minister" / "former
/// minister", "President" / "Vice President".
fn rank(w: &Wording, h: &Hunk) -> Option<Finding> {
    if h.old.end >= w.src.len() || h.new.end >= w.rw.len() || h.old.len() > 2 || h.new.len() > 2 {
        return None;
    }
    let only_ranks = |side: &SideWords, r: std::ops::Range<usize>| {
        r.clone().all(|i| RANKS.contains(&side.token(i).lower()))
    };
    if !(only_ranks(&w.src, h.old.clone()) && only_ranks(&w.rw, h.new.clone())) {
        return None;
    }
    office(w.src.token(h.old.end).lower())?;
    // "co" and "prime" only ever come glued to their office.
    let meaningful = |side: &SideWords, r: std::ops::Range<usize>| {
        r.filter(|&i| !matches!(side.token(i).lower(), "co" | "prime"))
            .count()
    };
    if meaningful(&w.src, h.old.clone()) + meaningful(&w.rw, h.new.clone()) == 0 {
        return None;
    }
    let (s, st) = w.src.text(h.old.start.min(h.old.end), h.old.end)?;
    let (r, rt) = w.rw.text(h.new.start.min(h.new.end), h.new.end)?;
    Some(finding(
        FindingKind::RoleChanged,
        Some(s),
        Some(r),
        Some(st),
        Some(rt),
        format!("The copy changes the rank of an office: \u{201c}{st}\u{201d} became \u{201c}{rt}\u{201d}."),
    ))
}

/// The organisation after an office changed: "economist at the University
/// of Pellham" / "economist at Meridian Bank".
fn affiliation(w: &Wording, h: &Hunk) -> Option<Finding> {
    if h.old.is_empty() || h.new.is_empty() || h.old.start < 2 || h.new.start < 2 {
        return None;
    }
    let prep = w.src.token(h.old.start - 1).lower();
    if !matches!(prep, "at" | "of" | "with" | "for" | "from") {
        return None;
    }
    let role_at = h.old.start - 2;
    office(w.src.token(role_at).lower())?;
    // Both sides name an organisation, and not a spelling of the same one
    // (that is a changed name).
    let names = |side: &SideWords, r: std::ops::Range<usize>| -> Vec<String> {
        r.map(|i| side.token(i))
            .filter(|t| t.cap() && !t.stop())
            .map(|t| fold(t.lower()).into_owned())
            .collect()
    };
    let (x, y) = (names(&w.src, h.old.clone()), names(&w.rw, h.new.clone()));
    if x.is_empty() || y.is_empty() || x.iter().any(|p| y.iter().any(|q| fuzzy_same(p, q))) {
        return None;
    }
    // The organisation's name ends the hunk on both sides.
    let ends_with_name = |side: &SideWords, r: std::ops::Range<usize>| side.token(r.end - 1).cap();
    if !ends_with_name(&w.src, h.old.clone()) || !ends_with_name(&w.rw, h.new.clone()) {
        return None;
    }
    let (s, st) = w.src.text(role_at, h.old.end - 1)?;
    let (r, rt) = w.rw.text(h.new.start - 2, h.new.end - 1)?;
    Some(finding(
        FindingKind::RoleChanged,
        Some(s),
        Some(r),
        Some(st),
        Some(rt),
        format!("The copy ties the person to another organisation: \u{201c}{st}\u{201d} became \u{201c}{rt}\u{201d}."),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::found;
    use crate::report::FindingKind;

    fn roles(a: &str, b: &str) -> Vec<(String, String, String)> {
        found(a, b, FindingKind::RoleChanged)
    }

    #[test]
    fn a_title_before_the_same_name() {
        let f = roles(
            "The motion was tabled by Sen. Ada Calloway of the northern district on Friday.",
            "The motion was tabled by Rep. Ada Calloway of the northern district on Friday.",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].0.as_str(), f[0].1.as_str()), ("Sen", "Rep"));
        assert!(f[0].2.contains("Ada Calloway"), "{}", f[0].2);
    }

    #[test]
    fn an_office_and_an_affiliation() {
        let f = roles(
            "Ada Calloway, the transport committee's co-chair, opposed the bill in a late vote.",
            "Ada Calloway, the party's deputy leader, opposed the bill in a late vote.",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].0.as_str(), f[0].1.as_str()),
            ("transport committee's co-chair", "party's deputy leader")
        );
        let f = roles(
            "Prices will fall next year, said Tomas Ekdal, an economist at the University of Pellham.",
            "Prices will fall next year, said Tomas Ekdal, an economist at Meridian Bank.",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].0.as_str(), f[0].1.as_str()),
            (
                "economist at the University of Pellham",
                "economist at Meridian Bank"
            )
        );
        let f = roles(
            "The former minister Hanne Lied opened the new ferry terminal on Monday.",
            "The minister Hanne Lied opened the new ferry terminal on Monday.",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].0.as_str(), f[0].1.as_str()),
            ("former minister", "minister")
        );
    }

    #[test]
    fn the_same_office_in_other_words_is_not_flagged() {
        let none =
            |a: &str, b: &str| assert!(roles(a, b).is_empty(), "{a} / {b}: {:?}", roles(a, b));
        none(
            "The motion was tabled by Sen. Ada Calloway of the northern district on Friday.",
            "The motion was tabled by Senator Ada Calloway of the northern district on Friday.",
        );
        none(
            "The plan was welcomed by the unions, said the ministry's spokesman, Ilan Baro.",
            "The plan was welcomed by the unions, said the ministry's spokesperson, Ilan Baro.",
        );
        // A spelling of the same organisation is a changed name, not a role.
        none(
            "Prices will fall next year, said Tomas Ekdal, an economist at the University of Pellham.",
            "Prices will fall next year, said Tomas Ekdal, an economist at the University of Pelham.",
        );
        // An office dropped from a rewritten clause, with nothing to replace it.
        none(
            "Ada Calloway, the committee chair, said the vote would be held in March.",
            "Ada Calloway said the vote would be held in March.",
        );
    }
}
