//! Walking the content directories and validating what is found.

use std::path::Path;

use super::Library;
use crate::config::Config;
use crate::error::Diagnostics;

/// Loads and validates every source and rewrite under `root/content`.
pub fn load(root: &Path, config: &Config) -> Result<Library, Diagnostics> {
    let _ = (root, config);
    todo!("lead is writing this")
}
