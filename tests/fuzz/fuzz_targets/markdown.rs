//! Markdown rendering and sanitising: never a script tag, a frame, an event
//! handler or a `javascript:` link.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unspun::render::markdown::render;

fuzz_target!(|text: &str| {
    let html = render(text).to_ascii_lowercase();
    // Text is escaped, so every `<` opens a real tag; look inside tags only
    // (`="javascript:` as words in a code block is harmless text).
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            !matches!(
                name.as_str(),
                "script" | "iframe" | "object" | "embed" | "style"
            ),
            "{html}"
        );
        assert!(!tag.contains("javascript:"), "{html}");
        assert!(
            !tag.split_ascii_whitespace()
                .any(|attr| attr.starts_with("on") && attr.contains('=')),
            "{html}"
        );
    }
});
