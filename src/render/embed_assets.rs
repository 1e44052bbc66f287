//! What the embed page links besides the theme's stylesheet and script
//! (`embed` in its template). It links them rather than holds them: one
//! copy of each serves every page, and the browser writes them into the
//! page when a reader saves it as one file (`unspun.js`).

use serde::Serialize;

/// What the embed page of one report links.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct EmbedAssets {
    /// The report shows a code block: the highlighting stylesheet too.
    pub code: bool,
}
