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
use crate::config::Config;
use crate::content::{
    push_collapsed, quote_places, searchable, Library, Note, NoteSide, Rewrite, Source,
};
use crate::data_files::{self, ReportData};
use crate::error::{Diagnostic, Diagnostics};
use crate::links::LinkChecker;
use crate::output::{Staging, MARKER};
use crate::render::{self, report_context, sort_newest_first, Renderer, ReportPage, ReportSummary};
use crate::report::{Finding, FindingKind, Report};
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

pub use crate::render::slugify;

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
}

/// What a build made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildSummary {
    pub sources: usize,
    pub reports: usize,
    pub sites: usize,
    pub findings: usize,
    /// HTML pages rendered.
    pub pages: usize,
    /// Where the site was written (empty for `check`).
    pub output_dir: PathBuf,
}

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

/// Stage 2: aligns one rewrite with its source, adds the author's notes as
/// findings of kind `note`, numbers the findings in reading order, and says
/// what the report is about.
pub fn align_rewrite(
    source: &Source,
    rewrite: &Rewrite,
    config: &Config,
) -> Result<Report, Diagnostics> {
    align_with_prepared(&prepare_source(source)?, source, rewrite, config)
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

/// [`align_rewrite`] with the source already prepared.
pub fn align_with_prepared(
    prepared: &PreparedText,
    source: &Source,
    rewrite: &Rewrite,
    config: &Config,
) -> Result<Report, Diagnostics> {
    let _time = crate::timings::start(crate::timings::Stage::Align);
    let r = Text {
        title: &rewrite.meta.title,
        file: &rewrite.text,
        body_start: rewrite.body_start,
    };
    let mut report = catch_unwind(AssertUnwindSafe(|| {
        align_prepared_with_roles(prepared, &r, &rewrite.meta.roles(), &config.align)
    }))
    .map_err(|panic| {
        let what = format!("aligning this copy with {}", source.path.display());
        internal_error(&rewrite.path, &what, panic)
    })?;
    add_notes(&mut report, &rewrite.meta.notes);
    crate::reading_order::number_findings(&mut report);
    report.about = Some(crate::about::of_site_report(source, rewrite, &config.align));
    Ok(report)
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
        self.emit_pieces(rel, &[bytes])
    }

    /// Writes the file at `rel` from `pieces`, one after the other.
    fn emit_pieces(&self, rel: &str, pieces: &[&[u8]]) -> Result<(), Diagnostic> {
        let _time = crate::timings::start(crate::timings::Stage::Write);
        if let Some(links) = &self.links {
            let scanned = match pieces {
                [bytes] => crate::links::scan(rel, bytes),
                _ => crate::links::scan(rel, &pieces.concat()),
            };
            if let Ok(mut l) = links.lock() {
                l.insert(scanned);
            }
        }
        match self.staging {
            Some(s) => s.write_pieces(rel, pieces),
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

/// What one report leaves for the pages and files made after all reports.
type Rendered = Result<(ReportSummary, usize, ReportData), Diagnostics>;

/// Aligns, renders and writes every report, in parallel; returns them in the
/// library's order. The copies of one original are aligned with a single
/// preparation of it.
fn render_reports(
    loaded: &Loaded,
    renderer: &Renderer,
    sink: &Sink,
    spool: Option<&Spool>,
) -> Vec<Rendered> {
    let rewrites = &loaded.library.rewrites;
    let mut by_source: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, rewrite) in rewrites.iter().enumerate() {
        by_source.entry(&rewrite.meta.source).or_default().push(i);
    }
    let by_source: Vec<(&str, Vec<usize>)> = by_source.into_iter().collect();
    let per_source: Vec<Vec<(usize, Rendered)>> = by_source
        .par_iter()
        .map(|(name, copies)| {
            let Some(source) = loaded.library.source(name) else {
                return copies
                    .iter()
                    .map(|&i| {
                        let rewrite = &rewrites[i];
                        let d = Diagnostic::new(
                            &rewrite.path,
                            format!("source {:?} not found", rewrite.meta.source),
                        );
                        (i, Err(d.into()))
                    })
                    .collect();
            };
            let prepared = prepare_source(source);
            // The copy whose report carries the original's search entry.
            let first_copy = copies.iter().min_by_key(|&&i| &rewrites[i].slug).copied();
            copies
                .par_iter()
                .map(|&i| {
                    let rendered = match &prepared {
                        Ok(prepared) => {
                            let copy = ReportInput {
                                prepared,
                                source,
                                rewrite: &rewrites[i],
                                first: first_copy == Some(i),
                            };
                            render_report(loaded, renderer, sink, spool, &copy)
                        }
                        Err(d) => Err(d.clone()),
                    };
                    (i, rendered)
                })
                .collect()
        })
        .collect();
    let mut results: Vec<(usize, Rendered)> = per_source.into_iter().flatten().collect();
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// One copy to report on, with its original.
struct ReportInput<'a> {
    prepared: &'a PreparedText,
    source: &'a Source,
    rewrite: &'a Rewrite,
    /// The first of the original's copies in slug order.
    first: bool,
}

/// Stages 2-4 for one report: aligns the copy, renders its pages and
/// `report.json`, writes them, and spools its share of the site-wide files.
fn render_report(
    loaded: &Loaded,
    renderer: &Renderer,
    sink: &Sink,
    spool: Option<&Spool>,
    copy: &ReportInput,
) -> Rendered {
    let _time = crate::timings::start(crate::timings::Stage::Report);
    let ReportInput {
        prepared,
        source,
        rewrite,
        first,
    } = *copy;
    let report = align_with_prepared(prepared, source, rewrite, &loaded.config)?;
    let ctx = report_context(&report, rewrite, source, &renderer.urls);
    let mut diags = Diagnostics::default();
    let slug = &rewrite.slug;
    let mut put = |rel: String, file: Result<&[&[u8]], Diagnostic>| match file {
        Ok(pieces) => {
            if let Err(d) = sink.emit_pieces(&rel, pieces) {
                diags.push(d);
            }
        }
        Err(d) => diags.push(d),
    };
    renderer.each_report_page(&ctx, |which, page| {
        let dir = match which {
            ReportPage::Report => "reports",
            ReportPage::Embed => "embed",
        };
        put(format!("{dir}/{slug}/index.html"), page);
    });
    let json = report
        .to_json_file()
        .map_err(|e| Diagnostic::new(&rewrite.path, format!("cannot write report.json: {e}")));
    let json_path = format!("reports/{slug}/report.json");
    match json {
        Ok(bytes) => put(json_path, Ok(&[bytes.as_slice()])),
        Err(d) => put(json_path, Err(d)),
    }
    // findings.csv, annotations, search index: this report's share.
    let mut data = ReportData::new(&report, rewrite, source, &renderer.urls, first);
    for (rel, bytes) in data.files() {
        if let Err(d) = sink.emit(&rel, bytes) {
            diags.push(d);
        }
    }
    data.release_written_files();
    if let Some(spool) = spool {
        if let Err(e) = data.spool(spool) {
            diags.push(Diagnostic::new(
                sink.output_path(),
                format!("cannot write a temporary file: {e}"),
            ));
        }
    }
    if let Some(bar) = &sink.progress {
        bar.inc(1);
    }
    let findings = report.findings.len();
    diags.into_result((ReportSummary::new(&ctx, &report), findings, data))
}

/// Stages 2-4: aligns every rewrite, renders every page, and writes them to
/// `sink` (or only renders them when `sink` is `None`).
pub fn render_site(
    loaded: &Loaded,
    renderer: &Renderer,
    sink: &Sink,
) -> Result<BuildSummary, Diagnostics> {
    let library = &loaded.library;
    let spool = sink.spool()?;
    let results = render_reports(loaded, renderer, sink, spool.as_ref());
    crate::timings::checkpoint("reports");

    let mut diags = Diagnostics::default();
    let mut reports = Vec::with_capacity(results.len());
    let mut findings = 0;
    let mut data = Vec::with_capacity(results.len());
    for r in results {
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
    sort_newest_first(&mut reports);

    // The listing pages and the site-wide data files, side by side.
    let sites = render::site_groups(&reports);
    let (listing, data_written) = rayon::join(
        || render_listings(library, renderer, sink, &reports, &sites),
        || {
            let data: Vec<&ReportData> = data.iter().collect();
            let mut diags = Diagnostics::default();
            let written =
                data_files::write_site_files(&data, &loaded.config, spool.as_ref(), |rel, w| {
                    sink.emit_with(rel, w)
                });
            if let Err(d) = written {
                diags.push(d);
            }
            diags
        },
    );
    let pages = reports.len() * 2 + listing.0;
    diags.extend(listing.1);
    diags.extend(data_written);
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
        if let Err(d) = sink.emit(&format!("static/{name}"), bytes) {
            diags.push(d);
        }
    }
    let dir = loaded.root.join("static");
    if let Some(staging) = sink.staging {
        if let Err(d) = staging.copy_dir(&dir, "", Path::new("static")) {
            diags.extend(d);
        }
    }
    if let Some(links) = &sink.links {
        if let Ok(mut l) = links.lock() {
            for entry in walkdir::WalkDir::new(&dir)
                .follow_links(false)
                .into_iter()
                .flatten()
            {
                if entry.file_type().is_file() {
                    if let Ok(rel) = entry.path().strip_prefix(&dir) {
                        let rel: Vec<String> = rel
                            .components()
                            .map(|c| c.as_os_str().to_string_lossy().into_owned())
                            .collect();
                        l.add_file(&rel.join("/"));
                    }
                }
            }
        }
    }

    let site_count = sites.len();
    crate::timings::checkpoint("pages");
    diags.into_result(BuildSummary {
        sources: library.sources.len(),
        reports: reports.len(),
        sites: site_count,
        findings,
        pages,
        output_dir: PathBuf::new(),
    })
}

/// Renders one page: its path in the output, and its text.
type PageJob<'a> = Box<dyn Fn() -> (String, Result<String, Diagnostic>) + Send + Sync + 'a>;

/// Renders and writes the index, source, site and 404 pages, the feed and
/// the sitemap, in parallel; returns how many HTML pages were made.
fn render_listings(
    library: &Library,
    renderer: &Renderer,
    sink: &Sink,
    reports: &[ReportSummary],
    sites: &BTreeMap<String, Vec<&ReportSummary>>,
) -> (usize, Diagnostics) {
    // Each original's copies, newest first like `reports`.
    let mut copies: BTreeMap<&str, Vec<&ReportSummary>> = BTreeMap::new();
    for r in reports {
        copies.entry(r.source_slug.as_str()).or_default().push(r);
    }
    let sources: Vec<&Source> = library.sources.iter().collect();
    let mut jobs: Vec<PageJob> = vec![
        Box::new(|| ("index.html".into(), renderer.index_page(reports))),
        Box::new(|| ("404.html".into(), renderer.not_found_page())),
        Box::new(|| ("atom.xml".into(), renderer.atom_feed(reports))),
        Box::new(|| ("sitemap.xml".into(), renderer.sitemap(reports, &sources))),
    ];
    let html_pages = 2 + library.sources.len() + sites.len();
    for source in &library.sources {
        let copies = copies
            .get(source.slug.as_str())
            .map_or(&[][..], Vec::as_slice);
        jobs.push(Box::new(move || {
            let rel = format!("sources/{}/index.html", source.slug);
            (rel, renderer.source_page(source, copies))
        }));
    }
    for (slug, rs) in sites {
        jobs.push(Box::new(move || {
            (
                format!("sites/{slug}/index.html"),
                renderer.site_page(slug, rs),
            )
        }));
    }
    let diags: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|job| {
            let (rel, page) = job();
            page.and_then(|text| sink.emit(&rel, text.as_bytes())).err()
        })
        .collect();
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
    let staging = Staging::create(root, &output)?;
    crate::timings::checkpoint("setup");
    let mut sink = Sink::write_to(&staging);
    if options.progress {
        sink = sink.with_progress(loaded.library.rewrites.len());
    }
    let result = render_site(&loaded, &renderer, &sink);
    if let Some(bar) = &sink.progress {
        bar.finish_and_clear();
    }
    let mut summary = result?;
    summary.output_dir = staging.commit()?;
    crate::timings::checkpoint("commit");
    crate::timings::print();
    Ok(summary)
}

/// Does everything a build does except writing: loads, aligns and renders
/// every page in memory, checks every in-site link and anchor, and reports
/// every problem found.
pub fn check(root: &Path) -> Result<BuildSummary, Diagnostics> {
    let loaded = load(
        root,
        &BuildOptions {
            drafts: true,
            ..BuildOptions::default()
        },
    )?;
    let renderer = Renderer::new(root, &loaded.config)?;
    let sink = Sink::check_links();
    let summary = render_site(&loaded, &renderer, &sink)?;
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

    #[test]
    fn slugs_are_safe() {
        assert_eq!(slugify("DailyBuzz24.net"), "dailybuzz24-net");
        assert_eq!(slugify("  --Über News!! "), "ber-news");
        assert_eq!(slugify("../../etc"), "etc");
        assert_eq!(slugify("!!!"), "site");
    }
}
