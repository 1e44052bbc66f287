//! `unspun check`: everything a build does except writing.

use std::path::Path;

use crate::cmd::Verbosity;
use crate::console::say;
use crate::error::Diagnostics;
use crate::site::{self, CheckOptions};

pub fn run(root: &Path, options: &CheckOptions, verbosity: Verbosity) -> Result<(), Diagnostics> {
    let summary = site::check(root, options)?;
    if verbosity == Verbosity::Quiet {
        return Ok(());
    }
    say(format_args!(
        "No problems found in {} reports from {} sources.",
        summary.reports, summary.sources
    ));
    Ok(())
}
