//! Spill files for the site-wide data files.
//!
//! Each report adds its share to `findings.csv` and `annotations.jsonld`
//! (about 30 KB a report), but those files must list reports in slug order
//! while reports finish in any order. Held in memory until the end, the
//! shares of 10,000 reports came to more than 600 MB. Instead, once the
//! shares kept so far reach a budget, each further share is appended, as
//! soon as it is made, to a spill file of the thread that made it, and read
//! back in slug order when the site-wide files are written. Below the budget
//! (a site of up to a couple of thousand reports) nothing is spilled: writing
//! and reading back cost a twentieth of such a build's time.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Where one report's share lies in the spool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    part: usize,
    offset: u64,
    /// Length of each chunk, stored one after the other from `offset`.
    lens: Box<[u64]>,
}

/// Append-only spill files, one per worker thread (so writers rarely wait).
#[derive(Debug)]
pub struct Spool {
    parts: Vec<Mutex<Part>>,
    paths: Vec<PathBuf>,
    /// Bytes of shares kept in memory so far (see [`Spool::keeps`]).
    kept: AtomicUsize,
    budget: usize,
}

#[derive(Debug)]
struct Part {
    file: File,
    len: u64,
}

impl Spool {
    /// Creates `parts` empty spill files `dir/<prefix><n>`, for what does
    /// not fit in a memory budget of `budget` bytes.
    pub fn create(dir: &Path, prefix: &str, parts: usize, budget: usize) -> io::Result<Spool> {
        let mut spool = Spool {
            parts: Vec::new(),
            paths: Vec::new(),
            kept: AtomicUsize::new(0),
            budget,
        };
        for n in 0..parts.max(1) {
            let path = dir.join(format!("{prefix}{n}"));
            let file = File::options()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)?;
            spool.paths.push(path);
            spool.parts.push(Mutex::new(Part { file, len: 0 }));
        }
        Ok(spool)
    }

    /// May a share of `len` bytes stay in memory? Yes while the shares kept
    /// so far, this one included, are within the budget.
    pub fn keeps(&self, len: usize) -> bool {
        self.kept
            .fetch_add(len, Ordering::Relaxed)
            .saturating_add(len)
            <= self.budget
    }

    /// Appends some chunks (any may be empty) and says where they went.
    pub fn put(&self, chunks: &[&[u8]]) -> io::Result<Piece> {
        let part = rayon::current_thread_index().unwrap_or(0) % self.parts.len();
        let mut p = self.parts[part]
            .lock()
            .map_err(|_| io::Error::other("a spool writer panicked"))?;
        let offset = p.len;
        for chunk in chunks {
            p.file.write_all(chunk)?;
            p.len += chunk.len() as u64;
        }
        Ok(Piece {
            part,
            offset,
            lens: chunks.iter().map(|c| c.len() as u64).collect(),
        })
    }

    /// Reads chunk `which` of a piece back.
    pub fn get(&self, piece: &Piece, which: usize) -> io::Result<Vec<u8>> {
        let p = self.parts[piece.part]
            .lock()
            .map_err(|_| io::Error::other("a spool writer panicked"))?;
        let at = piece.offset + piece.lens[..which].iter().sum::<u64>();
        let mut buf = vec![0; piece.lens[which] as usize];
        read_exact_at(&p.file, &mut buf, at)?;
        Ok(buf)
    }

    /// Deletes the spill files.
    pub fn remove(self) -> io::Result<()> {
        drop(self.parts);
        for path in &self.paths {
            fs::remove_file(path)?;
        }
        Ok(())
    }
}

/// Fills `buf` from `file` at byte `at`, leaving later appends where they were.
#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

/// Fills `buf` from `file` at byte `at`, leaving later appends where they were.
#[cfg(windows)]
fn read_exact_at(mut file: &File, mut buf: &mut [u8], mut at: u64) -> io::Result<()> {
    use std::io::{Seek, SeekFrom};
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, at) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                at += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    // Windows' positioned read moves the cursor; the next `put` appends at the end.
    file.seek(SeekFrom::End(0)).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_come_back_as_they_went_in() {
        let dir = tempfile::tempdir().unwrap();
        let spool = Spool::create(dir.path(), ".spool-", 2, 10).unwrap();
        assert!(spool.keeps(6) && spool.keeps(4));
        assert!(!spool.keeps(1), "over the budget");
        let a = spool.put(&[b"csv rows of a\r\n", b""]).unwrap();
        let b = spool.put(&[b"", b"{\"annotation\":1}"]).unwrap();
        let c = spool.put(&[b"third", b"and more"]).unwrap();
        for (piece, want) in [
            (c, [&b"third"[..], b"and more"]),
            (a, [b"csv rows of a\r\n", b""]),
            (b, [b"", b"{\"annotation\":1}"]),
        ] {
            for (i, w) in want.iter().enumerate() {
                assert_eq!(spool.get(&piece, i).unwrap(), *w);
            }
        }
        spool.remove().unwrap();
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
