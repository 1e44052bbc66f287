//! unspun: a static-site generator for annotated comparison reports.
//!
//! The pipeline reads as stages: [`content`] loads the site's articles,
//! [`align`] compares each rewrite with its source, [`render`] turns the
//! results into pages, and [`site`] drives the stages and writes the output.

pub mod about;
pub mod align;
pub mod clean_text;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod console;
pub mod content;
pub mod data_files;
pub mod error;
pub mod export;
pub mod links;
pub mod output;
pub mod paths;
pub mod reading_order;
pub mod render;
pub mod report;
pub mod search;
pub mod serve;
pub mod site;
pub mod spool;
pub mod suggest;
mod text;
pub mod timings;
