//! The aligner: a pure stage. Text in, alignment out; no files, templates or
//! global state, so it can be tested and benchmarked alone.
//!
//! The stages, each in its own module:
//!
//! - [`segment`]: Markdown body to plain-text sentences with file offsets
//!   and paragraphs.
//! - [`roles`]: which sentences are story and which came with the paste
//!   (captions, bylines, share prompts, related stories...), with the
//!   author's overrides.
//! - [`tokens`]: words and numbers, lower-cased and stemmed.
//! - [`similarity`]: IDF-weighted overlap of content stems, with synonyms and
//!   fuzzy spelling matches.
//! - [`index`]: candidate pairs from an inverted index (never all pairs).
//! - [`grouping`]: links between sentences (1-1, merges, splits,
//!   condensations), then groups.
//! - [`diff`]: word-level differences inside each group (`similar`).
//! - [`findings`]: what a reader should be told (names, numbers, quotations,
//!   attributions, omissions, additions).
//! - [`passages`]: the reused stretches, chained from linked groups and
//!   trimmed to the reused words, in file offsets.
//! - [`stats`], [`text`]: summary figures (from the passages) and the
//!   terminal listing.
//!
//! Bounded on any input: a side is aligned in at most [`MAX_UNITS`] units.
//! A text with more sentences than that (a 16 MiB file of one-word
//! sentences has millions) has its consecutive sentences joined into runs
//! of equal count, each aligned, shown and counted as one sentence, so time,
//! memory and the size of `report.json` and of the page grow with the
//! text's length and never with the square of its sentence count; runs of
//! repeated sentences become one identical group each. Candidates are
//! found through an inverted index that skips very common terms, at most
//! [`index::MAX_CANDIDATES`] per sentence.
//!
//! Groups are ordered for a side-by-side layout: in rewrite order (by the
//! first rewrite sentence of each group); each omitted source sentence comes
//! right after the group holding the nearest linked source sentence before
//! it (at the very start when there is none), in source order.

mod calendar;
pub mod diff;
pub mod findings;
pub mod fold;
pub mod grouping;
pub mod index;
pub mod passages;
pub mod roles;
pub mod segment;
pub mod similarity;
pub mod stats;
pub mod text;
pub mod tokens;

use std::borrow::Cow;

use foldhash::{HashMap, HashMapExt};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::report::{DiffSpan, Format, Group, Relation, Report, Sentence, Side};
use findings::attribution::Attribution;
pub use roles::RoleOverrides;
use segment::Segment;
use similarity::{Features, Lexicon, Term, Vocab};
use tokens::{Token, Word};

pub use text::format_text;

/// Sentences (or groups) per parallel task inside one alignment. A news
/// article is aligned on one thread, since a build already runs an alignment
/// per core and splitting small loops costs more than it gains; only
/// book-length texts are spread over the cores.
pub(crate) const PAR_MIN_LEN: usize = 256;

/// One side's input: the file as read, and where its body starts.
#[derive(Debug, Clone, Copy)]
pub struct Text<'a> {
    pub title: &'a str,
    /// The whole file as read (sentence offsets count from its start).
    pub file: &'a str,
    /// Byte offset in `file` where the Markdown body starts (0 for plain text).
    pub body_start: usize,
}

impl<'a> Text<'a> {
    /// A plain text with no front matter: the body is the whole file.
    pub fn plain(title: &'a str, file: &'a str) -> Text<'a> {
        Text {
            title,
            file,
            body_start: 0,
        }
    }
}

/// The aligner's tunable options (`[align]` in `site.toml`).
///
/// ```toml
/// [align]
/// link_threshold = 0.3
/// light_edit_threshold = 0.7
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AlignOptions {
    /// How much content (0..1, IDF-weighted overlap of content words) two
    /// sentences must share to be linked on their own. Lower finds more
    /// heavily reworded pairs and risks spurious links.
    pub link_threshold: f64,
    /// The same, for a pair right next to an already linked pair (a reworded
    /// sentence inside a run of kept ones).
    pub context_threshold: f64,
    /// Word overlap (0..1) from which a linked group counts as a light edit
    /// rather than a paraphrase.
    pub light_edit_threshold: f64,
    /// Deprecated, and without effect: captions and page furniture are
    /// never findings now (they are set aside and folded in the report).
    /// Still accepted so that existing `site.toml` files keep building.
    pub flag_boilerplate_omissions: bool,
}

impl Default for AlignOptions {
    fn default() -> Self {
        AlignOptions {
            link_threshold: 0.3,
            context_threshold: 0.18,
            light_edit_threshold: 0.7,
            flag_boilerplate_omissions: true,
        }
    }
}

/// One side, cut and analysed, with the features of this pairing.
pub(crate) struct Prepared<'a> {
    pub segs: &'a [Segment],
    pub toks: &'a [Vec<Token>],
    /// Each sentence's attributions ("said Ilan Baro").
    pub attributions: &'a [Vec<Attribution>],
    pub feats: &'a [Features],
}

/// The stemmer and synonym table, built once per process (it stems the
/// synonym table).
fn lexicon() -> &'static Lexicon {
    static LEXICON: std::sync::LazyLock<Lexicon> = std::sync::LazyLock::new(Lexicon::new);
    &LEXICON
}

/// A text cut into sentences and tokens: everything about one side that does
/// not depend on the other. An original with several copies is prepared once
/// and aligned with each ([`align_prepared`]).
pub struct PreparedText {
    title: String,
    /// The file as read, for the passages' offsets inside sentences.
    file: String,
    segs: Vec<Segment>,
    /// Each sentence's byte range in `file`.
    seg_bytes: Vec<(usize, usize)>,
    toks: Vec<Vec<Token>>,
    /// Each sentence's words, lower-cased (see [`normalized`]).
    norms: Vec<String>,
    /// Each sentence's attributions ("said Ilan Baro").
    attributions: Vec<Vec<Attribution>>,
    /// Each sentence's tokens that name a speaker in those.
    speakers: Vec<Vec<usize>>,
    /// The vocabulary of this text's terms and the features of its
    /// sentences: where the vocabulary of a pairing with it starts (an
    /// original's terms come first).
    vocab: Vocab,
    feats: Vec<Features>,
}

impl PreparedText {
    /// Prepares an original: cut, analysed, and its terms interned.
    pub fn new(text: &Text) -> PreparedText {
        PreparedText::with_roles(text, &RoleOverrides::default())
    }

    /// [`PreparedText::new`] with the author's word on what is story.
    pub fn with_roles(text: &Text, roles: &RoleOverrides) -> PreparedText {
        let mut prepared = PreparedText::cut(text, roles);
        let mut vocab = Vocab::default();
        prepared.feats = features(&prepared, &mut vocab);
        vocab.find_variants();
        vocab.share();
        prepared.vocab = vocab;
        prepared
    }

    /// Prepares a text without its own vocabulary (a copy's is made with
    /// its original's).
    fn cut(text: &Text, roles: &RoleOverrides) -> PreparedText {
        let lex = lexicon();
        let mut segs = segment_bounded(text.file, text.body_start);
        roles::apply_overrides(text.file, &mut segs, roles);
        let toks: Vec<Vec<Token>> = segs
            .par_iter()
            .with_min_len(PAR_MIN_LEN)
            .map(|s| tokens::tokenize(&s.text, &lex.stemmer))
            .collect();
        let norms = toks
            .par_iter()
            .with_min_len(PAR_MIN_LEN)
            .map(|t| normalized(t))
            .collect();
        let attributions: Vec<Vec<Attribution>> = segs
            .par_iter()
            .zip(toks.par_iter())
            .with_min_len(PAR_MIN_LEN)
            .map(|(s, t)| findings::attribution::attributions(&s.text, t))
            .collect();
        let speakers = attributions
            .iter()
            .map(|found| findings::attribution::speaker_tokens(found))
            .collect();
        PreparedText {
            title: text.title.to_string(),
            file: text.file.to_string(),
            seg_bytes: passages::sentence_bytes(text.file, &segs),
            segs,
            toks,
            norms,
            attributions,
            speakers,
            vocab: Vocab::default(),
            feats: Vec::new(),
        }
    }
}

impl PreparedText {
    fn side_text(&self) -> passages::SideText<'_> {
        passages::SideText {
            file: &self.file,
            segs: &self.segs,
            bytes: &self.seg_bytes,
            toks: &self.toks,
        }
    }
}

/// Most units (sentences, or runs of them) a side is aligned in. News, and
/// books, stay well below; past it, consecutive sentences are aligned as one
/// unit ([`bounded`]).
pub const MAX_UNITS: usize = 10_000;

/// Bodies longer than this (in bytes) are cut into sentences a window at a
/// time, so that the sentences of a huge text are never all held at once.
const SEGMENT_WINDOW: usize = 1 << 20;

/// [`roles::sentences`] of `file[body_start..]`, bounded to about
/// [`MAX_UNITS`] units ([`bounded`]). A long body is cut in windows of about
/// [`SEGMENT_WINDOW`] bytes, at a blank line if there is one near the end
/// of the window, else at a line break or a space (where a sentence could
/// end anyway), and each window gets its share of the units.
fn segment_bounded(file: &str, body_start: usize) -> Vec<Segment> {
    let body_len = file.len().saturating_sub(body_start);
    if body_len <= SEGMENT_WINDOW {
        return bounded(roles::sentences(file, body_start), MAX_UNITS);
    }
    let mut out = Vec::new();
    let (mut start, mut paragraphs) = (body_start, 0);
    while start < file.len() {
        let end = window_end(file, start);
        let share = (MAX_UNITS * (end - start)).div_ceil(body_len).max(1);
        let mut segs = bounded(roles::sentences(&file[..end], start), share);
        for s in &mut segs {
            s.paragraph += paragraphs;
        }
        paragraphs = segs.last().map_or(paragraphs, |s| s.paragraph + 1);
        out.append(&mut segs);
        start = end;
    }
    bounded(out, MAX_UNITS)
}

/// Where the window from `start` ends: a blank line, else a line break,
/// else a space in its last quarter, else a character boundary.
fn window_end(file: &str, start: usize) -> usize {
    let mut end = (start + SEGMENT_WINDOW).min(file.len());
    if end == file.len() {
        return end;
    }
    while !file.is_char_boundary(end) {
        end -= 1;
    }
    let mut from = start + SEGMENT_WINDOW * 3 / 4;
    while !file.is_char_boundary(from) {
        from += 1;
    }
    let tail = &file[from..end];
    let at = |i: usize, n: usize| from + i + n;
    tail.rfind("\n\n")
        .map(|i| at(i, 2))
        .or_else(|| tail.rfind('\n').map(|i| at(i, 1)))
        .or_else(|| tail.rfind(' ').map(|i| at(i, 1)))
        .unwrap_or(end)
}

/// A text's sentences, at most `max` of them: beyond that many (a
/// 16 MiB file of one-word sentences has millions), consecutive sentences
/// are joined into runs of equal count, each aligned, shown and counted as
/// one sentence. The time, the memory and the size of the report and its
/// page then grow with the text's length, not with its sentence count (or
/// with the square of it), and runs of repeated sentences in both texts
/// become one identical group each rather than a quadratic search.
fn bounded(segs: Vec<Segment>, max: usize) -> Vec<Segment> {
    if segs.len() <= max {
        return segs;
    }
    let per_unit = segs.len().div_ceil(max);
    let mut out = Vec::with_capacity(max);
    let mut it = segs.into_iter();
    while let Some(first) = it.next() {
        let mut unit = first;
        for next in it.by_ref().take(per_unit - 1) {
            unit.text.push(' ');
            unit.text.push_str(&next.text);
            unit.end = next.end;
            if !unit.role.is_story() && next.role.is_story() {
                unit.role = next.role;
            }
        }
        out.push(unit);
    }
    out
}

/// The content terms of each sentence of one side, interned in `vocab`
/// (shared by both sides of a pairing).
fn features(text: &PreparedText, vocab: &mut Vocab) -> Vec<Features> {
    let lex = lexicon();
    let speakers = &text.speakers;
    // One sentence's term keys at a time, each with the index of its
    // token: kept for the whole text, they were a tenth of the memory of
    // aligning 15 MB of Chinese.
    let mut keys: Vec<(Word, usize)> = Vec::new();
    text.toks
        .iter()
        .enumerate()
        .map(|(si, toks)| {
            keys.clear();
            keys.extend(
                toks.iter()
                    .enumerate()
                    .filter_map(|(i, t)| lex.term_key(t).map(|k| (k, i))),
            );
            let mut terms: Vec<Term> = Vec::with_capacity(keys.len());
            for (k, ti) in keys.drain(..) {
                let (id, single) = vocab.intern_term(&k);
                if terms.iter().any(|t| t.id == id) {
                    continue;
                }
                let word: &str = match &single {
                    Some(single) => single,
                    None if k.starts_with('#') => &k,
                    None => toks[ti].lower(),
                };
                vocab.set_shape(id, word);
                let speaker = speakers[si].binary_search(&ti).is_ok();
                terms.push(Term::new(id, vocab.shape_key(id), speaker));
            }
            let f = Features::new(terms);
            vocab.count(&f.ids);
            f
        })
        .collect()
}

/// The vocabulary of both sides (the original's, with the copy's terms
/// added and both counted) and the features of the copy's sentences. The
/// original's features are its own, shared by all its pairings: a term's
/// weight in a pairing comes from this vocabulary as sentences are compared.
fn pair_features(source: &PreparedText, rewrite: &PreparedText) -> (Vocab, Vec<Features>) {
    let mut vocab = source.vocab.clone();
    // Room for the copy's terms, most of them new: growing the table as
    // they come would rehash it. Its count of words (tokens) bounds them;
    // a huge text repeats its words, so its count would reserve far more
    // than its distinct terms (100 MB for a 15 MB file): past a news
    // article's, let it grow.
    const MAX_RESERVED_TERMS: usize = 1 << 16;
    let words: usize = rewrite.toks.iter().map(Vec::len).sum();
    vocab.reserve(words.min(MAX_RESERVED_TERMS));
    let r_feats = features(rewrite, &mut vocab);
    vocab.find_variants();
    vocab.finish();
    (vocab, r_feats)
}

/// The words of a sentence, lower-cased, for exact comparison (quote style,
/// punctuation and spacing ignored).
pub(crate) fn normalized(toks: &[Token]) -> String {
    let mut s = String::with_capacity(toks.iter().map(|t| t.lower().len() + 1).sum());
    for t in toks {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(t.lower());
    }
    s
}

/// Aligns a rewrite with its source and lists the changes a reader should be told about.
pub fn align(source: &Text, rewrite: &Text, options: &AlignOptions) -> Report {
    align_prepared(&PreparedText::new(source), rewrite, options)
}

/// [`align`] with the source already prepared.
pub fn align_prepared(source: &PreparedText, rewrite: &Text, options: &AlignOptions) -> Report {
    align_prepared_with_roles(source, rewrite, &RoleOverrides::default(), options)
}

/// [`align_prepared`] with the author's word on what is story in the copy
/// (the original's is given to [`PreparedText::with_roles`]).
pub fn align_prepared_with_roles(
    source: &PreparedText,
    rewrite: &Text,
    rewrite_roles: &RoleOverrides,
    options: &AlignOptions,
) -> Report {
    let rewrite = PreparedText::cut(rewrite, rewrite_roles);
    let (vocab, r_feats) = pair_features(source, &rewrite);
    let src = Prepared {
        segs: &source.segs,
        toks: &source.toks,
        attributions: &source.attributions,
        feats: &source.feats,
    };
    let rw = Prepared {
        segs: &rewrite.segs,
        toks: &rewrite.toks,
        attributions: &rewrite.attributions,
        feats: &r_feats,
    };
    let (s_norm, r_norm) = (&source.norms, &rewrite.norms);

    // Fast path: sentences whose words are identical and unique on both sides
    // are linked at once and need no candidate search.
    let mut s_count: HashMap<&str, (usize, usize)> = HashMap::with_capacity(s_norm.len());
    for (i, n) in s_norm.iter().enumerate() {
        let e = s_count.entry(n.as_str()).or_insert((0, i));
        e.0 += 1;
    }
    let mut r_count: HashMap<&str, usize> = HashMap::with_capacity(r_norm.len());
    for n in r_norm {
        *r_count.entry(n.as_str()).or_insert(0) += 1;
    }
    let mut fixed = Vec::new();
    let mut skip = vec![false; r_norm.len()];
    for (r, n) in r_norm.iter().enumerate() {
        if n.splitn(3, ' ').count() < 3 {
            continue;
        }
        if let Some(&(1, s)) = s_count.get(n.as_str()) {
            if r_count.get(n.as_str()) == Some(&1) {
                fixed.push((s, r));
                skip[r] = true;
            }
        }
    }

    // Runs of equal sentences next to those (and from the first and last
    // sentences) follow, even when repeated elsewhere.
    let mut s_fixed = vec![false; s_norm.len()];
    for &(s, _) in &fixed {
        s_fixed[s] = true;
    }
    let mut seeds: Vec<(usize, usize, bool)> = fixed.iter().map(|&(s, r)| (s, r, true)).collect();
    if !s_norm.is_empty() && !r_norm.is_empty() {
        seeds.push((0, 0, false));
        seeds.push((s_norm.len() - 1, r_norm.len() - 1, false));
    }
    for (s0, r0, linked) in seeds {
        if !linked {
            if s_fixed[s0] || skip[r0] {
                continue;
            }
            if s_norm[s0] != r_norm[r0] || s_norm[s0].is_empty() {
                continue;
            }
            s_fixed[s0] = true;
            skip[r0] = true;
            fixed.push((s0, r0));
        }
        for dir in [-1i64, 1] {
            let (mut s, mut r) = (s0 as i64, r0 as i64);
            loop {
                s += dir;
                r += dir;
                if s < 0 || r < 0 || s as usize >= s_norm.len() || r as usize >= r_norm.len() {
                    break;
                }
                let (su, ru) = (s as usize, r as usize);
                if s_fixed[su] || skip[ru] || s_norm[su] != r_norm[ru] || s_norm[su].is_empty() {
                    break;
                }
                s_fixed[su] = true;
                skip[ru] = true;
                fixed.push((su, ru));
            }
        }
    }

    let cands = index::candidates(src.feats, rw.feats, &vocab, &skip);
    let params = grouping::LinkParams {
        link: options.link_threshold,
        context: options.context_threshold,
    };
    let links = grouping::links(src.feats, rw.feats, &vocab, &cands, &fixed, params);
    let comps = grouping::components(&links, src.segs.len(), rw.segs.len());

    let groups = build_groups(comps, &src, &rw, s_norm, r_norm, &vocab, options);
    let findings = findings::find(&src, &rw, &groups);
    let seeds = grouping::seeds(src.feats, rw.feats, &vocab, &cands);
    let passages = passages::passages(&source.side_text(), &rewrite.side_text(), &groups, &seeds);
    let source_side = side(&source.title, src.segs);
    let rewrite_side = side(&rewrite.title, rw.segs);
    let stats = stats::stats(&source_side, &rewrite_side, &passages, &findings);
    let mut report = Report {
        format: Format,
        source: source_side,
        rewrite: rewrite_side,
        alignment: groups,
        passages,
        findings,
        stats,
        about: None,
    };
    fold::fold_long_report(&mut report);
    report
}

fn side(title: &str, segs: &[Segment]) -> Side {
    Side {
        title: title.to_string(),
        sentences: segs
            .iter()
            .enumerate()
            .map(|(id, s)| Sentence {
                id,
                text: s.text.clone(),
                start: s.start,
                end: s.end,
                paragraph: s.paragraph,
                role: s.role,
                set_aside: s.set_aside,
            })
            .collect(),
    }
}

/// The texts of `ids`, joined by one space (one text borrowed as it is):
/// the text a group's diff walks, as `Side::group_text` spells it.
fn join<'t>(text_of: impl Fn(usize) -> &'t str, ids: &[usize]) -> Cow<'t, str> {
    match ids {
        [one] => Cow::Borrowed(text_of(*one)),
        _ => Cow::Owned(
            ids.iter()
                .map(|&i| text_of(i))
                .collect::<Vec<_>>()
                .join(" "),
        ),
    }
}

fn round4(x: f64) -> f64 {
    (x.clamp(0.0, 1.0) * 10_000.0).round() / 10_000.0
}

/// The features of a group's sentences on one side: its one sentence's as
/// they are (most groups have one a side), or the union of its sentences'.
fn group_features<'f>(feats: &'f [Features], ids: &[usize]) -> Cow<'f, Features> {
    match ids {
        [one] => Cow::Borrowed(&feats[*one]),
        _ => {
            let parts: Vec<&Features> = ids.iter().map(|&i| &feats[i]).collect();
            Cow::Owned(similarity::union(&parts))
        }
    }
}

fn build_groups(
    comps: Vec<(Vec<usize>, Vec<usize>)>,
    src: &Prepared,
    rw: &Prepared,
    s_norm: &[String],
    r_norm: &[String],
    vocab: &Vocab,
    options: &AlignOptions,
) -> Vec<Group> {
    let mut linked: Vec<Group> = comps
        .into_par_iter()
        .with_min_len(PAR_MIN_LEN)
        .map(|(s_ids, r_ids)| {
            let old = join(|i| &src.segs[i].text, &s_ids);
            let new = join(|i| &rw.segs[i].text, &r_ids);
            let diff::WordDiff { spans: diff, ratio } = diff::diff(&old, &new);
            let same = join(|i| &s_norm[i], &s_ids) == join(|i| &r_norm[i], &r_ids);
            let ov = similarity::overlap(
                &group_features(src.feats, &s_ids),
                &group_features(rw.feats, &r_ids),
                vocab,
                None,
            );
            let (relation, similarity) = if same {
                (Relation::Identical, 1.0)
            } else {
                // Content overlap (synonyms and stems seen through) and
                // surface overlap (the words as written), averaged; only
                // identical text scores 1.
                let sim = round4(((ov.dice() + ratio) / 2.0).min(0.9999));
                let relation = if ratio >= options.light_edit_threshold {
                    Relation::LightEdit
                } else {
                    Relation::Paraphrase
                };
                (relation, sim)
            };
            Group {
                source: s_ids,
                rewrite: r_ids,
                relation,
                similarity,
                diff,
                folded: false,
            }
        })
        .collect();
    linked.sort_by_key(|g| g.rewrite[0]);

    // Where each linked source sentence's group stands.
    let mut s_group: Vec<Option<usize>> = vec![None; src.segs.len()];
    let mut r_linked = vec![false; rw.segs.len()];
    for (gi, g) in linked.iter().enumerate() {
        for &s in &g.source {
            s_group[s] = Some(gi);
        }
        for &r in &g.rewrite {
            r_linked[r] = true;
        }
    }
    // Sort keys: (rewrite position, phase, source id); phase 0 for groups
    // with rewrite sentences, 1 for omitted source sentences after them.
    let mut keyed: Vec<((i64, u8, usize), Group)> = Vec::new();
    for g in linked.iter().cloned() {
        keyed.push(((g.rewrite[0] as i64, 0, 0), g));
    }
    for (r, l) in r_linked.iter().enumerate() {
        if !l {
            let len = rw.segs[r].text.chars().count();
            keyed.push((
                (r as i64, 0, 0),
                Group {
                    source: vec![],
                    rewrite: vec![r],
                    relation: Relation::Added,
                    similarity: 0.0,
                    diff: vec![DiffSpan::Insert { len }],
                    folded: false,
                },
            ));
        }
    }
    let mut anchor: i64 = -1;
    for s in 0..src.segs.len() {
        match s_group[s] {
            Some(gi) => anchor = anchor.max(linked[gi].rewrite[0] as i64).max(anchor),
            None => {
                let len = src.segs[s].text.chars().count();
                // Place after the group of the nearest linked source sentence before it.
                let prev = (0..s)
                    .rev()
                    .find_map(|p| s_group[p])
                    .map_or(-1, |gi| linked[gi].rewrite[0] as i64);
                keyed.push((
                    (prev, 1, s),
                    Group {
                        source: vec![s],
                        rewrite: vec![],
                        relation: Relation::Omitted,
                        similarity: 0.0,
                        diff: vec![DiffSpan::Delete { len }],
                        folded: false,
                    },
                ));
            }
        }
    }
    let _ = anchor;
    keyed.sort_by_key(|(k, _)| *k);
    keyed.into_iter().map(|(_, g)| g).collect()
}

/// Overlap figures of one sentence pair, for the evaluation log.
#[doc(hidden)]
pub fn debug_pair(source: &Text, rewrite: &Text, s: usize, r: usize) -> String {
    let (source, rewrite) = (
        PreparedText::new(source),
        PreparedText::cut(rewrite, &RoleOverrides::default()),
    );
    let (vocab, rf) = pair_features(&source, &rewrite);
    let (Some(a), Some(b)) = (source.feats.get(s), rf.get(r)) else {
        return String::new();
    };
    let ov = similarity::overlap(a, b, &vocab, None);
    let terms = |f: &Features| {
        f.terms
            .iter()
            .map(|t| {
                format!(
                    "{}:{:.1}",
                    vocab.word(t.id).map_or("?", |w| w.as_str()),
                    vocab.idf[t.id as usize]
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!(
        "dice {:.3} cs {:.3} cr {:.3} shared {}\n          S: {}\n          R: {}",
        ov.dice(),
        ov.ca(),
        ov.cb(),
        ov.shared,
        terms(a),
        terms(b)
    )
}
