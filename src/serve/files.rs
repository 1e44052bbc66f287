//! The served site: every output file, held in memory.
//!
//! `serve` never writes the user's output directory. Each good rebuild
//! publishes a new [`SiteFiles`] (sharing every unchanged body and path with
//! the last one), and the HTTP side swaps it in whole, so a request sees
//! either the old site or the new one, never half of each. Because a request
//! can only name a key of these maps, no path outside the built site can
//! ever be served.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;

/// The body of one served file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Rendered by unspun (pages, feeds, report.json, theme files).
    Memory(Packed),
    /// A file of the site's own `static/` directory, read when asked for.
    /// Only regular files found without following links are listed.
    Disk(PathBuf),
}

impl Body {
    pub fn memory(bytes: impl Into<Vec<u8>>) -> Body {
        Body::Memory(Packed::new(&bytes.into()))
    }
}

/// A file's bytes kept gzipped. `serve` holds every page of the site in
/// memory, and pages shrink to about a tenth; unpacking one takes well
/// under a millisecond when it is asked for.
#[derive(Clone, PartialEq, Eq)]
pub struct Packed(Arc<[u8]>);

impl Packed {
    /// Packs `bytes`, fast rather than small. The same bytes always pack
    /// the same (the gzip header carries no time), so packed files compare
    /// as their contents do.
    pub fn new(bytes: &[u8]) -> Packed {
        let mut encoder = GzEncoder::new(
            Vec::with_capacity(bytes.len() / 4 + 64),
            Compression::fast(),
        );
        // Writing to memory cannot fail.
        let _ = encoder.write_all(bytes);
        Packed(Arc::from(encoder.finish().unwrap_or_default()))
    }

    /// Packs what `write` writes, as it is written (a site-wide data file
    /// is never held whole unpacked).
    pub fn write_with(
        write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> std::io::Result<Packed> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        write(&mut encoder)?;
        Ok(Packed(Arc::from(encoder.finish()?)))
    }

    /// The bytes as they were packed.
    pub fn unpack(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.0.len() * 8);
        // Packed by `new`: cannot be corrupt.
        let _ = GzDecoder::new(&self.0[..]).read_to_end(&mut out);
        out
    }

    /// The gzip stream itself, to send as it is to a client that takes gzip.
    pub fn gzipped(&self) -> Arc<[u8]> {
        Arc::clone(&self.0)
    }

    /// Bytes held.
    pub fn packed_len(&self) -> usize {
        self.0.len()
    }
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Packed({} bytes)", self.0.len())
    }
}

/// Output path (relative, `/`-separated, e.g. `reports/x/index.html`) -> body.
///
/// Two layers, as the build writes them: generated files, and the site's own
/// `static/` files copied over them (a static file wins over a page).
#[derive(Debug, Clone, Default)]
pub struct SiteFiles {
    generated: HashMap<Arc<str>, Body>,
    statics: HashMap<Arc<str>, Body>,
}

impl SiteFiles {
    pub fn new() -> SiteFiles {
        SiteFiles::default()
    }

    /// Adds or replaces a generated file; says whether what is served changed.
    pub fn insert(&mut self, path: &str, body: Body) -> bool {
        match self.generated.get_mut(path) {
            Some(old) if *old == body => false,
            Some(old) => {
                *old = body;
                !self.statics.contains_key(path)
            }
            None => {
                self.generated.insert(Arc::from(path), body);
                !self.statics.contains_key(path)
            }
        }
    }

    /// Removes a generated file; says whether what is served changed.
    pub fn remove(&mut self, path: &str) -> bool {
        self.generated.remove(path).is_some() && !self.statics.contains_key(path)
    }

    /// Replaces the layer of the site's static files; says whether it changed.
    pub fn set_statics(&mut self, statics: HashMap<Arc<str>, Body>) -> bool {
        let changed = statics != self.statics;
        self.statics = statics;
        changed
    }

    pub fn get(&self, path: &str) -> Option<&Body> {
        self.statics.get(path).or_else(|| self.generated.get(path))
    }

    pub fn contains(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// Every served file (static files over generated ones), in no order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Body)> {
        let statics = self.statics.iter().map(|(k, v)| (k.as_ref(), v));
        let generated = self
            .generated
            .iter()
            .filter(|(k, _)| !self.statics.contains_key(k.as_ref()))
            .map(|(k, v)| (k.as_ref(), v));
        statics.chain(generated)
    }

    pub fn len(&self) -> usize {
        self.iter().count()
    }

    pub fn is_empty(&self) -> bool {
        self.generated.is_empty() && self.statics.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_bytes_unpack_as_they_were() {
        let page = "<p>The harbour council approved the plan.</p>\n".repeat(200);
        let packed = Packed::new(page.as_bytes());
        assert_eq!(packed.unpack(), page.as_bytes());
        assert!(packed.packed_len() < page.len() / 10);
        assert_eq!(packed, Packed::new(page.as_bytes()));
        assert_ne!(packed, Packed::new(b"other"));
        assert_eq!(Packed::new(b"").unpack(), b"");
        let written = Packed::write_with(&mut |out| out.write_all(page.as_bytes())).unwrap();
        assert_eq!(written, packed);
    }

    #[test]
    fn static_files_win_over_pages() {
        let mut files = SiteFiles::new();
        assert!(files.insert("index.html", Body::memory(b"page".to_vec())));
        assert!(
            !files.insert("index.html", Body::memory(b"page".to_vec())),
            "same bytes: no change"
        );
        let statics = HashMap::from([(
            Arc::from("index.html"),
            Body::Disk(PathBuf::from("/s/index.html")),
        )]);
        assert!(files.set_statics(statics.clone()));
        assert!(!files.set_statics(statics));
        assert_eq!(
            files.get("index.html"),
            Some(&Body::Disk(PathBuf::from("/s/index.html")))
        );
        assert!(
            !files.insert("index.html", Body::memory(b"other".to_vec())),
            "hidden by the static file"
        );
        assert_eq!(files.len(), 1);
    }
}
