//! What the self-contained embed page inlines (`embed` in its template):
//! the theme's style and script, and the Content-Security-Policy that lets
//! exactly them run, by hash.

use serde::Serialize;

use super::hash::csp_hash;

/// The embed page's inline style and script, and the CSP that admits exactly them.
#[derive(Debug, Clone, Serialize)]
pub struct EmbedAssets {
    pub css: String,
    pub js: String,
    pub csp: String,
}

impl EmbedAssets {
    /// Inlines the stylesheets (one after the other, a line break between)
    /// and the script; `</` is escaped so neither can close its element early.
    pub fn new(stylesheets: &[&str], script: &str) -> EmbedAssets {
        let css = stylesheets.join("\n").replace("</", "<\\/");
        let js = script.replace("</", "<\\/");
        let csp = format!(
            "default-src 'none'; script-src {}; style-src {}; img-src 'self' data:; base-uri 'none'; form-action 'none'",
            csp_hash(&js),
            csp_hash(&css)
        );
        EmbedAssets { css, js, csp }
    }
}
