//! Markdown rendering and sanitising: never a script tag or event handler.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unspun::render::markdown::render;

fuzz_target!(|text: &str| {
    let html = render(text).to_ascii_lowercase();
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<iframe"), "{html}");
    assert!(!html.contains("=\"javascript:"), "{html}");
});
