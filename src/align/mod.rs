//! The aligner: a pure stage. Text in, alignment out; no files, templates or
//! global state, so it can be tested and benchmarked alone.

use serde::Deserialize;

use crate::report::Report;

/// One side's input: the file as read, and where its body starts.
#[derive(Debug, Clone, Copy)]
pub struct Text<'a> {
    pub title: &'a str,
    /// The whole file as read (sentence offsets count from its start).
    pub file: &'a str,
    /// Byte offset in `file` where the Markdown body starts (0 for plain text).
    pub body_start: usize,
}

/// The aligner's tunable options (`[align]` in `site.toml`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AlignOptions {}

impl Default for AlignOptions {
    fn default() -> Self {
        AlignOptions {}
    }
}

/// Aligns a rewrite with its source and lists the changes a reader should be told about.
pub fn align(source: &Text, rewrite: &Text, options: &AlignOptions) -> Report {
    let _ = (source, rewrite, options);
    todo!("issue 3")
}
