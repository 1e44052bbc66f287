//! `unspun build`: the whole site, written atomically.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::cli::Verbosity;
use crate::error::Diagnostics;
use crate::site::{self, BuildOptions};

pub fn run(
    root: &Path,
    output_dir: Option<PathBuf>,
    base_url: Option<String>,
    drafts: bool,
    verbosity: Verbosity,
) -> Result<(), Diagnostics> {
    let started = Instant::now();
    let options = BuildOptions {
        output_dir,
        base_url,
        drafts,
    };
    let summary = site::build(root, &options)?;
    if verbosity == Verbosity::Quiet {
        return Ok(());
    }
    println!(
        "Built {} reports from {} sources into {} in {} ms",
        summary.reports,
        summary.sources,
        summary.output_dir.display(),
        started.elapsed().as_millis()
    );
    Ok(())
}
