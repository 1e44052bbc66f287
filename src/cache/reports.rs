//! The report cache: what rendering each report gave, so that a rebuild
//! neither reads nor renders a report whose inputs did not change. An
//! entry keeps the fingerprints of the report's files, what the listing
//! pages need of it (its summary) and its shares of the site-wide files;
//! the files themselves are linked from the previous output, where the
//! survey found each holding what its manifest says
//! ([`crate::output::Staging::link_unchanged`]). Without such an output
//! (a first build, another `--output-dir`, a file edited by hand) the
//! report is rendered as if there were no entry.
//!
//! An entry's key is, besides the binary's identity (see [`super`]): the
//! renderer's identity (a hash of the templates, the theme's files and the
//! configuration: the site author's own files, not an article's, so a hash
//! is enough), whether the report carries its original's search entry, and
//! both articles' files as read, stored whole in the entry. Nothing else
//! goes into a report's files: a report page shows its copy, its original
//! and the site's settings, never another report.

use std::collections::BTreeSet;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{take_section, write_section, Entries};
use crate::data_files::{ReportData, SHARES};
use crate::output::manifest::Fingerprint;
use crate::render::ReportSummary;
use crate::report::SentenceRole;

/// The directory of report entries inside [`super::CACHE_DIR`].
const REPORTS: &str = "reports";

/// The first bytes of every entry.
const MAGIC: &[u8] = b"unspun report cache\n";

/// Everything a report's files are made from, and the report they are for.
#[derive(Debug, Clone, Copy)]
pub struct ReportKey<'a> {
    /// The report's slug, which names its entry.
    pub slug: &'a str,
    /// [`crate::render::Renderer::identity`].
    pub renderer: &'a [u8],
    /// Whether the report carries its original's search entry.
    pub first: bool,
    /// The original's file and the copy's, as read.
    pub source: &'a str,
    pub rewrite: &'a str,
}

impl ReportKey<'_> {
    fn sections(&self) -> [&[u8]; 4] {
        let first: &[u8] = if self.first { b"first" } else { b"" };
        [
            self.renderer,
            first,
            self.source.as_bytes(),
            self.rewrite.as_bytes(),
        ]
    }
}

/// What rendering a report made, as a build keeps it.
#[derive(Debug)]
pub struct Made {
    /// Its files (path relative to the output) and their fingerprints.
    pub files: Vec<(String, Fingerprint)>,
    pub summary: ReportSummary,
    /// How many findings it has.
    pub findings: usize,
    /// Its share of the site-wide data files, kept in memory.
    pub data: ReportData,
}

/// An entry's payload before the shares' bytes, as JSON: written from
/// borrowed parts (`S`, `T`, `D`), read back into owned ones.
#[derive(Serialize, Deserialize)]
struct Record<S, T, D> {
    files: Vec<(String, u64, u32)>,
    summary: S,
    /// The summary's fields that templates do not see.
    coverage_bits: Vec<u32>,
    source_sentences: T,
    findings: usize,
    data: D,
    share_ends: [usize; SHARES],
}

/// The report cache of one site.
pub struct ReportCache {
    entries: Entries,
}

impl ReportCache {
    /// The cache in the site's root (`<root>/.unspun-cache/reports/`).
    pub fn in_site(root: &Path) -> ReportCache {
        ReportCache {
            entries: Entries::in_site(root, REPORTS, MAGIC),
        }
    }

    /// No cache: every report is rendered.
    pub fn off() -> ReportCache {
        ReportCache {
            entries: Entries::off(),
        }
    }

    /// What rendering the report of `key` made, if an entry made from
    /// exactly the same inputs is there and whole.
    pub fn get(&self, key: &ReportKey) -> Option<Made> {
        let payload = self.entries.get(key.slug, &key.sections())?;
        let mut rest: &[u8] = &payload;
        let record: Record<ReportSummary, Vec<(String, SentenceRole)>, ReportData> =
            serde_json::from_slice(take_section(&mut rest)?).ok()?;
        let mut summary = record.summary;
        summary.coverage = record
            .coverage_bits
            .into_iter()
            .map(f32::from_bits)
            .collect();
        summary.source_sentences = record.source_sentences;
        Some(Made {
            files: (record.files.into_iter())
                .map(|(path, len, crc32)| (path, Fingerprint { len, crc32 }))
                .collect(),
            summary,
            findings: record.findings,
            data: record.data.with_shares(rest, record.share_ends)?,
        })
    }

    /// Remembers what rendering the report of `key` made. Nothing is kept
    /// when its shares have already gone to the spool. A failure to write
    /// is not an error: the report is rendered again next time.
    pub fn put(&self, key: &ReportKey, made: &Made) {
        let Some((shares, share_ends)) = made.data.kept_shares() else {
            return;
        };
        let record = Record {
            files: (made.files.iter())
                .map(|(path, print)| (path.clone(), print.len, print.crc32))
                .collect(),
            summary: &made.summary,
            coverage_bits: made.summary.coverage.iter().map(|c| c.to_bits()).collect(),
            source_sentences: &made.summary.source_sentences,
            findings: made.findings,
            data: &made.data,
            share_ends: *share_ends,
        };
        self.entries.put(key.slug, &key.sections(), |out| {
            let json = serde_json::to_vec(&record).map_err(io::Error::from)?;
            write_section(&mut *out, &json)?;
            out.write_all(shares)
        });
    }

    /// Forgets the entries of reports not in `live`, after a build that
    /// succeeded.
    pub fn retain(&self, live: &BTreeSet<&str>) {
        self.entries.retain(live);
    }
}
