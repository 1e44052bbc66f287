//! Watching the site for saves and sorting them into kinds of rebuild.
//!
//! notify reports file events; notify-debouncer-full gathers an editor's
//! burst of writes (temp file, rename, chmod) into one batch, and each batch
//! becomes one [`Changes`]: which content files to reload, and whether
//! templates, static files or `site.toml` changed.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::config::CONFIG_FILE;
use crate::content::{REWRITES_DIR, SOURCES_DIR};
use crate::error::Diagnostic;

/// How long the site must be quiet after a write before rebuilding: long
/// enough to gather an editor's save into one event, short enough not to be
/// noticed.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// The directories watched (recursively) under the site root, when present.
pub const WATCHED_DIRS: &[&str] = &["content", "templates", "themes", "static"];

/// What one batch of file events asks to be redone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// `site.toml`: everything.
    pub config: bool,
    /// A template or theme file: re-render everything (alignments are kept).
    pub templates: bool,
    /// Something under the site's `static/`: re-list the static files.
    pub statics: bool,
    /// Something under `content/` that is not one article (a directory
    /// renamed or removed): rescan all content.
    pub content_rescan: bool,
    /// Sources changed, created or removed (paths relative to the root).
    pub sources: BTreeSet<PathBuf>,
    /// Rewrites changed, created or removed (paths relative to the root).
    pub rewrites: BTreeSet<PathBuf>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }

    /// Everything: the first build, or after `site.toml` changes.
    pub fn everything() -> Changes {
        Changes {
            config: true,
            ..Changes::default()
        }
    }

    pub fn merge(&mut self, other: Changes) {
        self.config |= other.config;
        self.templates |= other.templates;
        self.statics |= other.statics;
        self.content_rescan |= other.content_rescan;
        self.sources.extend(other.sources);
        self.rewrites.extend(other.rewrites);
    }

    /// Sorts one changed path (absolute, under `root`) into its kind.
    pub fn add_path(&mut self, root: &Path, path: &Path) {
        let Ok(rel) = path.strip_prefix(root) else {
            return;
        };
        let parts: Vec<&str> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => s.to_str(),
                _ => None,
            })
            .collect();
        // Editors' swap, backup and lock files are not content.
        let name = parts.last().copied().unwrap_or("");
        if name.is_empty() || is_scratch_file(name) {
            return;
        }
        match parts.as_slice() {
            [CONFIG_FILE] => self.config = true,
            ["templates", ..] | ["themes", ..] => self.templates = true,
            ["static", ..] => self.statics = true,
            ["content", ..] => {
                // Hidden files and directories are not content (as in `load`).
                if parts.iter().any(|p| p.starts_with('.')) {
                    return;
                }
                let is_md = name.ends_with(".md");
                let in_dir = |dir: &str| {
                    let dir: Vec<&str> = dir.split('/').collect();
                    parts.len() > dir.len() && parts[..dir.len()] == dir[..]
                };
                if is_md && in_dir(SOURCES_DIR) {
                    self.sources.insert(rel.to_path_buf());
                } else if is_md && in_dir(REWRITES_DIR) {
                    self.rewrites.insert(rel.to_path_buf());
                } else if !name.contains('.') {
                    // Probably a directory: moved or deleted with what it held.
                    self.content_rescan = true;
                }
            }
            _ => {}
        }
    }
}

/// Files editors write beside the real one while saving.
fn is_scratch_file(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with(".#")
        || name == "4913"
}

/// The running watcher; dropping it stops watching.
pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    /// Which of [`WATCHED_DIRS`] are watched now.
    watched: BTreeSet<&'static str>,
}

impl Watcher {
    /// Starts watching directories created since the last call (a site's
    /// first `templates/`, say) and forgets removed ones. Call it before each
    /// rebuild: files written into a new directory before it was watched are
    /// picked up by that rebuild, which rereads what the directory holds.
    pub fn refresh(&mut self) -> Result<(), Diagnostic> {
        for dir in WATCHED_DIRS {
            let path = self.root.join(dir);
            let exists = path.is_dir();
            if exists && !self.watched.contains(dir) {
                self.debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(|e| Diagnostic::new(&path, format!("cannot watch: {e}")))?;
                self.watched.insert(dir);
            } else if !exists && self.watched.remove(dir) {
                let _ = self.debouncer.unwatch(&path);
            }
        }
        Ok(())
    }
}

/// Starts watching `root` (canonical) and sends one [`Changes`] per debounced
/// batch of events to `tx`.
pub fn start(root: &Path, tx: Sender<Changes>) -> Result<Watcher, Diagnostic> {
    let handler_root = root.to_path_buf();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        let mut changes = Changes::default();
        for event in events {
            if matches!(event.kind, EventKind::Access(_)) {
                continue;
            }
            for path in &event.paths {
                changes.add_path(&handler_root, path);
            }
        }
        if !changes.is_empty() {
            let _ = tx.send(changes);
        }
    })
    .map_err(|e| Diagnostic::new(root, format!("cannot watch the site for changes: {e}")))?;
    // The root itself, not recursively: site.toml, and directories created later.
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| Diagnostic::new(root, format!("cannot watch: {e}")))?;
    let mut watcher = Watcher {
        debouncer,
        root: root.to_path_buf(),
        watched: BTreeSet::new(),
    };
    watcher.refresh()?;
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(paths: &[&str]) -> Changes {
        let root = Path::new("/site");
        let mut c = Changes::default();
        for p in paths {
            c.add_path(root, &root.join(p));
        }
        c
    }

    #[test]
    fn paths_sort_into_kinds() {
        let c = changes(&[
            "content/rewrites/a.md",
            "content/sources/s.md",
            "static/x.png",
        ]);
        assert_eq!(c.rewrites.len(), 1);
        assert_eq!(c.sources.len(), 1);
        assert!(c.statics && !c.templates && !c.config);
        assert!(changes(&["site.toml"]).config);
        assert!(changes(&["themes/default/templates/report.html"]).templates);
        assert!(changes(&["templates/base.html"]).templates);
        assert!(changes(&["content/rewrites"]).content_rescan);
    }

    #[test]
    fn editor_scratch_and_outside_files_are_ignored() {
        assert!(changes(&[
            "content/rewrites/.a.md.swp",
            "content/rewrites/a.md~",
            "content/rewrites/.hidden.md",
            "public/index.html",
            "README.md",
        ])
        .is_empty());
        assert!(changes(&["/elsewhere/site.toml"]).is_empty());
    }
}
