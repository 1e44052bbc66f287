//! Choosing links between sentences, and cutting them into groups.
//!
//! 1. Anchors: one-to-one pairs, best first, that share enough content
//!    (weighted Dice above the link threshold, or one side nearly contained
//!    in the other). Identical sentences are anchored before anything else.
//! 2. Context: pairs next to existing anchors (s±1, r±1) are accepted at a
//!    lower threshold, so a reworded sentence in a run of kept ones is found.
//! 3. Extensions: merges (several source sentences in one rewrite sentence),
//!    splits (one source sentence in several) and condensations: a further
//!    link is made when it explains content that the links so far do not
//!    explain, on both sides.
//! 4. Groups are the connected components of the links.

use foldhash::{HashSet, HashSetExt};

use rayon::prelude::*;

use super::similarity::{overlap, Features, Overlap, Vocab};

/// Parameters of the link decisions.
#[derive(Debug, Clone, Copy)]
pub struct LinkParams {
    /// Weighted Dice needed for a stand-alone one-to-one link.
    pub link: f64,
    /// Weighted Dice needed next to an existing link.
    pub context: f64,
}

#[derive(Debug, Clone, Copy)]
struct Pair {
    s: usize,
    r: usize,
    ov: Overlap,
    /// `ov.dice()`, which orders the pairs.
    dice: f64,
}

impl Pair {
    fn new(s: usize, r: usize, ov: Overlap) -> Pair {
        Pair {
            s,
            r,
            ov,
            dice: ov.dice(),
        }
    }
}

/// How much more than the link threshold a pair needs without a linked
/// neighbour: text embedded among unrelated sentences must not pick up
/// topical look-alikes.
const STANDALONE_MARGIN: f64 = 0.12;

/// A sort key that puts larger scores first. Scores are never negative, and
/// the bits of non-negative floats order as the floats do (`total_cmp`).
fn descending(score: f64) -> std::cmp::Reverse<u64> {
    debug_assert!(score >= 0.0);
    std::cmp::Reverse(score.to_bits())
}

/// Content-term count below which a sentence is "short".
fn few_terms(f: &Features) -> bool {
    f.terms.len() <= 3
}

fn anchor_ok(p: &Pair, src: &Features, rw: &Features, threshold: f64) -> bool {
    let ov = &p.ov;
    if ov.shared == 0 {
        return false;
    }
    // Short sentences need most of their words shared; longer ones at least
    // two shared words (a shared year alone is no evidence).
    let short = few_terms(src) || few_terms(rw);
    if !short && ov.shared_words < 2
        || ov.shared_words == 0 && !(short && ov.shared >= 1 && ov.dice() >= 0.6)
    {
        return false;
    }
    let dice = ov.dice();
    let (ca, cb) = (ov.ca(), ov.cb());
    // A one-to-one link needs a fair share of both sentences: two shared
    // words of a long sentence do not make a short one its copy.
    if ca.min(cb) < 0.25 {
        return false;
    }
    dice >= threshold || (ca.max(cb) >= 0.75 && ca.min(cb) >= threshold * 0.6 && ov.shared >= 3)
}

/// Do both sentences stand among linked sentences (a neighbour on each side
/// is linked, to anything)? Reordered sentences do; sentences of a copy's own
/// material, between added ones, do not.
fn has_support(state: &State, s: usize, r: usize) -> bool {
    let s_ok = s
        .checked_sub(1)
        .is_some_and(|x| !state.s_links[x].is_empty())
        || state.s_links.get(s + 1).is_some_and(|l| !l.is_empty());
    let r_ok = r
        .checked_sub(1)
        .is_some_and(|x| !state.r_links[x].is_empty())
        || state.r_links.get(r + 1).is_some_and(|l| !l.is_empty());
    s_ok && r_ok
}

/// Computes the links (source id, rewrite id), sorted.
pub fn links(
    src: &[Features],
    rw: &[Features],
    vocab: &Vocab,
    candidates: &[Vec<usize>],
    fixed: &[(usize, usize)],
    params: LinkParams,
) -> Vec<(usize, usize)> {
    let mut pairs: Vec<Pair> = candidates
        .par_iter()
        .with_min_len(super::PAR_MIN_LEN)
        .enumerate()
        .flat_map_iter(|(r, cands)| {
            cands.iter().filter_map(move |&s| {
                let ov = overlap(&src[s], &rw[r], vocab, None);
                (ov.shared > 0).then(|| Pair::new(s, r, ov))
            })
        })
        .collect();
    // Best first, ties by position. Each (r, s) is one pair, so no two keys
    // are equal and an unstable sort gives the same order.
    pairs.sort_unstable_by_key(|p| (descending(p.dice), p.r, p.s));

    let mut state = State::new(src, rw);
    for &(s, r) in fixed {
        state.link(s, r, vocab);
    }
    // 1. Strong anchors: pairs that need no context.
    for p in &pairs {
        if state.s_links[p.s].is_empty()
            && state.r_links[p.r].is_empty()
            && anchor_ok(p, &src[p.s], &rw[p.r], params.link + STANDALONE_MARGIN)
        {
            state.link(p.s, p.r, vocab);
        }
    }
    // 2. Context: neighbours of links, in a few sweeps; then pairs at the
    //    link threshold that sit next to a link (in either order).
    // Neighbour pairs found too weak: they stay so, so later sweeps skip them.
    let mut too_weak: HashSet<(usize, usize)> = HashSet::new();
    for round in 0..6 {
        let mut changed = false;
        if round > 0 {
            for p in &pairs {
                if state.s_links[p.s].is_empty()
                    && state.r_links[p.r].is_empty()
                    && anchor_ok(p, &src[p.s], &rw[p.r], params.link)
                    && has_support(&state, p.s, p.r)
                {
                    state.link(p.s, p.r, vocab);
                    changed = true;
                }
            }
        }
        let current = state.pairs.clone();
        for &(s, r) in &current {
            for (ds, dr) in [(-1i64, -1i64), (1, 1)] {
                let (ns, nr) = (s as i64 + ds, r as i64 + dr);
                if ns < 0 || nr < 0 || ns as usize >= src.len() || nr as usize >= rw.len() {
                    continue;
                }
                let (ns, nr) = (ns as usize, nr as usize);
                if !state.s_links[ns].is_empty()
                    || !state.r_links[nr].is_empty()
                    || too_weak.contains(&(ns, nr))
                {
                    continue;
                }
                let ov = overlap(&src[ns], &rw[nr], vocab, None);
                let p = Pair::new(ns, nr, ov);
                if anchor_ok(&p, &src[ns], &rw[nr], params.context) {
                    state.link(ns, nr, vocab);
                    changed = true;
                } else {
                    too_weak.insert((ns, nr));
                }
            }
        }
        if !changed && round > 0 {
            break;
        }
    }
    // 3. Extensions (merges, splits, condensations).
    // Only pairs where one side is largely contained in the other can extend.
    let mut by_weight: Vec<Pair> = pairs
        .iter()
        .copied()
        .filter(|p| p.ov.ca().max(p.ov.cb()) >= 0.3)
        .collect();
    by_weight.sort_unstable_by_key(|p| (descending(p.ov.a_matched + p.ov.b_matched), p.r, p.s));
    // Also consider the neighbours of linked pairs that the index may have missed.
    for _ in 0..2 {
        let mut changed = false;
        for p in &by_weight {
            if state.is_linked(p.s, p.r) {
                continue;
            }
            if state.extension_ok(p.s, p.r, vocab, &p.ov) {
                state.link(p.s, p.r, vocab);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut out = state.pairs;
    out.sort_unstable();
    out.dedup();
    out
}

struct State<'a> {
    src: &'a [Features],
    rw: &'a [Features],
    s_links: Vec<Vec<usize>>,
    r_links: Vec<Vec<usize>>,
    /// Which terms of each sentence are explained by its links so far.
    s_cov: Vec<Vec<bool>>,
    r_cov: Vec<Vec<bool>>,
    pairs: Vec<(usize, usize)>,
}

impl<'a> State<'a> {
    fn new(src: &'a [Features], rw: &'a [Features]) -> Self {
        State {
            src,
            rw,
            s_links: vec![Vec::new(); src.len()],
            r_links: vec![Vec::new(); rw.len()],
            s_cov: src.iter().map(|f| vec![false; f.terms.len()]).collect(),
            r_cov: rw.iter().map(|f| vec![false; f.terms.len()]).collect(),
            pairs: Vec::new(),
        }
    }

    fn is_linked(&self, s: usize, r: usize) -> bool {
        self.s_links[s].contains(&r)
    }

    fn link(&mut self, s: usize, r: usize, vocab: &Vocab) {
        if s >= self.src.len() || r >= self.rw.len() || self.is_linked(s, r) {
            return;
        }
        let (a, b) = (&mut self.s_cov[s], &mut self.r_cov[r]);
        overlap(
            &self.src[s],
            &self.rw[r],
            vocab,
            Some((a.as_mut_slice(), b.as_mut_slice())),
        );
        self.s_links[s].push(r);
        self.r_links[r].push(s);
        self.pairs.push((s, r));
    }

    /// What this pair would newly explain: the weight of the terms of each
    /// side, as a share of that side's total, and the number of terms.
    fn marginal(&self, s: usize, r: usize, vocab: &Vocab) -> ((f64, f64), (usize, usize)) {
        let mut a = vec![false; self.src[s].terms.len()];
        let mut b = vec![false; self.rw[r].terms.len()];
        let ov = overlap(&self.src[s], &self.rw[r], vocab, Some((&mut a, &mut b)));
        let idf = |id: u32| vocab.idf[id as usize];
        let new_in = |terms: &[super::similarity::Term], marked: &[bool], covered: &[bool]| {
            let new = || {
                terms
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| marked[*i] && !covered[*i])
            };
            let weight: f64 = new().map(|(_, t)| idf(t.id) * t.weight()).sum();
            (weight, new().count())
        };
        let (ms, ns) = new_in(&self.src[s].terms, &a, &self.s_cov[s]);
        let (mr, nr) = new_in(&self.rw[r].terms, &b, &self.r_cov[r]);
        let share = |w: f64, total: f64| if total > 0.0 { w / total } else { 0.0 };
        ((share(ms, ov.a_total), share(mr, ov.b_total)), (ns, nr))
    }

    /// Is a source sentence next to `s` linked to rewrite sentence `r`?
    fn next_to_partner(&self, s: usize, r: usize) -> bool {
        let linked = |x: usize| self.s_links.get(x).is_some_and(|l| l.contains(&r));
        s.checked_sub(1).is_some_and(linked) || linked(s + 1)
    }

    fn extension_ok(&self, s: usize, r: usize, vocab: &Vocab, ov: &Overlap) -> bool {
        let s_free = self.s_links[s].is_empty();
        let r_free = self.r_links[r].is_empty();
        if ov.shared < 2 {
            return false;
        }
        let (cs, cr) = (ov.ca(), ov.cb());
        // The least each case below asks of the pair's own overlap, tested
        // before the costlier marginal figures.
        let possible = match (s_free, r_free) {
            (true, false) => cs >= 0.3,
            (false, true) => cr >= 0.3,
            (true, true) => false,
            (false, false) => cs.min(cr) >= 0.35,
        };
        if !possible {
            return false;
        }
        let ((ms, mr), (ns, nr)) = self.marginal(s, r, vocab);
        match (s_free, r_free) {
            // Merge: source sentence s also went into rewrite sentence r.
            (true, false) => {
                cs >= 0.9 && ov.shared >= 3
                    || cs >= 0.5 && mr >= 0.1 && nr >= 2
                    || cs >= 0.4 && mr >= 0.12 && nr >= 3
                    || cs >= 0.3 && mr >= 0.15 && nr >= 3
                    // Condensed: the sentence next to one already in r, most
                    // of it in r (a condensing copy drops the words that only
                    // tied it to its neighbour), adding a word of its own.
                    || cs >= 0.4 && mr >= 0.1 && nr >= 1 && self.next_to_partner(s, r)
            }
            // Split: rewrite sentence r also comes from source sentence s
            // (or repeats it, as a summary does).
            (false, true) => {
                cr >= 0.6 && ov.shared >= 4
                    || cr >= 0.5 && ms >= 0.1 && ns >= 2
                    || cr >= 0.4 && ms >= 0.12 && ns >= 3
                    || cr >= 0.3 && ms >= 0.15 && ns >= 3
            }
            // Both free: a pair the anchors did not take (weak on its own).
            (true, true) => false,
            // Both linked elsewhere: only a strong, new overlap.
            (false, false) => ms >= 0.3 && mr >= 0.3,
        }
    }
}

/// Connected components of the links: (source ids, rewrite ids), each sorted.
pub fn components(
    links: &[(usize, usize)],
    n_src: usize,
    n_rw: usize,
) -> Vec<(Vec<usize>, Vec<usize>)> {
    // Union-find over source ids 0..n_src and rewrite ids n_src..n_src+n_rw.
    let mut parent: Vec<usize> = (0..n_src + n_rw).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for &(s, r) in links {
        let (a, b) = (find(&mut parent, s), find(&mut parent, n_src + r));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<usize>, Vec<usize>)> =
        Default::default();
    let mut linked_s = vec![false; n_src];
    let mut linked_r = vec![false; n_rw];
    for &(s, r) in links {
        linked_s[s] = true;
        linked_r[r] = true;
    }
    for (s, _) in linked_s.iter().enumerate().filter(|(_, l)| **l) {
        let root = find(&mut parent, s);
        groups.entry(root).or_default().0.push(s);
    }
    for (r, _) in linked_r.iter().enumerate().filter(|(_, l)| **l) {
        let root = find(&mut parent, n_src + r);
        groups.entry(root).or_default().1.push(r);
    }
    groups.into_values().collect()
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Is the pair evidence of reuse on its own: a few shared words, and a
/// fair share of both sentences in common or most of one found in the
/// other (a sentence cut in two, or two run together, by a copy or by the
/// splitter)?
fn is_seed(ov: &Overlap) -> bool {
    ov.shared >= SEED_SHARED_MIN
        && ov.shared_words >= 2
        && (ov.dice() >= SEED_DICE_MIN || ov.ca().max(ov.cb()) >= SEED_CONTAINED_MIN)
}

const SEED_DICE_MIN: f64 = 0.4;
const SEED_CONTAINED_MIN: f64 = 0.7;
const SEED_SHARED_MIN: usize = 3;

/// A candidate sentence pair for the passages, with its weighted Dice.
#[derive(Debug, Clone, Copy)]
pub struct SeedPair {
    pub source: usize,
    pub rewrite: usize,
    pub dice: f64,
    /// Evidence of reuse on its own ([`is_seed`]); otherwise a faint pair,
    /// a few words shared, that the passages take only on the evidence of
    /// the words' order.
    pub strong: bool,
}

/// Candidate pairs that share a few words ([`SEED_SHARED_MIN`]): those
/// that are evidence of reuse on their own ([`is_seed`]), linked or not,
/// and the faint rest. The passages are chained from these and the links.
pub fn seeds(
    src: &[Features],
    rw: &[Features],
    vocab: &Vocab,
    candidates: &[Vec<usize>],
) -> Vec<SeedPair> {
    candidates
        .par_iter()
        .with_min_len(super::PAR_MIN_LEN)
        .enumerate()
        .flat_map_iter(|(r, cands)| {
            cands.iter().filter_map(move |&s| {
                let ov = overlap(&src[s], &rw[r], vocab, None);
                (ov.shared >= SEED_SHARED_MIN && ov.shared_words >= 2).then(|| SeedPair {
                    source: s,
                    rewrite: r,
                    dice: round4(ov.dice()),
                    strong: is_seed(&ov),
                })
            })
        })
        .collect()
}
