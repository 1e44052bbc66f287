//! Tokens: words and numbers of a sentence, normalised for comparison
//! (lower case, Snowball stems, stopwords marked, numbers given a value).

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use rust_stemmers::Stemmer;

/// The text of a token's word: shared, since an article uses the same few
/// hundred words over and over and each token holds two forms of its word.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Word(Arc<str>);

impl Word {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Word {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Word {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Word {
    fn from(s: &str) -> Word {
        Word(s.into())
    }
}

impl From<String> for Word {
    fn from(s: String) -> Word {
        Word(s.into())
    }
}

impl PartialEq<&str> for Word {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<Word> for &str {
    fn eq(&self, other: &Word) -> bool {
        *self == &*other.0
    }
}

impl fmt::Debug for Word {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One word or number of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Byte range in the sentence text.
    pub start: usize,
    pub end: usize,
    /// Lower case, apostrophes unified, possessive `'s` removed.
    pub lower: Word,
    /// The Snowball English stem of `lower` (numbers: their canonical value).
    pub stem: Word,
    /// A function word ("the", "of", "said" is not one).
    pub stop: bool,
    /// Begins with an upper-case letter.
    pub cap: bool,
    /// The numeric value, for digits and number words.
    pub number: Option<f64>,
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
        _ => None,
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// What a word is, once lower-cased and stemmed.
#[derive(Clone)]
struct WordInfo {
    lower: Word,
    stem: Word,
    stop: bool,
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
            lower: lower.into(),
            stem: stem.into(),
            number,
        }
    }
}

/// [`WordInfo`] of a word as written, remembered by this thread: a site uses
/// a few thousand distinct words thousands of times over, and lower-casing,
/// stemming and the word-list lookups were a tenth of a build's time.
fn word_info(raw: &str, stemmer: &Stemmer) -> WordInfo {
    use foldhash::{HashMap, HashMapExt};
    use std::cell::RefCell;
    // Bounded, so a hostile text of endless distinct words cannot grow it.
    const MAX_ENTRIES: usize = 1 << 16;
    thread_local! {
        static WORDS: RefCell<HashMap<String, WordInfo>> = RefCell::new(HashMap::new());
    }
    WORDS.with(|cell| {
        let mut words = cell.borrow_mut();
        if let Some(info) = words.get(raw) {
            return info.clone();
        }
        let info = WordInfo::new(raw, stemmer);
        if words.len() >= MAX_ENTRIES {
            words.clear();
        }
        words.insert(raw.to_string(), info.clone());
        info
    })
}

/// Cuts `text` into word and number tokens.
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
    let mut i = 0;
    while i < n {
        let (b, c) = at(i);
        if c.is_ascii_digit() {
            // 1,200.50 / 4.2 / 2024
            let mut j = i + 1;
            while j < n {
                let cj = at(j).1;
                if cj.is_ascii_digit() {
                    j += 1;
                } else if (cj == ',' || cj == '.') && j + 1 < n && at(j + 1).1.is_ascii_digit() {
                    j += 2;
                } else {
                    break;
                }
            }
            let e = if j < n { at(j).0 } else { text.len() };
            let raw = &text[b..e];
            let clean: String = raw.chars().filter(|c| *c != ',').collect();
            let value = clean.parse::<f64>().ok();
            out.push(Token {
                start: b,
                end: e,
                lower: raw.to_string().into(),
                stem: value.map_or(clean.clone(), fmt_value).into(),
                stop: false,
                cap: false,
                number: value,
            });
            i = j;
            continue;
        }
        if c.is_alphabetic() {
            let mut j = i + 1;
            while j < n {
                let cj = at(j).1;
                if cj.is_alphanumeric() {
                    j += 1;
                } else if is_apostrophe(cj) && j + 1 < n && at(j + 1).1.is_alphabetic() {
                    j += 2;
                } else {
                    break;
                }
            }
            let e = if j < n { at(j).0 } else { text.len() };
            let WordInfo {
                lower,
                stem,
                stop,
                number,
            } = word_info(&text[b..e], stemmer);
            out.push(Token {
                start: b,
                end: e,
                cap: c.is_uppercase(),
                stop,
                stem,
                lower,
                number,
            });
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// A canonical text form of a number (so "3", "3.0" and "three" agree).
pub fn fmt_value(v: f64) -> String {
    let mut out = String::new();
    push_value(&mut out, v);
    out
}

/// Appends [`fmt_value`] of `v` to `out`.
pub fn push_value(out: &mut String, v: f64) {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        crate::text::push_number(out, v as i64);
    } else {
        use std::fmt::Write;
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
        let stems: Vec<&str> = t.iter().map(|t| t.stem.as_str()).collect();
        assert_eq!(
            stems,
            vec!["the", "minist", "1200", "plan", "won't", "rais", "3", "rate", "olvanski", "4.2"]
        );
        assert!(t[0].stop && t[0].cap);
        assert_eq!(t[6].number, Some(3.0));
    }
}
