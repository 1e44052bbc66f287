//! `unspun build`: the whole site, written atomically.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use crate::cmd::Verbosity;
use crate::console::{say, warn};
use crate::error::Diagnostics;
use crate::render::plural;
use crate::site::{self, BuildOptions};

/// Builds the site at `root` with `options` (its `progress` is decided here).
pub fn run(root: &Path, options: BuildOptions, verbosity: Verbosity) -> Result<(), Diagnostics> {
    let started = Instant::now();
    if verbosity == Verbosity::Verbose {
        crate::timings::request();
    }
    // A bar only for a person watching: not with --quiet, not in CI, not when piped.
    let progress = verbosity != Verbosity::Quiet
        && std::env::var_os("CI").is_none()
        && std::io::stderr().is_terminal();
    let options = BuildOptions {
        progress,
        ..options
    };
    // Ctrl-C leaves no half-written staging directory behind.
    let _ = ctrlc::set_handler(|| {
        crate::output::abandon();
        std::process::exit(130);
    });
    let summary = site::build(root, &options)?;
    for warning in &summary.warnings {
        warn(format_args!("warning: {warning}"));
    }
    match verbosity {
        Verbosity::Quiet => return Ok(()),
        Verbosity::Verbose => say(format_args!(
            "{} pages, {} sites, {} findings; {} of {} reports aligned and {} rendered, the others taken from the cache",
            summary.pages, summary.sites, summary.findings, summary.aligned, summary.reports, summary.rendered
        )),
        Verbosity::Normal => {}
    }
    say(format_args!(
        "Built {} from {} into {} in {} ms",
        plural(summary.reports, "report", "reports"),
        plural(summary.sources, "source", "sources"),
        summary.output_dir.display(),
        started.elapsed().as_millis()
    ));
    Ok(())
}
