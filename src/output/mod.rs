//! Writing the site: everything goes to a staging directory next to the
//! output, which replaces the output only when the whole build succeeded.
//! A failed build leaves the previous output as it was.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use foldhash::{HashSet, HashSetExt};

use walkdir::WalkDir;

use crate::error::{Diagnostic, Diagnostics};

/// The marker every unspun output contains; an existing output directory
/// without it is not replaced (it may be something the user cares about).
pub const MARKER: &str = ".nojekyll";

/// A staging directory that becomes the output on [`Staging::commit`], and
/// is removed if dropped uncommitted.
#[derive(Debug)]
pub struct Staging {
    output: PathBuf,
    staging: PathBuf,
    committed: bool,
    /// Directories made inside staging so far: each report writes several
    /// files into one, and asking the file system again for each is a
    /// failed `mkdir` and a `stat` per file.
    made_dirs: Mutex<HashSet<PathBuf>>,
}

fn sibling(output: &Path, suffix: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.{suffix}"))
}

/// Writes every byte of `pieces` in order, several pieces per call.
fn write_all_pieces(out: &mut impl Write, pieces: &[&[u8]]) -> io::Result<()> {
    let mut slices: Vec<io::IoSlice> = pieces.iter().map(|p| io::IoSlice::new(p)).collect();
    let mut slices = &mut slices[..];
    // Drops leading empty pieces: a write of nothing but those would
    // report 0 bytes written, which below means the file took no more.
    io::IoSlice::advance_slices(&mut slices, 0);
    while !slices.is_empty() {
        match out.write_vectored(slices) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => io::IoSlice::advance_slices(&mut slices, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::new(path, format!("cannot {what}: {e}"))
}

impl Staging {
    /// Prepares a fresh staging directory for `output`. `root` is the site
    /// root: the output may not be the root itself or contain it.
    pub fn create(root: &Path, output: &Path) -> Result<Staging, Diagnostic> {
        if output.file_name().is_none() {
            return Err(Diagnostic::new(
                output,
                "the output directory must be a named directory",
            ));
        }
        if let (Ok(r), Ok(o)) = (root.canonicalize(), output.canonicalize()) {
            if r.starts_with(&o) {
                return Err(Diagnostic::new(
                    output,
                    "the output directory must not contain the site itself",
                )
                .with_hint("choose a directory such as public/"));
            }
        }
        if output.exists() {
            if !output.is_dir() {
                return Err(Diagnostic::new(
                    output,
                    "the output path exists and is not a directory",
                ));
            }
            let empty = fs::read_dir(output)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if !empty && !output.join(MARKER).exists() {
                return Err(Diagnostic::new(
                    output,
                    "the output directory exists but was not made by unspun; refusing to replace it",
                )
                .with_hint("remove it, or choose another directory with --output-dir"));
            }
        }
        if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|e| io_error(parent, "create the directory", e))?;
        }
        let staging = sibling(output, "tmp-unspun");
        if staging.exists() {
            fs::remove_dir_all(&staging)
                .map_err(|e| io_error(&staging, "remove a stale staging directory", e))?;
        }
        fs::create_dir_all(&staging)
            .map_err(|e| io_error(&staging, "create the staging directory", e))?;
        Ok(Staging {
            output: output.to_path_buf(),
            staging,
            committed: false,
            made_dirs: Mutex::new(HashSet::new()),
        })
    }

    /// The staging directory.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// The final output directory.
    pub fn output(&self) -> &Path {
        &self.output
    }

    /// Writes `bytes` at `rel` (a `/`-separated relative path) inside staging.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.write_pieces(rel, &[bytes])
    }

    /// Writes `pieces`, one after the other, as the file at `rel` (as
    /// [`write`](Self::write) does their concatenation, without making it).
    pub fn write_pieces(&self, rel: &str, pieces: &[&[u8]]) -> Result<(), Diagnostic> {
        let path = self.resolve(rel)?;
        self.make_parent(&path)?;
        let written =
            fs::File::create(&path).and_then(|mut file| write_all_pieces(&mut file, pieces));
        written.map_err(|e| io_error(&path, "write", e))
    }

    /// Writes the file at `rel` through `write`, buffered, for files too big
    /// to assemble in memory first.
    pub fn write_with(
        &self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let path = self.resolve(rel)?;
        self.make_parent(&path)?;
        let file = fs::File::create(&path).map_err(|e| io_error(&path, "write", e))?;
        let mut out = io::BufWriter::with_capacity(1 << 16, file);
        write(&mut out)
            .and_then(|()| out.flush())
            .map_err(|e| io_error(&path, "write", e))
    }

    /// Makes the directory `path` goes in, unless this staging made it
    /// already.
    fn make_parent(&self, path: &Path) -> Result<(), Diagnostic> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        if self.made_dirs.lock().is_ok_and(|m| m.contains(parent)) {
            return Ok(());
        }
        fs::create_dir_all(parent).map_err(|e| io_error(parent, "create the directory", e))?;
        if let Ok(mut m) = self.made_dirs.lock() {
            m.insert(parent.to_path_buf());
        }
        Ok(())
    }

    fn resolve(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        let rel_path = Path::new(rel);
        if rel.is_empty()
            || !rel_path
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
        {
            return Err(Diagnostic::new(
                rel,
                "refusing to write outside the output directory",
            ));
        }
        Ok(self.staging.join(rel_path))
    }

    /// Copies every file under `src` to `dest_rel` inside staging, as it is.
    /// Symbolic links are not followed (a link loop cannot hang the build).
    pub fn copy_dir(&self, src: &Path, dest_rel: &str, shown: &Path) -> Result<usize, Diagnostics> {
        let mut diags = Diagnostics::default();
        let mut count = 0;
        if !src.is_dir() {
            return Ok(0);
        }
        if src.symlink_metadata().is_ok_and(|m| m.is_symlink()) {
            return Err(
                Diagnostic::new(shown, "is a symbolic link, which unspun does not follow")
                    .with_hint("replace the link with the directory itself")
                    .into(),
            );
        }
        for entry in WalkDir::new(src).follow_links(false).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    diags.push(Diagnostic::new(shown, format!("cannot read: {e}")));
                    continue;
                }
            };
            let ft = entry.file_type();
            let Ok(rel) = entry.path().strip_prefix(src) else {
                continue;
            };
            let shown_path = shown.join(rel);
            if ft.is_symlink() {
                diags.push(
                    Diagnostic::new(&shown_path, "symbolic links are not copied")
                        .with_hint("replace the link with the file itself"),
                );
                continue;
            }
            if !ft.is_file() {
                continue;
            }
            let mut target = self.staging.clone();
            if !dest_rel.is_empty() {
                target.push(dest_rel);
            }
            target.push(rel);
            if let Some(parent) = target.parent() {
                if let Err(e) = fs::create_dir_all(parent) {
                    diags.push(io_error(parent, "create the directory", e));
                    continue;
                }
            }
            match fs::copy(entry.path(), &target) {
                Ok(_) => count += 1,
                Err(e) => diags.push(io_error(&shown_path, "copy", e)),
            }
        }
        diags.into_result(count)
    }

    /// Swaps the staging directory in as the output: the old output is moved
    /// aside, staging renamed into place, then the old output deleted.
    pub fn commit(mut self) -> Result<PathBuf, Diagnostic> {
        let old = sibling(&self.output, "old-unspun");
        if old.exists() {
            fs::remove_dir_all(&old).map_err(|e| io_error(&old, "remove", e))?;
        }
        let had_output = self.output.exists();
        if had_output {
            fs::rename(&self.output, &old)
                .map_err(|e| io_error(&self.output, "move the previous output aside", e))?;
        }
        if let Err(e) = fs::rename(&self.staging, &self.output) {
            if had_output {
                let _ = fs::rename(&old, &self.output);
            }
            return Err(io_error(&self.output, "move the new output into place", e));
        }
        self.committed = true;
        if had_output {
            // The new site is in place; a leftover old copy is only clutter.
            let _ = fs::remove_dir_all(&old);
        }
        Ok(self.output.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_written_in_pieces_is_their_concatenation() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(&root).unwrap();
        let s = Staging::create(&root, &root.join("public")).unwrap();
        let big = vec![b'x'; 300_000];
        let pieces: [&[u8]; 6] = [b"", b"<head>", b"", &big, b"</html>", b""];
        s.write_pieces("r/index.html", &pieces).unwrap();
        s.write_pieces("r/empty.html", &[b"", b""]).unwrap();
        s.write_pieces("r/none.html", &[]).unwrap();
        let read = |name: &str| fs::read(s.path().join("r").join(name)).unwrap();
        assert_eq!(read("index.html"), pieces.concat());
        assert!(read("empty.html").is_empty());
        assert!(read("none.html").is_empty());
    }

    #[test]
    fn commit_replaces_and_drop_discards() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(&root).unwrap();
        let out = root.join("public");

        let s = Staging::create(&root, &out).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.write(MARKER, b"").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");

        // An uncommitted build leaves the output untouched and cleans up.
        let s = Staging::create(&root, &out).unwrap();
        s.write("a/index.html", b"two").unwrap();
        let staging = s.path().to_path_buf();
        drop(s);
        assert!(!staging.exists());
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");

        let s = Staging::create(&root, &out).unwrap();
        assert!(s.write("../escape", b"x").is_err());
        assert!(s.write("/abs", b"x").is_err());
    }

    #[test]
    fn refuses_foreign_output_and_site_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("docs")).unwrap();
        fs::write(root.join("docs/important.txt"), "keep").unwrap();
        assert!(Staging::create(&root, &root.join("docs")).is_err());
        assert!(Staging::create(&root, &root).is_err());
        assert!(Staging::create(&root, dir.path()).is_err());
    }
}
