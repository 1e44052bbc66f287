//! What a build wrote, and whether an existing output holds anything else.
//!
//! Every build leaves [`MANIFEST`] in its output: the files it wrote, each
//! with its length and CRC-32. Before the next build replaces that
//! directory, [`survey`] walks it; a file the manifest does not list (a
//! hand-written page, a `CNAME` put there by hand), or one whose bytes are no
//! longer those unspun wrote (a page edited by hand in the output), is the
//! user's, and the build refuses to delete it unless told to (`--force`) or
//! the file is named in `keep`.
//!
//! Why a CRC-32 and not a cryptographic hash: it guards against a person's
//! own edits, not an attacker (who could as well delete the files), and a
//! change of a file's bytes that keeps both its length and its CRC-32 is a
//! one-in-four-billion accident. The time stamps of files are no help: a
//! fresh clone of a repository holding the output (a Pages `docs/` folder)
//! gives every file a new one. CRC-32 runs at several GB/s on the processor's
//! own instructions (`crc32fast`, already used by gzip), so checking an
//! output costs a small part of a build (figures in BENCHMARKS.md).

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
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

/// What a file's bytes were when a build wrote them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub len: u64,
    pub crc32: u32,
}

impl Fingerprint {
    pub fn of(bytes: &[u8]) -> Fingerprint {
        Fingerprint {
            len: bytes.len() as u64,
            crc32: crc32fast::hash(bytes),
        }
    }

    /// The fingerprint of the file at `path`, read in pieces.
    pub fn of_file(path: &Path) -> io::Result<Fingerprint> {
        let mut writer = FingerprintWriter::new(io::sink());
        io::copy(&mut fs::File::open(path)?, &mut writer)?;
        Ok(writer.finish().0)
    }
}

/// A writer that passes bytes on and takes their fingerprint on the way.
pub struct FingerprintWriter<W> {
    inner: W,
    hasher: crc32fast::Hasher,
    len: u64,
}

impl<W: Write> FingerprintWriter<W> {
    pub fn new(inner: W) -> FingerprintWriter<W> {
        FingerprintWriter {
            inner,
            hasher: crc32fast::Hasher::new(),
            len: 0,
        }
    }

    /// The fingerprint of everything written, and the inner writer.
    pub fn finish(self) -> (Fingerprint, W) {
        let print = Fingerprint {
            len: self.len,
            crc32: self.hasher.finalize(),
        };
        (print, self.inner)
    }
}

impl<W: Write> Write for FingerprintWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(bytes)?;
        self.hasher.update(&bytes[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// One file of the manifest.
#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum Entry {
    Written {
        path: String,
        bytes: u64,
        /// Eight hexadecimal digits.
        crc32: String,
    },
    /// A manifest written before fingerprints named the files only: such a
    /// file counts as unspun's whatever its bytes.
    Named(String),
}

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    /// `unspun` and its version, for a person who opens the file.
    generator: String,
    /// Every file of the output but the manifest and kept files, by
    /// `/`-separated path relative to the output, sorted.
    files: Vec<Entry>,
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

/// Writes the manifest of `dir`: every file in it, as it stands now, with
/// the fingerprint `written` recorded as it was written, or else (a file
/// that came another way) read back.
pub fn write(dir: &Path, written: &HashMap<String, Fingerprint>) -> io::Result<()> {
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).follow_links(false) {
        let entry = entry?;
        if entry.file_type().is_dir() {
            continue;
        }
        if let Some(rel) = relative(entry.path(), dir) {
            if rel != MANIFEST {
                let print = match written.get(&rel) {
                    Some(print) => *print,
                    None => Fingerprint::of_file(entry.path())?,
                };
                files.push((rel, print));
            }
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    // One file a line: the manifest of a large site stays readable, and a
    // diff of two builds' manifests shows the files that changed.
    let mut json = format!(
        "{{\n  \"generator\": \"unspun {}\",\n  \"files\": [",
        env!("CARGO_PKG_VERSION")
    );
    for (i, (path, print)) in files.into_iter().enumerate() {
        let entry = Entry::Written {
            path,
            bytes: print.len,
            crc32: format!("{:08x}", print.crc32),
        };
        json.push_str(if i == 0 { "\n    " } else { ",\n    " });
        json.push_str(&serde_json::to_string(&entry).map_err(io::Error::other)?);
    }
    json.push_str("\n  ]\n}\n");
    fs::write(dir.join(MANIFEST), json)
}

/// What stands in an existing output directory that a build would replace.
#[derive(Debug, Default)]
pub struct Survey {
    /// Files (and links, and anything else not a directory) that no unspun
    /// build wrote and `keep` does not name, relative to the output.
    pub foreign: Vec<String>,
    /// Files unspun wrote whose bytes have changed since (and `keep` does
    /// not name), relative to the output.
    pub changed: Vec<String>,
    /// Directories the build could not delete (not writable), if any.
    pub read_only: Option<PathBuf>,
    /// The files read and found to hold what the manifest says, with
    /// their fingerprints: a new file whose fingerprint differs cannot be
    /// the same bytes, and need not be read again to be compared.
    pub verified: HashMap<String, Fingerprint>,
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
    let written: Option<HashMap<String, Option<Fingerprint>>> = match fs::read(
        output.join(MANIFEST),
    ) {
        Ok(bytes) => {
            let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|e| {
                Diagnostic::new(
                    output.join(MANIFEST),
                    format!("is not an unspun manifest: {e}"),
                )
                .with_hint("unspun writes this file to know what it wrote; remove the output directory, or pass --force to replace it")
            })?;
            Some(manifest.files.into_iter().map(Entry::parse).collect())
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
    // Files the manifest lists with a fingerprint, to check after the walk.
    let mut to_check: Vec<(String, PathBuf, Fingerprint)> = Vec::new();
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
                Some(files) => match files.get(&rel) {
                    Some(Some(print)) => {
                        to_check.push((rel.clone(), entry.path().to_path_buf(), *print));
                        true
                    }
                    Some(None) => true,
                    None => rel == MANIFEST,
                },
                None => old_layout && old_names.contains(rel.split('/').next().unwrap_or_default()),
            };
        if !ours {
            survey.foreign.push(rel);
        }
    }
    // Reading every file is most of the survey's time: in parallel.
    let checked: Result<Vec<(String, Fingerprint, bool)>, Diagnostic> = to_check
        .into_par_iter()
        .map(|(rel, path, print)| {
            let same = Fingerprint::of_file(&path).map_err(|e| cannot_read(&e))? == print;
            Ok((rel, print, same))
        })
        .collect();
    for (rel, print, same) in checked? {
        if same {
            survey.verified.insert(rel, print);
        } else {
            survey.changed.push(rel);
        }
    }
    Ok(survey)
}

impl Entry {
    /// The path, and the fingerprint when the entry has one (a malformed
    /// one is no fingerprint: the file then counts as unspun's, as before
    /// fingerprints).
    fn parse(self) -> (String, Option<Fingerprint>) {
        match self {
            Entry::Written { path, bytes, crc32 } => {
                let crc32 = u32::from_str_radix(&crc32, 16).ok();
                (path, crc32.map(|crc32| Fingerprint { len: bytes, crc32 }))
            }
            Entry::Named(path) => (path, None),
        }
    }
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
        write(&out, &HashMap::new()).unwrap();
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
    fn a_file_changed_since_it_was_written_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let none = dir.path().join("no-static");
        touch(&out.join("index.html"));
        touch(&out.join("reports/a/index.html"));
        // Recorded as written, and read back for a file not recorded.
        let recorded = HashMap::from([("index.html".to_string(), Fingerprint::of(b"x"))]);
        write(&out, &recorded).unwrap();
        assert!(survey(&out, &[], &none).unwrap().changed.is_empty());

        // Same length, other bytes; then another length.
        fs::write(out.join("index.html"), "y").unwrap();
        fs::write(out.join("reports/a/index.html"), "xx").unwrap();
        let found = survey(&out, &[], &none).unwrap();
        assert_eq!(found.changed, ["index.html", "reports/a/index.html"]);
        assert!(found.foreign.is_empty());
        // A kept file is never in the way.
        let kept = survey(&out, &["index.html".to_string()], &none).unwrap();
        assert_eq!(kept.changed, ["reports/a/index.html"]);
    }

    #[test]
    fn a_manifest_of_names_alone_still_counts() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        touch(&out.join("index.html"));
        touch(&out.join("about.html"));
        fs::write(
            out.join(MANIFEST),
            r#"{"generator": "unspun 0.1.0", "files": ["index.html"]}"#,
        )
        .unwrap();
        let found = survey(&out, &[], dir.path()).unwrap();
        assert_eq!(found.foreign, ["about.html"]);
        assert!(found.changed.is_empty());
    }

    #[test]
    fn fingerprints_of_bytes_files_and_writers_agree() {
        let dir = tempfile::tempdir().unwrap();
        let text = "The ferry timetable changes on Monday.\n".repeat(5000);
        let path = dir.path().join("page.html");
        fs::write(&path, &text).unwrap();
        let mut writer = FingerprintWriter::new(Vec::new());
        writer.write_all(text.as_bytes()).unwrap();
        let (written, bytes) = writer.finish();
        assert_eq!(bytes, text.as_bytes());
        assert_eq!(written, Fingerprint::of(text.as_bytes()));
        assert_eq!(Fingerprint::of_file(&path).unwrap(), written);
        assert_eq!(written.len, text.len() as u64);
        assert_ne!(Fingerprint::of(b"ab"), Fingerprint::of(b"ba"));
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
