//! Front matter split, then YAML into both metadata types, as the loader
//! parses it (serde-saphyr with its default budget).
#![no_main]

use libfuzzer_sys::fuzz_target;
use unspun::content::{split_front_matter, RewriteMeta, SourceMeta};

fuzz_target!(|text: &str| {
    let Ok((front_matter, body_start)) = split_front_matter(text) else {
        return;
    };
    assert!(text.is_char_boundary(body_start));
    let yaml = front_matter.map_or(text, |fm| fm.yaml);
    let options = || {
        let mut options = serde_saphyr::Options::default();
        options.with_snippet = false;
        options
    };
    let _ = serde_saphyr::from_str_with_options::<SourceMeta>(yaml, options());
    let _ = serde_saphyr::from_str_with_options::<RewriteMeta>(yaml, options());
});
