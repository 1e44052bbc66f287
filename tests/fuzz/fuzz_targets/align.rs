//! The aligner on two texts (the input split at its first NUL, or halved):
//! every sentence id and finding stays within its side.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unspun::align::{align, AlignOptions, Text};

fuzz_target!(|text: &str| {
    let (source, rewrite) = match text.find('\0') {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => {
            let mut mid = text.len() / 2;
            while !text.is_char_boundary(mid) {
                mid -= 1;
            }
            text.split_at(mid)
        }
    };
    let s = Text::plain("s", source);
    let r = Text::plain("r", rewrite);
    let report = align(&s, &r, &AlignOptions::default());
    let (ns, nr) = (
        report.source.sentences.len(),
        report.rewrite.sentences.len(),
    );
    for g in &report.alignment {
        assert!(g.source.iter().all(|&i| i < ns) && g.rewrite.iter().all(|&i| i < nr));
        assert!(g.similarity.is_finite());
    }
    for f in &report.findings {
        assert!(f.source_sentence.is_none_or(|i| i < ns));
        assert!(f.rewrite_sentence.is_none_or(|i| i < nr));
    }
});
