//! `unspun check`: everything a build does except writing.

use std::path::Path;

use crate::error::Diagnostics;
use crate::site;

pub fn run(root: &Path) -> Result<(), Diagnostics> {
    let summary = site::check(root)?;
    println!("No problems found in {} reports from {} sources.", summary.reports, summary.sources);
    Ok(())
}
