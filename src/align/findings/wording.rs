//! Word-by-word alignment of a linked group, for the detectors that must
//! see a change in its aligned context (a reversed verb between words that
//! stayed, a title changed before the same name).
//!
//! Both sides' tokens are compared by term key (stem, or the stem of a
//! synonym group's representative), so a spinner's synonym counts as the
//! same word and only real substitutions are left in the hunks.

use std::ops::Range;

use similar::{capture_diff_slices, Algorithm, DiffTag};

use crate::align::tokens::Token;
use crate::align::Prepared;

use super::GroupView;

/// One token of a side: the sentence it stands in and its index there.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At {
    pub sent: usize,
    pub tok: usize,
}

/// One side of a group, its tokens in reading order.
pub(crate) struct SideWords<'a> {
    pub prepared: &'a Prepared<'a>,
    pub at: Vec<At>,
}

impl<'a> SideWords<'a> {
    fn new(prepared: &'a Prepared<'a>, ids: &[usize]) -> SideWords<'a> {
        let at = ids
            .iter()
            .flat_map(|&s| (0..prepared.toks[s].len()).map(move |tok| At { sent: s, tok }))
            .collect();
        SideWords { prepared, at }
    }

    pub fn token(&self, i: usize) -> &'a Token {
        let a = self.at[i];
        &self.prepared.toks[a.sent][a.tok]
    }

    pub fn len(&self) -> usize {
        self.at.len()
    }

    /// Lower-case words of a range.
    pub fn lowers(&self, r: Range<usize>) -> impl Iterator<Item = &'a str> + '_ {
        r.map(|i| self.token(i).lower())
    }

    /// The sentence text from token `first` to token `last` (inclusive),
    /// clipped to `first`'s sentence; `None` for an empty range.
    pub fn text(&self, first: usize, last: usize) -> Option<(usize, &'a str)> {
        if first > last || last >= self.len() {
            return None;
        }
        let sent = self.at[first].sent;
        let last = (first..=last)
            .rev()
            .find(|&i| self.at[i].sent == sent)
            .unwrap_or(first);
        let text = &self.prepared.segs[sent].text;
        Some((sent, &text[self.token(first).start..self.token(last).end]))
    }
}

/// A sentence and a passage of its text.
pub(crate) type Passage<'a> = (usize, &'a str);

/// A run of tokens that differ: `old` on the source side, `new` on the
/// rewrite side (either may be empty).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hunk {
    pub old: Range<usize>,
    pub new: Range<usize>,
}

/// A linked group aligned word by word.
pub(crate) struct Wording<'a> {
    pub src: SideWords<'a>,
    pub rw: SideWords<'a>,
    pub hunks: Vec<Hunk>,
    /// How many content words (not function words) of the source are kept.
    pub equal_content: usize,
}

/// Above this many tokens a side is not compared word by word (a long
/// paragraph group: its hunks would not be local anyway).
const MAX_TOKENS: usize = 1500;

impl<'a> Wording<'a> {
    pub fn new(g: &GroupView<'a>) -> Option<Wording<'a>> {
        let src = SideWords::new(g.src, g.s_ids);
        let rw = SideWords::new(g.rw, g.r_ids);
        if src.len() > MAX_TOKENS || rw.len() > MAX_TOKENS || src.len() == 0 || rw.len() == 0 {
            return None;
        }
        let lex = crate::align::lexicon();
        let key = |t: &Token| lex.term_key(t).unwrap_or_else(|| t.stem_word());
        let a: Vec<_> = (0..src.len()).map(|i| key(src.token(i))).collect();
        let b: Vec<_> = (0..rw.len()).map(|i| key(rw.token(i))).collect();
        let mut hunks: Vec<Hunk> = Vec::new();
        let mut equal_content = 0;
        let mut open: Option<Hunk> = None;
        for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
            let (tag, old, new) = op.as_tag_tuple();
            if tag == DiffTag::Equal {
                equal_content += old.clone().filter(|&i| !src.token(i).stop()).count();
                hunks.extend(open.take());
                continue;
            }
            match open.as_mut() {
                Some(h) => {
                    h.old.end = old.end.max(h.old.end);
                    h.new.end = new.end.max(h.new.end);
                }
                None => open = Some(Hunk { old, new }),
            }
        }
        hunks.extend(open);
        Some(Wording {
            src,
            rw,
            hunks,
            equal_content,
        })
    }

    /// The hunks, with those that only function words part joined into
    /// one ("co-chair of the environment committee" / "the Green party's
    /// deputy leader" keeps "the" in the middle).
    pub fn joined_hunks(&self) -> Vec<Hunk> {
        let mut out: Vec<Hunk> = Vec::new();
        for h in &self.hunks {
            if let Some(last) = out.last_mut() {
                let gap = last.old.end..h.old.start;
                let small = gap.len() <= 2 && h.new.start - last.new.end == gap.len();
                if small && gap.clone().all(|i| self.src.token(i).stop()) {
                    last.old.end = h.old.end;
                    last.new.end = h.new.end;
                    continue;
                }
            }
            out.push(h.clone());
        }
        out
    }

    /// Share of the source's content words kept in the copy.
    pub fn kept_share(&self) -> f64 {
        let content = (0..self.src.len())
            .filter(|&i| !self.src.token(i).stop())
            .count();
        if content == 0 {
            0.0
        } else {
            self.equal_content as f64 / content as f64
        }
    }

    /// Whether the hunk has an aligned context: kept words on both sides
    /// of it, or a kept content word next to it at the sentence's edge.
    pub fn anchored(&self, h: &Hunk) -> bool {
        let before = h.old.start > 0 && h.new.start > 0;
        let after = h.old.end < self.src.len() && h.new.end < self.rw.len();
        let content_before = before && !self.src.token(h.old.start - 1).stop();
        let content_after = after && !self.src.token(h.old.end).stop();
        (before && after) || content_before || content_after
    }

    /// The passage of each side a reader should compare for a hunk: the
    /// changed words and the kept word on each side of them that gives them
    /// sense (the verb after "did not", the noun after a changed adjective).
    pub fn passages(&self, h: &Hunk) -> Option<(Passage<'a>, Passage<'a>)> {
        let (mut os, mut oe) = (h.old.start, h.old.end);
        let (mut ns, mut ne) = (h.new.start, h.new.end);
        // The kept content word after the hunk, when the hunk ends on a
        // function word or one side is empty ("did not" + "approve").
        let ends_weak = |side: &SideWords, s: usize, e: usize| e == s || side.token(e - 1).stop();
        if oe < self.src.len()
            && ne < self.rw.len()
            && !self.src.token(oe).stop()
            && (ends_weak(&self.src, os, oe) || ends_weak(&self.rw, ns, ne))
        {
            oe += 1;
            ne += 1;
        }
        // The auxiliary before it ("has" + "amounted to nothing"), or any
        // kept word when a side is still empty.
        if os > 0
            && ns > 0
            && (oe == os || ne == ns || is_auxiliary_verb(self.src.token(os - 1).lower()))
        {
            os -= 1;
            ns -= 1;
        }
        Some((
            self.src.text(os, oe.checked_sub(1)?)?,
            self.rw.text(ns, ne.checked_sub(1)?)?,
        ))
    }
}

/// Verbs that carry tense or mood for the verb after them.
fn is_auxiliary_verb(w: &str) -> bool {
    matches!(
        w,
        "has"
            | "had"
            | "have"
            | "was"
            | "were"
            | "is"
            | "are"
            | "will"
            | "would"
            | "did"
            | "does"
            | "do"
            | "be"
            | "been"
    )
}
