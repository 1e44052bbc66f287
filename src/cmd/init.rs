//! `unspun init DIR`: a new site that builds at once.

use std::path::Path;

use crate::cmd::Verbosity;
use crate::config::CONFIG_FILE;
use crate::console::say;
use crate::error::{Diagnostic, Diagnostics};

/// The files of a new site: path relative to DIR, then contents.
const SCAFFOLD: &[(&str, &str)] = &[
    (CONFIG_FILE, include_str!("scaffold/site.toml")),
    (
        "content/sources/harbour-ferry-upgrade.md",
        include_str!("scaffold/source.md"),
    ),
    (
        "content/rewrites/newsrush-ferry-overhaul.md",
        include_str!("scaffold/rewrite.md"),
    ),
    ("static/.gitkeep", ""),
    (
        ".github/workflows/pages.yml",
        include_str!("scaffold/pages.yml"),
    ),
    (".gitignore", "/public\n"),
];

/// Where the Pages workflow names the unspun release it installs.
const VERSION_MARK: &str = "@UNSPUN_VERSION@";

/// A scaffold file with the running unspun's version written in, so a new
/// site's Pages workflow installs the release it was made with.
fn pin_version(contents: &str) -> String {
    contents.replace(VERSION_MARK, env!("CARGO_PKG_VERSION"))
}

pub fn run(dir: &Path, verbosity: Verbosity) -> Result<(), Diagnostics> {
    if dir.exists() {
        let empty = dir.is_dir()
            && std::fs::read_dir(dir)
                .map_err(|e| Diagnostic::new(dir, format!("cannot read: {e}")))?
                .next()
                .is_none();
        if !empty {
            return Err(Diagnostic::new(dir, "already exists and is not empty")
                .with_hint("choose a new directory name; unspun init never overwrites files")
                .into());
        }
    }
    for (path, contents) in SCAFFOLD {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::new(parent, format!("cannot create: {e}")))?;
        }
        let contents = pin_version(contents);
        std::fs::write(&path, contents.as_bytes())
            .map_err(|e| Diagnostic::new(&path, format!("cannot write: {e}")))?;
    }
    if verbosity == Verbosity::Quiet {
        return Ok(());
    }
    say(format_args!(
        "Created a new unspun site in {}",
        dir.display()
    ));
    say(format_args!(
        "Next: unspun serve --root {0}   (live preview; `unspun build --root {0}` writes the site)",
        dir.display()
    ));
    Ok(())
}
