//! Candidate pairs through an inverted index of content stems, so the
//! aligner never compares every sentence with every other one.

use rayon::prelude::*;

use super::similarity::{Features, Vocab};

/// Candidates kept per rewrite sentence.
pub const MAX_CANDIDATES: usize = 12;

/// For each rewrite sentence, the source sentences sharing the most
/// (IDF-weighted) content terms with it, best first, at most
/// [`MAX_CANDIDATES`]. Terms found in very many source sentences are skipped
/// as keys (they would make the search quadratic and say little).
pub fn candidates(
    source: &[Features],
    rewrite: &[Features],
    vocab: &Vocab,
    skip: &[bool],
) -> Vec<Vec<usize>> {
    let postings = Postings::new(source, vocab.term_count());
    // A key in more than this many source sentences is too common to index.
    let cap = 64.max(source.len() / 40);
    rewrite
        .par_iter()
        .with_min_len(super::PAR_MIN_LEN)
        .enumerate()
        .map_init(
            || (vec![0.0f64; source.len()], Vec::<u32>::new()),
            |(acc, touched), (r, f)| {
                if skip.get(r).copied().unwrap_or(false) {
                    return Vec::new();
                }
                for &id in &f.ids {
                    let list = postings.of(id);
                    if list.is_empty() || list.len() > cap {
                        continue;
                    }
                    let w = vocab.idf[id as usize];
                    for &s in list {
                        if acc[s as usize] == 0.0 {
                            touched.push(s);
                        }
                        acc[s as usize] += w;
                    }
                }
                let mut best: Vec<(f64, u32)> =
                    touched.iter().map(|&s| (acc[s as usize], s)).collect();
                for &s in touched.iter() {
                    acc[s as usize] = 0.0;
                }
                touched.clear();
                best.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                best.truncate(MAX_CANDIDATES);
                best.into_iter().map(|(_, s)| s as usize).collect()
            },
        )
        .collect()
}

/// The source sentences of each term, all in one list: a vector per term
/// cost 24 bytes for each of the millions of terms of a huge text, most of
/// them in no source sentence or in one.
struct Postings {
    /// Where each term's sentences start in `sentences` (one more entry
    /// than terms).
    starts: Vec<u32>,
    sentences: Vec<u32>,
}

impl Postings {
    fn new(source: &[Features], terms: usize) -> Postings {
        let mut starts = vec![0u32; terms + 1];
        for f in source {
            for &id in &f.ids {
                starts[id as usize + 1] += 1;
            }
        }
        for t in 0..terms {
            starts[t + 1] += starts[t];
        }
        let mut fill = starts.clone();
        let mut sentences = vec![0u32; starts[terms] as usize];
        for (s, f) in source.iter().enumerate() {
            for &id in &f.ids {
                let at = &mut fill[id as usize];
                sentences[*at as usize] = s as u32;
                *at += 1;
            }
        }
        Postings { starts, sentences }
    }

    /// The source sentences of a term, in order.
    fn of(&self, id: u32) -> &[u32] {
        let id = id as usize;
        &self.sentences[self.starts[id] as usize..self.starts[id + 1] as usize]
    }
}
