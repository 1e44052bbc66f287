//! Building a site: load, align, render, write — each a stage that `build`,
//! `check` and `serve` share.
//!
//! Reports are rendered and written inside one parallel loop, one rewrite at
//! a time per thread, so no more than a few pages are held in memory; only a
//! small [`ReportSummary`] of each is kept for the index, source, site and
//! feed pages. Iteration is sorted everywhere, so two builds of the same
//! input give the same bytes.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::align::{align, Text};
use crate::config::Config;
use crate::content::{Library, Note, Rewrite, Source};
use crate::data_files::{self, ReportData};
use crate::error::{Diagnostic, Diagnostics};
use crate::links::LinkChecker;
use crate::output::{Staging, MARKER};
use crate::render::{self, report_context, sort_newest_first, Renderer, ReportSummary};
use crate::report::{Finding, FindingKind, Report};

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

/// Stage 2: aligns one rewrite with its source and adds the author's notes as
/// findings of kind `note`.
pub fn align_rewrite(
    source: &Source,
    rewrite: &Rewrite,
    config: &Config,
) -> Result<Report, Diagnostics> {
    let _time = crate::timings::start(crate::timings::Stage::Align);
    let s = Text {
        title: &source.meta.title,
        file: &source.text,
        body_start: source.body_start,
    };
    let r = Text {
        title: &rewrite.meta.title,
        file: &rewrite.text,
        body_start: rewrite.body_start,
    };
    let mut report =
        catch_unwind(AssertUnwindSafe(|| align(&s, &r, &config.align))).map_err(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Diagnostics::from(Diagnostic::new(
                &rewrite.path,
                format!(
                    "internal error while aligning this copy with {}: {what}",
                    source.path.display()
                ),
            ))
        })?;
    add_notes(&mut report, &rewrite.meta.notes);
    Ok(report)
}

/// Adds each note as a finding of kind `note`, anchored to the sentence where
/// its quote stands (the copy is searched first, then the original).
pub fn add_notes(report: &mut Report, notes: &[Note]) {
    for note in notes {
        let mut finding = Finding {
            kind: FindingKind::Note,
            source_sentence: None,
            rewrite_sentence: None,
            source_text: None,
            rewrite_text: None,
            note: note.text.clone(),
        };
        if let Some((id, text)) = locate(&report.rewrite.sentences, note) {
            finding.rewrite_sentence = Some(id);
            finding.rewrite_text = Some(text);
        } else if let Some((id, text)) = locate(&report.source.sentences, note) {
            finding.source_sentence = Some(id);
            finding.source_text = Some(text);
        }
        report.findings.push(finding);
    }
    *report.stats.findings.entry(FindingKind::Note).or_insert(0) = report
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Note)
        .count();
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Finds a note's quote (honouring prefix and suffix) in a side's sentences:
/// the sentence where it starts, and the exact text of the quote within it.
fn locate(sentences: &[crate::report::Sentence], note: &Note) -> Option<(usize, String)> {
    let mut joined = String::new();
    let mut starts = Vec::with_capacity(sentences.len());
    for s in sentences {
        if !joined.is_empty() {
            joined.push(' ');
        }
        starts.push(joined.len());
        joined.push_str(&normalise(&s.text));
    }
    let stripped: String = note
        .quote
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .collect();
    for quote in [normalise(&note.quote), normalise(&stripped)] {
        if quote.is_empty() {
            continue;
        }
        let prefix = note.prefix.as_deref().map(normalise).unwrap_or_default();
        let suffix = note.suffix.as_deref().map(normalise).unwrap_or_default();
        for (at, _) in joined.match_indices(quote.as_str()) {
            let before = joined[..at].trim_end();
            let after = joined[at + quote.len()..].trim_start();
            if !before.ends_with(prefix.trim()) || !after.starts_with(suffix.trim()) {
                continue;
            }
            let i = starts.partition_point(|s| *s <= at).saturating_sub(1);
            let sentence = normalise(&sentences[i].text);
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

/// Stages 2-4: aligns every rewrite, renders every page, and writes them to
/// `sink` (or only renders them when `sink` is `None`).
pub fn render_site(
    loaded: &Loaded,
    renderer: &Renderer,
    sink: &Sink,
) -> Result<BuildSummary, Diagnostics> {
    let library = &loaded.library;
    let results: Vec<Result<(ReportSummary, usize, ReportData), Diagnostics>> = library
        .rewrites
        .par_iter()
        .map(|rewrite| {
            let _time = crate::timings::start(crate::timings::Stage::Report);
            let source = library.source(&rewrite.meta.source).ok_or_else(|| {
                Diagnostics::from(Diagnostic::new(
                    &rewrite.path,
                    format!("source {:?} not found", rewrite.meta.source),
                ))
            })?;
            let report = align_rewrite(source, rewrite, &loaded.config)?;
            let ctx = report_context(&report, rewrite, source, &renderer.urls);
            let mut diags = Diagnostics::default();
            let slug = &rewrite.slug;
            let pages = renderer.report_pages(&ctx);
            match pages.report {
                Ok(html) => {
                    if let Err(d) =
                        sink.emit(&format!("reports/{slug}/index.html"), html.as_bytes())
                    {
                        diags.push(d);
                    }
                }
                Err(d) => diags.push(d),
            }
            match pages.embed {
                Ok(html) => {
                    if let Err(d) = sink.emit(&format!("embed/{slug}/index.html"), html.as_bytes())
                    {
                        diags.push(d);
                    }
                }
                Err(d) => diags.push(d),
            }
            match serde_json::to_string_pretty(&report) {
                Ok(mut json) => {
                    json.push('\n');
                    if let Err(d) =
                        sink.emit(&format!("reports/{slug}/report.json"), json.as_bytes())
                    {
                        diags.push(d);
                    }
                }
                Err(e) => diags.push(Diagnostic::new(
                    &rewrite.path,
                    format!("cannot write report.json: {e}"),
                )),
            }
            // findings.csv, annotations, search index: this report's share.
            let mut data = ReportData::new(&report, rewrite, source, &renderer.urls);
            for (rel, bytes) in data.files() {
                if let Err(d) = sink.emit(&rel, bytes) {
                    diags.push(d);
                }
            }
            data.release_written_files();
            let findings = report.findings.len();
            if let Some(bar) = &sink.progress {
                bar.inc(1);
            }
            diags.into_result((ReportSummary::new(&ctx, &report), findings, data))
        })
        .collect();
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

    let mut pages = reports.len() * 2;
    let put = |rel: &str, result: Result<String, Diagnostic>, diags: &mut Diagnostics| match result
    {
        Ok(text) => {
            if let Err(d) = sink.emit(rel, text.as_bytes()) {
                diags.push(d);
            }
        }
        Err(d) => diags.push(d),
    };
    put("index.html", renderer.index_page(&reports), &mut diags);
    pages += 1;
    for source in &library.sources {
        let copies: Vec<&ReportSummary> = reports
            .iter()
            .filter(|r| r.source_slug == source.slug)
            .collect();
        put(
            &format!("sources/{}/index.html", source.slug),
            renderer.source_page(source, &copies),
            &mut diags,
        );
        pages += 1;
    }
    let sites = render::site_groups(&reports);
    for (slug, rs) in &sites {
        put(
            &format!("sites/{slug}/index.html"),
            renderer.site_page(slug, rs),
            &mut diags,
        );
        pages += 1;
    }
    put("404.html", renderer.not_found_page(), &mut diags);
    pages += 1;
    put("atom.xml", renderer.atom_feed(&reports), &mut diags);
    let sources: Vec<&Source> = library.sources.iter().collect();
    put(
        "sitemap.xml",
        renderer.sitemap(&reports, &sources),
        &mut diags,
    );
    let data: Vec<&ReportData> = data.iter().collect();
    for (rel, text) in data_files::site_files(&data, &loaded.config) {
        put(&rel, Ok(text), &mut diags);
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
            text: "**n**".into(),
        }
    }

    #[test]
    fn notes_are_located_with_prefix_and_suffix() {
        let mut report = Report {
            source: side(&["The rate stays.", "Ilan Baro said so."]),
            rewrite: side(&["It was said.", "It was said again, said the man."]),
            alignment: vec![],
            findings: vec![],
            stats: Stats::default(),
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
