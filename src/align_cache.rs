//! The alignment cache: a stage beside the aligner that remembers what
//! aligning each pair gave, so that a rebuild aligns only the pairs whose
//! inputs changed. `build`, `check` and `serve` all go through it.
//!
//! An entry is used only when it was made from exactly what the aligner is
//! given now, compared in full rather than by a hash, so that no collision
//! and no crafted article can bring back an alignment that aligning again
//! would not give:
//!
//! - the identity of the running `unspun` binary (a hash of its bytes, taken
//!   once per process: about 10 ms), so that any change to the aligner's code, however
//!   small, invalidates every entry without anyone remembering to bump a
//!   version;
//! - the aligner options, each side's title, where its body starts and the
//!   author's word on its roles;
//! - both files as read, stored whole in the entry.
//!
//! An entry missing, made by another binary or from other inputs, cut
//! short or damaged (each carries a CRC-32 of its bytes) is not an error: the
//! pair is aligned again and its entry rewritten whole (a temporary file
//! renamed into place), so a reader never sees half of one.
//!
//! Entries live in `<root>/.unspun-cache/alignments/`, one file per report,
//! so a rebuild writes only the entries of the pairs it aligned. The
//! directory is never in the output (whatever is there is published), and
//! it holds a `.gitignore` of `*` and a `CACHEDIR.TAG`, so it is neither
//! committed nor backed up. `--no-cache` turns it off; `serve --no-cache`
//! keeps its entries in memory instead (compressed), so a template change
//! still re-renders without aligning again.
//!
//! The report in an entry is the aligner's own output, serialised with
//! serde_json from the in-memory types (exact floats), not the site's
//! `report.json`, whose layout may change on its own.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use crate::align::{AlignOptions, RoleOverrides, Text};
use crate::output::manifest::FingerprintWriter;
use crate::report::Report;

/// The cache directory's name in the site root.
pub const CACHE_DIR: &str = ".unspun-cache";

/// The directory of alignment entries inside [`CACHE_DIR`].
const ALIGNMENTS: &str = "alignments";

/// An entry's file name is the report's slug with this extension.
const EXTENSION: &str = "entry";

/// The first bytes of every entry.
const MAGIC: &[u8] = b"unspun alignment cache\n";

/// Marks a directory as a cache for backup tools (<https://bford.info/cachedir/>).
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This file is a cache directory tag created by unspun: its alignments are\n\
# made again from the site's content when missing.\n";

/// Temporary files older than this are left by an interrupted process.
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// Everything the aligner is given for one pair, and the report it is for.
#[derive(Debug, Clone, Copy)]
pub struct Pair<'a> {
    /// The report's slug, which names its entry.
    pub slug: &'a str,
    pub source: Text<'a>,
    pub source_roles: RoleOverrides<'a>,
    pub rewrite: Text<'a>,
    pub rewrite_roles: RoleOverrides<'a>,
    pub options: &'a AlignOptions,
}

impl Pair<'_> {
    /// What the aligner is given besides the two files, spelled out.
    fn settings(&self) -> String {
        let side = |text: &Text, roles: &RoleOverrides| {
            format!("{:?} {} {:?}", text.title, text.body_start, roles)
        };
        format!(
            "source {}\nrewrite {}\noptions {:?}",
            side(&self.source, &self.source_roles),
            side(&self.rewrite, &self.rewrite_roles),
            self.options
        )
    }

    /// What an entry's key sections must hold, in order.
    fn key<'k>(&'k self, binary: &'k [u8], settings: &'k str) -> [&'k [u8]; KEY_SECTIONS] {
        [
            binary,
            settings.as_bytes(),
            self.source.file.as_bytes(),
            self.rewrite.file.as_bytes(),
        ]
    }
}

/// Sections of an entry before the report: binary, settings, source, rewrite.
const KEY_SECTIONS: usize = 4;

/// Writes an entry: [`MAGIC`], then each key section as a little-endian
/// `u64` length and its bytes, then the report's JSON up to the last four
/// bytes, which are the CRC-32 of everything before them. The report is
/// serialised straight into `out`: a report of two 15 MB texts is some
/// hundred megabytes of JSON, not to be held twice beside the report.
fn encode(out: impl Write, key: &[&[u8]; KEY_SECTIONS], report: &Report) -> io::Result<()> {
    let mut out = FingerprintWriter::new(out);
    out.write_all(MAGIC)?;
    for section in key {
        out.write_all(&(section.len() as u64).to_le_bytes())?;
        out.write_all(section)?;
    }
    serde_json::to_writer(&mut out, report)?;
    let (print, mut out) = out.finish();
    out.write_all(&print.crc32.to_le_bytes())?;
    out.flush()
}

/// The key sections and the report's JSON of a whole, undamaged entry.
fn decode(bytes: &[u8]) -> Option<([&[u8]; KEY_SECTIONS], &[u8])> {
    let (body, crc) = bytes.split_at_checked(bytes.len().checked_sub(4)?)?;
    if crc32fast::hash(body).to_le_bytes() != crc {
        return None;
    }
    let mut rest = body.strip_prefix(MAGIC)?;
    let mut next = || {
        let (len, after) = rest.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        let (section, after) = after.split_at_checked(len)?;
        rest = after;
        Some(section)
    };
    let key = [next()?, next()?, next()?, next()?];
    Some((key, rest))
}

/// The identity of the running binary: a hash of its bytes, read once. None
/// when the binary cannot be read (the cache is then not used).
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
    /// Nowhere: every pair is aligned.
    Off,
}

/// The alignment cache of one site.
pub struct AlignCache {
    store: Store,
    /// The running binary's identity (see [`binary_identity`]); without it
    /// nothing is kept.
    binary: Option<Vec<u8>>,
}

impl AlignCache {
    /// The cache in the site's root (`<root>/.unspun-cache/`).
    pub fn in_site(root: &Path) -> AlignCache {
        AlignCache::with_store(Store::Dir {
            dir: root.join(CACHE_DIR).join(ALIGNMENTS),
            made: OnceLock::new(),
        })
    }

    /// A cache that keeps its entries in memory for as long as it lives.
    pub fn in_memory() -> AlignCache {
        AlignCache::with_store(Store::Memory(Mutex::new(HashMap::new())))
    }

    /// No cache: every pair is aligned.
    pub fn off() -> AlignCache {
        AlignCache {
            store: Store::Off,
            binary: None,
        }
    }

    fn with_store(store: Store) -> AlignCache {
        AlignCache {
            store,
            binary: binary_identity().map(<[u8]>::to_vec),
        }
    }

    /// The report aligning `pair` gives, if an entry made from exactly the
    /// same inputs is there and whole.
    pub fn get(&self, pair: &Pair) -> Option<Report> {
        let binary = self.binary.as_deref()?;
        let _time = crate::timings::start(crate::timings::Stage::Cache);
        let bytes = self.read(pair.slug)?;
        let (key, report) = decode(&bytes)?;
        let settings = pair.settings();
        if key != pair.key(binary, &settings) {
            return None;
        }
        serde_json::from_slice(report).ok()
    }

    /// Remembers what aligning `pair` gave. A failure to write is not an
    /// error: the pair is aligned again next time.
    pub fn put(&self, pair: &Pair, report: &Report) {
        let Some(binary) = self.binary.as_deref() else {
            return;
        };
        let _time = crate::timings::start(crate::timings::Stage::Cache);
        let settings = pair.settings();
        let key = pair.key(binary, &settings);
        self.write(pair.slug, |out| encode(out, &key, report));
    }

    /// Forgets the entries of reports not in `live` (and temporary files
    /// that interrupted processes left), after a build that succeeded.
    pub fn retain(&self, live: &BTreeSet<&str>) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{align, align_prepared_with_roles, PreparedText};

    const SOURCE: &str = "---\ntitle: Harbour vote\n---\nThe council of Lanmoor approved 12.7 million euros for ferries on Monday. \"We waited ten years,\" said Thomas Reiniger, the harbour master.\n\nPhoto: Lanmoor Council\n";
    const REWRITE: &str = "---\ntitle: Ferries funded\n---\nLanmoor's council approved 21.3 million euros for the ferries. \"We waited a decade,\" Reiniger said, adding more.\n";

    fn pair<'a>(source: &'a str, rewrite: &'a str, options: &'a AlignOptions) -> Pair<'a> {
        // The body starts after the front matter's closing line.
        let text = |title, file: &'a str| Text {
            title,
            file,
            body_start: file
                .match_indices("---\n")
                .nth(1)
                .map_or(0, |(at, _)| at + 4),
        };
        Pair {
            slug: "ferries",
            source: text("Harbour vote", source),
            source_roles: RoleOverrides::default(),
            rewrite: text("Ferries funded", rewrite),
            rewrite_roles: RoleOverrides::default(),
            options,
        }
    }

    fn aligned(pair: &Pair) -> Report {
        let prepared = PreparedText::with_roles(&pair.source, &pair.source_roles);
        align_prepared_with_roles(&prepared, &pair.rewrite, &pair.rewrite_roles, pair.options)
    }

    fn both_stores() -> (tempfile::TempDir, Vec<AlignCache>) {
        let dir = tempfile::tempdir().unwrap();
        let on_disk = AlignCache::in_site(dir.path());
        (dir, vec![on_disk, AlignCache::in_memory()])
    }

    #[test]
    fn an_entry_gives_back_exactly_what_aligning_gave() {
        let options = AlignOptions::default();
        let pair = pair(SOURCE, REWRITE, &options);
        let report = aligned(&pair);
        let (_dir, caches) = both_stores();
        for cache in caches {
            assert_eq!(cache.get(&pair), None, "an empty cache");
            cache.put(&pair, &report);
            assert_eq!(cache.get(&pair), Some(report.clone()));
        }
        // A report with every optional part round-trips too.
        let plain = align(
            &Text::plain("a", "One. Two three four. Five six."),
            &Text::plain("b", "Two three four. Seven."),
            &options,
        );
        let (_dir, caches) = both_stores();
        caches[0].put(&pair, &plain);
        assert_eq!(caches[0].get(&pair), Some(plain));
    }

    #[test]
    fn any_other_input_misses() {
        let options = AlignOptions::default();
        let pair = pair(SOURCE, REWRITE, &options);
        let report = aligned(&pair);
        let (_dir, caches) = both_stores();
        let edited = REWRITE.replace("decade", "dozen years");
        let stricter = AlignOptions {
            link_threshold: 0.31,
            ..AlignOptions::default()
        };
        let furniture = ["Photo: Lanmoor Council".to_string()];
        for cache in caches {
            cache.put(&pair, &report);
            let mut other = pair;
            other.rewrite.file = &edited;
            assert_eq!(cache.get(&other), None, "an edited copy");
            let mut other = pair;
            other.options = &stricter;
            assert_eq!(cache.get(&other), None, "other options");
            let mut other = pair;
            other.source_roles.furniture = &furniture;
            assert_eq!(cache.get(&other), None, "other roles");
            let mut other = pair;
            other.source.title = "Another title";
            assert_eq!(cache.get(&other), None, "another title");
            let mut other = pair;
            other.slug = "another";
            assert_eq!(cache.get(&other), None, "another report");
            // Another binary's entry.
            let other_binary = AlignCache {
                binary: Some(b"another build".to_vec()),
                store: cache.store,
            };
            assert_eq!(other_binary.get(&pair), None, "another binary");
        }
    }

    #[test]
    fn a_damaged_entry_misses_and_is_rewritten() {
        let options = AlignOptions::default();
        let pair = pair(SOURCE, REWRITE, &options);
        let report = aligned(&pair);
        let dir = tempfile::tempdir().unwrap();
        let cache = AlignCache::in_site(dir.path());
        cache.put(&pair, &report);
        let path = dir
            .path()
            .join(CACHE_DIR)
            .join(ALIGNMENTS)
            .join("ferries.entry");
        let whole = fs::read(&path).unwrap();
        let at = whole.len() - 100;
        let mut flipped = whole.clone();
        flipped[at] ^= 1;
        for damaged in [
            flipped,
            whole[..whole.len() / 2].to_vec(),
            whole[..3].to_vec(),
            Vec::new(),
            b"not an entry at all".to_vec(),
        ] {
            fs::write(&path, &damaged).unwrap();
            assert_eq!(cache.get(&pair), None);
        }
        cache.put(&pair, &report);
        assert_eq!(fs::read(&path).unwrap(), whole);
        assert_eq!(cache.get(&pair), Some(report));
    }

    #[test]
    fn the_directory_is_tagged_and_pruned() {
        let options = AlignOptions::default();
        let pair = pair(SOURCE, REWRITE, &options);
        let report = aligned(&pair);
        let dir = tempfile::tempdir().unwrap();
        let cache = AlignCache::in_site(dir.path());
        cache.put(&pair, &report);
        let other = Pair {
            slug: "gone",
            ..pair
        };
        cache.put(&other, &report);
        let cache_dir = dir.path().join(CACHE_DIR);
        assert_eq!(
            fs::read_to_string(cache_dir.join(".gitignore")).unwrap(),
            "*\n"
        );
        assert!(fs::read_to_string(cache_dir.join("CACHEDIR.TAG"))
            .unwrap()
            .starts_with("Signature: 8a477f597d28d172789f06886806bc55"));
        cache.retain(&BTreeSet::from(["ferries"]));
        let names: Vec<String> = fs::read_dir(cache_dir.join(ALIGNMENTS))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["ferries.entry"]);
        assert!(cache.get(&pair).is_some() && cache.get(&other).is_none());
    }

    #[test]
    fn an_unwritable_cache_is_no_error() {
        let options = AlignOptions::default();
        let pair = pair(SOURCE, REWRITE, &options);
        let dir = tempfile::tempdir().unwrap();
        // A file where the cache directory would go.
        fs::write(dir.path().join(CACHE_DIR), "in the way").unwrap();
        let cache = AlignCache::in_site(dir.path());
        cache.put(&pair, &aligned(&pair));
        assert_eq!(cache.get(&pair), None);
        cache.retain(&BTreeSet::new());
    }
}
