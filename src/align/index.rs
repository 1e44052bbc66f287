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
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); vocab.term_count()];
    for (s, f) in source.iter().enumerate() {
        for &id in &f.ids {
            postings[id as usize].push(s as u32);
        }
    }
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
                    let list = &postings[id as usize];
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
