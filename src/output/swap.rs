//! Putting a finished output in place of the previous one.
//!
//! On Linux the two directories are exchanged in one step (`renameat2` with
//! `RENAME_EXCHANGE`), so the output path names a complete site at every
//! instant. Elsewhere, or on a file system without the exchange, the old
//! output is renamed aside and the new one renamed in: a crash between the
//! two leaves no output until the next build, which then writes it afresh.

use std::fs;
use std::io;
use std::path::Path;

/// Puts the directory `new` at `path`. Returns `Ok(true)` when a previous
/// output was there: it is then at `new` (exchanged) or at `aside`, and
/// the caller deletes it; see [`Swapped`].
pub fn replace_dir(new: &Path, path: &Path, aside: &Path) -> io::Result<Swapped> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::rename(new, path)?;
            return Ok(Swapped::Fresh);
        }
        Err(e) => return Err(e),
        Ok(_) => {}
    }
    match exchange(new, path) {
        Ok(()) => return Ok(Swapped::Exchanged),
        Err(e) if !exchange_unsupported(&e) => return Err(e),
        Err(_) => {}
    }
    fs::rename(path, aside)?;
    if let Err(e) = fs::rename(new, path) {
        // Put the previous output back; the error is the one to report.
        let _ = fs::rename(aside, path);
        return Err(e);
    }
    Ok(Swapped::MovedAside)
}

/// Where the previous output went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swapped {
    /// There was none.
    Fresh,
    /// It is where the new output was.
    Exchanged,
    /// It was renamed to the `aside` path.
    MovedAside,
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// The errors that mean "no exchange here", not "this exchange failed".
fn exchange_unsupported(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(
        e.raw_os_error(),
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
    ) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_new_output_takes_the_place_of_the_old() {
        let dir = tempfile::tempdir().unwrap();
        let (new, out, aside) = (
            dir.path().join(".new"),
            dir.path().join("public"),
            dir.path().join(".old"),
        );
        fs::create_dir(&new).unwrap();
        fs::write(new.join("v"), "1").unwrap();
        assert_eq!(replace_dir(&new, &out, &aside).unwrap(), Swapped::Fresh);
        fs::create_dir(&new).unwrap();
        fs::write(new.join("v"), "2").unwrap();
        let swapped = replace_dir(&new, &out, &aside).unwrap();
        assert_eq!(fs::read_to_string(out.join("v")).unwrap(), "2");
        let old = match swapped {
            Swapped::Exchanged => &new,
            Swapped::MovedAside => &aside,
            Swapped::Fresh => panic!("there was an output"),
        };
        assert_eq!(fs::read_to_string(old.join("v")).unwrap(), "1");
        #[cfg(target_os = "linux")]
        assert_eq!(swapped, Swapped::Exchanged);
    }
}
