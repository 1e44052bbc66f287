//! The build's caches, in `<root>/.unspun-cache/`: what aligning each pair
//! gave ([`alignments`]), and what rendering each report gave ([`reports`]),
//! so that a rebuild does again only the work whose inputs changed.
//! `build`, `check` and `serve` share the alignments; `build` alone uses
//! the reports, whose files it links from the previous output.
//!
//! Both keep one file per report, an *entry*: the key it was made from,
//! then what was made. An entry is used only when its key is exactly what
//! the stage is given now, compared in full rather than by a hash, so that
//! no collision and no crafted article can bring back what doing the work
//! again would not give. The first part of every key is the identity of
//! the running `unspun` binary (a hash of its bytes, taken once per
//! process: about 10 ms), so that any change to the code, however small,
//! invalidates every entry without anyone remembering to bump a version.
//!
//! An entry missing, made by another binary or from other inputs, cut
//! short or damaged (each carries a CRC-32 of its bytes) is not an error:
//! the work is done again and the entry rewritten whole (a temporary file
//! renamed into place), so a reader never sees half of one.
//!
//! The directory is never in the output (whatever is there is published),
//! and it holds a `.gitignore` of `*` and a `CACHEDIR.TAG`, so it is neither
//! committed nor backed up. `--no-cache` turns both caches off; `serve
//! --no-cache` keeps alignments in memory instead (compressed), so a
//! template change still re-renders without aligning again.

pub mod alignments;
pub mod reports;

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime};

pub use alignments::{AlignCache, Pair};
pub use reports::ReportCache;

use crate::output::manifest::FingerprintWriter;

/// The cache directory's name in the site root.
pub const CACHE_DIR: &str = ".unspun-cache";

/// An entry's file name is the report's slug with this extension.
const EXTENSION: &str = "entry";

/// Marks a directory as a cache for backup tools (<https://bford.info/cachedir/>).
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This file is a cache directory tag created by unspun: its entries are\n\
# made again from the site's content when missing.\n";

/// Temporary files older than this are left by an interrupted process.
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// Writes `bytes` as one section: its length as a little-endian `u64`, then
/// the bytes.
fn write_section(out: &mut (impl Write + ?Sized), bytes: &[u8]) -> io::Result<()> {
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    out.write_all(bytes)
}

/// Takes one section written by [`write_section`] off the front of `rest`.
fn take_section<'a>(rest: &mut &'a [u8]) -> Option<&'a [u8]> {
    let (len, after) = rest.split_first_chunk::<8>()?;
    let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
    let (section, after) = after.split_at_checked(len)?;
    *rest = after;
    Some(section)
}

/// Writes an entry: `magic`, then each key section, then what `payload`
/// writes, then the CRC-32 of everything before it (four bytes, little-endian).
/// The payload is streamed into `out`: a report of two 15 MB texts is some
/// hundred megabytes of JSON, not to be held twice.
fn encode(
    out: impl Write,
    magic: &[u8],
    key: &[&[u8]],
    payload: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut out = FingerprintWriter::new(out);
    out.write_all(magic)?;
    for section in key {
        write_section(&mut out, section)?;
    }
    payload(&mut out)?;
    let (print, mut out) = out.finish();
    out.write_all(&print.crc32.to_le_bytes())?;
    out.flush()
}

/// The payload of a whole, undamaged entry whose key is exactly `key`.
fn decode<'a>(bytes: &'a [u8], magic: &[u8], key: &[&[u8]]) -> Option<&'a [u8]> {
    let (body, crc) = bytes.split_at_checked(bytes.len().checked_sub(4)?)?;
    if crc32fast::hash(body).to_le_bytes() != crc {
        return None;
    }
    let mut rest = body.strip_prefix(magic)?;
    for expected in key {
        if take_section(&mut rest)? != *expected {
            return None;
        }
    }
    Some(rest)
}

/// The identity of the running binary: a hash of its bytes, read once. None
/// when the binary cannot be read (the caches are then not used).
fn binary_identity() -> Option<&'static [u8]> {
    static IDENTITY: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    IDENTITY
        .get_or_init(|| {
            let _time = crate::timings::start(crate::timings::Stage::Cache);
            // /proc/self/exe is the running file even if it has since been
            // replaced on disk (`cargo build` while `serve` runs).
            let path = if cfg!(target_os = "linux") {
                PathBuf::from("/proc/self/exe")
            } else {
                std::env::current_exe().ok()?
            };
            identity_of(fs::File::open(path).ok()?).ok()
        })
        .as_deref()
}

/// A 64-bit hash of the bytes `file` holds (foldhash with its fixed seed:
/// the same bytes hash alike within one binary, which is all an identity
/// needs, at several GB/s) and their count. Read in pieces: a release
/// binary with line tables is some 70 MB.
fn identity_of(mut file: impl Read) -> io::Result<Vec<u8>> {
    let mut hashed = HashingSink {
        hasher: foldhash::quality::FixedState::default().build_hasher(),
    };
    let len = io::copy(&mut file, &mut hashed)?;
    let mut id = hashed.hasher.finish().to_le_bytes().to_vec();
    id.extend_from_slice(&len.to_le_bytes());
    Ok(id)
}

/// A writer that only hashes what it is given.
struct HashingSink<H> {
    hasher: H,
}

impl<H: Hasher> io::Write for HashingSink<H> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.hasher.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Where entries are kept.
enum Store {
    /// One file per entry in this directory (made when first written).
    Dir {
        dir: PathBuf,
        /// Whether the directory is there, with its `.gitignore` and tag.
        made: OnceLock<bool>,
    },
    /// In memory, deflated.
    Memory(Mutex<HashMap<String, Vec<u8>>>),
    /// Nowhere: every piece of work is done again.
    Off,
}

/// One kind of entry, one per report, and where they are kept.
struct Entries {
    store: Store,
    /// The first bytes of every entry of this kind.
    magic: &'static [u8],
    /// The running binary's identity (see [`binary_identity`]), the first
    /// section of every key; without it nothing is kept.
    binary: Option<Vec<u8>>,
}

/// The bytes of an entry, and where its payload starts in them.
pub(crate) struct Payload {
    bytes: Vec<u8>,
    start: usize,
}

impl std::ops::Deref for Payload {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes[self.start..self.bytes.len() - 4]
    }
}

impl Entries {
    /// Entries in `<root>/.unspun-cache/<name>/`.
    fn in_site(root: &Path, name: &str, magic: &'static [u8]) -> Entries {
        Entries::with_store(
            Store::Dir {
                dir: root.join(CACHE_DIR).join(name),
                made: OnceLock::new(),
            },
            magic,
        )
    }

    fn in_memory(magic: &'static [u8]) -> Entries {
        Entries::with_store(Store::Memory(Mutex::new(HashMap::new())), magic)
    }

    fn off() -> Entries {
        Entries {
            store: Store::Off,
            magic: b"",
            binary: None,
        }
    }

    fn with_store(store: Store, magic: &'static [u8]) -> Entries {
        Entries {
            store,
            magic,
            binary: binary_identity().map(<[u8]>::to_vec),
        }
    }

    /// The payload of `slug`'s entry, if it is there, whole, and was made
    /// by this binary from exactly `key`.
    fn get(&self, slug: &str, key: &[&[u8]]) -> Option<Payload> {
        let binary = self.binary.as_deref()?;
        let _time = crate::timings::start(crate::timings::Stage::Cache);
        let bytes = self.read(slug)?;
        let key: Vec<&[u8]> = std::iter::once(binary).chain(key.iter().copied()).collect();
        let payload = decode(&bytes, self.magic, &key)?;
        let start = payload.as_ptr() as usize - bytes.as_ptr() as usize;
        Some(Payload { bytes, start })
    }

    /// Keeps what `payload` writes as `slug`'s entry, made from `key`. A
    /// failure to write is not an error: the work is done again next time.
    fn put(
        &self,
        slug: &str,
        key: &[&[u8]],
        payload: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) {
        let Some(binary) = self.binary.as_deref() else {
            return;
        };
        let _time = crate::timings::start(crate::timings::Stage::Cache);
        let key: Vec<&[u8]> = std::iter::once(binary).chain(key.iter().copied()).collect();
        let magic = self.magic;
        self.write(slug, |out| encode(out, magic, &key, payload));
    }

    /// Forgets the entries of reports not in `live` (and temporary files
    /// that interrupted processes left), after a build that succeeded.
    fn retain(&self, live: &BTreeSet<&str>) {
        match &self.store {
            Store::Dir { dir, .. } => {
                let Ok(entries) = fs::read_dir(dir) else {
                    return;
                };
                for entry in entries.flatten() {
                    let name = entry.file_name();
                    let name = name.to_string_lossy();
                    let path = entry.path();
                    let stale = match name.strip_suffix(&format!(".{EXTENSION}")) {
                        Some(slug) => !live.contains(slug),
                        None => is_old(&path),
                    };
                    if stale {
                        let _ = fs::remove_file(path);
                    }
                }
            }
            Store::Memory(entries) => {
                if let Ok(mut entries) = entries.lock() {
                    entries.retain(|slug, _| live.contains(slug.as_str()));
                }
            }
            Store::Off => {}
        }
    }

    /// The stored bytes of `slug`'s entry.
    fn read(&self, slug: &str) -> Option<Vec<u8>> {
        match &self.store {
            Store::Dir { dir, .. } => fs::read(entry_path(dir, slug)).ok(),
            Store::Memory(entries) => {
                let deflated = entries.lock().ok()?.get(slug)?.clone();
                let mut bytes = Vec::new();
                flate2::read::DeflateDecoder::new(&deflated[..])
                    .read_to_end(&mut bytes)
                    .ok()?;
                Some(bytes)
            }
            Store::Off => None,
        }
    }

    /// Writes `slug`'s entry with `encode`.
    fn write(&self, slug: &str, encode: impl FnOnce(&mut dyn Write) -> io::Result<()>) {
        match &self.store {
            Store::Dir { dir, made } => {
                if *made.get_or_init(|| make_dir(dir).is_ok()) {
                    let _ = write_atomically(&entry_path(dir, slug), |file| {
                        encode(&mut io::BufWriter::new(file))
                    });
                }
            }
            Store::Memory(entries) => {
                let mut deflater =
                    flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
                if encode(&mut deflater).is_ok() {
                    if let (Ok(deflated), Ok(mut entries)) = (deflater.finish(), entries.lock()) {
                        entries.insert(slug.to_string(), deflated);
                    }
                }
            }
            Store::Off => {}
        }
    }
}

fn entry_path(dir: &Path, slug: &str) -> PathBuf {
    dir.join(format!("{slug}.{EXTENSION}"))
}

/// Makes the entries' directory, and beside it in the cache directory the
/// files that keep it out of git and backups.
fn make_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    if let Some(cache) = dir.parent() {
        for (name, text) in [(".gitignore", "*\n"), ("CACHEDIR.TAG", CACHEDIR_TAG)] {
            let path = cache.join(name);
            if !path.exists() {
                write_atomically(&path, |mut file| file.write_all(text.as_bytes()))?;
            }
        }
    }
    Ok(())
}

/// Writes a temporary file beside `path` with `write`, then renames it to
/// `path`: a reader sees the old file or the new one, whole.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&fs::File) -> io::Result<()>,
) -> io::Result<()> {
    let mut temp = path.as_os_str().to_owned();
    temp.push(format!(".tmp-{}", std::process::id()));
    let temp = PathBuf::from(temp);
    let written = fs::File::create(&temp)
        .and_then(|file| write(&file))
        .and_then(|()| fs::rename(&temp, path));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// A file last changed more than [`STALE_TEMP`] ago.
fn is_old(path: &Path) -> bool {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age > STALE_TEMP)
}
