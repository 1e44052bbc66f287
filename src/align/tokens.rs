//! Tokens: words and numbers of a sentence, normalised for comparison
//! (lower case, Snowball stems, stopwords marked, numbers given a value).

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use rust_stemmers::Stemmer;

/// The text of a token's word: shared, since an article uses the same few
/// hundred words over and over; a pair of ideographs is held in place.
#[derive(Clone)]
pub struct Word(Repr);

#[derive(Clone)]
enum Repr {
    Shared(Arc<str>),
    /// Random Chinese has a distinct pair for nearly every character:
    /// shared, each was an allocation of its own.
    Inline(Inline),
}

/// A text of up to seven bytes, held in place: a pair of Han or Kana
/// characters (three bytes each).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Inline {
    len: u8,
    bytes: [u8; 7],
}

impl Inline {
    fn new(s: &str) -> Option<Inline> {
        let mut bytes = [0; 7];
        bytes.get_mut(..s.len())?.copy_from_slice(s.as_bytes());
        Some(Inline {
            len: s.len() as u8,
            bytes,
        })
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).expect("copied from a str")
    }
}

impl Word {
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Shared(s) => s,
            Repr::Inline(s) => s.as_str(),
        }
    }
}

impl Default for Word {
    fn default() -> Word {
        Word(Repr::Inline(Inline::new("").expect("empty")))
    }
}

impl Deref for Word {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Word {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Word {
    fn from(s: &str) -> Word {
        Word(Repr::Shared(s.into()))
    }
}

impl From<String> for Word {
    fn from(s: String) -> Word {
        Word(Repr::Shared(s.into()))
    }
}

// Compared, hashed and ordered as their text, however held (and as `str`,
// for the `Borrow<str>` lookups of maps keyed by words).
impl PartialEq for Word {
    fn eq(&self, other: &Word) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Word {}

impl PartialOrd for Word {
    fn partial_cmp(&self, other: &Word) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Word {
    fn cmp(&self, other: &Word) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Word {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl PartialEq<str> for Word {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Word {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Word> for &str {
    fn eq(&self, other: &Word) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Word> for str {
    fn eq(&self, other: &Word) -> bool {
        self == other.as_str()
    }
}

impl fmt::Debug for Word {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One word or number of a sentence.
///
/// 32 bytes: a 15 MB text of Chinese has a token for every character.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Byte range in the sentence text.
    pub start: usize,
    pub end: usize,
    spelling: Spelling,
}

/// What a token's word is.
#[derive(Debug, Clone, PartialEq)]
enum Spelling {
    /// A word or number, shared by the tokens of the same word as written.
    Word(Arc<WordInfo>),
    /// A Han or Hiragana character and the next one of its run, compared as
    /// they are: their own lower case and stem, no function word, no
    /// number, no capital. (A longer pair, of rarer characters or with
    /// marks, is a `Word`.)
    Pair(Inline),
}

impl Token {
    /// Lower case, apostrophes unified, possessive `'s` removed.
    pub fn lower(&self) -> &str {
        match &self.spelling {
            Spelling::Word(info) => &info.lower,
            Spelling::Pair(pair) => pair.as_str(),
        }
    }

    /// The Snowball English stem of [`Token::lower`] (numbers: their
    /// canonical value).
    pub fn stem(&self) -> &str {
        match &self.spelling {
            Spelling::Word(info) => &info.stem,
            Spelling::Pair(pair) => pair.as_str(),
        }
    }

    /// [`Token::lower`], to keep.
    pub fn lower_word(&self) -> Word {
        match &self.spelling {
            Spelling::Word(info) => info.lower.clone(),
            Spelling::Pair(pair) => Word(Repr::Inline(*pair)),
        }
    }

    /// [`Token::stem`], to keep.
    pub fn stem_word(&self) -> Word {
        match &self.spelling {
            Spelling::Word(info) => info.stem.clone(),
            Spelling::Pair(pair) => Word(Repr::Inline(*pair)),
        }
    }

    /// A function word ("the", "of", "said" is not one).
    pub fn stop(&self) -> bool {
        matches!(&self.spelling, Spelling::Word(info) if info.stop)
    }

    /// Begins with an upper-case letter.
    pub fn cap(&self) -> bool {
        matches!(&self.spelling, Spelling::Word(info) if info.cap)
    }

    /// The numeric value, for digits and number words.
    pub fn number(&self) -> Option<f64> {
        match &self.spelling {
            Spelling::Word(info) => info.number,
            Spelling::Pair(_) => None,
        }
    }
}

/// The words that carry no content of their own.
pub const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "else",
    "ever",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "more",
    "most",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "thus",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "s",
    "t",
    "also",
    "said",
    "says",
    "say",
    "told",
    "according",
    "added",
    "n't",
    "ve",
    "ll",
    "re",
    "d",
    "m",
    "whether",
    "although",
    "though",
    "since",
    "within",
    "without",
    "among",
    "amid",
    "around",
    "across",
    "along",
    "via",
    "per",
    "onto",
    "toward",
    "towards",
    "unless",
    "whereas",
    "thereby",
    "hence",
    "therefore",
    "meanwhile",
    "moreover",
    "furthermore",
    "nevertheless",
    "instead",
    "rather",
    "quite",
    "even",
    "still",
    "already",
    "much",
    "many",
    "several",
    "well",
    "back",
    "another",
    "every",
    "something",
    "anything",
    "nothing",
    "someone",
    "anyone",
    "everyone",
    "one's",
    "mr",
    "mrs",
    "ms",
    "let",
    "get",
    "got",
    "make",
    "made",
];

pub fn is_stopword(w: &str) -> bool {
    static SET: std::sync::OnceLock<foldhash::HashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect())
        .contains(w)
}

/// Number words and their values.
const NUMBER_WORDS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
    ("dozen", 12.0),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("first", 1.0),
    ("second", 2.0),
    ("third", 3.0),
    ("fourth", 4.0),
    ("fifth", 5.0),
    ("sixth", 6.0),
    ("seventh", 7.0),
    ("eighth", 8.0),
    ("ninth", 9.0),
    ("tenth", 10.0),
    ("half", 0.5),
];

pub fn number_word(w: &str) -> Option<f64> {
    static MAP: std::sync::OnceLock<foldhash::HashMap<&'static str, f64>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| NUMBER_WORDS.iter().copied().collect())
        .get(w)
        .copied()
}

/// Multipliers that scale a preceding number ("4.2 billion").
pub fn multiplier(w: &str) -> Option<f64> {
    match w {
        "hundred" => Some(1e2),
        "thousand" | "k" => Some(1e3),
        "million" | "m" | "mn" | "mln" => Some(1e6),
        "billion" | "bn" | "b" => Some(1e9),
        "trillion" | "tn" => Some(1e12),
        // Russian, Greek, Arabic, Persian, Hebrew (the forms after a number).
        "тыс" | "тысяч" | "тысячи" | "χιλιάδες" | "ألف" | "آلاف" | "هزار" | "אלף" => {
            Some(1e3)
        }
        "млн"
        | "миллион"
        | "миллиона"
        | "миллионов"
        | "εκατομμύρια"
        | "εκατομμυρίων"
        | "مليون"
        | "ملايين"
        | "میلیون"
        | "מיליון" => Some(1e6),
        "млрд"
        | "миллиард"
        | "миллиарда"
        | "миллиардов"
        | "δισεκατομμύρια"
        | "δισεκατομμυρίων"
        | "مليار"
        | "مليارات"
        | "میلیارد"
        | "מיליארד" => Some(1e9),
        _ => None,
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// What a word is, once lower-cased and stemmed.
#[derive(Debug, PartialEq)]
struct WordInfo {
    lower: Word,
    stem: Word,
    stop: bool,
    cap: bool,
    number: Option<f64>,
}

impl WordInfo {
    fn new(raw: &str, stemmer: &Stemmer) -> WordInfo {
        let mut lower: String = if raw.is_ascii() {
            raw.to_ascii_lowercase()
        } else {
            raw.to_lowercase()
                .chars()
                .map(|c| if c == '’' { '\'' } else { c })
                .collect()
        };
        if lower.ends_with("'s") && lower.len() > 2 {
            lower.truncate(lower.len() - 2);
        }
        let number = number_word(&lower);
        let stem = match number {
            Some(v) => fmt_value(v),
            None => stemmer.stem(&lower).into_owned(),
        };
        WordInfo {
            stop: is_stopword(&lower),
            cap: raw.starts_with(char::is_uppercase),
            lower: lower.into(),
            stem: stem.into(),
            number,
        }
    }
}

/// [`WordInfo`] of a word as written, remembered by this thread: a site uses
/// a few thousand distinct words thousands of times over, and lower-casing,
/// stemming and the word-list lookups were a tenth of a build's time.
fn word_info(raw: &str, stemmer: &Stemmer) -> Arc<WordInfo> {
    use foldhash::{HashMap, HashMapExt};
    use std::cell::RefCell;
    // Bounded, so a hostile text of endless distinct words cannot grow it.
    const MAX_ENTRIES: usize = 1 << 16;
    thread_local! {
        static WORDS: RefCell<HashMap<String, Arc<WordInfo>>> = RefCell::new(HashMap::new());
    }
    WORDS.with(|cell| {
        let mut words = cell.borrow_mut();
        if let Some(info) = words.get(raw) {
            return info.clone();
        }
        let info = Arc::new(WordInfo::new(raw, stemmer));
        if words.len() >= MAX_ENTRIES {
            words.clear();
        }
        words.insert(raw.to_string(), info.clone());
        info
    })
}

/// Cuts `text` into word and number tokens.
///
/// Words are runs of letters with their combining marks (so a name typed
/// with combining accents stays one word), joiners and inner apostrophes.
/// Han and Hiragana, written without spaces, give a token per character
/// whose word is that character and the next one of the run (overlapping
/// bigrams, the usual dictionary-free way to compare such text); a run of
/// Katakana (mostly foreign names and loanwords) is one word. Numbers are
/// digits of any script, with their separators.
pub fn tokenize(text: &str, stemmer: &Stemmer) -> Vec<Token> {
    if text.is_ascii() {
        // Most news in English: the characters are the bytes.
        let bytes = text.as_bytes();
        return tokenize_chars(text, bytes.len(), |i| (i, char::from(bytes[i])), stemmer);
    }
    let mut chars: Vec<(usize, char)> = Vec::with_capacity(text.len());
    chars.extend(text.char_indices());
    tokenize_chars(text, chars.len(), |i| chars[i], stemmer)
}

/// The value of a decimal digit of any common script (ASCII, Arabic-Indic,
/// Persian, Devanagari and other Indic, Thai, full-width...).
pub fn digit_value(c: char) -> Option<u32> {
    if c.is_ascii() {
        return c.to_digit(10);
    }
    /// The zero of each run of ten decimal digits.
    const ZEROS: &[u32] = &[
        0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
        0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0xFF10,
    ];
    let v = u32::from(c);
    ZEROS
        .iter()
        .find(|&&z| (z..z + 10).contains(&v))
        .map(|z| v - z)
}

/// A number as written (digits of any script, separators) in the form Rust
/// parses: ASCII digits and at most one `.`. The Arabic separators are
/// thousands (٬) and decimal (٫). Of `,` and `.`, the last one is the
/// decimal point when it comes once and is a `.`, or both are used, or it is
/// not followed by exactly three digits ("4.2", "1,200.5", "1.200,5",
/// "4,2"); every other one separates thousands ("1,200", "1.200.000").
fn number_text(raw: &str) -> String {
    let seps: Vec<(usize, char)> = raw
        .char_indices()
        .filter(|(_, c)| matches!(c, ',' | '.'))
        .collect();
    let decimal = seps.last().and_then(|&(at, c)| {
        let once = seps.iter().filter(|(_, d)| *d == c).count() == 1;
        let mixed = seps.iter().any(|(_, d)| *d != c);
        let digits_after = raw[at + 1..].chars().count();
        (once && (mixed || c == '.' || digits_after != 3)).then_some(at)
    });
    raw.char_indices()
        .filter_map(|(at, c)| match c {
            ',' | '.' => (Some(at) == decimal).then_some('.'),
            '\u{66C}' => None,
            '\u{66B}' => Some('.'),
            _ => match digit_value(c) {
                Some(d) if !c.is_ascii() => char::from_digit(d, 10),
                _ => Some(c),
            },
        })
        .collect()
}

/// The value of a Chinese or Japanese character for ten thousand, a hundred
/// million or a million million, written after digits ("35亿").
fn ideographic_multiplier(c: char) -> Option<f64> {
    match c {
        '万' | '萬' => Some(1e4),
        '亿' | '億' => Some(1e8),
        '兆' => Some(1e12),
        _ => None,
    }
}

/// A decimal digit of any script (see [`digit_value`]).
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || !c.is_ascii() && digit_value(c).is_some()
}

/// A combining mark (accents typed apart from their letter, vowel signs,
/// variation selectors): it belongs to the character before it.
pub fn is_mark(c: char) -> bool {
    !c.is_ascii() && unicode_normalization::char::is_combining_mark(c)
}

/// How a script is cut into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    /// Words between spaces and punctuation (Latin, Cyrillic, Greek,
    /// Arabic, Hebrew, Hangul...).
    Spaced,
    /// Han ideographs and Hiragana: no spaces between words; compared as
    /// overlapping character pairs.
    Ideographic,
    /// Katakana: a run is one word.
    Katakana,
}

pub(crate) fn script(c: char) -> Script {
    let v = u32::from(c);
    if v < 0x3000 {
        return Script::Spaced;
    }
    match v {
        0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Katakana,
        0x3005..=0x3007
        | 0x3021..=0x3029
        | 0x3038..=0x303B
        | 0x3040..=0x309F
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3FFFF => Script::Ideographic,
        _ => Script::Spaced,
    }
}

/// A letter of a script without upper and lower case (Arabic, Hebrew, Han,
/// Kana, Thai, Devanagari...).
pub fn is_caseless_letter(c: char) -> bool {
    !c.is_ascii() && c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase()
}

/// Characters that join the letters on both sides into one word: zero-width
/// joiners (Persian writes them inside words), Hebrew geresh and gershayim.
fn joins_letters(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{5F3}' | '\u{5F4}')
}

/// The letters of words (and the marks that come with them) and the words
/// inside them, for comparing passages word by word: lower-case, apostrophes
/// unified, each Han or Kana character a word of its own.
pub fn comparable_words(s: &str) -> Vec<String> {
    if s.is_ascii() {
        // Most news in English: words between other characters, at once.
        return s
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\''))
            .map(|w| w.trim_matches('\''))
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
    }
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        let w = cur.trim_matches('\'');
        if w.chars().any(char::is_alphanumeric) {
            out.push(w.to_string());
        }
        cur.clear();
    };
    for c in s.chars() {
        if is_mark(c) && !cur.is_empty() {
            cur.push(c);
        } else if script(c) != Script::Spaced && c.is_alphanumeric() {
            flush(&mut cur, &mut out);
            cur.push(c);
            flush(&mut cur, &mut out);
        } else if c.is_alphanumeric() || joins_letters(c) {
            cur.extend(c.to_lowercase());
        } else if c == '\'' || c == '’' {
            cur.push('\'');
        } else {
            flush(&mut cur, &mut out);
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// The marks at `i` and after among `n` characters: the first index past them.
fn skip_marks(at: &impl Fn(usize) -> (usize, char), mut i: usize, n: usize) -> usize {
    while i < n && is_mark(at(i).1) {
        i += 1;
    }
    i
}

/// [`tokenize`] over `text`'s `n` characters: `at(i)` is the `i`th and the
/// byte where it starts.
fn tokenize_chars(
    text: &str,
    n: usize,
    at: impl Fn(usize) -> (usize, char),
    stemmer: &Stemmer,
) -> Vec<Token> {
    // About one token for every six bytes of prose.
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    let byte_at = |i: usize| if i < n { at(i).0 } else { text.len() };
    let mut i = 0;
    while i < n {
        let (b, c) = at(i);
        if is_digit(c) {
            // 1,200.50 / 4.2 / 2024 / ١٬٢٠٠٫٥
            let mut j = i + 1;
            while j < n {
                let cj = at(j).1;
                if is_digit(cj) {
                    j += 1;
                } else if matches!(cj, ',' | '.' | '\u{66B}' | '\u{66C}')
                    && j + 1 < n
                    && is_digit(at(j + 1).1)
                {
                    j += 2;
                } else {
                    break;
                }
            }
            let raw = &text[b..byte_at(j)];
            let clean = number_text(raw);
            let mut value = clean.parse::<f64>().ok();
            // "35亿", "120億": a Chinese or Japanese large-number character
            // right after the digits belongs to the number.
            if let Some(m) = (j < n).then(|| ideographic_multiplier(at(j).1)).flatten() {
                value = value.map(|v| v * m);
                j += 1;
            }
            let e = byte_at(j);
            let raw = &text[b..e];
            out.push(Token {
                start: b,
                end: e,
                spelling: Spelling::Word(Arc::new(WordInfo {
                    lower: raw.into(),
                    stem: value.map_or(clean.clone(), fmt_value).into(),
                    stop: false,
                    cap: false,
                    number: value,
                })),
            });
            i = j;
            continue;
        }
        if !c.is_alphabetic() {
            i += 1;
            continue;
        }
        match script(c) {
            Script::Ideographic => {
                // This character (with its marks) and the next one of the run.
                let e = skip_marks(&at, i + 1, n);
                let pair_end = match e < n && script(at(e).1) == Script::Ideographic {
                    true => byte_at(skip_marks(&at, e + 1, n)),
                    false => byte_at(e),
                };
                let pair = &text[b..pair_end];
                let spelling = Inline::new(pair).map_or_else(
                    || {
                        Spelling::Word(Arc::new(WordInfo {
                            lower: pair.into(),
                            stem: pair.into(),
                            stop: false,
                            cap: false,
                            number: None,
                        }))
                    },
                    Spelling::Pair,
                );
                out.push(Token {
                    start: b,
                    end: byte_at(e),
                    spelling,
                });
                i = e;
            }
            run => {
                let mut j = i + 1;
                while j < n {
                    let cj = at(j).1;
                    let next_letter = j + 1 < n && at(j + 1).1.is_alphabetic();
                    if is_mark(cj) {
                        j += 1;
                    } else if script(cj) != run {
                        break;
                    } else if cj.is_alphanumeric() {
                        j += 1;
                    } else if (is_apostrophe(cj) || joins_letters(cj)) && next_letter {
                        j += 2;
                    } else if cj == '"' && next_letter && is_hebrew(at(j - 1).1) {
                        // Gershayim typed as a straight quote: an acronym.
                        j += 2;
                    } else if cj == 'ー' || cj == '・' && run == Script::Katakana && next_letter {
                        j += 1;
                    } else {
                        break;
                    }
                }
                let e = byte_at(j);
                out.push(Token {
                    start: b,
                    end: e,
                    spelling: Spelling::Word(word_info(&text[b..e], stemmer)),
                });
                i = j;
            }
        }
    }
    out
}

fn is_hebrew(c: char) -> bool {
    ('\u{5D0}'..='\u{5EA}').contains(&c)
}

/// A canonical text form of a number (so "3", "3.0" and "three" agree).
pub fn fmt_value(v: f64) -> String {
    let mut out = String::new();
    push_value(&mut out, v);
    out
}

/// Appends [`fmt_value`] of `v` to `out`.
pub fn push_value(out: &mut String, v: f64) {
    use std::fmt::Write;
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let _ = write!(out, "{}", v as i64);
    } else {
        let _ = write!(out, "{v}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_stemmers::Algorithm;

    #[test]
    fn tokens_stem_and_numbers() {
        let st = Stemmer::create(Algorithm::English);
        let t = tokenize(
            "The ministers' 1,200 plans won’t raise three rates; Olvansky's 4.2",
            &st,
        );
        let stems: Vec<&str> = t.iter().map(|t| t.stem()).collect();
        assert_eq!(
            stems,
            vec!["the", "minist", "1200", "plan", "won't", "rais", "3", "rate", "olvanski", "4.2"]
        );
        assert!(t[0].stop() && t[0].cap());
        assert_eq!(t[6].number(), Some(3.0));
    }
    fn words(text: &str) -> Vec<(String, Option<f64>)> {
        let st = Stemmer::create(Algorithm::English);
        tokenize(text, &st)
            .into_iter()
            .map(|t| (t.lower().to_string(), t.number()))
            .collect()
    }

    #[test]
    fn tokens_stay_small() {
        // A 15 MB text of Chinese has a token for every character.
        assert_eq!(std::mem::size_of::<Token>(), 32);
    }

    #[test]
    fn digits_of_every_script_are_numbers() {
        let st = Stemmer::create(Algorithm::English);
        let t = tokenize("٣٬٥٠٠ و ٤٫٢ و ۱۲ و ３ و 7", &st);
        let numbers: Vec<(f64, &str)> = t
            .iter()
            .filter_map(|t| Some((t.number()?, t.stem())))
            .collect();
        assert_eq!(
            numbers,
            vec![
                (3500.0, "3500"),
                (4.2, "4.2"),
                (12.0, "12"),
                (3.0, "3"),
                (7.0, "7")
            ]
        );
    }

    #[test]
    fn chinese_large_numbers() {
        assert_eq!(
            words("35亿元"),
            vec![("35亿".to_string(), Some(3.5e9)), ("元".to_string(), None)]
        );
        assert_eq!(words("1.2万人")[0].1, Some(12_000.0));
    }

    #[test]
    fn separators_of_thousands_and_decimals() {
        let value = |s: &str| words(s)[0].1;
        assert_eq!(value("1,200"), Some(1200.0));
        assert_eq!(value("1,200.5"), Some(1200.5));
        assert_eq!(value("4.2"), Some(4.2));
        assert_eq!(value("4,2"), Some(4.2));
        assert_eq!(value("1.200.000"), Some(1_200_000.0));
        assert_eq!(value("1.200,5"), Some(1200.5));
    }

    #[test]
    fn han_and_kana_compare_by_character_pairs() {
        let w: Vec<String> = words("北京下雨").into_iter().map(|w| w.0).collect();
        assert_eq!(w, vec!["北京", "京下", "下雨", "雨"]);
        // A Katakana run is one word; Latin and digits stand apart.
        let w: Vec<String> = words("スミス氏はiPhone15を")
            .into_iter()
            .map(|w| w.0)
            .collect();
        assert_eq!(w, vec!["スミス", "氏は", "は", "iphone15", "を"]);
    }

    #[test]
    fn words_keep_their_marks_and_joiners() {
        // Combining accents, a Persian zero-width non-joiner, Hebrew gershayim.
        for word in ["nguye\u{302}\u{303}n", "می\u{200C}شوند", "צה\"ל", "צה״ל"] {
            assert_eq!(words(word), vec![(word.to_string(), None)]);
        }
    }

    #[test]
    fn comparable_words_split_ideographs() {
        assert_eq!(
            comparable_words("「我们不会」, it’s Zoë's"),
            vec!["我", "们", "不", "会", "it's", "zoë's"]
        );
    }
}
