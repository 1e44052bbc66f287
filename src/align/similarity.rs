//! Sentence similarity: IDF-weighted overlap of content-word stems, with
//! fuzzy matching (character bigrams) for words spelled differently and a
//! small table of synonyms that spinners swap.
//!
//! Function words are ignored. Weights come from the document frequency of a
//! stem across the sentences of both texts, so a name that appears in every
//! sentence counts for little and a rare word for much.

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};

use super::tokens::{Token, Word};

/// Interned content terms and their document frequencies.
#[derive(Debug, Default, Clone)]
pub struct Vocab {
    /// An original's terms, shared by the vocabularies of all its pairings
    /// (each copy's starts as a clone of the original's): their ids come
    /// first. See [`Vocab::share`].
    shared: Arc<Terms>,
    /// The terms interned since, with ids from `shared`'s count on.
    own: Terms,
    pub df: Vec<u32>,
    pub idf: Vec<f64>,
    pub sentences: usize,
    /// Per term: the other terms that are its spelling variants
    /// ([`Vocab::fuzzy_ids`]). Few terms have any, and comparing sentences
    /// asks about the same pairs of terms again and again, so they are found
    /// once, by [`find_variants`](Self::find_variants).
    variants: Vec<Vec<u32>>,
    /// The terms that may have variants, by first letter: those of the
    /// terms `variants` covers so far.
    varying: Vec<(char, u32)>,
    /// How many of the terms are pairs of ideographs (see
    /// [`Vocab::intern_term`]).
    ideograph_pairs: usize,
}

/// Most pairs of ideographs a vocabulary holds as terms. Chinese and
/// Japanese are compared by overlapping pairs of characters; a news
/// article has a few thousand distinct pairs and a long book some hundreds
/// of thousands, but 15 MB of text with no repeated pairs would have
/// millions, a term each. Past this many, a pair not yet known is compared
/// by its first character alone (there are some tens of thousands of
/// those), so the vocabulary stays bounded whatever the text.
pub const MAX_IDEOGRAPH_PAIRS: usize = 1 << 18;

/// Some interned terms.
#[derive(Debug, Default, Clone)]
struct Terms {
    ids: HashMap<Word, u32>,
    words: Vec<Word>,
    /// Per term: sorted character bigrams, first character and length, for
    /// fuzzy matching without allocating in the hot loop.
    shapes: Vec<Shape>,
}

/// First letter, length and number-ness of a term: what rules out most
/// pairs as spelling variants.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct ShapeKey {
    first: char,
    len: u32,
    number: bool,
}

impl ShapeKey {
    pub fn is_number(&self) -> bool {
        self.number
    }

    /// False when the term cannot be a spelling variant of any other.
    fn may_vary(&self) -> bool {
        !self.number && self.len >= 5
    }

    /// False when the two terms cannot be spelling variants (the first tests
    /// of [`Vocab::fuzzy_ids`], without its lookups).
    fn may_be_variants(&self, other: &ShapeKey) -> bool {
        self.may_vary() && other.may_vary() && self.first == other.first
    }
}

#[derive(Debug, Default, Clone)]
struct Shape {
    /// Empty for a term that may not have variants.
    bigrams: Box<[u64]>,
    key: ShapeKey,
}

fn bigrams(s: &str) -> Vec<u64> {
    let c: Vec<char> = s.chars().collect();
    let mut v: Vec<u64> = c
        .windows(2)
        .map(|w| ((w[0] as u64) << 32) | w[1] as u64)
        .collect();
    v.sort_unstable();
    v
}

/// Whether the bigram Dice of two sorted bigram lists reaches [`FUZZY_MIN`]:
/// `2 * common / (x.len() + y.len()) >= 0.6`, that is `10 * common >= 3 *
/// (x.len() + y.len())`. The merge stops as soon as the bigrams left cannot
/// bring the count up to that, which most pairs of words show early.
fn shares_enough_bigrams(x: &[u64], y: &[u64]) -> bool {
    if x.is_empty() || y.is_empty() {
        return false;
    }
    let need = (3 * (x.len() + y.len())).div_ceil(10);
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        if common + (x.len() - i).min(y.len() - j) < need {
            return false;
        }
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common >= need
}

impl Vocab {
    /// Interns a sentence's term, a pair of ideographs past
    /// [`MAX_IDEOGRAPH_PAIRS`] as its first character: its id, and the
    /// term interned when it is not `term`.
    pub fn intern_term(&mut self, term: &Word) -> (u32, Option<Word>) {
        if let Some(&id) = self.shared.ids.get(term).or_else(|| self.own.ids.get(term)) {
            return (id, None);
        }
        let mut chars = term.chars();
        let first = chars.next().filter(|&c| {
            super::tokens::script(c) == super::tokens::Script::Ideographic && chars.next().is_some()
        });
        match first {
            Some(first) if self.ideograph_pairs >= MAX_IDEOGRAPH_PAIRS => {
                let single = Word::from(first.encode_utf8(&mut [0; 4]) as &str);
                (self.intern(&single), Some(single))
            }
            Some(_) => {
                self.ideograph_pairs += 1;
                (self.intern(term), None)
            }
            None => (self.intern(term), None),
        }
    }

    pub fn intern(&mut self, term: &Word) -> u32 {
        if let Some(&id) = self.shared.ids.get(term).or_else(|| self.own.ids.get(term)) {
            return id;
        }
        let id = self.term_count() as u32;
        self.own.ids.insert(term.clone(), id);
        self.own.words.push(term.clone());
        self.df.push(0);
        id
    }

    /// How many terms there are (ids are below this).
    pub fn term_count(&self) -> usize {
        self.shared.words.len() + self.own.words.len()
    }

    /// The term of an id.
    pub fn word(&self, id: u32) -> Option<&Word> {
        let (id, shared) = (id as usize, self.shared.words.len());
        match id < shared {
            true => self.shared.words.get(id),
            false => self.own.words.get(id - shared),
        }
    }

    fn shape(&self, id: u32) -> Option<&Shape> {
        let (id, shared) = (id as usize, self.shared.words.len());
        match id < shared {
            true => self.shared.shapes.get(id),
            false => self.own.shapes.get(id - shared),
        }
    }

    /// Makes the terms interned so far part of what clones share: an
    /// original's vocabulary is cloned for each of its copies, and its
    /// words and their shapes then need no copying (nor counting of
    /// references) per copy.
    pub fn share(&mut self) {
        let own = std::mem::take(&mut self.own);
        let mut all = Arc::unwrap_or_clone(std::mem::take(&mut self.shared));
        all.shapes.resize(all.words.len(), Shape::default());
        all.ids.extend(own.ids);
        all.words.extend(own.words);
        all.shapes.extend(own.shapes);
        self.shared = Arc::new(all);
    }

    /// Makes room for `additional` more terms.
    pub fn reserve(&mut self, additional: usize) {
        self.own.ids.reserve(additional);
    }

    /// Counts one sentence's (deduplicated) terms.
    pub fn count(&mut self, terms: &[u32]) {
        for &t in terms {
            self.df[t as usize] += 1;
        }
        self.sentences += 1;
    }

    /// The IDF of a term (1 for an id the vocabulary does not know).
    fn idf_of(&self, id: u32) -> f64 {
        self.idf.get(id as usize).copied().unwrap_or(1.0)
    }

    pub fn finish(&mut self) {
        let n = self.sentences.max(1) as f64;
        self.idf = self
            .df
            .iter()
            .map(|&d| (1.0 + n / (d.max(1) as f64)).ln())
            .collect();
    }

    /// Records the surface form of a term for fuzzy matching (the first
    /// form seen stands for all).
    pub fn set_shape(&mut self, id: u32, word: &str) {
        // A shared term's shape was set when it was interned.
        let Some(id) = (id as usize).checked_sub(self.shared.words.len()) else {
            return;
        };
        let shapes = &mut self.own.shapes;
        if shapes.len() <= id {
            shapes.resize(id + 1, Shape::default());
        }
        if shapes[id].key.len == 0 {
            let key = ShapeKey {
                first: word.chars().next().unwrap_or(' '),
                len: word.chars().count().try_into().unwrap_or(u32::MAX),
                number: word.starts_with('#'),
            };
            // Only a term that may have variants is ever compared by them.
            let bigrams = match key.may_vary() {
                true => bigrams(word).into(),
                false => Box::default(),
            };
            shapes[id] = Shape { bigrams, key };
        }
    }

    /// The cheap part of a term's shape (see [`ShapeKey`]); set by
    /// [`set_shape`](Self::set_shape) first.
    pub fn shape_key(&self, id: u32) -> ShapeKey {
        self.shape(id).map_or_else(ShapeKey::default, |s| s.key)
    }

    /// Finds the spelling variants among the terms interned since the last
    /// call, and between them and the earlier ones: an original's terms are
    /// compared once, and each copy's only with the original's and its own.
    pub fn find_variants(&mut self) {
        let checked = self.variants.len();
        let mut fresh: Vec<(char, u32)> = (checked..self.term_count())
            .filter_map(|id| Some((id as u32, self.shape(id as u32)?.key)))
            .filter(|(_, key)| key.may_vary())
            .map(|(id, key)| (key.first, id))
            .collect();
        fresh.sort_unstable();
        let mut found = Vec::new();
        for (k, &(first, id)) in fresh.iter().enumerate() {
            let older = self.varying.partition_point(|v| v.0 < first);
            let letter = |v: &&(char, u32)| v.0 == first;
            let same_letter = (self.varying[older..].iter().take_while(letter))
                .chain(fresh[k + 1..].iter().take_while(letter));
            for &(_, other) in same_letter {
                if self.fuzzy_ids(id, other) {
                    found.push((id, other));
                }
            }
        }
        self.variants.resize(self.term_count(), Vec::new());
        for (a, b) in found {
            self.variants[a as usize].push(b);
            self.variants[b as usize].push(a);
        }
        // Both lists are sorted: merged rather than sorted again.
        let older = std::mem::take(&mut self.varying);
        self.varying.reserve(older.len() + fresh.len());
        let (mut old, mut new) = (older.into_iter().peekable(), fresh.into_iter().peekable());
        while let (Some(o), Some(n)) = (old.peek(), new.peek()) {
            let next = if o < n { old.next() } else { new.next() };
            self.varying.extend(next);
        }
        self.varying.extend(old.chain(new));
    }

    /// The spelling variants of a term ([`find_variants`](Self::find_variants)
    /// must have seen it).
    fn variants_of(&self, id: u32) -> &[u32] {
        debug_assert!(
            (id as usize) < self.variants.len(),
            "variants not found yet"
        );
        self.variants.get(id as usize).map_or(&[], Vec::as_slice)
    }

    /// [`fuzzy_same`] on interned terms, without allocating.
    fn fuzzy_ids(&self, a: u32, b: u32) -> bool {
        let (Some(x), Some(y)) = (self.shape(a), self.shape(b)) else {
            return false;
        };
        if !x.key.may_be_variants(&y.key) {
            return false;
        }
        let (lo, hi) = (x.key.len.min(y.key.len), x.key.len.max(y.key.len));
        let (lo, hi) = (lo as usize, hi as usize);
        // Dice >= 0.6 is impossible when the lengths differ too much.
        if (2 * (lo - 1)) as f64 / ((lo - 1) + (hi - 1)) as f64 + 1e-9 < FUZZY_MIN {
            return false;
        }
        shares_enough_bigrams(&x.bigrams, &y.bigrams)
    }
}

/// A content term as it occurs in a sentence.
///
/// Its weight in a pairing is its IDF in that pairing's vocabulary times
/// [`Term::weight`], worked out as sentences are compared ([`overlap`]): an
/// original's terms are then shared by all its pairings rather than copied
/// and weighed for each (for a 15 MB original, a copy of its terms was a
/// tenth of the memory of aligning it). Eight bytes: a 15 MB text of
/// Chinese has a term for nearly every character.
#[derive(Debug, Clone)]
pub struct Term {
    pub id: u32,
    /// Whether the term is a number, copied from the vocabulary's shape:
    /// comparing sentences asks it of each shared term.
    pub numeric: bool,
    /// The word names who said something rather than what: it weighs
    /// [`SPEAKER_WEIGHT`] rather than 1.
    pub speaker: bool,
}

impl Term {
    pub fn new(id: u32, shape: ShapeKey, speaker: bool) -> Term {
        Term {
            id,
            numeric: shape.is_number(),
            speaker,
        }
    }

    /// Weight multiplier: 1, or less for the speaker of an attribution.
    pub fn weight(&self) -> f64 {
        match self.speaker {
            true => SPEAKER_WEIGHT,
            false => 1.0,
        }
    }
}

/// Weight of a word that names who said something rather than what.
pub const SPEAKER_WEIGHT: f64 = 0.35;

/// The comparable content of one sentence.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// Content terms in order of appearance, one per distinct id.
    pub terms: Vec<Term>,
    /// Sorted distinct ids, for merging.
    pub ids: Vec<u32>,
    /// For each of `ids`, the index of its term in `terms`.
    id_terms: Vec<u32>,
}

impl Features {
    /// The features of distinct terms (one per id).
    pub fn new(terms: Vec<Term>) -> Features {
        let mut by_id: Vec<(u32, u32)> = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id, i as u32))
            .collect();
        by_id.sort_unstable();
        Features {
            ids: by_id.iter().map(|p| p.0).collect(),
            id_terms: by_id.iter().map(|p| p.1).collect(),
            terms,
        }
    }
}

/// Synonym groups that spinners commonly swap; every word of a group is
/// mapped to the group's first word before stemming.
const SYNONYMS: &[&[&str]] = &[
    &["increase", "raise", "boost", "hike", "rise", "grow", "lift"],
    &[
        "decrease", "cut", "reduce", "lower", "drop", "decline", "fall", "slash",
    ],
    &["intensify", "ramp", "escalate", "heighten"],
    &[
        "big",
        "large",
        "huge",
        "major",
        "massive",
        "significant",
        "substantial",
        "considerable",
    ],
    &["small", "little", "minor", "slight", "modest"],
    &["begin", "start", "commence", "launch", "initiate"],
    &[
        "end",
        "finish",
        "conclude",
        "terminate",
        "halt",
        "stop",
        "cease",
    ],
    &["buy", "purchase", "acquire"],
    &["help", "aid", "assist", "support"],
    &["show", "reveal", "indicate", "demonstrate", "display"],
    &[
        "plan",
        "scheme",
        "proposal",
        "programme",
        "program",
        "strategy",
    ],
    &["quick", "fast", "rapid", "swift", "speedy"],
    &["quickly", "rapidly", "swiftly", "fast"],
    &["problem", "issue", "difficulty", "trouble"],
    &[
        "important",
        "crucial",
        "key",
        "vital",
        "essential",
        "critical",
    ],
    &["government", "administration", "authorities"],
    &["official", "officer", "representative"],
    &["people", "persons", "individuals", "residents", "citizens"],
    &["city", "town", "municipality"],
    &["country", "nation"],
    &["rule", "regulation", "law", "legislation"],
    &["firm", "company", "business", "corporation", "enterprise"],
    &["worker", "employee", "staff", "personnel"],
    &["job", "position", "role"],
    &["money", "funds", "funding", "cash", "capital"],
    &["cost", "price", "expense"],
    &["rate", "rates"],
    &["meeting", "session", "gathering", "summit"],
    &["talk", "discussion", "negotiation", "dialogue"],
    &["warn", "caution", "alert"],
    &["attack", "assault", "raid"],
    &["kill", "slay"],
    &["injure", "injury", "injuries", "injured", "wound", "hurt"],
    &["die", "perish"],
    &["home", "house", "residence", "dwelling"],
    &["car", "vehicle", "automobile"],
    &["child", "kid", "youngster"],
    &["woman", "lady"],
    &["man", "gentleman"],
    &["area", "region", "zone", "district"],
    &["say", "state", "declare", "tell", "claim", "assert"],
    &["announce", "unveil", "declare"],
    &["need", "require"],
    &["try", "attempt", "seek"],
    &["use", "utilize", "utilise", "employ"],
    &["get", "obtain", "receive", "gain"],
    &["give", "provide", "offer", "grant", "supply"],
    &["make", "create", "produce", "build"],
    &["keep", "retain", "maintain", "preserve"],
    &["allow", "permit", "let", "enable"],
    &["ban", "prohibit", "forbid", "outlaw"],
    &["say", "remark", "comment"],
    &["agree", "accept", "approve", "endorse"],
    &["reject", "refuse", "decline", "dismiss"],
    &["expect", "anticipate", "predict", "forecast"],
    &[
        "examine",
        "investigate",
        "probe",
        "inspect",
        "review",
        "study",
    ],
    &["report", "account"],
    &["change", "alter", "modify", "amend", "adjust"],
    &["hard", "difficult", "tough", "challenging"],
    &["easy", "simple", "straightforward"],
    &["new", "fresh", "novel"],
    &["old", "former", "previous", "prior", "earlier"],
    &["whole", "entire", "complete", "total"],
    &["main", "primary", "principal", "chief", "leading"],
    &["strong", "powerful", "robust", "solid"],
    &["weak", "feeble", "fragile"],
    &["danger", "risk", "threat", "hazard"],
    &["dangerous", "risky", "hazardous", "perilous"],
    &["fight", "battle", "combat", "struggle"],
    &["worry", "concern", "fear", "anxiety"],
    &["happy", "glad", "pleased", "delighted"],
    &["angry", "furious", "upset"],
    &["vote", "ballot", "poll"],
    &["election", "vote"],
    &["soon", "shortly"],
    &["often", "frequently"],
    &["enough", "sufficient", "adequate"],
    &["answer", "reply", "respond", "response"],
    &["ask", "request", "query"],
    &["goal", "aim", "target", "objective"],
    &["result", "outcome", "consequence"],
    &["cause", "reason"],
    &["effect", "impact", "influence"],
    &["shortage", "scarcity", "lack"],
    &["rain", "rainfall", "precipitation"],
    &["storm", "tempest"],
    &["near", "close", "nearby"],
    &["far", "distant", "remote"],
    &["almost", "nearly", "roughly", "approximately"],
];

/// Maps a lower-case word to its synonym group's representative, if any.
pub fn synonym_of(word: &str) -> Option<&'static str> {
    SYNONYMS.iter().find(|g| g.contains(&word)).map(|g| g[0])
}

/// The stemmer and the synonym table, prepared once per alignment.
pub struct Lexicon {
    pub stemmer: rust_stemmers::Stemmer,
    /// word or stem -> stem of the group's representative
    synonyms: HashMap<String, Word>,
}

impl Default for Lexicon {
    fn default() -> Self {
        Self::new()
    }
}

impl Lexicon {
    pub fn new() -> Lexicon {
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
        let mut synonyms = HashMap::new();
        for g in SYNONYMS {
            let rep = Word::from(stemmer.stem(g[0]).as_ref());
            for w in g.iter() {
                synonyms.entry(w.to_string()).or_insert_with(|| rep.clone());
                synonyms
                    .entry(stemmer.stem(w).into_owned())
                    .or_insert_with(|| rep.clone());
            }
        }
        Lexicon { stemmer, synonyms }
    }

    /// The term key of a token: its number value, or the stem of its
    /// synonym representative, or its own stem. `None` for function words
    /// and one-letter words.
    pub fn term_key(&self, tok: &Token) -> Option<Word> {
        if let Some(v) = tok.number() {
            if !(tok.lower() == "one" || tok.lower() == "first" || tok.lower() == "half") {
                let mut key = String::with_capacity(16);
                key.push('#');
                super::tokens::push_value(&mut key, v);
                return Some(key.into());
            }
        }
        if tok.stop() || tok.lower().chars().count() < 2 {
            return None;
        }
        if let Some(rep) = self
            .synonyms
            .get(tok.lower())
            .or_else(|| self.synonyms.get(tok.stem()))
        {
            return Some(rep.clone());
        }
        Some(tok.stem_word())
    }
}

/// Character-bigram Dice similarity of two words (for spelling variants).
pub fn word_similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    // Sorted bigrams, on the stack for words of up to 33 letters.
    type Bigram = (char, char);
    const MAX: usize = 32;
    fn bigrams(s: &str, out: &mut [(char, char); MAX]) -> Option<usize> {
        let mut n = 0;
        let mut prev = None;
        for c in s.chars() {
            if let Some(p) = prev {
                *out.get_mut(n)? = (p, c);
                n += 1;
            }
            prev = Some(c);
        }
        out[..n].sort_unstable();
        Some(n)
    }
    let bg = |s: &str| -> Vec<(char, char)> {
        let c: Vec<char> = s.chars().collect();
        let mut v: Vec<(char, char)> = c.windows(2).map(|w| (w[0], w[1])).collect();
        v.sort_unstable();
        v
    };
    let (mut xa, mut ya) = ([('\0', '\0'); MAX], [('\0', '\0'); MAX]);
    let (xv, yv);
    let (x, y): (&[Bigram], &[Bigram]) = match (bigrams(a, &mut xa), bigrams(b, &mut ya)) {
        (Some(n), Some(m)) => (&xa[..n], &ya[..m]),
        _ => {
            (xv, yv) = (bg(a), bg(b));
            (&xv, &yv)
        }
    };
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (x.len() + y.len()) as f64
}

/// Two words are spelling variants of each other (Olvansky / Olvanskiy).
pub fn fuzzy_same(a: &str, b: &str) -> bool {
    // Cheapest tests first: most pairs differ in their first letter.
    if a.chars().next() != b.chars().next() {
        return false;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la < 5 || lb < 5 {
        return false;
    }
    // At most min(la, lb) - 1 bigrams are shared: too different in length
    // can never reach 0.6, so skip the bigram count.
    // 2 * (min - 1) / (la + lb - 2) < 0.6, in integers:
    if 10 * (la.min(lb) - 1) < 3 * (la + lb - 2) {
        return false;
    }
    word_similarity(a, b) >= FUZZY_MIN
}

/// Bigram Dice from which two words count as spelling variants.
const FUZZY_MIN: f64 = 0.6;

/// How two term lists overlap.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Overlap {
    /// Weight of the first side's terms found in the second.
    pub a_matched: f64,
    pub b_matched: f64,
    pub a_total: f64,
    pub b_total: f64,
    /// Number of distinct shared terms (fuzzy matches included).
    pub shared: usize,
    /// Of those, words (not numbers).
    pub shared_words: usize,
}

impl Overlap {
    /// Share of the first side covered by the second.
    pub fn ca(&self) -> f64 {
        if self.a_total > 0.0 {
            self.a_matched / self.a_total
        } else {
            0.0
        }
    }
    pub fn cb(&self) -> f64 {
        if self.b_total > 0.0 {
            self.b_matched / self.b_total
        } else {
            0.0
        }
    }
    /// Weighted Dice coefficient.
    pub fn dice(&self) -> f64 {
        let t = self.a_total + self.b_total;
        if t > 0.0 {
            (self.a_matched + self.b_matched) / t
        } else {
            0.0
        }
    }
}

/// Fuzzy matches are worth this share of an exact one.
const FUZZY_WEIGHT: f64 = 0.8;
/// Bound on the pairwise fuzzy comparisons of two sentences.
const FUZZY_BUDGET: usize = 400;

/// Compares two term lists. When `marks` is given, the matched positions of
/// each side are set there (`marks.0[i]` for `a.terms[i]`).
pub fn overlap(
    a: &Features,
    b: &Features,
    vocab: &Vocab,
    marks: Option<(&mut [bool], &mut [bool])>,
) -> Overlap {
    let mut ov = Overlap::default();
    // How each term is matched, on the stack for sentences of ordinary
    // length.
    const STACK_TERMS: usize = 64;
    let (mut a_stack, mut b_stack) = ([Match::No; STACK_TERMS], [Match::No; STACK_TERMS]);
    let (mut a_heap, mut b_heap) = (Vec::new(), Vec::new());
    let am = match_states(&mut a_stack, &mut a_heap, a.terms.len());
    let bm = match_states(&mut b_stack, &mut b_heap, b.terms.len());
    // Exact matches: a term of one side whose id the other side has, by a
    // merge of the sorted ids. Each side holds an id once, so this pairs
    // them one to one.
    let (mut x, mut y) = (0, 0);
    while x < a.ids.len() && y < b.ids.len() {
        match a.ids[x].cmp(&b.ids[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                let i = a.id_terms[x] as usize;
                am[i] = Match::Exact;
                bm[b.id_terms[y] as usize] = Match::Exact;
                ov.shared += 1;
                if !a.terms[i].numeric {
                    ov.shared_words += 1;
                }
                x += 1;
                y += 1;
            }
        }
    }
    // Fuzzy matches between leftovers.
    let fuzzy = fuzzy_matches(a, b, am, bm, vocab);
    ov.shared += fuzzy;
    ov.shared_words += fuzzy;
    (ov.a_matched, ov.a_total) = matched_weight(&a.terms, am, vocab);
    (ov.b_matched, ov.b_total) = matched_weight(&b.terms, bm, vocab);
    if let Some((ma, mb)) = marks {
        for (i, m) in am.iter().enumerate() {
            if *m != Match::No && i < ma.len() {
                ma[i] = true;
            }
        }
        for (j, m) in bm.iter().enumerate() {
            if *m != Match::No && j < mb.len() {
                mb[j] = true;
            }
        }
    }
    ov
}

/// How a term of one sentence is matched in the other.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Match {
    No,
    Exact,
    /// A spelling variant, worth [`FUZZY_WEIGHT`] of an exact match.
    Fuzzy,
}

/// The weight of the matched terms: the sum of each term's match times its
/// IDF and weight, in term order (unmatched terms add nothing).
fn matched_weight(terms: &[Term], matches: &[Match], vocab: &Vocab) -> (f64, f64) {
    let (mut matched, mut total) = (0.0, 0.0);
    for (t, m) in terms.iter().zip(matches) {
        let weight = vocab.idf_of(t.id) * t.weight();
        total += weight;
        match m {
            Match::No => {}
            Match::Exact => matched += weight,
            Match::Fuzzy => matched += FUZZY_WEIGHT * vocab.idf_of(t.id) * t.weight(),
        }
    }
    (matched, total)
}

/// Pairs up leftover terms ([`Match::No`] in `am` and `bm`) that are
/// spelling variants, marking both [`Match::Fuzzy`]; returns how many pairs.
///
/// The rule is a scan of every (unmatched `a` term, unmatched `b` term) pair
/// in order, each `a` term taking the first variant it meets, that stops after
/// [`FUZZY_BUDGET`] pairs. Most terms have no variant in the vocabulary
/// ([`Vocab::find_variants`]), so their pairs are counted against the budget
/// without being visited: the result is the scan's, at a fraction of its
/// cost.
fn fuzzy_matches(
    a: &Features,
    b: &Features,
    am: &mut [Match],
    bm: &mut [Match],
    vocab: &Vocab,
) -> usize {
    let mut unmatched_b = bm.iter().filter(|m| **m == Match::No).count();
    let mut budget = FUZZY_BUDGET;
    let mut found = 0;
    for (i, ta) in a.terms.iter().enumerate() {
        if am[i] != Match::No || unmatched_b == 0 {
            continue;
        }
        if budget == 0 {
            break;
        }
        let mut hit = None;
        let variants = vocab.variants_of(ta.id);
        if !variants.is_empty() {
            // Where the scan would meet each pair: after the unmatched
            // terms before it. The first variant is taken if the budget
            // reaches it.
            let mut rank = 0;
            for (j, tb) in b.terms.iter().enumerate() {
                if bm[j] != Match::No {
                    continue;
                }
                if variants.contains(&tb.id) {
                    if rank < budget {
                        hit = Some((j, rank));
                    }
                    break;
                }
                rank += 1;
            }
        }
        match hit {
            Some((j, rank)) => {
                budget -= rank + 1;
                am[i] = Match::Fuzzy;
                bm[j] = Match::Fuzzy;
                unmatched_b -= 1;
                found += 1;
            }
            None => budget = budget.saturating_sub(unmatched_b),
        }
    }
    found
}

/// `len` match states, all [`Match::No`]: in `stack` when they fit, else in
/// `heap`.
fn match_states<'a, const N: usize>(
    stack: &'a mut [Match; N],
    heap: &'a mut Vec<Match>,
    len: usize,
) -> &'a mut [Match] {
    if len <= N {
        &mut stack[..len]
    } else {
        heap.resize(len, Match::No);
        heap
    }
}

/// Concatenates the features of several sentences (for group similarity).
pub fn union(parts: &[&Features]) -> Features {
    let mut terms: Vec<Term> = Vec::with_capacity(parts.iter().map(|p| p.terms.len()).sum());
    for p in parts {
        for t in &p.terms {
            if !terms.iter().any(|x| x.id == t.id) {
                terms.push(t.clone());
            }
        }
    }
    Features::new(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule [`fuzzy_matches`] implements, pair by pair.
    fn fuzzy_matches_by_scan(
        a: &[Term],
        b: &[Term],
        am: &mut [Match],
        bm: &mut [Match],
        vocab: &Vocab,
    ) -> usize {
        let mut budget = FUZZY_BUDGET;
        let mut found = 0;
        'outer: for (i, ta) in a.iter().enumerate() {
            if am[i] != Match::No {
                continue;
            }
            for (j, tb) in b.iter().enumerate() {
                if bm[j] != Match::No {
                    continue;
                }
                if budget == 0 {
                    break 'outer;
                }
                budget -= 1;
                if vocab.fuzzy_ids(ta.id, tb.id) {
                    am[i] = Match::Fuzzy;
                    bm[j] = Match::Fuzzy;
                    found += 1;
                    break;
                }
            }
        }
        found
    }

    #[test]
    fn fuzzy_matching_agrees_with_the_pair_by_pair_scan() {
        // Words from a few stems with spelling changes, short words and
        // numbers; lists long enough to run out of budget.
        let stems = [
            "olvansky",
            "margaret",
            "castellane",
            "ministry",
            "budget",
            "mayor",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for case in 0..3000 {
            let mut vocab = Vocab::default();
            let side = |vocab: &mut Vocab, len: usize, next: &mut dyn FnMut(usize) -> usize| {
                let mut terms: Vec<Term> = Vec::new();
                for _ in 0..len {
                    let word = match next(6) {
                        0 => format!("#{}", next(50)),
                        1 => ["tax", "bus", "plan"][next(3)].to_string(),
                        _ => {
                            let mut w: Vec<char> = stems[next(stems.len())].chars().collect();
                            for _ in 0..next(3) {
                                let at = next(w.len());
                                w[at] = ['a', 'e', 'i', 'y'][next(4)];
                            }
                            w.into_iter().collect()
                        }
                    };
                    let id = vocab.intern(&Word::from(word.as_str()));
                    if terms.iter().any(|t| t.id == id) {
                        continue;
                    }
                    vocab.set_shape(id, &word);
                    terms.push(Term::new(id, vocab.shape_key(id), false));
                }
                terms
            };
            let long = case % 3 == 0;
            let a = side(&mut vocab, next(if long { 60 } else { 12 }), &mut next);
            // Variants found in two steps, as for an original and its copy;
            // more of the original's terms, for `b` to have some of them.
            side(&mut vocab, 30, &mut next);
            vocab.find_variants();
            let b = side(&mut vocab, next(if long { 60 } else { 12 }), &mut next);
            vocab.find_variants();
            // Terms on both sides are matched exactly before fuzzy matching,
            // and some others are marked matched too.
            let shared = |t: &Term, other: &[Term]| other.iter().any(|o| o.id == t.id);
            let mut state = |t: &Term, other: &[Term]| match shared(t, other) || next(4) == 0 {
                true => Match::Exact,
                false => Match::No,
            };
            let am: Vec<Match> = a.iter().map(|t| state(t, &b)).collect();
            let bm: Vec<Match> = b.iter().map(|t| state(t, &a)).collect();
            let (mut am1, mut bm1, mut am2, mut bm2) = (am.clone(), bm.clone(), am, bm);
            let (fa, fb) = (Features::new(a.clone()), Features::new(b.clone()));
            let fast = fuzzy_matches(&fa, &fb, &mut am1, &mut bm1, &vocab);
            let scan = fuzzy_matches_by_scan(&a, &b, &mut am2, &mut bm2, &vocab);
            assert_eq!((fast, &am1, &bm1), (scan, &am2, &bm2), "case {case}");
        }
    }

    #[test]
    fn enough_bigrams_is_a_dice_of_at_least_the_fuzzy_minimum() {
        // The integer rule is the floating-point one for any two words a
        // sentence can hold.
        for n in 2..3200usize {
            for common in 0..=n / 2 {
                let dice = 2.0 * common as f64 / n as f64;
                assert_eq!(10 * common >= 3 * n, dice >= FUZZY_MIN, "{common} of {n}");
            }
        }
        let word = |w: &str| bigrams(w);
        for (a, b) in [
            ("olvansky", "olvanskiy"),
            ("margarethe", "margret"),
            ("budget", "border"),
            ("castellane", "castelane"),
            ("aaaaaa", "aaaaaaaaaaa"),
        ] {
            let (x, y) = (word(a), word(b));
            assert_eq!(
                shares_enough_bigrams(&x, &y),
                word_similarity(a, b) >= FUZZY_MIN,
                "{a} {b}"
            );
        }
    }

    #[test]
    fn spelling_variants() {
        assert!(fuzzy_same("olvansky", "olvanskiy"));
        assert!(fuzzy_same("margarethe", "margret"));
        assert!(
            !fuzzy_same("minister", "ministry") || word_similarity("minister", "ministry") > 0.6
        );
        assert!(!fuzzy_same("budget", "border"));
        assert!(!fuzzy_same("rain", "main"));
    }

    #[test]
    fn synonyms_share_a_representative() {
        assert_eq!(synonym_of("raise"), synonym_of("increase"));
        assert_eq!(synonym_of("ramp"), synonym_of("intensify"));
        assert_eq!(synonym_of("zebra"), None);
    }
}
