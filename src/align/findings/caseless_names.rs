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
//! ("スミス" and "スミッス"), long-vowel marks ignored.
//!
//! Another first name ([`other_first_name`]): "ليلى العمري" written
//! "سلمى العمري", one word replaced by a word not spelled alike. It is
//! taken for a name where the text uses it as one: the kept word after it
//! (the family name) also stands in the text without it ("وأضافت العمري"),
//! and the replaced word and its replacement stand nowhere in their texts
//! but before that family name (an ordinary word is used elsewhere too);
//! or where an honorific stands right before it ("السيد", "מר", "آقای").
//!
//! Han names ([`han_names`]): one changed ideograph is as likely a changed
//! word as a changed name, so a change counts only where a name stands by
//! the conventions of the language: in Chinese, the one or two characters
//! after a common surname, with a title before the name or a verb of
//! saying or a title after it ("负责人黄志明表示"); in Japanese (a sentence
//! with kana), inside a run of ideographs that ends with a title or is
//! followed by an honorific ("中村隆之市長は", "森田氏").
//!
//! Text with no capital letters at all ([`uncased_names`]): in a sentence
//! of a cased script written all in lower case, one or two words replaced
//! by as many words spelled alike, of another stem ("klemm" and "klem",
//! "ines" and "agnes"), like the transliterations above. Cased text never
//! reaches this rule: its names are told by their capitals.

use std::cell::OnceCell;

use foldhash::{HashMap, HashMapExt};
use similar::{capture_diff_slices, Algorithm, DiffTag};

use crate::align::similarity::{synonym_of, word_similarity};
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
    t.number().is_none()
        && t.lower()
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

pub(super) fn find<'a>(g: &GroupView<'a>, usage: &Usage<'a>) -> Vec<Finding> {
    let mut out = transliterated(g, usage);
    out.extend(han_names(g));
    out.extend(uncased_names(g));
    out
}

/// The tokens of one side of a group, as (sentence, token index).
fn side_tokens(p: &crate::align::Prepared, ids: &[usize]) -> Vec<(usize, usize)> {
    ids.iter()
        .flat_map(|&s| (0..p.toks[s].len()).map(move |i| (s, i)))
        .collect()
}

/// Groups of more words than this are not searched for renamed names in
/// caseless or uncased text (a diff of a joined run of a huge text).
const MAX_GROUP_WORDS: usize = 5_000;

/// Transliteration variants and other first names in Arabic, Persian,
/// Hebrew and Katakana.
fn transliterated<'a>(g: &GroupView<'a>, usage: &Usage<'a>) -> Vec<Finding> {
    // Most text is cased: nothing to do without a caseless word.
    let caseless = g
        .s_ids
        .iter()
        .any(|&s| !g.src.segs[s].text.is_ascii() && g.src.toks[s].iter().any(caseless_word));
    if !caseless {
        return Vec::new();
    }
    renamed_runs(g, |a, b| {
        let (x, y) = (tok(g.src, a), tok(g.rw, b));
        caseless_word(x)
            && caseless_word(y)
            && (x.lower() == y.lower()
                || spelled_alike(x.lower(), y.lower())
                || other_first_name(g, usage, a, b))
    })
}

/// A token of a side, by (sentence, index).
fn tok<'p>(p: &'p crate::align::Prepared, at: (usize, usize)) -> &'p Token {
    &p.toks[at.0][at.1]
}

/// Honorifics written right before a name: Arabic, Hebrew, Persian.
const HONORIFICS: &[&str] = &[
    "السيد",
    "السيدة",
    "الدكتور",
    "الدكتورة",
    "المهندس",
    "المهندسة",
    "الأستاذ",
    "الأستاذة",
    "الشيخ",
    "الحاج",
    "מר",
    "גב",
    "ד\"ר",
    "פרופ",
    "הרב",
    "עו\"ד",
    "آقای",
    "خانم",
    "دکتر",
    "مهندس",
];

/// Whether the word at `a` in the original, replaced by the word at `b` in
/// the copy, is another first name (see the module comment).
fn other_first_name<'a>(
    g: &GroupView<'a>,
    usage: &Usage<'a>,
    a: (usize, usize),
    b: (usize, usize),
) -> bool {
    let honorific = |p: &crate::align::Prepared, (s, i): (usize, usize)| {
        let text = &p.segs[s].text;
        i.checked_sub(1).is_some_and(|h| {
            let h = &p.toks[s][h];
            text[h.end..p.toks[s][i].start].trim().is_empty()
                && HONORIFICS.contains(&&text[h.start..h.end])
        })
    };
    if honorific(g.src, a) && honorific(g.rw, b) {
        return true;
    }
    // The family name: the same word after both.
    let (Some(family), Some(family_b)) =
        (g.src.toks[a.0].get(a.1 + 1), g.rw.toks[b.0].get(b.1 + 1))
    else {
        return false;
    };
    // Function words (في, של, که...) are short; family names seldom are.
    let letters = family.lower().chars().filter(|c| c.is_alphabetic()).count();
    if family.lower() != family_b.lower() || !caseless_word(family) || letters < 4 {
        return false;
    }
    let (x, y, f) = (
        &tok(g.src, a).lower(),
        &tok(g.rw, b).lower(),
        &family.lower(),
    );
    // An Arabic word with the article is no given name (an adjective, a noun).
    if [x, y].iter().any(|w| w.starts_with("ال")) {
        return false;
    }
    let (src, rw) = (usage.source(g.src), usage.rewrite(g.rw));
    // The family name stands without the given name somewhere, and is no
    // word of every other sentence.
    let alone = |u: &WordUse, name: &str| {
        u.count(f) > u.before(name, f) && 2 * u.count(f) as usize <= u.sentences
    };
    let only_before = |u: &WordUse, name: &str| u.count(name) == u.before(name, f);
    (alone(src, x) || alone(rw, y)) && only_before(src, x) && only_before(rw, y)
}

/// How a side uses its caseless words: how often each stands, and how
/// often each stands right before another. Worked out once per side, when
/// a first name is first looked at.
#[derive(Default)]
pub(super) struct Usage<'a> {
    source: OnceCell<WordUse<'a>>,
    rewrite: OnceCell<WordUse<'a>>,
}

impl<'a> Usage<'a> {
    fn source(&self, p: &crate::align::Prepared<'a>) -> &WordUse<'a> {
        self.source.get_or_init(|| WordUse::new(p))
    }

    fn rewrite(&self, p: &crate::align::Prepared<'a>) -> &WordUse<'a> {
        self.rewrite.get_or_init(|| WordUse::new(p))
    }
}

/// Counts of a side's caseless words, alone and in adjacent pairs.
struct WordUse<'a> {
    words: HashMap<&'a str, u32>,
    pairs: HashMap<(&'a str, &'a str), u32>,
    sentences: usize,
}

impl<'a> WordUse<'a> {
    fn new(p: &crate::align::Prepared<'a>) -> WordUse<'a> {
        let (mut words, mut pairs) = (HashMap::new(), HashMap::new());
        for toks in p.toks {
            for (i, t) in toks.iter().enumerate() {
                if !caseless_word(t) {
                    continue;
                }
                *words.entry(t.lower()).or_insert(0) += 1;
                if let Some(n) = toks.get(i + 1).filter(|n| caseless_word(n)) {
                    *pairs.entry((t.lower(), n.lower())).or_insert(0) += 1;
                }
            }
        }
        WordUse {
            words,
            pairs,
            sentences: p.toks.len(),
        }
    }

    fn count(&self, w: &str) -> u32 {
        self.words.get(w).copied().unwrap_or(0)
    }

    fn before(&self, w: &str, next: &str) -> u32 {
        self.pairs.get(&(w, next)).copied().unwrap_or(0)
    }
}

/// Name findings for each run of words the copy replaced word for word,
/// between kept words and within one sentence a side, where every pair of
/// words is `renamed` (another spelling of one name).
fn renamed_runs(
    g: &GroupView,
    renamed: impl Fn((usize, usize), (usize, usize)) -> bool,
) -> Vec<Finding> {
    let (a, b) = (side_tokens(g.src, g.s_ids), side_tokens(g.rw, g.r_ids));
    if a.len() > MAX_GROUP_WORDS || b.len() > MAX_GROUP_WORDS {
        return Vec::new();
    }
    let tok_a = |k: usize| &g.src.toks[a[k].0][a[k].1];
    let tok_b = |k: usize| &g.rw.toks[b[k].0][b[k].1];
    let wa: Vec<&str> = (0..a.len()).map(|k| tok_a(k).lower()).collect();
    let wb: Vec<&str> = (0..b.len()).map(|k| tok_b(k).lower()).collect();
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
        let all_renamed = ra.clone().zip(rb.clone()).all(|(x, y)| renamed(a[x], b[y]));
        // The words of one run must stand in one sentence on each side.
        let (first_a, last_a) = (a[ra.start], a[ra.end - 1]);
        let (first_b, last_b) = (b[rb.start], b[rb.end - 1]);
        if !all_renamed || first_a.0 != last_a.0 || first_b.0 != last_b.0 {
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

/// Common Chinese surnames (one character each), the first character of
/// most names in Chinese news.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";

/// Titles and roles written before a name in Chinese ("市长林嘉欣").
const ZH_ROLES_BEFORE: &[&str] = &[
    "市长",
    "负责人",
    "局长",
    "主任",
    "部长",
    "主席",
    "发言人",
    "经理",
    "教授",
    "议员",
    "书记",
    "总裁",
    "董事长",
    "校长",
    "院长",
    "会长",
    "记者",
    "总统",
    "总理",
    "委员",
    "官员",
    "专家",
    "律师",
    "医生",
    "省长",
    "县长",
    "区长",
    "村长",
    "厂长",
    "队长",
    "先生",
    "女士",
];

/// What follows a name in Chinese: verbs of saying, titles after it.
const ZH_AFTER_NAME: &[&str] = &[
    "表示", "说", "称", "指出", "认为", "强调", "呼吁", "介绍", "透露", "告诉", "解释", "回应",
    "还说", "先生", "女士", "教授", "博士",
];

/// Titles written after a name in Japanese ("中村市長", "佐々木組合長").
const JA_TITLES_AFTER: &[&str] = &[
    "市長",
    "知事",
    "社長",
    "会長",
    "組合長",
    "議長",
    "委員長",
    "部長",
    "課長",
    "局長",
    "理事長",
    "教授",
    "大臣",
    "首相",
    "議員",
    "町長",
    "村長",
    "区長",
    "院長",
    "校長",
    "所長",
    "監督",
    "選手",
    "館長",
    "園長",
    "店長",
    "代表",
];

/// Honorifics that follow a name in Japanese.
const JA_HONORIFICS: &[&str] = &["氏", "さん", "様", "君"];

/// Ideographs that write numbers: a changed one is a number change.
const HAN_NUMERALS: &str = "〇零一二三四五六七八九十百千万亿億兆两";

/// An ideograph (Han, or the iteration mark), not kana.
fn is_han(c: char) -> bool {
    script(c) == Script::Ideographic && !('\u{3040}'..='\u{309F}').contains(&c)
}

fn is_kana(c: char) -> bool {
    ('\u{3040}'..='\u{30FF}').contains(&c)
}

/// A token that is one ideograph of a name (not a numeral).
fn han_name_char(text: &str, t: &Token) -> bool {
    let own = &text[t.start..t.end];
    t.number().is_none()
        && own.chars().next().is_some_and(is_han)
        && !own.chars().any(|c| HAN_NUMERALS.contains(c))
}

/// Renamed names in Chinese and Japanese (see the module comment).
fn han_names(g: &GroupView) -> Vec<Finding> {
    let han = |p: &crate::align::Prepared, ids: &[usize]| {
        ids.iter()
            .any(|&s| !p.segs[s].text.is_ascii() && p.segs[s].text.chars().any(is_han))
    };
    if !han(g.src, g.s_ids) || !han(g.rw, g.r_ids) {
        return Vec::new();
    }
    let (a, b) = (side_tokens(g.src, g.s_ids), side_tokens(g.rw, g.r_ids));
    if a.len() > MAX_GROUP_WORDS || b.len() > MAX_GROUP_WORDS {
        return Vec::new();
    }
    // Each ideograph is a token: compared by the character itself.
    let own = |p: &'_ crate::align::Prepared, at: &[(usize, usize)]| -> Vec<String> {
        at.iter()
            .map(|&(s, i)| {
                let t = &p.toks[s][i];
                p.segs[s].text[t.start..t.end].to_string()
            })
            .collect()
    };
    let (wa, wb) = (own(g.src, &a), own(g.rw, &b));
    let ops = capture_diff_slices(Algorithm::Myers, &wa, &wb);
    let mut out = Vec::new();
    for (n, op) in ops.iter().enumerate() {
        let (tag, ra, rb) = op.as_tag_tuple();
        let between_kept = n > 0
            && n + 1 < ops.len()
            && ops[n - 1].tag() == DiffTag::Equal
            && ops[n + 1].tag() == DiffTag::Equal;
        if tag != DiffTag::Replace || !between_kept || ra.len() != rb.len() || ra.len() > 2 {
            continue;
        }
        let sa = a[ra.start].0;
        let sb = b[rb.start].0;
        let same_sentence = |at: &[(usize, usize)], r: &std::ops::Range<usize>, s: usize| {
            at[r.start - 1].0 == s && at[r.end].0 == s && at[r.end - 1].0 == s
        };
        if !same_sentence(&a, &ra, sa) || !same_sentence(&b, &rb, sb) {
            continue;
        }
        let (ta, tb) = (&g.src.segs[sa].text, &g.rw.segs[sb].text);
        let chars_ok = ra
            .clone()
            .all(|k| han_name_char(ta, &g.src.toks[sa][a[k].1]))
            && rb
                .clone()
                .all(|k| han_name_char(tb, &g.rw.toks[sb][b[k].1]));
        if !chars_ok {
            continue;
        }
        // Token indices inside the sentences.
        let (ia, ib) = (a[ra.start].1, b[rb.start].1);
        let slot = if ta.chars().any(is_kana) {
            japanese_name(ta, &g.src.toks[sa], ia, ra.len())
        } else {
            chinese_name(ta, &g.src.toks[sa], ia, ra.len())
        };
        let Some((before, after)) = slot else {
            continue;
        };
        // The name on each side: the same characters around the change.
        let span = |text: &str, toks: &[Token], i: usize, len: usize| -> Option<String> {
            let first = toks.get(i.checked_sub(before)?)?;
            let last = toks.get(i + len - 1 + after)?;
            Some(text[first.start..last.end].to_string())
        };
        let (Some(stext), Some(rtext)) = (
            span(ta, &g.src.toks[sa], ia, ra.len()),
            span(tb, &g.rw.toks[sb], ib, rb.len()),
        ) else {
            continue;
        };
        out.push(finding(
            FindingKind::NameChanged,
            Some(sa),
            Some(sb),
            Some(&stext),
            Some(&rtext),
            format!("The original names \u{201c}{stext}\u{201d}; the copy writes \u{201c}{rtext}\u{201d}."),
        ));
    }
    out
}

/// Whether the `len` ideographs from token `i` are part of a Chinese name
/// (a surname right before them, a role before the name or a verb of saying
/// or title after it): how many of the name's characters stand before and
/// after them.
fn chinese_name(text: &str, toks: &[Token], i: usize, len: usize) -> Option<(usize, usize)> {
    let surname = toks.get(i.checked_sub(1)?)?;
    if !SURNAMES.contains(&text[surname.start..surname.end]) {
        return None;
    }
    let role_before = ZH_ROLES_BEFORE
        .iter()
        .any(|r| text[..surname.start].ends_with(r));
    // Given names have one or two characters.
    for given in len..=2 {
        let last = toks.get(i + given - 1)?;
        if !han_name_char(text, last) {
            break;
        }
        let rest = &text[last.end..];
        if ZH_AFTER_NAME.iter().any(|w| rest.starts_with(w)) {
            return Some((1, given - len));
        }
    }
    // A role before it: the name is taken to be three characters, as most are.
    let third = toks.get(i + 1).filter(|t| han_name_char(text, t));
    (role_before && len <= 2).then(|| (1, usize::from(len == 1 && third.is_some())))
}

/// Whether the `len` ideographs from token `i` are part of a Japanese name:
/// a run of ideographs of two to five characters that a title ends or an
/// honorific follows. How many of its characters stand before and after
/// them.
fn japanese_name(text: &str, toks: &[Token], i: usize, len: usize) -> Option<(usize, usize)> {
    let mut first = i;
    while first > 0
        && toks[first - 1].end == toks[first].start
        && han_name_char(text, &toks[first - 1])
    {
        first -= 1;
    }
    let mut end = i + len;
    while end < toks.len()
        && toks[end].start == toks[end - 1].end
        && han_name_char(text, &toks[end])
    {
        end += 1;
    }
    let run = &text[toks[first].start..toks[end - 1].end];
    let title = JA_TITLES_AFTER.iter().find(|t| run.ends_with(*t));
    let name_end = match title {
        Some(t) => end - t.chars().count(),
        None if JA_HONORIFICS
            .iter()
            .any(|h| text[toks[end - 1].end..].starts_with(h)) =>
        {
            end
        }
        None => return None,
    };
    let name_len = name_end.checked_sub(first)?;
    ((2..=5).contains(&name_len) && i + len <= name_end).then(|| (i - first, name_end - i - len))
}

/// Renamed names in sentences of a cased script written without capitals
/// (see the module comment).
fn uncased_names(g: &GroupView) -> Vec<Finding> {
    let uncased = |p: &crate::align::Prepared, ids: &[usize]| {
        ids.iter().all(|&s| {
            let text = &p.segs[s].text;
            text.chars().any(char::is_lowercase) && !text.chars().any(char::is_uppercase)
        })
    };
    if !uncased(g.src, g.s_ids) || !uncased(g.rw, g.r_ids) {
        return Vec::new();
    }
    renamed_runs(g, |a, b| respelled(tok(g.src, a), tok(g.rw, b)))
}

/// Is a word of uncased text written as another spelling of a name: a word
/// (not a number or function word) of another stem, spelled alike?
fn respelled(a: &Token, b: &Token) -> bool {
    let word = |t: &Token| {
        t.number().is_none()
            && !t.stop()
            && t.lower().chars().count() >= 3
            && t.lower().chars().all(char::is_alphabetic)
    };
    word(a)
        && word(b)
        && a.stem() != b.stem()
        && synonym_of(a.lower()).is_none_or(|s| synonym_of(b.lower()) != Some(s))
        && word_similarity(a.lower(), b.lower()) >= 0.5
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

    fn names(source: &str, rewrite: &str) -> Vec<(String, String)> {
        crate::align::findings::found(source, rewrite, FindingKind::NameChanged)
            .into_iter()
            .map(|(s, r, _)| (s, r))
            .collect()
    }

    #[test]
    fn another_first_name_is_found_where_the_text_uses_it_as_one() {
        // The family name stands alone in a later sentence.
        assert_eq!(
            names(
                "وقالت المديرة نادية القاسمي إن الجسر سيفتح قريباً. وأضافت القاسمي أن العمل مستمر. ويبلغ طول الجسر مئتي متر. وتمول الوزارة المشروع.",
                "وقالت المديرة رهف القاسمي إن الجسر سيفتح قريباً. وأضافت القاسمي أن العمل مستمر. ويبلغ طول الجسر مئتي متر. وتمول الوزارة المشروع."
            ),
            vec![("نادية".to_string(), "رهف".to_string())]
        );
        // An honorific before it.
        assert_eq!(
            names(
                "מר אבנר גולן פתח את התערוכה בעירייה.",
                "מר צביקה גולן פתח את התערוכה בעירייה."
            ),
            vec![("אבנר".to_string(), "צביקה".to_string())]
        );
        // An ordinary word, used elsewhere too, is no name.
        assert!(names(
            "افتتحت البلدية حديقة كبيرة للعائلات. وتضم الحديقة ساحة كبيرة وملعباً. وهي مفتوحة للعائلات كل يوم.",
            "افتتحت البلدية حديقة واسعة للعائلات. وتضم الحديقة ساحة كبيرة وملعباً. وهي مفتوحة للعائلات كل يوم."
        )
        .is_empty());
    }

    #[test]
    fn a_chinese_name_is_found_by_its_surname_and_title() {
        assert_eq!(
            names(
                "副市长刘晓燕说，大桥明年通车。",
                "副市长刘小燕说，大桥明年通车。"
            ),
            vec![("刘晓燕".to_string(), "刘小燕".to_string())]
        );
        // Another word, with no name beside it, is not a name.
        assert!(names(
            "大桥施工期间渡轮服务不会中断。",
            "大桥施工期间渡轮服务不会停止。"
        )
        .is_empty());
    }

    #[test]
    fn a_japanese_name_is_found_by_its_title() {
        assert_eq!(
            names(
                "中村隆之市長は会見で語った。",
                "中村孝之市長は会見で語った。"
            ),
            vec![("中村隆之".to_string(), "中村孝之".to_string())]
        );
        assert!(names(
            "工事中の影響を心配している。",
            "工事中の影響を懸念している。"
        )
        .is_empty());
    }

    #[test]
    fn a_lower_case_name_is_a_word_spelled_alike() {
        assert_eq!(
            names(
                "the manager, tobias klemm, said the stalls were let.",
                "the manager, tobias klem, said the stalls were let."
            ),
            vec![("klemm".to_string(), "klem".to_string())]
        );
        // Another word, or another form of the same word, is not a name.
        assert!(names(
            "the stalls were already let to traders.",
            "the stalls were already rented to traders."
        )
        .is_empty());
        assert!(names(
            "the council plans to raise the fees.",
            "the council planned to raise the fees."
        )
        .is_empty());
        // In cased text capitals tell names: this rule stays out of it.
        assert!(names(
            "The stalls were let to Klemm traders.",
            "The stalls were let to Kleme traders."
        )
        .iter()
        .all(|(s, _)| s.contains("Klemm")));
    }
}
