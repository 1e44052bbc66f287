//! The alignment cache: what aligning each pair gave, so that a rebuild
//! aligns only the pairs whose inputs changed (see [`super`] for how
//! entries are kept and checked).
//!
//! An entry's key is, besides the binary's identity, the aligner options,
//! each side's title, where its body starts and the author's word on its
//! roles, and both files as read, stored whole in the entry.
//!
//! The report in an entry is the aligner's own output, serialised with
//! serde_json from the in-memory types (exact floats), not the site's
//! `report.json`, whose layout may change on its own.

use std::collections::BTreeSet;
use std::path::Path;

use super::Entries;
use crate::align::{AlignOptions, RoleOverrides, Text};
use crate::report::Report;

/// The directory of alignment entries inside [`super::CACHE_DIR`].
const ALIGNMENTS: &str = "alignments";

/// The first bytes of every entry.
const MAGIC: &[u8] = b"unspun alignment cache\n";

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

    /// What an entry's key must hold after the binary's identity, in order.
    fn key<'k>(&'k self, settings: &'k str) -> [&'k [u8]; 3] {
        [
            settings.as_bytes(),
            self.source.file.as_bytes(),
            self.rewrite.file.as_bytes(),
        ]
    }
}

/// The alignment cache of one site.
pub struct AlignCache {
    entries: Entries,
}

impl AlignCache {
    /// The cache in the site's root (`<root>/.unspun-cache/alignments/`).
    pub fn in_site(root: &Path) -> AlignCache {
        AlignCache {
            entries: Entries::in_site(root, ALIGNMENTS, MAGIC),
        }
    }

    /// A cache that keeps its entries in memory for as long as it lives.
    pub fn in_memory() -> AlignCache {
        AlignCache {
            entries: Entries::in_memory(MAGIC),
        }
    }

    /// No cache: every pair is aligned.
    pub fn off() -> AlignCache {
        AlignCache {
            entries: Entries::off(),
        }
    }

    /// The report aligning `pair` gives, if an entry made from exactly the
    /// same inputs is there and whole.
    pub fn get(&self, pair: &Pair) -> Option<Report> {
        let settings = pair.settings();
        let payload = self.entries.get(pair.slug, &pair.key(&settings))?;
        serde_json::from_slice(&payload).ok()
    }

    /// Remembers what aligning `pair` gave. A failure to write is not an
    /// error: the pair is aligned again next time.
    pub fn put(&self, pair: &Pair, report: &Report) {
        let settings = pair.settings();
        self.entries.put(pair.slug, &pair.key(&settings), |out| {
            serde_json::to_writer(out, report).map_err(std::io::Error::from)
        });
    }

    /// Forgets the entries of reports not in `live` (and temporary files
    /// that interrupted processes left), after a build that succeeded.
    pub fn retain(&self, live: &BTreeSet<&str>) {
        self.entries.retain(live);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{align, align_prepared_with_roles, PreparedText};
    use crate::cache::CACHE_DIR;
    use std::fs;

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
            let mut other_binary = cache;
            other_binary.entries.binary = Some(b"another build".to_vec());
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
