//! Every integration test in one binary (one link step instead of seventeen
//! on a 2-core machine). Each module is one area a user sees; run one area
//! with `cargo test --test integration <module>::`.

mod common;
mod serve_support;

mod align_cache;
mod align_eval;
mod align_findings;
mod align_passages;
mod align_schema;
mod align_scripts;
mod bounded;
mod browser;
mod build_site;
mod cli;
mod data_page;
mod deploy;
mod hostile;
mod output_safety;
mod props_align;
mod props_content;
mod publish;
mod render_report;
mod report_data;
mod report_diff;
mod serve;
mod serve_latency;
mod serve_parity;
