//! unspun: a static-site generator for annotated comparison reports.
//!
//! The modules are listed below in the order of the pipeline:
//!
//! 1. what the site says: [`config`] (`site.toml`) and [`content`] (the
//!    articles, validated);
//! 2. [`align`]: each copy compared with its original, a pure function from
//!    two texts to a [`report`] (it uses no other stage); [`about`] and
//!    [`reading_order`] finish a report for a site, and [`eval`] scores the
//!    aligner against hand-made alignments;
//! 3. [`render`]: pages from reports and templates, and the data files
//!    beside them ([`data_files`] joins [`export`] and [`search`]);
//! 4. [`output`]: the files written, at the places [`paths`] names, checked
//!    by [`links`]; [`cache`] keeps each pair's alignment and each report's
//!    rendered files, so a rebuild aligns and renders only what changed;
//! 5. on top: [`site`] runs the stages for `build` and `check`, [`serve`]
//!    runs the same stages as a cache in memory, and [`cmd`] and [`cli`]
//!    are the command line. Nothing below imports them.

// What the site says.
pub mod config;
pub mod content;

// Aligning.
pub mod about;
pub mod align;
pub mod eval;
pub mod reading_order;
pub mod report;

// Rendering.
pub mod data_files;
pub mod export;
pub mod render;
pub mod search;

// Output.
pub mod cache;
pub mod links;
pub mod output;
pub mod pagination;
pub mod paths;
pub mod spool;

// The stages run, and the commands.
pub mod cli;
pub mod cmd;
pub mod serve;
pub mod site;

// Shared by all.
pub mod clean_text;
pub mod console;
pub mod error;
pub mod suggest;
mod text;
pub mod timings;
