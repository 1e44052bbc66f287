//! Reused passages: the stretches of the copy taken from the original.
//!
//! The sentence pairs of linked groups, and of strong candidate pairs that
//! were not linked (a copy sentence that is half of a long original one),
//! and of the sentences beside those pairs whose words show reuse read in
//! order ([`beside_pairs`]: a reworded sentence in a copied run), are
//! chained in the copy's order while both sides go on: the next pair
//! starts at most [`GAP_REWRITE`] sentences later in the copy and near the
//! chain's end in the original. Each chain is one passage, trimmed at its
//! four ends to the words that were reused (a sentence that only ends with a
//! copied clause gives only that clause: the words are read in order,
//! [`matched_in_order`]). A chain is kept only if it has evidence beyond
//! chance: enough content words shared ([`MIN_SHARED`]), some of
//! them side by side ([`MIN_PAIRS`]), and for a passage of one or two copy
//! sentences a fair similarity ([`MIN_SIMILARITY_SHORT`]; more for one short
//! sentence standing alone, [`lone`]) unless many runs of words are shared
//! ([`IN_SEQUENCE_PAIRS`]). Two texts on the same topic share many words
//! and the odd loosely reworded fact, not a stretch. Faint candidate pairs,
//! too few words shared to be seeds, join the chains when their words are
//! in step ([`admits_faint`]): a heavily obfuscated copy keeps little of a
//! sentence's bag of words but much of its order. Where chains overlap in
//! the copy, the strongest keeps the copy's sentences. A weaker chain of
//! linked sentences that goes on a kept one in the copy but jumps in the
//! original joins it ([`absorb_condensed`]): a summary takes each sentence
//! from another place in the original, and its passage spans the stretch it
//! condenses.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use similar::{capture_diff_slices, Algorithm, DiffTag};

use crate::report::{Group, Passage, Relation, Span};

use super::grouping::SeedPair;
use super::segment::Segment;
use super::tokens::{Token, Word};

// The figures below were tuned on the tuning half of the PAN-13 text
// alignment development set (tests/eval/README.md, "PAN-13").

/// Unlinked copy sentences a passage may step over (heavily reworded ones
/// in a copied run).
const GAP_REWRITE: usize = 2;
/// Original sentences a passage may step over (left out of the copy).
const GAP_SOURCE: usize = 6;
/// Original sentences a passage may step back (sentences shuffled inside a
/// copied stretch).
const BACK_SOURCE: usize = 6;
/// Content words of the copy that must be found in their original for a
/// passage to stand on its own: two texts on one topic share a few.
const MIN_SHARED: usize = 10;
/// The same, for a passage of light edits (the words are the original's).
const MIN_SHARED_KEPT: usize = 3;
/// The same, for a run of two or more linked sentences.
const MIN_SHARED_RUN: usize = 5;
/// Pairs of adjacent words (not both function words) that a passage's
/// copy sentences must share with their originals: texts on one topic
/// share many words by chance, but seldom the same words side by side.
const MIN_PAIRS: usize = 4;
/// A passage of at most [`SHORT_SENTENCES`] copy sentences needs this
/// similarity: one loosely reworded sentence is as likely two writers
/// putting the same fact in their own words.
const SHORT_SENTENCES: usize = 2;
const MIN_SIMILARITY_SHORT: f64 = 0.35;
/// Shortest passage, in characters of the copy.
const MIN_CHARS: usize = 40;
/// A passage starts (or ends) at a reused word with at least this many
/// reused words among the [`TRIM_WINDOW`] words from it on (or up to it),
/// so one common word does not stretch a passage.
const TRIM_NEED: usize = 3;
const TRIM_WINDOW: usize = 8;
/// Most partner tokens an end sentence is read against in order
/// ([`matched_in_order`]); past it (never in prose) its words are matched
/// as a bag, which costs no more than the texts' length.
const IN_ORDER_MAX: usize = 5_000;
/// Passages at most this many characters apart in the copy, whose stretch
/// of the original is [`SUMMARY_RATIO`] times longer than theirs, are one
/// summary of that stretch ([`condense`]).
const SUMMARY_GAP: usize = 300;
const SUMMARY_RATIO: usize = 2;
/// Share of two sentences' tokens found in the same order for a sentence
/// pair beside a reused one to be reused too ([`beside_pairs`]), and the
/// content words among them.
const IN_STEP_MIN: f64 = 0.25;
const IN_STEP_CONTENT: usize = 2;
/// How far from a reused sentence's partner the original sentence of a
/// pair beside it may be.
const BESIDE_SOURCE: usize = 6;
/// A passage of one copy sentence that is not the original's word for
/// word ([`lone`]) needs this many content words shared, and when shorter
/// than [`LONE_CHARS`] characters this similarity: a short sentence on the
/// same fact, alone among unrelated ones, is as likely two writers' own
/// words (two texts on one topic have a few).
const MIN_SHARED_ALONE: usize = 8;
const LONE_CHARS: usize = 120;
const LONE_SIMILARITY: f64 = 0.5;
/// A chain whose copy sentences share this many distinct pairs of
/// adjacent words with their partners, at least one for every
/// [`IN_SEQUENCE_TOKENS`] tokens of theirs, is reuse whatever its
/// similarity ([`Shared::in_sequence`]): a copy obfuscated by swapping,
/// dropping and shuffling words keeps many short runs of the original,
/// while two texts on one topic share words but seldom a dozen runs
/// (never more than ten among the tuning half's pairs that share no text).
/// Distinct pairs, so that a name repeated along a sentence counts once.
const IN_SEQUENCE_PAIRS: usize = 16;
const IN_SEQUENCE_TOKENS: usize = 10;
/// A faint candidate pair (a few words shared, too few for a seed) joins
/// the chains only with this many pairs of adjacent words shared and its
/// words in step ([`in_step_score`]): a heavily obfuscated sentence keeps
/// the original's frame and some of its runs, but little of its bag of
/// words ([`admits_faint`]).
const FAINT_PAIRS: usize = 4;

/// One side of a pairing, as the passages need it.
pub(crate) struct SideText<'a> {
    /// The input file as read.
    pub file: &'a str,
    pub segs: &'a [Segment],
    /// Each sentence's byte range in `file`.
    pub bytes: &'a [(usize, usize)],
    pub toks: &'a [Vec<Token>],
}

/// Each sentence's byte range in `file` (sentences are in file order).
pub(crate) fn sentence_bytes(file: &str, segs: &[Segment]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(segs.len());
    let mut chars = file.char_indices().map(|(b, _)| b).chain([file.len()]);
    let (mut at_char, mut at_byte) = (0usize, chars.next().unwrap_or(0));
    let mut seek = |target: usize, at_char: &mut usize, at_byte: &mut usize| {
        while *at_char < target {
            match chars.next() {
                Some(b) => *at_byte = b,
                None => break,
            }
            *at_char += 1;
        }
    };
    for s in segs {
        if s.start < at_char {
            // Out of order (never expected): find it from the start.
            return segs.iter().map(|s| byte_range(file, s)).collect();
        }
        seek(s.start, &mut at_char, &mut at_byte);
        let start = at_byte;
        seek(s.end, &mut at_char, &mut at_byte);
        out.push((start, at_byte));
    }
    out
}

fn byte_range(file: &str, s: &Segment) -> (usize, usize) {
    let at = |c: usize| file.char_indices().nth(c).map_or(file.len(), |(b, _)| b);
    (at(s.start), at(s.end))
}

impl SideText<'_> {
    /// Where each token of sentence `i` stands in the file, in characters.
    /// A sentence's text is its file slice with markup removed, so its words
    /// are found in order in that slice; a word that is not (an entity
    /// written out) takes the place after the previous one.
    fn token_chars(&self, i: usize) -> Vec<(usize, usize)> {
        let seg = &self.segs[i];
        let (b0, b1) = self.bytes[i];
        let slice = &self.file[b0..b1];
        let mut out = Vec::with_capacity(self.toks[i].len());
        // A cursor through the slice: byte and the characters before it.
        let (mut byte, mut chars) = (0usize, 0usize);
        let mut last_end = seg.start;
        for t in &self.toks[i] {
            let word = &seg.text[t.start..t.end];
            match slice[byte..].find(word) {
                Some(p) => {
                    chars += slice[byte..byte + p].chars().count();
                    let n = word.chars().count();
                    let start = seg.start + chars;
                    out.push((start, start + n));
                    chars += n;
                    byte += p + word.len();
                    last_end = start + n;
                }
                None => out.push((last_end, last_end)),
            }
        }
        out
    }
}

/// What the other side of a group has: its content stems and its word pairs.
struct Other {
    stems: HashSet<Word>,
    bigrams: HashSet<(Word, Word)>,
}

impl Other {
    fn of(toks: &[Vec<Token>], ids: &[usize]) -> Other {
        let mut stems = HashSet::new();
        let mut bigrams = HashSet::new();
        for &i in ids {
            let ts = &toks[i];
            stems.extend(ts.iter().filter(|t| !t.stop()).map(|t| t.stem_word()));
            bigrams.extend(
                ts.windows(2)
                    .map(|w| (w[0].lower_word(), w[1].lower_word())),
            );
        }
        Other { stems, bigrams }
    }

    /// Which tokens of `ts` are found in the other side: a content word by
    /// its stem, any word inside a shared pair of words.
    fn matched(&self, ts: &[Token]) -> Vec<bool> {
        let mut m: Vec<bool> = ts
            .iter()
            .map(|t| !t.stop() && self.stems.contains(t.stem()))
            .collect();
        for (i, w) in ts.windows(2).enumerate() {
            let key = (w[0].lower_word(), w[1].lower_word());
            if (!w[0].stop() || !w[1].stop()) && self.bigrams.contains(&key) {
                m[i] = true;
                m[i + 1] = true;
            }
        }
        m
    }

    /// How many pairs of adjacent words of `ts` [`Other::shared_pairs`] finds.
    fn pair_matches(&self, ts: &[Token]) -> usize {
        self.shared_pairs(ts).count()
    }

    /// Pairs of adjacent words of `ts`, not both function words, that the
    /// other side has too, each time they occur.
    fn shared_pairs<'t>(
        &self,
        ts: &'t [Token],
    ) -> impl Iterator<Item = (&'t str, &'t str)> + use<'_, 't> {
        ts.windows(2)
            .filter(|w| !(w[0].stop() && w[1].stop()))
            .filter(|w| {
                self.bigrams
                    .contains(&(w[0].lower_word(), w[1].lower_word()))
            })
            .map(|w| (w[0].lower(), w[1].lower()))
    }

    fn content_matches(&self, ts: &[Token]) -> usize {
        ts.iter()
            .filter(|t| !t.stop() && self.stems.contains(t.stem()))
            .count()
    }
}

/// Which tokens of `ts` are found in order in `theirs` (the partner
/// sentences' tokens one after another): the longest common subsequence of
/// their stems, a function word counted only beside another matched word.
/// Read in order, the words of a long sentence that merely recur in its
/// partner (the topic's words, "the", "of") are not taken for reused ones,
/// so a passage starts and ends where the copied words do.
fn matched_in_order(ts: &[Token], theirs: &[&Token]) -> Vec<bool> {
    let a: Vec<&str> = ts.iter().map(|t| t.stem()).collect();
    let b: Vec<&str> = theirs.iter().map(|t| t.stem()).collect();
    let mut m = vec![false; ts.len()];
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        let (tag, run, _) = op.as_tag_tuple();
        if tag != DiffTag::Equal {
            continue;
        }
        let alone = run.len() == 1;
        for i in run {
            m[i] = !(alone && ts[i].stop());
        }
    }
    m
}

/// Enough reused words in the `TRIM_WINDOW` words from `i` on.
fn dense(m: &[bool], i: usize, total: usize) -> bool {
    let need = TRIM_NEED.min(total);
    m[i] && m[i..m.len().min(i + TRIM_WINDOW)]
        .iter()
        .filter(|&&x| x)
        .count()
        >= need
}

/// The first reused token: one that starts a run dense in reused words.
fn first_reused(m: &[bool]) -> Option<usize> {
    let total = m.iter().filter(|&&x| x).count();
    (0..m.len()).find(|&i| dense(m, i, total))
}

/// The last reused token: one that ends a run dense in reused words.
fn last_reused(m: &[bool]) -> Option<usize> {
    let total = m.iter().filter(|&&x| x).count();
    let back: Vec<bool> = m.iter().rev().copied().collect();
    (0..m.len())
        .find(|&i| dense(&back, i, total))
        .map(|i| m.len() - 1 - i)
}

/// A chain of sentence pairs: one passage before trimming.
struct Cluster {
    /// (rewrite, source) pairs, in rewrite order.
    pairs: Vec<(usize, usize)>,
    r_max: usize,
    s_min: usize,
    s_max: usize,
}

impl Cluster {
    fn new(r: usize, s: usize) -> Cluster {
        Cluster {
            pairs: vec![(r, s)],
            r_max: r,
            s_min: s,
            s_max: s,
        }
    }

    /// Does the pair continue this chain on both sides?
    fn continues(&self, r: usize, s: usize) -> bool {
        r <= self.r_max + 1 + GAP_REWRITE
            && s + BACK_SOURCE >= self.s_max
            && s <= self.s_max + 1 + GAP_SOURCE
    }

    fn push(&mut self, r: usize, s: usize) {
        self.pairs.push((r, s));
        self.r_max = self.r_max.max(r);
        self.s_min = self.s_min.min(s);
        self.s_max = self.s_max.max(s);
    }

    fn rewrite_ids(&self) -> Vec<usize> {
        let mut ids: Vec<usize> = self.pairs.iter().map(|p| p.0).collect();
        ids.dedup();
        ids
    }

    /// The sentences paired with `i` on the other side.
    fn partners(&self, i: usize, rewrite_side: bool) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .pairs
            .iter()
            .filter(|&&(r, s)| if rewrite_side { r == i } else { s == i })
            .map(|&(r, s)| if rewrite_side { s } else { r })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The reused passages of an alignment: the pairs of linked groups and the
/// `seeds` (sentence pairs strong enough on their own, with their score)
/// chained in the copy's order.
pub(crate) fn passages(
    src: &SideText,
    rw: &SideText,
    groups: &[Group],
    seeds: &[SeedPair],
) -> Vec<Passage> {
    // Each pair with its score: a group's similarity, or the seed's.
    let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
    let mut group_of_r: Vec<Option<usize>> = vec![None; rw.segs.len()];
    for (gi, g) in groups.iter().enumerate() {
        if matches!(g.relation, Relation::Omitted | Relation::Added) {
            continue;
        }
        for &r in &g.rewrite {
            group_of_r[r] = Some(gi);
            for &s in &g.source {
                pairs.push((r, s, g.similarity));
            }
        }
    }
    // A linked copy sentence has its partners; seeds add the others, and
    // faint pairs whose words' order shows reuse. A copy sentence that is
    // linked or has a seed is `vouched` for: a chain of faint pairs alone
    // must show its reuse in runs of words ([`Shared::in_sequence`]).
    let mut vouched: Vec<bool> = group_of_r.iter().map(Option::is_some).collect();
    for p in seeds.iter().filter(|p| group_of_r[p.rewrite].is_none()) {
        if p.strong {
            vouched[p.rewrite] = true;
        } else if !admits_faint(src, rw, p) {
            continue;
        }
        pairs.push((p.rewrite, p.source, p.dice));
    }
    pairs.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(b.2.total_cmp(&a.2)));
    pairs.dedup_by_key(|p| (p.0, p.1));
    let in_step = beside_pairs(src, rw, &pairs);
    if !in_step.is_empty() {
        pairs.extend(in_step);
        pairs.sort_unstable_by_key(|p| (p.0, p.1));
    }

    let mut done: Vec<Cluster> = Vec::new();
    let mut open: Vec<Cluster> = Vec::new();
    let mut score_of_r: Vec<f64> = vec![0.0; rw.segs.len()];
    for &(r, s, score) in &pairs {
        score_of_r[r] = score_of_r[r].max(score);
        // Chains the copy has moved past are closed.
        let mut i = 0;
        while i < open.len() {
            if open[i].r_max + 1 + GAP_REWRITE < r {
                done.push(open.swap_remove(i));
            } else {
                i += 1;
            }
        }
        match open.iter_mut().rev().find(|c| c.continues(r, s)) {
            Some(c) => c.push(r, s),
            None => open.push(Cluster::new(r, s)),
        }
    }
    done.append(&mut open);

    // The strongest chains first; a weaker one stays only with copy
    // sentences of its own.
    let mut scored: Vec<(Shared, Cluster)> = Vec::new();
    let mut unproven: Vec<(Shared, Cluster)> = Vec::new();
    for c in done {
        let shared = shared(src, rw, &c);
        let faint = c.rewrite_ids().iter().all(|&r| !vouched[r]);
        if shared.pairs >= MIN_PAIRS
            && evident(&c, shared.words, groups, &group_of_r)
            && (!faint || shared.in_sequence())
        {
            scored.push((shared, c));
        } else {
            unproven.push((shared, c));
        }
    }
    scored.sort_by_key(|(shared, c)| (std::cmp::Reverse(shared.words), c.pairs[0]));
    let mut claimed = vec![false; rw.segs.len()];
    let mut kept: Vec<Cluster> = Vec::new();
    for (shared, c) in scored {
        let ids = c.rewrite_ids();
        if ids.iter().any(|&r| claimed[r]) {
            continue;
        }
        let p = passage(src, rw, groups, &group_of_r, &score_of_r, &c);
        let chars = p.rewrite.end - p.rewrite.start;
        // The similarity asked of a short passage is for chains whose
        // evidence is a few words; runs of words are evidence enough.
        let weak = !shared.in_sequence()
            && (ids.len() <= SHORT_SENTENCES && p.similarity < MIN_SIMILARITY_SHORT
                || lone(&c, groups, &group_of_r)
                    && chars < LONE_CHARS
                    && p.similarity < LONE_SIMILARITY);
        if chars >= MIN_CHARS && !weak {
            for &r in &ids {
                claimed[r] = true;
            }
            kept.push(c);
        } else {
            unproven.push((shared, c));
        }
    }
    absorb_condensed(&mut kept, unproven, groups, &group_of_r, &mut claimed);
    let mut out: Vec<Passage> = kept
        .iter()
        .map(|c| passage(src, rw, groups, &group_of_r, &score_of_r, c))
        .collect();
    out.sort_by_key(|p| (p.rewrite.start, p.source.start));
    condense(out)
}

/// Does a chain show reuse beyond chance on its own: enough content words
/// of its copy sentences found in their partners (`shared`), fewer for a
/// run of linked sentences or for light edits, more for one sentence alone?
fn evident(c: &Cluster, shared: usize, groups: &[Group], group_of_r: &[Option<usize>]) -> bool {
    let ids = c.rewrite_ids();
    let kept = ids.iter().all(|&r| {
        group_of_r[r].is_some_and(|g| {
            matches!(
                groups[g].relation,
                Relation::Identical | Relation::LightEdit
            )
        })
    });
    let linked = ids.iter().filter(|&&r| group_of_r[r].is_some()).count();
    if lone(c, groups, group_of_r) && shared < MIN_SHARED_ALONE {
        return false;
    }
    shared >= MIN_SHARED
        || kept && shared >= MIN_SHARED_KEPT
        || linked >= 2 && shared >= MIN_SHARED_RUN
}

/// Chains too weak to stand alone that go on a kept chain in the copy
/// (within [`GAP_REWRITE`] sentences of it, or inside it) but jump in the
/// original join that chain: a copy that condenses a long stretch of the
/// original (a summary) draws each of its sentences from another place in
/// it, so no one of those places is a stretch of its own, while the run in
/// the copy is. The passage's extent in the original grows to take in their
/// sentences. Only linked sentences join (the aligner's links, not mere
/// candidates), each with what a run of linked sentences needs
/// ([`MIN_SHARED_RUN`]) and the similarity asked of a short passage: a
/// stray link of a few words ("Telephone.") to a far sentence, beside a
/// copied stretch, is chance.
fn absorb_condensed(
    kept: &mut [Cluster],
    unproven: Vec<(Shared, Cluster)>,
    groups: &[Group],
    group_of_r: &[Option<usize>],
    claimed: &mut [bool],
) {
    // In the copy's order, so that a run of them joins one after another.
    let mut unproven = unproven;
    unproven.sort_by_key(|(_, c)| c.pairs[0]);
    for (shared, c) in unproven {
        let ids = c.rewrite_ids();
        if ids.iter().any(|&r| claimed[r] || group_of_r[r].is_none()) {
            continue;
        }
        let weakest = ids
            .iter()
            .filter_map(|&r| group_of_r[r])
            .map(|g| groups[g].similarity)
            .fold(1.0, f64::min);
        if shared.words < MIN_SHARED_RUN || weakest < MIN_SIMILARITY_SHORT {
            continue;
        }
        let (first, last) = (ids[0], *ids.last().expect("a pair"));
        let beside = kept.iter_mut().find(|k| {
            let (k_first, k_last) = (k.pairs[0].0, k.r_max);
            first <= k_last + 1 + GAP_REWRITE && k_first <= last + 1 + GAP_REWRITE
        });
        if let Some(k) = beside {
            for &r in &ids {
                claimed[r] = true;
            }
            for &(r, s) in &c.pairs {
                k.push(r, s);
            }
            k.pairs.sort_unstable();
        }
    }
}

/// Does a faint candidate pair join the chains: [`FAINT_PAIRS`] pairs of
/// adjacent words shared, and its words in step ([`in_step_score`])?
fn admits_faint(src: &SideText, rw: &SideText, p: &SeedPair) -> bool {
    let (r, s) = (&rw.toks[p.rewrite], &src.toks[p.source]);
    Other::of(src.toks, &[p.source]).pair_matches(r) >= FAINT_PAIRS && in_step_score(r, s).is_some()
}

/// Sentence pairs beside reused ones: a copy sentence next to a paired
/// one, with an original sentence near that one's partner (within
/// [`BESIDE_SOURCE`], either way: copies shuffle sentences inside a
/// stretch), neither paired yet, whose words show reuse read in order
/// ([`in_step_score`]). A copy that swaps most content words keeps the
/// sentence's frame ("While the ... may be built in a ..., a 3,000 or
/// ..."), which bag-of-words similarity misses, but only beside reused
/// sentences is that evidence enough. Found outwards from every pair, so
/// a run of such sentences joins the passage and fills a gap between two.
fn beside_pairs(
    src: &SideText,
    rw: &SideText,
    pairs: &[(usize, usize, f64)],
) -> Vec<(usize, usize, f64)> {
    let mut paired_r = vec![false; rw.segs.len()];
    let mut paired_s = vec![false; src.segs.len()];
    for &(r, s, _) in pairs {
        paired_r[r] = true;
        paired_s[s] = true;
    }
    let mut out = Vec::new();
    let mut todo: Vec<(usize, usize)> = pairs.iter().map(|&(r, s, _)| (r, s)).collect();
    while let Some((r, s)) = todo.pop() {
        for nr in [r.checked_sub(1), Some(r + 1)].into_iter().flatten() {
            if nr >= rw.segs.len() || paired_r[nr] {
                continue;
            }
            let near = s.saturating_sub(BESIDE_SOURCE)..(s + BESIDE_SOURCE + 1).min(src.segs.len());
            let mine = content_stems(&rw.toks[nr]);
            let best = near
                .filter(|&ns| !paired_s[ns] && reachable(&mine, &src.toks[ns]) >= IN_STEP_CONTENT)
                .filter_map(|ns| Some((ns, in_step_score(&rw.toks[nr], &src.toks[ns])?)))
                .max_by(|a, b| {
                    a.1.total_cmp(&b.1)
                        .then(b.0.abs_diff(s).cmp(&a.0.abs_diff(s)))
                });
            if let Some((ns, score)) = best {
                paired_r[nr] = true;
                paired_s[ns] = true;
                out.push((nr, ns, score));
                todo.push((nr, ns));
            }
        }
    }
    out
}

/// A sentence's content stems, each with how often it occurs.
fn content_stems(ts: &[Token]) -> HashMap<&str, usize> {
    let mut out = HashMap::with_capacity(ts.len());
    for t in ts.iter().filter(|t| !t.stop()) {
        *out.entry(t.stem()).or_insert(0) += 1;
    }
    out
}

/// Content words of a sentence (its [`content_stems`]) whose stem `other`
/// has too: the most that [`in_step_score`] can find in order, counted
/// without reading either sentence in order, so most candidates are
/// dismissed before that.
fn reachable(mine: &HashMap<&str, usize>, other: &[Token]) -> usize {
    let mut seen: Vec<&str> = Vec::new();
    let mut n = 0;
    for t in other {
        let stem = t.stem();
        if let Some(&count) = mine.get(stem) {
            if !seen.contains(&stem) {
                seen.push(stem);
                n += count;
            }
        }
    }
    n
}

/// How much of two sentences is the same words in the same order (Dice
/// over the tokens of their longest common subsequence), if enough to
/// count as reuse: [`IN_STEP_MIN`], with [`IN_STEP_CONTENT`] content words.
fn in_step_score(a: &[Token], b: &[Token]) -> Option<f64> {
    let need = IN_STEP_CONTENT;
    let content_words = |ts: &[Token]| ts.iter().filter(|t| !t.stop()).count();
    if content_words(a) < need || content_words(b) < need || a.len().max(b.len()) > IN_ORDER_MAX {
        return None;
    }
    let theirs: Vec<&Token> = b.iter().collect();
    let m = matched_in_order(a, &theirs);
    let matched = m.iter().filter(|&&x| x).count();
    let content = a.iter().zip(&m).filter(|(t, &x)| x && !t.stop()).count();
    let score = 2.0 * matched as f64 / (a.len() + b.len()) as f64;
    (score >= IN_STEP_MIN && content >= need).then(|| (score * 10_000.0).round() / 10_000.0)
}

/// Is the chain one copy sentence, not the original's word for word?
fn lone(c: &Cluster, groups: &[Group], group_of_r: &[Option<usize>]) -> bool {
    let ids = c.rewrite_ids();
    ids.len() == 1 && group_of_r[ids[0]].is_none_or(|g| groups[g].relation != Relation::Identical)
}

/// Passages that follow one another in the copy with next to nothing
/// between them but come from far apart in the original are one summary
/// of it: merged, when the original's stretch is much longer than the
/// copy's (a copy that only reorders keeps its passages apart).
fn condense(passages: Vec<Passage>) -> Vec<Passage> {
    let (gap, ratio) = (SUMMARY_GAP, SUMMARY_RATIO as f64);
    let mut out: Vec<Passage> = Vec::with_capacity(passages.len());
    for p in passages {
        if let Some(last) = out.last_mut() {
            let near = p.rewrite.start <= last.rewrite.end + gap;
            let s = Span {
                start: last.source.start.min(p.source.start),
                end: last.source.end.max(p.source.end),
            };
            let r = Span {
                start: last.rewrite.start,
                end: p.rewrite.end.max(last.rewrite.end),
            };
            if near && (s.end - s.start) as f64 >= ratio * (r.end - r.start) as f64 {
                let (a, b) = (
                    (last.rewrite.end - last.rewrite.start) as f64,
                    (p.rewrite.end - p.rewrite.start) as f64,
                );
                last.similarity = ((last.similarity * a + p.similarity * b) / (a + b).max(1.0)
                    * 10_000.0)
                    .round()
                    / 10_000.0;
                last.source = s;
                last.rewrite = r;
                last.alignment.extend(p.alignment);
                last.alignment.sort_unstable();
                last.alignment.dedup();
                continue;
            }
        }
        out.push(p);
    }
    out
}

/// What a chain's copy sentences share with their partners: content
/// words, and pairs of adjacent words (each time, and distinct ones), with
/// the copy sentences' tokens.
#[derive(Clone, Copy)]
struct Shared {
    words: usize,
    pairs: usize,
    distinct_pairs: usize,
    tokens: usize,
}

impl Shared {
    /// Is the chain's reuse shown by runs of words ([`IN_SEQUENCE_PAIRS`])?
    fn in_sequence(&self) -> bool {
        self.distinct_pairs >= IN_SEQUENCE_PAIRS
            && self.distinct_pairs * IN_SEQUENCE_TOKENS >= self.tokens
    }
}

fn shared(src: &SideText, rw: &SideText, c: &Cluster) -> Shared {
    let mut out = Shared {
        words: 0,
        pairs: 0,
        distinct_pairs: 0,
        tokens: 0,
    };
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    for r in c.rewrite_ids() {
        let other = Other::of(src.toks, &c.partners(r, true));
        out.words += other.content_matches(&rw.toks[r]);
        for pair in other.shared_pairs(&rw.toks[r]) {
            out.pairs += 1;
            seen.insert(pair);
        }
        out.tokens += rw.toks[r].len();
    }
    out.distinct_pairs = seen.len();
    out
}

fn passage(
    src: &SideText,
    rw: &SideText,
    groups: &[Group],
    group_of_r: &[Option<usize>],
    score_of_r: &[f64],
    c: &Cluster,
) -> Passage {
    let ids = c.rewrite_ids();
    let (r0, r1) = (ids[0], *ids.last().expect("a pair"));
    let rewrite = span(rw, src, c, r0, r1, true);
    let source = span(src, rw, c, c.s_min, c.s_max, false);
    let mut alignment: Vec<usize> = ids
        .iter()
        .filter_map(|&r| group_of_r[r])
        .filter(|&g| {
            groups[g]
                .source
                .iter()
                .any(|&s| (c.s_min..=c.s_max).contains(&s))
        })
        .collect();
    alignment.sort_unstable();
    alignment.dedup();
    let (mut weight, mut weighted) = (0.0, 0.0);
    for &r in &ids {
        let n = rw.segs[r].text.chars().count() as f64;
        weight += n;
        weighted += n * score_of_r[r];
    }
    Passage {
        source,
        rewrite,
        similarity: if weight > 0.0 {
            (weighted / weight * 10_000.0).round() / 10_000.0
        } else {
            0.0
        },
        alignment,
    }
}

/// A chain's extent on one side (`this`), from sentence `first` to `last`,
/// trimmed at both ends to the words found in their partners.
fn span(
    this: &SideText,
    other: &SideText,
    c: &Cluster,
    first: usize,
    last: usize,
    rewrite_side: bool,
) -> Span {
    let reused = |i: usize| {
        let partners = c.partners(i, rewrite_side);
        let theirs: Vec<&Token> = partners.iter().flat_map(|&p| &other.toks[p]).collect();
        match theirs.len() <= IN_ORDER_MAX {
            true => matched_in_order(&this.toks[i], &theirs),
            false => Other::of(other.toks, &partners).matched(&this.toks[i]),
        }
    };
    let start = first_reused(&reused(first))
        .map_or(this.segs[first].start, |t| this.token_chars(first)[t].0);
    let end =
        last_reused(&reused(last)).map_or(this.segs[last].end, |t| this.token_chars(last)[t].1);
    Span {
        start,
        end: end.max(start),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimming_needs_reused_words_close_together() {
        // A lone match at the start does not begin the passage.
        let m = [
            true, false, false, false, false, false, false, false, true, true, false, true, true,
            false,
        ];
        assert_eq!(first_reused(&m), Some(8));
        assert_eq!(last_reused(&m), Some(12));
        assert_eq!(first_reused(&[false, true]), Some(1));
        assert_eq!(first_reused(&[false; 4]), None);
    }

    #[test]
    fn a_kept_frame_is_reuse_and_a_shared_topic_is_not() {
        let lex = super::super::similarity::Lexicon::new();
        let toks = |t: &str| super::super::tokens::tokenize(t, &lex.stemmer);
        let original = toks("While a new landing stage may be built in a couple of years, a second berth for cargo might take twice as long to finish");
        let reworded = toks("While the fresh jetty may be put up in a pair of seasons, a further berth for freight might need twice as long to be ready");
        let topical = toks(
            "The second berth was paid for by the cargo companies, who have waited years for it",
        );
        assert!(in_step_score(&reworded, &original).is_some());
        assert_eq!(in_step_score(&topical, &original), None);
    }

    #[test]
    fn runs_of_words_are_counted_once_and_against_the_length() {
        let lex = super::super::similarity::Lexicon::new();
        let toks = |t: &str| super::super::tokens::tokenize(t, &lex.stemmer);
        let original = toks("East Ridge High School opened in a new building");
        let copy =
            toks("East Ridge High School, East Ridge High School and East Ridge High School");
        let other = Other {
            stems: HashSet::new(),
            bigrams: original
                .windows(2)
                .map(|w| (w[0].lower_word(), w[1].lower_word()))
                .collect(),
        };
        // Three pairs, each found three times: a repeated name is one run.
        assert_eq!(other.pair_matches(&copy), 9);
        let distinct: HashSet<_> = other.shared_pairs(&copy).collect();
        assert_eq!(distinct.len(), 3);

        let shared = |distinct_pairs, tokens| Shared {
            words: 0,
            pairs: 0,
            distinct_pairs,
            tokens,
        };
        assert!(shared(IN_SEQUENCE_PAIRS, 40).in_sequence());
        assert!(!shared(IN_SEQUENCE_PAIRS - 1, 40).in_sequence());
        // As many runs thinly spread over a long stretch are chance.
        assert!(!shared(
            IN_SEQUENCE_PAIRS,
            IN_SEQUENCE_PAIRS * IN_SEQUENCE_TOKENS + 1
        )
        .in_sequence());
    }

    #[test]
    fn words_are_reused_in_order() {
        let lex = super::super::similarity::Lexicon::new();
        let toks = |t: &str| super::super::tokens::tokenize(t, &lex.stemmer);
        let long = toks("The harbour board met on Monday and the board said the harbour dredging will start in May after years of delay");
        let part = toks("the harbour dredging will start in May");
        let theirs: Vec<&Token> = part.iter().collect();
        let m = matched_in_order(&long, &theirs);
        // The early "harbour" and "board" are the topic's words, not the copied clause.
        assert!(first_reused(&m).is_some_and(|i| i >= 10), "{m:?}");
        assert_eq!(last_reused(&m), Some(16));
    }
}
