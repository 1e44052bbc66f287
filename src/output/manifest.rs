//! What a build wrote, and whether an existing output holds anything else.
//!
//! Every build leaves [`MANIFEST`] in its output: the list of files it
//! wrote. Before the next build replaces that directory, [`survey`] walks it;
//! a file the manifest does not list (a hand-written page, a `CNAME` put
//! there by hand) is the user's, and the build refuses to delete it unless
//! told to (`--force`) or the file is named in `keep`.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use crate::error::Diagnostic;

/// The manifest's file name in the output directory.
pub const MANIFEST: &str = ".unspun-manifest.json";

/// The top-level names of an output written by unspun before it wrote a
/// manifest (0.1): such a directory is recognised by its layout.
const OLD_LAYOUT: &[&str] = &[
    ".nojekyll",
    "404.html",
    "annotations.jsonld",
    "atom.xml",
    "data",
    "embed",
    "findings.csv",
    "index.html",
    "report.schema.json",
    "reports",
    "search-index.json",
    "sitemap.xml",
    "sites",
    "sources",
    "static",
];

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    /// `unspun` and its version, for a person who opens the file.
    generator: String,
    /// Every file of the output but the manifest and kept files, as
    /// `/`-separated paths relative to the output, sorted.
    files: Vec<String>,
}

/// A path relative to `base`, with `/` between its parts.
fn relative(path: &Path, base: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// Writes the manifest of `dir`: every file in it, as it stands now.
pub fn write(dir: &Path) -> io::Result<()> {
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).follow_links(false) {
        let entry = entry?;
        if entry.file_type().is_dir() {
            continue;
        }
        if let Some(rel) = relative(entry.path(), dir) {
            if rel != MANIFEST {
                files.push(rel);
            }
        }
    }
    files.sort();
    let manifest = Manifest {
        generator: concat!("unspun ", env!("CARGO_PKG_VERSION")).to_string(),
        files,
    };
    let mut json = serde_json::to_vec_pretty(&manifest).map_err(io::Error::other)?;
    json.push(b'\n');
    fs::write(dir.join(MANIFEST), json)
}

/// What stands in an existing output directory that a build would replace.
#[derive(Debug, Default)]
pub struct Survey {
    /// Files (and links, and anything else not a directory) that no unspun
    /// build wrote and `keep` does not name, relative to the output.
    pub foreign: Vec<String>,
    /// Directories the build could not delete (not writable), if any.
    pub read_only: Option<PathBuf>,
}

/// Is `rel` one of the kept paths, or inside one?
pub fn is_kept(rel: &str, keep: &[String]) -> bool {
    keep.iter().any(|k| {
        rel == k
            || rel
                .strip_prefix(k.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

/// Walks the output directory `output` (which exists). `site_static` is the
/// site's own `static/`, whose files an older unspun copied to the top of
/// its output.
pub fn survey(output: &Path, keep: &[String], site_static: &Path) -> Result<Survey, Diagnostic> {
    let cannot_read = |e: &dyn std::fmt::Display| {
        Diagnostic::new(output, format!("cannot read the previous output: {e}"))
    };
    let written: Option<HashSet<String>> = match fs::read(output.join(MANIFEST)) {
        Ok(bytes) => {
            let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|e| {
                Diagnostic::new(
                    output.join(MANIFEST),
                    format!("is not an unspun manifest: {e}"),
                )
                .with_hint("unspun writes this file to know what it wrote; remove the output directory, or pass --force to replace it")
            })?;
            Some(manifest.files.into_iter().collect())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(cannot_read(&e)),
    };
    let old_layout = written.is_none() && looks_like_old_output(output);
    let mut old_names: HashSet<String> = OLD_LAYOUT.iter().map(|s| s.to_string()).collect();
    if old_layout {
        if let Ok(entries) = fs::read_dir(site_static) {
            old_names.extend(
                entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned()),
            );
        }
    }
    let mut survey = Survey::default();
    let walk = WalkDir::new(output)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            relative(e.path(), output).is_none_or(|rel| rel.is_empty() || !is_kept(&rel, keep))
        });
    for entry in walk {
        let entry = entry.map_err(|e| cannot_read(&e))?;
        let Some(rel) = relative(entry.path(), output) else {
            continue;
        };
        if entry.file_type().is_dir() {
            if survey.read_only.is_none() && !writable(entry.path()) {
                survey.read_only = Some(entry.path().to_path_buf());
            }
            continue;
        }
        // Every build writes the empty `.nojekyll`: one already there (a
        // Pages folder has one) loses nothing when it is replaced.
        let ours = rel == super::MARKER
            || match &written {
                Some(files) => rel == MANIFEST || files.contains(&rel),
                None => old_layout && old_names.contains(rel.split('/').next().unwrap_or_default()),
            };
        if !ours {
            survey.foreign.push(rel);
        }
    }
    Ok(survey)
}

/// An output of unspun 0.1 has these, whatever the site.
fn looks_like_old_output(output: &Path) -> bool {
    [".nojekyll", "index.html", "404.html", "sitemap.xml"]
        .iter()
        .all(|f| output.join(f).is_file())
        && output.join("reports").is_dir()
}

/// Can entries of the directory `dir` be removed?
#[cfg(unix)]
fn writable(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated path that outlives the call.
    unsafe { libc::access(c.as_ptr(), libc::W_OK | libc::X_OK) == 0 }
}

#[cfg(not(unix))]
fn writable(dir: &Path) -> bool {
    fs::metadata(dir).is_ok_and(|m| !m.permissions().readonly())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "x").unwrap();
    }

    #[test]
    fn a_manifest_lists_what_was_written_and_the_survey_finds_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        touch(&out.join("index.html"));
        touch(&out.join("reports/a/index.html"));
        write(&out).unwrap();
        let keep = vec!["CNAME".to_string(), ".git".to_string()];
        let none = dir.path().join("no-static");
        assert!(survey(&out, &keep, &none).unwrap().foreign.is_empty());

        touch(&out.join("about.html"));
        touch(&out.join("reports/a/notes.txt"));
        touch(&out.join("CNAME"));
        touch(&out.join(".git/config"));
        touch(&out.join(".github/x"));
        let found = survey(&out, &keep, &none).unwrap().foreign;
        assert_eq!(found, [".github/x", "about.html", "reports/a/notes.txt"]);
    }

    #[test]
    fn an_old_output_is_known_by_its_layout() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let site_static = dir.path().join("static");
        touch(&site_static.join("favicon.ico"));
        for f in [".nojekyll", "index.html", "404.html", "sitemap.xml"] {
            touch(&out.join(f));
        }
        touch(&out.join("reports/a/index.html"));
        touch(&out.join("favicon.ico"));
        assert!(survey(&out, &[], &site_static).unwrap().foreign.is_empty());
        touch(&out.join("about.html"));
        assert_eq!(
            survey(&out, &[], &site_static).unwrap().foreign,
            ["about.html"]
        );
        // Without the layout, everything is foreign.
        fs::remove_dir_all(out.join("reports")).unwrap();
        assert_eq!(survey(&out, &[], &site_static).unwrap().foreign.len(), 5);
    }

    #[test]
    fn a_broken_manifest_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        touch(&out.join(MANIFEST));
        let err = survey(&out, &[], dir.path()).unwrap_err();
        assert!(err.message.contains("not an unspun manifest"), "{err}");
    }
}
