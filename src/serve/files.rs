//! The served site: every output file, held in memory.
//!
//! `serve` never writes the user's output directory. Each rebuild produces a
//! new [`SiteFiles`] (sharing unchanged bodies with the last one), and the
//! HTTP side swaps it in whole, so a request sees either the old site or the
//! new one, never half of each. Because a request can only name a key of this
//! map, no path outside the built site can ever be served.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The body of one served file.
#[derive(Debug, Clone)]
pub enum Body {
    /// Rendered by unspun (pages, feeds, report.json, theme files).
    Memory(Arc<[u8]>),
    /// A file of the site's own `static/` directory, read when asked for.
    /// Only regular files found without following links are listed.
    Disk(PathBuf),
}

impl Body {
    pub fn memory(bytes: impl Into<Vec<u8>>) -> Body {
        Body::Memory(Arc::from(bytes.into()))
    }
}

/// Output path (relative, `/`-separated, e.g. `reports/x/index.html`) -> body.
#[derive(Debug, Clone, Default)]
pub struct SiteFiles {
    files: HashMap<String, Body>,
}

impl SiteFiles {
    pub fn new() -> SiteFiles {
        SiteFiles::default()
    }

    pub fn insert(&mut self, path: impl Into<String>, body: Body) {
        self.files.insert(path.into(), body);
    }

    pub fn remove(&mut self, path: &str) -> Option<Body> {
        self.files.remove(path)
    }

    pub fn get(&self, path: &str) -> Option<&Body> {
        self.files.get(path)
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Body)> {
        self.files.iter().map(|(k, v)| (k.as_str(), v))
    }
}
