//! Incremental rebuilds: `serve` as a cache over the build's own stages.
//!
//! Every rebuild runs the stages `unspun build` runs, through the same
//! functions ([`site::load`], [`site::report_jobs`], [`site::render_report`],
//! [`Listings`], [`data_files::write_site_files`], [`site::static_files`]),
//! and skips the work whose inputs have not changed since it was last done.
//! Each result is remembered with a key hashed from what it was made from:
//!
//! - a report's alignment, in the build's own alignment cache
//!   ([`AlignCache`]: in the site's `.unspun-cache/`, or in memory with
//!   `--no-cache`), read back when the report must be rendered again without
//!   aligning (a template change);
//! - a report's files, by both texts, the aligner options, the templates'
//!   generation and whether it carries its original's search entry;
//! - a listing page, by the summaries and originals it shows;
//! - the site-wide data files, by every report's key.
//!
//! Content is loaded and validated by the build's own `load`, whole, on every
//! rebuild: a served site reports exactly the errors `unspun build` reports,
//! and a served page is byte for byte the page it writes (tests check both).
//! Files go to memory, never to disk (alignments go to the build's cache).
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

use crate::cache::AlignCache;
use crate::content::Source;
use crate::data_files::{self, ReportData};
use crate::error::{Diagnostic, Diagnostics};
use crate::output::MARKER;
use crate::paths;
use crate::render::{sort_newest_first, Renderer, ReportSummary};
use crate::site::{self, BuildOptions, Listings, RenderedReport, ReportJob};

use super::files::{Body, Packed, SiteFiles};
use super::watch::Changes;

/// How a serve session differs from `site.toml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Replaces `base_url` (serve points it at its own address).
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Keep alignments in memory rather than in the site's alignment cache.
    pub no_cache: bool,
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

/// One report as last made.
struct ReportEntry {
    /// What it was made from: both texts, the aligner options, the
    /// templates' generation, and whether it carries its original's search
    /// entry.
    render_key: u64,
    summary: Arc<ReportSummary>,
    /// Everything listing pages show of this report.
    fingerprint: u64,
    /// Report page, embed page (`[exports] embed`), report.json, its data files.
    files: Vec<(String, Packed)>,
    /// Its share of the site-wide data files (findings.csv, search index...).
    data: Arc<ReportData>,
}

/// A report to make again, with its files' key.
type Stale<'a> = (ReportJob<'a>, u64);

/// A report made again, by slug, and whether it was aligned again.
type Remade = (String, Result<(ReportEntry, bool), Diagnostics>);

/// The served site and everything remembered to rebuild it quickly.
pub struct Site {
    root: PathBuf,
    overrides: Overrides,
    gen: u64,

    /// The templates and theme files, and the configuration they were loaded with.
    renderer: Option<Result<Arc<Renderer>, Diagnostics>>,
    config_key: u64,
    render_gen: u64,

    reports: HashMap<String, ReportEntry>,
    /// Every report's alignment, shared with `build` and `check`.
    cache: AlignCache,
    /// Whether the cache has been pruned of reports not in the site (at the
    /// first good rebuild; then again whenever one leaves the site).
    cache_pruned: bool,
    /// Listing pages: path -> key they were rendered with.
    pages: HashMap<String, u64>,
    /// What every listing page was last checked against.
    listings_key: u64,
    /// Rendered (or removed) since the last good rebuild, to publish with the next.
    pending: BTreeMap<String, Option<Packed>>,
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

/// Everything listing pages show of a report.
fn fingerprint(summary: &ReportSummary) -> u64 {
    key_of((
        serde_json::to_string(summary).unwrap_or_default(),
        summary
            .coverage
            .iter()
            .map(|c| c.to_bits())
            .collect::<Vec<_>>(),
        &summary.source_sentences,
    ))
}

/// What an original's pages show of it.
fn source_key(source: &Source) -> u64 {
    key_of((&source.slug, &source.text))
}

impl Site {
    /// A site not yet built; call [`Site::rebuild`] with [`Changes::everything`].
    pub fn new(root: &Path, overrides: Overrides) -> Site {
        Site {
            root: root.to_path_buf(),
            gen: 0,
            renderer: None,
            config_key: 0,
            render_gen: 0,
            reports: HashMap::new(),
            cache: if overrides.no_cache {
                AlignCache::in_memory()
            } else {
                AlignCache::in_site(root)
            },
            cache_pruned: false,
            pages: HashMap::new(),
            listings_key: 0,
            pending: BTreeMap::new(),
            theme_files: Vec::new(),
            theme_files_gen: 0,
            data_files: Vec::new(),
            data_key: 0,
            current: SiteFiles::new(),
            published: Arc::new(SiteFiles::new()),
            built_once: false,
            overrides,
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

    /// Brings the site up to date with its files. On error the last good
    /// site stays published and the errors `unspun build` would report are
    /// returned.
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
        // The build's stages, in the build's order: the first that fails
        // gives the errors.
        let options = BuildOptions {
            base_url: self.overrides.base_url.clone(),
            drafts: self.overrides.drafts,
            ..BuildOptions::default()
        };
        let loaded = site::load(&self.root, &options)?;
        let config_key = key_of(format!("{:?}", loaded.config));
        let reload = changes.templates
            || config_key != self.config_key
            || !matches!(self.renderer, Some(Ok(_)));
        if reload {
            self.renderer = Some(Renderer::new(&self.root, &loaded.config).map(Arc::new));
            self.config_key = config_key;
            self.render_gen = self.next_gen();
        }
        let renderer = match &self.renderer {
            Some(Ok(renderer)) => Arc::clone(renderer),
            Some(Err(d)) => return Err(d.clone()),
            None => return Err(Diagnostic::new(&self.root, "no templates loaded").into()),
        };
        let statics = site::static_files(&self.root)?;

        let mut outcome = Outcome::default();
        self.remake_reports(&loaded, &renderer, &mut outcome)?;
        // From here on nothing can fail but the listing pages; what is made
        // is queued in `pending` and published with the next good rebuild.
        let mut live: Vec<(&str, &ReportEntry)> = self
            .reports
            .iter()
            .map(|(slug, e)| (slug.as_str(), e))
            .collect();
        live.sort_by(|a, b| {
            b.1.summary
                .date
                .cmp(&a.1.summary.date)
                .then_with(|| a.0.cmp(b.0))
        });
        outcome.reports = live.len();
        let data_key = key_of((
            config_key,
            live.iter()
                .map(|(s, e)| (*s, e.render_key))
                .collect::<Vec<_>>(),
        ));
        let sources: Vec<&Source> = loaded.library.sources.iter().collect();
        let listings_key = key_of((
            self.render_gen,
            live.iter()
                .map(|(s, e)| (*s, e.fingerprint))
                .collect::<Vec<_>>(),
            sources.iter().map(|s| source_key(s)).collect::<Vec<_>>(),
        ));
        let data_stale = data_key != self.data_key;
        let listings_stale = listings_key != self.listings_key;
        if (data_stale || listings_stale) && !self.pending.is_empty() && self.built_once {
            let mut changed = Vec::new();
            apply_pending(&mut self.current, &mut self.pending, &mut changed);
            if !changed.is_empty() {
                self.published = Arc::new(self.current.clone());
                early(Arc::clone(&self.published), listed(changed));
            }
        }

        if listings_stale {
            // The listing pages take the summaries newest first, as the build sorts them.
            let mut summaries: Vec<ReportSummary> = live
                .iter()
                .map(|(_, e)| ReportSummary::clone(&e.summary))
                .collect();
            sort_newest_first(&mut summaries);
            let fingerprints: HashMap<&str, u64> =
                live.iter().map(|(s, e)| (*s, e.fingerprint)).collect();
            let listings = Listings::new(sources.clone(), &summaries, loaded.config.page_size);
            let pages = listings.pages(&renderer);
            let keyed: Vec<(String, u64)> = pages
                .iter()
                .map(|page| {
                    let shows = listings.shows(page);
                    let key = key_of((
                        self.render_gen,
                        shows
                            .reports
                            .iter()
                            .map(|r| (&r.slug, fingerprints.get(r.slug.as_str())))
                            .collect::<Vec<_>>(),
                        shows
                            .sources
                            .iter()
                            .map(|s| source_key(s))
                            .collect::<Vec<_>>(),
                    ));
                    (page.path(), key)
                })
                .collect();
            let rendered: Vec<(usize, Result<Packed, Diagnostic>)> = keyed
                .par_iter()
                .enumerate()
                .filter(|(_, (path, key))| self.pages.get(path) != Some(key))
                .map(|(i, _)| {
                    let text = listings.render(&pages[i], &renderer);
                    (i, text.map(|t| Packed::new(t.as_bytes())))
                })
                .collect();
            let mut errors = Diagnostics::default();
            let mut made = Vec::new();
            for (i, text) in rendered {
                match text {
                    Ok(text) => made.push((i, text)),
                    Err(d) => errors.push(d),
                }
            }
            if !errors.is_empty() {
                return Err(errors.into_result(()).unwrap_err());
            }
            outcome.rendered += made.len();
            for (i, bytes) in made {
                let (path, key) = &keyed[i];
                self.pages.insert(path.clone(), *key);
                self.pending.insert(path.clone(), Some(bytes));
            }
            let wanted: BTreeSet<&str> = keyed.iter().map(|(p, _)| p.as_str()).collect();
            let pending = &mut self.pending;
            self.pages.retain(|path, _| {
                let keep = wanted.contains(path.as_str());
                if !keep {
                    pending.insert(path.clone(), None);
                }
                keep
            });
            self.listings_key = listings_key;
        }
        if data_stale {
            let shares: Vec<&ReportData> = live.iter().map(|(_, e)| &*e.data).collect();
            let mut now = Vec::new();
            let pending = &mut self.pending;
            data_files::write_site_files(&shares, &loaded.config, None, |rel, write| {
                let packed =
                    Packed::write_with(write).map_err(|e| Diagnostic::new(rel, e.to_string()))?;
                pending.insert(rel.to_string(), Some(packed));
                now.push(rel.to_string());
                Ok(())
            })?;
            outcome.rendered += now.len();
            for path in std::mem::replace(&mut self.data_files, now) {
                if !self.data_files.contains(&path) {
                    self.pending.insert(path, None);
                }
            }
            self.data_key = data_key;
        }

        // Publish: the queued files, the theme's files when the theme was
        // reloaded, and the site's own static/ over everything.
        let mut changed = Vec::new();
        apply_pending(&mut self.current, &mut self.pending, &mut changed);
        let mut everything = false;
        if self.current.insert(MARKER, Body::memory(b"")) {
            changed.push(MARKER.to_string());
        }
        if self.theme_files_gen != self.render_gen {
            let mut now = Vec::new();
            for (name, bytes) in renderer.static_files() {
                let path = paths::theme_file(name);
                everything |= self.current.insert(&path, Body::memory(bytes));
                now.push(path);
            }
            for path in std::mem::replace(&mut self.theme_files, now) {
                if !self.theme_files.contains(&path) {
                    everything |= self.current.remove(&path);
                }
            }
            self.theme_files_gen = self.render_gen;
        }
        let layer = statics
            .into_iter()
            .map(|file| (Arc::from(file.rel.as_str()), Body::Disk(file.path)))
            .collect();
        everything |= self.current.set_statics(layer);
        outcome.changed = everything || !changed.is_empty();
        outcome.paths = if everything { None } else { listed(changed) };
        self.published = Arc::new(self.current.clone());
        self.built_once = true;
        Ok(outcome)
    }

    /// Aligns (through the alignment cache) and renders again, in
    /// parallel, the reports whose inputs changed, and forgets those no
    /// longer in the site; queues their files.
    fn remake_reports(
        &mut self,
        loaded: &site::Loaded,
        renderer: &Arc<Renderer>,
        outcome: &mut Outcome,
    ) -> Result<(), Diagnostics> {
        let align_options = format!("{:?}", loaded.config.align);
        let render_gen = self.render_gen;
        let jobs = site::report_jobs(&loaded.library);
        let live: BTreeSet<&str> = jobs
            .iter()
            .flat_map(|(_, jobs)| jobs.iter().map(|j| j.rewrite.slug.as_str()))
            .collect();
        // Per original, its copies to make again with their keys.
        let stale: Vec<(&Source, Vec<Stale>)> = jobs
            .iter()
            .filter_map(|(source, jobs)| {
                let todo: Vec<Stale> = jobs
                    .iter()
                    .filter_map(|job| {
                        let r = job.rewrite;
                        let render_key = key_of((
                            (&source.slug, &source.text, &r.slug, &r.text, &align_options),
                            render_gen,
                            job.first,
                        ));
                        let fresh = self
                            .reports
                            .get(&r.slug)
                            .is_some_and(|e| e.render_key == render_key);
                        (!fresh).then_some((*job, render_key))
                    })
                    .collect();
                (!todo.is_empty()).then_some((*source, todo))
            })
            .collect();
        let config = &loaded.config;
        let cache = &self.cache;
        let remade: Vec<Remade> = stale
            .par_iter()
            .flat_map(|(source, todo)| {
                let jobs: Vec<ReportJob> = todo.iter().map(|(job, _)| *job).collect();
                let keys: HashMap<&str, u64> = todo
                    .iter()
                    .map(|(job, key)| (job.rewrite.slug.as_str(), *key))
                    .collect();
                site::align_copies(source, &jobs, config, cache, |job, aligned| {
                    let made = aligned.and_then(|aligned| {
                        let rendered = site::render_report(renderer, &aligned.report, job)?;
                        let key = keys[job.rewrite.slug.as_str()];
                        Ok((entry(rendered, key), aligned.aligned_now))
                    });
                    (job.rewrite.slug.clone(), made)
                })
            })
            .collect();
        let mut errors = Diagnostics::default();
        let mut fresh = Vec::new();
        for (slug, made) in remade {
            match made {
                Ok((entry, realigned)) => {
                    outcome.aligned += usize::from(realigned);
                    outcome.rendered += entry.files.len();
                    fresh.push((slug, entry));
                }
                Err(d) => errors.extend(d),
            }
        }
        if !errors.is_empty() {
            return Err(errors.into_result(()).unwrap_err());
        }
        let pending = &mut self.pending;
        let before = self.reports.len();
        self.reports.retain(|slug, entry| {
            let keep = live.contains(slug.as_str());
            if !keep {
                for (path, _) in &entry.files {
                    pending.insert(path.clone(), None);
                }
            }
            keep
        });
        // The cache forgets a report when the site does (checked once at first).
        if self.reports.len() < before || !self.cache_pruned {
            self.cache.retain(&live);
            self.cache_pruned = true;
        }
        for (slug, entry) in fresh {
            if let Some(old) = self.reports.get(&slug) {
                for (path, _) in &old.files {
                    self.pending.insert(path.clone(), None);
                }
            }
            for (path, bytes) in &entry.files {
                self.pending.insert(path.clone(), Some(bytes.clone()));
            }
            self.reports.insert(slug, entry);
        }
        Ok(())
    }
}

/// A report's cache entry from what the build's stage made of it.
fn entry(rendered: RenderedReport, render_key: u64) -> ReportEntry {
    let RenderedReport {
        files,
        summary,
        data,
        ..
    } = rendered;
    let files: Vec<(String, Packed)> = files
        .into_iter()
        .map(|(path, bytes)| (path, Packed::new(&bytes)))
        .collect();
    ReportEntry {
        render_key,
        fingerprint: fingerprint(&summary),
        summary: Arc::new(summary),
        files,
        data: Arc::new(data),
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
    pending: &mut BTreeMap<String, Option<Packed>>,
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
