//! Writing the site: everything goes to a staging directory next to the
//! output, which replaces the output only when the whole build succeeded.
//! A failed build leaves the previous output as it was.
//!
//! A build replaces only what unspun wrote: each output carries a manifest
//! ([`manifest`]), and an output holding other files is refused unless the
//! build is forced or `keep` names them. One build at a time writes an
//! output ([`lock`]); the new output takes the old one's place in one step
//! where the system allows ([`swap`]).

pub mod lock;
pub mod manifest;
pub mod swap;

use std::collections::HashMap;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::Diagnostic;
use lock::OutputLock;
pub use manifest::MANIFEST;
use manifest::{Fingerprint, FingerprintWriter};
use swap::Swapped;

/// The empty file that tells GitHub Pages to serve the output as it is.
pub const MARKER: &str = ".nojekyll";

/// How a build may treat an existing output directory.
#[derive(Debug, Clone, Default)]
pub struct ReplacePolicy {
    /// Paths in the output (relative, `/`-separated) that are the user's:
    /// never refused, and carried over into the new output when the build
    /// does not write them itself.
    pub keep: Vec<String>,
    /// Replace the output even if it holds files unspun did not write.
    pub force: bool,
}

/// A staging directory that becomes the output on [`Staging::commit`], and
/// is removed if dropped uncommitted.
#[derive(Debug)]
pub struct Staging {
    output: PathBuf,
    staging: PathBuf,
    committed: bool,
    keep: Vec<String>,
    /// The output being replaced, when it is unspun's (or the build is
    /// forced): files it holds unchanged are reused ([`Staging::reuse`]).
    previous: Option<PathBuf>,
    /// The fingerprints of its files that hold what its manifest says.
    previous_prints: HashMap<String, Fingerprint>,
    /// What each file written so far holds, for the manifest.
    written: Mutex<HashMap<String, Fingerprint>>,
    /// The first error that no later write can avoid (a full disk, a
    /// read-only file system): every later write returns it unchanged, so
    /// it is reported once, not once per file.
    stopped: Mutex<Option<Diagnostic>>,
    _lock: OutputLock,
}

/// The staging directory and lock file of the build in progress, for
/// [`abandon`].
static ACTIVE: Mutex<Option<(PathBuf, PathBuf)>> = Mutex::new(None);
/// Set by [`abandon`]: every write fails from then on.
static ABANDONED: AtomicBool = AtomicBool::new(false);

/// Removes the staging directory of the build in progress, for an
/// interrupted build (Ctrl-C) to leave nothing behind. Writes still under
/// way fail from then on.
pub fn abandon() {
    ABANDONED.store(true, Ordering::SeqCst);
    let active = ACTIVE.lock().ok().and_then(|mut a| a.take());
    if let Some((staging, lock)) = active {
        // Threads still writing may add a file between the walk and the
        // last `rmdir`; a few tries see them stop.
        for _ in 0..5 {
            if fs::remove_dir_all(&staging).is_ok() || !staging.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        // The process ends next, which releases the lock itself.
        let _ = fs::remove_file(lock);
    }
}

fn set_active(staging: Option<(PathBuf, PathBuf)>) {
    if let Ok(mut active) = ACTIVE.lock() {
        *active = staging;
    }
}

/// Prints a warning from the output stage (something that did not stop
/// the build but that the user should know).
fn warn(line: std::fmt::Arguments) {
    crate::console::warn(format_args!("warning: {line}"));
}

/// `output`'s name with a dot before it and `suffix` after it, beside it.
fn sibling(output: &Path, suffix: &str) -> PathBuf {
    output.with_file_name(format!(".{}.{suffix}", output_name(output)))
}

fn output_name(output: &Path) -> String {
    output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into())
}

/// Errors after which no further write can succeed.
fn stops_every_write(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::StorageFull
            | io::ErrorKind::QuotaExceeded
            | io::ErrorKind::ReadOnlyFilesystem
    )
}

/// Removes what interrupted builds of `output` left beside it: staging
/// directories and previous outputs not yet deleted. Called with the lock
/// held, so none of them belongs to a build still running. One that cannot
/// be removed is warned about and left; it stops nothing, since every build
/// uses names of its own.
fn clear_leftovers(output: &Path) {
    let (Some(parent), name) = (output.parent(), output_name(output)) else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.tmp-unspun"), format!(".{name}.old-unspun")];
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if !prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
            continue;
        }
        let path = entry.path();
        let removed = if entry.file_type().is_ok_and(|t| t.is_dir()) {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
        if let Err(e) = removed {
            warn(format_args!(
                "cannot remove {}, left by an interrupted build: {e}",
                path.display()
            ));
        }
    }
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::new(path, format!("cannot {what}: {e}"))
}

/// Refuses to go on if the existing `output` is not a directory, holds
/// files unspun did not write (and `policy` does not allow it), or could not
/// be deleted after it is replaced. When there is an output to replace,
/// returns the fingerprints of its files that hold what its manifest says.
fn check_existing(
    root: &Path,
    output: &Path,
    policy: &ReplacePolicy,
) -> Result<Option<HashMap<String, Fingerprint>>, Diagnostic> {
    let Ok(meta) = fs::symlink_metadata(output) else {
        return Ok(None);
    };
    if !meta.is_dir() {
        return Err(Diagnostic::new(
            output,
            "the output path exists and is not a directory",
        ));
    }
    let survey = manifest::survey(output, &policy.keep, &root.join("static"))?;
    if let Some(dir) = survey.read_only {
        let which = match dir.strip_prefix(output) {
            Ok(rel) if !rel.as_os_str().is_empty() => format!("{} is read-only", rel.display()),
            _ => "the directory is read-only".to_string(),
        };
        return Err(Diagnostic::new(
            output,
            format!("the previous output cannot be replaced: {which}"),
        )
        .with_hint(
            "make it writable (chmod -R u+w), or choose another directory with --output-dir",
        ));
    }
    if (survey.foreign.is_empty() && survey.changed.is_empty()) || policy.force {
        return Ok(Some(survey.verified));
    }
    let mut parts = Vec::new();
    if !survey.foreign.is_empty() {
        parts.push(listed(&survey.foreign, "unspun did not write"));
    }
    if !survey.changed.is_empty() {
        parts.push(listed(&survey.changed, "changed since unspun wrote"));
    }
    Err(Diagnostic::new(
        output,
        format!("holds {}; refusing to replace it", parts.join(" and ")),
    )
    .with_hint(
        "to keep a file in every build, put it in static/ or name it in site.toml's `keep`; \
         to replace the directory anyway, pass --force; or choose another --output-dir",
    ))
}

/// Does the regular file at `path` (not a link to one) hold exactly `bytes`?
fn holds_exactly(path: &Path, bytes: &[u8]) -> bool {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let Ok(file) = options.open(path) else {
        return false;
    };
    if !file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
    {
        return false;
    }
    let mut held = Vec::with_capacity(bytes.len());
    file.take(bytes.len() as u64 + 1)
        .read_to_end(&mut held)
        .is_ok()
        && held == bytes
}

/// "3 files <what> (a, b, c)", naming the first few.
fn listed(files: &[String], what: &str) -> String {
    const SHOWN: usize = 5;
    let mut names: Vec<String> = files.iter().take(SHOWN).cloned().collect();
    if files.len() > SHOWN {
        names.push(format!("and {} more", files.len() - SHOWN));
    }
    let count = files.len();
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} file{plural} {what} ({})", names.join(", "))
}

impl Staging {
    /// Prepares a fresh staging directory for `output`. `root` is the site
    /// root: the output may not be the root itself or contain it. Waits
    /// for another build writing `output` to finish, clears what
    /// interrupted builds left, and refuses an output that holds files
    /// unspun did not write (unless `policy` allows it) or that could not
    /// be deleted once replaced.
    pub fn create(
        root: &Path,
        output: &Path,
        policy: &ReplacePolicy,
    ) -> Result<Staging, Diagnostic> {
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
        if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|e| io_error(parent, "create the directory", e))?;
        }
        let shown = output.display();
        let lock_path = sibling(output, "unspun-lock");
        let lock = OutputLock::acquire(&lock_path, || {
            warn(format_args!(
                "another unspun build is writing {shown}; waiting for it to finish"
            ))
        })
        .map_err(|e| io_error(output, "lock the output directory", e))?;
        clear_leftovers(output);
        let previous = check_existing(root, output, policy)?;
        let staging = sibling(output, &format!("tmp-unspun-{}", std::process::id()));
        fs::create_dir(&staging)
            .map_err(|e| io_error(&staging, "create the staging directory", e))?;
        set_active(Some((staging.clone(), lock_path)));
        Ok(Staging {
            output: output.to_path_buf(),
            staging,
            committed: false,
            keep: policy.keep.clone(),
            previous: previous.is_some().then(|| output.to_path_buf()),
            previous_prints: previous.unwrap_or_default(),
            written: Mutex::new(HashMap::new()),
            stopped: Mutex::new(None),
            _lock: lock,
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
    /// A file the previous output holds with the same bytes is linked
    /// instead of written again (see [`Staging::reuse`]).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = self.resolve(rel)?;
        self.check_going()?;
        self.make_parent(&path)?;
        let print = Fingerprint::of(bytes);
        if !self.reuse(rel, &path, bytes, print) {
            fs::write(&path, bytes).map_err(|e| self.failed(&path, "write", e))?;
        }
        self.record(rel, print);
        Ok(())
    }

    fn record(&self, rel: &str, print: Fingerprint) {
        if let Ok(mut written) = self.written.lock() {
            written.insert(rel.to_string(), print);
        }
    }

    /// Hard-links the previous output's file at `rel` to `path` if it holds
    /// exactly `bytes`. A rebuild mostly writes what is there already:
    /// sharing the file costs a read and a link instead of a new file
    /// written, and the previous output's copy is then deleted by dropping
    /// a name rather than freeing the file. Neither output ever changes a
    /// shared file (every write makes a new one), so the previous output
    /// stays whole until the new one replaces it. False when there is no
    /// such file or it cannot be linked (the caller then writes it). A file
    /// whose fingerprint in the previous manifest differs from `print` (of
    /// `bytes`) is not read to be compared.
    fn reuse(&self, rel: &str, path: &Path, bytes: &[u8], print: Fingerprint) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        if self
            .previous_prints
            .get(rel)
            .is_some_and(|old| *old != print)
        {
            return false;
        }
        let old = previous.join(rel);
        holds_exactly(&old, bytes) && fs::hard_link(&old, path).is_ok()
    }

    /// Whether an output is being replaced whose unchanged files can be
    /// reused.
    pub fn has_previous(&self) -> bool {
        self.previous.is_some()
    }

    /// Links the previous output's files into staging without reading
    /// them, each one that the survey found holding exactly the
    /// fingerprint given with it (what a report rendered from the same
    /// inputs wrote there): all of them, or none. False when one is not
    /// there so (the caller then renders and writes them).
    pub fn link_unchanged(&self, files: &[(String, Fingerprint)]) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        let there =
            |(rel, print): &(String, Fingerprint)| self.previous_prints.get(rel) == Some(print);
        if self.check_going().is_err() || !files.iter().all(there) {
            return false;
        }
        let mut linked = Vec::with_capacity(files.len());
        for (rel, print) in files {
            let link = self.resolve(rel).ok().filter(|path| {
                self.make_parent(path).is_ok() && fs::hard_link(previous.join(rel), path).is_ok()
            });
            match link {
                Some(path) => linked.push((rel, path, *print)),
                None => {
                    for (_, path, _) in linked {
                        let _ = fs::remove_file(path);
                    }
                    return false;
                }
            }
        }
        for (rel, _, print) in linked {
            self.record(rel, print);
        }
        true
    }

    /// Writes the file at `rel` through `write`, buffered, for files too big
    /// to assemble in memory first.
    pub fn write_with(
        &self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let path = self.resolve(rel)?;
        self.check_going()?;
        self.make_parent(&path)?;
        let file = fs::File::create(&path).map_err(|e| self.failed(&path, "write", e))?;
        let mut out = FingerprintWriter::new(io::BufWriter::with_capacity(1 << 16, file));
        write(&mut out)
            .and_then(|()| out.flush())
            .map_err(|e| self.failed(&path, "write", e))?;
        self.record(rel, out.finish().0);
        Ok(())
    }

    /// The error that stopped every write, if one did.
    fn check_going(&self) -> Result<(), Diagnostic> {
        if ABANDONED.load(Ordering::Relaxed) {
            return Err(Diagnostic::new(&self.output, "the build was interrupted"));
        }
        match self.stopped.lock().ok().and_then(|s| s.clone()) {
            Some(d) => Err(d),
            None => Ok(()),
        }
    }

    /// The diagnostic for an error while doing `what` to `path` (in
    /// staging). One that stops every later write is kept and named after
    /// the output, not the file, since it is about the whole build.
    fn failed(&self, path: &Path, what: &str, e: io::Error) -> Diagnostic {
        if stops_every_write(&e) {
            let d = Diagnostic::new(&self.output, format!("cannot write the site: {e}"))
                .with_hint("make room (or make the file system writable) and build again; the previous output was left as it was");
            if let Ok(mut stopped) = self.stopped.lock() {
                return stopped.get_or_insert(d).clone();
            }
            return d;
        }
        let shown = path
            .strip_prefix(&self.staging)
            .map_or_else(|_| path.to_path_buf(), |rel| self.output.join(rel));
        io_error(&shown, what, e)
    }

    /// Makes the directory `path` goes in.
    fn make_parent(&self, path: &Path) -> Result<(), Diagnostic> {
        match path.parent() {
            Some(parent) => fs::create_dir_all(parent)
                .map_err(|e| self.failed(parent, "create the directory", e)),
            None => Ok(()),
        }
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

    /// Puts the staging directory in place of the output: writes the
    /// manifest of what the build wrote, carries over the kept files the
    /// build did not write, swaps, then deletes the previous output.
    pub fn commit(mut self) -> Result<PathBuf, Diagnostic> {
        self.check_going()?;
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        manifest::write(&self.staging, &written)
            .map_err(|e| self.failed(&self.staging.join(MANIFEST), "write", e))?;
        let carried = self.carry_kept()?;
        let aside = sibling(&self.output, &format!("old-unspun-{}", std::process::id()));
        let swapped = match swap::replace_dir(&self.staging, &self.output, &aside) {
            Ok(swapped) => swapped,
            Err(e) => {
                self.put_back(&carried);
                return Err(io_error(&self.output, "move the new output into place", e));
            }
        };
        self.committed = true;
        set_active(None);
        let old = match swapped {
            Swapped::Fresh => None,
            Swapped::Exchanged => Some(&self.staging),
            Swapped::MovedAside => Some(&aside),
        };
        if let Some(old) = old {
            // The new site is in place; the old copy is only clutter, and
            // the next build tries again if it cannot go now.
            if let Err(e) = remove_tree(old) {
                warn(format_args!(
                    "cannot remove the previous output at {}: {e}",
                    old.display()
                ));
            }
        }
        Ok(self.output.clone())
    }

    /// Brings each kept path of the previous output that the build did not
    /// write into staging: files are copied, directories (a `.git`, say)
    /// moved. Returns the directories moved, to put back if the swap fails.
    fn carry_kept(&self) -> Result<Vec<String>, Diagnostic> {
        let mut moved = Vec::new();
        for rel in &self.keep {
            let (from, to) = (self.output.join(rel), self.staging.join(rel));
            let Ok(meta) = fs::symlink_metadata(&from) else {
                continue;
            };
            if fs::symlink_metadata(&to).is_ok() {
                continue;
            }
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent)
                    .map_err(|e| self.failed(parent, "create the directory", e))?;
            }
            let carried = if meta.is_dir() {
                fs::rename(&from, &to).inspect(|()| moved.push(rel.clone()))
            } else if meta.is_symlink() {
                copy_link(&from, &to)
            } else {
                fs::copy(&from, &to).map(|_| ())
            };
            if let Err(e) = carried {
                self.put_back(&moved);
                return Err(io_error(&from, "keep", e));
            }
        }
        Ok(moved)
    }

    /// Moves kept directories back into the previous output.
    fn put_back(&self, moved: &[String]) {
        for rel in moved {
            let _ = fs::rename(self.staging.join(rel), self.output.join(rel));
        }
    }
}

/// Deletes the directory `dir` and everything in it, its top-level
/// entries side by side: the old output goes while the build waits, and a
/// site's files are mostly under two directories (`reports/`, `embed/`).
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(dir)
}

#[cfg(unix)]
fn copy_link(from: &Path, to: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(fs::read_link(from)?, to)
}

#[cfg(not(unix))]
fn copy_link(from: &Path, to: &Path) -> io::Result<()> {
    fs::copy(from, to).map(|_| ())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            set_active(None);
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site root in a temporary directory, and its output as a build
    /// that wrote `files` left it.
    fn built(files: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        let s = Staging::create(&root, &out, &ReplacePolicy::default()).unwrap();
        for (rel, bytes) in files {
            s.write(rel, bytes).unwrap();
        }
        s.commit().unwrap();
        (dir, root, out)
    }

    #[test]
    fn commit_replaces_and_drop_discards() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(&root).unwrap();
        let out = root.join("public");

        let s = Staging::create(&root, &out, &ReplacePolicy::default()).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.write(MARKER, b"").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");

        // An uncommitted build leaves the output untouched and cleans up.
        let s = Staging::create(&root, &out, &ReplacePolicy::default()).unwrap();
        s.write("a/index.html", b"two").unwrap();
        let staging = s.path().to_path_buf();
        drop(s);
        assert!(!staging.exists());
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");

        let s = Staging::create(&root, &out, &ReplacePolicy::default()).unwrap();
        assert!(s.write("../escape", b"x").is_err());
        assert!(s.write("/abs", b"x").is_err());
    }

    #[test]
    fn refuses_foreign_output_and_site_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("docs")).unwrap();
        fs::write(root.join("docs/important.txt"), "keep").unwrap();
        assert!(Staging::create(&root, &root.join("docs"), &ReplacePolicy::default()).is_err());
        assert!(Staging::create(&root, &root, &ReplacePolicy::default()).is_err());
        assert!(Staging::create(&root, dir.path(), &ReplacePolicy::default()).is_err());
    }

    #[test]
    fn kept_files_are_carried_over_and_forcing_replaces_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("docs/.git")).unwrap();
        fs::write(root.join("docs/CNAME"), "spin.example.org\n").unwrap();
        fs::write(root.join("docs/.git/HEAD"), "ref").unwrap();
        fs::write(root.join("docs/about.html"), "mine").unwrap();
        let out = root.join("docs");
        let keep = ReplacePolicy {
            keep: vec!["CNAME".into(), ".git".into()],
            force: false,
        };
        let err = Staging::create(&root, &out, &keep).unwrap_err();
        assert!(
            err.message
                .contains("holds 1 file unspun did not write (about.html)"),
            "{err}"
        );
        assert_eq!(fs::read_to_string(out.join("about.html")).unwrap(), "mine");

        let forced = ReplacePolicy {
            force: true,
            ..keep.clone()
        };
        let s = Staging::create(&root, &out, &forced).unwrap();
        s.write("index.html", b"new").unwrap();
        s.commit().unwrap();
        assert!(!out.join("about.html").exists());
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "spin.example.org\n"
        );
        assert_eq!(fs::read_to_string(out.join(".git/HEAD")).unwrap(), "ref");
        let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert!(manifest.contains("\"index.html\""), "{manifest}");
        assert!(!manifest.contains("CNAME"), "{manifest}");

        // The next build needs no force: everything is written or kept.
        let s = Staging::create(&root, &out, &keep).unwrap();
        s.write("index.html", b"newer").unwrap();
        s.commit().unwrap();
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "spin.example.org\n"
        );
        let beside: Vec<_> = fs::read_dir(&root)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(beside, ["docs"], "leftovers beside the output");
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_shared_with_the_previous_output() {
        use std::os::unix::fs::MetadataExt;
        let (_dir, root, out) = built(&[("r/same.html", b"kept"), ("r/changed.html", b"one")]);
        let policy = ReplacePolicy::default();
        let inode = |rel: &str| fs::metadata(out.join(rel)).unwrap().ino();
        let same = inode("r/same.html");

        let s = Staging::create(&root, &out, &policy).unwrap();
        s.write("r/same.html", b"kept").unwrap();
        s.write("r/changed.html", b"two").unwrap();
        // Until the new output replaces it, the previous one is as it was.
        assert_eq!(fs::read(out.join("r/changed.html")).unwrap(), b"one");
        s.commit().unwrap();
        assert_eq!(
            inode("r/same.html"),
            same,
            "an unchanged file is written again"
        );
        assert_eq!(fs::read(out.join("r/same.html")).unwrap(), b"kept");
        assert_eq!(fs::read(out.join("r/changed.html")).unwrap(), b"two");
        // The previous output is gone: the file has one name again.
        let meta = fs::metadata(out.join("r/same.html")).unwrap();
        assert_eq!(meta.nlink(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn files_are_linked_unread_all_or_none() {
        use std::os::unix::fs::MetadataExt;
        let (_dir, root, out) = built(&[("r/index.html", b"page"), ("r/report.json", b"{}")]);
        let policy = ReplacePolicy::default();
        let page = ("r/index.html".to_string(), Fingerprint::of(b"page"));
        let json = ("r/report.json".to_string(), Fingerprint::of(b"{}"));
        let other_json = ("r/report.json".to_string(), Fingerprint::of(b"[]"));
        let missing = ("r/gone.html".to_string(), Fingerprint::of(b"page"));

        let s = Staging::create(&root, &out, &policy).unwrap();
        for files in [vec![page.clone(), other_json], vec![page.clone(), missing]] {
            assert!(!s.link_unchanged(&files));
            assert!(!s.path().join("r/index.html").exists(), "half linked");
        }
        assert!(s.link_unchanged(&[page, json]));
        let inode = fs::metadata(out.join("r/index.html")).unwrap().ino();
        s.commit().unwrap();
        assert_eq!(fs::metadata(out.join("r/index.html")).unwrap().ino(), inode);
        assert_eq!(fs::read(out.join("r/report.json")).unwrap(), b"{}");
        // Linked files are in the new manifest: the next build links them too.
        let s = Staging::create(&root, &out, &policy).unwrap();
        let page = ("r/index.html".to_string(), Fingerprint::of(b"page"));
        assert!(s.link_unchanged(&[page]));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_the_previous_output_is_not_shared() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let out = root.join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(dir.path().join("elsewhere.html"), "page").unwrap();
        std::os::unix::fs::symlink(dir.path().join("elsewhere.html"), out.join("a.html")).unwrap();
        let forced = ReplacePolicy {
            force: true,
            ..ReplacePolicy::default()
        };
        let s = Staging::create(&root, &out, &forced).unwrap();
        s.write("a.html", b"page").unwrap();
        s.commit().unwrap();
        let meta = fs::symlink_metadata(out.join("a.html")).unwrap();
        assert!(meta.is_file(), "{meta:?}");
        assert_eq!(fs::read(out.join("a.html")).unwrap(), b"page");
    }

    #[test]
    fn a_full_disk_is_one_error() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(&root).unwrap();
        let s = Staging::create(&root, &root.join("public"), &ReplacePolicy::default()).unwrap();
        let full = || io::Error::from(io::ErrorKind::StorageFull);
        let first = s.failed(&s.path().join("a/index.html"), "write", full());
        let second = s.failed(&s.path().join("b/index.html"), "write", full());
        assert_eq!(first, second);
        assert_eq!(first.file, root.join("public"));
        // Every later write returns it without touching the disk.
        assert_eq!(s.write("c/index.html", b"x").unwrap_err(), first);
        assert!(!s.path().join("c").exists());
        let other = s.failed(&s.path().join("d"), "write", io::Error::other("odd"));
        assert_eq!(other.file, root.join("public/d"));
    }

    #[test]
    fn leftovers_of_interrupted_builds_are_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        for left in [
            ".public.tmp-unspun-1/reports/x",
            ".public.old-unspun-2/a",
            ".public.tmp-unspun/b",
        ] {
            fs::create_dir_all(root.join(left)).unwrap();
        }
        let s = Staging::create(&root, &root.join("public"), &ReplacePolicy::default()).unwrap();
        let staging = s.path().file_name().unwrap().to_owned();
        let beside: Vec<_> = fs::read_dir(&root)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(beside.len(), 2, "{beside:?}");
        assert!(beside.contains(&staging));
    }
}
