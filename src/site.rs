//! Building a site: load, align, render, write — each a stage that `build`,
//! `check` and `serve` share.
//!
//! Reports are rendered and written inside one parallel loop, one rewrite at
//! a time per thread, so no more than a few pages are held in memory; only a
//! small [`ReportSummary`] of each is kept for the index, source, site and
//! feed pages. Iteration is sorted everywhere, so two builds of the same
//! input give the same bytes.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::align::{align_prepared_with_roles, PreparedText, Text};
use crate::cache::reports::{Made, ReportKey};
use crate::cache::{AlignCache, Pair, ReportCache};
use crate::config::Config;
use crate::content::site_links::written;
use crate::content::{
    push_collapsed, quote_places, searchable, Library, Note, NoteSide, Rewrite, Source,
};
use crate::data_files::{self, ReportData};
use crate::error::{Diagnostic, Diagnostics};
use crate::links::LinkChecker;
use crate::output::manifest::Fingerprint;
use crate::output::{ReplacePolicy, Staging, MARKER};
use crate::pagination::page_count;
use crate::paths;
use crate::render::{self, report_context, sort_newest_first, Renderer, ReportSummary};
use crate::report::{Finding, FindingKind, Report, SCHEMA};
use crate::spool::Spool;

/// Spill files in the staging directory, removed before it becomes the output.
const SPOOL_PREFIX: &str = ".unspun-spool-";

/// Bytes of the reports' shares of the site-wide files kept in memory
/// before the rest goes to the spool: about 1,800 reports' worth.
const SPOOL_BUDGET: usize = 64 << 20;

/// [`SPOOL_BUDGET`], unless `UNSPUN_SPOOL_BUDGET` gives another number of
/// bytes (the tests spool everything with 0).
fn spool_budget() -> usize {
    std::env::var("UNSPUN_SPOOL_BUDGET")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(SPOOL_BUDGET)
}

/// Choices made on the command line that override `site.toml`.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Write here instead of the configured `output_dir` (relative paths are
    /// relative to the current directory).
    pub output_dir: Option<PathBuf>,
    /// Use this `base_url` instead of the configured one.
    pub base_url: Option<String>,
    /// Include rewrites marked `draft: true`.
    pub drafts: bool,
    /// Show a progress bar of the reports written (drawn only on a terminal).
    pub progress: bool,
    /// Replace the output directory even if it holds files unspun did not write.
    pub force: bool,
    /// Align every report, neither reading nor writing the alignment cache.
    pub no_cache: bool,
}

/// Choices made on the command line for `check`.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Align every report, neither reading nor writing the alignment cache.
    pub no_cache: bool,
}

/// The caches a command uses: the site's, unless told not to.
pub struct Caches {
    pub alignments: AlignCache,
    /// Only `build` uses it: `check` renders every page to check its links.
    pub reports: ReportCache,
}

impl Caches {
    fn for_build(root: &Path, no_cache: bool) -> Caches {
        if no_cache {
            Caches::off()
        } else {
            Caches {
                alignments: AlignCache::in_site(root),
                reports: ReportCache::in_site(root),
            }
        }
    }

    fn for_check(root: &Path, no_cache: bool) -> Caches {
        Caches {
            reports: ReportCache::off(),
            ..Caches::for_build(root, no_cache)
        }
    }

    fn off() -> Caches {
        Caches {
            alignments: AlignCache::off(),
            reports: ReportCache::off(),
        }
    }
}

/// What a build made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildSummary {
    pub sources: usize,
    pub reports: usize,
    pub sites: usize,
    pub findings: usize,
    /// Reports aligned by this build; the others' alignments came from the
    /// alignment cache.
    pub aligned: usize,
    /// Reports rendered by this build (the aligned ones among them); the
    /// others' files came from the previous output, by the report cache.
    pub rendered: usize,
    /// HTML pages rendered.
    pub pages: usize,
    /// Where the site was written (empty for `check`).
    pub output_dir: PathBuf,
    /// What the build did not stop for but the author should know, once each.
    pub warnings: Vec<String>,
}

/// Said when `base_url` is only a path (`init`'s `/`): what is left out or
/// left relative because of it.
pub const RELATIVE_BASE_WARNING: &str = "base_url is a path, not a full address: sitemap.xml is left out (a sitemap needs absolute URLs), and the links in atom.xml and the ids in annotations.jsonld are relative to where the site is served. Set base_url in site.toml to the address the site is published at, e.g. \"https://USER.github.io/PROJECT/\", or build with --base-url.";

/// A site's configuration and content, loaded and validated.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub root: PathBuf,
    pub config: Config,
    pub library: Library,
}

/// Stage 1: reads `site.toml` (with the command line's overrides) and all content.
pub fn load(root: &Path, options: &BuildOptions) -> Result<Loaded, Diagnostics> {
    let mut config = Config::load(root)?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url);
        config.check_base_url(Path::new("--base-url"))?;
    }
    config.drafts = options.drafts;
    // Drafts are left out here unless `--drafts` asked for them.
    let library = crate::content::load(root, &config)?;
    Ok(Loaded {
        root: root.to_path_buf(),
        config,
        library,
    })
}

/// The part of aligning that depends on the original alone, done once for
/// all of its copies.
pub fn prepare_source(source: &Source) -> Result<PreparedText, Diagnostics> {
    let _time = crate::timings::start(crate::timings::Stage::Align);
    let text = Text {
        title: &source.meta.title,
        file: &source.text,
        body_start: source.body_start,
    };
    catch_unwind(AssertUnwindSafe(|| {
        PreparedText::with_roles(&text, &source.meta.roles())
    }))
    .map_err(|panic| internal_error(&source.path, "preparing this original", panic))
}

/// Stage 2 without the alignment cache: aligns one rewrite with its
/// `prepared` source, adds the author's notes as findings of kind `note`,
/// numbers the findings in reading order, and says what the report is about.
pub fn align_with_prepared(
    prepared: &PreparedText,
    source: &Source,
    rewrite: &Rewrite,
    config: &Config,
) -> Result<Report, Diagnostics> {
    let report = align_pair(prepared, source, rewrite, config)?;
    Ok(finish_report(report, source, rewrite, config))
}

/// What the aligner is given for one copy and its original.
fn pair_of<'a>(source: &'a Source, rewrite: &'a Rewrite, config: &'a Config) -> Pair<'a> {
    Pair {
        slug: &rewrite.slug,
        source: Text {
            title: &source.meta.title,
            file: &source.text,
            body_start: source.body_start,
        },
        source_roles: source.meta.roles(),
        rewrite: Text {
            title: &rewrite.meta.title,
            file: &rewrite.text,
            body_start: rewrite.body_start,
        },
        rewrite_roles: rewrite.meta.roles(),
        options: &config.align,
    }
}

/// The aligner alone, on a copy and its `prepared` original: what the
/// alignment cache keeps.
fn align_pair(
    prepared: &PreparedText,
    source: &Source,
    rewrite: &Rewrite,
    config: &Config,
) -> Result<Report, Diagnostics> {
    let _time = crate::timings::start(crate::timings::Stage::Align);
    let pair = pair_of(source, rewrite, config);
    catch_unwind(AssertUnwindSafe(|| {
        align_prepared_with_roles(prepared, &pair.rewrite, &pair.rewrite_roles, pair.options)
    }))
    .map_err(|panic| {
        let what = format!("aligning this copy with {}", source.path.display());
        internal_error(&rewrite.path, &what, panic)
    })
}

/// What the site adds to an alignment: the author's notes, the findings
/// numbered in reading order, and what the report is about.
fn finish_report(
    mut report: Report,
    source: &Source,
    rewrite: &Rewrite,
    config: &Config,
) -> Report {
    add_notes(&mut report, &rewrite.meta.notes);
    if !rewrite.meta.notes.is_empty() {
        // A row with a note is shown first, like one with a finding.
        crate::align::fold::fold_long_report(&mut report);
    }
    crate::reading_order::number_findings(&mut report);
    report.about = Some(crate::about::of_site_report(source, rewrite, &config.align));
    report
}

/// A copy's finished report, and whether it was aligned now (rather than
/// taken from the alignment cache).
pub struct Aligned {
    pub report: Report,
    pub aligned_now: bool,
}

/// Stage 2 for copies of one original, through the alignment cache: each
/// copy's report is taken from `cache` when the aligner's inputs are the
/// same as when it was kept, and aligned (and kept) otherwise, the original
/// prepared once if any copy needs it. `each` gets the copies one by one,
/// in parallel, once all of them are aligned.
pub fn align_copies<'a, T: Send>(
    source: &Source,
    jobs: &[ReportJob<'a>],
    config: &Config,
    cache: &AlignCache,
    each: impl Fn(&ReportJob<'a>, Result<Aligned, Diagnostics>) -> T + Sync,
) -> Vec<T> {
    let time = || crate::timings::start(crate::timings::Stage::Report);
    let kept: Vec<Option<Report>> = jobs
        .par_iter()
        .map(|job| {
            let _time = time();
            cache.get(&pair_of(source, job.rewrite, config))
        })
        .collect();
    let prepared = kept.iter().any(Option::is_none).then(|| {
        let _time = time();
        prepare_source(source)
    });
    let reports: Vec<Result<Aligned, Diagnostics>> = jobs
        .par_iter()
        .zip(kept)
        .map(|(job, kept)| {
            let _time = time();
            alignment_of(kept, prepared.as_ref(), source, job.rewrite, config, cache).map(
                |(report, aligned_now)| Aligned {
                    report: finish_report(report, source, job.rewrite, config),
                    aligned_now,
                },
            )
        })
        .collect();
    // A long original's preparation is the largest thing held while its
    // copies are aligned: it goes before they are rendered.
    drop(prepared);
    jobs.par_iter()
        .zip(reports)
        .map(|(job, report)| each(job, report))
        .collect()
}

/// A copy's alignment, and whether it was aligned now: the one `kept` in
/// the cache, or else aligned with its `prepared` original and kept.
fn alignment_of(
    kept: Option<Report>,
    prepared: Option<&Result<PreparedText, Diagnostics>>,
    source: &Source,
    rewrite: &Rewrite,
    config: &Config,
    cache: &AlignCache,
) -> Result<(Report, bool), Diagnostics> {
    if let Some(report) = kept {
        return Ok((report, false));
    }
    let report = match prepared {
        Some(Ok(prepared)) => align_pair(prepared, source, rewrite, config)?,
        Some(Err(d)) => return Err(d.clone()),
        // Left unprepared only when every copy was kept.
        None => align_pair(&prepare_source(source)?, source, rewrite, config)?,
    };
    cache.put(&pair_of(source, rewrite, config), &report);
    Ok((report, true))
}

/// A panic in the aligner, as an error naming the file being worked on.
fn internal_error(path: &Path, doing: &str, panic: Box<dyn std::any::Any + Send>) -> Diagnostics {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    Diagnostic::new(path, format!("internal error while {doing}: {what}")).into()
}

/// Adds each note as a finding of kind `note`, anchored to the sentence where
/// its quote stands in each text it is on: the one its `side` names, or
/// without one, every text the quote is found in (a passage the copy kept
/// word for word is marked on both sides).
pub fn add_notes(report: &mut Report, notes: &[Note]) {
    if notes.is_empty() {
        return;
    }
    // Each side's text is joined once for all the notes.
    let rewrite_text = JoinedText::new(&report.rewrite.sentences);
    let source_text = JoinedText::new(&report.source.sentences);
    for note in notes {
        let (in_source, in_rewrite) = NoteSide::sides(note.side);
        let mut finding = Finding {
            kind: FindingKind::Note,
            note: note.text.clone(),
            ..Finding::default()
        };
        if in_rewrite {
            if let Some((id, text)) = locate(&report.rewrite.sentences, &rewrite_text, note) {
                finding.rewrite_sentence = Some(id);
                finding.rewrite_text = Some(text);
            }
        }
        if in_source {
            if let Some((id, text)) = locate(&report.source.sentences, &source_text, note) {
                finding.source_sentence = Some(id);
                finding.source_text = Some(text);
            }
        }
        report.findings.push(finding);
    }
    *report.stats.findings.entry(FindingKind::Note).or_insert(0) = report
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Note)
        .count();
}

/// A side's sentences, normalised and joined by spaces, with where each
/// sentence starts: what a note's quote is searched in.
struct JoinedText {
    joined: String,
    starts: Vec<usize>,
}

impl JoinedText {
    fn new(sentences: &[crate::report::Sentence]) -> JoinedText {
        let mut joined = String::new();
        let mut starts = Vec::with_capacity(sentences.len());
        for s in sentences {
            if !joined.is_empty() {
                joined.push(' ');
            }
            starts.push(joined.len());
            push_collapsed(&mut joined, &s.text);
        }
        JoinedText { joined, starts }
    }
}

/// Finds a note's quote (honouring prefix and suffix) in a side's sentences
/// (`text` is them joined): the sentence where it starts, and the exact text
/// of the quote within it.
fn locate(
    sentences: &[crate::report::Sentence],
    text: &JoinedText,
    note: &Note,
) -> Option<(usize, String)> {
    let (joined, starts) = (&text.joined, &text.starts);
    let stripped: String = note
        .quote
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .collect();
    for quote in [searchable(&note.quote), searchable(&stripped)] {
        if quote.is_empty() {
            continue;
        }
        if let Some(at) = quote_places(joined, &quote, note).next() {
            let i = starts.partition_point(|s| *s <= at).saturating_sub(1);
            let sentence = searchable(&sentences[i].text);
            let offset = at - starts[i];
            let end = (offset + quote.len()).min(sentence.len());
            let text = sentence.get(offset..end)?.trim().to_string();
            // The finding's text must be an exact substring of the sentence text.
            if sentences[i].text.contains(&text) {
                return Some((i, text));
            }
            return Some((i, sentences[i].text.clone()));
        }
    }
    None
}

/// Where the site's files go: a staging directory, and/or a link checker
/// that remembers every file, anchor and in-site link (for `check`).
#[derive(Default)]
pub struct Sink<'a> {
    staging: Option<&'a Staging>,
    links: Option<Mutex<LinkChecker>>,
    /// Advanced once per report written, when the build shows a progress bar.
    progress: Option<ProgressBar>,
}

impl<'a> Sink<'a> {
    /// Writes into `staging`.
    pub fn write_to(staging: &'a Staging) -> Sink<'a> {
        Sink {
            staging: Some(staging),
            links: None,
            progress: None,
        }
    }

    /// Shows a progress bar of the reports written on a terminal's stderr.
    pub fn with_progress(mut self, reports: usize) -> Sink<'a> {
        let bar = ProgressBar::new(reports as u64);
        let style = ProgressStyle::with_template("{spinner} {pos}/{len} reports {wide_bar} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        self.progress = Some(bar);
        self
    }

    /// Writes nothing; remembers links so [`Sink::broken_links`] can check them.
    pub fn check_links() -> Sink<'a> {
        Sink {
            progress: None,
            staging: None,
            links: Some(Mutex::new(LinkChecker::new("/", ""))),
        }
    }

    fn emit(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let _time = crate::timings::start(crate::timings::Stage::Write);
        if let Some(links) = &self.links {
            let scanned = crate::links::scan(rel, bytes);
            if let Ok(mut l) = links.lock() {
                l.insert(scanned);
            }
        }
        match self.staging {
            Some(s) => s.write(rel, bytes),
            None => Ok(()),
        }
    }

    /// Copies one of the site's own static files as it is (its links are
    /// the author's: they are not checked, but links to it are).
    fn copy_static(&self, file: &StaticFile) -> Result<(), Diagnostic> {
        if let Some(links) = &self.links {
            if let Ok(mut l) = links.lock() {
                l.add_file(&file.rel);
            }
        }
        match self.staging {
            Some(s) => {
                let shown = Path::new("static").join(&file.rel);
                let bytes = std::fs::read(&file.path)
                    .map_err(|e| Diagnostic::new(&shown, format!("cannot read: {e}")))?;
                s.write(&file.rel, &bytes)
            }
            None => Ok(()),
        }
    }

    /// Writes the file at `rel` through `write`, streamed (for the big
    /// site-wide data files).
    fn emit_with(
        &self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let _time = crate::timings::start(crate::timings::Stage::Write);
        if let Some(links) = &self.links {
            let mut bytes = Vec::new();
            write(&mut bytes).map_err(|e| Diagnostic::new(rel, e.to_string()))?;
            let scanned = crate::links::scan(rel, &bytes);
            if let Ok(mut l) = links.lock() {
                l.insert(scanned);
            }
        }
        match self.staging {
            Some(s) => s.write_with(rel, write),
            None => Ok(()),
        }
    }

    /// A spool in the staging directory for the reports' shares of the
    /// site-wide files; none when nothing is written (they stay in memory).
    fn spool(&self) -> Result<Option<Spool>, Diagnostic> {
        let Some(staging) = self.staging else {
            return Ok(None);
        };
        Spool::create(
            staging.path(),
            SPOOL_PREFIX,
            rayon::current_num_threads(),
            spool_budget(),
        )
        .map(Some)
        .map_err(|e| {
            Diagnostic::new(
                staging.path(),
                format!("cannot create a temporary file: {e}"),
            )
        })
    }

    /// Where the output goes, for messages.
    fn output_path(&self) -> PathBuf {
        self.staging
            .map(|s| s.output().to_path_buf())
            .unwrap_or_default()
    }

    /// Every in-site link or anchor that points nowhere, as diagnostics naming
    /// the page (relative to the output directory).
    /// `base_url` is the site's (a bare path such as `/project/` works too).
    pub fn broken_links(&self, base_url: &str) -> Diagnostics {
        match &self.links {
            Some(l) => match l.lock() {
                Ok(mut l) => {
                    l.set_base_url(base_url);
                    l.check()
                }
                Err(_) => Diagnostics::default(),
            },
            None => Diagnostics::default(),
        }
    }
}

/// One report to make: a copy, its original, and whether it carries the
/// original's search entry.
#[derive(Clone, Copy)]
pub struct ReportJob<'a> {
    pub source: &'a Source,
    pub rewrite: &'a Rewrite,
    /// The first of the original's copies in slug order: the index takes
    /// the original's search entry from it.
    pub first: bool,
}

/// Every report of the library, grouped by original (in slug order, each
/// with its copies in slug order), so each original is prepared once for
/// all of its copies. `content::load` has checked that every copy's
/// original exists.
pub fn report_jobs(library: &Library) -> Vec<(&Source, Vec<ReportJob<'_>>)> {
    let mut by_source: BTreeMap<&str, Vec<&Rewrite>> = BTreeMap::new();
    for rewrite in &library.rewrites {
        by_source
            .entry(rewrite.meta.source.as_str())
            .or_default()
            .push(rewrite);
    }
    by_source
        .into_iter()
        .filter_map(|(name, copies)| {
            let source = library.source(name)?;
            let jobs = copies
                .iter()
                .enumerate()
                .map(|(i, rewrite)| ReportJob {
                    source,
                    rewrite,
                    first: i == 0,
                })
                .collect();
            Some((source, jobs))
        })
        .collect()
}

/// One report's files and what the pages listing it need.
pub struct RenderedReport {
    /// Its report page, embed page (`[exports] embed`), `report.json` and own data files: path
    /// relative to the output, and bytes.
    pub files: Vec<(String, Vec<u8>)>,
    pub summary: ReportSummary,
    pub findings: usize,
    /// Its share of the site-wide data files.
    pub data: ReportData,
}

/// Stage 3 for one report: its pages, `report.json` and data files.
pub fn render_report(
    renderer: &Renderer,
    report: &Report,
    job: &ReportJob,
) -> Result<RenderedReport, Diagnostics> {
    let ReportJob {
        source,
        rewrite,
        first,
    } = *job;
    let ctx = report_context(report, rewrite, source, &renderer.urls);
    let slug = &rewrite.slug;
    let mut diags = Diagnostics::default();
    let mut files = Vec::with_capacity(4);
    let exports = &renderer.site().exports;
    let mut made = vec![(paths::report_page(slug).file(), renderer.report_page(&ctx))];
    if exports.embed {
        made.push((paths::embed_page(slug).file(), renderer.embed_page(&ctx)));
    }
    for (path, page) in made {
        match page {
            Ok(html) => files.push((path, html.into_bytes())),
            Err(d) => diags.push(d),
        }
    }
    match report.to_json_file() {
        Ok(bytes) => files.push((paths::report_json(slug), bytes)),
        Err(e) => diags.push(Diagnostic::new(
            &rewrite.path,
            format!("cannot write report.json: {e}"),
        )),
    }
    // findings.csv, annotations, search index: this report's share.
    let mut data = ReportData::new(report, rewrite, source, &renderer.urls, first, exports);
    for (rel, bytes) in data.files() {
        files.push((rel, bytes.to_vec()));
    }
    data.release_written_files();
    diags.into_result(RenderedReport {
        files,
        summary: ReportSummary::new(&ctx, report),
        findings: report.findings.len(),
        data,
    })
}

/// A page made from the whole site rather than one report.
#[derive(Debug, Clone, Copy)]
pub enum Listing<'a> {
    /// A page of the index of all reports, from 1.
    Index(usize),
    NotFound,
    Atom,
    Sitemap,
    /// What each data file holds (`data/index.html`).
    Data,
    /// The JSON Schema of `report.json`, published beside the data.
    Schema,
    /// A page (from 1) of an original and its copies.
    Source(&'a Source, usize),
    /// A page (from 1) of a publisher of copies, by its slug.
    Site(&'a str, usize),
}

impl Listing<'_> {
    /// Where the page goes, relative to the output.
    pub fn path(&self) -> String {
        match self {
            Listing::Index(n) => paths::listing_page(&paths::index_page(), *n).file(),
            Listing::NotFound => paths::NOT_FOUND.into(),
            Listing::Atom => paths::ATOM.into(),
            Listing::Sitemap => paths::SITEMAP.into(),
            Listing::Data => paths::data_page().file(),
            Listing::Schema => paths::REPORT_SCHEMA.into(),
            Listing::Source(source, n) => {
                paths::listing_page(&paths::source_page(&source.slug), *n).file()
            }
            Listing::Site(slug, n) => paths::listing_page(&paths::publisher_page(slug), *n).file(),
        }
    }

    /// An HTML page (not a feed or sitemap).
    pub fn is_html(&self) -> bool {
        !matches!(self, Listing::Atom | Listing::Sitemap | Listing::Schema)
    }
}

/// What the listing pages are made from: every original, and every report's
/// summary, newest first.
pub struct Listings<'a> {
    sources: Vec<&'a Source>,
    reports: &'a [ReportSummary],
    /// Reports a page (`page_size`).
    page_size: usize,
    /// Each original's copies, newest first.
    copies: BTreeMap<&'a str, Vec<&'a ReportSummary>>,
    /// Each publisher's copies, newest first.
    sites: BTreeMap<String, Vec<&'a ReportSummary>>,
}

/// What a listing page shows, for a cache to tell when it must be made again.
pub struct Shows<'a> {
    pub reports: Vec<&'a ReportSummary>,
    pub sources: Vec<&'a Source>,
}

impl<'a> Listings<'a> {
    /// `reports` must be sorted with [`sort_newest_first`]; `page_size`
    /// reports go on a page.
    pub fn new(
        sources: Vec<&'a Source>,
        reports: &'a [ReportSummary],
        page_size: usize,
    ) -> Listings<'a> {
        let mut copies: BTreeMap<&str, Vec<&ReportSummary>> = BTreeMap::new();
        for r in reports {
            copies.entry(r.source_slug.as_str()).or_default().push(r);
        }
        Listings {
            sources,
            reports,
            page_size,
            copies,
            sites: render::site_groups(reports),
        }
    }

    /// Every listing page of the site, in a fixed order. A sitemap's
    /// `<loc>`s must be absolute: with a bare path for `base_url` there is
    /// none (the build warns; see [`RELATIVE_BASE_WARNING`]).
    pub fn pages(&self, renderer: &Renderer) -> Vec<Listing<'_>> {
        let count = |items: usize| 1..=page_count(items, self.page_size);
        let mut pages: Vec<Listing> = count(self.reports.len()).map(Listing::Index).collect();
        pages.extend([Listing::NotFound, Listing::Atom]);
        if renderer.urls.base_url().contains("://") {
            pages.push(Listing::Sitemap);
        }
        pages.extend([Listing::Data, Listing::Schema]);
        for source in &self.sources {
            let copies = self.copies_of(source).len();
            pages.extend(count(copies).map(|n| Listing::Source(source, n)));
        }
        for (slug, members) in &self.sites {
            pages.extend(count(members.len()).map(|n| Listing::Site(slug, n)));
        }
        pages
    }

    /// How many publishers of copies the site has.
    pub fn site_count(&self) -> usize {
        self.sites.len()
    }

    fn copies_of(&self, source: &Source) -> &[&'a ReportSummary] {
        self.copies
            .get(source.slug.as_str())
            .map_or(&[][..], Vec::as_slice)
    }

    fn members(&self, slug: &str) -> &[&'a ReportSummary] {
        self.sites.get(slug).map_or(&[][..], Vec::as_slice)
    }

    /// The reports and originals `page` shows.
    pub fn shows(&self, page: &Listing) -> Shows<'a> {
        let all = || self.reports.iter().collect();
        match page {
            Listing::Index(_) | Listing::Atom => Shows {
                reports: all(),
                sources: Vec::new(),
            },
            Listing::Sitemap => Shows {
                reports: all(),
                sources: self.sources.clone(),
            },
            Listing::NotFound | Listing::Data | Listing::Schema => Shows {
                reports: Vec::new(),
                sources: Vec::new(),
            },
            Listing::Source(source, _) => Shows {
                reports: self.copies_of(source).to_vec(),
                sources: self
                    .sources
                    .iter()
                    .copied()
                    .filter(|s| s.slug == source.slug)
                    .collect(),
            },
            Listing::Site(slug, _) => Shows {
                reports: self.members(slug).to_vec(),
                sources: Vec::new(),
            },
        }
    }

    /// Stage 3 for one listing page: its text.
    pub fn render(&self, page: &Listing, renderer: &Renderer) -> Result<String, Diagnostic> {
        match page {
            Listing::Index(n) => renderer.index_page(self.reports, *n),
            Listing::NotFound => renderer.not_found_page(),
            Listing::Data => renderer.data_page(self.reports.len()),
            Listing::Schema => Ok(SCHEMA.to_string()),
            Listing::Atom => renderer.atom_feed(self.reports),
            Listing::Sitemap => renderer.sitemap(self.reports, &self.sources),
            Listing::Source(source, n) => renderer.source_page(source, self.copies_of(source), *n),
            Listing::Site(slug, n) => renderer.site_page(slug, self.members(slug), *n),
        }
    }
}

/// A file of the site's own `static/` directory, copied to the top of the
/// output as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    /// Path in the output, `/`-separated.
    pub rel: String,
    /// Where it is on disk.
    pub path: PathBuf,
}

/// Lists the site's own `static/` files (sorted); symbolic links are refused
/// rather than followed, so a link loop cannot hang a build and a link cannot
/// copy a file from outside the site.
pub fn static_files(root: &Path) -> Result<Vec<StaticFile>, Diagnostics> {
    let dir = root.join("static");
    let shown = Path::new("static");
    let mut files = Vec::new();
    let mut errors = Diagnostics::default();
    if dir.symlink_metadata().is_ok_and(|m| m.is_symlink()) {
        return Err(
            Diagnostic::new(shown, "is a symbolic link, which unspun does not follow")
                .with_hint("replace the link with the directory itself")
                .into(),
        );
    }
    if !dir.is_dir() {
        return Ok(files);
    }
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(Diagnostic::new(shown, format!("cannot read: {e}")));
                continue;
            }
        };
        let Ok(rel) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        if entry.file_type().is_symlink() {
            errors.push(
                Diagnostic::new(shown.join(rel), "symbolic links are not copied")
                    .with_hint("replace the link with the file itself"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        files.push(StaticFile {
            rel: rel.join("/"),
            path: entry.path().to_path_buf(),
        });
    }
    errors.into_result(files)
}

/// What one report leaves for the pages and files made after all reports.
type Rendered = Result<(ReportSummary, usize, ReportData), Diagnostics>;

/// What a build did to make one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Work {
    /// Aligned and rendered.
    Aligned,
    /// Rendered from the alignment cache's report.
    Rendered,
    /// Neither: its files were linked from the previous output.
    Linked,
}

/// Aligns, renders and writes every report, in parallel; returns them in the
/// library's order. A report the report cache holds, whose files the
/// previous output has, is neither aligned nor rendered: its files are
/// linked. The copies of one original left to make are aligned with a
/// single preparation of it.
fn render_reports(
    loaded: &Loaded,
    renderer: &Renderer,
    sink: &Sink,
    spool: Option<&Spool>,
    caches: &Caches,
) -> Vec<(Rendered, Work)> {
    let per_source: Vec<Vec<(&str, (Rendered, Work))>> = report_jobs(&loaded.library)
        .par_iter()
        .map(|(source, jobs)| {
            let (linked, to_make): (Vec<_>, Vec<_>) = jobs
                .par_iter()
                .map(|job| (job, link_unchanged(renderer, sink, spool, caches, job)))
                .partition(|(_, linked)| linked.is_some());
            let to_make: Vec<ReportJob> = to_make.into_iter().map(|(job, _)| *job).collect();
            let made = align_copies(
                source,
                &to_make,
                &loaded.config,
                &caches.alignments,
                |job, aligned| {
                    let work = match &aligned {
                        Ok(a) if !a.aligned_now => Work::Rendered,
                        _ => Work::Aligned,
                    };
                    let rendered = aligned.and_then(|a| {
                        write_report(renderer, sink, spool, &caches.reports, a.report, job)
                    });
                    (job.rewrite.slug.as_str(), (rendered, work))
                },
            );
            let linked = linked.into_iter().filter_map(|(job, linked)| {
                Some((job.rewrite.slug.as_str(), (linked?, Work::Linked)))
            });
            made.into_iter().chain(linked).collect()
        })
        .collect();
    let mut results: Vec<(&str, (Rendered, Work))> = per_source.into_iter().flatten().collect();
    results.sort_by_key(|(slug, _)| *slug);
    results.into_iter().map(|(_, r)| r).collect()
}

/// What a report's files are made from, for the report cache.
fn report_key<'a>(renderer: &'a Renderer, job: &ReportJob<'a>) -> ReportKey<'a> {
    ReportKey {
        slug: &job.rewrite.slug,
        renderer: renderer.identity(),
        first: job.first,
        source: &job.source.text,
        rewrite: &job.rewrite.text,
    }
}

/// Stages 2-4 for one report whose files the report cache and the previous
/// output both hold: links them, and spools its share of the site-wide
/// files. None when either does not: the report is then made as if
/// neither did.
fn link_unchanged(
    renderer: &Renderer,
    sink: &Sink,
    spool: Option<&Spool>,
    caches: &Caches,
    job: &ReportJob,
) -> Option<Rendered> {
    // Without a previous output there is nothing to link: no entry is read.
    let staging = sink.staging.filter(|s| s.has_previous())?;
    let Made {
        files,
        summary,
        findings,
        mut data,
    } = caches.reports.get(&report_key(renderer, job))?;
    let linked = {
        let _time = crate::timings::start(crate::timings::Stage::Write);
        staging.link_unchanged(&files)
    };
    if !linked {
        return None;
    }
    if let Some(bar) = &sink.progress {
        bar.inc(1);
    }
    Some(spool_share(sink, spool, &mut data).map(|()| (summary, findings, data)))
}

/// Moves a report's share of the site-wide files to the spool, if it must go.
fn spool_share(
    sink: &Sink,
    spool: Option<&Spool>,
    data: &mut ReportData,
) -> Result<(), Diagnostics> {
    match spool.map(|spool| data.spool(spool)) {
        Some(Err(e)) => Err(Diagnostic::new(
            sink.output_path(),
            format!("cannot write a temporary file: {e}"),
        )
        .into()),
        _ => Ok(()),
    }
}

/// Stages 3-4 for one report: renders its files, writes them, keeps them in
/// the report cache, and spools its share of the site-wide files.
fn write_report(
    renderer: &Renderer,
    sink: &Sink,
    spool: Option<&Spool>,
    reports: &ReportCache,
    report: Report,
    job: &ReportJob,
) -> Rendered {
    let _time = crate::timings::start(crate::timings::Stage::Report);
    let RenderedReport {
        files,
        summary,
        findings,
        data,
    } = render_report(renderer, &report, job)?;
    drop(report);
    let mut diags = Diagnostics::default();
    for (rel, bytes) in &files {
        if let Err(d) = sink.emit(rel, bytes) {
            diags.push(d);
        }
    }
    let mut made = Made {
        files: (files.iter())
            .map(|(rel, bytes)| (rel.clone(), Fingerprint::of(bytes)))
            .collect(),
        summary,
        findings,
        data,
    };
    drop(files);
    if diags.is_empty() {
        reports.put(&report_key(renderer, job), &made);
    }
    if let Err(d) = spool_share(sink, spool, &mut made.data) {
        diags.extend(d);
    }
    if let Some(bar) = &sink.progress {
        bar.inc(1);
    }
    diags.into_result((made.summary, made.findings, made.data))
}

/// Stages 2-4: aligns every rewrite, renders every page, and hands them to
/// `sink` (which writes them, or only checks their links).
pub fn render_site(
    loaded: &Loaded,
    renderer: &Renderer,
    sink: &Sink,
    caches: &Caches,
) -> Result<BuildSummary, Diagnostics> {
    let library = &loaded.library;
    // The site's own static files are listed first: a link among them fails
    // the build before anything is aligned.
    let statics = static_files(&loaded.root)?;
    let spool = sink.spool()?;
    let results = render_reports(loaded, renderer, sink, spool.as_ref(), caches);
    crate::timings::checkpoint("reports");

    let mut diags = Diagnostics::default();
    let mut reports = Vec::with_capacity(results.len());
    let mut findings = 0;
    let mut aligned = 0;
    let mut rendered = 0;
    let mut data = Vec::with_capacity(results.len());
    for (r, work) in results {
        aligned += usize::from(work == Work::Aligned);
        rendered += usize::from(work != Work::Linked);
        match r {
            Ok((summary, n, d)) => {
                findings += n;
                reports.push(summary);
                data.push(d);
            }
            Err(d) => diags.extend(d),
        }
    }
    if !diags.is_empty() {
        return Err(diags.into_result(()).unwrap_err());
    }
    // Every report is made: the entries of copies no longer in the site go.
    let live = library.rewrites.iter().map(|r| r.slug.as_str()).collect();
    caches.alignments.retain(&live);
    caches.reports.retain(&live);
    sort_newest_first(&mut reports);

    // The listing pages and the site-wide data files, side by side.
    let listings = Listings::new(
        library.sources.iter().collect(),
        &reports,
        loaded.config.page_size,
    );
    let (listing, data_written) = rayon::join(
        || write_listings(&listings, renderer, sink),
        || {
            let data: Vec<&ReportData> = data.iter().collect();
            data_files::write_site_files(&data, &loaded.config, spool.as_ref(), |rel, w| {
                sink.emit_with(rel, w)
            })
        },
    );
    let report_pages = if loaded.config.exports.embed { 2 } else { 1 };
    let pages = reports.len() * report_pages + listing.0;
    diags.extend(listing.1);
    if let Err(d) = data_written {
        diags.push(d);
    }
    if let Some(spool) = spool {
        if let Err(e) = spool.remove() {
            diags.push(Diagnostic::new(
                sink.output_path(),
                format!("cannot remove a temporary file: {e}"),
            ));
        }
    }
    if let Err(d) = sink.emit(MARKER, b"") {
        diags.push(d);
    }

    // Theme files under static/, then the site's own static/ at the top, as they are.
    for (name, bytes) in renderer.static_files() {
        if let Err(d) = sink.emit(&paths::theme_file(name), bytes) {
            diags.push(d);
        }
    }
    for file in &statics {
        if let Err(d) = sink.copy_static(file) {
            diags.push(d);
        }
    }

    crate::timings::checkpoint("pages");
    diags.into_result(BuildSummary {
        sources: library.sources.len(),
        reports: reports.len(),
        sites: listings.site_count(),
        findings,
        aligned,
        rendered,
        pages,
        output_dir: PathBuf::new(),
        warnings: Vec::new(),
    })
}

/// Renders and writes every listing page, in parallel; returns how many HTML
/// pages were made.
fn write_listings(listings: &Listings, renderer: &Renderer, sink: &Sink) -> (usize, Diagnostics) {
    let pages = listings.pages(renderer);
    let diags: Vec<Diagnostic> = pages
        .par_iter()
        .filter_map(|page| {
            listings
                .render(page, renderer)
                .and_then(|text| sink.emit(&page.path(), text.as_bytes()))
                .err()
        })
        .collect();
    let html_pages = pages.iter().filter(|p| p.is_html()).count();
    (html_pages, Diagnostics(diags))
}

/// The output directory a build writes to.
pub fn output_dir(loaded: &Loaded, options: &BuildOptions) -> PathBuf {
    match &options.output_dir {
        Some(dir) => dir.clone(),
        None => loaded.root.join(&loaded.config.output_dir),
    }
}

/// Builds the site at `root`: everything is written to a staging directory
/// that replaces the output only if the whole build succeeded.
pub fn build(root: &Path, options: &BuildOptions) -> Result<BuildSummary, Diagnostics> {
    crate::timings::begin();
    let loaded = load(root, options)?;
    crate::timings::checkpoint("load");
    let renderer = Renderer::new(root, &loaded.config)?;
    if options.output_dir.is_none() {
        loaded.config.check_output_dir_links(root)?;
    }
    let output = output_dir(&loaded, options);
    let policy = ReplacePolicy {
        keep: loaded.config.keep.clone(),
        force: options.force,
    };
    let staging = Staging::create(root, &output, &policy)?;
    crate::timings::checkpoint("setup");
    let mut sink = Sink::write_to(&staging);
    if options.progress {
        sink = sink.with_progress(loaded.library.rewrites.len());
    }
    let caches = Caches::for_build(root, options.no_cache);
    let result = render_site(&loaded, &renderer, &sink, &caches);
    if let Some(bar) = &sink.progress {
        bar.finish_and_clear();
    }
    let mut summary = result?;
    summary.output_dir = staging.commit()?;
    if !loaded.config.has_absolute_base_url() {
        summary.warnings.push(RELATIVE_BASE_WARNING.to_string());
    }
    crate::timings::checkpoint("commit");
    crate::timings::print();
    Ok(summary)
}

/// Does everything a build does except writing: loads, aligns and renders
/// every page in memory, checks every in-site link and anchor, and reports
/// every problem found.
pub fn check(root: &Path, options: &CheckOptions) -> Result<BuildSummary, Diagnostics> {
    let loaded = load(
        root,
        &BuildOptions {
            drafts: true,
            ..BuildOptions::default()
        },
    )?;
    let renderer = Renderer::new(root, &loaded.config)?;
    let sink = Sink::check_links();
    let caches = Caches::for_check(root, options.no_cache);
    let summary = render_site(&loaded, &renderer, &sink, &caches)?;
    if let Some(links) = sink.links.as_ref().and_then(|l| l.lock().ok()).as_mut() {
        // A broken `@/` link is reported where its author wrote it.
        let rewrites = loaded.library.rewrites.iter();
        for (url, dest, file, line) in written(rewrites, renderer.urls.base_path()) {
            links.written_at(url, dest, file, line);
        }
    }
    sink.broken_links(renderer.urls.base_url())
        .into_result(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Side, Stats};

    fn side(texts: &[&str]) -> Side {
        Side::of_body_sentences(texts)
    }

    fn note(quote: &str, prefix: Option<&str>, suffix: Option<&str>) -> Note {
        Note {
            quote: quote.into(),
            prefix: prefix.map(Into::into),
            suffix: suffix.map(Into::into),
            side: None,
            text: "**n**".into(),
        }
    }

    #[test]
    fn a_note_typed_with_combining_marks_finds_the_precomposed_text() {
        // The aligner's sentences are in NFC; the author's editor may have
        // typed the quote decomposed ("Nguye\u{302}\u{303}n").
        let mut report = Report {
            source: side(&["Minister Nguy\u{1ec5}n Van Toan resigned."]),
            rewrite: side(&["It was said."]),
            ..Report::default()
        };
        add_notes(
            &mut report,
            &[note("Nguye\u{302}\u{303}n Van Toan", None, None)],
        );
        let f = &report.findings[0];
        assert_eq!(f.source_sentence, Some(0));
        assert_eq!(f.source_text.as_deref(), Some("Nguy\u{1ec5}n Van Toan"));
    }

    #[test]
    fn notes_are_located_with_prefix_and_suffix() {
        let mut report = Report {
            source: side(&["The rate stays.", "Ilan Baro said so."]),
            rewrite: side(&["It was said.", "It was said again, said the man."]),
            alignment: vec![],
            findings: vec![],
            stats: Stats::default(),
            ..Report::default()
        };
        add_notes(
            &mut report,
            &[
                note("said", Some("again,"), None),
                note("Ilan Baro", None, None),
                note("not anywhere", None, None),
                note("was said", None, Some("again")),
            ],
        );
        let f = &report.findings;
        assert_eq!(
            (f[0].rewrite_sentence, f[0].rewrite_text.as_deref()),
            (Some(1), Some("said"))
        );
        assert_eq!(
            (f[1].source_sentence, f[1].source_text.as_deref()),
            (Some(1), Some("Ilan Baro"))
        );
        assert_eq!((f[2].source_sentence, f[2].rewrite_sentence), (None, None));
        assert_eq!(f[3].rewrite_sentence, Some(1));
        assert_eq!(report.stats.findings[&FindingKind::Note], 4);
    }
}
