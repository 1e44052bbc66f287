//! Incremental rebuilds: the site as a function of its files, remembered.
//!
//! `serve` keeps every input it has read (each content file with a
//! generation number that changes when its text does), every alignment, and
//! every rendered page together with a key made of the generations it was
//! made from. A rebuild re-reads only the files a save touched, then walks
//! the whole site cheaply: a page is rendered again only if its key changed.
//! So saving one copy re-aligns that copy and re-renders its report, and the
//! index, source, site and feed pages only if what they show of it changed;
//! a template or `site.toml` change re-renders everything (alignments are
//! kept unless the `[align]` options changed).
//!
//! The stages are the build's own ([`site::prepare_source`] and
//! [`site::align_with_prepared`], the
//! [`Renderer`]'s pages, [`content::load_source_file`]...), so a served page
//! is byte for byte the page `unspun build` writes (tests check this).
//!
//! Nothing is published until a rebuild has no error: a failed rebuild
//! leaves the last good site in place, and because every cache entry is
//! keyed by its inputs, the next rebuild after a fix picks up exactly what is
//! still stale.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::align::{AlignOptions, PreparedText};
use crate::config::Config;
use crate::content::{self, Library, Rewrite, Source, REWRITES_DIR, SOURCES_DIR};
use crate::data_files::{self, ReportData};
use crate::error::{Diagnostic, Diagnostics};
use crate::output::MARKER;
use crate::render::{report_context, site_groups, sort_newest_first, Renderer, ReportSummary};
use crate::report::Report;
use crate::site;

use super::files::{Body, SiteFiles};
use super::watch::Changes;

/// Output paths, as `unspun build` writes them.
pub mod paths {
    pub fn report(slug: &str) -> String {
        format!("reports/{slug}/index.html")
    }
    pub fn report_json(slug: &str) -> String {
        format!("reports/{slug}/report.json")
    }
    pub fn embed(slug: &str) -> String {
        format!("embed/{slug}/index.html")
    }
    pub fn source(slug: &str) -> String {
        format!("sources/{slug}/index.html")
    }
    pub fn site(slug: &str) -> String {
        format!("sites/{slug}/index.html")
    }
    pub fn theme_static(name: &str) -> String {
        format!("static/{name}")
    }
    pub const INDEX: &str = "index.html";
    pub const ATOM: &str = "atom.xml";
    pub const SITEMAP: &str = "sitemap.xml";
    pub const NOT_FOUND: &str = "404.html";
}

/// How a serve session differs from `site.toml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Replaces `base_url` (serve points it at its own address).
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
}

/// What one rebuild did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Whether any served file was added, removed or changed.
    pub changed: bool,
    /// The files that changed, or `None` when too many to list (or the
    /// theme or static files changed: every page may look different).
    pub paths: Option<Vec<String>>,
    /// Rewrites aligned again.
    pub aligned: usize,
    /// Files rendered again (pages, feeds, report.json).
    pub rendered: usize,
    /// Reports in the site.
    pub reports: usize,
}

/// One content file as last read: the article or its problems.
struct Article<T> {
    value: Result<Arc<T>, Diagnostics>,
    /// Changes whenever the file's text (or its problems) change.
    gen: u64,
}

/// One rewrite's alignment and rendered files.
struct ReportEntry {
    /// (rewrite gen, source gen, align gen) the report was made from.
    align_key: (u64, u64, u64),
    report: Arc<Report>,
    /// `align_key` plus the renderer's generation.
    page_key: (u64, u64, u64, u64),
    summary: Arc<ReportSummary>,
    /// Everything list pages show of this report, to tell whether they must change.
    fingerprint: String,
    /// Changes when `fingerprint` does.
    summary_gen: u64,
    /// Report page, embed page, report.json, its annotations.
    files: Vec<(String, Arc<[u8]>)>,
    /// Its share of the site-wide data files (findings.csv, search index...).
    data: Arc<ReportData>,
}

/// A rewrite's checks against the library, with the (rewrite gen, source gen) they ran on.
type Checked = ((u64, u64), Result<(), Diagnostics>);
/// (rewrite gen, source gen, align options gen): what an alignment depends on.
type AlignKey = (u64, u64, u64);
/// A report to align or render again.
type StaleReport<'a> = (&'a Arc<Rewrite>, &'a Arc<Source>, AlignKey);
/// One report rendered (and whether it was aligned again), by slug.
type Rendered = (String, Result<(ReportEntry, bool), Diagnostics>);

/// The served site and everything remembered to rebuild it quickly.
pub struct Site {
    root: PathBuf,
    overrides: Overrides,
    gen: u64,

    config: Option<Result<Arc<Config>, Diagnostics>>,
    align_options: Option<AlignOptions>,
    align_gen: u64,
    renderer: Option<Result<Arc<Renderer>, Diagnostics>>,
    render_gen: u64,

    listing_errors: Diagnostics,
    sources: BTreeMap<PathBuf, Article<Source>>,
    rewrites: BTreeMap<PathBuf, Article<Rewrite>>,
    /// (rewrite gen, source gen) -> the rewrite's checks against the library.
    checks: HashMap<PathBuf, Checked>,
    statics: Result<BTreeMap<String, PathBuf>, Diagnostics>,

    reports: HashMap<String, ReportEntry>,
    /// List pages and other whole-site files: path -> key they were rendered with.
    pages: HashMap<String, u64>,
    /// Rendered (or removed) since the last good rebuild, to publish with the next.
    pending: BTreeMap<String, Option<Arc<[u8]>>>,
    /// The theme's files in `current`, and the renderer generation they came from.
    theme_files: Vec<String>,
    theme_files_gen: u64,
    /// The site-wide data files and the key they were made with.
    data_files: Vec<String>,
    data_key: u64,

    /// The site as last published, patched by each good rebuild.
    current: SiteFiles,
    published: Arc<SiteFiles>,
    built_once: bool,
}

fn key_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Turns a stage's failure into diagnostics.
fn diags(d: impl Into<Diagnostics>) -> Diagnostics {
    d.into()
}

impl Site {
    /// A site not yet built; call [`Site::rebuild`] with [`Changes::everything`].
    pub fn new(root: &Path, overrides: Overrides) -> Site {
        Site {
            root: root.to_path_buf(),
            overrides,
            gen: 0,
            config: None,
            align_options: None,
            align_gen: 0,
            renderer: None,
            render_gen: 0,
            listing_errors: Diagnostics::default(),
            sources: BTreeMap::new(),
            rewrites: BTreeMap::new(),
            checks: HashMap::new(),
            statics: Ok(BTreeMap::new()),
            reports: HashMap::new(),
            pages: HashMap::new(),
            pending: BTreeMap::new(),
            theme_files: Vec::new(),
            theme_files_gen: 0,
            data_files: Vec::new(),
            data_key: 0,
            current: SiteFiles::new(),
            published: Arc::new(SiteFiles::new()),
            built_once: false,
        }
    }

    /// The last good site.
    pub fn files(&self) -> Arc<SiteFiles> {
        Arc::clone(&self.published)
    }

    /// Keeps serving `files` (after a fresh start) until the next good rebuild.
    pub fn keep_published(&mut self, files: Arc<SiteFiles>) {
        self.published = files;
    }

    fn next_gen(&mut self) -> u64 {
        self.gen += 1;
        self.gen
    }

    /// Re-reads what `changes` names and brings the site up to date. On
    /// error the last good site stays published and every problem found in
    /// the whole site (not only in the changed files) is returned.
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Outcome, Diagnostics> {
        self.rebuild_with(changes, &mut |_, _| {})
    }

    /// [`Site::rebuild`], publishing early: once the changed reports are
    /// rendered, and before the pages that list them, `early` gets the site
    /// with the new reports and the paths that changed, so the page being
    /// edited shows without waiting for the index of a large site.
    pub fn rebuild_with(
        &mut self,
        changes: &Changes,
        early: &mut dyn FnMut(Arc<SiteFiles>, Option<Vec<String>>),
    ) -> Result<Outcome, Diagnostics> {
        let first = !self.built_once;
        if changes.config || self.config.is_none() {
            self.reload_config();
        }
        let config = match self.config.as_ref() {
            Some(Ok(config)) => Arc::clone(config),
            Some(Err(d)) => return Err(d.clone()),
            None => return Err(Diagnostic::new(&self.root, "no configuration").into()),
        };
        if changes.config || changes.templates || self.renderer.is_none() {
            self.renderer = Some(Renderer::new(&self.root, &config).map(Arc::new));
            self.render_gen = self.next_gen();
        }
        if first || changes.content_rescan {
            self.rescan_content();
        } else {
            for path in &changes.sources {
                self.reload_source(path);
            }
            for path in &changes.rewrites {
                self.reload_rewrite(path);
            }
        }
        if first || changes.statics {
            self.statics = list_statics(&self.root);
        }
        let result = self.render(&config, early);
        if result.is_ok() {
            self.built_once = true;
        }
        result
    }

    fn reload_config(&mut self) {
        let loaded = Config::load(&self.root).map_err(diags).map(|mut config| {
            if let Some(url) = &self.overrides.base_url {
                config.set_base_url(url);
            }
            config.drafts = self.overrides.drafts;
            config
        });
        if let Ok(config) = &loaded {
            if self.align_options.as_ref() != Some(&config.align) {
                self.align_options = Some(config.align.clone());
                self.align_gen = self.next_gen();
            }
        }
        self.config = Some(loaded.map(Arc::new));
    }

    fn rescan_content(&mut self) {
        let mut errors = Diagnostics::default();
        let (sources, e) = content::list_files(&self.root, SOURCES_DIR);
        errors.extend(e);
        let (rewrites, e) = content::list_files(&self.root, REWRITES_DIR);
        errors.extend(e);
        self.listing_errors = errors;
        let sources: BTreeSet<PathBuf> = sources.into_iter().collect();
        let rewrites: BTreeSet<PathBuf> = rewrites.into_iter().collect();
        self.sources.retain(|p, _| sources.contains(p));
        self.rewrites.retain(|p, _| rewrites.contains(p));
        for path in &sources {
            self.reload_source(path);
        }
        for path in &rewrites {
            self.reload_rewrite(path);
        }
    }

    /// Whether `path` (relative) is a content file `load` would read.
    fn is_content_file(&self, path: &Path) -> bool {
        let hidden = path
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        let full = self.root.join(path);
        !hidden
            && std::fs::symlink_metadata(&full).is_ok()
            && path.extension().is_some_and(|e| e == "md")
    }

    fn reload_source(&mut self, path: &Path) {
        if !self.is_content_file(path) {
            self.sources.remove(path);
            return;
        }
        let value = content::load_source_file(&self.root, path).map(Arc::new);
        let gen = match self.sources.get(path) {
            Some(Article {
                value: Ok(old),
                gen,
            }) if matches!(&value, Ok(new) if new.text == old.text) => *gen,
            _ => self.next_gen(),
        };
        self.sources
            .insert(path.to_path_buf(), Article { value, gen });
    }

    fn reload_rewrite(&mut self, path: &Path) {
        if !self.is_content_file(path) {
            self.rewrites.remove(path);
            return;
        }
        let value = content::load_rewrite_file(&self.root, path).map(Arc::new);
        let gen = match self.rewrites.get(path) {
            Some(Article {
                value: Ok(old),
                gen,
            }) if matches!(&value, Ok(new) if new.text == old.text) => *gen,
            _ => self.next_gen(),
        };
        self.rewrites
            .insert(path.to_path_buf(), Article { value, gen });
    }

    /// Checks the content as `content::load` would, then renders what is stale.
    fn render(
        &mut self,
        config: &Arc<Config>,
        early: &mut dyn FnMut(Arc<SiteFiles>, Option<Vec<String>>),
    ) -> Result<Outcome, Diagnostics> {
        let mut errors = Diagnostics::default();
        let renderer = match self.renderer.as_ref() {
            Some(Ok(r)) => Some(Arc::clone(r)),
            Some(Err(d)) => {
                errors.extend(d.clone());
                None
            }
            None => None,
        };
        errors.extend(self.listing_errors.clone());

        // The library as `load` sees it: every file read, slugs unique.
        let mut sources: Vec<(&Arc<Source>, u64)> = Vec::new();
        for article in self.sources.values() {
            match &article.value {
                Ok(s) => sources.push((s, article.gen)),
                Err(d) => errors.extend(d.clone()),
            }
        }
        let mut rewrites: Vec<(&Arc<Rewrite>, u64)> = Vec::new();
        for article in self.rewrites.values() {
            match &article.value {
                Ok(r) => rewrites.push((r, article.gen)),
                Err(d) => errors.extend(d.clone()),
            }
        }
        sources.sort_by(|a, b| a.0.slug.cmp(&b.0.slug));
        rewrites.sort_by(|a, b| a.0.slug.cmp(&b.0.slug));
        if let Err(d) =
            content::check_slugs(sources.iter().map(|(s, _)| (&s.slug, &s.path)), "source")
        {
            errors.extend(d);
        }
        if let Err(d) =
            content::check_slugs(rewrites.iter().map(|(r, _)| (&r.slug, &r.path)), "rewrite")
        {
            errors.extend(d);
        }
        let by_slug: HashMap<&str, (&Arc<Source>, u64)> = sources
            .iter()
            .rev()
            .map(|(s, g)| (s.slug.as_str(), (*s, *g)))
            .collect();

        // Each rewrite against its source, remembered until either changes.
        let mut everything: Option<Library> = None;
        let mut checks = std::mem::take(&mut self.checks);
        checks.retain(|path, _| self.rewrites.contains_key(path));
        for (rewrite, gen) in &rewrites {
            let source = by_slug.get(rewrite.meta.source.as_str());
            let key = (*gen, source.map_or(0, |(_, g)| *g));
            let fresh = checks.get(&rewrite.path).is_some_and(|(k, _)| *k == key);
            if !fresh {
                let library = match source {
                    Some((s, _)) => Library {
                        sources: vec![Source::clone(s)],
                        rewrites: Vec::new(),
                    },
                    None => everything
                        .get_or_insert_with(|| Library {
                            sources: sources.iter().map(|(s, _)| Source::clone(s)).collect(),
                            rewrites: Vec::new(),
                        })
                        .clone(),
                };
                checks.insert(
                    rewrite.path.clone(),
                    (key, content::check_rewrite_in(rewrite, &library)),
                );
            }
            if let Some((_, Err(d))) = checks.get(&rewrite.path) {
                errors.extend(d.clone());
            }
        }
        self.checks = checks;
        if let Err(d) = &self.statics {
            errors.extend(d.clone());
        }
        let Some(renderer) = renderer.filter(|_| errors.is_empty()) else {
            return Err(errors.into_result(()).unwrap_err());
        };
        if !config.drafts {
            rewrites.retain(|(r, _)| !r.meta.draft);
        }

        // Align and render the reports whose inputs changed, in parallel.
        let render_gen = self.render_gen;
        let align_gen = self.align_gen;
        let stale: Vec<StaleReport> = rewrites
            .iter()
            .filter_map(|(rewrite, gen)| {
                let (source, source_gen) = by_slug.get(rewrite.meta.source.as_str())?;
                let align_key = (*gen, *source_gen, align_gen);
                let page_key = (align_key.0, align_key.1, align_key.2, render_gen);
                let fresh = self
                    .reports
                    .get(&rewrite.slug)
                    .is_some_and(|e| e.page_key == page_key);
                (!fresh).then_some((*rewrite, *source, align_key))
            })
            .collect();
        let old = &self.reports;
        let cached = |rewrite: &Rewrite, align_key: &AlignKey| {
            old.get(&rewrite.slug).filter(|e| e.align_key == *align_key)
        };
        // Each original with copies to align again, prepared once for all of
        // them (as the build does).
        let originals: BTreeMap<&str, &Source> = stale
            .iter()
            .filter(|(rewrite, _, align_key)| cached(rewrite, align_key).is_none())
            .map(|(_, source, _)| (source.slug.as_str(), source.as_ref()))
            .collect();
        let prepared: BTreeMap<&str, Result<PreparedText, Diagnostics>> = originals
            .into_par_iter()
            .map(|(slug, source)| (slug, site::prepare_source(source)))
            .collect();
        let results: Vec<Rendered> = stale
            .par_iter()
            .map(|(rewrite, source, align_key)| {
                let alignment = match cached(rewrite, align_key) {
                    Some(entry) => Alignment::Cached(entry),
                    None => Alignment::Fresh(prepared.get(source.slug.as_str())),
                };
                let result = render_report(
                    &renderer, config, rewrite, source, *align_key, render_gen, alignment,
                );
                (rewrite.slug.clone(), result)
            })
            .collect();
        let mut outcome = Outcome::default();
        let mut fresh_entries = Vec::new();
        for (slug, result) in results {
            match result {
                Ok((entry, realigned)) => {
                    outcome.aligned += usize::from(realigned);
                    outcome.rendered += entry.files.len();
                    fresh_entries.push((slug, entry));
                }
                Err(d) => errors.extend(d),
            }
        }
        if !errors.is_empty() {
            return Err(errors.into_result(()).unwrap_err());
        }
        // From here on nothing can fail but the list pages; what is rendered
        // is queued in `pending` and published with the next good rebuild.
        let live: BTreeSet<&str> = rewrites.iter().map(|(r, _)| r.slug.as_str()).collect();
        let pending = &mut self.pending;
        self.reports.retain(|slug, entry| {
            let keep = live.contains(slug.as_str());
            if !keep {
                for (path, _) in &entry.files {
                    pending.insert(path.clone(), None);
                }
            }
            keep
        });
        for (slug, mut entry) in fresh_entries {
            entry.summary_gen = match self.reports.get(&slug) {
                Some(old) if old.fingerprint == entry.fingerprint => old.summary_gen,
                _ => {
                    self.gen += 1;
                    self.gen
                }
            };
            for (path, bytes) in &entry.files {
                self.pending.insert(path.clone(), Some(Arc::clone(bytes)));
            }
            self.reports.insert(slug, entry);
        }
        outcome.reports = live.len();

        // The pages that list reports, each keyed by what it shows.
        let mut summaries: Vec<(&ReportEntry, &str)> = live
            .iter()
            .filter_map(|slug| self.reports.get(*slug).map(|e| (e, *slug)))
            .collect();
        summaries.sort_by(|a, b| {
            b.0.summary
                .date
                .cmp(&a.0.summary.date)
                .then_with(|| a.1.cmp(b.1))
        });
        let all_key = key_of((
            render_gen,
            summaries
                .iter()
                .map(|(e, s)| (*s, e.summary_gen))
                .collect::<Vec<_>>(),
        ));
        let source_gens: Vec<(&str, u64)> =
            sources.iter().map(|(s, g)| (s.slug.as_str(), *g)).collect();
        let mut by_source: HashMap<&str, Vec<(&str, u64)>> = HashMap::new();
        let mut by_site: BTreeMap<&str, Vec<(&str, u64)>> = BTreeMap::new();
        for (e, s) in &summaries {
            by_source
                .entry(e.summary.source_slug.as_str())
                .or_default()
                .push((*s, e.summary_gen));
            by_site
                .entry(e.summary.site_slug.as_str())
                .or_default()
                .push((*s, e.summary_gen));
        }

        let mut wanted: Vec<(String, u64, ListPage)> = vec![
            (
                paths::INDEX.to_string(),
                key_of(("index", all_key)),
                ListPage::Index,
            ),
            (
                paths::ATOM.to_string(),
                key_of(("atom", all_key)),
                ListPage::Atom,
            ),
            (
                paths::SITEMAP.to_string(),
                key_of(("sitemap", all_key, &source_gens)),
                ListPage::Sitemap,
            ),
            (
                paths::NOT_FOUND.to_string(),
                key_of(("404", render_gen)),
                ListPage::NotFound,
            ),
        ];
        for (source, gen) in &sources {
            let copies = by_source.get(source.slug.as_str());
            let key = key_of(("source", render_gen, gen, copies));
            wanted.push((paths::source(&source.slug), key, ListPage::Source(source)));
        }
        for (site_slug, members) in &by_site {
            let key = key_of(("site", render_gen, members));
            wanted.push((
                paths::site(site_slug),
                key,
                ListPage::Site(site_slug.to_string()),
            ));
        }
        let stale_pages: Vec<&(String, u64, ListPage)> = wanted
            .iter()
            .filter(|(path, key, _)| self.pages.get(path).is_none_or(|k| k != key))
            .collect();
        let data_key = key_of((
            "data",
            render_gen,
            summaries
                .iter()
                .map(|(e, s)| (*s, e.page_key))
                .collect::<Vec<_>>(),
        ));
        let data_stale = data_key != self.data_key;
        if (data_stale || !stale_pages.is_empty()) && !self.pending.is_empty() && self.built_once {
            let mut changed = Vec::new();
            apply_pending(&mut self.current, &mut self.pending, &mut changed);
            if !changed.is_empty() {
                self.published = Arc::new(self.current.clone());
                early(Arc::clone(&self.published), listed(changed));
            }
        }

        if !stale_pages.is_empty() {
            // The list pages take owned summaries, newest first as the build sorts them.
            let mut owned: Vec<ReportSummary> = summaries
                .iter()
                .map(|(e, _)| ReportSummary::clone(&e.summary))
                .collect();
            sort_newest_first(&mut owned);
            let groups = site_groups(&owned);
            let source_refs: Vec<&Source> = sources.iter().map(|(s, _)| s.as_ref()).collect();
            let rendered: Vec<(String, u64, Result<String, Diagnostic>)> = stale_pages
                .par_iter()
                .map(|(path, key, page)| {
                    let text = match page {
                        ListPage::Index => renderer.index_page(&owned),
                        ListPage::Atom => renderer.atom_feed(&owned),
                        ListPage::Sitemap => renderer.sitemap(&owned, &source_refs),
                        ListPage::NotFound => renderer.not_found_page(),
                        ListPage::Source(source) => {
                            let copies: Vec<&ReportSummary> = owned
                                .iter()
                                .filter(|r| r.source_slug == source.slug)
                                .collect();
                            renderer.source_page(source, &copies)
                        }
                        ListPage::Site(slug) => {
                            let members = groups.get(slug).cloned().unwrap_or_default();
                            renderer.site_page(slug, &members)
                        }
                    };
                    (path.clone(), *key, text)
                })
                .collect();
            let mut new_pages = Vec::new();
            for (path, key, text) in rendered {
                match text {
                    Ok(text) => new_pages.push((path, key, Arc::<[u8]>::from(text.into_bytes()))),
                    Err(d) => errors.push(d),
                }
            }
            if !errors.is_empty() {
                return Err(errors.into_result(()).unwrap_err());
            }
            outcome.rendered += new_pages.len();
            for (path, key, bytes) in new_pages {
                self.pages.insert(path.clone(), key);
                self.pending.insert(path, Some(bytes));
            }
        }
        if data_stale {
            let shares: Vec<&ReportData> = summaries.iter().map(|(e, _)| &*e.data).collect();
            let mut now = Vec::new();
            for (path, text) in data_files::site_files(&shares, config) {
                self.pending
                    .insert(path.clone(), Some(Arc::from(text.into_bytes())));
                now.push(path);
            }
            outcome.rendered += now.len();
            for path in std::mem::replace(&mut self.data_files, now) {
                if !self.data_files.contains(&path) {
                    self.pending.insert(path, None);
                }
            }
            self.data_key = data_key;
        }
        let wanted_paths: BTreeSet<&str> = wanted.iter().map(|(p, _, _)| p.as_str()).collect();
        let pending = &mut self.pending;
        self.pages.retain(|path, _| {
            let keep = wanted_paths.contains(path.as_str());
            if !keep {
                pending.insert(path.clone(), None);
            }
            keep
        });

        // Publish: the queued files, the theme's files when the theme was
        // reloaded, and the site's own static/ over everything.
        let mut changed = Vec::new();
        apply_pending(&mut self.current, &mut self.pending, &mut changed);
        let mut everything = false;
        if self.current.insert(MARKER, Body::memory(Vec::new())) {
            changed.push(MARKER.to_string());
        }
        if self.theme_files_gen != render_gen {
            let mut now = Vec::new();
            for (name, bytes) in renderer.static_files() {
                let path = paths::theme_static(name);
                everything |= self.current.insert(&path, Body::memory(bytes.to_vec()));
                now.push(path);
            }
            for path in std::mem::replace(&mut self.theme_files, now) {
                if !self.theme_files.contains(&path) {
                    everything |= self.current.remove(&path);
                }
            }
            self.theme_files_gen = render_gen;
        }
        if let Ok(statics) = &self.statics {
            let layer = statics
                .iter()
                .map(|(path, full)| (Arc::from(path.as_str()), Body::Disk(full.clone())))
                .collect();
            everything |= self.current.set_statics(layer);
        }
        outcome.changed = everything || !changed.is_empty();
        outcome.paths = if everything { None } else { listed(changed) };
        self.published = Arc::new(self.current.clone());
        Ok(outcome)
    }
}

/// Most changed paths named in a reload event; beyond this, "everything".
const MAX_LISTED: usize = 200;

fn listed(paths: Vec<String>) -> Option<Vec<String>> {
    (paths.len() <= MAX_LISTED).then_some(paths)
}

/// Moves the queued files into `current`, noting the paths that changed.
fn apply_pending(
    current: &mut SiteFiles,
    pending: &mut BTreeMap<String, Option<Arc<[u8]>>>,
    changed: &mut Vec<String>,
) {
    for (path, bytes) in std::mem::take(pending) {
        let differs = match bytes {
            Some(bytes) => current.insert(&path, Body::Memory(bytes)),
            None => current.remove(&path),
        };
        if differs {
            changed.push(path);
        }
    }
}

/// A page listing reports (or the 404 page), to be rendered.
enum ListPage<'a> {
    Index,
    Atom,
    Sitemap,
    NotFound,
    Source(&'a Source),
    Site(String),
}

/// Where a report's alignment comes from.
enum Alignment<'a> {
    /// Still valid from an earlier rebuild.
    Cached(&'a ReportEntry),
    /// To be made, with the original prepared (if it was).
    Fresh(Option<&'a Result<PreparedText, Diagnostics>>),
}

/// Aligns (unless the alignment is cached) and renders one report's files.
fn render_report(
    renderer: &Renderer,
    config: &Config,
    rewrite: &Rewrite,
    source: &Source,
    align_key: (u64, u64, u64),
    render_gen: u64,
    alignment: Alignment,
) -> Result<(ReportEntry, bool), Diagnostics> {
    let (report, realigned) = match alignment {
        Alignment::Cached(entry) => (Arc::clone(&entry.report), false),
        Alignment::Fresh(Some(Ok(prepared))) => (
            Arc::new(site::align_with_prepared(
                prepared, source, rewrite, config,
            )?),
            true,
        ),
        Alignment::Fresh(Some(Err(d))) => return Err(d.clone()),
        Alignment::Fresh(None) => (
            Arc::new(site::align_rewrite(source, rewrite, config)?),
            true,
        ),
    };
    let ctx = report_context(&report, rewrite, source, &renderer.urls);
    let slug = &rewrite.slug;
    let pages = renderer.report_pages(&ctx);
    let page = pages.report?;
    let embed = pages.embed?;
    let json = report
        .to_json_file()
        .map_err(|e| Diagnostic::new(&rewrite.path, format!("cannot write report.json: {e}")))?;
    let summary = ReportSummary::new(&ctx, &report);
    let fingerprint = format!(
        "{}{:?}{:?}",
        serde_json::to_string(&summary).unwrap_or_default(),
        summary.coverage,
        summary.source_sentences
    );
    // Any copy may become its original's first in slug order as copies
    // come and go, so each keeps the original's search entry.
    let mut data = ReportData::new(&report, rewrite, source, &renderer.urls, true);
    let mut files: Vec<(String, Arc<[u8]>)> = vec![
        (paths::report(slug), Arc::from(page)),
        (paths::embed(slug), Arc::from(embed)),
        (paths::report_json(slug), Arc::from(json)),
    ];
    for (path, bytes) in data.files() {
        files.push((path, Arc::from(bytes)));
    }
    data.release_written_files();
    let entry = ReportEntry {
        align_key,
        report,
        page_key: (align_key.0, align_key.1, align_key.2, render_gen),
        summary: Arc::new(summary),
        fingerprint,
        summary_gen: 0,
        files,
        data: Arc::new(data),
    };
    Ok((entry, realigned))
}

/// The site's own `static/` files, copied to the top of the output as they
/// are; links are refused, as the build refuses them.
fn list_statics(root: &Path) -> Result<BTreeMap<String, PathBuf>, Diagnostics> {
    let dir = root.join("static");
    let mut files = BTreeMap::new();
    let mut errors = Diagnostics::default();
    if !dir.is_dir() {
        return Ok(files);
    }
    for entry in WalkDir::new(&dir).follow_links(false).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(Diagnostic::new("static", format!("cannot read: {e}")));
                continue;
            }
        };
        let Ok(rel) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let shown = Path::new("static").join(rel);
        if entry.file_type().is_symlink() {
            errors.push(
                Diagnostic::new(&shown, "symbolic links are not copied")
                    .with_hint("replace the link with the file itself"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let key: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        files.insert(key.join("/"), entry.path().to_path_buf());
    }
    errors.into_result(files)
}
