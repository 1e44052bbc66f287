//! Property tests: no text, however broken, panics the content loader.

use proptest::prelude::*;
use unspun::config::Config;
use unspun::content::{load, split_front_matter};

/// Strings that look a little like front matter, so the interesting paths are reached.
fn article_like() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("---\n".to_string()),
            Just("title: ".to_string()),
            Just("source: a\n".to_string()),
            Just("notes:\n  - quote: ".to_string()),
            Just("date: 2026-01-01\n".to_string()),
            Just("\"".to_string()),
            Just("\n".to_string()),
            Just("[{&*!|>".to_string()),
            "\\PC{0,12}",
        ],
        0..24,
    );
    pieces.prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn splitting_front_matter_never_panics(text in article_like()) {
        if let Ok((_, body_start)) = split_front_matter(&text) {
            prop_assert!(text.is_char_boundary(body_start));
        }
    }

    #[test]
    fn parsing_site_toml_never_panics(text in "\\PC{0,200}") {
        let _ = Config::parse(&text, std::path::Path::new("site.toml"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn loading_arbitrary_articles_never_panics(source in article_like(), rewrite in article_like()) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/sources")).unwrap();
        std::fs::create_dir_all(root.join("content/rewrites")).unwrap();
        std::fs::write(root.join("content/sources/a.md"), &source).unwrap();
        std::fs::write(root.join("content/rewrites/b.md"), &rewrite).unwrap();
        let config = Config::parse("title = \"t\"", std::path::Path::new("site.toml")).unwrap();
        match load(root, &config) {
            Ok(library) => prop_assert!(library.sources.len() == 1),
            Err(errors) => {
                for d in &errors.0 {
                    prop_assert!(!d.message.is_empty());
                    prop_assert!(d.file.starts_with("content"));
                }
            }
        }
    }
}
