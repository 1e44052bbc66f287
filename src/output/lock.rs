//! One build at a time per output directory.
//!
//! The lock is a file beside the output (`.public.unspun-lock`), locked with
//! the system's advisory file lock, which the system releases when the
//! process ends however it ends. The file is removed when the build is done,
//! so it does not linger in the site; a build that took the lock on a file
//! removed meanwhile notices (the path no longer names its file) and tries
//! again.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

/// Held while a build writes an output; released and removed on drop.
#[derive(Debug)]
pub struct OutputLock {
    path: PathBuf,
    file: File,
}

/// Does `path` still name the file open as `file`?
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

impl OutputLock {
    /// Takes the lock at `path`; if another build holds it, calls `waiting`
    /// once and waits for it.
    pub fn acquire(path: &Path, waiting: impl FnOnce()) -> io::Result<OutputLock> {
        let mut waiting = Some(waiting);
        loop {
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    if let Some(say) = waiting.take() {
                        say();
                    }
                    file.lock()?;
                }
                Err(TryLockError::Error(e)) => return Err(e),
            }
            if same_file(&file, path) {
                return Ok(OutputLock {
                    path: path.to_path_buf(),
                    file,
                });
            }
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still held, so no build can take a file about to go.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    #[test]
    fn a_second_holder_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".public.unspun-lock");
        let first = OutputLock::acquire(&path, || panic!("nobody holds it")).unwrap();
        let released = Arc::new(AtomicBool::new(false));
        let waited = Arc::new(AtomicBool::new(false));
        let (p, r, w) = (path.clone(), released.clone(), waited.clone());
        let second = std::thread::spawn(move || {
            let lock = OutputLock::acquire(&p, || w.store(true, Ordering::SeqCst)).unwrap();
            assert!(r.load(Ordering::SeqCst), "took the lock while it was held");
            drop(lock);
        });
        std::thread::sleep(Duration::from_millis(200));
        released.store(true, Ordering::SeqCst);
        drop(first);
        second.join().unwrap();
        assert!(waited.load(Ordering::SeqCst));
        assert!(!path.exists(), "the lock file stays behind");
    }
}
